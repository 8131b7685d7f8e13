"""Build the bundled demo corpus from the staged official readouts (shared/demo-candidates).

Keeps the readouts that report a diplomatic contact (the candidate's own title rule): White
House readouts (U.S. government works, public domain) and kremlin.ru releases in English and
Russian (CC BY 4.0; each record keeps its attribution line and URL). Output is sorted and
byte-identical on re-runs.

    python scripts/build_demo.py \
        ../shared/demo-candidates/official-readouts-ru-us/demo_articles.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "demo" / "official-readouts.jsonl"
FIELDS = ("title", "text", "published", "url", "language", "source", "licence", "attribution")


def main(candidates: Path) -> None:
    rows = [json.loads(line) for line in candidates.read_text(encoding="utf-8").splitlines()]
    kept = sorted((r for r in rows if r.get("diplomatic_contact")),
                  key=lambda r: (r["published"], r["url"]))
    OUTPUT.write_text("".join(json.dumps({k: r[k] for k in FIELDS}, ensure_ascii=False) + "\n"
                              for r in kept), encoding="utf-8")
    print(f"{len(kept)} of {len(rows)} readouts written to {OUTPUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
