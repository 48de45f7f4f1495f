"""Topic models of a corpus of documents: TF-IDF weights, NMF, and the tables that describe them.

The path: texts -> counts (:func:`kimxi.topics.terms.term_matrix`; for the KCNA
archive the committed ``data/kcna/dtm.mtx.gz``) -> TF-IDF (:func:`weigh`) ->
NMF with k topics (:func:`fit_topics`) -> tables (:func:`topic_table`,
:func:`terms_table`, :func:`document_table`). The choice of k is
:mod:`kimxi.topics.stability`, shares over time :mod:`kimxi.topics.over_time`,
figures :mod:`kimxi.plots.topics`.

Choices, and why:

- **Documents, not sentences or paragraphs.** A KCNA item is short (a median
  of a few hundred words) and about one thing: a greeting, a visit, a
  denunciation. Sentences are too short for stable term profiles, and the
  question asked of the topics (what did KCNA write about, week by week?) is
  a question about articles.
- **TF-IDF** with sublinear term frequency and L2-normalised rows, so a long
  article does not outweigh a short one; terms in fewer than ``MIN_DF`` = 5
  documents (too rare to shape a topic of thousands of documents; on a corpus
  of fewer than 500 documents the bar is one document in a hundred, and at
  least 2) or in more than ``MAX_DF`` = half of them (too common to separate
  topics) are dropped.
- **NMF** (Frobenius loss, multiplicative updates, ``init="nndsvda"``): the
  usual model for short news texts in this literature (Greene et al. 2014),
  and the one whose stability over k they define. ``nndsvda`` starts from an
  SVD, so a fit has no random start; the multiplicative-update solver reaches
  the coordinate-descent solver's loss within 0.3% on the archive at k = 40 in
  a quarter of the time, which is what makes tens of refits affordable.
  Every fit runs on one thread, so a result cannot depend on the machine's
  number of cores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfTransformer
from threadpoolctl import threadpool_limits

from kimxi.io import cache

MIN_DF = 5
MAX_DF = 0.5
N_TOP = 10
NMF_SETTINGS = {"init": "nndsvda", "solver": "mu", "beta_loss": "frobenius", "tol": 1e-3,
                "max_iter": 300}


def weigh(counts, terms, min_df: int | None = None, max_df: float = MAX_DF
          ) -> tuple[csr_matrix, np.ndarray]:
    """TF-IDF of the document-by-term ``counts`` over the terms in at least ``min_df``
    documents (default: ``MIN_DF``, or 1% of a corpus under 500 documents, at least 2) and
    at most ``max_df`` of them; returns the matrix (float32) and its terms.

    Raises ValueError when no term survives the cuts (a corpus too small or too uniform).
    """
    counts = csr_matrix(counts)
    if min_df is None:
        min_df = min(MIN_DF, max(2, counts.shape[0] // 100))
    terms = np.asarray(terms, dtype=object)
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    keep = (df >= min_df) & (df <= max_df * counts.shape[0])
    if not keep.any():
        raise ValueError(f"no term is in at least {min_df} of the {counts.shape[0]} documents "
                         f"and at most {max_df:.0%} of them: too few documents for topics")
    X = TfidfTransformer(sublinear_tf=True, norm="l2").fit_transform(counts[:, keep])
    return csr_matrix(X, dtype=np.float32), terms[keep]


def nmf(k: int, seed: int = 0) -> NMF:
    """The collection's NMF with ``k`` topics (``NMF_SETTINGS``), seeded."""
    return NMF(n_components=k, random_state=seed, **NMF_SETTINGS)


def fit_nmf(X, k: int, seed: int = 0) -> tuple[NMF, np.ndarray]:
    """NMF fitted on ``X`` on one BLAS thread (the fit should not depend on the machine's
    number of cores); the model and the documents' weights W."""
    with threadpool_limits(limits=1):
        model = nmf(k, seed)
        W = model.fit_transform(X)
    return model, W


def top_terms(H: np.ndarray, terms, n: int = N_TOP) -> list[list[str]]:
    """The ``n`` highest-weighted terms of each row of ``H`` (ties broken by term order)."""
    terms = np.asarray(terms)
    lists = []
    for row in np.asarray(H):
        order = np.lexsort((np.arange(len(row)), -row))[:n]
        lists.append([str(terms[j]) for j in order if row[j] > 0])
    return lists


def label_topics(lists: list[list[str]], n: int = 3) -> list[str]:
    """A label for each topic: its ``n`` top terms joined by " / " (underscores as spaces)."""
    return [" / ".join(t.replace("_", " ") for t in terms[:n]) for terms in lists]


@dataclass
class TopicModel:
    """NMF fitted on a TF-IDF matrix (see :func:`fit_topics`).

    ``W`` holds the documents' topic weights, ``H`` the topics' term weights,
    ``shares`` each document's weights scaled to sum to 1 (a row of zeros, a
    document none of whose terms survived :func:`weigh`, stays zero), ``labels``
    the topic of largest weight (-1 for such a document).
    """

    W: np.ndarray
    H: np.ndarray
    terms: np.ndarray
    top_terms: list[list[str]]

    @property
    def k(self) -> int:
        return self.H.shape[0]

    @property
    def topic_labels(self) -> list[str]:
        return label_topics(self.top_terms)

    @property
    def shares(self) -> np.ndarray:
        total = self.W.sum(axis=1, keepdims=True)
        return np.divide(self.W, total, out=np.zeros_like(self.W), where=total > 0)

    @property
    def labels(self) -> np.ndarray:
        labels = self.W.argmax(axis=1)
        labels[self.W.max(axis=1) <= 0] = -1
        return labels


def fit_topics(X, terms, k: int, seed: int = 0, n_top: int = N_TOP) -> TopicModel:
    """NMF with ``k`` topics on the TF-IDF matrix ``X`` (columns ``terms``).

    Kept in :mod:`kimxi.io.cache` under the hash of ``X``, ``terms``, the settings
    and the code: the stability refits fit the same model on all documents.
    """
    if X.shape[1] < k or X.shape[0] < k:
        raise ValueError(f"{X.shape[0]} documents and {X.shape[1]} terms cannot hold {k} topics")

    def fit() -> TopicModel:
        model, W = fit_nmf(X, k, seed)
        return TopicModel(W, model.components_, np.asarray(terms),
                          top_terms(model.components_, terms, n_top))
    return cache.cached("topic_model", dict(X=X, terms=[str(t) for t in terms], k=int(k),
                                            seed=int(seed), n_top=int(n_top)), fit)


# ---------------------------------------------------------------------------
# Describing topics


def representatives(model: TopicModel, n: int = 3) -> list[np.ndarray]:
    """For each topic, the row numbers of its ``n`` most representative documents: those
    whose weights put the largest share on it (ties: the earlier document)."""
    shares = model.shares
    order = []
    for t in range(model.k):
        column = shares[:, t]
        ranked = np.lexsort((np.arange(len(column)), -column))[:n]
        order.append(ranked[column[ranked] > 0])
    return order


def topic_table(docs: pd.DataFrame, model: TopicModel, n_titles: int = 3) -> pd.DataFrame:
    """One row per topic: label, documents whose largest weight it is, its share of all the
    documents' weight, its top terms and the titles of its most representative documents."""
    shares = model.shares
    counted = np.bincount(model.labels[model.labels >= 0], minlength=model.k)
    weight = shares.sum(axis=0) / max(float(shares.sum()), 1e-12)
    reps = representatives(model, n_titles)
    titles = docs["title"].astype(str).to_numpy()
    return pd.DataFrame({
        "topic": range(model.k), "label": model.topic_labels, "documents": counted,
        "share": np.round(weight, 4),
        "top_terms": [", ".join(t.replace("_", " ") for t in terms) for terms in model.top_terms],
        "titles": [" | ".join(titles[r]) for r in reps]})


def terms_table(model: TopicModel, n: int = N_TOP) -> pd.DataFrame:
    """Long table of each topic's top ``n`` terms with their NMF weights (4 decimals)."""
    index = {term: j for j, term in enumerate(model.terms)}
    rows = [{"topic": t, "label": model.topic_labels[t], "rank": rank, "term": term,
             "weight": round(float(model.H[t, index[term]]), 4)}
            for t, terms in enumerate(model.top_terms) for rank, term in enumerate(terms[:n], 1)]
    return pd.DataFrame(rows)


def document_table(docs: pd.DataFrame, model: TopicModel, target: list[int]) -> pd.DataFrame:
    """Per document: id, date, its topic of largest weight (-1: none), that topic's share of
    its weight, and the share of its weight on the ``target`` topics."""
    shares = model.shares
    labels = model.labels
    top = np.where(labels >= 0, shares[np.arange(len(labels)), np.maximum(labels, 0)], 0.0)
    return pd.DataFrame({
        "id": docs["id"].to_numpy(), "date": pd.to_datetime(docs["date"]).dt.strftime("%Y-%m-%d"),
        "topic": labels, "topic_share": np.round(top, 4),
        "target_share": np.round(shares[:, target].sum(axis=1), 4)})
