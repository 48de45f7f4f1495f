"""Bring your own corpus: the report of ``notebooks/your_corpus/`` on another CSV.

``kimxi corpus CORPUS.csv --out OUT [--from YYYY-MM-DD] [--to YYYY-MM-DD]`` (what
``make run CORPUS=... OUT=...`` calls) validates the corpus (columns id, date,
title, text; ``doc_id`` is accepted for ``id``), then executes each notebook of
``NOTEBOOKS`` (the tone and the topics of the corpus) with the collection's own notebook
runner (:func:`kimxi.run.notebooks.execute_into`) into ``OUT/notebooks/``, its tables into
``OUT/processed/`` and its figures into ``OUT/figures/``; the run's result cache is
``OUT/cache/``. The committed outputs of the collection are never touched: an ``OUT`` that
is, or contains, a tracked path of the repository (``.``, ``..``, the root by any spelling, a
tracked file or folder), or lies inside ``data/``, ``figures/`` or ``notebooks/``, is
refused before anything runs.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import multiprocessing
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

from kimxi.corpus import documents as corpus_csv
from kimxi.io import paths, progress
from kimxi.io.errors import DataError, writing
from kimxi.run.notebooks import NotebookFailed, declared, execute_into

__all__ = ["NotebookFailed", "check_out", "execute", "main", "run"]

# The report on a user's corpus: notebooks written for any corpus, never the collection's own.
REPORT = paths.NOTEBOOKS / "your_corpus"
NOTEBOOKS = ("tone.ipynb", "topics.ipynb")
# What must run before what: nothing; each notebook reads the corpus itself, and the two
# chains run side by side.
CHAINS = (("tone.ipynb",), ("topics.ipynb",))
# Processes of a notebook that runs beside another chain: one. Each kernel starts a session of
# its own, and Linux (autogroup scheduling) shares the cores between sessions: while both chains
# run, each has one core, and worker processes inside a chain would share that core and add
# only their start-up, about 2.5 CPU-seconds each (benchmarks/README.md).
ALONGSIDE_JOBS = {"tone.ipynb": 1, "topics.ipynb": 1}


def tracked_paths(root: Path = paths.ROOT) -> set[Path]:
    """Every path git tracks in the repository at ``root``, with the folders that hold them.

    Without git (an unpacked archive), every file under ``root`` outside ``.git``
    and ``.venv`` counts as tracked.
    """
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True,
                                check=True).stdout.decode().split("\0")
        files = {root / name for name in listed if name}
    except (OSError, subprocess.CalledProcessError):
        files = {p for p in root.rglob("*") if p.is_file()
                 and not {".git", ".venv"} & set(p.relative_to(root).parts)}
    folders = {parent for f in files for parent in f.parents if root in parent.parents}
    return {p.resolve() for p in files | folders}


def check_out(out: str | Path, root: Path = paths.ROOT) -> Path:
    """``out`` resolved, or DataError when writing there could touch the committed collection."""
    resolved, root = Path(out).resolve(), root.resolve()
    if resolved == root or resolved in root.parents:
        raise DataError(str(out), "OUT may not be the repository or a folder that contains it: "
                                  "the committed outputs stay as they are")
    for protected in (paths.DATA, paths.FIGURES, paths.NOTEBOOKS):
        protected = protected.resolve()
        if resolved == protected or protected in resolved.parents:
            raise DataError(str(out), f"OUT may not be inside {paths.relative(protected)}: "
                                      "the committed outputs stay as they are")
    if root in resolved.parents:
        first = resolved.relative_to(root).parts[0]
        if first in MANAGED:
            raise DataError(str(out), f"OUT may not be inside {first}/, which the project "
                                      "manages: use out/ or a folder outside the repository")
        tracked = tracked_paths(root)
        if resolved in tracked or any(resolved in p.parents for p in tracked):
            raise DataError(str(out), "OUT is or contains a tracked path of the repository: "
                                      "the committed outputs stay as they are")
    return resolved


# Folders of the repository the project manages (tracked, built or cached): no OUT inside them.
MANAGED = frozenset({".git", ".cache", ".venv", ".ci", "report", "src", "data", "figures",
                     "notebooks", "tests", "benchmarks"})
# What a run keeps in OUT besides its outputs: the list of the files it wrote (so that the next
# run removes its old outputs and never a file it did not write), a lock against a second run
# at the same time, and a marker that stays until the run finishes.
MANIFEST, LOCK, MARKER = ".kimxi-outputs", ".kimxi-lock", "INCOMPLETE"
FOLDERS = ("notebooks", "processed", "figures", "cache")


def prepare_out(out: Path, overwrite: bool = False) -> list[Path]:
    """Check OUT and the folders a run writes in it (:data:`FOLDERS`, symlinks followed), and
    the files already there: DataError for a folder that resolves into the repository's managed
    or tracked paths, or for files a previous run did not write (unless ``overwrite``). Returns
    the files of the previous run (from its :data:`MANIFEST`), which the run removes."""
    for folder in FOLDERS:
        check_out(out / folder)
    listed = out / MANIFEST
    previous = ([out / line for line in listed.read_text(encoding="utf-8").splitlines() if line]
                if listed.is_file() else [])
    previous += interrupted_outputs(out)
    if out.is_dir() and not overwrite:
        ours = {p.resolve() for p in previous} | {(out / n).resolve() for n in
                                                   (MANIFEST, LOCK, MARKER)}
        strangers = sorted(p for p in out.rglob("*") if p.is_file() and p.resolve() not in ours
                           and (out / "cache") not in p.parents)
        if strangers:
            first = strangers[0].relative_to(out)
            raise DataError(str(out), f"OUT holds {len(strangers)} file(s) no run of this "
                                      f"report wrote (first: {first}); choose an empty "
                                      "folder, or pass --overwrite (OVERWRITE=1)")
    return previous


def interrupted_outputs(out: Path) -> list[Path]:
    """The files a run that was killed before it could list them (:data:`MANIFEST`) wrote in
    OUT's folders: those written since its :data:`MARKER`, which a run writes before any
    output and removes when it ends. None when the marker is absent."""
    try:
        since = (out / MARKER).stat().st_mtime_ns
    except OSError:
        return []
    return sorted(p for folder in FOLDERS if folder != "cache" for p in (out / folder).rglob("*")
                  if p.is_file() and p.stat().st_mtime_ns >= since)


ENGLISH_SHARE = 0.5
_FUNCTION_WORDS = frozenset("the of and to in a is that for on with as by at from it this was "
                            "be are were an which has have its their".split())


def english_count(texts: list[str]) -> int:
    """How many of ``texts`` read as English: at least one word in twenty is an English
    function word (the, of, and, ...); a corpus in another language scores near 0."""
    def english(text: str) -> bool:
        words = text.lower().split()
        return bool(words) and sum(w.strip(".,;:!?\"'()") in _FUNCTION_WORDS
                                   for w in words) >= 0.05 * len(words)
    return sum(map(english, texts))


def checked_corpus(corpus: Path, date_from: str, date_to: str,
                   topics_k: list[int] | None) -> float:
    """Every check of the corpus before a kernel starts (:func:`kimxi.corpus.documents.
    iter_documents`, a chunk at a time, and :func:`enough_for_topics` unless ``topics_k`` is
    None); returns the share of its documents that read as English (:func:`english_count`).
    No copy of the corpus is kept: the kernels read it themselves, and this process should not
    hold it while they run."""
    documents, english, distinct = 0, 0, set()
    for chunk in corpus_csv.iter_documents(corpus, date_from, date_to):
        texts = chunk["text"].tolist()
        documents += len(texts)
        english += english_count(texts)
        distinct.update(hashlib.blake2b(" ".join(t.split()).encode(), digest_size=8).digest()
                        for t in texts)
    if topics_k is not None:
        enough_for_topics(corpus, len(distinct), topics_k)
    return english / documents if documents else 1.0


def enough_for_topics(corpus: Path, distinct: int, topics_k: list[int] | None) -> None:
    """DataError when the corpus has too few (``distinct``) distinct texts for the fewest
    topics tried (a k needs more documents than topics, and no more topics than a
    subsample's documents)."""
    from kimxi.topics.stability import FRACTION

    k = min(topics_k or [5])
    need = next(n for n in range(k + 1, 100 * k) if k <= round(FRACTION * n))
    if distinct < need:
        raise DataError(str(corpus), f"has {distinct} distinct text(s): too few for topics "
                                     f"(k = {k}, the fewest tried, needs {need})", column="text")


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """OUT's lock for the block: DataError when another run holds it."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a file where a folder should be, no permission, a full disk
        raise DataError(str(out), f"OUT cannot be written: {error.strerror}") from None
    lock = out / LOCK
    if _holder_gone(lock):  # left by a run that was killed: no process holds it
        lock.unlink(missing_ok=True)
    try:
        handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        raise DataError(str(lock), "another run is writing to this OUT (remove the lock file if "
                                   "no run is)") from None
    except OSError as error:
        raise DataError(str(out), f"OUT cannot be written: {error.strerror}") from None
    try:
        os.write(handle, str(os.getpid()).encode())
        os.close(handle)
        yield
    finally:
        lock.unlink(missing_ok=True)


def _holder_gone(lock: Path) -> bool:
    """Whether ``lock`` names a process of this machine that no longer runs."""
    try:
        pid = int(lock.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):  # no lock, or one being written at this moment
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, under another user
        return False
    return False


def record_outputs(out: Path) -> None:
    """Write OUT's :data:`MANIFEST`: every file the run left outside its cache."""
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                     if p.is_file() and p.name not in (MANIFEST, LOCK, MARKER)
                     and (out / "cache") not in p.parents)
    (out / MANIFEST).write_text("".join(f"{name}\n" for name in written), encoding="utf-8")


PARALLEL = 2


def chains_of(notebooks: tuple[str, ...]) -> list[tuple[str, ...]]:
    """``notebooks`` cut into the :data:`CHAINS` that hold them, in order; a notebook of no
    chain runs on its own."""
    chains = [tuple(name for name in chain if name in notebooks) for chain in CHAINS]
    chained = {name for chain in CHAINS for name in chain}
    chains += [(name,) for name in notebooks if name not in chained]
    return [chain for chain in chains if chain]


def run(corpus: str | Path, out: str | Path, date_from: str = "", date_to: str = "",
        notebooks: tuple[str, ...] = NOTEBOOKS, target: str = "China",
        topics_k: list[int] | None = None, topics_runs: int | None = None,
        parallel: int | None = None, overwrite: bool = False) -> Path:
    """Execute the report's ``notebooks`` on ``corpus`` into ``out``; return ``out``.

    The chains of :data:`CHAINS` run side by side, at most ``parallel`` at a time
    (:data:`PARALLEL` by default; 1 runs the notebooks one after the other); the results
    are the same. A notebook's ``N_JOBS`` is the number of cores, or
    :data:`ALONGSIDE_JOBS` when it runs beside another chain. The run's processes, kernels
    included, keep their result cache in ``out/cache`` (``KIMXI_CACHE_DIR``), not in the
    repository.

    ``out`` is checked (:func:`check_out`), the corpus and the date window are
    validated (:func:`kimxi.corpus.documents.read_corpus`) before any kernel starts:
    DataError naming file, row and column otherwise, and nothing is left in ``out``.
    OUT's folders are checked (:func:`prepare_out`), a second run on the same OUT is refused
    (:func:`locked`), ``OUT/INCOMPLETE`` stays until the run ends, however it stops, and the
    previous run's outputs are removed first (``OUT/.kimxi-outputs`` lists them; a file no
    run wrote is never removed: OUT is refused instead, unless ``overwrite``).
    """
    corpus, out = Path(corpus).resolve(), check_out(out)
    existed = out.exists()
    previous = prepare_out(out, overwrite)
    # A full disk or an OUT gone read-only: one DataError naming the file, OUT/INCOMPLETE kept.
    with writing(fallback=out), locked(out), cache_in(out / "cache"):
        try:
            share = checked_corpus(corpus, date_from, date_to,
                                   (topics_k or []) if "topics.ipynb" in notebooks else None)
        except DataError:
            if not existed:
                shutil.rmtree(out, ignore_errors=True)
            raise
        if share < ENGLISH_SHARE:
            print(f"warning: only {share:.0%} of the documents of {corpus.name} read as English "
                  "(a twentieth of their words or more are English function words): the tone "
                  "and stance measures were validated on English prose and will misread them",
                  file=sys.stderr)
        params = {"CORPUS": str(corpus), "DATE_FROM": date_from, "DATE_TO": date_to,
                  "PROCESSED_DIR": str(out / "processed"), "FIGURES_DIR": str(out / "figures"),
                  "TARGET": target, "N_JOBS": max(1, os.cpu_count() or 1)}
        if topics_k:
            params["KS"] = sorted(set(topics_k))
        if topics_runs:
            params["N_RUNS"] = topics_runs
        marker = out / MARKER
        marker.write_text("This run has not finished (or was stopped): the files here may be "
                          "a mix of this run's and none. The marker goes when a run ends.\n",
                          encoding="utf-8")
        for path in previous:  # the last run's outputs: this run writes its own
            path.unlink(missing_ok=True)
        (out / "notebooks").mkdir(parents=True, exist_ok=True)
        _run_chains(chains_of(notebooks), notebooks, out, params, parallel)
        record_outputs(out)
        marker.unlink()
    return out


@contextlib.contextmanager
def cache_in(folder: Path) -> Iterator[None]:
    """``KIMXI_CACHE_DIR`` set to ``folder`` for this process and the processes it starts."""
    before = os.environ.get("KIMXI_CACHE_DIR")
    os.environ["KIMXI_CACHE_DIR"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("KIMXI_CACHE_DIR", None)
        else:
            os.environ["KIMXI_CACHE_DIR"] = before


def _run_chains(chains: list[tuple[str, ...]], notebooks: tuple[str, ...], out: Path,
                params: dict, parallel: int | None) -> None:
    side_by_side = min(len(chains), parallel if parallel is not None else PARALLEL)
    numbers = {name: i for i, name in enumerate(notebooks, start=1)}
    jobs = [(chain, [numbers[name] for name in chain], len(notebooks), out,
             params, ALONGSIDE_JOBS if side_by_side > 1 else {}) for chain in chains]
    if side_by_side <= 1:
        for job in jobs:
            _run_chain(*job)
        return
    # The first chain runs here, the others in child processes (no more than needed: memory,
    # benchmarks/README.md). On Linux a child is forked: it starts at once with the modules
    # this process has imported, where a spawned one takes a second and more of CPU to import
    # them again. Nothing here has started a thread, a kernel or a ZeroMQ context yet, which
    # is what makes a fork unsafe.
    start = "fork" if sys.platform == "linux" else "spawn"
    with ProcessPoolExecutor(max_workers=side_by_side - 1,
                             mp_context=multiprocessing.get_context(start)) as pool:
        futures = [pool.submit(_run_chain, *job) for job in jobs[1:]]
        try:
            _run_chain(*jobs[0])
            failures = []
        except Exception as error:  # the children finish first; then it is raised
            failures = [error]
        failures += [future.exception() for future in futures]
    for failure in failures:
        if failure is not None:
            raise failure


def _run_chain(chain: tuple[str, ...], numbers: list[int], total: int, out: Path,
               params: dict, alongside: dict) -> None:
    """The notebooks of ``chain`` one after the other, with their step numbers."""
    steps = progress.Steps(total, "notebook ")
    for name, number in zip(chain, numbers, strict=True):
        started = steps.start(name, number)
        source = REPORT / name
        names = declared(nbformat.read(source, as_version=4))  # only what this one reads
        given = {**params, "N_JOBS": alongside.get(name, params["N_JOBS"])}
        execute(source, out / "notebooks" / name, {k: v for k, v in given.items() if k in names})
        steps.finish(name, started, f"-> {out / 'notebooks' / name}")


def execute(source: Path, target: Path, parameters: dict) -> None:
    """Execute ``source`` with ``parameters`` into ``target`` in its own folder
    (:func:`kimxi.run.notebooks.execute_into`); NotebookFailed, with ``target`` written as far
    as it ran and a first cell saying where it stopped, when a cell raises or the kernel dies."""
    execute_into(source, target, parameters)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m kimxi.run.corpus", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("corpus", help="CSV with columns id, date, title, text")
    parser.add_argument("out", help="folder for the executed notebooks, tables and figures")
    parser.add_argument("--from", dest="date_from", default="", help="first date, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", default="", help="last date, YYYY-MM-DD")
    parser.add_argument("--target", default="China",
                        help="the country or word whose topics are followed over time")
    parser.add_argument("--topics-k", default="", help="the numbers of topics to try, e.g. 5,10,15")
    parser.add_argument("--overwrite", action="store_true",
                        help="write into an OUT that holds files no run of the report wrote")
    parser.add_argument("--topics-runs", type=int, default=0,
                        help="stability refits per k, at most (raced)")
    args = parser.parse_args(argv)
    try:
        topics_k = [int(k) for k in args.topics_k.split(",") if k.strip()]
    except ValueError:
        topics_k = []
    if args.topics_k and (not topics_k or min(topics_k) < 2) or args.topics_runs < 0:
        print("error: TOPICS_K is numbers of topics of at least 2, separated by commas (5,10,15)"
              "; TOPICS_RUNS a positive number", file=sys.stderr)
        return 2
    if not args.target.strip():
        print("error: --target may not be empty", file=sys.stderr)
        return 2
    try:
        run(args.corpus, args.out, args.date_from, args.date_to, target=args.target.strip(),
            topics_k=topics_k, topics_runs=args.topics_runs or None,
            overwrite=args.overwrite)
    except DataError as exc:  # the user's input: one located line, status 2
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except NotebookFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
