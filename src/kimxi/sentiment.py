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

**Lexicon matching.** Text is lowercased, curly apostrophes are straightened
and it is cut by a regular expression into word tokens (letters and digits,
with inner hyphens and apostrophes kept, so "vice-premier" and "China's" are
one token each) and clause punctuation (``, ; : . ! ? ( )`` and quotation
marks). A lexicon term is one or more words separated by spaces; a word
ending in ``*`` matches any token that starts with it ("sanction*" matches
"sanctions"), other words match exactly. Terms are matched left to right,
longest term first, and a matched term consumes its tokens, so
"lift* sanctions" (+1) wins over "sanction*" (-1) and the weight-0 entries
("friendship bridge", "vice-premier", ...) block the shorter entries inside
these known false hits.

**Negation.** A hit is negated when one of :data:`NEGATORS` (or a word ending
in "n't") stands within :data:`NEGATION_WINDOW` tokens before its first word
with no clause punctuation in between; "not only" and "not least" are not
negations. A negated hit contributes ``-0.5`` times its weight: the sign
flips and the strength halves. Flipping alone would read "did not condemn" as
praise; zeroing would lose "no longer hostile". Shifting towards the other
pole is the compromise that sentiment research on negation settled on
(Taboada et al. 2011, "Lexicon-based methods for sentiment analysis",
*Computational Linguistics* 37(2): negation as a shift, not a flip), and the
codebook's rule R6 ("code the resulting meaning") mostly lands between the
two. Three tokens reach over an auxiliary and an adverb ("did not really
condemn", "no longer hostile") without running into the next clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from kimxi.errors import DataError
from kimxi.paths import DATA, relative
from kimxi.tables import Column, read_table

LEXICON_CSV = DATA / "lexicon" / "diplomatic_tone.csv"

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

NEGATORS = frozenset({"not", "no", "never", "without", "nor", "neither", "cannot",
                      "lack", "lacks", "lacked", "lacking"})
NEGATION_WINDOW = 3
_NOT_NEGATION = {("not", "only"), ("not", "least"), ("not", "just")}
# Multiplier applied to the weight of a negated hit.
NEGATION_SHIFT = -0.5

_TOKEN = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*|[,;:.!?()\"]")
_BOUNDARY = frozenset(",;:.!?()\"")
_TERM = r"[a-z0-9]+(?:['\-][a-z0-9]+)*\*?(?: [a-z0-9]+(?:['\-][a-z0-9]+)*\*?)*"

LEXICON_COLUMNS = [
    Column("term", pattern=_TERM,
           description="one or more lowercase words; a trailing * matches any ending"),
    Column("weight", kind="number", pattern=r"-?(?:0|1)(?:\.\d+)?",
           description="-1..1: sign is the direction, size how reliable the cue is; "
                       "0 blocks a known false hit"),
    Column("rationale", description="why the term signals cooperation or conflict"),
    Column("source", description="CAMEO category (Goldstein value) or other basis"),
]


def tokenize(text: str) -> list[str]:
    """Lowercased word tokens and clause punctuation of ``text``.

    Curly quotes and apostrophes are straightened first; inner hyphens and
    apostrophes stay inside a token ("vice-premier", "north's").
    """
    text = (text.lower().replace("\u2019", "'").replace("\u2018", "'")
            .replace("\u201c", '"').replace("\u201d", '"'))
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Hit:
    """One lexicon match: the term, the words it matched, its weight and contribution."""

    term: str
    words: str
    weight: float
    negated: bool
    contribution: float

    def label(self) -> str:
        """Short readable form, e.g. ``sanctions(-1)`` or ``not cooperate(-0.5)``."""
        prefix = "NEG " if self.negated else ""
        return f"{prefix}{self.words}({self.contribution:+g})"


class Lexicon:
    """A validated diplomatic-tone lexicon, ready to match tokenized text."""

    def __init__(self, table: pd.DataFrame):
        self.table = table.reset_index(drop=True)
        entries = []
        for term, weight in zip(self.table["term"], self.table["weight"], strict=True):
            words = tuple(term.split(" "))
            entries.append((words, float(weight), term))
        # Longest first; among equals, exact words before wildcards, then by term.
        entries.sort(key=lambda e: (-len(e[0]), sum(w.endswith("*") for w in e[0]), e[2]))
        self._by_first: dict[str, list[tuple[tuple[str, ...], float, str]]] = {}
        self._wild_first: dict[str, list[tuple[tuple[str, ...], float, str]]] = {}
        for entry in entries:
            first = entry[0][0]
            if first.endswith("*"):
                self._wild_first.setdefault(first[:-1], []).append(entry)
            else:
                self._by_first.setdefault(first, []).append(entry)
        self._order = {e[2]: i for i, e in enumerate(entries)}
        self._seen: dict[str, list] = {}  # candidates per token, found once

    def __len__(self) -> int:
        return len(self.table)

    @staticmethod
    def _word_matches(pattern: str, token: str) -> bool:
        if pattern.endswith("*"):
            return token.startswith(pattern[:-1])
        return token == pattern

    def _candidates(self, token: str):
        if token in self._seen:
            return self._seen[token]
        found = list(self._by_first.get(token, ()))
        for end in range(1, len(token) + 1):             # every prefix a wildcard may hold
            found += self._wild_first.get(token[:end], ())
        found.sort(key=lambda e: self._order[e[2]])
        self._seen[token] = found
        return found

    def hits(self, text: str) -> list[Hit]:
        """Every term matched in ``text``, left to right, with negation applied."""
        tokens = tokenize(text)
        out: list[Hit] = []
        i = 0
        last_end = 0  # a negator is spent on the first hit after it
        while i < len(tokens):
            matched = None
            for words, weight, term in self._candidates(tokens[i]):
                n = len(words)
                if i + n <= len(tokens) and all(
                        self._word_matches(w, t) for w, t in zip(words, tokens[i:i + n],
                                                                 strict=True)):
                    matched = (words, weight, term)
                    break
            if matched is None:
                i += 1
                continue
            words, weight, term = matched
            n = len(words)
            if weight != 0:
                negated = _negated(tokens, i, last_end)
                contribution = weight * (NEGATION_SHIFT if negated else 1.0)
                out.append(Hit(term, " ".join(tokens[i:i + n]), weight, negated,
                               contribution))
                last_end = i + n
            i += n
        return out


def _negated(tokens: list[str], start: int, floor: int = 0) -> bool:
    """True when a negator stands within the window before ``start``, same clause.

    Tokens before ``floor`` (the end of the previous hit) are not searched: a
    negator applies to the first hit after it only.
    """
    for j in range(start - 1, max(start - 1 - NEGATION_WINDOW, floor - 1), -1):
        token = tokens[j]
        if token in _BOUNDARY:
            return False
        if token in NEGATORS or token.endswith("n't"):
            following = tokens[j + 1] if j + 1 < len(tokens) else ""
            if (token, following) in _NOT_NEGATION:
                continue
            return True
    return False


def load_lexicon(path: str | Path = LEXICON_CSV) -> Lexicon:
    """Read and validate the lexicon CSV (term, weight, rationale, source).

    Raises DataError naming the row and column of a malformed term, a weight
    outside -1..1, an empty rationale or source, or a duplicate term.
    """
    table = read_table(path, LEXICON_COLUMNS, key="term")
    for i, value in enumerate(table["weight"], start=1):
        if not -1.0 <= float(value) <= 1.0:
            raise DataError(relative(path), f"{value!r} is outside -1..1", row=i,
                            column="weight")
    table["weight"] = table["weight"].astype(float)
    return Lexicon(table)


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
    from textblob import TextBlob

    units = _check_units(units)
    rows = []
    for unit_id, text in zip(units["unit_id"], units["text"], strict=True):
        result = TextBlob(text).sentiment_assessments
        rows.append({"unit_id": unit_id,
                     "textblob_polarity": float(result.polarity),
                     "textblob_subjectivity": float(result.subjectivity),
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
              thresholds: dict[str, float] | None = None) -> pd.DataFrame:
    """All three scorers on ``units``, merged on unit_id, with a class per tool.

    Adds ``<tool>_class`` from :data:`THRESHOLDS` (or ``thresholds``). Rows
    stay in the order of ``units``.
    """
    thresholds = {**THRESHOLDS, **(thresholds or {})}
    units = _check_units(units)
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


SENTENCE_COLUMNS = [
    Column("sentence_id", pattern=r"\S+", description="the sentence's stable id (notebook 01)"),
    Column("text", description="the sentence"),
]


def load_sentence_units(path: str | Path) -> pd.DataFrame:
    """The sentences notebook 01 wrote (``sentences.csv``) as units for the scorers.

    Validates the ``sentence_id`` (non-empty, unique) and ``text`` columns and
    returns every column as text, with ``sentence_id`` renamed ``unit_id``.
    Raises DataError naming the file, row and column of a bad cell.
    """
    table = read_table(path, SENTENCE_COLUMNS, key="sentence_id")
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


def plot_class_shares(shares: pd.DataFrame, title: str = ""):
    """Stacked horizontal bars of :func:`class_shares`, one bar per measure. Returns the figure."""
    import matplotlib.pyplot as plt

    from kimxi.style import TONE_COLOURS

    fig, ax = plt.subplots(figsize=(7.2, 0.55 * len(shares) + 1.6))
    left = np.zeros(len(shares))
    for tone, name in ((-1, "conflictual"), (0, "neutral or mixed"), (1, "cooperative")):
        column = {-1: "conflictual", 0: "neutral", 1: "cooperative"}[tone]
        values = shares[column].to_numpy(dtype=float) * 100
        ax.barh(range(len(shares)), values, left=left, color=TONE_COLOURS[tone], label=name,
                edgecolor="white", linewidth=0.5)
        left += values
    ax.set_yticks(range(len(shares)), [f"{m} (n = {n})" for m, n in
                                       zip(shares.index, shares["n"], strict=True)])
    ax.invert_yaxis()
    ax.set_axisbelow(True)
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of units (%)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3, fontsize=8, frameon=False)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_textblob_vader(frame: pd.DataFrame, gold: str = "gold", title: str = ""):
    """TextBlob polarity (x) against VADER compound (y), each unit coloured by its gold tone.

    Dotted lines mark the stated thresholds of both tools. Returns the figure.
    """
    import matplotlib.pyplot as plt

    from kimxi.style import TONE_COLOURS

    names = {-1: "gold: conflictual", 0: "gold: neutral or mixed", 1: "gold: cooperative"}
    fig, ax = plt.subplots(figsize=(6.4, 5.2))
    for tone in (-1, 0, 1):
        part = frame[frame[gold] == tone]
        ax.scatter(part["textblob_polarity"], part["vader_compound"], s=28,
                   color=TONE_COLOURS[tone], label=f"{names[tone]} ({len(part)})",
                   edgecolor="white", linewidth=0.5)
    for t in (THRESHOLDS["textblob"], -THRESHOLDS["textblob"]):
        ax.axvline(t, color="#777777", linestyle=":", linewidth=0.8)
    for t in (THRESHOLDS["vader"], -THRESHOLDS["vader"]):
        ax.axhline(t, color="#777777", linestyle=":", linewidth=0.8)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("TextBlob polarity (-1 to 1)")
    ax.set_ylabel("VADER compound (-1 to 1)")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(title)
    return fig


def plot_tone_over_time(by_message: pd.DataFrame, series: dict[str, tuple[str, str, str]],
                        title: str = ""):
    """Mean tone of each exchange against its date, one marker series per measure.

    ``by_message`` has ``date_sent`` (ISO date) and, for each series,
    columns for the mean and its interval; ``series`` maps a legend label
    to ``(mean, low, high)`` column names (low/high may be empty strings).
    Returns the figure.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from kimxi.style import PALETTE

    colours = [PALETTE["blue"], PALETTE["vermillion"], PALETTE["green"], PALETTE["orange"]]
    markers = ["o", "s", "^", "D"]
    dates = pd.to_datetime(by_message["date_sent"])
    fig, ax = plt.subplots(figsize=(8.0, 4.0))
    for k, (label, (mean, low, high)) in enumerate(series.items()):
        shift = pd.to_timedelta((k - (len(series) - 1) / 2) * 1.5, unit="D")
        y = by_message[mean].to_numpy(dtype=float)
        if low and high:
            err = [y - by_message[low].to_numpy(dtype=float),
                   by_message[high].to_numpy(dtype=float) - y]
            ax.errorbar(dates + shift, y, yerr=err, fmt=markers[k], color=colours[k],
                        capsize=3, label=label)
        else:
            ax.plot(dates + shift, y, markers[k], color=colours[k], label=label)
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.set_ylim(-1.1, 1.1)
    ax.set_ylabel("mean tone of the exchange's units\n(-1 conflictual, 1 cooperative)")
    ax.set_xlabel("date the message was sent")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title(title)
    return fig


# -- measures that learn from gold labels ------------------------------------------------
#
# A learner is a function ``learner(train, labels, groups) -> predict`` where ``train`` is
# a table of units (``unit_id``, ``text`` and the label-free score columns of
# :func:`score_all`), ``labels`` their gold classes and ``groups`` their held-out groups
# (for learners that tune something by an inner leave-one-group-out). ``predict(units)``
# returns ``(classes, scores)`` for any units: classes in -1/0/1 and a continuous score
# whose sign is the direction. :func:`kimxi.evaluate.out_of_fold` runs a learner leave one
# group out, so no unit is scored by a model that saw its label.
#
# Every choice below (features, C, z cut-off, prior, grids) is fixed in code before the
# held-out figures are computed; nothing is tuned on them.

LOGISTIC_C = 1.0          # scikit-learn's default inverse L2 strength, not tuned
LOG_ODDS_Z = 1.96         # a learned term enters the lexicon when |z| >= 1.96
LEARNED_WEIGHT = 0.5      # the lexicon's weight for a usual but not certain cue
NUMERIC_FEATURES = {
    "tf-idf + lexicon": ("lexicon_score",),
    "stacked": ("lexicon_score", "textblob_polarity", "vader_compound"),
    "scores only": ("lexicon_score", "textblob_polarity", "vader_compound"),
}


def word_ngrams(text: str, n: int = 2) -> list[str]:
    """Word 1- to ``n``-grams of ``text`` (lexicon tokens; no n-gram crosses clause punctuation).

    ``"Warm, cordial talks"`` gives ``warm, cordial, talks, cordial talks``.
    """
    return list(_word_ngrams(text, n))


@lru_cache(maxsize=65536)
def _word_ngrams(text: str, n: int) -> tuple[str, ...]:
    # cached: the learners cut the same texts again in every fold
    out: list[str] = []
    run: list[str] = []
    for token in tokenize(text) + ["."]:
        if token in _BOUNDARY:
            for size in range(1, n + 1):
                out += [" ".join(run[i:i + size]) for i in range(len(run) - size + 1)]
            run = []
        else:
            run.append(token)
    return tuple(out)


def log_odds_terms(texts, labels, z: float = LOG_ODDS_Z, lexicon: Lexicon | None = None,
                   weight: float = LEARNED_WEIGHT) -> pd.DataFrame:
    """Word 1-2 grams whose use differs by tone, by weighted log-odds with an informative prior.

    For each pole (cooperative units against the rest, conflictual units
    against the rest) every n-gram gets the log-odds ratio of its use in the
    pole against the rest, with an informative Dirichlet prior equal to its
    own count in all ``texts`` (Monroe, Colaresi & Quinn 2008, "Fightin'
    Words", *Political Analysis* 16(4); the prior of the tidylo package), and
    the z-score of that ratio. A term enters with ``+weight`` when its
    cooperative z >= ``z``, ``-weight`` when its conflictual z >= ``z`` (not
    both). When ``lexicon`` is given, n-grams in which it already finds a hit
    are left out: the learned terms extend it where it is silent.

    Returns ``term``, ``weight``, ``z_cooperative``, ``z_conflictual``,
    ``count`` sorted by term; empty when nothing passes.
    """
    labels = np.asarray(labels, dtype=int)
    docs = [_word_ngrams(t, 2) for t in texts]
    if len(docs) != len(labels):
        raise ValueError(f"{len(docs)} texts but {len(labels)} labels")
    vocab = sorted({g for d in docs for g in d})
    index = {g: i for i, g in enumerate(vocab)}
    counts = np.zeros((len(docs), len(vocab)))
    for row, doc in enumerate(docs):
        for gram in doc:
            counts[row, index[gram]] += 1
    prior = counts.sum(axis=0)                       # alpha_w: the term's count overall
    a0 = prior.sum()
    zs = {}
    for pole in (1, -1):
        inside = labels == pole
        y_i, y_j = counts[inside].sum(axis=0), counts[~inside].sum(axis=0)
        n_i, n_j = y_i.sum(), y_j.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = (np.log((y_i + prior) / (n_i + a0 - y_i - prior))
                     - np.log((y_j + prior) / (n_j + a0 - y_j - prior)))
            var = 1.0 / (y_i + prior) + 1.0 / (y_j + prior)
            zs[pole] = np.where(inside.any() & (~inside).any(), delta / np.sqrt(var), 0.0)
    coop, conflict = zs[1], zs[-1]
    rows = []
    for i, term in enumerate(vocab):
        up, down = coop[i] >= z, conflict[i] >= z
        if up == down:
            continue
        if lexicon is not None and lexicon.hits(term):
            continue
        rows.append({"term": term, "weight": weight if up else -weight,
                     "z_cooperative": float(coop[i]), "z_conflictual": float(conflict[i]),
                     "count": int(prior[i])})
    return pd.DataFrame(rows, columns=["term", "weight", "z_cooperative", "z_conflictual",
                                       "count"])


def extend_lexicon(lexicon: Lexicon, terms: pd.DataFrame) -> Lexicon:
    """A lexicon holding ``lexicon``'s entries plus learned ``terms`` (term, weight, z ...).

    Learned entries carry the rationale ``learned: log-odds z=...`` and the
    source ``training folds``; an n-gram already in the lexicon is not added twice.
    """
    new = terms[~terms["term"].isin(set(lexicon.table["term"]))]
    rationale = [f"learned: log-odds z={max(a, b):.2f}"
                 for a, b in zip(new["z_cooperative"], new["z_conflictual"], strict=True)]
    learned = pd.DataFrame({"term": new["term"], "weight": new["weight"].astype(float),
                            "rationale": rationale, "source": "training folds"})
    return Lexicon(pd.concat([lexicon.table[["term", "weight", "rationale", "source"]],
                              learned], ignore_index=True))


def _lexicon_scores(lexicon: Lexicon, texts) -> np.ndarray:
    return np.array([sum(h.contribution for h in lexicon.hits(t)) for t in texts], dtype=float)


def threshold_learner(score: str, grid, prefer: float):
    """Learner that keeps a fixed score column and tunes only its threshold on the training units.

    The threshold is the value of ``grid`` with the best kappa on the
    training units (ties to ``prefer``): :func:`kimxi.evaluate.held_out_classes`
    as a learner.
    """
    from kimxi.evaluate import tune_threshold

    def fit(train: pd.DataFrame, labels, groups):
        t = tune_threshold(labels, train[score], grid, classify, prefer=prefer)

        def predict(units: pd.DataFrame):
            values = units[score].to_numpy(dtype=float)
            return classify(values, t), values
        predict.threshold = t
        return predict
    return fit


def log_odds_lexicon_learner(lexicon: Lexicon, grid=THRESHOLD_GRIDS["lexicon"],
                             prefer: float = THRESHOLDS["lexicon"], z: float = LOG_ODDS_Z):
    """Learner: the lexicon extended by :func:`log_odds_terms` learned on the training units.

    The threshold is tuned by an inner leave-one-group-out on the training
    groups (nested): each inner group is scored by terms learned without it,
    and the grid value with the best kappa on those inner out-of-fold scores
    is used. Then the terms are learned on all training units and applied to
    the units to predict. With a single training group the threshold is
    ``prefer``.
    """
    from kimxi.evaluate import tune_threshold

    def score_with(train_texts, train_labels, texts):
        terms = log_odds_terms(train_texts, train_labels, z=z, lexicon=lexicon)
        return _lexicon_scores(extend_lexicon(lexicon, terms), texts), terms

    def fit(train: pd.DataFrame, labels, groups):
        texts = train["text"].to_numpy(dtype=object)
        labels = np.asarray(labels, dtype=int)
        groups = np.asarray(groups, dtype=object)
        names = sorted(set(groups))
        if len(names) < 2:
            t = prefer
        else:
            inner = np.empty(len(texts))
            for name in names:
                test = groups == name
                inner[test], _ = score_with(texts[~test], labels[~test], texts[test])
            t = tune_threshold(labels, inner, grid, classify, prefer=prefer)
        terms = log_odds_terms(texts, labels, z=z, lexicon=lexicon)
        extended = extend_lexicon(lexicon, terms)

        def predict(units: pd.DataFrame):
            values = _lexicon_scores(extended, units["text"])
            return classify(values, t), values
        predict.threshold = t
        predict.terms = terms
        return predict
    return fit


def logistic_learner(text: bool = True, numeric: tuple[str, ...] = (), c: float = LOGISTIC_C):
    """Learner: multinomial L2 logistic regression with ``class_weight="balanced"``.

    Features: TF-IDF of word 1-2 grams (:func:`word_ngrams`, sublinear term
    frequency, every n-gram seen in training) when ``text``, and the
    ``numeric`` score columns standardised on the training units. The
    vectoriser, the scaler and the model are fitted on the training units
    only. ``predict`` gives the most probable class and the expected tone
    ``P(cooperative) - P(conflictual)``; a class absent from training gets
    probability 0.
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    if not text and not numeric:
        raise ValueError("a logistic learner needs text or numeric features")

    def fit(train: pd.DataFrame, labels, groups):
        labels = np.asarray(labels, dtype=int)
        vectoriser = (TfidfVectorizer(analyzer=word_ngrams, sublinear_tf=True)
                      if text else None)
        scaler = StandardScaler() if numeric else None

        def features(units: pd.DataFrame, learn: bool):
            blocks = []
            if vectoriser is not None:
                blocks.append(vectoriser.fit_transform(units["text"]) if learn
                              else vectoriser.transform(units["text"]))
            if scaler is not None:
                values = units[list(numeric)].to_numpy(dtype=float)
                blocks.append(sparse.csr_matrix(scaler.fit_transform(values) if learn
                                                else scaler.transform(values)))
            return sparse.hstack(blocks).tocsr()

        if len(set(labels)) < 2:
            only = int(labels[0])

            def predict(units: pd.DataFrame):
                return np.full(len(units), only), np.full(len(units), float(only))
            return predict
        # newton-cg solves the same convex problem as the default lbfgs, closer to its
        # optimum and ten times faster on these few hundred sparse features
        model = LogisticRegression(C=c, class_weight="balanced", solver="newton-cg",
                                   max_iter=1000)
        model.fit(features(train, learn=True), labels)
        classes = list(model.classes_)

        def predict(units: pd.DataFrame):
            proba = model.predict_proba(features(units, learn=False))
            full = np.zeros((len(units), 3))
            for j, k in enumerate(classes):
                full[:, k + 1] = proba[:, j]
            pred = np.array(classes)[proba.argmax(axis=1)].astype(int)
            return pred, full[:, 2] - full[:, 0]
        predict.model = model
        predict.vectoriser = vectoriser
        return predict
    return fit


def candidate_learners(lexicon: Lexicon) -> dict[str, object]:
    """The candidate measures of notebook 05, in order from simplest to most learned.

    * ``lexicon``: the knowledge lexicon; only its threshold is tuned on the
      training groups.
    * ``lexicon + learned terms``: :func:`log_odds_lexicon_learner`.
    * ``tf-idf``: :func:`logistic_learner` on word 1-2 grams alone.
    * ``tf-idf + lexicon``: the same plus the lexicon score.
    * ``stacked``: word 1-2 grams plus the lexicon, TextBlob and VADER scores.
    * ``scores only``: the three tools' scores, no words.
    """
    return {
        "lexicon": threshold_learner("lexicon_score", THRESHOLD_GRIDS["lexicon"],
                                     THRESHOLDS["lexicon"]),
        "lexicon + learned terms": log_odds_lexicon_learner(lexicon),
        "tf-idf": logistic_learner(text=True),
        "tf-idf + lexicon": logistic_learner(text=True,
                                             numeric=NUMERIC_FEATURES["tf-idf + lexicon"]),
        "stacked": logistic_learner(text=True, numeric=NUMERIC_FEATURES["stacked"]),
        "scores only": logistic_learner(text=False, numeric=NUMERIC_FEATURES["scores only"]),
    }
