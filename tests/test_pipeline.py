"""The corpus pipeline: loading, cleaning, splitting, and the fast path giving the
simple path's results. No timings here: speed lives in benchmarks/."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from kimxi import DataError, paths, pipeline, sentiment, topics
from kimxi.segment import split_sentences

FIXTURE = Path(__file__).parent / "fixtures" / "corpus_small.csv"

if str(paths.ROOT) not in sys.path:  # benchmarks/ is a folder of the repository, not installed
    sys.path.insert(0, str(paths.ROOT))


@pytest.fixture(scope="module")
def simple():
    return pipeline.run_pipeline(FIXTURE, k=3)


@pytest.fixture(scope="module")
def fast():
    with pipeline.Workers(2, chunks_per_worker=3) as pool:
        return pipeline.run_pipeline(FIXTURE, k=3, pool=pool)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- load --------------------------------------------------------------------------------


def test_fixture_loads_with_its_twenty_documents():
    corpus = pipeline.load_corpus(FIXTURE)
    assert list(corpus.columns) == ["id", "date", "title", "text"]
    assert len(corpus) == 20
    assert corpus.id.iloc[0] == "fx-001" and corpus.title.iloc[2] == ""


def test_doc_id_is_read_as_id_and_extra_columns_are_ignored(tmp_path):
    path = write(tmp_path / "c.csv", "doc_id,text,date,year,title,url\n"
                                     "rs-1,One sentence. Two.,2018-01-08,2018,T,http://x.org/1\n")
    corpus = pipeline.load_corpus(path)
    assert corpus.to_dict("records") == [dict(id="rs-1", date="2018-01-08", title="T",
                                              text="One sentence. Two.")]


def test_a_missing_title_column_reads_as_empty_titles(tmp_path):
    path = write(tmp_path / "c.csv", "id,date,text\na,2018-01-01,Hello there.\n")
    assert pipeline.load_corpus(path).title.tolist() == [""]


@pytest.mark.parametrize("body, row, column", [
    ("id,date,title\na,2018-01-01,T\n", None, "text"),
    ("id,date,title,text\na,2018-13-01,T,x\n", 1, "date"),
    ("id,date,title,text\na,2018-01-01,T,x\nb,2018-01-02,T,\n", 2, "text"),
    ("id,date,title,text\na,2018-01-01,T,x\na,2018-01-02,T,y\n", 2, "id"),
    ("doc_id,date,title,text\n,2018-01-01,T,x\n", 1, "doc_id"),
])
def test_bad_corpus_raises_a_located_data_error(tmp_path, body, row, column):
    path = write(tmp_path / "bad.csv", body)
    with pytest.raises(DataError) as err:
        pipeline.load_corpus(path)
    assert err.value.row == row and err.value.column == column
    assert "bad.csv" in str(err.value)


def test_an_empty_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="empty"):
        pipeline.load_corpus(write(tmp_path / "empty.csv", ""))
    with pytest.raises(DataError, match="no documents"):
        pipeline.load_corpus(write(tmp_path / "header.csv", "id,date,title,text\n"))


def test_select_dates_keeps_the_window_both_ends_included():
    corpus = pipeline.load_corpus(FIXTURE)
    window = pipeline.select_dates(corpus, "2018-02-01", "2018-02-23")
    assert window.id.tolist() == ["fx-008", "fx-009", "fx-010", "fx-011", "fx-012", "fx-013"]
    assert pipeline.select_dates(corpus, end="2018-01-05").id.tolist() == ["fx-001", "fx-002"]
    assert len(pipeline.select_dates(corpus)) == 20
    with pytest.raises(ValueError, match="2018-02-30"):
        pipeline.select_dates(corpus, "2018-02-30")
    with pytest.raises(ValueError, match="after"):
        pipeline.select_dates(corpus, "2018-03-01", "2018-02-01")


def test_a_window_without_documents_is_a_data_error():
    with pytest.raises(DataError, match="no document dated"):
        pipeline.run_pipeline(FIXTURE, start="2019-01-01")
    result = pipeline.run_pipeline(FIXTURE, k=2, start="2018-03-01")
    assert result.corpus.id.tolist() == [f"fx-{n:03d}" for n in range(14, 21)]


# --- clean -------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, cleaned", [
    ("the Party.Kung Yong Suk spoke", "the Party. Kung Yong Suk spoke"),
    ("mushroom.A lecture", "mushroom. A lecture"),
    ("led by Kim Jong Un.He said", "led by Kim Jong Un. He said"),
    ('the "Security Law".The group', 'the "Security Law". The group'),
    ('"We Are Riders."Art troupes', '"We Are Riders." Art troupes'),
    ('Juche 109(2020)."Masikryong Ski Resort" and', 'Juche 109(2020). "Masikryong Ski Resort" and'),
    ("the U.S.Army and U.S.", "the U.S.Army and U.S."),   # initials are left alone
    ("on Dec.7 and at 3.5 per cent", "on Dec.7 and at 3.5 per cent"),
    ("www.example.org", "www.example.org"),
    ("  a\t b  \r\nc\r\n\r\n\r\nd  ", "a b\nc\n\nd"),
])
def test_clean_text(raw, cleaned):
    assert pipeline.clean_text(raw) == cleaned


def test_cleaning_changes_only_whitespace_and_composition():
    for text in pipeline.load_corpus(FIXTURE).text:
        out = pipeline.clean_text(text)
        assert re.sub(r"\s", "", out) == re.sub(r"\s", "", unicodedata.normalize("NFC", text))


# --- split -------------------------------------------------------------------------------


def test_every_sentence_is_the_text_at_its_span(simple):
    texts = dict(zip(simple.corpus.id, simple.corpus.text, strict=True))
    for row in simple.sentences.itertuples():
        assert texts[row.id][row.start:row.end] == row.text
    assert simple.sentences.sentence_id.is_unique


def test_sentence_counts_match_hand_counts_after_cleaning(simple):
    counts = simple.sentences.groupby("id").size()
    # fx-001: two paragraphs, the second with a glued "newspaper.Working"; fx-005:
    # "cooperation.Present"; fx-008: four sentences, one glued and one quoted; fx-014:
    # the slogans stay inside their sentence; fx-015: "ceremony.Dr. Kim" (Dr. is no end);
    # fx-020: the byline "Rodong Sinmun" glued to the last sentence.
    assert counts.to_dict() == {**{f"fx-{n:03d}": 3 for n in range(1, 21)},
                                     "fx-001": 4, "fx-002": 2, "fx-008": 4}
    assert simple.sentences[simple.sentences.id == "fx-001"].paragraph.tolist() == [1, 1, 2, 2]


def test_fast_path_boundaries_are_the_chosen_splitters(fast):
    expected = []
    for doc_id, text in zip(fast.corpus.id, fast.corpus.text, strict=True):
        for para in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
            for start, end in split_sentences(para.group(0), para.start()):
                expected.append((doc_id, start, end))
    got = list(zip(fast.sentences.id, fast.sentences.start, fast.sentences.end, strict=True))
    assert got == expected


# --- score -------------------------------------------------------------------------------


def test_fast_path_equals_simple_path(simple, fast):
    assert fast.corpus.equals(simple.corpus)
    pd.testing.assert_frame_equal(fast.sentences, simple.sentences, check_exact=True)
    assert (fast.topics.X != simple.topics.X).nnz == 0
    assert (fast.topics.W == simple.topics.W).all()
    assert fast.topics.top_terms == simple.topics.top_terms


def test_scores_are_the_sentiment_modules(simple):
    units = simple.sentences.rename(columns={"sentence_id": "unit_id"})
    expected = sentiment.score_all(units)
    for column in ("textblob_polarity", "textblob_subjectivity", "textblob_drivers",
                   "vader_compound", "vader_drivers", "lexicon_score", "lexicon_drivers",
                   "textblob_class", "vader_class", "lexicon_class"):
        assert simple.sentences[column].tolist() == expected[column].tolist(), column


def test_scores_read_the_fixture_as_written(simple):
    scored = simple.sentences.set_index("text")
    praise = scored.loc["Their feats are widely praised."]
    threat = scored.loc["Their threats and blackmail never work."]
    assert praise.lexicon_score > 0 and threat.lexicon_score < 0
    assert praise.vader_compound > 0 and threat.vader_compound < 0


@pytest.mark.parametrize("texts", [
    ["Not a very good result.", "", "Great!!!", "It is not bad at all, but hardly excellent."],
])
def test_fast_textblob_equals_textblob(texts):
    units = pd.DataFrame({"unit_id": [f"u{i}" for i in range(len(texts))], "text": texts})
    pd.testing.assert_frame_equal(pipeline.score_textblob_fast(units),
                                  sentiment.score_textblob(units), check_exact=True)


# --- topics and chunks -------------------------------------------------------------------


def test_corpus_topics_are_fit_topics(simple):
    model = topics.fit_topics(list(simple.corpus.text), 3)
    assert (model.X != simple.topics.X).nnz == 0
    assert (model.W == simple.topics.W).all()
    assert model.top_terms == simple.topics.top_terms


def test_sentence_topics_and_no_topics(tmp_path):
    result = pipeline.run_pipeline(FIXTURE, k=2, topic_unit="sentence")
    assert result.topics.X.shape[0] == len(result.sentences)
    assert pipeline.run_pipeline(FIXTURE, k=0).topics is None
    with pytest.raises(ValueError, match="topic_unit"):
        pipeline.run_pipeline(FIXTURE, topic_unit="paragraph")


@pytest.mark.parametrize("sizes, n, expected", [
    ([1] * 10, 2, [(0, 5), (5, 10)]),
    ([1] * 3, 8, [(0, 1), (1, 2), (2, 3)]),
    ([100, 1, 1, 1], 2, [(0, 1), (1, 4)]),
    ([], 4, []),
])
def test_chunk_bounds(sizes, n, expected):
    assert pipeline.chunk_bounds(sizes, n) == expected


def test_chunk_bounds_cover_every_index_once():
    sizes = [(i * 37) % 11 + 1 for i in range(101)]
    for n in (1, 2, 3, 8, 200):
        bounds = pipeline.chunk_bounds(sizes, n)
        assert bounds[0][0] == 0 and bounds[-1][1] == len(sizes) and len(bounds) <= n
        assert all(a < b for a, b in bounds)
        assert all(b == c for (_, b), (c, _) in zip(bounds, bounds[1:], strict=False))


# --- benchmarks --------------------------------------------------------------------------


def test_replicate_makes_unique_ids(tmp_path):
    from benchmarks.bench_pipeline import replicate

    sizes = replicate(FIXTURE, 3, tmp_path / "x3.csv")
    corpus = pipeline.load_corpus(tmp_path / "x3.csv")  # would raise on a duplicate id
    assert sizes["documents"] == len(corpus) == 60
    assert corpus.id.iloc[20] == "fx-001-r02"
    one = pipeline.load_corpus(FIXTURE)
    assert sizes["text_mb"] == pytest.approx(3 * one.text.str.len().sum() / 1e6, rel=0.01)


def test_bench_without_a_corpus_says_so_and_exits_0(tmp_path, capsys):
    from benchmarks.bench_pipeline import main

    assert main([str(tmp_path / "absent.csv"), "--out", str(tmp_path)]) == 0
    assert "not found" in capsys.readouterr().out
    assert not (tmp_path / "pipeline.csv").exists()


def test_bench_runs_on_the_fixture(tmp_path):
    from benchmarks.bench_pipeline import main

    assert main([str(FIXTURE), "--sizes", "1,2", "--k", "2", "--settle", "0",
                 "--out", str(tmp_path)]) == 0
    table = pd.read_csv(tmp_path / "pipeline.csv")
    assert table["size"].tolist() == [1, 2]
    assert table.sentences.tolist() == [61, 122]
    assert table.fast_equals_simple.iloc[0]
    stages = [f"{s}_s" for s in pipeline.STAGES]
    assert (table[stages] >= 0).all().all()
    assert "Acceptance" in (tmp_path / "pipeline.md").read_text()


def test_splitter_comparison_finds_and_scores_disputes():
    from benchmarks.compare_splitters import compare, score

    units = [("u1", "One. Two. Three."), ("u2", "Alpha beta.")]

    def every_stop(text):
        return {"One. Two. Three.": [(0, 4), (5, 9), (10, 16)], "Alpha beta.": [(0, 11)]}[text]

    def no_split(text):
        return [(0, len(text))]

    rows, disputes = compare("toy", units, {"a": every_stop, "b": no_split}, repeats=1)
    assert [(d["unit_id"], d["offset"], d["a"], d["b"]) for d in disputes] == [
        ("u1", 5, True, False), ("u1", 10, True, False)]
    assert disputes[0]["before"] == "One." and disputes[0]["after"] == "Two."
    gold = pd.DataFrame([dict(corpus="toy", unit_id="u1", offset=5, boundary="true"),
                         dict(corpus="toy", unit_id="u1", offset=10, boundary="false")])
    table = score(rows, pd.DataFrame(disputes), gold).set_index("splitter")
    assert table.loc["a", ["false_splits", "missed_splits"]].tolist() == [1, 0]
    assert table.loc["b", ["false_splits", "missed_splits"]].tolist() == [0, 1]
    assert table.loc["a", "sentences"] == 4 and table.loc["b", "sentences"] == 2


def test_notebook_floor_keeps_only_top_level_imports_once():
    import nbformat

    from benchmarks.bench_notebooks import floor_notebook, import_lines

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import pandas as pd\nx = 1"),
                nbformat.v4.new_markdown_cell("import not_code"),
                nbformat.v4.new_code_cell("%matplotlib inline\nfrom kimxi import style"),
                nbformat.v4.new_code_cell("def f():\n    import json\n    return json"),
                nbformat.v4.new_code_cell("import pandas as pd"),
                nbformat.v4.new_code_cell("this is not python")]
    lines = import_lines(nb)
    assert lines == ["import pandas as pd", "from kimxi import style"]
    assert floor_notebook(lines).cells[0].source == "import pandas as pd\nfrom kimxi import style"
