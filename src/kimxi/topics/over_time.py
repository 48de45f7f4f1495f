"""Topics over time: target topics by a stated rule, shares by period, and a test around dates.

- :func:`target_topics`: which topics are about a target (China, for the
  collection). Rule: a topic is the target's when the target is named in at
  least ``LIFT`` = 2 times as large a share of its documents (those whose
  largest weight it is) as of the whole corpus, and in at least ``MIN_DOCS``
  of them. The rule reads what the documents say, not the topic's top terms:
  at the k the stability analysis chooses, a topic can be mostly about the
  target (its visits, its messages) without the target's name among its ten
  top terms.
- :func:`period_shares`: each topic's mean share of the documents' weight per
  week (per month for a corpus spanning more than two years:
  :func:`kimxi.corpus.windows.period_of`).
- :func:`shift_test`: do the target topics' shares rise around a set of
  dates (the exchanges)? The statistic is the mean target share of the
  documents within ``days`` of a date minus that of the other documents. Its
  null distribution shifts every date by the same number of days, circularly
  over the corpus's span, for every shift: the dates keep their spacing and
  the coverage keeps its own ups and downs, which a shuffle of documents would
  destroy (news comes in runs, so a document-level permutation test would be
  too eager). The one-sided p-value is the share of shifts (the observed one
  included) whose statistic is at least the observed one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kimxi.corpus import targets
from kimxi.corpus.windows import period_start

LIFT = 2.0
MIN_DOCS = 5


def target_topics(labels, mentions, lift: float = LIFT, min_docs: int = MIN_DOCS
                  ) -> pd.DataFrame:
    """Per topic: documents, how many name the target, that share against the corpus's,
    and whether the topic is the target's by the rule of the module docstring."""
    frame = pd.DataFrame({"topic": np.asarray(labels), "named": np.asarray(mentions, bool)})
    base = frame.named.mean()
    frame = frame[frame.topic >= 0]
    table = frame.groupby("topic").named.agg(documents="size", naming="sum").reset_index()
    table["share_naming"] = table.naming / table.documents
    table["lift"] = table.share_naming / base if base > 0 else 0.0
    table["target"] = (table.lift >= lift) & (table.naming >= min_docs)
    return table


def names_target(texts, target: str) -> np.ndarray:
    """Whether each text names ``target`` as a user types it (:func:`kimxi.corpus.targets.resolve`:
    "China", "Chinese" or "PRC" find China, Chinese, Beijing, the CPC, Xi Jinping; "U.S.",
    "US" or "United States" the United States; another word itself, whole, any case)."""
    return np.array(targets.names(texts, targets.resolve(target)), dtype=bool)


def period_shares(dates, shares: np.ndarray, period: str = "W") -> pd.DataFrame:
    """Per period and topic: the documents of the period and the topic's mean share of
    their weight (documents with no weight at all are left out)."""
    dates = pd.to_datetime(pd.Series(dates)).reset_index(drop=True)
    shares = np.asarray(shares)
    keep = shares.sum(axis=1) > 0
    start = period_start(dates, period)
    frame = pd.DataFrame(shares[keep]).assign(period=start[keep].to_numpy())
    means = frame.groupby("period").mean()
    counts = frame.groupby("period").size()
    long = means.stack().rename("share").reset_index().rename(columns={"level_1": "topic"})
    long["documents"] = long.period.map(counts)
    long["period"] = long.period.dt.strftime("%Y-%m-%d")
    long["share"] = long.share.round(4)
    return long[["period", "topic", "documents", "share"]]


def _near(days: np.ndarray, events: np.ndarray, window: int, span: int) -> np.ndarray:
    """Whether each day lies within ``window`` days of an event, circularly over ``span``."""
    gap = np.abs(days[:, None] - events[None, :]) % span
    return (np.minimum(gap, span - gap) <= window).any(axis=1)


def shift_test(dates, values, events, days: int = 3, exclude=None) -> dict:
    """The circular-shift test of the module docstring.

    ``dates`` and ``values`` are per document (``exclude``: a boolean mask of
    documents left out, for example the reports of the events themselves);
    ``events`` the dates. Returns the means inside and outside, the difference,
    the documents in each group, the shifts and the one-sided p-value.
    """
    dates = pd.to_datetime(pd.Series(dates)).reset_index(drop=True)
    values = np.asarray(values, dtype=float)
    keep = np.ones(len(values), bool) if exclude is None else ~np.asarray(exclude, bool)
    first = dates.min()
    span = (dates.max() - first).days + 1
    day = (dates - first).dt.days.to_numpy()[keep]
    values = values[keep]
    event_days = np.array([(pd.Timestamp(e) - first).days for e in events])
    event_days = event_days[(event_days >= 0) & (event_days < span)]
    if len(event_days) == 0 or span < 2 * days + 2:
        raise ValueError("no event date lies inside the documents' span")

    # Every shift moves whole days: what a shift needs is the documents and the sum of their
    # values on each day of the span, not the documents one by one.
    counts = np.bincount(day, minlength=span)
    sums = np.bincount(day, weights=values, minlength=span)
    every_day = np.arange(span)

    def difference(shift: int) -> float:
        near = _near(every_day, (event_days + shift) % span, days, span)
        inside = counts[near].sum()
        if inside in (0, counts.sum()):
            return np.nan
        return sums[near].sum() / inside - sums[~near].sum() / counts[~near].sum()

    near = _near(day, event_days, days, span)
    if not near.any():
        raise ValueError(f"no document lies within {days} days of an event date")
    observed = difference(0)
    null = np.array([difference(s) for s in range(1, span)])
    null = null[~np.isnan(null)]
    return {"mean_near": float(values[near].mean()), "mean_rest": float(values[~near].mean()),
            "difference": float(observed), "documents_near": int(near.sum()),
            "documents_rest": int((~near).sum()), "shifts": int(len(null)),
            "p_value": float((1 + (null >= observed).sum()) / (1 + len(null))),
            "null_mean": float(null.mean())}
