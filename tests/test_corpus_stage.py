"""The tone stage of a user's corpus gives the same tables whatever its chunk size, and its
streaming reader says what the whole-file reader says."""

from __future__ import annotations

import pandas as pd
import pytest

from kimxi.corpus import documents as corpus_csv
from kimxi.io import tables
from kimxi.io.errors import DataError
from kimxi.io.paths import DATA, ROOT
from kimxi.tone import corpus_stage, on_corpus
from kimxi.tone.lexicon import load_lexicon

FIXTURE = ROOT / "tests" / "fixtures" / "corpus_small.csv"


@pytest.fixture(scope="module")
def measures():
    lexicon = load_lexicon(DATA / "lexicon" / "diplomatic_tone.csv")
    return (on_corpus.validated_measure(DATA, lexicon), on_corpus.validated_stance(DATA, lexicon),
            lexicon)


def test_chunks_of_three_documents_write_the_bytes_of_one_pass(tmp_path, measures):
    measure, stance_measure, lexicon = measures
    runs = {}
    for size in (3, 10_000):
        out = tmp_path / f"size-{size}"
        runs[size] = corpus_stage.run(FIXTURE, out, measure, stance_measure, "China", lexicon,
                                      size=size)
        runs[size].files = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    small, whole = runs[3], runs[10_000]
    assert len(whole.documents) > 3  # more than one chunk of three
    assert set(small.files) == {"sentences.csv", "paragraphs.csv", "article_quotes.csv",
                                "sentiment_scores.csv"}
    assert small.files == whole.files
    pd.testing.assert_frame_equal(small.documents, whole.documents)
    pd.testing.assert_frame_equal(small.units, whole.units)
    pd.testing.assert_frame_equal(small.stance, whole.stance)
    assert small.counts == whole.counts and whole.counts["sentences"] == len(whole.units)


def test_a_bad_row_in_a_later_chunk_writes_nothing(tmp_path, measures):
    measure, stance_measure, lexicon = measures
    lines = FIXTURE.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = tmp_path / "bad.csv"
    bad.write_text("".join(lines) + "late-doc,2018-02-30,T,A text.\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(DataError, match="date") as caught:
        corpus_stage.run(bad, out, measure, stance_measure, "China", lexicon, size=3)
    assert caught.value.column == "date" and caught.value.row == len(
        corpus_csv.load_corpus(FIXTURE)) + 1
    assert not out.exists() or not any(out.iterdir())


def test_the_streaming_reader_reads_what_the_whole_file_reader_reads(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "READ_BLOCK", 7)  # blocks that cut lines and characters
    text = FIXTURE.read_text(encoding="utf-8")
    assert "".join(tables.iter_lines(FIXTURE)) == text
    chunks = list(corpus_csv.iter_corpus(FIXTURE, size=4))
    assert [len(c) for c in chunks[:-1]] == [4] * (len(chunks) - 1)
    pd.testing.assert_frame_equal(pd.concat(chunks), corpus_csv.load_corpus(FIXTURE))


def test_bytes_that_are_not_utf8_are_located_across_a_block_edge(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "READ_BLOCK", 5)
    path = tmp_path / "c.csv"
    data = "id,date,title,text\na1,2018-01-01,T,Caf\u00e9 ok\n".encode() + b"a2,2018-01-02,T,\xff\n"
    path.write_bytes(data)
    with pytest.raises(DataError) as streamed:
        list(tables.iter_lines(path))
    with pytest.raises(DataError) as whole:
        tables.read_text(path)
    assert str(streamed.value) == str(whole.value)
    at = data.index(b"\xff")
    assert f"byte {at} " in str(streamed.value) and "line 3" in str(streamed.value)


def test_a_duplicate_id_in_another_chunk_is_found(tmp_path):
    lines = FIXTURE.read_text(encoding="utf-8").splitlines(keepends=True)
    first_id = lines[1].split(",", 1)[0]
    path = tmp_path / "dup.csv"
    path.write_text("".join(lines) + f"{first_id},2018-01-01,T,Again.\n", encoding="utf-8")
    with pytest.raises(DataError, match="duplicate id") as caught:
        list(corpus_csv.iter_corpus(path, size=2))
    assert caught.value.row == len(corpus_csv.load_corpus(FIXTURE)) + 1
