"""A benchmark's Markdown report: what ran, on which machine, and its table."""

from __future__ import annotations

from pathlib import Path

from run import machine


def write_report(path: Path, title: str, doc: str | None, table: str) -> None:
    rows = "\n".join(f"| {key} | {value} |" for key, value in machine())
    path.write_text(f"# {title}\n\n{(doc or '').strip()}\n\n## Machine\n\n| | |\n|---|---|\n"
                    f"{rows}\n\n## Figures\n\n{table}\n", encoding="utf-8")
