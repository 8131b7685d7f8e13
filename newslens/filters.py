"""The dashboard's global filters as one value, and the SQL that applies them to articles.

Every page reads the same ``Filters`` from the sidebar, so a share link reopens the same rows on
any page. Conditions are built with bound parameters only; values never reach the SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from newslens.store.derived import country_key

#: Dates outside this range are typos or placeholders (0000-00-00, 9999-12-31), not filters.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


@dataclass(frozen=True)
class Filters:
    """Date range, sources, languages, entities (ids) and countries (ISO codes)."""

    start: date | None = None
    end: date | None = None
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()

    def article_where(self, alias: str = "a") -> tuple[str, list]:
        """SQL condition over the articles table aliased ``alias``, and its parameters.

        Entities must all be mentioned (an analyst narrowing to "Iran and Russia" wants both);
        a country matches an article that mentions the country or anyone or anything of it.
        Both read ``entity_articles``, kept sorted by entity, not the much larger mentions.
        """
        dates, params = self.dates_where(alias)
        clauses = [dates]
        for column, values in (("source", self.sources), ("language", self.languages)):
            if values:
                clauses.append(f"{alias}.{column} IN ({_marks(values)})")
                params += list(values)
        for entity in self.entities:
            clauses.append(f"{alias}.article_id IN (SELECT article_id FROM entity_articles "
                           f"WHERE entity_id = ?)")
            params.append(entity)
        if self.countries:
            clauses.append(f"{alias}.article_id IN (SELECT article_id FROM entity_articles "
                           f"WHERE entity_id IN ({_marks(self.countries)}))")
            params += [country_key(code) for code in self.countries]
        return " AND ".join(clauses), params

    def dates_where(self, alias: str) -> tuple[str, list]:
        """The date range alone, over any table that copies the article's date: on
        ``mentions``, stored in date order, the range skips whole row groups."""
        clauses, params = ["TRUE"], []
        if self.start:
            clauses.append(f"{alias}.published >= ?")
            params.append(self.start)
        if self.end:
            clauses.append(f"{alias}.published <= ?")
            params.append(self.end)
        return " AND ".join(clauses), params

    @property
    def single_entity(self) -> str | None:
        """The entity when the filters are exactly "articles naming this one entity": the
        analyst's most common narrowing, which precomputed tables answer directly."""
        only = self == Filters(entities=self.entities) and len(self.entities) == 1
        return self.entities[0] if only else None

    @property
    def dates_label(self) -> str:
        """The date range as it goes into export file names ("all-dates" when open)."""
        if not (self.start or self.end):
            return "all-dates"
        return f"{self.start or 'start'}_{self.end or 'end'}"


def _marks(values: tuple[str, ...]) -> str:
    return ", ".join("?" * len(values))
