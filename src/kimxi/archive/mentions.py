"""Which countries and leaders a KCNA article mentions: documented rules, tested by hand.

A country is *mentioned* when its name, adjective, capital, ruling party or
leader stands in the title or the text. The five countries the study follows
have rules of their own (:data:`FOCUS_PATTERNS`), written for KCNA's English:

- ``china``: China, Chinese, Beijing, PRC, CPC, Sino-, Xi Jinping. ("DPRK"
  does not contain "PRC"; "Koreans in China" mentions China.)
- ``russia``: Russia(n), Moscow, Kremlin, Putin. "Soviet" is left out: KCNA
  uses it of history, not of today's state.
- ``us``: U.S., US, USA, United States, America(n) (not Latin, South, North or
  Central America), Washington, White House, Pentagon, Trump, Yankee(s).
- ``rok``: S. Korea(n), South Korea(n) in any case, Seoul, ROK, Chongwadae, Moon
  Jae In, Park Geun Hye, Lee Myung Bak, and "puppet" followed by a noun of the
  state (KCNA's name for the ROK's government, army and authorities).
- ``japan``: Japan(ese), Tokyo, Abe.

Every other foreign country is found from ``data/lexicon/countries.csv``
(name, adjective and capital of each UN member and observer, longest name
first, so "Equatorial Guinea" is not also "Guinea"). Leaders
(:data:`LEADERS`) are matched by name. Matching is case-sensitive: KCNA
capitalises proper nouns, and "polish" or "chad" in lower case are not
countries.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from kimxi.corpus.targets import COUNTRY_PATTERNS
from kimxi.io.paths import DATA
from kimxi.io.schema import Column
from kimxi.io.tables import read_table

COUNTRIES_CSV = DATA / "lexicon" / "countries.csv"

FOCUS = ("china", "russia", "us", "rok", "japan")
FOCUS_NAMES = {"china": "China", "russia": "Russia", "us": "United States",
               "rok": "South Korea", "japan": "Japan"}

FOCUS_PATTERNS = COUNTRY_PATTERNS  # kimxi.corpus.targets: one definition of each name

LEADERS = {
    "Xi Jinping": r"\bXi Jinping\b",
    "Vladimir Putin": r"\bPutin\b",
    "Donald Trump": r"\bTrump\b",
    "Moon Jae In": r"\bMoon Jae[ -]?In\b",
    "Shinzo Abe": r"\bAbe\b",
}

COUNTRY_COLUMNS = (
    Column("country", description="English short name"),
    Column("names", pattern=r"[^|]+(?:\|[^|]+)*",
           description="'|'-separated names: the country, its adjective, its capital"),
    Column("note", required=False),
)

_FOCUS_RE = {key: re.compile(pattern) for key, pattern in FOCUS_PATTERNS.items()}
_LEADER_RE = {name: re.compile(pattern) for name, pattern in LEADERS.items()}


@lru_cache(maxsize=4)
def _country_matcher(path: str) -> tuple[re.Pattern, dict[str, str]]:
    table = read_table(path, COUNTRY_COLUMNS, key="country")
    owner = {}
    for country, names in zip(table.country, table.names, strict=True):
        for name in names.split("|"):
            owner.setdefault(name, country)
    alternatives = sorted(owner, key=lambda n: (-len(n), n))
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in alternatives) + r")\b")
    return pattern, owner


def focus_mentions(text: str) -> dict[str, bool]:
    """For each of :data:`FOCUS`, whether ``text`` mentions it."""
    return {key: bool(regex.search(text)) for key, regex in _FOCUS_RE.items()}


def leaders_mentioned(text: str) -> list[str]:
    """The :data:`LEADERS` named in ``text``, in the order of that table."""
    return [name for name, regex in _LEADER_RE.items() if regex.search(text)]


def other_countries(text: str, path: str | Path = COUNTRIES_CSV) -> list[str]:
    """The other foreign countries ``text`` mentions (sorted, each once)."""
    pattern, owner = _country_matcher(str(path))
    return sorted({owner[m.group(0)] for m in pattern.finditer(text)})


def mention_table(ids, titles, texts, path: str | Path = COUNTRIES_CSV) -> pd.DataFrame:
    """One row per article: a boolean per focus country, other countries and leaders.

    Title and text are searched together. Columns: ``id``, the five of
    :data:`FOCUS`, ``other_countries`` and ``leaders`` ("; "-separated).
    """
    rows = []
    for article_id, title, text in zip(ids, titles, texts, strict=True):
        both = f"{title}\n{text}"
        rows.append({"id": article_id, **focus_mentions(both),
                     "other_countries": "; ".join(other_countries(both, path)),
                     "leaders": "; ".join(leaders_mentioned(both))})
    return pd.DataFrame(rows, columns=["id", *FOCUS, "other_countries", "leaders"])
