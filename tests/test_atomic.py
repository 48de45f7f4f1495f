"""Notebooks and the README are written beside their place and renamed onto it: an interrupted
write leaves the old file or the new one, never a truncated one."""

from __future__ import annotations

import os

import nbformat
import pytest

from kimxi.io import tables
from kimxi.run import notebooks


def _nb(text: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(text))
    return nb


def test_a_notebook_is_written_with_nbformats_own_bytes(tmp_path):
    import copy

    ours, theirs = tmp_path / "a.ipynb", tmp_path / "b.ipynb"
    nb = _nb("print('é')")
    notebooks._write(copy.deepcopy(nb), ours)
    nbformat.write(notebooks.normalise(copy.deepcopy(nb)), theirs)
    assert ours.read_bytes() == theirs.read_bytes()


def test_a_write_that_fails_leaves_the_old_notebook_whole(tmp_path, monkeypatch):
    path = tmp_path / "n.ipynb"
    notebooks._write(_nb("x = 1"), path)
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(tables.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        notebooks._write(_nb("x = 2"), path)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["n.ipynb"]  # no temporary file left behind
