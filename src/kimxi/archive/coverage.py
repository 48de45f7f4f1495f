"""What KCNA covered, week by week: which countries its articles mention, and how often.

Tables in, tables out: :func:`weekly_mentions` counts the archive's articles
per week (weeks start on Monday) and the share that mention each focus
country; :func:`period_shares` compares those shares inside and outside a
stretch of days (the silence between exchanges); :func:`genre_profile` gives
each genre's size and sentence tone. The figure is in
:mod:`kimxi.plots.coverage`.
"""

from __future__ import annotations

import pandas as pd
from scipy.stats import fisher_exact

from kimxi.archive.genre import GENRES
from kimxi.archive.mentions import FOCUS

WEEKLY_COLUMNS = ["week", "articles", *(f"{k}_articles" for k in FOCUS),
                  *(f"{k}_share" for k in FOCUS)]


def weekly_mentions(articles: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """Per week (Monday to Sunday): articles, and articles and share mentioning each country.

    ``start`` and ``end`` (dates) bound the articles counted; weeks with no
    article are kept with zeros, so gaps in the archive show as gaps.
    """
    table = articles.copy()
    table["day"] = pd.to_datetime(table["date"])
    if start is not None:
        table = table[table["day"] >= pd.Timestamp(start)]
    if end is not None:
        table = table[table["day"] <= pd.Timestamp(end)]
    table["week"] = table["day"].dt.to_period("W-SUN").dt.start_time
    counts = table.groupby("week")[list(FOCUS)].sum()
    counts.insert(0, "articles", table.groupby("week").size())
    weeks = pd.date_range(counts.index.min(), counts.index.max(), freq="W-MON")
    counts = counts.reindex(weeks, fill_value=0)
    out = pd.DataFrame({"week": counts.index.strftime("%Y-%m-%d"),
                        "articles": counts["articles"].to_numpy()})
    for key in FOCUS:
        out[f"{key}_articles"] = counts[key].to_numpy().astype(int)
    for key in FOCUS:
        out[f"{key}_share"] = (out[f"{key}_articles"] / out["articles"].where(
            out["articles"] > 0)).round(4)
    return out[WEEKLY_COLUMNS]


def window_edges(weekly: pd.DataFrame, window: tuple, n: int = 4
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first and the last ``n`` weeks of ``weekly`` that start inside ``window``."""
    inside = weekly[(weekly["week"] >= str(window[0])) & (weekly["week"] <= str(window[1]))]
    return inside.iloc[:n], inside.iloc[-n:]


def edge_shares(weekly: pd.DataFrame, window: tuple, n: int = 4) -> dict[str, float]:
    """Share of articles naming each country in the first and last ``n`` weeks of ``window``.

    Keys ``<country>_first`` and ``<country>_last`` for every focus country.
    """
    first, last = window_edges(weekly, window, n)
    out = {}
    for key in FOCUS:
        out[f"{key}_first"] = first[f"{key}_articles"].sum() / first["articles"].sum()
        out[f"{key}_last"] = last[f"{key}_articles"].sum() / last["articles"].sum()
    return out


def period_shares(articles: pd.DataFrame, inside: tuple, window: tuple) -> pd.DataFrame:
    """Share of articles mentioning each country inside ``inside`` and in the rest of ``window``.

    Both are ``(first day, last day)``, inclusive. Rows: the focus countries;
    columns: articles and share inside, the same for the rest of the window,
    the difference in percentage points, and the two-sided p-value of Fisher's
    exact test that the two shares are equal.
    """
    day = pd.to_datetime(articles["date"])
    in_window = (day >= pd.Timestamp(window[0])) & (day <= pd.Timestamp(window[1]))
    in_part = (day >= pd.Timestamp(inside[0])) & (day <= pd.Timestamp(inside[1]))
    part, rest = articles[in_window & in_part], articles[in_window & ~in_part]
    rows = []
    for key in FOCUS:
        a, b = int(part[key].sum()), int(rest[key].sum())
        table = [[a, len(part) - a], [b, len(rest) - b]]
        rows.append({"country": key, "articles_inside": a, "share_inside": part[key].mean(),
                     "articles_rest": b, "share_rest": rest[key].mean(),
                     "difference_pp": 100 * (part[key].mean() - rest[key].mean()),
                     "p_value": float(fisher_exact(table)[1])})
    out = pd.DataFrame(rows)
    out.attrs.update(n_inside=len(part), n_rest=len(rest))
    return out


def genre_profile(articles: pd.DataFrame, features: pd.DataFrame) -> pd.DataFrame:
    """Per genre: articles, median words, and the share of its sentences the validated tone
    measure (``measure_class`` of ``sentence_features.csv``) calls cooperative or conflictual."""
    genre_of = articles.set_index("id")["genre"]
    sentences = features.assign(genre=features["id"].map(genre_of))
    sentences["cooperative"] = sentences["measure_class"].astype(int) == 1
    sentences["conflictual"] = sentences["measure_class"].astype(int) == -1
    by = sentences.groupby("genre")
    out = pd.DataFrame({
        "articles": articles.groupby("genre").size(),
        "median_words": articles.groupby("genre")["n_words"].median(),
        "sentences": by.size(),
        "cooperative_share": by["cooperative"].mean().round(3),
        "conflictual_share": by["conflictual"].mean().round(3),
    }).reindex(list(GENRES))
    for col in ("articles", "sentences"):
        out[col] = out[col].fillna(0).astype(int)
    out.index.name = "genre"
    return out.reset_index()
