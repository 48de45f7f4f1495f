"""Time each notebook of the collection against its floor: kernel start plus its imports.

    python -m benchmarks.bench_notebooks [--repeats 1]

Each notebook runs on a fresh ``python3`` kernel in ``notebooks/``, executed by the
collection's nbclient runner (:func:`kimxi.run.notebooks.execute_into`), with ``PROCESSED_DIR`` and
``FIGURES_DIR`` sent to a temporary folder (the notebooks in order, so each
finds the tables of the earlier ones there), so nothing committed is touched.
Its floor is measured the same way: a notebook holding only the import
statements of its code cells (``import ...`` and ``from ... import ...`` at the
top level of a cell), and a notebook with one empty cell (the kernel alone).
Wall-clock seconds; the best of ``--repeats`` runs of each.

Writes ``benchmarks/results/notebooks.csv`` and ``benchmarks/results/notebooks.md``.
"""

from __future__ import annotations

import argparse
import ast
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pandas as pd

from benchmarks.measure import first_run_cache
from kimxi.io import paths
from kimxi.io.tables import write_tables

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def import_lines(nb: nbformat.NotebookNode) -> list[str]:
    """The top-level import statements of the notebook's code cells, in order, once each.

    Lines of IPython magics (``%``, ``!``) are dropped before parsing; a cell
    that still does not parse is skipped.
    """
    seen: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines()
                           if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                line = ast.unparse(node)
                if line not in seen:
                    seen.append(line)
    return seen


def floor_notebook(lines: list[str]) -> nbformat.NotebookNode:
    """A notebook of one code cell holding ``lines`` (the kernel alone when empty)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    nb.cells = [nbformat.v4.new_code_cell("\n".join(lines))]
    return nb


def execute(source: Path, target: Path, parameters: dict | None) -> float:
    """Seconds to execute ``source`` into ``target`` in notebooks/, with those of
    ``parameters`` its parameters cell declares (:mod:`kimxi.run.notebooks`)."""
    from kimxi.run.notebooks import declared, execute_into

    names = declared(nbformat.read(source, as_version=4))
    given = {k: v for k, v in (parameters or {}).items() if k in names}
    started = time.perf_counter()
    execute_into(source, target, given, cwd=paths.NOTEBOOKS)
    return time.perf_counter() - started


def measure(notebooks: list[Path], repeats: int = 1) -> pd.DataFrame:
    """One row per notebook: seconds to run it, its imports-only floor and the kernel alone."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp, first_run_cache():
        tmp = Path(tmp)
        params = {"PROCESSED_DIR": str(tmp / "processed"), "FIGURES_DIR": str(tmp / "figures")}
        empty = tmp / "empty.ipynb"
        nbformat.write(floor_notebook([]), empty)
        for notebook in notebooks:
            lines = import_lines(nbformat.read(notebook, as_version=4))
            floor = tmp / f"floor_{notebook.name}"
            nbformat.write(floor_notebook(lines), floor)
            run = min(execute(notebook, tmp / notebook.name, params) for _ in range(repeats))
            imports = min(execute(floor, tmp / f"out_{floor.name}", None)
                          for _ in range(repeats))
            kernel = min(execute(empty, tmp / "out_empty.ipynb", None) for _ in range(repeats))
            rows.append(dict(notebook=notebook.name, seconds=round(run, 2),
                             floor_seconds=round(imports, 2), kernel_seconds=round(kernel, 2),
                             own_work_seconds=round(run - imports, 2),
                             over_floor=round(run / imports, 2), imports=len(lines)))
            print(f"{notebook.name}: {run:.2f} s (floor {imports:.2f} s: kernel {kernel:.2f} s "
                  f"+ {len(lines)} imports)", flush=True)
    table = pd.DataFrame(rows)
    total = dict(notebook="all", seconds=table.seconds.sum(),
                 floor_seconds=table.floor_seconds.sum(),
                 kernel_seconds=table.kernel_seconds.sum(),
                 own_work_seconds=table.own_work_seconds.sum(),
                 over_floor=round(table.seconds.sum() / table.floor_seconds.sum(), 2),
                 imports=None)
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True).round(2)


def _commit() -> str:
    import subprocess

    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=paths.ROOT,
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def markdown(table: pd.DataFrame) -> str:
    lines = ["# Notebook timings against their floor", "",
             "Written by `python -m benchmarks.bench_notebooks`; do not edit by hand. "
             f"Notebooks of the working tree at commit {_commit()}.", "",
             "Each notebook executed by the nbclient runner on a fresh kernel (as `make test` "
             "does, outputs to a temporary folder); *floor*: the same for a notebook holding "
             "only its import statements; *kernel*: a notebook with one empty cell. Wall-clock "
             "seconds.", "",
             "| notebook | seconds | floor (kernel + imports) | kernel alone | own work "
             "| seconds / floor |",
             "|---|---:|---:|---:|---:|---:|"]
    for r in table.itertuples():
        lines.append(f"| {r.notebook} | {r.seconds:.2f} | {r.floor_seconds:.2f} "
                     f"| {r.kernel_seconds:.2f} | {r.own_work_seconds:.2f} "
                     f"| {r.over_floor:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args(argv)
    notebooks = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        print("no notebooks to time")
        return 0
    table = measure(notebooks, args.repeats)
    out = Path(args.out)
    for path in write_tables({out / "notebooks.csv": table,
                              out / "notebooks.md": markdown(table)}):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
