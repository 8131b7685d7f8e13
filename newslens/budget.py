"""What one dashboard ingest may take: a size and a file count, zip members counted one by one.

The dashboard ingests on the server for whoever uploads; a budget keeps one upload from holding
it for long. It is measured from the archives' directories, before anything is read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from newslens import settings
from newslens.preview import Upload

_MB = 1_000_000


@dataclass(frozen=True)
class Budget:
    """The most one ingest of uploads takes."""

    max_mb: int
    max_files: int

    @classmethod
    def from_settings(cls) -> Budget:
        return cls(int(settings.get("upload_max_mb")), int(settings.get("upload_max_files")))


def measure(upload: Upload) -> tuple[int, int]:
    """(bytes, files) of one upload: a zip's members as they are once uncompressed."""
    if not upload.name.lower().endswith(".zip"):
        return len(upload.data), 1
    try:
        with zipfile.ZipFile(io.BytesIO(upload.data)) as archive:
            members = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, ValueError):
        return len(upload.data), 1  # ingest reports it as unreadable
    return sum(i.file_size for i in members), len(members)


def over_budget(uploads: Sequence[Upload], budget: Budget) -> str | None:
    """Why the uploads are more than one ingest takes, with the next step; None if they fit."""
    sizes = [measure(u) for u in uploads]
    size, files = sum(s for s, _ in sizes), sum(f for _, f in sizes)
    if size <= budget.max_mb * _MB and files <= budget.max_files:
        return None
    return (f"These uploads hold {files:,} files and {size / _MB:,.1f} MB; one ingest here "
            f"takes at most {budget.max_mb:,} MB and {budget.max_files:,} files. Upload them in "
            "parts, or ingest them on the server with `newslens ingest PATH`.")
