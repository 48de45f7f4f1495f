"""A user's corpus CSV: loading, the date window, cleaning; and the benchmark that times the
stages it runs through. No timings here: speed lives in benchmarks/."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from kimxi import DataError
from kimxi.corpus import documents as corpus_csv
from kimxi.io import paths

FIXTURE = Path(__file__).parent / "fixtures" / "corpus_small.csv"

if str(paths.ROOT) not in sys.path:  # benchmarks/ is a folder of the repository, not installed
    sys.path.insert(0, str(paths.ROOT))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- load --------------------------------------------------------------------------------


def test_fixture_loads_with_its_twenty_documents():
    corpus = corpus_csv.load_corpus(FIXTURE)
    assert list(corpus.columns) == ["id", "date", "title", "text"]
    assert len(corpus) == 20
    assert corpus.id.iloc[0] == "fx-001" and corpus.title.iloc[2] == ""


def test_doc_id_is_read_as_id_and_extra_columns_are_ignored(tmp_path):
    path = write(tmp_path / "c.csv", "doc_id,text,date,year,title,url\n"
                                     "rs-1,One sentence. Two.,2018-01-08,2018,T,http://x.org/1\n")
    corpus = corpus_csv.load_corpus(path)
    assert corpus.to_dict("records") == [dict(id="rs-1", date="2018-01-08", title="T",
                                              text="One sentence. Two.")]


def test_a_missing_title_column_reads_as_empty_titles(tmp_path):
    path = write(tmp_path / "c.csv", "id,date,text\na,2018-01-01,Hello there.\n")
    assert corpus_csv.load_corpus(path).title.tolist() == [""]


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
        corpus_csv.load_corpus(path)
    assert err.value.row == row and err.value.column == column
    assert "bad.csv" in str(err.value)


def test_an_empty_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="empty"):
        corpus_csv.load_corpus(write(tmp_path / "empty.csv", ""))
    with pytest.raises(DataError, match="no documents"):
        corpus_csv.load_corpus(write(tmp_path / "header.csv", "id,date,title,text\n"))


def test_a_corpus_read_again_comes_from_the_cache_and_a_changed_one_does_not(
        tmp_path, monkeypatch):
    monkeypatch.setenv("KIMXI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KIMXI_CACHE", "on")
    path = write(tmp_path / "c.csv", FIXTURE.read_text(encoding="utf-8"))
    first = corpus_csv.read_documents(path, "", "")
    read, load = [], corpus_csv.iter_corpus
    monkeypatch.setattr(corpus_csv, "iter_corpus", lambda p, size: read.append(p) or load(p, size))
    again = corpus_csv.read_documents(path, "", "")
    assert read == []  # from the cache
    pd.testing.assert_frame_equal(again, first)
    write(path, path.read_text(encoding="utf-8") + "new-doc,2018-03-01,T,A new text.\n")
    changed = corpus_csv.read_documents(path, "", "")
    assert read == [path] and len(changed) == len(first) + 1
    assert changed.text.iloc[-1] == "A new text."
    with pytest.raises(DataError, match="no document is dated"):  # a window: its own entry
        corpus_csv.read_documents(path, "1990-01-01", "1990-12-31")
    with pytest.raises(DataError, match="not found"):
        corpus_csv.read_documents(tmp_path / "missing.csv", "", "")


def test_select_dates_keeps_the_window_both_ends_included():
    corpus = corpus_csv.load_corpus(FIXTURE)
    window = corpus_csv.select_dates(corpus, "2018-02-01", "2018-02-23")
    assert window.id.tolist() == ["fx-008", "fx-009", "fx-010", "fx-011", "fx-012", "fx-013"]
    assert corpus_csv.select_dates(corpus, end="2018-01-05").id.tolist() == ["fx-001", "fx-002"]
    assert len(corpus_csv.select_dates(corpus)) == 20
    with pytest.raises(ValueError, match="2018-02-30"):
        corpus_csv.select_dates(corpus, "2018-02-30")
    with pytest.raises(ValueError, match="after"):
        corpus_csv.select_dates(corpus, "2018-03-01", "2018-02-01")


def test_a_window_without_documents_is_a_data_error():
    with pytest.raises(DataError, match="no document is dated"):
        corpus_csv.read_corpus(FIXTURE, "2019-01-01")
    articles = corpus_csv.read_corpus(FIXTURE, "2018-03-01")
    assert [a.article_id for a in articles] == [f"fx-{n:03d}" for n in range(14, 21)]


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
    assert corpus_csv.clean_text(raw) == cleaned


def test_cleaning_changes_only_whitespace_and_composition():
    for text in corpus_csv.load_corpus(FIXTURE).text:
        out = corpus_csv.clean_text(text)
        assert re.sub(r"\s", "", out) == re.sub(r"\s", "", unicodedata.normalize("NFC", text))


# --- benchmarks --------------------------------------------------------------------------


def test_replicate_makes_unique_ids(tmp_path):
    from benchmarks.measure import replicate

    sizes = replicate(FIXTURE, 3, tmp_path / "x3.csv")
    corpus = corpus_csv.load_corpus(tmp_path / "x3.csv")  # would raise on a duplicate id
    assert sizes["documents"] == len(corpus) == 60
    assert corpus.id.iloc[20] == "fx-001-r02"
    one = corpus_csv.load_corpus(FIXTURE)
    assert sizes["text_mb"] == pytest.approx(3 * one.text.str.len().sum() / 1e6, rel=0.01)


def test_bench_without_a_corpus_says_so_and_exits_0(tmp_path, capsys):
    from benchmarks.bench_stages import main

    assert main([str(tmp_path / "absent.csv"), "--out", str(tmp_path)]) == 0
    assert "no corpus" in capsys.readouterr().out
    assert not (tmp_path / "stages.csv").exists()


def test_bench_runs_the_stages_on_the_fixture(tmp_path):
    from benchmarks.bench_stages import STAGES, main

    assert main([str(FIXTURE), "--sizes", "1,2", "--settle", "0", "--out", str(tmp_path)]) == 0
    table = pd.read_csv(tmp_path / "stages.csv")
    assert table["size"].tolist() == [1, 2]
    assert table.sentences.iloc[1] == 2 * table.sentences.iloc[0] > 0
    assert (table[[f"{s}_s" for s in STAGES]] > 0).all().all()
    assert (table.floor_s > 0).all()
    assert "| 2x |" in (tmp_path / "stages.md").read_text()


def test_the_topics_stage_models_the_corpus_it_is_given():
    from benchmarks.bench_topics import topics_stage

    found = topics_stage(FIXTURE, n_jobs=1)
    assert found["documents"] == len(pd.read_csv(FIXTURE)) and found["k"] >= 5


def test_the_benchmark_calls_the_stage_functions_the_notebooks_call():
    # One path: every stage the benchmark times is called by the report of a user's corpus
    # the same way.
    import inspect

    from benchmarks.bench_stages import run_stages
    from benchmarks.bench_topics import topics_stage

    calls = re.findall(r"(\w+)\.(\w+)\(",
                       inspect.getsource(run_stages) + inspect.getsource(topics_stage))
    sources = "".join(p.read_text() for p in (paths.NOTEBOOKS / "your_corpus").glob("*.ipynb"))
    for module, function in calls:
        if module in {"time", "tables"} or function in {"items", "sum", "reset_index"}:
            continue
        assert f"{module}.{function}(" in sources, f"{module}.{function} is not a notebook's call"


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


def test_peak_memory_of_a_command_in_a_child_leaves_out_the_measuring_process():
    # In a new process, which has no children of its own (this one may keep workers).
    import json
    import subprocess

    script = """if True:
        import json, subprocess, sys
        from benchmarks.measure import PeakRSS
        with PeakRSS(include_self=False) as none:
            pass
        with PeakRSS() as mine:
            pass
        with PeakRSS(include_self=False, interval=0.01) as child:
            subprocess.run([sys.executable, "-c", "import time; time.sleep(0.5)"], check=True)
        print(json.dumps([none.peak, mine.peak, child.peak]))
    """
    out = subprocess.run([sys.executable, "-c", script], cwd=paths.ROOT, check=True,
                         capture_output=True, text=True).stdout
    none, mine, child = json.loads(out)
    assert none == 0 and mine > 0  # with no child, nothing of the measuring process counts
    assert child > 0  # the child was seen


def test_original_spans_locate_cleaned_sentences_in_the_text_as_given():
    original = "  First  sentence here.\r\n\r\n\r\nSecond\tone,\u00a0with spaces.End glued. "
    cleaned = corpus_csv.clean_text(original)
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", cleaned)]
    found = corpus_csv.original_spans(original, cleaned, spans)
    for (a, b), (c, d) in zip(spans, found, strict=True):
        assert " ".join(cleaned[a:b].split()) == " ".join(original[c:d].split())
        assert not original[c].isspace() and not original[d - 1].isspace()
    assert original[found[0][0]:found[0][1]] == "First  sentence here."
