"""How a table is looked at — sort column and direction, page, page size, chosen columns — as
SQL, so sorting and paging run over the whole filtered result in the store, not over the rows
on screen; and the whole result streamed for an export.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from newslens.store.connection import reading

PAGE_SIZES = (20, 50, 100, 200, 500)
#: Rows an export holds at most: the whole filtered result up to here, in the table's order.
EXPORT_ROWS = 100_000
_BATCH = 2048


@dataclass(frozen=True)
class TableSpec:
    """A table's columns as SQL expressions, those it can be sorted by, and its default."""

    columns: Mapping[str, str]
    sortable: tuple[str, ...]
    default_sort: str
    #: the row's id: always selected, and the tie-break that makes every order total
    key: str

    def sort_sql(self, name: str) -> str:
        return self.columns[name if name in self.sortable else self.default_sort]


@dataclass(frozen=True)
class TableView:
    """One look at a table; unknown columns are dropped and numbers clamped, so a value read
    from a share link can only ever name what the table offers."""

    sort: str = ""
    descending: bool = True
    page: int = 1
    page_size: int = 50
    columns: tuple[str, ...] = ()

    def order_by(self, spec: TableSpec) -> str:
        """``ORDER BY`` the chosen column (missing values last either way), then the key."""
        direction = "DESC" if self.descending else "ASC"
        return f"ORDER BY {spec.sort_sql(self.sort)} {direction} NULLS LAST, {spec.key}"

    def shown(self, spec: TableSpec) -> list[str]:
        """The chosen columns in the table's own order; all of them when none is."""
        return [c for c in spec.columns if c in self.columns] or list(spec.columns)

    def select(self, spec: TableSpec, every: bool = False) -> str:
        """The key and the chosen columns (``every``: all columns, for a page whose other
        parts — a reader, a timeline — read the hidden ones too)."""
        names = list(spec.columns) if every else self.shown(spec)
        return ", ".join([f"{spec.key} AS {spec.key.split('.')[-1]}",
                          *(f"{spec.columns[c]} AS {_quoted(c)}" for c in names)])

    def window(self, largest: int = max(PAGE_SIZES)) -> list[int]:
        """``LIMIT ? OFFSET ?`` parameters of the page."""
        size = max(1, min(self.page_size, largest))
        return [size, (max(self.page, 1) - 1) * size]


#: The first page in each table's default order.
FIRST_PAGE = TableView()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def streamed(db: Path | str, sql: str, params: Sequence) -> Iterator[Sequence]:
    """The column names, then every row of ``sql``, read in batches on one connection, so a
    large result never sits in memory at once."""
    with reading(db) as con:
        result = con.execute(sql, list(params))
        yield [d[0] for d in result.description]
        while rows := result.fetchmany(_BATCH):
            yield from rows
