"""The three tone scorers: tokens, lexicon matching and negation, drivers, classes.

Expectations are written by hand from the rules in kimxi.tone.sentiment's docstring
and from the documented behaviour of TextBlob and VADER (methods.md, issue 4),
on invented sentences, never on the units of the gold set.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kimxi import DataError
from kimxi.plots import sentiment as sentiment_plot
from kimxi.tone import learners, sentiment
from kimxi.tone.lexicon import Lexicon, load_lexicon, tokenize
from kimxi.tone.sentiment import classify


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def hits(lexicon: Lexicon, text: str) -> list[str]:
    return [h.label() for h in lexicon.hits(text)]


def units(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"unit_id": [f"u{i}" for i in range(len(texts))], "text": texts})


# -- tokens -----------------------------------------------------------------------------

def test_tokenize_keeps_inner_hyphens_and_apostrophes_and_clause_marks():
    assert tokenize("The Vice-Premier’s “warm” talks, in Beijing.") == [
        "the", "vice-premier's", '"', "warm", '"', "talks", ",", "in", "beijing", "."]


def test_tokenize_lowercases_and_drops_other_symbols():
    assert tokenize("UN £5 -- Security/Council") == ["un", "5", "security", "council"]


# -- the lexicon file -------------------------------------------------------------------

def test_lexicon_rows_are_documented_and_weights_on_the_stated_scale(lexicon):
    table = lexicon.table
    assert len(table) >= 150
    assert set(table["weight"]) <= {-1.0, -0.5, 0.0, 0.5, 1.0}
    assert (table["rationale"].str.len() > 3).all()
    assert (table["source"].str.len() > 3).all()
    # both poles are covered by many terms
    assert (table["weight"] > 0).sum() >= 50
    assert (table["weight"] < 0).sum() >= 50


def test_lexicon_holds_the_cameo_core_vocabulary(lexicon):
    terms = set(lexicon.table["term"])
    for term in ("congratulat*", "prais*", "cooperat*", "friend*", "support*", "visit*",
                 "talks", "agreement*", "sanction*", "missile*", "nuclear test*",
                 "provoc*", "tension*", "mistrust*", "threat*", "pressur*", "condemn*"):
        assert term in terms, term


def test_every_term_matches_its_own_spelling(lexicon):
    """No entry is unreachable: the term written out is matched by itself."""
    for term, weight in zip(lexicon.table["term"], lexicon.table["weight"], strict=True):
        text = term.replace("*", "")
        found = lexicon.hits(text)
        if weight == 0:
            assert found == [], term
        else:
            assert [h.term for h in found] == [term], term


@pytest.mark.parametrize("text, expected", [
    ("Both sides agreed to lift sanctions.", ["agreed(+1)", "lift sanctions(+1)"]),
    ("The council imposed new sanctions.", ["sanctions(-1)"]),
    ("Another missile test raised tensions.", ["missile test(-1)", "tensions(-1)"]),
    ("They launched talks in June.", ["launched talks(+0.5)"]),
    ("A ceremony at the Friendship Bridge.", []),
    ("The vice-premier met the press.", []),
    ("Officials concerned attended.", []),
    ("Kim succeeded his father.", []),
    ("KCNA praised the labour exploits of the workers.", ["praised(+1)"]),
])
def test_longest_match_and_false_hits(lexicon, text, expected):
    assert hits(lexicon, text) == expected


@pytest.mark.parametrize("text, expected", [
    # negation shifts: sign flips, strength halves
    ("Beijing did not condemn the move.", ["NEG condemn(+0.5)"]),
    ("Relations are no longer hostile.", ["NEG hostile(+0.5)"]),
    ("They refused, without any cooperation at all.", ["refused(-1)", "NEG cooperation(-0.5)"]),
    ("They met without cooperation.", ["NEG cooperation(-0.5)"]),
    ("Pyongyang didn't welcome it.", ["NEG welcome(-0.25)"]),
    # window of three tokens: four tokens away is out of reach
    ("No one in the capital praised it.", ["praised(+1)"]),
    ("Not one official praised it.", ["NEG praised(-0.5)"]),
    # clause punctuation ends the scope
    ("Not now, they said, but cooperation followed.", ["cooperation(+1)"]),
    # 'not only' is no negation
    ("Not only trade but also talks grew.", ["trade(+0.5)", "talks(+0.5)"]),
    # a negator is spent on the first hit after it
    ("They did not condemn the launch.", ["NEG condemn(+0.5)", "launch(-0.5)"]),
])
def test_negation_rules(lexicon, text, expected):
    assert hits(lexicon, text) == expected


def test_score_lexicon_sums_contributions_and_lists_drivers(lexicon):
    out = sentiment.score_lexicon(units("Sanctions, but friendship.", "Nothing here.",
                                        "They did not condemn it."), lexicon)
    assert list(out["unit_id"]) == ["u0", "u1", "u2"]
    assert list(out["lexicon_score"]) == [0.0, 0.0, 0.5]
    assert list(out["lexicon_hits"]) == [2, 0, 1]
    assert out.loc[0, "lexicon_drivers"] == "sanctions(-1); friendship(+1)"
    assert out.loc[1, "lexicon_drivers"] == ""


# -- bad lexicon files ------------------------------------------------------------------

def write_lexicon(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "lex.csv"
    path.write_text("term,weight,rationale,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_bad_weight_is_located(tmp_path):
    path = write_lexicon(tmp_path, ["praise,1,r,s", "threat,-2,r,s"])
    with pytest.raises(DataError) as err:
        load_lexicon(path)
    assert (err.value.row, err.value.column) == (2, "weight")


def test_uppercase_or_malformed_term_is_located(tmp_path):
    path = write_lexicon(tmp_path, ["praise,1,r,s", "Sanction*,-1,r,s"])
    with pytest.raises(DataError) as err:
        load_lexicon(path)
    assert (err.value.row, err.value.column) == (2, "term")
    path = write_lexicon(tmp_path, ["prai*se,1,r,s"])
    with pytest.raises(DataError):
        load_lexicon(path)


def test_duplicate_term_and_missing_rationale_are_located(tmp_path):
    with pytest.raises(DataError) as err:
        load_lexicon(write_lexicon(tmp_path, ["praise,1,r,s", "praise,0.5,r,s"]))
    assert (err.value.row, err.value.column) == (2, "term")
    with pytest.raises(DataError) as err:
        load_lexicon(write_lexicon(tmp_path, ["praise,1,,s"]))
    assert (err.value.row, err.value.column) == (1, "rationale")


# -- TextBlob and VADER -----------------------------------------------------------------

def test_textblob_reports_the_adjectives_that_drove_it():
    out = sentiment.score_textblob(units(
        "The latest launch fired missiles over Japan, escalating tensions.",
        "The delegation arrived on Tuesday."))
    # issue 4: TextBlob reads this launch as positive because of 'latest'
    assert out.loc[0, "textblob_polarity"] > 0
    assert "latest" in out.loc[0, "textblob_drivers"]
    assert out.loc[1, "textblob_polarity"] == 0.0
    assert out.loc[1, "textblob_drivers"] == ""
    assert out["textblob_subjectivity"].between(0, 1).all()


def test_textblob_scores_equal_textblobs_own_assessments():
    """One run of the pattern analyser gives what TextBlob's sentiment_assessments gives."""
    from textblob import TextBlob

    from kimxi.io import paths

    texts = list(pd.read_csv(paths.DATA / "processed" / "sentences.csv")["text"])
    texts += list(pd.read_csv(paths.DATA / "gold" / "kcna" / "tone.csv")["text"])
    texts += ["", " ", "not very good at all!!", "NOT bad :) but :( sad", "Kim\u00a0Jong Un's "
              "\u201cwarm\u201d greetings", "very very very nice", "12.5", "\u4e60\u8fd1\u5e73"]
    out = sentiment.score_textblob(units(*texts))
    for row, text in zip(out.itertuples(), texts, strict=True):
        own = TextBlob(text).sentiment_assessments
        assert (row.textblob_polarity, row.textblob_subjectivity) == (
            own.polarity, own.subjectivity), text
        assert row.textblob_drivers == sentiment._textblob_drivers(own.assessments), text
    assert len(texts) > 500
    with pytest.raises(TypeError, match="'u2'"):
        sentiment.score_textblob(pd.DataFrame({"unit_id": ["u1", "u2"], "text": ["a", None]}))


def test_vader_replay_gives_vader_own_compound():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    texts = ["Great success!", "The talks were not good, but the dinner was great.",
             "Sanctions and tension, kind of bad", "The delegation arrived.",
             "They did NOT reject the very friendly offer"]
    for text in texts:
        _, _, compound = sentiment.vader_valences(text)
        assert compound == analyzer.polarity_scores(text)["compound"], text


def test_vader_drivers_name_the_scored_words():
    out = sentiment.score_vader(units("Great success", "The delegation arrived."))
    assert out.loc[0, "vader_compound"] > 0.05
    assert out.loc[0, "vader_drivers"].startswith("Great(+")
    assert "success(+" in out.loc[0, "vader_drivers"]
    assert out.loc[1, "vader_compound"] == 0.0
    assert out.loc[1, "vader_drivers"] == ""


# -- classes and the merged table -------------------------------------------------------

def test_classify_is_inclusive_at_the_threshold():
    assert list(classify([-0.5, -0.05, -0.049, 0, 0.049, 0.05, 0.9], 0.05)) == [
        -1, -1, 0, 0, 0, 1, 1]
    # float noise does not move a score across the threshold
    assert list(classify([0.1 + 0.2 - 0.25, -(0.1 + 0.2 - 0.25)], 0.05)) == [1, -1]


def test_classify_rejects_bad_threshold_and_missing_scores():
    with pytest.raises(ValueError):
        classify([0.1], 0)
    with pytest.raises(ValueError):
        classify([0.1, np.nan], 0.05)


def test_score_all_keeps_order_and_adds_classes():
    table = units("They praised the agreement.", "New sanctions and a missile test.",
                  "The statement was released on Friday.")
    table = table.iloc[[2, 0, 1]]
    out = sentiment.score_all(table)
    assert list(out["unit_id"]) == ["u2", "u0", "u1"]
    assert list(out["lexicon_class"]) == [0, 1, -1]
    for tool in sentiment.TOOLS:
        assert f"{tool}_class" in out.columns
        assert sentiment.SCORE_COLUMNS[tool] in out.columns
        assert sentiment.DRIVER_COLUMNS[tool] in out.columns


def test_units_are_checked():
    with pytest.raises(ValueError, match="duplicate"):
        sentiment.score_lexicon(pd.DataFrame({"unit_id": ["a", "a"], "text": ["x", "y"]}))
    with pytest.raises(ValueError, match="text"):
        sentiment.score_vader(pd.DataFrame({"unit_id": ["a"]}))


def test_stated_thresholds_sit_inside_their_sweep_grids():
    for tool in sentiment.TOOLS:
        assert sentiment.THRESHOLDS[tool] in sentiment.THRESHOLD_GRIDS[tool]


def test_tone_by_message_majority_with_ties_to_neutral():
    frame = pd.DataFrame({
        "message_id": ["m1", "m1", "m1", "m2", "m2", "", "m3"],
        "tone": [1, 1, -1, 1, -1, -1, 0],
    })
    out = sentiment.tone_by_message(frame, "tone").set_index("message_id")
    assert list(out.index) == ["m1", "m2", "m3"]          # the unit without a message is dropped
    assert out.loc["m1", "tone"] == 1
    assert out.loc["m1", "n_units"] == 3
    assert out.loc["m1", "mean_tone"] == pytest.approx(1 / 3)
    assert out.loc["m2", "tone"] == 0                      # one friendly, one hostile: mixed
    assert out.loc["m2", "share_conflictual"] == 0.5
    assert out.loc["m3", "tone"] == 0


def test_plots_take_the_scored_table():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    frame = pd.DataFrame({"textblob_polarity": [0.5, 0.0, -0.3], "vader_compound": [0.6, 0, -0.5],
                          "gold": [1, 0, -1]})
    fig = sentiment_plot.plot_textblob_vader(frame, title="t")
    assert len(fig.axes[0].collections) == 3                 # one scatter per gold class
    plt.close(fig)
    by_message = pd.DataFrame({"date_sent": ["2017-10-25", "2018-03-17"], "m": [0.5, 1.0],
                               "lo": [0.0, 1.0], "hi": [1.0, 1.0], "b": [0.0, 1.0]})
    fig = sentiment_plot.plot_tone_over_time(by_message, {"gold": ("m", "lo", "hi"),
                                                     "tool": ("b", "", "")})
    assert len(fig.axes[0].get_legend().get_texts()) == 2
    plt.close(fig)


# -- learned terms ----------------------------------------------------------------------

def test_word_ngrams_do_not_cross_clause_punctuation():
    assert learners.word_ngrams("Warm, cordial talks.") == [
        "warm", "cordial", "talks", "cordial talks"]
    assert learners.word_ngrams("") == []


def toy_corpus():
    """Ten units per class; 'warm' only in cooperative, 'grim' only in conflictual ones."""
    texts = (["warm greetings"] * 10 + ["grim stalemate"] * 10 + ["the date"] * 10)
    labels = [1] * 10 + [-1] * 10 + [0] * 10
    return texts, labels


def test_log_odds_terms_known_answer():
    texts, labels = toy_corpus()
    terms = learners.log_odds_terms(texts, labels).set_index("term")
    # Worked by hand for 'warm' (Monroe et al. prior = own count 10; 3 grams per unit):
    # delta = log(20 / (30 + 90 - 20)) - log(10 / (60 + 90 - 10)) = log(2.8); var = 1/20 + 1/10
    assert terms.loc["warm", "z_cooperative"] == pytest.approx(np.log(2.8) / np.sqrt(0.15))
    assert set(terms.index) == {"warm", "greetings", "warm greetings", "grim", "stalemate",
                                "grim stalemate"}
    assert terms.loc["warm greetings", "weight"] == 0.5
    assert terms.loc["stalemate", "weight"] == -0.5
    # neutral vocabulary is in neither pole
    assert "date" not in terms.index
    # a stricter cut-off keeps nothing here
    assert learners.log_odds_terms(texts, labels, z=3.0).empty


def test_log_odds_terms_leave_out_what_the_lexicon_already_reads(lexicon):
    texts = ["warm greetings"] * 10 + ["new sanctions"] * 10 + ["the date"] * 10
    labels = [1] * 10 + [-1] * 10 + [0] * 10
    terms = set(learners.log_odds_terms(texts, labels, lexicon=lexicon)["term"])
    assert "new" in terms
    assert not terms & {"sanctions", "new sanctions", "greetings", "warm greetings"}


def test_extended_lexicon_scores_learned_terms_with_negation(lexicon):
    texts, labels = toy_corpus()
    terms = learners.log_odds_terms(texts, labels, lexicon=lexicon)
    extended = learners.extend_lexicon(lexicon, terms)
    assert len(extended) == len(lexicon) + len(terms)
    # the lexicon already reads 'warm greetings', so only the conflictual terms are learned
    assert set(terms["term"]) == {"grim", "stalemate", "grim stalemate"}
    assert hits(extended, "A grim stalemate again.") == ["grim stalemate(-0.5)"]
    assert hits(extended, "There was no grim stalemate.") == ["NEG grim stalemate(+0.25)"]
    assert hits(extended, "Warm greetings.") == ["warm(+0.5)", "greetings(+0.5)"]
    assert hits(lexicon, "A grim stalemate again.") == []


def test_log_odds_lexicon_learner_tunes_its_threshold_inside_training(lexicon):
    texts, labels = toy_corpus()
    units = pd.DataFrame({"unit_id": [f"u{i}" for i in range(30)], "text": texts})
    groups = np.array([f"g{i % 5}" for i in range(30)])
    predict = learners.log_odds_lexicon_learner(lexicon)(units, np.array(labels), groups)
    assert predict.threshold in sentiment.THRESHOLD_GRIDS["lexicon"]
    classes, scores = predict(pd.DataFrame({"unit_id": ["a", "b", "c"],
                                            "text": ["warm greetings", "stalemate", "a date"]}))
    assert list(classes) == [1, -1, 0]
    assert scores[0] > 0 > scores[1] and scores[2] == 0


def test_candidate_learners_are_the_stated_six(lexicon):
    names = list(learners.candidate_learners(lexicon))
    assert names == ["lexicon", "lexicon + learned terms", "tf-idf", "tf-idf + lexicon",
                     "stacked", "scores only"]


# -- a corpus without gold: sentences as units ------------------------------------------

def test_load_sentence_units_renames_and_validates(tmp_path):
    path = tmp_path / "sentences.csv"
    path.write_text("sentence_id,article_id,text\ns1,a1,They met.\ns2,a1,Talks failed.\n",
                    encoding="utf-8")
    out = sentiment.load_sentence_units(path)
    assert list(out.columns) == ["unit_id", "article_id", "text"]
    assert list(out["unit_id"]) == ["s1", "s2"]
    path.write_text("sentence_id,text\ns1,They met.\ns1,Again.\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        sentiment.load_sentence_units(path)
    assert (err.value.row, err.value.column) == (2, "sentence_id")
    path.write_text("id,text\ns1,They met.\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        sentiment.load_sentence_units(path)
    assert err.value.column == "sentence_id"


def test_load_sentence_units_keeps_the_columns_asked_for_and_names_one_absent(tmp_path):
    path = tmp_path / "sentences.csv"
    path.write_text("sentence_id,article_id,speaker_class,n_words,text\n"
                    "s1,a1,,2,They met.\ns2,a1,,2,Talks failed.\n", encoding="utf-8")
    out = sentiment.load_sentence_units(path, columns=sentiment.UNIT_COLUMNS)
    assert list(out.columns) == ["unit_id", "text", *sentiment.UNIT_COLUMNS]
    assert list(out["text"]) == ["They met.", "Talks failed."]
    path.write_text("sentence_id,article_id,text\ns1,a1,They met.\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing column") as err:
        sentiment.load_sentence_units(path, columns=sentiment.UNIT_COLUMNS)
    assert err.value.column == "speaker_class"


def test_class_shares_and_their_plot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    frame = pd.DataFrame({"a": [1, 1, 0, -1], "b": [0, 0, 0, 0]})
    shares = sentiment.class_shares(frame, {"tool a": "a", "tool b": "b"})
    assert shares.loc["tool a"].to_dict() == {"conflictual": 0.25, "neutral": 0.25,
                                              "cooperative": 0.5, "n": 4}
    assert shares.loc["tool b", "neutral"] == 1.0
    fig = sentiment_plot.plot_class_shares(shares, title="t")
    assert len(fig.axes[0].patches) == 6                     # three classes x two measures
    plt.close(fig)


# The scoring of a user's corpus without gold: tests/test_on_corpus.py.


def test_textblob_scores_are_textblobs_own():
    # score_textblob runs TextBlob's pattern analyser once per unit; TextBlob's public
    # sentiment_assessments runs it twice. Both must give the same numbers and assessments.
    from textblob import TextBlob

    texts = ["A very good and friendly talk.", "The U.S. is not very good at all.",
             "Speeches were made there.", "He expressed deep thanks for the warm welcome."]
    out = sentiment.score_textblob(pd.DataFrame({"unit_id": list("abcd"), "text": texts}))
    for text, row in zip(texts, out.itertuples(), strict=True):
        own = TextBlob(text).sentiment_assessments
        assert (row.textblob_polarity, row.textblob_subjectivity) == (own.polarity,
                                                                       own.subjectivity)
        assert row.textblob_drivers == sentiment._textblob_drivers(own.assessments)


def test_word_ngrams_equal_the_plain_definition_on_every_text():
    # _word_ngrams builds the 1- and 2-grams directly; this is the definition it replaced:
    # every run of tokens between clause marks, cut into each size's n-grams in turn.
    from kimxi.io import paths
    from kimxi.tone import learners
    from kimxi.tone.lexicon import tokenize

    def plain(text, n):
        out, run = [], []
        for token in tokenize(text) + ["."]:
            if token in learners.BOUNDARY:
                for size in range(1, n + 1):
                    out += [" ".join(run[i:i + size]) for i in range(len(run) - size + 1)]
                run = []
            else:
                run.append(token)
        return out

    texts = list(pd.read_csv(paths.DATA / "processed" / "sentences.csv")["text"])
    texts += list(pd.read_csv(paths.DATA / "gold" / "kcna" / "tone.csv")["text"])
    texts += ["", ".", "Warm, cordial talks", "a b c d; e f. g", "one"]
    for n in (0, 1, 2, 3, 4):
        for text in texts:
            assert learners.word_ngrams(text, n) == plain(text, n), (n, text)
