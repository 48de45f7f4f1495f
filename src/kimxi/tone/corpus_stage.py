"""The tone and stance of a user's corpus, a chunk of documents at a time (the stage behind
``notebooks/your_corpus/tone.ipynb``).

:func:`run` reads the corpus a chunk of :data:`kimxi.corpus.documents.CHUNK_DOCUMENTS`
documents at a time (:func:`kimxi.corpus.documents.iter_windowed`: checked, dated inside the
window, cleaned), and for each chunk cuts the documents into paragraphs and sentences
(:func:`kimxi.corpus.segment.corpus_tables`), scores every sentence with the three tools and
the measure validated on KCNA (:func:`kimxi.tone.on_corpus.score_units`), reads the stance of
the sentences naming the target (:func:`kimxi.tone.on_corpus.stance_sentences`), and appends
the chunk's rows to ``sentences.csv``, ``paragraphs.csv``, ``article_quotes.csv`` and
``sentiment_scores.csv`` (:class:`kimxi.io.processed.ChunkWriter`: put in place together
when the last chunk is done, never half). What it keeps in memory is what the report reads
afterwards: a row per document, the scores of every sentence without its text, and the
sentences naming the target. A corpus of any size then holds one chunk of text at a time,
and the tables it writes are the bytes one pass over the whole corpus writes (tested).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kimxi.corpus import documents as corpus_csv, overview, segment, targets
from kimxi.corpus.articles import articles_from_table
from kimxi.io import processed
from kimxi.tone import on_corpus, sentiment

# What is kept of each sentence: its document, its scores and whether it names the target.
CLASSES = [f"{tool}_class" for tool in sentiment.TOOLS] + ["best_class"]
KEPT = ["doc_id", *on_corpus.MEASURES, "target", *CLASSES]
SHOWN = 10  # rows of the sentence table kept to show
CHUNK = corpus_csv.CHUNK_DOCUMENTS  # documents at a time


@dataclass
class CorpusTone:
    """What :func:`run` found: every table small enough to keep whatever the corpus's size."""

    documents: pd.DataFrame   # a row per document (kimxi.corpus.overview.document_table)
    units: pd.DataFrame       # a row per sentence: KEPT (its scores, no text)
    stance: pd.DataFrame      # the sentences naming the target, with their stance and text
    counts: dict[str, int]    # rows of each table written
    sentences_head: pd.DataFrame  # the first sentences, to show
    written: list[Path] = field(default_factory=list)


def run(corpus: str | Path, processed_dir: str | Path, measure: on_corpus.Validated,
        stance_measure: on_corpus.ValidatedStance, target: str, lexicon=None,
        date_from: str = "", date_to: str = "", n_jobs: int = 1,
        size: int = CHUNK) -> CorpusTone:
    """The tone and stance of the corpus at ``corpus``, its tables written into
    ``processed_dir`` (see the module's text); ``size`` documents at a time."""
    processed_dir = Path(processed_dir)
    resolved = targets.resolve(target)
    documents, units, stance, head = [], [], [], None
    with processed.ChunkWriter() as writer:
        for raw, docs in corpus_csv.iter_windowed(corpus, date_from, date_to, size):
            articles = articles_from_table(docs, corpus)
            built = segment.corpus_tables(articles, speakers=False)
            documents.append(overview.document_table(articles, built))
            for name, table in built.items():
                writer.append(processed_dir / f"{name}.csv", table)
            sentences = built["sentences"]
            if head is None:
                head = sentences.head(SHOWN)
            scored = on_corpus.score_units(sentences, measure, lexicon, n_jobs)
            writer.append(processed_dir / "sentiment_scores.csv", on_corpus.scores_table(scored))
            named = targets.names(scored["text"], resolved)
            units.append(on_corpus.over_time_units(scored, named)[KEPT])
            stance.append(on_corpus.stance_sentences(scored, sentences, docs, raw, target,
                                                     stance_measure))
            del articles, built, sentences, scored
        counts = {p.stem: n for p, n in writer.rows.items()}
        written = writer.commit()
    units = pd.concat(units, ignore_index=True)
    units["doc_id"] = units["doc_id"].astype("category")
    found = [s for s in stance if len(s)] or stance[:1]
    return CorpusTone(pd.concat(documents, ignore_index=True), units,
                      pd.concat(found, ignore_index=True), counts, head, written)
