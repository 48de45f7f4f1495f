"""Time ``make run`` and ``make test`` against their floors, measured in the same run.

    python -m benchmarks.bench_run [--skip-test]

``make run``: the Makefile target itself, in a temporary copy of the working
tree (so nothing tracked is rewritten; the copy uses this ``.venv``), without
the KCNA archive (as in a user's clone: the notebooks read the committed
``data/kcna/``), three times:

- *floor*: every notebook replaced by a notebook of its import statements
  alone (:func:`benchmarks.bench_notebooks.import_lines`): kernel starts,
  imports and the steps around the notebooks;
- *cold*: the real notebooks with an empty result cache (``KIMXI_CACHE_DIR``
  a new folder): a fresh clone's first run;
- *warm*: the same again, the cache filled by the cold run: a rerun.

The floor and the rerun run ``REPEATS`` times, alternating; their medians are
compared (the floor alone moved by 15% between two runs on this shared machine).

``make test``, in another copy whose README has been rewritten from the
benchmark results of this run (as ``python -m kimxi.report.findings`` leaves it): *cold*
with a new cache folder, then *warm* with the cache of the cold run; its floor is
the unit tests alone
(``pytest tests -m "not after_notebooks"``) plus the floor notebooks under
nbval. The limit of the acceptance is ``3 x notebook floor + unit tests``.

Wall and CPU seconds (all child processes) of the same runs, and the CPU
seconds other processes used meanwhile. Writes ``benchmarks/results/run.csv``
and ``benchmarks/results/run.md``.
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

import nbformat
import pandas as pd

from benchmarks.bench_notebooks import floor_notebook, import_lines
from benchmarks.measure import run_command, settle
from kimxi.io import paths
from kimxi.io.tables import write_tables

RESULTS = Path(__file__).resolve().parent / "results"
SETTLE = 20.0  # seconds to wait at most for an idle CPU before each run
REPEATS = 3  # runs of make run's floor and rerun, whose medians are compared


def timed(command: list[str], cwd: Path, env: dict) -> dict:
    """Run ``command``; wall and CPU seconds and others' CPU seconds. Fails loudly."""
    _, seconds = run_command(command, cwd, env)
    return {key: round(value, 1) for key, value in seconds.items()}


def working_copy(target: Path) -> Path:
    """The tracked and unignored files of the working tree, copied to ``target``, with
    this ``.venv`` linked in."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"],
                            cwd=paths.ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = paths.ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(paths.ROOT / ".venv")
    # A git index, so that what asks git for the tracked files (the checks of OUT and of
    # verbatim text) sees the copy's files, not every file under it.
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    subprocess.run(["git", "add", "-A"], cwd=target, check=True)
    return target


def to_floor(folder: Path) -> None:
    """Replace every numbered notebook in ``folder/notebooks`` by its imports alone."""
    for path in sorted((folder / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        lines = import_lines(nbformat.read(path, as_version=4))
        nbformat.write(floor_notebook(lines), path)


def environment(cache_dir: Path, tree: Path = paths.ROOT) -> dict:
    """The environment of a run in ``tree``: its own ``src`` first on the path (the kernels
    inherit it), so that its ``kimxi`` writes into ``tree``, and the cache in ``cache_dir``."""
    env = {k: v for k, v in os.environ.items() if k not in ("CONDA_DEFAULT_ENV", "VIRTUAL_ENV")}
    env.update(KIMXI_CACHE_DIR=str(cache_dir), KIMXI_CACHE="on",
               PYTHONPATH=str(tree / "src"))
    return env


def bench_make_run(tmp: Path) -> list[dict]:
    no_archive = "KCNA=/nonexistent/kcna.csv"
    real = working_copy(tmp / "real")
    floor = working_copy(tmp / "floor")
    to_floor(floor)
    cache = tmp / "cache-run"
    # The floor and the rerun, REPEATS times each and alternating, so that both see the same
    # spells of load on a shared machine; their medians are the figures. The cold run empties
    # nothing between repeats, so it runs once, first of the reruns.
    order = [("floor", floor), ("cold", real), ("warm", real)]
    order += [(label, folder) for _ in range(REPEATS - 1)
              for label, folder in (("floor", floor), ("warm", real))]
    runs = []
    for label, folder in order:
        settle(SETTLE)
        print(f"bench-run: make run ({label}) ...", flush=True)
        runs.append(dict(run=label, **timed(["make", "run", no_archive], folder,
                                            environment(cache, folder))))
    return [medians("make run", label, [r for r in runs if r["run"] == label])
            for label in ("floor", "cold", "warm")]


def medians(command: str, label: str, runs: list[dict]) -> dict:
    """One row for the runs of ``label``: the median of each measure, and every wall time."""
    frame = pd.DataFrame(runs)
    return dict(command=command, run=label,
                **{m: round(float(frame[m].median()), 1) for m in frame.columns if m != "run"},
                repeats=len(frame), wall_s_each=";".join(f"{w:.1f}" for w in frame.wall_s))


def bench_make_test(tmp: Path) -> list[dict]:
    rows = []
    cache = tmp / "cache-test"
    python = str(paths.ROOT / ".venv" / "bin" / "python")
    real = working_copy(tmp / "test-real")
    floor = working_copy(tmp / "test-floor")
    to_floor(floor)
    # The benchmarks before this one rewrote results/: the copy's README follows them, as
    # `make bench` and then `python -m kimxi.report.findings` leave it, so its tests hold.
    subprocess.run([python, "-m", "kimxi.report.findings"], cwd=real, env=environment(cache, real),
                   check=True, capture_output=True)
    nbval = [python, "-m", "pytest", "-q", "--nbval", "--nbval-current-env",
             "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "notebooks"]
    unit = [python, "-m", "pytest", "-q", "tests", "-m", "not after_notebooks"]
    for label, command, cwd in (("unit tests alone", unit, real),
                                ("floor notebooks under nbval", nbval, floor),
                                ("cold", ["make", "test"], real),
                                ("warm", ["make", "test"], real)):
        settle(SETTLE)
        print(f"bench-run: {label} ...", flush=True)
        env = environment(cache, cwd)
        with tempfile.TemporaryDirectory() as out:
            env.update(KIMXI_PROCESSED_DIR=f"{out}/processed", KIMXI_FIGURES_DIR=f"{out}/figures")
            rows.append(medians("make test", label, [dict(run=label,
                                                          **timed(command, cwd, env))]))
    return rows


def markdown(table: pd.DataFrame, machine: str) -> str:
    run = table[table.command == "make run"].set_index("run")
    lines = ["# make run and make test against their floors", "",
             "Written by `python -m benchmarks.bench_run` (`make bench`); do not edit by hand.",
             "", f"Machine: {machine}. Wall and CPU seconds of the same runs; `others' CPU s` "
             "is what other processes used meanwhile.", "",
             "| command | run | runs | wall s | each run's wall s | CPU s | others' CPU s "
             "| wall / floor | limit |",
             "|---|---|---:|---:|---|---:|---:|---:|---|"]
    floor_run = run.wall_s.get("floor")
    for r in table.itertuples():
        ratio, limit = "", ""
        if r.command == "make run" and floor_run:
            ratio, limit = f"{r.wall_s / floor_run:.2f}", "1.5" if r.run != "floor" else ""
        lines.append(f"| `{r.command}` | {r.run} | {r.repeats} | {r.wall_s:.1f} "
                     f"| {r.wall_s_each.replace(';', ', ')} | {r.cpu_s:.1f} "
                     f"| {r.others_cpu_s:.1f} | {ratio} | {limit} |")
    test = table[table.command == "make test"].set_index("run")
    if {"unit tests alone", "floor notebooks under nbval"} <= set(test.index):
        unit, nb_floor = test.wall_s["unit tests alone"], test.wall_s["floor notebooks under nbval"]
        allowed = 3 * nb_floor + unit
        lines += ["", f"`make test` may take 3 x {nb_floor:.1f} s (the notebooks' floor under "
                  f"nbval) + {unit:.1f} s (the unit tests alone) = **{allowed:.1f} s**."]
        for label in ("cold", "warm"):
            if label in test.index:
                lines.append(f"- {label}: {test.wall_s[label]:.1f} s, "
                             f"{test.wall_s[label] / allowed:.2f} of that.")
    lines += ["", "*floor*: every notebook replaced by its import statements alone; *cold*: an "
              "empty result cache (a fresh clone); *warm*: the cache the cold run filled (a "
              "rerun). `make run` runs without the KCNA archive, as in a user's clone. The floor "
              "and the rerun of `make run` ran several times, alternating (the cold run once, "
              "before them); their wall, CPU and others' CPU seconds are medians over the runs."]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-test", action="store_true", help="time make run only")
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        shared = paths.ROOT.parent / "shared"
        if shared.is_dir():  # beside the copies as beside the repository: CI's layout
            (Path(tmp) / "shared").symlink_to(shared)
        rows = bench_make_run(Path(tmp))
        if not args.skip_test:
            rows += bench_make_test(Path(tmp))
    table = pd.DataFrame(rows)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    out = Path(args.out)
    for path in write_tables({out / "run.csv": table, out / "run.md": markdown(table, machine)}):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
