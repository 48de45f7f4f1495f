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
    assert len(entries(store)) == 1


def entries(store):
    return sorted(store.rglob("output.pkl"))


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
    monkeypatch.setattr(cache, "code_fingerprint", lambda module: "another version of the code")
    cache.cached("stage", {"k": 1}, compute)
    assert len(calls) == 2


@pytest.mark.parametrize("same, other", [
    (np.arange(6.0).reshape(2, 3), np.arange(6.0).reshape(3, 2)),
    (scipy.sparse.csr_matrix(np.arange(6.0).reshape(2, 3)),
     scipy.sparse.csr_matrix(np.arange(6.0).reshape(2, 3)) * 2),
    ([1, 2], (1, 2)), (1, "1"), (b"ab", b"ac"), (b"1", "1")])
def test_arrays_and_sparse_matrices_are_keyed_on_their_values(store, same, other):
    compute, calls = counting(1)
    cache.cached("s", {"x": same}, compute)
    cache.cached("s", {"x": same.copy() if hasattr(same, "copy") else same}, compute)
    assert len(calls) == 1
    cache.cached("s", {"x": other}, compute)
    assert len(calls) == 2


def test_the_code_of_a_stage_is_its_module_and_what_it_imports(tmp_path, monkeypatch):
    import shutil

    copy = tmp_path / "kimxi"
    shutil.copytree(cache.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE_DIR", copy)
    cache.code_fingerprint.cache_clear()
    validation = cache.code_fingerprint("kimxi.tone.validation")
    topics = cache.code_fingerprint("kimxi.topics.model")
    assert validation != cache.code_fingerprint("kimxi.tone.sentiment")
    # the lexicon is imported by the validation, not by the topic model
    with (copy / "tone" / "lexicon.py").open("a") as handle:
        handle.write("\n# changed\n")
    cache.code_fingerprint.cache_clear()
    try:
        assert cache.code_fingerprint("kimxi.tone.validation") != validation
        assert cache.code_fingerprint("kimxi.topics.model") == topics
    finally:
        cache.code_fingerprint.cache_clear()


def test_off_computes_every_time(store, monkeypatch):
    monkeypatch.setenv("KIMXI_CACHE", "off")
    compute, calls = counting(1)
    cache.cached("stage", {"k": 1}, compute)
    cache.cached("stage", {"k": 1}, compute)
    assert len(calls) == 2 and not store.exists()


def test_a_damaged_entry_is_computed_again(store):
    compute, calls = counting({"value": 1})
    cache.cached("stage", {"k": 1}, compute)
    (entry,) = entries(store)
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
    assert len(entries(store)) == 1
    pd.testing.assert_frame_equal(first, again)
    sentiment.score_all(units.assign(text=["Warm and friendly talks.", "A calm meeting."]))
    sentiment.score_all(units, thresholds={"vader": 0.5})
    assert len(entries(store)) == 3
    monkeypatch.setenv("KIMXI_CACHE", "off")
    pd.testing.assert_frame_equal(sentiment.score_all(units), first)


def test_a_corrupt_entry_is_detected_and_recomputed(tmp_path, monkeypatch, capsys):
    """A stored result changed on disk (what a flipped bit does to a float) is caught by its
    hash, reported in one line and recomputed; the next call finds a sound entry."""
    import joblib

    monkeypatch.setenv("KIMXI_CACHE", "on")
    monkeypatch.setenv("KIMXI_CACHE_DIR", str(tmp_path))
    calls = []

    def compute():
        calls.append(1)
        return {"lexicon_score": 4.5}

    assert cache.cached("corrupt-test", {"x": 1}, compute) == {"lexicon_score": 4.5}
    (output,) = list(tmp_path.rglob("output.pkl"))
    digest, result = joblib.load(output)
    joblib.dump((digest, {"lexicon_score": -4.5}), output)  # the sign bit flipped on disk
    assert cache.cached("corrupt-test", {"x": 1}, compute) == {"lexicon_score": 4.5}
    assert len(calls) == 2
    err = capsys.readouterr().err
    assert "'corrupt-test'" in err and "corrupt" in err and len(err.strip().splitlines()) == 1
    assert cache.cached("corrupt-test", {"x": 1}, compute) == {"lexicon_score": 4.5}
    assert len(calls) == 2 and capsys.readouterr().err == ""
