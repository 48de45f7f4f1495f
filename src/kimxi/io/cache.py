"""One cache for the slow stages: ``joblib.Memory`` at the stage boundary.

:func:`cached` runs a stage's computation once and afterwards returns the stored result for
as long as nothing it depends on has changed. ``joblib.Memory`` stores the result and keys it
(``joblib.hash``) on:

- the stage's name and every input given (tables, arrays, sparse matrices, numbers and
  strings, by value);
- the code of the stage: the source of the module that calls :func:`cached` and of every
  ``kimxi`` module it imports, directly or not (:func:`code_fingerprint`, from the import
  graph that ``grimp`` builds; a change to a figure or to the runner does not touch a tone
  or topic result);
- the versions of Python and of the packages whose arithmetic the stages use.

A changed input therefore never meets an old result; it makes a new entry. The store is
``.cache/`` at the repository root (``KIMXI_CACHE_DIR`` moves it; a user's corpus keeps its
own inside ``OUT``); it is ignored by git and never committed. ``KIMXI_CACHE=off`` turns the
cache off, and ``make clean-cache`` empties it. Entries are pickles written by this code on
this machine: do not put files from elsewhere there.

Each entry is stored with the ``joblib.hash`` of its result. A loaded result whose hash is not
the one stored with it (a flipped bit on disk, a truncated write that still unpickles) is
reported on stderr in one line, recomputed and stored again; an entry that no longer unpickles
is recomputed by joblib itself.
"""

from __future__ import annotations

import hashlib
import os
import platform
import sys
from collections.abc import Callable
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import joblib

from kimxi.io.paths import ROOT

PACKAGES = ("numpy", "pandas", "scipy", "scikit-learn", "joblib", "textblob",
            "vaderSentiment", "nltk", "nupunkt")
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def directory() -> Path:
    """Where entries are kept: ``KIMXI_CACHE_DIR``, else ``.cache/`` at the repository root."""
    return Path(os.environ.get("KIMXI_CACHE_DIR") or ROOT / ".cache")


def enabled() -> bool:
    return os.environ.get("KIMXI_CACHE", "on").lower() not in ("off", "0", "no", "false")


@cache
def code_fingerprint(module: str) -> str:
    """sha256 over the source of ``module`` and of every ``kimxi`` module it imports, at any
    depth, with the versions of Python and of :data:`PACKAGES`."""
    import grimp

    modules = []
    if module == "kimxi" or module.startswith("kimxi."):
        graph = grimp.build_graph("kimxi", cache_dir=None)
        modules = sorted({module} | graph.find_upstream_modules(module))
    digest = hashlib.sha256(f"{module}\npython {platform.python_version()}".encode())
    for name in PACKAGES:
        digest.update(f"{name} {version(name)}".encode())
    for name in modules:
        parts = name.split(".")[1:]
        path = PACKAGE_DIR.joinpath(*parts)
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _compute(name: str, inputs: dict[str, Any], code: str, compute: Callable[[], Any]
             ) -> tuple[str, Any]:
    """What joblib stores, keyed on the first three arguments: the ``joblib.hash`` of
    ``compute()``'s result, and the result."""
    result = compute()
    return joblib.hash(result), result


def cached(name: str, inputs: dict[str, Any], compute: Callable[[], Any]) -> Any:
    """``compute()``, or the result it returned before for the same ``name``, ``inputs`` and
    code.

    ``inputs`` must hold everything ``compute`` reads that is not code: the tables and
    settings it is called with. The code is that of the module where ``compute`` is defined
    (the stage's module) and of everything it imports (:func:`code_fingerprint`).
    """
    if not enabled():
        return compute()
    memory = joblib.Memory(directory(), verbose=0)
    stored = memory.cache(_compute, ignore=["compute"])
    code = code_fingerprint(compute.__module__)
    digest, result = stored(name, inputs, code, compute)
    if joblib.hash(result) != digest:
        print(f"cache: the stored result of {name!r} in {directory()} is corrupt (its hash "
              "does not match); recomputing it", file=sys.stderr)
        digest, result = stored.call(name, inputs, code, compute)[0]
    return result
