"""Validating tone measures where they are used: on DPRK state-media prose.

The gold set of ``data/gold/kcna/tone.csv`` (:func:`load_state_gold`) holds 400
KCNA sentences and 120 Rodong Sinmun sentences coded on the codebook's three
classes (see its README). This module scores measures against it.

* **Units counted once.** :func:`near_copies` links units whose word 1-2 gram
  TF-IDF cosine is at least :data:`COPY_COSINE`, or whose text (lower case,
  white space folded) is contained in another's: a fragment or near-copy. Each
  linked set keeps its first unit; the others are left out of every figure.
* **Intervals by cluster.** :func:`cluster_agreement` resamples whole
  articles (or messages), not sentences: sentences of one article share its
  subject and wording, so a unit bootstrap would give intervals that are too
  narrow.
* **Held out by article.** :func:`article_folds` puts every article's units in
  one of :data:`N_FOLDS` folds; learned measures are fitted on the other folds
  only (:func:`kimxi.tone.crossfit.out_of_fold`).
* **Baselines everywhere.** :func:`measures` lists the majority class of the
  training units and the three raw tools at their stated thresholds
  (:data:`kimxi.tone.sentiment.THRESHOLDS`) beside the measures that learn.
* **The rule that chooses**, fixed here before any held-out figure was
  computed (:data:`CHOICE_RULE`): nested selection, the measure with the best
  kappa over inner folds of the training units only
  (:func:`kimxi.tone.crossfit.selecting_learner`). Its held-out figure is the honest
  figure for "choose, then use"; the measure used downstream is the one the
  same rule picks on all KCNA units.

:func:`validate` returns every measure's agreement in sample, held out on KCNA,
and on any further sets (out of domain), side by side.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from kimxi.io import cache, chunks
from kimxi.io.errors import DataError
from kimxi.io.paths import DATA, relative
from kimxi.io.schema import Column
from kimxi.io.tables import read_table
from kimxi.tone.crossfit import in_sample, nested_selection, out_of_fold, selecting_learner
from kimxi.tone.evaluate import (
    LABELS,
    N_BOOT,
    SEED,
    as_labels,
    metrics_from_confusions,
)
from kimxi.tone.learners import NUMERIC_FEATURES, logistic_learner, threshold_learner, word_ngrams
from kimxi.tone.sentiment import (
    SCORE_COLUMNS,
    THRESHOLD_GRIDS,
    THRESHOLDS,
    classify,
)

STATE_GOLD_CSV = DATA / "gold" / "kcna" / "tone.csv"
STATE_UNIT_TYPES = ("kcna_sentence", "rodong_sentence")
_TONE = ("-1", "0", "1")
STATE_GOLD_COLUMNS = [
    Column("unit_id", pattern=r"\S+"),
    Column("unit_type", choices=STATE_UNIT_TYPES),
    Column("stratum"),
    Column("article_id"),
    Column("text"),
    Column("pass1", choices=_TONE),
    Column("pass2", choices=_TONE),
    Column("gold", choices=_TONE),
    Column("adjudication_note", required=False),
]
COPY_COSINE = 0.8
N_FOLDS = 10
CLUSTER_METRICS = ("kappa", "macro_f1", "accuracy")
CHOICE_RULE = ("nested selection: inside the training folds, every measure is scored over "
               "inner folds (by article) and the one with the best kappa there is fitted on "
               "the training folds; downstream, the measure the same rule picks on all KCNA "
               "units")
CHOSEN = "chosen inside training"
_RULE = re.compile(r"\bR\d+\b")


def load_state_gold(path: str | Path = STATE_GOLD_CSV) -> pd.DataFrame:
    """Read and validate the state-media gold set; tone columns become integers.

    Raises DataError (file, row, column) for a missing column, a tone outside
    -1/0/1, an unknown unit type, a duplicate unit, a gold tone that is not the
    passes' where they agree, or a disagreement whose adjudication note cites
    no codebook rule (``R1`` .. ``R19``).
    """
    table = read_table(path, STATE_GOLD_COLUMNS, key="unit_id")
    for i, row in enumerate(table.itertuples(index=False), start=1):
        if row.pass1 == row.pass2 and row.gold != row.pass1:
            raise DataError(relative(path), f"the passes agree on {row.pass1} but gold is "
                                            f"{row.gold}", row=i, column="gold")
        if row.pass1 != row.pass2 and not _RULE.search(row.adjudication_note):
            raise DataError(relative(path), f"the passes disagree ({row.pass1} vs "
                                            f"{row.pass2}) and the adjudication note cites no "
                                            "rule", row=i, column="adjudication_note")
    for col in ("pass1", "pass2", "gold"):
        table[col] = table[col].astype(int)
    return table


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def near_copies(units: pd.DataFrame, threshold: float = COPY_COSINE) -> pd.Series:
    """For each unit, the ``unit_id`` it is counted as: its own, or the first of its copies.

    Two units are linked when the cosine of their word 1-2 gram TF-IDF vectors
    is at least ``threshold`` or one's folded text contains the other's; linked
    sets are closed transitively (union-find) and represented by their first
    unit in table order.
    """
    texts = units["text"].tolist()
    ids = units["unit_id"].tolist()
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def link(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    if len(texts) > 1:
        matrix = TfidfVectorizer(analyzer=word_ngrams, sublinear_tf=True).fit_transform(texts)
        sim = (matrix @ matrix.T).tocoo()
        for i, j, value in zip(sim.row, sim.col, sim.data, strict=True):
            if i < j and value >= threshold:
                link(i, j)
        folded = [_folded(t) for t in texts]
        for i, a in enumerate(folded):
            for j, b in enumerate(folded):
                if i != j and len(a) < len(b) and a in b:
                    link(i, j)
    return pd.Series([ids[root(i)] for i in range(len(texts))], index=units.index,
                     name="copy_of")


def article_folds(article_ids, n_folds: int = N_FOLDS, seed: int = SEED) -> np.ndarray:
    """A fold label (``fold-01`` ..) for each unit; all units of an article share a fold.

    Articles are shuffled with ``seed`` and dealt to the folds in turn.
    """
    article_ids = np.asarray(article_ids, dtype=object)
    names = np.array(sorted(set(article_ids)), dtype=object)
    if len(names) < 2:
        raise ValueError("folds by article need at least two articles")
    order = np.random.default_rng(seed).permutation(len(names))
    fold_of = {names[k]: f"fold-{i % n_folds + 1:02d}" for i, k in enumerate(order)}
    return np.array([fold_of[a] for a in article_ids], dtype=object)


def cluster_agreement(gold, pred, clusters, n_boot: int = N_BOOT, seed: int = SEED,
                      level: float = 0.95) -> pd.DataFrame:
    """Kappa, macro-F1 and accuracy with a percentile bootstrap over clusters.

    Each resample draws as many clusters as there are, with replacement, and
    pools their units. Returns one row per metric of :data:`CLUSTER_METRICS`
    with ``estimate`` (all units), ``low``, ``high``, ``n_units`` and
    ``n_clusters``.
    """
    gold, pred = as_labels(gold, "gold"), as_labels(pred, "pred")
    codes, names = pd.factorize(pd.Series(np.asarray(clusters, dtype=object)), sort=True)
    if not len(gold) == len(pred) == len(codes):
        raise ValueError("gold, pred and clusters differ in length")
    cell = (gold + 1) * 3 + (pred + 1)
    per_cluster = np.bincount(codes * 9 + cell, minlength=9 * len(names)).reshape(-1, 9)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(names), size=(n_boot, len(names)))
    counts = np.stack([np.bincount(row, minlength=len(names)) for row in draws])
    boot = metrics_from_confusions((counts @ per_cluster).reshape(n_boot, 3, 3))
    point = metrics_from_confusions(per_cluster.sum(axis=0).reshape(1, 3, 3))
    alpha = (1 - level) / 2
    rows = []
    for name in CLUSTER_METRICS:
        valid = boot[name][~np.isnan(boot[name])]
        low, high = ((np.quantile(valid, alpha), np.quantile(valid, 1 - alpha))
                     if len(valid) else (np.nan, np.nan))
        rows.append({"metric": name, "estimate": float(point[name][0]), "low": float(low),
                     "high": float(high), "n_units": len(gold), "n_clusters": len(names)})
    return pd.DataFrame(rows)


def majority_learner():
    """Baseline learner: the commonest class of the training units (ties to the lower class)."""
    def fit(train: pd.DataFrame, labels, groups):
        labels = as_labels(labels, "labels")
        counts = [(labels == k).sum() for k in LABELS]
        top = LABELS[int(np.argmax(counts))]

        def predict(units: pd.DataFrame):
            return np.full(len(units), top), np.zeros(len(units))
        return predict
    return fit


def stated_learner(tool: str):
    """Baseline learner: a raw tool at its stated threshold; it learns nothing."""
    column, threshold = SCORE_COLUMNS[tool], THRESHOLDS[tool]

    def fit(train: pd.DataFrame, labels, groups):
        def predict(units: pd.DataFrame):
            values = units[column].to_numpy(dtype=float)
            return classify(values, threshold), values
        return predict
    return fit


BASELINES = ("majority class", "TextBlob (stated)", "VADER (stated)", "lexicon (stated)")


def measures() -> dict[str, object]:
    """The measures compared, baselines first (:data:`BASELINES`), then those that learn.

    ``lexicon (tuned)`` tunes only the lexicon's threshold; ``tf-idf + lexicon``
    and ``stacked`` are :func:`kimxi.tone.learners.logistic_learner` on word 1-2
    grams plus the lexicon score, or plus all three tools' scores.
    """
    return {
        "majority class": majority_learner(),
        "TextBlob (stated)": stated_learner("textblob"),
        "VADER (stated)": stated_learner("vader"),
        "lexicon (stated)": stated_learner("lexicon"),
        "lexicon (tuned)": threshold_learner("lexicon_score", THRESHOLD_GRIDS["lexicon"],
                                             THRESHOLDS["lexicon"]),
        "tf-idf + lexicon": logistic_learner(text=True,
                                             numeric=NUMERIC_FEATURES["tf-idf + lexicon"]),
        "stacked": logistic_learner(text=True, numeric=NUMERIC_FEATURES["stacked"]),
    }


def validate(train: pd.DataFrame, tests: dict[str, pd.DataFrame], candidates: dict | None = None,
             n_folds: int = N_FOLDS, n_boot: int = N_BOOT, seed: int = SEED, n_jobs: int = 1
             ) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Every measure in sample, held out by article, and on each test set.

    ``train`` and every test table hold ``unit_id``, ``text``, ``article_id``
    (the cluster), ``gold`` and the score columns of
    :func:`kimxi.tone.sentiment.score_all`. Returns ``(figures, predictions,
    chosen)``: ``figures`` has one row per measure, setting and metric (see
    :func:`cluster_agreement`); ``predictions`` the held-out class of each
    training unit per measure; ``chosen`` the measure :data:`CHOICE_RULE`
    picks on all training units. The row ``chosen inside training`` is the
    nested selection's held-out figure, and on the test sets the chosen
    measure's.

    ``candidates`` defaults to :func:`measures`, whose result :mod:`kimxi.io.cache` keeps;
    ``n_jobs`` processes fit the folds side by side (the same result); on a gold set of a
    few hundred units that does not pay (the KCNA set: 10.2 s on two, 9.8 s on one, idle
    machine; the workers refit what one process shares), so notebook 05 uses one.
    """
    if candidates is not None:
        return _validate(train, tests, candidates, n_folds, n_boot, seed, n_jobs)
    return cache.cached("tone_validation", dict(train=train, tests=tests, n_folds=n_folds,
                                                n_boot=n_boot, seed=seed),
                        lambda: _validate(train, tests, measures(), n_folds, n_boot, seed, n_jobs))


def _validate(train, tests, candidates, n_folds, n_boot, seed, n_jobs):
    train = train.reset_index(drop=True)
    labels = as_labels(train["gold"], "gold")
    folds = article_folds(train["article_id"], n_folds, seed)
    rows, preds = [], {"unit_id": train["unit_id"].to_numpy()}

    def record(name, setting, gold, pred, clusters):
        rows.append(cluster_agreement(gold, pred, clusters, n_boot, seed)
                    .assign(measure=name, setting=setting))

    for name, learner in candidates.items():
        fitted = in_sample(train, labels, folds, learner)
        record(name, "in sample", labels, fitted["pred"], train["article_id"])
        held = out_of_fold(train, labels, folds, learner, n_jobs=n_jobs)
        preds[name] = held["pred"].to_numpy()
        record(name, "held out", labels, held["pred"], train["article_id"])
        predict = learner(train, labels, folds)
        for test_name, test in tests.items():
            record(name, test_name, test["gold"], predict(test.reset_index(drop=True))[0],
                   test["article_id"])
    nested, chosen = nested_selection(train, labels, folds, candidates,
                                      {name: preds[name] for name in candidates}, n_jobs=n_jobs)
    preds[CHOSEN] = nested
    record(CHOSEN, "held out", labels, pd.Series(nested), train["article_id"])
    frame = pd.concat(rows, ignore_index=True)
    for test_name in tests:
        same = frame[(frame.measure == chosen) & (frame.setting == test_name)]
        rows.append(same.assign(measure=CHOSEN))
    figures = pd.concat(rows, ignore_index=True)[
        ["measure", "setting", "metric", "estimate", "low", "high", "n_units", "n_clusters"]]
    return figures, pd.DataFrame(preds), chosen


def prepare(table: pd.DataFrame, scored: pd.DataFrame) -> pd.DataFrame:
    """``table`` with ``copy_of`` (:func:`near_copies`) and the tools' scores merged in.

    ``scored`` is :func:`kimxi.tone.sentiment.score_all` of the same units.
    """
    out = table.assign(copy_of=near_copies(table))
    return out.merge(scored, on="unit_id", how="left", validate="one_to_one")


def counted_once(table: pd.DataFrame) -> pd.DataFrame:
    """The units of ``table`` that are not a near-copy or fragment of an earlier one."""
    return table[table["copy_of"] == table["unit_id"]].reset_index(drop=True)


def intercoder(table: pd.DataFrame, by: str = "unit_type") -> pd.DataFrame:
    """Kappa between the two passes for each group of ``by``, intervals over articles."""
    rows = []
    for name, part in table.groupby(by, sort=True):
        figure = cluster_agreement(part["pass1"], part["pass2"], part["article_id"])
        kappa = figure.set_index("metric").loc["kappa"]
        rows.append({by: name, "units": len(part),
                     "passes agree": int((part["pass1"] == part["pass2"]).sum()),
                     "kappa": kappa["estimate"], "low": kappa["low"], "high": kappa["high"]})
    return pd.DataFrame(rows).set_index(by)


def interval_table(figures: pd.DataFrame, metric: str = "kappa") -> pd.DataFrame:
    """``metric`` as "estimate [low, high]", measures (rows) by settings (columns), in order."""
    part = figures[figures["metric"] == metric]
    cell = part.apply(lambda r: f"{r.estimate:.2f} [{r.low:.2f}, {r.high:.2f}]", axis=1)
    wide = part.assign(cell=cell).pivot(index="measure", columns="setting", values="cell")
    return wide.reindex(index=list(dict.fromkeys(part["measure"])),
                        columns=list(dict.fromkeys(part["setting"]))).fillna("-")


def by_group(train: pd.DataFrame, predictions: pd.DataFrame, measure: str,
             by: str = "stratum") -> pd.DataFrame:
    """Held-out agreement of ``measure`` within each group of ``by`` (intervals over articles).

    Kappa is undefined (NaN) in a group whose gold units are all one class;
    accuracy is then the figure to read.
    """
    frame = train.reset_index(drop=True).assign(pred=predictions[measure].to_numpy())
    rows = []
    for name, part in frame.groupby(by, sort=True):
        figure = cluster_agreement(part["gold"], part["pred"], part["article_id"])
        wide = figure.set_index("metric")["estimate"]
        rows.append({by: name, "units": len(part), "kappa": wide["kappa"],
                     "accuracy": wide["accuracy"],
                     "gold cooperative": float((part["gold"] == 1).mean()),
                     "gold conflictual": float((part["gold"] == -1).mean())})
    return pd.DataFrame(rows).set_index(by)


def errors(train: pd.DataFrame, predictions: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The held-out errors of ``measure``: each unit's gold class, prediction and text,
    the two-step errors (cooperative read as conflictual, or the reverse) first."""
    frame = train.reset_index(drop=True).assign(pred=predictions[measure].to_numpy())
    wrong = frame[frame["gold"] != frame["pred"]].assign(
        distance=lambda f: (f["gold"] - f["pred"]).abs())
    return wrong.sort_values(["distance", "unit_id"], ascending=[False, True])[
        ["unit_id", "stratum", "gold", "pred", "text"]]


def fit_measure(train: pd.DataFrame, name: str, candidates: dict,
                n_folds: int = N_FOLDS, seed: int = SEED):
    """The measure ``name`` of ``candidates`` fitted on all of ``train``: a ``predict``."""
    labels = as_labels(train["gold"], "gold")
    return candidates[name](train.reset_index(drop=True), labels,
                            article_folds(train["article_id"], n_folds, seed))


def apply_measure(predict, units: pd.DataFrame, n_jobs: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """``predict(units)`` (classes and scores), over contiguous chunks of the units in
    ``n_jobs`` processes for a large table (:func:`kimxi.io.chunks.run`; the same result)."""
    parts = chunks.run(predict, units.reset_index(drop=True), n_jobs, "tone", unit="sentence")
    return (np.concatenate([np.asarray(p[0]) for p in parts]),
            np.concatenate([np.asarray(p[1], dtype=float) for p in parts]))


def chosen_measure(path: str | Path = STATE_GOLD_CSV, lexicon=None):
    """The measure :data:`CHOICE_RULE` picks on all KCNA gold units, fitted on them.

    Returns ``(name, predict)``; ``predict(units)`` needs ``text`` and the score
    columns of :func:`kimxi.tone.sentiment.score_all` and returns ``(classes,
    scores)``, the score being the expected tone ``P(cooperative) -
    P(conflictual)`` for a logistic measure, else the tool's own score. The
    archive's sentences (:mod:`kimxi.archive.build`) are scored with it, so
    every later notebook reads tone on the measure validated in notebook 05.
    """
    from kimxi.tone.sentiment import score_all

    gold = load_state_gold(path)
    table = prepare(gold, score_all(gold[["unit_id", "text"]], lexicon))
    kcna = counted_once(table[table["unit_type"] == "kcna_sentence"])
    labels = as_labels(kcna["gold"], "gold")
    predict = selecting_learner(measures())(kcna, labels, article_folds(kcna["article_id"]))
    return predict.chosen, predict
