"""Bring your own corpus: run the corpus, sentiment and topic notebooks on another CSV.

``python -m kimxi.byoc CORPUS.csv OUT [--from YYYY-MM-DD] [--to YYYY-MM-DD]`` (what
``make run CORPUS=... OUT=...`` calls) validates the corpus (columns id, date,
title, text; ``doc_id`` is accepted for ``id``), then executes each notebook of
``NOTEBOOKS`` with papermill into ``OUT/notebooks/``, its tables into
``OUT/processed/`` and its figures into ``OUT/figures/``. The committed
outputs of the collection are never touched: an ``OUT`` inside ``data/`` or
``figures/`` of the repository is refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import papermill

from kimxi import paths, pipeline
from kimxi.errors import DataError

NOTEBOOKS = ("01_corpus.ipynb", "05_sentiment.ipynb", "06_topics.ipynb")


def run(corpus: str | Path, out: str | Path, date_from: str = "", date_to: str = "",
        notebooks: tuple[str, ...] = NOTEBOOKS) -> Path:
    """Execute ``notebooks`` on ``corpus`` into ``out``; return ``out``.

    The corpus is validated before anything is written (DataError naming file,
    row and column otherwise).
    """
    corpus, out = Path(corpus).resolve(), Path(out).resolve()
    for protected in (paths.DATA, paths.FIGURES, paths.NOTEBOOKS):
        if out == protected or protected in out.parents:
            raise DataError(str(out), f"OUT may not be inside {paths.relative(protected)}: "
                                      "the committed outputs stay as they are")
    pipeline.load_corpus(corpus)
    params = {"CORPUS": str(corpus), "DATE_FROM": date_from, "DATE_TO": date_to,
              "PROCESSED_DIR": str(out / "processed"), "FIGURES_DIR": str(out / "figures"),
              "GOLD_CSV": "", "RECORD": False}
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    for name in notebooks:
        # Only the parameters this notebook declares (papermill warns about the others).
        source = str(paths.NOTEBOOKS / name)
        declared = papermill.inspect_notebook(source)
        papermill.execute_notebook(source, str(out / "notebooks" / name),
                                   parameters={k: v for k, v in params.items() if k in declared},
                                   kernel_name="python3", cwd=str(paths.NOTEBOOKS),
                                   progress_bar=False, report_mode=False)
        print(f"executed {name} -> {out / 'notebooks' / name}")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m kimxi.byoc", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("corpus", help="CSV with columns id, date, title, text")
    parser.add_argument("out", help="folder for the executed notebooks, tables and figures")
    parser.add_argument("--from", dest="date_from", default="", help="first date, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", default="", help="last date, YYYY-MM-DD")
    args = parser.parse_args(argv)
    try:
        run(args.corpus, args.out, args.date_from, args.date_to)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
