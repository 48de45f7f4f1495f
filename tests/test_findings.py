"""The README's findings are what the processed data say, and say the right things."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd

from kimxi import findings, messages, paths


def test_readme_findings_block_is_rendered_from_the_processed_data():
    assert findings.current() == findings.render(), (
        "README findings differ from data/processed: run `make run` (or "
        "`python -m kimxi.findings`) and commit README.md")


def test_record_facts_agree_with_the_curated_record():
    facts = findings.record_facts(paths.PROCESSED)
    record = messages.load_messages()
    assert facts["n"] == len(record)
    # By hand from the fact sheet: the envoy left on 20 Nov 2017, Kim wrote on 17 Mar 2018.
    assert facts["gap_days"] == (dt.date(2018, 3, 17) - dt.date(2017, 11, 20)).days
    assert facts["gap_from"] == "20 Nov 2017" and facts["gap_to"] == "17 Mar 2018"
    assert facts["from_prc"] == 1  # Xi's reply of 1 Nov is the only letter from the PRC side


def test_intercoder_figures_come_from_the_two_raw_passes():
    gold = pd.read_csv(paths.DATA / "gold" / "tone.csv")
    p1 = pd.read_csv(paths.DATA / "gold" / "pass1.csv").set_index("unit_id").tone
    p2 = pd.read_csv(paths.DATA / "gold" / "pass2.csv").set_index("unit_id").tone
    facts = findings.sentiment_facts(paths.PROCESSED, paths.DATA / "gold" / "tone.csv")
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
    assert block == findings.render_performance(), (
        "README performance section differs from benchmarks/results: run "
        "`python -m kimxi.findings` and commit README.md")
