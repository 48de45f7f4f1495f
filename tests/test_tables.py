"""Reading and writing tables: strict, located, and all-or-nothing."""

from __future__ import annotations

import os
import stat

import pandas as pd
import pytest

from kimxi import DataError
from kimxi.io import tables, write_checks
from kimxi.io.schema import Column

COLUMNS = (Column("id"), Column("date", kind="date"), Column("text"))


def _read(path):
    return tables.read_table(path, COLUMNS, key="id")


def test_a_cell_longer_than_the_csv_default_limit_is_read(tmp_path):
    long = "word " * 40_000  # 200,000 characters, over the csv module's 131,072
    path = tmp_path / "t.csv"
    pd.DataFrame({"id": ["a"], "date": ["2018-01-01"], "text": [long]}).to_csv(path, index=False)
    assert _read(path).text.iloc[0] == long


def test_errors_name_the_line_the_row_starts_on(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('id,date,text\na,2018-01-01,"one\ntwo\nthree"\nb,2018-13-01,x\n',
                    encoding="utf-8")
    with pytest.raises(DataError) as caught:
        _read(path)
    assert str(caught.value).endswith("t.csv, row 2 (line 5), column date: '2018-13-01' is not "
                                      "a date (YYYY-MM-DD)")


def test_an_unclosed_quote_is_an_error_not_one_long_cell(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('id,date,text\na,2018-01-01,"open\nb,2018-01-02,x\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"t.csv: is not valid CSV from line 2 on"):
        _read(path)


def test_write_tables_writes_all_with_ordinary_modes(tmp_path):
    frame = pd.DataFrame({"id": ["a"], "value": [1]})
    written = tables.write_tables({tmp_path / "a.csv": frame, tmp_path / "b.txt": "text\n",
                                   tmp_path / "c.bin": b"\x00\x01"})
    assert [p.name for p in written] == ["a.csv", "b.txt", "c.bin"]
    umask = os.umask(0)
    os.umask(umask)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert (tmp_path / "c.bin").read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.txt", "c.bin"]


def test_write_tables_writes_none_when_one_fails(tmp_path):
    (tmp_path / "a.csv").write_text("old\n")
    blocker = tmp_path / "dir"
    blocker.mkdir()
    (blocker / "b.csv").mkdir()  # a directory where a file should go: its rename fails
    with pytest.raises(OSError):
        tables.write_tables({tmp_path / "a.csv": "new\n", blocker / "b.csv": "x\n"})
    assert (tmp_path / "a.csv").read_text() == "old\n"
    leftovers = [p.name for p in (*tmp_path.iterdir(), *blocker.iterdir()) if p.suffix == ".tmp"]
    assert leftovers == []


def test_the_first_bad_cell_is_reported_row_by_row_then_column_by_column(tmp_path):
    path = tmp_path / "t.csv"
    # row 2 has a bad text (required, empty) and row 3 a bad date: row 2 comes first even
    # though date is checked before text column by column.
    path.write_text("id,date,text\na,2018-01-01,x\nb,2018-01-02,\nc,2018-13-01,y\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match=r"row 2 \(line 3\), column text: is empty"):
        _read(path)
    # within one row, the column order decides
    path.write_text("id,date,text\na,2018-13-01,\n", encoding="utf-8")
    with pytest.raises(DataError, match="column date"):
        _read(path)
    # a short row after a bad cell: the bad cell; a short row before it: the short row
    path.write_text("id,date,text\na,2018-13-01,x\nb,2018-01-02\n", encoding="utf-8")
    with pytest.raises(DataError, match="row 1 .* column date"):
        _read(path)
    path.write_text("id,date,text\nb,2018-01-02\na,2018-13-01,x\n", encoding="utf-8")
    with pytest.raises(DataError, match="row 1 .*has 2 cells"):
        _read(path)


def test_line_numbers_follow_derived_frames_without_copying(tmp_path):
    import copy

    path = tmp_path / "t.csv"
    path.write_text('id,date,text\na,2018-01-01,"one\ntwo"\nb,2018-01-02,x\n', encoding="utf-8")
    frame = _read(path)
    lines = frame.attrs["lines"]
    assert [lines[0], lines[1]] == [2, 4] and len(lines) == 2
    assert copy.deepcopy(lines) is lines
    derived = frame[frame.id == "b"].merge(frame[["id"]], on="id")
    assert derived.attrs["lines"] == lines


FAULTS = {  # what a fault does to one data row, and the words of the error it should raise
    "is not a date": lambda row: row.replace("2018-01", "2018-13"),
    "is not one of": lambda row: row.replace(",a,", ",c,").replace(",b,", ",c,"),
    "cells, the header has": lambda row: row.split(",")[0] + ",2018-01-01",
    "duplicate id": lambda row: "u3" + row[row.index(","):],
    "is not an integer": lambda row: row.replace(",1", ",x1", 1),
    "is empty": lambda row: "," + row[row.index(",") + 1:],
    "spans lines": lambda row: row.replace('"t, ', '"t,\nmore ', 1),
}


@pytest.mark.parametrize("kept, block", [(tables.KEPT_VERDICTS, write_checks.BLOCK_ROWS), (2, 7),
                                          (tables.KEPT_VERDICTS, 1)])
def test_check_text_raises_what_parse_table_raises(kept, block, monkeypatch):
    """check_text (block by block, for tables about to be written) against parse_table (every
    row first): the same error, row, column and line, or the same number of rows; also with
    a bound on remembered verdicts small enough that most cells are checked afresh, and
    with blocks small enough that faults fall in later blocks and on their edges."""
    import random

    monkeypatch.setattr(tables, "KEPT_VERDICTS", kept)
    monkeypatch.setattr(write_checks, "BLOCK_ROWS", block)
    columns = [Column("id"), Column("date", "date"), Column("n", "integer"),
               Column("kind", choices=("a", "b")), Column("text", required=False)]
    good = ["id,date,n,kind,text"] + [
        f'u{i},2018-01-{i % 28 + 1:02d},{i},{"ab"[i % 2]},"t, {i}"' for i in range(30)]
    rng, met = random.Random(3), set()
    for _ in range(600):
        lines = list(good)
        for _ in range(rng.randrange(0, 3)):
            i = rng.randrange(1, len(lines))
            lines[i] = rng.choice(list(FAULTS.values()))(lines[i])
        text = "\n".join(lines) + "\n"
        outcome = []
        for check in (lambda t: len(tables.parse_table("t.csv", t, columns, "id")),
                      lambda t: write_checks.check_text("t.csv", t, columns, "id")):
            try:
                outcome.append(check(text))
            except DataError as error:
                outcome.append((str(error), error.row, error.column, error.line))
        assert outcome[0] == outcome[1], text
        met |= {words for words in FAULTS if words in str(outcome[0])}
        met |= {"spans lines"} if "\nmore" in text and isinstance(outcome[0], int) else set()
    assert met == set(FAULTS)  # every kind of fault was drawn and found


@pytest.mark.parametrize("block", [1, 2, 3, 100])
def test_check_text_reports_text_that_is_not_csv_where_it_is_met(block, monkeypatch):
    monkeypatch.setattr(write_checks, "BLOCK_ROWS", block)
    columns = [Column("id"), Column("date", "date")]
    broken = 'c,"2018-01-03"x\n'
    with pytest.raises(DataError, match=r"not valid CSV from line 4 on"):
        write_checks.check_text("t.csv", "id,date\na,2018-01-01\nb,2018-01-02\n" + broken, columns)
    with pytest.raises(DataError, match=r"row 2 \(line 3\), column date: .* not a date"):
        write_checks.check_text("t.csv", "id,date\na,2018-01-01\nb,2018-13-02\n" + broken, columns)


def test_check_text_refuses_an_empty_text_and_a_missing_column():
    with pytest.raises(DataError, match="the file is empty"):
        write_checks.check_text("t.csv", "", COLUMNS, "id")
    with pytest.raises(DataError, match="missing column") as error:
        write_checks.check_text("t.csv", "id,text\na,x\n", COLUMNS, "id")
    assert error.value.column == "date"
    assert write_checks.check_text("t.csv", "id,date,text\na,2018-01-01,x\n", COLUMNS, "id") == 1


def test_a_negative_zero_is_written_as_zero_and_nothing_else_moves():
    frame = pd.DataFrame({"id": ["a", "b", "c"], "score": [-0.0, -1e-300, 0.1 + 0.2],
                          "n": [1, 2, 3]})
    lines = tables.to_csv_text(frame).splitlines()
    assert lines[1] == "a,0.0,1"
    assert lines[2] == f"b,{-1e-300},2" and lines[3] == f"c,{0.1 + 0.2},3"
    assert str(frame.loc[0, "score"]) == "-0.0"  # the caller's frame is not changed
