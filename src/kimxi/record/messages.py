"""The curated message record: exchanges, quotes, the one full text, context events.

Four tables in ``data/`` hold what the fact sheet found (every row names its
sources):

- ``messages.csv``: one row per Kim-Xi (or WPK-CPC) exchange, Oct 2017 - Mar 2018;
- ``quotes.csv``: the quoted words of each exchange, one row per outlet's wording,
  with a character span into a seed article where the same words appear there;
- ``message_texts.csv``: the full text of a message, where one was found;
- ``events.csv``: the context events of Sep 2017 - Apr 2018.

Each ``load_*`` function validates its table completely before returning it and
raises :class:`~kimxi.io.errors.DataError` naming the file, the row and the column
at the first problem: a missing column, an empty cell, a date that is not ISO
8601 or falls outside the window, a duplicate id, a ``message_id`` that no
exchange has, a quote span that does not reproduce the quote in the raw
article. The columns are declared in :mod:`kimxi.record.schema`; the tables the notebooks
derive from the record are :mod:`kimxi.record.exchanges`, its figure :mod:`kimxi.plots.messages`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from kimxi.corpus import articles as corpus
from kimxi.corpus.windows import EVENT_WINDOW, MESSAGE_WINDOW
from kimxi.io import paths
from kimxi.io.errors import DataError
from kimxi.io.paths import relative
from kimxi.io.schema import parse_date
from kimxi.io.tables import read_table
from kimxi.record.schema import (
    CAMEO_GOLDSTEIN,
    EVENT_COLUMNS,
    EVENTS_CSV,
    MESSAGE_COLUMNS,
    MESSAGE_TEXT_COLUMNS,
    MESSAGE_TEXTS_CSV,
    MESSAGES_CSV,
    QUOTE_COLUMNS,
    QUOTES_CSV,
    VISIT_KINDS,
)
from kimxi.record.sources import check_citations, check_refs, load_sources

# --- validation helpers ----------------------------------------------------------------------


def _fail(path: str | Path, message: str, row: int, column: str) -> None:
    raise DataError(relative(path), message, row=row, column=column)


def _no_blank(path: str | Path, frame: pd.DataFrame, columns) -> None:
    """Required cells that hold only spaces are empty too (read_table sees them as text)."""
    for i, record in enumerate(frame.to_dict("records"), start=1):
        for col in columns:
            if col.required and record[col.name].strip() == "":
                _fail(path, "is empty", i, col.name)


def _in_window(path, value: str, window: tuple[dt.date, dt.date], row: int, column: str,
               what: str) -> None:
    day = parse_date(value)
    if not window[0] <= day <= window[1]:
        _fail(path, f"{value} is outside the {what} window {window[0]}..{window[1]}", row,
              column)


def _read(path, columns, key) -> pd.DataFrame:
    frame = read_table(path, columns, key=key)
    _no_blank(path, frame, columns)
    return frame


def _check_known(path, frame: pd.DataFrame, column: str, known: set[str],
                 what: str, allow_empty: bool = False) -> None:
    for i, value in enumerate(frame[column], start=1):
        if allow_empty and value == "":
            continue
        if value not in known:
            _fail(path, f"{value!r} is not the id of any {what}", i, column)


def _typed(frame: pd.DataFrame, dates=(), numbers=(), booleans=(), integers=()) -> pd.DataFrame:
    frame = frame.copy()
    for col in dates:
        frame[col] = pd.to_datetime(frame[col].replace("", None), format="%Y-%m-%d")
    for col in numbers:
        frame[col] = frame[col].astype(float)
    for col in booleans:
        frame[col] = frame[col] == "true"
    for col in integers:
        frame[col] = pd.array([int(v) if v != "" else None for v in frame[col]], dtype="Int64")
    return frame


# --- loaders -----------------------------------------------------------------------------------


def load_messages(path: str | Path = MESSAGES_CSV,
                  sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """The validated exchanges of ``messages.csv``, one row each, dates as datetimes.

    Beyond the cell checks of ``MESSAGE_COLUMNS``: every date lies in
    ``MESSAGE_WINDOW``; ``date_start`` equals ``date_sent``; ``date_end`` is not
    before it and equals it unless the exchange is a visit; neither report date
    is before ``date_sent``; the date in the id is ``date_sent``; ``goldstein``
    is the value of ``cameo_code`` in ``CAMEO_GOLDSTEIN``; every source id is in
    ``sources`` (``data/sources.csv`` when omitted) and ``record_ref`` is an
    anchor of ``data/SOURCES.md`` beside ``sources.csv``.
    """
    frame = _read(path, MESSAGE_COLUMNS, key="message_id")
    _check_sources(path, frame, "sources", sources)
    check_refs(frame, "record_ref", path, Path(path).parent / "SOURCES.md")
    for i, r in enumerate(frame.to_dict("records"), start=1):
        for col in ("date_sent", "date_start", "date_end"):
            _in_window(path, r[col], MESSAGE_WINDOW, i, col, "message")
        if r["date_start"] != r["date_sent"]:
            _fail(path, f"{r['date_start']} differs from date_sent {r['date_sent']}", i,
                  "date_start")
        if parse_date(r["date_end"]) < parse_date(r["date_start"]):
            _fail(path, f"{r['date_end']} is before date_start {r['date_start']}", i, "date_end")
        if r["kind"] not in VISIT_KINDS and r["date_end"] != r["date_start"]:
            _fail(path, f"a {r['kind']} is sent on one day, but date_end {r['date_end']} "
                        f"differs from date_start {r['date_start']}", i, "date_end")
        for col in ("date_reported", "date_reported_prc"):
            if r[col] and parse_date(r[col]) < parse_date(r["date_sent"]):
                _fail(path, f"{r[col]} is before date_sent {r['date_sent']}", i, col)
        if r["message_id"][4:14] != r["date_sent"]:
            _fail(path, f"the id's date {r['message_id'][4:14]} is not date_sent "
                        f"{r['date_sent']}", i, "message_id")
        expected = CAMEO_GOLDSTEIN[r["cameo_code"]][1]
        if float(r["goldstein"]) != expected:
            _fail(path, f"{r['goldstein']} is not the Goldstein value of CAMEO "
                        f"{r['cameo_code']} ({expected})", i, "goldstein")
    return _typed(frame, dates=("date_sent", "date_start", "date_end", "date_reported",
                                "date_reported_prc"),
                  numbers=("goldstein",), booleans=("full_text_available",))


def load_quotes(path: str | Path = QUOTES_CSV, messages: pd.DataFrame | None = None,
                articles_csv: str | Path = paths.ARTICLES_CSV,
                articles_dir: str | Path = paths.ARTICLES_DIR,
                message_texts: pd.DataFrame | None = None,
                sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """The validated quotes of ``quotes.csv``; ``start``/``end`` as nullable integers.

    ``messages`` is the validated exchange table (loaded from its default path
    when omitted). Checks: every ``message_id`` is an exchange; the quote id
    carries its exchange's ``date_sent``; ``article_id``, ``start`` and ``end``
    are all empty or all filled; the article exists (read and verified with
    :func:`kimxi.corpus.articles.load_articles`) and ``raw[start:end] == text``; likewise
    ``text_id``, ``text_start`` and ``text_end`` are all empty or all filled, and
    then the full text of ``message_texts`` with that id belongs to the same
    exchange and reads the quote at that span. Every source id is in ``sources``.
    """
    frame = _read(path, QUOTE_COLUMNS, key="quote_id")
    _check_sources(path, frame, "source", sources)
    if messages is None:
        messages = load_messages()
    if message_texts is None:
        message_texts = load_message_texts(messages=messages)
    sent = dict(zip(messages.message_id, messages.date_sent.dt.strftime("%Y-%m-%d"),
                    strict=True))
    _check_known(path, frame, "message_id", set(sent), "exchange in messages.csv")
    raw = None
    for i, r in enumerate(frame.to_dict("records"), start=1):
        if r["quote_id"][2:12] != sent[r["message_id"]]:
            _fail(path, f"the id's date {r['quote_id'][2:12]} is not the date_sent "
                        f"{sent[r['message_id']]} of {r['message_id']}", i, "quote_id")
        filled = [c for c in ("article_id", "start", "end") if r[c] != ""]
        if not filled:
            continue
        for col in ("article_id", "start", "end"):
            if r[col] == "":
                _fail(path, f"is empty, but {', '.join(filled)} is filled (a span needs "
                            "article_id, start and end)", i, col)
        if raw is None:
            raw = {a.article_id: a.text for a in corpus.load_articles(articles_csv,
                                                                      articles_dir)}
        if r["article_id"] not in raw:
            _fail(path, f"{r['article_id']!r} is not an article of "
                        f"{relative(articles_csv)}", i, "article_id")
        start, end, text = int(r["start"]), int(r["end"]), raw[r["article_id"]]
        if not 0 <= start < end <= len(text):
            _fail(path, f"span {start}..{end} is not inside {r['article_id']} "
                        f"({len(text)} characters)", i, "start")
        if text[start:end] != r["text"]:
            _fail(path, f"span {start}..{end} of {r['article_id']} reads "
                        f"{text[start:end][:60]!r}, not the quote {r['text'][:60]!r}", i, "text")
    _check_text_spans(path, frame, message_texts)
    return _typed(frame, integers=("start", "end", "text_start", "text_end"))


def load_message_texts(path: str | Path = MESSAGE_TEXTS_CSV,
                       messages: pd.DataFrame | None = None,
                       sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """The validated full texts: messages, speeches and reports, one row per text.

    Checks: every ``message_id`` is an exchange; a ``message`` or ``speech``
    belongs to an exchange with ``full_text_available`` true (a ``report`` is
    the media's account, not the exchange's words); ``start`` and ``end`` are
    both filled exactly when ``kcna_id`` is, and then ``end - start`` is the
    length of ``text``. That the span reads the text in the archive is checked
    by :func:`check_texts_in_archive` wherever the archive is present. Every
    source id is in ``sources``.
    """
    frame = _read(path, MESSAGE_TEXT_COLUMNS, key="text_id")
    _check_sources(path, frame, "source", sources)
    if messages is None:
        messages = load_messages()
    _check_known(path, frame, "message_id", set(messages.message_id),
                 "exchange in messages.csv")
    has_text = set(messages.message_id[messages.full_text_available])
    for i, r in enumerate(frame.to_dict("records"), start=1):
        if r["role"] != "report" and r["message_id"] not in has_text:
            _fail(path, f"{r['message_id']} has full_text_available false in messages.csv, "
                        f"but this text is its {r['role']}", i, "message_id")
        for col in ("start", "end"):
            if (r[col] == "") != (r["kcna_id"] == ""):
                _fail(path, "start and end are filled exactly when kcna_id is", i, col)
        if r["kcna_id"] and int(r["end"]) - int(r["start"]) != len(r["text"]):
            _fail(path, f"span {r['start']}..{r['end']} is not the length of the text "
                        f"({len(r['text'])} characters)", i, "end")
    return _typed(frame, integers=("start", "end"))


def check_texts_in_archive(texts: pd.DataFrame, archive_frame: pd.DataFrame,
                           path: str | Path = MESSAGE_TEXTS_CSV) -> int:
    """Raise DataError unless every KCNA text is its span of the archive; the count checked."""
    from kimxi.archive.load import check_spans

    kcna = texts[texts["kcna_id"] != ""].rename(columns={"kcna_id": "id"})
    check_spans(kcna, archive_frame, path)
    return len(kcna)


def _check_sources(path, frame: pd.DataFrame, column: str,
                   sources: pd.DataFrame | None) -> None:
    if sources is None:
        sources = load_sources(Path(path).parent / "sources.csv")
    check_citations(frame, column, set(sources["source_id"]), path)


def _check_text_spans(path, frame: pd.DataFrame, message_texts: pd.DataFrame) -> None:
    texts = message_texts.set_index("text_id")
    for i, r in enumerate(frame.to_dict("records"), start=1):
        cols = ("text_id", "text_start", "text_end")
        filled = [c for c in cols if r[c] != ""]
        if not filled:
            continue
        for col in cols:
            if r[col] == "":
                _fail(path, f"is empty, but {', '.join(filled)} is filled", i, col)
        if r["text_id"] not in texts.index:
            _fail(path, f"{r['text_id']!r} is not a text_id of message_texts.csv", i,
                  "text_id")
        host = texts.loc[r["text_id"]]
        if host["message_id"] != r["message_id"]:
            _fail(path, f"{r['text_id']} is a text of {host['message_id']}, not of "
                        f"{r['message_id']}", i, "text_id")
        start, end = int(r["text_start"]), int(r["text_end"])
        if host["text"][start:end] != r["text"]:
            _fail(path, f"span {start}..{end} of {r['text_id']} reads "
                        f"{host['text'][start:end][:60]!r}, not the quote {r['text'][:60]!r}",
                  i, "text")


def load_events(path: str | Path = EVENTS_CSV,
                messages: pd.DataFrame | None = None,
                sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """The validated context events, dates (local) as datetimes.

    Checks: both dates lie in ``EVENT_WINDOW``, ``date_end`` is not before
    ``date_start``, the id carries ``date_start``, and a filled ``message_id``
    is an exchange of ``messages``.
    """
    frame = _read(path, EVENT_COLUMNS, key="event_id")
    _check_sources(path, frame, "source", sources)
    if messages is None:
        messages = load_messages()
    _check_known(path, frame, "message_id", set(messages.message_id),
                 "exchange in messages.csv", allow_empty=True)
    for i, r in enumerate(frame.to_dict("records"), start=1):
        for col in ("date_start", "date_end"):
            _in_window(path, r[col], EVENT_WINDOW, i, col, "event")
        if parse_date(r["date_end"]) < parse_date(r["date_start"]):
            _fail(path, f"{r['date_end']} is before date_start {r['date_start']}", i, "date_end")
        if r["event_id"][3:13] != r["date_start"]:
            _fail(path, f"the id's date {r['event_id'][3:13]} is not date_start "
                        f"{r['date_start']}", i, "event_id")
    return _typed(frame, dates=("date_start", "date_end"))


def load_record(data_dir: str | Path = paths.DATA) -> dict[str, pd.DataFrame]:
    """All four tables of ``data_dir``, validated in dependency order.

    Returns ``{"sources", "messages", "quotes", "message_texts", "events"}``;
    quotes are checked against ``data_dir/raw`` and the full texts.
    """
    data_dir = Path(data_dir)
    sources = load_sources(data_dir / "sources.csv")
    messages = load_messages(data_dir / "messages.csv", sources)
    texts = load_message_texts(data_dir / "message_texts.csv", messages, sources)
    return {
        "sources": sources,
        "messages": messages,
        "quotes": load_quotes(data_dir / "quotes.csv", messages,
                              data_dir / "raw" / "articles.csv", data_dir / "raw" / "articles",
                              texts, sources),
        "message_texts": texts,
        "events": load_events(data_dir / "events.csv", messages, sources),
    }
