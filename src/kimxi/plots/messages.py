"""The Goldstein profile of the exchanges: one figure of the message record.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from kimxi.plots import style
from kimxi.record.exchanges import exchange_table

# --- figure ---------------------------------------------------------------------------

_DIRECTION_COLOURS = {d: style.side_colour(d) for d in ("DPRK->PRC", "PRC->DPRK", "in person")}
def plot_goldstein_profile(messages: pd.DataFrame, min_gap_days: int = 30) -> plt.Figure:
    """The exchanges top to bottom in date order, each a bar of its Goldstein value.

    Bars are coloured by direction and end in the value and CAMEO code; a grey
    row marks every gap of at least ``min_gap_days`` days between exchanges.
    The title states the range of values and the longest gap, computed from
    ``messages``.
    """
    table = exchange_table(messages)
    labels, values, colours, codes = [], [], [], []
    for r in table.itertuples(index=False):
        if pd.notna(r.days_since_previous) and r.days_since_previous >= min_gap_days:
            labels.append(f"no exchange found for {r.days_since_previous} days")
            values.append(None)
            colours.append(None)
            codes.append("")
        days = f"{r.date_start:%d %b %Y}"
        if r.date_end > r.date_start:
            days = f"{r.date_start:%d}-{r.date_end:%d %b %Y}"
        labels.append(f"{days}  {r.kind} ({r.direction})")
        values.append(r.goldstein)
        colours.append(_DIRECTION_COLOURS[r.direction])
        codes.append(f"{r.goldstein:g} (CAMEO {r.cameo_code})")
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(labels) + 1.2))
    for y, (value, colour, code) in enumerate(zip(values, colours, codes, strict=True)):
        if value is None:
            ax.axhspan(y - 0.45, y + 0.45, color=style.NEUTRALS["faint"], lw=0)
            continue
        ax.barh(y, value, color=colour, height=0.6)
        ax.text(value + 0.1, y, code, va="center", fontsize=8)
    ax.set_yticks(range(len(labels)), labels)
    for tick, value in zip(ax.get_yticklabels(), values, strict=True):
        if value is None:
            tick.set_fontstyle("italic")
            tick.set_color(style.NEUTRALS["dark"])
    ax.invert_yaxis()
    ax.set_xlim(0, 10)
    ax.grid(axis="y", visible=False)
    ax.set_axisbelow(True)
    ax.legend(handles=[Patch(color=c, label=d) for d, c in _DIRECTION_COLOURS.items()],
              loc="lower right", fontsize=8)
    ax.set_xlabel("Goldstein score of the exchange's CAMEO code "
                  "(scale -10 conflict to +10 cooperation)")
    lo, hi = table.goldstein.min(), table.goldstein.max()
    longest = table.loc[table.days_since_previous.idxmax()]
    before = table.date_end[table.date_start < longest.date_start].max()
    ax.set_title(f"All {len(table)} exchanges score {lo:g} to {hi:g} on a scale of -10 to +10;"
                 f" none for {int(longest.days_since_previous)} days after "
                 f"{pd.Timestamp(before):%-d %b %Y}")
    return fig
