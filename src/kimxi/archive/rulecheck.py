"""How well the archive's rules (genre, country mentions) agree with the hand check.

``data/kcna/handcheck/hand_labels.csv`` holds the labels read off 177 articles
(drawn by seed before the rules were written; ``data/kcna/handcheck/README.md``
says by whom and how). :func:`genre_agreement` and :func:`mention_agreement`
set them beside the rules' output in ``data/kcna/articles.csv``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.metrics import cohen_kappa_score, confusion_matrix

from kimxi.archive.genre import GENRES
from kimxi.archive.mentions import FOCUS
from kimxi.io.paths import DATA
from kimxi.io.schema import Column
from kimxi.io.tables import read_table

HAND_LABELS_CSV = DATA / "kcna" / "handcheck" / "hand_labels.csv"
SAMPLE_CSV = DATA / "kcna" / "handcheck" / "sample.csv"

HAND_COLUMNS = (
    Column("id", pattern=r"kcna-\d{8}-\d{2}"),
    Column("genre", choices=GENRES),
    *(Column(key, kind="boolean") for key in FOCUS),
    Column("other_countries", required=False),
    Column("leaders", required=False),
    Column("sender", required=False),
    Column("recipient", required=False),
    Column("note", required=False),
)


def load_hand_labels(path: str | Path = HAND_LABELS_CSV,
                     sample: str | Path = SAMPLE_CSV) -> pd.DataFrame:
    """The hand labels with the stratum each article was drawn in, booleans as bool."""
    labels = read_table(path, HAND_COLUMNS, key="id")
    drawn = read_table(sample, (Column("id"), Column("drawn_as")), key="id")
    labels = labels.merge(drawn, on="id", how="left", validate="one_to_one")
    for key in FOCUS:
        labels[key] = labels[key] == "true"
    return labels


def _paired(articles: pd.DataFrame, hand: pd.DataFrame) -> pd.DataFrame:
    articles = articles.rename(columns={"genre_rule": "rule_fired"})
    return hand.merge(articles, on="id", suffixes=("_hand", "_rule"), validate="one_to_one")


def genre_agreement(articles: pd.DataFrame, hand: pd.DataFrame) -> dict:
    """Agreement of the genre rules with the hand labels.

    Returns ``n``, ``agree`` (count), ``accuracy``, ``kappa`` (Cohen's),
    ``confusion`` (hand genre in rows, rule genre in columns) and
    ``disagreements`` (id, title, hand, rule, rule fired).
    """
    pair = _paired(articles, hand)
    hand_g, rule_g = pair["genre_hand"], pair["genre_rule"]
    confusion = pd.DataFrame(confusion_matrix(hand_g, rule_g, labels=list(GENRES)),
                             index=pd.Index(GENRES, name="hand"),
                             columns=pd.Index(GENRES, name="rule"))
    wrong = pair[hand_g != rule_g]
    disagreements = pd.DataFrame({"id": wrong["id"], "title": wrong["title"],
                                  "hand": wrong["genre_hand"], "rule": wrong["genre_rule"],
                                  "rule_fired": wrong["rule_fired"], "note": wrong["note"]})
    return {"n": len(pair), "agree": int((hand_g == rule_g).sum()),
            "accuracy": float((hand_g == rule_g).mean()),
            "kappa": float(cohen_kappa_score(hand_g, rule_g)), "confusion": confusion,
            "disagreements": disagreements.reset_index(drop=True)}


def mention_agreement(articles: pd.DataFrame, hand: pd.DataFrame) -> pd.DataFrame:
    """Per focus country: hand positives, rule positives, both, precision, recall, kappa."""
    pair = _paired(articles, hand)
    rows = []
    for key in FOCUS:
        h = pair[f"{key}_hand"].astype(bool)
        r = pair[f"{key}_rule"].astype(str).str.lower().isin(["true", "1"])
        both = int((h & r).sum())
        rows.append({"country": key, "hand": int(h.sum()), "rule": int(r.sum()),
                     "both": both, "disagree": int((h != r).sum()),
                     "precision": both / r.sum() if r.sum() else float("nan"),
                     "recall": both / h.sum() if h.sum() else float("nan"),
                     "kappa": float(cohen_kappa_score(h, r))})
    return pd.DataFrame(rows)
