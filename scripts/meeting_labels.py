"""Turn labellers' quote-based meeting labels into reference-only labels for tests/data/.

Labellers read cleaned article text and quote their evidence verbatim; this finds each quote's
offsets in the text ingest produces, and writes labels holding only references (corpus, file,
key, text SHA-1) and offsets with each evidence span's SHA-1, one file per split part.

    python scripts/meeting_labels.py ../shared/corpora /tmp/label/manifest.jsonl \
        /tmp/label/out/*.jsonl --output tests/data/meetings
    python scripts/meeting_labels.py ... --check      # report problems, write nothing
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from newslens.labels import ArticleRef, read_jsonl, resolve, text_sha1

KINDS = {"meeting", "call", "visit", "summit"}
PRECISIONS = {"day": 10, "month": 7, "year": 4, None: None}


def _span(text: str, quote: str) -> tuple[int, int] | None:
    """The quote's offsets, matched exactly, else with any run of whitespace as one space."""
    quote = quote.strip()
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    pattern = r"\s+".join(re.escape(w) for w in quote.split())
    found = re.search(pattern, text)
    return (found.start(), found.end()) if found else None


def _problems(meeting: dict) -> list[str]:
    wrong = []
    if meeting.get("kind") not in KINDS:
        wrong.append(f"kind {meeting.get('kind')!r}")
    if len(set(meeting.get("participants") or [])) < 2:
        wrong.append("fewer than two participants")
    precision, day = meeting.get("date_precision"), meeting.get("date")
    if precision not in PRECISIONS or (day is None) != (precision is None) or \
            (day is not None and len(day) != PRECISIONS[precision]):
        wrong.append(f"date {day!r} at precision {precision!r}")
    if not isinstance(meeting.get("planned"), bool):
        wrong.append("planned is not true/false")
    if not meeting.get("evidence"):
        wrong.append("no evidence")
    return wrong


def convert(corpora: Path, manifest: Path, outputs: list[Path]) -> tuple[dict, list[str]]:
    refs = {m["id"]: m for m in read_jsonl(manifest)}
    parts: dict[str, list[dict]] = {}
    errors: list[str] = []
    for output in outputs:
        for label in read_jsonl(output):
            item = refs.get(label.get("id"))
            if item is None:
                errors.append(f"{output.name}: unknown article id {label.get('id')!r}")
                continue
            ref = ArticleRef(item["corpus"], item["file"], item["key"])
            text = resolve(corpora, ref, item["sha1"]).text
            meetings = []
            for number, meeting in enumerate(label.get("meetings", []), 1):
                where = f"{output.name} {item['id']} meeting {number}"
                wrong = _problems(meeting)
                spans = [_span(text, quote) for quote in meeting.get("evidence", [])]
                wrong += [f"quote not in text: {q[:60]!r}"
                          for q, s in zip(meeting.get("evidence", []), spans, strict=True)
                          if s is None]
                if wrong:
                    errors.append(f"{where}: {'; '.join(wrong)}")
                    continue
                evidence = [{"start": s, "end": e, "sha1": text_sha1(text[s:e])}
                            for s, e in sorted(set(spans))]
                meetings.append({k: meeting.get(k) for k in
                                 ("participants", "kind", "date", "date_precision", "place",
                                  "planned")} | {"evidence": evidence})
            parts.setdefault(item["part"], []).append(
                {"id": item["id"], **ref.as_dict(), "sha1": item["sha1"],
                 "language": item["language"], "labeller": label.get("labeller", output.stem),
                 "meetings": meetings})
    return parts, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path)
    parser.add_argument("manifest", type=Path)
    parser.add_argument("labels", type=Path, nargs="+")
    parser.add_argument("--output", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    parts, errors = convert(args.corpora, args.manifest, args.labels)
    for error in errors:
        print(error)
    counted = {p: (len(a), sum(len(x["meetings"]) for x in a)) for p, a in parts.items()}
    print(f"{len(errors)} problems; articles, meetings by part: {counted}")
    if args.check or not args.output:
        return
    args.output.mkdir(parents=True, exist_ok=True)
    for part, articles in parts.items():
        with (args.output / f"{part}.jsonl").open("w", encoding="utf-8") as handle:
            for article in sorted(articles, key=lambda a: a["id"]):
                handle.write(json.dumps(article, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
