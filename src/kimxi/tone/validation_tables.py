"""The validation of the tone measures as tables: written by the collection's run, read back
for another corpus.

:func:`kimxi.tone.validation.validate` sets every measure against the state-media gold set
(``data/gold/kcna/tone.csv``): held out by article, nested choice, out of domain. Nothing in
it depends on the corpus whose sentences are scored afterwards. Notebook 05 therefore
computes it on the collection's own run and writes it to ``data/processed/``:
``sentiment_validation.csv`` (every measure's agreement in every setting, with intervals)
and ``sentiment_heldout.csv`` (each gold unit's held-out class by every measure, the nested
choice included). On another corpus the notebook reads both back with :func:`read` instead
of fitting the same models again (about 10 CPU-seconds; benchmarks/README.md). ``make run``
rewrites the two tables whenever the code or the gold sets change, and ``make test`` checks
that the committed ones are what the code computes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from kimxi.io import processed
from kimxi.io.errors import DataError
from kimxi.tone.crossfit import best_candidate
from kimxi.tone.evaluate import as_labels
from kimxi.tone.validation import CHOSEN

FIGURES = "sentiment_validation.csv"
HELDOUT = "sentiment_heldout.csv"


def heldout_table(predictions: pd.DataFrame) -> pd.DataFrame:
    """``predictions`` of :func:`~kimxi.tone.validation.validate` (``unit_id`` and one column
    of classes per measure) in long form: ``unit_id``, ``measure``, ``pred``, unit by unit
    within each measure, the measures in their order."""
    long = predictions.melt(id_vars="unit_id", var_name="measure", value_name="pred")
    return long.assign(pred=long["pred"].astype(int))[["unit_id", "measure", "pred"]]


def read(directory: str | Path, train: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """``(figures, predictions, chosen)`` as :func:`~kimxi.tone.validation.validate` returns
    them for ``train`` (the KCNA gold units counted once), from the tables in ``directory``.

    ``predictions`` follows the order of ``train``; ``chosen`` is the measure the rule picks
    on all units (the best held-out kappa, the first measure on a tie, as
    :func:`kimxi.tone.crossfit.nested_selection` picks it). Raises DataError, naming the file and
    column, when the held-out table holds other units than ``train`` (a gold set changed
    since the tables were written: ``make run`` writes them again).
    """
    directory = Path(directory)
    figures = processed.read(directory / FIGURES)
    path = directory / HELDOUT
    held = processed.read(path, dtype={"unit_id": str, "measure": str})
    units = train["unit_id"].astype(str).to_numpy()
    measures = list(dict.fromkeys(held["measure"]))
    for measure in measures:
        these = held.loc[held["measure"] == measure, "unit_id"].to_numpy()
        if sorted(these) != sorted(units):
            other = sorted(set(these) ^ set(units))
            raise DataError(path, f"the held-out classes of {measure!r} are not those of the "
                                  f"{len(units)} gold units counted once (differ: "
                                  f"{', '.join(other[:3]) or 'repeated units'}); `make run` "
                                  "writes the table again", column="unit_id")
    wide = held.pivot(index="unit_id", columns="measure", values="pred")
    predictions = pd.DataFrame({"unit_id": train["unit_id"].to_numpy()})
    for measure in measures:
        predictions[measure] = wide.loc[units, measure].to_numpy(dtype=np.int64)
    labels = as_labels(train["gold"], "gold")
    chosen = best_candidate(labels, {m: predictions[m].to_numpy() for m in measures
                                     if m != CHOSEN})
    return figures, predictions, chosen
