"""Three readings of the tone of a unit of text, aligned to unit ids.

Each scorer takes a table of units (columns ``unit_id`` and ``text``) and
returns a DataFrame with one row per unit, in the same order, keyed by
``unit_id``, holding a continuous score and the words that drove it:

* :func:`score_textblob`: TextBlob's default ``PatternAnalyzer`` polarity
  (-1..1) and subjectivity (0..1), with the adjectives and modifiers it used
  (``sentiment_assessments``; no NLTK data is needed).
* :func:`score_vader`: VADER's compound score (-1..1), with the valence each
  word contributed after VADER's own negation, booster and "but" rules.
* :func:`score_lexicon`: the net weight of the domain diplomatic-tone lexicon
  ``data/lexicon/diplomatic_tone.csv`` (cooperation and conflict vocabulary
  of CAMEO event coding), with its hits.

:func:`classify` turns a score into the codebook's three classes
(-1 conflictual, 0 neutral or mixed, 1 cooperative) with a symmetric
threshold: ``1`` when ``score >= t``, ``-1`` when ``score <= -t``, else ``0``.
:data:`THRESHOLDS` holds the thresholds stated before any gold label was seen
(see their comments); :data:`THRESHOLD_GRIDS` the values a sweep tries.

The lexicon and its matching are :mod:`kimxi.tone.lexicon`; figures :mod:`kimxi.plots.sentiment`;
measures that learn from the gold labels :mod:`kimxi.tone.learners`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from kimxi.io import cache, chunks
from kimxi.io.schema import Column
from kimxi.io.tables import read_table
from kimxi.tone.evaluate import N_BOOT, SEED, group_means
from kimxi.tone.lexicon import Lexicon, load_lexicon

TOOLS = ("textblob", "vader", "lexicon")
# The continuous score of each tool, in the tables the scorers return.
SCORE_COLUMNS = {"textblob": "textblob_polarity", "vader": "vader_compound",
                 "lexicon": "lexicon_score"}
DRIVER_COLUMNS = {"textblob": "textblob_drivers", "vader": "vader_drivers",
                  "lexicon": "lexicon_drivers"}

# Thresholds fixed before any gold label was seen.
THRESHOLDS = {
    # VADER's README convention: compound >= 0.05 positive, <= -0.05 negative.
    "vader": 0.05,
    # TextBlob has no documented convention. Its polarity is the mean of the
    # values of the adjectives it finds (0.0 exactly when it finds none), so
    # a sentence is called only when that mean leans by a tenth of the scale:
    # near-cancelling mixtures (|p| < 0.1) are read as neutral or mixed.
    "textblob": 0.1,
    # Lexicon weights are 1 (unambiguous cue) or 0.5 (usual but not certain
    # cue); a negated cue counts -0.5 x weight. One weak cue (0.5) is enough
    # to call a unit, a lone negated weak cue (0.25) is not.
    "lexicon": 0.5,
}
THRESHOLD_GRIDS = {
    "vader": (0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6),
    "textblob": (0.01, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5),
    "lexicon": (0.25, 0.5, 0.75, 1.0, 1.5, 2.0),
}


def _check_units(units: pd.DataFrame) -> pd.DataFrame:
    for col in ("unit_id", "text"):
        if col not in units.columns:
            raise ValueError(f"units need a {col!r} column (have {list(units.columns)})")
    if units["unit_id"].duplicated().any():
        dup = units.loc[units["unit_id"].duplicated(), "unit_id"].iloc[0]
        raise ValueError(f"duplicate unit_id {dup!r}")
    return units[["unit_id", "text"]].reset_index(drop=True)


def score_lexicon(units: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Net lexicon weight of each unit.

    Returns ``unit_id``, ``lexicon_score`` (sum of the contributions of the
    hits; 0.0 when none), ``lexicon_hits`` (how many) and ``lexicon_drivers``
    (the hits, "; "-separated, e.g. ``congratulations(+1); NEG cooperate(-0.5)``).
    """
    units = _check_units(units)
    lexicon = lexicon if lexicon is not None else load_lexicon()
    rows = []
    for unit_id, text in zip(units["unit_id"], units["text"], strict=True):
        hits = lexicon.hits(text)
        rows.append({"unit_id": unit_id,
                     "lexicon_score": float(sum(h.contribution for h in hits)),
                     "lexicon_hits": len(hits),
                     "lexicon_drivers": "; ".join(h.label() for h in hits)})
    return pd.DataFrame(rows, columns=["unit_id", "lexicon_score", "lexicon_hits",
                                       "lexicon_drivers"])


def _textblob_drivers(assessments: Iterable) -> str:
    parts = []
    for words, polarity, _subjectivity, _label in assessments:
        parts.append(f"{' '.join(words)}({polarity:+.2f})")
    return "; ".join(parts)


def score_textblob(units: pd.DataFrame) -> pd.DataFrame:
    """TextBlob polarity and subjectivity of each unit, with the words behind them.

    Returns ``unit_id``, ``textblob_polarity`` (-1..1), ``textblob_subjectivity``
    (0..1) and ``textblob_drivers``: each assessment TextBlob averaged, as
    ``words(polarity)``, e.g. ``latest(+0.50); not very good(-0.27)``.
    """
    # What TextBlob(text).sentiment_assessments returns, read from one run of its pattern
    # analyser: that property runs the analyser twice, once for the assessments and once for
    # the two scores (textblob 0.20.1, PatternAnalyzer.analyze), which doubled the cost.
    from textblob.en import sentiment as analyse
    units = _check_units(units)
    rows = []
    for unit_id, text in zip(units["unit_id"], units["text"], strict=True):
        if not isinstance(text, str):
            raise TypeError(f"unit {unit_id!r}: text must be a string, not {type(text).__name__}")
        result = analyse(text)
        polarity, subjectivity = result
        rows.append({"unit_id": unit_id,
                     "textblob_polarity": float(polarity),
                     "textblob_subjectivity": float(subjectivity),
                     "textblob_drivers": _textblob_drivers(result.assessments)})
    return pd.DataFrame(rows, columns=["unit_id", "textblob_polarity",
                                       "textblob_subjectivity", "textblob_drivers"])


_VADER = None


def _vader():
    global _VADER
    if _VADER is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
        _VADER = SentimentIntensityAnalyzer()
    return _VADER


def vader_valences(text: str) -> tuple[list[str], list[float], float]:
    """VADER's words, the valence each contributed, and the compound score.

    Replays the loop of ``SentimentIntensityAnalyzer.polarity_scores``
    (vaderSentiment 3.3.2: boosters, "kind of", negation and "but" rules) to
    keep the per-word valences it otherwise discards; the compound comes from
    VADER's own ``score_valence`` on them. Emoji are not translated (diplomatic
    text has none), so for text with emoji use ``polarity_scores`` instead.
    """
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentiText

    analyzer = _vader()
    text = text.strip()
    sentitext = SentiText(text)
    words = sentitext.words_and_emoticons
    sentiments: list[float] = []
    for i, item in enumerate(words):
        if item.lower() in BOOSTER_DICT or (
                i < len(words) - 1 and item.lower() == "kind" and words[i + 1].lower() == "of"):
            sentiments.append(0)
            continue
        sentiments = analyzer.sentiment_valence(0, sentitext, item, i, sentiments)
    sentiments = analyzer._but_check(words, sentiments)
    compound = analyzer.score_valence(sentiments, text)["compound"]
    return list(words), [float(s) for s in sentiments], float(compound)


def score_vader(units: pd.DataFrame) -> pd.DataFrame:
    """VADER compound score of each unit, with the words behind it.

    Returns ``unit_id``, ``vader_compound`` (-1..1) and ``vader_drivers``: the
    words with a non-zero valence after VADER's rules, e.g.
    ``success(+2.70); tensions(-1.30)``.
    """
    units = _check_units(units)
    rows = []
    for unit_id, text in zip(units["unit_id"], units["text"], strict=True):
        words, valences, compound = vader_valences(text)
        drivers = "; ".join(f"{w}({v:+.2f})" for w, v in zip(words, valences, strict=True)
                            if v != 0)
        rows.append({"unit_id": unit_id, "vader_compound": compound,
                     "vader_drivers": drivers})
    return pd.DataFrame(rows, columns=["unit_id", "vader_compound", "vader_drivers"])


def classify(scores, threshold: float) -> np.ndarray:
    """Three classes from continuous scores: 1 if >= threshold, -1 if <= -threshold, else 0.

    ``threshold`` must be positive. Missing scores raise ValueError.
    """
    if not threshold > 0:
        raise ValueError(f"threshold must be positive, got {threshold!r}")
    values = np.asarray(scores, dtype=float)
    if np.isnan(values).any():
        raise ValueError("scores contain missing values")
    # Round away float noise (0.1 + 0.2 style) before comparing with the threshold.
    values = np.round(values, 12)
    return np.where(values >= threshold, 1, np.where(values <= -threshold, -1, 0)).astype(int)


def score_all(units: pd.DataFrame, lexicon: Lexicon | None = None,
              thresholds: dict[str, float] | None = None, n_jobs: int = 1) -> pd.DataFrame:
    """All three scorers on ``units``, merged on unit_id, with a class per tool.

    Adds ``<tool>_class`` from :data:`THRESHOLDS` (or ``thresholds``). Rows
    stay in the order of ``units``. ``n_jobs`` processes score contiguous
    chunks of the units side by side (the scores are the same whatever their
    number). The result is kept in :mod:`kimxi.io.cache` under the hash of the units, the
    lexicon's table, the thresholds and the code.
    """
    thresholds = {**THRESHOLDS, **(thresholds or {})}
    units = _check_units(units)
    lexicon = lexicon if lexicon is not None else load_lexicon()

    def score() -> pd.DataFrame:
        parts = chunks.run(partial(_score_chunk, lexicon=lexicon, thresholds=thresholds),
                           units, n_jobs, "scoring", unit="sentence")
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return cache.cached("scores", dict(units=units, lexicon=lexicon.table,
                                       thresholds=thresholds), score)


def _score_chunk(units: pd.DataFrame, lexicon: Lexicon, thresholds: dict[str, float]
                 ) -> pd.DataFrame:
    out = units[["unit_id"]].copy()
    for frame in (score_textblob(units), score_vader(units), score_lexicon(units, lexicon)):
        out = out.merge(frame, on="unit_id", how="left", validate="one_to_one")
    for tool in TOOLS:
        out[f"{tool}_class"] = classify(out[SCORE_COLUMNS[tool]], thresholds[tool])
    return out


def tone_by_message(frame: pd.DataFrame, tone: str, message: str = "message_id") -> pd.DataFrame:
    """The tone of each message from the classes of its units.

    Returns per message: ``n_units``, ``mean_tone`` (mean class, -1..1), the
    share of cooperative and conflictual units, and ``tone``: the most
    frequent class, ties broken towards 0 (a message half friendly and half
    hostile is mixed). Units without a message id are left out.
    """
    part = frame[frame[message].fillna("").astype(str) != ""]
    rows = []
    for name, units in part.groupby(message, sort=True):
        classes = units[tone].astype(int)
        counts = {k: int((classes == k).sum()) for k in (-1, 0, 1)}
        top = max(counts.values())
        winners = [k for k in (-1, 0, 1) if counts[k] == top]
        rows.append({message: name, "n_units": len(units),
                     "mean_tone": float(classes.mean()),
                     "share_cooperative": counts[1] / len(units),
                     "share_conflictual": counts[-1] / len(units),
                     "tone": 0 if len(winners) > 1 else winners[0]})
    return pd.DataFrame(rows, columns=[message, "n_units", "mean_tone", "share_cooperative",
                                       "share_conflictual", "tone"])


def tone_by_exchange(units: pd.DataFrame, messages: pd.DataFrame, measure: str,
                     n_boot: int = N_BOOT, seed: int = SEED) -> pd.DataFrame:
    """The tone of each exchange: the gold codes where they exist, and the measure's classes.

    ``units`` holds ``message_id``, ``gold`` and ``best_class``; ``messages`` is
    ``messages.csv`` (``message_id``, ``date_sent``, ``direction``). One row per
    exchange with units, in date order: ``gold_mean_tone`` with its bootstrap
    interval (``gold_low``, ``gold_high``) and ``gold_tone``, the measure's
    ``best_mean_tone``, shares and ``best_tone``, and ``best_measure``.
    """
    with_msg = units[units["message_id"].fillna("") != ""]
    gold = group_means(with_msg, "message_id", "gold", n_boot, seed).rename(columns={
        "mean": "gold_mean_tone", "low": "gold_low", "high": "gold_high", "n": "n_units"})
    gold_tone = tone_by_message(with_msg, "gold")[["message_id", "tone"]].rename(
        columns={"tone": "gold_tone"})
    best = tone_by_message(with_msg, "best_class").rename(columns={
        "mean_tone": "best_mean_tone", "tone": "best_tone", "share_cooperative":
        "best_share_coop", "share_conflictual": "best_share_conflict"}).drop(columns="n_units")
    table = (messages[["message_id", "date_sent", "direction"]]
             .merge(gold, on="message_id").merge(gold_tone, on="message_id")
             .merge(best, on="message_id").assign(best_measure=measure))
    return table.sort_values("date_sent", kind="mergesort").reset_index(drop=True)


SENTENCE_COLUMNS = [
    Column("sentence_id", pattern=r"\S+", description="the sentence's stable id (notebook 01)"),
    Column("text", description="the sentence"),
]


# The columns of a corpus's sentences that the sentiment notebook keeps and writes beside the
# scores (the others are left on disk: on a large corpus they are memory).
UNIT_COLUMNS = ("article_id", "speaker_class")


def load_sentence_units(path: str | Path, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """The sentences notebook 01 wrote (``sentences.csv``) as units for the scorers.

    Validates the ``sentence_id`` (non-empty, unique) and ``text`` columns and
    returns them with ``columns`` (every column by default; fewer hold less memory on a
    large corpus) as text, ``sentence_id`` renamed ``unit_id``.
    Raises DataError naming the file, row and column of a bad cell, or of a column absent.
    """
    extra = [c for c in columns or () if c not in ("sentence_id", "text")]
    table = read_table(path, [*SENTENCE_COLUMNS, *(Column(c, required=False) for c in extra)],
                       key="sentence_id")
    if columns is not None:
        table = table[["sentence_id", "text", *extra]]
    return table.rename(columns={"sentence_id": "unit_id"})


def class_shares(frame: pd.DataFrame, classes: dict[str, str]) -> pd.DataFrame:
    """Share of units in each tone class, one row per measure.

    ``classes`` maps a measure's label to its class column in ``frame``
    (-1/0/1). Returns ``measure`` (index), ``conflictual``, ``neutral``,
    ``cooperative`` (shares summing to 1) and ``n``.
    """
    rows = []
    for label, column in classes.items():
        values = frame[column].astype(int)
        rows.append({"measure": label, "conflictual": float((values == -1).mean()),
                     "neutral": float((values == 0).mean()),
                     "cooperative": float((values == 1).mean()), "n": len(values)})
    return pd.DataFrame(rows).set_index("measure")
