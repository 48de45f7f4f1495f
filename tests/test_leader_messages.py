"""The genre's table: extraction rules on crafted text and against the hand check; the
comparisons' statistics on cases worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kimxi.archive import mentions, tables as archive_tables
from kimxi.genre import compare as genre_compare, leader_messages
from kimxi.io.paths import DATA
from kimxi.record import messages


@pytest.fixture(scope="module")
def table():
    built = archive_tables.load_built(names=("articles.csv", "sentences.csv",
                                             "sentence_features.csv"))
    return leader_messages.message_table(built["articles.csv"], built["sentences.csv"],
                                         built["sentence_features.csv"])


@pytest.mark.parametrize(("title", "expected"), [
    ("Greetings to Kim Jong Un from Lao President", "to DPRK"),
    ("Reply Message to Kim Jong Un from Xi Jinping", "to DPRK"),
    ("Kim Jong Un Receives Message from Leader of Malian Political Party", "to DPRK"),
    ("Kim Jong Un Sends Congratulatory Message to Xi Jinping", "from DPRK"),
    ("Greetings to Tajikistani President", "from DPRK"),
])
def test_direction(title, expected):
    assert leader_messages.direction(title) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Greetings to Kim Jong Un from Mexican Party Leader", "party"),
    ("Kim Yong Nam Greets Nepalese President", "head of state"),
    ("Congratulations to Premier of China", "head of government"),
    ("WPK Central Committee Greets Congress of Mozambique Liberation Front Party", "party"),
])
def test_foreign_office(title, expected):
    assert leader_messages.foreign_office(title) == expected


def test_occasion_and_day_sent():
    text = ("Kim Jong Un, chairman of the State Affairs Commission, received a reply message "
            "from Xi Jinping on Mar. 23.")
    assert leader_messages.occasion("Reply Message to Kim Jong Un from Xi Jinping", text) == \
        "reply"
    assert leader_messages.date_sent(text, "2018-04-05") == "2018-03-23"
    first = "Kim Jong Un sent a congratulatory message to Xi Jinping, Saturday."
    assert leader_messages.date_sent(first, "2018-03-18", first) == "2018-03-17"
    # A December day named in January belongs to the year before.
    assert leader_messages.date_sent("sent on December 30.", "2018-01-02") == "2017-12-30"
    assert leader_messages.occasion("Greetings", "on the 69th founding anniversary, the "
                                                 "birthday of the DPRK") == "national day"


def test_the_table_covers_the_genre_and_the_record(table):
    assert len(table) >= 90
    assert table.id.is_unique
    texts = messages.load_message_texts()
    mine = texts[(texts.role == "message") & (texts.kcna_id != "")].kcna_id
    assert set(mine) <= set(table.id)
    row = table.set_index("id").loc["kcna-20171026-01"]
    # By hand from kcna-20171026-01: sent on Wednesday 25 Oct, Xi's reply (1 Nov) in 7 days.
    assert (row.direction, row.date_sent, row.answered_by, row.answer_days) == (
        "from DPRK", "2017-10-25", "kcna-20171102-01", 7)


def test_the_extraction_agrees_with_the_hand_check(table):
    hand = pd.read_csv(DATA / "kcna" / "handcheck" / "messages_labels.csv", dtype=str,
                       keep_default_na=False)
    check = leader_messages.agreement(table, hand, list(leader_messages.load_formulae()))
    share = check.set_index("field").share
    assert share["direction"] == share["dprk_party"] == 1.0
    assert share["foreign_country"] >= 0.95 and share["date_sent"] >= 0.9
    assert share["occasion"] >= 0.9 and share["foreign_office"] >= 0.85
    assert share.iloc[-1] >= 0.95  # the formulae, pooled


def test_wilson_interval_worked_by_hand():
    low, high = genre_compare.wilson(0, 6)
    assert low == pytest.approx(0, abs=1e-12) and high == pytest.approx(0.3903, abs=1e-4)
    low, high = genre_compare.wilson(3, 6)
    assert (low, high) == pytest.approx((0.1876, 0.8124), abs=1e-4)


def test_permutation_test_and_percentile():
    same = genre_compare.permutation_test([1, 2, 3], [1, 2, 3], n=999)
    assert same["difference"] == 0 and same["p_value"] == 1.0
    apart = genre_compare.permutation_test(np.arange(10) + 100, np.arange(10), n=999)
    assert apart["p_value"] == pytest.approx(1 / 1000)
    assert genre_compare.percentile(5, [1, 5, 9, 10]) == pytest.approx(37.5)


def test_permutation_p_value_is_that_of_the_plain_loop_of_shuffles():
    def loop(a, b, n, seed):  # the textbook loop: shuffle, split, compare
        pooled = np.concatenate([a, b])
        observed = a.mean() - b.mean()
        rng = np.random.default_rng(seed)
        hits = 0
        for _ in range(n):
            rng.shuffle(pooled)
            hits += abs(pooled[:len(a)].mean() - pooled[len(a):].mean()) >= abs(observed) - 1e-12
        return (hits + 1) / (n + 1)
    rng = np.random.default_rng(3)
    for trial in range(12):
        a = rng.integers(0, 300, rng.integers(2, 30)).astype(float)
        b = np.concatenate([a, a]) if trial % 3 == 0 else rng.normal(150, 80, rng.integers(2, 90))
        assert genre_compare.permutation_test(a, b, n=500, seed=trial)["p_value"] == \
            loop(a, b, 500, trial)


def test_bootstrap_difference_brackets_a_known_shift():
    rng = np.random.default_rng(1)
    a = rng.normal(10, 1, 200)
    low, high = genre_compare.bootstrap_difference(a + 5, a, seed=0)
    assert low < 5 < high and high - low < 1
    assert genre_compare.bootstrap_difference([3, 3, 3], [3, 3]) == (0.0, 0.0)


def test_a_reply_answers_only_a_message_whose_occasion_and_ordinal_it_names():
    rows = [  # Kim greets Assad twice; Assad replies once to each, the second reply first
        dict(id="m1", date="2018-03-08", date_sent="2018-03-08", direction="from DPRK",
             occasion="national day", foreign_country="Syria", dprk_party="Kim Jong Un",
             reply_names="national day", ordinals="55"),
        dict(id="r1", date="2018-03-10", date_sent="2018-03-08", direction="to DPRK",
             occasion="reply", foreign_country="Syria", dprk_party="Kim Jong Un",
             reply_names="national day", ordinals="55"),
        dict(id="m2", date="2018-04-17", date_sent="2018-04-17", direction="from DPRK",
             occasion="national day", foreign_country="Syria", dprk_party="Kim Jong Un",
             reply_names="national day", ordinals="72"),
        dict(id="b1", date="2018-03-20", date_sent="2018-03-20", direction="from DPRK",
             occasion="birthday", foreign_country="Syria", dprk_party="Kim Jong Un",
             reply_names="birthday", ordinals="52"),
        dict(id="r2", date="2018-04-19", date_sent="2018-04-18", direction="to DPRK",
             occasion="reply", foreign_country="Syria", dprk_party="Kim Jong Un",
             reply_names="national day", ordinals="72"),
    ]
    table = pd.DataFrame(rows)
    articles = pd.DataFrame({"id": table.id, "other_countries": "Syria",
                             **{k: False for k in mentions.FOCUS}})
    paired = leader_messages.answers(table, articles).set_index("id")
    assert (paired.loc["m1", "answered_by"], paired.loc["m1", "answer_days"]) == ("r1", 0)
    assert paired.loc["m2", "answered_by"] == "r2"      # not r1: another anniversary
    assert paired.loc["b1", "answered_by"] == ""        # no reply names a birthday
    days, replies = leader_messages.reply_time(paired.reset_index())
    assert (days, replies) == (0.5, 2)


def test_a_pairing_the_hand_check_rejected_gives_way_to_the_next_reply():
    rows = [
        dict(id="m1", date="2017-10-10", date_sent="2017-10-10", direction="to DPRK",
             occasion="national day", foreign_country="Palestine", dprk_party="Kim Jong Un",
             reply_names="national day", ordinals=""),
        dict(id="r1", date="2017-10-10", date_sent="2017-10-10", direction="from DPRK",
             occasion="reply", foreign_country="Palestine", dprk_party="Kim Jong Un",
             reply_names="national day", ordinals=""),
        dict(id="r2", date="2017-11-10", date_sent="2017-11-10", direction="from DPRK",
             occasion="reply", foreign_country="Palestine", dprk_party="Kim Jong Un",
             reply_names="national day", ordinals=""),
    ]
    table = pd.DataFrame(rows)
    articles = pd.DataFrame({"id": table.id, "other_countries": "Palestine",
                             **{k: False for k in mentions.FOCUS}})
    assert leader_messages.answers(table, articles, rejected=set()).set_index(
        "id").loc["m1", "answered_by"] == "r1"
    paired = leader_messages.answers(table, articles, rejected={("m1", "r1")}).set_index("id")
    assert (paired.loc["m1", "answered_by"], paired.loc["m1", "answer_days"]) == ("r2", 31)

