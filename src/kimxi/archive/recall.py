"""How many leader messages the genre rules miss, and how many they invent: a stratified check.

The rules of :mod:`kimxi.archive.genre` were checked against hand labels on samples that held
few leader messages the rules did not already call messages, so their recall was never
measured. This check draws, by seed, four strata of the archive's articles:

- ``called``: articles the rules call a leader message (for precision);
- ``title_word``: the rest whose title holds a message word (:data:`kimxi.archive.genre.
  MESSAGE_WORDS`): where a missed message is most likely;
- ``lead_word``: the rest whose first paragraph holds a message word (:data:`LEAD_WORDS`);
- ``rest``: every other article.

Coders read each drawn article's title and opening (the stratum hidden) and say whether it is
a message between the leaders of two countries, by the definition of ``data/kcna/handcheck/
README.md``. :func:`estimate` turns the labels into precision, the number of messages missed
in each stratum (scaled to the stratum's size) and recall, with exact (Clopper-Pearson) 95%
intervals for each stratum's share (``scipy.stats.binomtest(...).proportion_ci``). Recall
combines four shares; its lower bound is the conservative one: the rules' true messages at the
lower bound of precision, the missed ones at the upper bounds of the other strata, every bound
one-sided at the Bonferroni level 0.05 / 4. With no message missed in the sample, recall's point
estimate is 1 and the bound says how many the sample could have failed to see; the bound is
given both over the whole archive and over the articles with a message word in the title or
the first paragraph (the strata where a message can hide in plain sight).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pandas as pd
from scipy import stats

from kimxi.archive.genre import MESSAGE_WORDS, _first_paragraph
from kimxi.archive.load import ID_PATTERN
from kimxi.io.errors import DataError
from kimxi.io.paths import DATA, relative
from kimxi.io.schema import Column
from kimxi.io.tables import read_table

STRATA = ("called", "title_word", "lead_word", "rest")
# How many articles each stratum gives the coders (all of it when it holds fewer).
SIZES = {"called": 40, "title_word": 40, "lead_word": 30, "rest": 60}
SEED = 20260412
LEAD_WORDS = re.compile(r"\b(?:message|greetings?|congratulat\w*|letter|reply|condolences?|"
                        r"sympathy|thanks|card)\b", re.IGNORECASE)


def stratum(genre: str, title: str, text: str) -> str:
    """The stratum of one article (see the module docstring)."""
    if genre == "leader message":
        return "called"
    if MESSAGE_WORDS.search(title):
        return "title_word"
    if LEAD_WORDS.search(_first_paragraph(text)):
        return "lead_word"
    return "rest"


def strata(articles: pd.DataFrame, archive: pd.DataFrame) -> pd.Series:
    """The stratum of every article of ``articles`` (``id``, ``genre``), by id; the titles and
    texts are ``archive``'s."""
    texts = archive.set_index("id")
    return pd.Series([stratum(genre, texts.at[i, "title"], texts.at[i, "text"])
                      for i, genre in zip(articles["id"], articles["genre"], strict=True)],
                     index=articles["id"].to_numpy(), name="stratum")


def draw(by_stratum: pd.Series, sizes: dict[str, int] = SIZES, seed: int = SEED,
         strata: tuple[str, ...] = STRATA) -> pd.DataFrame:
    """``id`` and ``stratum`` of the drawn articles, sorted by id: each of ``strata`` in turn
    sampled without replacement by one ``random.Random(seed)`` from its sorted ids."""
    rng = random.Random(seed)
    rows = []
    for name in strata:
        ids = sorted(by_stratum.index[by_stratum == name])
        rows += [(i, name) for i in rng.sample(ids, min(sizes[name], len(ids)))]
    return pd.DataFrame(sorted(rows), columns=["id", "stratum"])


def exact_ci(hits: int, n: int) -> tuple[float, float]:
    """The exact (Clopper-Pearson) 95% interval of a share; (nan, nan) when n is 0."""
    if n == 0:
        return float("nan"), float("nan")
    ci = stats.binomtest(hits, n).proportion_ci(0.95, method="exact")
    return float(ci.low), float(ci.high)


def _bound(hits: int, n: int, side: str, alpha: float) -> float:
    """One-sided exact bound of a share at level ``alpha`` (``side`` 'low' or 'high')."""
    if n == 0:
        return 0.0 if side == "low" else 1.0
    ci = stats.binomtest(hits, n).proportion_ci(1 - 2 * alpha, method="exact")
    return float(ci.low if side == "low" else ci.high)


def estimate(labels: pd.DataFrame, sizes: pd.Series, alpha: float = 0.05,
             strata: tuple[str, ...] = STRATA) -> tuple[pd.DataFrame, dict]:
    """Per stratum and overall: the share of leader messages and what it means for the rules.

    ``labels``: ``id``, ``stratum`` and ``is_leader_message`` (bool) of the coded articles;
    ``sizes``: the number of articles of each stratum in the archive. Returns the table of
    strata (articles, coded, messages, share with its exact 95% interval, messages estimated in
    the stratum) and a dict: precision with its interval, the messages estimated missed, recall
    and its conservative lower bound over the whole archive (``recall_low``) and over the
    strata with a message word (``recall_low_worded``, when ``strata`` are this module's); see
    the module docstring. ``strata``: the first holds what the rules call a message, the others
    what they do not.
    """
    rows, counts = [], {}
    for name in strata:
        coded = labels[labels.stratum == name]
        n, hits = len(coded), int(coded.is_leader_message.sum())
        counts[name] = (hits, n, int(sizes.get(name, 0)))
        low, high = exact_ci(hits, n)
        share = hits / n if n else float("nan")
        rows.append({"stratum": name, "articles": counts[name][2], "coded": n,
                     "messages": hits, "share": share, "share_low": low, "share_high": high,
                     "estimated_messages": share * counts[name][2]})
    table = pd.DataFrame(rows)
    found = table.set_index("stratum")
    called = strata[0]
    true_called = found.at[called, "estimated_messages"]
    missed = found.loc[list(strata[1:]), "estimated_messages"].sum()
    level = alpha / len(strata)
    hits, n, size = counts[called]
    least_true = _bound(hits, n, "low", level) * size
    most_missed = {name: _bound(h, k, "high", level) * m
                   for name, (h, k, m) in counts.items() if name != called}
    summary = {"precision": found.at[called, "share"],
               "precision_low": found.at[called, "share_low"],
               "precision_high": found.at[called, "share_high"],
               "missed": missed,
               "recall": true_called / (true_called + missed),
               "recall_low": least_true / (least_true + sum(most_missed.values()))}
    if {"title_word", "lead_word"} <= set(most_missed):
        summary["recall_low_worded"] = least_true / (least_true + most_missed["title_word"]
                                                     + most_missed["lead_word"])
    return table, summary


HANDCHECK = DATA / "kcna" / "handcheck"
SAMPLE_CSV = HANDCHECK / "recall_sample.csv"
STRATA_CSV = HANDCHECK / "recall_strata.csv"
PASSES = (HANDCHECK / "recall_pass1.csv", HANDCHECK / "recall_pass2.csv")
PASS_COLUMNS = (Column("id", pattern=ID_PATTERN),
                Column("is_leader_message", kind="boolean"),
                Column("note", required=False))


def sample_tables(articles: pd.DataFrame, archive: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The drawn sample (``recall_sample.csv``) and the size of each stratum
    (``recall_strata.csv``), as drawn once from the archive before any article was coded."""
    by_stratum = strata(articles, archive)
    sizes = by_stratum.value_counts().reindex(list(STRATA), fill_value=0)
    return {"recall_sample.csv": draw(by_stratum),
            "recall_strata.csv": pd.DataFrame({"stratum": list(STRATA),
                                               "articles": sizes.to_numpy()})}


def load_labels(sample: str | Path = SAMPLE_CSV, passes=PASSES) -> pd.DataFrame:
    """The coded sample: ``id``, ``stratum``, ``is_leader_message`` (bool) and both coders'
    notes. DataError where a pass lacks a drawn article or the two passes disagree (no
    adjudication is recorded: the passes agreed on every article)."""
    drawn = read_table(sample, (Column("id", pattern=ID_PATTERN),
                                Column("stratum", choices=STRATA)), key="id")
    coded = [read_table(path, PASS_COLUMNS, key="id") for path in passes]
    out = drawn.copy()
    for k, (path, frame) in enumerate(zip(passes, coded, strict=True), start=1):
        missing = sorted(set(drawn["id"]) - set(frame["id"]))
        if missing:
            raise DataError(relative(path), f"does not code {missing[0]} of the sample "
                                            f"({len(missing)} missing)", column="id")
        out = out.merge(frame.rename(columns={"is_leader_message": f"pass{k}",
                                              "note": f"note{k}"}), on="id", how="left")
    differ = out.index[out["pass1"] != out["pass2"]]
    if len(differ):
        i = int(differ[0])
        raise DataError(relative(passes[1]), f"{out.at[i, 'id']}: the passes disagree and no "
                                             "adjudication is recorded", column="id")
    out["is_leader_message"] = out["pass1"] == "true"
    return out[["id", "stratum", "is_leader_message", "note1", "note2"]]


def load_sizes(path: str | Path = STRATA_CSV) -> pd.Series:
    """The number of the archive's articles in each stratum, by stratum."""
    frame = read_table(path, (Column("stratum", choices=STRATA),
                              Column("articles", kind="integer")), key="stratum")
    return frame.set_index("stratum")["articles"].astype(int)
