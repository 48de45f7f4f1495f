"""The package functions of the report on a user's corpus (notebooks/your_corpus/)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kimxi.corpus import documents as corpus_csv, overview, segment
from kimxi.io import paths
from kimxi.tone import on_corpus, sentiment, validation as tone_validation

FIXTURE = Path(__file__).parent / "fixtures" / "corpus_small.csv"

SENTENCES = """\
sentence_id,article_id,paragraph,sentence,text,speaker_class
c1-p01-s01,c1,1,1,The two leaders agreed to deepen cooperation and praised the friendship.,
c1-p01-s02,c1,1,2,The council imposed new sanctions after the missile test.,
c1-p02-s01,c1,2,1,The statement was released on Friday.,
c2-p01-s01,c2,1,1,"Officials warned of rising tension, a diplomat said.",
c2-p01-s02,c2,1,2,Both sides signed a trade agreement in the capital.,
c2-p02-s01,c2,2,1,The delegation did not condemn the decision.,
"""


def test_document_table_counts_each_document_and_describe_names_the_file():
    articles = corpus_csv.read_corpus(FIXTURE)
    built = segment.corpus_tables(articles, speakers=False)
    table = overview.document_table(articles, built)
    assert list(table.id) == [a.article_id for a in articles]
    assert table.sentences.sum() == len(built["sentences"])
    assert table.passages.sum() == len(built["article_quotes"])
    assert table.words.sum() == built["sentences"].n_words.sum()
    assert table.quoted_share.between(0, 1).all()
    text = overview.describe("mine.csv", table, "2018-01-01", "")
    assert text.startswith(f"**mine.csv** holds {len(table)} documents dated from 02 Jan 2018")
    assert "the window asked for: 2018-01-01 to the last date" in text
    assert f"{table.sentences.sum()} sentences" in text


def test_kappa_table_is_the_nested_choice_held_out_and_on_another_paper():
    figures = pd.read_csv(paths.PROCESSED / "sentiment_validation.csv")
    table = on_corpus.kappa_table(figures)
    assert list(table.index) == list(on_corpus.SETTINGS.values())
    row = figures[(figures.measure == tone_validation.CHOSEN) & (figures.metric == "kappa")
                  & (figures.setting == "held out")].iloc[0]
    assert table.iloc[0].kappa == row.estimate and table.iloc[0].low == row.low
    assert (table.low <= table.kappa).all() and (table.kappa <= table.high).all()


def test_describe_range_names_the_extreme_periods_or_says_why_not():
    periods = pd.DataFrame({
        "period": ["2018-01-01", "2018-01-08", "2018-01-01"], "sentences_of": ["all", "all", "X"],
        "documents": [2, 1, 1], "sentences": [4, 1, 2], "tone_mean": [0.5, -0.25, 0.1],
        "low": [0.2, np.nan, np.nan], "high": [0.8, np.nan, np.nan]})
    text = on_corpus.describe_range(periods, "all", "sentences", "W")
    assert text == ("By week, the sentences range from -0.25 (week of 08 Jan 2018, 1 sentence of "
                    "one document: no interval) to +0.50 (week of 01 Jan 2018, 4 sentences, 95% "
                    "interval +0.20 to +0.80).")
    assert "1 week: too few" in on_corpus.describe_range(periods, "X", "X sentences", "W")
    assert on_corpus.extremes(periods, "X") is None


@pytest.fixture(scope="module")
def measure():
    return on_corpus.validated_measure(paths.DATA)


def test_sentences_are_scored_by_the_tools_and_the_validated_measure(tmp_path, measure):
    (tmp_path / "sentences.csv").write_text(SENTENCES, encoding="utf-8")
    table = on_corpus.score_sentences(tmp_path / "sentences.csv", measure)
    assert list(table.unit_id) == [line.split(",")[0] for line in SENTENCES.splitlines()[1:]]
    for tool in sentiment.TOOLS:
        assert table[f"{tool}_class"].isin([-1, 0, 1]).all()
    by_id = table.set_index("unit_id")   # the hand-coded expectation of the lexicon
    assert by_id.loc["c1-p01-s01", "lexicon_class"] == 1
    assert by_id.loc["c1-p01-s02", "lexicon_class"] == -1
    assert table.best_class.isin([-1, 0, 1]).all() and (table.best_measure == measure.name).all()
    assert measure.units > 300 and measure.articles > 100
    written = on_corpus.scores_table(table)
    assert {"unit_id", "article_id", "best_class", "best_score", "lexicon_class"} <= set(written)
    units = on_corpus.over_time_units(table, table.text.str.contains("sanctions"))
    assert set(on_corpus.MEASURES) <= set(units) and units.target.sum() == 1
    assert list(units.doc_id) == ["c1"] * 3 + ["c2"] * 3
