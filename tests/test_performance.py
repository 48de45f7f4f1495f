"""kimxi.report.performance: the README's performance block says what the benchmark tables say."""

from __future__ import annotations

import pandas as pd

from kimxi.report import performance


def test_tables_not_yet_written_are_named_not_invented(tmp_path):
    text = performance.render(tmp_path)
    assert "set-up has not been timed yet" in text
    assert "`make run` and `make test` have not been timed yet" in text
    assert "own corpus has not been timed yet" in text
    assert not any(ch.isdigit() for ch in text.replace("3.11", ""))


def test_the_ratios_are_computed_from_the_tables(tmp_path):
    pd.DataFrame([dict(installer="pip", wall_s=120.0), dict(installer="uv", wall_s=30.0)]).to_csv(
        tmp_path / "setup.csv", index=False)
    pd.DataFrame([dict(command="make run", run="floor", wall_s=20.0),
                  dict(command="make run", run="cold", wall_s=70.0),
                  dict(command="make run", run="warm", wall_s=30.0),
                  dict(command="make test", run="unit tests alone", wall_s=200.0),
                  dict(command="make test", run="floor notebooks under nbval", wall_s=25.0),
                  dict(command="make test", run="cold", wall_s=300.0)]).to_csv(
        tmp_path / "run.csv", index=False)
    pd.DataFrame([dict(corpus="Rodong Sinmun x1", text_mb=1.0, sentences=10, wall_s=50.0,
                       s_per_mb=50.0, peak_rss_mb=900.0, ratio=20.0),
                  dict(corpus="Rodong Sinmun x20", text_mb=20.0, sentences=200, wall_s=200.0,
                       s_per_mb=10.0, peak_rss_mb=1500.0, ratio=2.0)]).to_csv(
        tmp_path / "byoc.csv", index=False)
    text = performance.render(tmp_path)
    assert "**30 s with uv** and 120 s with pip" in text
    assert "3.50 and 1.50 times the floor" in text
    assert "= 275 s" in text  # 3 x 25 + 200
    assert "| Rodong Sinmun x20 | 20.0 | 200 | 200.0 | 10.0 | 1,500 | 2.00x |" in text
    assert "changes by -80%" in text and "from 900 to 1,500 MB" in text


def test_repeated_runs_are_named_as_medians(tmp_path):
    pd.DataFrame([dict(command="make run", run="floor", wall_s=20.0, repeats=3),
                  dict(command="make run", run="cold", wall_s=70.0, repeats=1),
                  dict(command="make run", run="warm", wall_s=30.0, repeats=3)]).to_csv(
        tmp_path / "run.csv", index=False)
    text = performance.render(tmp_path)
    assert "30 s on a rerun (the median of 3 reruns, as is the floor's)" in text


def test_a_run_without_make_test_says_so(tmp_path):
    pd.DataFrame([dict(command="make run", run="floor", wall_s=20.0),
                  dict(command="make run", run="cold", wall_s=70.0),
                  dict(command="make run", run="warm", wall_s=30.0)]).to_csv(
        tmp_path / "run.csv", index=False)
    text = performance.render(tmp_path)
    assert "3.50 and 1.50 times the floor" in text
    assert "`make test` was not timed in that run" in text and "= " not in text


def test_bench_run_takes_the_median_of_each_measure_and_keeps_every_wall_time():
    from benchmarks import bench_run

    runs = [dict(run="warm", wall_s=w, cpu_s=c, others_cpu_s=o)
            for w, c, o in ((40.0, 39.0, 9.0), (30.0, 31.0, 1.0), (35.0, 30.0, 2.0))]
    row = bench_run.medians("make run", "warm", runs)
    assert row == dict(command="make run", run="warm", wall_s=35.0, cpu_s=31.0,
                       others_cpu_s=2.0, repeats=3, wall_s_each="40.0;30.0;35.0")
