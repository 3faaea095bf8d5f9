"""The per-row report of an import, as CSV and packed for keeping on the job."""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

from .. import csv_files
from .plans import RowResult

REPORT_COLUMNS = ("row", "outcome", "key", "column", "message")


def report_rows(results: Iterable[RowResult]) -> Iterator[tuple[Any, ...]]:
    """Every row's outcome as CSV rows: one per error, else one per row."""
    text = csv_files.text_cell
    for result in results:
        if result.errors:
            for error in result.errors:
                yield (result.row, "error", text(result.key), error.column, text(error.message))
        else:
            yield (result.row, result.action, text(result.key), "", text(result.describe()))


def report_batches(results: Iterable[RowResult]) -> Iterator[list[tuple[Any, ...]]]:
    """The per-row report in batches, as `csv_files.encode_rows` takes them."""
    rows = report_rows(results)
    while batch := list(itertools.islice(rows, 1000)):
        yield batch


def pack_report(results: Iterable[RowResult]) -> bytes:
    """The per-row report, compressed for keeping on the job."""
    return zlib.compress(b"".join(csv_files.encode_rows(REPORT_COLUMNS, report_batches(results))))


def unpack_report(packed: bytes) -> bytes:
    """The per-row report as CSV bytes."""
    return zlib.decompress(packed)
