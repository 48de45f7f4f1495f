"""The static report links every notebook and figure; the browser check catches breakage."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from kimxi.io import paths
from kimxi.report import site as report

HAS_CHROMIUM = Path(report.CHROMIUM).exists()


def _tiny_collection(tmp_path: Path) -> tuple[Path, Path]:
    notebooks, figures = tmp_path / "nb", tmp_path / "fig"
    notebooks.mkdir()
    figures.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · A tiny notebook\n\nText.")]
    nbformat.write(nb, notebooks / "01_tiny.ipynb")
    shutil.copy(next(paths.FIGURES.glob("*.png"), None) or _png(tmp_path), figures / "a.png")
    return notebooks, figures


def _png(tmp_path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([0, 1], [0, 1])
    path = tmp_path / "plot.png"
    fig.savefig(path)
    plt.close(fig)
    return path


def test_index_links_every_notebook_and_figure(tmp_path):
    notebooks, figures = _tiny_collection(tmp_path)
    index = report.build(notebooks, figures, tmp_path / "site")
    text = index.read_text()
    assert 'href="01_tiny.html"' in text and "A tiny notebook" in text
    assert 'src="figures/a.png"' in text
    assert (tmp_path / "site" / "01_tiny.html").is_file()
    assert (tmp_path / "site" / "figures" / "a.png").is_file()


def test_pages_load_nothing_from_the_network(tmp_path):
    notebooks, figures = _tiny_collection(tmp_path)
    report.build(notebooks, figures, tmp_path / "site")
    for page in (tmp_path / "site").glob("*.html"):
        assert not re.search(r'(src|href)="https?://', page.read_text()), page.name


@pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed")
def test_browser_check_passes_a_good_site_and_catches_a_broken_one(tmp_path):
    notebooks, figures = _tiny_collection(tmp_path)
    site = tmp_path / "site"
    report.build(notebooks, figures, site)
    assert report.check(site, tmp_path / "shots") == []
    assert (tmp_path / "shots" / "index.png").is_file()
    (site / "figures" / "a.png").unlink()
    (site / "01_tiny.html").unlink()
    problems = report.check(site, tmp_path / "shots")
    assert any("image did not load" in p for p in problems), problems
    assert any("broken link" in p and "01_tiny.html" in p for p in problems), problems


@pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed")
def test_the_timeline_check_fails_a_tooltip_without_the_exchanges_fields(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    head = '<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body>'
    (site / "index.html").write_text(head + "<p>index</p></body></html>")
    (site / report.TIMELINE).write_text(
        head + f'<svg width="200" height="200"><circle aria-label="{report.HOVERED}" cx="50" '
        'cy="50" r="20" onmouseover="document.getElementById(\'vg-tooltip-element\')'
        '.className=\'visible\'"/></svg><div id="vg-tooltip-element">a wrong text</div>'
        "</body></html>")
    problems = report.check(site, tmp_path / "shots")
    assert any("lacks" in p for p in problems), problems
    assert (tmp_path / "shots" / "timeline_interactive.png").is_file()


def test_a_build_stopped_half_way_leaves_the_previous_site_whole(tmp_path, monkeypatch):
    notebooks, figures = tmp_path / "nb", tmp_path / "fig"
    notebooks.mkdir()
    figures.mkdir()
    for name in ("01_a.ipynb", "02_b.ipynb"):
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
            f"# {name}")]), notebooks / name)
    site = tmp_path / "site"
    report.build(notebooks, figures, site)
    before = {p.name: p.read_bytes() for p in site.rglob("*.html")}

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report.timeline_interactive, "write", stop)  # late in the build
    with pytest.raises(KeyboardInterrupt):
        report.build(notebooks, figures, site)
    assert {p.name: p.read_bytes() for p in site.rglob("*.html")} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fig", "nb", "site"]
