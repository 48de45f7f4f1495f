"""The validation of tone measures on the state-media gold set: units counted once, folds by
article, intervals over clusters, baselines, and the gold table's own checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from kimxi import DataError
from kimxi.io import paths
from kimxi.run import gold_sample
from kimxi.tone import validation as tone_validation
from kimxi.tone.sentiment import THRESHOLDS, classify

ARCHIVE = paths.ROOT.parent / "shared" / "external" / "kcna_en_2017-09_2018-04.csv"
RODONG = paths.ROOT.parent / "shared" / "external" / "rodong_sinmun_en_sample.csv"


def test_the_committed_gold_set_loads_and_keeps_its_passes():
    gold = tone_validation.load_state_gold()
    assert len(gold) == 520 and set(gold.unit_type) == {"kcna_sentence", "rodong_sentence"}
    agreed = gold.pass1 == gold.pass2
    assert (gold.gold[agreed] == gold.pass1[agreed]).all()
    assert gold.adjudication_note[~agreed].str.contains(r"\bR\d+").all()


def _write(path: Path, rows: list[str]) -> Path:
    header = "unit_id,unit_type,stratum,article_id,text,pass1,pass2,gold,adjudication_note\n"
    path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("row, column, message", [
    ("u1,kcna_sentence,China,a1,Some text.,1,1,0,", "gold", "passes agree"),
    ("u1,kcna_sentence,China,a1,Some text.,1,0,1,because", "adjudication_note", "cites no rule"),
    ("u1,kcna_sentence,China,a1,Some text.,1,0,1,", "adjudication_note", "cites no rule"),
    ("u1,tweet,China,a1,Some text.,1,1,1,", "unit_type", "tweet"),
    ("u1,kcna_sentence,China,a1,Some text.,2,2,2,", "pass1", "2"),
])
def test_a_bad_gold_row_is_a_located_error(tmp_path, row, column, message):
    path = _write(tmp_path / "tone.csv", ["u0,kcna_sentence,China,a0,Fine text.,1,1,1,", row])
    with pytest.raises(DataError, match=message) as err:
        tone_validation.load_state_gold(path)
    assert err.value.row == 2 and err.value.column == column
    assert "tone.csv" in str(err.value)


def test_near_copies_link_fragments_and_near_repeats_transitively():
    units = pd.DataFrame({"unit_id": ["a", "b", "c", "d", "e"], "text": [
        "The delegation left Pyongyang by air on Friday.",
        "The trade ministers signed a new agreement on fisheries quotas.",
        "left Pyongyang by air",                                         # fragment of a
        "The delegation left Pyongyang by air on Friday",                # near-copy of a
        "Rain is expected in the northern provinces.",
    ]})
    assert tone_validation.near_copies(units).tolist() == ["a", "b", "a", "a", "e"]


def test_article_folds_keep_each_article_whole_and_use_every_fold():
    articles = [f"art-{i % 37}" for i in range(200)]
    folds = tone_validation.article_folds(articles, n_folds=10, seed=3)
    frame = pd.DataFrame({"article": articles, "fold": folds})
    assert (frame.groupby("article").fold.nunique() == 1).all()
    assert frame.fold.nunique() == 10
    assert (tone_validation.article_folds(articles, n_folds=10, seed=3) == folds).all()


def test_cluster_bootstrap_resamples_whole_clusters():
    # Cluster A: ten units read right; cluster B: ten read wrong. A resample of two clusters
    # is AA, AB or BB, so every resampled accuracy is 1, 0.5 or 0; a unit bootstrap would
    # give values in between.
    gold = np.array([1] * 10 + [1] * 10)
    pred = np.array([1] * 10 + [-1] * 10)
    table = tone_validation.cluster_agreement(gold, pred, ["A"] * 10 + ["B"] * 10,
                                              n_boot=400).set_index("metric")
    assert table.loc["accuracy", "estimate"] == 0.5
    assert table.loc["accuracy", "low"] == 0.0 and table.loc["accuracy", "high"] == 1.0
    assert table.loc["accuracy", "n_clusters"] == 2 and table.loc["accuracy", "n_units"] == 20


def test_cluster_kappa_is_cohens_kappa():
    rng = np.random.default_rng(1)
    gold, pred = rng.integers(-1, 2, 60), rng.integers(-1, 2, 60)
    table = tone_validation.cluster_agreement(gold, pred, np.arange(60) // 3, n_boot=200)
    kappa = table.set_index("metric").loc["kappa"]
    assert kappa.estimate == pytest.approx(cohen_kappa_score(gold, pred))
    assert kappa.low <= kappa.estimate <= kappa.high


def test_the_baselines_learn_nothing_but_the_majority():
    train = pd.DataFrame({"unit_id": list("abcde"), "lexicon_score": [1.0, 0.2, -0.6, 0.5, 0.0]})
    majority = tone_validation.majority_learner()(train, [0, 0, 1, -1, 0], None)
    assert majority(train)[0].tolist() == [0] * 5
    stated = tone_validation.stated_learner("lexicon")(train, [0] * 5, None)
    expected = classify(train.lexicon_score, THRESHOLDS["lexicon"]).tolist()
    assert stated(train)[0].tolist() == expected


def test_validate_holds_out_by_article_and_reports_the_nested_choice():
    rng = np.random.default_rng(0)
    gold = rng.integers(-1, 2, 60)
    train = pd.DataFrame({"unit_id": [f"u{i}" for i in range(60)], "text": "x",
                          "article_id": [f"a{i // 3}" for i in range(60)], "gold": gold,
                          "lexicon_score": gold + rng.normal(0, 0.4, 60)})
    test = train.assign(unit_id=lambda f: "t" + f.unit_id)
    candidates = {"majority class": tone_validation.majority_learner(),
                  "lexicon (stated)": tone_validation.stated_learner("lexicon")}
    figures, predictions, chosen = tone_validation.validate(train, {"other": test}, candidates,
                                                            n_folds=5, n_boot=50)
    kappa = figures[figures.metric == "kappa"].set_index(["measure", "setting"]).estimate
    assert chosen == "lexicon (stated)"
    assert kappa[("majority class", "in sample")] == 0  # one class for every unit
    # a measure that learns nothing scores the same in sample and held out
    assert kappa[("lexicon (stated)", "in sample")] == kappa[("lexicon (stated)", "held out")]
    assert kappa[(tone_validation.CHOSEN, "other")] == kappa[("lexicon (stated)", "other")]
    assert list(predictions.columns) == ["unit_id", *candidates, tone_validation.CHOSEN]


@pytest.mark.skipif(not (ARCHIVE.is_file() and RODONG.is_file()),
                    reason="the KCNA archive and the Rodong Sinmun sample are not beside the "
                           "repository")
def test_the_committed_sample_is_what_the_seed_draws(tmp_path):
    gold_sample.main([str(ARCHIVE), str(RODONG), "--out", str(tmp_path)])
    for name in ("units.csv", "coding_sheet.csv"):
        assert (tmp_path / name).read_bytes() == (gold_sample.GOLD_DIR / name).read_bytes()


def test_the_archive_is_scored_with_the_measure_notebook_05_chose():
    name, predict = tone_validation.chosen_measure()
    chosen = pd.read_csv(paths.PROCESSED / "sentiment_by_message.csv").best_measure.unique()
    assert list(chosen) == [name]
    # the committed archive features carry that measure's classes: the gold KCNA units are
    # archive sentences, and their committed class is the fitted measure's class
    features = pd.read_csv(paths.ROOT / "data" / "kcna" / "sentence_features.csv")
    gold = tone_validation.load_state_gold()
    kcna = gold[gold.unit_type == "kcna_sentence"]
    from kimxi.tone import sentiment

    units = kcna[["unit_id", "text"]].merge(sentiment.score_all(kcna[["unit_id", "text"]]),
                                            on="unit_id")
    classes, _ = predict(units)
    committed = features.set_index("sentence_id").measure_class.reindex(units.unit_id)
    assert (committed.to_numpy() == classes).mean() > 0.99


def test_genre_profile_counts_the_measure_classes():
    from kimxi.archive import coverage

    articles = pd.DataFrame({"id": ["a", "b"], "genre": ["leader message", "other"],
                             "n_words": [10, 20]})
    features = pd.DataFrame({"id": ["a", "a", "a", "b"], "measure_class": [1, 1, -1, 0]})
    profile = coverage.genre_profile(articles, features).set_index("genre")
    assert profile.loc["leader message", "cooperative_share"] == round(2 / 3, 3)
    assert profile.loc["leader message", "conflictual_share"] == round(1 / 3, 3)
    assert profile.loc["other", "cooperative_share"] == 0


def _synthetic_validation():
    rng = np.random.default_rng(1)
    gold = rng.integers(-1, 2, 60)
    train = pd.DataFrame({"unit_id": [f"u{i}" for i in range(60)], "text": "x",
                          "article_id": [f"a{i // 3}" for i in range(60)], "gold": gold,
                          "lexicon_score": gold + rng.normal(0, 0.4, 60),
                          "vader_compound": rng.normal(0, 1, 60)})
    candidates = {"majority class": tone_validation.majority_learner(),
                  "vader (stated)": tone_validation.stated_learner("vader"),
                  "lexicon (stated)": tone_validation.stated_learner("lexicon")}
    return train, tone_validation.validate(train, {"other": train}, candidates, n_folds=5,
                                           n_boot=20)


def test_the_validation_read_back_is_the_one_computed(tmp_path):
    # What another corpus's run reads is what validate returned: the same held-out classes
    # (in the order of the units it is given) and the same choice, made again from them.
    from kimxi.io import processed
    from kimxi.tone import validation_tables

    train, (figures, predictions, chosen) = _synthetic_validation()
    processed.write({tmp_path / validation_tables.FIGURES: figures,
                     tmp_path / validation_tables.HELDOUT:
                         validation_tables.heldout_table(predictions)})
    shuffled = train.sample(frac=1, random_state=3)
    read_figures, read_predictions, read_chosen = validation_tables.read(tmp_path, shuffled)
    assert read_chosen == chosen
    assert list(read_predictions.columns) == list(predictions.columns)
    expected = predictions.set_index("unit_id").loc[shuffled.unit_id].reset_index()
    pd.testing.assert_frame_equal(read_predictions, expected, check_dtype=False)
    assert len(read_figures) == len(figures)
    assert np.allclose(read_figures.estimate, figures.estimate, equal_nan=True)
    # a gold set that changed since the tables were written is a located error, not a
    # validation of other units
    with pytest.raises(DataError, match=r"sentiment_heldout\.csv.*column unit_id.*u60"):
        validation_tables.read(tmp_path, pd.concat([train, train.tail(1).assign(
            unit_id="u60")]))


def test_the_committed_validation_reads_back_with_the_committed_choice():
    # The committed held-out table and the committed scores name the same chosen measure.
    from kimxi.tone import sentiment, validation_tables

    state = tone_validation.load_state_gold()
    state = tone_validation.prepare(state, sentiment.score_all(state[["unit_id", "text"]]))
    kcna = tone_validation.counted_once(state[state.unit_type == "kcna_sentence"])
    figures, predictions, chosen = validation_tables.read(paths.PROCESSED, kcna)
    scores = pd.read_csv(paths.PROCESSED / "sentiment_scores.csv")
    assert list(scores.best_measure.unique()) == [chosen]
    assert len(predictions) == len(kcna) and predictions.notna().all().all()
    assert set(figures.measure) == set(predictions.columns) - {"unit_id"}
