"""After nbval: every committed figure and processed table against a fresh drawing.

``make test`` runs nbval with ``KIMXI_PROCESSED_DIR`` and ``KIMXI_FIGURES_DIR``
pointing into a temporary folder and with the network guard of
``tests/netguard`` on the kernels' path. The tests here run after every
notebook (``conftest.py`` moves them to the end of the session) and check
what that one execution left: each file of ``figures/`` and
``data/processed/`` was drawn again, byte for byte the same, nothing was
drawn that is not committed, and no kernel touched the network.

Run outside ``make test`` (no redirection in the environment, or no notebook
in the session), they skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kimxi.io import paths

pytestmark = pytest.mark.after_notebooks


def _fresh(variable: str, request) -> Path:
    if not os.environ.get(variable):
        pytest.skip(f"{variable} is not set: `make test` sets it to compare fresh outputs")
    if not request.session.config.getoption("nbval", default=False):
        pytest.skip("the notebooks were not executed in this session (no --nbval)")
    return Path(os.environ[variable])


def _compare(committed: Path, fresh: Path, pattern: str) -> list[str]:
    old = {p.name for p in committed.glob(pattern)}
    new = {p.name for p in fresh.glob(pattern)} if fresh.is_dir() else set()
    problems = [f"{name}: committed, not drawn again" for name in sorted(old - new)]
    problems += [f"{name}: drawn, not committed" for name in sorted(new - old)]
    problems += [f"{name}: differs from the committed file" for name in sorted(old & new)
                 if (committed / name).read_bytes() != (fresh / name).read_bytes()]
    return problems


def test_every_figure_is_drawn_again_byte_for_byte(request):
    fresh = _fresh("KIMXI_FIGURES_DIR", request)
    assert sorted(paths.FIGURES.glob("*.png")) and sorted(paths.FIGURES.glob("*.svg"))
    problems = _compare(paths.FIGURES, fresh, "*.*")
    assert not problems, "\n".join(problems)


def test_every_processed_table_is_written_again_byte_for_byte(request):
    fresh = _fresh("KIMXI_PROCESSED_DIR", request)
    problems = _compare(paths.PROCESSED, fresh, "*.csv")
    assert not problems, "\n".join(problems)


def test_no_kernel_touched_the_network(request):
    _fresh("KIMXI_FIGURES_DIR", request)
    log = os.environ.get("KIMXI_NETGUARD_LOG")
    if not log:
        pytest.skip("KIMXI_NETGUARD_LOG is not set: `make test` sets it")
    loaded = Path(log + ".loaded")
    # pytest itself and at least one kernel per notebook loaded the guard.
    notebooks = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    pids = set(loaded.read_text().split()) if loaded.is_file() else set()
    assert len(pids) > len(notebooks), f"the guard was loaded in {len(pids)} processes only"
    assert str(os.getpid()) in pids, "pytest ran without the guard"
    attempts = Path(log).read_text() if Path(log).is_file() else ""
    assert attempts == "", attempts
