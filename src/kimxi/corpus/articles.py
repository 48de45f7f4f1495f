"""The raw articles: metadata, integrity checks, paragraphs and page furniture.

Raw files are never edited. :func:`load_articles` reads ``data/raw/articles.csv``
and each article it names, checking that the file exists, is UTF-8, is not
empty and has the recorded sha256. :func:`split_paragraphs` cuts an article
into blank-line separated blocks with their character spans in the raw text,
and labels each block ``content``, ``headline`` or ``furniture`` (with the
rule that removed it and why), so nothing is dropped silently.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kimxi.io.errors import DataError
from kimxi.io.paths import ARTICLES_CSV, ARTICLES_DIR, relative
from kimxi.io.schema import Column, parse_date
from kimxi.io.tables import read_table

ARTICLE_COLUMNS = (
    Column("article_id", pattern=r"art-\d{3}", description="stable id, from the file's number"),
    Column("file", pattern=r"[\w.-]+\.txt", description="file name in data/raw/articles/"),
    Column("sha256", kind="sha256", description="sha256 of the file's bytes"),
    Column("outlet", description="publishing outlet, or 'not recorded'"),
    Column("url", required=False, description="address as the seed README gives it"),
    Column("headline", required=False, description="headline as printed, where the file has one"),
    Column("date_earliest", kind="date", description="earliest possible publication date"),
    Column("date_latest", kind="date", description="latest possible publication date"),
    Column("date_basis", description="how the publication date was inferred"),
    Column("section", description="kind of piece (news report, opinion column)"),
    Column("notes", required=False),
)


@dataclass(frozen=True)
class Article:
    """One raw article: its metadata row and its text exactly as stored."""

    article_id: str
    path: Path
    text: str
    meta: dict


def load_article_table(path: str | Path = ARTICLES_CSV) -> pd.DataFrame:
    """The validated article metadata table (see ``ARTICLE_COLUMNS``)."""
    frame = read_table(path, ARTICLE_COLUMNS, key="article_id")
    for i, row in enumerate(frame.itertuples(index=False), start=1):
        if parse_date(row.date_latest) < parse_date(row.date_earliest):
            raise DataError(relative(path), f"{row.date_latest} is before date_earliest "
                                            f"{row.date_earliest}", row=i, column="date_latest")
    return frame


def load_articles(meta_path: str | Path = ARTICLES_CSV,
                  raw_dir: str | Path = ARTICLES_DIR) -> list[Article]:
    """Every article of the metadata table, verified against its sha256.

    Raises DataError naming the metadata row and column ``file`` when the file
    is missing, empty or not UTF-8, and column ``sha256`` when its bytes differ.
    """
    table = load_article_table(meta_path)
    articles = []
    for i, row in enumerate(table.to_dict("records"), start=1):
        path = Path(raw_dir) / row["file"]
        where = relative(meta_path)
        if not path.is_file():
            raise DataError(where, f"article file {relative(path)} not found", row=i,
                            column="file")
        data = path.read_bytes()
        if not data.strip():
            raise DataError(where, f"article file {relative(path)} is empty", row=i,
                            column="file")
        digest = hashlib.sha256(data).hexdigest()
        if digest != row["sha256"]:
            raise DataError(where, f"article file {relative(path)} has sha256 {digest}, "
                                   f"expected {row['sha256']} (the raw file changed)",
                            row=i, column="sha256")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(where, f"article file {relative(path)}: byte {exc.start} is not "
                                   "UTF-8", row=i, column="file") from None
        articles.append(Article(row["article_id"], path, text, row))
    return articles


# Page furniture: blocks that belong to the web page, not to the article.
# Each rule: (name, pattern matched against the whole stripped block, why).
FURNITURE_RULES: tuple[tuple[str, re.Pattern, str], ...] = (
    ("breadcrumb", re.compile(r"You are here"),
     "site navigation breadcrumb, not text of the article"),
    ("section_label", re.compile(r"\d+\s+Social Buzz"),
     "share-counter / section widget of the page"),
    ("see_also", re.compile(r"SEE ALSO:.*", re.S),
     "link to another article of the site"),
    ("photo_caption", re.compile(r".*\bin this (?:undated )?photo\b.*\bSource: [^\n]+", re.S),
     "photo caption with its credit line; it describes a 2015 file photo, not the story"),
    ("agency_credit", re.compile(r"Additional reporting (?:from|by) [\w ,&]+"),
     "wire-agency credit line"),
)


def classify_block(block: str, headline: str = "") -> tuple[str, str, str]:
    """``(kind, rule, reason)`` for one paragraph block (already stripped).

    ``kind`` is ``furniture`` when a rule of ``FURNITURE_RULES`` matches the
    whole block, ``headline`` when the block is the article's recorded
    headline, else ``content`` (rule and reason empty).
    """
    for name, pattern, reason in FURNITURE_RULES:
        if pattern.fullmatch(block):
            return "furniture", name, reason
    if headline and block == headline:
        return "headline", "headline", "the headline, recorded in data/raw/articles.csv"
    return "content", "", ""


# A paragraph: a run of non-empty lines; blank lines separate paragraphs.
PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")


PARAGRAPH_COLUMNS = ["article_id", "paragraph", "start", "end", "text", "kind", "rule", "reason"]


def split_paragraphs(article: Article) -> pd.DataFrame:
    """The blank-line separated blocks of ``article`` with their spans and kinds.

    Columns: article_id, paragraph (1-based over all blocks, furniture
    included, so ids stay stable if a furniture rule changes), start, end
    (character offsets into the raw text; ``text == raw[start:end]``), text,
    kind, rule, reason.
    """
    return pd.DataFrame(paragraph_rows(article), columns=PARAGRAPH_COLUMNS)


def paragraph_rows(article: Article) -> list[dict]:
    """The rows of :func:`split_paragraphs` as dicts (for building one table of many articles)."""
    rows = []
    headline = article.meta.get("headline", "")
    for n, match in enumerate(PARAGRAPH.finditer(article.text), start=1):
        raw = match.group(0)
        lead = len(raw) - len(raw.lstrip())
        start, end = match.start() + lead, match.start() + len(raw.rstrip())
        if start >= end:
            continue
        text = article.text[start:end]
        kind, rule, reason = classify_block(text, headline)
        rows.append(dict(article_id=article.article_id, paragraph=n, start=start, end=end,
                         text=text, kind=kind, rule=rule, reason=reason))
    return rows


def articles_from_table(table: pd.DataFrame, source: str | Path) -> list[Article]:
    """Articles from a researcher's own corpus table (columns id, date, title, text).

    For bringing another corpus to the notebooks: ``table`` is what
    :func:`kimxi.corpus.documents.load_corpus` returns (validated), ``source`` the CSV
    it came from. There is no sha256 to check; spans then refer to the
    ``text`` column as given.
    """
    return [Article(str(row["id"]), Path(source), row["text"],
                    {"article_id": str(row["id"]), "headline": "", "title": row["title"],
                     "date": row["date"]})
            for row in table.to_dict("records")]
