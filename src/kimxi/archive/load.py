"""KCNA's English archive of Sep 2017 - Apr 2018: load it, check it, cut it into sentences.

The archive (``kcna_en_2017-09_2018-04.csv``, read from ``../shared/external/``
or any path given) is research reference text without a licence: the
repository never holds it, only what :mod:`kimxi.archive.build` derives from it.

:func:`load_archive` checks, before anything is used, that the file exists,
has the sha256 its README gives, is UTF-8, is valid CSV, has the columns
``id``, ``date``, ``title``, ``text`` and ``source_url``, that no title or text
is empty, that every date is a date inside :data:`kimxi.corpus.windows.ARCHIVE_WINDOW`
and is the date in the article's id, and that no id repeats. The first problem
raises one :class:`~kimxi.io.errors.DataError` naming file, row (and the line the
row starts on) and column.

:func:`split_archive` cuts every text into blank-line paragraphs and each
paragraph into sentences with :func:`kimxi.corpus.segment.split_sentences` (nupunkt,
the collection's splitter). Spans are offsets into the article's ``text``
exactly as the archive holds it, so ``text[start:end] == sentence`` for every
sentence; :func:`check_spans` verifies that for a committed table.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd

from kimxi.corpus import windows
from kimxi.corpus.segment import split_sentences
from kimxi.io.errors import DataError
from kimxi.io.paths import ROOT, relative
from kimxi.io.schema import Column, parse_date
from kimxi.io.tables import read_table

ARCHIVE_NAME = "kcna_en_2017-09_2018-04.csv"
# As the README beside the archive gives it.
ARCHIVE_SHA256 = "ea33f5c61730431aecac3edde522f5adc013d7041e8ffd430646b2daedbf0ea9"
DEFAULT_ARCHIVE = ROOT.parent / "shared" / "external" / ARCHIVE_NAME
SOURCE = ("codebykyle/kcna_scraper, commit 4611b3ac33f797eddf6396d8e6d9c1159346ead8 "
          "(2018-04-27), cache/juche/*.json, scraped from kcna.co.jp")

# KCNA's item number of the day (two digits; three on a few days of the 1997-2018 archive),
# or xN where the address gives none; "-2" marks a second copy of a day's index.
ID_PATTERN = r"kcna-\d{8}-(?:\d{2,3}|x\d+)(?:-\d)?"
ARCHIVE_COLUMNS = (
    Column("id", pattern=ID_PATTERN, description="kcna-YYYYMMDD-NN, from the article's URL"),
    Column("date", kind="date", description="the KCNA day"),
    Column("title"),
    Column("text", description="paragraphs separated by a blank line"),
    Column("source_url", kind="url", description="the article's address on kcna.co.jp"),
)
SENTENCE_KEYS = ["sentence_id", "id", "paragraph", "sentence", "start", "end"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def default_archive() -> Path | None:
    """The archive beside the repository (``../shared/external/``), or None when absent."""
    return DEFAULT_ARCHIVE if DEFAULT_ARCHIVE.is_file() else None


def sha256_of(path: str | Path) -> str:
    """The sha256 of the file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_file(path: Path, sha256: str | None) -> str:
    """The archive file's name as errors give it, after checking that it exists and, unless
    ``sha256`` is None, that its bytes have that sha256; DataError otherwise."""
    name = relative(path)
    if not path.is_file():
        raise DataError(name, "file not found (the KCNA archive: see "
                              "../shared/external/README.md, or pass its path)")
    if sha256 is not None:
        found = sha256_of(path)
        if found != sha256:
            raise DataError(name, f"sha256 is {found}, expected {sha256} (the archive's "
                                  "README): the file is not the archive the tables were "
                                  "built from")
    return name


def load_archive(path: str | Path = DEFAULT_ARCHIVE,
                 sha256: str | None = ARCHIVE_SHA256,
                 window: tuple | None = windows.ARCHIVE_WINDOW) -> pd.DataFrame:
    """The validated archive: one row per article, every cell as text.

    ``sha256=None`` skips the checksum (for a corpus of the same shape that is
    not this archive); ``window=None`` accepts any date (the 1997-2018 archive); every other
    check still runs. A ``.gz`` file is read directly; its sha256 is that of the file's bytes.
    """
    path = Path(path)
    name = check_file(path, sha256)
    frame = read_table(path, ARCHIVE_COLUMNS, key="id")
    lines = frame.attrs["lines"]
    for i, record in enumerate(frame.to_dict("records"), start=1):
        line = int(lines[i - 1])
        for col in ("title", "text"):
            if record[col].strip() == "":
                raise DataError(name, "is empty (only white space)", row=i, column=col,
                                line=line)
        day = parse_date(record["date"])
        if window is not None and not windows.contains(window, day):
            lo, hi = window
            raise DataError(name, f"{record['date']} is outside the archive window {lo}..{hi}",
                            row=i, column="date", line=line)
        if record["id"][5:13] != record["date"].replace("-", ""):
            raise DataError(name, f"the id's date {record['id'][5:13]} is not the date "
                                  f"{record['date']}", row=i, column="id", line=line)
    return frame


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each blank-line separated paragraph, white space trimmed."""
    spans, start = [], 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        block = text[start:end]
        lead = len(block) - len(block.lstrip())
        trail = len(block.rstrip())
        if trail > lead:
            spans.append((start + lead, start + trail))
        if match:
            start = match.end()
    return spans


def split_text(text: str) -> list[tuple[int, int, int]]:
    """``(paragraph, start, end)`` of every sentence of one text (paragraphs from 1)."""
    out = []
    for number, (p_start, p_end) in enumerate(paragraph_spans(text), start=1):
        out.extend((number, s, e) for s, e in split_sentences(text[p_start:p_end], p_start))
    return out


def split_archive(archive: pd.DataFrame) -> pd.DataFrame:
    """Every sentence of every article, in archive order, with its span and text.

    Columns: ``sentence_id`` (``<id>-s<NNN>``, numbered from 1 within the
    article), ``id``, ``paragraph``, ``sentence``, ``start``, ``end``, ``text``.
    """
    rows = []
    for article_id, text in zip(archive["id"], archive["text"], strict=True):
        for n, (paragraph, start, end) in enumerate(split_text(text), start=1):
            rows.append((f"{article_id}-s{n:03d}", article_id, paragraph, n, start, end,
                         text[start:end]))
    return pd.DataFrame(rows, columns=[*SENTENCE_KEYS, "text"])


def check_spans(table: pd.DataFrame, archive: pd.DataFrame, path: str | Path,
                text_column: str = "text") -> None:
    """Raise DataError at the first row whose span does not slice its text from the archive.

    ``table`` needs ``id``, ``start``, ``end`` and ``text_column``; ``path`` names
    the table in the error.
    """
    texts = dict(zip(archive["id"], archive["text"], strict=True))
    name = relative(path)
    for i, row in enumerate(table[["id", "start", "end", text_column]].itertuples(index=False),
                            start=1):
        article_id, start, end, text = row
        if article_id not in texts:
            raise DataError(name, f"{article_id!r} is not an article of the archive", row=i,
                            column="id")
        start, end = int(start), int(end)
        source = texts[article_id]
        if not 0 <= start < end <= len(source) or source[start:end] != text:
            raise DataError(name, f"span {start}..{end} of {article_id} reads "
                                  f"{source[start:end][:60]!r}, not {str(text)[:60]!r}",
                            row=i, column=text_column)
