"""Execute the collection's notebooks in order, each on a fresh kernel, in place.

``python -m kimxi.run.notebooks notebooks/01_corpus.ipynb ...`` is what ``make run``
calls. Execution uses nbclient with timing records off, and the notebook
metadata is normalised (kernelspec ``python3``, no interpreter patch version),
so a rerun on another machine with the pinned packages rewrites nothing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from kimxi.run import lean_imports  # noqa: F401  (before nbformat: see there)

# isort: split
import nbformat
from jupyter_client import AsyncKernelManager
from nbclient import NotebookClient
from traitlets import default

from kimxi.io import progress


class LocalKernelManager(AsyncKernelManager):
    """A kernel reached over local sockets (IPC) rather than TCP: nothing of the kernel's
    traffic leaves the machine, and ipykernel has no unencrypted TCP to warn about."""

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc"

    @default("ip")
    def _ip_default(self) -> str:
        # The sockets' path prefix, absolute: the kernel starts in the notebook's folder.
        return str(Path(tempfile.mkdtemp(prefix="kimxi-kernel-")) / "kernel")


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
    nbformat.write(normalise(nb), path)
    return time.perf_counter() - started


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
