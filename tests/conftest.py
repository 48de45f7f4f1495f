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
