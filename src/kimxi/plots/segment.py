"""Figures of :mod:`kimxi.corpus.segment`: who speaks in the sentences of each article."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from kimxi.corpus.segment import SPEAKER_CLASSES
from kimxi.plots.style import NEUTRALS, side_colour

SPEAKER_NAMES = {"dprk": "DPRK side", "prc": "PRC side", "analyst": "analyst",
                 "other": "other quoted voice", "narration": "narration"}


def plot_speakers(sentences: pd.DataFrame, title: str):
    """Sentences of each article by speaker class, as stacked horizontal bars (counts).

    ``title`` states the finding (computed by the caller). Returns the figure.
    """
    counts = pd.crosstab(sentences.article_id, sentences.speaker_class)
    counts = counts.reindex(columns=[c for c in SPEAKER_CLASSES if c in counts.columns])
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.6 * len(counts)))
    left = pd.Series(0, index=counts.index)
    for cls in counts.columns:
        ax.barh(counts.index, counts[cls], left=left, color=side_colour(cls),
                edgecolor=NEUTRALS["ink"], linewidth=0.5, label=SPEAKER_NAMES.get(cls, cls),
                hatch="///" if cls == "other" else None)   # a second third party: hatched
        left = left + counts[cls]
    ax.invert_yaxis()
    ax.set_xlabel("Sentences (count)")
    ax.set_title(title)
    ax.legend(title="speaker class", loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    ax.grid(axis="y", visible=False)
    return fig
