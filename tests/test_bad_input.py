"""Bad input a user's corpus brings: each is one located DataError (or read as meant), and the
command line prints it in one line with exit status 2."""

import pytest

from kimxi.corpus import documents
from kimxi.io.errors import DataError
from kimxi.run import cli

GOOD = "id,date,title,text\na1,2018-01-02,A title,One sentence here.\n"


def write(tmp_path, text: str | bytes, name: str = "corpus.csv"):
    path = tmp_path / name
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + GOOD.encode())
    assert list(documents.load_corpus(path)["id"]) == ["a1"]


def test_a_nul_byte_is_refused_with_its_row_and_column(tmp_path):
    path = write(tmp_path, GOOD + "a2,2018-01-03,T,Text with a \x00 in it.\n")
    with pytest.raises(DataError, match="NUL byte") as err:
        documents.load_corpus(path)
    assert (err.value.row, err.value.column) == (2, "text")


def test_a_tab_separated_file_is_named_as_such(tmp_path):
    path = write(tmp_path, GOOD.replace(",", "\t"))
    with pytest.raises(DataError, match="looks tab-separated"):
        documents.load_corpus(path)


def test_a_folder_is_named_as_a_folder(tmp_path):
    (tmp_path / "corpus.csv").mkdir()
    with pytest.raises(DataError, match="is a folder, not a file"):
        documents.load_corpus(tmp_path / "corpus.csv")


def test_an_id_of_spaces_is_refused_up_front(tmp_path):
    path = write(tmp_path, GOOD + "   ,2018-01-03,T,Another text.\n")
    with pytest.raises(DataError, match="is empty \\(only white space\\)") as err:
        documents.load_corpus(path)
    assert (err.value.row, err.value.column) == (2, "id")


@pytest.mark.parametrize("text", [
    GOOD + "a2,2018-01-03,T,Text with a \x00 in it.\n",
    GOOD.replace(",", "\t"),
    GOOD + "   ,2018-01-03,T,Another text.\n",
])
def test_the_command_line_prints_one_line_and_exits_2(tmp_path, capsys, text):
    path = write(tmp_path, text)
    assert cli.main(["gold-sample", "--corpus", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "corpus.csv" in err
    assert not (tmp_path / "out").exists()


def test_too_few_distinct_texts_for_topics_is_said_before_any_notebook(tmp_path):
    from kimxi.run import corpus as byoc

    rows = "".join(f"a{i},2018-01-{i + 1:02d},T,The same text again and again.\n"
                   for i in range(25))
    path = write(tmp_path, "id,date,title,text\n" + rows)
    with pytest.raises(DataError, match="1 distinct text.*too few for topics"):
        byoc.run(path, tmp_path / "out", notebooks=("topics.ipynb",))
    assert not (tmp_path / "out").exists()


def test_a_corpus_not_in_english_is_warned_about_with_its_share(tmp_path, capsys):
    from kimxi.run import corpus as byoc

    rows = "".join(f"k{i},2018-01-{i + 1:02d},T,조선중앙통신 보도 {i}번째 기사입니다 평양.\n"
                   for i in range(8))
    path = write(tmp_path, "id,date,title,text\n" + rows)
    byoc.run(path, tmp_path / "out", notebooks=())
    assert "0% of the documents" in capsys.readouterr().err
    english = write(tmp_path, "id,date,title,text\na1,2018-01-02,T,The leaders of the two "
                    "countries met in the capital and signed a treaty of friendship.\n",
                    "english.csv")
    byoc.run(english, tmp_path / "out2", notebooks=())
    assert "read as English" not in capsys.readouterr().err
