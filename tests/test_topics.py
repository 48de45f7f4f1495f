"""Topic clustering: terms, matching, stability and the voice test on corpora
whose right answer is known by construction."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kimxi import topic_stability, topic_terms, topic_units, topic_voices, topics

# Two vocabularies that never meet: a corpus with exactly two topics.
# Ten singular words each, so a topic's top-10 list is its whole vocabulary.
TRADE = ["sanction", "coal", "oil", "export", "tariff", "shipment", "embargo", "cargo",
         "textile", "seafood"]
GREETING = ["congratulation", "friendship", "socialism", "wish", "greeting", "anniversary",
            "comrade", "banquet", "gift", "invitation"]


def two_topic_corpus(n_per_topic: int = 20, words: int = 6, seed: int = 1) -> list[str]:
    rng = np.random.default_rng(seed)
    texts = []
    for vocabulary in (TRADE, GREETING):
        for _ in range(n_per_topic):
            texts.append(" ".join(rng.choice(vocabulary, size=words, replace=False)))
    return texts


# --- terms -------------------------------------------------------------------------------

def test_fold_plural_regular_and_protected_forms():
    assert topic_terms.fold_plural("countries") == "country"
    assert topic_terms.fold_plural("relations") == "relation"
    assert topic_terms.fold_plural("sanctions") == "sanction"
    for unchanged in ("congress", "focus", "analysis", "news", "usa", "kim", "north_korea"):
        assert topic_terms.fold_plural(unchanged) == unchanged


def test_tokenize_joins_names_and_drops_source_markers():
    terms = topic_terms.tokenize("NORTH Korean leader Kim Jong Un told Mr Xi Jinping, KCNA said "
                            "on Thursday, that the US and the UN Security Council’s sanctions "
                            "hurt the North’s 19th economy.")
    assert terms == ["north_korea", "leader", "kim", "xi", "usa", "un", "security_council",
                     "sanction", "hurt", "north_korea", "economy"]


def test_tokenize_keeps_content_words_that_the_english_list_holds():
    assert topic_terms.tokenize("in the interests of the peoples") == ["interest", "people"]
    assert "sincere" in topic_terms.tokenize("extended sincere congratulations")


def test_pronoun_us_is_not_the_country():
    assert topic_terms.tokenize("they told us") == []
    assert topic_terms.tokenize("the U.S. and the United States") == ["usa", "usa"]


# --- the fast tokenizer gives the terms of the plain one ------------------------------

RODONG = Path("/work/shared/external/rodong_sinmun_en_sample.csv")
REPO = Path(__file__).resolve().parents[1]
_REFERENCE_PHRASES = [(re.compile(p), r) for p, r, _ in topic_terms.PHRASES]
_REFERENCE_TOKEN = re.compile(r"[a-z0-9_]+")


def reference_normalise(text: str) -> str:
    """topic_terms.normalise as it was before it was made fast: each pattern over all the text."""
    for pattern, replacement in _REFERENCE_PHRASES:
        text = pattern.sub(replacement, text)
    return text.replace("’", "'")


def reference_tokenize(text: str) -> list[str]:
    """topic_terms.tokenize as it was before it was made fast (no anchors, no memo)."""
    text = reference_normalise(text)
    text = re.sub(r"'s\b", " ", text).lower()
    terms = []
    for token in _REFERENCE_TOKEN.findall(text):
        token = token.strip("_")
        if len(token) < 2 or token in topic_terms.STOP_WORDS or any(c.isdigit() for c in token):
            continue
        token = topic_terms.fold_plural(token)
        if token not in topic_terms.STOP_WORDS:
            terms.append(token)
    return terms


ADVERSARIAL = [
    "", " ", "’", "'s", "US", "us", "U.S.", "U.S.-DPRK", "DPRK-U.S. talks", "U.S.A.", "the U.S.",
    "USUN", "US-UN", "BUS USA", "UN", "UNSC", "UN Security Council", "United Nations",
    "United States", "the United Statesman", "North Korean Central News Agency",
    "the North's state-run central news agency", "the North’s state-run central news agency",
    "the North’s State-run central news agency", "the north's state-run central news agency",
    "Korean Central News Agency (KCNA)", "KCNAUS", "KCNA-US", "xKCNAUS said",
    "Democratic People's Republic of Korea", "Democratic People’s Republic of Korea",
    "DEMOCRATIC PEOPLE’S REPUBLIC OF KOREA", "Republic of Korea", "the Republic of Korea's",
    "ROK", "rok", "Rok-ROK", "Brokers", "South Koreans", "South Korean", "south korea",
    "North Korea", "NORTH KOREAN", "north koreans", "the North Korea", "the North", "THE NORTH",
    "the Northern", "the North's", "Kim Jong-un", "Kim Jong Un", "Kim Jongun", "Kim Jong-Un",
    "Kim Jong Il", "Kim Han-kwon of the Korea National Diplomatic Academy",
    "Xi Jinping's", "Xi Jinpinging", "Security Council", "SECURITY COUNCIL's", "security council",
    "People's Daily", "People’s Daily", "Rodong Sinmun", "Global Times reported", "Xinhua, Reuters",
    "Yonhap/AP", "Associated Press", "China Daily’s", "2018 19th 1st", "under_score __x__ _a_",
    "relations countries news series", "Ünited States", "Korea's İstanbul DPRK", "dpr\u212a",
    "DPR\u212a talks", "\u017fecurity council", "the \u017fouth korea", "\u0130the north",
    "ſecurity Council and the US", "the nor\u0131h", "Pyongyang – Beijing “friendship”",
    "中国 朝鲜 DPRK", "Kim Jong\u2011un", "U.S.\u00a0troops", "US\u00e9", "éUS", "Müller's UN",
]
FRAGMENTS = ["US", "U.S.", "UN", "KCNA", "the North", "'s ", "’s ",
             " state-run central news agency",
             "Korea", "Korean", "North ", "South ", "Democratic People's Republic of ", "ROK",
             "Republic of Korea", "Security Council", "Kim Jong", "-", "un", "Un", " ", ".",
             "United ", "States", "Nations", "Xi Jinping", "DPRK", "dprk", "the north", "é", "’",
             "\u0130", "\u017f", "\u212a", "_", "19", "s", "People", "Daily", "x"]


def _repository_texts(path: str, column: str = "text") -> list[str]:
    return pd.read_csv(REPO / path, dtype=str, keep_default_na=False)[column].tolist()


def _assert_same_terms(texts) -> None:
    for text in texts:
        assert topic_terms.tokenize(text) == reference_tokenize(text), text[:200]
        assert topic_terms.normalise(text) == reference_normalise(text), text[:200]


def test_tokenize_equals_the_reference_on_adversarial_strings():
    _assert_same_terms(ADVERSARIAL)
    # the names actually are rewritten (not merely equal because both do nothing)
    assert topic_terms.tokenize("the North’s state-run central news agency") == []
    assert topic_terms.tokenize("U.S.-DPRK") == ["usa", "north_korea"]


def test_tokenize_equals_the_reference_on_random_mixtures_of_name_fragments():
    rng = np.random.default_rng(7)
    texts = ["".join(rng.choice(FRAGMENTS, size=rng.integers(1, 12))) for _ in range(4000)]
    _assert_same_terms(texts)


@pytest.mark.parametrize("path", ["data/processed/sentences.csv", "data/quotes.csv",
                                  "data/message_texts.csv", "data/processed/paragraphs.csv"])
def test_tokenize_equals_the_reference_on_repository_texts(path):
    texts = _repository_texts(path)
    assert texts
    _assert_same_terms(texts)


@pytest.mark.skipif(not RODONG.exists(), reason="external Rodong Sinmun sample absent")
def test_tokenize_equals_the_reference_on_the_rodong_sample():
    from kimxi import corpus_csv
    texts = corpus_csv.clean_corpus(corpus_csv.load_corpus(RODONG)).text.tolist()
    assert len(texts) > 100
    _assert_same_terms(texts)


def test_every_stop_word_group_has_a_reason():
    for name, (words, why) in topic_terms.STOP_WORD_GROUPS.items():
        assert words and len(why) > 20, name
    assert "said" in topic_terms.STOP_WORDS and "interest" not in topic_terms.STOP_WORDS


# --- similarity and matching ---------------------------------------------------------------

def test_jaccard_of_identical_lists_is_one_and_of_disjoint_lists_zero():
    terms = ["a", "b", "c", "d"]
    assert topic_stability.jaccard(terms, list(reversed(terms))) == 1.0
    assert topic_stability.average_jaccard(terms, terms) == 1.0
    assert topic_stability.jaccard(["a", "b"], ["c", "d"]) == 0.0
    assert topic_stability.average_jaccard(["a", "b"], ["c", "d"]) == 0.0


def test_average_jaccard_rewards_agreement_at_the_top():
    # Same set, different order: set Jaccard 1, average Jaccard below 1.
    assert topic_stability.jaccard(["a", "b", "c"], ["c", "b", "a"]) == 1.0
    # depths 1, 2, 3: {a}|{c} = 0, {a,b}|{c,b} = 1/3, then 1
    assert topic_stability.average_jaccard(["a", "b", "c"], ["c", "b", "a"]) == pytest.approx(4 / 9)


def test_hungarian_matching_recovers_a_permutation_of_topics():
    reference = [["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]]
    permuted = [reference[2], reference[0], reference[1]]
    score, match = topic_stability.match_topics(reference, permuted)
    assert score == 1.0
    assert list(match) == [1, 2, 0]


def test_matching_is_one_to_one_even_when_greedy_would_reuse_a_topic():
    reference = [["a", "b"], ["a", "c"]]
    other = [["a", "b"], ["x", "y"]]
    _, match = topic_stability.match_topics(reference, other, topic_stability.jaccard)
    assert sorted(match) == [0, 1]


def test_chance_average_jaccard_by_hand():
    # Three terms, lists of three: depths give 1/3, 5/9 and 1.
    assert topic_stability.chance_average_jaccard(3, 3) == pytest.approx(17 / 27)
    assert topic_stability.chance_average_jaccard(10, 1000) < 0.02
    # Two 2-sets from 4 terms: overlap 0, 1, 2 with probability 1/6, 4/6, 1/6.
    assert topic_stability.chance_jaccard(2, 4) == pytest.approx(4 / 6 * 1 / 3 + 1 / 6)


# --- fitting ---------------------------------------------------------------------------------

def test_two_separated_vocabularies_give_two_pure_topics():
    texts = two_topic_corpus()
    model = topics.fit_topics(texts, 2)
    first, second = model.labels[:20], model.labels[20:]
    assert len(set(first)) == 1 and len(set(second)) == 1 and first[0] != second[0]
    trade_topic = first[0]
    assert set(model.top_terms[trade_topic][:10]) <= set(TRADE)


def test_fit_is_deterministic_for_a_seed():
    texts = two_topic_corpus()
    a, b = topics.fit_topics(texts, 3, random_state=7), topics.fit_topics(texts, 3, random_state=7)
    assert np.array_equal(a.W, b.W)
    assert a.top_terms == b.top_terms


def test_fit_topics_refuses_more_topics_than_terms():
    with pytest.raises(ValueError, match="terms survive"):
        topics.fit_topics(["coal oil"] * 3 + ["gift wish"] * 3, 5)


def test_assign_marks_units_without_terms():
    W = np.array([[0.0, 0.2], [0.5, 0.1], [0.0, 0.0]])
    assert list(topics.assign(W)) == [1, 0, -1]


def test_k2_is_the_most_stable_on_two_separated_vocabularies():
    texts = two_topic_corpus()
    model = topics.fit_topics(texts, 2)
    runs = topic_stability.stability_runs(model.X, model.terms, ks=range(2, 6), n_runs=20)
    summary = topic_stability.summarise_stability(runs, model.X)
    k, reason = topic_stability.choose_k(summary)
    assert k == 2, (summary, reason)
    at2 = summary.set_index("k").loc[2]
    assert at2.jaccard_mean == 1.0          # every refit finds the two vocabularies
    assert at2.kmeans_ari_mean == 1.0
    assert (summary.set_index("k").jaccard_mean.drop(2) < 1.0).all()
    # Why the set Jaccard is the criterion: words of one vocabulary are equally
    # frequent, so their order is noise and the rank-weighted score falls below 1.
    assert at2.avg_jaccard_mean < 0.9
    # ... so much that the rank-weighted score would pick a wrong k (the notebook says so).
    assert summary.loc[summary.avg_jaccard_mean.idxmax(), "k"] != 2


def test_k2_wins_on_both_measures_when_term_ranks_are_real():
    # Zipf-like word frequencies inside each topic give the top-10 lists a true order.
    rng = np.random.default_rng(2)
    weights = 1 / np.arange(1, 11)
    texts = [" ".join(rng.choice(vocabulary, size=6, replace=False, p=weights / weights.sum()))
             for vocabulary in (TRADE, GREETING) for _ in range(25)]
    model = topics.fit_topics(texts, 2)
    summary = topic_stability.summarise_stability(
        topic_stability.stability_runs(model.X, model.terms, ks=range(2, 6), n_runs=20), model.X)
    assert topic_stability.choose_k(summary)[0] == 2
    assert summary.avg_jaccard_mean.idxmax() == summary.index[summary.k == 2][0]


def test_stability_runs_repeat_exactly():
    model = topics.fit_topics(two_topic_corpus(), 2)
    a = topic_stability.stability_runs(model.X, model.terms, ks=[2, 3], n_runs=5)
    b = topic_stability.stability_runs(model.X, model.terms, ks=[2, 3], n_runs=5)
    pd.testing.assert_frame_equal(a.drop(columns="kmeans_labels"),
                                  b.drop(columns="kmeans_labels"))


def test_subsamples_are_eighty_percent_without_repeats():
    samples = topic_stability.subsamples(45, n_runs=4, fraction=0.8, seed=0)
    assert all(len(s) == 36 and len(set(s)) == 36 for s in samples)
    assert not np.array_equal(samples[0], samples[1])


def test_choose_k_near_tie_goes_to_the_smaller_k():
    summary = pd.DataFrame(dict(k=[2, 3, 4], jaccard_mean=[0.69, 0.70, 0.50],
                                jaccard_se=[0.02, 0.02, 0.02], kmeans_ari_mean=[0.1, 0.6, 0.9]))
    k, reason = topic_stability.choose_k(summary)
    assert k == 2 and "near-ties" in reason
    summary.loc[0, "jaccard_mean"] = 0.60   # no longer within one standard error of k=3
    assert topic_stability.choose_k(summary)[0] == 3


# --- corpora of units ------------------------------------------------------------------------

def test_voice_units_split_each_sentence_into_quotes_and_narration():
    raw = 'Mr Kim said "we wish great success" to Xi. China agreed.'
    q0 = raw.index("we")
    quote_end = raw.index('" to')
    sentences = pd.DataFrame(dict(
        sentence_id=["a-p01-s01", "a-p01-s02"], article_id="a", start=[0, 43], end=[42, 56],
        text=[raw[0:42], raw[43:56]]))
    quotes = pd.DataFrame(dict(quote_id=["a-q01"], article_id="a", start=[q0], end=[quote_end],
                               text=[raw[q0:quote_end]], speaker=["Kim Jong Un"],
                               speaker_class=["dprk"]))
    units = topic_units.voice_units(sentences, quotes)
    assert list(units.unit_id) == ["a-q01", "a-p01-s01-n", "a-p01-s02-n"]
    assert list(units.speaker_class) == ["dprk", "narration", "narration"]
    assert units.text[0] == "we wish great success"
    assert units.text[1] == "Mr Kim said to Xi."


def test_voice_units_give_papers_quoted_for_their_own_view_a_class_of_their_own():
    sentences = pd.DataFrame(dict(sentence_id=["a-p01-s01"], article_id="a", start=[0],
                                  end=[30], text=['Global Times said "be resolute"']))
    quotes = pd.DataFrame(dict(quote_id=["a-q01"], article_id="a", start=[19], end=[30],
                               text=["be resolute"], speaker=["Global Times"],
                               speaker_class=["prc"]))
    assert topic_units.voice_units(sentences, quotes).speaker_class[0] == "media"


def test_message_units_are_sentences_of_the_message_without_the_outlets_lead():
    messages = pd.DataFrame(dict(message_id=["msg-1"], text=[
        "Kim Jong Un sent a message of thanks on Mar. 28. The message said: I thank you. "
        "We had talks."]))
    units = topic_units.message_units(messages)
    assert list(units.unit_id) == ["msg-1-s01", "msg-1-s02"]
    assert list(units.text) == ["I thank you.", "We had talks."]


def _record():
    messages = pd.DataFrame(dict(message_id=["m1", "m2"], direction=["DPRK->PRC", "PRC->DPRK"]))
    texts = pd.DataFrame(dict(message_id=["m1"], text=["The message said: Friendship between "
                                                       "the two parties will grow stronger."]))
    quotes = pd.DataFrame(dict(
        quote_id=["q1", "q2", "q3", "q4", "q5", "q6", "q7"],
        message_id=["m1", "m2", "m2", "m2", "m2", "m2", "m2"],
        speaker=["Kim Jong Un", "Xi Jinping", "Xi Jinping", "Xi Jinping", "Song Tao",
                 "Xi Jinping", "Xi Jinping"],
        side=["DPRK", "PRC", "PRC", "PRC", "PRC", "PRC", "PRC"],
        voice=["message", "message", "message", "message", "speech", "message", "message"],
        verbatim_or_paraphrase=["verbatim", "verbatim", "verbatim", "paraphrase", "verbatim",
                                "verbatim", "verbatim"],
        text=["friendship",                                  # m1 has its full text
              "promote regional peace and common prosperity with sincere thanks",
              "regional peace and common prosperity",         # inside q2
              "wonderful happiness for both peoples",          # a paraphrase
              "traditional friendship between parties",        # an envoy, not a leader
              "sincere thanks for common prosperity",          # terms inside q2's
              "sincere gratitude for the congratulatory message"]))
    return quotes, texts, messages


def test_record_units_keep_each_leaders_words_once():
    quotes, texts, messages = _record()
    existing = pd.DataFrame(dict(text=["with sincere thanks"]))
    units, dropped = topic_units.record_units(quotes, texts, messages, existing)
    assert list(units.unit_id) == ["m1-s01", "q2", "q7"]
    assert list(units.speaker_class) == ["dprk", "prc", "prc"]
    # the words already in an existing unit are taken out of the longer quote
    assert units.text[1] == "promote regional peace and common prosperity"
    assert sorted(dropped.quote_id) == ["q3", "q6"]


def test_shares_rows_sum_to_one_and_skip_units_without_topic():
    units = pd.DataFrame(dict(article_id=["a", "a", "b", "b"]))
    table = topics.shares(units, [0, 1, 1, -1], ["x", "y"], "article_id")
    assert table.loc["a"].tolist() == [0.5, 0.5]
    assert table.loc["b"].tolist() == [0.0, 1.0]


# --- the voice test --------------------------------------------------------------------------

def test_voice_test_finds_a_topic_of_the_leaders_own():
    topic = np.array([0] * 10 + [1] * 10)
    group = np.array(["leaders"] * 9 + ["narration"] + ["narration"] * 10)
    result = topic_voices.voice_test(topic, group, n_permutations=2000, seed=0)
    assert result["p_value"] < 0.01
    assert result["purity"] == pytest.approx(19 / 20)


def test_voice_test_does_not_find_what_is_not_there():
    topic = np.array([0, 1] * 10)
    group = np.array(["leaders"] * 10 + ["narration"] * 10)   # each group half in each topic
    result = topic_voices.voice_test(topic, group, n_permutations=2000, seed=0)
    assert result["chi2"] == 0.0
    assert result["p_value"] == 1.0


def test_voice_verdict_tells_a_topic_of_their_own_from_a_difference_of_proportions():
    own = pd.DataFrame({"leaders": [9, 1], "narration": [2, 18]})
    shifted = pd.DataFrame({"leaders": [8, 2], "narration": [60, 40]})  # 80% vs 60%
    assert topic_voices.voice_verdict(0.001, own) == "own"
    assert topic_voices.voice_verdict(0.001, shifted) == "different"
    assert topic_voices.voice_verdict(0.2, own) == "alike"


def test_chi_square_agrees_with_scipy():
    from scipy.stats import chi2_contingency
    table = np.array([[5, 1], [2, 9], [0, 4]])
    expected = chi2_contingency(table, correction=False).statistic
    assert topic_voices.chi_square(table) == pytest.approx(expected)


def test_voice_test_is_seeded():
    rng = np.random.default_rng(3)
    topic, group = rng.integers(0, 3, 30), rng.choice(["leaders", "narration"], 30)
    test = topic_voices.voice_test
    assert test(topic, group, 500, seed=5) == test(topic, group, 500,
                                                                             seed=5)


def test_own_centre_share_leaves_out_units_without_a_topic():
    # Regression: centres were indexed by position while the labels include -1, so the
    # figure compared the wrong centres (4% where 72% was right on the KCNA archive).
    coords = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0], [9.0, 9.0]])
    labels = np.array([0, 0, 1, 1, -1])
    assert topics.own_centre_share(coords, labels) == 1.0
    assert topics.own_centre_share(coords, np.array([1, 1, 0, 0, -1])) == 1.0


def test_quoted_focus_is_none_when_every_sentence_is_narration():
    only = pd.DataFrame({"t0": [0.6], "t1": [0.4]}, index=["narration"])
    assert topics.quoted_focus(only) is None
    both = pd.DataFrame({"t0": [0.5, 0.9], "t1": [0.5, 0.1]}, index=["narration", "analyst"])
    assert topics.quoted_focus(both) == ("analyst", "analyst", "t0")
