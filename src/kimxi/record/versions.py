"""Both sides' versions of each exchange: ``data/exchange_versions.csv``.

One row per exchange of ``messages.csv`` and side (DPRK, PRC): whether that side's state
media or foreign ministry published the exchange, where and when, how long its text is, whom
it names first and with which titles, and which topics it touches.

The DPRK side is KCNA's English, read from the KCNA archive (:mod:`kimxi.archive.load`):
its version of an exchange is every KCNA text that ``message_texts.csv`` gives the exchange
and that KCNA published on or after ``date_sent`` (so the announcement of the Song Tao visit,
two days before it began, is left out). Its derived columns are computed here, never typed:

- ``words``: whitespace-separated tokens of each text after its dateline
  (``Pyongyang, March 28 (KCNA) -- ``), summed over the version's texts;
- ``date_published``: the earliest KCNA date of those texts; ``lag_days`` its distance from
  ``date_sent``;
- ``named_first``: which of :data:`NAMES` the joined texts mention first;
- the topic flags: :data:`TOPIC_PATTERNS`, case-insensitive regular expressions searched in
  the joined texts (a flag is true when its pattern matches anywhere);
- ``friendship_formula``: the first match of :data:`FRIENDSHIP_FORMULA`, as printed
  (``friendship`` is true exactly when there is one).

``python -m kimxi.record.versions`` rewrites those columns of the DPRK rows from the archive
and leaves every other cell (the PRC rows, titles, sources, notes) as it stands. The PRC side
is curated by hand from news pages that quote Xinhua, People's Daily or the PRC foreign
ministry; its flags are true where the outlet's own English shows the topic and unknown where
no full text was seen (false only where a full text was).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from kimxi.io import paths
from kimxi.io.errors import DataError
from kimxi.io.paths import relative
from kimxi.io.schema import Column, Schema, parse_date
from kimxi.io.tables import read_table, write_tables

VERSIONS_CSV = paths.DATA / "exchange_versions.csv"

SIDES = ("DPRK", "PRC")
TRISTATE = ("true", "false", "unknown")
WORDINGS = ("full text", "excerpt in outlet's own English", "reporter's paraphrase",
            "not found")

# Case-insensitive, searched anywhere in a version's text. (?-i:...) keeps "US" apart from "us";
# "Republic of Korea" not preceded by "People's " (either apostrophe) is the ROK, not the DPRK.
TOPIC_PATTERNS = {
    "denuclearisation": r"\bdenucleari[sz]\w*|\bnuclear-free\b",
    "socialism": r"\bsociali(?:sm|st)\b",
    "sanctions": r"\bsanction\w*",
    "united_states": r"\bUnited States\b|(?-i:\bUS\b|\bU\.S\.)|\bAmerica(?:n|ns)?\b"
                     r"|\bWashington\b|\bTrump\b",
    "south_korea": r"\bsouth Korea\w*|(?-i:\bROK\b)"
                   r"|(?<!People's )(?<!People\u2019s )\bRepublic of Korea\b"
                   r"|\binter-Korean\b|\bnorth and south\b|\bMoon Jae[- ]in\b|\bSeoul\b",
    "economic_cooperation": r"\beconomic (?:and trade )?(?:cooperation|exchanges?|ties)\b"
                            r"|\btrade\b|\binvestment\b|\bpractical cooperation\b",
    "future_visit": r"\bconvenient time\b|\bexchange of visits\b|\bhigh-level visits\b"
                    r"|\bmeet (?:often|again)\b|\bvisit (?:the DPRK|Pyongyang|China|Beijing)"
                    r" again\b",
}
# The friendship formula, as printed: "traditional Sino-DPRK friendship", "DPRK-China
# friendship", "traditional friendly relations", "friendly and cooperative relations",
# "friendship". The leftmost match in the text wins.
FRIENDSHIP_FORMULA = (r"\btraditional (?:[\w'-]+ ){0,2}(?:friendship|friendly relations|ties)\b"
                      r"|\b(?:DPRK|PRC|Sino|China|Korea)-(?:DPRK|PRC|China|Korea) friendship\b"
                      r"|\bfriendly (?:and cooperative )?relations\b|\bfriendship\b")
TOPICS = ("denuclearisation", "friendship", "socialism", "sanctions", "united_states",
          "south_korea", "economic_cooperation", "future_visit")
# Who a version may name first: the two leaders, Xi's envoy, the WPK Central Committee.
NAMES = ("Kim Jong Un", "Xi Jinping", "Song Tao",
         "Central Committee of the Workers' Party of Korea")

_DATELINE = re.compile(r"\A\s*[A-Z][a-z]+,\s+[A-Z][a-z]+\.?\s+\d{1,2}\s+\(KCNA\)\s+--\s*")
_COMPILED = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in TOPIC_PATTERNS.items()}
_FORMULA = re.compile(FRIENDSHIP_FORMULA, re.IGNORECASE)

# Columns computed from the archive for a DPRK row.
DERIVED = ("date_published", "lag_days", "words", "text_ids", "named_first", *TOPICS,
           "friendship_formula")

VERSION_COLUMNS = (
    Column("message_id", pattern=r"msg-\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*",
           description="the exchange (messages.csv)"),
    Column("side", choices=SIDES),
    Column("published", choices=TRISTATE,
           description="whether this side's state media or foreign ministry published it"),
    Column("outlet", description="who published this side's version (or where it was sought)"),
    Column("date_published", kind="date", required=False,
           description="the day this side first published it; empty when unknown"),
    Column("lag_days", kind="integer", required=False,
           description="date_published - date_sent of messages.csv, in days"),
    Column("words", kind="integer", required=False,
           description="whitespace tokens of the full text after the dateline (KCNA texts "
                       "summed); empty when no full text is at hand"),
    Column("text_ids", required=False,
           description="'; '-separated KCNA archive ids of the DPRK version's texts"),
    Column("named_first", required=False, description="whom the version names first"),
    Column("titles_of_first", required=False,
           description="the titles given to that person or body, as printed"),
    *(Column(name, choices=TRISTATE) for name in TOPICS),
    Column("friendship_formula", required=False,
           description="the first friendship formula, as printed"),
    Column("wording", choices=WORDINGS),
    Column("sources", description="'; '-separated source ids of data/sources.csv"),
    Column("searched", required=False,
           description="what was searched (queries, corpora) where the version was not found"),
    Column("notes", required=False),
)
SCHEMA = Schema(VERSION_COLUMNS)


# --- a text's features --------------------------------------------------------------------


def strip_dateline(text: str) -> str:
    """``text`` without KCNA's dateline (``Pyongyang, March 28 (KCNA) -- ``)."""
    return _DATELINE.sub("", text, count=1)


def word_count(text: str) -> int:
    """Whitespace-separated tokens of ``text`` after its dateline."""
    return len(strip_dateline(text).split())


def topic_flags(text: str) -> dict[str, bool]:
    """Each topic of :data:`TOPICS`: does ``text`` touch it (by its pattern)?"""
    flags = {name: bool(pattern.search(text)) for name, pattern in _COMPILED.items()}
    flags["friendship"] = bool(_FORMULA.search(text))
    return {name: flags[name] for name in TOPICS}


def friendship_formula(text: str) -> str:
    """The first friendship formula of ``text`` as printed, or ``""``."""
    match = _FORMULA.search(text)
    return match.group(0) if match else ""


def named_first(text: str) -> str:
    """Which of :data:`NAMES` ``text`` mentions first (``""`` when none)."""
    found = [(text.find(name), name) for name in NAMES if name in text]
    return min(found)[1] if found else ""


def text_features(texts: list[str]) -> dict[str, object]:
    """The derived columns of a version made of ``texts`` (in order): words, named_first,
    the topic flags (``"true"``/``"false"``) and the friendship formula."""
    joined = "\n\n".join(strip_dateline(t) for t in texts)
    flags = topic_flags(joined)
    out: dict[str, object] = {"words": sum(word_count(t) for t in texts),
                              "named_first": named_first(joined)}
    out |= {name: "true" if value else "false" for name, value in flags.items()}
    out["friendship_formula"] = friendship_formula(joined)
    return out


# --- the DPRK rows from the archive ---------------------------------------------------------


def dprk_text_ids(messages: pd.DataFrame, message_texts: pd.DataFrame) -> dict[str, list[str]]:
    """Each exchange's KCNA texts published on or after its ``date_sent``, in id order."""
    sent = {r.message_id: pd.Timestamp(r.date_sent) for r in messages.itertuples()}
    out: dict[str, list[str]] = {mid: [] for mid in sent}
    for r in message_texts.itertuples():
        if r.kcna_id and pd.Timestamp(r.date_published) >= sent[r.message_id]:
            out[r.message_id].append(r.kcna_id)
    return {mid: sorted(ids) for mid, ids in out.items()}


def dprk_rows(archive_frame: pd.DataFrame, messages: pd.DataFrame,
              message_texts: pd.DataFrame) -> pd.DataFrame:
    """The derived columns (:data:`DERIVED`) of every DPRK row, one row per exchange, as text
    cells, computed from the archive's texts."""
    articles = archive_frame.set_index("id")
    rows = []
    for mid, ids in dprk_text_ids(messages, message_texts).items():
        sent = pd.Timestamp(messages.set_index("message_id").loc[mid, "date_sent"]).date()
        if not ids:
            rows.append({"message_id": mid, **{c: "" for c in DERIVED}})
            continue
        missing = [i for i in ids if i not in articles.index]
        if missing:
            raise DataError("KCNA archive", f"has no article {missing[0]} (a text of {mid})")
        first = min(parse_date(articles.loc[i, "date"]) for i in ids)
        row = {"message_id": mid, "date_published": first.isoformat(),
               "lag_days": str((first - sent).days), "text_ids": "; ".join(ids)}
        row |= {k: str(v) for k, v in text_features([articles.loc[i, "text"]
                                                      for i in ids]).items()}
        rows.append(row)
    return pd.DataFrame(rows, columns=["message_id", *DERIVED])


# --- the table ------------------------------------------------------------------------------


def load_versions(path: str | Path = VERSIONS_CSV) -> pd.DataFrame:
    """The validated table, every cell as text.

    Beyond the cells' own checks: (message_id, side) is unique; ``lag_days`` is filled
    exactly when ``date_published`` is; a row whose wording is "not found" has every topic
    flag unknown and says what was searched.
    """
    frame = read_table(path, VERSION_COLUMNS)
    name = relative(path)
    seen = set()
    for i, r in enumerate(frame.to_dict("records"), start=1):
        pair = (r["message_id"], r["side"])
        if pair in seen:
            raise DataError(name, f"{pair} is given twice", row=i, column="side")
        seen.add(pair)
        if (r["lag_days"] == "") != (r["date_published"] == ""):
            raise DataError(name, "is filled exactly when date_published is", row=i,
                            column="lag_days")
        if r["wording"] == "not found":
            for topic in TOPICS:
                if r[topic] != "unknown":
                    raise DataError(name, f"is {r[topic]}, but the version was not found",
                                    row=i, column=topic)
            if not r["searched"].strip():
                raise DataError(name, "is empty, but the version was not found", row=i,
                                column="searched")
    return frame


def refresh(archive_frame: pd.DataFrame, path: str | Path = VERSIONS_CSV,
            data_dir: str | Path = paths.DATA) -> pd.DataFrame:
    """The table at ``path`` with its DPRK rows' derived columns recomputed from the archive."""
    from kimxi.record.messages import load_message_texts, load_messages

    data_dir = Path(data_dir)
    messages = load_messages(data_dir / "messages.csv")
    texts = load_message_texts(data_dir / "message_texts.csv", messages)
    frame = load_versions(path)
    derived = dprk_rows(archive_frame, messages, texts).set_index("message_id")
    for i, r in frame.iterrows():
        if r["side"] == "DPRK" and r["message_id"] in derived.index:
            for col in DERIVED:
                frame.at[i, col] = derived.loc[r["message_id"], col]
    return frame


def main(argv: list[str] | None = None) -> int:
    from kimxi.archive.load import default_archive, load_archive

    archive = default_archive()
    if archive is None:
        print("the KCNA archive is not present (../shared/external/): nothing recomputed")
        return 1
    frame = refresh(load_archive(archive))
    write_tables({VERSIONS_CSV: frame})
    print(f"wrote {relative(VERSIONS_CSV)} ({len(frame)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())


# --- the two sides compared (analysis plan, entry P9) ---------------------------------------

KINDS = ("DPRK only", "PRC only", "both", "neither", "unknown")
# The topics in a reader's words.
TOPIC_WORDS = {"denuclearisation": "denuclearisation", "friendship": "friendship",
               "socialism": "socialism", "sanctions": "sanctions",
               "united_states": "the United States", "south_korea": "South Korea",
               "economic_cooperation": "economic cooperation", "future_visit": "a future visit"}


def asymmetry(dprk: str, prc: str) -> str:
    """What the two sides' flags of one topic say together (plan entry P9)."""
    if "unknown" in (dprk, prc):
        return "unknown"
    return {("true", "true"): "both", ("false", "false"): "neither",
            ("true", "false"): "DPRK only", ("false", "true"): "PRC only"}[(dprk, prc)]


def asymmetries(versions: pd.DataFrame) -> pd.DataFrame:
    """One row per exchange and topic: the DPRK flag, the PRC flag and their
    :func:`asymmetry`, in the order of the table's exchanges and of :data:`TOPICS`."""
    by_side = {side: versions[versions["side"] == side].set_index("message_id")
               for side in SIDES}
    rows = []
    for message_id in dict.fromkeys(versions["message_id"]):
        dprk, prc = by_side["DPRK"].loc[message_id], by_side["PRC"].loc[message_id]
        for topic in TOPICS:
            rows.append({"message_id": message_id, "topic": topic, "DPRK": dprk[topic],
                         "PRC": prc[topic], "kind": asymmetry(dprk[topic], prc[topic])})
    return pd.DataFrame(rows)


def side_by_side(versions: pd.DataFrame) -> pd.DataFrame:
    """Per exchange: whether each side published it, each side's first day and lag, and whom
    each names first."""
    wide = versions.pivot(index="message_id", columns="side",
                          values=["published", "date_published", "lag_days", "named_first"])
    wide.columns = [f"{field} ({side})" for field, side in wide.columns]
    order = list(dict.fromkeys(versions["message_id"]))
    return wide.reindex(order).reset_index()
