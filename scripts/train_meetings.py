"""Train the meeting model (newslens/extract/contact_model.json) on the development labels.

    python scripts/train_meetings.py ../shared/corpora        # `make model`

Every candidate pair of the development articles (tests/data/meetings/dev.jsonl) is labelled
from the article-level labels: it met when a labelled meeting names both actors and one of
that meeting's evidence sentences is the pair's sentence; it was planned when that meeting
was. The regularisation and the threshold are chosen by five-fold cross-validation over
articles (folds by a hash of the article id), on the meeting-level F1 the quality benchmark
reports; the final model is fitted on every development article. The test part is never
read. Deterministic: liblinear with a fixed seed, folds by hash, weights rounded.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from newslens.extract.contact_model import MODEL_FILE, ContactModel, Linear
from newslens.extract.entities import extract_entities
from newslens.extract.meetings import Contacts, contact_candidates, decided
from newslens.knowledge.dictionary import load
from newslens.labels import ArticleRef, read_jsonl, resolve
from newslens.meeting_evaluation import (
    MeetingScore,
    fold,
    forms_of,
    labelled,
    predicted,
    same_name,
)

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data" / "meetings" / "dev.jsonl"
FOLDS = 5
COSTS = (0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(0.05 + 0.05 * i, 2) for i in range(16))
MIN_COUNT = 2
SEED = 0


@dataclass
class Example:
    article_id: str
    fold: int
    contacts: Contacts
    found: object
    gold: list[dict]
    met: list[int]
    planned: list[int]


def _truth(pair, found, dictionary, gold: list[dict]) -> tuple[int, int]:
    """Whether a labelled meeting reported in the pair's sentence names both actors."""
    forms = [forms_of(a.entity_id, found, dictionary) for a in (pair.first, pair.second)]
    for meeting in gold:
        spoken = any(e["start"] < pair.end and e["end"] > pair.start for e in meeting["evidence"])
        people = [fold(p) for p in meeting["participants"]]
        if spoken and all(any(same_name(p, f) for p in people) for f in forms):
            return 1, int(meeting["planned"])
    return 0, 0


def examples(corpora: Path) -> list[Example]:
    dictionary, found_all = load(), []
    for label in read_jsonl(DEV):
        article = resolve(corpora, ArticleRef(label["corpus"], label["file"], label["key"]),
                          label["sha1"])
        found = extract_entities(article.text, article.language, article.published, dictionary)
        contacts = contact_candidates(article.text, article.language, article.published,
                                      article.dateline, found, dictionary)
        truths = [_truth(p, found, dictionary, label["meetings"]) for p in contacts.pairs]
        digest = hashlib.sha1(label["id"].encode()).digest()
        found_all.append(Example(label["id"], digest[0] % FOLDS, contacts, found,
                                 label["meetings"], [t[0] for t in truths],
                                 [t[1] for t in truths]))
    return found_all


def fit(items: list[Example], cost: float) -> tuple[Linear, Linear]:
    rows = [dict.fromkeys(p.features, 1) for e in items for p in e.contacts.pairs]
    met = [y for e in items for y in e.met]
    planned_rows = [r for r, y in zip(rows, met, strict=True) if y]
    planned = [y for e in items for y, m in zip(e.planned, e.met, strict=True) if m]
    return _linear(rows, met, cost), _linear(planned_rows, planned, cost)


def _linear(rows: list[dict], targets: list[int], cost: float) -> Linear:
    counts: dict[str, int] = {}
    for row in rows:
        for key in row:
            counts[key] = counts.get(key, 0) + 1
    rows = [{k: v for k, v in row.items() if counts[k] >= MIN_COUNT} for row in rows]
    if len(set(targets)) < 2:
        return Linear({}, -5.0 if not any(targets) else 5.0)
    vectors = DictVectorizer()
    matrix = vectors.fit_transform(rows).tocsr()
    # liblinear takes 32-bit sparse indices only
    matrix.indices, matrix.indptr = matrix.indices.astype("int32"), matrix.indptr.astype("int32")
    model = LogisticRegression(C=cost, solver="liblinear", random_state=SEED, max_iter=1000)
    model.fit(matrix, targets)
    weights = {name: round(float(w), 4) for name, w in
               zip(vectors.get_feature_names_out(), model.coef_[0], strict=True)
               if abs(w) >= 1e-4}
    return Linear(dict(sorted(weights.items())), round(float(model.intercept_[0]), 4))


def score(items: list[Example], model: ContactModel) -> MeetingScore:
    total, dictionary = MeetingScore(), load()
    for item in items:
        meetings = decided(item.contacts, model)
        total.add("all", [labelled(m) for m in item.gold],
                  [predicted(m, item.found, dictionary) for m in meetings])
    return total


def _f1(total: MeetingScore) -> float:
    p, r = total.precision("all"), total.recall("all")
    return 2 * p * r / (p + r) if p + r else 0.0


def choose(items: list[Example]) -> tuple[float, float]:
    """The cost and threshold with the best cross-validated meeting F1."""
    results = {}
    for cost in COSTS:
        models = {k: fit([e for e in items if e.fold != k], cost) for k in range(FOLDS)}
        for threshold in THRESHOLDS:
            total = MeetingScore()
            for k, (met, planned) in models.items():
                part = score([e for e in items if e.fold == k],
                             ContactModel(met, planned, threshold, 0.5))
                for key in ("gold", "guessed", "right", "people_right"):
                    getattr(total, key).update(getattr(part, key))
            results[cost, threshold] = _f1(total)
            print(f"C={cost:<4} threshold={threshold:.2f}  P={total.precision('all'):.3f} "
                  f"R={total.recall('all'):.3f}  F1={results[cost, threshold]:.3f}",
                  file=sys.stderr)
    return max(results, key=lambda k: (results[k], -k[0], k[1]))


def main(corpora: Path) -> None:
    items = examples(corpora)
    print(f"{len(items)} articles, {sum(len(e.met) for e in items)} candidate pairs, "
          f"{sum(sum(e.met) for e in items)} met", file=sys.stderr)
    cost, threshold = choose(items)
    met, planned = fit(items, cost)
    model = ContactModel(met, planned, threshold, 0.5)
    MODEL_FILE.write_text(json.dumps(model.as_json(), indent=0, sort_keys=True) + "\n",
                          encoding="utf-8")
    print(f"C={cost} threshold={threshold}: {len(met.weights)} + {len(planned.weights)} "
          f"weights written to {MODEL_FILE}", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
