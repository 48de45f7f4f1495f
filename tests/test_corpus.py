"""The raw articles load, verify and fail loudly on bad input, writing nothing."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from kimxi import DataError
from kimxi.corpus import articles as corpus, segment
from kimxi.io import paths


def _rewrite_meta(raw: Path, row: int, column: str, value: str) -> None:
    path = raw / "articles.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[row - 1][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _build_fails(raw: Path, tmp_path: Path, *fragments: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(DataError) as caught:
        segment.build_corpus(raw / "articles.csv", raw / "articles", out)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    assert not out.exists(), "nothing may be written when a check fails"


def test_raw_articles_are_the_seeds_byte_for_byte():
    # sha256 values published with the seed articles (shared/seeds/README.md).
    published = {
        "000_e6d5dd5901fee1b9.txt":
            "3068149b303ab434ad1df47d8baa7e4b774ccfb74bdfa9cd5c2c16093c7378b3",
        "003_25448f6e3d16209f.txt":
            "2fa41403d36c67c2d4761cc2156ae7d2e50b8fe82ec9a1806e6a288837728ff7",
    }
    for name, digest in published.items():
        assert hashlib.sha256((paths.ARTICLES_DIR / name).read_bytes()).hexdigest() == digest


def test_build_writes_three_tables(raw_copy, tmp_path):
    out = tmp_path / "out"
    segment.build_corpus(raw_copy / "articles.csv", raw_copy / "articles", out)
    assert sorted(p.name for p in out.iterdir()) == [
        "article_quotes.csv", "paragraphs.csv", "sentences.csv"]


def test_missing_article_file(raw_copy, tmp_path):
    (raw_copy / "articles" / "003_25448f6e3d16209f.txt").unlink()
    _build_fails(raw_copy, tmp_path, "articles.csv", "row 2", "column file", "not found")


def test_sha256_mismatch(raw_copy, tmp_path):
    path = raw_copy / "articles" / "000_e6d5dd5901fee1b9.txt"
    path.write_bytes(path.read_bytes().replace(b"Mao Zedong", b"Mao Tse-tung"))
    _build_fails(raw_copy, tmp_path, "row 1", "column sha256", "changed")


def _store(raw: Path, name: str, data: bytes, row: int) -> None:
    (raw / "articles" / name).write_bytes(data)
    _rewrite_meta(raw, row, "sha256", hashlib.sha256(data).hexdigest())


def test_empty_article(raw_copy, tmp_path):
    _store(raw_copy, "003_25448f6e3d16209f.txt", b"\n \n", row=2)
    _build_fails(raw_copy, tmp_path, "row 2", "column file", "is empty")


def test_article_not_utf8(raw_copy, tmp_path):
    _store(raw_copy, "000_e6d5dd5901fee1b9.txt", "China’s".encode("cp1252"), row=1)
    _build_fails(raw_copy, tmp_path, "row 1", "column file", "not UTF-8")


def test_bad_date_in_metadata(raw_copy, tmp_path):
    _rewrite_meta(raw_copy, 2, "date_earliest", "2018-03-32")
    _build_fails(raw_copy, tmp_path, "articles.csv", "row 2", "column date_earliest",
                 "'2018-03-32' is not a date (YYYY-MM-DD)")


def test_date_window_reversed(raw_copy, tmp_path):
    _rewrite_meta(raw_copy, 1, "date_latest", "2017-10-01")
    _build_fails(raw_copy, tmp_path, "row 1", "column date_latest", "before")


def test_missing_column_in_metadata(raw_copy, tmp_path):
    path = raw_copy / "articles.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("sha256,", "checksum,", 1), encoding="utf-8")
    _build_fails(raw_copy, tmp_path, "articles.csv", "column sha256", "missing column")


def test_metadata_not_utf8(raw_copy, tmp_path):
    path = raw_copy / "articles.csv"
    path.write_bytes(path.read_bytes() + "Sécurité".encode("latin-1"))
    _build_fails(raw_copy, tmp_path, "articles.csv", "not UTF-8")


def test_furniture_rules_remove_only_page_furniture():
    blocks = pd_blocks()
    removed = set(blocks[blocks.kind != "content"].text.str.slice(0, 12))
    assert removed == {"North Korean", "8 Social Buz", "SEE ALSO: US", "SEE ALSO: Ki",
                       "Additional r", "You are here", "China and No"}
    # Every content block of art-000 carries article prose, none a rule name.
    assert all(blocks[blocks.kind == "content"].rule == "")


def pd_blocks():
    import pandas as pd

    return pd.concat([corpus.split_paragraphs(a) for a in corpus.load_articles()])
