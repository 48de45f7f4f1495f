"""Progress on the long steps: a live bar on a terminal, one line per finished step in a log.

The bars are tqdm's with ``disable=None``: they draw only where the stream is
a terminal, so a notebook kernel (whose streams are not terminals), a CI log
or a redirected run never gets bar characters in its output, and executed
notebooks stay byte for byte the same. The finished-step lines are printed
everywhere.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def bar_options(desc: str, unit: str = "item") -> dict:
    """tqdm's settings for a bar labelled ``desc`` ."""
    return dict(desc=desc, unit=unit, disable=None, leave=False, file=sys.stderr,
                dynamic_ncols=True, mininterval=0.5)


def bar(total: int, desc: str, unit: str = "item") -> tqdm:
    """A bar of ``total`` units labelled ``desc``, with elapsed and remaining time."""
    return tqdm(total=total, **bar_options(desc, unit))


def track(items: Iterable[T], desc: str, total: int | None = None,
          unit: str = "item") -> Iterator[T]:
    """``items`` one by one, with a bar (on a terminal) of how many are done."""
    with bar(total if total is not None else len(items), desc, unit) as shown:  # type: ignore[arg-type]
        for item in items:
            yield item
            shown.update(1)


class Steps:
    """Numbered steps of one command: ``[i/n] name ...`` then ``[i/n] name: done in s``.

    Steps may run side by side: each keeps the number it started with, or is given one.
    """

    def __init__(self, total: int, what: str = ""):
        self.total, self.what, self.done = total, what, 0
        self.started = time.perf_counter()
        self._numbers: dict[str, int] = {}
        self._lock = threading.Lock()

    def start(self, name: str, number: int | None = None) -> float:
        """Print the step's start; ``number`` fixes its number (default: the next)."""
        with self._lock:
            self.done += 1
            self._numbers[name] = number if number is not None else self.done
            print(f"[{self._numbers[name]}/{self.total}] {self.what}{name} ...", flush=True)
        return time.perf_counter()

    def finish(self, name: str, started: float, note: str = "") -> float:
        seconds = time.perf_counter() - started
        with self._lock:
            number = self._numbers.get(name, self.done)
            print(f"[{number}/{self.total}] {self.what}{name}: done in {seconds:.1f} s"
                  f"{' ' + note if note else ''} ({time.perf_counter() - self.started:.0f} s "
                  "in all)", flush=True)
        return seconds
