"""The article list's search: titles only, or titles and text."""

from __future__ import annotations

from newslens.ingest import ingest
from newslens.queries.articles import ArticleQuery, count_articles
from tests.conftest import SEED


def test_a_search_reads_the_text_only_when_asked(db):
    ingest([SEED], db, workers=1)
    in_title, in_body = "Tingkatkan Kerjasama", "Rogozin"
    assert count_articles(db, ArticleQuery(search=in_title, in_text=False)) == 1
    assert count_articles(db, ArticleQuery(search=in_body, in_text=False)) == 0
    assert count_articles(db, ArticleQuery(search=in_body)) == 1


def test_search_wildcards_are_literal(db):
    ingest([SEED], db, workers=1)
    assert count_articles(db, ArticleQuery(search="%")) == 0
    assert count_articles(db, ArticleQuery(search="_")) == 0
