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


# How each kind of cell is drawn: a side's colour where only that side's version shows the
# topic, dark grey where both do, an empty box where neither does, a faint dot where either
# side is not known.
_KIND_STYLE = {"DPRK only": ("s", style.side_colour("dprk"), style.side_colour("dprk")),
               "PRC only": ("s", style.side_colour("prc"), style.side_colour("prc")),
               "both": ("s", style.NEUTRALS["dark"], style.NEUTRALS["dark"]),
               "neither": ("s", style.NEUTRALS["white"], style.NEUTRALS["mid"]),
               "unknown": (".", style.NEUTRALS["light"], style.NEUTRALS["light"])}


def plot_versions(cells: pd.DataFrame, labels: dict[str, str], topics: dict[str, str],
                  title: str) -> plt.Figure:
    """A grid of exchanges (rows, labelled by ``labels``) by topics (columns, ``topics``): what
    each side's version of each exchange says of each topic (:func:`kimxi.record.versions.
    asymmetries`), one marker per cell."""
    rows = list(dict.fromkeys(cells["message_id"]))
    cols = list(topics)
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(rows) + 1.9))
    for kind, (marker, face, edge) in _KIND_STYLE.items():
        part = cells[cells["kind"] == kind]
        ax.scatter([cols.index(t) for t in part["topic"]],
                   [rows.index(m) for m in part["message_id"]], marker=marker,
                   s=150 if marker == "s" else 40, color=face, edgecolors=edge, linewidths=1.2,
                   label=f"{kind} ({len(part)})")
    ax.set_xticks(range(len(cols)), [topics[c] for c in cols], rotation=25, ha="right",
                  fontsize=8)
    ax.set_yticks(range(len(rows)), [labels.get(r, r) for r in rows], fontsize=8)
    ax.set_xlim(-0.6, len(cols) - 0.4)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False,
              title="the topic is named by", title_fontsize=8)
    ax.set_title(title, fontsize=11, loc="left")
    fig.tight_layout()
    return fig
