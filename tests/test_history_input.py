"""KCNA's 1997-2018 archive read a chunk at a time (kimxi.archive.stream): each bad input is one
located DataError, and a build writes nothing for it."""

import gzip
import hashlib

import pytest

from kimxi.archive import stream
from kimxi.io.errors import DataError
from kimxi.run import kcna_build

HEADER = b"id,date,title,text,source_url\n"


def row(article_id: bytes, date: bytes, text: bytes = b"Pyongyang (KCNA) -- A text.") -> bytes:
    return (article_id + b"," + date + b",A title,\"" + text + b"\",http://kcna.co.jp/item/"
            + article_id + b".htm\n")


GOOD = [row(b"kcna-19970101-01", b"1997-01-01"), row(b"kcna-19970101-02", b"1997-01-01"),
        row(b"kcna-19970102-01", b"1997-01-02", b"Pyongyang (KCNA) -- Two\n\nparagraphs.")]


def archive(tmp_path, rows, name="archive.csv.gz"):
    path = tmp_path / name
    data = HEADER + b"".join(rows)
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


def chunks(path, **kw):
    return list(stream.iter_archive(path, sha256=None, chunk_rows=2, **kw))


def test_a_good_archive_comes_in_chunks_in_file_order(tmp_path):
    got = chunks(archive(tmp_path, GOOD))
    assert [len(c) for c in got] == [2, 1]
    assert [c.attrs["first_row"] for c in got] == [1, 3]
    assert list(got[1]["text"]) == ["Pyongyang (KCNA) -- Two\n\nparagraphs."]
    assert got[1].attrs["lines"][0] == 4


def test_the_sha256_is_that_of_the_gzip_files_bytes(tmp_path):
    path = archive(tmp_path, GOOD)
    right = hashlib.sha256(path.read_bytes()).hexdigest()
    assert len(list(stream.iter_archive(path, sha256=right))) == 1
    with pytest.raises(DataError, match=f"sha256 is {right}, expected 0+"):
        list(stream.iter_archive(path, sha256="0" * 64))


def test_a_truncated_gzip_file(tmp_path):
    path = archive(tmp_path, GOOD * 1)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 12])
    with pytest.raises(DataError, match="not a complete gzip file") as err:
        chunks(path)
    assert err.value.path.endswith("archive.csv.gz")


def test_bytes_that_are_not_utf8_are_located(tmp_path):
    bad = row(b"kcna-19970102-02", b"1997-01-02", b"Pyongyang (KCNA) -- caf\xe9.")
    with pytest.raises(DataError, match="not UTF-8") as err:
        chunks(archive(tmp_path, [*GOOD, bad]))
    assert (err.value.row, err.value.column, err.value.line) == (4, "text", 7)


def test_a_duplicate_id_in_a_later_chunk(tmp_path):
    with pytest.raises(DataError, match="duplicate id 'kcna-19970101-01' \\(first on row 1\\)") \
            as err:
        chunks(archive(tmp_path, [*GOOD, GOOD[0]]))
    assert (err.value.row, err.value.column) == (4, "id")


def test_an_id_whose_date_is_not_its_rows(tmp_path):
    bad = row(b"kcna-19970103-01", b"1997-01-04")
    with pytest.raises(DataError, match="the id's date 19970103 is not the date 1997-01-04") \
            as err:
        chunks(archive(tmp_path, [*GOOD, bad]))
    assert (err.value.row, err.value.column) == (4, "id")


def test_a_date_that_is_not_a_date(tmp_path):
    bad = row(b"kcna-19970231-01", b"1997-02-31")
    with pytest.raises(DataError) as err:
        chunks(archive(tmp_path, [*GOOD, bad]))
    assert (err.value.row, err.value.column) == (4, "date")


def test_a_missing_column(tmp_path):
    path = tmp_path / "archive.csv"
    path.write_bytes(b"id,date,title,text\n")
    with pytest.raises(DataError, match="missing column") as err:
        chunks(path)
    assert err.value.column == "source_url"


def test_the_known_broken_address_is_repaired_only_in_its_file(tmp_path):
    broken = (b"kcna-20021024-x22345,2002-10-24,Pine nuts,Text.,"
              b"\"http://kcna.co.jp/item/2002/200210/news10/24.htm#11>Korea</a></h3>\n<li>\"\n")
    path = archive(tmp_path, [broken])
    with pytest.raises(DataError) as err:  # another file: the address is refused
        chunks(path)
    assert err.value.column == "source_url"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    repairs = {digest: stream.REPAIRS[stream.HISTORY_SHA256]}
    original = stream.REPAIRS
    try:
        stream.REPAIRS = repairs
        (chunk,) = list(stream.iter_archive(path, sha256=digest))
    finally:
        stream.REPAIRS = original
    assert chunk.at[0, "source_url"] == "http://kcna.co.jp/item/2002/200210/news10/24.htm#11"


def test_a_bad_archive_writes_nothing(tmp_path, monkeypatch, capsys):
    bad = row(b"kcna-19970103-01", b"1997-01-04")
    path = archive(tmp_path, [*GOOD, bad])
    monkeypatch.setattr(stream, "HISTORY_SHA256", hashlib.sha256(path.read_bytes()).hexdigest())
    out = tmp_path / "out"
    assert kcna_build.main([str(path), "--out", str(out)]) == 2
    assert "the id's date 19970103" in capsys.readouterr().err
    assert not out.exists()
