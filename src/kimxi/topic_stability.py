"""Choosing k: how stable each k's topics are over refits on subsamples.

Stability (Greene, O'Callaghan & Cunningham 2014): for each k, NMF
(``init="nndsvd"``, no random start) is fitted on the full matrix as the
reference, then refitted on ``n_runs`` seeded random 80% subsamples of its
rows; each refit's top-10 term lists are matched to the reference's by the
Hungarian method (:func:`match_topics`) and scored by the Jaccard of the
matched top-10 sets, averaged over topics and runs. Greene et al.'s
rank-weighted "average Jaccard" (:func:`average_jaccard`) is reported beside
it but is not the criterion: on a corpus this small most terms occur in two
or three units, their order inside a top-10 list is mostly ties, and the
rank-weighted score then rewards splitting a topic until one term leads each
part (``tests/test_topics.py`` shows it preferring k=4 on a corpus built
with two topics, where the set Jaccard finds k=2). KMeans runs over the same
seeds and subsamples (several initialisations each) label every unit; their
agreement is the mean pairwise adjusted Rand index. Silhouette (cosine) is
reported, never used alone. :func:`choose_k` states the rule.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.stats import hypergeom
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from threadpoolctl import threadpool_limits

from kimxi.topics import assign, fit_kmeans, fit_nmf, top_terms

# ---------------------------------------------------------------------------
# Stability


def jaccard(a, b) -> float:
    """Jaccard similarity of two term lists taken as sets (1 for two empty lists)."""
    a, b = set(a), set(b)
    return 1.0 if not a and not b else len(a & b) / len(a | b)


def average_jaccard(a, b) -> float:
    """Greene et al.'s average Jaccard of two ranked lists: mean of the Jaccard of
    their top-1, top-2, ..., top-t prefixes (t the longer length), so agreement
    at the top counts more than agreement in the tail."""
    depth = max(len(a), len(b))
    if depth == 0:
        return 1.0
    return float(np.mean([jaccard(a[:d], b[:d]) for d in range(1, depth + 1)]))


def chance_jaccard(n_top: int, n_terms: int) -> float:
    """Expected Jaccard of two sets of ``n_top`` terms drawn at random from
    ``n_terms`` (exact: the overlap is hypergeometric)."""
    overlap = np.arange(n_top + 1)
    probability = hypergeom(n_terms, n_top, n_top).pmf(overlap)
    return float(np.sum(probability * overlap / (2 * n_top - overlap)))


def chance_average_jaccard(n_top: int, n_terms: int) -> float:
    """Expected average Jaccard (:func:`average_jaccard`) of two ranked lists of
    ``n_top`` terms drawn at random from ``n_terms``. Like :func:`chance_jaccard`
    it is the floor for one matched pair of topics; the Hungarian matching of k
    topics lifts chance agreement above it."""
    return float(np.mean([chance_jaccard(d, n_terms) for d in range(1, n_top + 1)]))


def match_topics(reference: list[list[str]], other: list[list[str]],
                 similarity=average_jaccard) -> tuple[float, np.ndarray]:
    """Match ``other``'s topics to ``reference``'s by the Hungarian method.

    Returns the mean similarity over the matched pairs and, for each reference
    topic, the index of its match in ``other``.
    """
    S = np.array([[similarity(r, o) for o in other] for r in reference])
    rows, cols = linear_sum_assignment(S, maximize=True)
    match = np.empty(len(reference), dtype=int)
    match[rows] = cols
    return float(S[rows, cols].mean()), match


def subsamples(n: int, n_runs: int = 20, fraction: float = 0.8,
               seed: int = 0) -> list[np.ndarray]:
    """``n_runs`` sorted random subsets of ``range(n)`` of size ``round(fraction * n)``;
    run ``r`` draws with seed ``seed + r``, so the same runs serve every k."""
    size = int(round(fraction * n))
    return [np.sort(np.random.default_rng(seed + r).choice(n, size=size, replace=False))
            for r in range(n_runs)]


def stability_runs(X, terms, ks=range(2, 9), n_runs: int = 20, fraction: float = 0.8,
                   seed: int = 0, n_top: int = 10, n_init: int = 5) -> pd.DataFrame:
    """One row per (k, run) of the stability analysis of TF-IDF matrix ``X``.

    For each k: the reference NMF on all rows; per run, NMF refitted on the
    run's subsample (seed ``seed + run``) and its top-``n_top`` term lists
    matched one to one to the reference's by the Hungarian method.
    ``jaccard``: mean over matched pairs of the Jaccard of the two top-``n_top``
    sets (the criterion); ``avg_jaccard``: the same with Greene et al.'s
    rank-weighted average Jaccard (matched on it); ``nmf_ari``: ARI between
    the refit's and the reference's topic of each subsampled unit. KMeans
    (seed ``seed + run``, ``n_init`` initialisations) fitted on the subsample
    labels every unit (``kmeans_labels``, compared pairwise by
    :func:`summarise_stability`). Everything runs on one thread (see
    :func:`fit_kmeans`); meant for corpora of up to a few thousand units.
    """
    with threadpool_limits(limits=1):
        return _stability_runs(csr_matrix(X), terms, ks, n_runs, fraction, seed, n_top, n_init)


def _stability_runs(X, terms, ks, n_runs, fraction, seed, n_top, n_init) -> pd.DataFrame:
    # KMeans on a small dense matrix is many times faster; a large one stays sparse.
    dense = X.toarray() if X.shape[0] * X.shape[1] <= 2_000_000 else X
    rows = []
    samples = subsamples(X.shape[0], n_runs, fraction, seed)
    for k in ks:
        ref = fit_nmf(X, k, random_state=seed)
        ref_lists = top_terms(ref.components_, terms, n_top)
        ref_labels = assign(ref.transform(X))
        for run, idx in enumerate(samples):
            sub = X[idx]
            model = fit_nmf(sub, k, random_state=seed + run)
            lists = top_terms(model.components_, terms, n_top)
            set_score, match = match_topics(ref_lists, lists, jaccard)
            rank_score, _ = match_topics(ref_lists, lists, average_jaccard)
            # Refit topics renamed to their matched reference topic before comparing labels.
            rename = np.empty(k, dtype=int)
            rename[match] = np.arange(k)
            sub_labels = assign(model.transform(sub))
            sub_labels = np.where(sub_labels >= 0, rename[np.maximum(sub_labels, 0)], -1)
            km = KMeans(n_clusters=k, n_init=n_init, random_state=seed + run).fit(dense[idx])
            rows.append(dict(k=k, run=run, jaccard=set_score, avg_jaccard=rank_score,
                             nmf_ari=adjusted_rand_score(ref_labels[idx], sub_labels),
                             kmeans_labels=km.predict(dense)))
    return pd.DataFrame(rows)


def summarise_stability(runs: pd.DataFrame, X) -> pd.DataFrame:
    """Per k: mean, sd (and for ``jaccard`` the standard error) of the run
    measures, the mean and sd of the pairwise ARI between the KMeans runs, and
    the cosine silhouette of a full-data KMeans (seed 0, 10 initialisations)."""
    out = []
    for k, group in runs.groupby("k", sort=True):
        aris = [adjusted_rand_score(a, b)
                for a, b in itertools.combinations(group.kmeans_labels, 2)]
        small = hasattr(X, "toarray") and X.shape[0] * X.shape[1] <= 2_000_000
        full = fit_kmeans(X.toarray() if small else X, int(k), random_state=0, n_init=10)
        n = len(group)
        out.append(dict(
            k=int(k), runs=n,
            jaccard_mean=group.jaccard.mean(), jaccard_sd=group.jaccard.std(ddof=1),
            jaccard_se=group.jaccard.std(ddof=1) / np.sqrt(n),
            avg_jaccard_mean=group.avg_jaccard.mean(),
            avg_jaccard_sd=group.avg_jaccard.std(ddof=1),
            nmf_ari_mean=group.nmf_ari.mean(), nmf_ari_sd=group.nmf_ari.std(ddof=1),
            kmeans_ari_mean=float(np.mean(aris)), kmeans_ari_sd=float(np.std(aris, ddof=1)),
            silhouette=float(silhouette_score(X, full.labels_, metric="cosine")),
        ))
    return pd.DataFrame(out)


def choose_k(summary: pd.DataFrame) -> tuple[int, str]:
    """The k to use, and the reason in words.

    Rule: the k with the highest mean Jaccard of matched top-10 sets. Any k whose
    mean lies within one standard error of that best mean cannot be told apart
    from it with this many refits (a near-tie); among near-ties the smallest k
    wins, the one-standard-error rule of model selection (Breiman et al. 1984):
    claim no more topics than the data can tell apart. The KMeans ARI spreads
    too widely over the pairs of runs on a corpus this small to break ties, so
    it is reported, not used; silhouette plays no part.
    """
    best = summary.loc[summary.jaccard_mean.idxmax()]
    tied = summary[summary.jaccard_mean >= best.jaccard_mean - best.jaccard_se]
    pick = tied.sort_values("k").iloc[0]
    k = int(pick.k)
    if len(tied) == 1:
        reason = (f"k={k} has the highest mean Jaccard ({pick.jaccard_mean:.3f}); "
                  f"no other k comes within one standard error "
                  f"({best.jaccard_se:.3f}) of it")
    else:
        near = ", ".join(f"k={int(r.k)} ({r.jaccard_mean:.3f})"
                         for r in tied.itertuples() if r.k != best.k)
        reason = (f"the highest mean Jaccard is {best.jaccard_mean:.3f} at k={int(best.k)}; "
                  f"{near} {'is' if len(tied) == 2 else 'are'} within one standard error "
                  f"({best.jaccard_se:.3f}) of it, and among these near-ties the smallest k, "
                  f"k={k}, is chosen")
    return k, reason
