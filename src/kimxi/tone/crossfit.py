"""Measures that learn from the gold labels, evaluated out of fold: no unit is scored by a model
that saw it (leave one group out), the choice of measure made inside each fold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from kimxi.tone.evaluate import (
    N_BOOT,
    SEED,
    as_labels,
    bootstrap_agreement,
    confusions,
    metrics_from_confusions,
)
from kimxi.tone.learners import word_ngrams


def out_of_fold(units: pd.DataFrame, labels, groups, learner, n_jobs: int = 1) -> pd.DataFrame:
    """Leave-one-group-out predictions of a learner: no unit is scored by a model that saw it.

    ``learner(train, train_labels, train_groups)`` returns ``predict``, and
    ``predict(units)`` returns ``(classes, scores)`` (see
    :mod:`kimxi.tone.sentiment`). For each group the learner is fitted on the units
    of all the other groups only and predicts the held-out group. Returns, per
    unit in input order, ``unit_id``, ``group``, ``pred``, ``score``,
    ``n_train`` (training units of its fold) and ``fitted``: what the fold's
    model chose, when ``predict`` says (its ``chosen`` candidate or tuned
    ``threshold``), else empty. Fewer than two groups raise ValueError.
    ``n_jobs`` processes fit the groups' models side by side; each fold's model
    is the same whatever their number, so the result is too.
    """
    labels = as_labels(labels, "labels")
    groups = np.asarray(groups, dtype=object)
    units = units.reset_index(drop=True)
    if not len(units) == len(labels) == len(groups):
        raise ValueError("units, labels and groups differ in length")
    names = sorted(set(groups))
    if len(names) < 2:
        raise ValueError("leave-one-group-out needs at least two groups")
    pred = np.empty(len(units), dtype=int)
    score = np.empty(len(units))
    n_train = np.empty(len(units), dtype=int)
    fitted = np.full(len(units), "", dtype=object)
    if n_jobs == 1:
        folds = (_fold(units, labels, groups, learner, name) for name in names)
    else:
        folds = Parallel(n_jobs=n_jobs)(delayed(_fold)(units, labels, groups, learner, name)
                                        for name in names)
    for name, (classes, values, chosen) in zip(names, folds, strict=True):
        test = groups == name
        pred[test] = classes
        score[test] = values
        n_train[test] = int((~test).sum())
        fitted[test] = chosen
    return pd.DataFrame({"unit_id": units["unit_id"].to_numpy(), "group": groups,
                         "pred": pred, "score": score, "n_train": n_train, "fitted": fitted})


def _fold(units: pd.DataFrame, labels: np.ndarray, groups: np.ndarray, learner, name):
    """The held-out group ``name``: its classes, scores and what its model chose."""
    test = groups == name
    predict = learner(units[~test].reset_index(drop=True), labels[~test], groups[~test])
    classes, values = predict(units[test].reset_index(drop=True))
    chosen = ""
    if hasattr(predict, "chosen"):
        chosen = predict.chosen
    elif hasattr(predict, "threshold"):
        chosen = f"{predict.threshold:g}"
    return (as_labels(classes, "predicted classes"), np.asarray(values, dtype=float), chosen)


def in_sample(units: pd.DataFrame, labels, groups, learner) -> pd.DataFrame:
    """A learner fitted on all units and scored on the same units (optimistic, for comparison).

    Returns ``unit_id``, ``pred`` and ``score`` in input order.
    """
    labels = as_labels(labels, "labels")
    units = units.reset_index(drop=True)
    classes, values = learner(units, labels, np.asarray(groups, dtype=object))(units)
    return pd.DataFrame({"unit_id": units["unit_id"].to_numpy(),
                         "pred": as_labels(classes, "predicted classes"),
                         "score": np.asarray(values, dtype=float)})


def selecting_learner(candidates: dict, metric: str = "kappa"):
    """A learner that picks one of ``candidates`` inside its training units, then fits it.

    Each candidate is run :func:`out_of_fold` over the training groups; the
    one with the best ``metric`` there (a figure of :func:`metrics_from_confusions`;
    ties to the earlier in ``candidates``) is fitted on all training units.
    Run through :func:`out_of_fold`, this is nested selection: an honest
    held-out figure for "choose the best measure, then use it", free of the
    optimism of picking the best held-out number.
    ``predict.chosen`` names the candidate picked.
    """
    def fit(train: pd.DataFrame, labels, groups):
        labels = as_labels(labels, "labels")
        inner = {name: out_of_fold(train, labels, groups, learner)["pred"]
                 for name, learner in candidates.items()}
        best_name = best_candidate(labels, inner, metric)
        predict = candidates[best_name](train, labels, groups)

        def chosen(units):
            return predict(units)
        chosen.chosen = best_name
        return chosen
    return fit


def best_candidate(labels: np.ndarray, inner: dict, metric: str = "kappa") -> str:
    """The candidate whose inner predictions score best on ``metric`` (ties: the earlier)."""
    best_name, best_value = None, -np.inf
    for name, pred in inner.items():
        value = float(metrics_from_confusions(confusions(
            labels, as_labels(pred, "pred"), np.arange(len(labels))[None]))[metric][0])
        value = -np.inf if np.isnan(value) else value
        if value > best_value + 1e-12:
            best_name, best_value = name, value
    return best_name


def nested_selection(units: pd.DataFrame, labels, groups, candidates: dict, held_out: dict,
                     metric: str = "kappa", n_jobs: int = 1) -> tuple[np.ndarray, str]:
    """What :func:`out_of_fold` of :func:`selecting_learner` gives, each model fitted once.

    Returns the nested held-out classes (input order) and the candidate chosen on all
    units. ``held_out`` holds each candidate's :func:`out_of_fold` classes on the same
    units. Nested selection fits, for outer group ``i`` and inner group ``j``, a model on
    all groups but ``i`` and ``j``: the same model as for ``j`` and ``i``, so each pair
    is fitted once here (and side by side in ``n_jobs`` processes), and the outer model
    of the chosen candidate is its held-out model. The result is the same.
    """
    labels = as_labels(labels, "labels")
    groups = np.asarray(groups, dtype=object)
    units = units.reset_index(drop=True)
    names = sorted(set(groups))
    pairs = [(a, b) for n, a in enumerate(names) for b in names[n + 1:]]
    # One job per pair, every candidate in it: the candidates fitted on the same units share
    # what they can (kimxi.tone.learners.tfidf_fitted).
    if n_jobs > 1:
        run = Parallel(n_jobs=n_jobs)(delayed(_pair)(units, labels, groups, candidates, a, b)
                                      for a, b in pairs)
    else:
        run = [_pair(units, labels, groups, candidates, a, b) for a, b in pairs]
    # inner[candidate][(i, j)]: classes of group j's units from the model without i and j
    inner: dict = {candidate: {} for candidate in candidates}
    for (a, b), fitted in zip(pairs, run, strict=True):
        for candidate, (on_a, on_b) in fitted.items():
            inner[candidate][(b, a)], inner[candidate][(a, b)] = on_a, on_b
    pred = np.empty(len(units), dtype=int)
    for i in names:
        train = groups != i
        scored = {}
        for candidate in candidates:
            classes = np.empty(len(units), dtype=int)
            for j in names:
                if j != i:
                    classes[groups == j] = inner[candidate][(i, j)]
            scored[candidate] = classes[train]
        chosen = best_candidate(labels[train], scored, metric)
        pred[~train] = np.asarray(held_out[chosen])[~train]
    return pred, best_candidate(labels, held_out, metric)


def _pair(units, labels, groups, candidates: dict, a, b) -> dict:
    """Each candidate fitted on all groups but ``a`` and ``b``: its classes on each of them."""
    keep = (groups != a) & (groups != b)
    train = units[keep].reset_index(drop=True)
    held = [units[groups == g].reset_index(drop=True) for g in (a, b)]
    out = {}
    for name, learner in candidates.items():
        predict = learner(train, labels[keep], groups[keep])
        out[name] = tuple(as_labels(predict(part)[0], "predicted classes") for part in held)
    return out


def compare_learners(units: pd.DataFrame, labels, groups, candidates: dict,
                     n_boot: int = N_BOOT, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every candidate in sample and held out (leave one group out), with bootstrap intervals.

    Returns ``(figures, predictions)``: ``figures`` has one row per
    candidate, setting (``in sample``, ``held out``) and metric of
    :data:`METRICS`, with estimate, low and high; ``predictions`` has per
    unit ``unit_id`` and, per candidate, ``<name>|held out`` and
    ``<name>|in sample`` classes and ``<name>|held out score``.
    """
    labels = as_labels(labels, "labels")
    units = units.reset_index(drop=True)
    rows, preds = [], {"unit_id": units["unit_id"].to_numpy()}
    for name, learner in candidates.items():
        for setting, frame in (("in sample", in_sample(units, labels, groups, learner)),
                               ("held out", out_of_fold(units, labels, groups, learner))):
            preds[f"{name}|{setting}"] = frame["pred"].to_numpy()
            if setting == "held out":
                preds[f"{name}|held out score"] = frame["score"].to_numpy()
            table = bootstrap_agreement(labels, frame["pred"], frame["score"], n_boot=n_boot,
                                        seed=seed)
            rows.append(table.assign(candidate=name, setting=setting))
    figures = pd.concat(rows, ignore_index=True)[
        ["candidate", "setting", "metric", "estimate", "low", "high", "n_valid"]]
    return figures, pd.DataFrame(preds)


def pick_best(figures: pd.DataFrame, metric: str = "kappa", setting: str = "held out",
              tie: float = 0.005) -> str:
    """The candidate with the best held-out ``metric``; within ``tie`` of it, the earliest listed.

    ``figures`` is the first output of :func:`compare_learners`; candidates
    are listed from simplest to most learned, so a tie goes to the simpler.
    """
    part = figures[(figures["setting"] == setting) & (figures["metric"] == metric)]
    values = part.set_index("candidate")["estimate"]
    top = values.max()
    return str(next(name for name, v in values.items() if v >= top - tie))


def nearest_other_group(texts, groups) -> np.ndarray:
    """For each text, its highest TF-IDF cosine similarity to a text of another group.

    Word 1-2 grams (:func:`kimxi.tone.learners.word_ngrams`), vectoriser fitted on
    all texts (no labels are used). A value near 1 means a near-copy of the
    unit sits in the training folds when its group is held out.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    groups = np.asarray(groups, dtype=object)
    matrix = TfidfVectorizer(analyzer=word_ngrams, sublinear_tf=True).fit_transform(list(texts))
    sim = (matrix @ matrix.T).toarray()
    sim[groups[:, None] == groups[None, :]] = -np.inf
    return np.where(np.isfinite(sim.max(axis=1)), sim.max(axis=1), np.nan)
