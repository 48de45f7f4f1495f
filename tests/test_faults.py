"""Fault injection: runs killed at a write, a full disk, an OUT gone read-only.

Each test works on a scratch clone of the repository (its tracked files as they are in this
working tree) and runs the ``kimxi`` command line there in a child process, under strace,
which stops the run at a chosen system call on a chosen path: ``SIGKILL`` at the ``link``
that sets a file's old version aside just before the new one is renamed onto it (when the
file is not the first of a set written together, the files before it are already swapped and
their old versions set aside), at a ``mkdir`` of the folder a file is about to be written in,
or at the Nth ``write`` of a process; a ``write`` into the file itself, which an in-place
writer would make, is killed too. (strace's ``-P`` matches a rename by its first path only,
and the new file's temporary name is random: the rename itself cannot be chosen.) After each
kill the tracked files must be whole (the committed version, or the one a complete run
writes), and the next run must succeed and leave no temporary file behind. A full disk and a
read-only folder are tested in tests/test_atomic.py (an error returned by ``mkdir`` here would
be swallowed by pathlib's ``exist_ok``). Skipped, with the reason, where strace is missing or
may not trace (``apt-get install strace``; ``.ci/run`` installs it).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kimxi.io import paths

STRACE = shutil.which("strace")
KILL = "signal=SIGKILL:when=1"
LINK, MKDIR = ("link", "linkat"), ("mkdir", "mkdirat")


def _strace_works() -> bool:
    if STRACE is None:
        return False
    return subprocess.run([STRACE, "-f", "-qq", "-o", os.devnull, "true"],
                          capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(not _strace_works(), reason=(
    "strace is not installed or may not trace here (apt-get install strace): the fault "
    "injection tests stop runs with it"))


def _git(clone: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=clone, capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A clone of the repository whose tracked files are those of this working tree, committed
    (so that ``git status`` shows what a run changed). Without git there is nothing to clone."""
    if not (paths.ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("needs the repository's git history and git")
    target = tmp_path_factory.mktemp("faults") / "repo"
    subprocess.run(["git", "clone", "--local", "--quiet", str(paths.ROOT), str(target)],
                   check=True)
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=paths.ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source, copy = paths.ROOT / name, target / name
        if source.is_file():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)
        elif copy.exists():  # deleted in the working tree
            copy.unlink()
    _git(target, "add", "-A")
    _git(target, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty",
         "-m", "the working tree")
    return target.resolve()


def _env(clone: Path) -> dict[str, str]:
    """The environment of a run in the clone: its own code and paths, none of make test's."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("KIMXI_") and k not in ("PYTHONPATH", "JPY_PARENT_PID")}
    env.update(PYTHONPATH=str(clone / "src"), PYTHONDONTWRITEBYTECODE="1")
    return env


def _kimxi(clone: Path, *args: str, fault: tuple[list[Path], tuple[str, ...], str] | None = None,
           log: Path | None = None) -> subprocess.CompletedProcess:
    """``kimxi ARGS`` in ``clone``; with ``fault`` = (files, calls, action), under strace,
    which applies ``action`` (``signal=SIGKILL:when=1``, ``error=ENOSPC`` ...) to the system
    calls ``calls`` (and to ``write``) on any of ``files``. Each file is named in the three
    spellings a process of the run may use: absolute, from the root, from notebooks/."""
    command = [sys.executable, "-m", "kimxi.run.cli", *args]
    if fault is not None:
        files, calls, action = fault
        calls = ("write", *calls)
        spellings = set()
        for path in files:
            spellings.add(str(path))
            if clone in path.parents:
                inside = path.relative_to(clone).as_posix()
                spellings |= {inside, f"../{inside}"}
        command = [STRACE, "-f", "-q", "-o", str(log), *(f"-P{p}" for p in sorted(spellings)),
                   "-e", f"trace={','.join(calls)}", "-e", f"inject={','.join(calls)}:{action}",
                   *command]
    return subprocess.run(command, cwd=clone, env=_env(clone), capture_output=True, text=True,
                          timeout=600)


def _injected(log: Path, what: str) -> bool:
    text = log.read_text()
    return ("killed by SIGKILL" in text) if what == KILL else ("(INJECTED)" in text)


def _changed(clone: Path) -> dict[str, str]:
    """Tracked files a run changed, by path: git's two-letter status."""
    return {line[3:]: line[:2] for line in _git(clone, "status", "--porcelain").splitlines()
            if not line.startswith("??")}


def _extra(clone: Path) -> list[str]:
    """Files and folders, ignored or not, that are not tracked (the result cache aside)."""
    return [line for line in _git(clone, "status", "--porcelain", "--ignored",
                                  "--untracked-files=all").splitlines()
            if line[:2] in ("??", "!!") and not line[3:].startswith(".cache/")]


def _whole(path: Path) -> None:
    """The file at ``path`` is complete: it parses as what its suffix says."""
    if path.suffix == ".ipynb":
        nbformat.validate(nbformat.read(path, as_version=4))
    elif path.suffix == ".png":
        from PIL import Image

        with Image.open(path) as image:
            image.load()
    elif path.suffix == ".csv":
        assert len(pd.read_csv(path).columns) > 0
    elif path.suffix == ".json":
        json.loads(path.read_text(encoding="utf-8"))
    elif path.suffix == ".svg":
        assert path.read_text(encoding="utf-8").rstrip().endswith("</svg>")
    else:
        assert path.stat().st_size > 0


# Where `make run` is stopped: at each kind of committed output, in the kernel that writes it
# (a table) or in the runner (notebook, README). paragraphs.csv is the third table of its
# notebook's set: the kill finds the two before it swapped in and their old versions set aside.
# Three kills keep the test within its time; figures and data/datapackage.json go through the
# same writer (kimxi.io.tables.write_tables; tests/test_atomic.py).
RUN_FAULTS = [
    "data/processed/paragraphs.csv",
    "notebooks/01_corpus.ipynb",
    "README.md",
]
NOTEBOOK = "notebooks/01_corpus.ipynb"  # one notebook writes a figure and tables, in seconds


def test_make_run_killed_at_a_write_leaves_every_committed_file_whole(clone, tmp_path):
    # A README whose findings are out of date, so that the run rewrites it.
    readme = clone / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert "<!-- findings:start -->" in text
    readme.write_text(text.replace("<!-- findings:start -->",
                                   "<!-- findings:start -->\nAn out-of-date line.", 1),
                      encoding="utf-8")
    _git(clone, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "stale README")

    left: dict[str, list[bytes]] = {}  # what each kill left in a tracked file it changed
    for name in RUN_FAULTS:
        log = tmp_path / f"{Path(name).name}.log"
        done = _kimxi(clone, "run", NOTEBOOK, fault=([clone / name], LINK, KILL), log=log)
        assert _injected(log, KILL), f"the run was not stopped at {name}: {done.stderr[-2000:]}"
        assert done.returncode != 0
        for changed, status in _changed(clone).items():
            assert status == " M", f"{changed}: {status} after the kill at {name}"
            _whole(clone / changed)
            left.setdefault(changed, []).append((clone / changed).read_bytes())

    done = _kimxi(clone, "run", NOTEBOOK)
    assert done.returncode == 0, done.stderr[-3000:]
    # The complete run restores the findings and rewrites nothing else.
    assert _changed(clone) == {"README.md": " M"}
    assert "An out-of-date line." not in readme.read_text(encoding="utf-8")
    for changed, versions in left.items():  # each the committed file or the complete run's
        committed = subprocess.run(["git", "show", f"HEAD:{changed}"], cwd=clone,
                                   capture_output=True, check=True).stdout
        for version in versions:
            assert version in (committed, (clone / changed).read_bytes()), changed
    assert _extra(clone) == []  # the kills' temporary files went with the next run
    _git(clone, "checkout", "--", "README.md")  # the clone as committed, for the next tests


def _temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if re.fullmatch(r"\..+\.(tmp|old)", p.name)
            and folder / "cache" not in p.parents]


def _notebooks_whole_or_absent(out: Path) -> None:
    for name in ("tone.ipynb", "topics.ipynb"):
        if (out / "notebooks" / name).exists():
            _whole(out / "notebooks" / name)


def test_an_own_corpus_run_killed_then_run_again(clone, tmp_path):
    out = tmp_path / "out"
    corpus = ["corpus", str(clone / "tests" / "fixtures" / "corpus_small.csv"), "--out", str(out)]
    marker = out / "INCOMPLETE"
    # A run removes the last run's outputs first, so every file it writes is new: the faults
    # are set on the folders, at the mkdir with which each write begins.

    # Killed as it begins to write its first notebook (its second mkdir of OUT/notebooks).
    log = tmp_path / "kill.log"
    done = _kimxi(clone, *corpus, fault=([out / "notebooks"], MKDIR, "signal=SIGKILL:when=2"),
                  log=log)
    assert _injected(log, KILL) and done.returncode != 0, done.stderr[-3000:]
    assert marker.is_file()
    _notebooks_whole_or_absent(out)
    assert _changed(clone) == {} and _extra(clone) == []

    # The next run, on the same OUT and without --overwrite, finishes and cleans up.
    done = _kimxi(clone, *corpus)
    assert done.returncode == 0, done.stderr[-3000:]
    assert not marker.exists() and not (out / ".kimxi-lock").exists()
    assert _temporaries(out) == []
    _notebooks_whole_or_absent(out)
    assert _changed(clone) == {} and _extra(clone) == []


def _site(report: Path) -> dict[str, bytes] | None:
    if not report.exists():
        return None
    return {p.relative_to(report).as_posix(): p.read_bytes()
            for p in sorted(report.rglob("*")) if p.is_file()}


def test_make_report_killed_at_a_write_leaves_the_old_site_whole_or_none(clone, tmp_path):
    # Generic, whatever the builder: the build is killed at its Nth write system call, N found
    # by counting the writes of a complete build (the process that writes most).
    report = clone / "report"
    shutil.rmtree(report, ignore_errors=True)
    log = tmp_path / "count.log"
    command = [STRACE, "-f", "-q", "-o", str(log), "-e", "trace=write", sys.executable, "-m",
               "kimxi.run.cli", "report", "build"]
    done = subprocess.run(command, cwd=clone, env=_env(clone), capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    complete = _site(report)
    assert complete and "index.html" in complete
    writes: dict[str, int] = {}
    for line in log.read_text().splitlines():
        if " write(" in line:
            pid = line.split()[0]
            writes[pid] = writes.get(pid, 0) + 1
    most = max(writes.values())

    for n in (most // 2, most):  # half-way, and at its last write
        log = tmp_path / f"kill-{n}.log"
        command = [STRACE, "-f", "-q", "-o", str(log), "-e", "trace=write", "-e",
                   f"inject=write:signal=SIGKILL:when={n}", sys.executable, "-m",
                   "kimxi.run.cli", "report", "build"]
        done = subprocess.run(command, cwd=clone, env=_env(clone), capture_output=True,
                              text=True, timeout=600)
        assert "killed by SIGKILL" in log.read_text(), done.stderr[-3000:]
        assert _site(report) in (complete, None), f"killed at write {n} of {most}"
    done = _kimxi(clone, "report", "build")
    assert done.returncode == 0, done.stderr[-3000:]
    assert _site(report) == complete
    assert _changed(clone) == {}
    assert [line for line in _extra(clone) if not line.startswith("!! report/")] == []
