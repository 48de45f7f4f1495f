"""Shared fixtures: copies of the raw inputs that a test may corrupt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kimxi.io import paths


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A copy of data/raw (articles.csv and articles/) in a temporary folder."""
    target = tmp_path / "raw"
    shutil.copytree(paths.RAW, target)
    return target


@pytest.fixture(autouse=True)
def no_result_cache(request, monkeypatch):
    """Unit tests compute every result: none is served from kimxi.io.cache (the tests of the
    cache itself turn it on in a folder of their own). Notebook cells are not affected."""
    if request.node.get_closest_marker("uses_cache") is None:
        monkeypatch.setenv("KIMXI_CACHE", "off")


def pytest_configure(config):
    config.addinivalue_line("markers", "uses_cache: the test turns kimxi.io.cache on itself")
    config.addinivalue_line("markers", "after_notebooks: run after every notebook of the session")


def pytest_collection_modifyitems(session, config, items):
    """Move the tests marked ``after_notebooks`` to the end, after nbval's notebook cells."""
    late = [item for item in items if item.get_closest_marker("after_notebooks")]
    items[:] = [item for item in items if item not in late] + late
