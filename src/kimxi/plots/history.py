"""The figures of notebook 09: twenty years of DPRK-China leader messages and of KCNA's China
coverage. Drawing only; the numbers come from :mod:`kimxi.history.compare`."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from kimxi.plots.style import NEUTRALS, series_style, side_colour

DPRK = side_colour("dprk")
PRC = side_colour("prc")
# Events in neutral greys, told apart by marker (the house style: colour is for the sides).
EVENT_STYLE = {"nuclear test": ("v", NEUTRALS["ink"]), "UN sanctions": ("s", NEUTRALS["dark"]),
               "leader visit": ("D", NEUTRALS["ink"]), "envoy": ("d", NEUTRALS["mid"]),
               "purge": ("x", NEUTRALS["ink"]), "leader change": ("*", NEUTRALS["ink"])}


def plot_messages_by_year(years: pd.DataFrame, new_year: pd.DataFrame, eras, title: str
                          ) -> plt.Figure:
    """Stacked bars: DPRK-China leader messages per year, sent from the DPRK and to it; the New
    Year messages among them hatched; the Kim Jong Un years shaded."""
    fig, ax = plt.subplots(figsize=(10, 4.2))
    x = years.index.to_numpy()
    ax.bar(x, years["from DPRK"], color=DPRK, label="sent by the DPRK side")
    ax.bar(x, years["to DPRK"], bottom=years["from DPRK"], color=PRC,
           label="sent by the Chinese side")
    total_new_year = new_year.sum(axis=1).reindex(years.index, fill_value=0)
    ax.bar(x, total_new_year, fill=False, hatch="///", edgecolor=NEUTRALS["white"], lw=0,
           label="of which New Year messages")
    for name, lo, _ in eras[1:]:
        start = int(lo[:4])
        ax.axvspan(start - 0.5, x.max() + 0.5, color=NEUTRALS["shade"], zorder=0)
        ax.text(start - 0.3, ax.get_ylim()[1] * 0.95, f"{name}'s years", fontsize=8,
                va="top", color=NEUTRALS["dark"])
    ax.set_xticks(x[::2], [str(v) for v in x[::2]])
    ax.set_ylabel("messages KCNA carried")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.set_title(title, fontsize=11, loc="left")
    fig.tight_layout()
    return fig


def plot_cell(panels: list[tuple[str, pd.DataFrame]], title: str) -> plt.Figure:
    """Words of every message of each panel (``label``, messages with ``date``, ``n_words``,
    ``in_window``, ``friendship``) by date: filled where the message names the friendship,
    hollow where it does not; the 2017-18 messages large, in their side's colour."""
    fig, axes = plt.subplots(len(panels), 1, figsize=(10, 1.9 * len(panels) + 0.8),
                             sharex=True, squeeze=False)
    for ax, (label, part) in zip(axes[:, 0], panels, strict=True):
        when = pd.to_datetime(part["date"])
        colour = DPRK if "from DPRK" in label else PRC
        for now in (False, True):
            for named in (True, False):
                pick = (part["in_window"] == now) & (part["friendship"] == named)
                ax.scatter(when[pick], part.loc[pick, "n_words"],
                           s=70 if now else 26, zorder=3 if now else 2,
                           color=(colour if now else NEUTRALS["mid"]) if named
                           else NEUTRALS["white"],
                           edgecolor=colour if now else NEUTRALS["mid"], linewidths=1.4,
                           label=(("Oct 2017 - Mar 2018" if now else "earlier years")
                                  + (", names the friendship" if named else
                                     ", does not name it")))
        ax.set_ylabel("words")
        ax.set_title(label, fontsize=9, loc="left")
        ax.set_ylim(0, max(600, part["n_words"].max() * 1.1 if len(part) else 600))
    axes[0, 0].legend(loc="upper left", fontsize=7, frameon=False, ncols=2)
    axes[-1, 0].xaxis.set_major_locator(mdates.YearLocator(2))
    axes[-1, 0].xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    fig.suptitle(title, fontsize=11, x=0.01, ha="left")
    fig.tight_layout()
    return fig


def plot_coverage(months: pd.DataFrame, events: pd.DataFrame, countries: dict[str, str],
                  title: str, few: int = 10) -> plt.Figure:
    """Top strip: the events, one row per kind. Then the share of each month's coverage
    articles naming each country (a 12-month rolling mean, the months behind it faint); stance
    toward China per month with its 95% interval, months with fewer than ``few`` sentences
    hollow; the share of each month's days the scrape holds."""
    fig, (strip, top, mid, low) = plt.subplots(
        4, 1, figsize=(12, 9.2), sharex=True,
        gridspec_kw={"height_ratios": [0.9, 3, 2.4, 0.8]})
    when = pd.to_datetime(months["period"])
    kinds = [k for k in EVENT_STYLE if (events["kind"] == k).any()]
    for row, kind in enumerate(kinds):
        marker, colour = EVENT_STYLE[kind]
        part = events[events["kind"] == kind]
        strip.scatter(pd.to_datetime(part["date_start"]), [row] * len(part), marker=marker,
                      color=colour, s=28)
    strip.set_yticks(range(len(kinds)), kinds, fontsize=7)
    strip.set_ylim(len(kinds) - 0.5, -0.5)
    strip.grid(False)
    strip.set_title(title, fontsize=11, loc="left")
    base = months["coverage_articles"].where(months["coverage_articles"] > 0)
    for i, (key, label) in enumerate(countries.items()):
        share = months[f"{key}_articles"] / base
        colour = PRC if key == "china" else NEUTRALS["dark"]
        top.plot(when, share, lw=0.4, alpha=0.35, color=colour)
        top.plot(when, share.rolling(12, min_periods=6, center=True).mean(), lw=1.6,
                 linestyle=series_style(i)["ls"], color=colour, label=label)
    top.set_ylabel("share of coverage articles")
    top.legend(loc="upper left", fontsize=8, frameon=False, ncols=len(countries))
    read = months["china_sentences"] >= few
    mid.vlines(when[read], months.loc[read, "china_stance_low"],
               months.loc[read, "china_stance_high"], color=PRC, lw=0.8, alpha=0.5)
    mid.plot(when[read], months.loc[read, "china_stance"], "o", ms=2.5, color=PRC,
             label="stance toward China (mean, 95% interval over articles)")
    thin = (~read) & (months["china_sentences"] > 0)
    mid.plot(when[thin], months.loc[thin, "china_stance"], "o", ms=2.5, mfc=NEUTRALS["white"],
             color=PRC, label=f"a month with fewer than {few} sentences")
    mid.axhline(0, color=NEUTRALS["ink"], lw=0.6)
    mid.set_ylim(-1.05, 1.05)
    mid.set_ylabel("stance, -1 to +1")
    mid.legend(loc="lower left", fontsize=7, frameon=False, ncols=2)
    days = when.dt.days_in_month
    low.bar(when, months["days"] / days, width=25, color=NEUTRALS["dark"])
    low.set_ylim(0, 1.05)
    low.set_ylabel("days held", fontsize=8)
    low.xaxis.set_major_locator(mdates.YearLocator(2))
    low.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    fig.tight_layout()
    return fig


def plot_silences(silences: pd.DataFrame, marked: list[str], title: str) -> plt.Figure:
    """Each silence between DPRK-China leader messages as a bar of its length standing on the
    day it ended; those ending on a day of ``marked`` in the DPRK colour and labelled."""
    fig, ax = plt.subplots(figsize=(11, 3.8))
    when = pd.to_datetime(silences["end"])
    mark = silences["end"].isin(marked)
    ax.bar(when[~mark], silences.loc[~mark, "days"], width=25, color=NEUTRALS["mid"])
    ax.bar(when[mark], silences.loc[mark, "days"], width=40, color=DPRK)
    for row in silences[mark].itertuples():
        ax.annotate(f"{row.days} days, {pd.Timestamp(row.start):%d %b %Y} to "
                    f"{pd.Timestamp(row.end):%d %b %Y}", (pd.Timestamp(row.end), row.days),
                    xytext=(-8, 2), textcoords="offset points", ha="right", va="bottom",
                    fontsize=8, color=NEUTRALS["ink"])
    ax.set_ylabel("days without a message")
    ax.set_ylim(0, silences["days"].max() * 1.15)
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_title(title, fontsize=11, loc="left")
    fig.tight_layout()
    return fig
