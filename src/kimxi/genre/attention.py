"""Entry P4 of the analysis plan: KCNA's attention to China and the United States, the first
four whole weeks of the message window against its last four.

:func:`weekly_shares` gives each Monday-to-Sunday week's share of articles naming a country,
leaving out (by default) the articles that report the exchanges and the leader-message and
visit genres; :func:`family` tests China and the United States by an exact permutation test
of the eight week labels and adjusts the pair by Holm; :func:`sensitivity` shows the plan's
alternatives.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from kimxi.tone.quiet import EXCLUDED_GENRES, holm

COUNTRIES = {"china": "China", "us": "United States"}


def weeks_of(window: tuple, shift: int = 0) -> tuple[list[pd.Timestamp], list[pd.Timestamp]]:
    """The Mondays of the first and of the last four whole Monday-to-Sunday weeks inside
    ``window`` (inclusive dates), both moved ``shift`` weeks later."""
    first = pd.Timestamp(window[0])
    first += pd.Timedelta(days=(7 - first.weekday()) % 7)
    last = pd.Timestamp(window[1])
    last -= pd.Timedelta(days=(last.weekday() + 1) % 7)  # the last Sunday inside
    start = [first + pd.Timedelta(weeks=k + shift) for k in range(4)]
    end = [last - pd.Timedelta(days=6) - pd.Timedelta(weeks=3 - k - shift) for k in range(4)]
    return start, end


def weekly_shares(articles: pd.DataFrame, record: set[str], exclusions: bool = True
                  ) -> pd.DataFrame:
    """Per Monday-to-Sunday week: ``articles`` and the share naming each of :data:`COUNTRIES`
    (``articles`` has ``id``, ``date``, ``genre`` and a boolean column per country)."""
    keep = np.ones(len(articles), dtype=bool)
    if exclusions:
        keep = ~articles["id"].isin(record).to_numpy() & ~articles["genre"].isin(
            EXCLUDED_GENRES).to_numpy()
    part = articles[keep]
    day = pd.to_datetime(part["date"])
    week = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    grouped = part.assign(week=week.to_numpy()).groupby("week")
    out = pd.DataFrame({"articles": grouped.size()})
    for key in COUNTRIES:
        out[key] = grouped[key].mean()
    return out


def _test(first: np.ndarray, last: np.ndarray) -> float:
    result = stats.permutation_test((last, first), lambda x, y, axis: x.mean(axis) - y.mean(axis),
                                    permutation_type="independent", vectorized=True,
                                    n_resamples=np.inf, alternative="two-sided")
    return float(result.pvalue)


def family(articles: pd.DataFrame, record: set[str], window: tuple, exclusions: bool = True,
           shift: int = 0) -> pd.DataFrame:
    """China and the United States: mean weekly share in the first and the last four weeks,
    the difference, the exact permutation p and the Holm-adjusted p."""
    shares = weekly_shares(articles, record, exclusions)
    start, end = weeks_of(window, shift)
    rows = []
    for key, name in COUNTRIES.items():
        first = shares[key].reindex(start).to_numpy(dtype=float)
        last = shares[key].reindex(end).to_numpy(dtype=float)
        rows.append({"country": name, "first_weeks": float(first.mean()),
                     "last_weeks": float(last.mean()),
                     "difference": float(last.mean() - first.mean()),
                     "p_value": _test(first, last)})
    out = pd.DataFrame(rows)
    out["p_holm"] = holm(out["p_value"])
    return out


def _articles_test(articles: pd.DataFrame, record: set[str], window: tuple) -> pd.DataFrame:
    """The article as unit: the share of all articles of the four weeks, Fisher's exact test."""
    keep = ~articles["id"].isin(record) & ~articles["genre"].isin(EXCLUDED_GENRES)
    part = articles[keep]
    day = pd.to_datetime(part["date"])
    start, end = weeks_of(window)
    in_first = (day >= start[0]) & (day < start[-1] + pd.Timedelta(days=7))
    in_last = (day >= end[0]) & (day < end[-1] + pd.Timedelta(days=7))
    rows = []
    for key, name in COUNTRIES.items():
        a, b = part[key][in_first], part[key][in_last]
        table = [[int(b.sum()), int((~b).sum())], [int(a.sum()), int((~a).sum())]]
        rows.append({"country": name, "first_weeks": float(a.mean()),
                     "last_weeks": float(b.mean()), "difference": float(b.mean() - a.mean()),
                     "p_value": float(stats.fisher_exact(table).pvalue)})
    out = pd.DataFrame(rows)
    out["p_holm"] = holm(out["p_value"])
    return out


def sensitivity(articles: pd.DataFrame, record: set[str], window: tuple) -> pd.DataFrame:
    """Entry P4 as planned and under its alternatives: one row per variant and country."""
    variants = {"as planned": family(articles, record, window),
                "exclusions off": family(articles, record, window, exclusions=False),
                "the article as unit": _articles_test(articles, record, window),
                "the last weeks a week later": family(articles, record, window, shift=1)}
    out = pd.concat([v.assign(variant=k) for k, v in variants.items()], ignore_index=True)
    return out[["variant", "country", "first_weeks", "last_weeks", "difference", "p_value",
                "p_holm"]]


def windows_text(window: tuple) -> str:
    """The two windows of entry P4 in words."""
    start, end = weeks_of(window)
    last_sunday = (end[-1] + pd.Timedelta(days=6)).date()
    return (f"{start[0]:%-d %b %Y} - {(start[-1] + pd.Timedelta(days=6)):%-d %b %Y} against "
            f"{end[0]:%-d %b %Y} - {last_sunday:%-d %b %Y}")

