"""Draw the units of the extended gold set: archive sentences by stratum, and Rodong sentences.

The sample is fixed by a seed and drawn before any unit is coded. KCNA's
sentences fall into four strata, which decide how many of each are drawn
(:data:`KCNA_STRATA`):

``leader message, China``
    sentences of a leader-to-leader message between the DPRK and China (the
    genre table's ``foreign_country == "China"``) and of the two leaders'
    banquet speeches of 26 March 2018 (:data:`CHINA_SPEECHES`), up to
    :data:`PER_CHINA_TEXT` from one text;
``leader message, others``
    sentences of every other leader-to-leader message;
``China``
    other sentences that mention China, the Chinese or Xi Jinping;
``US, ROK, Japan``
    other sentences that mention the United States, South Korea or Japan, where
    KCNA's conflictual language is;
``other``
    the rest of the archive.

A sentence falls in the first stratum that fits. Sentences of fewer than
:data:`MIN_WORDS` words (datelines cut off, bylines) are not drawn, nor a text
that repeats one already in the sample (compared in lower case with runs of
white space folded), nor a sentence of a message already in the gold set.
At most :data:`PER_ARTICLE` sentences come from one article, so that the
cluster bootstrap has many clusters.

The Rodong Sinmun sample (CC BY 4.0) gives the out-of-domain units: half from
sentences that name a foreign country, half from the rest, one sentence per
article at most, stratified by year.

The leader messages are those the genre table held when the sample was drawn
(:data:`DRAWN_FROM`, a copy of its ``id`` and ``foreign_country`` columns of 27 Nov 2026): the
genre rules found six more messages later, and the sample stays what was drawn.

Run ``python -m kimxi.run.gold_sample ARCHIVE RODONG`` to write the coding sheet
``data/gold/kcna/coding_sheet.csv`` and the unit table ``data/gold/kcna/units.csv``.

For a researcher's own corpus (``make gold-sample CORPUS=... OUT=...``),
``python -m kimxi.run.gold_sample --corpus CSV --out DIR`` draws :data:`CORPUS_UNITS`
of its sentences (:func:`corpus_sample`) into ``DIR/coding_sheet.csv``, in the
columns of the collection's gold tables; code it by ``data/gold/CODEBOOK.md``
(two passes, then adjudication), and ``python -m kimxi.run.gold_sample --check
coding_sheet.csv OUT/processed/sentiment_scores.csv`` gives each measure's
agreement with the codes.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from kimxi.archive.load import load_archive, split_archive, split_text
from kimxi.archive.mentions import focus_mentions, other_countries
from kimxi.io.errors import DataError
from kimxi.io.paths import ROOT, relative
from kimxi.io.schema import Column
from kimxi.io.tables import read_table, write_tables
from kimxi.tone.evaluate import bootstrap_agreement

SEED = 20171026
MIN_WORDS = 6
PER_ARTICLE = 2
KCNA_STRATA = {
    "leader message, China": 40,
    "leader message, others": 70,
    "China": 100,
    "US, ROK, Japan": 120,
    "other": 70,
}
RODONG_UNITS = 120
CORPUS_UNITS = 200
# Message texts already in the gold set (Kim's message of thanks of 28 March 2018).
ALREADY_CODED = ("kcna-20180328-12",)
CHINA_SPEECHES = ("kcna-20180328-10", "kcna-20180328-11")
PER_CHINA_TEXT = 12
GOLD_DIR = ROOT / "data" / "gold" / "kcna"
DRAWN_FROM = GOLD_DIR / "drawn_from_messages.csv"


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def kcna_strata(sentences: pd.DataFrame, messages: pd.DataFrame) -> pd.Series:
    """The stratum of every archive sentence (see the module's docstring)."""
    china_messages = set(messages.loc[messages["foreign_country"] == "China", "id"])
    china_messages |= set(CHINA_SPEECHES)
    other_messages = set(messages["id"]) - china_messages
    mentions = pd.DataFrame([focus_mentions(t) for t in sentences["text"]], index=sentences.index)
    china = mentions["china"] | sentences["text"].str.contains("Xi Jinping", regex=False)
    adversary = mentions["us"] | mentions["rok"] | mentions["japan"]
    stratum = np.select(
        [sentences["id"].isin(china_messages), sentences["id"].isin(other_messages), china,
         adversary],
        list(KCNA_STRATA)[:4], default="other")
    return pd.Series(stratum, index=sentences.index, name="stratum")


def _draw(pool: pd.DataFrame, n: int, rng: np.random.Generator, seen: set[str],
          per_group: dict[str, int], group: str, limit: int) -> list[int]:
    chosen = []
    for index in rng.permutation(pool.index.to_numpy()):
        row = pool.loc[index]
        key = _key(row["text"])
        if key in seen or per_group.get(row[group], 0) >= limit:
            continue
        seen.add(key)
        per_group[row[group]] = per_group.get(row[group], 0) + 1
        chosen.append(index)
        if len(chosen) == n:
            break
    return chosen


def kcna_sample(archive: pd.DataFrame, messages: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """The archive units: ids, ``unit_type``, ``stratum``, ``article_id``, spans, ``text``."""
    sentences = split_archive(archive)
    sentences = sentences[~sentences["id"].isin(ALREADY_CODED)]
    sentences = sentences[sentences["text"].str.split().str.len() >= MIN_WORDS].copy()
    sentences["stratum"] = kcna_strata(sentences, messages)
    rng = np.random.default_rng(seed)
    seen: set[str] = set()
    per_article: dict[str, int] = {}
    picked = []
    for stratum, n in KCNA_STRATA.items():
        pool = sentences[sentences["stratum"] == stratum]
        limit = PER_CHINA_TEXT if stratum == "leader message, China" else PER_ARTICLE
        picked.extend(_draw(pool, n, rng, seen, per_article, "id", limit))
    out = sentences.loc[picked]
    return pd.DataFrame({
        "unit_id": out["sentence_id"], "unit_type": "kcna_sentence", "stratum": out["stratum"],
        "article_id": out["id"], "start": out["start"], "end": out["end"], "text": out["text"],
    }).reset_index(drop=True)


def rodong_sample(rodong: pd.DataFrame, n: int = RODONG_UNITS, seed: int = SEED) -> pd.DataFrame:
    """The out-of-domain units from the Rodong Sinmun sample (one per article at most)."""
    rows = []
    for doc_id, year, text in zip(rodong["doc_id"], rodong["year"], rodong["text"], strict=True):
        for number, (_, start, end) in enumerate(split_text(text), start=1):
            sentence = text[start:end]
            if len(sentence.split()) >= MIN_WORDS:
                rows.append((f"rodong-{doc_id}-s{number:03d}", doc_id, int(year), start, end,
                             sentence))
    sentences = pd.DataFrame(rows, columns=["unit_id", "article_id", "year", "start", "end",
                                            "text"])
    foreign = [bool(other_countries(t)) or any(focus_mentions(t).values())
               for t in sentences["text"]]
    sentences["stratum"] = np.where(foreign, "foreign country named", "other")
    rng = np.random.default_rng(seed + 1)
    seen: set[str] = set()
    per_article: dict[str, int] = {}
    picked = []
    years = sorted(sentences["year"].unique())
    for stratum in ("foreign country named", "other"):
        for year in years:
            pool = sentences[(sentences["stratum"] == stratum) & (sentences["year"] == year)]
            picked.extend(_draw(pool, n // (2 * len(years)), rng, seen, per_article,
                                "article_id", 1))
    out = sentences.loc[picked]
    return pd.DataFrame({
        "unit_id": out["unit_id"], "unit_type": "rodong_sentence", "stratum": out["stratum"],
        "article_id": out["article_id"].astype(str), "start": out["start"], "end": out["end"],
        "text": out["text"],
    }).reset_index(drop=True)


def coding_sheet(units: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """The sheet the coders see: ``unit_id``, ``unit_type``, ``text``, in a seeded shuffle."""
    order = np.random.default_rng(seed + 2).permutation(len(units))
    return units.iloc[order][["unit_id", "unit_type", "text"]].reset_index(drop=True)


def corpus_sample(sentences: pd.DataFrame, named, n: int = CORPUS_UNITS, seed: int = SEED
                  ) -> pd.DataFrame:
    """``n`` sentences of a researcher's own corpus to hand-code: half from those naming
    the target (``named``, one flag per sentence), half from the rest, sentences of at least
    ``MIN_WORDS`` words, at most ``PER_ARTICLE`` from one document, no text twice.

    ``sentences`` is notebook 01's sentence table (``sentence_id``, ``article_id``,
    ``text``, ``n_words``). Returns ``unit_id``, ``unit_type``, ``text``, ``article_id``
    and ``stratum``.
    """
    pool = sentences.assign(stratum=np.where(np.asarray(named, bool), "target", "other"))
    pool = pool[pool["n_words"] >= MIN_WORDS].rename(columns={"sentence_id": "unit_id"})
    rng = np.random.default_rng(seed)
    seen: set[str] = set()
    per_article: dict[str, int] = {}
    drawn = []
    for stratum, share in (("target", n // 2), ("other", n - n // 2)):
        part = pool[pool.stratum == stratum]
        for i in rng.permutation(len(part)):
            if share == 0:
                break
            row = part.iloc[i]
            key = _key(row.text)
            if key in seen or per_article.get(row.article_id, 0) >= PER_ARTICLE:
                continue
            seen.add(key)
            per_article[row.article_id] = per_article.get(row.article_id, 0) + 1
            drawn.append(row)
            share -= 1
    units = pd.DataFrame(drawn, columns=pool.columns)
    return units.assign(unit_type="article_sentence")[
        ["unit_id", "unit_type", "text", "article_id", "stratum"]].reset_index(drop=True)


def corpus_coding_sheet(units: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """The sheet to code, in a seeded shuffle, with the columns of the collection's gold
    tables (``data/gold/tone.csv``) left empty for the two passes, the gold code and the
    adjudication note."""
    sheet = coding_sheet(units, seed).merge(units[["unit_id", "article_id"]], on="unit_id")
    return sheet.assign(message_id="", speaker_class="", pass1="", pass2="", gold="",
                        adjudication_note="")


CODE_COLUMNS = ("gold", "tone", "stance", "pass1")  # where a coded sheet's codes are read
SCORE_CLASSES = ("best_class", "textblob_class", "vader_class", "lexicon_class")


def read_codes(path: str | Path) -> tuple[pd.DataFrame, str]:
    """The codes of a coded sheet: ``unit_id`` and ``gold`` (-1, 0, 1) for every coded unit,
    and the column they were read from.

    The sheet may be the whole coding sheet (its ``gold`` column, or ``pass1`` when a single
    coder filled only that), or just ``unit_id`` and ``tone`` (or ``stance``), as the
    codebook asks a coder to return. The code column is the first of :data:`CODE_COLUMNS`
    that holds any code. Empty cells are units not (yet) coded: partial coding is read as
    such. DataError naming file, row and column for a missing ``unit_id`` column, a repeated
    unit, a code other than -1, 0 or 1, or a sheet with no code at all.
    """
    name = relative(path)
    table = read_table(path, [Column("unit_id", pattern=r"\S+")], key="unit_id")
    present = [c for c in CODE_COLUMNS if c in table.columns]
    if not present:
        raise DataError(name, "has no column of codes (expected one of "
                              f"{', '.join(CODE_COLUMNS)})", column=CODE_COLUMNS[0])
    column = next((c for c in present if (table[c].str.strip() != "").any()), None)
    if column is None:
        raise DataError(name, "holds no code yet: every cell is empty", column=present[0])
    codes = table[column].str.strip()
    for i, value in enumerate(codes, start=1):
        if value not in ("", "-1", "0", "1"):
            raise DataError(name, f"{value!r} is not a code (-1, 0 or 1, or empty when not "
                                  "coded)", row=i, column=column,
                            line=table.attrs["lines"][i - 1])
    coded = table.loc[codes != "", ["unit_id"]].assign(gold=codes[codes != ""].astype(int))
    return coded.reset_index(drop=True), column


def check(coded: Path, scores: Path) -> pd.DataFrame:
    """Agreement of each measure's classes in ``scores`` (``sentiment_scores.csv``) with the
    codes of a coded sheet (:func:`read_codes`): estimate and 95% bootstrap interval of
    Cohen's kappa and macro F1, over the units both hold."""
    gold, _ = read_codes(coded)
    classes = read_table(scores, [Column("unit_id"), *(Column(c, "integer", choices=(
        "-1", "0", "1")) for c in SCORE_CLASSES)], key="unit_id")
    classes = classes[["unit_id", *SCORE_CLASSES]].astype({c: int for c in SCORE_CLASSES})
    scored = classes.merge(gold, on="unit_id")
    if scored.empty:
        raise DataError(relative(coded), "no coded unit_id of the sheet is in "
                        + relative(scores), column="unit_id")
    if len(scored) < len(gold):
        print(f"warning: {len(gold) - len(scored)} of the {len(gold)} coded units of "
              f"{relative(coded)} are not in {relative(scores)}: the agreement below rests on "
              f"the {len(scored)} both hold (a sheet of another corpus or run?)",
              file=sys.stderr)
    tables = []
    for measure in SCORE_CLASSES:
        table = bootstrap_agreement(scored["gold"], scored[measure])
        table = table[table.metric.isin(["kappa", "macro_f1"])]
        tables.append(table.assign(measure=measure.removesuffix("_class").replace(
            "best", "chosen"), units=len(scored)))
    out = pd.concat(tables, ignore_index=True)
    return out[["measure", "metric", "units", "estimate", "low", "high"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("archive", type=Path, nargs="?")
    parser.add_argument("rodong", type=Path, nargs="?")
    parser.add_argument("--out", type=Path, default=GOLD_DIR)
    parser.add_argument("--corpus", type=Path, help="draw from your own corpus CSV instead")
    parser.add_argument("--target", default="China", help="half the sample names it")
    parser.add_argument("--n", type=int, default=CORPUS_UNITS)
    parser.add_argument("--check", type=Path, nargs=2, metavar=("CODED", "SCORES"),
                        help="agreement of a coded sheet with sentiment_scores.csv")
    args = parser.parse_args(argv)
    if args.check:
        try:
            codes, column = read_codes(args.check[0])
            table = check(*args.check)
        except DataError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(f"{len(codes)} coded units (column {column}), {table.units.iloc[0]} of them "
              f"scored in {args.check[1]}")
        print(table.round(3).to_string(index=False))
        return 0
    if args.corpus:
        from kimxi.corpus import documents as corpus_csv, segment
        from kimxi.run.corpus import check_out
        from kimxi.topics import over_time as topic_time

        try:
            out = check_out(args.out)
            sentences = segment.corpus_tables(corpus_csv.read_corpus(args.corpus),
                                               speakers=False)["sentences"]
        except DataError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        units = corpus_sample(sentences, topic_time.names_target(sentences.text, args.target),
                              args.n)
        sheet = out / "coding_sheet.csv"
        write_tables({out / "units.csv": units, sheet: corpus_coding_sheet(units)})
        print(units.groupby("stratum").size().to_string())
        print(f"wrote {sheet}: code each unit's tone (-1, 0, 1) by data/gold/CODEBOOK.md, "
              f"then run: kimxi check-gold {sheet} OUT/processed/sentiment_scores.csv")
        return 0
    if args.archive is None or args.rodong is None:
        parser.error("give ARCHIVE and RODONG, or --corpus, or --check")
    archive = load_archive(args.archive)
    # The leader messages as the genre table held them when the sample was drawn (27 Nov
    # 2026): the genre rules have found more since, and the sample stays what was drawn.
    messages = read_table(DRAWN_FROM, [Column("id"), Column("foreign_country", required=False)])
    rodong = pd.read_csv(args.rodong, dtype=str, keep_default_na=False)
    units = pd.concat([kcna_sample(archive, messages), rodong_sample(rodong)], ignore_index=True)
    write_tables({args.out / "units.csv": units,
                  args.out / "coding_sheet.csv": coding_sheet(units)})
    print(units.groupby(["unit_type", "stratum"]).size().to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
