"""Build the committed tables of the KCNA archive: what a research dataset may hold.

``python -m kimxi.archive_build [ARCHIVE] [--out DIR] [--check]`` (``make kcna``):
loads and checks the archive (:func:`kimxi.archive.load_archive`), then writes
to ``data/kcna/`` (or ``--out``), all together or not at all:

- ``articles.csv``: every article's id, date, title and address (which the
  archive's README allows), the sha256 of its text, its length in characters,
  words, paragraphs and sentences, the countries and leaders it mentions
  (:mod:`kimxi.mentions`) and its genre (:mod:`kimxi.genre`).
- ``sentences.csv``: the text, with its span, of the sentences the analyses
  quote, code or show (:func:`select_sentences`): those that mention China,
  every sentence of the leader-to-leader messages and of the leaders' speeches,
  and every sentence of the KCNA articles of the Kim-Xi record.
- ``sentence_features.csv``: every sentence of the archive without its text:
  span, length, whether it mentions China, whether its text is committed, and
  its tone by the collection's three scorers.
- ``dtm.mtx.gz`` and ``dtm_terms.csv``: a sparse article-by-term count matrix
  (Matrix Market, rows in the order of ``articles.csv``) over the terms of
  :func:`kimxi.topic_terms.tokenize` that occur in at least two articles
  (:func:`kimxi.topic_terms.term_matrix`): enough for
  topic models, not a text.

``--check`` rebuilds in memory and compares byte for byte with the committed
files instead of writing. The archive is never copied.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.io
import scipy.sparse

from kimxi import archive as kcna
from kimxi import cache, genre, mentions, sentiment, tone_validation, topic_terms, windows
from kimxi.archive_tables import KCNA_DIR, SCHEMAS
from kimxi.errors import DataError
from kimxi.lexicon import load_lexicon
from kimxi.paths import DATA, relative
from kimxi.tables import to_csv_text, write_tables

OUT = KCNA_DIR
FILES = ("articles.csv", "sentences.csv", "sentence_features.csv", "dtm_terms.csv",
         "dtm.mtx.gz")
MESSAGE_TEXTS_CSV = DATA / "message_texts.csv"
# A sentence is selected as "China" when it names China, the Chinese, Xi, Beijing
# or the CPC (the China rule of kimxi.mentions, plus a bare "Xi").
CHINA_SENTENCE = re.compile(mentions.FOCUS_PATTERNS["china"] + r"|\bXi\b")
SPEECH_TITLE = re.compile(r"\bSpeech\b")
MIN_DF = 2


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


def tone_scores(texts) -> pd.DataFrame:
    """TextBlob polarity, VADER compound and the lexicon score of each text.

    The same numbers as :func:`kimxi.sentiment.score_all` (a test checks), without
    the per-word drivers, which a whole archive does not need.
    """
    from kimxi.textblob_lean import pattern_sentiment

    textblob, analyzer = pattern_sentiment(), sentiment._vader()
    lexicon = load_lexicon()
    rows = []
    for text in texts:
        rows.append((float(textblob(text)[0]),
                     float(analyzer.polarity_scores(text)["compound"]),
                     float(sum(h.contribution for h in lexicon.hits(text)))))
    return pd.DataFrame(rows, columns=["textblob_polarity", "vader_compound", "lexicon_score"])


def sentence_features(sentences: pd.DataFrame, reasons: pd.Series) -> pd.DataFrame:
    """Every sentence without its text: span, words, China, committed, tone.

    Tone is each raw tool's score and the class and expected tone of the measure
    validated on the state-media gold set (:func:`kimxi.tone_validation.chosen_measure`).
    """
    table = sentences[kcna.SENTENCE_KEYS].copy()
    table["n_words"] = sentences["text"].str.split().str.len()
    table["china"] = sentences["text"].str.contains(CHINA_SENTENCE)
    table["text_committed"] = reasons != ""
    scores = tone_scores(sentences["text"])
    for col in scores.columns:
        table[col] = scores[col].round(6).to_numpy()
    _, predict = tone_validation.chosen_measure()
    classes, values = predict(scores.assign(text=sentences["text"].to_numpy()))
    table["measure_class"] = np.asarray(classes, dtype=int)
    table["measure_score"] = np.round(np.asarray(values, dtype=float), 4)
    return table


def matrix_bytes(matrix: scipy.sparse.spmatrix) -> bytes:
    """The matrix as gzip'd Matrix Market text, byte-reproducible (no time stamp)."""
    text = io.BytesIO()
    scipy.io.mmwrite(text, matrix.tocoo(), field="integer")
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as handle:
        handle.write(text.getvalue())
    return out.getvalue()


def build(archive: pd.DataFrame, record_ids: list[str]) -> dict[str, pd.DataFrame | bytes]:
    """Every committed table of the archive, by file name (see the module docstring)."""
    sentences = kcna.split_archive(archive)
    articles = article_table(archive, sentences)
    missing = sorted(set(record_ids) - set(archive["id"]))
    if missing:
        raise DataError(relative(MESSAGE_TEXTS_CSV),
                        f"cites {', '.join(missing)}, not in the archive", column="kcna_id")
    reasons = select_sentences(sentences, articles, record_ids)
    chosen = sentences[reasons != ""].copy()
    chosen.insert(len(kcna.SENTENCE_KEYS), "reason", reasons[reasons != ""])
    matrix, terms = topic_terms.term_matrix(archive["text"], MIN_DF)
    tables = {"articles.csv": articles, "sentences.csv": chosen,
              "sentence_features.csv": sentence_features(sentences, reasons),
              "dtm_terms.csv": terms}
    for name, frame in tables.items():
        expected = [c.name for c in SCHEMAS[name]]
        if list(frame.columns) != expected:
            raise AssertionError(f"{name}: columns {list(frame.columns)} differ from the "
                                 f"schema of kimxi.archive_tables {expected}")
    return {**tables, "dtm.mtx.gz": matrix_bytes(matrix)}


def rendered(tables: dict[str, pd.DataFrame | bytes]) -> dict[str, bytes]:
    """The bytes each file is written with."""
    out = {}
    for name, value in tables.items():
        if isinstance(value, bytes):
            out[name] = value
        else:
            frame = value.copy()
            for col in frame.columns:
                if frame[col].dtype == bool:
                    frame[col] = frame[col].map({True: "true", False: "false"})
            out[name] = to_csv_text(frame).encode("utf-8")
    return out


def differences(files: dict[str, bytes], out: str | Path = OUT) -> list[str]:
    """The files of ``files`` whose committed copy in ``out`` differs or is missing."""
    out = Path(out)
    return [name for name, data in files.items()
            if not (out / name).is_file() or (out / name).read_bytes() != data]


def data_files() -> dict[str, bytes]:
    """Every file under ``data/`` that a build may read (all but its own outputs in
    ``data/kcna/`` and the notebooks' ``data/processed/``), by path: the cache key's data."""
    skip = (OUT.resolve(), (DATA / "processed").resolve())
    return {path.relative_to(DATA).as_posix(): path.read_bytes()
            for path in sorted(DATA.rglob("*"))
            if path.is_file() and not any(p in path.resolve().parents for p in skip)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kimxi.archive_build",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", nargs="?", default=str(kcna.DEFAULT_ARCHIVE))
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files instead of writing")
    parser.add_argument("--sha256", default=kcna.ARCHIVE_SHA256,
                        help="the sha256 the archive must have ('none' skips the check, for "
                             "another corpus of the same columns)")
    args = parser.parse_args(argv)
    try:
        archive = kcna.load_archive(args.archive,
                                    None if args.sha256 == "none" else args.sha256)
        # The record's texts are marked only in the archive they were taken from.
        record = record_article_ids() if args.sha256 == kcna.ARCHIVE_SHA256 else []
        if args.check:  # the check always rebuilds
            files = rendered(build(archive, record))
        else:
            files = cache.cached("archive_build", dict(archive=archive, record=record,
                                                       data=data_files()),
                                 lambda: rendered(build(archive, record)))
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        changed = differences(files, args.out)
        for name in changed:
            print(f"differs: {relative(Path(args.out) / name)}", file=sys.stderr)
        print(f"{len(files) - len(changed)} of {len(files)} files identical")
        return 1 if changed else 0
    written = write_tables({Path(args.out) / name: data for name, data in files.items()})
    for path in written:
        print(f"wrote {relative(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
