"""The Kim-Xi messages of 2017-18 against twenty years of DPRK-China messages, like for like
(analysis plan, entries P6-P8). Tables in, tables out; the notebook draws and reads them.

- :func:`cells`: each China message's cell: the DPRK side's tier (:data:`TIERS`), the occasion
  and the direction.
- :func:`elections`: the top leaders' congratulations on an election, year by year.
- :func:`by_year`: messages per year by direction, and the New Year messages.
- :func:`reply_lags`: answered messages and their lags, by era and direction.
- :func:`cell_summary` and :func:`against_cell`: length and formulae per cell, and where each
  2017-18 message stands in its own cell of earlier years.
- :func:`silences`: the days between consecutive dates KCNA carried a DPRK-China message.
- :func:`same_months`: the message window's months against the same months of other years.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from kimxi.history import formulae as history_formulae

# The DPRK side of a message: its top leader (Kim Jong Il, Kim Jong Un and the Central
# Committee they headed), the head of its parliament's Presidium, or its premier.
TIERS = {"Kim Jong Il": "top leader", "Kim Jong Un": "top leader",
         "WPK Central Committee": "top leader", "Kim Yong Nam": "parliament",
         "Pak Pong Ju": "premier", "Hong Song Nam": "premier", "Kim Yong Il": "premier",
         "Choe Yong Rim": "premier"}
ERAS = (("Kim Jong Il", "1997-01-01", "2011-12-16"), ("Kim Jong Un", "2011-12-17", "2018-12-31"))
WINDOW = ("2017-10-01", "2018-03-31")
MIN_EARLIER = 3


def era(date: str) -> str:
    """Kim Jong Il's or Kim Jong Un's years (Kim Jong Il died on 17 Dec 2011)."""
    for name, lo, hi in ERAS:
        if lo <= date <= hi:
            return name
    return ""


def cells(messages: pd.DataFrame) -> pd.DataFrame:
    """The messages with ``year``, ``era``, ``tier``, ``in_window`` and ``cell``
    (tier / occasion / direction)."""
    out = messages.copy()
    out["year"] = out["date"].str[:4].astype(int)
    out["era"] = out["date"].map(era)
    out["tier"] = out["dprk_party"].map(TIERS).fillna("other")
    out["in_window"] = (out["date"] >= WINDOW[0]) & (out["date"] <= WINDOW[1])
    out["cell"] = out["tier"] + " / " + out["occasion"] + " / " + out["direction"]
    return out


def exact_share(hits: int, n: int) -> tuple[float, float, float]:
    """A share and its exact (Clopper-Pearson) 95% interval; NaNs for n = 0."""
    if n == 0:
        return (np.nan, np.nan, np.nan)
    ci = stats.binomtest(int(hits), int(n)).proportion_ci(0.95, method="exact")
    return hits / n, float(ci.low), float(ci.high)


def with_formulae(messages: pd.DataFrame, formulae: list[str]) -> pd.DataFrame:
    """The messages with one boolean column per formula (and "friendship", "blood")."""
    found = history_formulae.presence(messages["text"], formulae)
    return pd.concat([messages.drop(columns=[c for c in found.columns if c in messages]),
                      found], axis=1)


def elections(messages: pd.DataFrame, formulae: list[str]) -> pd.DataFrame:
    """The top leaders' congratulations on an election or appointment, both directions, one row
    each: date, direction, title, words, and each formula's presence. Top leaders on both
    sides: the DPRK's (:data:`TIERS`) and China's, whose office the title gives as head of state
    or party (not a vice-chairman's or a premier's)."""
    chosen = messages[(messages["tier"] == "top leader") & (messages["occasion"] == "election")
                      & messages["foreign_office"].isin(["head of state", "party"])]
    keep = ["id", "date", "era", "direction", "title", "n_words", *formulae,
            *history_formulae.NAMED]
    return chosen[keep].reset_index(drop=True)


def by_year(messages: pd.DataFrame, occasion: str | None = None) -> pd.DataFrame:
    """Messages per year and direction (every year of the archive listed), of one
    ``occasion`` or of all."""
    chosen = messages if occasion is None else messages[messages["occasion"] == occasion]
    table = pd.crosstab(chosen["year"], chosen["direction"])
    years = range(int(messages["year"].min()), int(messages["year"].max()) + 1)
    table = table.reindex(index=years, columns=["from DPRK", "to DPRK"], fill_value=0)
    table.index.name = "year"
    return table


def reply_lags(messages: pd.DataFrame) -> pd.DataFrame:
    """Per era and direction of the message answered: messages that are not replies, how many
    a reply answered (P5's pairing), and the lags' median and range in days."""
    asked = messages[~messages["occasion"].isin(["reply", "thanks"])]
    rows = []
    for (name, direction), group in asked.groupby(["era", "direction"], sort=True):
        lags = group["answer_days"].dropna().astype(int)
        rows.append({"era": name, "message from": direction.replace("from ", ""),
                     "messages": len(group), "answered": len(lags),
                     "median_days": float(lags.median()) if len(lags) else np.nan,
                     "min_days": int(lags.min()) if len(lags) else np.nan,
                     "max_days": int(lags.max()) if len(lags) else np.nan})
    return pd.DataFrame(rows)


def cell_summary(messages: pd.DataFrame, formulae: list[str]) -> pd.DataFrame:
    """Per cell, the messages before the window: how many, median words and quartiles, and
    each formula's share with its exact interval (a cell of fewer than
    :data:`MIN_EARLIER` messages keeps its count only)."""
    earlier = messages[messages["date"] < WINDOW[0]]
    rows = []
    for cell, group in earlier.groupby("cell"):
        row = {"cell": cell, "messages": len(group)}
        if len(group) >= MIN_EARLIER:
            row.update(words_median=float(group["n_words"].median()),
                       words_q1=float(group["n_words"].quantile(0.25)),
                       words_q3=float(group["n_words"].quantile(0.75)))
            for formula in [*formulae, *history_formulae.NAMED]:
                share, low, high = exact_share(int(group[formula].sum()), len(group))
                row.update({formula: share, f"{formula} low": low, f"{formula} high": high})
        rows.append(row)
    return pd.DataFrame(rows).sort_values("messages", ascending=False, ignore_index=True)


def against_cell(messages: pd.DataFrame, formulae: list[str]) -> pd.DataFrame:
    """Each message of the window beside its cell of earlier years: the cell's size, the
    message's words and the share of the cell's messages that were shorter, and for each
    formula whether the message has it and the cell's share that had it."""
    earlier = messages[messages["date"] < WINDOW[0]]
    rows = []
    for _, message in messages[messages["in_window"]].iterrows():
        cell = earlier[earlier["cell"] == message["cell"]]
        row = {"id": message["id"], "date": message["date"], "title": message["title"],
               "cell": message["cell"], "earlier": len(cell), "words": message["n_words"]}
        if len(cell) >= MIN_EARLIER:
            row["shorter_share"] = float((cell["n_words"] < message["n_words"]).mean())
            row["cell_median_words"] = float(cell["n_words"].median())
        for formula in [*formulae, *history_formulae.NAMED]:
            row[formula] = bool(message[formula])
            if len(cell) >= MIN_EARLIER:
                row[f"{formula} in cell"] = float(cell[formula].mean())
        rows.append(row)
    return pd.DataFrame(rows)


def item_by_year(messages: pd.DataFrame, every: pd.DataFrame) -> pd.DataFrame:
    """KCNA's item number of the day, per year: the median of the DPRK-China messages' beside
    the median of every leader message's (``every``); ids without a number left out."""
    def medians(frame):
        numbered = frame[frame["item"].notna()]
        return numbered.groupby(numbered["date"].str[:4].astype(int))["item"].agg(
            ["median", "size"])
    china, everyone = medians(messages), medians(every)
    table = china.join(everyone, lsuffix=" China", rsuffix=" all", how="outer")
    table.index.name = "year"
    return table


def silences(messages: pd.DataFrame, days: pd.Series) -> pd.DataFrame:
    """Every silence: the days between consecutive dates KCNA carried a DPRK-China leader
    message (``start`` and ``end`` the two dates, ``days`` between them), with the days the
    scrape misses inside it (``days``: the dates the scrape holds)."""
    dates = pd.Series(sorted(set(messages["date"])))
    held = set(pd.to_datetime(days).dt.strftime("%Y-%m-%d"))
    rows = []
    for start, end in zip(dates[:-1], dates[1:], strict=True):
        span = pd.date_range(start, end, inclusive="neither").strftime("%Y-%m-%d")
        rows.append({"start": start, "end": end, "days": len(span) + 1,
                     "missing_days": int(sum(d not in held for d in span))})
    table = pd.DataFrame(rows)
    table["rank"] = table["days"].rank(ascending=False, method="min").astype(int)
    return table


def same_months(months: pd.DataFrame, countries=("china", "us", "rok", "japan", "russia"),
                first_year: int = 2012) -> pd.DataFrame:
    """For each Oct-Mar season from ``first_year``/``first_year + 1`` to 2017/18: the share of
    coverage articles naming each country and the mean stance toward China (sentence-weighted),
    and the rank of 2017/18 among the seasons (1 = highest)."""
    frame = months.copy()
    month = pd.PeriodIndex(frame["period"], freq="M")
    season_year = np.where(month.month >= 10, month.year, month.year - 1)
    in_season = (month.month >= 10) | (month.month <= 3)
    frame = frame[in_season & (season_year >= first_year) & (season_year <= 2017)].copy()
    frame["season"] = [f"{y}/{str(y + 1)[2:]}" for y in season_year[in_season & (
        season_year >= first_year) & (season_year <= 2017)]]
    rows = []
    for season, group in frame.groupby("season"):
        row = {"season": season, "articles": int(group["coverage_articles"].sum())}
        for c in countries:
            row[f"{c}_share"] = group[f"{c}_articles"].sum() / group["coverage_articles"].sum()
        weights = group["china_sentences"]
        row["china_stance"] = float((group["china_stance"].fillna(0) * weights).sum()
                                    / weights.sum()) if weights.sum() else np.nan
        row["china_sentences"] = int(weights.sum())
        rows.append(row)
    table = pd.DataFrame(rows)
    for col in [*(f"{c}_share" for c in countries), "china_stance"]:
        table[f"{col}_rank"] = table[col].rank(ascending=False, method="min").astype(int)
    return table


def stance_by_year(months: pd.DataFrame) -> pd.DataFrame:
    """Per year: the sentences of coverage articles naming China that the stance mean reads,
    and their mean stance (the months' means weighted by their sentences)."""
    frame = months.assign(year=months["period"].str[:4].astype(int),
                          weighted=months["china_stance"].fillna(0) * months["china_sentences"])
    table = frame.groupby("year")[["weighted", "china_sentences"]].sum()
    table["stance"] = table["weighted"] / table["china_sentences"]
    return table[["china_sentences", "stance"]]


def stance_between(months: pd.DataFrame, first: int, last: int) -> float:
    """The mean stance toward China over the years ``first`` to ``last`` (sentence-weighted)."""
    table = stance_by_year(months).loc[first:last]
    return float((table["stance"] * table["china_sentences"]).sum()
                 / table["china_sentences"].sum())


def election_sensitivity(messages: pd.DataFrame) -> pd.DataFrame:
    """Plan entry P6's comparison of the DPRK side's election congratulations to China, as
    planned and under its main alternatives, one row each: the earlier messages' count, word
    range and how many named the friendship, the same of the window's messages. ``messages``
    carries :func:`cells` and the ``friendship`` column of :func:`with_formulae`."""
    sent = messages[(messages["occasion"] == "election") & (messages["direction"] == "from DPRK")]
    top_office = sent["foreign_office"].isin(["head of state", "party"])
    choices = {
        "as planned: top leader to China's top leader": sent[(sent["tier"] == "top leader")
                                                             & top_office],
        "the rules' cell: top leader to any Chinese office": sent[sent["tier"] == "top leader"],
        "any DPRK leader (with parliament and premier)": sent[sent["tier"] != "other"],
        "Kim Jong Un's own": sent[(sent["dprk_party"] == "Kim Jong Un") & top_office],
    }
    rows = []
    for name, chosen in choices.items():
        before, now = chosen[~chosen["in_window"]], chosen[chosen["in_window"]]
        before = before[before["date"] < WINDOW[0]]
        rows.append({"comparison": name, "earlier": len(before),
                     "earlier words": (f"{int(before['n_words'].min())}-"
                                       f"{int(before['n_words'].max())}" if len(before) else ""),
                     "earlier naming friendship": int(before["friendship"].sum()),
                     "2017-18": len(now),
                     "2017-18 words": ", ".join(str(int(w)) for w in now["n_words"]),
                     "2017-18 naming friendship": int(now["friendship"].sum()),
                     "all shorter": bool(len(before) and len(now)
                                         and now["n_words"].max() < before["n_words"].min())})
    return pd.DataFrame(rows)
