"""`make lab`: LAB_ARGS reach JupyterLab as data, --allow-root is added when run as root, the
environment's kernel is registered under its name, and JupyterLab really starts as built."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from test_make_vars import makefile_dir, run_make  # noqa: F401 (makefile_dir is a fixture)

from kimxi.io import paths
from kimxi.io.errors import DataError
from kimxi.run import cli


def test_lab_args_are_passed_after_the_defaults():
    command = cli.lab_command(["--port", "9999", "--no-browser"], as_root=False)
    assert command[:4] == [sys.executable, "-m", "jupyter", "lab"]
    assert command[4] == f"--notebook-dir={paths.ROOT}"
    assert command[5:] == ["--port", "9999", "--no-browser"]
    assert "--allow-root" not in command


def test_as_root_lab_allows_root_once():
    assert cli.lab_command([], as_root=True)[5:] == ["--allow-root"]
    given = ["--allow-root", "--port=8899"]
    assert cli.lab_command(given, as_root=True).count("--allow-root") == 1


def test_make_lab_passes_lab_args_as_data(makefile_dir):  # noqa: F811 (the fixture)
    lab_args = """--port 9999 --ServerApp.custom_display_url='http://a b' "$(touch pwned)" """
    call = run_make(makefile_dir, "lab", {"LAB_ARGS": lab_args})
    assert call["argv"] == ["-m", "kimxi.run.cli", "make", "lab"]
    assert call["env"]["KIMXI_MAKE_LAB_ARGS"] == lab_args
    assert not list(makefile_dir.glob("pwned*"))
    argv = cli.make_argv("lab", cli.make_settings(call["env"]))
    assert argv == ["lab", "--port", "9999", "--ServerApp.custom_display_url=http://a b",
                    "$(touch pwned)"]


def test_make_lab_without_lab_args_starts_lab_with_the_defaults(makefile_dir):  # noqa: F811
    call = run_make(makefile_dir, "lab", {})
    assert cli.make_argv("lab", cli.make_settings(call["env"])) == ["lab"]


def test_an_unclosed_quote_in_lab_args_is_one_located_error(capsys, monkeypatch):
    with pytest.raises(DataError, match="LAB_ARGS.*No closing quotation"):
        cli.make_argv("lab", {**cli.make_settings({}), "LAB_ARGS": "--port '9999"})
    monkeypatch.setenv("KIMXI_MAKE_LAB_ARGS", "--port '9999")
    assert cli.main(["make", "lab"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: LAB_ARGS")


def test_the_kernel_is_registered_under_its_name(tmp_path):
    assert not cli.kernel_registered(tmp_path)
    subprocess.run(cli.kernel_command(tmp_path), check=True, capture_output=True, timeout=120)
    spec = json.loads((tmp_path / "share" / "jupyter" / "kernels" / cli.KERNEL_NAME
                       / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable
    assert spec["display_name"] == cli.KERNEL_DISPLAY_NAME
    assert cli.kernel_registered(tmp_path)


def test_the_default_kernel_is_registered_inside_the_environment():
    command = cli.kernel_command()
    assert "--sys-prefix" in command and "--user" not in command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_jupyter_lab_starts_as_built_and_answers_on_loopback(tmp_path):
    """The command :func:`kimxi.run.cli.lab_command` builds, run for real (as root where the
    tests run as root: JupyterLab then refuses to start without --allow-root), on a free
    port of 127.0.0.1, with Jupyter's config and runtime files in a temporary folder."""
    port = _free_port()
    command = cli.lab_command(["--no-browser", f"--port={port}", "--ip=127.0.0.1",
                               "--ServerApp.token=x", "--ServerApp.port_retries=0"],
                              as_root=os.geteuid() == 0)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces")}
    log = (tmp_path / "lab.log").open("w")
    lab = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                           cwd=tmp_path)
    try:
        deadline, status = time.monotonic() + 60, None
        while time.monotonic() < deadline and lab.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token=x",
                                            timeout=2) as answer:
                    status = json.load(answer)
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        assert status is not None, (tmp_path / "lab.log").read_text()[-2000:]
        assert "started" in status
    finally:
        lab.terminate()
        try:
            lab.wait(timeout=20)
        except subprocess.TimeoutExpired:
            lab.kill()
            lab.wait(timeout=10)
        log.close()
