"""The notebooks execute with the network cut off: the guard and its positive control.

How: ``make test`` runs pytest, and so every nbval kernel, with
``tests/netguard`` on PYTHONPATH, so each interpreter imports
``tests/netguard/sitecustomize.py`` at start-up. The guard refuses and logs any
connection, datagram or name lookup that is not loopback;
``tests/test_outputs.py`` fails if the log has any line. This works on any Linux
machine without privileges. (Where unprivileged network namespaces are available,
``unshare -rn sh -c 'ip link set lo up && make test'`` cuts the network at the kernel
level too; see the README.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GUARD = Path(__file__).parent / "netguard"


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
