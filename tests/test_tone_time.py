"""Tone over time: per document and per period, on corpora whose answer is known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kimxi.corpus import windows
from kimxi.tone import over_time as tone_time


def corpus():
    docs = pd.DataFrame({"id": ["a", "b", "c", "d"], "title": ["A", "B", "C", "D"],
                         "date": ["2018-03-05", "2018-03-06", "2018-03-13", "2018-03-14"]})
    sentences = pd.DataFrame({
        "doc_id": ["a", "a", "b", "c", "c", "c"],
        "tone_chosen": [1.0, 0.0, -1.0, 0.5, 0.5, -0.5],
        "tone_other": [0.2, 0.2, 0.2, 0.0, 0.0, 0.0],
        "target": [True, False, True, False, False, True]})
    return docs, sentences


def test_document_tone_means_each_document_and_keeps_those_without_sentences():
    docs, sentences = corpus()
    table = tone_time.document_tone(sentences, docs, ["tone_chosen", "tone_other"], "China")
    assert table.id.tolist() == ["a", "b", "c", "d"]
    assert table.sentences.tolist() == [2, 1, 3, 0]
    assert table.tone_chosen.iloc[:3].tolist() == pytest.approx([0.5, -1.0, 0.1667], abs=1e-4)
    assert np.isnan(table.tone_chosen.iloc[3])
    assert table.target_sentences.tolist() == [1, 1, 1, 0]
    assert table.target_tone_chosen.iloc[:3].tolist() == [1.0, -1.0, -0.5]


def test_period_tone_by_week_for_all_sentences_and_the_target():
    docs, sentences = corpus()
    periods = tone_time.period_tone(sentences, docs.set_index("id").date, "tone_chosen", "China",
                                    "W", n_boot=500)
    every = periods[periods.sentences_of == "all"].set_index("period")
    assert every.index.tolist() == ["2018-03-05", "2018-03-12"]
    assert every.tone_mean.tolist() == pytest.approx([0.0, 0.1667], abs=1e-4)
    assert every.documents.tolist() == [2, 1]
    first = every.loc["2018-03-05"]   # two documents: an interval; one document: none
    assert first.low <= first.tone_mean <= first.high
    assert np.isnan(every.loc["2018-03-12"].low)
    china = periods[periods.sentences_of == "China"]
    assert china.sentences.tolist() == [2, 1] and china.tone_mean.tolist() == [0.0, -0.5]


def test_cluster_bootstrap_resamples_documents_not_sentences():
    # One document of 99 sentences at +1 and one of 1 sentence at -1: resampling documents
    # sometimes draws the short one twice (mean -1), which a sentence bootstrap never would.
    values = pd.Series([1.0] * 99 + [-1.0])
    clusters = pd.Series(["long"] * 99 + ["short"])
    low, high = tone_time.cluster_mean_ci(values, clusters, 2000, np.random.default_rng(0))
    assert low == -1.0 and high == 1.0


def test_the_period_follows_the_corpus_span():
    assert windows.period_of(["2017-09-01", "2018-04-26"]) == "W"
    assert windows.period_of(["2012-01-01", "2018-04-26"]) == "M"
