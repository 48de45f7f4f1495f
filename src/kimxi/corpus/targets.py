"""The actor a user asks about (``--target``): what they type, the name it stands for, and
the words that name it in English state-media prose.

:func:`resolve` maps what a user would type to a known target: ``China``, ``Chinese``,
``PRC`` and ``Beijing`` (as government) are China; ``US``, ``U.S.``, ``USA``, ``United
States``, ``America`` and ``American`` are the United States; likewise South Korea, Japan,
Russia, North Korea and the leaders in :data:`KNOWN`. Case, dots and spaces do not matter
(``u.s.`` is ``US``). Anything else is taken as a word or phrase of its own, matched whole and
case-insensitively, punctuation included (``U.N.``). :func:`spans` finds where a text names
the target; :func:`count_warning` is what a run says when the target is rare in a corpus.

To add a target, add a :class:`Target` to :data:`KNOWN`: its name, the spellings a user
would type, and the pattern that finds it in a text (tested in ``tests/test_targets.py``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

MIN_SENTENCES = 30  # fewer sentences naming the target than this: the run warns


@dataclass(frozen=True)
class Target:
    """A target: its ``name``, the spellings a user may type, and the pattern naming it."""

    name: str
    aliases: tuple[str, ...]
    pattern: str

    @property
    def regex(self) -> re.Pattern:
        return re.compile(self.pattern)


# The country patterns are those KCNA's English needs (kimxi.archive.mentions uses them):
# "Koreans in China" names China; "US" and "U.S." are the country, "us" the pronoun is not.
_CHINA = r"\bChina\b|\bChinese\b|\bBeijing\b|\bPRC\b|\bCPC\b|\bSino-|\bXi Jinping\b"
KNOWN = (
    # As a target, China is also named by its leaders of 1997-2012.
    Target("China", ("china", "chinese", "prc", "beijing", "peoples republic of china",
                     "sino"), _CHINA + r"|\bHu Jintao\b|\bJiang Zemin\b"),
    Target("United States", ("us", "usa", "united states", "united states of america",
                             "america", "american", "americans", "washington"),
           r"\bU\.S\.|\bUSA?\b|\bUnited States\b|(?<!Latin )(?<!South )(?<!North )"
           r"(?<!Central )\bAmericans?\b|(?<!Latin )(?<!South )(?<!North )(?<!Central )"
           r"\bAmerica\b|\bWashington\b|\bWhite House\b|\bPentagon\b|\bTrump\b|\bYankees?\b"),
    Target("South Korea", ("south korea", "s korea", "rok", "seoul", "republic of korea",
                           "south korean", "south koreans"),
           r"\bS\. ?Korean?s?\b|\b[Ss]outh Korean?s?\b|\bSeoul\b|\bROK\b|\bChongwadae\b|"
           r"\bMoon Jae[ -]?In\b|\bPark Geun[ -]?Hye\b|\bLee Myung[ -]?Bak\b|"
           r"\bpuppet (?:authorities|regime|army|military|forces|government|group|"
           r"conservatives?|warmongers?|chief|navy|air force|marines?)\b"),
    Target("Japan", ("japan", "japanese", "tokyo"),
           r"\bJapan\b|\bJapanese\b|\bTokyo\b|\bAbe\b"),
    Target("Russia", ("russia", "russian", "russians", "moscow", "kremlin",
                      "russian federation"),
           r"\bRussian?s?\b|\bMoscow\b|\bKremlin\b|\bPutin\b"),
    Target("North Korea", ("north korea", "dprk", "pyongyang", "n korea", "north korean"),
           r"\bDPRK\b|\bNorth Korean?s?\b|\bPyongyang\b"),
    Target("Xi Jinping", ("xi jinping", "xi", "president xi"), r"\bXi Jinping\b|\bPresident Xi\b"),
    Target("Kim Jong Un", ("kim jong un", "kim jongun", "kim"), r"\bKim Jong[ -]?Un\b"),
    Target("Donald Trump", ("trump", "donald trump", "president trump"), r"\bTrump\b"),
    Target("Vladimir Putin", ("putin", "vladimir putin"), r"\bPutin\b"),
    Target("Moon Jae In", ("moon jae in", "moon"), r"\bMoon Jae[ -]?In\b"),
    Target("Shinzo Abe", ("abe", "shinzo abe"), r"\bAbe\b"),
)
# The archive's mention rules of the 2017-18 window (kimxi.archive.mentions).
COUNTRY_PATTERNS = {"china": _CHINA, "russia": KNOWN[4].pattern,
                    "us": KNOWN[1].pattern, "rok": KNOWN[2].pattern, "japan": KNOWN[3].pattern}


def _fold(text: str) -> str:
    """What a typed target is compared by: lower case, dots and apostrophes dropped, runs of
    space and hyphens made one space."""
    text = re.sub(r"[.'’]", "", text.casefold())
    return re.sub(r"[\s-]+", " ", text).strip()


_BY_ALIAS = {_fold(alias): target for target in KNOWN
             for alias in (*target.aliases, target.name)}


def resolve(typed: str) -> Target:
    """The target ``typed`` stands for: a known one (:data:`KNOWN`), else the word or phrase
    itself, matched whole and case-insensitively. ValueError for an empty target."""
    if not typed or not typed.strip():
        raise ValueError("the target may not be empty")
    known = _BY_ALIAS.get(_fold(typed))
    if known is not None:
        return known
    words = typed.strip()
    return Target(words, (words,), rf"(?i)(?<!\w){re.escape(words)}(?!\w)")


def names(texts, target: Target) -> list[bool]:
    """Whether each text names ``target``."""
    regex = target.regex
    return [bool(regex.search(text)) for text in texts]


def spans(text: str, target: Target) -> list[tuple[int, int]]:
    """``(start, end)`` of every place ``text`` names ``target``."""
    return [m.span() for m in target.regex.finditer(text)]


def nearest_known(typed: str, n: int = 3) -> list[str]:
    """The known targets whose spellings are closest to ``typed``."""
    close = difflib.get_close_matches(_fold(typed), list(_BY_ALIAS), n=n * 3, cutoff=0.5)
    out: list[str] = []
    for alias in close:
        name = _BY_ALIAS[alias].name
        if name not in out:
            out.append(name)
    return out[:n]


def count_warning(typed: str, target: Target, count: int) -> str | None:
    """What a run says when fewer than :data:`MIN_SENTENCES` sentences name the target,
    with the count and the nearest known targets; None when there are enough."""
    if count >= MIN_SENTENCES:
        return None
    known = target in KNOWN
    nearest = [] if known else nearest_known(typed)
    advice = (f" Known targets near {typed!r}: {', '.join(nearest)}." if nearest else
              "" if known else f" {typed!r} is not a known target; it is matched as a word.")
    return (f"WARNING: only {count} sentence{'s' if count != 1 else ''} of the corpus "
            f"name{'s' if count == 1 else ''} the target {target.name!r} (typed "
            f"{typed!r}); figures about it rest on too few sentences to read (at least "
            f"{MIN_SENTENCES} are needed).{advice}")
