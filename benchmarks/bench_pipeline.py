"""Benchmark the pipeline at 1x, 5x, 10x and 20x a corpus: ``make bench``.

    python -m benchmarks.bench_pipeline [CORPUS.csv] [--sizes 1,5,10,20] [--workers 2] [--k 8]

CORPUS defaults to the shared Rodong Sinmun sample
(``../shared/external/rodong_sinmun_en_sample.csv``); when it is absent the
benchmark says so and exits 0. Each size runs in a fresh Python process (so
peak memory is that size's own): the corpus is replicated N times into a
temporary CSV (ids made unique), a pool of worker processes is started and
warmed up on a few documents (``startup_s``), then :func:`kimxi.pipeline.run_pipeline`
runs the fast path once, timed stage by stage (``wall_s`` is the whole run,
``other_s`` what no stage covers: building the sentence table, classes).
Peak RSS is sampled every 20 ms over this process and its workers (psutil,
RSS summed, so pages shared after fork count twice: an upper bound).

In the same process, after the run, the *floor*: the three scorers alone over
the already split sentences, on the same workers (``floor_s``) and on one core
(``floor_1core_s``). ``split_cold_s`` re-splits the corpus on one core with
nupunkt's memo of boundary decisions cleared before each copy, divided by the
workers: a replicated corpus repeats every boundary context and is split
partly from that memo, a corpus of distinct text would not be. At 1x the simple
path (one process, the owners' functions) also runs, and its sentences and
scores are compared with the fast path's (``fast_equals_simple``).

Writes ``benchmarks/results/pipeline.csv`` and ``benchmarks/results/pipeline.md``
(the table and the acceptance checks of issue 7).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from importlib.metadata import version
from pathlib import Path

_STARTED = time.perf_counter()

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "external" / "rodong_sinmun_en_sample.csv"
SIZES = (1, 5, 10, 20)
MB = 1e6

# Acceptance targets of issue 7 (2-core machine).
TARGET_WALL_S = 30.0
TARGET_RSS_MB = 1536.0
TARGET_GROWTH = 0.10
TARGET_SPLIT_SHARE = 0.25
TARGET_FLOOR_RATIO = 1.5


class PeakRSS:
    """Samples the summed RSS of this process and its children every ``interval`` s."""

    def __init__(self, interval: float = 0.02):
        import psutil

        self.process = psutil.Process()
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        total = 0
        for proc in [self.process, *self.process.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except Exception:  # a worker may exit between listing and reading
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self.peak = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


def tree_cpu() -> float:
    """CPU seconds (user + system) used so far by this process and its live children."""
    import psutil

    total = 0.0
    me = psutil.Process()
    for proc in [me, *me.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except Exception:  # a child may exit between listing and reading
            continue
        total += times.user + times.system
    return total


def system_busy() -> float:
    """CPU seconds (all processes, all cores; idle and iowait excluded) since boot."""
    import psutil

    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def settle(timeout: float, threshold: float = 20.0) -> float:
    """Wait (at most ``timeout`` s) until the machine's CPU use over one second is
    below ``threshold`` percent; the last reading."""
    import psutil

    deadline = time.monotonic() + timeout
    busy = psutil.cpu_percent(interval=1.0)
    while busy >= threshold and time.monotonic() < deadline:
        busy = psutil.cpu_percent(interval=1.0)
    return busy


def replicate(source: Path, times: int, target: Path) -> dict:
    """Write ``times`` copies of the corpus at ``source`` to ``target`` (columns id,
    date, title, text; copy n > 1 gets ids ``<id>-rNN``); sizes in bytes."""
    import pandas as pd

    from kimxi.pipeline import load_corpus

    frame = load_corpus(source)
    copies = []
    for n in range(1, times + 1):
        copy = frame.copy()
        if n > 1:
            copy["id"] = copy["id"] + f"-r{n:02d}"
        copies.append(copy)
    big = pd.concat(copies, ignore_index=True)
    big.to_csv(target, index=False, lineterminator="\n")
    text_bytes = int(sum(len(t.encode("utf-8")) for t in big["text"]))
    return dict(documents=len(big), text_mb=text_bytes / MB, file_mb=target.stat().st_size / MB)


def split_cold(texts: list[str], copies: int) -> float:
    """Seconds to split ``texts`` on one core, nupunkt's memo cleared before each copy."""
    from benchmarks.splitters import reset_nupunkt
    from kimxi.pipeline import split_document

    per_copy = len(texts) // copies
    total = 0.0
    for c in range(copies):
        reset_nupunkt()
        started = time.perf_counter()
        for text in texts[c * per_copy:(c + 1) * per_copy]:
            split_document(text)
        total += time.perf_counter() - started
    return total


def run_one(corpus: Path, size: int, workers: int, k: int, settle_s: float = 0.0) -> dict:
    """Everything measured for one size, in this process (see the module docstring)."""
    import resource

    import pandas as pd

    from kimxi import pipeline

    import_s = time.perf_counter() - _STARTED
    row: dict = dict(size=size, workers=workers, k=k)
    row["busy_before_pct"] = settle(settle_s) if settle_s > 0 else None
    row["load_avg_1m"] = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"corpus_x{size}.csv"
        row.update(replicate(corpus, size, path))
        warm = Path(tmp) / "warm.csv"
        pd.read_csv(path, dtype=str, keep_default_na=False, nrows=30).to_csv(
            warm, index=False, lineterminator="\n")
        started = time.perf_counter()
        pool = pipeline.Workers(workers)
        pipeline.run_pipeline(warm, k=2, pool=pool)
        row["startup_s"] = time.perf_counter() - started
        with PeakRSS() as rss:
            cpu, machine = tree_cpu(), system_busy()
            started = time.perf_counter()
            result = pipeline.run_pipeline(path, k=k, pool=pool, cpu_meter=tree_cpu)
            wall = time.perf_counter() - started
            row["cpu_s"] = tree_cpu() - cpu
            # CPU that other processes took from the 2 cores during the run
            row["others_cpu_s"] = max(0.0, system_busy() - machine - row["cpu_s"])
        row.update({f"{stage}_s": result.seconds.get(stage, 0.0) for stage in pipeline.STAGES})
        row.update({f"{stage}_cpu": result.cpu.get(stage, 0.0) for stage in pipeline.STAGES})
        row["other_s"] = wall - sum(result.seconds.values())
        row["wall_s"] = wall
        row["peak_rss_mb"] = rss.peak / 2**20
        row["sentences"] = len(result.sentences)
        ids = list(result.sentences["sentence_id"])
        texts = list(result.sentences["text"])
        cpu = tree_cpu()
        started = time.perf_counter()
        for scorer in pipeline.SCORERS:
            pipeline.score_in_workers(pool, scorer, ids, texts)
        row["floor_s"] = time.perf_counter() - started
        row["floor_cpu_s"] = tree_cpu() - cpu
        units = pd.DataFrame({"unit_id": ids, "text": texts})
        started = time.perf_counter()
        for scorer in pipeline.SCORERS:
            scorer.fast(units)
        row["floor_1core_s"] = time.perf_counter() - started
        row["split_cold_s"] = split_cold(list(result.corpus["text"]), size) / workers
        if size == 1:
            started = time.perf_counter()
            simple = pipeline.run_pipeline(path, k=k)
            row["simple_wall_s"] = time.perf_counter() - started
            row["fast_equals_simple"] = bool(
                simple.sentences.equals(result.sentences)
                and (simple.topics.X != result.topics.X).nnz == 0
                and (simple.topics.W == result.topics.W).all())
        pool.close()
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    row["rusage_peak_mb"] = (self_kb + workers * child_kb) / 1024
    row["import_s"] = import_s
    return row


def derive(rows: list[dict]):
    """The results table: measured columns plus rates, shares and ratios."""
    import pandas as pd

    table = pd.DataFrame(rows).sort_values("size").reset_index(drop=True)
    table["sentences_per_s"] = table.sentences / table.wall_s
    table["mb_per_s"] = table.text_mb / table.wall_s
    table["s_per_mb"] = table.wall_s / table.text_mb
    table["split_share"] = table.split_s / table.wall_s
    table["split_cold_share"] = table.split_cold_s / table.wall_s
    table["wall_over_floor"] = table.wall_s / table.floor_s
    table["wall_over_floor_1core"] = table.wall_s / table.floor_1core_s
    table["cpu_over_floor_cpu"] = table.cpu_s / table.floor_cpu_s
    first = ["size", "documents", "sentences", "text_mb", "file_mb", "workers", "k"]
    stages = [c for c in table.columns if c.endswith("_s") and c not in
              ("wall_s", "cpu_s", "startup_s", "import_s", "floor_s", "floor_cpu_s",
               "floor_1core_s", "split_cold_s", "simple_wall_s", "sentences_per_s",
               "mb_per_s", "others_cpu_s")]
    last = ["wall_s", "cpu_s", "startup_s", "import_s", "sentences_per_s", "mb_per_s",
            "s_per_mb", "peak_rss_mb", "rusage_peak_mb", "floor_s", "floor_cpu_s",
            "floor_1core_s", "wall_over_floor", "wall_over_floor_1core", "cpu_over_floor_cpu",
            "split_share", "split_cold_s", "split_cold_share",
            "simple_wall_s", "fast_equals_simple", "others_cpu_s", "busy_before_pct",
            "load_avg_1m"]
    cpus = [c for c in table.columns if c.endswith("_cpu") and c != "cpu_over_floor_cpu"]
    columns = first + stages + [c for c in last if c in table.columns] + cpus
    return table[columns].round(4)


def checks(table) -> list[tuple[str, bool, str]]:
    """The acceptance items of issue 7 that one run measures: (item, holds, figures)."""
    out = []
    big = table[table["size"] == table["size"].max()].iloc[0]
    small = table[table["size"] == table["size"].min()].iloc[0]
    out.append((f"{int(big['size'])}x: wall <= {TARGET_WALL_S:.0f} s (with start-up)",
                big.wall_s + big.startup_s <= TARGET_WALL_S,
                f"{big.wall_s:.2f} s + start-up {big.startup_s:.2f} s, "
                f"{big.text_mb:.1f} MB of text"))
    out.append((f"{int(big['size'])}x: peak RSS <= 1.5 GB", big.peak_rss_mb <= TARGET_RSS_MB,
                f"{big.peak_rss_mb:.0f} MiB sampled (process + workers), "
                f"{big.rusage_peak_mb:.0f} MiB by getrusage (self + workers x largest child)"))
    growth = big.s_per_mb / small.s_per_mb - 1
    out.append((f"time per MB grows <= 10% from {int(small['size'])}x to {int(big['size'])}x",
                growth <= TARGET_GROWTH,
                f"{small.s_per_mb:.3f} -> {big.s_per_mb:.3f} s/MB ({growth:+.1%})"))
    worst_split = table.split_share.max()
    worst_cold = table.split_cold_share.max()
    out.append(("sentence splitting <= 25% of total (every size)",
                worst_split <= TARGET_SPLIT_SHARE and worst_cold <= TARGET_SPLIT_SHARE,
                f"at most {worst_split:.1%} measured; at most {worst_cold:.1%} with a cold "
                f"memo (distinct text)"))
    worst_ratio = table.wall_over_floor.max()
    sizes = "; ".join(f"{r.size}x {r.wall_over_floor:.2f}x ({r.cpu_over_floor_cpu:.2f}x CPU)"
                      for r in table.itertuples())
    out.append(("whole pipeline <= 1.5x the bare scorers (same workers, every size)",
                worst_ratio <= TARGET_FLOOR_RATIO,
                f"wall / floor (CPU / floor CPU): {sizes}; against the scorers on one core "
                f"at most {table.wall_over_floor_1core.max():.2f}x"))
    if "fast_equals_simple" in table.columns:
        same = table.fast_equals_simple.dropna()
        out.append(("fast path = simple path (sentences, scores, TF-IDF, NMF) at 1x",
                    bool(len(same) and same.all()),
                    f"simple path {table.simple_wall_s.dropna().iloc[0]:.2f} s at 1x"
                    if len(same) else "not run"))
    return out


def markdown(table, corpus: Path, checks_: list) -> str:
    """The summary written to results/pipeline.md."""
    packages = ["nupunkt", "textblob", "vaderSentiment", "scikit-learn", "numpy", "pandas"]
    lines = ["# Pipeline benchmark", "",
             "Written by `python -m benchmarks.bench_pipeline` (`make bench`); do not edit by "
             "hand.", "",
             f"Corpus: `{corpus.name}` replicated {', '.join(f'{s}x' for s in table['size'])}. "
             f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; "
             + ", ".join(f"{p} {version(p)}" for p in packages) + ".", "",
             "Seconds of wall-clock time per stage (fast path, "
             f"{int(table.workers.iloc[0])} worker processes); `floor`: the three scorers "
             "alone over the split sentences on the same workers. CPU: seconds of CPU used by "
             "the process and its workers (user + system), less sensitive than wall time to "
             "other load on the machine.", "",
             "| size | MB | sentences | load | clean | split | textblob | vader | lexicon "
             "| tfidf | nmf | other | wall | CPU | start-up | sent/s | MB/s | peak RSS MiB "
             "| floor | wall/floor | CPU/floor CPU |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
             "|---:|---:|---:|---:|---:|"]
    for r in table.itertuples():
        lines.append(
            f"| {r.size}x | {r.text_mb:.2f} | {r.sentences} | {r.load_s:.2f} | {r.clean_s:.2f} "
            f"| {r.split_s:.2f} | {r.textblob_s:.2f} | {r.vader_s:.2f} | {r.lexicon_s:.2f} "
            f"| {r.tfidf_s:.2f} | {r.nmf_s:.2f} | {r.other_s:.2f} | {r.wall_s:.2f} "
            f"| {r.cpu_s:.2f} | {r.startup_s:.2f} | {r.sentences_per_s:.0f} | {r.mb_per_s:.2f} "
            f"| {r.peak_rss_mb:.0f} | {r.floor_s:.2f} | {r.wall_over_floor:.2f} "
            f"| {r.cpu_over_floor_cpu:.2f} |")
    stages = ["load", "clean", "split", "textblob", "vader", "lexicon", "tfidf", "nmf"]
    lines += ["", "CPU seconds per stage (this process and its workers, user + system); two "
                  "busy cores give twice the wall time.", "",
              "| size | " + " | ".join(stages) + " | pipeline | floor |",
              "|---:|" + "---:|" * (len(stages) + 2)]
    for r in table.to_dict("records"):
        cells = " | ".join(f"{r[f'{s}_cpu']:.2f}" for s in stages)
        lines.append(f"| {r['size']}x | {cells} | {r['cpu_s']:.2f} | {r['floor_cpu_s']:.2f} |")
    lines += ["", "## Acceptance (issue 7)", "", "| item | holds | measured |", "|---|---|---|"]
    for item, holds, figures in checks_:
        lines.append(f"| {item} | {'yes' if holds else '**no**'} | {figures} |")
    others = ", ".join(f"{r.size}x {r.others_cpu_s:.1f} s" for r in table.itertuples())
    lines += ["", f"CPU taken by other processes during each size's run: {others} (of "
                  f"{os.cpu_count()} cores x wall). Other load slows every stage; compare runs "
                  "where this is near zero."]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS),
                        help="corpus CSV (id or doc_id, date, title, text)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="replication factors, comma-separated (default 1,5,10,20)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--k", type=int, default=8, help="NMF topics (default 8)")
    parser.add_argument("--out", default=str(RESULTS), help="folder for pipeline.csv/.md")
    parser.add_argument("--settle", type=float, default=60.0,
                        help="before each size, wait up to this many seconds for the "
                             "machine's CPU use to fall below 20%% (default 60; 0: do not wait)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_file():
        print(f"bench: corpus {corpus} not found; nothing to measure (pass a corpus CSV "
              "with columns id, date, title, text)")
        return 0
    if args.one is not None:
        print(json.dumps(run_one(corpus, args.one, args.workers, args.k, args.settle)))
        return 0
    from kimxi.tables import write_tables

    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, "-m", "benchmarks.bench_pipeline", str(corpus),
                   "--one", str(size), "--workers", str(args.workers), "--k", str(args.k),
                   "--settle", str(args.settle)]
        done = subprocess.run(command, capture_output=True, text=True,
                              cwd=HERE.parent, check=False)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"{size:>3}x  {row['text_mb']:6.2f} MB  {row['sentences']:>7} sentences  "
              f"wall {row['wall_s']:6.2f} s  (split {row['split_s']:.2f}, scorers "
              f"{row['textblob_s'] + row['vader_s'] + row['lexicon_s']:.2f}, tfidf+nmf "
              f"{row['tfidf_s'] + row['nmf_s']:.2f})  floor {row['floor_s']:.2f} s  "
              f"peak RSS {row['peak_rss_mb']:.0f} MiB", flush=True)
    table = derive(rows)
    checks_ = checks(table)
    print()
    for item, holds, figures in checks_:
        print(f"[{'ok' if holds else 'MISSED'}] {item}: {figures}")
    out = Path(args.out)
    for path in write_tables({out / "pipeline.csv": table,
                              out / "pipeline.md": markdown(table, corpus, checks_)}):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
