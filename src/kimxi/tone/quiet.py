"""Entry P1 of the analysis plan (``ANALYSIS_PLAN.md``): KCNA on China while the leaders were
silent, like for like.

:func:`like_for_like` leaves out what would make the comparison circular (KCNA's own reports
of the exchanges, the leader-message and visit genres, titles naming the envoy or Xi) and the
sentences that name China only as a place. :func:`day_values` averages what is left day by
day: the day is the unit, since the articles of one day are not independent. :func:`test`
compares the quiet stretch with the rest of the window by a permutation test of the day labels
(``scipy.stats.permutation_test``); :func:`family` runs it on stance and on tone and adjusts
the pair by Holm; :func:`sensitivity` shows the main alternatives the plan names.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from scipy import stats

EXCLUDED_GENRES = ("leader message", "visit or talks")
EXCLUDED_TITLE = r"\bSong Tao\b|\bXi Jinping\b"
N_RESAMPLES = 9999
SEED = 0


def like_for_like(table: pd.DataFrame, articles: pd.DataFrame, record: set[str]) -> pd.Series:
    """Which sentences of a stance table (``document_id``, ``role``) the comparison reads: not
    in an article the record cites (``record``), not of :data:`EXCLUDED_GENRES`, not under a
    title matching :data:`EXCLUDED_TITLE`, and not naming China only as a place.
    ``articles`` is the archive's articles table indexed by ``id``."""
    doc = articles.reindex(table["document_id"])
    return pd.Series((~table["document_id"].isin(record)).to_numpy()
                     & ~doc["genre"].isin(EXCLUDED_GENRES).to_numpy()
                     & ~doc["title"].str.contains(EXCLUDED_TITLE).to_numpy()
                     & (table["role"] != "place").to_numpy(), index=table.index)


def day_values(table: pd.DataFrame, articles: pd.DataFrame, column: str,
               unit: str = "day") -> pd.Series:
    """The mean of ``column`` per day (``unit="day"``) or per article (``"article"``),
    indexed by the day (each article keeps its day)."""
    day = pd.to_datetime(articles.reindex(table["document_id"])["date"]).to_numpy()
    frame = pd.DataFrame({"day": day, "doc": table["document_id"].to_numpy(),
                          "value": table[column].to_numpy(dtype=float)})
    if unit == "article":
        per = frame.groupby("doc").agg(day=("day", "first"), value=("value", "mean"))
        return per.set_index("day")["value"].sort_index()
    return frame.groupby("day")["value"].mean()


def test(values: pd.Series, quiet: tuple, window: tuple, n: int = N_RESAMPLES,
         seed: int = SEED) -> dict:
    """Mean of the quiet stretch's values against the rest of ``window`` (both inclusive
    date pairs), with the two-sided permutation p-value of the difference."""
    day = pd.to_datetime(values.index)
    inside_window = (day >= pd.Timestamp(window[0])) & (day <= pd.Timestamp(window[1]))
    inside = inside_window & (day >= pd.Timestamp(quiet[0])) & (day <= pd.Timestamp(quiet[1]))
    a, b = values[inside].to_numpy(), values[inside_window & ~inside].to_numpy()
    result = stats.permutation_test((a, b), lambda x, y, axis: x.mean(axis) - y.mean(axis),
                                    permutation_type="independent", vectorized=True,
                                    n_resamples=n, alternative="two-sided",
                                    random_state=np.random.default_rng(seed))
    return {"quiet_mean": float(a.mean()), "rest_mean": float(b.mean()),
            "difference": float(a.mean() - b.mean()), "p_value": float(result.pvalue),
            "n_quiet": len(a), "n_rest": len(b)}


def holm(p_values) -> np.ndarray:
    """Holm's step-down adjustment of a family of p-values (scipy offers only
    Benjamini-Hochberg, ``scipy.stats.false_discovery_control``)."""
    p = np.asarray(p_values, dtype=float)
    order = np.argsort(p)
    adjusted = np.maximum.accumulate((len(p) - np.arange(len(p))) * p[order])
    out = np.empty_like(p)
    out[order] = np.minimum(adjusted, 1.0)
    return out


def family(table: pd.DataFrame, articles: pd.DataFrame, record: set[str], quiet: tuple,
           window: tuple, exclusions: bool = True, unit: str = "day") -> pd.DataFrame:
    """H1 (stance) and H2 (tone) of entry P1: one row each, with the Holm-adjusted p."""
    keep = like_for_like(table, articles, record) if exclusions else pd.Series(
        True, index=table.index)
    rows = [{"measure": column, **test(day_values(table[keep], articles, column, unit), quiet,
                                       window)} for column in ("stance", "tone")]
    out = pd.DataFrame(rows)
    out["p_holm"] = holm(out["p_value"])
    return out


def plan_windows(messages: pd.DataFrame, window: tuple) -> tuple[tuple, tuple]:
    """The quiet stretch of entry P1 and the 116-day alternative, from the record: the days
    strictly inside the record's longest gap without an exchange, and the days from the
    envoy's departure to the same end."""
    from kimxi.record.exchanges import exchange_table, silences

    gap = silences(messages).sort_values("days").iloc[-1]
    quiet = (gap.last_day + dt.timedelta(days=1), gap.next_day - dt.timedelta(days=1))
    envoy = exchange_table(messages).query("kind == 'envoy visit'").date_end.iloc[0]
    return quiet, ((envoy + pd.Timedelta(days=1)).date(), quiet[1])


def sensitivity(table: pd.DataFrame, articles: pd.DataFrame, record: set[str], quiet: tuple,
                window: tuple, since_envoy: tuple) -> pd.DataFrame:
    """Entry P1 under its main alternatives: one row per variant and measure."""
    week = dt.timedelta(days=7)
    variants = {
        "as planned": dict(quiet=quiet),
        "exclusions off": dict(quiet=quiet, exclusions=False),
        "a week earlier": dict(quiet=(quiet[0] - week, quiet[1] - week)),
        "a week later": dict(quiet=(quiet[0] + week, quiet[1] + week)),
        "since the envoy left (the earlier 116 days)": dict(quiet=since_envoy),
        "the article as unit": dict(quiet=quiet, unit="article"),
    }
    rows = [family(table, articles, record, window=window, **kwargs).assign(variant=name)
            for name, kwargs in variants.items()]
    out = pd.concat(rows, ignore_index=True)
    return out[["variant", "measure", "quiet_mean", "rest_mean", "difference", "p_value",
                "p_holm", "n_quiet", "n_rest"]]
