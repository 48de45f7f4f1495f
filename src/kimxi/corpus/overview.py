"""What a user's corpus holds, in numbers and in a sentence (the report of
``notebooks/your_corpus/``).

:func:`document_table` counts each document's paragraphs, sentences, words and quoted
passages from the tables of :func:`kimxi.corpus.segment.corpus_tables`; :func:`describe`
says what the whole corpus is, naming its file, its dates and its counts.
"""

from __future__ import annotations

import pandas as pd

from kimxi.corpus.articles import Article

# A sentence counts as quoted when at least this share of its characters lies inside
# quotation marks (kimxi.corpus.segment's quote_share).
QUOTED = 0.5


def document_table(articles: list[Article], built: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per document: ``id``, ``date``, ``title``, content ``paragraphs``,
    ``sentences``, ``words``, quoted ``passages`` and the share of its sentences that are
    mainly quoted words (``quoted_share``); documents in the corpus's order."""
    meta = pd.DataFrame([a.meta for a in articles])
    sentences, quotes = built["sentences"], built["article_quotes"]
    paragraphs = built["paragraphs"]
    by_doc = sentences.groupby("article_id")
    table = pd.DataFrame({
        "id": meta["article_id"], "date": meta["date"], "title": meta["title"],
        "paragraphs": meta["article_id"].map(
            paragraphs[paragraphs["kind"] == "content"].groupby("article_id").size()),
        "sentences": meta["article_id"].map(by_doc.size()),
        "words": meta["article_id"].map(by_doc["n_words"].sum()),
        "passages": meta["article_id"].map(quotes.groupby("article_id").size()),
        "quoted_share": meta["article_id"].map(
            by_doc["quote_share"].apply(lambda s: (s >= QUOTED).mean())),
    })
    counts = ["paragraphs", "sentences", "words", "passages"]
    table[counts] = table[counts].fillna(0).astype(int)
    return table.assign(quoted_share=table["quoted_share"].fillna(0.0).round(4))


def describe(name: str, documents: pd.DataFrame, date_from: str = "", date_to: str = "") -> str:
    """A paragraph on the corpus in ``name``: how many documents from which dates (and the
    window asked for), paragraphs, sentences, words, quoted passages and the share of its
    sentences that are mainly quoted words."""
    dates = pd.to_datetime(documents["date"])
    window = (f" (the window asked for: {date_from or 'the first date'} to "
              f"{date_to or 'the last date'})" if date_from or date_to else "")
    sentences = int(documents["sentences"].sum())
    quoted = float((documents["quoted_share"] * documents["sentences"]).sum())
    share = quoted / sentences if sentences else 0.0
    return (f"**{name}** holds {len(documents):,} documents dated from {dates.min():%d %b %Y} "
            f"to {dates.max():%d %b %Y}{window}: {int(documents['paragraphs'].sum()):,} "
            f"paragraphs, {sentences:,} sentences and {int(documents['words'].sum()):,} words. "
            f"It holds {int(documents['passages'].sum()):,} quoted passages; {share:.0%} of its "
            f"sentences are mainly quoted words (at least {QUOTED:.0%} of their characters "
            "inside quotation marks), the rest the documents' own wording.")
