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


def test_a_full_disk_is_one_data_error_naming_the_target_and_the_old_file_stays(
        tmp_path, monkeypatch):
    import errno

    from kimxi.io.errors import DataError

    path = tmp_path / "t.csv"
    path.write_text("old\n")
    real_replace = os.replace

    def full(src, dst):
        if str(dst) == str(path):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), src)
        real_replace(src, dst)

    monkeypatch.setattr(tables.os, "replace", full)
    with pytest.raises(DataError) as raised:
        tables.write_tables({path: "new\n"})
    assert raised.value.path == str(path)  # the target, not the temporary beside it
    assert "disk full" in str(raised.value)
    assert path.read_text() == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["t.csv"]


def test_a_read_only_folder_is_one_data_error_and_another_os_error_passes(tmp_path, monkeypatch):
    import errno

    from kimxi.io.errors import DataError

    def refuse(code):
        def mkstemp(*args, **kwargs):
            raise OSError(code, os.strerror(code))
        return mkstemp

    monkeypatch.setattr(tables.tempfile, "mkstemp", refuse(errno.EROFS))
    with pytest.raises(DataError, match=r"t\.csv: cannot be written: not writable"):
        tables.write_tables({tmp_path / "t.csv": "x\n"})
    monkeypatch.setattr(tables.tempfile, "mkstemp", refuse(errno.EIO))  # not the user's to fix
    with pytest.raises(OSError) as raised:
        tables.write_tables({tmp_path / "t.csv": "x\n"})
    assert not isinstance(raised.value, DataError)


def test_a_data_error_crosses_a_process_boundary_whole():
    import pickle

    from kimxi.io.errors import DataError

    error = DataError("out/processed/t.csv", "cannot be written: disk full", row=3,
                      column="id", line=7)
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is DataError and str(back) == str(error)
    assert (back.path, back.row, back.column, back.line) == ("out/processed/t.csv", 3, "id", 7)


def test_the_next_write_removes_what_a_killed_writer_left_and_nothing_else(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old\n")
    # What a writer killed between its temporary and its rename leaves (write_tables' names) ...
    left = [tmp_path / ".t.csv.ab3_x9zq.tmp", tmp_path / ".t.csv.k2j4m5n6.old"]
    # ... and files of the same look that are not its own, or not this target's.
    others = [tmp_path / ".t.csv.notes.tmp", tmp_path / ".t.csv.ab3_x9zq.tmp.bak",
              tmp_path / ".u.csv.ab3_x9zq.tmp", tmp_path / "t.csv.ab3_x9zq.tmp",
              tmp_path / ".t.csv.AB3_X9ZQ.old"]
    for path in left + others:
        path.write_text("x")
    assert tables.stale_temporaries(target) == sorted(left)
    tables.write_tables({target: "new\n"})
    assert target.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["t.csv"] + [p.name for p in others])


def test_a_figure_pair_is_swapped_in_together_or_not_at_all(tmp_path, monkeypatch):
    from kimxi.plots import style

    path = tmp_path / "fig"
    style.write({".png": b"png-1", ".svg": b"svg-1"}, path)
    real_replace = os.replace

    def fail(src, dst):  # the SVG's rename fails after the PNG's has been done
        if str(dst).endswith(".svg"):
            raise OSError("stopped")
        real_replace(src, dst)

    monkeypatch.setattr(tables.os, "replace", fail)
    with pytest.raises(OSError, match="stopped"):
        style.write({".png": b"png-2", ".svg": b"svg-2"}, path)
    assert (tmp_path / "fig.png").read_bytes() == b"png-1"
    assert (tmp_path / "fig.svg").read_bytes() == b"svg-1"
    assert sorted(os.listdir(tmp_path)) == ["fig.png", "fig.svg"]
