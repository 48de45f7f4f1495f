"""Figures of the topic models: stability over k, the map of units, topic shares, voices by k.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kimxi.style import PALETTE

# ---------------------------------------------------------------------------
# Figures

TOPIC_COLOURS = [PALETTE[c] for c in ("blue", "vermillion", "green", "orange", "purple",
                                      "sky_blue", "black", "yellow")]


CORPUS_COLOURS = [PALETTE["blue"], PALETTE["grey"], PALETTE["orange"], PALETTE["green"]]


def plot_stability(summaries: dict[str, pd.DataFrame], chosen: dict[str, int], title: str,
                   chance: float | None = None):
    """Stability against k, one line per corpus (``summaries``: name -> summary of
    :func:`summarise_stability`), mean +- sd: left the Jaccard of matched top-10
    sets (NMF), right the pairwise ARI of the KMeans runs, with the silhouette of
    the first corpus as hollow squares. Each corpus's chosen k is ringed;
    ``chance`` draws the expected Jaccard of random top-10 lists."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharex=True)
    panels = [("jaccard_mean", "jaccard_sd", "NMF: Jaccard of matched top-10 term lists"),
              ("kmeans_ari_mean", "kmeans_ari_sd", "KMeans: adjusted Rand index between runs")]
    for ax, (mean, sd, name) in zip(axes, panels, strict=True):
        for i, (corpus, summary) in enumerate(summaries.items()):
            colour = CORPUS_COLOURS[i % len(CORPUS_COLOURS)]
            shift = (i - (len(summaries) - 1) / 2) * 0.08   # keep error bars apart
            ax.errorbar(summary.k + shift, summary[mean], yerr=summary[sd], fmt="o-",
                        ms=4, lw=1.2, capsize=2, color=colour, label=corpus)
            pick = summary[summary.k == chosen[corpus]]
            ax.plot(pick.k + shift, pick[mean], "o", ms=11, mfc="none", mec=colour, mew=1.5)
        ax.set_title(name, fontsize=10, loc="left", fontweight="normal")
        ax.set_xlabel("number of topics k")
        ax.set_ylim(-0.05, 1.05)
    first = next(iter(summaries))
    axes[1].plot(summaries[first].k, summaries[first].silhouette, "s", mfc="none",
                 color=PALETTE["green"], label=f"silhouette (cosine), {first}")
    if chance is not None:
        axes[0].axhline(chance, color=PALETTE["black"], lw=0.8, ls=":")
        axes[0].annotate("chance, one pair of random lists", (8, chance), ha="right",
                         va="bottom", fontsize=7, xytext=(0, 2), textcoords="offset points")
    axes[0].set_ylabel("agreement, 0 to 1 (mean ± sd over runs)")
    axes[0].legend(loc="upper right", fontsize=8, title="corpus (ring: chosen k)",
                   title_fontsize=8)
    axes[1].legend(loc="upper right", fontsize=8)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=12)
    fig.tight_layout()
    return fig


def plot_map(coords: np.ndarray, units: pd.DataFrame, labels, topic_labels: list[str],
             title: str, annotate=()):
    """The units on the 2-D SVD map, coloured by topic, marker by speaker class.
    Topic labels sit at each topic's centroid; ``annotate`` unit ids are named."""
    fig, ax = plt.subplots(figsize=(8, 5.5))
    labels = np.asarray(labels)
    markers = {"narration": "o", "dprk": "^", "prc": "s", "analyst": "D", "media": "P",
               "other": "v"}
    for t, name in enumerate(topic_labels):
        colour = TOPIC_COLOURS[t % len(TOPIC_COLOURS)]
        for cls, marker in markers.items():
            sel = (labels == t) & (units.speaker_class.to_numpy() == cls)
            if sel.any():
                ax.scatter(coords[sel, 0], coords[sel, 1], c=colour, marker=marker, s=36,
                           edgecolors="white", linewidths=0.5)
        members = labels == t
        if members.any():
            cx, cy = coords[members].mean(axis=0)
            ax.annotate(f"{t}: {name}", (cx, cy), fontsize=8, fontweight="bold", color=colour,
                        ha="center", va="bottom", xytext=(0, 8), textcoords="offset points")
    for unit in annotate:
        i = int(np.flatnonzero(units.unit_id.to_numpy() == unit)[0])
        ax.annotate(unit, coords[i], fontsize=7, color="#444444", xytext=(4, -10),
                    textcoords="offset points")
    handles = [plt.Line2D([], [], ls="", marker=m, color="#555555", label=c)
               for c, m in markers.items() if (units.speaker_class == c).any()]
    ax.legend(handles=handles, title="speaker class", fontsize=8, loc="best")
    ax.set_xlabel("first SVD component of TF-IDF (unitless)")
    ax.set_ylabel("second SVD component (unitless)")
    ax.set_title(title)
    return fig


def plot_shares(panels: dict[str, pd.DataFrame], title: str, counts: dict | None = None):
    """Stacked bars, one panel per grouping (``panels``: axis label -> table of
    :func:`shares` with the same topic columns): the share of each group's units
    in each topic. ``counts`` (group -> number of units) is printed after the name."""
    heights = [len(t) for t in panels.values()]
    fig, axes = plt.subplots(len(panels), 1, figsize=(8.5, 0.9 + 0.42 * sum(heights)),
                             sharex=True, squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    axes = axes[:, 0]
    for ax, (ylabel, table) in zip(axes, panels.items(), strict=True):
        names = [f"{g} (n={counts[g]})" if counts and g in counts else str(g)
                 for g in table.index]
        left = np.zeros(len(table))
        for t, column in enumerate(table.columns):
            ax.barh(names, table[column], left=left, color=TOPIC_COLOURS[t % len(TOPIC_COLOURS)],
                    label=f"{t}: {column}" if ax is axes[0] else None)
            left += table[column].to_numpy()
        ax.set_ylabel(ylabel)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
    axes[-1].set_xlabel("share of the group's units in each topic (0 to 1)")
    axes[-1].set_xlim(0, 1)
    fig.legend(loc="upper left", bbox_to_anchor=(1.0, 0.92), fontsize=8, title="topic")
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=12)
    fig.tight_layout()
    return fig


def plot_leaders_by_k(by_k: pd.DataFrame, chosen_k: int, title: str):
    """Per k (table of :func:`leaders_vs_narration_by_k`): the share of the leaders'
    units in the topic that holds most of them, the share of the narration in that
    same topic, and the permutation p-value printed above each k."""
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(by_k.k, by_k.leaders_in_top_topic, "o-", color=PALETTE["vermillion"],
            label="leaders' units in the topic holding most of them")
    ax.plot(by_k.k, by_k.narration_in_that_topic, "s--", color=PALETTE["grey"],
            label="narration units in that same topic")
    for r in by_k.itertuples():
        ax.annotate(f"p={r.p_value:.3f}" if r.p_value >= 0.001 else "p<0.001", (r.k, 1.02),
                    ha="center", fontsize=7, color="#444444")
    ax.axvline(chosen_k, color=PALETTE["blue"], lw=1, ls=":", label=f"chosen k={chosen_k}")
    ax.set_xlabel("number of topics k")
    ax.set_ylabel("share of the group's units (0 to 1)")
    ax.set_ylim(0, 1.1)
    ax.legend(loc="center right", fontsize=8)
    ax.set_title(title, fontsize=11)
    return fig
