"""The curated message record: exchanges, quotes, the one full text, context events.

Four tables in ``data/`` hold what the fact sheet found (every row names its
sources):

- ``messages.csv``: one row per Kim-Xi (or WPK-CPC) exchange, Oct 2017 - Mar 2018;
- ``quotes.csv``: the quoted words of each exchange, one row per outlet's wording,
  with a character span into a seed article where the same words appear there;
- ``message_texts.csv``: the full text of a message, where one was found;
- ``events.csv``: the context events of Sep 2017 - Apr 2018.

Each ``load_*`` function validates its table completely before returning it and
raises :class:`~kimxi.errors.DataError` naming the file, the row and the column
at the first problem: a missing column, an empty cell, a date that is not ISO
8601 or falls outside the window, a duplicate id, a ``message_id`` that no
exchange has, a quote span that does not reproduce the quote in the raw
article. The other functions derive the tables the notebooks show: reporting
lags, the gaps between exchanges, monthly counts, the anniversaries, the KCNA
and Xinhua wordings side by side, and the Goldstein profile figure.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from kimxi import corpus, paths, style
from kimxi.errors import DataError
from kimxi.paths import relative
from kimxi.sources import check_citations, check_refs, load_sources
from kimxi.tables import Column, parse_date, read_table
from kimxi.windows import EVENT_WINDOW, MESSAGE_WINDOW

MESSAGES_CSV = paths.DATA / "messages.csv"
QUOTES_CSV = paths.DATA / "quotes.csv"
MESSAGE_TEXTS_CSV = paths.DATA / "message_texts.csv"
EVENTS_CSV = paths.DATA / "events.csv"


# CAMEO code -> Goldstein value, as printed in the fact sheet (section 4) from
# andybega/icews data-raw/cameo-codes.csv. Only these codes may be used.
CAMEO_GOLDSTEIN = {
    "010": ("Make statement", 0.0),
    "013": ("Make optimistic comment", 0.4),
    "018": ("Make empathetic comment", 3.4),
    "019": ("Express accord", 3.4),
    "032": ("Express intent to engage in diplomatic cooperation", 4.5),
    "036": ("Express intent to meet or negotiate", 4.0),
    "040": ("Consult", 1.0),
    "042": ("Make a visit", 1.9),
    "043": ("Host a visit", 2.8),
    "046": ("Engage in negotiation", 7.0),
    "051": ("Praise or endorse", 3.4),
}

DIRECTIONS = ("DPRK->PRC", "PRC->DPRK", "in person")
KINDS = ("congratulatory message", "message of thanks", "greeting card", "envoy visit", "summit")
VISIT_KINDS = ("envoy visit", "summit")
TRANSLATIONS = ("KCNA", "Xinhua", "KCNA Watch", "other", "unknown")
SIDES = ("DPRK", "PRC", "both")
VOICES = ("message", "speech", "readout", "spokesperson", "report", "retrospective")
WORDING = ("verbatim", "paraphrase", "later paraphrase")
# What a full text of message_texts.csv is: the message itself, a leader's speech, or
# a state-media report of a meeting (which is not the exchange's own words).
TEXT_ROLES = ("message", "speech", "report")
CATEGORIES = ("weapons test", "UN sanctions", "Chinese sanctions enforcement",
              "summit or visit", "party and state politics", "inter-Korean", "US policy")

_MESSAGE_ID = r"msg-\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*"

MESSAGE_COLUMNS = (
    Column("message_id", pattern=_MESSAGE_ID,
           description="stable id: msg-<date_sent>-<slug>"),
    Column("record_ref", pattern=r"SOURCES\.md#msg-[a-z0-9-]+",
           description="the section of data/SOURCES.md that sets out this exchange's facts"),
    Column("date_sent", kind="date", description="day sent; for a visit its first day"),
    Column("date_start", kind="date", description="first day (= date_sent)"),
    Column("date_end", kind="date", description="last day (= date_start unless a visit)"),
    Column("date_reported", kind="date",
           description="day DPRK state media (KCNA, Rodong Sinmun) first reported it"),
    Column("date_reported_prc", kind="date", required=False,
           description="first PRC official report named in the sheet; empty when none"),
    Column("sender_person", required=False, description="empty for a party-to-party message"),
    Column("sender_organ"),
    Column("recipient_person", required=False),
    Column("recipient_organ"),
    Column("direction", choices=DIRECTIONS),
    Column("kind", choices=KINDS),
    Column("occasion"),
    Column("reporting_outlets", description="'; '-separated"),
    Column("full_text_available", kind="boolean"),
    Column("cameo_code", choices=tuple(CAMEO_GOLDSTEIN), description="3-digit CAMEO code"),
    Column("goldstein", kind="number", description="Goldstein value of cameo_code"),
    Column("cameo_justification"),
    Column("sources", description="'; '-separated source ids of data/sources.csv"),
    Column("notes", required=False),
)

QUOTE_COLUMNS = (
    Column("quote_id", pattern=r"q-\d{4}-\d{2}-\d{2}-\d{2}",
           description="q-<date_sent of its message>-<nn>"),
    Column("message_id", pattern=_MESSAGE_ID),
    Column("speaker"),
    Column("side", choices=SIDES),
    Column("voice", choices=VOICES),
    Column("text", description="the quoted words as printed, outer quotation marks stripped"),
    Column("outlet", description="who printed these words"),
    Column("translation", choices=TRANSLATIONS, description="whose English translation"),
    Column("verbatim_or_paraphrase", choices=WORDING),
    Column("source", description="'; '-separated source ids of data/sources.csv"),
    Column("article_id", required=False, pattern=r"art-\d{3}"),
    Column("start", kind="integer", required=False),
    Column("end", kind="integer", required=False),
    Column("text_id", required=False, description="the full text (message_texts.csv) "
           "that holds the same words, where one does"),
    Column("text_start", kind="integer", required=False,
           description="span of the quote in that full text"),
    Column("text_end", kind="integer", required=False),
    Column("notes", required=False),
)

MESSAGE_TEXT_COLUMNS = (
    Column("text_id", pattern=r"kcna-\d{8}-\d{2}|[a-z]+-\d{4}-\d{2}-\d{2}-\d{4}",
           description="the KCNA id, or <outlet>-<date>-<number>"),
    Column("message_id", pattern=_MESSAGE_ID),
    Column("role", choices=TEXT_ROLES),
    Column("outlet"),
    Column("title"),
    Column("date_published", kind="date"),
    Column("kcna_id", required=False, pattern=r"kcna-\d{8}-\d{2}",
           description="id in the KCNA archive, where the text is from it"),
    Column("archive", description="the corpus file the text was taken from"),
    Column("start", kind="integer", required=False,
           description="span of the text in the archive article's text"),
    Column("end", kind="integer", required=False),
    Column("url", kind="url"),
    Column("source", description="'; '-separated source ids of data/sources.csv"),
    Column("text", description="the full text, verbatim"),
    Column("notes", required=False),
)

EVENT_COLUMNS = (
    Column("event_id", pattern=r"ev-\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*"),
    Column("date_start", kind="date", description="local date"),
    Column("date_end", kind="date", description="local date"),
    Column("category", choices=CATEGORIES),
    Column("title"),
    Column("note", required=False),
    Column("source"),
    Column("message_id", required=False, pattern=_MESSAGE_ID,
           description="the exchange this event is, if any"),
)

# The anniversaries on which a message would have been customary. The fact
# sheet searched for each and found none (section 1, "before window" row).
ANNIVERSARIES = pd.DataFrame([
    ("2017-09-09", "DPRK founding day", "Xi -> Kim"),
    ("2017-10-01", "PRC National Day", "Kim -> Xi"),
    ("2017-10-10", "WPK founding anniversary", "CPC -> WPK"),
], columns=["date", "occasion", "customary_message"])


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
    :func:`kimxi.corpus.load_articles`) and ``raw[start:end] == text``; likewise
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
    from kimxi.archive import check_spans

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


# --- derived tables -------------------------------------------------------------------


def exchange_table(messages: pd.DataFrame) -> pd.DataFrame:
    """The exchanges in date order with the derived columns, in days.

    ``duration_days``: ``date_end - date_start + 1``. ``lag_days``:
    ``date_reported - date_sent`` (for a visit, from its first day).
    ``lag_days_prc``: the same for the first PRC report (missing when none).
    ``days_since_previous``: ``date_start`` minus the ``date_end`` of the
    exchange before it (missing for the first).
    """
    table = messages.sort_values(["date_start", "message_id"]).reset_index(drop=True)
    table["duration_days"] = (table.date_end - table.date_start).dt.days + 1
    table["lag_days"] = (table.date_reported - table.date_sent).dt.days
    table["lag_days_prc"] = (table.date_reported_prc - table.date_sent).dt.days.astype("Int64")
    gap = (table.date_start - table.date_end.shift()).dt.days
    table["days_since_previous"] = gap.astype("Int64")
    return table


def silences(messages: pd.DataFrame, min_days: int = 30) -> pd.DataFrame:
    """Gaps of at least ``min_days`` days between one exchange's end and the next's start.

    Columns: after (message_id), before (message_id), from, to (dates),
    days. Also the stretch from the window's start to the first exchange and
    from the last exchange to the window's end, when long enough.
    """
    table = exchange_table(messages)
    rows = []
    edges = [("window start", pd.Timestamp(MESSAGE_WINDOW[0]) - pd.Timedelta(days=1))]
    edges += list(zip(table.message_id, table.date_end, strict=True))
    starts = list(zip(table.message_id, table.date_start, strict=True))
    starts.append(("window end", pd.Timestamp(MESSAGE_WINDOW[1]) + pd.Timedelta(days=1)))
    for (after, end), (before, start) in zip(edges, starts, strict=True):
        days = (start - end).days
        if days >= min_days:
            rows.append(dict(after=after, before=before, last_day=end.date(),
                             next_day=start.date(), days=days))
    return pd.DataFrame(rows, columns=["after", "before", "last_day", "next_day", "days"])


def monthly_counts(messages: pd.DataFrame) -> pd.DataFrame:
    """Exchanges started per month of the window, by kind, with zero months kept.

    Index: month (``YYYY-MM``) from Oct 2017 to Mar 2018; columns: the kinds
    and ``total``.
    """
    months = pd.period_range(MESSAGE_WINDOW[0], MESSAGE_WINDOW[1], freq="M")
    month = messages.date_start.dt.to_period("M")
    counts = pd.crosstab(month, messages.kind).reindex(index=months, columns=list(KINDS),
                                                       fill_value=0)
    counts["total"] = counts.sum(axis=1)
    counts.index = counts.index.astype(str)
    counts.index.name = "month"
    counts.columns.name = None
    return counts


def who_to_whom(messages: pd.DataFrame) -> pd.DataFrame:
    """How many exchanges of each kind went in each direction (with totals)."""
    table = pd.crosstab(messages.direction, messages.kind, margins=True, margins_name="total")
    table = table.reindex(index=[*DIRECTIONS, "total"], columns=[*KINDS, "total"], fill_value=0)
    table.columns.name = None
    return table


def anniversary_check(messages: pd.DataFrame) -> pd.DataFrame:
    """The customary anniversaries with the exchanges of the record dated on them.

    ``in_record_window`` says whether the day lies inside ``MESSAGE_WINDOW``
    (9 Sep does not: for it only the fact sheet's search, Sep 2017 - Apr 2018,
    speaks); ``exchanges_that_day`` counts rows of ``messages`` sent that day.
    """
    table = ANNIVERSARIES.copy()
    days = pd.to_datetime(table.date)
    table["in_record_window"] = [MESSAGE_WINDOW[0] <= d.date() <= MESSAGE_WINDOW[1]
                                 for d in days]
    sent = messages.date_sent
    table["exchanges_that_day"] = [int((sent == d).sum()) for d in days]
    return table


def side_by_side(quotes: pd.DataFrame, rows: list[tuple[str, str | None, str | None]],
                 translations: tuple[str, str] = ("KCNA", "Xinhua")) -> pd.DataFrame:
    """Two translations of one exchange read across, point by point.

    ``rows`` pairs quotes by what they say: ``(point, quote_id or None,
    quote_id or None)``, the first id in ``translations[0]``, the second in
    ``translations[1]``. Returns columns ``point`` and one per translation
    (headed with the outlets), empty where a translation has no such words.
    Raises ``ValueError`` when an id is unknown, has another translation, or
    the ids belong to more than one exchange.
    """
    by_id = quotes.set_index("quote_id")
    out, outlets, exchanges = [], {t: set() for t in translations}, set()
    for point, *ids in rows:
        cells = []
        for name, qid in zip(translations, ids, strict=True):
            if qid is None:
                cells.append("")
                continue
            if qid not in by_id.index:
                raise ValueError(f"{qid} is not a quote_id")
            row = by_id.loc[qid]
            if row.translation != name:
                raise ValueError(f"{qid} is a {row.translation} translation, not {name}")
            exchanges.add(row.message_id)
            outlets[name].add(row.outlet)
            cells.append(row.text)
        out.append([point, *cells])
    if len(exchanges) > 1:
        raise ValueError(f"the quotes belong to {len(exchanges)} exchanges: {sorted(exchanges)}")
    heads = [f"{t} ({'; '.join(sorted(outlets[t]))})" for t in translations]
    return pd.DataFrame(out, columns=["point", *heads])


def quote_table(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes with ``n_words`` and ``contained_in``.

    ``contained_in`` is the quote_id of the first other quote of the same
    exchange whose text contains this one's text (so a fragment repeated in a
    longer quotation is not counted twice), else empty.
    """
    table = quotes.copy()
    table["n_words"] = table.text.str.split().str.len()
    contained = []
    for r in table.itertuples(index=False):
        same = table[(table.message_id == r.message_id) & (table.quote_id != r.quote_id)]
        hosts = [q.quote_id for q in same.itertuples(index=False)
                 if r.text in q.text and (len(q.text) > len(r.text) or q.quote_id < r.quote_id)]
        contained.append(hosts[0] if hosts else "")
    table["contained_in"] = contained
    return table


def normalise_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events in date order with ``duration_days`` and ``in_message_window``.

    ``in_message_window`` is true when the event overlaps ``MESSAGE_WINDOW``.
    """
    table = events.sort_values(["date_start", "event_id"]).reset_index(drop=True)
    table["duration_days"] = (table.date_end - table.date_start).dt.days + 1
    lo, hi = (pd.Timestamp(d) for d in MESSAGE_WINDOW)
    table["in_message_window"] = (table.date_end >= lo) & (table.date_start <= hi)
    return table


def to_output(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose dates are ``YYYY-MM-DD`` text and booleans ``true``/``false``, for CSV."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d").fillna("")
        elif pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map({True: "true", False: "false"})
    return out


# --- figure ---------------------------------------------------------------------------

_DIRECTION_COLOURS = {"DPRK->PRC": style.SIDE_COLOURS["dprk"],
                      "PRC->DPRK": style.SIDE_COLOURS["prc"],
                      "in person": style.SIDE_COLOURS["other"]}
def plot_goldstein_profile(messages: pd.DataFrame, min_gap_days: int = 30) -> plt.Figure:
    """The exchanges top to bottom in date order, each a bar of its Goldstein value.

    Bars are coloured by direction and end in the value and CAMEO code; a grey
    row marks every gap of at least ``min_gap_days`` days between exchanges.
    The title states the range of values and the longest gap, computed from
    ``messages``.
    """
    table = exchange_table(messages)
    labels, values, colours, codes = [], [], [], []
    for r in table.itertuples(index=False):
        if pd.notna(r.days_since_previous) and r.days_since_previous >= min_gap_days:
            labels.append(f"no exchange found for {r.days_since_previous} days")
            values.append(None)
            colours.append(None)
            codes.append("")
        days = f"{r.date_start:%d %b %Y}"
        if r.date_end > r.date_start:
            days = f"{r.date_start:%d}-{r.date_end:%d %b %Y}"
        labels.append(f"{days}  {r.kind} ({r.direction})")
        values.append(r.goldstein)
        colours.append(_DIRECTION_COLOURS[r.direction])
        codes.append(f"{r.goldstein:g} (CAMEO {r.cameo_code})")
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(labels) + 1.2))
    for y, (value, colour, code) in enumerate(zip(values, colours, codes, strict=True)):
        if value is None:
            ax.axhspan(y - 0.45, y + 0.45, color=style.PALETTE["grey"], alpha=0.15, lw=0)
            continue
        ax.barh(y, value, color=colour, height=0.6)
        ax.text(value + 0.1, y, code, va="center", fontsize=8)
    ax.set_yticks(range(len(labels)), labels)
    for tick, value in zip(ax.get_yticklabels(), values, strict=True):
        if value is None:
            tick.set_fontstyle("italic")
            tick.set_color("#555555")
    ax.invert_yaxis()
    ax.set_xlim(0, 10)
    ax.grid(axis="y", visible=False)
    ax.set_axisbelow(True)
    ax.legend(handles=[Patch(color=c, label=d) for d, c in _DIRECTION_COLOURS.items()],
              loc="lower right", fontsize=8)
    ax.set_xlabel("Goldstein score of the exchange's CAMEO code "
                  "(scale -10 conflict to +10 cooperation)")
    lo, hi = table.goldstein.min(), table.goldstein.max()
    gap = table.days_since_previous.max()
    ax.set_title(f"All {len(table)} exchanges score {lo:g} to {hi:g} on a scale of -10 to +10;"
                 f" none for {gap} days after November")
    return fig
