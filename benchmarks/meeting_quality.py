"""Meeting quality on whole labelled articles (tests/data/meetings/), by corpus and language.

    python benchmarks/meeting_quality.py              # dev and test tables
    python benchmarks/meeting_quality.py --errors     # the development part's errors only

The test part is scored, never listed: errors are printed for the development part alone.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from newslens.meeting_evaluation import score_labels

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "meetings"
CORPORA = ROOT.parent / "shared" / "corpora"


def show_errors(label, text, gold, guesses, wrong, meetings, shown: list[int]) -> None:
    if not wrong and len(gold) == len(guesses):
        return
    shown[0] += 1
    print(f"\n=== {label['id']}")
    for meeting, item in zip(label["meetings"], gold, strict=True):
        print("  GOLD", "planned" if item.planned else "", meeting["participants"],
              meeting["date"], meeting["kind"])
    for guess, meeting in zip(guesses, meetings, strict=True):
        mark = "  WRONG" if any(guess is w for w in wrong) else "  ok   "  # not ==: twins
        start, end = meeting.evidence[0]
        print(mark, "planned" if guess.planned else "",
              [sorted(p)[0] for p in guess.participants], guess.date, "|",
              " ".join(text[start:end].split())[:160])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the dev part's errors")
    args = parser.parse_args()
    if not CORPORA.is_dir():
        sys.exit(f"the corpora are not at {CORPORA}")
    if args.errors:
        score_labels(LABELS / "dev.jsonl", CORPORA, partial(show_errors, shown=[0]))
        return
    for part in ("dev", "test"):
        print(f"\n{part}\n" + score_labels(LABELS / f"{part}.jsonl", CORPORA).table())


if __name__ == "__main__":
    main()
