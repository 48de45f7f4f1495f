"""The processed tables keep to the schemas declared once in kimxi.io.processed."""

from __future__ import annotations

import pandas as pd
import pytest

from kimxi import DataError
from kimxi.io import paths, processed


def test_every_committed_processed_table_is_declared_and_keeps_its_schema():
    committed = {p.name for p in paths.PROCESSED.glob("*.csv")}
    assert committed == set(processed.SCHEMAS)
    for name in sorted(committed):
        frame = processed.read(paths.PROCESSED / name)
        key = processed.schema(name).key
        assert len(frame) and (key is None or frame[key].is_unique)


def test_a_table_that_breaks_its_schema_is_not_written(tmp_path):
    good = pd.DataFrame({"week": ["2018-01-01"], "sentences": [3], "articles": [2],
                         "tone_mean": [0.5], "low": [0.1], "high": [0.9]})
    bad = good.assign(sentences=["three"])
    with pytest.raises(DataError) as err:
        processed.write({tmp_path / "genre_china_weekly.csv": bad,
                         tmp_path / "archive_genres.csv": pd.DataFrame()})
    assert err.value.row == 1 and err.value.column == "sentences"
    assert "genre_china_weekly.csv" in str(err.value)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(DataError) as err:
        processed.write({tmp_path / "genre_china_weekly.csv": good.drop(columns="tone_mean")})
    assert err.value.column == "tone_mean" and list(tmp_path.iterdir()) == []
    assert processed.write({tmp_path / "genre_china_weekly.csv": good})


def test_an_undeclared_table_is_refused(tmp_path):
    with pytest.raises(DataError, match="not a declared processed table"):
        processed.write({tmp_path / "mine.csv": pd.DataFrame({"a": [1]})})
    assert not (tmp_path / "mine.csv").exists()


def test_reading_a_bad_table_names_its_row_and_column(tmp_path):
    path = tmp_path / "topics_terms.csv"
    path.write_text("k,topic,label,rank,term,weight\n5,0,a,1,x,0.5\n"
                    "5,zero,a,2,y,0.4\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        processed.read(path)
    assert err.value.row == 2 and err.value.column == "topic"
    path.write_text("k,topic,label,rank,weight\n5,0,a,1,0.5\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing column") as err:
        processed.read(path)
    assert err.value.column == "term"
