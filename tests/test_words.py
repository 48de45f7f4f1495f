"""Computed prose stays true for any count: plurals, empty lists, dates that match the data."""

from __future__ import annotations

import pandas as pd

from kimxi.plots import messages as messages_plot
from kimxi.record import exchanges, messages
from kimxi.report import words


def test_a_count_takes_the_right_number():
    assert words.counted(1, "message survives", "messages survive") == "1 message survives"
    assert words.counted(7, "message survives", "messages survive") == "7 messages survive"
    assert words.counted(0, "context event") == "0 context events"


def test_an_empty_list_is_said_in_words():
    assert words.listing([]) == "none"
    assert words.listing([], none="no named event") == "no named event"
    assert words.listing(["a", "b"], sep=", ") == "a, b"


def test_the_goldstein_title_dates_the_gap_from_the_data():
    record = messages.load_messages()
    fig = messages_plot.plot_goldstein_profile(record)
    title = " ".join(fig.axes[0].get_title(loc=where) for where in ("left", "center", "right"))
    table = exchanges.exchange_table(record)
    longest = table.loc[table.days_since_previous.idxmax()]
    before = table.date_end[table.date_start < longest.date_start].max()
    assert f"none for {int(longest.days_since_previous)} days after" in title
    assert f"{pd.Timestamp(before):%-d %b %Y}" in title and "November" not in title
