"""Do the leaders' words form topics of their own? Purity and chi-square against permutations.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kimxi.topic_units import LEADER_CLASSES
from kimxi.topics import fit_topics

# ---------------------------------------------------------------------------
# Do the leaders' words form topics of their own?


def chi_square(table: np.ndarray) -> float:
    """Pearson's chi-square statistic of a contingency table (empty rows/columns dropped)."""
    table = np.asarray(table, dtype=float)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    return float(((table - expected) ** 2 / expected).sum())


def purity(topics, groups) -> float:
    """Share of units in the majority group of their topic (1: every topic one group)."""
    frame = pd.crosstab(np.asarray(topics), np.asarray(groups))
    return float(frame.max(axis=1).sum() / frame.to_numpy().sum())


def voice_groups(units: pd.DataFrame) -> np.ndarray:
    """``leaders`` for the classes of ``LEADER_CLASSES``, ``narration`` for narration,
    the class itself otherwise (``analyst``, ``other``)."""
    cls = units.speaker_class.to_numpy()
    return np.where(np.isin(cls, LEADER_CLASSES), "leaders", cls).astype(object)


def leaders_vs_narration(units: pd.DataFrame, labels, n_permutations: int = 9999,
                         seed: int = 0) -> tuple[dict, pd.DataFrame]:
    """:func:`voice_test` of the leaders' units against the narration units
    (units of other voices and units without a topic left out), and the
    topic x group table of counts."""
    groups = voice_groups(units)
    labels = np.asarray(labels)
    keep = (labels >= 0) & np.isin(groups, ["leaders", "narration"])
    result = voice_test(labels[keep], groups[keep], n_permutations, seed)
    table = pd.crosstab(pd.Series(labels[keep], name="topic"),
                        pd.Series(groups[keep], name="voice"))
    return result, table


VERDICTS = {
    "alike": "spread over the topics like the narration",
    "different": "fall in the topics in other proportions than the narration, but no topic "
                 "is theirs",
    "own": "gather in a topic of their own",
}


def voice_verdict(p_value: float, table: pd.DataFrame, alpha: float = 0.05) -> str:
    """A key of ``VERDICTS`` for a topic x voice ``table`` (columns leaders, narration).

    ``alike`` when ``p_value >= alpha``; ``own`` when, besides, the topic holding
    the largest share of the leaders' units holds at most half that share of the
    narration units (the leaders are at least twice as concentrated there);
    ``different`` otherwise.
    """
    if p_value >= alpha:
        return "alike"
    share = table / table.sum()
    top = share["leaders"].idxmax()
    return "own" if 2 * share.loc[top, "narration"] <= share.loc[top, "leaders"] else "different"


def leaders_vs_narration_by_k(units: pd.DataFrame, ks=range(2, 9), n_permutations: int = 9999,
                              seed: int = 0, **fit_options) -> pd.DataFrame:
    """The leaders-versus-narration test at every k (a sensitivity check of the
    chosen k): per k, chi2, p, Cramér's V, purity, and the largest share of
    the leaders' units that any one topic holds, beside that topic's share of
    the narration units, that topic's label, and the :func:`voice_verdict`."""
    rows = []
    for k in ks:
        model = fit_topics(units.text, k, **fit_options)
        result, table = leaders_vs_narration(units, model.labels, n_permutations, seed)
        share = table / table.sum()
        top = share["leaders"].idxmax()
        rows.append(dict(k=k, **result, leaders_in_top_topic=float(share.loc[top, "leaders"]),
                         narration_in_that_topic=float(share.loc[top, "narration"]),
                         top_topic_label=model.topic_labels[top],
                         verdict=voice_verdict(result["p_value"], table)))
    return pd.DataFrame(rows)


def voice_test(topics, groups, n_permutations: int = 9999, seed: int = 0) -> dict:
    """Permutation test of independence between topic and voice group.

    ``topics`` and ``groups`` are aligned (units without a topic left out by
    the caller). The statistic is Pearson's chi-square of the topic x group
    table; the group labels are shuffled ``n_permutations`` times with a seeded
    generator (topic sizes and group sizes fixed, as in Fisher's test).
    Returns chi2, p (with the +1 correction), Cramér's V, purity and its mean
    under the permutations.
    """
    topics, groups = np.asarray(topics), np.asarray(groups)
    codes_t = np.unique(topics, return_inverse=True)[1]
    codes_g = np.unique(groups, return_inverse=True)[1]
    n_t, n_g = codes_t.max() + 1, codes_g.max() + 1

    def table(g):
        return np.bincount(codes_t * n_g + g, minlength=n_t * n_g).reshape(n_t, n_g)

    observed = chi_square(table(codes_g))
    rng = np.random.default_rng(seed)
    # Tables of the shuffles, a chunk at a time so memory stays small on large corpora.
    chunk = max(1, 2_000_000 // len(codes_g))
    parts = []
    for start in range(0, n_permutations, chunk):
        size = min(chunk, n_permutations - start)
        shuffled = rng.permuted(np.tile(codes_g, (size, 1)), axis=1)
        cells = np.arange(size)[:, None] * (n_t * n_g) + codes_t * n_g + shuffled
        parts.append(np.bincount(cells.ravel(), minlength=size * n_t * n_g)
                     .reshape(size, n_t, n_g))
    tables = np.concatenate(parts).astype(float)
    # Margins are the same in every permutation, so the expected counts are too.
    rows, cols = tables[0].sum(axis=1) > 0, tables[0].sum(axis=0) > 0
    tables_nz = tables[:, rows][:, :, cols]
    expected = tables_nz[0].sum(axis=1, keepdims=True) * tables_nz[0].sum(axis=0) / len(codes_g)
    null = ((tables_nz - expected) ** 2 / expected).sum(axis=(1, 2))
    null_purity = tables.max(axis=2).sum(axis=1) / len(codes_g)
    # Compare with a tolerance so that equal tables count as "as extreme".
    p = (1 + np.sum(null >= observed - 1e-9)) / (1 + n_permutations)
    dof = min(n_t, n_g) - 1
    return dict(n=len(topics), chi2=observed, p_value=float(p),
                cramers_v=float(np.sqrt(observed / (len(topics) * dof))) if dof else 0.0,
                purity=purity(topics, groups), purity_null_mean=float(null_purity.mean()))


def across_k(own: pd.DataFrame, by_k: pd.DataFrame, chosen_k: int, verdict: str,
             n_permutations: int) -> str:
    """One or two sentences on whether the verdict at ``chosen_k`` holds at the other k.

    ``by_k`` is :func:`leaders_vs_narration_by_k`, ``own`` its rows where the
    leaders' words have a topic of their own.
    """
    others = own[own.k != chosen_k]
    if verdict != "own" and len(others):
        first_k = others.iloc[0]
        floor = ("; no shuffle reached the observed chi-square"
                 if first_k.p_value == 1 / (1 + n_permutations) else "")
        return (f" At other k a topic of the leaders' own does appear: at k={int(first_k.k)} "
                f"'{first_k.top_topic_label}' holds {first_k.leaders_in_top_topic:.0%} of the "
                f"leaders' units and {first_k.narration_in_that_topic:.0%} of the narration "
                f"(p = {first_k.p_value:.4f}{floor}), and the same holds at k = "
                f"{', '.join(map(str, others.k))} ({len(others)} of the {len(by_k)} values "
                f"tried). So the leaders' words have a vocabulary of their own, but it is a "
                f"{'finer and ' if (others.k > chosen_k).all() else ''}less stable distinction "
                f"than the split the stability analysis picks.")
    if verdict == "own":
        return f" The same verdict holds at {len(own)} of the {len(by_k)} values of k from 2 to 8."
    return " At no k from 2 to 8 does one topic hold the leaders' words apart."
