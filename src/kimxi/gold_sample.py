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

Run ``python -m kimxi.gold_sample ARCHIVE RODONG`` to write the coding sheet
``data/gold/kcna/coding_sheet.csv`` and the unit table ``data/gold/kcna/units.csv``.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np
import pandas as pd

from kimxi.archive import load_archive, split_archive, split_text
from kimxi.mentions import focus_mentions, other_countries
from kimxi.paths import ROOT
from kimxi.tables import Column, read_table, write_tables

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
# Message texts already in the gold set (Kim's message of thanks of 28 March 2018).
ALREADY_CODED = ("kcna-20180328-12",)
CHINA_SPEECHES = ("kcna-20180328-10", "kcna-20180328-11")
PER_CHINA_TEXT = 12
GOLD_DIR = ROOT / "data" / "gold" / "kcna"


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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("rodong", type=Path)
    parser.add_argument("--out", type=Path, default=GOLD_DIR)
    args = parser.parse_args(argv)
    archive = load_archive(args.archive)
    messages = read_table(ROOT / "data" / "processed" / "genre_messages.csv",
                          [Column("id"), Column("foreign_country", required=False)])
    rodong = pd.read_csv(args.rodong, dtype=str, keep_default_na=False)
    units = pd.concat([kcna_sample(archive, messages), rodong_sample(rodong)], ignore_index=True)
    write_tables({args.out / "units.csv": units,
                  args.out / "coding_sheet.csv": coding_sheet(units)})
    print(units.groupby(["unit_type", "stratum"]).size().to_string())


if __name__ == "__main__":
    main()
