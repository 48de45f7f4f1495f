"""Benchmark the topics stage: the KCNA archive, and the Rodong Sinmun sample at 1x-20x.

    python -m benchmarks.bench_topics [--sizes 1,5,20] [--settle 60]

``make bench`` runs it. The stage is what notebook 06 runs on ``make run CORPUS=...``, call
for call (:func:`topics_stage`): read, clean and count the documents a chunk at a time and find
those naming the target (``kimxi.topics.terms.read_counts``), weigh
(``kimxi.topics.model.weigh``), the stability refits over k = 5..40
(``kimxi.topics.stability.stability_runs`` on two processes, ``summarise_stability``,
``choose_k``), the model at every k of the range (``kimxi.topics.model.fit_topics``) with its
target topics (``kimxi.topics.over_time.target_topics``), and the weekly shares
(``kimxi.corpus.windows.period_of``, ``kimxi.topics.over_time.period_shares``).

Limits (checked and written beside each figure): the KCNA archive within 60 s; the Rodong
Sinmun sample replicated 20 times (17 MB) within 180 s and 2 GB of memory.

The *floor*, measured in the same process after the stage: pandas reads the CSV,
scikit-learn's ``TfidfVectorizer`` with its defaults and one ``NMF`` with 10 topics and its
defaults: the least a topic model of the corpus costs. ``ratio`` is the stage's wall time
over the floor's.

Each corpus runs in a fresh Python process, so peak memory (RSS of the process and its
workers, sampled every 20 ms) is its own; before each the benchmark waits (up to
``--settle`` seconds) for the CPU to be idle and records the CPU seconds other processes
used during the run (``others_cpu_s``).

Writes ``benchmarks/results/topics.csv`` and ``benchmarks/results/topics.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.measure import (
    MB,
    PeakRSS,
    first_run_cache,
    replicate,
    settle,
    system_busy,
    tree_cpu,
)

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
EXTERNAL = HERE.parent.parent / "shared" / "external"
ARCHIVE = EXTERNAL / "kcna_en_2017-09_2018-04.csv"
RODONG = EXTERNAL / "rodong_sinmun_en_sample.csv"
SIZES = (1, 5, 20)
LIMITS = {"archive": (60.0, None), "rodong x20": (180.0, 2000.0)}


def topics_stage(path: Path, target: str = "China", n_jobs: int = 2) -> dict:
    """Notebook 06's calls on a corpus CSV, in its order; what they found."""
    from kimxi.corpus import windows
    from kimxi.topics import (
        model as topics,
        over_time as topic_time,
        stability as topic_stability,
        terms as topic_terms,
    )

    docs, counts, vocabulary, named = topic_terms.read_counts(path, "", "", target)
    X, terms = topics.weigh(counts, vocabulary["term"])
    ks = topic_stability.feasible(topic_stability.KS, X)
    runs = topic_stability.stability_runs(X, terms, ks, n_jobs=n_jobs)
    k, _ = topic_stability.choose_k(topic_stability.summarise_stability(runs))
    models = {kk: topics.fit_topics(X, terms, kk) for kk in ks}
    rules = {kk: topic_time.target_topics(m.labels, named) for kk, m in models.items()}
    topic_time.period_shares(docs["date"], models[k].shares,
                             windows.period_of(docs["date"]))
    return {"documents": len(docs), "terms": X.shape[1], "k": k,
            "target_topics": int(rules[k].target.sum())}


def floor(path: Path) -> float:
    """Seconds for pandas, TfidfVectorizer and one NMF (k = 10), all with their defaults."""
    import pandas as pd
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    start = time.perf_counter()
    texts = pd.read_csv(path)["text"].fillna("")
    NMF(n_components=10, random_state=0).fit(TfidfVectorizer().fit_transform(texts))
    return time.perf_counter() - start


def run_one(name: str, corpus: Path, size: int) -> dict:
    """One corpus in this process: replicate, run the stage (a first run: an empty result
    cache), then the floor."""
    with tempfile.TemporaryDirectory() as tmp, first_run_cache():
        path = Path(tmp) / f"corpus_x{size}.csv"
        row = {"corpus": name, "size": size, **replicate(corpus, size, path)}
        others_before, mine_before = system_busy(), tree_cpu()
        with PeakRSS() as rss:
            start = time.perf_counter()
            row |= topics_stage(path)
            row["wall_s"] = time.perf_counter() - start
        row["cpu_s"] = tree_cpu() - mine_before
        row["peak_rss_mb"] = rss.peak / MB
        row["others_cpu_s"] = max(0.0, (system_busy() - others_before) - row["cpu_s"])
        row["floor_s"] = floor(path)
    row["ratio"] = row["wall_s"] / row["floor_s"]
    row["s_per_mb"] = row["wall_s"] / row["text_mb"]
    limit_s, limit_mb = LIMITS.get(f"{name} x{size}" if name == "rodong" else name, (None, None))
    row["limit_s"], row["limit_mb"] = limit_s, limit_mb
    row["within_limits"] = ((limit_s is None or row["wall_s"] <= limit_s)
                            and (limit_mb is None or row["peak_rss_mb"] <= limit_mb))
    return row


def markdown(table) -> str:
    """The summary written to results/topics.md."""
    lines = [
        "# The topics stage: the KCNA archive and the Rodong Sinmun sample at 1x-20x",
        "",
        "Written by `python -m benchmarks.bench_topics` (`make bench`); do not edit by hand.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}. The stage is notebook 06's calls on a corpus CSV "
        "(reading, counting, stability refits over k = 5..40 on two processes, the model at "
        "every k, target topics, weekly shares); the floor is pandas, scikit-learn's "
        "TfidfVectorizer and one NMF (k = 10) with their defaults.",
        "",
        "| corpus | text MB | documents | terms | chosen k | wall s | CPU s | floor s | ratio "
        "| s per MB | peak RSS MB | others' CPU s | limit | within |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in table.itertuples():
        limit = " and ".join(x for x in (
            f"{r.limit_s:.0f} s" if r.limit_s == r.limit_s and r.limit_s else "",
            f"{r.limit_mb:,.0f} MB" if r.limit_mb == r.limit_mb and r.limit_mb else "") if x)
        lines.append(
            f"| {r.corpus} {r.size}x | {r.text_mb:.1f} | {r.documents:,} | {r.terms:,} | {r.k} | "
            f"{r.wall_s:.1f} | {r.cpu_s:.1f} | {r.floor_s:.1f} | {r.ratio:.1f} | "
            f"{r.s_per_mb:.1f} | {r.peak_rss_mb:,.0f} | {r.others_cpu_s:.0f} | {limit or '-'} | "
            f"{'yes' if r.within_limits else 'NO'} |")
    lines += ["", "Times are wall seconds on a shared 2-core machine; `CPU s` counts both "
              "processes of the refits. Compare ratios, not seconds.", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--settle", type=float, default=60.0)
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--out", default=str(RESULTS), help="folder for topics.csv/.md")
    args = parser.parse_args(argv)
    if args.one:
        name, size = args.one[0], int(args.one[1])
        print(json.dumps(run_one(name, ARCHIVE if name == "archive" else RODONG, size)))
        return 0
    runs = [("archive", 1)] if ARCHIVE.is_file() else []
    runs += [("rodong", int(s)) for s in args.sizes.split(",")] if RODONG.is_file() else []
    if not runs:
        print(f"no corpus in {EXTERNAL}: nothing to benchmark")
        return 0
    import pandas as pd

    from kimxi.io.tables import write_tables

    rows = []
    for name, size in runs:
        busy = settle(args.settle) if args.settle else float("nan")
        done = subprocess.run([sys.executable, "-m", "benchmarks.bench_topics", "--one", name,
                               str(size)], capture_output=True, text=True, check=True,
                              cwd=HERE.parent)
        row = json.loads(done.stdout.strip().splitlines()[-1]) | {"cpu_busy_before_pct": busy}
        rows.append(row)
        print(f"{name} {size}x: {row['wall_s']:.1f} s (floor {row['floor_s']:.1f} s), peak "
              f"{row['peak_rss_mb']:.0f} MB, k = {row['k']}, within limits: "
              f"{row['within_limits']}", flush=True)
    table = pd.DataFrame(rows).round(3)
    out = Path(args.out)
    for path in write_tables({out / "topics.csv": table, out / "topics.md": markdown(table)}):
        print("wrote", path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
