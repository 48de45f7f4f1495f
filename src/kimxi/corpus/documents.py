"""A researcher's own corpus CSV: read it, keep a date window, clean its text.

A *corpus CSV* has one row per document with the columns ``id``, ``date``
(YYYY-MM-DD), ``title`` (may be empty) and ``text``; ``doc_id`` is accepted
for ``id`` (the Rodong Sinmun sample names it so), and other columns are
ignored. :func:`read_corpus` is the stage the corpus notebook calls on
``make run CORPUS=...`` and the benchmark times: :func:`load_corpus`
(validated: one DataError naming file, row and column at the first bad cell),
:func:`select_dates` (bounds validated as dates), :func:`clean_corpus`
(:func:`clean_text`: Unicode NFC, line ends, runs of spaces, and the space lost
after a sentence end when paragraphs were joined, ``MISSING_SPACE``), then
:func:`kimxi.corpus.articles.articles_from_table`.
"""

from __future__ import annotations

import csv
import itertools
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from kimxi.corpus.articles import Article, articles_from_table
from kimxi.io import cache
from kimxi.io.errors import DataError
from kimxi.io.paths import relative
from kimxi.io.schema import Column, parse_date
from kimxi.io.tables import LineNumbers, iter_lines
from kimxi.io.write_checks import iter_blocks

CORPUS_COLUMNS = (
    Column("id", description="stable document id"),
    Column("date", kind="date", description="publication date, YYYY-MM-DD"),
    Column("title", required=False, description="headline; may be empty"),
    Column("text", description="body text; paragraphs separated by blank lines"),
)
ID_ALIASES = {"doc_id": "id"}



# Documents read at a time by :func:`iter_corpus`: the stages of a user's corpus hold one such
# chunk of text at a time, so their memory does not grow with the corpus.
CHUNK_DOCUMENTS = 2000


def load_corpus(path: str | Path) -> pd.DataFrame:
    """The corpus CSV at ``path`` as a DataFrame with columns id, date, title, text.

    ``doc_id`` is read as ``id`` when there is no ``id`` column; a missing
    ``title`` column reads as empty titles. Raises DataError (file, row,
    column) for a missing file or column, no documents, an empty id or text,
    a date that is not YYYY-MM-DD, or a duplicate id (:func:`iter_corpus`, all at once).
    """
    chunks = list(iter_corpus(path))
    frame = pd.concat(chunks, ignore_index=True)
    frame.attrs["lines"] = LineNumbers(np.concatenate([c.attrs["lines"].array for c in chunks]))
    return frame


def iter_corpus(path: str | Path, size: int = CHUNK_DOCUMENTS) -> Iterator[pd.DataFrame]:
    """The corpus CSV at ``path`` (see :func:`load_corpus`), ``size`` documents at a time, in
    file order, read and checked a block at a time (:func:`kimxi.io.tables.iter_lines`,
    :func:`kimxi.io.write_checks.iter_blocks`): a bad cell is raised where it is met, a
    duplicate id after the last chunk, and the whole file is never in memory."""
    name = relative(path)
    lines = iter_lines(path)
    first = next(lines, "")
    if not first.strip():
        raise DataError(name, "the file is empty (expected a header row with "
                              "id, date, title, text)")
    header = next(csv.reader([first]))
    columns = []
    for col in CORPUS_COLUMNS:
        column = col.name
        if column not in header:
            alias = next((a for a, target in ID_ALIASES.items() if target == column), None)
            if alias in header:
                column = alias
            elif column == "title":
                continue
        columns.append(Column(column, col.kind, col.required, description=col.description))
    key, count = columns[0].name, 0
    for head, block, where in iter_blocks(name, itertools.chain([first], lines), columns, key,
                                      size):
        frame = pd.DataFrame(block, columns=head, dtype=str).rename(columns={key: "id"})
        if "title" not in frame.columns:
            frame["title"] = ""
        frame.index += count
        count += len(frame)
        frame = frame[["id", "date", "title", "text"]]
        frame.attrs["lines"] = LineNumbers(where)  # the file line each row starts on
        yield frame
    if not count:
        raise DataError(name, "the file has a header but no documents")


def select_dates(corpus: pd.DataFrame, start: str | None = None,
                 end: str | None = None) -> pd.DataFrame:
    """The documents of ``corpus`` dated from ``start`` to ``end`` (YYYY-MM-DD,
    both included; ``None``: no limit), in their order, index reset.

    Raises ValueError for a bound that is not a date or a start after the end.
    """
    bounds = {}
    for name, value in (("start", start), ("end", end)):
        if value is not None:
            bounds[name] = parse_date(value).isoformat()  # ValueError names the value
    if "start" in bounds and "end" in bounds and bounds["start"] > bounds["end"]:
        raise ValueError(f"start {bounds['start']} is after end {bounds['end']}")
    keep = pd.Series(True, index=corpus.index)
    if "start" in bounds:
        keep &= corpus["date"] >= bounds["start"]
    if "end" in bounds:
        keep &= corpus["date"] <= bounds["end"]
    return corpus[keep].reset_index(drop=True)


# ---------------------------------------------------------------------------
# 2. Clean

# A sentence end glued to the next sentence: two word characters (or a closing
# quote or bracket), then . ! or ?, an optional closing quote, and no space
# before a capitalised word (or a one-letter capital word such as "A" or "I").
# Scraped corpora lose the space where a paragraph break was removed: 1,500
# times in the 600-article Rodong Sinmun sample ("the Party.Kung Yong Suk").
# Requiring two characters before the stop leaves initials and "U.S.A" alone.
# (The stop comes first in the pattern so the regex engine can scan for it.)
MISSING_SPACE = re.compile(r"([.!?])(?<=[\w\"”’)\]]{2}[.!?])([\"”’)]?)(?=[“\"‘]?[A-Z](?:[a-z]|\s))")
_BLANKS = "\t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000"
# Runs of blanks other than a single plain space (a single space is left as it is).
_SPACES = re.compile(rf"[{_BLANKS}][ {_BLANKS}]*| [ {_BLANKS}]+")
_LINE_END_SPACES = re.compile(r" *\n *")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


def restore_missing_spaces(text: str) -> str:
    """``text`` with a space put back at each glued sentence end (``MISSING_SPACE``).

    A straight double quote right after the stop is ambiguous: it closes the
    sentence's quotation (``Riders."Art`` -> ``Riders." Art``) when an odd
    number of straight quotes precede it, else it opens the next sentence's
    (``(2020)."Masikryong`` -> ``(2020). "Masikryong``).
    """
    quotes = [m.start() for m in re.finditer('"', text)]

    def space(match: re.Match) -> str:
        stop, mark = match.group(1), match.group(2)
        if mark == '"' and bisect_left(quotes, match.start(2)) % 2 == 0:
            return stop + " " + mark
        return stop + mark + " "

    return MISSING_SPACE.sub(space, text)


def clean_text(text: str) -> str:
    """``text`` normalised for splitting and scoring.

    Unicode NFC; CR and CRLF line ends become LF; runs of spaces, tabs and
    Unicode spaces become one space; spaces at line ends go; two or more line
    breaks with only blanks between become one blank line (a paragraph
    break); a space is restored after a glued sentence end (``MISSING_SPACE``);
    leading and trailing whitespace is stripped. Words and punctuation are
    never changed.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    if "\n" in text:
        text = _LINE_END_SPACES.sub("\n", text)
        text = _BLANK_LINES.sub("\n\n", text)
    text = restore_missing_spaces(text)
    return text.strip()


def original_spans(original: str, cleaned: str, spans) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of ``cleaned`` (:func:`clean_text` of ``original``) as spans
    of ``original``: from the first to the last character of the span, located in the text as
    the user's file holds it.

    Cleaning changes only white space (and, for text not in NFC, the composition of
    characters), so the characters other than white space are matched in order; a character
    NFC changed is found by searching on from the last one matched.
    """
    where = np.full(len(cleaned), -1, dtype=np.int64)
    j = 0
    for i, char in enumerate(cleaned):
        if char.isspace():
            continue
        while j < len(original) and original[j].isspace():
            j += 1
        if j < len(original) and original[j] == char:
            where[i] = j
            j += 1
        else:  # NFC changed it: look for the same character further on
            found = original.find(char, j)
            if found >= 0:
                where[i], j = found, found + 1
    out = []
    for start, end in spans:
        inside = where[start:end]
        inside = inside[inside >= 0]
        out.append((int(inside[0]), int(inside[-1]) + 1) if len(inside) else (0, 0))
    return out


def clean_corpus(corpus: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``corpus`` with :func:`clean_text` applied to ``text`` and ``title``."""
    out = corpus.copy()
    out["text"] = [clean_text(t) for t in out["text"]]
    out["title"] = [clean_text(t) for t in out["title"]]
    return out


def read_corpus(path: str | Path, date_from: str = "", date_to: str = "") -> list[Article]:
    """The documents of the corpus CSV at ``path`` dated inside the window, cleaned, as articles
    (:func:`read_documents`, then one :class:`kimxi.corpus.articles.Article` per row)."""
    return articles_from_table(read_documents(path, date_from, date_to), path)


def read_documents(path: str | Path, date_from: str = "", date_to: str = "") -> pd.DataFrame:
    """The documents of the corpus CSV at ``path`` dated inside the window, cleaned, as a table.

    ``date_from`` and ``date_to`` (YYYY-MM-DD, inclusive; empty: no limit) are
    validated before the file is read. Raises DataError for a bad bound, a bad
    file (see :func:`load_corpus`) or an empty window. A table read before from the same
    bytes with the same window comes from :mod:`kimxi.io.cache` (``make run CORPUS=...``
    validates the corpus before any notebook starts, and two notebooks read it again).
    """
    try:
        data = Path(path).read_bytes()
    except OSError:  # no such file: load_corpus says so
        return _read_documents(path, date_from, date_to)
    return cache.cached("documents", dict(data=data, date_from=date_from, date_to=date_to),
                        lambda: _read_documents(path, date_from, date_to))


def _read_documents(path: str | Path, date_from: str, date_to: str) -> pd.DataFrame:
    return pd.concat(list(iter_documents(path, date_from, date_to)), ignore_index=True)


def iter_documents(path: str | Path, date_from: str = "", date_to: str = "",
                   size: int = CHUNK_DOCUMENTS) -> Iterator[pd.DataFrame]:
    """:func:`read_documents` a chunk of at most ``size`` documents at a time (each chunk
    indexed on from where the last ended), read by :func:`iter_corpus`: the documents dated
    inside the window, cleaned. The same DataErrors; an empty window is raised at the end."""
    for _, cleaned in iter_windowed(path, date_from, date_to, size):
        yield cleaned


def iter_windowed(path: str | Path, date_from: str = "", date_to: str = "",
                  size: int = CHUNK_DOCUMENTS) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """:func:`iter_documents` with each chunk's documents also as the file holds them:
    (as read, cleaned), the same rows in the same order."""
    try:
        select_dates(pd.DataFrame({"date": pd.Series([], dtype=str)}), date_from or None,
                     date_to or None)
    except ValueError as error:
        raise DataError(relative(path), f"the date window is not valid: {error}",
                        column="date") from None
    kept, first, last = 0, None, None
    for chunk in iter_corpus(path, size):
        first = min(first or chunk["date"].min(), chunk["date"].min())
        last = max(last or chunk["date"].max(), chunk["date"].max())
        table = select_dates(chunk, date_from or None, date_to or None)
        if table.empty:
            continue
        table.index += kept
        kept += len(table)
        yield table, clean_corpus(table)
    if not kept:
        raise DataError(relative(path), f"no document is dated from {date_from or '...'} to "
                                        f"{date_to or '...'}; the corpus runs from "
                                        f"{first} to {last}", column="date")
