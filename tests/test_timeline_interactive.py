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
    assert "vegaEmbed" in page and '"renderer": "svg"' in page
    exchanges = tables()[0]
    assert all(m in page for m in exchanges.message_id)    # every exchange is in the spec
