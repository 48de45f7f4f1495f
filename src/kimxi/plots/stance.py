"""Figures of stance toward a target: stance per period beside tone, thin periods hollow."""

from __future__ import annotations

import pandas as pd

from kimxi.plots.style import NEUTRALS


def plot_period_stance(periods: pd.DataFrame, target: str, title: str, tone: pd.DataFrame | None
                       = None):
    """Mean stance toward ``target`` per period (:func:`kimxi.tone.stance.period_stance`) with
    its 95% interval over documents; a period resting on fewer sentences than the table's
    ``few`` mark is drawn hollow. ``tone``, where given (``period``, ``tone_mean``), is drawn
    beside it, in grey: the tone of the same sentences. Place-only mentions, left out of the
    mean, are counted in the lower panel. Returns the figure."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    fig, (ax, counts) = plt.subplots(2, 1, figsize=(10, 5.2), sharex=True,
                                     gridspec_kw={"height_ratios": [3, 1]})
    when = pd.to_datetime(periods["period"])
    full, thin = ~periods["few"].astype(bool), periods["few"].astype(bool)
    ax.vlines(when[full], periods["low"][full], periods["high"][full], color=NEUTRALS["ink"],
              lw=1, alpha=0.5)
    ax.plot(when[full], periods["stance_mean"][full], "o", ms=4, color=NEUTRALS["ink"],
            label=f"stance toward {target} (mean, 95% interval over documents)")
    ax.plot(when[thin], periods["stance_mean"][thin], "o", ms=4, mfc=NEUTRALS["white"],
            color=NEUTRALS["ink"], label="a period with too few sentences to read")
    if tone is not None and not tone.empty:
        ax.plot(pd.to_datetime(tone["period"]), tone["tone_mean"], "-", lw=1,
                color=NEUTRALS["mid"], label="tone of the same sentences (mean)")
    ax.axhline(0, color=NEUTRALS["ink"], lw=0.6)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("stance, -1 to +1")
    ax.legend(loc="lower left", fontsize=8, frameon=False)
    ax.set_title(title, fontsize=11, loc="left")
    width = 5 if len(periods) > 1 and (when.iloc[-1] - when.iloc[0]).days < 800 else 60
    counts.bar(when, periods["sentences"], width=width, color=NEUTRALS["dark"],
               label="sentences read")
    counts.bar(when, periods["place_only"], width=width, bottom=periods["sentences"],
               color=NEUTRALS["light"], label=f"{target} only as a place")
    counts.set_ylabel("sentences")
    counts.legend(loc="upper left", fontsize=7, frameon=False, ncols=2)
    counts.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    fig.tight_layout()
    return fig
