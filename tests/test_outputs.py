"""After nbval: every committed figure and processed table against a fresh drawing.

``make test`` runs nbval with ``KIMXI_PROCESSED_DIR`` and ``KIMXI_FIGURES_DIR``
pointing into a temporary folder and with the network guard of
``tests/netguard`` on the kernels' path. The tests here run after every
notebook (``conftest.py`` moves them to the end of the session) and check
what that one execution left: each file of ``figures/`` and
``data/processed/`` was drawn again, byte for byte the same, nothing was
drawn that is not committed, and no kernel touched the network.

Run outside ``make test`` (no redirection in the environment, or no notebook
in the session), they skip.

Byte for byte on Python 3.11, by value elsewhere: the committed outputs are drawn on 3.11
(``make setup`` takes it first). On 3.12 and 3.13 the lock installs the same releases, but
built for another interpreter, so a float's last bits may differ; a file that is not the
same bytes there is compared by value instead: a table read with pandas, equal within a
relative 1e-9; an SVG, the same text with its numbers equal within 1e-6; a PNG, the same size
with at most 0.1% of its pixels changed by more than a quarter of the scale (the numbers
behind each figure are held by its tables; the pixels check that it is the same picture).
"""

from __future__ import annotations

import io
import math
import os
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from kimxi.io import paths

BYTE_FOR_BYTE = sys.version_info[:2] == (3, 11)
TABLE_RTOL = 1e-9
SVG_RTOL = 1e-6
PNG_CHANGED_LEVEL = 64  # of 255: a pixel changed by more than a quarter of the scale
PNG_CHANGED_SHARE = 0.001
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def same_table(old: bytes, new: bytes) -> str:
    """'' when the two CSV files hold the same table within :data:`TABLE_RTOL`, else why."""
    try:
        pd.testing.assert_frame_equal(pd.read_csv(io.BytesIO(old)), pd.read_csv(io.BytesIO(new)),
                                      check_exact=False, rtol=TABLE_RTOL)
    except AssertionError as error:
        return str(error).splitlines()[0] if str(error) else "tables differ"
    return ""


def same_svg(old: bytes, new: bytes) -> str:
    """'' when the two SVG texts differ only in numbers within :data:`SVG_RTOL`, else why."""
    old_text, new_text = old.decode("utf-8"), new.decode("utf-8")
    if NUMBER.split(old_text) != NUMBER.split(new_text):
        return "the text around the numbers differs"
    for a, b in zip(NUMBER.findall(old_text), NUMBER.findall(new_text), strict=True):
        if not math.isclose(float(a), float(b), rel_tol=SVG_RTOL, abs_tol=SVG_RTOL):
            return f"{a} drawn as {b}"
    return ""


def same_png(old: bytes, new: bytes) -> str:
    """'' when the two PNG images are the same picture (see the module's docstring)."""
    a, b = (np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"), dtype=np.int16)
            for data in (old, new))
    if a.shape != b.shape:
        return f"size {a.shape[1]}x{a.shape[0]} drawn as {b.shape[1]}x{b.shape[0]}"
    changed = float((np.abs(a - b).max(axis=2) > PNG_CHANGED_LEVEL).mean())
    if changed > PNG_CHANGED_SHARE:
        return f"{changed:.2%} of the pixels changed"
    return ""


BY_VALUE = {".csv": same_table, ".svg": same_svg, ".png": same_png}


def differs(old: bytes, new: bytes, suffix: str, byte_for_byte: bool = BYTE_FOR_BYTE) -> str:
    """'' when ``new`` is the committed ``old`` drawn again, else how it differs."""
    if old == new:
        return ""
    if byte_for_byte:
        return "differs from the committed file"
    problem = BY_VALUE[suffix](old, new) if suffix in BY_VALUE else "not the same bytes"
    return problem and f"differs from the committed file by value: {problem}"


def _fresh(variable: str, request) -> Path:
    if not os.environ.get(variable):
        pytest.skip(f"{variable} is not set: `make test` sets it to compare fresh outputs")
    if not request.session.config.getoption("nbval", default=False):
        pytest.skip("the notebooks were not executed in this session (no --nbval)")
    return Path(os.environ[variable])


def _compare(committed: Path, fresh: Path, pattern: str) -> list[str]:
    old = {p.name for p in committed.glob(pattern)}
    new = {p.name for p in fresh.glob(pattern)} if fresh.is_dir() else set()
    problems = [f"{name}: committed, not drawn again" for name in sorted(old - new)]
    problems += [f"{name}: drawn, not committed" for name in sorted(new - old)]
    for name in sorted(old & new):
        problem = differs((committed / name).read_bytes(), (fresh / name).read_bytes(),
                          Path(name).suffix)
        problems += [f"{name}: {problem}"] if problem else []
    return problems


@pytest.mark.after_notebooks
def test_every_figure_is_drawn_again_byte_for_byte(request):
    fresh = _fresh("KIMXI_FIGURES_DIR", request)
    assert sorted(paths.FIGURES.glob("*.png")) and sorted(paths.FIGURES.glob("*.svg"))
    problems = _compare(paths.FIGURES, fresh, "*.*")
    assert not problems, "\n".join(problems)


@pytest.mark.after_notebooks
def test_every_processed_table_is_written_again_byte_for_byte(request):
    fresh = _fresh("KIMXI_PROCESSED_DIR", request)
    problems = _compare(paths.PROCESSED, fresh, "*.csv")
    assert not problems, "\n".join(problems)


@pytest.mark.after_notebooks
def test_no_kernel_touched_the_network(request):
    _fresh("KIMXI_FIGURES_DIR", request)
    log = os.environ.get("KIMXI_NETGUARD_LOG")
    if not log:
        pytest.skip("KIMXI_NETGUARD_LOG is not set: `make test` sets it")
    loaded = Path(log + ".loaded")
    # pytest itself and at least one kernel per notebook loaded the guard.
    notebooks = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    pids = set(loaded.read_text().split()) if loaded.is_file() else set()
    assert len(pids) > len(notebooks), f"the guard was loaded in {len(pids)} processes only"
    assert str(os.getpid()) in pids, "pytest ran without the guard"
    attempts = Path(log).read_text() if Path(log).is_file() else ""
    assert attempts == "", attempts


# --- The by-value comparison, on made-up outputs (no notebook needed) --------------------------


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


def _png(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8), "RGBA").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_table_whose_floats_moved_in_the_last_bits_is_the_same_by_value_only():
    old = _csv(pd.DataFrame({"id": ["a", "b"], "kappa": [0.6812345678901234, 1 / 3]}))
    new = _csv(pd.DataFrame({"id": ["a", "b"], "kappa": [0.6812345678901235, 1 / 3]}))
    assert old != new
    assert differs(old, new, ".csv", byte_for_byte=True)
    assert differs(old, new, ".csv", byte_for_byte=False) == ""


def test_a_table_with_another_value_or_row_differs_by_value():
    old = _csv(pd.DataFrame({"id": ["a", "b"], "kappa": [0.68, 0.5]}))
    assert "by value" in differs(old, _csv(pd.DataFrame({"id": ["a", "b"], "kappa": [0.69, 0.5]})),
                                 ".csv", byte_for_byte=False)
    assert differs(old, _csv(pd.DataFrame({"id": ["a", "c"], "kappa": [0.68, 0.5]})), ".csv",
                   byte_for_byte=False)
    assert differs(old, _csv(pd.DataFrame({"id": ["a"], "kappa": [0.68]})), ".csv",
                   byte_for_byte=False)


def test_an_svg_differs_by_value_only_in_its_numbers_beyond_rounding():
    old = b'<path d="M 72 388.8 L 136.872727 316.05" style="fill: #0072b2"/>'
    moved = b'<path d="M 72 388.8 L 136.87272700001 316.05" style="fill: #0072b2"/>'
    assert differs(old, moved, ".svg", byte_for_byte=False) == ""
    assert differs(old, moved.replace(b"316.05", b"318.05"), ".svg", byte_for_byte=False)
    assert differs(old, old.replace(b"#0072b2", b"#d55e00"), ".svg", byte_for_byte=False)


def test_a_png_with_a_few_pixels_shifted_is_the_same_picture_and_a_changed_bar_is_not():
    pixels = np.full((200, 300, 4), 255)
    pixels[50:150, 40:60, :3] = (0, 114, 178)
    shifted = pixels.copy()
    shifted[50, 60, :3] = (0, 114, 178)  # one anti-aliased edge pixel
    assert differs(_png(pixels), _png(shifted), ".png", byte_for_byte=False) == ""
    taller = pixels.copy()
    taller[30:50, 40:60, :3] = (0, 114, 178)
    assert "pixels changed" in differs(_png(pixels), _png(taller), ".png", byte_for_byte=False)
    assert "size" in differs(_png(pixels), _png(pixels[:, :299]), ".png", byte_for_byte=False)
