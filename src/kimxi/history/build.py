"""The committed tables of KCNA's 1997-2018 archive: what twenty years of DPRK-China messaging
and coverage need, built chunk by chunk from the archive file.

The archive's stages run on each chunk of articles (:func:`kimxi.archive.stream.iter_archive`):
sentences (:func:`kimxi.archive.load.split_archive`), country mentions and genre
(:func:`kimxi.archive.build.article_table`), tone (:func:`kimxi.tone.score.score_sentences`) and
stance toward China (:func:`kimxi.tone.stance.stance_table`, with the measure validated in
notebook 08). Tone is scored on the sentences the tables use: those naming China (stance reads
their tone) and those of leader messages (the genre table's tone). A chunk keeps only its
articles' small columns, its China sentences' stance, and its leader messages with their
texts; the tables are made from those once the last chunk is read, and written all together or
not at all. The per-sentence tables of the whole archive are not kept.

Tables (``data/history/``):

- ``days.csv``: every day the scrape holds, with its articles (a day it misses is absent).
- ``months.csv`` and ``weeks.csv``: per calendar month / Monday-to-Sunday week, the days the
  scrape holds, the articles, the *coverage* articles (all but the leader-message and
  visit-or-talks genres: the exchanges are not coverage of them), and per country of
  :data:`COUNTRIES` the coverage articles naming it; then stance toward China over the coverage
  articles' sentences naming China (place-only mentions counted apart): sentences, articles,
  the mean with its 95% interval from a bootstrap over whole articles (2,000 draws, seeded by
  the period so that a period's interval does not depend on the others), the shares
  favourable and unfavourable.
- ``leader_messages.csv``: every leader message of every country (the columns of
  :func:`kimxi.genre.leader_messages.message_table`, no text), with ``item`` (KCNA's item number
  of the day, from the id, empty for ``xN`` ids) and the mean stance toward China of its
  sentences naming China.
- ``china_messages.csv``: the leader messages between the DPRK and China (:func:`is_china_message`:
  those to or from China, and those listing many countries' leaders with China's among them,
  ``several``), with their full text (quoted material: the leaders' messages as KCNA
  published them).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from kimxi.archive import build as archive_build, load as kcna, stream
from kimxi.corpus import targets
from kimxi.corpus.windows import period_start
from kimxi.genre import leader_messages
from kimxi.io import progress
from kimxi.io.paths import DATA
from kimxi.tone.over_time import N_BOOT, cluster_mean_ci
from kimxi.tone.score import score_sentences
from kimxi.tone.stance import stance_table

HISTORY_DIR = DATA / "history"
COUNTRIES = ("china", "us", "rok", "japan", "russia")
NOT_COVERAGE = ("leader message", "visit or talks")
ARTICLE_KEEP = ["id", "date", "title", "genre", *COUNTRIES, "other_countries"]
# Found by the hand check (data/history/handcheck/README.md): New Year cards and batch replies
# list China's leaders among many, and KCNA writes "CPC" for the Communist Party of Cuba too.
CHINA_IN_LIST = re.compile(r"\bChina\b|\bChinese\b|\bXi Jinping\b|\bHu Jintao\b|"
                           r"\bJiang Zemin\b|\bCommunist Party of China\b")
CUBA_CPC = re.compile(r"\bCommunist Party of Cuba\b", re.I)
FILES = ("days.csv", "months.csv", "weeks.csv", "leader_messages.csv", "china_messages.csv")


def chunk_parts(chunk: pd.DataFrame, predict, measure: str,
                formulae: dict) -> dict[str, pd.DataFrame]:
    """What one chunk of the archive contributes: its articles' small columns, the stance of its
    sentences naming China, and its leader messages (rows and the sentences' texts)."""
    sentences = kcna.split_archive(chunk)
    articles = archive_build.article_table(chunk, sentences)
    china = targets.resolve("China")
    named = np.asarray(targets.names(sentences["text"], china), dtype=bool)
    messages = set(articles.loc[articles["genre"] == "leader message", "id"])
    scored = sentences[named | sentences["id"].isin(messages).to_numpy()].reset_index(drop=True)
    tone = score_sentences(scored["text"]) if len(scored) else pd.DataFrame(
        columns=["measure_class", "measure_score"])
    on_china = stance_table(scored.rename(columns={"id": "article_id"}), "China", tone, predict,
                            measure)
    in_messages = scored["id"].isin(messages).to_numpy()
    message_sentences = scored[in_messages][["id", "sentence", "text"]]
    features = pd.concat([scored[["id"]], tone[["measure_class", "measure_score"]]],
                         axis=1)[in_messages]
    table = (leader_messages.message_table(articles, message_sentences, features, formulae)
             if messages else pd.DataFrame())
    return {"articles": articles[ARTICLE_KEEP],
            "stance": on_china[["document_id", "role", "stance"]],
            "messages": table,
            "texts": chunk.loc[chunk["id"].isin(messages), ["id", "text"]]}


def collect(chunks, predict, measure: str, formulae: dict, total: int | None = None
            ) -> dict[str, pd.DataFrame]:
    """Every chunk's parts, concatenated in archive order (progress on stderr)."""
    parts: dict[str, list[pd.DataFrame]] = {"articles": [], "stance": [], "messages": [],
                                            "texts": []}
    with progress.bar(total or 0, "KCNA 1997-2018 archive", unit="article") as bar:
        for chunk in chunks:
            for key, frame in chunk_parts(chunk, predict, measure, formulae).items():
                parts[key].append(frame)
            bar.update(len(chunk))
    return {key: pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
            for key, frames in parts.items()}


def _period_seed(day: pd.Timestamp) -> list[int]:
    return [0, int(day.strftime("%Y%m%d"))]


def period_table(articles: pd.DataFrame, stance: pd.DataFrame, period: str,
                 n_boot: int = N_BOOT) -> pd.DataFrame:
    """Per month (``period`` "M") or week ("W"): coverage counts and stance toward China (see
    the module docstring). Periods run from the first article's to the last's, every period
    listed, those the scrape holds no day of with zero articles."""
    dates = pd.to_datetime(articles["date"])
    start = period_start(dates, period)
    coverage = ~articles["genre"].isin(NOT_COVERAGE).to_numpy()
    frame = pd.DataFrame({"period": start, "date": articles["date"], "coverage": coverage})
    for country in COUNTRIES:
        frame[country] = articles[country].astype(bool).to_numpy() & coverage
    grouped = frame.groupby("period")
    table = pd.DataFrame({"days": grouped["date"].nunique(), "articles": grouped.size(),
                          "coverage_articles": grouped["coverage"].sum()})
    for country in COUNTRIES:
        table[f"{country}_articles"] = grouped[country].sum()
    full = pd.date_range(start.min(), start.max(), freq="W-MON" if period == "W" else "MS")
    table = table.reindex(full, fill_value=0)
    by_article = dict(zip(articles["id"], start, strict=True))
    kept = dict(zip(articles["id"], coverage, strict=True))
    on = stance[stance["document_id"].map(kept).astype(bool)].copy()
    on["period"] = on["document_id"].map(by_article)
    read = on[on["role"] != "place"]
    stats = []
    for day in full:
        group = read[read["period"] == day] if len(read) else read
        values = group["stance"].astype(float)
        if len(group):
            low, high = cluster_mean_ci(values, group["document_id"], n_boot,
                                        np.random.default_rng(_period_seed(day)))
        else:
            low, high = np.nan, np.nan
        stats.append({"china_sentences": len(group),
                      "china_stance_articles": group["document_id"].nunique(),
                      "china_place_only": int(((on["period"] == day)
                                               & (on["role"] == "place")).sum()),
                      "china_stance": values.mean() if len(group) else np.nan,
                      "china_stance_low": low, "china_stance_high": high,
                      "china_favourable": (values == 1).mean() if len(group) else np.nan,
                      "china_unfavourable": (values == -1).mean() if len(group) else np.nan})
    out = pd.concat([table.reset_index(names="period"), pd.DataFrame(stats)], axis=1)
    out["period"] = out["period"].dt.strftime("%Y-%m-%d" if period == "W" else "%Y-%m")
    return out.round(4)


def item_number(article_id: str) -> str:
    """KCNA's item number of the day in an id (``kcna-YYYYMMDD-NN``), '' for ``xN`` ids."""
    item = article_id.split("-")[2]
    return str(int(item)) if item.isdigit() else ""


def message_tables(parts: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``leader_messages.csv`` and ``china_messages.csv`` (see the module docstring)."""
    articles = parts["articles"]
    table = parts["messages"].drop(columns=["answered_by", "answer_days"])
    table = leader_messages.answers(table, articles)
    table.insert(2, "item", [item_number(i) for i in table["id"]])
    stance = parts["stance"]
    read = stance[stance["role"] != "place"]
    table["china_stance"] = table["id"].map(read.groupby("document_id")["stance"].mean()
                                            .round(4))
    texts = dict(zip(parts["texts"]["id"], parts["texts"]["text"], strict=True))
    chosen = [is_china_message(country, texts[i])
              for i, country in zip(table["id"], table["foreign_country"], strict=True)]
    china = table[chosen].copy()
    china["several"] = china["foreign_country"] == "several"
    china["text"] = china["id"].map(texts)
    return {"leader_messages.csv": table.reset_index(drop=True),
            "china_messages.csv": china.reset_index(drop=True)}


def is_china_message(foreign_country: str, text: str) -> bool:
    """A leader message between the DPRK and China: its foreign country is China, unless its
    "CPC" is the Communist Party of Cuba; or it lists several countries' leaders and names China
    or a Chinese leader among them (:data:`CHINA_IN_LIST`)."""
    if foreign_country == "China":
        return not (CUBA_CPC.search(text) and not CHINA_IN_LIST.search(text))
    return foreign_country == "several" and bool(CHINA_IN_LIST.search(text))


def tables(parts: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every committed table, by file name."""
    days = parts["articles"].groupby("date").size().rename("articles").reset_index()
    return {"days.csv": days,
            "months.csv": period_table(parts["articles"], parts["stance"], "M"),
            "weeks.csv": period_table(parts["articles"], parts["stance"], "W"),
            **message_tables(parts)}


def build(path=stream.DEFAULT_HISTORY, sha256: str | None = stream.HISTORY_SHA256,
          chunk_rows: int = stream.CHUNK_ROWS, keep=None) -> dict[str, pd.DataFrame]:
    """The tables from the archive at ``path``; ``keep(chunk) -> chunk`` selects rows first
    (a sample, for the test that rebuilds part of the tables)."""
    from kimxi.tone.on_corpus import validated_stance

    measure = validated_stance(DATA)
    formulae = leader_messages.load_formulae()
    chunks = stream.iter_archive(path, sha256, chunk_rows)
    if keep is not None:
        chunks = (kept for kept in map(keep, chunks) if len(kept))
    total = None if keep is not None else 119_850 if sha256 == stream.HISTORY_SHA256 else None
    return tables(collect(chunks, measure.predict, measure.name, formulae, total))
