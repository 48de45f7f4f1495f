"""Read and write the collection's CSV tables, validating every cell first.

A table is described by a list of :class:`~kimxi.io.schema.Column`. :func:`read_table` reads
every cell as text, checks the header, each cell and the key, and raises one
:class:`~kimxi.io.errors.DataError` naming file, row and column at the first
problem. :func:`write_tables` writes only after everything it is given exists,
through temporary files, so a failed check leaves nothing behind.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import glob
import gzip
import io
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from kimxi.io.errors import WRITE_PROBLEMS, DataError, writing
from kimxi.io.paths import relative
from kimxi.io.schema import Column

# Text corpora hold cells far longer than the csv module's default limit (131,072
# characters); 256 MiB is more than any text cell the collection reads.
FIELD_SIZE_LIMIT = min(sys.maxsize, 2**28)

def read_text(path: str | Path) -> str:
    """The file at ``path`` decoded as UTF-8, or a DataError saying where it is not.

    A file whose name ends in ``.gz`` is decompressed first; a leading byte-order mark is
    dropped; a folder is named as such."""
    path = Path(path)
    if path.is_dir():
        raise DataError(relative(path), "is a folder, not a file (give the CSV file's path)")
    if not path.is_file():
        raise DataError(relative(path), "file not found")
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise DataError(relative(path), f"is not a complete gzip file ({error})") from None
    # The byte-order mark spreadsheet programs put before "CSV UTF-8" is not part of the text.
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(relative(path),
                        f"byte {exc.start} (line {line}) is not UTF-8 ({exc.reason})") from None


READ_BLOCK = 1 << 20  # bytes read at a time by :func:`iter_lines`


def iter_lines(path: str | Path) -> Iterator[str]:
    """The lines of the file at ``path`` (line ends kept), decoded as UTF-8 a block at a time:
    what :func:`read_text` checks (a folder, a missing file, an incomplete gzip, bytes that are
    not UTF-8, with byte and line), without holding the file in memory."""
    path = Path(path)
    if path.is_dir():
        raise DataError(relative(path), "is a folder, not a file (give the CSV file's path)")
    if not path.is_file():
        raise DataError(relative(path), "file not found")
    decoder = codecs.getincrementaldecoder("utf-8")()
    opener = gzip.open if path.suffix == ".gz" else open
    consumed, line, pending, first = 0, 1, "", True
    with opener(path, "rb") as handle:
        while True:
            try:
                data = handle.read(READ_BLOCK)
            except (OSError, EOFError) as error:
                raise DataError(relative(path), f"is not a complete gzip file ({error})") from None
            if first:
                # The byte-order mark of "CSV UTF-8" is not part of the text.
                data, first = data.removeprefix(b"\xef\xbb\xbf"), False
            held = decoder.getstate()[0]  # the start of a character cut by the last block
            try:
                text = decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                at = line + (held + data)[:exc.start].count(b"\n")
                raise DataError(relative(path), f"byte {consumed - len(held) + exc.start} (line "
                                f"{at}) is not UTF-8 "
                                f"({exc.reason})") from None
            consumed += len(data)
            line += data.count(b"\n")
            *parts, pending = (pending + text).split("\n")
            for part in parts:
                yield part + "\n"
            if not data:
                break
    if pending:
        yield pending


class LineNumbers:
    """The file line each row of a table starts on, for errors that name the line.

    Immutable, so copying it is free: pandas deep-copies a frame's ``attrs`` into
    every frame derived from it, and a plain list of a line per row made every
    column access of a large table copy the whole list.
    """

    def __init__(self, lines):
        self._lines = np.asarray(lines, dtype=np.int64)
        self._lines.flags.writeable = False

    def __getitem__(self, i):
        return int(self._lines[i])

    def __len__(self) -> int:
        return len(self._lines)

    @property
    def array(self) -> np.ndarray:
        """The lines as a read-only array."""
        return self._lines

    def __eq__(self, other) -> bool:
        return isinstance(other, LineNumbers) and np.array_equal(self._lines, other._lines)

    __hash__ = None

    def __deepcopy__(self, memo) -> LineNumbers:
        return self

    def __copy__(self) -> LineNumbers:
        return self


def read_table(path: str | Path, columns: Iterable[Column], key: str | None = None,
               extra_columns: bool = True) -> pd.DataFrame:
    """Read ``path`` as a table of text cells, validating header, cells and key.

    Returns a DataFrame of strings (empty cells are ``""``) with the columns in
    file order. Raises DataError for a missing file, bytes that are not UTF-8,
    a missing (or, with ``extra_columns=False``, unexpected) column, a cell
    that breaks its column's constraint, a row of the wrong width, or a
    duplicate ``key``.
    """
    return parse_table(relative(path), read_text(path), columns, key, extra_columns)


def parse_table(name: str, text: str, columns: Iterable[Column], key: str | None = None,
                extra_columns: bool = True) -> pd.DataFrame:
    """:func:`read_table` on CSV ``text`` already in memory; ``name`` names it in errors."""
    columns = list(columns)
    header, body, lines = _parse_csv(name, text)
    check_header(name, header, columns, extra_columns)
    nul = next(((i, j) for i, row in enumerate(body, start=1) for j, cell in enumerate(row)
                if "\x00" in cell), None)
    if nul is not None:
        i, j = nul
        raise DataError(name, "holds a NUL byte (\\x00): the file is damaged or not text",
                        row=i, column=header[j] if j < len(header) else None,
                        line=lines[i - 1])
    short = next((i for i, row in enumerate(body, start=1) if len(row) != len(header)), None)
    checked = body if short is None else body[:short - 1]
    bad = first_bad_cell(checked, header, columns)
    if bad is not None:
        i, col, problem = bad
        raise DataError(name, problem, row=i, column=col.name, line=lines[i - 1])
    if short is not None:
        raise DataError(name, f"has {len(body[short - 1])} cells, the header has {len(header)}",
                        row=short, line=lines[short - 1])
    frame = pd.DataFrame(body, columns=header, dtype=str)
    frame.attrs["lines"] = LineNumbers(lines)  # the file line each row starts on
    if key is not None:
        seen: dict[str, int] = {}
        for i, value in enumerate(frame[key], start=1):
            if value in seen:
                raise DataError(name, f"duplicate id {value!r} (first on row {seen[value]})",
                                row=i, column=key, line=lines[i - 1])
            seen[value] = i
    return frame


def check_header(name: str, header: list[str], columns: list[Column],
                  extra_columns: bool) -> None:
    for col in columns:
        if col.name not in header:
            hint = (" The header holds tabs: this looks tab-separated; save it as "
                    "comma-separated CSV." if any("\t" in h for h in header) else "")
            raise DataError(name, f"missing column (expected columns: "
                                  f"{', '.join(c.name for c in columns)}).{hint}",
                            column=col.name)
    if not extra_columns:
        known = {c.name for c in columns}
        for col_name in header:
            if col_name not in known:
                raise DataError(name, "unexpected column", column=col_name)


KEPT_VERDICTS = 10_000  # distinct accepted values of a column that the checks remember
def first_bad_cell(body: list[list[str]], header: list[str], columns: list[Column],
                    accepted: dict[str, set] | None = None) -> tuple[int, Column, str] | None:
    """The first cell (by row, then by column) that its column refuses: (row, column, problem).

    Column by column, each distinct value is checked once: large tables repeat most
    values. ``accepted`` holds values already accepted, per column, across calls.
    """
    where = {h: j for j, h in enumerate(header)}
    accepted = accepted if accepted is not None else {}
    first = None
    for order, col in enumerate(columns):
        j = where[col.name]
        values = [row[j] for row in body]
        i = _first_refused(col, values, accepted.setdefault(col.name, set()))
        if i is not None and (first is None or (i, order) < first[:2]):
            first = (i, order, col)
    if first is None:
        return None
    i, _, col = first
    return i + 1, col, col.check(body[i][where[col.name]])


def _first_refused(col: Column, values: list[str], accepted: set) -> int | None:
    """The index of the first of ``values`` that ``col`` refuses, or None.

    A plain text column refuses only an empty cell, and only when it is required; any
    other column checks each distinct value not in ``accepted`` and adds those it accepts
    while ``accepted`` holds fewer than :data:`KEPT_VERDICTS`.
    """
    if col.kind == "string" and col.choices is None and col.pattern is None:
        if col.required:
            return next((i for i, value in enumerate(values) if not value.strip()), None)
        return None
    fresh = set(values).difference(accepted)
    refused = {value for value in fresh if col.check(value) is not None}
    if refused:
        return next(i for i, value in enumerate(values) if value in refused)
    if len(accepted) + len(fresh) <= KEPT_VERDICTS:
        accepted.update(fresh)
    return None


def _parse_csv(name: str, text: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, data rows and the file line each data row starts on, read strictly.

    Strict quoting: a quote left open at the end of the file (which would fold
    every later row into one cell) is an error, as is a stray quote inside an
    unquoted cell.
    """
    previous = csv.field_size_limit(FIELD_SIZE_LIMIT)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        rows, lines, start = [], [], 1
        try:
            for row in reader:
                rows.append(row)
                lines.append(start)
                start = reader.line_num + 1
        except csv.Error as exc:
            raise DataError(name, f"is not valid CSV from line {start} on ({exc})") from None
    finally:
        csv.field_size_limit(previous)
    if not rows:
        raise DataError(name, "the file is empty (expected a header row)")
    return rows[0], rows[1:], lines[1:]


def to_csv_text(frame: pd.DataFrame) -> str:
    """The CSV text the collection writes: UTF-8, LF line ends, no index, and no negative
    zero: a score rounded to 0 is written ``0.0`` whatever the sign of what was rounded (the
    last bits of a float sum differ between Python versions, 3.12 changed ``sum``, and
    ``-0.0`` would make the same table differ in bytes)."""
    floats = frame.select_dtypes("floating").columns
    if len(floats):
        frame = frame.copy()
        frame[floats] = frame[floats] + 0.0  # -0.0 + 0.0 is 0.0; every other value is kept
    return frame.to_csv(index=False, lineterminator="\n")


def write_tables(outputs: Mapping[str | Path, pd.DataFrame | str | bytes]) -> list[Path]:
    """Write every table (text or bytes) of ``outputs`` together, or none of them.

    Each value is rendered first; then every file is written to a temporary
    file beside its target. Only when all are written are they renamed into
    place, each old file kept aside until the last rename has succeeded; a
    failure puts the old files back, removes the new ones and every temporary
    file, and raises. A full disk or a folder that is not writable raises one
    DataError naming the target (:func:`kimxi.io.errors.write_failure`). Temporary files of
    this writer left beside a target by a process killed before it could remove them
    (:func:`stale_temporaries`) are removed first. Files get the ordinary mode (0666 less
    the umask). Returns the paths written.
    """
    rendered = {}
    for path, value in outputs.items():
        if isinstance(value, bytes):
            rendered[Path(path)] = value
        else:
            text = value if isinstance(value, str) else to_csv_text(value)
            rendered[Path(path)] = text.encode("utf-8")
    umask = os.umask(0)
    os.umask(umask)
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in rendered.items():
            with writing(path):  # a full disk: one DataError naming the target, not its temporary
                path.parent.mkdir(parents=True, exist_ok=True)
                for stale in stale_temporaries(path):
                    stale.unlink(missing_ok=True)
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                           suffix=".tmp")
                staged.append((tmp, path))
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.chmod(tmp, 0o666 & ~umask)
    except BaseException:
        for tmp, _path in staged:
            with contextlib.suppress(OSError):
                if os.path.exists(tmp):
                    os.unlink(tmp)
        raise
    return replace_together(staged)


def replace_together(staged: list[tuple[str, Path]]) -> list[Path]:
    """Rename each written temporary file of ``staged`` (temporary file, target) onto its
    target, all or none: each old file is kept aside until the last rename has succeeded, and
    a failure puts the old files back, removes the new ones and every temporary file, and
    raises (a full disk or a folder that cannot be written as one DataError naming the
    target). Returns the targets."""
    kept: dict[Path, str | None] = {}  # target -> its old file set aside (None: was absent)
    try:
        for tmp, path in staged:
            with writing(path):  # named by the target it happened to, not its temporary
                kept[path] = None
                if path.exists() or path.is_symlink():
                    old = tempfile.mktemp(dir=path.parent, prefix=f".{path.name}.",
                                          suffix=".old")
                    try:
                        os.link(path, old)
                    except OSError as error:  # no hard links here; a directory raises too
                        if path.is_dir() or error.errno in WRITE_PROBLEMS:
                            raise
                        shutil.copy2(path, old)
                    kept[path] = old
                os.replace(tmp, path)
    except BaseException:
        # Best effort: on a disk gone read-only these fail too, and the error that stopped
        # the write is the one to report (the next write removes what is left).
        for path, old in kept.items():
            with contextlib.suppress(OSError):
                if old is not None and os.path.exists(old):
                    os.replace(old, path)
                elif old is None and path.is_file() and any(p == path for _, p in staged):
                    if not any(os.path.exists(t) for t, p in staged if p == path):
                        path.unlink()
        raise
    finally:
        for leftover in [tmp for tmp, _path in staged] + [o for o in kept.values() if o]:
            with contextlib.suppress(OSError):
                if os.path.exists(leftover):
                    os.unlink(leftover)
    return [path for _tmp, path in staged]


# The names write_tables gives its temporary files: tempfile's eight random characters
# between the target's name and .tmp (the new file) or .old (the old one, set aside).
_TEMPORARY = r"\.{name}\.[a-z0-9_]{{8}}\.(?:tmp|old)"


def stale_temporaries(path: str | Path) -> list[Path]:
    """The temporary files :func:`write_tables` makes for the target ``path`` that are still
    beside it: none unless a writer was killed (SIGKILL, a power cut) before it could remove
    them. Only names of exactly that pattern (``.NAME.xxxxxxxx.tmp`` or ``.old``) count."""
    path = Path(path)
    pattern = re.compile(_TEMPORARY.format(name=re.escape(path.name)))
    try:
        candidates = list(path.parent.glob(f".{glob.escape(path.name)}.*"))
    except OSError:
        return []
    return sorted(p for p in candidates if pattern.fullmatch(p.name) and p.is_file())
