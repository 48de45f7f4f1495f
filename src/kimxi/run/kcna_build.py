"""``kimxi kcna``: the committed tables of the KCNA archive, built from the archive file.

Loads and checks the archive (:func:`kimxi.archive.load.load_archive`; a ``.gz`` file is read
directly), cuts it into the text tables (:mod:`kimxi.archive.build`), scores every sentence
(:func:`kimxi.tone.score.score_sentences`), counts its terms
(:func:`kimxi.topics.terms.term_matrix`), and writes ``data/kcna/`` (or ``--out``), all
together or not at all. ``--check`` rebuilds in memory and compares byte for byte with the
committed files instead of writing. The archive itself is never copied.

Given KCNA's 1997-2018 archive (recognised by its sha256), it writes ``data/history/`` instead,
from :mod:`kimxi.history.build`, reading the gzip file a chunk at a time.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

import pandas as pd

from kimxi.archive import build as archive_build, load as kcna, stream
from kimxi.archive.tables import KCNA_DIR, SCHEMAS
from kimxi.io import cache
from kimxi.io.errors import DataError
from kimxi.io.paths import DATA, relative
from kimxi.io.tables import to_csv_text, write_tables
from kimxi.tone.score import score_sentences
from kimxi.topics import terms as topic_terms

OUT = KCNA_DIR
FILES = ("articles.csv", "sentences.csv", "sentence_features.csv", "dtm_terms.csv",
         "dtm.mtx.gz")
MIN_DF = 2
# What the tone stage reads besides the sentences: the gold set and the lexicon it is
# validated and scored with.
TONE_INPUTS = ("gold", "lexicon")


def build(archive: pd.DataFrame, record_ids: list[str]) -> dict[str, pd.DataFrame | bytes]:
    """Every committed table of the archive, by file name (see :mod:`kimxi.archive.build`)."""
    articles, sentences, reasons = archive_build.text_tables(archive, record_ids)
    tone = score_sentences(sentences["text"])
    matrix, terms = topic_terms.term_matrix(archive["text"], MIN_DF)
    tables = {"articles.csv": articles,
              "sentences.csv": archive_build.committed_sentences(sentences, reasons),
              "sentence_features.csv": archive_build.sentence_features(sentences, reasons, tone),
              "dtm_terms.csv": terms}
    for name, frame in tables.items():
        expected = SCHEMAS[name].names
        if list(frame.columns) != expected:
            raise AssertionError(f"{name}: columns {list(frame.columns)} differ from the "
                                 f"schema of kimxi.archive.tables {expected}")
    return {**tables, "dtm.mtx.gz": archive_build.matrix_bytes(matrix)}


def rendered(tables: dict[str, pd.DataFrame | bytes]) -> dict[str, bytes]:
    """The bytes each file is written with."""
    out = {}
    for name, value in tables.items():
        if isinstance(value, bytes):
            out[name] = value
        else:
            frame = value.copy()
            for col in frame.columns:
                if frame[col].dtype == bool:
                    frame[col] = frame[col].map({True: "true", False: "false"})
            out[name] = to_csv_text(frame).encode("utf-8")
    return out


def differences(files: dict[str, bytes], out: str | Path = OUT) -> list[str]:
    """The files of ``files`` whose committed copy in ``out`` differs or is missing."""
    out = Path(out)
    return [name for name, data in files.items()
            if not (out / name).is_file() or (out / name).read_bytes() != data]


def tone_inputs() -> dict[str, bytes]:
    """The files the tone stage reads (the gold set and the lexicon), by path: with the
    archive and the record's ids, everything a build depends on besides the code."""
    return {path.relative_to(DATA).as_posix(): path.read_bytes()
            for folder in TONE_INPUTS for path in sorted((DATA / folder).rglob("*"))
            if path.is_file()}


def history(args) -> int:
    """The 1997-2018 archive: ``data/history/`` (:mod:`kimxi.history.build`)."""
    from kimxi.history import build as history_build
    from kimxi.history.tables import HISTORY_DIR

    out = Path(args.out) if args.out != str(OUT) else HISTORY_DIR
    try:
        files = rendered(history_build.build(args.archive, stream.HISTORY_SHA256))
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        changed = differences(files, out)
        for name in changed:
            print(f"differs: {relative(out / name)}", file=sys.stderr)
        print(f"{len(files) - len(changed)} of {len(files)} files identical")
        return 1 if changed else 0
    for path in write_tables({out / name: data for name, data in files.items()}):
        print(f"wrote {relative(path)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kimxi kcna", description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", nargs="?", default=str(kcna.DEFAULT_ARCHIVE),
                        help="the archive CSV (or .csv.gz)")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files instead of writing")
    parser.add_argument("--sha256", default=None,
                        help="the sha256 the archive must have (default: the one the "
                             "collection's archive has; 'none' skips the check, for another "
                             "corpus of the same columns)")
    args = parser.parse_args(argv)
    if (args.sha256 is None and Path(args.archive).is_file()
            and kcna.sha256_of(args.archive) == stream.HISTORY_SHA256):
        return history(args)
    expected = kcna.ARCHIVE_SHA256 if args.sha256 is None else args.sha256
    try:
        archive = kcna.load_archive(args.archive, None if expected == "none" else expected)
        # The record's texts are marked only in the archive they were taken from.
        record = (archive_build.record_article_ids() if expected == kcna.ARCHIVE_SHA256
                  else [])
        if args.check:  # the check always rebuilds
            files = rendered(build(archive, record))
        else:
            files = cache.cached("archive_build", dict(archive=archive, record=record,
                                                       data=tone_inputs()),
                                 lambda: rendered(build(archive, record)))
    except (DataError, gzip.BadGzipFile) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        changed = differences(files, args.out)
        for name in changed:
            print(f"differs: {relative(Path(args.out) / name)}", file=sys.stderr)
        print(f"{len(files) - len(changed)} of {len(files)} files identical")
        return 1 if changed else 0
    written = write_tables({Path(args.out) / name: data for name, data in files.items()})
    for path in written:
        print(f"wrote {relative(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
