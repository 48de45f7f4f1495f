"""The ``kimxi`` command line: every entry point of the collection, one sub-command each.

``kimxi --help`` lists them; the Makefile's targets call them. A run on a user's corpus can
be described in a TOML file instead of options (``kimxi corpus --config run.toml``)::

    corpus = "my_corpus.csv"
    out = "results"
    target = "China"
    from = "2013-01-01"
    to = "2013-12-31"
    topics_k = [5, 10, 15]
    topics_runs = 10

Options given on the command line win over the file. Bad input (a corpus, a date, an
``OUT``, a coded sheet) is answered with one line naming the file, row and column, and
exit status 1 or 2; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

from kimxi.io.errors import DataError
from kimxi.io.paths import NOTEBOOKS, ROOT

CONFIG_KEYS = {"corpus", "out", "target", "from", "to", "topics_k", "topics_runs", "overwrite"}
BENCHMARKS = ("bench_stages", "bench_topics", "bench_byoc", "bench_devices", "bench_notebooks",
              "bench_run")


def _collection(args: argparse.Namespace) -> int:
    """The collection's run: the archive tables (when the archive is beside the repository),
    every notebook in order, the data package that describes the tables, and the README's
    findings."""
    from kimxi.archive import load as kcna
    from kimxi.report import findings
    from kimxi.run import datapackage, kcna_build, notebooks

    archive = Path(args.kcna) if args.kcna else kcna.DEFAULT_ARCHIVE
    if archive.is_file():
        if kcna_build.main([str(archive)]) != 0:
            return 2
    else:
        print(f"KCNA archive not found at {archive}: the notebooks read the committed "
              "data/kcna/")
    # The collection's essays, then the report of a user's corpus as committed (on the test
    # corpus), so that every committed output is what a run of the code gives.
    chosen = args.notebooks or [str(p) for p in [
        *sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")),
        *sorted((NOTEBOOKS / "your_corpus").glob("*.ipynb"))]]
    notebooks.main(chosen)
    datapackage.main()
    changed = findings.rewrite()
    print("README findings " + ("rewritten" if changed else "unchanged"))
    return 0


def _config(path: str | None) -> dict:
    """The settings of a TOML run file, or DataError naming the file and the key."""
    if not path:
        return {}
    try:
        settings = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise DataError(path, f"cannot be read: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise DataError(path, f"is not TOML: {error}") from None
    unknown = sorted(set(settings) - CONFIG_KEYS)
    if unknown:
        raise DataError(path, f"unknown setting {unknown[0]!r}; the settings are "
                              f"{', '.join(sorted(CONFIG_KEYS))}")
    return settings


def _corpus(args: argparse.Namespace) -> int:
    from kimxi.run import corpus

    try:
        settings = _config(args.config)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    given = {"corpus": args.corpus, "out": args.out, "target": args.target,
             "from": args.date_from, "to": args.date_to, "topics_k": args.topics_k,
             "topics_runs": args.topics_runs}
    merged = {k: v for k, v in settings.items()} | {k: v for k, v in given.items() if v}
    if not merged.get("corpus"):
        print("error: give the corpus CSV (kimxi corpus FILE, or corpus = ... in --config)",
              file=sys.stderr)
        return 1
    topics_k = merged.get("topics_k", "")
    if isinstance(topics_k, list):
        topics_k = ",".join(str(k) for k in topics_k)
    argv = [str(merged["corpus"]), str(merged.get("out", "out"))]
    for option, key in (("--from", "from"), ("--to", "to"), ("--target", "target")):
        if merged.get(key):
            argv += [option, str(merged[key])]
    if topics_k:
        argv += ["--topics-k", str(topics_k)]
    if merged.get("topics_runs"):
        argv += ["--topics-runs", str(merged["topics_runs"])]
    if args.overwrite or merged.get("overwrite"):
        argv += ["--overwrite"]
    return corpus.main(argv)


def _gold_sample(args: argparse.Namespace) -> int:
    from kimxi.run import gold_sample

    return gold_sample.main(args.rest)


def _stance_sample(args: argparse.Namespace) -> int:
    from kimxi.run import stance_sample

    return stance_sample.main(args.rest)


def _check_gold(args: argparse.Namespace) -> int:
    from kimxi.run import gold_sample

    return gold_sample.main(["--check", args.coded, args.scores])


def _kcna(args: argparse.Namespace) -> int:
    from kimxi.run import kcna_build

    return kcna_build.main(args.rest)


def _report(args: argparse.Namespace) -> int:
    """``report build`` (the book, as ``kimxi book``) or ``report check`` (in Chromium)."""
    if args.action == "build":
        return _book(args)
    from kimxi.report import site

    return site.main([args.action])


def _book(args: argparse.Namespace) -> int:
    from kimxi.report import book

    return book.main([])


def _notebooks(args: argparse.Namespace) -> int:
    from kimxi.run import notebooks

    return notebooks.main(args.notebook)


def _bench(args: argparse.Namespace) -> int:
    """The benchmarks of ``benchmarks/`` (a checkout's, not an installed package's)."""
    if not (ROOT / "benchmarks").is_dir():
        print("error: the benchmarks live in a checkout of the repository", file=sys.stderr)
        return 2
    chosen = args.only or list(BENCHMARKS)
    for name in chosen:
        extra = (["--sizes", "1,5,20"] + ([args.corpus] if args.corpus else [])
                 if name == "bench_stages" else [])
        code = subprocess.call([sys.executable, "-m", f"benchmarks.{name}", *extra], cwd=ROOT)
        if code:
            return code
    return 0


# `make lab`: JupyterLab in the collection's environment, with the environment's own kernel
# registered under a name inside that environment (--sys-prefix: nothing outside it is
# written). LAB_ARGS is split like a shell would split it, but never run by one.
KERNEL_NAME = "kim-xi-messages"
KERNEL_DISPLAY_NAME = "Python (kim-xi-messages)"


def lab_command(lab_args: list[str], as_root: bool) -> list[str]:
    """The JupyterLab command line: the repository as its folder, ``--allow-root`` when run
    as root (as in most containers; JupyterLab refuses root otherwise), then ``lab_args``,
    which come last so that they win over the defaults."""
    root_flag = ["--allow-root"] if as_root and "--allow-root" not in lab_args else []
    return [sys.executable, "-m", "jupyter", "lab", f"--notebook-dir={ROOT}", *root_flag,
            *lab_args]


def kernel_command(prefix: str | Path | None = None) -> list[str]:
    """Registers this Python as the kernel :data:`KERNEL_NAME`, inside this environment
    (``--sys-prefix``) or under ``prefix``."""
    where = ["--sys-prefix"] if prefix is None else ["--prefix", str(prefix)]
    return [sys.executable, "-m", "ipykernel", "install", *where, "--name", KERNEL_NAME,
            "--display-name", KERNEL_DISPLAY_NAME]


def kernel_registered(prefix: str | Path = sys.prefix) -> bool:
    """Whether the kernel :data:`KERNEL_NAME` under ``prefix`` starts this Python."""
    spec = Path(prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME / "kernel.json"
    try:
        return json.loads(spec.read_text(encoding="utf-8"))["argv"][0] == sys.executable
    except (OSError, ValueError, KeyError, IndexError):
        return False


def split_lab_args(text: str) -> list[str]:
    """LAB_ARGS as a list of arguments (shell quoting rules; nothing is run)."""
    try:
        return shlex.split(text)
    except ValueError as error:  # an unclosed quote
        raise DataError("LAB_ARGS", f"{text!r}: {error}") from None


def _lab(args: argparse.Namespace) -> int:
    if not kernel_registered():
        print(f"lab: registering the kernel {KERNEL_NAME!r} in {sys.prefix}", flush=True)
        subprocess.run(kernel_command(), check=True, stdout=subprocess.DEVNULL)
    command = lab_command(args.rest, as_root=os.geteuid() == 0)
    os.execv(command[0], command)  # JupyterLab takes this process: Ctrl-C reaches it alone


# What a make target was given (``make run CORPUS=... TARGET=...``): the Makefile exports
# each value raw as KIMXI_MAKE_<NAME> and calls ``kimxi make TARGET``, so that no value is
# pasted into a shell command: quotes, $, backticks, semicolons and newlines stay data.
MAKE_SETTINGS = ("CORPUS", "OUT", "TARGET", "FROM", "TO", "TOPICS_K", "TOPICS_RUNS", "KCNA",
                 "HISTORY", "BENCH_CORPUS", "OVERWRITE", "LAB_ARGS")


def make_settings(environ=None) -> dict[str, str]:
    """The make variables given, from the environment (empty when not given)."""
    environ = os.environ if environ is None else environ
    return {name: environ.get(f"KIMXI_MAKE_{name}", "") for name in MAKE_SETTINGS}


def make_argv(target: str, given: dict[str, str]) -> list[str]:
    """The kimxi command line a make target runs, built as a list of arguments."""
    def option(flag: str, name: str) -> list[str]:
        return [flag, given[name]] if given[name] != "" else []

    if target == "run" and given["CORPUS"] != "":
        return ["corpus", given["CORPUS"], "--out", given["OUT"] or "out",
                *option("--from", "FROM"), *option("--to", "TO"), *option("--target", "TARGET"),
                *option("--topics-k", "TOPICS_K"), *option("--topics-runs", "TOPICS_RUNS"),
                *(["--overwrite"] if given["OVERWRITE"].lower() in ("1", "yes", "true")
                  else [])]
    if target == "run":
        return ["run", *option("--kcna", "KCNA")]
    if target == "gold-sample":
        if given["CORPUS"] == "":
            raise DataError("make gold-sample", "needs CORPUS=your.csv")
        from kimxi.run.corpus import check_out

        check_out(given["OUT"] or "out")  # OUT itself, not only OUT/gold: OUT=. is refused
        return ["gold-sample", "--corpus", given["CORPUS"], "--out",
                str(Path(given["OUT"] or "out") / "gold"), *option("--target", "TARGET")]
    if target == "kcna":
        return ["kcna", *([given["KCNA"]] if given["KCNA"] else [])]
    if target == "history":
        return ["kcna", given["HISTORY"]]
    if target == "bench":
        return ["bench", *option("--corpus", "BENCH_CORPUS")]
    if target == "lab":
        return ["lab", *split_lab_args(given["LAB_ARGS"])]
    raise DataError("make", f"no target {target!r} passes its variables through kimxi make")


def _make(args: argparse.Namespace) -> int:
    """A make target, its variables read from the environment (see :data:`MAKE_SETTINGS`)."""
    return main(make_argv(args.target, make_settings()))


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="kimxi", description=(
        "The kim-xi-messages collection: build its tables, run its notebooks, or run its "
        "stages on your own corpus."))
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = commands.add_parser("run", help="build the archive tables (when the archive is "
                              "found), then execute every notebook in order and rewrite the "
                              "README's findings")
    run.add_argument("notebooks", nargs="*", help="only these notebooks (default: all)")
    run.add_argument("--kcna", default="", help="the KCNA archive (default: ../shared/external)")
    run.set_defaults(handler=_collection)

    corpus = commands.add_parser("corpus", help="the report of your own corpus CSV (columns "
                                 "id, date, title, text) into OUT")
    corpus.add_argument("corpus", nargs="?", default="", help="the corpus CSV (.csv or .csv.gz)")
    corpus.add_argument("--out", default="", help="the folder of the report (default: out)")
    corpus.add_argument("--target", default="", help="the country or word followed over time "
                        "(default: China)")
    corpus.add_argument("--from", dest="date_from", default="", help="first date, YYYY-MM-DD")
    corpus.add_argument("--to", dest="date_to", default="", help="last date, YYYY-MM-DD")
    corpus.add_argument("--topics-k", default="", help="numbers of topics to try, e.g. 5,10,15")
    corpus.add_argument("--topics-runs", type=int, default=0, help="stability refits per k, "
                        "at most")
    corpus.add_argument("--overwrite", action="store_true", help="write into an OUT that "
                        "holds files no run of the report wrote")
    corpus.add_argument("--config", default="", help="a TOML file with these settings")
    corpus.set_defaults(handler=_corpus)

    gold = commands.add_parser("gold-sample", help="draw sentences to hand-code (--corpus FILE "
                               "--out DIR for your own corpus)")
    gold.add_argument("rest", nargs=argparse.REMAINDER)
    gold.set_defaults(handler=_gold_sample)

    stance = commands.add_parser("stance-sample", help="draw the stance gold set's sentences "
                                 "naming China from KCNA 1997-2018 and Rodong Sinmun")
    stance.add_argument("rest", nargs=argparse.REMAINDER)
    stance.set_defaults(handler=_stance_sample)

    check = commands.add_parser("check-gold", help="agreement of a coded sheet with a run's "
                                "sentiment_scores.csv")
    check.add_argument("coded", help="the coded sheet (unit_id and tone, or the coding sheet)")
    check.add_argument("scores", help="OUT/processed/sentiment_scores.csv of the same corpus")
    check.set_defaults(handler=_check_gold)

    kcna = commands.add_parser("kcna", help="rebuild data/kcna/ from the KCNA archive "
                               "(sha256 checked; --check compares instead of writing)")
    kcna.add_argument("rest", nargs=argparse.REMAINDER)
    kcna.set_defaults(handler=_kcna)

    book = commands.add_parser("book", help="the book of the committed notebooks (never "
                               "executed) in report/: findings, chapters, timeline, references")
    book.set_defaults(handler=_book)

    report = commands.add_parser("report", help="the book in report/ (build, as kimxi book), "
                                 "or every page of it checked in headless Chromium at 1280 px "
                                 "and 390 px (check), or the Chromium it uses (chromium: "
                                 "installs it where missing, as root with apt-get)")
    report.add_argument("action", choices=("build", "check", "chromium"))
    report.set_defaults(handler=_report)

    notebooks = commands.add_parser("notebooks", help="execute the given notebooks in place")
    notebooks.add_argument("notebook", nargs="+")
    notebooks.set_defaults(handler=_notebooks)

    bench = commands.add_parser("bench", help="the benchmarks: the stages, the topics, your "
                                "own corpus at full scale, the notebooks, make run and make test")
    bench.add_argument("--only", action="append", choices=BENCHMARKS)
    bench.add_argument("--corpus", default="", help="the corpus of the stage benchmark")
    bench.set_defaults(handler=_bench)

    lab = commands.add_parser("lab", help="JupyterLab in this environment, its kernel "
                              "registered as kim-xi-messages; options after it go to JupyterLab")
    lab.add_argument("rest", nargs=argparse.REMAINDER)
    lab.set_defaults(handler=_lab)

    make = commands.add_parser("make", help="what a make target runs, its variables read from "
                               "KIMXI_MAKE_* (the Makefile's way of passing them as data)")
    make.add_argument("target", choices=("run", "gold-sample", "kcna", "history", "bench",
                                         "lab"))
    make.set_defaults(handler=_make)
    return top


# Commands whose options are their module's own: everything after the command is passed on
# as it is (argparse's REMAINDER drops a first argument that starts with "--").
PASSED_ON = {"gold-sample": _gold_sample, "stance-sample": _stance_sample, "kcna": _kcna,
             "lab": _lab}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        if argv and argv[0] in PASSED_ON and not {"-h", "--help"} & set(argv[:1]):
            return int(PASSED_ON[argv[0]](argparse.Namespace(rest=argv[1:])) or 0)
        args = parser().parse_args(argv)
        return int(args.handler(args) or 0)
    except DataError as error:  # bad input reaching here from any command: one located line
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
