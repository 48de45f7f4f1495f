"""The README's performance block, written from the committed benchmark results.

Every number comes from a table in ``benchmarks/results/`` that a benchmark
wrote (``make bench``, ``make bench-setup``); a table not yet written is
left out with a sentence saying so.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kimxi.io import paths

RESULTS = paths.ROOT / "benchmarks" / "results"


def _read(results: Path, name: str) -> pd.DataFrame | None:
    path = results / name
    return pd.read_csv(path) if path.is_file() else None


def setup_text(results: Path = RESULTS) -> list[str]:
    """The measured set-up time, with pip and with uv."""
    table = _read(results, "setup.csv")
    if table is None:
        return ["The set-up has not been timed yet (`make bench-setup`)."]
    by = table.set_index("installer")
    if not {"pip", "uv"} <= set(by.index):
        return []
    uv, pip = by.loc["uv"], by.loc["pip"]
    return [f"A fresh set-up (a new `.venv`, every package of `requirements.lock.txt` "
            f"downloaded with its hashes checked, nothing cached) took **{uv.wall_s:.0f} s with "
            f"uv** and {pip.wall_s:.0f} s with pip on this machine (x86_64, 2 cores, Python "
            f"3.11, shared with other work; `benchmarks/results/setup.md`); `make` uses uv, "
            "and pip where uv cannot be installed."]


def run_text(results: Path = RESULTS) -> list[str]:
    """``make run`` and ``make test`` against their floors."""
    table = _read(results, "run.csv")
    if table is None:
        return ["`make run` and `make test` have not been timed yet (`make bench`)."]
    runs = table[table.command == "make run"].set_index("run")
    run = runs.wall_s
    test = table[table.command == "make test"].set_index("run").wall_s
    repeats = int(runs.repeats.get("warm", 1)) if "repeats" in runs else 1
    text = [f"`make run` (every notebook, without the KCNA archive) takes {run['cold']:.0f} s "
            f"on a fresh clone and {run['warm']:.0f} s on a rerun"
            + (f" (the median of {repeats} reruns, as is the floor's)" if repeats > 1 else "")
            + ", against a floor of "
            f"{run['floor']:.0f} s (the same command with each notebook cut to its imports): "
            f"{run['cold'] / run['floor']:.2f} and {run['warm'] / run['floor']:.2f} times the "
            "floor. A rerun reuses the results of the slow, deterministic stages (tone "
            "validation, topic stability, the archive build, the scores) and the files of "
            "every figure from `.cache/`, keyed on the hashes of their inputs and of the code "
            "(a figure: on its artists, settings and source line); a fresh clone computes "
            "them."]
    if {"unit tests alone", "floor notebooks under nbval", "cold"} <= set(test.index):
        allowed = 3 * test["floor notebooks under nbval"] + test["unit tests alone"]
        text.append(f"`make test` takes {test['cold']:.0f} s on a fresh clone"
                    + (f" and {test['warm']:.0f} s on a rerun" if "warm" in test.index else "")
                    + f", against 3 x {test['floor notebooks under nbval']:.0f} s (the "
                    f"notebooks' floor under nbval) + {test['unit tests alone']:.0f} s (the unit "
                    f"tests) = {allowed:.0f} s (`benchmarks/results/run.md`).")
    else:
        text.append("`make test` was not timed in that run (`benchmarks/results/run.md`).")
    return [" ".join(text)]


def byoc_table(results: Path = RESULTS) -> list[str]:
    """Every notebook on a user's own corpus against the bare scorers."""
    table = _read(results, "byoc.csv")
    if table is None:
        return ["Your own corpus has not been timed yet (`make bench`)."]
    lines = ["| corpus | MB of text | sentences | wall s | s per MB | peak RSS MB "
             "| wall / bare scorers |", "|---|---:|---:|---:|---:|---:|---:|"]
    for r in table.itertuples(index=False):
        lines.append(f"| {r.corpus} | {r.text_mb:.1f} | {r.sentences:,} | {r.wall_s:.1f} "
                     f"| {r.s_per_mb:.1f} | {r.peak_rss_mb:,.0f} | {r.ratio:.2f}x |")
    rodong = table[table.corpus.str.startswith("Rodong")]
    text = []
    if len(rodong) > 1:
        first, last = rodong.iloc[0], rodong.iloc[-1]
        text.append(f"From {first.corpus.split()[-1]} to {last.corpus.split()[-1]} the Rodong "
                    f"Sinmun sample's time per MB changes by "
                    f"{last.s_per_mb / first.s_per_mb - 1:+.0%} and peak memory grows from "
                    f"{first.peak_rss_mb:,.0f} to {last.peak_rss_mb:,.0f} MB.")
    history = table[table.corpus.str.startswith("KCNA 1997-2018")]
    if len(history) > 1:
        first, last = history.iloc[0], history.iloc[-1]
        text.append(f"On KCNA's 1997-2018 archive, from {first.corpus.split()[-1]} to "
                    f"{last.corpus.split()[-1]} ({first.documents:,} to {last.documents:,} "
                    f"articles) the time per MB changes by "
                    f"{last.s_per_mb / first.s_per_mb - 1:+.0%} and peak memory, summed over "
                    f"every process, grows from {first.peak_rss_mb:,.0f} to "
                    f"{last.peak_rss_mb:,.0f} MB "
                    f"({last.peak_rss_mb / first.peak_rss_mb:.1f} times, for "
                    f"{last.documents / first.documents:.1f} times the articles): the run "
                    + ("stays within 2.5 times the bare scorers and 4,000 MB."
                       if bool(history.within.all()) else
                       "does not stay within 2.5 times the bare scorers and 4,000 MB at every "
                       "size."))
    return [*lines, "", "Each row is `make run CORPUS=...` on a first run: the corpus, sentiment "
            "and topic notebooks with their kernels, plots and tables, against the three bare "
            "scorers (TextBlob, VADER and the lexicon in one plain loop, one process) over the "
            "same sentences (`benchmarks/results/byoc.md`). " + " ".join(text)]


def stages_text(results: Path = RESULTS) -> list[str]:
    """The stages alone at 1x-20x, the topics stage and the notebooks one by one."""
    text = []
    bench = _read(results, "stages.csv")
    if bench is not None:
        last = bench.iloc[-1]
        text.append(f"The stages alone, called as the notebooks call them, cost "
                    f"{bench.ratio.min():.2f}x to {bench.ratio.max():.2f}x the bare scorers from "
                    f"1x to {int(last['size'])}x, {last.wall_s:.0f} s and "
                    f"{last.peak_rss_mb:,.0f} MB at {int(last['size'])}x "
                    "(`benchmarks/results/stages.md`).")
    topics = _read(results, "topics.csv")
    if topics is not None and (topics.corpus == "archive").any():
        a = topics[topics.corpus == "archive"].iloc[0]
        text.append(f"The topics stage alone takes {a.wall_s:.0f} s on the KCNA archive (limit "
                    f"{a.limit_s:.0f} s), {a.ratio:.1f} times one default TF-IDF and NMF fit "
                    "(`benchmarks/results/topics.md`).")
    notebooks = _read(results, "notebooks.csv")
    if notebooks is not None:
        each = notebooks[notebooks.notebook != "all"]
        slowest = each.sort_values("over_floor").iloc[-1]
        text.append(f"One by one, the slowest notebook against its floor is "
                    f"`{slowest.notebook}`, at {slowest.over_floor:.1f} times "
                    "(`benchmarks/results/notebooks.md`).")
    return [" ".join(text)] if text else []


def render(results: Path = RESULTS) -> str:
    """The whole block, in the order a reader asks: set-up, the collection, their corpus."""
    parts = [setup_text(results), run_text(results), byoc_table(results), stages_text(results)]
    out: list[str] = []
    for part in parts:
        if part:
            out += [*part, ""]
    return "\n".join(out[:-1]) + "\n"
