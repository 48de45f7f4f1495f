"""Shared fixtures: copies of the raw inputs that a test may corrupt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kimxi import paths


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A copy of data/raw (articles.csv and articles/) in a temporary folder."""
    target = tmp_path / "raw"
    shutil.copytree(paths.RAW, target)
    return target


def pytest_configure(config):
    config.addinivalue_line("markers", "after_notebooks: run after every notebook of the session")


def pytest_collection_modifyitems(session, config, items):
    """Move the tests marked ``after_notebooks`` to the end, after nbval's notebook cells."""
    late = [item for item in items if item.get_closest_marker("after_notebooks")]
    items[:] = [item for item in items if item not in late] + late
