"""Tone over time for any corpus: per document, per period, all sentences and those on a target.

- :func:`document_tone`: per document, its date and title, how many sentences it
  has, and the mean tone of its sentences by each measure (the chosen, validated
  measure first), over all its sentences and over those that name the target.
- :func:`period_tone`: per period (week or month, :func:`kimxi.corpus.windows.period_of`)
  the mean tone of the sentences on the chosen measure, with a 95% interval from a
  cluster bootstrap that resamples whole documents (the sentences of one article
  are not independent evidence), for all sentences and for those naming the target.

Tone is the measure's score on the codebook's scale (-1 conflictual, 0 neutral or
mixed, +1 cooperative); its error is the one notebook 05 measures against the gold
set.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kimxi.corpus.windows import period_of, period_start

N_BOOT = 2000


def cluster_mean_ci(values: pd.Series, clusters: pd.Series, n_boot: int,
                    rng: np.random.Generator) -> tuple[float, float]:
    """95% interval of the mean of ``values`` from a bootstrap over whole ``clusters``
    (NaN, NaN for fewer than two clusters)."""
    by = values.groupby(clusters.to_numpy())
    sums, counts = by.sum().to_numpy(), by.size().to_numpy()
    if len(sums) < 2:
        return float("nan"), float("nan")
    draws = rng.integers(0, len(sums), size=(n_boot, len(sums)))
    means = sums[draws].sum(axis=1) / counts[draws].sum(axis=1)
    return float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))


def document_tone(sentences: pd.DataFrame, docs: pd.DataFrame, measures: list[str],
                  target: str) -> pd.DataFrame:
    """Per document of ``docs`` (id, date, title): its sentences, the mean of each score
    column of ``measures`` over them, and how many name ``target`` (``sentences`` has
    ``doc_id``, the ``measures`` and a boolean ``target`` column) with their mean on the
    first measure. A document without sentences keeps its row, with empty means."""
    grouped = sentences.groupby("doc_id")
    table = pd.DataFrame({"sentences": grouped.size()})
    for column in measures:
        table[column] = grouped[column].mean()
    on_target = sentences[sentences["target"]].groupby("doc_id")
    table["target_sentences"] = on_target.size()
    table["target_" + measures[0]] = on_target[measures[0]].mean()
    out = docs[["id", "date", "title"]].merge(table, left_on="id", right_index=True, how="left")
    for column in ("sentences", "target_sentences"):
        out[column] = out[column].fillna(0).astype(int)
    out["date"] = pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d")
    return out.assign(target=target).round(4)


def period_tone(sentences: pd.DataFrame, dates: pd.Series, measure: str, target: str,
                period: str | None = None, n_boot: int = N_BOOT, seed: int = 0) -> pd.DataFrame:
    """Per period: documents, sentences, mean tone on ``measure`` and its cluster-bootstrap
    interval, once over all sentences (``sentences_of`` "all") and once over those naming
    ``target``. ``dates`` maps each ``doc_id`` to its date."""
    when = pd.to_datetime(sentences["doc_id"].map(dates))
    period = period or period_of(when)
    start = period_start(when, period)
    rng = np.random.default_rng(seed)
    rows = []
    for name, mask in (("all", np.ones(len(sentences), bool)),
                       (target, sentences["target"].to_numpy(bool))):
        part = sentences[mask]
        for day, group in part.groupby(start[mask]):
            low, high = cluster_mean_ci(group[measure], group["doc_id"], n_boot, rng)
            rows.append({"period": day.strftime("%Y-%m-%d"), "sentences_of": name,
                         "documents": group["doc_id"].nunique(), "sentences": len(group),
                         "tone_mean": float(group[measure].mean()), "low": low, "high": high})
    return pd.DataFrame(rows, columns=["period", "sentences_of", "documents", "sentences",
                                       "tone_mean", "low", "high"]).round(4)
