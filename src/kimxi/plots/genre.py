"""The figures of notebook 04: the China messages within their genre, and KCNA's China
coverage week by week. Drawing only; the numbers come from :mod:`kimxi.genre.compare`."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from kimxi.plots.style import NEUTRALS, SILENCE_SHADE, side_colour

CHINA = side_colour("china")        # the PRC side
OTHERS = side_colour("others")      # third parties: one colour, told apart by marker
GROUP_MARKERS = ("o", "s", "^")


def plot_genre(table: pd.DataFrame, to_china: pd.Series, shares: pd.DataFrame,
               groups: list[str], title: str) -> plt.Figure:
    """Left: words of every DPRK leader message by occasion, China's marked. Right: the
    share of each group's messages using each formula, with Wilson intervals."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5.2),
                                      gridspec_kw={"width_ratios": [1, 1.25]})
    sent = table[table["direction"] == "from DPRK"]
    occasions = sent["occasion"].value_counts().index.tolist()
    for y, occasion in enumerate(occasions):
        part = sent[sent["occasion"] == occasion]
        mine = to_china.loc[part.index]
        left.scatter(part.loc[~mine, "n_words"], [y] * (~mine).sum(), color=OTHERS, s=18,
                     alpha=0.7, label="to other countries" if y == 0 else None)
        left.scatter(part.loc[mine, "n_words"], [y] * mine.sum(), color=CHINA, s=70,
                     edgecolor=NEUTRALS["ink"], zorder=3, label="to China" if y == 0 else None)
    left.set_yticks(range(len(occasions)), occasions)
    left.invert_yaxis()
    left.set_xlabel("words (after KCNA's dateline)")
    left.set_title("Length, by occasion", fontsize=10)
    left.legend(loc="lower right", fontsize=8)
    formulae = shares["formula"].unique().tolist()
    colours = [CHINA if "China" in group else OTHERS for group in groups]
    step = 0.8 / len(groups)
    for g, (group, colour) in enumerate(zip(groups, colours, strict=False)):
        part = shares[shares["group"] == group].set_index("formula").reindex(formulae)
        ys = [i + (g - (len(groups) - 1) / 2) * step for i in range(len(formulae))]
        right.errorbar(100 * part["share"], ys,
                       xerr=[(100 * (part["share"] - part["low"])).clip(lower=0),
                             (100 * (part["high"] - part["share"])).clip(lower=0)],
                       fmt=GROUP_MARKERS[g % len(GROUP_MARKERS)], ms=4, color=colour,
                       elinewidth=0.8,
                       label=f"{group} (n={int(part['messages'].iloc[0])})")
    right.set_yticks(range(len(formulae)), formulae, fontsize=8)
    right.invert_yaxis()
    right.set_xlim(-2, 102)
    right.set_xlabel("% of the messages using the formula (95% interval)")
    right.set_title("Customary formulae", fontsize=10)
    right.legend(loc="lower right", fontsize=8)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=12)
    fig.tight_layout()
    return fig


def plot_china_weekly(weekly_tone: pd.DataFrame, record: pd.DataFrame, quiet: tuple,
                      title: str) -> plt.Figure:
    """Sentences naming China per week (bars) and their mean tone on the validated measure,
    with its interval (line and band), the exchanges marked and the quiet stretch shaded."""
    weeks = pd.to_datetime(weekly_tone["week"]) + pd.Timedelta(days=3)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 5.6), sharex=True,
                                      gridspec_kw={"height_ratios": [1, 1.4]})
    for ax in (top, bottom):
        ax.axvspan(pd.Timestamp(quiet[0]), pd.Timestamp(quiet[1]), color=SILENCE_SHADE,
                   zorder=0)
        for day in record["date_start"]:
            ax.axvline(day, color=NEUTRALS["dark"], lw=0.8, ls=(0, (2, 2)), zorder=1)
    top.bar(weeks, weekly_tone["sentences"], width=5, color=CHINA)
    top.set_ylabel("sentences\nnaming China")
    bottom.fill_between(weeks, weekly_tone["low"], weekly_tone["high"], color=CHINA,
                        alpha=0.25, lw=0, label="95% interval (articles resampled)")
    bottom.plot(weeks, weekly_tone["tone_mean"], color=CHINA, lw=2, marker="o", ms=3,
                label="mean tone of those sentences")
    bottom.axhline(0, color=NEUTRALS["ink"], lw=0.6)
    bottom.plot([], [], color=NEUTRALS["dark"], lw=0.8, ls=(0, (2, 2)),
                label="a Kim-Xi exchange")
    bottom.set_ylabel("expected tone\n(+ cooperative, - conflictual)")
    bottom.legend(loc="lower left", fontsize=8)
    top.text(pd.Timestamp(quiet[0]) + (pd.Timestamp(quiet[1]) - pd.Timestamp(quiet[0])) / 2,
             0.95, "quiet stretch: only a New Year card", transform=top.get_xaxis_transform(),
             ha="center", va="top", fontsize=8, color=NEUTRALS["dark"])
    bottom.xaxis.set_major_locator(mdates.MonthLocator())
    bottom.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    top.set_title(title)
    return fig
