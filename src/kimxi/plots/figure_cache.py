"""The files of a figure, kept under the hash of everything its rendering reads.

Saving a figure (rasterising the PNG, writing the SVG) costs more than building
it. :func:`rendered` returns the PNG and SVG bytes a render function writes
for a figure, and keeps them in :mod:`kimxi.io.cache` under a key made of:

- the figure itself: every artist with its data and properties, as pickled by
  :func:`fingerprint` (matplotlib's transforms are pickled without the memory
  addresses that would make the same figure hash differently in each process, and
  date locators without the start time they are made with, which the first draw
  replaces);
- the source line written under it;
- every matplotlib setting (``rcParams``) except those of the interactive
  backend, which change nothing written;
- the code of the package and the versions of matplotlib, Pillow and the rest
  (:func:`kimxi.io.cache.code_fingerprint`).

A figure that differs in any of these is rendered again. A figure that cannot
be pickled (an artist holding a lambda, say) is rendered every time.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable

import matplotlib as mpl
from matplotlib.dates import rrulewrapper
from matplotlib.figure import Figure
from matplotlib.transforms import TransformNode

from kimxi.io import cache

# Settings of the interactive backend: they change what a window shows, not what savefig writes.
BACKEND_SETTINGS = ("backend", "backend_fallback", "interactive", "figure.raise_window",
                    "toolbar", "timezone")


class _Pickler(pickle.Pickler):
    """A pickler whose output is the same in every process for the same figure."""

    def reducer_override(self, obj):
        if isinstance(obj, TransformNode):
            # A transform keeps its parents in a dict keyed by id(parent): the addresses
            # differ from process to process, the parents (kept in order) do not.
            reduced = obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
            state = dict(reduced[2])
            state["_parents"] = list(state.get("_parents", {}).values())
            return (reduced[0], reduced[1], state, *reduced[3:])
        if isinstance(obj, rrulewrapper):
            # A date locator's rule starts at the time it was made until the first draw sets
            # its start and end from the axis: everything else about it is kept.
            kept = {k: v for k, v in obj._construct.items() if k not in ("dtstart", "until")}
            return (rrulewrapper, (repr(sorted(kept.items())), repr(obj._tzinfo)))
        return NotImplemented


def fingerprint(fig: Figure) -> str | None:
    """sha256 of the figure's pickled artists, or None when it cannot be pickled."""
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(fig)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def settings() -> str:
    """Every matplotlib setting that can change a saved file, in a fixed order."""
    return repr(sorted((key, repr(value)) for key, value in mpl.rcParams.items()
                       if key not in BACKEND_SETTINGS))


def rendered(fig: Figure, source: str, render: Callable[[], dict[str, bytes]]
             ) -> dict[str, bytes]:
    """``render()`` (the bytes of each file, by suffix), or what it returned before for the
    same figure, source line and settings."""
    figure = fingerprint(fig)
    if figure is None:
        return render()
    return cache.cached("figure", {"figure": figure, "source": source, "settings": settings()},
                        render)
