"""``data/datapackage.json``, written from the schemas the loaders and writers use.

Every table under ``data/`` is declared once, as a :class:`~kimxi.io.schema.Schema` or the
``*_COLUMNS`` of its module: the curated record, the KCNA archive's tables
(:mod:`kimxi.archive.tables`) and the tables the notebooks write (:mod:`kimxi.io.processed`).
:func:`package` turns them into a Frictionless Tabular Data Package (types, required cells,
enums, patterns, date windows from :mod:`kimxi.corpus.windows`, primary and foreign keys),
and ``kimxi run`` writes it before the notebooks. A test checks that the committed file is
what this module writes, and frictionless validates the tables against it.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from kimxi import __version__
from kimxi.archive import tables as archive_tables
from kimxi.corpus import articles as corpus, windows
from kimxi.history import tables as history_tables
from kimxi.io import processed
from kimxi.io.paths import DATA
from kimxi.io.schema import Schema
from kimxi.io.tables import write_tables
from kimxi.record import schema as record_schema, sources, versions

PACKAGE_JSON = DATA / "datapackage.json"

_DATE_WINDOWS = {("messages", "date_sent"): windows.MESSAGE_WINDOW,
                 ("messages", "date_start"): windows.MESSAGE_WINDOW,
                 ("messages", "date_end"): windows.MESSAGE_WINDOW,
                 ("events", "date_start"): windows.EVENT_WINDOW,
                 ("events", "date_end"): windows.EVENT_WINDOW}


def _ref(fields: list[str], resource: str, target: list[str]) -> dict:
    return {"fields": fields, "reference": {"resource": resource, "fields": target}}


RESOURCES = (
    ("sources", "sources.csv", sources.SOURCE_COLUMNS, "source_id", [],
     "Sources",
     "Every source the record cites, as a full citation: outlet, title and date where known, "
     "and a URL, host and path, article id, dataset path or archive id (or why there is none). "
     "SOURCES.md sets out, in the project's words, the facts taken from each."),
    ("messages", "messages.csv", record_schema.MESSAGE_COLUMNS, "message_id", [],
     "Exchanges",
     "One row per exchange between the DPRK and the PRC leaders or parties sent in the message "
     "window: who sent what to whom, when it was sent and reported, whether a full text was "
     "found, and a CAMEO event code, coded as the sender's act, with its Goldstein value. "
     "record_ref points to the exchange's section of SOURCES.md; sources holds source ids."),
    ("quotes", "quotes.csv", record_schema.QUOTE_COLUMNS, "quote_id",
     [_ref(["message_id"], "messages", ["message_id"]),
      _ref(["article_id"], "articles", ["article_id"]),
      _ref(["text_id"], "message_texts", ["text_id"])],
     "Quoted words",
     "One row per outlet's wording of the words of an exchange, as printed. article_id/start/end "
     "locate the same words in a seed article, text_id/text_start/text_end in a full text "
     "(Python str offsets). The quotations remain their outlets' (see LICENSE.md)."),
    ("message_texts", "message_texts.csv", record_schema.MESSAGE_TEXT_COLUMNS, "text_id",
     [_ref(["message_id"], "messages", ["message_id"])],
     "Full texts",
     "The full texts of the exchanges: KCNA's English of the messages, of both banquet speeches "
     "and of its reports of the Song Tao visit and the Beijing visit (from the KCNA English "
     "archive, with the article's id and the span of the text in it), and the Rodong Sinmun "
     "English text of Kim's message of thanks of 28 Mar 2018."),
    ("events", "events.csv", record_schema.EVENT_COLUMNS, "event_id",
     [_ref(["message_id"], "messages", ["message_id"])],
     "Context events",
     "Weapons tests, sanctions, their Chinese enforcement, summits and visits, party and state "
     "politics, inter-Korean and US steps around the exchanges, in local dates (note gives the "
     "US date where it differs). 'summit or visit' also holds leaders' calls and bilateral "
     "agreements between governments."),
    ("exchange_versions", "exchange_versions.csv", versions.VERSION_COLUMNS, None,
     [_ref(["message_id"], "messages", ["message_id"])],
     "Both sides' versions",
     "One row per exchange and side (DPRK, PRC): whether that side published the exchange, "
     "where and when, its length, whom it names first, and which topics it touches (true, "
     "false or unknown). The DPRK rows' derived columns are computed from KCNA's archive by "
     "kimxi.record.versions; the PRC rows are curated from news pages quoting Xinhua, People's "
     "Daily and the PRC foreign ministry, with what was searched where nothing was found."),
    ("articles", "raw/articles.csv", corpus.ARTICLE_COLUMNS, "article_id", [],
     "Seed articles (metadata)",
     "The two raw seed articles in raw/articles/, kept byte for byte; the files themselves are "
     "under their publishers' copyright (LICENSE.md) and are checked against sha256 on every "
     "load."),
)


def _resource(name: str, path: str, schema: dict, title: str, description: str) -> dict:
    return {"name": name, "path": path, "profile": "tabular-data-resource", "title": title,
            "description": description, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": True,
                        "header": True},
            "schema": schema}


def _bounds(resource: str) -> dict[str, tuple[str, str]]:
    return {column: (lo.isoformat(), hi.isoformat())
            for (name, column), (lo, hi) in _DATE_WINDOWS.items() if name == resource}


def _header(path: Path) -> list[str] | None:
    """The column names of the CSV at ``path``, or None where it is not (yet) written."""
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), None)


def derived_resources() -> list[dict]:
    """The KCNA archive's committed tables and the notebooks' processed tables, each with its
    fields in the order its file holds them."""
    kinds = (("kcna", archive_tables.SCHEMAS, "KCNA archive",
              "Derived from KCNA's English archive by kimxi kcna (kimxi.archive.build): "
              "features and the sentences the analyses quote, never the corpus."),
             ("history", {**history_tables.SCHEMAS,
                          "events.csv": Schema(history_tables.EVENT_COLUMNS, key="event_id")},
              "KCNA 1997-2018",
              "Derived from KCNA's English archive of 1997-2018 by kimxi kcna (kimxi.history): "
              "per-day, per-month and per-week counts and stance toward China, every "
              "country's leader messages as features, the DPRK-China messages with their "
              "texts (quoted material), and dated events each stated in a KCNA article."),
             ("processed", processed.SCHEMAS, "Processed",
              "Written by the notebooks (kimxi.io.processed), regenerated by make run; never "
              "edited by hand. A table may hold columns beyond those declared."))
    return [_resource(f"{folder}_{Path(file).stem}", f"{folder}/{file}",
                      schema.descriptor(header=_header(DATA / folder / file)),
                      f"{title}: {file}", description)
            for folder, schemas, title, description in kinds
            for file, schema in schemas.items()]


def package() -> dict:
    """The whole data package as a dict."""
    resources = []
    for name, path, columns, key, foreign, title, description in RESOURCES:
        schema = Schema(tuple(columns), key=key).descriptor(_bounds(name), foreign)
        resources.append(_resource(name, path, schema, title, description))
    resources += derived_resources()
    lo, hi = windows.MESSAGE_WINDOW
    return {
        "profile": "tabular-data-package",
        "name": "kim-xi-messages",
        "title": f"Kim Jong Un - Xi Jinping messages, {lo:%b %Y} - {hi:%b %Y}: the curated record",
        "description": (
            "Every leader and party exchange between the DPRK and the PRC found for the message "
            "window, their quoted words with the outlet and translation that printed them, the "
            "full texts KCNA's English archive holds, the context events, the sources cited "
            "(sources.csv, with SOURCES.md) and the metadata of the two raw seed articles. The "
            "loaders in src/kimxi/record/messages.py apply further checks (date windows, spans "
            "against "
            "the raw text and the full texts, source ids). Dates are local (Pyongyang/Beijing) "
            "unless an event's note says otherwise. Licences: see LICENSE.md; quotations and "
            "KCNA's texts remain their publishers'."),
        "version": __version__,  # the collection's one version (pyproject.toml)
        "licenses": [{"name": "CC-BY-4.0",
                      "title": "Creative Commons Attribution 4.0 International",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "sources": [{"title": "See sources.csv: one row per source, with its address"}],
        "resources": resources,
    }


def text() -> str:
    """The JSON text written to ``data/datapackage.json``."""
    return json.dumps(package(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    write_tables({PACKAGE_JSON: text()})
    print(f"wrote {PACKAGE_JSON.relative_to(DATA.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
