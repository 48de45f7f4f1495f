"""Figures of the topic models: stability over k, the topics, and their shares over time.

Topics are drawn in neutral greys (a topic is not a side); the target topics
(China's, for the collection) in black. The exchanges are marked in the colour
of the side that sent them (``kimxi.plots.style.side_colour``).
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import StrMethodFormatter

from kimxi.plots.style import NEUTRALS, side_colour

TARGET_COLOUR = NEUTRALS["ink"]
TOPIC_COLOUR = NEUTRALS["light"]


def plot_stability(summary: pd.DataFrame, chosen: int, title: str, chance: float | None = None):
    """Mean agreement over the refits (± one standard error) against k, for both measures;
    the chosen k ringed, the agreement of random lists dotted."""
    fig, ax = plt.subplots(figsize=(7.5, 4))
    styles = (("avg_jaccard", "average Jaccard (the criterion)", "o-", TARGET_COLOUR),
              ("jaccard", "Jaccard of the top-10 sets", "s--", NEUTRALS["mid"]))
    for measure, name, fmt, colour in styles:
        ax.errorbar(summary.k, summary[f"{measure}_mean"], yerr=summary[f"{measure}_se"],
                    fmt=fmt, ms=4, lw=1.2, capsize=2, color=colour, label=name)
    pick = summary[summary.k == chosen]
    ax.plot(pick.k, pick.avg_jaccard_mean, "o", ms=13, mfc="none", mec=TARGET_COLOUR, mew=1.5,
            label=f"chosen: k = {chosen}")
    if chance is not None:
        ax.axhline(chance, color=NEUTRALS["mid"], lw=0.8, ls=":")
        ax.annotate("two random top-10 lists", (summary.k.max(), chance), ha="right",
                    va="bottom", fontsize=8, xytext=(0, 2), textcoords="offset points")
    ax.set_xlabel("number of topics k")
    ax.set_ylabel("agreement with the full-data fit, 0 to 1")
    ax.set_xticks(summary.k)
    ax.set_ylim(0, 1.02)
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title(title, fontsize=11)
    fig.tight_layout()
    return fig


def plot_topics(table: pd.DataFrame, target: set[int], title: str):
    """One bar per topic: its share of the corpus's weight, labelled with its top terms;
    target topics in black."""
    order = table.sort_values("share")
    fig, ax = plt.subplots(figsize=(7.5, 0.42 * len(order) + 1.2))
    colours = [TARGET_COLOUR if t in target else TOPIC_COLOUR for t in order.topic]
    ax.barh(range(len(order)), order.share, color=colours)
    ax.set_yticks(range(len(order)),
                  [f"{t}: {lab}" for t, lab in zip(order.topic, order.label, strict=True)],
                  fontsize=9)
    for i, (share, docs) in enumerate(zip(order.share, order.documents, strict=True)):
        ax.annotate(f"{share:.0%} ({docs:,} articles)", (share, i), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_xlim(0, order.share.max() * 1.35)
    ax.set_xlabel("share of all the articles' topic weight (in brackets: the articles whose "
                  "largest weight it is)")
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:.0%}"))
    ax.grid(axis="y", visible=False)
    ax.set_title(title, fontsize=11)
    fig.tight_layout()
    return fig


SIDE_NAMES = {"dprk": "exchange sent by the DPRK side", "prc": "exchange sent by the PRC side"}


def plot_over_time(weekly: pd.DataFrame, labels: list[str], target: set[int], title: str,
                   marks: pd.DataFrame | None = None, target_name: str = "target",
                   events=None):
    """Top: the target topics' combined share per period; bottom: every topic's share
    per period (darker: larger), target topics' rows in bold. ``marks`` (date, side:
    ``dprk``, ``prc`` or another word for a meeting in person): the exchanges, drawn as
    lines in their side's colour across both panels; ``events`` (dates): context events,
    grey triangles along the top of the upper panel."""
    wide = weekly.pivot(index="period", columns="topic", values="share").sort_index()
    when = pd.to_datetime(wide.index)
    fig, (top, heat) = plt.subplots(2, 1, figsize=(10, 2.6 + 0.25 * len(labels)),
                                    sharex=True, height_ratios=[2, 0.25 * len(labels) + 0.5])
    if target:
        combined = wide[sorted(target)].sum(axis=1)
        top.step(when, combined, where="post", color=TARGET_COLOUR, lw=1.5,
                 label=f"{target_name} topics, combined")
        top.set_ylim(0, max(combined.max() * 1.45, 0.05))
    top.set_ylabel("share of the topic\nweight")
    step = when[1] - when[0] if len(when) > 1 else pd.Timedelta(days=7)
    edges = mdates.date2num(list(when) + [when[-1] + step])
    heat.pcolormesh(edges, np.arange(len(labels) + 1), wide.T.to_numpy(), cmap="Greys",
                    vmin=0, vmax=float(np.nanmax(wide.to_numpy())), shading="flat")
    heat.set_yticks(np.arange(len(labels)) + 0.5,
                    [f"{t}: {lab}" for t, lab in enumerate(labels)], fontsize=8)
    for tick, t in zip(heat.get_yticklabels(), range(len(labels)), strict=True):
        tick.set_fontweight("bold" if t in target else "normal")
    heat.invert_yaxis()
    heat.grid(False)
    if marks is not None:
        for side in sorted(marks.side.unique()):
            days = pd.to_datetime(marks[marks.side == side].date)
            for ax in (top, heat):
                for day in days:
                    ax.axvline(day, color=side_colour(side), lw=1,
                               alpha=0.9)
            top.plot([], [], color=side_colour(side),
                     label=SIDE_NAMES.get(side, "meeting in person"))
    if events is not None and len(events):
        days = pd.to_datetime(pd.Series(events))
        days = days[(days >= when[0]) & (days <= when[-1] + step)]
        top.plot(days, np.full(len(days), top.get_ylim()[1]), "v", ms=6, color=NEUTRALS["mid"],
                 clip_on=False, label="context event (test, sanction, summit...)")
    if top.get_legend_handles_labels()[0]:
        top.legend(loc="upper left", fontsize=8, ncols=2)
    heat.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    top.set_title(title, fontsize=11)
    fig.tight_layout()
    return fig
