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
in each stratum (scaled to the stratum's size) and recall, with intervals: exact
(Clopper-Pearson, ``scipy.stats.binomtest(...).proportion_ci``) for each stratum's share, and
for recall, which combines four shares, the 2.5 and 97.5 percentiles of recall computed from
draws of each share's Jeffreys posterior (Beta(x + 1/2, n - x + 1/2)), 100,000 draws, seed 0.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pandas as pd
from scipy import stats

from kimxi.archive.genre import MESSAGE_WORDS, _first_paragraph

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


def draw(by_stratum: pd.Series, sizes: dict[str, int] = SIZES, seed: int = SEED) -> pd.DataFrame:
    """``id`` and ``stratum`` of the drawn articles, sorted by id: each stratum sampled without
    replacement by ``random.Random(seed)`` from its sorted ids."""
    rng = random.Random(seed)
    rows = []
    for name in STRATA:
        ids = sorted(by_stratum.index[by_stratum == name])
        rows += [(i, name) for i in rng.sample(ids, min(sizes[name], len(ids)))]
    return pd.DataFrame(sorted(rows), columns=["id", "stratum"])


def exact_ci(hits: int, n: int) -> tuple[float, float]:
    """The exact (Clopper-Pearson) 95% interval of a share; (nan, nan) when n is 0."""
    if n == 0:
        return float("nan"), float("nan")
    ci = stats.binomtest(hits, n).proportion_ci(0.95, method="exact")
    return float(ci.low), float(ci.high)


def estimate(labels: pd.DataFrame, sizes: pd.Series, draws: int = 100_000,
             seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """Per stratum and overall: the share of leader messages and what it means for the rules.

    ``labels``: ``id``, ``stratum`` and ``is_leader_message`` (bool) of the coded articles;
    ``sizes``: the number of articles of each stratum in the archive. Returns the table of
    strata (articles, coded, messages, share with its exact interval, messages estimated in
    the stratum) and a dict with precision, the messages estimated missed, and recall with
    its interval (see the module docstring).
    """
    rows = []
    rng = np.random.default_rng(seed)
    posterior = {}
    for name in STRATA:
        coded = labels[labels.stratum == name]
        n, hits = len(coded), int(coded.is_leader_message.sum())
        low, high = exact_ci(hits, n)
        share = hits / n if n else float("nan")
        rows.append({"stratum": name, "articles": int(sizes.get(name, 0)), "coded": n,
                     "messages": hits, "share": share, "share_low": low, "share_high": high,
                     "estimated_messages": share * int(sizes.get(name, 0))})
        posterior[name] = rng.beta(hits + 0.5, n - hits + 0.5, size=draws)
    table = pd.DataFrame(rows)
    found = table.set_index("stratum")
    true_called = found.at["called", "estimated_messages"]
    missed = found.loc[list(STRATA[1:]), "estimated_messages"].sum()
    sim_called = posterior["called"] * int(sizes.get("called", 0))
    sim_missed = sum(posterior[name] * int(sizes.get(name, 0)) for name in STRATA[1:])
    sim_recall = sim_called / (sim_called + sim_missed)
    summary = {"precision": found.at["called", "share"],
               "precision_low": found.at["called", "share_low"],
               "precision_high": found.at["called", "share_high"],
               "missed": missed,
               "recall": true_called / (true_called + missed),
               "recall_low": float(np.percentile(sim_recall, 2.5)),
               "recall_high": float(np.percentile(sim_recall, 97.5))}
    return table, summary
