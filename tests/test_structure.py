"""The shape of the notebooks: no function or class defined in a notebook, no long cell.

The package's layers are import-linter contracts (pyproject.toml), checked by `make test`."""

from __future__ import annotations

import ast
import json

import pytest

from kimxi.io import paths

MAX_CELL_LINES = 15
NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) + sorted(
    (paths.NOTEBOOKS / "your_corpus").glob("*.ipynb"))   # the report on a user's corpus
# Notebooks not yet reshaped (none now); each entry is an expected failure, strict.
NOT_YET: set[str] = set()


def cells(notebook):
    return [("".join(c["source"]), i) for i, c in enumerate(json.loads(notebook.read_text())
                                                          ["cells"]) if c["cell_type"] == "code"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_defines_no_function_and_has_no_long_cell(notebook, request):
    if notebook.name in NOT_YET:
        request.applymarker(pytest.mark.xfail(strict=True, reason="not yet reshaped"))
    problems = []
    for source, index in cells(notebook):
        lines = len(source.rstrip("\n").split("\n"))
        if lines > MAX_CELL_LINES:
            problems.append(f"cell {index}: {lines} lines")
        defined = [n.name for n in ast.walk(ast.parse(source))
                   if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)]
        if defined:
            problems.append(f"cell {index} defines {', '.join(defined)}")
    assert not problems, "; ".join(problems)


def test_the_cell_checks_catch_a_function_and_a_long_cell(tmp_path):
    notebook = tmp_path / "99_x.ipynb"
    notebook.write_text(json.dumps({"cells": [
        {"cell_type": "code", "source": ["def f():\n", "    return 1"]},
        {"cell_type": "code", "source": ["x = 1\n"] * 16}]}))
    with pytest.raises(AssertionError, match="cell 0 defines f; cell 1: 16 lines"):
        test_notebook_defines_no_function_and_has_no_long_cell(notebook, None)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_its_paired_script_with_the_same_cells(notebook):
    import jupytext

    script = notebook.with_suffix(".py")
    assert script.is_file(), f"{script.name} is missing: make pair"
    paired = jupytext.read(script)
    ours = json.loads(notebook.read_text())["cells"]
    assert [(c.cell_type, c.source) for c in paired.cells] == [
        (c["cell_type"], "".join(c["source"])) for c in ours], f"{script.name}: make pair"
