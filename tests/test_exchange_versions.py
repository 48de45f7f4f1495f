"""Both sides' versions of each exchange (data/exchange_versions.csv): complete, consistent with
the record, and, on the DPRK side, what the code computes from KCNA's archive.

Expectations about the patterns are hand-made texts, not runs of the code.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kimxi import DataError
from kimxi.archive.load import default_archive, load_archive
from kimxi.record import messages, versions
from kimxi.record.sources import split_ids


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return versions.load_versions()


@pytest.fixture(scope="module")
def record() -> dict[str, pd.DataFrame]:
    return messages.load_record()


@pytest.fixture(scope="module")
def archive() -> pd.DataFrame:
    path = default_archive()
    if path is None:
        pytest.skip("the KCNA archive (../shared/external/) is not present on this machine")
    return load_archive(path)


# --- the patterns, on hand-made texts -----------------------------------------------------


def test_dateline_is_not_counted():
    text = "Pyongyang, March 28 (KCNA) -- Kim Jong Un sent a message.\n\nIt said thanks."
    assert versions.word_count(text) == 9
    assert versions.word_count("no dateline here") == 3


def test_topic_patterns_on_made_up_sentences():
    flags = versions.topic_flags(
        "Denuclearization of the peninsula; the United States and south Korea; "
        "the traditional Sino-DPRK friendship; building socialism; an official visit to the "
        "DPRK at a convenient time.")
    assert flags == {"denuclearisation": True, "friendship": True, "socialism": True,
                     "sanctions": False, "united_states": True, "south_korea": True,
                     "economic_cooperation": False, "future_visit": True}
    # "us" is not the US; the DPRK's "Democratic People's Republic of Korea" is not the ROK,
    # with either apostrophe; a past invitation is not a future visit.
    quiet = versions.topic_flags("Let us greet the Democratic People\u2019s Republic of Korea "
                                 "and the Democratic People's Republic of Korea, visited at "
                                 "the invitation of Xi Jinping.")
    assert not any(quiet.values())
    assert versions.topic_flags("the Republic of Korea")["south_korea"]
    assert versions.topic_flags("sanctions on trade")["sanctions"]
    assert versions.topic_flags("sanctions on trade")["economic_cooperation"]


def test_friendship_formula_is_the_leftmost_as_printed():
    text = "the DPRK-China friendship and the traditional friendly relations"
    assert versions.friendship_formula(text) == "DPRK-China friendship"
    assert versions.friendship_formula("carry forward the traditional Sino-DPRK friendship") \
        == "traditional Sino-DPRK friendship"
    assert versions.friendship_formula("no such word") == ""
    assert versions.named_first("Xi Jinping received Kim Jong Un") == "Xi Jinping"
    assert versions.named_first("nobody") == ""


# --- the committed table ----------------------------------------------------------------------


def test_both_sides_of_every_exchange_and_nothing_else(table, record):
    ids = set(record["messages"].message_id)
    assert set(table.message_id) <= ids
    pairs = set(zip(table.message_id, table.side, strict=True))
    assert pairs == {(mid, side) for mid in ids for side in ("DPRK", "PRC")}
    assert len(table) == 2 * len(ids) == 18


def test_every_source_id_resolves(table, record):
    known = set(record["sources"].source_id)
    for r in table.itertuples():
        ids = split_ids(r.sources)
        assert ids, (r.message_id, r.side)
        assert set(ids) <= known, (r.message_id, r.side, set(ids) - known)


def test_lag_is_date_published_minus_date_sent(table, record):
    sent = record["messages"].set_index("message_id").date_sent
    for r in table.itertuples():
        if r.date_published == "":
            assert r.lag_days == ""
            continue
        days = (dt.date.fromisoformat(r.date_published) - sent[r.message_id].date()).days
        assert int(r.lag_days) == days, (r.message_id, r.side)
        assert days >= 0


def test_dprk_side_is_kcna_and_matches_the_record(table, record):
    dprk = table[table.side == "DPRK"].set_index("message_id")
    assert set(dprk.published) == {"true"} and set(dprk.outlet) == {"KCNA"}
    reported = record["messages"].set_index("message_id").date_reported
    for mid, r in dprk.iterrows():
        assert r.date_published == reported[mid].strftime("%Y-%m-%d"), mid
        assert r.wording == "full text" and r.words != "", mid
        assert "unknown" not in set(r[list(versions.TOPICS)]), mid
    # The KCNA ids of every DPRK version are texts of that exchange in message_texts.csv.
    texts = record["message_texts"]
    for mid, r in dprk.iterrows():
        own = set(texts[texts.message_id == mid].kcna_id)
        assert set(split_ids(r.text_ids)) <= own, mid
    assert "kcna-20171115-09" not in dprk.loc["msg-2017-11-17-song-tao-visit", "text_ids"]


def test_unpublished_rows_say_what_was_searched(table):
    for r in table.itertuples():
        if r.published in ("false", "unknown"):
            assert r.searched.strip() or r.sources.strip(), (r.message_id, r.side)
        if r.wording == "not found":
            assert r.searched.strip(), (r.message_id, r.side)
            assert r.date_published == "" and r.words == ""
            assert {getattr(r, t) for t in versions.TOPICS} == {"unknown"}
            assert r.friendship_formula == "" and r.named_first == ""
        if r.published != "true":
            assert r.wording == "not found", (r.message_id, r.side)


def test_flags_agree_with_the_formula(table):
    known = table[table.friendship != "unknown"]
    assert ((known.friendship == "true") == (known.friendship_formula != "")).all()


def test_hand_checked_asymmetries(table):
    rows = table.set_index(["message_id", "side"])
    summit = "msg-2018-03-25-beijing-summit"
    # KCNA's seven reports of the visit never use the word; Xinhua quotes Kim on it.
    assert rows.loc[(summit, "DPRK"), "denuclearisation"] == "false"
    assert rows.loc[(summit, "PRC"), "denuclearisation"] == "true"
    assert rows.loc[(summit, "DPRK"), "named_first"] == "Kim Jong Un"
    assert rows.loc[(summit, "PRC"), "named_first"] == "Xi Jinping"
    # Xi's reply of 1 Nov 2017: not carried by Chinese state media (Asia Times).
    assert rows.loc[("msg-2017-11-01-xi-kim", "PRC"), "published"] == "false"
    assert rows.loc[("msg-2018-03-23-xi-kim", "DPRK"), "lag_days"] == "13"


# --- the DPRK rows are what the code computes from the archive --------------------------------


def test_dprk_columns_are_computed_from_the_archive(table, record, archive):
    derived = versions.dprk_rows(archive, record["messages"],
                                 record["message_texts"]).set_index("message_id")
    dprk = table[table.side == "DPRK"].set_index("message_id")
    for mid, r in dprk.iterrows():
        for col in versions.DERIVED:
            assert r[col] == derived.loc[mid, col], (mid, col)


def test_titles_of_first_are_printed_in_kcna(table, archive):
    articles = archive.set_index("id").text
    dprk = table[table.side == "DPRK"]
    for r in dprk.itertuples():
        text = "\n".join(articles[i] for i in split_ids(r.text_ids))
        assert r.titles_of_first in text, r.message_id
        assert r.named_first in text, r.message_id


def test_hand_counted_words_of_one_message(archive):
    # kcna-20171018-04: four short paragraphs after the dateline, 111 words (counted by hand
    # as 24 + 36 + 40 + 11 whitespace tokens; the first and last paragraphs checked by eye).
    text = archive.set_index("id").text["kcna-20171018-04"]
    assert versions.word_count(text) == 111


# --- a corrupted table ---------------------------------------------------------------------------


def _corrupt(tmp_path, edit) -> str:
    frame = pd.read_csv(versions.VERSIONS_CSV, dtype=str, keep_default_na=False)
    edit(frame)
    path = tmp_path / "exchange_versions.csv"
    frame.to_csv(path, index=False, lineterminator="\n")
    with pytest.raises(DataError) as caught:
        versions.load_versions(path)
    return str(caught.value)


def test_a_flag_on_a_version_not_found_is_refused(tmp_path):
    def edit(frame):
        i = frame.index[frame.wording == "not found"][0]
        frame.loc[i, "denuclearisation"] = "false"
    assert "not found" in _corrupt(tmp_path, edit)


def test_a_duplicate_side_is_refused(tmp_path):
    def edit(frame):
        frame.loc[1, "side"] = frame.loc[0, "side"]
    assert "twice" in _corrupt(tmp_path, edit)


def test_a_flag_outside_its_vocabulary_is_refused(tmp_path):
    def edit(frame):
        frame.loc[0, "sanctions"] = "yes"
    assert "sanctions" in _corrupt(tmp_path, edit)
