"""The tone stage over many sentences: the three scorers' raw scores and the validated measure.

:func:`score_sentences` is what the archive's sentence table carries for every sentence
(:mod:`kimxi.run.kcna_build`): TextBlob polarity, VADER compound, the lexicon score, and the class
and expected tone of the measure validated on the state-media gold set
(:func:`kimxi.tone.validation.chosen_measure`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kimxi.tone import sentiment, validation as tone_validation
from kimxi.tone.lexicon import load_lexicon

RAW_COLUMNS = ["textblob_polarity", "vader_compound", "lexicon_score"]


def raw_scores(texts) -> pd.DataFrame:
    """TextBlob polarity, VADER compound and the lexicon score of each text.

    The same numbers as :func:`kimxi.tone.sentiment.score_all` (a test checks), without
    the per-word drivers, which a whole archive does not need.
    """
    from textblob.en import sentiment as textblob

    analyzer = sentiment._vader()
    lexicon = load_lexicon()
    rows = []
    for text in texts:
        rows.append((float(textblob(text)[0]),
                     float(analyzer.polarity_scores(text)["compound"]),
                     float(sum(h.contribution for h in lexicon.hits(text)))))
    return pd.DataFrame(rows, columns=RAW_COLUMNS)


def score_sentences(texts: pd.Series) -> pd.DataFrame:
    """One row per text, in order: the raw scores (rounded to 6 places), ``measure_class``
    (-1, 0, 1) and ``measure_score`` (rounded to 4 places) of the validated measure."""
    scores = raw_scores(texts)
    table = scores.round(6)
    _, predict = tone_validation.chosen_measure()
    classes, values = predict(scores.assign(text=np.asarray(texts)))
    table["measure_class"] = np.asarray(classes, dtype=int)
    table["measure_score"] = np.round(np.asarray(values, dtype=float), 4)
    return table
