"""Sentences keep their spans; quotes and speakers follow the documented rules."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kimxi.corpus import articles as corpus, segment

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def built():
    articles = corpus.load_articles()
    return {a.article_id: a.text for a in articles}, segment.corpus_tables(articles)


def test_every_sentence_span_is_its_text(built):
    raw, tables = built
    sentences = tables["sentences"]
    assert len(sentences) > 0
    for row in sentences.itertuples():
        assert raw[row.article_id][row.start:row.end] == row.text, row.sentence_id


def test_every_quote_span_is_its_text(built):
    raw, tables = built
    for row in tables["article_quotes"].itertuples():
        assert raw[row.article_id][row.start:row.end] == row.text, row.quote_id


def test_sentence_ids_are_unique_and_stable_in_form(built):
    ids = built[1]["sentences"].sentence_id
    assert ids.is_unique
    assert ids.str.fullmatch(r"art-\d{3}-p\d{2}-s\d{2}").all()


def test_no_furniture_reaches_the_sentences(built):
    text = " ".join(built[1]["sentences"].text)
    for furniture in ("SEE ALSO", "Social Buzz", "You are here", "Additional reporting",
                      "Source: KCNA via Reuters"):
        assert furniture not in text


def test_speaker_class_of_every_sentence_matches_hand_coding(built):
    expected = pd.read_csv(FIXTURES / "expected_speakers.csv")
    got = built[1]["sentences"].set_index("sentence_id").speaker_class
    assert sorted(got.index) == sorted(expected.sentence_id), "a sentence appeared or vanished"
    wrong = [(r.sentence_id, r.speaker_class, got[r.sentence_id])
             for r in expected.itertuples() if got[r.sentence_id] != r.speaker_class]
    assert wrong == []


def test_every_quote_is_attributed_as_hand_coded(built):
    expected = pd.read_csv(FIXTURES / "expected_quotes.csv")
    quotes = built[1]["article_quotes"]
    assert len(quotes) == len(expected)
    for got, want in zip(quotes.itertuples(), expected.itertuples(), strict=True):
        assert got.text.startswith(want.quote_start), (got.quote_id, got.text)
        assert (got.speaker_class, got.speaker) == (want.speaker_class, want.speaker), got.text


@pytest.mark.parametrize("text, quoted", [
    ('He said “great success” twice.', ["great success"]),
    ('The paper wrote "resolute" and "firm".', ["resolute", "firm"]),
    ("China’s leader and the North’s agency.", []),
    ("A link ‘until the first bomb drops’ here.", ["until the first bomb drops"]),
    ("“One sentence. Two sentences,” said Kim.", ["One sentence. Two sentences,"]),
    ("“Left open to the end", ["Left open to the end"]),
])
def test_find_quotes(text, quoted):
    assert [text[s:e] for s, e in segment.find_quotes(text)] == quoted


def test_split_sentences_offsets_and_trims():
    text = "  First one here. Second one there.  "
    spans = segment.split_sentences(text, offset=10)
    assert [text[s - 10:e - 10] for s, e in spans] == ["First one here.", "Second one there."]


def test_a_lone_quotation_mark_quotes_nothing():
    # Regression: kcna-20180309-06 ends with a lone '"', which gave a zero-length passage
    # (start == end), written as an empty cell and read back as NaN.
    from kimxi.corpus.segment import find_quotes

    assert find_quotes('The statement ends here."') == []
    assert find_quotes('He said: "  ') == []
    assert find_quotes('He said: "peace" and left.') == [(10, 15)]


def test_an_article_without_quotes_gives_an_empty_table_with_its_columns():
    from kimxi.corpus.articles import Article
    from kimxi.corpus.segment import QUOTE_COLUMNS, segment_article

    article = Article("x1", Path("x1.txt"), "No quotation here. None at all.",
                      {"article_id": "x1", "headline": "", "title": "", "date": "2018-01-01"})
    sentences, quotes = segment_article(article)
    assert list(quotes.columns) == QUOTE_COLUMNS and quotes.empty
    assert (sentences.speaker_class == "narration").all()


def _find_quotes_by_character(text: str) -> list[tuple[int, int]]:
    """The rules of find_quotes read one character at a time: the reference it must equal."""
    pairs, spans, i = {"“": "”", '"': '"', "‘": "’"}, [], 0
    while i < len(text):
        ch = text[i]
        if ch in pairs and (ch != "‘" or i == 0 or text[i - 1] in " \t\n(["):
            j = i + 1
            while j < len(text) and not (text[j] == pairs[ch] and (
                    pairs[ch] != "’" or j + 1 == len(text) or not text[j + 1].isalpha())):
                j += 1
            if text[i + 1:j].strip():
                spans.append((i + 1, j))
            i = j + 1
        else:
            i += 1
    return spans


def test_find_quotes_equals_reading_one_character_at_a_time():
    import random

    alphabet = list("a1 .,(\t\n[") + ["“", "”", '"', "‘", "’", "\u00a0", "é"]
    rng = random.Random(7)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
             for _ in range(3000)]
    for text in texts:
        assert segment.find_quotes(text, 5) == [(s + 5, e + 5) for s, e in
                                                _find_quotes_by_character(text)], repr(text)
    assert sum(bool(_find_quotes_by_character(t)) for t in texts) > 1000  # quotes were drawn


def test_visible_characters_are_those_not_white_space():
    for text in ["", "  ", "a b\tc\n", "\u00a0x\u2003y\u3000", "“quoted”  "]:
        assert segment._visible(text) == sum(not ch.isspace() for ch in text)


def _blanked_without_the_rules(articles, monkeypatch):
    """corpus_tables(speakers=False), and the calls of the attribution rules it made."""
    calls = []
    with monkeypatch.context() as patched:
        patched.setattr(segment._Attributor, "attribute", lambda *args: calls.append(args))
        return segment.corpus_tables(articles, speakers=False), calls


def test_without_speakers_the_rules_do_not_run_and_the_tables_are_the_blanked_ones(
        built, monkeypatch):
    got, calls = _blanked_without_the_rules(corpus.load_articles(), monkeypatch)
    assert calls == []
    expected = segment.without_speakers(built[1])
    assert (built[1]["article_quotes"].speaker != "").any()  # there was something to blank
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(got[name], frame)


def test_without_speakers_on_the_archive_the_same_tables(monkeypatch):
    from kimxi.archive import load as archive
    from kimxi.corpus import documents as corpus_csv

    if archive.default_archive() is None:
        pytest.skip("the KCNA archive is not in ../shared/external/")
    articles = corpus_csv.articles_from_table(
        corpus_csv.read_documents(archive.default_archive()).iloc[:400], "archive")
    got, calls = _blanked_without_the_rules(articles, monkeypatch)
    assert calls == []
    expected = segment.without_speakers(segment.corpus_tables(articles))
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(got[name], frame)
