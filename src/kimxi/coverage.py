"""What KCNA covered, week by week: which countries its articles mention, and how often.

Tables in, tables out: :func:`weekly_mentions` counts the archive's articles
per week (weeks start on Monday) and the share that mention each focus
country; :func:`period_shares` compares those shares inside and outside a
stretch of days (the silence between exchanges); :func:`genre_profile` gives
each genre's size and sentence tone. The figure is in
:mod:`kimxi.coverage_plot`.
"""

from __future__ import annotations

import pandas as pd

from kimxi.genre import GENRES
from kimxi.mentions import FOCUS
from kimxi.sentiment import THRESHOLDS

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


def period_shares(articles: pd.DataFrame, inside: tuple, window: tuple) -> pd.DataFrame:
    """Share of articles mentioning each country inside ``inside`` and in the rest of ``window``.

    Both are ``(first day, last day)``, inclusive. Rows: the focus countries;
    columns: articles and share inside, the same for the rest of the window,
    and the difference in percentage points.
    """
    day = pd.to_datetime(articles["date"])
    in_window = (day >= pd.Timestamp(window[0])) & (day <= pd.Timestamp(window[1]))
    in_part = (day >= pd.Timestamp(inside[0])) & (day <= pd.Timestamp(inside[1]))
    part, rest = articles[in_window & in_part], articles[in_window & ~in_part]
    rows = []
    for key in FOCUS:
        rows.append({"country": key, "articles_inside": int(part[key].sum()),
                     "share_inside": part[key].mean(), "articles_rest": int(rest[key].sum()),
                     "share_rest": rest[key].mean()})
    out = pd.DataFrame(rows)
    out["difference_pp"] = 100 * (out["share_inside"] - out["share_rest"])
    out.attrs.update(n_inside=len(part), n_rest=len(rest))
    return out


def genre_profile(articles: pd.DataFrame, features: pd.DataFrame,
                  threshold: float = THRESHOLDS["lexicon"]) -> pd.DataFrame:
    """Per genre: articles, median words, and the share of its sentences the lexicon calls
    cooperative or conflictual at ``threshold`` (its stated threshold by default)."""
    genre_of = articles.set_index("id")["genre"]
    sentences = features.assign(genre=features["id"].map(genre_of))
    score = sentences["lexicon_score"].round(12)
    sentences["cooperative"] = score >= threshold
    sentences["conflictual"] = score <= -threshold
    by = sentences.groupby("genre")
    out = pd.DataFrame({
        "articles": articles.groupby("genre").size(),
        "median_words": articles.groupby("genre")["n_words"].median(),
        "sentences": by.size(),
        "cooperative_share": by["cooperative"].mean().round(3),
        "conflictual_share": by["conflictual"].mean().round(3),
    }).reindex(list(GENRES))
    out.index.name = "genre"
    return out.reset_index()
