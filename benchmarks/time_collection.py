"""Time the collection's own two commands, `make run` and `make test`, once each.

``python -m benchmarks.time_collection`` runs both on the working tree (set-up
already done, so neither installs anything) and writes
``benchmarks/results/collection.csv``: the wall-clock seconds of each beside
their floor, the sum of the notebooks' kernel-start-plus-imports floors that
``benchmarks.bench_notebooks`` measured (``results/notebooks.csv``, row
``all``). Each command executes every notebook once, so that floor is what
any run of the collection must pay before it does any work.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

RESULTS = Path(__file__).parent / "results"
ROOT = Path(__file__).resolve().parents[1]


def time_command(command: list[str]) -> float:
    """Wall-clock seconds of ``command`` run in the repository root; it must succeed."""
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    notebooks = pd.read_csv(RESULTS / "notebooks.csv")
    floor = float(notebooks.loc[notebooks.notebook == "all", "floor_seconds"].iloc[0])
    rows = []
    for target in ("run", "test"):
        seconds = time_command(["make", target])
        rows.append({"command": f"make {target}", "seconds": round(seconds, 1),
                     "notebook_floor_s": round(floor, 1),
                     "seconds_over_floor": round(seconds / floor, 2)})
        print(f"make {target}: {seconds:.1f} s (floor {floor:.1f} s)")
    pd.DataFrame(rows).to_csv(RESULTS / "collection.csv", index=False, lineterminator="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
