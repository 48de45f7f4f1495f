"""Bring your own corpus: the report of notebooks/your_corpus/ runs on another CSV."""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest

from kimxi import DataError
from kimxi.io import paths
from kimxi.run import corpus as byoc
from kimxi.topics import over_time as topic_time

FIXTURE = Path(__file__).parent / "fixtures" / "corpus_small.csv"
KCNA_ALL = paths.ROOT.parent / "shared" / "external" / "kcna_en_1997-2018.csv.gz"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("byoc")
    before = os.getcwd()
    byoc.run(FIXTURE, out)
    (out / "cwd.txt").write_text(f"{before}\n{os.getcwd()}")
    os.chdir(before)  # so that a failure below cannot spill into the other tests
    return out


def test_the_notebooks_ran_side_by_side_and_left_the_working_directory_alone(run_dir):
    # Regression: papermill changed the working directory while a notebook ran; two
    # notebooks in threads of one process left it in notebooks/, and nbval then failed.
    before, after = (run_dir / "cwd.txt").read_text().split("\n")
    assert len(byoc.chains_of(byoc.NOTEBOOKS)) == 2 and byoc.PARALLEL == 2
    assert after == before


def test_the_run_keeps_its_cache_in_out_and_leaves_the_environment_as_it_was(run_dir):
    assert any((run_dir / "cache").rglob("output.pkl"))  # joblib.Memory's entries
    assert os.environ.get("KIMXI_CACHE_DIR") != str(run_dir / "cache")


def test_every_notebook_ran_and_wrote_its_tables(run_dir):
    assert sorted(p.name for p in (run_dir / "notebooks").iterdir()) == sorted(byoc.NOTEBOOKS)
    processed = run_dir / "processed"
    sentences = pd.read_csv(processed / "sentences.csv")
    corpus = pd.read_csv(FIXTURE)
    assert set(sentences.article_id) == set(corpus.id.astype(str))
    scores = pd.read_csv(processed / "sentiment_scores.csv")
    assert len(scores) == len(sentences)
    documents = pd.read_csv(processed / "topics_documents.csv")   # the topics of this corpus
    assert sorted(documents.id.astype(str)) == sorted(corpus.id.astype(str))
    # Tone over time of this corpus: every document, and periods over all sentences and over
    # those naming the target (China by default), which are exactly the sentences naming it.
    tone = pd.read_csv(processed / "tone_documents.csv")
    assert sorted(tone.id.astype(str)) == sorted(corpus.id.astype(str))
    assert tone.sentences.sum() == len(sentences)
    periods = pd.read_csv(processed / "tone_periods.csv")
    assert set(periods.sentences_of) == {"all", "China"}
    naming = topic_time.names_target(sentences.text, "China")
    assert periods[periods.sentences_of == "China"].sentences.sum() == naming.sum() > 0
    assert tone.target_sentences.sum() == naming.sum()
    figures = {p.name for p in (run_dir / "figures").iterdir()}
    assert {"tone_classes.png", "tone_periods.svg", "topics_weekly.png",
            "topics_stability.svg"} <= figures
    assert not figures & {p.name for p in paths.FIGURES.iterdir()} - {
        f"topics_{name}.{ext}" for name in ("stability", "sizes", "weekly")
        for ext in ("png", "svg")}   # none of the collection's own figures


def test_the_parameters_are_injected_after_the_parameters_cell(run_dir):
    import nbformat

    nb = nbformat.read(run_dir / "notebooks" / "tone.ipynb", as_version=4)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    at = tags.index(["injected-parameters"])
    assert tags[at - 1] == ["parameters"]
    assert f"CORPUS = {str(FIXTURE.resolve())!r}" in nb.cells[at].source
    assert "KS = " not in nb.cells[at].source      # only what the notebook declares


def test_every_parameter_the_runner_passes_is_declared_by_the_report():
    import nbformat

    from kimxi.run.notebooks import declared

    for name in byoc.NOTEBOOKS:
        names = set(declared(nbformat.read(byoc.REPORT / name, as_version=4)))
        assert {"CORPUS", "DATE_FROM", "DATE_TO", "TARGET", "PROCESSED_DIR", "FIGURES_DIR",
                "N_JOBS"} <= names, name
    assert {"KS", "N_RUNS"} <= set(declared(nbformat.read(byoc.REPORT / "topics.ipynb",
                                                              as_version=4)))


def test_a_parameter_the_notebook_does_not_declare_is_refused(tmp_path):
    source = _notebook(tmp_path / "p.ipynb", "x = 1")
    with pytest.raises(ValueError, match="does not declare y"):
        byoc.execute(source, tmp_path / "out.ipynb", {"y": 2})


def test_committed_outputs_are_untouched(run_dir):
    # The fixture's ids never occur in the collection's own sentences.
    committed = pd.read_csv(paths.PROCESSED / "sentences.csv")
    assert not set(committed.article_id) & set(pd.read_csv(FIXTURE).id.astype(str))


def test_date_window_keeps_only_documents_inside(tmp_path):
    corpus = pd.read_csv(FIXTURE)
    first = sorted(corpus.date)[len(corpus) // 2]
    byoc.run(FIXTURE, tmp_path, date_from=first, notebooks=("tone.ipynb",))
    kept = set(pd.read_csv(tmp_path / "processed" / "sentences.csv").article_id)
    assert kept == set(corpus[corpus.date >= first].id.astype(str))


def test_out_inside_the_collection_is_refused():
    with pytest.raises(DataError, match="OUT may not be inside"):
        byoc.run(FIXTURE, paths.PROCESSED / "mine")


@pytest.mark.parametrize("spelling", [
    ".", "./", "..", "../", "./.", "src/..", "data/../.", str(paths.ROOT), str(paths.ROOT) + "/",
    str(paths.ROOT) + "/./", "/", "data", "figures/", "notebooks/../figures", "src", "src/kimxi",
    "tests", "benchmarks/results", "README.md", ".ci",
])
def test_out_that_is_or_contains_a_tracked_path_is_refused(spelling, monkeypatch, tmp_path):
    monkeypatch.chdir(paths.ROOT)
    with pytest.raises(DataError, match="OUT "):
        byoc.run(FIXTURE, spelling)


def test_a_symlink_to_the_repository_is_refused(tmp_path):
    link = tmp_path / "repo"
    link.symlink_to(paths.ROOT, target_is_directory=True)
    with pytest.raises(DataError, match="OUT "):
        byoc.check_out(link)
    with pytest.raises(DataError, match="OUT "):
        byoc.check_out(link / "figures")


def test_an_untracked_folder_of_the_repository_or_elsewhere_is_accepted(tmp_path, monkeypatch):
    monkeypatch.chdir(paths.ROOT)
    assert byoc.check_out("out") == paths.ROOT / "out"
    assert byoc.check_out(tmp_path / "mine") == tmp_path / "mine"


@pytest.mark.parametrize("date_from, date_to, message", [
    ("2017-9-5", "", "is not a date"), ("", "2018-02-30", "is not a date"),
    ("2018-03-01", "2018-02-01", "after end"),
    ("2030-01-01", "", r"no document is dated from 2030-01-01 to \.\.\.; the corpus runs from "
                       r"\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}"),
])
def test_a_bad_or_empty_date_window_fails_before_any_kernel_starts(tmp_path, date_from, date_to,
                                                                   message):
    with pytest.raises(DataError, match=message):
        byoc.run(FIXTURE, tmp_path / "out", date_from=date_from, date_to=date_to)
    assert not (tmp_path / "out").exists()


def test_bad_corpus_fails_before_anything_is_written(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,date,title,text\na1,2018-13-01,T,Some text.\n", encoding="utf-8")
    with pytest.raises(DataError, match="row 1.*column date"):
        byoc.run(bad, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_corpus_without_quotation_marks_runs_and_speaks_of_itself(tmp_path):
    # Regression: notebook 01 failed on `quotes.text` when no document had a quote, and wrote
    # the seed articles' wording; the topic notebook failed on argmax of nothing.
    corpus = pd.read_csv(FIXTURE)
    corpus["text"] = corpus.text.str.replace('"', "", regex=False)
    path = tmp_path / "no_quotes.csv"
    corpus.to_csv(path, index=False)
    byoc.run(path, tmp_path / "out")
    quotes = pd.read_csv(tmp_path / "out" / "processed" / "article_quotes.csv")
    assert quotes.empty and "text" in quotes.columns
    text = notebook_text(tmp_path / "out" / "notebooks")
    assert "0 quoted passages" in text  # the outputs were read
    assert f"no_quotes.csv** holds {len(corpus)} documents" in text
    assert f"no_quotes.csv holds {len(corpus)} documents" in text   # the topic notebook
    sources = figure_sources(tmp_path / "out" / "figures")
    assert {"topics_weekly", "tone_periods", "tone_classes"} <= set(sources)
    assert all("no_quotes.csv" in line for line in sources.values())
    assert not collection_phrases(text + "\n".join(sources.values()), corpus)


# What the collection says of itself, and its files: none of it may reach a user's output
# (unless the user's corpus says it too: KCNA's own 2013 articles name Kim Jong Un).
COLLECTION_PHRASES = (
    "Kim-Xi", "Kim Jong Un", "Xi Jinping", "exchange", "seed article", "2017-18", "Sep 2017",
    "Apr 2018", "notebook 0", "the collection", "journalist's or columnist's", "message record",
    "KCNA English archive", "two news articles", "sentiment_validation.csv",
    "sentiment_heldout.csv", "sentiment_agreement", "data/raw/articles", "data/messages.csv",
    "make run CORPUS", "papermill",
)


def collection_phrases(text: str, corpus: pd.DataFrame) -> list[str]:
    """The phrases of :data:`COLLECTION_PHRASES` in ``text`` that ``corpus`` does not hold."""
    own = "\n".join(corpus.text.astype(str)) + "\n".join(corpus.title.fillna("").astype(str))
    return [p for p in COLLECTION_PHRASES
            if p.lower() in text.lower() and p.lower() not in own.lower()]


def notebook_text(folder: Path) -> str:
    """Every cell's source and every text or markdown output of the notebooks in ``folder``."""
    text = ""
    for path in sorted(folder.glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            text += "".join(cell["source"]) + "\n"
            for output in cell.get("outputs", []):
                text += "".join(output.get("text", ""))
                for kind in ("text/markdown", "text/plain", "text/html"):
                    text += "".join(output.get("data", {}).get(kind, ""))
    return text


def svg_text(folder: Path) -> str:
    """The text of every SVG figure in ``folder`` (its <text> elements, titles and metadata)."""
    return "\n".join(re.sub(r"<[^>]+>", " ", svg.read_text()) for svg in folder.glob("*.svg"))


@pytest.fixture(scope="module")
def kcna_2013(tmp_path_factory):
    if not KCNA_ALL.is_file():
        pytest.skip(f"{KCNA_ALL} is absent (a clone without ../shared): no corpus of another year")
    with gzip.open(KCNA_ALL, "rt", encoding="utf-8") as handle:
        corpus = pd.read_csv(handle, dtype=str, keep_default_na=False)
    corpus = corpus[corpus.date.str.startswith("2013-")][["id", "date", "title", "text"]]
    folder = tmp_path_factory.mktemp("kcna2013")
    path = folder / "kcna_2013.csv"   # kimxi corpus reads CSV, not .csv.gz
    corpus.to_csv(path, index=False)
    out = byoc.run(path, folder / "out", topics_k=[5, 10], topics_runs=3)
    return corpus, out


def test_a_corpus_of_another_year_gets_a_report_about_itself_only(kcna_2013):
    corpus, out = kcna_2013
    text = notebook_text(out / "notebooks")
    tables = "\n".join(p.read_text(encoding="utf-8") for p in (out / "processed").glob("*.csv"))
    figures = svg_text(out / "figures") + "\n".join(figure_sources(out / "figures").values())
    assert f"kcna_2013.csv** holds {len(corpus):,} documents" in text
    assert "2013" in figures and "kcna_2013.csv" in figures
    found = {where: collection_phrases(part, corpus) for where, part in
             (("notebooks", text), ("tables", tables), ("figures", figures))}
    assert found == {"notebooks": [], "tables": [], "figures": []}
    checked = [p for p in COLLECTION_PHRASES if p.lower() not in
               ("\n".join(corpus.text) + "\n".join(corpus.title)).lower()]
    assert {"Kim-Xi", "seed article", "sentiment_validation.csv", "2017-18"} <= set(checked)
    assert sorted(p.name for p in (out / "notebooks").iterdir()) == sorted(byoc.NOTEBOOKS)


def test_the_report_notebooks_say_first_that_their_outputs_copy_the_corpus():
    for name in byoc.NOTEBOOKS:
        cells = json.loads((byoc.REPORT / name).read_text())["cells"]
        assert cells[0]["source"][0].startswith("# ")
        assert "outputs hold copies of your corpus" in "".join(cells[1]["source"])


def figure_sources(folder: Path) -> dict[str, str]:
    """The source line kept in each PNG of ``folder`` (kimxi.plots.style.save writes it)."""
    from PIL import Image

    return {png.stem: Image.open(png).text["Source"] for png in sorted(folder.glob("*.png"))}


def test_every_committed_figure_keeps_its_source_line():
    sources = figure_sources(paths.FIGURES)
    assert len(sources) == len(list(paths.FIGURES.glob("*.svg")))
    assert all(len(line) > 10 for line in sources.values())
    assert "KCNA English archive" in sources["topics_weekly"]


def _notebook(path: Path, *cells: str) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def test_a_killed_kernel_leaves_an_error_in_the_output_and_fails(tmp_path):
    # Regression: papermill recorded the killed cell as completed, with no error anywhere.
    # The injected parameters cell comes first (no cell is tagged parameters here).
    import nbformat

    source = _notebook(tmp_path / "killed.ipynb", "x = 1",
                       "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "print(x)")
    target = tmp_path / "out.ipynb"
    with pytest.raises(byoc.NotebookFailed, match="killed.ipynb stopped in its code cell 3"):
        byoc.execute(source, target, {})
    nb = nbformat.read(target, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and "did not finish" in nb.cells[0].source
    assert "code cell 3" in nb.cells[0].source
    killed = nb.cells[3]
    assert [o.output_type for o in killed.outputs] == ["error"]
    assert nb.cells[4].outputs == []


def test_a_failing_cell_fails_the_run_with_its_error(tmp_path):
    source = _notebook(tmp_path / "raises.ipynb", "x = 1", "raise ValueError('no such column')")
    with pytest.raises(byoc.NotebookFailed, match="ValueError: no such column"):
        byoc.execute(source, tmp_path / "out.ipynb", {})
    text = (tmp_path / "out.ipynb").read_text()
    assert "no such column" in text and "did not finish" in text


def test_gold_sample_of_an_own_corpus_and_its_check(tmp_path):
    # Draw a coding sheet from the fixture, code it (here: the chosen measure's own classes
    # for half, the opposite class for the rest), and check the agreement it reports.
    from kimxi.run import gold_sample

    gold_sample.main(["--corpus", str(FIXTURE), "--out", str(tmp_path / "gold"), "--n", "20"])
    sheet = pd.read_csv(tmp_path / "gold" / "coding_sheet.csv", dtype=str, keep_default_na=False)
    units = pd.read_csv(tmp_path / "gold" / "units.csv")
    assert len(sheet) == len(units) > 0 and set(sheet.unit_id) == set(units.unit_id)
    assert (units.groupby("article_id").size() <= gold_sample.PER_ARTICLE).all()
    assert {"pass1", "pass2", "gold", "adjudication_note"} <= set(sheet.columns)
    assert (sheet.gold == "").all()
    scores = pd.DataFrame({"unit_id": sheet.unit_id, "best_class": 1, "textblob_class": 1,
                           "vader_class": 0, "lexicon_class": -1})
    codes = ["1"] * len(sheet)
    sheet = sheet.assign(pass1=codes, pass2=codes, gold=codes)
    sheet.to_csv(tmp_path / "coded.csv", index=False)
    scores.to_csv(tmp_path / "scores.csv", index=False)
    result = gold_sample.check(tmp_path / "coded.csv", tmp_path / "scores.csv")
    f1 = result[result.metric == "macro_f1"].set_index("measure").estimate
    assert f1["chosen"] > f1["vader"] and result.units.iloc[0] == len(sheet)


def test_topic_settings_are_checked_before_anything_runs(tmp_path, capsys):
    for bad in ("1,5", "five", "5,,x"):
        assert byoc.main([str(FIXTURE), str(tmp_path / "out"), "--topics-k", bad]) == 2
        assert "TOPICS_K" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_stance_table_locates_every_sentence_in_the_text_as_given(tmp_path):
    # A corpus with the white space a real file has (double spaces, CRLF, a glued sentence
    # end): the offsets point into the `text` column as the file holds it.
    rows = [{"id": f"d{i}", "date": f"2018-01-{i + 1:02d}", "title": f"Item {i}",
             "text": f"The  U.S. imperialists staged drills again.\r\n\r\nThe  DPRK thanked "
                     f"the Chinese side for its support.Nothing  else happened {i}. The "
                     f"United States  was blamed for the tension."} for i in range(6)]
    corpus = tmp_path / "messy.csv"
    pd.DataFrame(rows).to_csv(corpus, index=False)
    out = byoc.run(corpus, tmp_path / "out", notebooks=("tone.ipynb",), target="U.S.")
    table = pd.read_csv(out / "processed" / "stance_sentences.csv", keep_default_na=False)
    texts = dict(zip(pd.read_csv(corpus).id, pd.read_csv(corpus).text, strict=True))
    assert len(table) == 12 and set(table.target) == {"United States"}
    for row in table.itertuples():
        assert texts[row.document_id][row.start:row.end] == row.text
    assert set(table.columns) >= {"document_id", "start", "end", "target", "role", "stance",
                                  "tone"}
    report = (out / "notebooks" / "tone.ipynb").read_text()
    assert "WARNING: only 12 sentences" in report
