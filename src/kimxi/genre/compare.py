"""Setting the China messages within their genre: percentiles, intervals, permutation tests.

Tables in, tables out, every random draw seeded. :func:`place_in_genre` gives
each message's percentile among comparable messages (same direction and
occasion); :func:`formula_shares` the share of each group's messages that use
each formula, with Wilson intervals; :func:`permutation_test` compares two
groups' means; :func:`weekly_tone` and :func:`tone_test` give the tone of the
sentences naming a country, week by week with cluster-bootstrap intervals
(articles are the clusters), and inside against outside a stretch of days.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kimxi.archive.mentions import FOCUS
from kimxi.tone.over_time import cluster_mean_ci

SOCIALIST_STATES = ("Laos", "Cuba", "Vietnam", "Russia")
Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``k / n`` (``(nan, nan)`` when n is 0)."""
    if n == 0:
        return float("nan"), float("nan")
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(centre - half), float(centre + half)


def percentile(value: float, values) -> float:
    """Share of ``values`` strictly below ``value``, plus half the ties, in percent."""
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return float("nan")
    return float(100 * ((values < value).mean() + 0.5 * (values == value).mean()))


def permutation_test(a, b, n: int = 9999, seed: int = 0) -> dict:
    """Difference of means ``mean(a) - mean(b)`` and its two-sided permutation p-value.

    The p-value counts the observed split among the shuffles: ``(k + 1) / (n + 1)``.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    pooled = np.concatenate([a, b])
    observed = a.mean() - b.mean()
    rng = np.random.default_rng(seed)
    # Each shuffle shuffles the previous one, as a loop would; the means come after, at once.
    shuffles = np.empty((n, len(pooled)))
    for i in range(n):
        rng.shuffle(pooled)
        shuffles[i] = pooled
    differences = shuffles[:, :len(a)].mean(axis=1) - shuffles[:, len(a):].mean(axis=1)
    hits = int((np.abs(differences) >= abs(observed) - 1e-12).sum())
    return {"difference": float(observed), "p_value": (hits + 1) / (n + 1),
            "n_a": len(a), "n_b": len(b)}


def place_in_genre(table: pd.DataFrame, ids, columns=("n_words", "n_formulae",
                                                      "tone_mean")) -> pd.DataFrame:
    """Each message of ``ids`` with its percentile on ``columns`` among comparable messages.

    Comparable: the other messages of the same direction and occasion (a reply
    with replies, an election greeting with election greetings). ``n_comparable``
    says how many.
    """
    rows = []
    for message in table[table["id"].isin(ids)].itertuples(index=False):
        peers = table[(table["direction"] == message.direction)
                      & (table["occasion"] == message.occasion) & (table["id"] != message.id)]
        row = {"id": message.id, "date": message.date, "title": message.title,
               "occasion": message.occasion, "n_comparable": len(peers)}
        for col in columns:
            row[col] = getattr(message, col)
            row[f"{col}_percentile"] = round(percentile(getattr(message, col), peers[col]), 1)
        rows.append(row)
    return pd.DataFrame(rows)


def formula_shares(table: pd.DataFrame, groups: dict[str, pd.Series],
                   formulae: list[str]) -> pd.DataFrame:
    """Per formula and group: messages using it, share, and its Wilson 95% interval.

    ``groups`` maps a group name to a boolean mask over ``table``.
    """
    rows = []
    for formula in formulae:
        for name, mask in groups.items():
            part = table.loc[mask, formula]
            k, n = int(part.sum()), len(part)
            low, high = wilson(k, n)
            rows.append({"formula": formula, "group": name, "messages": n, "using": k,
                         "share": k / n if n else float("nan"), "low": low, "high": high})
    return pd.DataFrame(rows)


def weekly_tone(features: pd.DataFrame, articles: pd.DataFrame, key: str = "china",
                n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Per week: sentences naming ``key``'s country in articles that mention it, their
    mean tone on the validated measure (``measure_score``) and a cluster-bootstrap 95%
    interval (articles resampled).

    For ``china`` the sentence flag of ``sentence_features.csv`` is used; for
    the other focus countries, every sentence of the articles that mention them.
    """
    if key not in FOCUS:
        raise ValueError(f"key must be one of {FOCUS}")
    dates = dict(zip(articles["id"], articles["date"], strict=True))
    mention = set(articles.loc[articles[key], "id"])
    rows = features[features["id"].isin(mention)]
    if key == "china":
        rows = rows[rows["china"]]
    week = pd.to_datetime(rows["id"].map(dates)).dt.to_period("W-SUN").dt.start_time
    rng = np.random.default_rng(seed)
    out = []
    for start, part in rows.groupby(week):
        low, high = cluster_mean_ci(part["measure_score"], part["id"], n_boot, rng)
        out.append({"week": start.strftime("%Y-%m-%d"), "sentences": len(part),
                    "articles": part["id"].nunique(),
                    "tone_mean": float(part["measure_score"].mean()),
                    "low": low, "high": high})
    return pd.DataFrame(out)


def tone_test(features: pd.DataFrame, articles: pd.DataFrame, inside: tuple, window: tuple,
              n: int = 9999, seed: int = 0) -> dict:
    """Mean tone (``measure_score``) of the China sentences inside ``inside`` against the rest of
    ``window``, article by article (each article's mean is one observation), with a
    permutation test of the difference."""
    dates = pd.to_datetime(articles.set_index("id")["date"])
    china = features[features["china"]]
    per_article = china.groupby("id")["measure_score"].mean()
    day = dates.reindex(per_article.index)
    in_window = (day >= pd.Timestamp(window[0])) & (day <= pd.Timestamp(window[1]))
    in_part = (day >= pd.Timestamp(inside[0])) & (day <= pd.Timestamp(inside[1]))
    a = per_article[in_window & in_part]
    b = per_article[in_window & ~in_part]
    result = permutation_test(a, b, n=n, seed=seed)
    result.update(mean_inside=float(a.mean()), mean_rest=float(b.mean()))
    return result


def anniversary_greetings(table: pd.DataFrame, periods: dict[str, tuple[str, str, str]]
                          ) -> pd.DataFrame:
    """Greetings to the DPRK side per occasion: how many, from how many countries, and China's.

    ``periods`` maps a name to ``(first day, last day, occasion)``; messages to the DPRK
    dated (sent, else published) in that stretch with that occasion are counted.
    ``china`` names the China message ids, or says none was reported.
    """
    day = table["date_sent"].where(table["date_sent"] != "", table["date"])
    rows = []
    for name, (first, last, occasion) in periods.items():
        part = table[(table["direction"] == "to DPRK") & (table["occasion"] == occasion)
                     & (day >= first) & (day <= last)]
        named = part[~part["foreign_country"].isin(["", "several"])]["foreign_country"]
        china = part[part["foreign_country"] == "China"]["id"].tolist()
        in_list = part[(part["foreign_country"] == "several")]["id"].tolist()
        rows.append({"occasion": name, "messages": len(part), "countries": named.nunique(),
                     "lists": "; ".join(in_list),
                     "china": "; ".join(china) if china else "none reported by name"})
    return pd.DataFrame(rows)


def bootstrap_difference(a, b, n: int = 4999, seed: int = 0) -> tuple[float, float]:
    """Percentile 95% interval of ``mean(a) - mean(b)``, each group resampled on its own."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    rng = np.random.default_rng(seed)
    diffs = (rng.choice(a, size=(n, len(a))).mean(axis=1)
             - rng.choice(b, size=(n, len(b))).mean(axis=1))
    return float(np.quantile(diffs, 0.025)), float(np.quantile(diffs, 0.975))
