"""The notebooks read as essays: question, contents, references, links, no internal wording."""

from __future__ import annotations

import json
import re

import pytest

from kimxi.io import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
# Wording that belongs to the project's work, not to a reader's essay.
INTERNAL = re.compile(r"\bissues?\s*#?\d+|\bthe issue\b|\bthe owners?\b|\bowner asked\b|"
                      r"\bacceptance\b|\bTODO\b|\bFIXME\b|\bXXX\b|\bwe were asked\b",
                      re.IGNORECASE)


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def markdown(path) -> str:
    return "\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "markdown")


def test_there_are_seven_notebooks_in_reading_order():
    assert [p.name[:2] for p in NOTEBOOKS] == [f"{i:02d}" for i in range(1, len(NOTEBOOKS) + 1)]
    assert len(NOTEBOOKS) >= 7


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_opens_with_its_question_data_and_contents(path):
    first = "".join(cells(path)[0]["source"])
    assert first.startswith(f"# {path.name[:2]} · ")
    for part in ("**Question.**", "**Contents.**"):
        assert part in first, part
    assert "**Reads**" in first or "**Data.**" in first      # what it reads, said up front
    items = re.findall(r"(?:^|· )\d+\. ", first.split("**Contents.**")[1], re.MULTILINE)
    assert len(items) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_ends_with_references_and_links_to_its_neighbours(path):
    text = markdown(path)
    assert re.search(r"^## (\d+\. )?References$", text, re.MULTILINE)
    references = text.split("References", 1)[1]
    assert references.count("\n- ") >= 2          # at least two sources, in full
    i = NOTEBOOKS.index(path)
    neighbours = ([("Previous", NOTEBOOKS[i - 1])] if i else []) + (
        [("Next", NOTEBOOKS[i + 1])] if i + 1 < len(NOTEBOOKS) else [])
    for word, other in neighbours:
        link = re.search(rf"{word}: \[[^\]]+\]\(([^)]+)\)", text)
        assert link and link.group(1) == other.name, (word, other.name)
    last = "".join(cells(path)[-1]["source"])
    assert all(f"({other.name})" in last for _, other in neighbours)   # links at the end too


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_internal_wording(path):
    for n, cell in enumerate(cells(path), 1):
        found = INTERNAL.search("".join(cell["source"]))
        assert not found, f"cell {n}: {found.group(0)!r}"


def test_the_internal_wording_pattern_finds_what_it_should():
    for text in ("as issue 4 asked", "The owner asked for", "the issue quotes", "TODO: fix",
                 "see issue #12"):
        assert INTERNAL.search(text), text
    for text in ("asked = table[(table", "an issue of Rodong Sinmun", "issued a statement"):
        assert not INTERNAL.search(text), text
