"""Agreement figures, bootstrap intervals, threshold tuning and held-out evaluation.

Known answers are worked out by hand on small synthetic label sets; the
vectorised bootstrap is checked against scikit-learn and scipy computed
independently on the same resamples.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score

from kimxi import DataError
from kimxi.plots import evaluate as evaluate_plot
from kimxi.tone import crossfit, evaluate, learners
from kimxi.tone.sentiment import classify

GOLD = [1, 1, 0, 0, -1, -1]
PRED = [1, 0, 0, 0, -1, 1]


def test_agreement_known_answer():
    m = evaluate.agreement(GOLD, PRED)
    assert m["n"] == 6
    assert m["accuracy"] == pytest.approx(4 / 6)
    # po = 2/3; marginals gold (2,2,2), pred (1,3,2): pe = (2+6+4)/36 = 1/3
    assert m["kappa"] == pytest.approx(0.5)
    # F1 per class: -1: 2/3, 0: 4/5, 1: 1/2
    assert m["macro_f1"] == pytest.approx((2 / 3 + 4 / 5 + 1 / 2) / 3)
    assert m["precision_conflictual"] == 1.0
    assert m["recall_conflictual"] == 0.5
    assert m["precision_neutral"] == pytest.approx(2 / 3)
    assert m["recall_neutral"] == 1.0
    assert m["precision_cooperative"] == 0.5
    assert m["recall_cooperative"] == 0.5


def test_perfect_and_opposite_agreement():
    perfect = evaluate.agreement(GOLD, GOLD)
    assert perfect["accuracy"] == perfect["kappa"] == perfect["macro_f1"] == 1.0
    assert perfect["spearman"] == pytest.approx(1.0)
    flipped = evaluate.agreement(GOLD, [-g for g in GOLD])
    assert flipped["accuracy"] == pytest.approx(2 / 6)
    # po = 2/6 (the neutrals), pe = 12/36: kappa exactly 0
    assert flipped["kappa"] == pytest.approx(0.0)
    # no neutrals, every pole swapped: po = 0, pe = 1/2, kappa = -1
    assert evaluate.agreement([1, -1, 1, -1], [-1, 1, -1, 1])["kappa"] == pytest.approx(-1.0)
    assert flipped["spearman"] == pytest.approx(-1.0)


def test_spearman_uses_the_continuous_score_when_given():
    score = [0.9, 0.8, 0.1, -0.1, -0.5, -0.7]        # perfectly ordered with gold
    m = evaluate.agreement(GOLD, PRED, score)
    assert m["spearman"] == pytest.approx(stats.spearmanr(GOLD, score).statistic)
    assert m["spearman"] > evaluate.agreement(GOLD, PRED)["spearman"]


def test_undefined_figures_are_nan_not_zero():
    m = evaluate.agreement([0, 0, 0], [0, 0, 0])
    assert np.isnan(m["kappa"])
    assert np.isnan(m["precision_cooperative"])   # never predicted
    assert np.isnan(m["spearman"])                 # constant


def test_confusion_has_all_classes_in_fixed_order():
    table = evaluate.confusion(GOLD, PRED)
    assert list(table.index) == ["conflictual", "neutral", "cooperative"]
    assert table.loc["conflictual", "cooperative"] == 1
    assert table.loc["cooperative", "neutral"] == 1
    assert int(table.to_numpy().sum()) == 6
    assert int(np.trace(table.to_numpy())) == 4


def test_labels_are_checked():
    with pytest.raises(ValueError, match="labels"):
        evaluate.agreement([0, 2], [0, 1])
    with pytest.raises(ValueError, match="units"):
        evaluate.agreement([0, 1], [0])


def test_vectorised_metrics_match_sklearn_on_random_labels():
    rng = np.random.default_rng(1)
    for _ in range(200):
        n = int(rng.integers(2, 40))
        gold = rng.integers(-1, 2, n)
        pred = np.where(rng.random(n) < 0.6, gold, rng.integers(-1, 2, n))
        conf = evaluate.confusions(gold, pred, np.arange(n)[None, :])
        got = evaluate.metrics_from_confusions(conf)
        assert got["accuracy"][0] == pytest.approx(accuracy_score(gold, pred))
        assert got["macro_f1"][0] == pytest.approx(
            f1_score(gold, pred, average="macro", zero_division=0))
        if len(set(gold) | set(pred)) > 1:
            assert got["kappa"][0] == pytest.approx(cohen_kappa_score(gold, pred))


def test_row_spearman_matches_scipy():
    rng = np.random.default_rng(2)
    x = rng.integers(-1, 2, (50, 30)).astype(float)
    y = np.round(x + rng.normal(0, 1, (50, 30)), 1)
    got = evaluate._spearman_rows(x, y)
    want = [stats.spearmanr(a, b).statistic for a, b in zip(x, y, strict=True)]
    assert got == pytest.approx(want)


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    rng = np.random.default_rng(3)
    gold = rng.integers(-1, 2, 80)
    pred = np.where(rng.random(80) < 0.7, gold, rng.integers(-1, 2, 80))
    a = evaluate.bootstrap_agreement(gold, pred, n_boot=1000, seed=7)
    b = evaluate.bootstrap_agreement(gold, pred, n_boot=1000, seed=7)
    c = evaluate.bootstrap_agreement(gold, pred, n_boot=1000, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not a["low"].equals(c["low"])
    main = a.set_index("metric").loc[["accuracy", "macro_f1", "kappa", "spearman"]]
    assert (main["low"] <= main["estimate"]).all()
    assert (main["estimate"] <= main["high"]).all()
    assert (main["high"] - main["low"] > 0.05).all()      # 80 units: real uncertainty
    assert (main["n_valid"] == 1000).all()


def test_bootstrap_of_perfect_agreement_is_a_point():
    table = evaluate.bootstrap_agreement(GOLD * 5, GOLD * 5, n_boot=1000).set_index("metric")
    assert table.loc["accuracy", "low"] == table.loc["accuracy", "high"] == 1.0
    assert table.loc["macro_f1", "low"] == 1.0


def test_bootstrap_interval_narrows_with_more_units():
    rng = np.random.default_rng(4)

    def width(n):
        gold = rng.integers(-1, 2, n)
        pred = np.where(rng.random(n) < 0.6, gold, rng.integers(-1, 2, n))
        row = evaluate.bootstrap_agreement(gold, pred, n_boot=1000).set_index("metric")
        return row.loc["kappa", "high"] - row.loc["kappa", "low"]

    assert width(1000) < width(40) / 2


def test_bootstrap_resamples_match_sklearn_figure_by_figure():
    rng = np.random.default_rng(5)
    gold = rng.integers(-1, 2, 25)
    pred = np.where(rng.random(25) < 0.5, gold, rng.integers(-1, 2, 25))
    idx = evaluate.bootstrap_indices(25, n_boot=30, seed=11)
    boot = evaluate.metrics_from_confusions(evaluate.confusions(gold, pred, idx))
    for b, row in enumerate(idx):
        assert boot["accuracy"][b] == pytest.approx(accuracy_score(gold[row], pred[row]))


# -- thresholds -------------------------------------------------------------------------

def synthetic(band: float, n: int = 60, seed: int = 0):
    """Scores in -1..1 whose gold class is the sign outside a neutral band of width ``band``."""
    rng = np.random.default_rng(seed)
    score = np.round(rng.uniform(-1, 1, n), 3)
    gold = np.where(score >= band, 1, np.where(score <= -band, -1, 0))
    return gold, score


GRID = (0.1, 0.2, 0.3, 0.4, 0.5)


def test_sweep_and_tuning_recover_the_generating_band():
    gold, score = synthetic(0.3)
    sweep = evaluate.threshold_sweep(gold, score, GRID, classify)
    assert list(sweep["threshold"]) == list(GRID)
    best = sweep.loc[sweep["kappa"].idxmax()]
    assert best["threshold"] == 0.3 and best["kappa"] == 1.0
    shares = sweep[["share_cooperative", "share_neutral", "share_conflictual"]].sum(axis=1)
    assert list(shares) == pytest.approx([1.0] * len(GRID))
    # a higher threshold calls more units neutral
    assert sweep["share_neutral"].is_monotonic_increasing
    assert evaluate.tune_threshold(gold, score, GRID, classify) == 0.3


def test_tuning_ties_go_to_the_stated_threshold():
    gold = np.array([1, 0, -1])
    score = np.array([0.9, 0.0, -0.9])                     # every threshold below 0.9 is perfect
    assert evaluate.tune_threshold(gold, score, GRID, classify, prefer=0.4) == 0.4
    assert evaluate.tune_threshold(gold, score, GRID, classify) == 0.1


def test_held_out_thresholds_come_from_the_other_group_only():
    gold_a, score_a = synthetic(0.2, seed=1)
    gold_b, score_b = synthetic(0.4, seed=2)
    gold = np.concatenate([gold_a, gold_b])
    score = np.concatenate([score_a, score_b])
    groups = ["a"] * len(gold_a) + ["b"] * len(gold_b)
    out = evaluate.held_out_classes(gold, score, groups, GRID, classify)
    assert list(out["group"]) == groups
    # group a is classified with b's best threshold and vice versa
    assert set(out.loc[out["group"] == "a", "threshold"]) == {0.4}
    assert set(out.loc[out["group"] == "b", "threshold"]) == {0.2}
    assert list(out["pred"][:len(gold_a)]) == list(classify(score_a, 0.4))
    # held out is worse than in sample here, by construction
    in_sample = evaluate.agreement(gold_a, classify(score_a, 0.2))["kappa"]
    held = evaluate.agreement(gold_a, out["pred"][:len(gold_a)])["kappa"]
    assert held < in_sample == 1.0


def test_held_out_needs_two_groups():
    with pytest.raises(ValueError, match="two groups"):
        evaluate.held_out_classes([0, 1], [0.0, 0.5], ["a", "a"], GRID, classify)


# -- coders and errors ------------------------------------------------------------------

def test_intercoder_kappa_known_answer():
    out = evaluate.intercoder(GOLD, PRED, n_boot=1000)
    assert out["kappa"] == pytest.approx(0.5)
    assert out["agreement"] == pytest.approx(4 / 6)
    assert out["disagreements"] == 2
    assert out["kappa_low"] <= 0.5 <= out["kappa_high"]
    assert evaluate.intercoder(GOLD, GOLD, n_boot=1000)["kappa"] == 1.0


def test_worst_errors_ranks_opposite_poles_first():
    frame = pd.DataFrame({
        "unit_id": ["a", "b", "c", "d", "e"],
        "text": ["t"] * 5,
        "gold": [1, 1, 0, -1, -1],
        "pred": [-1, 0, 1, -1, 1],
        "score": [-0.2, 0.0, 0.3, -0.9, 0.8],
        "drivers": ["x"] * 5,
    })
    out = evaluate.worst_errors(frame, "gold", "pred", "score", "drivers", n=3)
    assert list(out["unit_id"]) == ["e", "a", "c"]   # two-step errors, the farther first
    assert "d" not in set(out["unit_id"])


# -- the gold table ---------------------------------------------------------------------

HEADER = ("unit_id,unit_type,text,article_id,message_id,speaker_class,pass1,pass2,gold,"
          "adjudication_note\n")


def write_gold(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "tone.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_load_gold_reads_integers(tmp_path):
    path = write_gold(tmp_path, [
        "u1,article_sentence,Some text.,art-000,,narration,1,1,1,",
        "u2,message_quote,great success,art-000,msg-1,dprk,1,0,1,R9 wish",
    ])
    gold = evaluate.load_gold(path)
    assert list(gold["gold"]) == [1, 1]
    assert gold["pass2"].dtype.kind == "i"


def test_load_gold_requires_a_note_for_every_disagreement(tmp_path):
    path = write_gold(tmp_path, [
        "u1,article_sentence,Some text.,art-000,,narration,1,1,1,",
        "u2,article_sentence,Other text.,art-000,,narration,-1,0,0,",
    ])
    with pytest.raises(DataError) as err:
        evaluate.load_gold(path)
    assert (err.value.row, err.value.column) == (2, "adjudication_note")


def test_load_gold_rejects_bad_tone_and_type(tmp_path):
    with pytest.raises(DataError) as err:
        evaluate.load_gold(write_gold(tmp_path, [
            "u1,article_sentence,Some text.,art-000,,narration,1,1,2,"]))
    assert (err.value.row, err.value.column) == (1, "gold")
    with pytest.raises(DataError) as err:
        evaluate.load_gold(write_gold(tmp_path, [
            "u1,sentence,Some text.,art-000,,narration,1,1,1,"]))
    assert err.value.column == "unit_type"


def test_evaluation_groups_article_first_then_message():
    gold = pd.DataFrame({"unit_id": ["s1", "q1", "q2", "t1"],
                         "article_id": ["art-000", "art-000", "", ""],
                         "message_id": ["", "msg-a", "msg-b", ""]})
    assert list(evaluate.evaluation_groups(gold)) == ["art-000", "art-000", "msg-b", "unit:t1"]


def test_compare_settings_reports_three_settings_and_the_thresholds_used():
    gold_a, score_a = synthetic(0.2, seed=1)
    gold_b, score_b = synthetic(0.4, seed=2)
    gold = np.concatenate([gold_a, gold_b])
    score = np.concatenate([score_a, score_b])
    groups = ["a"] * len(gold_a) + ["b"] * len(gold_b)
    out = evaluate.compare_settings(gold, score, groups, GRID, classify, stated=0.1,
                                    n_boot=200)
    assert list(out["setting"].unique()) == ["stated", "tuned in sample", "held out"]
    kappa = out[out["metric"] == "kappa"].set_index("setting")
    assert kappa.loc["stated", "thresholds"] == "0.1"
    assert kappa.loc["held out", "thresholds"] == "0.2, 0.4"
    # tuning on the units scored can only help; holding out costs here
    assert kappa.loc["tuned in sample", "estimate"] >= kappa.loc["stated", "estimate"]
    assert kappa.loc["held out", "estimate"] < kappa.loc["tuned in sample", "estimate"]
    assert (out["low"] <= out["estimate"] + 1e-12).all()


def test_bootstrap_mean_and_group_means():
    mean, low, high = evaluate.bootstrap_mean([1, 1, 1, 1])
    assert mean == low == high == 1.0
    mean, low, high = evaluate.bootstrap_mean([-1, 0, 1, 1, 0, -1, 1, 1], n_boot=1000)
    assert mean == pytest.approx(0.25)
    assert low < 0.25 < high
    frame = pd.DataFrame({"g": ["x", "x", "y"], "v": [1.0, 0.0, -1.0]})
    out = evaluate.group_means(frame, "g", "v", n_boot=500).set_index("g")
    assert out.loc["x", "n"] == 2 and out.loc["x", "mean"] == 0.5
    assert out.loc["y", "low"] == out.loc["y", "high"] == -1.0


def test_plots_draw_one_marker_per_tool_and_panel():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = pd.concat([
        evaluate.bootstrap_agreement(GOLD, PRED, n_boot=100).assign(tool="a"),
        evaluate.bootstrap_agreement(GOLD, GOLD, n_boot=100).assign(tool="b"),
    ])
    fig = evaluate_plot.plot_agreement(table, title="t", reference="b")
    assert len(fig.axes) == 3
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["a", "b"]
    assert len(fig.axes[0].lines) >= 2
    plt.close(fig)
    gold, score = synthetic(0.3)
    sweeps = evaluate.threshold_sweep(gold, score, GRID, classify).assign(tool="x")
    fig = evaluate_plot.plot_sweep(sweeps, {"x": 0.3})
    assert len(fig.axes) == 1
    plt.close(fig)


# -- learned measures, leave one group out ----------------------------------------------

VOCAB = {1: ["warm greetings", "friendship forever", "warm friendship"],
         0: ["the statement date", "a ceremony date", "the statement"],
         -1: ["missile threat", "sanctions threat", "missile sanctions"]}


def toy_units(n_groups: int = 4) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Units whose class is given away by a vocabulary of its own: perfectly separable."""
    rows = []
    for g in range(n_groups):
        for tone, phrases in VOCAB.items():
            for k, phrase in enumerate(phrases):
                rows.append({"unit_id": f"g{g}-{tone}-{k}", "text": f"{phrase}.", "tone": tone,
                             "group": f"g{g}", "x": float(tone)})
    frame = pd.DataFrame(rows)
    return frame[["unit_id", "text", "x"]], frame["tone"].to_numpy(), frame["group"].to_numpy()


def recording_learner(seen: dict):
    """Remembers which units each fit saw; predicts a memorised label, else neutral."""
    def fit(train, labels, groups):
        memory = dict(zip(train["unit_id"], labels, strict=True))

        def predict(units):
            seen.setdefault("pairs", []).append((set(train["unit_id"]), set(units["unit_id"])))
            pred = np.array([memory.get(u, 0) for u in units["unit_id"]])
            return pred, pred.astype(float)
        return predict
    return fit


def test_out_of_fold_never_scores_a_unit_with_a_model_trained_on_its_group():
    units, labels, groups = toy_units(3)
    seen: dict = {}
    out = crossfit.out_of_fold(units, labels, groups, recording_learner(seen))
    assert len(seen["pairs"]) == 3                               # one fit per group
    group_of = dict(zip(units["unit_id"], groups, strict=True))
    for train_ids, test_ids in seen["pairs"]:
        assert train_ids.isdisjoint(test_ids)
        assert {group_of[u] for u in train_ids}.isdisjoint({group_of[u] for u in test_ids})
        assert len(train_ids) + len(test_ids) == len(units)
    # a learner that only memorises knows nothing held out, everything in sample
    assert (out["pred"] == 0).all()
    assert list(out["n_train"]) == [18] * len(units)
    fitted = crossfit.in_sample(units, labels, groups, recording_learner({}))
    assert list(fitted["pred"]) == list(labels)


def test_out_of_fold_keeps_input_order_and_needs_two_groups():
    units, labels, groups = toy_units(2)
    order = np.random.default_rng(0).permutation(len(units))
    out = crossfit.out_of_fold(units.iloc[order], labels[order], groups[order],
                               recording_learner({}))
    assert list(out["unit_id"]) == list(units["unit_id"].iloc[order])
    assert list(out["group"]) == list(groups[order])
    with pytest.raises(ValueError, match="two groups"):
        crossfit.out_of_fold(units, labels, ["g"] * len(units), recording_learner({}))
    with pytest.raises(ValueError, match="length"):
        crossfit.out_of_fold(units, labels[:-1], groups[:-1], recording_learner({}))


def test_logistic_learner_on_separable_vocabulary_is_perfect_out_of_fold():
    units, labels, groups = toy_units(4)
    out = crossfit.out_of_fold(units, labels, groups, learners.logistic_learner(text=True))
    assert evaluate.agreement(labels, out["pred"])["kappa"] == 1.0
    # the continuous score (P(coop) - P(conflict)) orders the three classes
    assert out.groupby(labels)["score"].max()[-1] < out.groupby(labels)["score"].min()[0]
    assert out.groupby(labels)["score"].max()[0] < out.groupby(labels)["score"].min()[1]


def test_logistic_learner_on_numeric_column_alone():
    units, labels, groups = toy_units(3)
    out = crossfit.out_of_fold(units, labels, groups,
                               learners.logistic_learner(text=False, numeric=("x",)))
    assert list(out["pred"]) == list(labels)
    with pytest.raises(ValueError):
        learners.logistic_learner(text=False)


def test_logistic_learner_words_unseen_in_training_give_no_signal():
    units, labels, groups = toy_units(2)
    predict = learners.logistic_learner()(units, labels, groups)
    fresh = pd.DataFrame({"unit_id": ["new"], "text": ["completely unrelated words"]})
    _, score = predict(fresh)
    # balanced classes and no known feature: the expected tone is about neutral
    assert score[0] == pytest.approx(0.0, abs=0.05)


def test_threshold_learner_equals_held_out_classes():
    gold_a, score_a = synthetic(0.2, seed=1)
    gold_b, score_b = synthetic(0.4, seed=2)
    labels = np.concatenate([gold_a, gold_b])
    units = pd.DataFrame({"unit_id": [f"u{i}" for i in range(len(labels))],
                          "s": np.concatenate([score_a, score_b])})
    groups = np.array(["a"] * len(gold_a) + ["b"] * len(gold_b))
    out = crossfit.out_of_fold(units, labels, groups,
                               learners.threshold_learner("s", GRID, prefer=0.3))
    direct = evaluate.held_out_classes(labels, units["s"], groups, GRID, classify, prefer=0.3)
    assert list(out["pred"]) == list(direct["pred"])
    assert set(out.loc[out["group"] == "a", "fitted"]) == {"0.4"}


def test_selection_inside_training_picks_the_learner_that_works():
    units, labels, groups = toy_units(4)
    candidates = {"memoriser": recording_learner({}),
                  "words": learners.logistic_learner(text=True)}
    out = crossfit.out_of_fold(units, labels, groups, crossfit.selecting_learner(candidates))
    assert set(out["fitted"]) == {"words"}
    assert evaluate.agreement(labels, out["pred"])["kappa"] == 1.0


def test_compare_learners_and_pick_best():
    units, labels, groups = toy_units(3)
    candidates = {"memoriser": recording_learner({}),
                  "words": learners.logistic_learner(text=True)}
    figures, preds = crossfit.compare_learners(units, labels, groups, candidates, n_boot=100)
    kappa = figures[figures["metric"] == "kappa"].set_index(["candidate", "setting"])
    assert kappa.loc[("memoriser", "in sample"), "estimate"] == 1.0
    assert kappa.loc[("memoriser", "held out"), "estimate"] == 0.0       # all neutral
    assert kappa.loc[("words", "held out"), "estimate"] == 1.0
    assert crossfit.pick_best(figures) == "words"
    assert list(preds["words|held out"]) == list(labels)
    assert list(preds["memoriser|in sample"]) == list(labels)


def test_pick_best_ties_go_to_the_earlier_candidate():
    figures = pd.DataFrame({"candidate": ["simple", "complex", "other"],
                            "setting": "held out", "metric": "kappa",
                            "estimate": [0.600, 0.603, 0.55]})
    assert crossfit.pick_best(figures) == "simple"
    figures.loc[1, "estimate"] = 0.62
    assert crossfit.pick_best(figures) == "complex"


def test_nearest_other_group_finds_copies_across_groups_only():
    texts = ["warm greetings to the people", "warm greetings to the people",
             "missile threat", "missile threat", "a date"]
    groups = ["a", "b", "c", "c", "d"]
    near = crossfit.nearest_other_group(texts, groups)
    assert near[0] == pytest.approx(1.0) and near[1] == pytest.approx(1.0)
    assert near[2] == pytest.approx(0.0)           # its copy is in its own group
    assert near[4] == pytest.approx(0.0)


def test_in_sample_held_out_plot_draws_both_settings_and_the_bar():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    units, labels, groups = toy_units(3)
    figures, _ = crossfit.compare_learners(units, labels, groups,
                                           {"memoriser": recording_learner({}),
                                            "words": learners.logistic_learner()}, n_boot=50)
    fig = evaluate_plot.plot_in_sample_held_out(figures, bar=0.6, reference=0.8, title="t")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["memoriser", "words"]
    labels_shown = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels_shown[:2] == ["acceptance bar 0.6", "coding passes 0.80"]
    assert set(labels_shown[2:]) == {"in sample", "held out"}
    plt.close(fig)


def test_out_of_fold_gives_the_same_on_two_processes():
    units, labels, groups = toy_units(4)
    learner = learners.logistic_learner(text=True)
    one = crossfit.out_of_fold(units, labels, groups, learner, n_jobs=1)
    two = crossfit.out_of_fold(units, labels, groups, learner, n_jobs=2)
    pd.testing.assert_frame_equal(one, two)
    nested = crossfit.selecting_learner({"a": learner, "b": learners.logistic_learner(
        text=False, numeric=("x",))})
    pd.testing.assert_frame_equal(crossfit.out_of_fold(units, labels, groups, nested),
                                  crossfit.out_of_fold(units, labels, groups, nested, n_jobs=2))


def test_nested_selection_fitting_each_pair_once_equals_the_nested_loop():
    units, labels, groups = toy_units(4)
    # two groups' labels are reversed, so that which candidate wins depends on the fold
    labels = np.where(np.isin(groups, ["g2", "g3"]), -labels, labels)

    def fixed(sign):
        def fit(train, train_labels, train_groups):
            def predict(part):
                classes = (sign * np.sign(part["x"])).astype(int).to_numpy()
                return classes, classes.astype(float)
            return predict
        return fit
    candidates = {"as is": fixed(1), "reversed": fixed(-1),
                  "words": learners.logistic_learner(text=True)}
    held = {name: crossfit.out_of_fold(units, labels, groups, learner)["pred"].to_numpy()
            for name, learner in candidates.items()}
    loop = crossfit.out_of_fold(units, labels, groups, crossfit.selecting_learner(candidates))
    chosen_loop = crossfit.selecting_learner(candidates)(units, labels, groups).chosen
    for n_jobs in (1, 2):
        pred, chosen = crossfit.nested_selection(units, labels, groups, candidates, held,
                                                 n_jobs=n_jobs)
        assert list(pred) == list(loop["pred"]) and chosen == chosen_loop
    assert len(set(loop["fitted"])) > 1  # the folds chose differently: the test can tell


def test_text_learners_on_the_same_units_share_one_vectoriser_and_predict_as_alone():
    units, labels, groups = toy_units(4)
    units = units.assign(lexicon_score=units["x"])
    words = learners.logistic_learner(text=True)
    with_score = learners.logistic_learner(text=True, numeric=("lexicon_score",))
    learners._FITTED.clear()
    learners._TRANSFORMED.clear()
    alone = with_score(units, labels, groups)(units)
    learners._FITTED.clear()
    learners._TRANSFORMED.clear()
    first = words(units, labels, groups)
    shared = with_score(units, labels, groups)
    assert shared.vectoriser is first.vectoriser  # fitted once for both
    for got, want in zip(shared(units), alone, strict=True):
        np.testing.assert_array_equal(got, want)
    # Control: other training units get their own vectoriser.
    assert words(units.iloc[:-3], labels[:-3], groups[:-3]).vectoriser is not first.vectoriser


def test_a_transform_of_a_corpus_is_the_vectorisers_and_is_not_kept():
    vectoriser, _ = learners.tfidf_fitted(("warm talks", "cordial talks", "hostile acts"))
    many = [f"talks number {i} hostile" for i in range(learners.KEPT_TEXTS + 1)]
    kept = len(learners._TRANSFORMED)
    got = learners.tfidf_of(vectoriser, many)
    assert (got != vectoriser.transform(many)).nnz == 0 and got.shape[0] == len(many)
    assert len(learners._TRANSFORMED) == kept
    learners.tfidf_of(vectoriser, many[:learners.KEPT_TEXTS])  # a gold set's size is kept
    assert len(learners._TRANSFORMED) == min(kept + 1, learners.KEPT)


def test_a_transform_kept_for_another_vectoriser_under_a_reused_id_is_not_served():
    texts = ("warm talks", "cordial talks", "hostile acts")
    vectoriser, _ = learners.tfidf_fitted(texts)
    other, _ = learners.tfidf_fitted(("unrelated words", "other words"))
    key = (id(vectoriser), ("hostile talks",))
    learners._TRANSFORMED[key] = (other, "not a matrix")
    got = learners.tfidf_of(vectoriser, ["hostile talks"])
    want = vectoriser.transform(["hostile talks"])
    assert (got != want).nnz == 0 and got.shape == want.shape
