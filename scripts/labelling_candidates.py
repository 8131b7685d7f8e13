"""Pick articles to label for meetings, and write their cleaned text where labellers read it.

Articles are drawn by actor density and a broad contact vocabulary, not by what the extractor
finds, so recall is measured on articles the rules did not choose. From each corpus, among the
articles naming at least two people, 70 % come from those using any word of a wide contact
vocabulary (far wider than the extractor's triggers: "talk", "visit", "call", "summit", "temu",
"kunjung", "telepon" ...) and 30 % from the rest (negatives full of actors); each pool is
shuffled with a fixed seed. A second round adds articles, next in the same order, from those
using a word of a narrower contact vocabulary ("met", "talks", "visit", "bertemu",
"kunjungan" ...), as the first round held fewer meetings than the corpus needs. Text goes only to
the output folder (outside the repository); the manifest holds references and hashes.

Who counts as a person comes from the dictionary of the day, so a later run draws somewhat
differently. A third round (December 2026, ids with ``-r3-``) raised the strong-contact counts
of the development corpora to the figures below and labelled the first 80 kremlin.ru, 80
detik-2026 and 40 detik-1000 articles of that run that had no label yet, and the 14 new
TimeBank/AQUAINT ones.

    python scripts/labelling_candidates.py ../shared/corpora /tmp/label

Corpus folders are looked up in the corpora folder, then in its sibling demo-candidates/.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from newslens.extract.entities import extract_entities
from newslens.knowledge.dictionary import load
from newslens.labels import ArticleRef, articles_in, corpus_folder, resolve, text_sha1

# corpus -> (part, files to read, articles wanted, then more from the strong-contact pool);
# the part is fixed by corpus (docs/meetings-labelling.md): tuned-on corpora are development,
# unseen ones are test
PLAN: dict[str, tuple[str, str, int, int]] = {
    "en-timebank-aquaint-timeml": ("dev", "**/*.tml", 100, 30),
    "id-detik-2026-splits": ("dev", "*.csv", 70, 170),
    "id-detik-entity-1000": ("dev", "*.csv", 60, 120),
    "en-whitehouse-readouts": ("test", "**/*.md", 85, 30),
    "id-kompas-2025-digest": ("test", "archive/**/*.md", 95, 100),
    "official-readouts-ru-us": ("dev", "*.jsonl", 60, 100),
}
# the staged demo candidate holds White House readouts too (the test corpus): its kremlin.ru
# English releases only
ONLY = {"official-readouts-ru-us": "://en.kremlin.ru/"}
SEED = 20261202
CONTACT_SHARE = 0.7
_CONTACT = re.compile(
    r"\b(?:meet|met\b|talks|visit|call|spoke|phone|summit|host|welcom|receiv|dinner|lunch"
    r"|sideline|hold|held|tour|trip|audien|temu|kunjung|bicara|telepon|ktt|jamu|sambut"
    r"|terima|bilateral|lawat|rapat|dialog|konferensi)", re.IGNORECASE)
_STRONG_CONTACT = re.compile(
    r"\b(?:met|meet|meeting|talks|visit\w*|phone call|summit|bertemu|pertemuan|kunjungan"
    r"|berkunjung|telepon|ktt|bilateral)\b", re.IGNORECASE)


def _people(article, dictionary) -> int:
    found = extract_entities(article.text, article.language, article.published, dictionary)
    return len({m.entity_id for m in found.mentions if m.entity_id.startswith("person:")})


def main(corpora: Path, out: Path) -> None:
    dictionary = load()
    manifest = []
    for corpus, (part, pattern, wanted, more) in PLAN.items():
        contact, other = [], []
        folder = corpus_folder(corpora, corpus)
        for path in sorted(folder.glob(pattern)):
            if path.name.startswith(("README", "UPSTREAM")):
                continue
            for key, article in articles_in(path).items():
                if corpus in ONLY and ONLY[corpus] not in key:
                    continue
                if len(article.text) < 200 or len(article.text) > 12000:
                    continue
                if _people(article, dictionary) >= 2:
                    file = str(path.relative_to(folder))
                    ref = ArticleRef(corpus, file, file if key == str(path) else key)
                    chosen = contact if _CONTACT.search(article.text) else other
                    chosen.append((ref, article))
        random.Random(SEED).shuffle(contact)
        random.Random(SEED).shuffle(other)
        many = round(wanted * CONTACT_SHARE)
        pool = contact[:many] + other[:wanted - many]
        pool += contact[many:many + wanted - len(pool)]
        taken = {ref for ref, _ in pool}
        pool += [(ref, article) for ref, article in contact + other if ref not in taken
                 and _STRONG_CONTACT.search(article.text)][:more]
        for ref, article in pool:
            article = resolve(corpora, ref)
            name = f"{part}-{corpus}-{len([m for m in manifest if m['corpus'] == corpus]):03d}"
            (out / "texts").mkdir(parents=True, exist_ok=True)
            header = (f"ARTICLE {name}\npublished: {article.published}\n"
                      f"title: {article.title}\nsource: {article.source}\nfile: {ref.file}\n"
                      "=== TEXT ===\n")
            (out / "texts" / f"{name}.txt").write_text(header + article.text, encoding="utf-8")
            manifest.append({"id": name, "part": part, **ref.as_dict(),
                             "sha1": text_sha1(article.text), "language": article.language})
        print(corpus, len(contact), "+", len(other), "candidates,", len(pool), "taken",
              file=sys.stderr)
    (out / "manifest.jsonl").write_text(
        "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in manifest), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
