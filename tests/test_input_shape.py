"""Input shape: an archive's directory is read once however many members it has, and the
dashboard's upload budget refuses what is over it before anything is read."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from newslens.budget import Budget, over_budget
from newslens.preview import Upload
from newslens.readers import read_source
from newslens.records import RawRecord
from newslens.sources import Source, iter_sources


def _zip(members: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(members):
            archive.writestr(f"a/{number}.txt", f"Report {number}\n\nThe talks went on.")
    return buffer.getvalue()


@pytest.mark.parametrize("members", [1, 100, 3000])
def test_an_archive_directory_is_read_once_for_all_its_members(tmp_path, monkeypatch, members):
    path = tmp_path / "many.zip"
    path.write_bytes(_zip(members))
    reads = []
    parse = zipfile.ZipFile._RealGetContents
    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents",
                        lambda archive: reads.append(1) or parse(archive))
    records = [r for s in iter_sources([path]) if isinstance(s, Source)
               for r in read_source(s, {}) if isinstance(r, RawRecord)]
    assert len(records) == members
    assert len(reads) == 1


def test_a_member_read_after_its_archive_was_let_go_is_still_read(tmp_path: Path):
    path = tmp_path / "two.zip"
    path.write_bytes(_zip(2))
    sources = [s for s in iter_sources([path]) if isinstance(s, Source)]  # archive now closed
    assert [s.read_bytes()[:8] for s in sources] == [b"Report 0", b"Report 1"]


@pytest.mark.parametrize(("uploads", "over"), [
    ([Upload("a.csv", b"x" * 1000)], False),
    ([Upload("a.csv", b"x" * 2_000_001)], True),
    ([Upload("a.zip", _zip(10))], False),
    ([Upload("a.zip", _zip(11))], True),
    ([Upload(f"{n}.txt", b"x") for n in range(11)], True),
    ([Upload("broken.zip", b"PK not really")], False),
])
def test_uploads_over_the_budget_are_refused_with_the_next_step(uploads, over):
    problem = over_budget(uploads, Budget(max_mb=2, max_files=10))
    assert (problem is not None) is over
    if over:
        assert "at most 2 MB and 10 files" in problem and "newslens ingest" in problem


def test_a_zip_is_measured_uncompressed():
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", "a" * 3_000_000)
    assert over_budget([Upload("big.zip", packed.getvalue())], Budget(2, 10)) is not None
