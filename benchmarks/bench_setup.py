"""Time a fresh set-up, as a new user's first ``make`` runs it, with pip and with uv.

    python -m benchmarks.bench_setup [--installers pip,uv] [--settle 60]

For each installer, the files ``make setup`` reads (the Makefile, the lock
files, ``pyproject.toml`` and ``src/``) are copied into an empty temporary
folder, and ``make setup INSTALLER=<installer>`` runs there with empty
download caches (``PIP_NO_CACHE_DIR``, a new ``UV_CACHE_DIR``), so every
package comes from the registry as on a new machine. The uv run includes
fetching uv itself from PyPI, as ``make`` does where uv is not on the PATH.

Wall and CPU seconds (``make`` and all its children) are taken on the same run,
with the CPU seconds other processes used meanwhile (``others_cpu_s``) and the
size of the resulting ``.venv``. It needs the network to the package registry,
which is why ``make bench`` leaves it out: ``make bench-setup`` runs it.

Writes ``benchmarks/results/setup.csv`` and ``benchmarks/results/setup.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from benchmarks.measure import run_command, settle
from kimxi.io import paths
from kimxi.io.tables import write_tables

RESULTS = Path(__file__).resolve().parent / "results"
FILES = ("Makefile", "requirements.txt", "requirements.lock.txt", "requirements-uv.lock.txt",
         "pyproject.toml")


def folder_mb(folder: Path) -> float:
    """Megabytes of the files under ``folder`` (links not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def time_setup(installer: str, python: str) -> dict:
    """One fresh ``make setup INSTALLER=installer`` in a temporary copy: its measurements."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        work = tmp / "clone"
        work.mkdir()
        for name in FILES:
            shutil.copy2(paths.ROOT / name, work / name)
        shutil.copytree(paths.ROOT / "src", work / "src",
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "CONDA_DEFAULT_ENV")}
        env.update(PIP_NO_CACHE_DIR="1", UV_CACHE_DIR=str(tmp / "uv-cache"))
        stdout, seconds = run_command(["make", "setup", f"INSTALLER={installer}",
                                       f"PYTHON={python}"], work, env)
        used = "uv" if " with uv " in stdout else "pip"
        packages = subprocess.run([str(work / ".venv/bin/python"), "-m", "pip", "list",
                                   "--format=freeze"], capture_output=True, text=True,
                                  check=True).stdout.count("==")
        return dict(installer=installer, used=used,
                    **{key: round(value, 1) for key, value in seconds.items()},
                    packages=packages, venv_mb=round(folder_mb(work / ".venv")))


def markdown(table: pd.DataFrame, machine: str) -> str:
    pip = table.set_index("installer").wall_s.get("pip")
    lines = ["# A fresh set-up with pip and with uv", "",
             "Written by `python -m benchmarks.bench_setup` (`make bench-setup`); do not edit "
             "by hand.", "",
             f"Machine: {machine}. Each row is one `make setup INSTALLER=...` in an empty "
             "folder with empty download caches: a new virtual environment, then every package "
             "of `requirements.lock.txt` from the registry with its hashes checked, then the "
             "kimxi package. The uv row includes fetching uv itself from PyPI.", "",
             "| installer | wall s | CPU s | others' CPU s | packages | .venv MB | wall / pip |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in table.itertuples():
        ratio = f"{r.wall_s / pip:.2f}" if pip else "-"
        lines.append(f"| {r.installer} | {r.wall_s:.1f} | {r.cpu_s:.1f} | {r.others_cpu_s:.1f} "
                     f"| {r.packages} | {r.venv_mb:,} | {ratio} |")
    lines += ["", "Wall seconds on a shared 2-core machine; the download speed of the registry "
              "counts as much as the machine. `others' CPU s` is the CPU time other processes "
              "used during the run."]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--installers", default="pip,uv")
    parser.add_argument("--settle", type=float, default=60.0)
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args(argv)
    python = shutil.which("python3.11") or sys.executable
    rows = []
    for installer in args.installers.split(","):
        settle(args.settle)
        print(f"bench-setup: make setup INSTALLER={installer} in an empty folder ...", flush=True)
        row = time_setup(installer, python)
        print(f"bench-setup: {installer}: {row['wall_s']} s wall, {row['cpu_s']} s CPU", flush=True)
        rows.append(row)
    table = pd.DataFrame(rows)
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, "
               f"Python {platform.python_version()}, {platform.system()}")
    out = Path(args.out)
    files = {out / "setup.csv": table, out / "setup.md": markdown(table, machine)}
    for path in write_tables(files):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
