"""Check a table's CSV text against its schema before it is written, a block at a time.

:func:`check_text` raises what :func:`kimxi.io.tables.parse_table` raises on the same text
(the same DataError, row, column and line), but holds only a block of rows and the key's
values at a time, so that checking a large table takes little memory beyond its text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from kimxi.io.errors import DataError
from kimxi.io.schema import Column
from kimxi.io.tables import FIELD_SIZE_LIMIT, check_header, first_bad_cell

BLOCK_ROWS = 10_000  # rows check_text holds at a time


def check_text(name: str, text: str, columns: Iterable[Column], key: str | None = None) -> int:
    """The checks of :func:`parse_table` on CSV ``text``; the number of data rows.

    For a table about to be written: the rows are read and checked a block of
    :data:`BLOCK_ROWS` at a time, and only the key's values are kept, so checking a
    large table takes little memory beyond its text. The same DataError as
    :func:`parse_table` (text that is not CSV, which a table rendered by pandas never is,
    is reported where it is met rather than first).
    """
    return sum(len(block) for _, block, _ in iter_blocks(
        name, io.StringIO(text, newline=""), columns, key))


def iter_blocks(name: str, lines: Iterable[str], columns: Iterable[Column],
                key: str | None = None, block_rows: int = BLOCK_ROWS
                ) -> Iterator[tuple[list[str], list[list[str]], list[int]]]:
    """The rows of the CSV ``lines`` (an open text file, or :func:`kimxi.io.tables.iter_lines`)
    checked as :func:`parse_table` checks them, a block of at most ``block_rows`` rows at a
    time: (header, rows, the file line each row starts on). Only the key's values are kept
    between blocks; a duplicate key is raised after the last block, as parse_table raises it
    only when no cell is bad."""
    columns, rows = list(columns), 0
    previous = csv.field_size_limit(FIELD_SIZE_LIMIT)
    try:
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise DataError(name, f"is not valid CSV from line 1 on ({exc})") from None
        if header is None:
            raise DataError(name, "the file is empty (expected a header row)")
        check_header(name, header, columns, True)
        accepted = {col.name: set() for col in columns}
        seen: dict[str, int] = {}
        duplicate, start = None, reader.line_num + 1
        while True:
            block, where, broken = [], [], None
            try:
                for row in reader:
                    block.append(row)
                    where.append(start)
                    start = reader.line_num + 1
                    if len(block) == block_rows:
                        break
            except csv.Error as exc:  # after the rows before it, as row by row
                broken = DataError(name, f"is not valid CSV from line {start} on ({exc})")
            _check_block(name, block, where, rows, header, columns, accepted)
            if key is not None and duplicate is None:
                duplicate = _first_duplicate(name, block, where, rows, header.index(key), key,
                                             seen)
            if broken is not None:
                raise broken from None
            if block:
                yield header, block, where
            rows += len(block)
            if len(block) < block_rows:
                break
    finally:
        csv.field_size_limit(previous)
    if duplicate is not None:  # raised only if no cell is bad, as parse_table does
        raise duplicate


def _check_block(name: str, block: list[list[str]], lines: list[int], before: int,
                 header: list[str], columns: list[Column], accepted: dict[str, set]) -> None:
    """DataError at the first NUL byte, bad cell or short row of ``block`` (rows ``before + 1``
    on)."""
    nul = next(((i, j) for i, row in enumerate(block) for j, cell in enumerate(row)
                if "\x00" in cell), None)
    if nul is not None:
        i, j = nul
        raise DataError(name, "holds a NUL byte (\\x00): the file is damaged or not text",
                        row=before + i + 1, column=header[j] if j < len(header) else None,
                        line=lines[i])
    short = next((i for i, row in enumerate(block) if len(row) != len(header)), None)
    bad = first_bad_cell(block if short is None else block[:short], header, columns, accepted)
    if bad is not None:
        i, col, problem = bad
        raise DataError(name, problem, row=before + i, column=col.name, line=lines[i - 1])
    if short is not None:
        raise DataError(name, f"has {len(block[short])} cells, the header has {len(header)}",
                        row=before + short + 1, line=lines[short])


def _first_duplicate(name: str, block: list[list[str]], lines: list[int], before: int,
                     at_key: int, key: str, seen: dict[str, int]) -> DataError | None:
    """The error for the first value of the key column already in ``seen`` (which grows)."""
    for i, row in enumerate(block, start=before + 1):
        value = row[at_key]
        if value in seen:
            return DataError(name, f"duplicate id {value!r} (first on row {seen[value]})",
                             row=i, column=key, line=lines[i - before - 1])
        seen[value] = i
    return None
