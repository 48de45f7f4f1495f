"""The committed 1997-2018 tables (data/history/): they load against their schema, the dated
events cite the archive word for word, and where the archive is present a stated sample (every
article of 2013) is rebuilt and compared cell for cell with the committed rows."""

import io

import pandas as pd
import pytest

from kimxi.archive import stream
from kimxi.history import build, compare, tables
from kimxi.run import kcna_build

YEAR = "2013"


def test_the_tables_load_and_cover_twenty_years():
    got = tables.load()
    months, china = got["months.csv"], got["china_messages.csv"]
    assert months["period"].iloc[0] == "1997-01" and months["period"].iloc[-1] == "2018-04"
    assert china["date"].str[:4].nunique() >= 15
    assert set(china["id"]) <= set(got["leader_messages.csv"]["id"])
    # every month's counts add up: coverage articles are a part of all articles
    assert (months["coverage_articles"] <= months["articles"]).all()
    assert (months[[f"{c}_articles" for c in tables.COUNTRIES]].max(axis=1)
            <= months["coverage_articles"]).all()
    # the days held sum to the articles, month by month
    days = got["days.csv"]
    per_month = days.groupby(days["date"].str[:7])["articles"].sum()
    assert per_month.reindex(months["period"], fill_value=0).tolist() == \
        months["articles"].tolist()


def test_the_events_load():
    events = tables.load_events()
    assert (events["date_start"] <= events["date_end"]).all()
    assert {"nuclear test", "UN sanctions", "leader visit", "purge"} <= set(events["kind"])


def test_silences_count_the_days_between_messages_and_the_scrapes_gaps():
    messages = pd.DataFrame({"date": ["2000-01-01", "2000-01-11", "2000-01-12"]})
    held = pd.Series(pd.date_range("2000-01-01", "2000-01-12").strftime("%Y-%m-%d"))
    held = held[held != "2000-01-05"]
    gaps = compare.silences(messages, held)
    assert gaps["days"].tolist() == [10, 1]
    assert gaps["missing_days"].tolist() == [1, 0]
    assert gaps["rank"].tolist() == [1, 2]


def test_a_cuba_cpc_is_not_china_and_a_list_with_china_is():
    assert not build.is_china_message("China", "greetings to the Communist Party of Cuba (CPC)")
    assert build.is_china_message("China", "to Xi Jinping, general secretary of the CPC")
    assert build.is_china_message("several", "cards from the presidents of Laos and China")
    assert not build.is_china_message("several", "cards from the presidents of Laos and Cuba")


@pytest.fixture(scope="module")
def from_archive():
    if stream.default_history() is None:
        pytest.skip("KCNA's 1997-2018 archive is not beside the repository")
    events = tables.load_events()
    wanted = set(events["source"])
    year, sources = [], {}
    for chunk in stream.iter_archive():
        year.append(chunk[chunk["date"].str[:4] == YEAR])
        hit = chunk[chunk["id"].isin(wanted)]
        sources.update(zip(hit["id"], hit["title"] + "\n" + hit["text"], strict=True))
    return pd.concat(year, ignore_index=True), sources


def test_every_event_is_stated_in_the_article_it_cites(from_archive):
    _, sources = from_archive
    for row in tables.load_events().itertuples():
        assert row.source in sources, row.event_id
        assert row.evidence in sources[row.source], row.event_id


def _cells(data: bytes | str) -> pd.DataFrame:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def test_a_year_rebuilt_from_the_archive_is_the_committed_year(from_archive):
    articles, _ = from_archive
    from kimxi.genre import leader_messages
    from kimxi.io.paths import DATA
    from kimxi.tone.on_corpus import validated_stance

    measure = validated_stance(DATA)
    parts = build.collect([articles], measure.predict, measure.name,
                          leader_messages.load_formulae())
    rebuilt = {k: _cells(v) for k, v in kcna_build.rendered(build.tables(parts)).items()}
    committed = {name: _cells((tables.HISTORY_DIR / name).read_text(encoding="utf-8"))
                 for name in rebuilt}

    def same(name, keep, columns=None):
        mine, theirs = rebuilt[name][keep(rebuilt[name])], committed[name][keep(committed[name])]
        if columns is not None:
            mine, theirs = mine[columns], theirs[columns]
        assert len(mine) > 0, name
        pd.testing.assert_frame_equal(mine.reset_index(drop=True), theirs.reset_index(drop=True))

    same("days.csv", lambda f: f["date"].str[:4] == YEAR)
    same("months.csv", lambda f: f["period"].str[:4] == YEAR)
    # whole weeks of the year only (the first and last weeks reach into 2012 and 2014)
    same("weeks.csv", lambda f: (f["period"] >= f"{YEAR}-01-07") & (f["period"] <= f"{YEAR}-12-23"))
    for name in ("leader_messages.csv", "china_messages.csv"):
        inside = [c for c in rebuilt[name].columns if c not in ("answered_by", "answer_days")]
        same(name, lambda f: f["date"].str[:4] == YEAR, inside)
        # a reply can come 90 days later: pairings are compared where it falls inside the year
        same(name, lambda f: (f["date"].str[:4] == YEAR) & (f["date"] <= f"{YEAR}-10-01"))
