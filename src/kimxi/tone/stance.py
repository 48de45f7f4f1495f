"""Stance toward a target: what a sentence says about one actor, not the tone of its relations.

The tone measure (:mod:`kimxi.tone.validation`) reads the cooperation-conflict character of
the relations a sentence describes, between any actors. A sentence naming China can be hostile
in tone and say nothing about China ("Koreans in China denounced the US"). This module reads
**stance toward a target** (codebook 2.0, ``data/gold/stance/CODEBOOK.md``):

- :func:`mention_roles` gives each sentence's **role** of the target by stated rules on the
  words around each mention (:data:`ROLE_RULES`): ``actor``, ``recipient``, ``place`` or
  ``mention``;
- :func:`features` builds what the measures read: the words within :data:`WINDOW` tokens of
  the mentions, the role, and the validated tone measure's expected tone;
- :func:`measures` are the candidates, baselines first; :data:`CHOICE_RULE` chooses among
  them inside the training folds, before any held-out figure is seen;
- :func:`validate` holds them out by article and by period (train on the other periods, test
  on one) and gives kappa with intervals over articles;
- :func:`stance_table` applies a fitted measure to the sentences of any corpus: for every
  sentence naming the target, its document, span, target, role, stance and tone.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from kimxi.corpus import targets
from kimxi.io.paths import DATA
from kimxi.io.schema import Column
from kimxi.io.tables import read_table
from kimxi.tone.crossfit import in_sample, nested_selection, out_of_fold, selecting_learner
from kimxi.tone.evaluate import as_labels
from kimxi.tone.learners import logistic_learner
from kimxi.tone.validation import (
    N_BOOT,
    N_FOLDS,
    SEED,
    article_folds,
    cluster_agreement,
    majority_learner,
)

STANCE_DIR = DATA / "gold" / "stance"
ROLES = ("actor", "recipient", "place", "mention")
WINDOW = 8  # tokens either side of a mention that the window measures read
CHOSEN = "chosen inside training"
CHOICE_RULE = ("The stance measure is chosen by one rule, fixed before any held-out figure was "
               "computed: inside each training fold, every candidate is held out by article "
               "(leave one fold out), and the one with the highest Cohen's kappa there is "
               "fitted on the whole training fold (ties to the simpler, earlier candidate). "
               "The held-out figure of this nested choice is the measure's figure.")
_DATELINE = re.compile(r"^\s*[A-Z][\w .'-]{0,40}, [A-Z][a-z]+\.? \d{1,2} \((?:KCNA|Xinhua)\)\s*"
                       r"--\s*")
_TOKEN = re.compile(r"[A-Za-z][\w'-]*|\d+")
# The words just before a mention that make it a place, a recipient (the first that fits,
# in this order, after an actor test on the subject position).
ROLE_RULES = {
    "place": re.compile(r"(?:\b(?:in|at|into|inside|across|throughout|from|via|near)\s+"
                        r"(?:the\s+)?(?:north-?eastern\s+|north(?:ern)?\s+|south(?:ern)?\s+|"
                        r"east(?:ern)?\s+|west(?:ern)?\s+)?|\b(?:left|leave|leaves|leaving|"
                        r"bound|departed|return(?:ed)?|arrived|came|back)\s+(?:for|to|in|from)"
                        r"\s+|\bvisit(?:s|ed|ing)?\s+(?:to\s+)?)$", re.I),
    "recipient": re.compile(r"\b(?:to|toward|towards|for|with|against|upon)\s+"
                            r"(?:the\s+)?(?:(?:great\s+|fraternal\s+|friendly\s+|heroic\s+)?"
                            r"(?:party|government|people|peoples|leader|leadership|president|"
                            r"side|army|state|comrade|ambassador|embassy)s?\s+(?:of\s+)?"
                            r"(?:the\s+)?)?$", re.I),
}
# A mention in subject position: the target opens the sentence, or follows at most four words
# that open it ("The Chinese side", "A spokesman for the Chinese Foreign Ministry").
_SUBJECT = re.compile(r"^(?:[\w'-]+\s+){0,4}$")


def strip_dateline(text: str) -> tuple[str, int]:
    """``text`` without a KCNA dateline ("Beijing, May 3 (KCNA) --"), and its offset."""
    found = _DATELINE.match(text)
    return (text[found.end():], found.end()) if found else (text, 0)


def mention_role(text: str, start: int) -> str:
    """The role of the mention that starts at ``start`` in ``text`` (dateline removed)."""
    before = text[:start]
    if _SUBJECT.match(before) and not ROLE_RULES["place"].search(before):
        return "actor"
    for role in ("place", "recipient"):
        if ROLE_RULES[role].search(before):
            return role
    return "mention"


def sentence_role(text: str, target: targets.Target) -> str:
    """The sentence's role of ``target``: ``actor`` when any mention is one, else
    ``recipient``, else ``place`` when every mention is a place, else ``mention``; ``""`` when
    the text does not name the target."""
    body, _ = strip_dateline(text)
    roles = [mention_role(body, a) for a, _ in targets.spans(body, target)]
    if not roles:
        return ""
    for role in ROLES:
        if role in roles and (role != "place" or set(roles) == {"place"}):
            return role
    return "mention"


def window(text: str, target: targets.Target, width: int = WINDOW) -> str:
    """The words within ``width`` tokens of every mention of ``target`` (the mention marked
    as ``TARGET``), mentions' windows joined by ``|``; the whole text when none is found."""
    body, _ = strip_dateline(text)
    found = targets.spans(body, target)
    if not found:
        return body
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(body)]
    pieces = []
    for start, end in found:
        inside = [i for i, (a, b, _) in enumerate(tokens) if a < end and b > start]
        if not inside:
            continue
        lo, hi = max(0, inside[0] - width), min(len(tokens), inside[-1] + width + 1)
        words = [("TARGET" if lo + i in inside else w)
                 for i, (_, _, w) in enumerate(tokens[lo:hi])]
        pieces.append(" ".join(words))
    return " | ".join(pieces) if pieces else body


def features(units: pd.DataFrame, target: targets.Target, tone: pd.DataFrame) -> pd.DataFrame:
    """What the stance measures read, one row per unit, in order: ``unit_id``, ``sentence``
    (the text), ``text`` (its :func:`window`), ``role``, a 0/1 column per role, ``place_only``,
    and the tone measure's ``measure_class`` and ``measure_score`` (from ``tone``, one row per
    unit in the same order: :func:`kimxi.tone.score.score_sentences`)."""
    out = pd.DataFrame({"unit_id": units["unit_id"].to_numpy(),
                        "sentence": units["text"].to_numpy()})
    out["text"] = [window(t, target) for t in out["sentence"]]
    out["role"] = [sentence_role(t, target) or "mention" for t in out["sentence"]]
    for role in ROLES:
        out[f"role_{role}"] = (out["role"] == role).astype(float)
    out["place_only"] = out["role"] == "place"
    out["measure_class"] = np.asarray(tone["measure_class"], dtype=int)
    out["measure_score"] = np.asarray(tone["measure_score"], dtype=float)
    return out


def tone_learner():
    """Baseline: the tone measure's class read as stance; it learns nothing."""
    def fit(train: pd.DataFrame, labels, groups):
        def predict(units: pd.DataFrame):
            return (units["measure_class"].to_numpy(dtype=int),
                    units["measure_score"].to_numpy(dtype=float))
        return predict
    return fit


def place_rule(learner):
    """``learner`` with the place rule on top: a sentence whose every mention of the target is
    a place (``place_only``) is ``0``, whatever the learner says."""
    def fit(train: pd.DataFrame, labels, groups):
        predict = learner(train, labels, groups)

        def ruled(units: pd.DataFrame):
            classes, values = predict(units)
            place = units["place_only"].to_numpy(dtype=bool)
            classes, values = np.array(classes, dtype=int), np.array(values, dtype=float)
            classes[place], values[place] = 0, 0.0
            return classes, values
        return ruled
    return fit


def on_column(learner, column: str):
    """``learner`` reading ``column`` as its text."""
    def fit(train: pd.DataFrame, labels, groups):
        predict = learner(train.assign(text=train[column]), labels, groups)

        def read(units: pd.DataFrame):
            return predict(units.assign(text=units[column]))
        return read
    return fit


ROLE_FEATURES = tuple(f"role_{r}" for r in ROLES)
BASELINES = ("majority class", "tone measure")


def measures() -> dict[str, object]:
    """The candidate stance measures, baselines first, then from the simplest to the most
    learned."""
    window_tone = logistic_learner(text=True, numeric=(*ROLE_FEATURES, "measure_score"))
    return {
        "majority class": majority_learner(),
        "tone measure": tone_learner(),
        "tone measure + place rule": place_rule(tone_learner()),
        "window words": logistic_learner(text=True),
        "window words + role + tone": window_tone,
        "window words + role + tone + place rule": place_rule(window_tone),
        "sentence words + role + tone": on_column(window_tone, "sentence"),
    }


STANCE_COLUMNS = (
    Column("unit_id", pattern=r"\S+"),
    Column("pass1", choices=("-1", "0", "1")),
    Column("pass2", choices=("-1", "0", "1")),
    Column("gold", choices=("-1", "0", "1")),
    Column("role", choices=ROLES),
    Column("adjudication_note", required=False),
)


def load_gold(directory: str | Path = STANCE_DIR) -> pd.DataFrame:
    """The stance gold set: ``units.csv`` joined to ``stance.csv`` (both passes, the gold
    stance and role, the adjudication note), gold codes as integers; DataError naming file,
    row and column on bad input."""
    directory = Path(directory)
    units = read_table(directory / "units.csv", [Column("unit_id"), Column("stratum"),
                                                 Column("period"), Column("article_id"),
                                                 Column("text")], key="unit_id")
    codes = read_table(directory / "stance.csv", STANCE_COLUMNS, key="unit_id")
    table = units.merge(codes, on="unit_id", validate="one_to_one")
    for col in ("pass1", "pass2", "gold"):
        table[col] = table[col].astype(int)
    return table


def validate(units: pd.DataFrame, feats: pd.DataFrame, candidates: dict | None = None,
             n_folds: int = N_FOLDS, n_boot: int = N_BOOT, seed: int = SEED
             ) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Every candidate, and the nested choice (:data:`CHOSEN`), held out by article (folds of
    whole articles) and by period (each period predicted by a model of the others), and in
    sample; kappa, macro F1 and accuracy with 95% intervals over articles.

    ``units`` has ``unit_id``, ``gold``, ``article_id`` and ``period``; ``feats`` is
    :func:`features` of the same units. Returns the figures (``measure``, ``setting``,
    ``metric``, ``estimate``, ``low``, ``high``, ``n_units``, ``n_clusters``), the held-out
    predictions by article of every measure (one column each), and the candidate the rule
    picks on all units.
    """
    candidates = candidates if candidates is not None else measures()
    units, feats = units.reset_index(drop=True), feats.reset_index(drop=True)
    labels = as_labels(units["gold"], "gold")
    folds = article_folds(units["article_id"], n_folds, seed)
    periods = units["period"].to_numpy(dtype=object)
    clusters = units["article_id"]
    rows, held = [], {"unit_id": units["unit_id"].to_numpy()}

    def record(name, setting, pred, keep=slice(None)):
        rows.append(cluster_agreement(labels[keep], np.asarray(pred)[keep],
                                      clusters[keep], n_boot, seed)
                    .assign(measure=name, setting=setting))

    by_period = {}
    for name, learner in candidates.items():
        record(name, "in sample", in_sample(feats, labels, folds, learner)["pred"])
        held[name] = out_of_fold(feats, labels, folds, learner)["pred"].to_numpy()
        record(name, "held out by article", held[name])
        by_period[name] = out_of_fold(feats, labels, periods, learner)["pred"].to_numpy()
        record(name, "held out by period", by_period[name])
    nested, chosen = nested_selection(feats, labels, folds, candidates,
                                      {name: held[name] for name in candidates})
    held[CHOSEN] = nested
    record(CHOSEN, "held out by article", nested)
    chooser = selecting_learner(candidates)
    by_period[CHOSEN] = out_of_fold(feats, labels, periods, chooser)["pred"].to_numpy()
    record(CHOSEN, "held out by period", by_period[CHOSEN])
    for period in sorted(set(periods)):
        keep = periods == period
        for name in (CHOSEN, *BASELINES):
            record(name, f"period {period}", by_period[name], keep)
    figures = pd.concat(rows, ignore_index=True)[
        ["measure", "setting", "metric", "estimate", "low", "high", "n_units", "n_clusters"]]
    return figures, pd.DataFrame(held), chosen


def fit_measure(feats: pd.DataFrame, labels, article_ids, name: str,
                candidates: dict | None = None):
    """The measure ``name`` fitted on all the gold units: ``predict(features) -> (classes,
    expected stance)``."""
    candidates = candidates if candidates is not None else measures()
    labels = as_labels(labels, "gold")
    return candidates[name](feats.reset_index(drop=True), labels,
                            article_folds(article_ids, N_FOLDS, SEED))


def stance_table(sentences: pd.DataFrame, typed: str, tone: pd.DataFrame, predict,
                 measure: str) -> pd.DataFrame:
    """For every sentence of ``sentences`` (``sentence_id``, ``article_id``, ``start``,
    ``end``, ``text``; spans into the document's text) that names the target ``typed``:
    ``document_id``, ``sentence_id``, ``start``, ``end``, ``target``, ``role``, ``stance``
    (-1, 0, 1), ``stance_score`` (expected stance), ``stance_measure``, and the tone measure's
    ``tone`` class beside it. ``tone`` holds ``measure_class`` and ``measure_score`` for each
    sentence, in the order of ``sentences``."""
    target = targets.resolve(typed)
    named = np.asarray(targets.names(sentences["text"], target), dtype=bool)
    rows = sentences.reset_index(drop=True)[named].reset_index(drop=True)
    tone = tone.reset_index(drop=True)[named].reset_index(drop=True)
    columns = ["document_id", "sentence_id", "start", "end", "target", "role", "stance",
               "stance_score", "stance_measure", "tone", "text"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    feats = features(rows.rename(columns={"sentence_id": "unit_id"}), target, tone)
    classes, scores = predict(feats)
    return pd.DataFrame({
        "document_id": rows["article_id"].to_numpy(), "sentence_id": rows["sentence_id"],
        "start": rows["start"].astype(int), "end": rows["end"].astype(int),
        "target": target.name, "role": feats["role"], "stance": np.asarray(classes, dtype=int),
        "stance_score": np.round(np.asarray(scores, dtype=float), 4),
        "stance_measure": measure, "tone": tone["measure_class"].astype(int),
        "text": rows["text"]})[columns]


MIN_PERIOD_SENTENCES = 10  # fewer than this: a period is drawn hollow and never named a high


def period_stance(table: pd.DataFrame, dates: pd.Series, period: str = "W",
                  n_boot: int = N_BOOT, seed: int = 0) -> pd.DataFrame:
    """Per period, stance toward the target over the sentences of :func:`stance_table` whose
    role is not ``place`` (place-only mentions are counted apart, in ``place_only``):
    ``sentences``, ``documents``, ``stance_mean`` with its 95% interval over whole documents,
    the shares ``favourable`` and ``unfavourable``, and ``few`` when fewer than
    :data:`MIN_PERIOD_SENTENCES` sentences carry the mean. ``dates`` maps each
    ``document_id`` to its date."""
    from kimxi.corpus.windows import period_start
    from kimxi.tone.over_time import cluster_mean_ci

    when = pd.to_datetime(table["document_id"].map(dates))
    start = period_start(when, period)
    rng = np.random.default_rng(seed)
    rows = []
    for day, group in table.groupby(start):
        read = group[group["role"] != "place"]
        low, high = (cluster_mean_ci(read["stance"].astype(float), read["document_id"], n_boot,
                                     rng) if len(read) else (np.nan, np.nan))
        rows.append({"period": day.strftime("%Y-%m-%d"), "sentences": len(read),
                     "documents": read["document_id"].nunique(),
                     "place_only": int((group["role"] == "place").sum()),
                     "stance_mean": float(read["stance"].mean()) if len(read) else np.nan,
                     "low": low, "high": high,
                     "favourable": float((read["stance"] == 1).mean()) if len(read) else np.nan,
                     "unfavourable": (float((read["stance"] == -1).mean()) if len(read)
                                      else np.nan),
                     "few": len(read) < MIN_PERIOD_SENTENCES})
    return pd.DataFrame(rows, columns=["period", "sentences", "documents", "place_only",
                                       "stance_mean", "low", "high", "favourable",
                                       "unfavourable", "few"]).round(4)


def intercoder(gold: pd.DataFrame, by: str | None = None, n_boot: int = N_BOOT,
               seed: int = SEED) -> pd.DataFrame:
    """Cohen's kappa between the two passes with its 95% interval over articles, for all
    units and for each value of ``by``; and how many units the passes agree on."""
    groups = [("all", gold)] + ([] if by is None else list(gold.groupby(by)))
    rows = []
    for _, part in groups:
        figures = cluster_agreement(part["pass1"], part["pass2"], part["article_id"], n_boot,
                                    seed).set_index("metric")
        rows.append({"units": len(part), "agree": int((part["pass1"] == part["pass2"]).sum()),
                     "kappa": figures.loc["kappa", "estimate"],
                     "low": figures.loc["kappa", "low"], "high": figures.loc["kappa", "high"],
                     "articles": int(figures.loc["kappa", "n_clusters"])})
    return pd.DataFrame(rows, index=[name for name, _ in groups]).round(3)


def role_agreement(gold_roles: pd.Series, rule_roles: pd.Series) -> pd.DataFrame:
    """The rules' roles against the coders' (rows: gold role; columns: the rule's), with the
    share on which they agree in the last column."""
    table = pd.crosstab(pd.Series(gold_roles.to_numpy(), name="gold role"),
                        pd.Series(rule_roles.to_numpy(), name="rule's role"))
    table = table.reindex(index=list(ROLES), columns=list(ROLES), fill_value=0)
    table["agree"] = [table.loc[r, r] / max(1, table.loc[r, list(ROLES)].sum()) for r in ROLES]
    return table.round(3)
