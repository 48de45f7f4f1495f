"""KCNA's whole English archive, 1997-2018, read and checked a chunk of rows at a time.

The 21-year archive (``kcna_en_1997-2018.csv.gz``, 119,850 articles, 178 MB unpacked) is read
straight from its gzip file in chunks of rows, so memory holds one chunk and what each stage
keeps of it, not the corpus. Every check of :func:`kimxi.archive.load.load_archive` runs on
every row, in file order, before the row's chunk is handed on: the sha256 of the file's bytes
(first, over the whole file), UTF-8 (bytes that are not are located to their row and column),
valid CSV, the columns, no empty title or text, the date a date (inside ``window`` when one is
given), the id's date the row's date, no id twice, a complete gzip stream. The first problem
raises one :class:`~kimxi.io.errors.DataError` naming file, row, line and column; a stage that
writes only after the last chunk therefore writes nothing for a bad file.

One known defect of the 21-year file is repaired, and only in that file (matched by sha256):
the scrape kept a fragment of HTML after one article's address (:data:`REPAIRS`).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from kimxi.archive.load import ARCHIVE_COLUMNS, check_file
from kimxi.corpus import windows
from kimxi.io.errors import DataError
from kimxi.io.paths import ROOT
from kimxi.io.schema import parse_date
from kimxi.io.tables import FIELD_SIZE_LIMIT, LineNumbers, check_header, first_bad_cell

HISTORY_NAME = "kcna_en_1997-2018.csv.gz"
# As the README beside the archive gives it.
HISTORY_SHA256 = "00c5c6dd61bdaeecf169736ca4b2300d44814f10846726bbb5a36c04e23fffe7"
DEFAULT_HISTORY = ROOT.parent / "shared" / "external" / HISTORY_NAME
HISTORY_SOURCE = ("kcna_en_1997-2018.csv.gz: KCNA's English releases on kcna.co.jp, "
                  "1997-01-01 to 2018-04-26, as described in ../shared/external/README.md")
CHUNK_ROWS = 4000
# Known defects of known files, by the file's sha256: id -> column -> the repaired value.
REPAIRS = {HISTORY_SHA256: {
    # The scrape kept '>Korea, home of pine-nut tree</a></h3>...' after the address.
    "kcna-20021024-x22345": {"source_url": "http://kcna.co.jp/item/2002/200210/news10/24.htm#11"},
}}
_NOT_UTF8 = re.compile("[\udc80-\udcff]")


def default_history() -> Path | None:
    """The 21-year archive beside the repository, or None when absent."""
    return DEFAULT_HISTORY if DEFAULT_HISTORY.is_file() else None


def _open_text(path: Path):
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")
    return io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape", newline="")


def _rows(path: Path, name: str) -> Iterator[tuple[int, list[str]]]:
    """(line the row starts on, cells) of every row, the header first."""
    previous = csv.field_size_limit(FIELD_SIZE_LIMIT)
    try:
        with _open_text(path) as handle:
            reader = csv.reader(handle, strict=True)
            start = 1
            try:
                for row in reader:
                    yield start, row
                    start = reader.line_num + 1
            except csv.Error as exc:
                raise DataError(name, f"is not valid CSV from line {start} on ({exc})",
                                line=start) from None
            except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
                raise DataError(name, f"is not a complete gzip file: it breaks off in the row "
                                      f"starting on line {start} ({exc})", line=start) from None
    finally:
        csv.field_size_limit(previous)


def iter_archive(path: str | Path = DEFAULT_HISTORY, sha256: str | None = HISTORY_SHA256,
                 chunk_rows: int = CHUNK_ROWS, window: tuple | None = None
                 ) -> Iterator[pd.DataFrame]:
    """The checked archive, ``chunk_rows`` rows at a time, in file order (every cell text).

    ``sha256=None`` skips the checksum (another corpus of the same columns). Each chunk's
    ``attrs["lines"]`` gives the file line each row starts on, ``attrs["first_row"]`` the
    number of its first row.
    """
    path = Path(path)
    name = check_file(path, sha256)
    repairs = REPAIRS.get(sha256 or "", {})
    rows = _rows(path, name)
    first = next(rows, None)
    if first is None:
        raise DataError(name, "the file is empty (expected a header row)")
    header = first[1]
    check_header(name, header, list(ARCHIVE_COLUMNS), extra_columns=True)
    where = {h: j for j, h in enumerate(header)}
    seen: dict[str, int] = {}
    accepted: dict[str, set] = {}
    body, lines, number = [], [], 0
    for line, row in rows:
        number += 1
        if len(row) != len(header):
            raise DataError(name, f"has {len(row)} cells, the header has {len(header)}",
                            row=number, line=line)
        for column, value in repairs.get(row[where["id"]], {}).items():
            row[where[column]] = value
        body.append(row)
        lines.append(line)
        if len(body) == chunk_rows:
            yield _checked(name, header, body, lines, number - len(body) + 1, seen, accepted,
                           window)
            body, lines = [], []
    if body:
        yield _checked(name, header, body, lines, number - len(body) + 1, seen, accepted,
                       window)


def _checked(name: str, header: list[str], body: list[list[str]], lines: list[int],
             first_row: int, seen: dict[str, int], accepted: dict[str, set],
             window: tuple | None) -> pd.DataFrame:
    for i, row in enumerate(body):
        for j, cell in enumerate(row):
            if _NOT_UTF8.search(cell):
                raise DataError(name, "holds bytes that are not UTF-8", row=first_row + i,
                                column=header[j], line=lines[i])
    bad = first_bad_cell(body, header, list(ARCHIVE_COLUMNS), accepted)
    if bad is not None:
        i, col, problem = bad
        raise DataError(name, problem, row=first_row + i - 1, column=col.name,
                        line=lines[i - 1])
    frame = pd.DataFrame(body, columns=header, dtype=str)
    for i, record in enumerate(frame[["id", "date", "title", "text"]].itertuples(index=False)):
        row = first_row + i
        for col, value in (("title", record.title), ("text", record.text)):
            if value.strip() == "":
                raise DataError(name, "is empty (only white space)", row=row, column=col,
                                line=lines[i])
        if window is not None and not windows.contains(window, parse_date(record.date)):
            lo, hi = window
            raise DataError(name, f"{record.date} is outside the archive window {lo}..{hi}",
                            row=row, column="date", line=lines[i])
        if record.id[5:13] != record.date.replace("-", ""):
            raise DataError(name, f"the id's date {record.id[5:13]} is not the date "
                                  f"{record.date}", row=row, column="id", line=lines[i])
        if record.id in seen:
            raise DataError(name, f"duplicate id {record.id!r} (first on row {seen[record.id]})",
                            row=row, column="id", line=lines[i])
        seen[record.id] = row
    frame.attrs["lines"] = LineNumbers(lines)
    frame.attrs["first_row"] = first_row
    return frame
