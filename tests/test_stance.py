"""Stance toward a target: roles by stated rules, the window the measures read, the place rule,
the validation's settings, and the per-sentence table of a corpus."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kimxi.corpus import targets
from kimxi.tone import stance

CHINA = targets.resolve("China")


@pytest.mark.parametrize("text, role", [
    ("Beijing, May 3 (KCNA) -- The Chinese side expressed support for the DPRK.", "actor"),
    ("Xi Jinping sent a message of greeting.", "actor"),
    ("He sent a message of thanks to the Chinese party and government.", "recipient"),
    ("The General Association of Koreans in China denounced Japan.", "place"),
    ("A delegation left for China on Friday.", "place"),
    ("A forum was held in Beijing and in Moscow.", "place"),
    ("Delegations of Cuba, China and Laos attended the festival.", "mention"),
    ("The US sanctions on the DPRK are illegal.", ""),
])
def test_the_role_rules(text, role):
    assert stance.sentence_role(text, CHINA) == role


def test_a_place_and_an_actor_mention_make_an_actor():
    text = "China said at a forum in Beijing that it supports the talks."
    assert stance.sentence_role(text, CHINA) == "actor"


def test_the_window_marks_the_target_and_keeps_its_neighbours():
    words = " ".join(f"w{i}" for i in range(20))
    text = f"{words} China {words}"
    found = stance.window(text, CHINA, width=3)
    assert found == "w17 w18 w19 TARGET w0 w1 w2"
    assert stance.window("No target here at all.", CHINA) == "No target here at all."


def _units(n=60):
    """A synthetic gold set: favourable, unfavourable and place sentences, in 12 articles and
    3 periods; the tone measure agrees with the gold except on place sentences."""
    rng = np.random.default_rng(0)
    kinds = [("Thanks were extended to the Chinese people for their warm support.", 1, 1),
             ("Some Chinese media spout reckless remarks hurting the DPRK.", -1, -1),
             ("Koreans in China denounced the US imperialists.", 0, -1),
             ("China, Cuba and Laos were named in the report.", 0, 0)]
    rows = []
    for i in range(n):
        text, gold, tone = kinds[i % 4]
        rows.append({"unit_id": f"u{i}", "text": text + f" ({rng.integers(1000)})",
                     "gold": gold, "article_id": f"a{i % 12}", "period": f"p{i % 3}",
                     "measure_class": tone, "measure_score": float(tone)})
    units = pd.DataFrame(rows)
    return units, stance.features(units, CHINA, units[["measure_class", "measure_score"]])


def test_the_place_rule_sets_place_only_sentences_to_no_stance():
    units, feats = _units()
    labels = units["gold"].to_numpy()
    classes, _ = stance.place_rule(stance.tone_learner())(feats, labels, None)(feats)
    place = feats["place_only"].to_numpy()
    assert place.any() and (classes[place] == 0).all()
    assert (classes[~place] == units["measure_class"].to_numpy()[~place]).all()


def test_validation_holds_out_by_article_and_by_period_and_names_the_choice():
    units, feats = _units()
    chosen_set = {k: v for k, v in stance.measures().items()
                  if k in ("majority class", "tone measure", "tone measure + place rule")}
    figures, held, chosen = stance.validate(units, feats, chosen_set, n_boot=50)
    settings = set(figures.setting)
    assert {"in sample", "held out by article", "held out by period"} <= settings
    assert {"period p0", "period p1", "period p2"} <= settings
    # the place rule fixes exactly the tone measure's error, so the rule picks it
    assert chosen == "tone measure + place rule"
    kappa = figures[(figures.metric == "kappa") & (figures.setting == "held out by article")]
    kappa = kappa.set_index("measure").estimate
    assert kappa[stance.CHOSEN] == pytest.approx(1.0) and kappa["majority class"] == 0
    assert list(held.columns) == ["unit_id", *chosen_set, stance.CHOSEN]


def test_the_stance_table_locates_every_sentence_in_its_document():
    parts = {"d1": ["The Chinese side sent greetings.", "The weather was fine."],
             "d2": ["Koreans in China met.", "Thanks to the U.S. were not given."]}
    docs = {doc: " ".join(texts) for doc, texts in parts.items()}
    rows = []
    for doc, texts in parts.items():
        for k, sentence in enumerate(texts):
            start = docs[doc].index(sentence)
            rows.append({"sentence_id": f"{doc}-s{k}", "article_id": doc, "start": start,
                         "end": start + len(sentence), "text": sentence})
    sentences = pd.DataFrame(rows)
    tone = pd.DataFrame({"measure_class": [1, 0, -1, 0], "measure_score": [0.5, 0, -0.5, 0]})

    def predict(feats):
        return np.ones(len(feats), dtype=int), np.ones(len(feats))

    table = stance.stance_table(sentences, "China", tone, predict, "test")
    assert table.sentence_id.tolist() == ["d1-s0", "d2-s0"]
    for row in table.itertuples():
        assert docs[row.document_id][row.start:row.end] == row.text
    assert table.role.tolist() == ["actor", "place"] and table.tone.tolist() == [1, -1]
    assert set(table.target) == {"China"}
    us = stance.stance_table(sentences, "U.S.", tone, predict, "test")
    assert us.sentence_id.tolist() == ["d2-s1"] and set(us.target) == {"United States"}
    assert stance.stance_table(sentences, "Nowhere", tone, predict, "test").empty


def test_period_stance_leaves_places_apart_and_marks_thin_periods():
    table = pd.DataFrame({
        "document_id": ["a", "a", "b", "c", "c"] + [f"d{i}" for i in range(12)],
        "role": ["actor", "place", "recipient", "mention", "place"] + ["actor"] * 12,
        "stance": [1, 0, -1, 1, 0] + [1] * 6 + [0] * 6})
    dates = pd.Series({"a": "2018-01-01", "b": "2018-01-02", "c": "2018-01-03",
                       **{f"d{i}": "2018-01-10" for i in range(12)}})
    weeks = stance.period_stance(table, dates, "W", n_boot=50).set_index("period")
    first, second = weeks.iloc[0], weeks.iloc[1]
    assert (first.sentences, first.place_only, first.documents) == (3, 2, 3)
    assert first.stance_mean == pytest.approx(1 / 3, abs=1e-4) and first.few
    assert second.sentences == 12 and not second.few and second.favourable == 0.5


def test_intercoder_and_role_agreement():
    gold = pd.DataFrame({"pass1": [1, 0, -1, 0, 1, 0], "pass2": [1, 0, -1, 1, 1, 0],
                         "article_id": list("aabbcc"), "mention": ["named"] * 4 + ["veiled"] * 2})
    table = stance.intercoder(gold, by="mention", n_boot=50)
    assert table.loc["all", "agree"] == 5 and table.loc["veiled", "kappa"] == 1.0
    roles = stance.role_agreement(pd.Series(["actor", "place", "place"]),
                                  pd.Series(["actor", "place", "mention"]))
    assert roles.loc["place", "agree"] == 0.5 and roles.loc["actor", "agree"] == 1.0


def test_the_gold_sets_readme_states_what_its_files_hold():
    from kimxi.io import paths

    folder = paths.DATA / "gold" / "stance"
    readme = " ".join((folder / "README.md").read_text(encoding="utf-8").split())
    gold = stance.load_gold(folder)
    units = pd.read_csv(folder / "units.csv")
    p1 = pd.read_csv(folder / "pass1.csv").set_index("unit_id")
    p2 = pd.read_csv(folder / "pass2.csv").set_index("unit_id").reindex(p1.index)
    split = (p1.stance != p2.stance) | (p1.role != p2.role)
    counts = gold.gold.value_counts()
    unfavourable = gold[gold.gold == -1]
    stated = [
        f"agreed on the stance of {(p1.stance == p2.stance).sum()} of the {len(gold)} units",
        f"on the role of {(p1.role == p2.role).sum()}",
        f"The {split.sum()} units on which the passes disagreed",
        f"{counts[1]} favourable, {counts[0]} no-stance and {counts[-1]} unfavourable units",
        f"{(unfavourable.mention == 'named').sum()} of the unfavourable name China",
        f"{len(units)} sentences about China",
    ]
    missing = [s for s in stated if s not in readme]
    assert not missing, missing
    adjudicated = pd.read_csv(folder / "adjudication.csv")
    assert set(adjudicated.unit_id) == set(p1.index[split])
