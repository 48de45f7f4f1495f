"""One plotting style for every figure, and byte-reproducible saving.

:func:`use` sets fonts, sizes and the Okabe-Ito colour-blind-safe palette;
:func:`save` writes PNG and SVG with the metadata that would change between
runs removed, and adds the source line under the plot.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common
# forms of colour-vision deficiency.
PALETTE = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
    "grey": "#999999",
}
# Fixed meanings used across notebooks.
SIDE_COLOURS = {"dprk": PALETTE["vermillion"], "prc": PALETTE["blue"],
                "analyst": PALETTE["green"], "narration": PALETTE["grey"],
                "other": PALETTE["purple"]}
TONE_COLOURS = {-1: PALETTE["vermillion"], 0: PALETTE["grey"], 1: PALETTE["blue"]}

DPI = 200


def use() -> None:
    """Apply the collection's style to matplotlib (call once per notebook)."""
    mpl.rcParams.update({
        "figure.dpi": 100, "savefig.dpi": DPI, "savefig.bbox": "tight",
        "font.family": "DejaVu Sans", "font.size": 10, "axes.titlesize": 12,
        "axes.titleweight": "bold", "axes.titlelocation": "left", "axes.labelsize": 10,
        "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True,
        "grid.color": "#dddddd", "grid.linewidth": 0.6, "legend.frameon": False,
        "axes.prop_cycle": mpl.cycler(color=[PALETTE[k] for k in (
            "blue", "vermillion", "green", "orange", "purple", "sky_blue", "yellow", "black")]),
        "svg.hashsalt": "kim-xi-messages", "svg.fonttype": "path",
    })


def save(fig: plt.Figure, path: str | Path, source: str) -> list[Path]:
    """Save ``fig`` as ``path`` with .png and .svg suffixes, byte-identical on rerun.

    ``source`` is printed as a line under the plot ("Source: ..."). Returns the
    two paths written. The figure is closed.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Under everything already drawn (legends below the axes included), flush left.
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    fig.text(box.x0 / fig.get_figwidth(), box.y0 / fig.get_figheight() - 0.015,
             f"Source: {source}", fontsize=8, color="#555555", ha="left", va="top",
             transform=fig.transFigure)
    png, svg = path.with_suffix(".png"), path.with_suffix(".svg")
    # The source line is also kept as text in both files ("Source"), where a program can read it.
    fig.savefig(png, metadata={"Software": None, "Source": source})
    fig.savefig(svg, metadata={"Date": None, "Creator": None, "Source": source})
    plt.close(fig)
    return [png, svg]
