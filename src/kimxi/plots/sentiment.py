"""Figures of the tone measures: class shares, TextBlob against VADER, tone over time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kimxi.plots.style import NEUTRALS, TONE_COLOURS, series_style
from kimxi.tone.sentiment import THRESHOLDS


def plot_class_shares(shares: pd.DataFrame, title: str = ""):
    """Stacked horizontal bars of :func:`class_shares`, one bar per measure. Returns the figure."""
    import matplotlib.pyplot as plt


    fig, ax = plt.subplots(figsize=(7.2, 0.55 * len(shares) + 1.6))
    left = np.zeros(len(shares))
    for tone, name in ((-1, "conflictual"), (0, "neutral or mixed"), (1, "cooperative")):
        column = {-1: "conflictual", 0: "neutral", 1: "cooperative"}[tone]
        values = shares[column].to_numpy(dtype=float) * 100
        ax.barh(range(len(shares)), values, left=left, color=TONE_COLOURS[tone], label=name,
                edgecolor=NEUTRALS["white"], linewidth=0.5)
        left += values
    ax.set_yticks(range(len(shares)), [f"{m} (n = {n})" for m, n in
                                       zip(shares.index, shares["n"], strict=True)])
    ax.invert_yaxis()
    ax.set_axisbelow(True)
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of units (%)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3, fontsize=8, frameon=False)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_textblob_vader(frame: pd.DataFrame, gold: str = "gold", title: str = ""):
    """TextBlob polarity (x) against VADER compound (y), each unit coloured by its gold tone.

    Dotted lines mark the stated thresholds of both tools. Returns the figure.
    """
    import matplotlib.pyplot as plt


    names = {-1: "gold: conflictual", 0: "gold: neutral or mixed", 1: "gold: cooperative"}
    fig, ax = plt.subplots(figsize=(6.4, 5.2))
    for tone in (-1, 0, 1):
        part = frame[frame[gold] == tone]
        ax.scatter(part["textblob_polarity"], part["vader_compound"], s=28,
                   color=TONE_COLOURS[tone], label=f"{names[tone]} ({len(part)})",
                   edgecolor=NEUTRALS["white"], linewidth=0.5)
    for t in (THRESHOLDS["textblob"], -THRESHOLDS["textblob"]):
        ax.axvline(t, color=NEUTRALS["mid"], linestyle=":", linewidth=0.8)
    for t in (THRESHOLDS["vader"], -THRESHOLDS["vader"]):
        ax.axhline(t, color=NEUTRALS["mid"], linestyle=":", linewidth=0.8)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("TextBlob polarity (-1 to 1)")
    ax.set_ylabel("VADER compound (-1 to 1)")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(title)
    return fig


def plot_tone_over_time(by_message: pd.DataFrame, series: dict[str, tuple[str, str, str]],
                        title: str = ""):
    """Mean tone of each exchange against its date, one marker series per measure.

    ``by_message`` has ``date_sent`` (ISO date) and, for each series,
    columns for the mean and its interval; ``series`` maps a legend label
    to ``(mean, low, high)`` column names (low/high may be empty strings).
    Returns the figure.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt


    looks = [series_style(k) for k in range(len(series))]
    dates = pd.to_datetime(by_message["date_sent"])
    fig, ax = plt.subplots(figsize=(8.0, 4.0))
    for k, (label, (mean, low, high)) in enumerate(series.items()):
        shift = pd.to_timedelta((k - (len(series) - 1) / 2) * 1.5, unit="D")
        y = by_message[mean].to_numpy(dtype=float)
        if low and high:
            err = [y - by_message[low].to_numpy(dtype=float),
                   by_message[high].to_numpy(dtype=float) - y]
            ax.errorbar(dates + shift, y, yerr=err, fmt=looks[k]["marker"],
                        color=looks[k]["color"], capsize=3, label=label)
        else:
            ax.plot(dates + shift, y, looks[k]["marker"], color=looks[k]["color"],
                    mfc=NEUTRALS["white"], label=label)
    ax.axhline(0, color=NEUTRALS["dark"], linewidth=0.8)
    ax.set_ylim(-1.1, 1.1)
    ax.set_ylabel("mean tone of the exchange's units\n(-1 conflictual, 1 cooperative)")
    ax.set_xlabel("date the message was sent")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title(title)
    return fig


def plot_validation(figures: pd.DataFrame, settings: dict[str, str], metric: str = "kappa",
                    bar: float | None = None, title: str = ""):
    """Each measure's ``metric`` with its interval, one marker per setting.

    ``figures`` is :func:`kimxi.tone.validation.validate`'s first output;
    ``settings`` maps a setting to its legend label, in drawing order. The
    majority-class baseline is a row like any other; ``bar`` draws a dashed
    line at a target value. Returns the figure.
    """
    import matplotlib.pyplot as plt

    part = figures[figures["metric"] == metric]
    names = list(dict.fromkeys(part["measure"]))
    looks = [series_style(j) for j in range(len(settings))]
    fig, ax = plt.subplots(figsize=(7.6, 0.42 * len(names) + 1.6))
    step = 0.7 / max(len(settings), 1)
    for j, (setting, label) in enumerate(settings.items()):
        rows = part[part["setting"] == setting].set_index("measure")
        ys = [y - 0.35 + step * (j + 0.5) for y, name in enumerate(names) if name in rows.index]
        shown = [name for name in names if name in rows.index]
        est = rows.loc[shown, "estimate"].to_numpy()
        err = [est - rows.loc[shown, "low"].to_numpy(), rows.loc[shown, "high"].to_numpy() - est]
        ax.errorbar(est, ys, xerr=err, fmt=looks[j]["marker"], color=looks[j]["color"],
                    mfc=NEUTRALS["white"] if j % 2 else looks[j]["color"], capsize=2,
                    markersize=5, linewidth=1, label=label)
    ax.axvline(0, color=NEUTRALS["dark"], linewidth=0.8)
    if bar is not None:
        ax.axvline(bar, color=NEUTRALS["dark"], linewidth=0.8, linestyle="--")
        ax.text(bar, -0.9, f" {bar:g}", fontsize=8, color=NEUTRALS["dark"], va="bottom")
    ax.set_yticks(range(len(names)), names)
    ax.set_ylim(len(names) - 0.5, -1)
    ax.set_xlim(min(-0.2, float(part["low"].min()) - 0.05), 1)
    ax.set_xlabel(f"{metric.replace('_', '-')} against the gold codes, 95% interval over articles")
    ax.legend(loc="lower left", fontsize=8, frameon=False, bbox_to_anchor=(0, 1.0), ncol=2)
    ax.set_title(title, loc="left", fontweight="bold", pad=34)
    fig.tight_layout()
    return fig


def plot_period_tone(periods: pd.DataFrame, documents: pd.DataFrame, target: str, title: str):
    """Tone per period on the chosen measure, with 95% intervals over documents: every
    sentence (grey) and the sentences naming ``target`` (black); each document's mean
    tone as a small grey dot behind them."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 4.4))
    dots = documents.dropna(subset=["tone_chosen"])
    ax.plot(pd.to_datetime(dots.date), dots.tone_chosen, ".", ms=2, color=NEUTRALS["light"],
            alpha=0.35, label="one document's mean tone", zorder=1)
    for name, colour in (("all", NEUTRALS["mid"]), (target, NEUTRALS["ink"])):
        part = periods[periods.sentences_of == name]
        if part.empty:
            continue
        when = pd.to_datetime(part.period)
        ax.fill_between(when, part.low, part.high, step="post", color=colour, alpha=0.18,
                        lw=0, zorder=2)
        ax.step(when, part.tone_mean, where="post", color=colour, lw=1.8, zorder=3,
                label=("every sentence" if name == "all" else f"sentences naming {target}")
                + " (mean, 95% interval)")
    ax.axhline(0, color=NEUTRALS["ink"], lw=0.6)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("tone, -1 conflictual to +1 cooperative")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), fontsize=8, ncols=3)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.set_title(title, fontsize=11)
    fig.tight_layout()
    return fig
