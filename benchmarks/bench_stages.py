"""Benchmark the stages a user's own corpus runs through, at 1x, 5x, 10x and 20x a corpus.

    python -m benchmarks.bench_stages [CORPUS.csv] [--sizes 1,5,10,20] [--settle 60]

``make bench`` runs it. CORPUS defaults to the shared Rodong Sinmun sample
(``../shared/external/rodong_sinmun_en_sample.csv``); when it is absent the
benchmark says so and exits 0.

The stages are the package functions that the report of a user's corpus
(``notebooks/your_corpus/``, ``kimxi corpus FILE``) calls, the same way and in the same order:

=========  ================================================================  ===========
stage      call                                                              notebook
=========  ================================================================  ===========
tone       ``kimxi.tone.corpus_stage.run``: read and check, cut into         tone
           sentences, score by the three tools and the validated measure,
           stance toward China, tables written; 2,000 documents at a time
topics     ``benchmarks.bench_topics.topics_stage`` (its docstring)          topics
=========  ================================================================  ===========

The topics stage is the whole of the topics report, stability refits included
(``benchmarks.bench_topics`` times it alone, with its limits).

The *floor*, measured in the same process after the stages: the three bare
scorers (TextBlob's polarity, VADER's compound score and the lexicon's score,
each in a plain loop) over every sentence, one core. ``ratio`` is the stages'
wall time over the floor's: what the collection's code costs beyond scoring
the text at all.

Each size runs in a fresh Python process, so peak memory (RSS sampled every
20 ms) is that size's own. Before each size the benchmark waits (up to
``--settle`` seconds) for the CPU to be idle, and it records the CPU seconds
other processes used during the run (``others_cpu_s``): a run where that is
not near zero measured other load too.

Writes ``benchmarks/results/stages.csv`` and ``benchmarks/results/stages.md``.
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
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "external" / "rodong_sinmun_en_sample.csv"
SIZES = (1, 5, 10, 20)
STAGES = ("tone", "topics")


def run_stages(path: Path, out: Path) -> tuple[dict, dict, int]:
    """Run every stage on the corpus CSV at ``path``; wall and CPU seconds per stage."""
    from benchmarks.bench_topics import topics_stage
    from kimxi.io import paths
    from kimxi.tone import corpus_stage, on_corpus
    from kimxi.tone.lexicon import load_lexicon

    wall, cpu = {}, {}

    def timed(stage, work):
        start, start_cpu = time.perf_counter(), tree_cpu()
        result = work()
        wall[stage], cpu[stage] = time.perf_counter() - start, tree_cpu() - start_cpu
        return result

    lexicon = load_lexicon()
    measure = on_corpus.validated_measure(paths.DATA, lexicon)
    stance_measure = on_corpus.validated_stance(paths.DATA, lexicon)
    found = timed("tone", lambda: corpus_stage.run(path, out, measure, stance_measure, "China",
                                                   lexicon, n_jobs=min(2, os.cpu_count() or 1)))
    timed("topics", lambda: topics_stage(path))
    return wall, cpu, found.counts["sentences"]


def floor(texts: list[str]) -> float:
    """Seconds for the three bare scorers over ``texts``, one core."""
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from kimxi.tone.lexicon import load_lexicon

    vader, lexicon = SentimentIntensityAnalyzer(), load_lexicon()
    start = time.perf_counter()
    scores = [(TextBlob(text).sentiment.polarity, vader.polarity_scores(text)["compound"],
               sum(hit.contribution for hit in lexicon.hits(text))) for text in texts]
    assert len(scores) == len(texts)
    return time.perf_counter() - start


def run_one(corpus: Path, size: int) -> dict:
    """One size in this process: replicate, run the stages (a first run: an empty result
    cache), then the floor."""
    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp, first_run_cache():
        tmp = Path(tmp)
        path = tmp / f"corpus_x{size}.csv"
        row = dict(size=size, **replicate(corpus, size, path))
        others_before, mine_before = system_busy(), tree_cpu()
        with PeakRSS() as rss:
            start = time.perf_counter()
            wall, cpu, n_sentences = run_stages(path, tmp)
            row["wall_s"] = time.perf_counter() - start
        row["peak_rss_mb"] = rss.peak / MB
        row["others_cpu_s"] = max(0.0, (system_busy() - others_before)
                                  - (tree_cpu() - mine_before))
        row["sentences"] = n_sentences
        row.update({f"{stage}_s": wall[stage] for stage in STAGES})
        row.update({f"{stage}_cpu": cpu[stage] for stage in STAGES})
        texts = pd.read_csv(tmp / "sentences.csv", usecols=["text"]).text.tolist()
        row["floor_s"] = floor(texts)
    row["ratio"] = row["wall_s"] / row["floor_s"]
    row["s_per_mb"] = row["wall_s"] / row["text_mb"]
    return row


def markdown(table, corpus: Path) -> str:
    """The summary written to results/stages.md."""
    lines = [
        "# The stages of a user's own corpus at 1x-20x",
        "",
        "Written by `python -m benchmarks.bench_stages` (`make bench`); do not edit by hand.",
        "",
        f"Corpus: `{corpus.name}` replicated; machine: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. Topics: the whole of "
        "notebook 06 on the corpus, stability refits over k = 5..40 included "
        "(`benchmarks/results/topics.md` times it alone).",
        "",
        "| size | text MB | sentences | tone s | topics s | wall s | "
        "floor s | ratio | s per MB | peak RSS MB | others' CPU s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in table.itertuples():
        lines.append(
            f"| {r.size}x | {r.text_mb:.1f} | {r.sentences:,} | {r.tone_s:.1f} | "
            f"{r.topics_s:.1f} | {r.wall_s:.1f} | "
            f"{r.floor_s:.1f} | {r.ratio:.2f} | {r.s_per_mb:.1f} | {r.peak_rss_mb:.0f} | "
            f"{r.others_cpu_s:.0f} |")
    lines += ["", "`ratio` is wall over floor (the three bare scorers over the same sentences, "
              "one core, same process). Times are wall seconds on a shared 2-core machine: "
              "compare ratios, not seconds.", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--settle", type=float, default=60.0)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", default=str(RESULTS), help="folder for stages.csv/.md")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_file():
        print(f"no corpus at {corpus}: nothing to benchmark (the benchmark needs the Rodong "
              "Sinmun sample of ../shared/external/ or a corpus CSV)")
        return 0
    if args.one:
        print(json.dumps(run_one(corpus, args.one)))
        return 0
    import pandas as pd

    from kimxi.io.tables import write_tables

    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        busy = settle(args.settle) if args.settle else float("nan")
        command = [sys.executable, "-m", "benchmarks.bench_stages", str(corpus),
                   "--one", str(size)]
        done = subprocess.run(command, capture_output=True, text=True, check=True,
                              cwd=HERE.parent)
        row = json.loads(done.stdout.strip().splitlines()[-1])
        row["cpu_busy_before_pct"] = busy
        rows.append(row)
        print(f"{size}x: {row['wall_s']:.1f} s, floor {row['floor_s']:.1f} s, "
              f"ratio {row['ratio']:.2f}, peak {row['peak_rss_mb']:.0f} MB", flush=True)
    table = pd.DataFrame(rows).round(3)
    out = Path(args.out)
    for path in write_tables({out / "stages.csv": table,
                              out / "stages.md": markdown(table, corpus)}):
        print("wrote", path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
