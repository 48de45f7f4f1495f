"""The interactive timeline: fields from the record, a self-contained page."""

from __future__ import annotations

import re

import pandas as pd

from kimxi.io import paths
from kimxi.plots import timeline_interactive as ti


def tables():
    return ti.read_tables(paths.PROCESSED, paths.DATA)


def test_every_exchange_and_event_has_a_row_with_its_fields():
    exchanges, quotes, events, sources = tables()
    rows = ti.exchange_rows(exchanges, quotes, sources)
    assert rows.id.tolist() == exchanges.message_id.tolist()
    quoted = rows.set_index("id").quotes
    for message, said in quotes.groupby("message_id"):
        assert said.text.iloc[0] in quoted[message]
        assert f"translation: {said.translation.iloc[0]}" in quoted[message]
    assert rows.source.str.match(r"^(https?://\S+)?$").all()
    assert ti.event_rows(events, sources).id.tolist() == events.event_id.tolist()


def test_first_address_finds_the_web_address_in_a_source_cell():
    sources = pd.DataFrame({"source_id": ["a", "b", "c"], "address": [
        "archive.csv, id x; http://kcna.co.jp/item/1.html", "asiancorrespondent.com/2017/10/x/",
        None]})
    assert ti._first_address("a", sources) == "http://kcna.co.jp/item/1.html"
    assert ti._first_address("c; b", sources) == "https://asiancorrespondent.com/2017/10/x/"
    assert ti._first_address("c", sources) == ""


def test_the_page_needs_no_network(tmp_path):
    page = ti.write(paths.PROCESSED, paths.DATA, tmp_path / "timeline.html").read_text()
    assert not re.search(r"<script[^>]+src=", page)        # every script inline
    assert "vegaEmbed" in page and "\"renderer\": \"svg\"" in page
    exchanges = tables()[0]
    assert all(m in page for m in exchanges.message_id)    # every exchange is in the spec


def test_the_gap_shaded_is_the_longest_silence_of_the_record():
    from kimxi.record import exchanges as exchange_tables, messages

    exchanges, quotes, _, sources = tables()
    gap = ti.longest_gap(ti.exchange_rows(exchanges, quotes, sources))
    longest = exchange_tables.silences(messages.load_messages()).sort_values("days").iloc[-1]
    assert (gap["last_day"], gap["next_day"], gap["days"]) == (
        str(longest["last_day"]), str(longest["next_day"]), longest["days"])


def test_longest_gap_counts_from_the_latest_end_so_far():
    rows = pd.DataFrame({"id": ["a", "b", "c", "d"],
                         "date": ["2018-01-01", "2018-01-05", "2018-01-20", "2018-02-01"],
                         "end": ["2018-01-25", "2018-01-06", "2018-01-21", "2018-02-02"]})
    # b and c fall inside a's span: the gaps run from a's end, not from b's or c's.
    assert ti.longest_gap(rows) == {"after": "a", "before": "d", "last_day": "2018-01-25",
                                    "next_day": "2018-02-01", "days": 7}


def test_every_mark_has_a_readable_name_and_no_mark_replaces_the_page():
    exchanges, quotes, events, sources = tables()
    rows = ti.exchange_rows(exchanges, quotes, sources)
    spec = ti.chart(rows, ti.event_rows(events, sources)).to_dict()
    text = str(spec)
    assert "'href'" not in text                            # a Vega href navigates away
    assert spec["width"] == "container"
    named = [layer for layer in spec["layer"] if "description" in layer.get("encoding", {})]
    assert {layer["encoding"]["description"]["field"] for layer in named} == {"name"}
    kim = rows.set_index("id").loc["msg-2017-10-25-kim-xi"]
    assert kim["name"] == "Kim Jong Un to Xi Jinping, congratulatory message, 25 Oct 2017"
    assert not rows.name.str.contains("msg-").any()


def test_the_page_is_the_same_bytes_when_written_again(tmp_path):
    first = ti.write(paths.PROCESSED, paths.DATA, tmp_path / "a.html").read_bytes()
    second = ti.write(paths.PROCESSED, paths.DATA, tmp_path / "b.html").read_bytes()
    assert first == second


def test_the_page_links_back_to_the_book_only_when_told_where_it_is(tmp_path):
    alone = ti.write(paths.PROCESSED, paths.DATA, tmp_path / "alone.html").read_text()
    booked = ti.write(paths.PROCESSED, paths.DATA, tmp_path / "book.html",
                      back="index.html").read_text()
    links = re.findall(r'<nav><a href="([^"]+)">', booked)
    assert links == ["index.html"] and "<nav>" not in alone
    assert booked.index("<nav>") < booked.index("<h1>")  # first on the page
