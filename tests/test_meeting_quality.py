"""Meeting quality on whole labelled articles (tests/data/meetings/), development and test parts.

Labels are references only (corpus, file, key, text SHA-1, evidence offsets); the text is read
from ../shared/corpora at test time. Floors sit just under what benchmarks/meeting_quality.py
measures (README, "Meeting quality"), so a change that loses quality fails here; the issue's
targets (precision 0.85, recall 0.75 on the test part) are not met yet and are not asserted.
"""

from __future__ import annotations

import textwrap

import pytest

from newslens.extract.entities import extract_entities
from newslens.extract.meetings import extract_meetings
from newslens.knowledge.dictionary import load
from newslens.labels import ArticleRef, read_jsonl, resolve
from newslens.meeting_evaluation import MeetingScore, score_labels
from tests.conftest import DATA

pytestmark = pytest.mark.corpora
LABELS = DATA / "meetings"
# group -> (precision, recall) floors for meetings that happened
FLOORS = {
    "dev": {"all en": (0.65, 0.48), "all id": (0.48, 0.32)},
    "test": {"all en": (0.44, 0.31), "all id": (0.24, 0.19)},
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def part(request, corpora) -> tuple[str, MeetingScore]:
    score = score_labels(LABELS / f"{request.param}.jsonl", corpora)
    print(f"\n{request.param}\n{score.table()}")
    return request.param, score


def test_meetings_keep_their_measured_quality(part):
    name, score = part
    for group, (precision, recall) in FLOORS[name].items():
        assert score.precision(group) >= precision, (group, score.table())
        assert score.recall(group) >= recall, (group, score.table())


def test_every_label_still_reads_its_text(corpora):
    """Each label's article and evidence spans resolve to the text they were made on."""
    for path in sorted(LABELS.glob("*.jsonl")):
        for label in read_jsonl(path):
            article = resolve(corpora, ArticleRef(label["corpus"], label["file"], label["key"]),
                              label["sha1"])
            for meeting in label["meetings"]:
                assert len(meeting["participants"]) >= 2, label["id"]
                for span in meeting["evidence"]:
                    assert 0 <= span["start"] < span["end"] <= len(article.text), label["id"]


def test_the_parts_never_share_a_corpus():
    parts = {p: {x["corpus"] for x in read_jsonl(LABELS / f"{p}.jsonl")} for p in FLOORS}
    assert not parts["dev"] & parts["test"]


def test_hard_wrapped_text_gives_the_same_meetings(corpora):
    """The development readouts wrapped at 72 characters, as pandoc and e-mail bodies are:
    the line breaks fall inside sentences and names, and must change nothing found."""
    dictionary, compared = load(), 0
    for label in read_jsonl(LABELS / "dev.jsonl"):
        if label["corpus"] != "official-readouts-ru-us" or compared == _WRAPPED_ARTICLES:
            continue
        article = resolve(corpora, ArticleRef(label["corpus"], label["file"], label["key"]))
        wrapped = "\n\n".join(textwrap.fill(p, 72) for p in article.text.split("\n\n"))
        assert _found(wrapped, article, dictionary) == _found(article.text, article, dictionary)
        compared += 1
    assert compared == _WRAPPED_ARTICLES


_WRAPPED_ARTICLES = 40


def _found(text, article, dictionary) -> list[tuple]:
    entities = extract_entities(text, article.language, article.published, dictionary)
    return [(m.participants, m.date, m.planned) for m in extract_meetings(
        text, article.language, article.published, None, entities, dictionary)]
