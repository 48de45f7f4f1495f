"""The one way the collection declares a table: :class:`Column` and :class:`Schema`.

Every table the collection reads or writes (the curated record, the KCNA archive's tables,
the processed tables of the notebooks, a user's corpus) is declared once as columns of this
module. The same declaration checks a table cell by cell when it is read and before it is
written (:mod:`kimxi.io.tables`, :mod:`kimxi.io.processed`), and becomes its Frictionless
Table Schema in ``data/datapackage.json`` (:meth:`Column.field`, :meth:`Schema.descriptor`),
which ``frictionless`` validates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def parse_date(value: str) -> dt.date:
    """An ISO 8601 calendar date, ``YYYY-MM-DD``; ``ValueError`` otherwise."""
    if not _DATE.fullmatch(value):
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _check_date(value: str) -> str | None:
    try:
        parse_date(value)
    except ValueError as exc:
        return str(exc)
    return None


def _check_int(value: str) -> str | None:
    return None if re.fullmatch(r"-?\d+", value) else f"{value!r} is not an integer"


def _check_number(value: str) -> str | None:
    try:
        float(value)
    except ValueError:
        return f"{value!r} is not a number"
    return None


def _check_bool(value: str) -> str | None:
    return None if value in ("true", "false") else f"{value!r} is not true or false"


def _check_sha256(value: str) -> str | None:
    return None if _SHA256.fullmatch(value) else f"{value!r} is not a sha256 (64 hex digits)"


def _check_url(value: str) -> str | None:
    return None if re.fullmatch(r"https?://\S+", value) else f"{value!r} is not an http(s) URL"


def _check_flag(value: str) -> str | None:
    return None if value in ("True", "False") else f"{value!r} is not True or False"


_KIND_CHECKS: dict[str, Callable[[str], str | None]] = {
    "string": lambda value: None,
    "date": _check_date,
    "integer": _check_int,
    "number": _check_number,
    "boolean": _check_bool,
    "sha256": _check_sha256,
    "url": _check_url,
    "flag": _check_flag,
}
# The Frictionless type of each kind, and the pattern that narrows it.
_TYPES = {"string": "string", "date": "date", "integer": "integer", "number": "number",
          "boolean": "boolean", "sha256": "string", "url": "string", "flag": "boolean"}
_PATTERNS = {"sha256": r"[0-9a-f]{64}", "url": r"https?://\S+"}


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, kind and constraints.

    ``kind`` is one of string, date, integer, number, boolean (``true``/``false``), flag
    (pandas' ``True``/``False``), sha256, url.
    ``required`` cells may not be empty; ``choices`` lists the allowed values;
    ``pattern`` is a regular expression the whole cell must match.
    """

    name: str
    kind: str = "string"
    required: bool = True
    choices: tuple[str, ...] | None = None
    pattern: str | None = None
    description: str = ""

    def check(self, value: str) -> str | None:
        """``None`` when ``value`` is acceptable, else what is wrong with it."""
        if value == "":
            return "is empty" if self.required else None
        if self.required and not value.strip():
            return "is empty (only white space)"
        if self.choices is not None and value not in self.choices:
            return f"{value!r} is not one of {', '.join(self.choices)}"
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            return f"{value!r} does not match {self.pattern}"
        return _KIND_CHECKS[self.kind](value)



    def field(self, minimum: str | None = None, maximum: str | None = None) -> dict:
        """The column as a Frictionless field descriptor (type, format, constraints);
        ``minimum``/``maximum`` bound a date column."""
        out: dict = {"name": self.name, "type": _TYPES[self.kind]}
        if self.description:
            out["description"] = self.description
        if self.kind == "date":
            out["format"] = "%Y-%m-%d"
        if self.kind == "flag":
            out["trueValues"], out["falseValues"] = ["True"], ["False"]
        constraints: dict = {"required": self.required}
        if self.choices:
            constraints["enum"] = list(self.choices)
        pattern = self.pattern or _PATTERNS.get(self.kind)
        if pattern:
            constraints["pattern"] = pattern
        if minimum is not None:
            constraints["minimum"] = minimum
        if maximum is not None:
            constraints["maximum"] = maximum
        out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class Schema:
    """A table: its columns, and the column whose values are unique (``key``), if any.

    A table may hold columns beyond those declared (the descriptor lists the declared ones).
    """

    columns: tuple[Column, ...]
    key: str | None = None

    def __iter__(self):
        return iter(self.columns)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def descriptor(self, bounds: dict[str, tuple[str, str]] | None = None,
                   foreign_keys: list[dict] | None = None,
                   header: list[str] | None = None) -> dict:
        """The Frictionless Table Schema: fields, primary key, foreign keys, ``""`` missing.

        ``bounds`` gives a date column's (minimum, maximum). ``header``, a table's columns in
        file order, lists its fields in that order, a column not declared here as of type
        ``any``; without it, the declared columns in their order."""
        bounds = bounds or {}
        declared = {c.name: c.field(*bounds.get(c.name, (None, None))) for c in self.columns}
        names = header if header is not None else list(declared)
        out: dict = {"fields": [declared.get(name, {"name": name, "type": "any"})
                                for name in names], "missingValues": [""]}
        if self.key is not None:
            out["primaryKey"] = [self.key]
        if foreign_keys:
            out["foreignKeys"] = foreign_keys
        return out
