"""The text tables of the KCNA archive: what a research dataset may hold.

The functions here take the loaded archive (:func:`kimxi.archive.load.load_archive`) and
return tables; they write nothing and score nothing. ``kimxi kcna`` (:mod:`kimxi.run.kcna_build`)
composes them with the tone stage (:mod:`kimxi.tone.score`) and the term matrix
(:mod:`kimxi.topics.terms`), then writes ``data/kcna/`` (or ``--out``), all together or not
at all:

- ``articles.csv``: every article's id, date, title and address (which the
  archive's README allows), the sha256 of its text, its length in characters,
  words, paragraphs and sentences, the countries and leaders it mentions
  (:mod:`kimxi.archive.mentions`) and its genre (:mod:`kimxi.archive.genre`).
- ``sentences.csv``: the text, with its span, of the sentences the analyses
  quote, code or show (:func:`select_sentences`): those that mention China,
  every sentence of the leader-to-leader messages and of the leaders' speeches,
  and every sentence of the KCNA articles of the Kim-Xi record.
- ``sentence_features.csv``: every sentence of the archive without its text:
  span, length, whether it mentions China, whether its text is committed, and
  its tone by the collection's three scorers and the validated measure.
- ``dtm.mtx.gz`` and ``dtm_terms.csv``: a sparse article-by-term count matrix
  (Matrix Market, rows in the order of ``articles.csv``) over the terms of
  :func:`kimxi.topics.terms.tokenize` that occur in at least two articles
  (:func:`kimxi.topics.terms.term_matrix`): enough for
  topic models, not a text.

``--check`` rebuilds in memory and compares byte for byte with the committed
files instead of writing. The archive is never copied.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
from pathlib import Path

import pandas as pd
import scipy.io
import scipy.sparse

from kimxi.archive import genre, load as kcna, mentions
from kimxi.archive.tables import KCNA_DIR
from kimxi.corpus import windows
from kimxi.io.errors import DataError
from kimxi.io.paths import DATA, relative

OUT = KCNA_DIR
FILES = ("articles.csv", "sentences.csv", "sentence_features.csv", "dtm_terms.csv",
         "dtm.mtx.gz")
MESSAGE_TEXTS_CSV = DATA / "message_texts.csv"
# A sentence is selected as "China" when it names China, the Chinese, Xi, Beijing
# or the CPC (the China rule of kimxi.archive.mentions, plus a bare "Xi").
CHINA_SENTENCE = re.compile(mentions.FOCUS_PATTERNS["china"] + r"|\bXi\b")
SPEECH_TITLE = re.compile(r"\bSpeech\b")


def record_article_ids(path: str | Path = MESSAGE_TEXTS_CSV) -> list[str]:
    """The KCNA ids that the record's full texts (``message_texts.csv``) cite."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "kcna_id" not in table.columns:
        return []
    return sorted({i for i in table["kcna_id"] if i})


def article_table(archive: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per article: address, size, mentions, genre (see the module docstring)."""
    found = mentions.mention_table(archive["id"], archive["title"], archive["text"])
    foreign_title = [any(mentions.focus_mentions(t).values()) or bool(mentions.other_countries(t))
                     for t in archive["title"]]
    genres = genre.genre_table(archive["id"], archive["title"], archive["text"], foreign_title)
    per = sentences.groupby("id", sort=False).agg(n_sentences=("sentence", "size"),
                                                  n_paragraphs=("paragraph", "max"))
    table = archive[["id", "date", "title", "source_url"]].copy()
    table["text_sha256"] = [hashlib.sha256(t.encode("utf-8")).hexdigest()
                            for t in archive["text"]]
    table["n_chars"] = archive["text"].str.len()
    table["n_words"] = archive["text"].str.split().str.len()
    table["n_paragraphs"] = table["id"].map(per["n_paragraphs"]).fillna(0).astype(int)
    table["n_sentences"] = table["id"].map(per["n_sentences"]).fillna(0).astype(int)
    table = table.merge(found, on="id", validate="one_to_one")
    table = table.merge(genres, on="id", validate="one_to_one")
    lo, hi = (d.isoformat() for d in windows.MESSAGE_WINDOW)
    table["in_study_window"] = (table["date"] >= lo) & (table["date"] <= hi)
    return table


def select_sentences(sentences: pd.DataFrame, articles: pd.DataFrame,
                     record_ids: list[str]) -> pd.Series:
    """Why each sentence's text is committed ("" when it is not).

    In this order, the first that holds: ``exchange`` (an article the record
    cites), ``leader message`` (an article of that genre), ``speech`` (a visit
    or talks article whose title names a speech), ``china`` (the sentence
    matches :data:`CHINA_SENTENCE`).
    """
    by_id = articles.set_index("id")
    speech = set(by_id.index[(by_id["genre"] == "visit or talks")
                             & by_id["title"].str.contains(SPEECH_TITLE)])
    leader = set(by_id.index[by_id["genre"] == "leader message"])
    record = set(record_ids)
    reasons = []
    for article_id, text in zip(sentences["id"], sentences["text"], strict=True):
        if article_id in record:
            reasons.append("exchange")
        elif article_id in leader:
            reasons.append("leader message")
        elif article_id in speech:
            reasons.append("speech")
        elif CHINA_SENTENCE.search(text):
            reasons.append("china")
        else:
            reasons.append("")
    return pd.Series(reasons, index=sentences.index, name="reason")


def sentence_features(sentences: pd.DataFrame, reasons: pd.Series,
                      tone: pd.DataFrame) -> pd.DataFrame:
    """Every sentence without its text: span, words, China, committed, and the columns of
    ``tone`` (one row per sentence, in the order of ``sentences``)."""
    table = sentences[kcna.SENTENCE_KEYS].copy()
    table["n_words"] = sentences["text"].str.split().str.len()
    table["china"] = sentences["text"].str.contains(CHINA_SENTENCE)
    table["text_committed"] = reasons != ""
    for col in tone.columns:
        table[col] = tone[col].to_numpy()
    return table


def matrix_bytes(matrix: scipy.sparse.spmatrix) -> bytes:
    """The matrix as gzip'd Matrix Market text, byte-reproducible (no time stamp)."""
    text = io.BytesIO()
    scipy.io.mmwrite(text, matrix.tocoo(), field="integer")
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as handle:
        handle.write(text.getvalue())
    return out.getvalue()


def text_tables(archive: pd.DataFrame, record_ids: list[str]
                ) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """The archive's articles table, every sentence (with its text) and why each sentence's
    text is committed: what the tone and topic stages then work from. DataError when the
    record cites an article the archive does not hold."""
    sentences = kcna.split_archive(archive)
    articles = article_table(archive, sentences)
    missing = sorted(set(record_ids) - set(archive["id"]))
    if missing:
        raise DataError(relative(MESSAGE_TEXTS_CSV),
                        f"cites {', '.join(missing)}, not in the archive", column="kcna_id")
    return articles, sentences, select_sentences(sentences, articles, record_ids)


def committed_sentences(sentences: pd.DataFrame, reasons: pd.Series) -> pd.DataFrame:
    """The sentences whose text is committed, with the reason, in archive order."""
    chosen = sentences[reasons != ""].copy()
    chosen.insert(len(kcna.SENTENCE_KEYS), "reason", reasons[reasons != ""])
    return chosen
