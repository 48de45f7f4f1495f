"""OUT, the folder of a run on a user's corpus: what it may be, what a run leaves in it, and
what a second run at the same time or a stopped run does (kimxi.run.corpus)."""

from __future__ import annotations

import os

import pytest

from kimxi.io import paths
from kimxi.io.errors import DataError
from kimxi.run import cli, corpus as byoc

FIXTURE = paths.ROOT / "tests" / "fixtures" / "corpus_small.csv"


@pytest.mark.parametrize("inside", [".git", ".cache", ".venv", "report", "src/kimxi/newdir",
                                    "data/processed", "figures", "notebooks/x"])
def test_an_out_inside_a_managed_folder_is_refused(inside):
    with pytest.raises(DataError, match="OUT may not be|tracked path"):
        byoc.check_out(paths.ROOT / inside)


def test_a_folder_of_out_that_is_a_symlink_into_the_repository_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "processed").symlink_to(paths.DATA / "processed")
    with pytest.raises(DataError, match="OUT may not be inside data"):
        byoc.prepare_out(out)


def test_make_gold_sample_refuses_out_at_the_repository_root():
    given = cli.make_settings({"KIMXI_MAKE_CORPUS": str(FIXTURE), "KIMXI_MAKE_OUT": "."})
    cwd = os.getcwd()
    try:
        os.chdir(paths.ROOT)
        with pytest.raises(DataError, match="the repository"):
            cli.make_argv("gold-sample", given)
    finally:
        os.chdir(cwd)


def test_files_no_run_wrote_are_refused_unless_overwrite(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("the user's own notes")
    with pytest.raises(DataError, match="no run of this report wrote"):
        byoc.run(FIXTURE, out, notebooks=())
    byoc.run(FIXTURE, out, notebooks=(), overwrite=True)
    assert (out / "mine.txt").read_text() == "the user's own notes"  # never deleted


def test_a_run_removes_the_last_runs_outputs_and_no_other_file(tmp_path):
    out = tmp_path / "out"
    byoc.run(FIXTURE, out, notebooks=())
    (out / "processed").mkdir(exist_ok=True)
    old = out / "processed" / "topics_terms.csv"
    old.write_text("from the last run")
    byoc.record_outputs(out)  # as the last run would have listed it
    byoc.run(FIXTURE, out, notebooks=())
    assert not old.exists()
    assert not (out / byoc.MARKER).exists() and not (out / byoc.LOCK).exists()


def test_a_second_run_on_the_same_out_is_refused_while_the_first_holds_it(tmp_path):
    out = tmp_path / "out"
    with byoc.locked(out):
        with pytest.raises(DataError, match="another run is writing"):
            byoc.run(FIXTURE, out, notebooks=())
    assert not (out / byoc.LOCK).exists()


def test_a_stopped_run_leaves_its_marker_and_frees_the_lock(tmp_path, monkeypatch):
    out = tmp_path / "out"

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(byoc, "_run_chains", stop)
    with pytest.raises(KeyboardInterrupt):
        byoc.run(FIXTURE, out, notebooks=("tone.ipynb",))
    assert (out / byoc.MARKER).is_file()
    assert not (out / byoc.LOCK).exists()


def test_a_read_only_out_is_one_located_line(tmp_path, capsys):
    if os.geteuid() == 0:
        pytest.skip("root writes into a read-only folder")
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        assert byoc.main([str(FIXTURE), str(out)]) == 2
    finally:
        out.chmod(0o700)
    assert "cannot be written" in capsys.readouterr().err


def test_an_out_under_a_file_is_one_located_line(tmp_path, capsys):
    (tmp_path / "a_file").write_text("x")
    assert byoc.main([str(FIXTURE), str(tmp_path / "a_file" / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert "cannot be written" in err and len(err.splitlines()) == 1
