"""The hand check of the DPRK-China leader messages of 1997-2018: a stratified sample, drawn by
seed from the archive, coded blind, and what it says of the extraction.

Strata (every article of the 1997-2018 archive falls in at most one; the rest is not drawn):

- ``called``: the articles :mod:`kimxi.history.build` puts in ``china_messages.csv``
  (precision, and the fields' agreement);
- ``china_title``: the others whose title holds a message word
  (:data:`kimxi.archive.genre.MESSAGE_WORDS`) and names China, a Chinese leader or the CPC
  (:data:`CHINA_WORDS`): where a missed DPRK-China message is most likely;
- ``several``: leader messages the rules give to several countries or none, whose text names
  China (a message to many leaders, China among them);
- ``china_lead``: the others whose title holds a message word and whose first paragraph names
  China or a Chinese leader.

Articles that name China in neither title nor first paragraph, or hold no message word, are
not drawn: the check bounds recall within the strata above, and says so. The estimates are
those of :func:`kimxi.archive.recall.estimate` (exact intervals, a conservative bound).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from kimxi.archive import recall
from kimxi.archive.genre import MESSAGE_WORDS, _first_paragraph
from kimxi.archive.load import ID_PATTERN
from kimxi.io.errors import DataError
from kimxi.io.paths import DATA, relative
from kimxi.io.schema import Column
from kimxi.io.tables import read_table

STRATA = ("called", "china_title", "several", "china_lead")
SIZES = {"called": 40, "china_title": 40, "several": 20, "china_lead": 30}
SEED = 19970630
CHINA_WORDS = re.compile(
    r"\bChina\b|\bChinese\b|\bPRC\b|\bCPC\b|\bXi Jinping\b|\bHu Jintao\b|\bJiang Zemin\b|"
    r"\bWen Jiabao\b|\bLi Keqiang\b|\bZhu Rongji\b|\bLi Peng\b|\bWu Bangguo\b|"
    r"\bZhang Dejiang\b|\bLi Zhanshu\b|\bLi Ruihuan\b|\bJia Qinglin\b")
HANDCHECK = DATA / "history" / "handcheck"
SAMPLE_CSV = HANDCHECK / "sample.csv"
STRATA_CSV = HANDCHECK / "strata.csv"
PASSES = (HANDCHECK / "pass1.csv", HANDCHECK / "pass2.csv")
DIRECTIONS = ("from DPRK", "to DPRK", "")
PASS_COLUMNS = (Column("id", pattern=ID_PATTERN),
                Column("is_dprk_china_message", kind="boolean"),
                Column("direction", choices=DIRECTIONS, required=False),
                Column("occasion", required=False),
                Column("note", required=False))


def stratum(title: str, text: str, genre: str, foreign_country: str, called: bool) -> str:
    """The stratum of one article ('' when it is not drawn from)."""
    if called:
        return "called"
    if not MESSAGE_WORDS.search(title):
        return ""
    if CHINA_WORDS.search(title):
        return "china_title"
    if genre == "leader message" and foreign_country in ("several", "") and CHINA_WORDS.search(
            text):
        return "several"
    if CHINA_WORDS.search(_first_paragraph(text)):
        return "china_lead"
    return ""


def draw(by_stratum: pd.Series, sizes: dict[str, int] = SIZES, seed: int = SEED) -> pd.DataFrame:
    """``id`` and ``stratum`` of the drawn articles (:func:`kimxi.archive.recall.draw` on these
    strata)."""
    return recall.draw(by_stratum, sizes, seed, STRATA)


def load_labels(sample: str | Path = SAMPLE_CSV, passes=PASSES) -> pd.DataFrame:
    """The coded sample: ``id``, ``stratum``, ``is_dprk_china_message`` (bool), and each pass's
    direction, occasion and note. DataError where a pass lacks a drawn article or the passes
    disagree on whether it is a DPRK-China message (no adjudication is recorded)."""
    drawn = read_table(sample, (Column("id", pattern=ID_PATTERN),
                                Column("stratum", choices=STRATA)), key="id")
    out = drawn.copy()
    for k, path in enumerate(passes, start=1):
        frame = read_table(path, PASS_COLUMNS, key="id")
        missing = sorted(set(drawn["id"]) - set(frame["id"]))
        if missing:
            raise DataError(relative(path), f"does not code {missing[0]} of the sample "
                                            f"({len(missing)} missing)", column="id")
        out = out.merge(frame.add_suffix(str(k)).rename(columns={f"id{k}": "id"}), on="id",
                        how="left")
    differ = out.index[out["is_dprk_china_message1"] != out["is_dprk_china_message2"]]
    if len(differ):
        i = int(differ[0])
        raise DataError(relative(passes[1]), f"{out.at[i, 'id']}: the passes disagree and no "
                                             "adjudication is recorded",
                        column="is_dprk_china_message")
    out["is_dprk_china_message"] = out["is_dprk_china_message1"] == "true"
    return out


def load_sizes(path: str | Path = STRATA_CSV) -> pd.Series:
    """The number of the archive's articles in each stratum."""
    frame = read_table(path, (Column("stratum", choices=STRATA),
                              Column("articles", kind="integer")), key="stratum")
    return frame.set_index("stratum")["articles"].astype(int)


def estimate(labels: pd.DataFrame, sizes: pd.Series) -> tuple[pd.DataFrame, dict]:
    """Precision, messages missed per stratum and recall with its conservative bound
    (:func:`kimxi.archive.recall.estimate` on these strata)."""
    return recall.estimate(labels.assign(is_leader_message=labels["is_dprk_china_message"]),
                           sizes, strata=STRATA)


def field_agreement(labels: pd.DataFrame, messages: pd.DataFrame) -> pd.DataFrame:
    """On the coded messages that the table also holds: how often the table's direction and
    occasion are the coders' (both coders', where they agree; the first's otherwise)."""
    both = labels[labels["is_dprk_china_message"]].merge(
        messages[["id", "direction", "occasion"]], on="id", how="inner")
    rows = []
    for field in ("direction", "occasion"):
        agree = (both[f"{field}1"] == both[field])
        rows.append({"field": field, "messages": len(both), "agree": int(agree.sum()),
                     "share": float(agree.mean()) if len(both) else float("nan")})
    return pd.DataFrame(rows)


def strata_of_archive(chunks, messages: pd.DataFrame) -> pd.Series:
    """The stratum of every article of the archive's ``chunks`` that falls in one, by id;
    ``messages`` is ``leader_messages.csv`` (its ids are the leader messages, its
    ``foreign_country`` theirs)."""
    country = dict(zip(messages["id"], messages["foreign_country"].fillna(""), strict=True))
    out = {}
    for chunk in chunks:
        for article_id, title, text in zip(chunk["id"], chunk["title"], chunk["text"],
                                           strict=True):
            found = stratum(title, text, "leader message" if article_id in country else "",
                            country.get(article_id, ""), country.get(article_id) == "China")
            if found:
                out[article_id] = found
    return pd.Series(out, name="stratum", dtype=str)


def sample_tables(chunks, messages: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The drawn sample (``sample.csv``) and each stratum's size (``strata.csv``)."""
    by_stratum = strata_of_archive(chunks, messages)
    sizes = by_stratum.value_counts().reindex(list(STRATA), fill_value=0)
    return {"sample.csv": draw(by_stratum),
            "strata.csv": pd.DataFrame({"stratum": list(STRATA), "articles": sizes.to_numpy()})}
