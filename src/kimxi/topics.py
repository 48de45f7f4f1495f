"""Topic models: TF-IDF and NMF fitted on a corpus of units, and the tables that describe them.

The models take a *corpus of units* (:mod:`kimxi.topic_units` says what one is and
builds them). Text to terms is :mod:`kimxi.topic_terms`, the choice of k
:mod:`kimxi.topic_stability`, the corpora of units :mod:`kimxi.topic_units`, figures
:mod:`kimxi.topics_plot`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from threadpoolctl import threadpool_limits

from kimxi.topic_terms import make_vectorizer

# ---------------------------------------------------------------------------
# Models


def fit_nmf(X, k: int, random_state: int = 0, max_iter: int = 2000) -> NMF:
    """NMF of the TF-IDF matrix ``X`` with ``k`` topics, ``init="nndsvd"``.

    NNDSVD has no random start; ``random_state`` only seeds the randomized SVD
    inside it, so the fit is the same for the same data and seed.
    """
    model = NMF(n_components=k, init="nndsvd", random_state=random_state,
                max_iter=max_iter, tol=1e-5)
    model.fit(X)
    return model


def fit_kmeans(X, k: int, random_state: int = 0, n_init: int = 10) -> KMeans:
    """KMeans with ``k`` clusters and ``n_init`` seeded initialisations (keeps the best).

    Runs on one thread: on a few dozen units thread start-up costs more than the
    work, and the result cannot depend on the machine's number of cores.
    """
    with threadpool_limits(limits=1):
        return KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit(X)


def top_terms(H: np.ndarray, terms, n: int = 10) -> list[list[str]]:
    """The ``n`` highest-weighted terms of each row of ``H`` (ties broken by term order)."""
    terms = np.asarray(terms)
    lists = []
    for row in np.asarray(H):
        order = np.lexsort((np.arange(len(row)), -row))[:n]
        lists.append([str(terms[j]) for j in order if row[j] > 0])
    return lists


def assign(W: np.ndarray) -> np.ndarray:
    """Topic of each unit: the column of its largest weight, ``-1`` when all are zero."""
    W = np.asarray(W)
    labels = W.argmax(axis=1)
    labels[W.max(axis=1) <= 0] = -1
    return labels


def label_topics(lists: list[list[str]], n: int = 3) -> list[str]:
    """A label for each topic: its ``n`` top terms joined by " / " (underscores as spaces)."""
    return [" / ".join(t.replace("_", " ") for t in terms[:n]) for terms in lists]


@dataclass
class TopicModel:
    """TF-IDF + NMF fitted on a list of texts (see :func:`fit_topics`).

    ``X`` is the units x terms TF-IDF matrix, ``W`` the units x topics weights,
    ``H`` the topics x terms weights, ``labels`` the topic of each unit (-1:
    none of its terms is in the vocabulary).
    """

    vectorizer: TfidfVectorizer
    nmf: NMF
    X: csr_matrix
    W: np.ndarray
    terms: np.ndarray
    labels: np.ndarray
    top_terms: list[list[str]] = field(default_factory=list)

    @property
    def H(self) -> np.ndarray:
        return self.nmf.components_

    @property
    def topic_labels(self) -> list[str]:
        return label_topics(self.top_terms)


def fit_topics(texts, k: int, *, min_df: int | float = 2, max_df: float = 0.5,
               random_state: int = 0, n_top: int = 10) -> TopicModel:
    """Fit TF-IDF (:func:`make_vectorizer`) and NMF with ``k`` topics on ``texts``.

    ``texts`` is any sequence of strings (sentences, paragraphs). Returns a
    :class:`TopicModel`. Raises ValueError when fewer than ``k`` terms survive
    ``min_df``/``max_df``.
    """
    vectorizer = make_vectorizer(min_df=min_df, max_df=max_df)
    X = vectorizer.fit_transform(list(texts))
    terms = vectorizer.get_feature_names_out()
    if len(terms) < k:
        raise ValueError(f"only {len(terms)} terms survive min_df={min_df}, max_df={max_df}; "
                         f"cannot fit {k} topics")
    nmf = fit_nmf(X, k, random_state=random_state)
    W = nmf.transform(X)
    return TopicModel(vectorizer, nmf, X, W, terms, assign(W), top_terms(nmf.components_,
                                                                          terms, n_top))


# ---------------------------------------------------------------------------
# Describing topics


def topic_summary(units: pd.DataFrame, model: TopicModel, n_examples: int = 3) -> pd.DataFrame:
    """One row per topic: label, size, top terms and the ``n_examples`` most
    representative units (its members with the largest weight on it)."""
    rows = []
    for t, (label, terms) in enumerate(zip(model.topic_labels, model.top_terms, strict=True)):
        members = np.flatnonzero(model.labels == t)
        order = members[np.lexsort((members, -model.W[members, t]))][:n_examples]
        row = dict(topic=t, label=label, size=len(members), top_terms=", ".join(terms))
        for i in range(n_examples):
            row[f"example_{i + 1}"] = units.unit_id.iloc[order[i]] if i < len(order) else ""
        rows.append(row)
    return pd.DataFrame(rows)


def examples(units: pd.DataFrame, model: TopicModel, n: int = 3) -> pd.DataFrame:
    """The ``n`` most representative units of each topic, with their weight and text."""
    rows = []
    for t, label in enumerate(model.topic_labels):
        members = np.flatnonzero(model.labels == t)
        for rank, i in enumerate(members[np.lexsort((members, -model.W[members, t]))][:n], 1):
            rows.append(dict(topic=t, label=label, rank=rank, unit_id=units.unit_id.iloc[i],
                             speaker_class=units.speaker_class.iloc[i],
                             weight=round(float(model.W[i, t]), 3), text=units.text.iloc[i]))
    return pd.DataFrame(rows)


def shares(units: pd.DataFrame, labels, topic_labels: list[str], by: str) -> pd.DataFrame:
    """Share of each group of ``by`` (rows) falling in each topic (columns); rows sum to 1.
    Units without a topic (-1) are left out."""
    frame = pd.DataFrame({by: units[by].to_numpy(), "topic": np.asarray(labels)})
    frame = frame[frame.topic >= 0]
    table = pd.crosstab(frame[by], frame.topic, normalize="index")
    table = table.reindex(columns=range(len(topic_labels)), fill_value=0.0)
    table.columns = topic_labels
    return table


def terms_table(model: TopicModel, n: int = 10) -> pd.DataFrame:
    """Long table of each topic's top ``n`` terms with their NMF weights (4 decimals)."""
    rows = []
    for t, terms in enumerate(model.top_terms):
        index = {term: j for j, term in enumerate(model.terms)}
        for rank, term in enumerate(terms[:n], start=1):
            rows.append(dict(topic=t, label=model.topic_labels[t], rank=rank, term=term,
                             weight=round(float(model.H[t, index[term]]), 4)))
    return pd.DataFrame(rows)



def svd_map(X, random_state: int = 0) -> np.ndarray:
    """2-D coordinates of the units: TruncatedSVD (LSA) of the TF-IDF matrix."""
    return TruncatedSVD(n_components=2, random_state=random_state).fit_transform(X)


def assignments_table(corpus: str, units: pd.DataFrame, model: TopicModel, k: int,
                      seed: int = 0) -> pd.DataFrame:
    """Each unit's NMF topic (label, weight) and KMeans cluster at ``k``, for one corpus."""
    km = fit_kmeans(model.X, k, random_state=seed, n_init=10)
    labels = model.labels
    return pd.DataFrame({
        "corpus": corpus, "unit_id": units.unit_id, "article_id": units.article_id,
        "speaker_class": units.speaker_class, "kind": units.kind, "k": k, "topic": labels,
        "topic_label": [model.topic_labels[t] if t >= 0 else "" for t in labels],
        "weight": [round(float(model.W[i, t]), 4) if t >= 0 else 0.0
                   for i, t in enumerate(labels)],
        "kmeans_cluster": km.labels_})


def by_corpus(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The tables of ``frames`` (corpus name -> table) stacked, with ``corpus`` first."""
    stacked = pd.concat([frame.assign(corpus=name) for name, frame in frames.items()])
    return stacked[["corpus"] + [c for c in stacked.columns if c != "corpus"]]


def quoted_focus(by_speaker: pd.DataFrame) -> tuple[str, str, str] | None:
    """The quoted class to report and its commonest topic: ``(class, name, topic)``.

    The DPRK side when the table has it (the collection's question), else the
    quoted class most gathered in one topic; None when no sentence is mostly
    quoted words (every row is narration), so there is nothing to report.
    """
    quoted = by_speaker.drop(index="narration", errors="ignore")
    if quoted.empty:
        return None
    focus = "dprk" if "dprk" in quoted.index else str(quoted.max(axis=1).idxmax())
    name = focus.upper() if focus in ("dprk", "prc") else focus
    return focus, name, str(by_speaker.loc[focus].idxmax())


def own_centre_share(coords: np.ndarray, labels) -> float:
    """Share of the units with a topic that lie nearest their own topic's centre on the map.

    Centres are the mean coordinates of each topic's units; units without a
    topic (label -1) neither make a centre nor count.
    """
    coords, labels = np.asarray(coords), np.asarray(labels)
    assigned = labels >= 0
    names = np.unique(labels[assigned])
    centres = np.stack([coords[labels == t].mean(axis=0) for t in names])
    nearest = names[((coords[assigned, None, :] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)]
    return float((nearest == labels[assigned]).mean())
