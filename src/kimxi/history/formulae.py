"""The formulae of DPRK-China leader messages, by a rule fixed before the 2017-18 messages were
compared (analysis plan, entry P6).

A formula is a two- or three-word sequence (words of letters, lower case, after KCNA's dateline)
that stands in at least :data:`MIN_SHARE` of the DPRK-China leader messages of 1997-2011 (before
any message of Kim Jong Un), that neither begins nor ends with a function word
(:data:`FUNCTION_WORDS`) and holds no name or office word (:data:`NAME_WORDS`): what the
messages of those fifteen years said again and again, not who sent them. A shorter sequence is
dropped where a longer one holding it is in as many messages. "friendship" and "blood" are
added by name (:data:`NAMED`): the press of 2017-18 read their presence.
"""

from __future__ import annotations

import re

import pandas as pd

MIN_SHARE = 0.25
BASE_YEARS = ("1997", "2011")
NAMED = {"friendship": re.compile(r"\bfriendship\b", re.I),
         "blood": re.compile(r"\bblood", re.I)}
FUNCTION_WORDS = frozenset(
    "a an the of and or to in on at by for with from as is are was were be been this that these "
    "those it its their his her your our my we you he she they i me him them us which who whom "
    "whose will would shall should can could may might must has have had do does did not no "
    "all any each every more most other such than then there here so very also into upon over "
    "under between through during about".split())
NAME_WORDS = frozenset(
    "kim jong il un yong nam pak pong ju hong song choe rim xi jinping hu jintao jiang zemin wen "
    "jiabao li keqiang peng zhu rongji wu bangguo zhanshu dejiang ruihuan qinglin "
    "general secretary president premier chairman central committee party workers korea korean "
    "dprk china chinese prc cpc wpk republic people's peoples democratic communist state "
    "council commission national defence defense assembly supreme presidium standing congress "
    "pyongyang beijing kcna message messages sent said".split())
_WORD = re.compile(r"\b[a-z]+(?:'[a-z]+)?\b")
_DATELINE = re.compile(r"^.*?\(KCNA\)\s*--\s*", re.S)


def words(text: str) -> list[str]:
    """The text's words after KCNA's dateline, lower case."""
    return _WORD.findall(_DATELINE.sub("", text, count=1).lower())


def sequences(text: str) -> set[str]:
    """Every two- and three-word sequence of the text that may be a formula."""
    tokens = words(text)
    out = set()
    for n in (2, 3):
        for i in range(len(tokens) - n + 1):
            gram = tokens[i:i + n]
            if gram[0] in FUNCTION_WORDS or gram[-1] in FUNCTION_WORDS:
                continue
            if any(w in NAME_WORDS for w in gram):
                continue
            out.add(" ".join(gram))
    return out


def relationship_formulae(messages: pd.DataFrame) -> pd.DataFrame:
    """The formulae (``formula``, ``messages``, ``share``) from ``messages`` (``date``,
    ``text``) of :data:`BASE_YEARS`, most frequent first."""
    years = messages["date"].str[:4]
    base = messages[(years >= BASE_YEARS[0]) & (years <= BASE_YEARS[1])]
    counts: dict[str, int] = {}
    for text in base["text"]:
        for gram in sequences(text):
            counts[gram] = counts.get(gram, 0) + 1
    kept = {g: c for g, c in counts.items() if c >= MIN_SHARE * len(base)}
    longer = [g for g in kept if g.count(" ") == 2]
    table = pd.DataFrame(
        [(g, c) for g, c in kept.items()
         if not any(g in other and kept[other] == c for other in longer if other != g)],
        columns=["formula", "messages"])
    table["share"] = (table["messages"] / len(base)).round(4)
    return table.sort_values(["messages", "formula"], ascending=[False, True],
                             ignore_index=True)


def presence(texts: pd.Series, formulae: list[str]) -> pd.DataFrame:
    """One row per text: whether each formula (and each of :data:`NAMED`) stands in it."""
    rows = []
    for text in texts:
        found = sequences(text)
        row = {f: f in found for f in formulae}
        row.update({name: bool(regex.search(_DATELINE.sub("", text, count=1)))
                    for name, regex in NAMED.items()})
        rows.append(row)
    return pd.DataFrame(rows, index=texts.index)
