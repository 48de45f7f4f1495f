"""The stratified check of the genre rules' recall and precision (kimxi.archive.recall)."""

import pandas as pd
import pytest

from kimxi.archive import load, recall, tables as archive_tables
from kimxi.io.errors import DataError


def labels(counts):
    """Coded articles: ``counts`` maps stratum -> (messages, coded)."""
    rows = []
    for name, (hits, n) in counts.items():
        rows += [(f"{name}-{i}", name, i < hits) for i in range(n)]
    return pd.DataFrame(rows, columns=["id", "stratum", "is_leader_message"])


SIZES = pd.Series({"called": 100, "title_word": 50, "lead_word": 50, "rest": 1000})


def test_misses_found_in_a_stratum_scale_to_its_size():
    coded = labels({"called": (40, 40), "title_word": (4, 40), "lead_word": (0, 30),
                    "rest": (0, 60)})
    table, summary = recall.estimate(coded, SIZES)
    assert table.set_index("stratum").at["title_word", "estimated_messages"] == 5.0
    assert summary["missed"] == 5.0 and summary["recall"] == pytest.approx(100 / 105)
    assert summary["recall_low"] < summary["recall_low_worded"] < summary["recall"]


def test_a_perfect_sample_still_bounds_recall_below_one():
    coded = labels({"called": (40, 40), "title_word": (0, 40), "lead_word": (0, 30),
                    "rest": (0, 60)})
    _, summary = recall.estimate(coded, SIZES)
    assert summary["recall"] == 1.0 and summary["precision"] == 1.0
    assert 0 < summary["recall_low"] < summary["recall_low_worded"] < 1
    # a bigger sample of the large stratum narrows the bound
    wider = labels({"called": (40, 40), "title_word": (0, 40), "lead_word": (0, 30),
                    "rest": (0, 600)})
    assert recall.estimate(wider, SIZES)[1]["recall_low"] > summary["recall_low"]


def test_strata_follow_title_then_opening():
    assert recall.stratum("leader message", "Anything", "") == "called"
    assert recall.stratum("other", "Greetings to Thai FM", "") == "title_word"
    assert recall.stratum("other", "Event", "Pyongyang (KCNA) -- He sent a message.") == \
        "lead_word"
    assert recall.stratum("other", "Event", "Pyongyang (KCNA) -- A farm grew rice.") == "rest"


def test_the_committed_passes_load_and_agree():
    coded = recall.load_labels()
    assert len(coded) == len(pd.read_csv(recall.SAMPLE_CSV))
    assert set(coded.stratum) == set(recall.STRATA)


def test_a_disagreement_without_adjudication_is_refused(tmp_path):
    first = pd.read_csv(recall.PASSES[0], dtype=str, keep_default_na=False)
    flipped = first.copy()
    flipped.loc[3, "is_leader_message"] = ("false" if first.at[3, "is_leader_message"] == "true"
                                          else "true")
    a, b = tmp_path / "p1.csv", tmp_path / "p2.csv"
    first.to_csv(a, index=False)
    flipped.to_csv(b, index=False)
    with pytest.raises(DataError, match=f"{first.at[3, 'id']}: the passes disagree"):
        recall.load_labels(recall.SAMPLE_CSV, (a, b))


def test_a_pass_that_skips_an_article_is_refused(tmp_path):
    first = pd.read_csv(recall.PASSES[0], dtype=str, keep_default_na=False)
    short = tmp_path / "p2.csv"
    first.iloc[1:].to_csv(short, index=False)
    with pytest.raises(DataError, match="does not code"):
        recall.load_labels(recall.SAMPLE_CSV, (recall.PASSES[0], short))


@pytest.mark.skipif(load.default_archive() is None, reason="the KCNA archive is not beside the "
                    "repository")
def test_the_sample_and_strata_are_redrawn_from_the_archive():
    articles = archive_tables.load_built(names=("articles.csv",))["articles.csv"]
    drawn = recall.sample_tables(articles, load.load_archive())
    committed = pd.read_csv(recall.SAMPLE_CSV, dtype=str)
    assert drawn["recall_sample.csv"].values.tolist() == committed.values.tolist()
    sizes = recall.load_sizes()
    assert dict(zip(drawn["recall_strata.csv"].stratum, drawn["recall_strata.csv"].articles,
                    strict=True)) == sizes.to_dict()
