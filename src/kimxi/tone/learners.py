"""Measures that learn from the gold labels: thresholds tuned inside the training folds, a
lexicon extended by log-odds, and logistic regressions on TF-IDF and score features.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from kimxi.tone.evaluate import tune_threshold
from kimxi.tone.lexicon import BOUNDARY, Lexicon, tokenize
from kimxi.tone.sentiment import THRESHOLD_GRIDS, THRESHOLDS, classify

# -- measures that learn from gold labels ------------------------------------------------
#
# A learner is a function ``learner(train, labels, groups) -> predict`` where ``train`` is
# a table of units (``unit_id``, ``text`` and the label-free score columns of
# :func:`score_all`), ``labels`` their gold classes and ``groups`` their held-out groups
# (for learners that tune something by an inner leave-one-group-out). ``predict(units)``
# returns ``(classes, scores)`` for any units: classes in -1/0/1 and a continuous score
# whose sign is the direction. :func:`kimxi.tone.crossfit.out_of_fold` runs a learner leave one
# group out, so no unit is scored by a model that saw its label.
#
# Every choice below (features, C, z cut-off, prior, grids) is fixed in code before the
# held-out figures are computed; nothing is tuned on them.

LOGISTIC_C = 1.0          # scikit-learn's default inverse L2 strength, not tuned
LOG_ODDS_Z = 1.96         # a learned term enters the lexicon when |z| >= 1.96
LEARNED_WEIGHT = 0.5      # the lexicon's weight for a usual but not certain cue
NUMERIC_FEATURES = {
    "tf-idf + lexicon": ("lexicon_score",),
    "stacked": ("lexicon_score", "textblob_polarity", "vader_compound"),
    "scores only": ("lexicon_score", "textblob_polarity", "vader_compound"),
}


def word_ngrams(text: str, n: int = 2) -> list[str]:
    """Word 1- to ``n``-grams of ``text`` (lexicon tokens; no n-gram crosses clause punctuation).

    ``"Warm, cordial talks"`` gives ``warm, cordial, talks, cordial talks``.
    """
    return list(_word_ngrams(text, n))


@lru_cache(maxsize=65536)
def _word_ngrams(text: str, n: int) -> tuple[str, ...]:
    # cached: the learners cut the same texts again in every fold
    out: list[str] = []
    run: list[str] = []
    for token in tokenize(text) + ["."]:
        if token in BOUNDARY:
            if run and n >= 1:  # the 1-grams, then the 2-grams, then longer: as " ".join gives
                out += run
                if n >= 2:
                    out += [f"{a} {b}" for a, b in zip(run, run[1:], strict=False)]
                for size in range(3, n + 1):
                    out += [" ".join(run[i:i + size]) for i in range(len(run) - size + 1)]
            run = []
        else:
            run.append(token)
    return tuple(out)


def log_odds_terms(texts, labels, z: float = LOG_ODDS_Z, lexicon: Lexicon | None = None,
                   weight: float = LEARNED_WEIGHT) -> pd.DataFrame:
    """Word 1-2 grams whose use differs by tone, by weighted log-odds with an informative prior.

    For each pole (cooperative units against the rest, conflictual units
    against the rest) every n-gram gets the log-odds ratio of its use in the
    pole against the rest, with an informative Dirichlet prior equal to its
    own count in all ``texts`` (Monroe, Colaresi & Quinn 2008, "Fightin'
    Words", *Political Analysis* 16(4); the prior of the tidylo package), and
    the z-score of that ratio. A term enters with ``+weight`` when its
    cooperative z >= ``z``, ``-weight`` when its conflictual z >= ``z`` (not
    both). When ``lexicon`` is given, n-grams in which it already finds a hit
    are left out: the learned terms extend it where it is silent.

    Returns ``term``, ``weight``, ``z_cooperative``, ``z_conflictual``,
    ``count`` sorted by term; empty when nothing passes.
    """
    labels = np.asarray(labels, dtype=int)
    docs = [_word_ngrams(t, 2) for t in texts]
    if len(docs) != len(labels):
        raise ValueError(f"{len(docs)} texts but {len(labels)} labels")
    vocab = sorted({g for d in docs for g in d})
    index = {g: i for i, g in enumerate(vocab)}
    counts = np.zeros((len(docs), len(vocab)))
    for row, doc in enumerate(docs):
        for gram in doc:
            counts[row, index[gram]] += 1
    prior = counts.sum(axis=0)                       # alpha_w: the term's count overall
    a0 = prior.sum()
    zs = {}
    for pole in (1, -1):
        inside = labels == pole
        y_i, y_j = counts[inside].sum(axis=0), counts[~inside].sum(axis=0)
        n_i, n_j = y_i.sum(), y_j.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = (np.log((y_i + prior) / (n_i + a0 - y_i - prior))
                     - np.log((y_j + prior) / (n_j + a0 - y_j - prior)))
            var = 1.0 / (y_i + prior) + 1.0 / (y_j + prior)
            zs[pole] = np.where(inside.any() & (~inside).any(), delta / np.sqrt(var), 0.0)
    coop, conflict = zs[1], zs[-1]
    rows = []
    for i, term in enumerate(vocab):
        up, down = coop[i] >= z, conflict[i] >= z
        if up == down:
            continue
        if lexicon is not None and lexicon.hits(term):
            continue
        rows.append({"term": term, "weight": weight if up else -weight,
                     "z_cooperative": float(coop[i]), "z_conflictual": float(conflict[i]),
                     "count": int(prior[i])})
    return pd.DataFrame(rows, columns=["term", "weight", "z_cooperative", "z_conflictual",
                                       "count"])


def extend_lexicon(lexicon: Lexicon, terms: pd.DataFrame) -> Lexicon:
    """A lexicon holding ``lexicon``'s entries plus learned ``terms`` (term, weight, z ...).

    Learned entries carry the rationale ``learned: log-odds z=...`` and the
    source ``training folds``; an n-gram already in the lexicon is not added twice.
    """
    new = terms[~terms["term"].isin(set(lexicon.table["term"]))]
    rationale = [f"learned: log-odds z={max(a, b):.2f}"
                 for a, b in zip(new["z_cooperative"], new["z_conflictual"], strict=True)]
    learned = pd.DataFrame({"term": new["term"], "weight": new["weight"].astype(float),
                            "rationale": rationale, "source": "training folds"})
    return Lexicon(pd.concat([lexicon.table[["term", "weight", "rationale", "source"]],
                              learned], ignore_index=True))


def _lexicon_scores(lexicon: Lexicon, texts) -> np.ndarray:
    return np.array([sum(h.contribution for h in lexicon.hits(t)) for t in texts], dtype=float)


def threshold_learner(score: str, grid, prefer: float):
    """Learner that keeps a fixed score column and tunes only its threshold on the training units.

    The threshold is the value of ``grid`` with the best kappa on the
    training units (ties to ``prefer``): :func:`kimxi.tone.evaluate.held_out_classes`
    as a learner.
    """
    def fit(train: pd.DataFrame, labels, groups):
        t = tune_threshold(labels, train[score], grid, classify, prefer=prefer)

        def predict(units: pd.DataFrame):
            values = units[score].to_numpy(dtype=float)
            return classify(values, t), values
        predict.threshold = t
        return predict
    return fit


def log_odds_lexicon_learner(lexicon: Lexicon, grid=THRESHOLD_GRIDS["lexicon"],
                             prefer: float = THRESHOLDS["lexicon"], z: float = LOG_ODDS_Z):
    """Learner: the lexicon extended by :func:`log_odds_terms` learned on the training units.

    The threshold is tuned by an inner leave-one-group-out on the training
    groups (nested): each inner group is scored by terms learned without it,
    and the grid value with the best kappa on those inner out-of-fold scores
    is used. Then the terms are learned on all training units and applied to
    the units to predict. With a single training group the threshold is
    ``prefer``.
    """
    def score_with(train_texts, train_labels, texts):
        terms = log_odds_terms(train_texts, train_labels, z=z, lexicon=lexicon)
        return _lexicon_scores(extend_lexicon(lexicon, terms), texts), terms

    def fit(train: pd.DataFrame, labels, groups):
        texts = train["text"].to_numpy(dtype=object)
        labels = np.asarray(labels, dtype=int)
        groups = np.asarray(groups, dtype=object)
        names = sorted(set(groups))
        if len(names) < 2:
            t = prefer
        else:
            inner = np.empty(len(texts))
            for name in names:
                test = groups == name
                inner[test], _ = score_with(texts[~test], labels[~test], texts[test])
            t = tune_threshold(labels, inner, grid, classify, prefer=prefer)
        terms = log_odds_terms(texts, labels, z=z, lexicon=lexicon)
        extended = extend_lexicon(lexicon, terms)

        def predict(units: pd.DataFrame):
            values = _lexicon_scores(extended, units["text"])
            return classify(values, t), values
        predict.threshold = t
        predict.terms = terms
        return predict
    return fit


# The TF-IDF vectorisers fitted last (with their training matrices), and the texts they
# transformed last: the text learners fitted on the same training units (every fold of the
# validation fits three) share one vectoriser, fitted once, and its matrices.
_FITTED: OrderedDict = OrderedDict()
_TRANSFORMED: OrderedDict = OrderedDict()
KEPT = 32  # more than the folds of one validation (10), and a few matrices each
KEPT_TEXTS = 1000  # a transform of more texts (a corpus scored chunk by chunk) is not kept


def _keep(store: OrderedDict, key, make):
    if key in store:
        store.move_to_end(key)
    else:
        store[key] = make()
        while len(store) > KEPT:
            store.popitem(last=False)
    return store[key]


def tfidf_fitted(texts):
    """TF-IDF of word 1-2 grams (:func:`word_ngrams`, sublinear term frequency) fitted on
    ``texts``, and its matrix of ``texts``: the same, computed once, for every call with the
    same texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    def fit():
        vectoriser = TfidfVectorizer(analyzer=word_ngrams, sublinear_tf=True)
        return vectoriser, vectoriser.fit_transform(list(key))
    key = tuple(texts)
    return _keep(_FITTED, key, fit)


def tfidf_of(vectoriser, texts):
    """``vectoriser.transform(texts)``, computed once for the same vectoriser and texts (at
    most :data:`KEPT_TEXTS` of them: a gold set's folds are transformed again and again, a
    corpus once)."""
    if len(texts) > KEPT_TEXTS:
        return vectoriser.transform(list(texts))
    key = (id(vectoriser), tuple(texts))
    held = _TRANSFORMED.get(key)
    if held is not None and held[0] is vectoriser:  # an id can be reused after a collection
        _TRANSFORMED.move_to_end(key)
        return held[1]
    _TRANSFORMED.pop(key, None)
    return _keep(_TRANSFORMED, key, lambda: (vectoriser, vectoriser.transform(list(key[1]))))[1]


def logistic_learner(text: bool = True, numeric: tuple[str, ...] = (), c: float = LOGISTIC_C):
    """Learner: multinomial L2 logistic regression with ``class_weight="balanced"``.

    Features: TF-IDF of word 1-2 grams (:func:`word_ngrams`, sublinear term
    frequency, every n-gram seen in training) when ``text``, and the
    ``numeric`` score columns standardised on the training units. The
    vectoriser, the scaler and the model are fitted on the training units
    only. ``predict`` gives the most probable class and the expected tone
    ``P(cooperative) - P(conflictual)``; a class absent from training gets
    probability 0.
    """
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    if not text and not numeric:
        raise ValueError("a logistic learner needs text or numeric features")

    def fit(train: pd.DataFrame, labels, groups):
        labels = np.asarray(labels, dtype=int)
        vectoriser, learned = tfidf_fitted(train["text"]) if text else (None, None)
        scaler = StandardScaler() if numeric else None

        def features(units: pd.DataFrame, learn: bool):
            blocks = []
            if vectoriser is not None:
                blocks.append(learned if learn else tfidf_of(vectoriser, units["text"]))
            if scaler is not None:
                values = units[list(numeric)].to_numpy(dtype=float)
                blocks.append(sparse.csr_matrix(scaler.fit_transform(values) if learn
                                                else scaler.transform(values)))
            return sparse.hstack(blocks).tocsr()

        if len(set(labels)) < 2:
            only = int(labels[0])

            def predict(units: pd.DataFrame):
                return np.full(len(units), only), np.full(len(units), float(only))
            return predict
        # newton-cg solves the same convex problem as the default lbfgs, closer to its
        # optimum and ten times faster on these few hundred sparse features
        model = LogisticRegression(C=c, class_weight="balanced", solver="newton-cg",
                                   max_iter=1000)
        # One BLAS thread: extra threads only spin on these small matrices, and a result
        # should not depend on the machine's number of cores.
        with threadpool_limits(limits=1):
            model.fit(features(train, learn=True), labels)
        classes = list(model.classes_)

        def predict(units: pd.DataFrame):
            with threadpool_limits(limits=1):
                proba = model.predict_proba(features(units, learn=False))
            full = np.zeros((len(units), 3))
            for j, k in enumerate(classes):
                full[:, k + 1] = proba[:, j]
            pred = np.array(classes)[proba.argmax(axis=1)].astype(int)
            return pred, full[:, 2] - full[:, 0]
        predict.model = model
        predict.vectoriser = vectoriser
        return predict
    return fit


def candidate_learners(lexicon: Lexicon) -> dict[str, object]:
    """The candidate measures of notebook 05, in order from simplest to most learned.

    * ``lexicon``: the knowledge lexicon; only its threshold is tuned on the
      training groups.
    * ``lexicon + learned terms``: :func:`log_odds_lexicon_learner`.
    * ``tf-idf``: :func:`logistic_learner` on word 1-2 grams alone.
    * ``tf-idf + lexicon``: the same plus the lexicon score.
    * ``stacked``: word 1-2 grams plus the lexicon, TextBlob and VADER scores.
    * ``scores only``: the three tools' scores, no words.
    """
    return {
        "lexicon": threshold_learner("lexicon_score", THRESHOLD_GRIDS["lexicon"],
                                     THRESHOLDS["lexicon"]),
        "lexicon + learned terms": log_odds_lexicon_learner(lexicon),
        "tf-idf": logistic_learner(text=True),
        "tf-idf + lexicon": logistic_learner(text=True,
                                             numeric=NUMERIC_FEATURES["tf-idf + lexicon"]),
        "stacked": logistic_learner(text=True, numeric=NUMERIC_FEATURES["stacked"]),
        "scores only": logistic_learner(text=False, numeric=NUMERIC_FEATURES["scores only"]),
    }
