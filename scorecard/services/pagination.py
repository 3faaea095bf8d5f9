"""Pages of query results with their total count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")

PAGE_SIZES = (25, 50, 100)
# Further than anyone pages by hand, and small enough that the offset fits every database's integer.
LAST_PAGE = 1_000_000


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of rows, with what a pager needs to link to the others."""

    rows: Sequence[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least one, so "page 1 of 1" reads right)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def first_index(self) -> int:
        """The 1-based number of the first row on this page (0 when empty)."""
        return 0 if self.total == 0 else (self.page - 1) * self.per_page + 1

    @property
    def last_index(self) -> int:
        """The 1-based number of the last row on this page."""
        return min(self.total, self.page * self.per_page)


def clamp_page(page: int, per_page: int, total: int | None = None) -> tuple[int, int]:
    """A page number from 1 to the last page (of `total` rows, when known) and an allowed page size.

    Asking past the end (a bookmark from before rows were deleted) shows the last page.
    """
    per_page = per_page if per_page in PAGE_SIZES else PAGE_SIZES[0]
    last = LAST_PAGE if total is None else max(1, -(-total // per_page))
    return min(max(1, page), last, LAST_PAGE), per_page


def paginate(session: Session, query: Select[Any], *, page: int, per_page: int) -> Page[Any]:
    """Run `query` for one page and count all its rows (two queries, whatever the size)."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    page, per_page = clamp_page(page, per_page, total)
    rows = session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(rows=rows, page=page, per_page=per_page, total=total)
