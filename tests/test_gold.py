"""The coder's side of the gold workflow: a coded sheet in any of the shapes the codebook
allows is read, partial coding included, and bad input is one located error."""

from __future__ import annotations

import pandas as pd
import pytest

from kimxi import DataError
from kimxi.run import cli, gold_sample


@pytest.fixture
def scores(tmp_path):
    path = tmp_path / "sentiment_scores.csv"
    pd.DataFrame({"unit_id": [f"u{i}" for i in range(8)], "best_class": [1, 1, 0, 0, -1, -1, 1, 0],
                  "textblob_class": 1, "vader_class": 0, "lexicon_class": -1,
                  "best_score": 0.5}).to_csv(path, index=False)
    return path


def write(tmp_path, text):
    path = tmp_path / "coded.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_unit_id_and_tone_partially_coded(tmp_path, scores):
    coded = write(tmp_path, "unit_id,tone\nu0,1\nu1,1\nu2,0\nu3,\nu4,-1\n")
    codes, column = gold_sample.read_codes(coded)
    assert column == "tone" and codes.unit_id.tolist() == ["u0", "u1", "u2", "u4"]
    result = gold_sample.check(coded, scores)
    kappa = result[result.metric == "kappa"].set_index("measure").estimate
    assert result.units.iloc[0] == 4 and kappa["chosen"] == pytest.approx(1.0)
    assert kappa["chosen"] > kappa["textblob"]


def test_stance_and_a_single_coders_pass1(tmp_path):
    codes, column = gold_sample.read_codes(write(tmp_path, "unit_id,stance\nu0,-1\nu1,0\n"))
    assert column == "stance" and codes.gold.tolist() == [-1, 0]
    sheet = "unit_id,unit_type,text,pass1,pass2,gold\nu0,s,a,1,,\nu1,s,b,0,,\n"
    codes, column = gold_sample.read_codes(write(tmp_path, sheet))
    assert column == "pass1" and codes.gold.tolist() == [1, 0]


@pytest.mark.parametrize("text, row, column, says", [
    ("unit_id,tone\nu0,1\nu1,2\n", 2, "tone", "'2' is not a code"),
    ("unit_id,tone\nu0,1\nu0,0\n", 2, "unit_id", "duplicate id 'u0'"),
    ("unit,tone\nu0,1\n", None, "unit_id", "missing column"),
    ("unit_id,notes\nu0,x\n", None, "gold", "no column of codes"),
    ("unit_id,tone\nu0,\n", None, "tone", "no code yet"),
])
def test_bad_sheets_are_one_located_error(tmp_path, scores, capsys, text, row, column, says):
    coded = write(tmp_path, text)
    with pytest.raises(DataError) as error:
        gold_sample.check(coded, scores)
    assert error.value.row == row and error.value.column == column and says in str(error.value)
    assert cli.main(["check-gold", str(coded), str(scores)]) == 2
    printed = capsys.readouterr()
    assert printed.err.count("\n") == 1 and says in printed.err and "Traceback" not in printed.err


def test_scores_that_are_not_a_scores_table_are_a_located_error(tmp_path, scores, capsys):
    coded = write(tmp_path, "unit_id,tone\nu0,1\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("unit_id,best_class\nu0,1\n", encoding="utf-8")
    assert cli.main(["check-gold", str(coded), str(bad)]) == 2
    assert "textblob_class" in capsys.readouterr().err
    assert cli.main(["check-gold", str(coded), str(scores)]) == 0
    assert "1 coded units (column tone)" in capsys.readouterr().out


def test_coded_units_missing_from_the_scores_are_counted_in_a_warning(tmp_path, scores, capsys):
    coded = write(tmp_path, "unit_id,tone\nu0,1\nu1,1\nx7,0\nx8,-1\nx9,0\n")
    result = gold_sample.check(coded, scores)
    assert result.units.iloc[0] == 2
    err = capsys.readouterr().err
    assert "3 of the 5 coded units" in err and "the 2 both hold" in err
    gold_sample.check(write(tmp_path, "unit_id,tone\nu0,1\nu1,1\n"), scores)
    assert capsys.readouterr().err == ""
