"""Time every notebook on a user's own corpus (``make run CORPUS=...``) against the bare scorers.

    python -m benchmarks.bench_byoc [--sizes 1,5,20] [--history 4,2,1] [--settle 60]

Corpora: the KCNA archive (``../shared/external/kcna_en_2017-09_2018-04.csv``)
the Rodong Sinmun sample replicated 1, 5 and 20 times (copy n > 1 gets ids
``<id>-rNN``), and KCNA's 1997-2018 archive (``kcna_en_1997-2018.csv.gz``, 119,850 articles)
at a quarter, a half and the whole (every 4th, every 2nd, every article), the scale users run;
an absent corpus is skipped with a note. Each run is
``python -m kimxi.run.corpus CORPUS OUT``, what ``make run CORPUS=... OUT=...`` calls:
the report of ``notebooks/your_corpus/`` (tone and topics), kernels, plots and tables
included, with an empty result cache (the run keeps it in ``OUT/cache``: a first run).

The *floor*, measured in the same run right after: TextBlob's polarity,
VADER's compound score and the lexicon's score over every sentence the run
segmented, in one plain loop, one process. ``ratio`` is the run's wall time
over the floor's. Peak memory is the summed RSS of the run's whole process
tree (the runner, its kernels and their workers, not the benchmark's own process),
sampled every 20 ms. The CPU seconds other processes used meanwhile are recorded too.

Writes ``benchmarks/results/byoc.csv`` and ``benchmarks/results/byoc.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

import pandas as pd

from benchmarks.bench_stages import floor
from benchmarks.measure import MB, PeakRSS, replicate, run_command, settle, subset
from kimxi.io.tables import write_tables

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
SHARED = HERE.parent.parent / "shared" / "external"
ARCHIVE = SHARED / "kcna_en_2017-09_2018-04.csv"
HISTORY = SHARED / "kcna_en_1997-2018.csv.gz"
RODONG = SHARED / "rodong_sinmun_en_sample.csv"
RATIO_LIMIT = 2.5
MEMORY_LIMIT_MB = 2000
HISTORY_MEMORY_LIMIT_MB = 4000  # the 21-year archive: 4 GB summed over every process


def run_one(label: str, source: Path, size: int, tmp: Path, step: int = 0) -> dict:
    """The notebooks on ``size`` copies of ``source`` (or, with ``step``, every ``step``-th of
    its documents), then the floor on its sentences."""
    path = tmp / f"{label}.csv"
    made = subset(source, step, path) if step else replicate(source, size, path)
    row = dict(corpus=label, **made)
    out = tmp / f"out-{label}"
    env = dict(os.environ, KIMXI_CACHE="on", KIMXI_CACHE_DIR=str(tmp / f"cache-{label}"))
    with PeakRSS(include_self=False) as rss:  # the run's processes, not this one's
        _, seconds = run_command([sys.executable, "-m", "kimxi.run.corpus", str(path), str(out)],
                                 env=env)
    row.update(seconds)
    row["peak_rss_mb"] = rss.peak / MB
    texts = pd.read_csv(out / "processed" / "sentences.csv", usecols=["text"]).text.tolist()
    row["sentences"] = len(texts)
    row["floor_s"] = floor(texts)
    row["ratio"] = row["wall_s"] / row["floor_s"]
    row["s_per_mb"] = row["wall_s"] / row["text_mb"]
    memory = HISTORY_MEMORY_LIMIT_MB if step else MEMORY_LIMIT_MB
    row["within"] = row["ratio"] <= RATIO_LIMIT and row["peak_rss_mb"] <= memory
    return row


def markdown(table: pd.DataFrame) -> str:
    lines = ["# Every notebook on a user's own corpus, against the bare scorers", "",
             "Written by `python -m benchmarks.bench_byoc` (`make bench`); do not edit by hand.",
             "", f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()}. Each row is one `make run CORPUS=...` (the tone and "
             "topic notebooks of the report, with an empty result cache); the floor is the three "
             "bare scorers over the same sentences in one process. Limits: "
             f"{RATIO_LIMIT} times the floor and {MEMORY_LIMIT_MB:,} MB "
             f"({HISTORY_MEMORY_LIMIT_MB:,} MB for KCNA's 1997-2018 archive), summed over every "
             "process.", "",
             "| corpus | text MB | documents | sentences | wall s | CPU s | floor s | ratio "
             "| s per MB | peak RSS MB | others' CPU s | within |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in table.itertuples():
        lines.append(f"| {r.corpus} | {r.text_mb:.1f} | {r.documents:,} | {r.sentences:,} "
                     f"| {r.wall_s:.1f} | {r.cpu_s:.1f} | {r.floor_s:.1f} | {r.ratio:.2f} "
                     f"| {r.s_per_mb:.1f} | {r.peak_rss_mb:,.0f} | {r.others_cpu_s:.0f} "
                     f"| {'yes' if r.within else 'no'} |")
    lines += ["", "Times are wall seconds on a shared 2-core machine: compare ratios, not "
              "seconds. `CPU s` counts every process of the run (kernels and their workers)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,5,20")
    parser.add_argument("--settle", type=float, default=60.0)
    parser.add_argument("--history", default="4,2,1",
                        help="every n-th article of the 1997-2018 archive, per run ('' none)")
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args(argv)
    plan = [("KCNA archive", ARCHIVE, 1, 0)] + [
        (f"Rodong Sinmun x{n}", RODONG, int(n), 0) for n in args.sizes.split(",") if n] + [
        (f"KCNA 1997-2018 {'whole' if n == '1' else '1/' + n}", HISTORY, 1, int(n))
        for n in args.history.split(",") if n]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, source, size, step in plan:
            if not source.is_file():
                print(f"bench-byoc: {source} not found; {label} skipped")
                continue
            settle(args.settle)
            print(f"bench-byoc: {label} ...", flush=True)
            row = run_one(label.replace(" ", "_").replace("/", "-"), source, size, Path(tmp),
                          step)
            row["corpus"] = label
            print(f"bench-byoc: {label}: {row['wall_s']:.1f} s, floor {row['floor_s']:.1f} s, "
                  f"ratio {row['ratio']:.2f}, peak {row['peak_rss_mb']:.0f} MB", flush=True)
            rows.append(row)
    if not rows:
        return 0
    table = pd.DataFrame(rows).round(3)
    out = Path(args.out)
    for path in write_tables({out / "byoc.csv": table, out / "byoc.md": markdown(table)}):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
