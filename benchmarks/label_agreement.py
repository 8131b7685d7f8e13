"""How far the meeting labels can be trusted: a second, independent labelling against the first.

    python benchmarks/label_agreement.py

For the articles labelled twice (tests/data/meetings/second-*.jsonl), the first labelling is
read as the reference and the second as a prediction, scored exactly as the extractor is
(newslens.meeting_evaluation): the F1 between two careful readers is the ceiling any
extractor's figures should be read against.
"""

from __future__ import annotations

from pathlib import Path

from newslens.labels import read_jsonl
from newslens.meeting_evaluation import MeetingScore, labelled, language_of

LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "meetings"


def agreement() -> MeetingScore:
    total = MeetingScore()
    for part in ("dev", "test"):
        first = {x["id"]: x for x in read_jsonl(LABELS / f"{part}.jsonl")}
        for second in read_jsonl(LABELS / f"second-{part}.jsonl"):
            reference = first[second["id"]]
            for group in (second["corpus"], f"all {language_of(second['corpus'])}"):
                total.add(group, [labelled(m) for m in reference["meetings"]],
                          [labelled(m) for m in second["meetings"]])
    return total


def f1(score: MeetingScore, group: str) -> float:
    p, r = score.precision(group), score.recall(group)
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    score = agreement()
    print(score.table())
    print("\nF1 between labellers (meetings that happened): " + ", ".join(
        f"{g} {f1(score, g):.2f}" for g in score.groups()))


if __name__ == "__main__":
    main()
