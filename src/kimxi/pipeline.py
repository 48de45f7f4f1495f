"""The whole pipeline on a corpus CSV: load -> clean -> split -> score -> TF-IDF -> NMF.

A *corpus CSV* has one row per document with the columns ``id``, ``date``
(YYYY-MM-DD), ``title`` (may be empty) and ``text``; ``doc_id`` is accepted
for ``id`` (the Rodong Sinmun sample names it so), and other columns are
ignored. The stages, each a function of its own so a notebook can call them
one by one:

1. :func:`load_corpus`: read and validate the CSV (one DataError naming file,
   row and column at the first bad cell, duplicate ids refused).
2. :func:`clean_text`: Unicode NFC, line ends, runs of spaces, and the space
   lost after a sentence end when paragraphs were joined ("...the Party.Kung
   Yong Suk ..." -> "...the Party. Kung Yong Suk ..."; see ``MISSING_SPACE``).
   Which sentence ends there is still the splitter's decision.
3. :func:`split_corpus`: blank-line paragraphs, then sentences with
   :func:`kimxi.segment.split_sentences` (nupunkt), spans into the cleaned text.
4. :func:`score_sentences`: the scorers of :mod:`kimxi.sentiment` (``SCORERS``:
   TextBlob, VADER, the diplomatic-tone lexicon) and their classes.
5. :func:`fit_corpus_topics`: TF-IDF and NMF of :mod:`kimxi.topics` on the
   documents (or the sentences).

:func:`run_pipeline` runs them all and times each stage. Without a pool it is
the simple path: every stage in this process, calling the owners' functions as
a notebook would. With a :class:`Workers` pool it is the fast path: cleaning,
splitting, scoring and tokenising run in worker processes on chunks of whole
documents (every document and sentence is independent of the others), the
scorers' data are loaded once per worker, TextBlob runs as a faster variant
with the same output (:func:`score_textblob_fast`), and
the results are put back in corpus order: the same sentences, scores and
topics as the simple path (tests/test_pipeline.py; benchmarks/ checks the
whole Rodong Sinmun sample).
"""

from __future__ import annotations

import csv
import re
import time
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

import numpy as np
import pandas as pd

from kimxi import sentiment, topics
from kimxi.corpus import PARAGRAPH
from kimxi.errors import DataError
from kimxi.paths import relative
from kimxi.segment import split_sentences
from kimxi.tables import Column, parse_date, read_table, read_text

CORPUS_COLUMNS = (
    Column("id", description="stable document id"),
    Column("date", kind="date", description="publication date, YYYY-MM-DD"),
    Column("title", required=False, description="headline; may be empty"),
    Column("text", description="body text; paragraphs separated by blank lines"),
)
ID_ALIASES = {"doc_id": "id"}

STAGES = ("load", "clean", "split", "textblob", "vader", "lexicon", "tfidf", "nmf")


# ---------------------------------------------------------------------------
# 1. Load


def load_corpus(path: str | Path) -> pd.DataFrame:
    """The corpus CSV at ``path`` as a DataFrame with columns id, date, title, text.

    ``doc_id`` is read as ``id`` when there is no ``id`` column; a missing
    ``title`` column reads as empty titles. Raises DataError (file, row,
    column) for a missing file or column, no documents, an empty id or text,
    a date that is not YYYY-MM-DD, or a duplicate id.
    """
    header = _header(path)
    columns = []
    for col in CORPUS_COLUMNS:
        name = col.name
        if name not in header:
            alias = next((a for a, target in ID_ALIASES.items() if target == name), None)
            if alias in header:
                name = alias
            elif name == "title":
                continue
        columns.append(Column(name, col.kind, col.required, description=col.description))
    key = columns[0].name
    frame = read_table(path, columns, key=key)
    if frame.empty:
        raise DataError(relative(path), "the file has a header but no documents")
    frame = frame.rename(columns={key: "id"})
    if "title" not in frame.columns:
        frame["title"] = ""
    return frame[["id", "date", "title", "text"]].reset_index(drop=True)


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


def _header(path: str | Path) -> list[str]:
    text = read_text(path)
    first = text.split("\n", 1)[0].rstrip("\r")
    if not first.strip():
        raise DataError(relative(path), "the file is empty (expected a header row with "
                                        "id, date, title, text)")
    return next(csv.reader([first]))


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


def clean_corpus(corpus: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``corpus`` with :func:`clean_text` applied to ``text`` and ``title``."""
    out = corpus.copy()
    out["text"] = [clean_text(t) for t in out["text"]]
    out["title"] = [clean_text(t) for t in out["title"]]
    return out


# ---------------------------------------------------------------------------
# 3. Split


SENTENCE_COLUMNS = ["sentence_id", "id", "paragraph", "sentence", "start", "end", "text"]


def split_document(text: str) -> list[tuple[int, int, int]]:
    """``(paragraph, start, end)`` of every sentence of one cleaned document.

    Paragraphs are the blank-line separated blocks (1-based); sentences are
    :func:`kimxi.segment.split_sentences` of each paragraph, with spans into
    ``text`` (``text[start:end]`` is the sentence).
    """
    out = []
    for n, para in enumerate(PARAGRAPH.finditer(text), start=1):
        for start, end in split_sentences(para.group(0), para.start()):
            out.append((n, start, end))
    return out


def _sentence_frame(ids: Sequence[str], texts: Sequence[str],
                    spans: Sequence[list[tuple[int, int, int]]]) -> pd.DataFrame:
    rows = {name: [] for name in SENTENCE_COLUMNS}
    for doc_id, text, doc_spans in zip(ids, texts, spans, strict=True):
        for n, (para, start, end) in enumerate(doc_spans, start=1):
            rows["sentence_id"].append(f"{doc_id}-s{n:04d}")
            rows["id"].append(doc_id)
            rows["paragraph"].append(para)
            rows["sentence"].append(n)
            rows["start"].append(start)
            rows["end"].append(end)
            rows["text"].append(text[start:end])
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def split_corpus(corpus: pd.DataFrame) -> pd.DataFrame:
    """Every sentence of a cleaned corpus, in document order.

    Columns: sentence_id (``<id>-s0001``), id, paragraph, sentence (1-based
    within the document), start, end (offsets into the document's cleaned
    text), text.
    """
    texts = list(corpus["text"])
    return _sentence_frame(list(corpus["id"]), texts, [split_document(t) for t in texts])


# ---------------------------------------------------------------------------
# 4. Score


@cache
def _lexicon() -> sentiment.Lexicon:
    """The lexicon, loaded once per process (it memoises its matches per token)."""
    return sentiment.load_lexicon()


def score_textblob_fast(units: pd.DataFrame) -> pd.DataFrame:
    """:func:`kimxi.sentiment.score_textblob`, same output, about twice as fast.

    ``TextBlob(text).sentiment_assessments`` runs the pattern analyser twice
    (once for the assessments, once for the scores) and defines a namedtuple
    class per call; this calls the analyser once and reads all three from its
    result.
    """
    from textblob.en import sentiment as pattern_sentiment

    units = sentiment._check_units(units)
    rows = []
    for unit_id, text in zip(units["unit_id"], units["text"], strict=True):
        score = pattern_sentiment(text)
        polarity, subjectivity = score
        rows.append({"unit_id": unit_id, "textblob_polarity": float(polarity),
                     "textblob_subjectivity": float(subjectivity),
                     "textblob_drivers": sentiment._textblob_drivers(score.assessments)})
    return pd.DataFrame(rows, columns=["unit_id", "textblob_polarity",
                                       "textblob_subjectivity", "textblob_drivers"])


def _score_lexicon(units: pd.DataFrame) -> pd.DataFrame:
    return sentiment.score_lexicon(units, _lexicon())


@dataclass(frozen=True)
class Scorer:
    """One scoring stage: ``simple`` is the owner's function as a notebook calls
    it, ``fast`` gives the same table faster (or is the same function). Both
    take units (``unit_id``, ``text``) and return ``unit_id`` plus score columns."""

    name: str
    simple: Callable[[pd.DataFrame], pd.DataFrame]
    fast: Callable[[pd.DataFrame], pd.DataFrame]


SCORERS = (
    Scorer("textblob", sentiment.score_textblob, score_textblob_fast),
    Scorer("vader", sentiment.score_vader, sentiment.score_vader),
    Scorer("lexicon", _score_lexicon, _score_lexicon),
)


def _units(sentences: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"unit_id": sentences["sentence_id"].to_numpy(),
                         "text": sentences["text"].to_numpy()})


def add_classes(scored: pd.DataFrame) -> pd.DataFrame:
    """``scored`` with ``<tool>_class`` (-1, 0, 1) from :data:`kimxi.sentiment.THRESHOLDS`,
    as :func:`kimxi.sentiment.score_all` adds them."""
    out = scored.copy()
    for tool in sentiment.TOOLS:
        out[f"{tool}_class"] = sentiment.classify(out[sentiment.SCORE_COLUMNS[tool]],
                                                  sentiment.THRESHOLDS[tool])
    return out


def score_sentences(sentences: pd.DataFrame, fast: bool = False) -> pd.DataFrame:
    """``sentences`` (from :func:`split_corpus`) with every scorer's columns and the
    classes (:func:`add_classes`), in this process; ``fast`` uses the fast variants."""
    units = _units(sentences)
    parts = [sentences.reset_index(drop=True)]
    for scorer in SCORERS:
        frame = (scorer.fast if fast else scorer.simple)(units)
        parts.append(frame.drop(columns="unit_id").reset_index(drop=True))
    return add_classes(pd.concat(parts, axis=1))


# ---------------------------------------------------------------------------
# 5. Topics


@dataclass
class CorpusTopics:
    """TF-IDF matrix and NMF model of a corpus (see :func:`fit_corpus_topics`)."""

    X: object
    terms: np.ndarray
    nmf: object
    W: np.ndarray
    labels: np.ndarray
    top_terms: list[list[str]]


def _tfidf(texts: Sequence[str], tokens: Sequence[list[str]] | None = None,
           min_df: int | float = 2, max_df: float = 0.5):
    vectorizer = topics.make_vectorizer(min_df=min_df, max_df=max_df)
    if tokens is None:
        X = vectorizer.fit_transform(list(texts))
    else:
        # The same vectorizer fed the terms topics.tokenize already produced in
        # the workers: identical vocabulary and matrix, tokenising done in parallel.
        vectorizer.set_params(analyzer=_given_terms)
        X = vectorizer.fit_transform(list(tokens))
    return X, vectorizer.get_feature_names_out()


def _given_terms(terms: list[str]) -> list[str]:
    return terms


def _nmf(X, terms, k: int, random_state: int = 0):
    model = topics.fit_nmf(X, k, random_state=random_state)
    W = model.transform(X)
    return model, W, topics.assign(W), topics.top_terms(model.components_, terms)


def fit_corpus_topics(texts: Sequence[str], k: int = 8, min_df: int | float = 2,
                      max_df: float = 0.5, random_state: int = 0) -> CorpusTopics:
    """TF-IDF (:func:`kimxi.topics.make_vectorizer`) and NMF (:func:`kimxi.topics.fit_nmf`)
    with ``k`` topics on ``texts``; the same model as :func:`kimxi.topics.fit_topics`,
    in two steps so each can be timed."""
    X, terms = _tfidf(texts, min_df=min_df, max_df=max_df)
    if len(terms) < k:
        raise ValueError(f"only {len(terms)} terms survive min_df={min_df}, max_df={max_df}; "
                         f"cannot fit {k} topics")
    model, W, labels, top = _nmf(X, terms, k, random_state)
    return CorpusTopics(X, terms, model, W, labels, top)


# ---------------------------------------------------------------------------
# The fast path: worker processes on chunks of whole documents


def _init_worker() -> None:
    """Load what the scorers need once per worker process (lexicon, VADER, TextBlob)."""
    _lexicon()
    sentiment._vader()
    score_textblob_fast(pd.DataFrame({"unit_id": ["warm-up"], "text": ["A good start."]}))


def _clean_chunk(texts: list[str]) -> list[str]:
    return [clean_text(t) for t in texts]


def _split_chunk(texts: list[str]) -> list[list[tuple[int, int, int]]]:
    return [split_document(t) for t in texts]


def _score_chunk(job: tuple[str, list[str], list[str]]) -> pd.DataFrame:
    name, ids, texts = job
    scorer = next(s for s in SCORERS if s.name == name)
    return scorer.fast(pd.DataFrame({"unit_id": ids, "text": texts}))


def _tokenize_chunk(texts: list[str]) -> list[str]:
    # topics.tokenize's terms never hold whitespace: joined by spaces they pickle
    # as one string per text (far cheaper than lists of words) and split back exactly.
    return [" ".join(topics.tokenize(t)) for t in texts]


def chunk_bounds(sizes: Sequence[int], n_chunks: int) -> list[tuple[int, int]]:
    """Contiguous ``[start, end)`` index ranges of ``sizes`` with about equal sums.

    At most ``n_chunks`` ranges, none empty, covering every index in order.
    """
    n = len(sizes)
    if n == 0:
        return []
    n_chunks = max(1, min(n_chunks, n))
    cumulative = np.cumsum(np.asarray(sizes, dtype=float))
    total = cumulative[-1]
    cuts = [0]
    for c in range(1, n_chunks):
        cut = int(np.searchsorted(cumulative, total * c / n_chunks, side="left")) + 1
        if cuts[-1] < cut < n:
            cuts.append(cut)
    cuts.append(n)
    return list(zip(cuts[:-1], cuts[1:], strict=True))


class Workers:
    """Worker processes with the scorers loaded, reused across stages and runs.

    ``with Workers(2) as pool: run_pipeline(path, pool=pool)``. Each stage
    hands out ``chunks_per_worker`` chunks per worker of contiguous documents
    (or their sentences) of about equal size, and puts the results back in
    corpus order.
    """

    def __init__(self, n: int = 2, chunks_per_worker: int = 4):
        self.n = n
        self.chunks_per_worker = chunks_per_worker
        # fork shares the loaded modules with the workers; spawn where there is no fork
        method = "fork" if "fork" in get_all_start_methods() else "spawn"
        self.executor = ProcessPoolExecutor(n, mp_context=get_context(method),
                                            initializer=_init_worker)
        # Start every worker now, so start-up is not charged to the first stage.
        list(self.executor.map(_noop, range(n * 4)))

    def map(self, fn, jobs: list) -> list:
        """``fn`` of each job, in order."""
        return list(self.executor.map(fn, jobs))

    def chunks(self, sizes: Sequence[int]) -> list[tuple[int, int]]:
        """The chunk bounds for items of these sizes."""
        return chunk_bounds(sizes, self.n * self.chunks_per_worker)

    def map_items(self, fn, items: Sequence, sizes: Sequence[int]) -> list:
        """``fn(chunk) -> list`` over chunks of ``items``, the lists concatenated in order."""
        out = []
        for part in self.map(fn, [list(items[a:b]) for a, b in self.chunks(sizes)]):
            out.extend(part)
        return out

    def close(self) -> None:
        self.executor.shutdown()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _noop(_):
    return None


def score_in_workers(pool: Workers, scorer: Scorer, ids: Sequence[str],
                     texts: Sequence[str]) -> pd.DataFrame:
    """``scorer.fast`` of the units ``(ids, texts)``, run by ``pool`` in chunks, in order."""
    bounds = pool.chunks([len(t) for t in texts])
    jobs = [(scorer.name, list(ids[a:b]), list(texts[a:b])) for a, b in bounds]
    parts = pool.map(_score_chunk, jobs)
    return pd.concat(parts, ignore_index=True) if parts else scorer.fast(
        pd.DataFrame({"unit_id": [], "text": []}))


# ---------------------------------------------------------------------------
# The whole pipeline


@dataclass
class PipelineResult:
    """What :func:`run_pipeline` produced: the cleaned corpus, the scored
    sentences, the topic model (None with ``k=0``), the wall-clock seconds of
    each stage of ``STAGES`` and, when measured, its CPU seconds."""

    corpus: pd.DataFrame
    sentences: pd.DataFrame
    topics: CorpusTopics | None
    seconds: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)


def run_pipeline(path: str | Path, k: int = 8, topic_unit: str = "document",
                 pool: Workers | None = None,
                 cpu_meter: Callable[[], float] | None = None,
                 start: str | None = None, end: str | None = None) -> PipelineResult:
    """Load, clean, split, score and model the topics of the corpus CSV at ``path``.

    ``pool=None`` is the simple path: every stage in this process with the
    owners' functions (:mod:`kimxi.sentiment`, :mod:`kimxi.topics`). A
    :class:`Workers` pool is the fast path: cleaning, splitting, scoring (with
    the fast variants) and tokenising for TF-IDF run in the workers; the
    results are the same. ``topic_unit`` is ``document`` (TF-IDF rows are
    documents) or ``sentence``; ``k=0`` skips the topic stages. ``start`` and
    ``end`` keep only the documents of that date window (:func:`select_dates`,
    part of the load stage). ``cpu_meter``
    (optional) returns CPU seconds used so far; each stage's difference goes to
    ``PipelineResult.cpu``. Raises DataError for a bad corpus file.
    """
    if topic_unit not in ("document", "sentence"):
        raise ValueError(f"topic_unit must be 'document' or 'sentence', not {topic_unit!r}")
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def timed(stage, fn, *args):
        used = cpu_meter() if cpu_meter else 0.0
        started = time.perf_counter()
        out = fn(*args)
        seconds[stage] = time.perf_counter() - started
        if cpu_meter:
            cpu[stage] = cpu_meter() - used
        return out

    corpus = timed("load", lambda: select_dates(load_corpus(path), start, end))
    if corpus.empty:
        raise DataError(relative(path), f"no document dated from {start} to {end}")
    if pool is None:
        corpus = timed("clean", clean_corpus, corpus)
    else:
        corpus = timed("clean", lambda c: c.assign(
            text=pool.map_items(_clean_chunk, list(c["text"]), [len(t) for t in c["text"]]),
            title=[clean_text(t) for t in c["title"]]), corpus)
    ids, texts = list(corpus["id"]), list(corpus["text"])
    sizes = [len(t) for t in texts]
    if pool is None:
        sentences = timed("split", split_corpus, corpus)
    else:
        sentences = timed("split", lambda: _sentence_frame(
            ids, texts, pool.map_items(_split_chunk, texts, sizes)))
    unit_ids, sentence_texts = list(sentences["sentence_id"]), list(sentences["text"])
    units = _units(sentences)
    parts = [sentences]
    for scorer in SCORERS:
        if pool is None:
            frame = timed(scorer.name, scorer.simple, units)
        else:
            frame = timed(scorer.name, score_in_workers, pool, scorer, unit_ids, sentence_texts)
        parts.append(frame.drop(columns="unit_id").reset_index(drop=True))
    sentences = add_classes(pd.concat(parts, axis=1))
    model = None
    if k:
        docs = texts if topic_unit == "document" else sentence_texts
        if pool is None:
            X, terms = timed("tfidf", _tfidf, docs)
        else:
            X, terms = timed("tfidf", lambda: _tfidf(docs, [t.split() for t in pool.map_items(
                _tokenize_chunk, docs, [len(t) for t in docs])]))
        if len(terms) < k:
            raise ValueError(f"only {len(terms)} terms survive TF-IDF's min_df/max_df; "
                             f"cannot fit {k} topics")
        nmf, W, labels, top = timed("nmf", _nmf, X, terms, k)
        model = CorpusTopics(X, terms, nmf, W, labels, top)
    return PipelineResult(corpus, sentences, model, seconds, cpu)
