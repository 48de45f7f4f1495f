"""The committed tables of the KCNA archive: their schemas, declared once, and their loaders.

:mod:`kimxi.archive.build` writes them from the archive; :func:`load_built`
reads them back, checked cell by cell, for the notebooks and the tests. A fresh
clone without the archive runs every notebook from these tables.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kimxi.archive.genre import GENRES
from kimxi.archive.load import ID_PATTERN
from kimxi.archive.mentions import FOCUS
from kimxi.io.paths import DATA
from kimxi.io.schema import Column, Schema
from kimxi.io.tables import read_table

KCNA_DIR = DATA / "kcna"
REASONS = ("exchange", "leader message", "speech", "china")
_ID = ID_PATTERN
_SENTENCE_ID = ID_PATTERN + r"-s\d{3,}"

ARTICLES_COLUMNS = (
    Column("id", pattern=_ID),
    Column("date", kind="date"),
    Column("title"),
    Column("source_url", kind="url"),
    Column("text_sha256", kind="sha256", description="sha256 of the text's UTF-8 bytes"),
    Column("n_chars", kind="integer"),
    Column("n_words", kind="integer", description="white-space separated words"),
    Column("n_paragraphs", kind="integer"),
    Column("n_sentences", kind="integer"),
    *(Column(key, kind="boolean", description=f"mentions {key} (kimxi.archive.mentions)")
      for key in FOCUS),
    Column("other_countries", required=False, description="'; '-separated"),
    Column("leaders", required=False, description="'; '-separated"),
    Column("genre", choices=GENRES),
    Column("genre_rule", description="the rule of kimxi.archive.genre that decided"),
    Column("in_study_window", kind="boolean", description="dated inside the message window"),
)
_SPAN = (
    Column("sentence_id", pattern=_SENTENCE_ID),
    Column("id", pattern=_ID),
    Column("paragraph", kind="integer"),
    Column("sentence", kind="integer", description="number within the article, from 1"),
    Column("start", kind="integer", description="offset into the archive's text"),
    Column("end", kind="integer"),
)
SENTENCES_COLUMNS = (*_SPAN, Column("reason", choices=REASONS), Column("text"))
FEATURES_COLUMNS = (
    *_SPAN,
    Column("n_words", kind="integer"),
    Column("china", kind="boolean", description="mentions China, the Chinese, Xi, Beijing or "
                                                "the CPC"),
    Column("text_committed", kind="boolean", description="its text is in sentences.csv"),
    Column("textblob_polarity", kind="number"),
    Column("vader_compound", kind="number"),
    Column("lexicon_score", kind="number"),
    Column("measure_class", kind="integer", choices=("-1", "0", "1"),
           description="class of the tone measure validated in notebook 05"),
    Column("measure_score", kind="number",
           description="its score: for a logistic measure the expected tone, "
                       "P(cooperative) - P(conflictual)"),
)
TERMS_COLUMNS = (
    Column("term_id", kind="integer", description="0-based column of dtm.mtx.gz"),
    Column("term"),
    Column("df", kind="integer", description="articles that hold the term"),
    Column("count", kind="integer", description="occurrences in the archive"),
)
SCHEMAS = {"articles.csv": Schema(ARTICLES_COLUMNS, key="id"),
           "sentences.csv": Schema(SENTENCES_COLUMNS, key="sentence_id"),
           "sentence_features.csv": Schema(FEATURES_COLUMNS, key="sentence_id"),
           "dtm_terms.csv": Schema(TERMS_COLUMNS, key="term_id")}


def typed(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """Integers, numbers and booleans of a text table as such."""
    frame = frame.copy()
    for col in columns:
        if col.name not in frame.columns:
            continue
        if col.kind == "integer":
            frame[col.name] = frame[col.name].astype("int64")
        elif col.kind == "number":
            frame[col.name] = frame[col.name].astype(float)
        elif col.kind == "boolean":
            frame[col.name] = frame[col.name] == "true"
    return frame


def load_built(directory: str | Path = KCNA_DIR, names=tuple(SCHEMAS)) -> dict[str, pd.DataFrame]:
    """The committed archive tables of ``directory``, validated and typed, by file name."""
    directory = Path(directory)
    return {name: typed(read_table(directory / name, SCHEMAS[name].columns,
                                   key=SCHEMAS[name].key), SCHEMAS[name].columns)
            for name in names}


def read_matrix(path: str | Path = KCNA_DIR / "dtm.mtx.gz"):
    """The committed article-by-term matrix (gzip'd Matrix Market, written by
    :func:`kimxi.archive.build.matrix_bytes`) as a CSR matrix."""
    import gzip

    import scipy.io
    import scipy.sparse

    with gzip.open(path, "rb") as handle:
        return scipy.sparse.csr_matrix(scipy.io.mmread(handle))
