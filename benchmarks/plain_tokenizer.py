"""The topic tokenizer as plainly written: each of its phrase patterns over the whole text.

:func:`kimxi.topics.terms.tokenize` gives the same terms faster (a pattern is tried only
where its anchors occur; ASCII texts are cut as bytes; raw tokens are memoised).
``tests/test_topics.py`` checks that the two agree, and ``bench_devices.py`` measures what the
faster one saves at the scale of the 21-year archive: the house keeps a speed device only
where it saves at least a tenth of the run it serves.
"""

from __future__ import annotations

import re

from kimxi.topics import terms as topic_terms

_REFERENCE_PHRASES = [(re.compile(p), r) for p, r, _ in topic_terms.PHRASES]
_REFERENCE_TOKEN = re.compile(r"[a-z0-9_]+")


def reference_normalise(text: str) -> str:
    """topic_terms.normalise, plainly: each pattern over all the text."""
    for pattern, replacement in _REFERENCE_PHRASES:
        text = pattern.sub(replacement, text)
    return text.replace("’", "'")


def reference_tokenize(text: str) -> list[str]:
    """topic_terms.tokenize, plainly (no anchors, no memo)."""
    text = reference_normalise(text)
    text = re.sub(r"'s\b", " ", text).lower()
    terms = []
    for token in _REFERENCE_TOKEN.findall(text):
        token = token.strip("_")
        if len(token) < 2 or token in topic_terms.STOP_WORDS or any(c.isdigit() for c in token):
            continue
        token = topic_terms.fold_plural(token)
        if token not in topic_terms.STOP_WORDS:
            terms.append(token)
    return terms


