"""What the benchmarks measure with: peak memory, CPU seconds, machine load, a replicated corpus."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

MB = 1e6


class PeakRSS:
    """Samples the summed RSS of this process and its children every ``interval`` s; with
    ``include_self=False`` the children's alone, for a command run in a child (the measuring
    process holds what earlier measurements left, which is not the command's)."""

    def __init__(self, interval: float = 0.02, include_self: bool = True):
        import psutil

        self.process = psutil.Process()
        self.include_self = include_self
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        total = 0
        mine = [self.process] if self.include_self else []
        for proc in [*mine, *self.process.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except Exception:  # a worker may exit between listing and reading
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self.peak = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


def tree_cpu() -> float:
    """CPU seconds (user + system) used so far by this process and its live children."""
    import psutil

    total = 0.0
    me = psutil.Process()
    for proc in [me, *me.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except Exception:  # a child may exit between listing and reading
            continue
        total += times.user + times.system
    return total


def system_busy() -> float:
    """CPU seconds (all processes, all cores; idle and iowait excluded) since boot."""
    import psutil

    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def settle(timeout: float, threshold: float = 20.0) -> float:
    """Wait (at most ``timeout`` s) until the machine's CPU use over one second is
    below ``threshold`` percent; the last reading."""
    import psutil

    deadline = time.monotonic() + timeout
    busy = psutil.cpu_percent(interval=1.0)
    while busy >= threshold and time.monotonic() < deadline:
        busy = psutil.cpu_percent(interval=1.0)
    return busy


def replicate(source: Path, times: int, target: Path) -> dict:
    """Write ``times`` copies of the corpus at ``source`` to ``target`` (columns id,
    date, title, text; copy n > 1 gets ids ``<id>-rNN``); sizes in bytes."""
    import pandas as pd

    from kimxi.corpus.documents import load_corpus

    frame = load_corpus(source)
    copies = []
    for n in range(1, times + 1):
        copy = frame.copy()
        if n > 1:
            copy["id"] = copy["id"] + f"-r{n:02d}"
        copies.append(copy)
    big = pd.concat(copies, ignore_index=True)
    big.to_csv(target, index=False, lineterminator="\n")
    text_bytes = int(sum(len(t.encode("utf-8")) for t in big["text"]))
    return dict(documents=len(big), text_mb=text_bytes / MB, file_mb=target.stat().st_size / MB)


def subset(source: Path, step: int, target: Path) -> dict:
    """Write every ``step``-th document of the corpus at ``source`` (its first, then every
    ``step``-th after it, in file order) to ``target`` (columns id, date, title, text); sizes in
    bytes. ``step`` 1 copies the whole corpus."""
    from kimxi.corpus.documents import load_corpus

    frame = load_corpus(source).iloc[::step]
    frame.to_csv(target, index=False, lineterminator="\n")
    text_bytes = int(sum(len(t.encode("utf-8")) for t in frame["text"]))
    return dict(documents=len(frame), text_mb=text_bytes / MB, file_mb=target.stat().st_size / MB)


@contextmanager
def first_run_cache():
    """A new, empty result cache (``kimxi.io.cache``) for the block, as on a fresh clone's first
    run: results computed once inside the block are reused inside it, never from before."""
    saved = {k: os.environ.get(k) for k in ("KIMXI_CACHE", "KIMXI_CACHE_DIR")}
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(KIMXI_CACHE="on", KIMXI_CACHE_DIR=folder)
        try:
            yield Path(folder)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def run_command(command: list[str], cwd: Path | None = None, env: dict | None = None
                ) -> tuple[str, dict]:
    """Run ``command`` to its end; its standard output and its wall and CPU seconds (all its
    child processes) with the CPU seconds other processes used meanwhile. A command that
    fails raises RuntimeError with the tail of what it printed."""
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy = system_busy()
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd or '.'}:\n"
                           f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout, dict(wall_s=wall, cpu_s=cpu,
                             others_cpu_s=max(system_busy() - busy - cpu, 0.0))
