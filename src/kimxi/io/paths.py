"""Where the collection keeps its files, relative to the repository root."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
RAW = DATA / "raw"
ARTICLES_CSV = RAW / "articles.csv"
ARTICLES_DIR = RAW / "articles"
PROCESSED = DATA / "processed"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"


def relative(path: str | Path) -> str:
    """``path`` relative to the repository root when inside it, for messages and tables."""
    path = Path(path).resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
