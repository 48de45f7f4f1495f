"""Compare the offline sentence splitters on the seed articles and the Rodong Sinmun sample.

    python -m benchmarks.compare_splitters [CORPUS.csv]

For each corpus (the content paragraphs of the two seed articles; the sample
as given; the sample after :func:`kimxi.corpus.documents.clean_text`) and each
splitter of :mod:`benchmarks.splitters`, it measures the sentences found and
the speed (best of three cold runs, one core: nupunkt's memo of decisions is
cleared before each), and lists every position where the
splitters do not all agree. Positions hand-labelled in
``benchmarks/splitter_gold.csv`` (true: a sentence starts here) score each
splitter: a split where there is no boundary is a false split, no split where
there is one a missed split. Where all splitters agree the position is not
checked: the labels measure the splitters against each other, not absolutely.

Writes ``benchmarks/results/splitters.csv`` (one row per corpus x splitter),
``benchmarks/results/splitter_differences.csv`` (one row per disputed position,
with the word either side) and ``benchmarks/results/splitters.md`` (summary).
Without the sample (or pysbd/syntok) it says so and compares what it can.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pandas as pd

from benchmarks.splitters import available, reset, versions
from kimxi.corpus import articles as seed_corpus
from kimxi.corpus.documents import clean_text, load_corpus
from kimxi.io.tables import write_tables

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
GOLD = HERE / "splitter_gold.csv"
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "external" / "rodong_sinmun_en_sample.csv"
_PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")


def seed_units() -> list[tuple[str, str]]:
    """``(unit_id, text)`` of every content paragraph of the seed articles, as
    :mod:`kimxi.corpus.segment` splits them (unit_id ``art-000-p14``)."""
    units = []
    for article in seed_corpus.load_articles():
        paragraphs = seed_corpus.split_paragraphs(article)
        for p in paragraphs[paragraphs.kind == "content"].itertuples():
            units.append((f"{article.article_id}-p{p.paragraph:02d}", p.text))
    return units


def corpus_units(path: Path, clean: bool) -> list[tuple[str, str]]:
    """``(doc_id, text)`` of each document of a corpus CSV, cleaned or as given.

    A document with blank-line paragraphs is split into them first, as the
    pipeline does; the unit id then carries ``-pNN``.
    """
    frame = load_corpus(path)
    units = []
    for doc_id, text in zip(frame["id"], frame["text"], strict=True):
        text = clean_text(text) if clean else text
        paragraphs = [m.group(0) for m in _PARAGRAPH.finditer(text)]
        if len(paragraphs) == 1:
            units.append((doc_id, paragraphs[0]))
        else:
            units.extend((f"{doc_id}-p{n:02d}", p) for n, p in enumerate(paragraphs, 1))
    return units


def starts(spans: list[tuple[int, int]]) -> set[int]:
    """Offsets where a sentence starts, the unit's first sentence excepted."""
    return {start for start, _ in spans[1:]}


def _word_before(text: str, offset: int) -> str:
    words = text[:offset].split()
    return words[-1] if words else ""


def _word_after(text: str, offset: int) -> str:
    words = text[offset:].split()
    return words[0] if words else ""


def compare(name: str, units: list[tuple[str, str]], splitters: dict, repeats: int = 3):
    """Per-splitter rows (counts, speed) and the disputed positions of one corpus."""
    found, seconds = {}, {}
    for splitter, fn in splitters.items():
        best = float("inf")
        for _ in range(repeats):
            reset(splitter)
            started = time.perf_counter()
            result = [fn(text) for _, text in units]
            best = min(best, time.perf_counter() - started)
        found[splitter], seconds[splitter] = result, best
    chars = sum(len(t) for _, t in units)
    disputes = []
    for i, (unit_id, text) in enumerate(units):
        boundaries = {s: starts(found[s][i]) for s in splitters}
        for offset in sorted(set().union(*boundaries.values())):
            votes = {s: offset in b for s, b in boundaries.items()}
            if not all(votes.values()):
                disputes.append(dict(corpus=name, unit_id=unit_id, offset=offset,
                                     before=_word_before(text, offset),
                                     after=_word_after(text, offset), **votes))
    rows = []
    reference = "nupunkt" if "nupunkt" in splitters else next(iter(splitters))
    ref_starts = [starts(s) for s in found[reference]]
    for splitter in splitters:
        own = [starts(s) for s in found[splitter]]
        shared = sum(len(a & b) for a, b in zip(own, ref_starts, strict=True))
        rows.append(dict(corpus=name, splitter=splitter, units=len(units), characters=chars,
                         sentences=sum(len(s) for s in found[splitter]),
                         boundaries=sum(len(b) for b in own),
                         shared_with_nupunkt=shared,
                         seconds_best_of_3=round(seconds[splitter], 4),
                         chars_per_second=round(chars / seconds[splitter])))
    return rows, disputes


def score(rows: list[dict], disputes: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with, per splitter, the labelled disputed positions it got right and wrong."""
    table = pd.DataFrame(rows)
    if disputes.empty:
        for col in ("disputed", "labelled", "false_splits", "missed_splits"):
            table[col] = 0
        return table
    merged = disputes.merge(gold[["corpus", "unit_id", "offset", "boundary"]],
                            on=["corpus", "unit_id", "offset"], how="left")
    out = []
    for row in rows:
        mine = merged[merged.corpus == row["corpus"]]
        labelled = mine[mine.boundary.notna()]
        truth = labelled.boundary.astype(str) == "true"
        said = labelled[row["splitter"]].astype(bool)
        out.append(dict(row, disputed=len(mine), labelled=len(labelled),
                        false_splits=int((said & ~truth).sum()),
                        missed_splits=int((~said & truth).sum())))
    return pd.DataFrame(out)


def read_gold() -> pd.DataFrame:
    """The hand labels (columns corpus, unit_id, offset, before, after, boundary, why)."""
    gold = pd.read_csv(GOLD, dtype=str, keep_default_na=False)
    gold["offset"] = gold["offset"].astype(int)
    return gold


def summary(table: pd.DataFrame, disputes: pd.DataFrame, gold: pd.DataFrame,
            versions_: dict[str, str]) -> str:
    """The markdown summary: the table, and the disputed positions by kind."""
    lines = ["# Sentence splitters compared", "",
             "Written by `python -m benchmarks.compare_splitters`; do not edit by hand.", "",
             "Versions: " + ", ".join(f"{k} {v}" for k, v in versions_.items()) + ".", "",
             "Speed is the best of three cold runs on one core (nupunkt's memo of boundary "
             "decisions cleared before each). *Disputed*: positions where the "
             "splitters do not all agree; *labelled*: those hand-labelled in "
             "`benchmarks/splitter_gold.csv`; a false split cuts where no sentence starts, a "
             "missed split joins two sentences. Positions where all agree are not checked.", "",
             "| corpus | splitter | sentences | seconds | M chars/s | disputed | labelled "
             "| false splits | missed splits |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in table.itertuples():
        lines.append(f"| {r.corpus} | {r.splitter} | {r.sentences} | {r.seconds_best_of_3:.3f} "
                     f"| {r.chars_per_second / 1e6:.2f} | {r.disputed} | {r.labelled} "
                     f"| {r.false_splits} | {r.missed_splits} |")
    if not disputes.empty:
        merged = disputes.merge(gold[["corpus", "unit_id", "offset", "boundary", "why"]],
                                on=["corpus", "unit_id", "offset"], how="left")
        names = [c for c in ("nupunkt", "pysbd", "syntok") if c in merged.columns]
        merged["who_splits"] = merged[names].apply(
            lambda r: " + ".join(n for n in names if r[n]), axis=1)
        lines += ["", "## Disputed positions by kind", "",
                  "| corpus | who splits | correct | n | why (hand label) | example |",
                  "|---|---|---|---:|---|---|"]
        groups = merged.fillna({"why": "(not labelled)", "boundary": "?"}).groupby(
            ["corpus", "who_splits", "boundary", "why"], sort=True)
        for (corpus, who, boundary, why), group in groups:
            first = group.iloc[0]
            verdict = {"true": "split", "false": "no split"}.get(boundary, "?")
            lines.append(f"| {corpus} | {who} | {verdict} | {len(group)} | {why} "
                         f"| {first.before} / {first.after} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT_CORPUS
    splitters = available()
    missing = sorted({"nupunkt", "pysbd", "syntok"} - set(splitters))
    if missing:
        print(f"not installed, left out: {', '.join(missing)} "
              "(pip install pysbd==0.3.4 syntok==1.4.4)")
    corpora = [("seed", seed_units())]
    if path.is_file():
        corpora += [("sample_as_given", corpus_units(path, clean=False)),
                    ("sample_cleaned", corpus_units(path, clean=True))]
    else:
        print(f"{path} not found: comparing on the seed articles only")
    rows, disputes = [], []
    for name, units in corpora:
        r, d = compare(name, units, splitters)
        rows += r
        disputes += d
        print(f"{name}: {len(units)} units, {len(d)} disputed positions")
    disputes = pd.DataFrame(disputes)
    gold = read_gold()
    table = score(rows, disputes, gold)
    table.insert(2, "version", table.splitter.map(versions()))
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.drop(columns=["units", "characters"]).to_string(index=False))
    outputs = {RESULTS / "splitters.csv": table,
               RESULTS / "splitters.md": summary(table, disputes, gold, versions())}
    if not disputes.empty:
        outputs[RESULTS / "splitter_differences.csv"] = disputes
    for written in write_tables(outputs):
        print(f"wrote {written.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
