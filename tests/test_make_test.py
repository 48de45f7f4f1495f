"""``make test`` runs the unit tests and the notebooks under nbval side by side: both must pass.

The recipe is run with a stand-in for Python that records how it was called and exits
as told, so that each way of failing is shown without running the real suite.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess

import pytest

from kimxi.io import paths

FAKE = """#!/bin/sh
echo "$* | processed=$KIMXI_PROCESSED_DIR | guard=$KIMXI_NETGUARD_LOG" >> "$FAKE_LOG"
case "$*" in
  *"-m ruff"*) exit 0 ;;
  *"--nbval"*) sleep 1; echo "notebook report"; exit "$FAKE_NOTEBOOKS" ;;
  *"-m pytest tests"*) exit "$FAKE_UNIT" ;;
esac
exit 99
"""

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make_test(tmp_path, unit: int, notebooks: int) -> tuple[subprocess.CompletedProcess, list]:
    python = tmp_path / "python"
    python.write_text(FAKE)
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "calls.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    env.update(FAKE_LOG=str(log), FAKE_UNIT=str(unit), FAKE_NOTEBOOKS=str(notebooks))
    done = subprocess.run(["make", "-s", "test", f"PY={python}", "STAMP="], cwd=paths.ROOT,
                          env=env, capture_output=True, text=True, timeout=60)
    return done, log.read_text().splitlines()


def test_both_runs_pass_and_the_notebook_report_is_shown(tmp_path):
    done, calls = make_test(tmp_path, unit=0, notebooks=0)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "notebook report" in done.stdout
    notebooks = [c for c in calls if "--nbval" in c]
    unit = [c for c in calls if "-m pytest tests -m not after_notebooks" in c]
    assert len(notebooks) == 1 and len(unit) == 1
    # The notebooks run once, with the check of their outputs after them in the same session.
    assert "notebooks tests/test_outputs.py" in notebooks[0]
    assert "--nbval-current-env" in notebooks[0]
    # Both see the temporary output folders and the network guard's log.
    for call in notebooks + unit:
        processed, guard = call.split(" | ")[1:]
        assert processed.startswith("processed=/") and guard.startswith("guard=/")


@pytest.mark.parametrize("unit, notebooks", [(1, 0), (0, 1), (2, 1)])
def test_a_failure_of_either_fails_make_test(tmp_path, unit, notebooks):
    done, _ = make_test(tmp_path, unit, notebooks)
    assert done.returncode != 0
    assert f"unit tests exit {unit}, notebooks under nbval exit {notebooks}" in done.stdout
    assert "notebook report" in done.stdout  # shown even when the unit tests failed
