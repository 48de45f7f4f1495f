"""The book of the collection: the committed notebooks published as a site with Sphinx and MyST-NB.

:func:`build` writes the book's source into a build folder beside ``report/`` (never
committed) and renders it with Sphinx, MyST-NB and sphinx-book-theme (the engine of Jupyter
Book 1) into ``report/``:

- a landing page with the README's findings and their figures: the block that
  :mod:`kimxi.report.findings` writes into the README, read from it, so the two say the same
  numbers; each figure captioned with the chapter and section that draw it and the source line
  the figure file carries;
- each notebook of ``notebooks/`` as committed, one chapter each, never executed
  (``nb_execution_mode = "off"``), its code folded (the ``hide-input`` tag, added to the copy
  only) and each figure captioned the same way;
- a page on using your own corpus: the README's section and the two notebooks of
  ``notebooks/your_corpus/`` as committed;
- the interactive timeline (:func:`kimxi.plots.timeline_interactive.write`) and a page that
  leads to it; the references of every chapter; the README itself.

Sphinx gives the sidebar, previous/next links and search; every page's footer links back to
the findings and to the README. Nothing is fetched from the network, at build time or when a
page is read (no CDN script, font or stylesheet). The site is built beside ``report/`` and
put in its place only when complete, so a build stopped half-way leaves the previous one whole.
"""

from __future__ import annotations

import base64
import glob
import hashlib
import io
import re
import shutil
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat
from PIL import Image

from kimxi.io.errors import DataError
from kimxi.io.paths import DATA, FIGURES, NOTEBOOKS, PROCESSED, ROOT
from kimxi.plots import timeline_interactive
from kimxi.report import findings

REPORT = ROOT / "report"
README = ROOT / "README.md"
TIMELINE = "timeline.html"   # the interactive timeline's own page, at the site's root
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.M)
IMAGE_LINE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\(figures/(?P<name>[\w.-]+\.png)\)\s*$", re.M)

CONF = '''"""Sphinx settings of the book, written by kimxi.report.book (not committed)."""
project = "kim-xi-messages"
html_title = "kim-xi-messages"
extensions = ["myst_nb"]
# The notebooks are published as committed: never executed, never cached.
nb_execution_mode = "off"
nb_merge_streams = True
# No widget or require.js scripts from a CDN: the site must work offline. No LaTeX outputs
# either (their math would load MathJax from a CDN): a cell's plain text or HTML shows instead.
nb_ipywidgets_js = {{}}
nb_mime_priority_overrides = [("html", "text/latex", None)]
myst_heading_anchors = 3
# The README's words as written (no curly quotes), so the findings read the same in both.
smartquotes = False
html_theme = "sphinx_book_theme"
html_theme_options = {{
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": False,
    "use_repository_button": False,
    "extra_footer": {footer!r},
    "footer_content_items": ["extra-footer"],
}}
# Light mode from the first page on (the theme logs an error when no mode is stored yet).
html_context = {{"default_mode": "light"}}
# An icon of the site's own, so that no browser asks for a /favicon.ico the site has not.
html_favicon = "_static/favicon.svg"
html_static_path = ["_static"]
html_css_files = ["book.css"]
html_extra_path = ["_extra"]
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_show_copyright = False
html_last_updated_fmt = None
exclude_patterns = ["_build", "_extra", "_static", "**.ipynb_checkpoints"]
'''

FOOTER = ('<p><a href="index.html">The findings</a> · <a href="readme.html">The repository\'s '
          'README</a> · <a href="references.html">References</a></p>')

# Wide tables and outputs scroll inside their own box instead of widening the page; figures
# never overflow the text column; a long path in code breaks rather than widen a phone's page.
CSS = """\
.bd-article table, .cell_output .output { display: block; max-width: 100%; overflow-x: auto; }
.cell_output img, figure img { max-width: 100%; height: auto; }
figcaption { font-size: 0.85em; }
.bd-article pre { white-space: pre; overflow-x: auto; }
.bd-article code.literal, .bd-article code.literal span.pre {
  white-space: pre-wrap; overflow-wrap: anywhere; }
"""

FAVICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
           '<rect width="16" height="16" rx="3" fill="#0072B2"/></svg>\n')


@dataclass(frozen=True)
class Chapter:
    """A notebook of the book: where it is, the page it becomes, its title."""

    path: Path
    page: str
    title: str


@dataclass(frozen=True)
class Place:
    """Where a figure is drawn: the chapter and the section heading above it, and the source
    line the figure file carries (its PNG ``Source`` text)."""

    chapter: Chapter
    section: str
    source: str


def chapters(notebooks: Path = NOTEBOOKS) -> tuple[list[Chapter], list[Chapter]]:
    """The collection's notebooks in reading order, and the report of a user's own corpus."""
    def chapter(path: Path, page: str) -> Chapter:
        return Chapter(path, page, _title(nbformat.read(path, as_version=4), path.stem))

    essays = [chapter(p, p.stem) for p in sorted(notebooks.glob("[0-9][0-9]_*.ipynb"))]
    own = [chapter(p, f"your_corpus_{p.stem}")
           for p in sorted((notebooks / "your_corpus").glob("*.ipynb"))]
    return essays, own


def _title(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = re.search(r"^#\s+(.+?)\s*$", cell.source, re.M)
            if found:
                return found.group(1)
    return fallback


def _section(heading: str) -> str:
    """A heading as a caption names it: without its number ('3. ') or markdown."""
    return re.sub(r"^\d+\.\s+", "", heading).replace("`", "").strip()


def _png_source(png: bytes) -> str:
    """The source line a figure file carries (``kimxi.plots.style.save``), or ''."""
    return str(Image.open(io.BytesIO(png)).info.get("Source", ""))


def _escape(text: str) -> str:
    """``text`` as literal markdown (its punctuation backslash-escaped)."""
    return re.sub(r"([\\`*_{}\[\]<>#+!|$~])", r"\\\1", text)


def caption(place: Place, link: bool = False) -> str:
    """The caption of a figure: the section that shows it (with its chapter, linked, when
    ``link``) and its source line; markdown."""
    where = _escape(place.section)
    if link:
        where += f" ([{_escape(place.chapter.title)}]({place.chapter.page}.ipynb))"
    where = where if where.endswith((".", "?", "!")) else where + "."
    return where + (f" Source: {_escape(place.source)}" if place.source else "")


def _prepared(chapter: Chapter, places: dict[str, Place]) -> nbformat.NotebookNode:
    """The chapter's notebook as the book shows it: every code cell's input folded, every
    figure captioned. ``places`` gains each figure met, by the sha256 of its PNG."""
    nb = nbformat.read(chapter.path, as_version=4)
    section = chapter.title
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            headings = [h for h in HEADING.findall(cell.source) if len(h[0]) > 1]
            section = _section(headings[-1][1]) if headings else section
            continue
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.setdefault("tags", [])
        if "hide-input" not in tags:
            tags.append("hide-input")
        pngs = [o["data"]["image/png"] for o in cell.get("outputs", [])
                if "image/png" in o.get("data", {})]
        if not pngs:
            continue
        png = base64.b64decode(pngs[0])
        place = Place(chapter, section, _png_source(png))
        places.setdefault(hashlib.sha256(png).hexdigest(), place)
        cell.metadata["mystnb"] = {"figure": {"caption": caption(place)},
                                   "image": {"alt": place.section}}
    return nb


def _readme_part(readme: str, heading: str, path: Path = README) -> str:
    """The body of the README's ``## heading`` section (up to the next ``## ``)."""
    found = re.search(rf"^## {re.escape(heading)}\s*\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    if not found:
        raise DataError(path, f"no section '## {heading}', which the book shows")
    return found.group(1).strip()


def _intro(readme: str) -> str:
    """The README's opening: its question and what the collection is (up to the commands)."""
    body = readme.split("\n", 1)[1]
    return body.split("```", 1)[0].strip()


def landing(readme: str, block: str, figures: Path, places: dict[str, Place],
            toc: str = "") -> str:
    """The landing page: the README's opening and its findings ``block``, each figure as a
    captioned figure that links to the chapter drawing it, then the book's ``toc``."""
    def figure(match: re.Match) -> str:
        png = (figures / match["name"]).read_bytes()
        place = places.get(hashlib.sha256(png).hexdigest())
        text = (caption(place, link=True) if place
                else f"Source: {_escape(_png_source(png))}")
        return (f"```{{figure}} figures/{match['name']}\n:alt: {match['alt']}\n\n{text}\n```")

    title = readme.splitlines()[0].lstrip("# ").strip()
    return "\n\n".join([
        f"# {title}", _intro(readme),
        "## Findings",
        "Every number here is computed from the collection's tables: this is the README's "
        "findings section, which `kimxi run` writes. The chapters in the sidebar are the "
        "notebooks as committed, their code folded.",
        IMAGE_LINE.sub(figure, block),
        toc,
    ])


def _toctree(caption_: str, pages: list[str]) -> str:
    return "```{toctree}\n:hidden:\n:caption: " + caption_ + "\n\n" + "\n".join(pages) + "\n```"


def references(essays: list[Chapter], readme: str, path: Path = README) -> str:
    """Every chapter's references section, chapter by chapter, and the README's data sources."""
    parts = ["# References", "The works and data each chapter cites, as the chapter gives them."]
    for chapter in essays:
        nb = nbformat.read(chapter.path, as_version=4)
        cited = _references_of(nb)
        if cited:
            parts += [f"## {_escape(chapter.title)}",
                      f"Cited in [the chapter]({chapter.page}.ipynb):", cited]
    parts += ["## Data, provenance and licences",
              _readme_part(readme, "Data, provenance and licences", path)]
    return "\n\n".join(parts)


def _references_of(nb: nbformat.NotebookNode) -> str:
    """The list under a notebook's References heading, without its navigation line."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        found = re.search(r"^#+\s*(?:\d+\.\s*)?References\s*\n(.*?)(?=^#|\Z)", cell.source,
                          re.M | re.S)
        if found:
            lines = [line for line in found.group(1).strip().splitlines()
                     if not re.match(r"^(Previous|Next):", line)]
            return "\n".join(lines).strip()
    return ""


def own_corpus(readme: str, own: list[Chapter], path: Path = README) -> str:
    """The page on running the report on your own corpus: the README's section, then the two
    notebooks as committed."""
    return "\n\n".join([
        "# Using your own corpus", _readme_part(readme, "Bring your own corpus", path),
        _toctree("The report of your own corpus", [c.page for c in own])])


def timeline_page(essays: list[Chapter]) -> str:
    """The page that leads to the interactive timeline (and names the chapter of the static
    one, when the book has it)."""
    static = next((c for c in essays if c.page.endswith("_timeline")), None)
    return "\n\n".join([
        "# The interactive timeline",
        "Every exchange between Kim Jong Un and Xi Jinping and their parties, and the events "
        "around them, on one chart that opens on its own page: the marks show what each "
        "exchange was, who sent it to whom, when, and its sources."
        + (f" It is drawn from the same tables as [{_escape(static.title)}]({static.page}.ipynb)."
           if static else ""),
        f'<p><a class="timeline-link" href="{TIMELINE}">Open the interactive timeline</a></p>',
    ])


def write_source(src: Path, notebooks: Path = NOTEBOOKS, figures: Path = FIGURES,
                 readme: Path = README, processed: Path = PROCESSED, data: Path = DATA) -> Path:
    """The book's source (Sphinx configuration, pages, notebooks, figures, the timeline) in
    the empty folder ``src``; returns ``src``."""
    text = readme.read_text(encoding="utf-8")
    for marker in (findings.START, findings.END):
        if marker not in text:
            raise DataError(readme, f"no {marker} marker: the book's landing page shows the "
                            "findings block between the two (kimxi run writes it)")
    essays, own = chapters(notebooks)
    (src / "_static").mkdir(parents=True)
    (src / "_extra").mkdir()
    (src / "figures").mkdir()
    places: dict[str, Place] = {}
    for chapter in essays + own:
        nbformat.write(_prepared(chapter, places), src / f"{chapter.page}.ipynb")
    for png in sorted(figures.glob("*.png")):
        shutil.copy2(png, src / "figures" / png.name)
    toc = "\n\n".join([
        _toctree("The notebooks", [c.page for c in essays]),
        _toctree("Your own corpus", ["your_corpus"]),
        _toctree("More", ["interactive_timeline", "references",
                          "The repository's README <readme>"])])
    pages = {
        "index.md": landing(text, findings.current(readme), figures, places, toc),
        "your_corpus.md": own_corpus(text, own, readme),
        "interactive_timeline.md": timeline_page(essays),
        "references.md": references(essays, text, readme),
        "readme.md": text,
    }
    for name, page in pages.items():
        (src / name).write_text(page + "\n", encoding="utf-8")
    (src / "conf.py").write_text(CONF.format(footer=FOOTER), encoding="utf-8")
    (src / "_static" / "book.css").write_text(CSS, encoding="utf-8")
    (src / "_static" / "favicon.svg").write_text(FAVICON, encoding="utf-8")
    timeline_interactive.write(processed, data, src / "_extra" / TIMELINE, back="index.html")
    return src


def render(src: Path, out: Path, doctrees: Path) -> None:
    """Sphinx's HTML of the source ``src`` into ``out``; a warning fails the build."""
    from sphinx.cmd.build import build_main
    from sphinx.deprecation import RemovedInSphinx11Warning

    with warnings.catch_warnings():
        # The theme's and MyST's own use of APIs a later Sphinx removes: theirs to change.
        warnings.simplefilter("ignore", RemovedInSphinx11Warning)
        code = build_main(["-b", "html", "-q", "-E", "-W", "--keep-going", "-d",
                           str(doctrees), str(src), str(out)])
    if code:
        raise RuntimeError(f"Sphinx could not build the book (exit status {code}); "
                           "its warnings are above")


def build(out: Path = REPORT, notebooks: Path = NOTEBOOKS, figures: Path = FIGURES,
          readme: Path = README, processed: Path = PROCESSED, data: Path = DATA) -> Path:
    """Write the book into ``out`` (replaced whole) and return its landing page.

    The source and the site are built in a new folder beside ``out`` and the site is put in
    its place only when complete, so a build stopped half-way leaves the previous site whole.
    """
    # What a build killed before it could clean up left beside ``out`` (its stage, the old
    # site set aside): the names this function gives, never anything else.
    for stale in out.parent.glob(f".{glob.escape(out.name)}.*"):
        if stale.is_dir() and re.fullmatch(rf"\.{re.escape(out.name)}\.(?:old|[a-z0-9_]{{8}})",
                                           stale.name):
            shutil.rmtree(stale, ignore_errors=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        src = write_source(stage / "source", notebooks, figures, readme, processed, data)
        render(src, stage / "site", stage / "doctrees")
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if out.exists():
            out.rename(old)
        (stage / "site").rename(out)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return out / "index.html"


def main(argv: list[str]) -> int:
    index = build()
    print(f"wrote the book: {index.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
