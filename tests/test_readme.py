"""The README for readers: findings in plain words first, full-width figures, terms glossed."""

from __future__ import annotations

import re

from kimxi.io import paths
from kimxi.report import readme_plain

README = (paths.ROOT / "README.md").read_text(encoding="utf-8")


def glossed_at(text: str, index: int) -> bool:
    """Whether the term at ``index`` is followed, within its phrase, by a bracketed gloss of
    at least five words."""
    after = re.match(r"[^()\n.;:,]{0,30}\(([^()]*(?:\([^()]*\)[^()]*)*)\)", text[index:])
    return bool(after) and len(after.group(1).split()) >= 5


def test_every_technical_term_is_glossed_where_a_reader_first_meets_it():
    for term, pattern in readme_plain.TERMS.items():
        first = readme_plain.first_use(README, pattern)
        if first is None:
            continue
        line = README[max(0, README.rfind("\n", 0, first)):README.find("\n", first)]
        assert glossed_at(README, first), f"{term!r} first appears unglossed: {line.strip()!r}"


def test_the_gloss_check_can_fail():
    text = "The kappa is 0.68. Cohen's kappa (agreement beyond chance: 0 chance, 1 perfect)."
    assert not glossed_at(text, readme_plain.first_use(text, "kappa"))
    assert glossed_at(text, text.rindex("kappa"))
    assert readme_plain.first_use("a CAMEO-based lexicon", "CAMEO") is None


def test_the_plain_summary_comes_first_and_every_figure_is_full_width():
    plain = README.index("### In plain words")
    assert plain < README.index("### In detail") < README.index("## Methodology")
    for line in README.splitlines():
        if "![" in line:   # an image alone on its line: the full width of the page
            assert re.fullmatch(r"!\[[^\]]+\]\(figures/[\w.]+\.png\)", line.strip()), line
    assert "| ![" not in README
    summary = README[plain:README.index("### In detail")]
    # every finding that survives the analysis plan, each with its figure
    assert len(re.findall(r"^\*\*\d+\. ", summary, re.MULTILINE)) == summary.count("![") >= 3


def test_every_finding_names_an_entry_of_the_analysis_plan():
    plan = (paths.ROOT / "ANALYSIS_PLAN.md").read_text(encoding="utf-8")
    entries = set(re.findall(r"^## (P\d+)\.", plan, re.MULTILINE))
    summary = README[README.index("### In plain words"):README.index("### In detail")]
    findings = re.findall(r"^\*\*\d+\. .*$", summary, re.MULTILINE)
    assert findings
    for finding in findings:
        named = re.findall(r"plan entry (P\d+)", finding)
        assert named and set(named) <= entries, finding[:80]
