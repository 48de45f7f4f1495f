"""The one exception type for bad input."""

from __future__ import annotations

from pathlib import Path


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
