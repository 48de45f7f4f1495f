"""The domain diplomatic-tone lexicon: terms of cooperation and conflict, matched with negation.

**Lexicon matching.** Text is lowercased, curly apostrophes are straightened
and it is cut by a regular expression into word tokens (letters and digits,
with inner hyphens and apostrophes kept, so "vice-premier" and "China's" are
one token each) and clause punctuation (``, ; : . ! ? ( )`` and quotation
marks). A lexicon term is one or more words separated by spaces; a word
ending in ``*`` matches any token that starts with it ("sanction*" matches
"sanctions"), other words match exactly. Terms are matched left to right,
longest term first, and a matched term consumes its tokens, so
"lift* sanctions" (+1) wins over "sanction*" (-1) and the weight-0 entries
("friendship bridge", "vice-premier", ...) block the shorter entries inside
these known false hits.

**Negation.** A hit is negated when one of :data:`NEGATORS` (or a word ending
in "n't") stands within :data:`NEGATION_WINDOW` tokens before its first word
with no clause punctuation in between; "not only" and "not least" are not
negations. A negated hit contributes ``-0.5`` times its weight: the sign
flips and the strength halves. Flipping alone would read "did not condemn" as
praise; zeroing would lose "no longer hostile". Shifting towards the other
pole is the compromise that sentiment research on negation settled on
(Taboada et al. 2011, "Lexicon-based methods for sentiment analysis",
*Computational Linguistics* 37(2): negation as a shift, not a flip), and the
codebook's rule R6 ("code the resulting meaning") mostly lands between the
two. Three tokens reach over an auxiliary and an adverb ("did not really
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kimxi.io.errors import DataError
from kimxi.io.paths import DATA, relative
from kimxi.io.schema import Column
from kimxi.io.tables import read_table

LEXICON_CSV = DATA / "lexicon" / "diplomatic_tone.csv"
NEGATORS = frozenset({"not", "no", "never", "without", "nor", "neither", "cannot",
                      "lack", "lacks", "lacked", "lacking"})
NEGATION_WINDOW = 3
_NOT_NEGATION = {("not", "only"), ("not", "least"), ("not", "just")}
# Multiplier applied to the weight of a negated hit.
NEGATION_SHIFT = -0.5

_TOKEN = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*|[,;:.!?()\"]")
BOUNDARY = frozenset(",;:.!?()\"")
_TERM = r"[a-z0-9]+(?:['\-][a-z0-9]+)*\*?(?: [a-z0-9]+(?:['\-][a-z0-9]+)*\*?)*"

LEXICON_COLUMNS = [
    Column("term", pattern=_TERM,
           description="one or more lowercase words; a trailing * matches any ending"),
    Column("weight", kind="number", pattern=r"-?(?:0|1)(?:\.\d+)?",
           description="-1..1: sign is the direction, size how reliable the cue is; "
                       "0 blocks a known false hit"),
    Column("rationale", description="why the term signals cooperation or conflict"),
    Column("source", description="CAMEO category (Goldstein value) or other basis"),
]


def tokenize(text: str) -> list[str]:
    """Lowercased word tokens and clause punctuation of ``text``.

    Curly quotes and apostrophes are straightened first; inner hyphens and
    apostrophes stay inside a token ("vice-premier", "north's").
    """
    text = (text.lower().replace("\u2019", "'").replace("\u2018", "'")
            .replace("\u201c", '"').replace("\u201d", '"'))
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Hit:
    """One lexicon match: the term, the words it matched, its weight and contribution."""

    term: str
    words: str
    weight: float
    negated: bool
    contribution: float

    def label(self) -> str:
        """Short readable form, e.g. ``sanctions(-1)`` or ``not cooperate(-0.5)``."""
        prefix = "NEG " if self.negated else ""
        return f"{prefix}{self.words}({self.contribution:+g})"


class Lexicon:
    """A validated diplomatic-tone lexicon, ready to match tokenized text."""

    def __init__(self, table: pd.DataFrame):
        self.table = table.reset_index(drop=True)
        entries = []
        for term, weight in zip(self.table["term"], self.table["weight"], strict=True):
            words = tuple(term.split(" "))
            entries.append((words, float(weight), term))
        # Longest first; among equals, exact words before wildcards, then by term.
        entries.sort(key=lambda e: (-len(e[0]), sum(w.endswith("*") for w in e[0]), e[2]))
        self._by_first: dict[str, list[tuple[tuple[str, ...], float, str]]] = {}
        self._wild_first: dict[str, list[tuple[tuple[str, ...], float, str]]] = {}
        for entry in entries:
            first = entry[0][0]
            if first.endswith("*"):
                self._wild_first.setdefault(first[:-1], []).append(entry)
            else:
                self._by_first.setdefault(first, []).append(entry)
        self._order = {e[2]: i for i, e in enumerate(entries)}
        self._seen: dict[str, list] = {}  # candidates per token, found once

    def __len__(self) -> int:
        return len(self.table)

    @staticmethod
    def _word_matches(pattern: str, token: str) -> bool:
        if pattern.endswith("*"):
            return token.startswith(pattern[:-1])
        return token == pattern

    def _candidates(self, token: str):
        if token in self._seen:
            return self._seen[token]
        found = list(self._by_first.get(token, ()))
        for end in range(1, len(token) + 1):             # every prefix a wildcard may hold
            found += self._wild_first.get(token[:end], ())
        found.sort(key=lambda e: self._order[e[2]])
        self._seen[token] = found
        return found

    def hits(self, text: str) -> list[Hit]:
        """Every term matched in ``text``, left to right, with negation applied."""
        tokens = tokenize(text)
        out: list[Hit] = []
        i = 0
        last_end = 0  # a negator is spent on the first hit after it
        while i < len(tokens):
            matched = None
            for words, weight, term in self._candidates(tokens[i]):
                n = len(words)
                if i + n <= len(tokens) and all(
                        self._word_matches(w, t) for w, t in zip(words, tokens[i:i + n],
                                                                 strict=True)):
                    matched = (words, weight, term)
                    break
            if matched is None:
                i += 1
                continue
            words, weight, term = matched
            n = len(words)
            if weight != 0:
                negated = _negated(tokens, i, last_end)
                contribution = weight * (NEGATION_SHIFT if negated else 1.0)
                out.append(Hit(term, " ".join(tokens[i:i + n]), weight, negated,
                               contribution))
                last_end = i + n
            i += n
        return out


def _negated(tokens: list[str], start: int, floor: int = 0) -> bool:
    """True when a negator stands within the window before ``start``, same clause.

    Tokens before ``floor`` (the end of the previous hit) are not searched: a
    negator applies to the first hit after it only.
    """
    for j in range(start - 1, max(start - 1 - NEGATION_WINDOW, floor - 1), -1):
        token = tokens[j]
        if token in BOUNDARY:
            return False
        if token in NEGATORS or token.endswith("n't"):
            following = tokens[j + 1] if j + 1 < len(tokens) else ""
            if (token, following) in _NOT_NEGATION:
                continue
            return True
    return False


def load_lexicon(path: str | Path = LEXICON_CSV) -> Lexicon:
    """Read and validate the lexicon CSV (term, weight, rationale, source).

    Raises DataError naming the row and column of a malformed term, a weight
    outside -1..1, an empty rationale or source, or a duplicate term.
    """
    table = read_table(path, LEXICON_COLUMNS, key="term")
    for i, value in enumerate(table["weight"], start=1):
        if not -1.0 <= float(value) <= 1.0:
            raise DataError(relative(path), f"{value!r} is outside -1..1", row=i,
                            column="weight")
    table["weight"] = table["weight"].astype(float)
    return Lexicon(table)
