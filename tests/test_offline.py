"""The notebooks execute with the network cut off.

How: every notebook is executed by papermill on a fresh kernel whose
interpreter imports ``tests/netguard/sitecustomize.py`` at start-up (through
PYTHONPATH). The guard refuses and logs any connection, datagram or name
lookup that is not loopback; the test fails if the log has any line. This
works on any Linux machine without privileges. (Where unprivileged network
namespaces are available, ``unshare -rn sh -c 'ip link set lo up && make test'``
cuts the network at the kernel level too; see the README.)

Outputs go to a temporary folder, so the committed ones are untouched.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import papermill
import pytest

from kimxi import paths

GUARD = Path(__file__).parent / "netguard"
NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _guarded_env(log: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(GUARD), env.get("PYTHONPATH")]))
    env["KIMXI_NETGUARD_LOG"] = str(log)
    return env


def test_guard_refuses_a_remote_connection(tmp_path):
    # The positive control: without it a guard that never loads would pass.
    # 192.0.2.1 is TEST-NET-1 (RFC 5737); the guard refuses before any packet leaves.
    log = tmp_path / "net.log"
    code = ("import socket\n"
            "try:\n socket.create_connection(('192.0.2.1', 80), timeout=1)\n"
            "except OSError as e: print(e)\n")
    result = subprocess.run([sys.executable, "-c", code], env=_guarded_env(log),
                            capture_output=True, text=True, check=True)
    assert "network disabled" in result.stdout
    assert "192.0.2.1" in log.read_text()


@pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks yet")
def test_notebooks_run_offline(tmp_path, monkeypatch):
    log = tmp_path / "net.log"
    for key, value in _guarded_env(log).items():
        monkeypatch.setenv(key, value)
    params = {"PROCESSED_DIR": str(tmp_path / "processed"),
              "FIGURES_DIR": str(tmp_path / "figures")}
    for notebook in NOTEBOOKS:
        papermill.execute_notebook(str(notebook), str(tmp_path / notebook.name),
                                   parameters=params, kernel_name="python3",
                                   cwd=str(paths.NOTEBOOKS), progress_bar=False)
    assert not log.exists() or log.read_text() == "", log.read_text()
    assert (tmp_path / "processed" / "sentences.csv").is_file()
