"""The tone of a user's corpus by the measure validated on KCNA's English (the report of
``notebooks/your_corpus/tone.ipynb``).

The measure is the one :data:`kimxi.tone.validation.CHOICE_RULE` picks on the KCNA gold set
(``data/gold/kcna/tone.csv``). Its validation does not depend on the corpus it is applied to:
:func:`validated_measure` reads it back from the tables the validation wrote
(:mod:`kimxi.tone.validation_tables`) and fits the measure on every KCNA gold unit, as the
validation's own stage does. :func:`score_sentences` then scores a corpus's sentences with
the three tools and the measure, and :func:`over_time_units` prepares them for
:mod:`kimxi.tone.over_time`. The functions here compute; the sentences that report the
results name the user's file and its numbers, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kimxi.tone import sentiment, validation as tone_validation, validation_tables

# The settings of the validation a user's report shows: KCNA held out by article, and another
# state-media source (the others concern units that are not a user's).
SETTINGS = {"held out": "KCNA sentences, held out by article",
            "Rodong Sinmun": "Rodong Sinmun sentences (another paper, out of domain)"}
# The score columns of :func:`over_time_units`, the validated measure first.
MEASURES = ["tone_chosen", "tone_textblob", "tone_vader", "tone_lexicon"]


@dataclass
class Validated:
    """The measure validated on KCNA's English, fitted, with its agreement."""

    name: str                 # the measure the rule picks
    predict: object           # predict(units) -> (classes, scores)
    kappa: pd.DataFrame       # the measure chosen inside training: kappa by SETTINGS, intervals
    units: int                # KCNA gold sentences, counted once
    articles: int             # the KCNA articles they come from


def validated_measure(data_dir: str | Path, lexicon=None) -> Validated:
    """The measure validated on the KCNA gold set under ``data_dir`` (``gold/kcna/tone.csv``),
    its validation read from ``data_dir/processed`` (:func:`kimxi.tone.validation_tables.read`,
    DataError when those tables no longer match the gold set), fitted on all KCNA gold units."""
    data_dir = Path(data_dir)
    state = tone_validation.load_state_gold(data_dir / "gold" / "kcna" / "tone.csv")
    state = tone_validation.prepare(state, sentiment.score_all(state[["unit_id", "text"]],
                                                               lexicon))
    kcna = tone_validation.counted_once(state[state["unit_type"] == "kcna_sentence"])
    figures, _, chosen = validation_tables.read(data_dir / "processed", kcna)
    predict = tone_validation.fit_measure(kcna, chosen, tone_validation.measures())
    return Validated(chosen, predict, kappa_table(figures), len(kcna),
                     int(kcna["article_id"].nunique()))


def kappa_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Cohen's kappa of the measure chosen inside training (the honest figure for "choose by
    the rule, then use it") in each setting of :data:`SETTINGS`, with its 95% interval over
    articles and the units and articles it rests on; indexed by the settings' descriptions."""
    rows = figures[(figures["measure"] == tone_validation.CHOSEN)
                   & (figures["metric"] == "kappa") & figures["setting"].isin(list(SETTINGS))]
    rows = rows.set_index("setting").loc[list(SETTINGS)]
    table = rows[["estimate", "low", "high", "n_units", "n_clusters"]].rename(
        columns={"estimate": "kappa", "n_units": "sentences", "n_clusters": "articles"})
    table.index = [SETTINGS[s] for s in table.index]
    return table


def score_sentences(path: str | Path, measure: Validated, lexicon=None,
                    n_jobs: int = 1) -> pd.DataFrame:
    """The sentences of ``path`` (a ``sentences.csv`` of :func:`kimxi.corpus.segment.corpus_tables`)
    scored by the three tools (:func:`kimxi.tone.sentiment.score_all`) and by ``measure``
    (``best_class``, ``best_score``, ``best_measure``), one row per sentence in order."""
    return score_units(sentiment.load_sentence_units(path, columns=sentiment.UNIT_COLUMNS)
                       .rename(columns={"unit_id": "sentence_id"}), measure, lexicon, n_jobs)


def score_units(sentences: pd.DataFrame, measure: Validated, lexicon=None,
                n_jobs: int = 1) -> pd.DataFrame:
    """:func:`score_sentences` on sentences in memory (``sentence_id``, ``text`` and the
    columns of :data:`kimxi.tone.sentiment.UNIT_COLUMNS`, as
    :func:`kimxi.corpus.segment.corpus_tables` makes them), the columns as text, as they read
    from ``sentences.csv``."""
    units = sentences[["sentence_id", "text", *sentiment.UNIT_COLUMNS]].astype(str).rename(
        columns={"sentence_id": "unit_id"}).reset_index(drop=True)
    table = units.merge(sentiment.score_all(units[["unit_id", "text"]], lexicon, n_jobs=n_jobs),
                        on="unit_id")
    classes, values = tone_validation.apply_measure(measure.predict, table, n_jobs=n_jobs)
    return table.assign(best_class=classes, best_score=values.round(4), best_measure=measure.name)


def scores_table(table: pd.DataFrame) -> pd.DataFrame:
    """The columns of :func:`score_sentences` written as ``sentiment_scores.csv`` (what
    ``kimxi check-gold`` reads beside a coded sheet)."""
    keep = [c for c in ("unit_id", "article_id", "speaker_class") if c in table.columns]
    tools = [c for c in table.columns if c.startswith(sentiment.TOOLS)]
    return table[keep + tools + ["best_class", "best_score", "best_measure"]].round(4)


def over_time_units(table: pd.DataFrame, named) -> pd.DataFrame:
    """The scored sentences as :mod:`kimxi.tone.over_time` reads them: ``doc_id``, the scores
    of :data:`MEASURES` and ``target``, ``named`` (whether each sentence names the target, for
    instance by :func:`kimxi.topics.over_time.names_target`)."""
    return table.rename(columns={
        "article_id": "doc_id", "best_score": "tone_chosen", "textblob_polarity": "tone_textblob",
        "vader_compound": "tone_vader", "lexicon_score": "tone_lexicon",
    }).assign(target=pd.Series(named, index=table.index).astype(bool))


def extremes(periods: pd.DataFrame, of: str) -> tuple[pd.Series, pd.Series] | None:
    """The periods of ``periods`` (:func:`kimxi.tone.over_time.period_tone`) over the sentences
    ``of`` with the lowest and the highest mean tone, or None when there are fewer than two."""
    part = periods[periods["sentences_of"] == of]
    if len(part) < 2:
        return None
    return part.loc[part["tone_mean"].idxmin()], part.loc[part["tone_mean"].idxmax()]


def describe_range(periods: pd.DataFrame, of: str, label: str, period: str) -> str:
    """A sentence on how the mean tone of the sentences ``of`` (``label``) moved between
    periods, or on why it cannot be said."""
    unit = "week" if period == "W" else "month"
    found = extremes(periods, of)
    if found is None:
        count = int((periods["sentences_of"] == of).sum())
        return (f"The {label} fall in {count} {unit}{'' if count == 1 else 's'}: too few to "
                "follow over time.")
    low, high = found
    return (f"By {unit}, the {label} range from {low.tone_mean:+.2f} ({unit} of "
            f"{pd.Timestamp(low.period):%d %b %Y}, {_interval(low)}) to "
            f"{high.tone_mean:+.2f} ({unit} of {pd.Timestamp(high.period):%d %b %Y}, "
            f"{_interval(high)}).")


def _interval(row: pd.Series) -> str:
    sentences = f"{row.sentences} sentence{'' if row.sentences == 1 else 's'}"
    if pd.isna(row.low) or pd.isna(row.high):
        return f"{sentences} of one document: no interval"
    return f"{sentences}, 95% interval {row.low:+.2f} to {row.high:+.2f}"


@dataclass
class ValidatedStance:
    """The stance measure validated on the stance gold set, fitted, with its agreement."""

    name: str                 # the measure the rule picks
    predict: object           # predict(features) -> (classes, expected stance)
    kappa: pd.DataFrame       # the nested choice's kappa held out by article and by period
    units: int                # gold sentences


def validated_stance(data_dir: str | Path, lexicon=None) -> ValidatedStance:
    """The stance measure :data:`kimxi.tone.stance.CHOICE_RULE` picks on the stance gold set
    (``data_dir/gold/stance``), chosen again from the held-out predictions the collection's
    validation wrote (``processed/stance_heldout.csv``), and fitted on every gold unit. The
    gold units are scored by the tone measure (their tone is one of the features)."""
    from kimxi.corpus import targets
    from kimxi.io import processed
    from kimxi.tone import score, stance
    from kimxi.tone.crossfit import best_candidate

    data_dir = Path(data_dir)
    gold = stance.load_gold(data_dir / "gold" / "stance")
    held = processed.read(data_dir / "processed" / "stance_heldout.csv")
    held = gold[["unit_id"]].merge(held, on="unit_id", how="left")
    names = [n for n in stance.measures() if n in held.columns]
    chosen = best_candidate(gold["gold"].to_numpy(), {n: held[n].to_numpy() for n in names})
    figures = processed.read(data_dir / "processed" / "stance_validation.csv")
    rows = figures[(figures["measure"] == stance.CHOSEN) & (figures["metric"] == "kappa")
                   & figures["setting"].isin(["held out by article", "held out by period"])]
    kappa = rows.set_index("setting")[["estimate", "low", "high", "n_units", "n_clusters"]]
    feats = stance.features(gold, targets.resolve("China"),
                            score.score_sentences(gold["text"]))
    predict = stance.fit_measure(feats, gold["gold"], gold["article_id"], chosen)
    return ValidatedStance(chosen, predict, kappa.rename(columns={
        "estimate": "kappa", "n_units": "sentences", "n_clusters": "articles"}), len(gold))


def stance_sentences(table: pd.DataFrame, sentences: pd.DataFrame, documents: pd.DataFrame,
                     originals: pd.DataFrame, typed: str, measure: ValidatedStance
                     ) -> pd.DataFrame:
    """Stance toward ``typed`` of every sentence of :func:`score_sentences`' ``table`` that
    names it (:func:`kimxi.tone.stance.stance_table`; ``sentences`` is the corpus's
    ``sentences.csv``, for the spans), with ``start`` and ``end`` located in
    the document's ``text`` as the user's file holds it (``originals``: ``id`` and ``text``
    before cleaning; ``documents``: the same after :func:`kimxi.corpus.documents.clean_text`),
    and ``text`` the sentence as it stands there."""
    from kimxi.corpus.documents import original_spans
    from kimxi.tone import stance

    spans = sentences[["sentence_id", "start", "end"]].astype({"start": int, "end": int})
    sentences = table.rename(columns={"unit_id": "sentence_id"}).merge(
        spans, on="sentence_id", how="left", validate="one_to_one")
    tone = pd.DataFrame({"measure_class": table["best_class"].to_numpy(),
                         "measure_score": table["best_score"].to_numpy()})
    found = stance.stance_table(sentences, typed, tone, measure.predict, measure.name)
    cleaned = documents.set_index("id")["text"]
    raw = originals.set_index("id")["text"]
    for doc, rows in found.groupby("document_id"):
        spans = original_spans(raw[doc], cleaned[doc], zip(rows["start"], rows["end"],
                                                           strict=True))
        found.loc[rows.index, "start"] = [a for a, _ in spans]
        found.loc[rows.index, "end"] = [b for _, b in spans]
        found.loc[rows.index, "text"] = [raw[doc][a:b] for a, b in spans]
    return found
