"""The sources the record cites: one row each in ``data/sources.csv``, full citations.

Every ``sources`` or ``source`` cell of the record (messages, quotes, message
texts, events) holds source ids (``src-...``, "; "-separated) that must stand
in this table. Each row names the outlet, the title where known, the date
where known, and an address: a URL, a host and path, an article id, a dataset
path or an archive id; a row without one says why. The facts the record takes
from these sources are set out, in the project's words, in ``data/SOURCES.md``,
whose anchors the messages' ``record_ref`` cells point to.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from kimxi.io.errors import DataError
from kimxi.io.paths import DATA, relative
from kimxi.io.schema import Column
from kimxi.io.tables import read_table

SOURCES_CSV = DATA / "sources.csv"
SOURCES_MD = DATA / "SOURCES.md"
SOURCE_ID = r"src-[a-z0-9]+(?:-[a-z0-9]+)*"
ADDRESS_KINDS = ("url", "host-path", "article-id", "dataset-path", "archive-id", "none")
SOURCE_KINDS = ("news report", "official readout", "state media", "briefing", "chronology",
                "legal or policy briefing", "dataset", "commentary")

SOURCE_COLUMNS = (
    Column("source_id", pattern=SOURCE_ID, description="stable id, src-<slug>"),
    Column("outlet", description="who published it (and the carrier, where known)"),
    Column("title", required=False, description="the title, where known"),
    Column("date", kind="date", required=False, description="publication day, where known"),
    Column("address", required=False,
           description="URL, host and path, article id, dataset path or archive id"),
    Column("address_kind", choices=ADDRESS_KINDS),
    Column("no_address_reason", required=False,
           description="why there is no address (only when address_kind is none)"),
    Column("kind", choices=SOURCE_KINDS),
    Column("notes", required=False),
)

_ANCHOR = re.compile(r'<a id="([^"]+)"></a>')


def load_sources(path: str | Path = SOURCES_CSV) -> pd.DataFrame:
    """The validated sources table: an address, or a reason for its absence, on every row."""
    frame = read_table(path, SOURCE_COLUMNS, key="source_id")
    for i, r in enumerate(frame.to_dict("records"), start=1):
        if r["address_kind"] == "none":
            if not r["address"] == "" or not r["no_address_reason"].strip():
                raise DataError(relative(path), "address_kind none needs an empty address "
                                "and a no_address_reason", row=i, column="no_address_reason")
        elif not r["address"].strip():
            raise DataError(relative(path), f"is empty, but address_kind is "
                                            f"{r['address_kind']}", row=i, column="address")
    return frame


def split_ids(cell: str) -> list[str]:
    """The source ids of one cell, in order."""
    return [part.strip() for part in cell.split(";") if part.strip()]


def check_citations(frame: pd.DataFrame, column: str, known: set[str],
                    path: str | Path) -> None:
    """Raise DataError at the first cell of ``column`` citing an id not in ``known``."""
    for i, cell in enumerate(frame[column], start=1):
        ids = split_ids(cell)
        if not ids:
            raise DataError(relative(path), "cites no source", row=i, column=column)
        for source_id in ids:
            if source_id not in known:
                raise DataError(relative(path), f"{source_id!r} is not a source_id of "
                                                f"{relative(SOURCES_CSV)}", row=i, column=column)


def anchors(path: str | Path = SOURCES_MD) -> set[str]:
    """The anchors (``<a id="...">``) of ``SOURCES.md``."""
    return set(_ANCHOR.findall(Path(path).read_text(encoding="utf-8")))


def check_refs(frame: pd.DataFrame, column: str, path: str | Path,
               md: str | Path = SOURCES_MD) -> None:
    """Raise DataError at the first ``SOURCES.md#anchor`` cell whose anchor is missing."""
    found = anchors(md)
    for i, cell in enumerate(frame[column], start=1):
        target = cell.partition("#")[2]
        if not cell.startswith("SOURCES.md#") or target not in found:
            raise DataError(relative(path), f"{cell!r} is not an anchor of "
                                            f"{relative(md)}", row=i, column=column)
