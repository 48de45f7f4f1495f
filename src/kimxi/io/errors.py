"""The one exception type for bad input, and the write failures a user can act on."""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path

from kimxi.io.paths import relative


class DataError(ValueError):
    """Bad input, located: which file, which row, which column, what was expected.

    ``row`` is the 1-based data row of a table (the header is not counted, so
    data row 4 sits on line 5 of the file when no cell spans lines); ``None`` when
    the problem concerns the whole file. ``line`` is the file line on which the
    row starts, where the reader knows it (cells of text can span many lines);
    without it the line is taken as ``row + 1``. ``column`` is a column name, or
    ``None``.
    """

    def __init__(self, path: str | Path, message: str, row: int | None = None,
                 column: str | None = None, line: int | None = None):
        self.path = str(path)
        self.row = row
        self.column = column
        self.detail = message
        self.line = line if line is not None or row is None else row + 1
        where = [self.path]
        if row is not None:
            where.append(f"row {row} (line {self.line})")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(", ".join(where) + ": " + message)

    def __reduce__(self):
        # Pickled whole (a run's second chain raises it in a child process): the default
        # would call DataError(message) and fail for want of the other arguments.
        return type(self), (self.path, self.detail, self.row, self.column, self.line)


# What a write can meet that is the machine's state, not a bug: said as such, with the file.
WRITE_PROBLEMS = {
    errno.ENOSPC: "disk full (no space left on the device)",
    errno.EDQUOT: "disk full (the disk quota is used up)",
    errno.EROFS: "not writable (a read-only file system)",
    errno.EACCES: "not writable (permission denied)",
}


def write_failure(error: OSError, path: str | Path | None = None,
                  fallback: str | Path | None = None) -> DataError | None:
    """The DataError a user reads for ``error``, met writing ``path`` (else the error's own
    file, else ``fallback``), when it is one of :data:`WRITE_PROBLEMS`; None otherwise."""
    problem = WRITE_PROBLEMS.get(error.errno)
    if problem is None:
        return None
    named = path or error.filename or fallback
    return DataError(relative(named) if named else "a file", f"cannot be written: {problem}")


@contextlib.contextmanager
def writing(path: str | Path | None = None, fallback: str | Path | None = None
            ) -> Iterator[None]:
    """Turn an OSError of :data:`WRITE_PROBLEMS` raised in the block into one DataError
    (:func:`write_failure`): a full disk or a read-only folder is then a line the user can act
    on, not a traceback. Any other OSError passes unchanged."""
    try:
        yield
    except OSError as error:
        failure = write_failure(error, path, fallback)
        if failure is None:
            raise
        raise failure from None
