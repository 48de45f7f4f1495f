"""The schema of the committed 1997-2018 tables (``data/history/``), and their loader.

:mod:`kimxi.history.build` writes them; the notebooks read them with :func:`load`, so a clone
without the archive runs from them. Numbers are written as pandas writes them; empty cells
are missing values.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kimxi.archive.load import ID_PATTERN
from kimxi.io.paths import DATA
from kimxi.io.schema import Column, Schema
from kimxi.io.tables import read_table

HISTORY_DIR = DATA / "history"
COUNTRIES = ("china", "us", "rok", "japan", "russia")


def _period_columns(pattern: str, what: str) -> tuple[Column, ...]:
    return (
        Column("period", pattern=pattern, description=what),
        Column("days", kind="integer", description="days of the period the scrape holds"),
        Column("articles", kind="integer"),
        Column("coverage_articles", kind="integer",
               description="articles other than leader messages and visits or talks"),
        *(Column(f"{c}_articles", kind="integer",
                 description=f"coverage articles naming {c} (kimxi.archive.mentions)")
          for c in COUNTRIES),
        Column("china_sentences", kind="integer",
               description="coverage sentences naming China, place-only mentions apart"),
        Column("china_stance_articles", kind="integer"),
        Column("china_place_only", kind="integer"),
        Column("china_stance", kind="number", required=False,
               description="mean stance toward China (-1 to 1; notebook 08's measure)"),
        Column("china_stance_low", kind="number", required=False,
               description="95% interval, bootstrap over whole articles"),
        Column("china_stance_high", kind="number", required=False),
        Column("china_favourable", kind="number", required=False),
        Column("china_unfavourable", kind="number", required=False),
    )


MESSAGE_COLUMNS = (
    Column("id", pattern=ID_PATTERN),
    Column("date", kind="date"),
    Column("item", kind="integer", required=False,
           description="KCNA's item number of the day, from the id (empty for xN ids)"),
    Column("title"),
    Column("direction", choices=("from DPRK", "to DPRK")),
    Column("sender"), Column("recipient"), Column("dprk_party"),
    Column("foreign_country", required=False),
    Column("foreign_office", choices=("head of state", "head of government", "party", "other")),
    Column("occasion"),
    Column("date_sent", kind="date", required=False),
    Column("n_words", kind="integer"),
    Column("n_formulae", kind="integer"),
    Column("answered_by", pattern=ID_PATTERN, required=False),
    Column("answer_days", kind="integer", required=False),
    Column("china_stance", kind="number", required=False,
           description="mean stance toward China of its sentences naming China"),
)
EVENT_KINDS = ("nuclear test", "UN sanctions", "leader visit", "envoy", "purge",
               "leader change")
EVENT_COLUMNS = (
    Column("event_id", pattern=r"ev-\d{4}-\d{2}-\d{2}-[a-z0-9-]+"),
    Column("kind", choices=EVENT_KINDS),
    Column("label"),
    Column("date_start", kind="date"),
    Column("date_end", kind="date"),
    Column("source", description="the KCNA article of the archive that states it, or a URL"),
    Column("evidence", description="the source's words that state the event and its day"),
    Column("note", required=False),
)
SCHEMAS = {
    "days.csv": Schema((Column("date", kind="date"), Column("articles", kind="integer")),
                       key="date"),
    "months.csv": Schema(_period_columns(r"\d{4}-\d{2}", "calendar month"), key="period"),
    "weeks.csv": Schema(_period_columns(r"\d{4}-\d{2}-\d{2}", "Monday of the week"),
                        key="period"),
    "leader_messages.csv": Schema(MESSAGE_COLUMNS, key="id"),
    "china_messages.csv": Schema((*MESSAGE_COLUMNS,
                                  Column("several", kind="boolean",
                                         description="a message listing many countries' "
                                                     "leaders, China's among them"),
                                  Column("text", description="the message as KCNA published "
                                                             "it (quoted material)")), key="id"),
}


def load(directory: str | Path = HISTORY_DIR, names=tuple(SCHEMAS)) -> dict[str, pd.DataFrame]:
    """The committed tables of ``directory``, checked against their schema and typed: numbers
    as numbers (an empty optional cell missing), the formula columns as booleans."""
    directory = Path(directory)
    out = {}
    for name in names:
        schema = SCHEMAS[name]
        frame = read_table(directory / name, schema.columns, key=schema.key)
        for col in schema.columns:
            if col.kind == "integer":
                frame[col.name] = pd.to_numeric(frame[col.name]).astype(
                    "int64" if col.required else "Int64")
            elif col.kind == "number":
                frame[col.name] = pd.to_numeric(frame[col.name])
            elif col.kind == "boolean":
                frame[col.name] = frame[col.name] == "true"
        for name_ in frame.columns:
            if name_ not in schema.names and frame[name_].isin(["true", "false"]).all():
                frame[name_] = frame[name_] == "true"
        out[name] = frame
    return out


def load_events(path: str | Path = HISTORY_DIR / "events.csv") -> pd.DataFrame:
    """The dated events of 1997-2018 (``events.csv``), checked against their schema."""
    return read_table(path, EVENT_COLUMNS, key="event_id")
