"""One visual vocabulary: sides and tones coloured through kimxi.plots.style, nowhere else."""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import numpy as np
import pytest

from kimxi.io import paths
from kimxi.plots import style

SRC = paths.ROOT / "src" / "kimxi"
NAMED = {"black", "white", "red", "blue", "green", "orange", "yellow", "purple", "grey", "gray",
         "k", "w", "r", "b", "g", "tab:blue", "tab:orange", "navy", "crimson", "gold"}
HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?$")
COLOUR_ARGS = {"color", "colour", "c", "facecolor", "edgecolor", "mfc", "mec", "markerfacecolor",
               "markeredgecolor", "ecolor", "colors"}


def drawing_modules():
    """Every module that draws: it imports matplotlib or altair (style.py excepted)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name != "style.py" and re.search(r"^\s*(import|from) (matplotlib|altair)", text,
                                                  re.MULTILINE):
            found.append(path)
    return found


def colour_problems(source: str) -> list[str]:
    """Colours a module names itself instead of taking them from kimxi.plots.style."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and HEX.match(
                node.value):
            problems.append(f"line {node.lineno}: colour literal {node.value!r}")
        if isinstance(node, ast.Name) and node.id == "PALETTE" or isinstance(
                node, ast.ImportFrom) and any(a.name == "PALETTE" for a in node.names):
            problems.append(f"line {node.lineno}: PALETTE used directly")
        if isinstance(node, ast.keyword) and node.arg in COLOUR_ARGS and isinstance(
                node.value, ast.Constant) and str(node.value.value).lower() in NAMED:
            problems.append(f"line {node.lineno}: named colour {node.value.value!r}")
        if isinstance(node, ast.keyword) and node.arg == "cmap" and not (
                isinstance(node.value, ast.Constant) and node.value.value == "Greys"):
            problems.append(f"line {node.lineno}: a colour map other than Greys")
    return problems


def test_the_drawing_modules_are_found():
    names = {p.relative_to(SRC).as_posix() for p in drawing_modules()}
    assert {f"plots/{name}.py" for name in (
        "timeline", "coverage", "genre", "sentiment", "topics", "messages", "evaluate",
        "segment", "timeline_interactive")} <= names
    assert all(name.startswith("plots/") for name in names), names


@pytest.mark.parametrize("path", drawing_modules(), ids=lambda p: p.relative_to(SRC).as_posix())
def test_every_figure_takes_its_colours_from_the_style_module(path):
    assert colour_problems(path.read_text(encoding="utf-8")) == []


def test_the_colour_check_catches_a_module_that_picks_its_own():
    bad = ('from kimxi.plots.style import PALETTE\nax.plot(x, color="#D55E00")\n'
           'ax.bar(x, y, color=PALETTE["blue"], edgecolor="black")\nax.imshow(m, cmap="viridis")')
    assert len(colour_problems(bad)) == 5


def _linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


# Machado, Oliveira & Fernandes (2009), full-severity simulation matrices (linear RGB).
CVD = {"protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                      [-0.003882, -0.048116, 1.051998]],
       "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                        [-0.011820, 0.042940, 0.968881]],
       "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                      [0.004733, 0.691367, 0.303900]]}


@pytest.mark.parametrize("family", ["sides", "tones"])
@pytest.mark.parametrize("vision", sorted(CVD))
def test_side_and_tone_colours_stay_apart_for_colour_blind_readers(family, vision):
    colours = style.SIDE_COLOURS if family == "sides" else style.TONE_COLOURS
    matrix = np.array(CVD[vision])
    for a, b in itertools.combinations(colours.values(), 2):
        seen = [np.clip(matrix @ _linear(c), 0, 1) for c in (a, b)]
        assert np.linalg.norm(seen[0] - seen[1]) > 0.15, (a, b)


def test_tones_reuse_no_side_colour_and_neutrals_are_grey():
    assert not set(style.TONE_COLOURS.values()) & set(style.SIDE_COLOURS.values())
    for grey in style.NEUTRALS.values():
        assert len({grey[1:3], grey[3:5], grey[5:7]}) == 1, grey


def test_every_name_of_a_side_gets_that_sides_colour():
    assert style.side_colour("DPRK->PRC") == style.side_colour("dprk") == style.SIDE_COLOURS[
        "dprk"]
    assert style.side_colour("china") == style.side_colour("PRC->DPRK") == style.SIDE_COLOURS[
        "prc"]
    assert style.side_colour("us") == style.side_colour("analyst") == style.SIDE_COLOURS["third"]
    assert style.side_colour("in person") == style.SIDE_COLOURS["joint"]


def test_figures_draw_with_the_dejavu_matplotlib_ships_even_beside_a_system_copy(tmp_path):
    import shutil

    import matplotlib as mpl
    from matplotlib import font_manager

    bundled = Path(mpl.get_data_path(), "fonts", "ttf")
    # a "system" copy of the font, listed first, as a shared font cache may list it
    copy = tmp_path / "DejaVuSans.ttf"
    shutil.copy(bundled / "DejaVuSans.ttf", copy)
    manager = font_manager.fontManager
    saved = list(manager.ttflist)
    try:
        manager.addfont(str(copy))
        manager.ttflist.insert(0, manager.ttflist.pop())
        assert Path(font_manager.findfont("DejaVu Sans")) == copy  # the control
        style.use()
        # resolved: matplotlib keeps a font's real path, the folder may be reached by a link
        assert Path(font_manager.findfont("DejaVu Sans")).resolve().parent == bundled.resolve()
        bold = font_manager.FontProperties(family="DejaVu Sans", weight="bold")
        assert Path(font_manager.findfont(bold)).resolve() == \
            (bundled / "DejaVuSans-Bold.ttf").resolve()
    finally:
        manager.ttflist = saved
        manager._findfont_cached.cache_clear()
