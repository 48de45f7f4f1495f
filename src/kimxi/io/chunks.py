"""A stage over many items, run in contiguous chunks on several processes, in order.

:func:`run` cuts a list (articles, sentences) into contiguous chunks, applies a
function to each chunk, in ``n_jobs`` processes when that pays, and returns
the chunks' results in the order of the items: the same result as one call on
the whole list when the function treats items one by one. Small inputs stay in
this process, where starting workers would cost more than it saves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from joblib import Parallel, delayed

from kimxi.io import progress

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 200  # fewer items per process than this: one process
CHUNKS_PER_JOB = 4  # several chunks per process, for a progress bar that moves
# At most this many items per chunk: a process holds one chunk and its result at a time, so
# its memory does not grow with the corpus (benchmarks/README.md).
MAX_CHUNK = 2000


def bounds(n: int, n_chunks: int) -> list[tuple[int, int]]:
    """``n_chunks`` contiguous (start, end) ranges covering ``range(n)``, sizes within one."""
    n_chunks = max(1, min(n_chunks, n))
    size, extra = divmod(n, n_chunks)
    out, start = [], 0
    for i in range(n_chunks):
        end = start + size + (1 if i < extra else 0)
        out.append((start, end))
        start = end
    return out


def run(function: Callable[[Sequence[T]], R], items: Sequence[T], n_jobs: int = 1,
        desc: str = "", unit: str = "item") -> list[R]:
    """``[function(chunk) for chunk in chunks of items]``, chunks in item order.

    Fewer than :data:`MIN_ITEMS` items are one chunk; more are cut into
    :data:`CHUNKS_PER_JOB` chunks per process, or more to keep each within
    :data:`MAX_CHUNK` items. With ``n_jobs`` > 1 and at least
    :data:`MIN_ITEMS` items per process, the chunks run in ``n_jobs`` processes;
    otherwise one after another in this one. A bar (on a terminal) counts the
    items done.
    """
    n_jobs = max(1, int(n_jobs))
    if len(items) < MIN_ITEMS:
        ranges = [(0, len(items))]
    else:
        ranges = bounds(len(items), max(n_jobs * CHUNKS_PER_JOB, -(-len(items) // MAX_CHUNK)))
    if n_jobs == 1 or len(items) < MIN_ITEMS * n_jobs:
        results = (function(items[a:b]) for a, b in ranges)
    else:
        results = Parallel(n_jobs=n_jobs, return_as="generator")(
            delayed(function)(items[a:b]) for a, b in ranges)
    out = []
    with progress.bar(len(items), desc, unit) as shown:
        for (a, b), result in zip(ranges, results, strict=True):
            out.append(result)
            shown.update(b - a)
    return out
