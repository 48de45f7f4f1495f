"""The one exception type for bad input."""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """Bad input, located: which file, which row, which column, what was expected.

    ``row`` is the 1-based data row of a table (the header is not counted, so
    data row 4 sits on line 5 of the file); ``None`` when the problem concerns
    the whole file. ``column`` is a column name, or ``None``.
    """

    def __init__(self, path: str | Path, message: str, row: int | None = None,
                 column: str | None = None):
        self.path = str(path)
        self.row = row
        self.column = column
        self.detail = message
        where = [self.path]
        if row is not None:
            where.append(f"row {row} (line {row + 1})")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(", ".join(where) + ": " + message)
