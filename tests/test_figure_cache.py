"""kimxi.plots.figure_cache: a figure's files come from the store only for the same figure,
source line and settings, and are then the bytes a fresh render writes."""

from __future__ import annotations

import subprocess
import sys
import time

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from kimxi.plots import figure_cache, style  # noqa: E402

pytestmark = pytest.mark.uses_cache

FIGURE = """
import pandas as pd
import matplotlib
matplotlib.use("Agg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from kimxi.plots import figure_cache, style
style.use()
fig, ax = plt.subplots(figsize=(6, 3))
days = pd.date_range("2018-03-01", periods=30)
ax.plot(days, range(30), label="{label}")
ax.annotate("visit", (days[25], 25))
ax.xaxis.set_major_locator(mdates.MonthLocator())
ax.legend(loc="upper left")
ax.set_title("A title")
print(figure_cache.fingerprint(fig))
"""


def fingerprint_in_new_process(label: str = "messages") -> str:
    done = subprocess.run([sys.executable, "-c", FIGURE.format(label=label)],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("KIMXI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KIMXI_CACHE", "on")
    style.use()
    return tmp_path / "cache"


def figure(values=(1, 3, 2), title="A title"):
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot(list(values), marker="o")
    ax.set_title(title)
    return fig


def test_the_same_figure_has_the_same_fingerprint_in_every_process():
    first = fingerprint_in_new_process()
    # A second later: a date axis's locator is made with the time of day in it.
    time.sleep(1.1)
    second = fingerprint_in_new_process()
    assert len(first) == 64
    assert first == second
    # Control: a figure that differs in one label does not share it.
    assert fingerprint_in_new_process("tone") != first


def test_a_changed_figure_or_source_is_rendered_again(store):
    style.save(figure(), store.parent / "a", source="one")
    style.save(figure(), store.parent / "b", source="one")
    assert len(list(store.glob("figure-*.pkl"))) == 1
    style.save(figure(values=(1, 3, 3)), store.parent / "c", source="one")
    style.save(figure(title="Another"), store.parent / "d", source="one")
    style.save(figure(), store.parent / "e", source="two")
    assert len(list(store.glob("figure-*.pkl"))) == 4
    with matplotlib.rc_context({"savefig.dpi": 72}):
        style.save(figure(), store.parent / "f", source="one")
    assert len(list(store.glob("figure-*.pkl"))) == 5


def test_stored_files_are_the_bytes_of_a_fresh_render(store, monkeypatch):
    style.save(figure(), store.parent / "first", source="kept")
    style.save(figure(), store.parent / "stored", source="kept")
    monkeypatch.setenv("KIMXI_CACHE", "off")
    style.save(figure(), store.parent / "fresh", source="kept")
    style.save(figure(values=(2, 2, 2)), store.parent / "other", source="kept")
    for suffix in (".png", ".svg"):
        fresh = (store.parent / "fresh").with_suffix(suffix).read_bytes()
        assert (store.parent / "stored").with_suffix(suffix).read_bytes() == fresh
        assert (store.parent / "first").with_suffix(suffix).read_bytes() == fresh
        assert (store.parent / "other").with_suffix(suffix).read_bytes() != fresh
    assert b"Source: kept" in (store.parent / "fresh.svg").read_bytes() or \
        b"kept" in (store.parent / "fresh.svg").read_bytes()


def test_a_figure_that_cannot_be_pickled_is_rendered_every_time(store):
    fig = figure()
    fig.axes[0].lines[0].unpicklable = lambda: None
    assert figure_cache.fingerprint(fig) is None
    written = style.save(fig, store.parent / "plain", source="none")
    assert all(path.stat().st_size > 0 for path in written)
    assert not list(store.glob("figure-*.pkl"))
