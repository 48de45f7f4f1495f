"""The book publishes the committed notebooks as they are; the browser check catches breakage.

The browser tests need a Chromium (``kimxi.report.site.find_chromium``: ``$CHROMIUM``, or
chromium, chromium-browser or google-chrome on the PATH) and skip, saying so, without one;
CI installs Debian's chromium first (``make chromium`` in ``.ci/run``), so they run there.
"""

from __future__ import annotations

import base64
import html
import io
import re
import sys
import time
import types
from pathlib import Path

import nbformat
import pytest
from PIL import Image, PngImagePlugin

from kimxi.io import paths
from kimxi.io.errors import DataError
from kimxi.report import book, findings, site

CHROMIUM = site.find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium found (set CHROMIUM or install chromium; CI does)")
HEAD = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
PHONE_READY = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def _text(page: Path) -> str:
    """The words of an HTML page, tags dropped and white space collapsed."""
    text = re.sub(r"</?(?:span|code|a|strong|em)\b[^>]*>", "", page.read_text(encoding="utf-8"))
    words = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html.unescape(words).split())


def _plain(markdown: str) -> str:
    """Markdown as its words: no emphasis, code marks or link targets."""
    markdown = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return " ".join(re.sub(r"[*`]", "", markdown).split())


# ---------------------------------------------------------------------------------------------
# The book of the committed notebooks


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, float]:
    """The whole book, built from the committed notebooks into a temporary folder."""
    out = tmp_path_factory.mktemp("book") / "report"
    started = time.perf_counter()
    book.build(out)
    return out, time.perf_counter() - started


def test_the_book_has_a_chapter_for_every_committed_notebook(built):
    out, seconds = built
    essays, own = book.chapters()
    assert len(essays) == len(list(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")))
    assert len(own) == len(list((paths.NOTEBOOKS / "your_corpus").glob("*.ipynb")))
    for chapter in essays + own:
        page = out / f"{chapter.page}.html"
        assert chapter.title in _text(page), chapter.page
        # Code is folded: every code cell's input sits in a closed <details>.
        text = page.read_text(encoding="utf-8")
        assert len(re.findall(r'<details class="[\w ]*\bhide above-input">', text)) == sum(
            c.cell_type == "code" for c in nbformat.read(chapter.path, as_version=4).cells)
    for name in ("index.html", "references.html", "your_corpus.html", "readme.html",
                 "interactive_timeline.html", site.TIMELINE):
        assert (out / name).is_file(), name
    print(f"the whole book built in {seconds:.1f} s")


def test_the_landing_page_says_what_the_readme_findings_say(built):
    out, _ = built
    block = findings.current()
    shown = _text(out / "index.html")
    paragraphs = [p for p in block.split("\n\n") if p.strip() and not p.startswith(("!", "#"))]
    assert len(paragraphs) > 5
    for paragraph in paragraphs:
        for line in paragraph.splitlines():
            assert _plain(line.lstrip("- ")) in shown, line[:80]
    # Each figure of the findings is on the page, and the page loads them from the site.
    figures = re.findall(r"!\[[^\]]*\]\(figures/([\w.-]+\.png)\)", block)
    images = re.findall(r'<img [^>]*src="_images/([\w.-]+\.png)"',
                        (out / "index.html").read_text())
    assert images == figures


def test_no_page_loads_a_script_or_stylesheet_from_the_network(built):
    out, _ = built
    for page in site.pages(out):
        text = (out / page).read_text(encoding="utf-8")
        tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", text)
        external = [t for t in tags if re.search(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', t)]
        assert external == [], page


def test_every_figure_has_a_caption_that_is_not_a_file_name(built):
    out, _ = built
    count = 0
    for page in site.pages(out):
        for caption in re.findall(r"<figcaption>(.*?)</figcaption>",
                                  (out / page).read_text(encoding="utf-8"), re.S):
            words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", caption)).split())
            words = words.rstrip("#").strip()
            assert len(words.split()) >= 3, (page, words)
            assert not re.search(r"\b[\w-]+\.(png|svg)\b", words), (page, words)
            count += 1
    figures_in_notebooks = sum(
        "image/png" in o.get("data", {})
        for c in (book.chapters()[0] + book.chapters()[1])
        for cell in nbformat.read(c.path, as_version=4).cells if cell.cell_type == "code"
        for o in cell.outputs)
    assert count >= figures_in_notebooks


# ---------------------------------------------------------------------------------------------
# The book of a made collection: what it shows, and how it is put in place


def _png(source: str) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Source", source)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#0072B2").save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


README = """# made collection

*A question the collection asks?*

What it is.

```bash
make run
```

## Findings

{start}
### In plain words

**1. The lines cross.** They cross once, in March.

![The lines cross.](figures/lines.png)

{end}

## Bring your own corpus

Run it on yours.

## Data, provenance and licences

- Made data.
"""


def _collection(tmp_path: Path, monkeypatch) -> dict[str, Path]:
    """A made collection: one notebook (a committed output, a code cell that would leave a
    file behind if it ran, a figure under its section), a figure, a README, a timeline."""
    notebooks, figures = tmp_path / "nb", tmp_path / "fig"
    (notebooks / "your_corpus").mkdir(parents=True)
    figures.mkdir()
    png = _png("made tables, row by row")
    (figures / "lines.png").write_bytes(png)
    ran = tmp_path / "the notebook ran"
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell(f"open({str(ran)!r}, 'w').write('ran')")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="committed output 4711\n")]
    drawn = nbformat.v4.new_code_cell("show(figure)")
    drawn.outputs = [nbformat.v4.new_output(
        "display_data", data={"image/png": base64.b64encode(png).decode(), "text/plain": "fig"})]
    nb.metadata.update(kernelspec={"name": "python3", "language": "python",
                                   "display_name": "Python 3"}, language_info={"name": "python"})
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · A made notebook\n\nIts question."), code,
                nbformat.v4.new_markdown_cell("## 2. Where the lines cross\n\nText."), drawn,
                nbformat.v4.new_markdown_cell("## References\n\n- Made, A. (2020). *A work*.\n\n"
                                              "Next: [01](01_made.ipynb)")]
    nbformat.write(nb, notebooks / "01_made.ipynb")
    own = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Your corpus")])
    nbformat.write(own, notebooks / "your_corpus" / "tone.ipynb")
    readme = tmp_path / "README.md"
    readme.write_text(README.format(start=findings.START, end=findings.END))

    def timeline(processed, data, out, back=None):
        Path(out).write_text(HEAD + "</head><body>a timeline</body></html>")
        return Path(out)

    monkeypatch.setattr(book.timeline_interactive, "write", timeline)
    return {"notebooks": notebooks, "figures": figures, "readme": readme, "ran": ran}


def _build(made: dict[str, Path], out: Path) -> Path:
    return book.build(out, made["notebooks"], made["figures"], made["readme"])


def test_a_chapter_shows_the_committed_outputs_and_never_runs_the_notebook(tmp_path,
                                                                          monkeypatch):
    made = _collection(tmp_path, monkeypatch)
    index = _build(made, tmp_path / "site")
    chapter = _text(index.parent / "01_made.html")
    assert "committed output 4711" in chapter
    assert not made["ran"].exists()
    # The landing page carries the README's findings and its figure, captioned from the
    # section of the chapter that draws it and the source the figure file carries.
    landing = _text(index)
    assert "1. The lines cross. They cross once, in March." in landing
    assert "Where the lines cross (01 · A made notebook). Source: made tables, row by row" \
        in landing
    assert "Where the lines cross. Source: made tables, row by row" in chapter
    references = _text(index.parent / "references.html")
    assert "Made, A. (2020). A work." in references and "Next:" not in references
    assert "Run it on yours." in _text(index.parent / "your_corpus.html")


def test_a_build_stopped_half_way_leaves_the_previous_site_whole(tmp_path, monkeypatch):
    made = _collection(tmp_path, monkeypatch)
    out = tmp_path / "site"
    _build(made, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(book, "render", stop)  # the source is written, Sphinx not yet run
    with pytest.raises(KeyboardInterrupt):
        _build(made, out)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "fig", "nb", "site"]


def test_a_readme_without_what_the_book_shows_is_one_located_error(tmp_path, monkeypatch):
    made = _collection(tmp_path, monkeypatch)
    text = made["readme"].read_text()
    made["readme"].write_text(text.replace("## Bring your own corpus", "## Elsewhere"))
    with pytest.raises(DataError, match="README.md: no section '## Bring your own corpus'"):
        _build(made, tmp_path / "site")
    made["readme"].write_text(text.replace(findings.END, ""))
    with pytest.raises(DataError, match="README.md: no <!-- findings:end --> marker"):
        _build(made, tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "fig", "nb"]


# ---------------------------------------------------------------------------------------------
# The browser check


def test_find_chromium_takes_the_environment_first_then_the_path(tmp_path):
    for name in ("google-chrome", "chromium-browser"):
        (tmp_path / name).write_text("#!/bin/sh\n")
        (tmp_path / name).chmod(0o755)
    assert site.find_chromium({"CHROMIUM": "/opt/c/chrome"}) == "/opt/c/chrome"
    import os

    path = os.environ["PATH"]
    try:
        os.environ["PATH"] = str(tmp_path)
        assert site.find_chromium({}) == str(tmp_path / "chromium-browser")
        os.environ["PATH"] = str(tmp_path / "none")
        assert site.find_chromium({}) is None
    finally:
        os.environ["PATH"] = path


def test_broken_links_finds_missing_files_and_anchors(tmp_path):
    (tmp_path / "a.html").write_text("a")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "index.html").write_text("i")
    base = "http://127.0.0.1:1/"
    links = {"index.html": [base + "a.html#here", base + "a.html#gone", base + "missing.html",
                            base + "dir/", base + "a.html?v=1", "https://example.org/x.html",
                            base + "img%20x.png"]}
    problems = site.broken_links(tmp_path, base, links, {"a.html": {"here"}})
    assert problems == ["index.html: broken link to a.html#gone (no such id)",
                        "index.html: broken link to img x.png (no such file)",
                        "index.html: broken link to missing.html (no such file)"]


def _made_site(root: Path, pages: dict[str, str]) -> Path:
    root.mkdir()
    for name, body in pages.items():
        (root / name).write_text(f"{HEAD}{PHONE_READY}</head><body>{body}</body></html>")
    return root


@needs_chromium
def test_the_browser_check_passes_a_sound_site_and_saves_screenshots(tmp_path):
    made = _made_site(tmp_path / "site", {
        "index.html": '<p><a href="a.html#here">a</a> <img src="i.png" alt="i"></p>',
        "a.html": '<h1 id="here">A</h1><a href="index.html">back</a>'})
    (made / "i.png").write_bytes(_png("x"))
    assert site.check(made, tmp_path / "shots") == []
    assert sorted(p.name for p in (tmp_path / "shots").iterdir()) == [
        "findings-1280.png", "findings-390.png"]
    assert Image.open(tmp_path / "shots" / "findings-390.png").size[0] == 390 * 2


@needs_chromium
def test_the_browser_check_catches_broken_links_errors_and_wide_pages(tmp_path):
    made = _made_site(tmp_path / "site", {
        "index.html": '<a href="gone.html">gone</a> <a href="a.html#nowhere">a</a> '
                      '<img src="missing.png" alt="m">',
        "a.html": "<script>console.error('broken script')</script>",
        "wide.html": '<div style="width:1500px">wide</div>',
        "phone.html": '<div style="width:600px">too wide for a phone</div>'})
    # A page without a viewport tag: a phone lays it out 980 px wide and shrinks it.
    (made / "nometa.html").write_text(f"{HEAD}</head><body><div style='width:900px'>x</div>"
                                      "</body></html>")
    problems = site.check(made, tmp_path / "shots")
    assert "index.html: broken link to gone.html (no such file)" in problems
    assert "index.html: broken link to a.html#nowhere (no such id)" in problems
    assert any(p.startswith("index.html at 1280 px: image did not load") for p in problems)
    assert any(p.startswith("a.html at 390 px: console error: broken script") for p in problems)
    for where in ("wide.html at 1280 px", "wide.html at 390 px", "phone.html at 390 px",
                  "nometa.html at 390 px"):
        assert any(p.startswith(f"{where}: the page is") for p in problems), (where, problems)
    assert not any(p.startswith(("phone.html at 1280", "nometa.html at 1280"))
                   for p in problems), problems


@needs_chromium
def test_the_browser_check_runs_the_timeline_check_on_the_timeline_page(tmp_path,
                                                                       monkeypatch):
    made = _made_site(tmp_path / "site", {"index.html": '<a href="timeline.html">t</a>',
                                          site.TIMELINE: "<p>a chart</p>"})
    calls = []

    def check_timeline(browser, url: str, shots: Path) -> list[str]:
        calls.append((url, shots))
        page = browser.new_page()
        text = page.goto(url).text()
        page.close()
        return [] if "a chart" in text else ["the chart is missing"]

    module = types.ModuleType("kimxi.report.timeline_check")
    module.check_timeline = check_timeline
    monkeypatch.setitem(sys.modules, "kimxi.report.timeline_check", module)
    assert site.check(made, tmp_path / "shots") == []
    assert [(u.rsplit("/", 1)[1], s) for u, s in calls] == [(site.TIMELINE, tmp_path / "shots")]
    (made / site.TIMELINE).write_text(f"{HEAD}{PHONE_READY}</head><body>empty</body></html>")
    assert site.check(made, tmp_path / "shots") == ["timeline.html: the chart is missing"]
