"""Agreement of tone measures with the hand-coded gold set, with bootstrap intervals.

Pure functions on arrays of three-class labels (-1, 0, 1) and continuous
scores:

* :func:`agreement`: accuracy, macro-F1, Cohen's kappa, Spearman's rho and
  per-class precision and recall (scikit-learn and scipy, point estimates).
* :func:`bootstrap_agreement`: the same figures with a seeded percentile
  bootstrap 95% interval over units; the resamples are drawn as one index
  matrix and every figure is computed from a stack of confusion matrices, so
  thousands of resamples take milliseconds.
* :func:`confusion`: the confusion matrix as a labelled table.
* :func:`threshold_sweep`, :func:`tune_threshold`, :func:`held_out_classes`:
  how the figures move with the threshold, and a threshold chosen on training
  groups only and applied to the group held out (leave one group out).
* :func:`intercoder`: Cohen's kappa between two coding passes.
* :func:`worst_errors`: the units a tool gets most wrong, with its drivers.
* :func:`load_gold`: the validated gold table ``data/gold/tone.csv``.

Conventions: macro-F1 averages over the classes present in gold or
prediction (scikit-learn's default), a class never predicted has undefined
precision (NaN, not 0), and a resample where a figure is undefined (kappa
when all labels are one class) is left out of that figure's interval.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.metrics import (
    accuracy_score,
    cohen_kappa_score,
    confusion_matrix,
    f1_score,
    precision_score,
    recall_score,
)

from kimxi.io.errors import DataError
from kimxi.io.paths import DATA, relative
from kimxi.io.schema import Column
from kimxi.io.tables import read_table

LABELS = (-1, 0, 1)
LABEL_NAMES = {-1: "conflictual", 0: "neutral", 1: "cooperative"}
GOLD_CSV = DATA / "gold" / "tone.csv"
SEED = 20180328  # the date of the first Kim-Xi summit's announcement
N_BOOT = 2000

UNIT_TYPES = ("article_sentence", "message_quote", "message_text")
_TONE = ("-1", "0", "1")
GOLD_COLUMNS = [
    Column("unit_id", pattern=r"\S+"),
    Column("unit_type", choices=UNIT_TYPES),
    Column("text"),
    Column("article_id", required=False),
    Column("message_id", required=False),
    Column("speaker_class", required=False),
    Column("pass1", choices=_TONE),
    Column("pass2", choices=_TONE),
    Column("gold", choices=_TONE),
    Column("adjudication_note", required=False),
]

METRICS = ("accuracy", "macro_f1", "kappa", "spearman") + tuple(
    f"{kind}_{LABEL_NAMES[k]}" for kind in ("precision", "recall") for k in LABELS)


def load_gold(path: str | Path = GOLD_CSV) -> pd.DataFrame:
    """Read and validate the gold table; tone columns become integers.

    Raises DataError for a missing column, a tone outside -1/0/1, an unknown
    unit_type, a duplicate unit_id, or a unit whose two passes disagree but
    whose ``adjudication_note`` is empty (every disagreement must be logged).
    """
    table = read_table(path, GOLD_COLUMNS, key="unit_id")
    for i, row in enumerate(table.itertuples(index=False), start=1):
        if row.pass1 != row.pass2 and not row.adjudication_note.strip():
            raise DataError(relative(path), "the passes disagree "
                            f"({row.pass1} vs {row.pass2}) but no adjudication note is given",
                            row=i, column="adjudication_note")
    for col in ("pass1", "pass2", "gold"):
        table[col] = table[col].astype(int)
    return table


def as_labels(values, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    arr = arr.astype(int)
    bad = ~np.isin(arr, LABELS)
    if bad.any():
        raise ValueError(f"{name} holds {arr[bad][0]!r}; labels are -1, 0, 1")
    return arr


def _pair(gold, pred) -> tuple[np.ndarray, np.ndarray]:
    gold, pred = as_labels(gold, "gold"), as_labels(pred, "pred")
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} units, pred {len(pred)}")
    if len(gold) == 0:
        raise ValueError("no units")
    return gold, pred


def confusion(gold, pred) -> pd.DataFrame:
    """Counts of gold class (rows) by predicted class (columns), all three classes."""
    gold, pred = _pair(gold, pred)
    names = [LABEL_NAMES[k] for k in LABELS]
    return pd.DataFrame(confusion_matrix(gold, pred, labels=list(LABELS)),
                        index=pd.Index(names, name="gold"),
                        columns=pd.Index(names, name="predicted"))


def agreement(gold, pred, score=None) -> dict[str, float]:
    """Point estimates of every figure in :data:`METRICS`, plus ``n``.

    ``spearman`` is the rank correlation of gold with ``score`` when given
    (the continuous score), else with ``pred``; NaN when either is constant.
    """
    gold, pred = _pair(gold, pred)
    out: dict[str, float] = {"n": float(len(gold))}
    out["accuracy"] = float(accuracy_score(gold, pred))
    out["macro_f1"] = float(f1_score(gold, pred, average="macro", zero_division=0))
    if len(set(gold) | set(pred)) == 1:
        out["kappa"] = float("nan")
    else:
        out["kappa"] = float(cohen_kappa_score(gold, pred))
    other = pred if score is None else np.asarray(score, dtype=float)
    if len(other) != len(gold):
        raise ValueError(f"score has {len(other)} values, gold {len(gold)}")
    if np.ptp(gold) == 0 or np.ptp(other) == 0:
        out["spearman"] = float("nan")
    else:
        out["spearman"] = float(stats.spearmanr(gold, other).statistic)
    prec = precision_score(gold, pred, labels=list(LABELS), average=None, zero_division=np.nan)
    rec = recall_score(gold, pred, labels=list(LABELS), average=None, zero_division=np.nan)
    for k, p, r in zip(LABELS, prec, rec, strict=True):
        out[f"precision_{LABEL_NAMES[k]}"] = float(p)
        out[f"recall_{LABEL_NAMES[k]}"] = float(r)
    return out


def confusions(gold: np.ndarray, pred: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Stack of 3x3 confusion matrices, one per row of the index matrix ``idx``."""
    n_boot = idx.shape[0]
    cell = (gold[idx] + 1) * 3 + (pred[idx] + 1)          # 0..8
    flat = cell + 9 * np.arange(n_boot)[:, None]
    return np.bincount(flat.ravel(), minlength=9 * n_boot).reshape(n_boot, 3, 3).astype(float)


def metrics_from_confusions(conf: np.ndarray) -> dict[str, np.ndarray]:
    """Accuracy, macro-F1, kappa, per-class precision and recall from a stack (B, 3, 3).

    Rows of each matrix are gold classes, columns predictions, in the order
    -1, 0, 1. Undefined values (no unit of a class predicted, kappa with one
    class only) are NaN; macro-F1 averages the classes present in gold or
    prediction, as scikit-learn does.
    """
    conf = np.asarray(conf, dtype=float)
    if conf.ndim == 2:
        conf = conf[None]
    n = conf.sum(axis=(1, 2))
    tp = np.diagonal(conf, axis1=1, axis2=2)
    gold_n = conf.sum(axis=2)
    pred_n = conf.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        accuracy = tp.sum(axis=1) / n
        expected = (gold_n * pred_n).sum(axis=1) / n ** 2
        kappa = np.where(np.isclose(expected, 1.0), np.nan,
                         (accuracy - expected) / (1.0 - expected))
        precision = np.where(pred_n > 0, tp / pred_n, np.nan)
        recall = np.where(gold_n > 0, tp / gold_n, np.nan)
        denom = gold_n + pred_n
        f1 = np.where(denom > 0, 2 * tp / denom, 0.0)
    present = denom > 0
    macro_f1 = (f1 * present).sum(axis=1) / present.sum(axis=1)
    out = {"accuracy": accuracy, "macro_f1": macro_f1, "kappa": kappa}
    for j, k in enumerate(LABELS):
        out[f"precision_{LABEL_NAMES[k]}"] = precision[:, j]
        out[f"recall_{LABEL_NAMES[k]}"] = recall[:, j]
    return out


def _spearman_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Spearman's rho of each row of x with the same row of y (average ranks for ties)."""
    rx = stats.rankdata(x, axis=1)
    ry = stats.rankdata(y, axis=1)
    rx -= rx.mean(axis=1, keepdims=True)
    ry -= ry.mean(axis=1, keepdims=True)
    num = (rx * ry).sum(axis=1)
    den = np.sqrt((rx ** 2).sum(axis=1) * (ry ** 2).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def bootstrap_indices(n: int, n_boot: int = N_BOOT, seed: int = SEED) -> np.ndarray:
    """An (n_boot, n) matrix of unit indices drawn with replacement, seeded."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, n, size=(n_boot, n))


def bootstrap_agreement(gold, pred, score=None, n_boot: int = N_BOOT, seed: int = SEED,
                        level: float = 0.95) -> pd.DataFrame:
    """Every figure of :data:`METRICS` with a percentile bootstrap interval.

    Resamples units with replacement ``n_boot`` times (seeded, so the
    interval is the same on every run). Returns one row per metric with
    ``estimate`` (on all units), ``low``, ``high`` and ``n_valid`` (resamples
    in which the figure was defined).
    """
    if n_boot < 1:
        raise ValueError("n_boot must be at least 1")
    gold, pred = _pair(gold, pred)
    point = agreement(gold, pred, score)
    idx = bootstrap_indices(len(gold), n_boot, seed)
    boot = metrics_from_confusions(confusions(gold, pred, idx))
    other = pred if score is None else np.asarray(score, dtype=float)
    boot["spearman"] = _spearman_rows(gold[idx].astype(float), other[idx].astype(float))
    alpha = (1 - level) / 2
    rows = []
    for name in METRICS:
        values = boot[name]
        valid = values[~np.isnan(values)]
        low, high = ((np.quantile(valid, alpha), np.quantile(valid, 1 - alpha))
                     if len(valid) else (np.nan, np.nan))
        rows.append({"metric": name, "estimate": point[name], "low": float(low),
                     "high": float(high), "n_valid": int(len(valid))})
    return pd.DataFrame(rows)


def threshold_sweep(gold, score, thresholds, classify) -> pd.DataFrame:
    """Accuracy, macro-F1, kappa and class shares at each threshold.

    ``classify(score, threshold)`` turns scores into classes (e.g.
    :func:`kimxi.tone.sentiment.classify`). One row per threshold.
    """
    gold = as_labels(gold, "gold")
    rows = []
    for t in thresholds:
        pred = as_labels(classify(score, t), "pred")
        # the vectorised figures equal scikit-learn's (tested) and are much faster
        m = {k: float(v[0]) for k, v in metrics_from_confusions(
            confusions(gold, pred, np.arange(len(gold))[None])).items()}
        rows.append({"threshold": float(t), "accuracy": m["accuracy"],
                     "macro_f1": m["macro_f1"], "kappa": m["kappa"],
                     "share_cooperative": float(np.mean(pred == 1)),
                     "share_neutral": float(np.mean(pred == 0)),
                     "share_conflictual": float(np.mean(pred == -1))})
    return pd.DataFrame(rows)


def tune_threshold(gold, score, thresholds, classify, metric: str = "kappa",
                   prefer: float | None = None) -> float:
    """The threshold of ``thresholds`` that maximises ``metric`` on (gold, score).

    Ties go to the threshold closest to ``prefer`` (the a-priori one), then
    to the smaller. An undefined figure (NaN) never wins unless all are.
    """
    sweep = threshold_sweep(gold, score, thresholds, classify)
    values = sweep[metric].to_numpy(dtype=float)
    if np.isnan(values).all():
        best = sweep["threshold"].to_numpy()
    else:
        top = np.nanmax(values)
        best = sweep.loc[np.isclose(values, top), "threshold"].to_numpy()
    anchor = prefer if prefer is not None else 0.0
    order = sorted(best, key=lambda t: (abs(t - anchor), t))
    return float(order[0])


def held_out_classes(gold, score, groups, thresholds, classify, metric: str = "kappa",
                     prefer: float | None = None) -> pd.DataFrame:
    """Leave-one-group-out classes: each group classified with a threshold tuned on the rest.

    Returns, per unit in input order, ``group``, ``threshold`` (tuned on the
    other groups only) and ``pred``. A single group cannot be held out: that
    raises ValueError.
    """
    gold = as_labels(gold, "gold")
    score = np.asarray(score, dtype=float)
    groups = np.asarray(groups, dtype=object)
    if not len(gold) == len(score) == len(groups):
        raise ValueError("gold, score and groups differ in length")
    names = sorted(set(groups))
    if len(names) < 2:
        raise ValueError("leave-one-group-out needs at least two groups")
    threshold = np.empty(len(gold))
    pred = np.empty(len(gold), dtype=int)
    for name in names:
        test = groups == name
        t = tune_threshold(gold[~test], score[~test], thresholds, classify, metric, prefer)
        threshold[test] = t
        pred[test] = classify(score[test], t)
    return pd.DataFrame({"group": groups, "threshold": threshold, "pred": pred})


def intercoder(pass1, pass2, n_boot: int = N_BOOT, seed: int = SEED) -> dict[str, float]:
    """Cohen's kappa and raw agreement between two coding passes, with a bootstrap interval."""
    a, b = _pair(pass1, pass2)
    table = bootstrap_agreement(a, b, n_boot=n_boot, seed=seed).set_index("metric")
    return {"n": float(len(a)), "agreement": float(np.mean(a == b)),
            "kappa": float(table.loc["kappa", "estimate"]),
            "kappa_low": float(table.loc["kappa", "low"]),
            "kappa_high": float(table.loc["kappa", "high"]),
            "disagreements": float(np.sum(a != b))}


def worst_errors(frame: pd.DataFrame, gold: str, pred: str, score: str, drivers: str,
                 n: int = 5, text: str = "text") -> pd.DataFrame:
    """The ``n`` units a tool gets most wrong.

    Ranked by the size of the class error ``|gold - pred|`` (2 = opposite
    poles, 1 = one step), then by how far the score points away from gold
    (``-gold * score`` for polar gold, ``|score|`` for neutral gold). Only
    wrong units are returned, with unit_id, text, gold, pred, score, drivers.
    """
    g = frame[gold].astype(int).to_numpy()
    p = frame[pred].astype(int).to_numpy()
    s = frame[score].astype(float).to_numpy()
    miss = np.abs(g - p)
    away = np.where(g == 0, np.abs(s), -g * s)
    out = frame.assign(_miss=miss, _away=away)
    out = out[out["_miss"] > 0].sort_values(["_miss", "_away", "unit_id"],
                                            ascending=[False, False, True], kind="mergesort")
    cols = ["unit_id", text, gold, pred, score, drivers]
    return out[cols].head(n).reset_index(drop=True)


def evaluation_groups(gold: pd.DataFrame) -> pd.Series:
    """The held-out group of each gold unit: its article, else its message.

    Article sentences and the quotes taken from an article share the
    article's group, so a held-out article takes its quotes with it; quotes
    and texts from other sources are grouped by message. Units with neither
    form a group of their own (``unit:<id>``).
    """
    article = gold["article_id"].fillna("").astype(str)
    message = gold["message_id"].fillna("").astype(str)
    unit = "unit:" + gold["unit_id"].astype(str)
    return pd.Series(np.where(article != "", article, np.where(message != "", message, unit)),
                     index=gold.index, name="group")


def compare_settings(gold, score, groups, grid, classify, stated: float,
                     n_boot: int = N_BOOT, seed: int = SEED) -> pd.DataFrame:
    """One tool's agreement with gold under three threshold settings, with intervals.

    ``stated``: the threshold fixed before the gold set was seen (nothing
    tuned). ``tuned in sample``: the grid value that maximises kappa on all
    units, scored on the same units (optimistic). ``held out``: leave one
    group out, each group classified with the threshold tuned on the others.
    Returns one row per setting and metric (accuracy, macro_f1, kappa,
    spearman) with estimate, low, high, and the threshold(s) used.
    """
    gold = as_labels(gold, "gold")
    score = np.asarray(score, dtype=float)
    tuned = tune_threshold(gold, score, grid, classify, prefer=stated)
    held = held_out_classes(gold, score, groups, grid, classify, prefer=stated)
    settings = {
        "stated": (classify(score, stated), f"{stated:g}"),
        "tuned in sample": (classify(score, tuned), f"{tuned:g}"),
        "held out": (held["pred"].to_numpy(),
                     ", ".join(f"{t:g}" for t in sorted(set(held["threshold"])))),
    }
    rows = []
    for name, (pred, used) in settings.items():
        table = bootstrap_agreement(gold, pred, score, n_boot=n_boot, seed=seed)
        for row in table.itertuples(index=False):
            if row.metric in ("accuracy", "macro_f1", "kappa", "spearman"):
                rows.append({"setting": name, "thresholds": used, "metric": row.metric,
                             "estimate": row.estimate, "low": row.low, "high": row.high})
    return pd.DataFrame(rows)


def bootstrap_mean(values, n_boot: int = N_BOOT, seed: int = SEED,
                   level: float = 0.95) -> tuple[float, float, float]:
    """Mean of ``values`` with a seeded percentile bootstrap interval: (mean, low, high)."""
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return (float("nan"),) * 3
    idx = bootstrap_indices(len(values), n_boot, seed)
    means = values[idx].mean(axis=1)
    alpha = (1 - level) / 2
    return (float(values.mean()), float(np.quantile(means, alpha)),
            float(np.quantile(means, 1 - alpha)))


def group_means(frame: pd.DataFrame, by: str, value: str, n_boot: int = N_BOOT,
                seed: int = SEED) -> pd.DataFrame:
    """Per group of ``by``: n, mean of ``value`` and its bootstrap 95% interval."""
    rows = []
    for name, part in frame.groupby(by, sort=True):
        mean, low, high = bootstrap_mean(part[value], n_boot, seed)
        rows.append({by: name, "n": len(part), "mean": mean, "low": low, "high": high})
    return pd.DataFrame(rows)
