"""The figure of :mod:`kimxi.archive.coverage`: KCNA's weekly mentions of five countries.

One line per country (the share of that week's articles that mention it), the
exchanges of the record as ticks along the top, and the longest silence
between them shaded.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from kimxi.archive.mentions import FOCUS_NAMES
from kimxi.plots.style import NEUTRALS, series_style, side_colour

# China is the PRC side (its colour); the other countries are third parties: one colour,
# told apart by line style and marker.
COUNTRIES = ("us", "rok", "japan", "russia", "china")
COUNTRY_NAMES = FOCUS_NAMES


def plot_weekly_mentions(weekly: pd.DataFrame, exchanges: pd.Series,
                         silence: tuple | None, title: str,
                         silence_label: str = "no exchange found") -> plt.Figure:
    """``weekly`` from :func:`kimxi.archive.coverage.weekly_mentions`; ``exchanges``: their dates.

    ``silence`` is ``(first day, last day)`` of a quiet stretch between exchanges,
    shaded and labelled ``silence_label`` with its length; ``None`` for no shading.
    """
    weeks = pd.to_datetime(weekly["week"])
    fig, ax = plt.subplots(figsize=(10, 4.6))
    if silence is not None:
        lo, hi = (pd.Timestamp(d) for d in silence)
        ax.axvspan(lo, hi, color=NEUTRALS["faint"], zorder=0)
        ax.text(lo + (hi - lo) / 2, 0.97, f"{silence_label} ({(hi - lo).days + 1} days)",
                transform=ax.get_xaxis_transform(), ha="center", va="top", fontsize=8,
                color=NEUTRALS["dark"])
    for i, key in enumerate(COUNTRIES):
        share = 100 * weekly[f"{key}_share"]
        look = ({"color": side_colour(key), "ls": "-", "marker": None} if key == "china" else
                series_style(i) | {"color": side_colour(key)})
        ax.plot(weeks + pd.Timedelta(days=3), share, lw=2.6 if key == "china" else 1.2, ms=3.5,
                label=COUNTRY_NAMES[key], zorder=3 if key == "china" else 2, **look)
    for day in pd.to_datetime(exchanges):
        ax.axvline(day, color=NEUTRALS["dark"], lw=0.8, ls=(0, (2, 2)), zorder=1)
    ax.plot([], [], color=NEUTRALS["dark"], lw=0.8, ls=(0, (2, 2)),
            label="a Kim-Xi exchange\n(day sent or begun)")
    ax.set_ylabel("% of the week's KCNA articles that mention it")
    ax.set_ylim(0, None)
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9)
    ax.set_title(title)
    return fig
