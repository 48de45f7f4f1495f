"""The KCNA archive: bad input is refused, located; the committed tables are what the
archive gives; the repository quotes it without copying it.

Tests that need the archive itself (``../shared/external/``) skip cleanly where it is
absent; everything else runs on small archives made here.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from kimxi import DataError
from kimxi.archive import load as archive, tables as archive_tables, verbatim
from kimxi.record import messages
from kimxi.run import kcna_build as archive_build
from kimxi.tone import score as tone_score

ARCHIVE = archive.default_archive()
needs_archive = pytest.mark.skipif(ARCHIVE is None, reason="the KCNA archive is not in "
                                                           "../shared/external/")
HEADER = ["id", "date", "title", "text", "source_url"]
ROWS = [
    ["kcna-20171026-01", "2017-10-26", "Kim Jong Un Sends Congratulatory Message to Xi Jinping",
     "Pyongyang, October 26 (KCNA) -- Kim Jong Un sent a congratulatory message to Xi Jinping."
     "\n\nThe message said the relations would develop.",
     "http://kcna.co.jp/item/2017/201710/news26/20171026-01ee.html"],
    ["kcna-20171027-02", "2017-10-27", "Rodong Sinmun Slams U.S.",
     'Pyongyang, October 27 (KCNA) -- Rodong Sinmun says in an article\nthat the "U.S." is '
     "wrong.\n\nIt was a second paragraph.",
     "http://kcna.co.jp/item/2017/201710/news27/20171027-02ee.html"],
    ["kcna-20171028-03", "2017-10-28", "Fishing Boats Built in DPRK",
     "Pyongyang, October 28 (KCNA) -- Boats were built.",
     "http://kcna.co.jp/item/2017/201710/news28/20171028-03ee.html"],
]


def _write(path: Path, rows, header=HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return _write(tmp_path / "archive.csv", ROWS)


def _refused(path: Path, out: Path, capsys, sha256: str = "none") -> str:
    """Run the build on ``path``: it must fail, write nothing, and say where."""
    code = archive_build.main([str(path), "--out", str(out), "--sha256", sha256])
    assert code == 2
    assert not out.exists() or not any(out.iterdir())
    return capsys.readouterr().err


def test_a_small_archive_builds_every_table(small, tmp_path):
    out = tmp_path / "built"
    assert archive_build.main([str(small), "--out", str(out), "--sha256", "none"]) == 0
    built = archive_tables.load_built(out)
    assert list(built["articles.csv"].id) == [r[0] for r in ROWS]
    assert built["articles.csv"].set_index("id").loc["kcna-20171027-02", "us"]
    texts = dict(zip(built["articles.csv"].id, [r[3] for r in ROWS], strict=True))
    for row in built["sentence_features.csv"].itertuples():
        assert texts[row.id][row.start:row.end].strip() == texts[row.id][row.start:row.end]
    assert sorted(p.name for p in out.iterdir()) == sorted(archive_build.FILES)


def test_a_missing_archive_is_named(tmp_path, capsys):
    err = _refused(tmp_path / "absent.csv", tmp_path / "out", capsys)
    assert "absent.csv: file not found" in err


def test_a_sha256_mismatch_is_refused(small, tmp_path, capsys):
    err = _refused(small, tmp_path / "out", capsys, sha256=archive.ARCHIVE_SHA256)
    assert "archive.csv: sha256 is" in err and archive.ARCHIVE_SHA256 in err


def test_a_missing_column_is_named(tmp_path, capsys):
    path = _write(tmp_path / "a.csv", [r[:4] for r in ROWS], HEADER[:4])
    err = _refused(path, tmp_path / "out", capsys)
    assert "a.csv, column source_url: missing column" in err


def test_a_date_outside_the_window_is_located(tmp_path, capsys):
    rows = [list(r) for r in ROWS]
    rows[2][0], rows[2][1] = "kcna-20190101-03", "2019-01-01"
    err = _refused(_write(tmp_path / "a.csv", rows), tmp_path / "out", capsys)
    # Row 3 starts on line 9: the texts of rows 1 and 2 span three and four lines.
    assert "a.csv, row 3 (line 9), column date: 2019-01-01 is outside the archive window" in err


def test_bytes_that_are_not_utf8_are_located(small, tmp_path, capsys):
    data = small.read_bytes().replace(b"Boats", b"B\xffats")
    path = tmp_path / "latin.csv"
    path.write_bytes(data)
    err = _refused(path, tmp_path / "out", capsys)
    assert "latin.csv: byte" in err and "is not UTF-8" in err


@pytest.mark.parametrize("text", ["", "  \n\n "])
def test_an_empty_text_is_located(tmp_path, capsys, text):
    rows = [list(r) for r in ROWS]
    rows[1][3] = text
    err = _refused(_write(tmp_path / "a.csv", rows), tmp_path / "out", capsys)
    assert "a.csv, row 2 (line 5), column text: is empty" in err


def test_an_id_that_does_not_carry_the_date_is_located(tmp_path, capsys):
    rows = [list(r) for r in ROWS]
    rows[0][1] = "2017-10-25"
    err = _refused(_write(tmp_path / "a.csv", rows), tmp_path / "out", capsys)
    assert "row 1 (line 2), column id: the id's date 20171026 is not the date 2017-10-25" in err


def test_an_unclosed_quote_is_refused_not_folded(tmp_path, capsys):
    path = tmp_path / "a.csv"
    path.write_text(small_text := ",".join(HEADER) + '\nkcna-20171026-01,2017-10-26,T,"open,'
                    "http://kcna.co.jp/x\nkcna-20171027-02,2017-10-27,T,text,http://a.b/c\n",
                    encoding="utf-8")
    assert small_text.count('"') == 1
    err = _refused(path, tmp_path / "out", capsys)
    assert "a.csv: is not valid CSV from line 2 on" in err


def test_a_span_that_does_not_slice_its_sentence_is_located(small, tmp_path):
    frame = archive.load_archive(small, sha256=None)
    sentences = archive.split_archive(frame)
    assert archive.check_spans(sentences, frame, tmp_path / "s.csv") is None
    broken = sentences.copy()
    broken.loc[2, "start"] += 1
    with pytest.raises(DataError) as caught:
        archive.check_spans(broken, frame, tmp_path / "sentences.csv")
    assert "sentences.csv, row 3 (line 4), column text: span" in str(caught.value)


def test_spans_follow_the_raw_text_across_paragraphs(small):
    frame = archive.load_archive(small, sha256=None)
    sentences = archive.split_archive(frame)
    text = ROWS[1][3]
    mine = sentences[sentences.id == ROWS[1][0]]
    assert list(mine.paragraph) == [1, 2]
    assert mine.text.iloc[-1] == "It was a second paragraph."
    assert text[mine.start.iloc[-1]:mine.end.iloc[-1]] == mine.text.iloc[-1]


# --- the committed tables and the archive ------------------------------------------------


@needs_archive
def test_the_committed_tables_are_what_the_archive_gives():
    assert archive_build.main([str(ARCHIVE), "--check"]) == 0


@needs_archive
def test_every_kcna_full_text_is_its_span_of_the_archive():
    texts = messages.load_message_texts()
    frame = archive.load_archive(ARCHIVE)
    assert messages.check_texts_in_archive(texts, frame) == (texts.kcna_id != "").sum()
    # The four messages, both banquet speeches, the thanks and the reply (see SOURCES.md).
    roles = texts.set_index("kcna_id").role
    for kcna_id in ("kcna-20171018-04", "kcna-20171026-01", "kcna-20171102-01",
                    "kcna-20180318-01", "kcna-20180328-12", "kcna-20180405-05"):
        assert roles[kcna_id] == "message"
    assert roles["kcna-20180328-10"] == roles["kcna-20180328-11"] == "speech"


@needs_archive
def test_committed_sentences_slice_the_archive():
    built = archive_tables.load_built()
    frame = archive.load_archive(ARCHIVE)
    archive.check_spans(built["sentences.csv"], frame, archive_tables.KCNA_DIR / "sentences.csv")


@needs_archive
def test_the_repository_holds_under_15_percent_of_the_archive_verbatim():
    sentences = archive.split_archive(archive.load_archive(ARCHIVE))
    found = verbatim.held(list(sentences.text), verbatim.repository_texts())
    share = found.mean()
    print(f"{found.sum()} of {len(found)} archive sentences held verbatim ({share:.2%})")
    assert share < 0.15
    # The measure sees what is committed: every committed sentence text is found.
    committed = set(archive_tables.load_built(names=("sentences.csv",))["sentences.csv"].text)
    long_ones = [t for t in committed if len(t) >= verbatim.KEY]
    assert verbatim.held(long_ones, verbatim.repository_texts()).all()


def test_committed_text_covers_under_15_percent_of_the_sentences():
    built = archive_tables.load_built(names=("sentences.csv", "sentence_features.csv"))
    features = built["sentence_features.csv"]
    assert features.text_committed.sum() == len(built["sentences.csv"])
    assert features.text_committed.mean() < 0.15


def test_the_verbatim_search_finds_quoting_inside_csv_and_notebooks(tmp_path):
    sentence = 'He said "the relations" would develop in the interests of the peoples.'
    (tmp_path / "t.csv").write_text('a,b\n1,"' + sentence.replace('"', '""') + '"\n')
    (tmp_path / "n.ipynb").write_text('{"cells": [{"source": ["x ", "Another sentence held '
                                      'only in a notebook cell."]}]}')
    texts = [verbatim.decoded(p) for p in sorted(tmp_path.iterdir())]
    found = verbatim.held([sentence, "Another sentence held only in a notebook cell.",
                           "A sentence that is nowhere at all, not even in part."], texts)
    assert list(found) == [True, True, False]


def test_tone_scores_equal_the_collection_scorers():
    from kimxi.tone import sentiment

    units = pd.DataFrame({"unit_id": ["a", "b", "c"], "text": [
        "The DPRK-China friendship will be strengthened and developed.",
        "The U.S. imperialists will not escape merciless punishment.",
        "Speeches were made there."]})
    fast = tone_score.raw_scores(units.text)
    full = sentiment.score_all(units)
    for col in fast.columns:
        assert fast[col].tolist() == pytest.approx(full[col].tolist())


def test_the_term_matrix_matches_its_terms():
    built = archive_tables.load_built(names=("articles.csv", "dtm_terms.csv"))
    matrix = archive_tables.read_matrix(archive_tables.KCNA_DIR / "dtm.mtx.gz")
    terms = built["dtm_terms.csv"]
    assert matrix.shape == (len(built["articles.csv"]), len(terms))
    assert matrix.sum(axis=0).A1.tolist() == terms["count"].tolist()
    assert ((matrix > 0).sum(axis=0).A1 == terms.df.to_numpy()).all()
    assert terms.df.min() >= archive_build.MIN_DF
