"""One thread per process for BLAS and OpenMP while the collection computes.

The collection uses the cores through processes (joblib, :mod:`kimxi.io.chunks`).
Inside a process, OpenBLAS would also start a thread per core; on the small
matrices of the tone validation those threads mostly wait, spinning, and took
as much CPU again as the work itself (the validation on the KCNA gold set: 28
CPU-seconds on two threads, 14.5 on one, in the same wall time), CPU that the
notebook running beside it needs. One thread also keeps a result from depending
on the machine's number of cores.
"""

from __future__ import annotations

from functools import cache

from threadpoolctl import ThreadpoolController


@cache
def _controller() -> ThreadpoolController:
    # The libraries loaded by the first call (numpy's and scipy's OpenBLAS, scikit-learn's
    # OpenMP): call it from code that has imported what it computes with.
    import numpy  # noqa: F401
    import scipy.linalg  # noqa: F401

    return ThreadpoolController()


def one_thread():
    """A context in which BLAS and OpenMP run on one thread (about 0.05 ms to enter,
    against 5 ms for a new ``threadpool_limits``, which looks up the libraries each time)."""
    return _controller().limit(limits=1)
