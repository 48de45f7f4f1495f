"""Tables derived from the message record: reporting lags, the gaps between exchanges, monthly
counts, the anniversaries, the KCNA and Xinhua wordings side by side.
"""

from __future__ import annotations

import pandas as pd

from kimxi.corpus.windows import MESSAGE_WINDOW
from kimxi.record.schema import ANNIVERSARIES, DIRECTIONS, KINDS

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
