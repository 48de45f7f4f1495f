"""Choosing k: how stable each k's topics are over refits on subsamples.

Stability (Greene, O'Callaghan & Cunningham 2014): for each k, NMF
(:func:`kimxi.topics.model.fit_nmf`) is fitted on all the documents as the
reference, then refitted on ``n_runs`` seeded random subsamples of 80% of the
documents; each refit's top-10 term lists are matched one to one to the
reference's by the Hungarian method (:func:`match_topics`) and scored by
Greene et al.'s *average Jaccard* (:func:`average_jaccard`: the Jaccard of the
top-1, top-2, ..., top-10 prefixes, averaged, so agreement at the top of a list
counts most), averaged over the matched topics. A k whose topics come back
from every subsample has a score near 1; a k that splits or merges topics
differently on each subsample scores low. The plain Jaccard of the matched
top-10 sets is reported beside it.

Departures from Greene et al., and why: they draw 100 subsamples; here
``N_RUNS`` = 10, which keeps the whole topics stage of the archive within a
minute on two cores (the standard errors in the tables say what that costs).
The refits are *raced* (Maron & Moore 1994, racing for model selection): every
k is refitted ``FIRST_RUNS`` = 4 times first; a k whose mean agreement plus
``RACE_Z`` = 2 standard errors then lies below the best k's mean minus 2 of its
standard errors is clearly out of the choice and is not refitted further
(:func:`in_the_race`); the k still in contention get all ``N_RUNS``. The large
k, whose fits cost most, are the ones that drop out on a news corpus, so racing
saves over a third of the refits' time on the KCNA archive without touching the
figures of the k that decide the choice (their runs are the same seeded runs).
Four is the fewest refits at which a bound of two estimated standard errors
still means much: for normally distributed runs it holds 93% of the time with 3
degrees of freedom, against 94% at five runs and 91% at three; on the archive
k = 20 to 40 are out after three, four or five alike. A
subsample holds at most ``MAX_DOCS`` documents, so that the refits of a large
corpus cost no more than those of the KCNA archive (its 80% is under the cap;
a user's corpus of 20,000 documents is refitted on subsamples of 4,000). The
fits of one k run in parallel over ``n_jobs`` processes; each is seeded, so the
result does not depend on ``n_jobs``. :func:`choose_k` states the rule.
"""

from __future__ import annotations

from math import comb

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from scipy.optimize import linear_sum_assignment

from kimxi.io import cache, progress
from kimxi.topics.model import N_TOP, fit_nmf, fit_topics, top_terms

KS = tuple(range(5, 41, 5))
N_RUNS = 10
FIRST_RUNS = 4
RACE_Z = 2.0
FRACTION = 0.8
MAX_DOCS = 4000


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
    # P(overlap = j) = C(n_top, j) C(n_terms - n_top, n_top - j) / C(n_terms, n_top), in exact
    # integers (scipy.stats.hypergeom gives the same; importing scipy.stats costs a second).
    total = comb(n_terms, n_top)
    return float(sum(comb(n_top, j) * comb(n_terms - n_top, n_top - j) / total
                     * j / (2 * n_top - j) for j in range(n_top + 1)))


def chance_average_jaccard(n_top: int, n_terms: int) -> float:
    """Expected average Jaccard (:func:`average_jaccard`) of two ranked lists of
    ``n_top`` terms drawn at random from ``n_terms``: the floor for one matched
    pair of topics (the Hungarian matching of k topics lifts chance agreement
    somewhat above it)."""
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


def subsamples(n: int, n_runs: int = N_RUNS, fraction: float = FRACTION, seed: int = 0,
               max_docs: int = MAX_DOCS) -> list[np.ndarray]:
    """``n_runs`` sorted random subsets of ``range(n)`` of ``fraction`` of ``n`` documents
    (at most ``max_docs``); run ``r`` draws with seed ``seed + r``, so the same runs serve
    every k."""
    size = min(int(round(fraction * n)), max_docs)
    return [np.sort(np.random.default_rng(seed + r).choice(n, size=size, replace=False))
            for r in range(n_runs)]


def feasible(ks, X, fraction: float = FRACTION) -> list[int]:
    """The k of ``ks`` that a TF-IDF matrix ``X`` can hold: fewer topics than its documents
    and terms, and no more than the documents of a subsample."""
    return [k for k in ks if k < min(X.shape) and k <= int(round(fraction * X.shape[0]))]


def _top_lists(X, rows, k: int, seed: int, terms, n_top: int) -> list[list[str]]:
    if rows is None:  # the reference fit on all documents: the model fit_topics gives
        return fit_topics(X, terms, k, seed, n_top).top_terms
    model, _ = fit_nmf(X[rows], k, seed)
    return top_terms(model.components_, terms, n_top)


def stability_runs(X, terms, ks=KS, n_runs: int = N_RUNS, fraction: float = FRACTION,
                   seed: int = 0, n_top: int = N_TOP, max_docs: int = MAX_DOCS,
                   n_jobs: int = 1, first_runs: int | None = FIRST_RUNS) -> pd.DataFrame:
    """One row per (k, run): the refit's agreement with the reference fit of that k.

    ``avg_jaccard``: mean over the matched topics of the average Jaccard of the
    top-``n_top`` lists (matched on it; the criterion); ``jaccard``: the same with
    the Jaccard of the top-``n_top`` sets (matched on it). Run ``r`` refits with
    seed ``seed + r`` on :func:`subsamples`' run ``r``. Every k gets runs
    ``0 .. first_runs - 1``; only the k :func:`in_the_race` after them get the rest, up to
    ``n_runs`` (``first_runs`` None, or not under ``n_runs``: every k gets every run). ``n_jobs``
    processes fit side by side (the result does not depend on their number). The result is
    kept in :mod:`kimxi.io.cache` under the hash of ``X``, ``terms``, the settings and the code.
    """
    if first_runs is None or first_runs >= n_runs:
        first_runs = n_runs
    settings = dict(ks=list(ks), n_runs=n_runs, fraction=fraction, seed=seed, n_top=n_top,
                    max_docs=max_docs, first_runs=first_runs)
    return cache.cached("topic_stability", dict(X=X, terms=[str(t) for t in terms], **settings),
                        lambda: _stability_runs(X, terms, n_jobs=n_jobs, **settings))


def _stability_runs(X, terms, ks, n_runs, fraction, seed, n_top, max_docs, n_jobs,
                    first_runs):
    ks = feasible(ks, X, fraction)
    if not ks:
        raise ValueError(f"{X.shape[0]} documents and {X.shape[1]} terms cannot hold any k "
                         "of the range")
    samples = subsamples(X.shape[0], n_runs, fraction, seed, max_docs)
    fitted: dict = {}

    def fit(jobs, label):
        fits = Parallel(n_jobs=n_jobs, return_as="generator")(
            delayed(_top_lists)(X, None if run is None else samples[run], k,
                                seed if run is None else seed + run, terms, n_top)
            for k, run in jobs)
        lists = progress.track(fits, label, total=len(jobs), unit="fit")
        fitted.update(zip(jobs, lists, strict=True))

    def rows(runs_of):
        out = []
        for k in sorted(runs_of):
            reference = fitted[(k, None)]
            for run in runs_of[k]:
                other = fitted[(k, run)]
                out.append({"k": k, "run": run,
                            "avg_jaccard": match_topics(reference, other, average_jaccard)[0],
                            "jaccard": match_topics(reference, other, jaccard)[0]})
        return pd.DataFrame(out, columns=["k", "run", "avg_jaccard", "jaccard"])

    # The largest k first: the longest fits start first, and both processes finish together.
    fit([(k, run) for k in sorted(ks, reverse=True) for run in [None, *range(first_runs)]],
        f"topic stability fits, {first_runs} per k")
    first = rows({k: range(first_runs) for k in ks})
    race = in_the_race(first)
    racing = [k for k in sorted(ks, reverse=True) if race[k]]
    rest = range(first_runs, n_runs)
    if not racing or not len(rest):
        return first
    fit([(k, run) for k in racing for run in rest],
        f"topic stability fits, runs {first_runs + 1}-{n_runs} of k = "
        + ", ".join(map(str, sorted(racing))))
    return (pd.concat([first, rows({k: rest for k in racing})], ignore_index=True)
            .sort_values(["k", "run"], ignore_index=True))


def in_the_race(runs: pd.DataFrame, measure: str = "avg_jaccard", z: float = RACE_Z
                ) -> dict[int, bool]:
    """For each k of ``runs``, whether it is still in contention for :func:`choose_k`.

    Out of the race: a k whose mean ``measure`` plus ``z`` standard errors lies below the
    mean minus ``z`` standard errors of the k with the highest mean. With one run per k
    (no standard error) every k stays in.
    """
    summary = summarise_stability(runs).set_index("k")
    mean, se = summary[f"{measure}_mean"], summary[f"{measure}_se"]
    if (summary["runs"] < 2).any():
        return {int(k): True for k in summary.index}
    best = mean.idxmax()
    bar = mean[best] - z * se[best]
    return {int(k): bool(mean[k] + z * se[k] >= bar) for k in summary.index}


def summarise_stability(runs: pd.DataFrame) -> pd.DataFrame:
    """Per k: the number of runs, and the mean, sd and standard error of each measure."""
    out = []
    for k, group in runs.groupby("k", sort=True):
        n = len(group)
        row = {"k": int(k), "runs": n}
        for measure in ("avg_jaccard", "jaccard"):
            sd = group[measure].std(ddof=1) if n > 1 else 0.0
            row |= {f"{measure}_mean": group[measure].mean(), f"{measure}_sd": sd,
                    f"{measure}_se": sd / np.sqrt(n)}
        out.append(row)
    return pd.DataFrame(out)


def choose_k(summary: pd.DataFrame, measure: str = "avg_jaccard") -> tuple[int, str]:
    """The k to use, and the reason in words.

    Rule (fixed before the archive was fitted): the k with the highest mean
    ``measure`` (Greene et al.'s average Jaccard). Any k whose mean lies within
    one standard error of that best mean cannot be told apart from it with this
    many refits (a near-tie); among near-ties the smallest k wins, the
    one-standard-error rule of model selection (Breiman et al. 1984): claim no
    more topics than the data can tell apart.
    """
    mean = summary[f"{measure}_mean"]
    best = summary.loc[mean.idxmax()]
    bar = best[f"{measure}_mean"] - best[f"{measure}_se"]
    tied = summary[mean >= bar].sort_values("k")
    pick = tied.iloc[0]
    k = int(pick.k)
    if len(tied) == 1:
        return k, (f"k = {k} has the highest mean agreement ({pick[f'{measure}_mean']:.3f}); no "
                   f"other k comes within one standard error ({best[f'{measure}_se']:.3f}) of it")
    near = ", ".join(f"k = {int(r.k)} ({r[f'{measure}_mean']:.3f})"
                     for _, r in tied.iterrows() if r.k != best.k)
    return k, (f"the highest mean agreement is {best[f'{measure}_mean']:.3f} at "
               f"k = {int(best.k)}; {near} {'is' if len(tied) == 2 else 'are'} within one "
               f"standard error ({best[f'{measure}_se']:.3f}) of it, and among these near-ties "
               f"the smallest, k = {k}, is chosen")
