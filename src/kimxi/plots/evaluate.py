"""Figures of agreement: dots and intervals per tool, threshold sweeps, in sample against held out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kimxi.plots.style import NEUTRALS


def plot_agreement(table: pd.DataFrame, metrics=("kappa", "macro_f1", "accuracy"),
                   title: str = "", reference: str | None = None):
    """Dot-and-interval chart of agreement figures, one panel per metric.

    ``table`` has columns ``tool``, ``metric``, ``estimate``, ``low``, ``high``
    (stacked outputs of :func:`bootstrap_agreement`). Rows are drawn in the
    order tools first appear; ``reference`` names a tool drawn in grey as
    the human baseline. Returns the figure.
    """
    import matplotlib.pyplot as plt

    tools = list(dict.fromkeys(table["tool"]))
    fig, axes = plt.subplots(1, len(metrics), figsize=(3.2 * len(metrics), 0.5 * len(tools) + 1.6),
                             sharey=True)
    axes = np.atleast_1d(axes)
    for ax, metric in zip(axes, metrics, strict=True):
        part = table[table["metric"] == metric].set_index("tool")
        for y, tool in enumerate(tools):
            if tool not in part.index:
                continue
            row = part.loc[tool]
            colour = NEUTRALS["mid"] if tool == reference else NEUTRALS["ink"]
            ax.errorbar(row["estimate"], y,
                        xerr=[[row["estimate"] - row["low"]], [row["high"] - row["estimate"]]],
                        fmt="o", color=colour, capsize=3)
        ax.axvline(0, color=NEUTRALS["dark"], linewidth=0.8)
        ax.set_xlim(-0.5 if metric == "kappa" else 0, 1)
        ax.set_title(metric.replace("_", "-"), fontsize=10, loc="center")
        ax.set_xlabel("estimate, 95% interval")
    axes[0].set_yticks(range(len(tools)), tools)
    axes[0].invert_yaxis()
    fig.suptitle(title, x=0.0, ha="left", fontweight="bold")
    fig.tight_layout()
    return fig


def plot_sweep(sweeps: pd.DataFrame, stated: dict[str, float], title: str = ""):
    """Kappa and macro-F1 against threshold, one panel per tool, stated threshold marked.

    ``sweeps`` stacks :func:`threshold_sweep` outputs with a ``tool`` column.
    """
    import matplotlib.pyplot as plt

    tools = list(dict.fromkeys(sweeps["tool"]))
    fig, axes = plt.subplots(1, len(tools), figsize=(3.4 * len(tools), 3.2), sharey=True)
    axes = np.atleast_1d(axes)
    for ax, tool in zip(axes, tools, strict=True):
        part = sweeps[sweeps["tool"] == tool]
        ax.plot(part["threshold"], part["kappa"], "o-", color=NEUTRALS["ink"], label="kappa")
        ax.plot(part["threshold"], part["macro_f1"], "s--", color=NEUTRALS["mid"],
                label="macro-F1")
        ax.axvline(stated[tool], color=NEUTRALS["mid"], linestyle=":",
                   label="stated threshold")
        ax.set_title(tool, fontsize=10, loc="center")
        ax.set_xlabel("threshold (score units)")
    axes[0].set_ylabel("agreement with gold")
    axes[-1].legend(loc="upper right", fontsize=8)
    fig.suptitle(title, x=0.0, ha="left", fontweight="bold")
    fig.tight_layout()
    return fig

def plot_in_sample_held_out(figures: pd.DataFrame, metric: str = "kappa",
                            bar: float | None = None, reference: float | None = None,
                            title: str = ""):
    """Each candidate's ``metric`` in sample (hollow) and held out (filled), with intervals.

    ``figures`` is the first output of :func:`compare_learners` (rows with a
    ``setting`` other than these two are drawn filled, like held out).
    ``bar`` draws a dashed line at an acceptance level, ``reference`` a
    dotted one (e.g. the agreement of the two coding passes). Returns the figure.
    """
    import matplotlib.pyplot as plt

    part = figures[figures["metric"] == metric]
    names = list(dict.fromkeys(part["candidate"]))
    fig, ax = plt.subplots(figsize=(7.2, 0.45 * len(names) + 1.8))
    styles = {"in sample": ("o", NEUTRALS["white"], NEUTRALS["mid"], -0.15),
              "held out": ("o", NEUTRALS["ink"], NEUTRALS["ink"], 0.15)}
    seen = set()
    for row in part.itertuples(index=False):
        marker, face, edge, dy = styles.get(row.setting, styles["held out"])
        y = names.index(row.candidate) + dy
        ax.errorbar(row.estimate, y, xerr=[[row.estimate - row.low], [row.high - row.estimate]],
                    fmt=marker, mfc=face, mec=edge, color=edge, capsize=3,
                    label=None if row.setting in seen else row.setting)
        seen.add(row.setting)
    if bar is not None:
        ax.axvline(bar, color=NEUTRALS["ink"], linestyle="--", linewidth=1,
                   label=f"acceptance bar {bar:g}")
    if reference is not None:
        ax.axvline(reference, color=NEUTRALS["mid"], linestyle=":", linewidth=1,
                   label=f"coding passes {reference:.2f}")
    ax.axvline(0, color=NEUTRALS["dark"], linewidth=0.8)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlim(-0.5 if metric == "kappa" else 0, 1.05)
    ax.set_xlabel(f"{metric.replace('_', '-')} against the gold codes (95% bootstrap interval)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=4, fontsize=8,
              frameon=False)
    ax.set_title(title)
    fig.tight_layout()
    return fig
