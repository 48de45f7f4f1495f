"""How much of an external corpus a repository holds verbatim, in sentences.

The KCNA archive may be quoted, not copied (its README). :func:`repository_texts`
gathers every text the repository tracks, decoded the way a reader would see it:
CSV files cell by cell (so a quotation mark doubled by CSV quoting still
matches), notebooks and JSON files string by string, other text files as they
are. :func:`held` then says, for each corpus sentence, whether it stands
somewhere in those texts character for character.

The search indexes the first :data:`KEY` characters of the corpus sentences
and walks the repository texts once, testing each word start against the
index, so it takes seconds, not a substring search per sentence. Sentences
shorter than :data:`KEY` characters ("Speeches were made there.") are not
counted: they are formulae that any text may hold.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from kimxi.io.paths import ROOT

KEY = 16
BINARY_SUFFIXES = {".png", ".gz", ".jpg", ".jpeg", ".pdf", ".ico", ".woff", ".woff2"}


def tracked_files(root: str | Path = ROOT) -> list[Path]:
    """The files git tracks or would track under ``root`` (every file outside a checkout)."""
    root = Path(root)
    try:
        listing = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
        names = subprocess.run(listing, cwd=root, check=True,
                               capture_output=True).stdout.decode("utf-8").split("\0")
        return [root / n for n in names if n and (root / n).is_file()]
    except (OSError, subprocess.CalledProcessError):
        return [p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts]


def _strings(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def decoded(path: Path) -> str:
    """The text of one file as a reader sees it ("" for a binary or undecodable file)."""
    if path.suffix.lower() in BINARY_SUFFIXES:
        return ""
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return ""
    if path.suffix in (".ipynb", ".json"):
        try:
            return "\n".join("".join(s) if isinstance(s, list) else s
                             for s in _strings(json.loads(text)))
        except json.JSONDecodeError:
            return text
    if path.suffix == ".csv":
        limit = csv.field_size_limit(2**28)
        try:
            rows = csv.reader(io.StringIO(text, newline=""))
            return "\n".join(cell for row in rows for cell in row)
        except csv.Error:
            return text
        finally:
            csv.field_size_limit(limit)
    return text


def repository_texts(root: str | Path = ROOT) -> list[str]:
    """Every tracked text of the repository, decoded (see :func:`decoded`)."""
    return [t for t in (decoded(p) for p in tracked_files(root)) if t]


def held(sentences: list[str], texts: Iterable[str], key: int = KEY) -> np.ndarray:
    """For each sentence, whether it stands verbatim in one of ``texts``.

    Sentences shorter than ``key`` characters are reported as not held.
    """
    index: dict[str, list[int]] = defaultdict(list)
    for i, sentence in enumerate(sentences):
        if len(sentence) >= key:
            index[sentence[:key]].append(i)
    found = np.zeros(len(sentences), dtype=bool)
    for text in texts:
        n = len(text)
        for pos in range(n - key + 1):
            if pos and text[pos - 1].isalnum():
                continue
            bucket = index.get(text[pos:pos + key])
            if bucket is None:
                continue
            for i in bucket:
                if not found[i] and text.startswith(sentences[i], pos):
                    found[i] = True
    return found
