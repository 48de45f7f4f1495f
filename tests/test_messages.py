"""The curated message record: complete, exact, checkable, and loud when corrupted.

Expectations are hand-coded from the fact sheet (sections 1-3), not copied
from a run of the code.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from kimxi import DataError
from kimxi.corpus import articles as corpus, segment, windows
from kimxi.io import paths
from kimxi.plots import messages as messages_plot
from kimxi.record import exchanges as exchange_tables, messages, schema as record_schema
from kimxi.run import datapackage

TABLES = ("messages.csv", "quotes.csv", "message_texts.csv", "events.csv", "sources.csv",
          "exchange_versions.csv",
          "SOURCES.md")
FACTSHEET = paths.ROOT.parent / "shared" / "research" / "messages-factsheet.md"

# The seven exchanges of the fact sheet, section 1, and the two the KCNA archive adds (the New
# Year card of kcna-20171231-15 and Xi's reply received on 23 Mar, kcna-20180405-05):
# id: (date_sent, date_end, date KCNA/Rodong reported it, direction, kind)
SHEET_EXCHANGES = {
    "msg-2017-12-31-xi-kim-new-year-card": ("2017-12-31", "2017-12-31", "2017-12-31",
                                            "PRC->DPRK", "greeting card"),
    "msg-2018-03-23-xi-kim": ("2018-03-23", "2018-03-23", "2018-04-05", "PRC->DPRK",
                              "message of thanks"),
    "msg-2017-10-18-wpk-cpc": ("2017-10-18", "2017-10-18", "2017-10-18", "DPRK->PRC",
                               "congratulatory message"),
    "msg-2017-10-25-kim-xi": ("2017-10-25", "2017-10-25", "2017-10-26", "DPRK->PRC",
                              "congratulatory message"),
    "msg-2017-11-01-xi-kim": ("2017-11-01", "2017-11-01", "2017-11-02", "PRC->DPRK",
                              "message of thanks"),
    "msg-2017-11-17-song-tao-visit": ("2017-11-17", "2017-11-20", "2017-11-18", "PRC->DPRK",
                                      "envoy visit"),
    "msg-2018-03-17-kim-xi": ("2018-03-17", "2018-03-17", "2018-03-18", "DPRK->PRC",
                              "congratulatory message"),
    "msg-2018-03-25-beijing-summit": ("2018-03-25", "2018-03-28", "2018-03-28", "in person",
                                      "summit"),
    "msg-2018-03-28-kim-xi-thanks": ("2018-03-28", "2018-03-28", "2018-03-28", "DPRK->PRC",
                                     "message of thanks"),
}


@pytest.fixture(scope="module")
def record() -> dict[str, pd.DataFrame]:
    return messages.load_record()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """The curated tables, the data package, data/raw and the derived tables it describes
    (data/kcna, data/processed), copied to a temporary data/."""
    target = tmp_path / "data"
    shutil.copytree(paths.RAW, target / "raw")
    shutil.copytree(paths.DATA / "kcna", target / "kcna",
                    ignore=shutil.ignore_patterns("handcheck"))
    shutil.copytree(paths.PROCESSED, target / "processed")
    for name in (*TABLES, "datapackage.json"):
        shutil.copy(paths.DATA / name, target / name)
    return target


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _set(data: Path, table: str, row: int, column: str, value: str) -> None:
    header, rows = _rows(data / table)
    assert column in header
    rows[row - 1][column] = value
    _write(data / table, header, rows)


def _fails(data: Path, *fragments: str) -> str:
    with pytest.raises(DataError) as caught:
        messages.load_record(data)
    text = str(caught.value)
    for fragment in fragments:
        assert fragment in text, text
    return text


# --- the real record ------------------------------------------------------------------------


def test_the_real_record_loads(record):
    assert set(record) == {"sources", "messages", "quotes", "message_texts", "events"}
    assert all(len(frame) > 0 for frame in record.values())


def test_nine_exchanges_with_the_sheets_and_the_archives_dates(record):
    table = record["messages"].set_index("message_id")
    assert set(table.index) == set(SHEET_EXCHANGES)
    for mid, (sent, end, reported, direction, kind) in SHEET_EXCHANGES.items():
        row = table.loc[mid]
        assert row.date_sent == pd.Timestamp(sent), mid
        assert row.date_start == pd.Timestamp(sent), mid
        assert row.date_end == pd.Timestamp(end), mid
        assert row.date_reported == pd.Timestamp(reported), mid
        assert (row.direction, row.kind) == (direction, kind), mid


def test_in_the_months_the_sheet_found_nothing_only_the_new_year_card(record):
    table = record["messages"]
    quiet = (pd.Timestamp("2017-12-01"), pd.Timestamp("2018-02-28"))
    for col in ("date_start", "date_end", "date_reported"):
        inside = table[table[col].between(*quiet)]
        assert list(inside.message_id) == ["msg-2017-12-31-xi-kim-new-year-card"], col
    # Nor on the anniversaries of 1 and 10 Oct 2017 (9 Sep lies before the record's window).
    assert not table.date_sent.isin(pd.to_datetime(["2017-10-01", "2017-10-10"])).any()
    months = exchange_tables.monthly_counts(table)
    assert months.loc[["2018-01", "2018-02"], "total"].eq(0).all()
    assert months.loc["2017-12", "greeting card"] == months.loc["2017-12", "total"] == 1


# KCNA's full texts, by the fact sheet's section 6 and the archive's titles.
KCNA_TEXTS = {
    "msg-2017-10-18-wpk-cpc": {"kcna-20171018-04"},
    "msg-2017-10-25-kim-xi": {"kcna-20171026-01"},
    "msg-2017-11-01-xi-kim": {"kcna-20171102-01"},
    "msg-2017-11-17-song-tao-visit": {"kcna-20171115-09", "kcna-20171118-04", "kcna-20171118-05",
                                      "kcna-20171118-06", "kcna-20171118-16", "kcna-20171119-04",
                                      "kcna-20171120-23"},
    "msg-2017-12-31-xi-kim-new-year-card": {"kcna-20171231-15"},
    "msg-2018-03-17-kim-xi": {"kcna-20180318-01"},
    "msg-2018-03-23-xi-kim": {"kcna-20180405-05"},
    "msg-2018-03-25-beijing-summit": {f"kcna-20180328-{i:02d}" for i in range(5, 12)},
    "msg-2018-03-28-kim-xi-thanks": {"kcna-20180328-12"},
}


def test_full_texts_where_kcna_or_rodong_has_one(record):
    table = record["messages"]
    with_text = set(table.message_id[table.full_text_available])
    # Every exchange but the envoy visit (reports, no message) and the card (not printed).
    assert with_text == set(SHEET_EXCHANGES) - {"msg-2017-11-17-song-tao-visit",
                                                "msg-2017-12-31-xi-kim-new-year-card"}
    texts = record["message_texts"]
    kcna = texts[texts.kcna_id != ""]
    assert kcna.groupby("message_id").kcna_id.apply(set).to_dict() == KCNA_TEXTS
    speeches = kcna[kcna.role == "speech"].set_index("kcna_id").title.to_dict()
    assert speeches == {"kcna-20180328-10": "Kim Jong Un's Speech at Banquet",
                        "kcna-20180328-11": "Xi Jinping's Speech at Banquet"}
    assert set(texts[texts.message_id.isin(["msg-2017-11-17-song-tao-visit",
                                            "msg-2017-12-31-xi-kim-new-year-card"])].role) == {
        "report"}
    rodong = texts.set_index("text_id").loc["rodong-2018-03-28-0005", "text"]
    assert rodong.startswith("Kim Jong Un, chairman of the Workers' Party of Korea")
    assert rodong.endswith("I wish you good health.")
    # The Song Tao visit carried no message; the record must not pretend otherwise.
    song = table.set_index("message_id").loc["msg-2017-11-17-song-tao-visit"]
    assert not song.full_text_available
    assert "No Xi letter or verbal message was reported" in song.notes


def test_goldstein_values_come_from_the_sheets_table(record):
    # Section 4 of the fact sheet, typed in by hand.
    sheet = {"010": 0, "013": 0.4, "018": 3.4, "019": 3.4, "032": 4.5, "036": 4, "040": 1,
             "042": 1.9, "043": 2.8, "046": 7, "051": 3.4}
    for row in record["messages"].itertuples():
        assert row.goldstein == sheet[row.cameo_code], row.message_id


def test_every_quote_span_reproduces_the_raw_article(record):
    # Read the raw files directly, not through the loader under test.
    meta = pd.read_csv(paths.ARTICLES_CSV, dtype=str)
    raw = {r.article_id: (paths.ARTICLES_DIR / r.file).read_bytes().decode("utf-8")
           for r in meta.itertuples()}
    spans = record["quotes"].dropna(subset=["start"])
    # art-000 carries three of Kim's phrases of 25 Oct; art-003 nine phrases of three messages.
    assert spans.article_id.value_counts().to_dict() == {"art-003": 9, "art-000": 3}
    for q in spans.itertuples():
        assert raw[q.article_id][q.start:q.end] == q.text, q.quote_id


def test_every_leader_quote_of_the_seed_articles_is_in_the_record(record):
    """Each passage of a seed article quoting a leader's message has a row at that place."""
    found = segment.corpus_tables(corpus.load_articles())["article_quotes"]
    leaders = found[found.speaker.isin(["Kim Jong Un", "Kim Jong Un (message text)", "KCNA",
                                        "Xi Jinping"])]
    assert len(leaders) == 10  # 3 in art-000, 7 in art-003 (read off the two articles)
    spans = record["quotes"].dropna(subset=["start"])
    for passage in leaders.itertuples():
        text = passage.text.rstrip(",.")
        hits = spans[(spans.article_id == passage.article_id) & (spans.start == passage.start)
                     & (spans.text == text)]
        assert len(hits) >= 1, passage.quote_id


@pytest.mark.skipif(not FACTSHEET.is_file(), reason="fact sheet not present on this machine")
def test_quotes_and_text_are_copied_exactly_from_the_sheet(record):
    sheet = FACTSHEET.read_text(encoding="utf-8")
    quotes = record["quotes"]
    from_sheet = quotes[~quotes.source.str.contains("src-art-")]
    for q in from_sheet.itertuples():
        assert q.text in sheet, q.quote_id
    # Rows taken from an article instead carry a span (checked above).
    assert quotes[quotes.source.str.contains("src-art-")].start.notna().all()
    texts = record["message_texts"].set_index("text_id")
    assert texts.loc["rodong-2018-03-28-0005", "text"] in sheet


def test_the_17_march_message_in_both_translations(record):
    quotes = record["quotes"]
    mine = quotes[quotes.message_id == "msg-2018-03-17-kim-xi"]
    assert {"KCNA", "Xinhua"} <= set(mine.translation)
    xinhua = mine[mine.translation == "Xinhua"].text.str.cat(sep=" ")
    kcna = mine[mine.translation == "KCNA"].text.str.cat(sep=" ")
    assert "North Korea-China relations" in xinhua and "bilateral relations" in kcna


def test_events_cover_the_window_with_local_dates(record):
    events = record["events"].set_index("event_id")
    hwasong = events[events.title.str.contains("Hwasong-15")].iloc[0]
    assert hwasong.date_start == pd.Timestamp("2017-11-29") and "28 Nov" in hwasong.note
    trump = events[events.title.str.contains("by May")].iloc[0]
    assert trump.date_start == pd.Timestamp("2018-03-08") and "9 Mar in Korea" in trump.note
    # UNSCR 2371 (5 Aug 2017, the sheet's section 3) opens the widened events window.
    assert events.date_start.min() == pd.Timestamp("2017-08-05")
    assert "2371" in events.loc["ev-2017-08-05-unscr-2371", "title"]
    assert events.date_end.max() <= pd.Timestamp("2018-04-30")
    assert set(events.category) == set(record_schema.CATEGORIES)
    linked = set(events.message_id) - {""}
    assert linked == {"msg-2017-11-17-song-tao-visit", "msg-2018-03-25-beijing-summit"}


# --- derived tables ---------------------------------------------------------------------------


def test_lags_and_gaps(record):
    table = exchange_tables.exchange_table(record["messages"]).set_index("message_id")
    # Sent Saturday 17 Mar, reported Sunday 18 Mar; the visit was made public on its last day.
    assert table.loc["msg-2018-03-17-kim-xi", "lag_days"] == 1
    assert table.loc["msg-2018-03-25-beijing-summit", "lag_days"] == 3
    assert table.loc["msg-2018-03-25-beijing-summit", "duration_days"] == 4
    # Xi's reply: received 23 Mar, published 5 Apr.
    assert table.loc["msg-2018-03-23-xi-kim", "lag_days"] == 13
    # 20 Nov to 31 Dec 2017: 10 + 31 days; 31 Dec to 17 Mar 2018: 31 + 28 + 17 days.
    assert table.loc["msg-2017-12-31-xi-kim-new-year-card", "days_since_previous"] == 41
    assert table.loc["msg-2018-03-17-kim-xi", "days_since_previous"] == 76
    assert pd.isna(table.loc["msg-2017-10-18-wpk-cpc", "days_since_previous"])
    assert pd.isna(table.loc["msg-2017-11-01-xi-kim", "lag_days_prc"])  # not carried in China
    gaps = exchange_tables.silences(record["messages"], min_days=30)
    assert gaps[["after", "before", "days"]].values.tolist() == [
        ["msg-2017-11-17-song-tao-visit", "msg-2017-12-31-xi-kim-new-year-card", 41],
        ["msg-2017-12-31-xi-kim-new-year-card", "msg-2018-03-17-kim-xi", 76]]


def test_counts_by_direction_and_anniversaries(record):
    who = exchange_tables.who_to_whom(record["messages"])
    assert who.loc["DPRK->PRC", "total"] == 4
    assert who.loc["PRC->DPRK", "message of thanks"] == 2
    assert who.loc["PRC->DPRK", "greeting card"] == 1
    assert who.loc["total", "total"] == 9
    ann = exchange_tables.anniversary_check(record["messages"])
    assert ann.exchanges_that_day.eq(0).all()
    assert ann.set_index("date").in_record_window.to_dict() == {
        "2017-09-09": False, "2017-10-01": True, "2017-10-10": True}


def test_quote_table_marks_fragments_of_longer_quotes(record):
    table = exchange_tables.quote_table(record["quotes"]).set_index("quote_id")
    # SCMP's "sincerely wished" is inside Yonhap's sentence of the same message.
    assert table.loc["q-2017-10-18-04", "text"] == "sincerely wished"
    assert table.loc["q-2017-10-18-04", "contained_in"] == "q-2017-10-18-01"
    # Yonhap's full sentence is inside no other quote.
    assert table.loc["q-2017-10-18-01", "contained_in"] == ""


def test_side_by_side_refuses_a_wrong_translation(record):
    quotes = record["quotes"]
    kcna = quotes[(quotes.message_id == "msg-2018-03-17-kim-xi")
                  & (quotes.translation == "KCNA")].quote_id.iloc[0]
    with pytest.raises(ValueError, match="not Xinhua"):
        exchange_tables.side_by_side(quotes, [("point", None, kcna)])
    table = exchange_tables.side_by_side(quotes, [("point", kcna, None)])
    assert table.iloc[0, 2] == "" and table.iloc[0, 1] != ""


def test_goldstein_figure_title_states_the_finding(record, tmp_path):
    from kimxi.plots import style

    style.use()
    fig = messages_plot.plot_goldstein_profile(record["messages"])
    title = fig.axes[0].get_title(loc="left")
    assert "9 exchanges" in title and "76 days" in title and "0.4 to 3.4" in title
    written = style.save(fig, tmp_path / "goldstein", source="test")
    assert all(p.stat().st_size > 0 for p in written)


# --- the data package ---------------------------------------------------------------------------


def test_the_data_package_validates():
    report = frictionless.validate(str(paths.DATA / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_data_package_catches_a_broken_foreign_key(data_copy):
    _set(data_copy, "quotes.csv", 1, "message_id", "msg-2017-12-25-kim-xi")
    report = frictionless.validate(str(data_copy / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {e[0] for e in report.flatten(["type"])}


def test_the_data_package_is_written_from_the_loaders_columns():
    committed = (paths.DATA / "datapackage.json").read_text(encoding="utf-8")
    assert committed == datapackage.text(), "run python -m kimxi.run.datapackage"
    package = json.loads(committed)
    resources = {r["name"]: r for r in package["resources"]}
    curated = {"sources": "sources.csv", "messages": "messages.csv", "quotes": "quotes.csv",
               "message_texts": "message_texts.csv", "events": "events.csv",
               "exchange_versions": "exchange_versions.csv", "articles": "raw/articles.csv"}
    derived = {f"kcna_{p.stem}": f"kcna/{p.name}" for p in (paths.DATA / "kcna").glob("*.csv")}
    derived |= {f"processed_{p.stem}": f"processed/{p.name}"
                for p in paths.PROCESSED.glob("*.csv")}
    derived |= {f"history_{p.stem}": f"history/{p.name}"
                for p in (paths.DATA / "history").glob("*.csv")}
    expected = curated | derived
    assert {name: r["path"] for name, r in resources.items()} == expected
    for path in expected.values():
        header = (paths.DATA / path).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == [f["name"] for r in package["resources"] if r["path"] == path
                          for f in r["schema"]["fields"]], path
    fields = {f["name"]: f for f in resources["messages"]["schema"]["fields"]}
    assert fields["date_sent"]["constraints"]["minimum"] == str(windows.MESSAGE_WINDOW[0])
    # a processed table: the declared columns carry their kind, the key is the primary key
    stability = resources["processed_topics_stability"]["schema"]
    kinds = {f["name"]: f["type"] for f in stability["fields"]}
    assert kinds["k"] == "integer" and kinds["chosen"] == "boolean"
    assert stability["primaryKey"] == ["k"]


def test_the_data_package_catches_a_processed_table_that_breaks_its_schema(data_copy):
    path = data_copy / "processed" / "topics_stability.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text[1] = "five" + text[1][text[1].index(","):]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    report = frictionless.validate(str(data_copy / "datapackage.json"))
    assert not report.valid
    assert ("type-error", "k") in {tuple(e) for e in report.flatten(["type", "fieldName"])}


# --- corrupted copies: one clear error naming file, row and column -------------------------------


def test_the_copy_loads_before_corruption(data_copy):
    assert len(messages.load_record(data_copy)["messages"]) == 9


def test_missing_column(data_copy):
    path = data_copy / "messages.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("date_reported,", "reported,", 1), encoding="utf-8")
    _fails(data_copy, "messages.csv", "column date_reported", "missing column")


def test_duplicate_message_id(data_copy):
    _set(data_copy, "messages.csv", 2, "message_id", "msg-2017-10-18-wpk-cpc")
    _fails(data_copy, "messages.csv", "row 2", "column message_id", "duplicate id")


def test_duplicate_quote_id(data_copy):
    _set(data_copy, "quotes.csv", 3, "quote_id", "q-2017-10-18-01")
    _fails(data_copy, "quotes.csv", "row 3", "column quote_id", "duplicate id")


def test_quote_of_an_unknown_message(data_copy):
    _set(data_copy, "quotes.csv", 5, "message_id", "msg-2018-01-01-kim-xi")
    _fails(data_copy, "quotes.csv", "row 5", "column message_id",
           "'msg-2018-01-01-kim-xi' is not the id of any exchange")


def test_message_date_not_iso(data_copy):
    _set(data_copy, "messages.csv", 3, "date_sent", "1 Nov 2017")
    _fails(data_copy, "messages.csv", "row 3", "column date_sent",
           "'1 Nov 2017' is not a date (YYYY-MM-DD)")


def test_event_date_not_iso(data_copy):
    _set(data_copy, "events.csv", 4, "date_end", "2017/09/18")
    _fails(data_copy, "events.csv", "row 4", "column date_end", "is not a date")


def test_message_outside_the_window(data_copy):
    _set(data_copy, "messages.csv", 7, "date_end", "2018-04-02")
    lo, hi = windows.MESSAGE_WINDOW
    _fails(data_copy, "messages.csv", "row 7", "column date_end",
           f"outside the message window {lo}..{hi}")


def test_event_outside_the_window(data_copy):
    _set(data_copy, "events.csv", 1, "date_start", "2017-07-31")
    lo, hi = windows.EVENT_WINDOW
    _fails(data_copy, "events.csv", "row 1", "column date_start",
           f"outside the event window {lo}..{hi}")


def test_quote_span_that_does_not_match(data_copy):
    header, rows = _rows(data_copy / "quotes.csv")
    row = next(i for i, r in enumerate(rows, start=1) if r["article_id"] == "art-000")
    _set(data_copy, "quotes.csv", row, "start", str(int(rows[row - 1]["start"]) + 1))
    _fails(data_copy, "quotes.csv", f"row {row}", "column text", "span", "art-000")


def test_quote_text_edited_away_from_the_article(data_copy):
    header, rows = _rows(data_copy / "quotes.csv")
    row = next(i for i, r in enumerate(rows, start=1) if r["article_id"] == "art-003")
    _set(data_copy, "quotes.csv", row, "text", rows[row - 1]["text"].upper())
    _fails(data_copy, "quotes.csv", f"row {row}", "column text", "not the quote")


def test_half_a_span(data_copy):
    header, rows = _rows(data_copy / "quotes.csv")
    row = next(i for i, r in enumerate(rows, start=1) if r["article_id"])
    _set(data_copy, "quotes.csv", row, "article_id", "")
    _fails(data_copy, "quotes.csv", f"row {row}", "column article_id", "is empty")


def test_raw_article_changed_under_the_quotes(data_copy):
    path = data_copy / "raw" / "articles" / "003_25448f6e3d16209f.txt"
    path.write_bytes(path.read_bytes().replace(b"sincere", b"warm"))
    _fails(data_copy, "articles.csv", "row 2", "column sha256")


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_quote_text(data_copy, value):
    _set(data_copy, "quotes.csv", 2, "text", value)
    _fails(data_copy, "quotes.csv", "row 2", "column text", "is empty")


def test_empty_message_text(data_copy):
    _set(data_copy, "message_texts.csv", 1, "text", "")
    _fails(data_copy, "message_texts.csv", "row 1", "column text", "is empty")


def test_full_text_for_a_message_without_one(data_copy):
    _set(data_copy, "message_texts.csv", 1, "message_id", "msg-2017-11-17-song-tao-visit")
    _fails(data_copy, "message_texts.csv", "row 1", "column message_id",
           "full_text_available false")


def test_goldstein_that_is_not_the_codes(data_copy):
    _set(data_copy, "messages.csv", 1, "goldstein", "7")
    _fails(data_copy, "messages.csv", "row 1", "column goldstein", "CAMEO 051")


def test_event_linked_to_an_unknown_exchange(data_copy):
    _set(data_copy, "events.csv", 2, "message_id", "msg-2017-09-09-xi-kim")
    _fails(data_copy, "events.csv", "row 2", "column message_id", "not the id of any exchange")


def test_single_day_message_with_a_date_range(data_copy):
    _set(data_copy, "messages.csv", 2, "date_end", "2017-10-27")
    _fails(data_copy, "messages.csv", "row 2", "column date_end", "sent on one day")


def test_a_source_id_that_is_not_in_the_sources_table(data_copy):
    _set(data_copy, "events.csv", 3, "source", "src-nowhere")
    _fails(data_copy, "events.csv", "row 3", "column source",
           "'src-nowhere' is not a source_id of")


def test_a_record_ref_without_its_anchor(data_copy):
    _set(data_copy, "messages.csv", 2, "record_ref", "SOURCES.md#msg-2017-10-26-nowhere")
    _fails(data_copy, "messages.csv", "row 2", "column record_ref", "is not an anchor of")


def test_a_source_without_address_or_reason(data_copy):
    header, rows = _rows(data_copy / "sources.csv")
    row = next(i for i, r in enumerate(rows, start=1) if r["address_kind"] == "none")
    _set(data_copy, "sources.csv", row, "no_address_reason", "")
    _fails(data_copy, "sources.csv", f"row {row}", "column no_address_reason")


def test_a_quote_span_into_a_full_text_that_does_not_match(data_copy):
    header, rows = _rows(data_copy / "quotes.csv")
    row = next(i for i, r in enumerate(rows, start=1) if r["text_id"])
    _set(data_copy, "quotes.csv", row, "text_start", str(int(rows[row - 1]["text_start"]) + 2))
    _fails(data_copy, "quotes.csv", f"row {row}", "column text", rows[row - 1]["text_id"])


def test_a_quote_span_into_another_exchanges_text(data_copy):
    header, rows = _rows(data_copy / "quotes.csv")
    row = next(i for i, r in enumerate(rows, start=1) if r["text_id"] == "kcna-20171026-01")
    _set(data_copy, "quotes.csv", row, "text_id", "kcna-20171102-01")
    _fails(data_copy, "quotes.csv", f"row {row}", "column text_id", "is a text of")


def test_a_full_text_whose_span_is_not_its_length(data_copy):
    _set(data_copy, "message_texts.csv", 2, "end", "5")
    _fails(data_copy, "message_texts.csv", "row 2", "column end", "is not the length")


def test_quote_spans_into_the_full_texts(record):
    quotes, texts = record["quotes"], record["message_texts"].set_index("text_id")
    spanned = quotes.dropna(subset=["text_start"])
    # Hand-checked: Yonhap's and Reuters' KCNA sentences of 18 and 25 Oct stand in KCNA's text.
    assert {"q-2017-10-18-01", "q-2017-10-25-01", "q-2017-10-25-02"} <= set(spanned.quote_id)
    for q in spanned.itertuples():
        assert texts.loc[q.text_id, "text"][q.text_start:q.text_end] == q.text
    # Xinhua's and the KCNA Watch wordings are other translations: no span into KCNA's text.
    other = quotes[quotes.translation.isin(["Xinhua", "KCNA Watch"])]
    assert other.text_id.eq("").all()
