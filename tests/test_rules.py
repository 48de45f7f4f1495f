"""The archive's rules: country mentions and genres, on crafted strings and on the hand checks.

The thresholds below were set when the held-out check was drawn, before its labels were
seen; they fail if a change to the rules loses ground on either sample.
"""

from __future__ import annotations

import pytest

from kimxi import archive_tables, genre, mentions, rulecheck
from kimxi.paths import DATA

HANDCHECK = DATA / "kcna" / "handcheck"


@pytest.mark.parametrize(("text", "expected"), [
    ("The DPRK-PRC friendship", {"china"}),
    ("the DPRK delegation", set()),
    ("Koreans in China held a meeting", {"china"}),
    ("Sino-DPRK ties", {"china"}),
    ("Latin America and South America", set()),
    ("the U.S. imperialists and American troops", {"us"}),
    ("the south Korean puppet authorities in Seoul", {"rok"}),
    ("a puppet show for children", set()),
    ("Tokyo and the Abe group", {"japan"}),
    ("the Soviet Union", set()),
    ("President Putin of the Russian Federation", {"russia"}),
])
def test_focus_mentions(text, expected):
    found = {key for key, hit in mentions.focus_mentions(text).items() if hit}
    assert found == expected


def test_other_countries_take_the_longest_name():
    text = "Greetings to the President of Equatorial Guinea and the Premier of Guinea-Bissau"
    assert mentions.other_countries(text) == ["Equatorial Guinea", "Guinea-Bissau"]
    assert mentions.other_countries("a Polish delegation") == ["Poland"]
    assert mentions.other_countries("the floor needs a polish") == []


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Greetings to Kim Jong Un from Lao President", "", ("leader message", "message_title")),
    ("Congratulations to Swiss FM", "", ("other", "none")),
    ("Letter to Kim Jong Un from Koreans in China", "", ("other", "none")),
    ("Kim Jong Un Visits Modernized Ryuwon Footwear Factory", "", ("other", "none")),
    ("Special Envoy of Xi Jinping Here", "", ("visit or talks", "visit_title")),
    ("KCNA Commentary Terms Trump Nuclear Fanatic", "",
     ("commentary or article", "commentary_title")),
    ("Peace Is Guaranteed", "Pyongyang, October 21 (KCNA) -- Rodong Sinmun Saturday says in "
     "a signed article that peace is guaranteed.", ("commentary or article", "commentary_lead")),
])
def test_genre_rules(title, text, expected):
    assert genre.classify(title, text) == expected


@pytest.fixture(scope="module")
def articles():
    return archive_tables.load_built(names=("articles.csv",))["articles.csv"]


@pytest.fixture(scope="module")
def samples():
    return {"first": rulecheck.load_hand_labels(),
            "heldout": rulecheck.load_hand_labels(HANDCHECK / "heldout_labels.csv",
                                                  HANDCHECK / "heldout_sample.csv")}


def test_the_hand_checks_cover_their_samples(samples):
    assert len(samples["first"]) == 177 and len(samples["heldout"]) == 60
    assert samples["first"].drawn_as.notna().all() and samples["heldout"].drawn_as.notna().all()
    assert not set(samples["first"].id) & set(samples["heldout"].id)


def test_country_rules_agree_with_both_hand_checks(articles, samples):
    for name, hand in samples.items():
        table = rulecheck.mention_agreement(articles, hand)
        assert (table.disagree <= 1).all(), (name, table)


def test_genre_rules_agree_with_the_hand_checks(articles, samples):
    first = rulecheck.genre_agreement(articles, samples["first"])
    heldout = rulecheck.genre_agreement(articles, samples["heldout"])
    assert first["accuracy"] >= 0.95
    assert heldout["accuracy"] >= 0.70 and heldout["kappa"] >= 0.5
    # The leader-message rule, on which the genre baseline rests: hand positives found, and
    # nothing else called a leader message.
    confusion = first["confusion"]
    assert confusion.loc["leader message", "leader message"] >= 33
    assert confusion["leader message"].sum() == confusion.loc["leader message", "leader message"]
