"""kimxi.io.cache: a stored result is returned only for the same name, inputs and code."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse

from kimxi.io import cache

pytestmark = pytest.mark.uses_cache


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("KIMXI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KIMXI_CACHE", "on")
    return tmp_path / "cache"


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value
    return compute, calls


def test_second_call_is_served_from_the_store(store):
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    compute, calls = counting(frame.assign(c=3))
    first = cache.cached("stage", {"table": frame, "k": 5}, compute)
    second = cache.cached("stage", {"table": frame, "k": 5}, compute)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first, second)
    assert len(list(store.glob("stage-*.pkl"))) == 1


@pytest.mark.parametrize("change", ["cell", "column", "dtype", "index", "setting", "name"])
def test_any_changed_input_makes_a_new_entry(store, change):
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    inputs, name = {"table": frame, "k": 5}, "stage"
    changed = {"cell": lambda: ({"table": frame.assign(b=["x", "z"]), "k": 5}, name),
               "column": lambda: ({"table": frame.rename(columns={"b": "c"}), "k": 5}, name),
               "dtype": lambda: ({"table": frame.astype({"a": float}), "k": 5}, name),
               "index": lambda: ({"table": frame.set_axis([5, 6]), "k": 5}, name),
               "setting": lambda: ({"table": frame, "k": 6}, name),
               "name": lambda: (inputs, "other stage")}[change]()
    compute, calls = counting(1)
    cache.cached(name, inputs, compute)
    cache.cached(changed[1], changed[0], compute)
    assert len(calls) == 2


def test_changed_code_makes_a_new_entry(store, monkeypatch):
    compute, calls = counting(1)
    cache.cached("stage", {"k": 1}, compute)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another version of the code")
    cache.cached("stage", {"k": 1}, compute)
    assert len(calls) == 2


def test_arrays_and_sparse_matrices_are_keyed_on_their_values():
    dense = np.arange(6.0).reshape(2, 3)
    sparse = scipy.sparse.csr_matrix(dense)
    assert cache.key("s", {"x": dense}) == cache.key("s", {"x": dense.copy()})
    assert cache.key("s", {"x": dense}) != cache.key("s", {"x": dense.reshape(3, 2)})
    assert cache.key("s", {"x": sparse}) != cache.key("s", {"x": sparse * 2})
    assert cache.key("s", {"x": sparse}) != cache.key("s", {"x": dense})
    assert cache.key("s", {"x": [1, 2]}) != cache.key("s", {"x": (1, 2)})
    assert cache.key("s", {"x": 1}) != cache.key("s", {"x": "1"})
    assert cache.key("s", {"x": b"ab"}) != cache.key("s", {"x": b"ac"})
    assert cache.key("s", {"x": b"1"}) != cache.key("s", {"x": "1"})


def test_an_input_it_cannot_key_is_refused(store):
    with pytest.raises(TypeError, match="cannot key"):
        cache.cached("stage", {"f": lambda: 1}, lambda: 1)


def test_off_computes_every_time(store, monkeypatch):
    monkeypatch.setenv("KIMXI_CACHE", "off")
    compute, calls = counting(1)
    cache.cached("stage", {"k": 1}, compute)
    cache.cached("stage", {"k": 1}, compute)
    assert len(calls) == 2 and not store.exists()


def test_a_damaged_entry_is_computed_again(store):
    compute, calls = counting({"value": 1})
    cache.cached("stage", {"k": 1}, compute)
    (entry,) = store.glob("stage-*.pkl")
    entry.write_bytes(b"not a pickle")
    assert cache.cached("stage", {"k": 1}, compute) == {"value": 1}
    assert len(calls) == 2


def test_the_store_is_not_tracked():
    from kimxi.io import paths

    ignored = (paths.ROOT / ".gitignore").read_text().splitlines()
    assert ".cache/" in ignored


def test_scores_are_kept_and_a_changed_unit_or_threshold_scores_again(store, monkeypatch):
    from kimxi.tone import sentiment

    units = pd.DataFrame({"unit_id": ["a", "b"],
                          "text": ["Warm and friendly talks.", "A hostile provocation."]})
    first = sentiment.score_all(units)
    again = sentiment.score_all(units)
    assert len(list(store.glob("scores-*.pkl"))) == 1
    pd.testing.assert_frame_equal(first, again)
    sentiment.score_all(units.assign(text=["Warm and friendly talks.", "A calm meeting."]))
    sentiment.score_all(units, thresholds={"vader": 0.5})
    assert len(list(store.glob("scores-*.pkl"))) == 3
    monkeypatch.setenv("KIMXI_CACHE", "off")
    pd.testing.assert_frame_equal(sentiment.score_all(units), first)
