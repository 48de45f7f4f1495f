"""Plan entry P1: the day as unit, a permutation test of the day labels, Holm over the family."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kimxi.tone import quiet


def test_holm_by_hand():
    # sorted p: 0.01, 0.03, 0.04 -> 3 * 0.01, max(0.03, 2 * 0.03), max(0.06, 0.04)
    assert quiet.holm([0.04, 0.01, 0.03]).tolist() == pytest.approx([0.06, 0.03, 0.06])
    assert quiet.holm([0.5, 0.9]).tolist() == pytest.approx([1.0, 1.0])


def _days(values: dict[str, float]) -> pd.Series:
    return pd.Series(values, index=pd.to_datetime(list(values)))


def test_the_permutation_test_sees_a_shift_and_no_shift():
    rng = np.random.default_rng(1)
    days = pd.date_range("2018-01-01", "2018-03-31")
    inside = (days >= "2018-02-01") & (days <= "2018-02-28")
    shifted = pd.Series(rng.normal(0, 0.1, len(days)) - 0.5 * inside, index=days)
    flat = pd.Series(rng.normal(0, 0.1, len(days)), index=days)
    window = ("2018-01-01", "2018-03-31")
    moved = quiet.test(shifted, ("2018-02-01", "2018-02-28"), window, n=999)
    same = quiet.test(flat, ("2018-02-01", "2018-02-28"), window, n=999)
    assert moved["p_value"] < 0.01 and moved["difference"] < -0.3
    assert same["p_value"] > 0.05 and moved["n_quiet"] == 28 and moved["n_rest"] == 62


def test_the_day_is_the_unit():
    table = pd.DataFrame({"document_id": ["a", "b", "c"], "stance": [1, -1, 1],
                          "role": "actor"})
    articles = pd.DataFrame({"date": ["2018-01-01", "2018-01-01", "2018-01-02"],
                             "genre": "other", "title": "x"}, index=["a", "b", "c"])
    by_day = quiet.day_values(table, articles, "stance")
    assert by_day.tolist() == [0.0, 1.0]
    by_article = quiet.day_values(table, articles, "stance", unit="article")
    assert sorted(by_article.tolist()) == [-1.0, 1.0, 1.0]
