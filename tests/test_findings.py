"""The README's findings are what the processed data say, and say the right things."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from kimxi.io import paths
from kimxi.record import messages
from kimxi.report import findings, performance


def test_readme_findings_block_is_rendered_from_the_processed_data():
    assert findings.current() == findings.render(), (
        "README findings differ from data/processed: run `make run` (or "
        "`python -m kimxi.report.findings`) and commit README.md")


def test_record_facts_agree_with_the_curated_record():
    facts = findings.record_facts(paths.PROCESSED)
    record = messages.load_messages()
    assert facts["n"] == len(record)
    # By hand from the archive: KCNA listed Xi's New Year card on 31 Dec 2017, Kim wrote on
    # 17 Mar 2018; nothing lies between.
    assert facts["gap_days"] == (dt.date(2018, 3, 17) - dt.date(2017, 12, 31)).days
    assert facts["gap_from"] == "31 Dec 2017" and facts["gap_to"] == "17 Mar 2018"
    # Xi's replies of 1 Nov 2017 and 23 Mar 2018 are the letters from the PRC side.
    assert facts["from_prc"] == 2
    assert list(facts["cards"].message_id) == ["msg-2017-12-31-xi-kim-new-year-card"]
    # The reply received 23 Mar was published on 5 Apr: the longest wait (kcna-20180405-05).
    assert facts["max_lag"] == 13 and facts["within_3"] == facts["n"] - 1


def test_archive_facts_agree_with_the_committed_archive_tables():
    from kimxi.archive import tables as archive_tables

    facts = findings.archive_facts(paths.PROCESSED)
    articles = archive_tables.load_built(names=("articles.csv",))["articles.csv"]
    assert facts["n_articles"] == len(articles)
    assert facts["n_leader"] == (articles.genre == "leader message").sum()
    # First four weeks starting in the window: 2 Oct - 29 Oct 2017.
    first = articles[(articles.date >= "2017-10-02") & (articles.date <= "2017-10-29")]
    assert facts["us_first"] == first.us.mean() and facts["china_first"] == first.china.mean()


def test_intercoder_figures_come_from_the_two_raw_passes():
    folder = paths.DATA / "gold" / "kcna"
    gold = pd.read_csv(folder / "tone.csv")
    p1 = pd.read_csv(folder / "pass1.csv").set_index("unit_id").tone
    p2 = pd.read_csv(folder / "pass2.csv").set_index("unit_id").tone
    facts = findings.sentiment_facts(paths.PROCESSED, folder / "tone.csv")
    assert facts["units"] == len(gold) == len(p1) == len(p2)
    assert facts["agreed"] == int((p1 == p2.reindex(p1.index)).sum())


def test_rewrite_changes_only_the_block(tmp_path):
    readme = tmp_path / "README.md"
    shutil.copy(findings.README, readme)
    original = readme.read_text()
    assert findings.rewrite(readme, block="X\n", performance="Y\n") is True
    text = readme.read_text()
    assert findings.current(readme) == "X\n"
    assert findings.current(readme, findings.PERF_START, findings.PERF_END) == "Y\n"
    head = original.split(findings.START)[0]
    tail = original.split(findings.PERF_END)[1]
    assert text.startswith(head) and text.endswith(tail)


def test_readme_performance_block_is_rendered_from_the_benchmark_results():
    block = findings.current(start=findings.PERF_START, end=findings.PERF_END)
    assert block == performance.render(), (
        "README performance section differs from benchmarks/results: run "
        "`python -m kimxi.report.findings` and commit README.md")


def test_genre_facts_agree_with_the_archive():
    facts = findings.genre_facts(paths.PROCESSED)
    # By hand: Kim wrote on 25 Oct 2017, Xi's reply is dated 1 Nov; Kim wrote on 17 Mar 2018,
    # Kim received Xi's reply on 23 Mar (kcna-20171026-01, -20171102-01, -20180318-01,
    # -20180405-05).
    assert facts["reply_oct"] == (dt.date(2017, 11, 1) - dt.date(2017, 10, 25)).days
    assert facts["reply_mar"] == (dt.date(2018, 3, 23) - dt.date(2018, 3, 17)).days
    # The quiet stretch runs from the day after the envoy left (21 Nov 2017) to the day
    # before Kim's March congratulations (16 Mar 2018).
    assert facts["quiet_days"] == (dt.date(2018, 3, 16) - dt.date(2017, 11, 21)).days + 1
    assert 0 < facts["words_p"] <= 1 and 0 < facts["tone_p"] <= 1


def test_the_stance_comparison_over_time_leaves_out_the_exchanges_own_reports():
    from kimxi.archive import build as archive_build, tables as archive_tables
    from kimxi.tone import quiet

    table = pd.read_csv(paths.PROCESSED / "stance_sentences.csv")
    articles = archive_tables.load_built(names=("articles.csv",))["articles.csv"].set_index("id")
    record = set(archive_build.record_article_ids())
    keep = quiet.like_for_like(table, articles, record)
    kept, dropped = table[keep], table[~keep]
    assert len(kept) and len(dropped)
    assert not kept.document_id.isin(record).any() and (kept.role != "place").all()
    assert not articles.loc[kept.document_id, "genre"].isin(quiet.EXCLUDED_GENRES).any()
    assert set(table.document_id[table.document_id.isin(record)]) <= set(dropped.document_id)
    facts = findings.stance_facts(paths.PROCESSED)
    for h in (facts["stance"], facts["tone"]):  # Holm over the pair never lowers a p-value
        assert 0 < h["p_value"] <= h["p_holm"] <= 1
    # the quiet days of the plan lie inside the record's longest gap (31 Dec - 17 Mar)
    days = quiet.day_values(kept, articles, "stance").index
    inside = (days > pd.Timestamp("2017-12-31")) & (days < pd.Timestamp("2018-03-17"))
    assert facts["quiet_days"] == inside.sum()


def test_the_attention_test_leaves_out_the_exchanges_and_uses_whole_calendar_weeks():
    from kimxi.archive import build as archive_build, tables as archive_tables
    from kimxi.corpus.windows import MESSAGE_WINDOW
    from kimxi.genre import attention

    articles = archive_tables.load_built(names=("articles.csv",))["articles.csv"]
    record = set(archive_build.record_article_ids())
    start, end = attention.weeks_of(MESSAGE_WINDOW)
    assert [d.weekday() for d in start + end] == [0] * 8  # Mondays
    assert start[0].date() >= MESSAGE_WINDOW[0] and (end[-1] + pd.Timedelta(days=6)).date() \
        <= MESSAGE_WINDOW[1]
    kept = attention.weekly_shares(articles, record)
    every = attention.weekly_shares(articles, record, exclusions=False)
    assert (kept.articles <= every.articles).all() and (kept.articles < every.articles).any()
    # by hand: the first week's share naming China among the articles kept
    week = articles[(articles.date >= "2017-10-02") & (articles.date <= "2017-10-08")
                    & ~articles.id.isin(record)
                    & ~articles.genre.isin(attention.EXCLUDED_GENRES)]
    assert kept.loc[pd.Timestamp("2017-10-02"), "china"] == pytest.approx(week.china.mean())
    facts = findings.attention_facts(paths.PROCESSED)
    assert facts["United States"]["p_holm"] >= facts["United States"]["p_value"] >= 2 / 70
