"""Results of the slow, deterministic stages, kept on disk under the hash of all their inputs.

:func:`cached` runs a computation once and afterwards returns the stored
result for as long as nothing it depends on has changed. The key is the
sha256 of:

- the stage's name and every argument given (tables by their cell values,
  column names and types, arrays and sparse matrices by their bytes, shapes
  and types, numbers and strings by value);
- the source of every module of the ``kimxi`` package (any change to the code
  makes a new key);
- the versions of Python and of the packages whose arithmetic the stages use
  and that draw the figures.

A changed input therefore never meets an old result; it makes a new entry.
The store is ``.cache/`` at the repository root (``KIMXI_CACHE_DIR`` moves
it); it is ignored by git and never committed. ``KIMXI_CACHE=off`` turns the
cache off, and ``make clean-cache`` empties it. Entries are pickles written
by this code on this machine: do not put files from elsewhere there.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import platform
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kimxi.io.paths import ROOT

PACKAGES = ("numpy", "pandas", "scipy", "scikit-learn", "joblib", "textblob",
            "vaderSentiment", "nltk", "nupunkt", "matplotlib", "pillow")
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def directory() -> Path:
    """Where entries are kept: ``KIMXI_CACHE_DIR``, else ``.cache/`` at the repository root."""
    return Path(os.environ.get("KIMXI_CACHE_DIR") or ROOT / ".cache")


def enabled() -> bool:
    return os.environ.get("KIMXI_CACHE", "on").lower() not in ("off", "0", "no", "false")


@cache
def code_fingerprint() -> str:
    """sha256 over the package's source files and the versions of Python and the packages."""
    digest = hashlib.sha256(f"python {platform.python_version()}".encode())
    for name in PACKAGES:
        digest.update(f"{name} {version(name)}".encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".mplstyle"):
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _feed(digest, value: Any) -> None:
    """Add ``value`` to ``digest`` with its type, so that equal keys mean equal inputs."""
    # Without scipy.sparse imported no value can be a sparse matrix: no need to import it.
    sparse = sys.modules.get("scipy.sparse")
    if isinstance(value, pd.DataFrame):
        digest.update(b"frame")
        digest.update(repr([(str(c), str(t)) for c, t in value.dtypes.items()]).encode())
        digest.update(repr(list(value.index.names)).encode())
        digest.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
    elif isinstance(value, pd.Series):
        digest.update(f"series {value.name} {value.dtype}".encode())
        digest.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
    elif sparse is not None and sparse.issparse(value):
        value = sparse.csr_matrix(value)
        digest.update(f"sparse {value.shape} {value.dtype}".encode())
        for part in (value.data, value.indices, value.indptr):
            digest.update(np.ascontiguousarray(part).tobytes())
    elif isinstance(value, np.ndarray):
        if value.dtype == object:
            _feed(digest, pd.Series(value.ravel()))
            digest.update(repr(value.shape).encode())
        else:
            digest.update(f"array {value.shape} {value.dtype}".encode())
            digest.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, dict):
        digest.update(f"dict {len(value)}".encode())
        for k in sorted(value, key=repr):
            _feed(digest, k)
            _feed(digest, value[k])
    elif isinstance(value, list | tuple):
        digest.update(f"{type(value).__name__} {len(value)}".encode())
        for item in value:
            _feed(digest, item)
    elif isinstance(value, bytes):
        digest.update(f"bytes {len(value)}".encode())
        digest.update(value)
    elif value is None or isinstance(value, bool | int | float | str | np.generic):
        digest.update(f"{type(value).__name__} {value!r}".encode())
    else:
        raise TypeError(f"cannot key a cache entry on a {type(value).__name__}")


def key(name: str, inputs: dict[str, Any]) -> str:
    """The entry's key: sha256 of ``name``, ``inputs`` and :func:`code_fingerprint`."""
    digest = hashlib.sha256(f"{name}\n{code_fingerprint()}\n".encode())
    _feed(digest, inputs)
    return digest.hexdigest()


def cached(name: str, inputs: dict[str, Any], compute: Callable[[], Any]) -> Any:
    """``compute()``, or the result it returned before for the same ``name`` and ``inputs``.

    ``inputs`` must hold everything ``compute`` reads that is not code of this
    package: the tables and settings it is called with. An entry that cannot
    be read is computed again and rewritten.
    """
    if not enabled():
        return compute()
    path = directory() / f"{name}-{key(name, inputs)[:32]}.pkl"
    if path.is_file():
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except Exception:  # a truncated or foreign entry: recompute it
            path.unlink(missing_ok=True)
    result = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False,
                                     suffix=".tmp") as handle:
        pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(handle.name, path)
    return result
