"""The collection's date windows, set here and nowhere else, and the period of a corpus.

Widening the record means changing one value below: the loaders of
:mod:`kimxi.record.messages` and :mod:`kimxi.archive.load`, the data package written by
:mod:`kimxi.run.datapackage`, the timeline and the tests all read these.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

# Exchanges (messages.csv: date_sent, date_start, date_end).
MESSAGE_WINDOW = (dt.date(2017, 10, 1), dt.date(2018, 3, 31))
# Context events (events.csv), wide enough for UNSCR 2371 of 5 Aug 2017 and the
# Panmunjom summit of 27 Apr 2018.
EVENT_WINDOW = (dt.date(2017, 8, 1), dt.date(2018, 4, 30))
# The KCNA English archive: every day it holds (its README).
ARCHIVE_WINDOW = (dt.date(2017, 9, 1), dt.date(2018, 4, 26))


def contains(window: tuple[dt.date, dt.date], day: dt.date) -> bool:
    """Whether ``day`` lies inside ``window`` (both ends included)."""
    return window[0] <= day <= window[1]


def period_of(dates) -> str:
    """The period over which a corpus dated ``dates`` is followed in time: "W" (weeks
    starting Monday) when it spans up to two years, else "M" (months)."""
    dates = pd.to_datetime(pd.Series(dates))
    return "W" if (dates.max() - dates.min()).days <= 731 else "M"


def period_start(dates, period: str) -> pd.Series:
    """The first day of each date's period: its week (Monday to Sunday) for "W", else its
    month."""
    return pd.to_datetime(pd.Series(dates)).dt.to_period(
        "W-SUN" if period == "W" else "M").dt.start_time
