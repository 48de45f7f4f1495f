"""Does a speed device pay? The faster topic tokenizer, measured on the 21-year archive.

    python -m benchmarks.bench_devices [--every 4] [--settle 60]

``make bench`` runs it. The house keeps a device that makes code faster at the cost of
simplicity only where it saves at least a tenth of the run it serves, measured at the scale
users run (``../shared/guides/house-style.md``, "Simple before fast"). The one such device
left in the package is the topic tokenizer (:func:`kimxi.topics.terms.tokenize`), which
tries each phrase pattern only where its anchors occur; its plain form is
``benchmarks/plain_tokenizer.py``. The run it serves is the archive build
(:func:`kimxi.run.kcna_build.build`: sentences, mentions, genre, the tone of every sentence
and the term matrix).

On every ``--every``-th article of KCNA's 1997-2018 archive (``kcna_en_1997-2018.csv.gz``,
read, never copied), in one process: the archive build with the faster tokenizer, then both
tokenizers over the same texts. ``saving`` is the plain tokenizer's time less the faster
one's, over what the build would take with the plain one. Without the archive the script
says so and exits 0.

Writes ``benchmarks/results/devices.csv`` and ``benchmarks/results/devices.md``.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import pandas as pd

from benchmarks.measure import settle
from benchmarks.plain_tokenizer import reference_tokenize

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
ARCHIVE = HERE.parent.parent / "shared" / "external" / "kcna_en_1997-2018.csv.gz"
THRESHOLD = 0.10  # the share of the run a device must save to be kept


def measure(every: int) -> dict:
    from kimxi.run import kcna_build
    from kimxi.topics import terms as topic_terms

    # Read as it is: one of the 119,850 addresses holds left-over HTML, which the archive's
    # loader refuses (a located error); the tokenizer and the build do not read addresses.
    archive = pd.read_csv(ARCHIVE, dtype=str, keep_default_na=False)
    archive = archive.iloc[::every].reset_index(drop=True)
    texts = archive["text"].tolist()
    started = time.perf_counter()
    kcna_build.build(archive, [])
    build = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        topic_terms.tokenize(text)
    fast = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        reference_tokenize(text)
    plain = time.perf_counter() - started
    saving = (plain - fast) / (build - fast + plain)
    return {"device": "topic tokenizer (kimxi.topics.terms.tokenize)",
            "run it serves": "archive build (kimxi.run.kcna_build.build)",
            "articles": len(archive), "characters": int(archive["text"].str.len().sum()),
            "build_s": round(build, 2), "device_s": round(fast, 2), "plain_s": round(plain, 2),
            "saving": round(saving, 3), "kept": saving >= THRESHOLD}


def markdown(row: dict) -> str:
    return "\n".join([
        "# Speed devices against the run they serve",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, shared: quote the "
        "ratios. Written by `python -m benchmarks.bench_devices`.",
        "",
        "| device | run it serves | articles | run with device | device | plain form | "
        "saving | kept (>= 10%) |",
        "|---|---|---:|---:|---:|---:|---:|---|",
        f"| {row['device']} | {row['run it serves']} | {row['articles']:,} | "
        f"{row['build_s']} s | {row['device_s']} s | {row['plain_s']} s | "
        f"{row['saving']:.0%} | {'yes' if row['kept'] else 'no'} |",
        ""])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=int, default=4)
    parser.add_argument("--settle", type=float, default=60)
    args = parser.parse_args(argv)
    if not ARCHIVE.is_file():
        print(f"bench_devices: {ARCHIVE} not found; nothing measured")
        return 0
    settle(args.settle)
    row = measure(args.every)
    RESULTS.mkdir(exist_ok=True)
    pd.DataFrame([row]).to_csv(RESULTS / "devices.csv", index=False)
    (RESULTS / "devices.md").write_text(markdown(row), encoding="utf-8")
    print(markdown(row))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
