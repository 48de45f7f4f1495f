"""kimxi.io.chunks, kimxi.io.progress, and the stages that use them on two processes."""

from __future__ import annotations

import pandas as pd
import pytest

from kimxi.io import chunks, progress
from kimxi.tone import sentiment


def squares(items):
    return [x * x for x in items]


@pytest.mark.parametrize("n, parts", [(10, 3), (3, 10), (0, 4), (1000, 8)])
def test_bounds_cover_every_item_once_in_order(n, parts):
    ranges = chunks.bounds(n, parts)
    covered = [i for a, b in ranges for i in range(a, b)]
    assert covered == list(range(n))
    sizes = [b - a for a, b in ranges]
    assert max(sizes, default=0) - min(sizes, default=0) <= 1


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_run_gives_the_chunks_in_item_order(n_jobs):
    items = list(range(chunks.MIN_ITEMS * 3))
    parts = chunks.run(squares, items, n_jobs)
    assert [x for part in parts for x in part] == squares(items)
    assert len(parts) > 1  # chunked, so that a bar can move


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_no_chunk_holds_more_than_max_chunk_items_however_many_there_are(n_jobs, monkeypatch):
    monkeypatch.setattr(chunks, "MAX_CHUNK", chunks.MIN_ITEMS * 2)
    items = list(range(chunks.MIN_ITEMS * 2 * 9 + 7))
    parts = chunks.run(squares, items, n_jobs)
    assert max(len(part) for part in parts) <= chunks.MAX_CHUNK
    assert len(parts) > n_jobs * chunks.CHUNKS_PER_JOB  # more chunks than the default number
    assert [x for part in parts for x in part] == squares(items)


def test_a_small_input_is_one_chunk_in_this_process():
    assert chunks.run(squares, [1, 2, 3], n_jobs=2) == [[1, 4, 9]]


def test_scores_are_the_same_on_two_processes():
    texts = ["We warmly welcome the great friendship.", "The aggression must be condemned.",
             "The delegation arrived in Pyongyang."] * (chunks.MIN_ITEMS)
    units = pd.DataFrame({"unit_id": [f"u{i}" for i in range(len(texts))], "text": texts})
    pd.testing.assert_frame_equal(sentiment.score_all(units, n_jobs=1),
                                  sentiment.score_all(units, n_jobs=2))


def test_steps_print_one_line_before_and_after_each_step(capsys):
    steps = progress.Steps(2, "notebook ")
    started = steps.start("a.ipynb")
    steps.finish("a.ipynb", started)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "[1/2] notebook a.ipynb ..."
    assert out[1].startswith("[1/2] notebook a.ipynb: done in ") and out[1].endswith(" in all)")


def test_bars_draw_nothing_where_the_stream_is_not_a_terminal(capsys):
    for _ in progress.track(range(5), "work"):
        pass
    with progress.bar(3, "more") as shown:
        shown.update(3)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_bars_draw_on_a_terminal(monkeypatch):
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    for _ in progress.track(range(5), "work", unit="doc"):
        pass
    assert "work:" in screen.getvalue() and "/5 " in screen.getvalue()
