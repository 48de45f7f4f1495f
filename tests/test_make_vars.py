"""Make variables reach the kimxi command line as data: no value is pasted into a shell
command, so quotes, $, backticks, semicolons and newlines in it run nothing.

The recipes are run with a stand-in for Python that records its arguments and the
KIMXI_MAKE_* values it was given, then :func:`kimxi.run.cli.make_argv` turns those into the
command line; the real commands are not run."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys

import pytest

from kimxi.io import paths
from kimxi.io.errors import DataError
from kimxi.run import cli

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

FAKE = f"""#!{sys.executable}
import json, os, sys
with open(os.environ["FAKE_LOG"], "w") as log:
    json.dump({{"argv": sys.argv[1:], "env": {{k: v for k, v in os.environ.items()
                                           if k.startswith("KIMXI_MAKE_")}}}}, log)
"""

NASTY = {
    "TARGET": 'China"; touch pwned; echo "',
    "CORPUS": "price$HOME `touch pwned2`.csv",
    "FROM": "2017-09-01; touch pwned3;",
    "TOPICS_K": '5"; touch pwned4',
    "OUT": "out dir\nwith a newline",
}


def run_make(tmp_path, target: str, given: dict[str, str]) -> dict:
    python = tmp_path / "python"
    python.write_text(FAKE)
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "call.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    env["FAKE_LOG"] = str(log)
    done = subprocess.run(["make", "-s", target, f"PY={python}", "STAMP=",
                           *(f"{k}={v}" for k, v in given.items())],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(log.read_text())


@pytest.fixture
def makefile_dir(tmp_path):
    shutil.copy(paths.ROOT / "Makefile", tmp_path / "Makefile")
    return tmp_path


@pytest.mark.parametrize("target", ["run", "gold-sample"])
def test_nasty_values_reach_kimxi_as_data_and_run_nothing(makefile_dir, target):
    call = run_make(makefile_dir, target, NASTY)
    assert call["argv"] == ["-m", "kimxi.run.cli", "make", target]
    for name, value in NASTY.items():
        assert call["env"][f"KIMXI_MAKE_{name}"] == value
    assert not list(makefile_dir.glob("pwned*"))
    argv = cli.make_argv(target, cli.make_settings(call["env"]))
    assert NASTY["CORPUS"] in argv and NASTY["TARGET"] in argv
    if target == "run":
        assert argv[argv.index("--from") + 1] == NASTY["FROM"]
        assert argv[argv.index("--topics-k") + 1] == NASTY["TOPICS_K"]
        assert argv[argv.index("--out") + 1] == NASTY["OUT"]


def test_without_a_corpus_make_run_is_the_collections_run(makefile_dir):
    call = run_make(makefile_dir, "run", {})
    argv = cli.make_argv("run", cli.make_settings(call["env"]))
    assert argv[0] == "run" and argv[argv.index("--kcna") + 1].endswith(
        "kcna_en_2017-09_2018-04.csv")


def test_gold_sample_without_a_corpus_is_one_line():
    with pytest.raises(DataError, match="needs CORPUS"):
        cli.make_argv("gold-sample", cli.make_settings({}))
