"""Topic models: terms, counts, matching, stability, target topics and the test over time,
on corpora whose right answer is known by construction."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from benchmarks.plain_tokenizer import reference_normalise, reference_tokenize
from kimxi.corpus import windows
from kimxi.io import paths
from kimxi.topics import (
    model as topics,
    over_time as topic_time,
    stability as topic_stability,
    terms as topic_terms,
)

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

RODONG = paths.ROOT.parent / "shared" / "external" / "rodong_sinmun_en_sample.csv"
REPO = Path(__file__).resolve().parents[1]
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
    from kimxi.corpus import documents as corpus_csv
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


# --- counts and weights ----------------------------------------------------------------------

def test_term_matrix_counts_terms_of_at_least_min_df_documents():
    counts, terms = topic_terms.term_matrix(["coal coal oil", "oil gift", "gift wish"], min_df=2)
    assert terms.term.tolist() == ["gift", "oil"]   # "coal" and "wish": one document each
    assert counts.toarray().tolist() == [[0, 1], [1, 1], [1, 0]]
    assert terms.df.tolist() == [2, 2] and terms["count"].tolist() == [2, 2]


def test_weigh_drops_rare_and_common_terms_and_normalises_rows():
    texts = ["coal oil tariff"] * 6 + ["gift wish banquet"] * 6 + ["comrade"] * 2
    counts, terms = topic_terms.term_matrix(texts)
    X, kept = topics.weigh(counts, terms.term, min_df=5, max_df=0.5)
    assert "comrade" not in kept and set(kept) == {"coal", "oil", "tariff", "gift", "wish",
                                                   "banquet"}
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    assert np.allclose(norms[:12], 1) and np.allclose(norms[12:], 0)
    with pytest.raises(ValueError, match="too few documents"):
        topics.weigh(counts, terms.term, min_df=50)


# --- fitting ---------------------------------------------------------------------------------

def zipf_corpus(vocabularies, n_per_topic: int = 40, words: int = 6, seed: int = 2):
    """Documents drawn from disjoint vocabularies with Zipf-like frequencies, so that the
    top-10 lists of the planted topics have a true order."""
    rng = np.random.default_rng(seed)
    weights = 1 / np.arange(1, 11)
    texts = [" ".join(rng.choice(v, size=words, replace=False, p=weights / weights.sum()))
             for v in vocabularies for _ in range(n_per_topic)]
    counts, terms = topic_terms.term_matrix(texts)
    return topics.weigh(counts, terms.term, min_df=2, max_df=0.9)


def test_two_separated_vocabularies_give_two_pure_topics():
    X, terms = zipf_corpus((TRADE, GREETING))
    model = topics.fit_topics(X, terms, 2)
    first, second = model.labels[:40], model.labels[40:]
    assert len(set(first)) == 1 and len(set(second)) == 1 and first[0] != second[0]
    assert set(model.top_terms[first[0]]) <= set(TRADE)
    assert np.allclose(model.shares.sum(axis=1), 1)


def test_fit_is_deterministic_for_a_seed():
    X, terms = zipf_corpus((TRADE, GREETING))
    a, b = topics.fit_topics(X, terms, 3, seed=7), topics.fit_topics(X, terms, 3, seed=7)
    assert np.array_equal(a.W, b.W) and a.top_terms == b.top_terms


def test_fit_topics_refuses_more_topics_than_terms():
    X, terms = zipf_corpus((TRADE, GREETING))
    with pytest.raises(ValueError, match="cannot hold"):
        topics.fit_topics(X, terms, len(terms) + 1)


def test_representatives_put_most_weight_on_their_topic():
    X, terms = zipf_corpus((TRADE, GREETING))
    model = topics.fit_topics(X, terms, 2)
    docs = pd.DataFrame({"title": [f"doc {i}" for i in range(X.shape[0])]})
    table = topics.topic_table(docs, model, n_titles=3)
    assert table.documents.sum() == X.shape[0] and table.share.sum() == pytest.approx(1, abs=1e-3)
    for t, rows in enumerate(topics.representatives(model, 3)):
        assert (model.shares[rows, t] >= np.sort(model.shares[:, t])[-3] - 1e-12).all()


# --- stability ---------------------------------------------------------------------------------

def test_three_planted_topics_are_the_most_stable_k():
    third = ["missile", "launch", "rocket", "engine", "satellite", "test", "warhead", "range",
             "fuel", "orbit"]
    X, terms = zipf_corpus((TRADE, GREETING, third))
    summary = topic_stability.summarise_stability(
        topic_stability.stability_runs(X, terms, ks=[2, 3, 4, 5, 6], n_runs=8))
    k, reason = topic_stability.choose_k(summary)
    assert k == 3, (summary, reason)
    assert summary.set_index("k").loc[3].jaccard_mean == 1.0


def test_stability_does_not_depend_on_the_number_of_processes():
    X, terms = zipf_corpus((TRADE, GREETING))
    one = topic_stability.stability_runs(X, terms, ks=[2, 3], n_runs=4, n_jobs=1)
    two = topic_stability.stability_runs(X, terms, ks=[2, 3], n_runs=4, n_jobs=2)
    pd.testing.assert_frame_equal(one, two)


def test_racing_keeps_the_runs_of_the_full_design_and_drops_only_the_k_out_of_it():
    third = ["missile", "launch", "rocket", "engine", "satellite", "test", "warhead", "range",
             "fuel", "orbit"]
    X, terms = zipf_corpus((TRADE, GREETING, third))
    ks = [2, 3, 4, 5, 6, 8]
    full = topic_stability.stability_runs(X, terms, ks=ks, n_runs=8, first_runs=None)
    raced = topic_stability.stability_runs(X, terms, ks=ks, n_runs=8, first_runs=4)
    race = topic_stability.in_the_race(full[full.run < 4])
    assert set(race) == set(ks) and race[3] and not all(race.values()), race
    for k in ks:  # the same seeded runs: all eight for a k in the race, the first four else
        expect = full[(full.k == k) & (full.run < (8 if race[k] else 4))]
        got = raced[raced.k == k]
        pd.testing.assert_frame_equal(got.reset_index(drop=True), expect.reset_index(drop=True))
    assert (topic_stability.choose_k(topic_stability.summarise_stability(raced))[0]
            == topic_stability.choose_k(topic_stability.summarise_stability(full))[0] == 3)


def test_in_the_race_compares_bounds_of_two_standard_errors():
    runs = pd.DataFrame({"k": [5] * 4 + [10] * 4 + [15] * 4,
                         "avg_jaccard": [0.80, 0.82, 0.84, 0.86,   # mean 0.83, se 0.0129
                                         0.76, 0.78, 0.80, 0.82,   # mean 0.79: bounds overlap
                                         0.70, 0.71, 0.72, 0.73],  # mean 0.715: below
                         "jaccard": 0.5})
    assert topic_stability.in_the_race(runs) == {5: True, 10: True, 15: False}
    assert topic_stability.in_the_race(runs, z=0.5) == {5: True, 10: False, 15: False}
    one_run = runs.groupby("k").head(1)
    assert all(topic_stability.in_the_race(one_run).values())


def test_subsamples_are_eighty_percent_without_repeats_and_capped():
    samples = topic_stability.subsamples(45, n_runs=4, fraction=0.8, seed=0)
    assert all(len(s) == 36 and len(set(s)) == 36 for s in samples)
    assert not np.array_equal(samples[0], samples[1])
    assert all(len(s) == 1000 for s in topic_stability.subsamples(20_000, 2, max_docs=1000))


def test_choose_k_near_tie_goes_to_the_smaller_k():
    summary = pd.DataFrame(dict(k=[5, 10, 15], avg_jaccard_mean=[0.69, 0.70, 0.50],
                                avg_jaccard_se=[0.02, 0.02, 0.02]))
    k, reason = topic_stability.choose_k(summary)
    assert k == 5 and "near-ties" in reason
    summary.loc[0, "avg_jaccard_mean"] = 0.60   # no longer within one standard error of k=10
    assert topic_stability.choose_k(summary)[0] == 10


# --- target topics and time ----------------------------------------------------------------------

def test_target_topics_need_twice_the_corpus_share_and_five_documents():
    labels = [0] * 10 + [1] * 10 + [2] * 80 + [3] * 4
    named = [True] * 5 + [False] * 5 + [True] * 2 + [False] * 8 + [True] * 8 + [False] * 72 \
        + [True] * 4
    rule = topic_time.target_topics(labels, named).set_index("topic")
    # corpus share 19/104; topic 0 has 5/10 (lift 2.7), topic 3 4/4 but only 4 documents
    assert rule.target.tolist() == [True, False, False, False]
    assert rule.lift[0] == pytest.approx(0.5 / (19 / 104))


def test_names_target_knows_china_and_whole_words():
    texts = ["Chinese delegation", "Xi Jinping spoke", "Machinery", "Laos and Cuba", "laotian"]
    assert topic_time.names_target(texts, "China").tolist() == [True, True, False, False, False]
    assert topic_time.names_target(texts, "Laos").tolist() == [False, False, False, True, False]


def test_period_shares_are_weekly_means_and_months_for_long_spans():
    dates = ["2018-03-05", "2018-03-06", "2018-03-12", "2018-03-13"]
    shares = np.array([[1.0, 0.0], [0.0, 1.0], [0.25, 0.75], [0.0, 0.0]])
    table = topic_time.period_shares(dates, shares, "W")
    assert table[table.topic == 0].share.tolist() == [0.5, 0.25]
    assert table[table.topic == 0].documents.tolist() == [2, 1]   # the empty document left out
    assert windows.period_of(dates) == "W"
    assert windows.period_of(["2015-01-01", "2018-01-01"]) == "M"


def corpus_over_time(rise: float, seed: int = 0):
    rng = np.random.default_rng(seed)
    days = pd.date_range("2017-09-01", "2018-04-26")
    dates = np.repeat(days, 5)
    events = pd.to_datetime(["2017-10-18", "2017-11-17", "2018-01-20", "2018-03-25"])
    near = (np.abs((dates.values[:, None] - events.values[None]) / np.timedelta64(1, "D"))
            <= 3).any(axis=1)
    values = rng.beta(2, 8, len(dates)) + rise * near
    return dates, values, events, near


def test_shift_test_finds_a_planted_rise_and_not_an_absent_one():
    dates, values, events, _ = corpus_over_time(rise=0.15)
    found = topic_time.shift_test(dates, values, events, days=3)
    assert found["p_value"] < 0.01 and found["difference"] > 0.1
    dates, values, events, _ = corpus_over_time(rise=0.0)
    assert topic_time.shift_test(dates, values, events, days=3)["p_value"] > 0.05


def _shift_test_by_document(dates, values, events, days, exclude):
    """The circular-shift test taken document by document: the reference for the per-day sums."""
    dates = pd.to_datetime(pd.Series(dates))
    keep = ~np.asarray(exclude, bool)
    first, span = dates.min(), (dates.max() - dates.min()).days + 1
    day = (dates - first).dt.days.to_numpy()[keep]
    values = np.asarray(values, float)[keep]
    event_days = np.array([(pd.Timestamp(e) - first).days for e in events])
    event_days = event_days[(event_days >= 0) & (event_days < span)]
    differences = []
    for shift in range(span):
        gap = np.abs(day[:, None] - (event_days[None] + shift) % span) % span
        near = (np.minimum(gap, span - gap) <= days).any(axis=1)
        differences.append(np.nan if near.all() or not near.any()
                           else values[near].mean() - values[~near].mean())
    null = np.array(differences[1:])
    null = null[~np.isnan(null)]
    return differences[0], (1 + (null >= differences[0]).sum()) / (1 + len(null)), len(null)


@pytest.mark.parametrize("seed", range(8))
def test_shift_test_by_day_equals_the_test_document_by_document(seed):
    rng = np.random.default_rng(seed)
    days = pd.date_range("2017-09-01", periods=int(rng.integers(20, 90)))
    dates = rng.choice(days, size=int(rng.integers(30, 300)))
    values = rng.choice([0.0, 0.1, 0.5, 1.0], size=len(dates)) if seed % 2 else rng.random(
        len(dates))   # odd seeds: few distinct values, so ties among the shifts
    events = rng.choice(days, size=int(rng.integers(1, 6)), replace=False)
    exclude = rng.random(len(dates)) < 0.1
    result = topic_time.shift_test(dates, values, events, days=2, exclude=exclude)
    difference, p_value, shifts = _shift_test_by_document(dates, values, events, 2, exclude)
    assert result["difference"] == pytest.approx(difference, abs=1e-12)
    assert (result["p_value"], result["shifts"]) == (pytest.approx(p_value), shifts)


def test_shift_test_leaves_out_the_excluded_documents():
    dates, values, events, near = corpus_over_time(rise=0.0)
    reports = near & (np.arange(len(near)) % 5 == 0)   # one document a day near each event
    values = np.where(reports, 5.0, values)             # only those documents rise
    result = topic_time.shift_test(dates, values, events, days=3, exclude=reports)
    assert result["documents_near"] == near.sum() - reports.sum()
    assert result["mean_near"] < 1 and result["p_value"] > 0.05
    assert topic_time.shift_test(dates, values, events, days=3)["p_value"] < 0.01
    with pytest.raises(ValueError, match="within 3 days"):
        topic_time.shift_test(dates, values, events, days=3, exclude=near)


def test_feasible_k_leaves_out_what_a_small_corpus_cannot_hold():
    X, terms = zipf_corpus((TRADE, GREETING), n_per_topic=10)   # 20 documents
    assert topic_stability.feasible([5, 10, 15, 20, 40], X) == [5, 10, 15]
