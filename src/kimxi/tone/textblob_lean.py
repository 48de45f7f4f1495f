"""TextBlob's pattern sentiment analyser without importing NLTK.

TextBlob's default sentiment (``TextBlob(text).sentiment``, the ``PatternAnalyzer``) is
``textblob.en.sentiment``, a port of the pattern library that needs neither NLTK nor
scikit-learn. But ``import textblob.en`` first runs the package's ``__init__``, which
imports ``textblob.blob`` and with it NLTK, and NLTK imports ``scipy.stats`` and most of
itself: 2.5-3 CPU-seconds in every process that scores sentences (each scoring worker of
a corpus, and the sentiment kernel), for nothing the score uses.

:func:`pattern_sentiment` returns ``textblob.en.sentiment`` with the package's
``__init__`` deferred: the package module is created from its own spec, and its
``__init__`` (textblob 0.20.1: ``from .blob import Blobber, Sentence, TextBlob, Word,
WordList`` and ``__all__``) runs, unchanged, the first time any other name of the package
is asked for (``from textblob import TextBlob`` then works as always). When textblob has
already been imported, nothing is deferred. The scores are TextBlob's own: the same
function object answers (tests/test_sentiment.py compares them on every gold unit).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType


def _deferred_package(name: str) -> ModuleType:
    """The package ``name`` in ``sys.modules`` with its ``__init__`` not yet run; the first
    attribute that is not a submodule runs it."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        raise ImportError(f"{name} is not an installed package")
    package = importlib.util.module_from_spec(spec)
    state = {"ran": False}

    def __getattr__(attribute: str):
        if state["ran"]:
            raise AttributeError(f"module {name!r} has no attribute {attribute!r}")
        state["ran"] = True
        spec.loader.exec_module(package)  # the package's own __init__, in its own namespace
        return getattr(package, attribute)

    package.__getattr__ = __getattr__
    sys.modules[name] = package
    return package


def pattern_sentiment():
    """``textblob.en.sentiment``: called on a text, it gives ``(polarity, subjectivity)``
    with ``.assessments``, as ``TextBlob(text).sentiment_assessments`` reads them."""
    if "textblob" not in sys.modules:
        _deferred_package("textblob")
    return importlib.import_module("textblob.en").sentiment
