"""The three maintained offline sentence splitters behind one interface.

Each function takes one paragraph and returns sentence spans ``(start, end)``
into it, whitespace trimmed, none empty, so boundaries can be compared as
character offsets. pysbd and syntok are needed only for the comparison
(``benchmarks/compare_splitters.py``); the pipeline uses nupunkt.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib.metadata import version

from kimxi.corpus.segment import split_sentences


def nupunkt_spans(text: str) -> list[tuple[int, int]]:
    """nupunkt, as the project calls it (:func:`kimxi.corpus.segment.split_sentences`)."""
    return split_sentences(text)


def reset_nupunkt() -> None:
    """Forget nupunkt's memo of boundary decisions (keyed by the text around each
    candidate stop), so a timing starts cold: repeated or replicated text would
    otherwise be split from the memo."""
    import nupunkt

    nupunkt._get_default_model().clear_decision_cache()


@cache
def _pysbd():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def pysbd_spans(text: str) -> list[tuple[int, int]]:
    """pysbd (rule-based, Golden Rules), English, no cleaning; segments located in ``text``.

    ``char_span=True`` is not used: it is slower and its spans drift when a
    segment repeats; each segment is found in order after the previous one.
    """
    spans, pos = [], 0
    for segment in _pysbd().segment(text):
        piece = segment.strip()
        if not piece:
            continue
        start = text.find(piece, pos)
        if start < 0:  # pragma: no cover - pysbd returns substrings when clean=False
            raise ValueError(f"pysbd segment not found in the text: {piece[:60]!r}")
        spans.append((start, start + len(piece)))
        pos = start + len(piece)
    return spans


def syntok_spans(text: str) -> list[tuple[int, int]]:
    """syntok's segmenter; a sentence runs from its first token to its last."""
    from syntok import segmenter

    spans = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            last = sentence[-1]
            spans.append((sentence[0].offset, last.offset + len(last.value)))
    return spans


# name -> (package, spans function, reset before a cold timing or None)
SPLITTERS: dict[str, tuple[str, Callable[[str], list[tuple[int, int]]], Callable | None]] = {
    "nupunkt": ("nupunkt", nupunkt_spans, reset_nupunkt),
    "pysbd": ("pysbd", pysbd_spans, None),
    "syntok": ("syntok", syntok_spans, None),
}


def available() -> dict[str, Callable[[str], list[tuple[int, int]]]]:
    """The splitters whose package is installed, by name."""
    out = {}
    for name, (package, fn, _) in SPLITTERS.items():
        try:
            version(package)
        except Exception:
            continue
        out[name] = fn
    return out


def reset(name: str) -> None:
    """Clear the memo of splitter ``name``, if it keeps one."""
    hook = SPLITTERS[name][2] if name in SPLITTERS else None
    if hook is not None:
        hook()


def versions() -> dict[str, str]:
    """Installed version of each splitter's package."""
    return {name: version(package) for name, (package, _, _) in SPLITTERS.items()
            if name in available()}
