"""What a user types as a target finds the sentences that name it."""

from __future__ import annotations

import pytest

from kimxi.corpus import targets
from kimxi.topics.over_time import names_target

SENTENCES = [
    "The U.S. imperialists staged drills.",
    "The US is to blame, the statement said.",
    "The United States must drop its hostile policy.",
    "American warmongers are running amok.",
    "He told us about the harvest.",           # the pronoun, not the country
    "A delegation left for China.",
    "The Chinese ambassador was present.",
    "Nothing foreign here.",
]


@pytest.mark.parametrize("typed", ["U.S.", "US", "United States", "united states", "USA",
                                   "u.s.", "America", "American"])
def test_every_spelling_of_the_united_states_selects_the_same_sentences(typed):
    assert targets.resolve(typed).name == "United States"
    assert names_target(SENTENCES, typed).tolist() == [True, True, True, True, False,
                                                        False, False, False]


@pytest.mark.parametrize("typed", ["China", "Chinese", "PRC", "Beijing", "china"])
def test_the_spellings_of_china(typed):
    assert targets.resolve(typed).name == "China"
    assert names_target(SENTENCES, typed).tolist() == [False] * 5 + [True, True, False]


def test_an_unknown_target_is_its_own_words_with_their_punctuation():
    target = targets.resolve("U.N.")
    assert target not in targets.KNOWN
    found = names_target(["The U.N. Security Council met.", "UN envoys", "Unite the U.N.s"],
                         "U.N.")
    assert found.tolist() == [True, False, False]
    assert names_target(["The Harvest Festival", "a harvester"], "harvest").tolist() == [
        True, False]


def test_spans_locate_every_mention():
    text = "China and the Chinese side met in Beijing."
    found = targets.spans(text, targets.resolve("China"))
    assert [text[a:b] for a, b in found] == ["China", "Chinese", "Beijing"]


def test_a_rare_or_unknown_target_warns_with_the_count_and_the_nearest_names():
    message = targets.count_warning("Chna", targets.resolve("Chna"), 0)
    assert "only 0 sentences" in message and "China" in message
    rare = targets.count_warning("US", targets.resolve("US"), 7)
    assert "only 7 sentences" in rare and "'United States'" in rare
    assert targets.count_warning("US", targets.resolve("US"), targets.MIN_SENTENCES) is None


def test_an_empty_target_is_refused():
    with pytest.raises(ValueError, match="may not be empty"):
        targets.resolve("  ")
