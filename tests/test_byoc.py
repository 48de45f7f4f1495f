"""Bring your own corpus: the corpus, sentiment and topic notebooks run on another CSV."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from kimxi import DataError
from kimxi.io import paths
from kimxi.run import corpus as byoc
from kimxi.topics import over_time as topic_time

FIXTURE = Path(__file__).parent / "fixtures" / "corpus_small.csv"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("byoc")
    before = os.getcwd()
    byoc.run(FIXTURE, out)
    (out / "cwd.txt").write_text(f"{before}\n{os.getcwd()}")
    os.chdir(before)  # so that a failure below cannot spill into the other tests
    return out


def test_the_notebooks_ran_side_by_side_and_left_the_working_directory_alone(run_dir):
    # Regression: papermill changes the working directory while a notebook runs; two
    # notebooks in threads of one process left it in notebooks/, and nbval then failed.
    before, after = (run_dir / "cwd.txt").read_text().split("\n")
    assert len(byoc.chains_of(byoc.NOTEBOOKS)) == 2 and byoc.PARALLEL == 2
    assert after == before


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
    assert any((run_dir / "figures").glob("*.png"))


def test_every_parameter_the_runner_passes_is_one_papermill_can_set():
    # papermill only sets what it can parse in the parameters cell; an unparsed name would run
    # the collection's own corpus under the user's name.
    import papermill

    for name in byoc.NOTEBOOKS:
        declared = papermill.inspect_notebook(str(paths.NOTEBOOKS / name))
        assert "PROCESSED_DIR" in declared and "FIGURES_DIR" in declared, name
        if name != "05_sentiment.ipynb":
            assert {"CORPUS", "DATE_FROM", "DATE_TO"} <= set(declared), name
    assert {"RECORD", "TARGET"} <= set(papermill.inspect_notebook(
        str(paths.NOTEBOOKS / "06_topics.ipynb")))


def test_committed_outputs_are_untouched(run_dir):
    # The fixture's ids never occur in the collection's own sentences.
    committed = pd.read_csv(paths.PROCESSED / "sentences.csv")
    assert not set(committed.article_id) & set(pd.read_csv(FIXTURE).id.astype(str))


def test_date_window_keeps_only_documents_inside(tmp_path):
    corpus = pd.read_csv(FIXTURE)
    first = sorted(corpus.date)[len(corpus) // 2]
    byoc.run(FIXTURE, tmp_path, date_from=first, notebooks=("01_corpus.ipynb",))
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
    # the seed articles' wording ("the journalist's or columnist's", "has nan words"); the
    # topic notebook failed on argmax of nothing and on a voices test without leaders, and
    # (papermill could not parse its parameters cell) modelled the KCNA archive instead.
    corpus = pd.read_csv(FIXTURE)
    corpus["text"] = corpus.text.str.replace('"', "", regex=False)
    path = tmp_path / "no_quotes.csv"
    corpus.to_csv(path, index=False)
    byoc.run(path, tmp_path / "out")
    quotes = pd.read_csv(tmp_path / "out" / "processed" / "article_quotes.csv")
    assert quotes.empty and "text" in quotes.columns
    text = ""
    for name in byoc.NOTEBOOKS:
        for cell in json.loads((tmp_path / "out" / "notebooks" / name).read_text())["cells"]:
            for output in cell.get("outputs", []):
                text += "".join(output.get("text", ""))
                text += "".join(output.get("data", {}).get("text/markdown", ""))
    assert "quoted passages" in text  # the outputs were read
    assert f"{len(corpus)} documents from" in text   # the topic notebook read this corpus
    assert "Skipped: the speaker classes are rules written for the collection" in text
    sources = figure_sources(tmp_path / "out" / "figures")
    assert {"topics_weekly", "sentiment_tone_periods"} <= set(sources)
    assert "corpus_speakers" not in sources          # no speaker classes on another corpus
    assert "no_quotes.csv" in sources["topics_weekly"] + sources["sentiment_tone_periods"]
    text += "\n".join(sources.values())
    for seed_wording in ("journalist's or columnist's", "nan words", "reach us only as",
                         "KCNA English archive", "two news articles", "data/raw/articles.csv",
                         "the collection's units"):
        assert seed_wording not in text


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
    import nbformat

    source = _notebook(tmp_path / "killed.ipynb", "x = 1",
                       "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "print(x)")
    target = tmp_path / "out.ipynb"
    with pytest.raises(byoc.NotebookFailed, match="killed.ipynb stopped"):
        byoc.execute(source, target, {})
    nb = nbformat.read(target, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and "did not finish" in nb.cells[0].source
    killed = nb.cells[2]
    assert killed.metadata["papermill"]["status"] == "failed"
    assert [o.output_type for o in killed.outputs] == ["error"]
    assert nb.cells[3].outputs == []


def test_a_failing_cell_fails_the_run_with_its_error(tmp_path):
    source = _notebook(tmp_path / "raises.ipynb", "x = 1", "raise ValueError('no such column')")
    with pytest.raises(byoc.NotebookFailed, match="ValueError: no such column"):
        byoc.execute(source, tmp_path / "out.ipynb", {})
    assert "no such column" in (tmp_path / "out.ipynb").read_text()


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
        assert byoc.main([str(FIXTURE), str(tmp_path / "out"), "--topics-k", bad]) == 1
        assert "TOPICS_K" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
