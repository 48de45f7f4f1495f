"""Execute notebooks, each on a fresh kernel: the collection's in place, a report into a folder.

``python -m kimxi.run.notebooks notebooks/01_corpus.ipynb ...`` is what ``make run``
calls (:func:`execute`). Execution uses nbclient with timing records off, and the notebook
metadata is normalised (kernelspec ``python3``, no interpreter patch version),
so a rerun on another machine with the pinned packages rewrites nothing.

:func:`execute_into` is the same execution with parameters and another target: the
parameters are injected as a cell after the cell tagged ``parameters`` (as papermill
does), and a notebook that stops early is still written, with a first cell that says
where it stopped, before :class:`NotebookFailed` is raised. ``kimxi corpus`` runs the
report on a user's corpus with it.
"""

from __future__ import annotations

import ast
import atexit
import os
import shutil
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

import nbformat
from jupyter_client import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets import default

from kimxi.io import progress
from kimxi.io.errors import DataError
from kimxi.io.tables import write_tables


def _write(nb: nbformat.NotebookNode, path: Path) -> None:
    """``nb``, normalised, written as ``nbformat.write`` writes it, but beside its place
    first and then renamed onto it (:func:`kimxi.io.tables.write_tables`): an interrupted run
    leaves the old notebook or the new one, never a truncated one."""
    text = nbformat.writes(normalise(nb))
    write_tables({Path(path): text if text.endswith("\n") else text + "\n"})


class LocalKernelManager(AsyncKernelManager):
    """A kernel reached over local sockets (IPC) rather than TCP: nothing of the kernel's
    traffic leaves the machine, and ipykernel has no unencrypted TCP to warn about."""

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc"

    @default("ip")
    def _ip_default(self) -> str:
        # The sockets' path prefix, absolute (the kernel starts in the notebook's folder), in
        # one temporary folder per process (a forked process makes its own), removed when the
        # process ends.
        return str(_socket_folder(os.getpid()) / "kernel")


@cache
def _socket_folder(pid: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"kimxi-kernels-{pid}-"))
    atexit.register(_remove, folder, pid)
    return folder


def _remove(folder: Path, pid: int) -> None:
    if os.getpid() == pid:  # not from a forked child, whose exit runs its parent's handlers
        shutil.rmtree(folder, ignore_errors=True)


KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python", "file_extension": ".py", "mimetype": "text/x-python",
                 "pygments_lexer": "ipython3", "codemirror_mode": {"name": "ipython",
                                                                   "version": 3},
                 "nbconvert_exporter": "python"}


def _merged_streams(outputs: list) -> list:
    """Adjacent outputs of one stream as one output: how the kernel chunks a loop of prints
    depends on timing, what it printed does not."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream"
                and previous.get("name") == output.get("name")):
            previous["text"] = previous["text"] + output["text"]
        else:
            merged.append(output)
    return merged


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what differs between machines and runs from a notebook's metadata."""
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO})
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = _merged_streams(cell.outputs)
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
    return nb


def execute(path: str | Path, timeout: int = 600) -> float:
    """Execute the notebook at ``path`` in its own folder and write it back; seconds taken."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    code_cells = sum(cell.cell_type == "code" for cell in nb.cells)
    with progress.bar(code_cells, path.name, unit="cell") as shown:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                                kernel_manager_class=LocalKernelManager,
                                resources={"metadata": {"path": str(path.parent)}},
                                on_cell_executed=lambda **_: shown.update(1))
        client.execute()
    _write(nb, path)
    return time.perf_counter() - started


class NotebookFailed(RuntimeError):
    """A notebook stopped before its end: a cell raised, or its kernel died."""


PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"


def declared(nb: nbformat.NotebookNode) -> list[str]:
    """The names the cell tagged ``parameters`` of ``nb`` assigns, in order (none without it)."""
    names: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.metadata.get("tags", []):
            for node in ast.parse(cell.source).body:
                targets = node.targets if isinstance(node, ast.Assign) else (
                    [node.target] if isinstance(node, ast.AnnAssign) else [])
                for target in targets:
                    elements = target.elts if isinstance(target, ast.Tuple) else [target]
                    names += [e.id for e in elements if isinstance(e, ast.Name)]
    return list(dict.fromkeys(names))


def inject(nb: nbformat.NotebookNode, parameters: dict) -> nbformat.NotebookNode:
    """``nb`` with a cell assigning ``parameters`` right after its ``parameters`` cell (at the
    top without one), tagged ``injected-parameters``; a cell injected before is replaced.

    Raises ValueError for a name the ``parameters`` cell does not declare: a value the
    notebook never reads would let it run on its defaults under another name.
    """
    unknown = sorted(set(parameters) - set(declared(nb)))
    if unknown:
        raise ValueError(f"the parameters cell does not declare {', '.join(unknown)}")
    nb.cells = [c for c in nb.cells if INJECTED_TAG not in c.metadata.get("tags", [])]
    tagged = [i for i, c in enumerate(nb.cells)
              if PARAMETERS_TAG in c.metadata.get("tags", [])]
    source = "# Injected parameters\n" + "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": [INJECTED_TAG]})
    cell.id = INJECTED_TAG  # a fixed id: the same parameters write the same notebook
    nb.cells.insert(tagged[0] + 1 if tagged else 0, cell)
    return nb


def execute_into(source: str | Path, target: str | Path, parameters: dict,
                 cwd: str | Path | None = None, timeout: int = 3600) -> float:
    """Execute ``source`` with ``parameters`` (:func:`inject`) in ``cwd`` (its own folder by
    default) and write it to ``target``; seconds taken.

    When a cell raises or the kernel dies, ``target`` is written as far as it ran, with a
    first markdown cell saying that the notebook did not finish and in which cell it
    stopped (a dead kernel's cell gets the error as its output), and NotebookFailed is raised
    (DataError when the cell raised one: bad input, or a full disk). A write of ``target``
    that meets a full disk or a read-only folder raises DataError naming it.
    """
    source, target = Path(source), Path(target)
    nb = inject(nbformat.read(source, as_version=4), parameters)
    started, running = time.perf_counter(), {}
    code_cells = sum(cell.cell_type == "code" for cell in nb.cells)
    with progress.bar(code_cells, source.name, unit="cell") as shown:
        client = NotebookClient(
            nb, timeout=timeout, kernel_name="python3", record_timing=False,
            kernel_manager_class=LocalKernelManager,
            resources={"metadata": {"path": str(cwd or source.parent)}},
            on_cell_start=lambda cell, cell_index, **_: running.update(index=cell_index),
            on_cell_executed=lambda **_: shown.update(1))
        try:
            client.execute()
        except Exception as error:  # a cell raised, or the kernel died or timed out
            message = _mark_stopped(nb, running.get("index"), error)
            target.parent.mkdir(parents=True, exist_ok=True)
            _write(nb, target)
            if isinstance(error, CellExecutionError) and error.ename == "DataError":
                # Bad input or a full disk met by a cell: the user's to act on, one line.
                raise DataError(source.name, f"stopped {message} (see {target})") from None
            raise NotebookFailed(f"{source.name} stopped {message} (see {target})") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    _write(nb, target)
    return time.perf_counter() - started


def _mark_stopped(nb: nbformat.NotebookNode, index: int | None, error: Exception) -> str:
    """Note in ``nb`` where it stopped and why; that place and reason as a phrase."""
    if isinstance(error, CellExecutionError):
        reason = f"{error.ename}: {error.evalue}"
    else:
        reason = f"{type(error).__name__}: {error}"
    where = "before its first cell"
    if index is not None:
        cell = nb.cells[index]
        number = sum(c.cell_type == "code" for c in nb.cells[:index + 1])
        where = f"in its code cell {number}"
        if not any(o.get("output_type") == "error" for o in cell.outputs):
            cell.outputs.append(nbformat.v4.new_output(
                "error", ename=type(error).__name__, evalue=str(error), traceback=[]))
    note = nbformat.v4.new_markdown_cell(
        f"**This notebook did not finish.** It stopped {where}: {reason}. "
        "The cells after it did not run.")
    note.id = "did-not-finish"
    nb.cells.insert(0, note)
    return f"{where}: {reason}"


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m kimxi.run.notebooks NOTEBOOK.ipynb ...", file=sys.stderr)
        return 2
    steps = progress.Steps(len(argv), "notebook ")
    for name in argv:
        started = steps.start(Path(name).name)
        execute(name)
        steps.finish(Path(name).name, started)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
