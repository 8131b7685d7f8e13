"""The text as extraction reads it: same length, wraps and no-break spaces as spaces."""

from __future__ import annotations

from newslens.extract.reading import as_read, hard_wrapped

WRAPPED = ("President Joseph R. Biden, Jr. spoke today with Chancellor Olaf Scholz\n"
           "of Germany. The leaders underscored their commitment to continue\n"
           "holding Russia accountable for its brutal actions in Ukraine, and\n"
           "reviewed their ongoing efforts to provide security assistance.\n\n"
           "The President welcomed Germany's provision of security assistance and\n"
           "recent pledge of additional humanitarian aid to the people of Ukraine.")


def test_a_hard_wrapped_body_reads_as_paragraphs_of_the_same_length():
    read = as_read(WRAPPED)
    assert len(read) == len(WRAPPED)
    assert "Olaf Scholz of Germany" in read and read.count("\n") == 2


def test_paragraphs_and_short_lines_keep_their_breaks():
    lines = "Jakarta\n\nPresiden bertemu Menlu.\nDaftar hadir:\nA\nB\nC"
    assert not hard_wrapped(lines) and as_read(lines) == lines
    kremlin = "Vladimir Putin had a telephone conversation with Recep Tayyip Erdogan. " * 3
    assert as_read(kremlin + "\n" + kremlin) == kremlin + "\n" + kremlin


def test_no_break_spaces_read_as_spaces():
    assert as_read("Joe\u00a0Biden met Olaf\u202fScholz.") == "Joe Biden met Olaf Scholz."
