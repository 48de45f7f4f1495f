"""One plotting style for every figure, and byte-reproducible saving.

:func:`use` sets fonts, sizes and the Okabe-Ito colour-blind-safe palette;
:func:`save` writes PNG and SVG with the metadata that would change between
runs removed, and adds the source line under the plot.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib import font_manager

from kimxi.io.tables import write_tables

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common
# forms of colour-vision deficiency.
PALETTE = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
    "grey": "#999999",
}
# One visual vocabulary for every figure. Every plotting module takes its colours from the
# names below and from nowhere else (tests/test_style.py reads their sources to check).
#
# Sides: one colour each, everywhere. The DPRK side vermillion, the PRC side blue, third
# parties (other countries, analysts, papers quoted for their own view) orange; a meeting of
# both sides dark grey; narration (nobody's side) mid grey.
SIDE_COLOURS = {"dprk": PALETTE["vermillion"], "prc": PALETTE["blue"],
                "third": PALETTE["orange"], "joint": "#444444", "narration": PALETTE["grey"]}
_SIDE_OF = {"dprk": "dprk", "dprk->prc": "dprk", "prc": "prc", "prc->dprk": "prc",
            "china": "prc", "in person": "joint", "joint": "joint", "narration": "narration"}
# Tone classes: their own palette, which reuses no side colour (cooperative bluish green,
# neutral or mixed light grey, conflictual reddish purple).
TONE_COLOURS = {1: PALETTE["green"], 0: "#c8c8c8", -1: PALETTE["purple"]}
# Everything else (topics, tools, measures, countries other than the two sides, events,
# axes and shading) is drawn in neutral greys and told apart by markers and line styles.
NEUTRALS = {"ink": PALETTE["black"], "dark": "#444444", "mid": "#777777",
            "light": "#bbbbbb", "faint": "#eeeeee", "shade": "#f2f2f2", "white": "#ffffff"}
# Line styles and markers for series that are not sides or tones, in a fixed order.
SERIES_STYLES = (("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"), ((0, (1, 3)), "v"),
                 ((0, (5, 1)), "P"))
# A shaded stretch of time (the leaders' long silence): a pale sand, on no other mark.
SILENCE_SHADE, SILENCE_INK = "#fff3d6", "#7a5200"


def side_colour(name: str) -> str:
    """The colour of a side, from any of the collection's names for it (``dprk``,
    ``DPRK->PRC``, ``china``, ``in person``, ``narration``); any other speaker or country
    (an analyst, a paper, the US) is a third party."""
    return SIDE_COLOURS[_SIDE_OF.get(str(name).lower(), "third")]


def series_style(i: int) -> dict:
    """Keyword arguments for the ``i``-th neutral series: dark grey, its own line and marker."""
    line, marker = SERIES_STYLES[i % len(SERIES_STYLES)]
    return {"color": NEUTRALS["dark"] if i % 2 == 0 else NEUTRALS["ink"], "ls": line,
            "marker": marker}


DPI = 200


def use() -> None:
    """Apply the collection's style to matplotlib (call once per notebook)."""
    mpl.rcParams.update({
        "figure.dpi": 100, "savefig.dpi": DPI, "savefig.bbox": "tight",
        "font.family": "DejaVu Sans", "font.size": 10, "axes.titlesize": 12,
        "axes.titleweight": "bold", "axes.titlelocation": "left", "axes.labelsize": 10,
        "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True,
        "grid.color": "#dddddd", "grid.linewidth": 0.6, "legend.frameon": False,
        # Neutral by default: a colour on a figure always means a side or a tone.
        "axes.prop_cycle": mpl.cycler(color=[NEUTRALS[k] for k in ("ink", "dark", "mid")]),
        "svg.hashsalt": "kim-xi-messages", "svg.fonttype": "path",
    })
    _bundled_dejavu()


DEJAVU_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
                "DejaVuSans-BoldOblique.ttf")


def _bundled_dejavu() -> None:
    """Draw with the DejaVu Sans that matplotlib ships, never a copy the system installed.

    Another version of the font numbers its glyphs differently, so the glyph ids in the
    SVGs would change with the machine; and matplotlib's font list is a cache shared by
    every environment of the user, so which copy it finds first is not the project's to
    choose otherwise.
    """
    manager = font_manager.fontManager
    bundled = Path(mpl.get_data_path(), "fonts", "ttf")
    manager.ttflist = [f for f in manager.ttflist if f.name != "DejaVu Sans"]
    for name in DEJAVU_FILES:
        manager.addfont(str(bundled / name))


def save(fig: plt.Figure, path: str | Path, source: str) -> list[Path]:
    """Save ``fig`` as ``path`` with .png and .svg suffixes, byte-identical on rerun.

    ``source`` is printed as a line under the plot ("Source: ..."). Returns the
    two paths written. The figure is closed.
    """
    return write(files(fig, source), path)


def files(fig: plt.Figure, source: str) -> dict[str, bytes]:
    """What :func:`save` writes for ``fig``: the bytes of each file by suffix. Closes ``fig``."""
    rendered = _render(fig, source)
    plt.close(fig)
    return rendered


def write(rendered: dict[str, bytes], path: str | Path) -> list[Path]:
    """Write the files of :func:`files` as ``path`` with their suffixes; the paths written.

    Both are written beside their place under temporary names and renamed onto it together
    (:func:`kimxi.io.tables.write_tables`): an interrupted run leaves the old files or the new
    ones, never a truncated one, and a full disk is one DataError naming the file."""
    path = Path(path)
    return write_tables({path.with_suffix(suffix): rendered[suffix]
                         for suffix in (".png", ".svg")})


def _render(fig: plt.Figure, source: str) -> dict[str, bytes]:
    """The PNG and SVG bytes of ``fig`` with its source line."""
    # Under everything already drawn (legends below the axes included), flush left.
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    fig.text(box.x0 / fig.get_figwidth(), box.y0 / fig.get_figheight() - 0.015,
             f"Source: {source}", fontsize=8, color="#555555", ha="left", va="top",
             transform=fig.transFigure)
    # The source line is also kept as text in both files ("Source"), where a program can read it.
    files = {}
    for suffix, metadata in ((".png", {"Software": None, "Source": source}),
                             (".svg", {"Date": None, "Creator": None, "Source": source})):
        buffer = io.BytesIO()
        fig.savefig(buffer, format=suffix[1:], metadata=metadata)
        files[suffix] = buffer.getvalue()
    return files
