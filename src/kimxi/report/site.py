"""A static HTML site of the committed notebooks, and a real-browser check of it.

``python -m kimxi.report.site build`` converts every notebook as committed (no
re-execution) with nbconvert into ``report/``, copies ``figures/*.png`` beside
them, and writes ``index.html``: a gallery of every figure and a link to each
notebook. ``python -m kimxi.report.site check`` serves ``report/`` on loopback,
opens every page in headless Chromium (Debian's ``/usr/bin/chromium``, driven
by Playwright), saves screenshots of the index and the timeline page, and
fails on a console error, a failed request, an image that did not load or a
link that does not resolve. The site also holds the interactive timeline
(:mod:`kimxi.plots.timeline_interactive`); the check hovers over an exchange, fails
unless its tooltip shows that exchange's fields as the tables give them, and
saves a screenshot with the tooltip open (``screenshots/timeline_interactive.png``).
"""

from __future__ import annotations

import functools
import html
import http.server
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urljoin, urlparse

import nbformat
from nbconvert import HTMLExporter

from kimxi.io.paths import DATA, FIGURES, NOTEBOOKS, PROCESSED, ROOT
from kimxi.plots import timeline_interactive

REPORT = ROOT / "report"
TIMELINE = "timeline.html"   # the interactive timeline (kimxi.plots.timeline_interactive)
HOVERED = "msg-2017-10-25-kim-xi"   # the exchange the browser check hovers over
CHROMIUM = "/usr/bin/chromium"
# Flags for a root user in a closed network: no sandbox, no GPU, no calls home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def _title(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _exporter() -> HTMLExporter:
    # No MathJax or require.js from a CDN: the site must work offline.
    exporter = HTMLExporter(template_name="lab", embed_images=True)
    exporter.mathjax_url = ""
    exporter.require_js_url = ""
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def build(notebooks: Path = NOTEBOOKS, figures: Path = FIGURES, out: Path = REPORT) -> Path:
    """Write the site into ``out`` (replaced whole) and return the index path.

    The site is built in a new folder beside ``out`` and put in its place only when complete,
    so that a build stopped half-way leaves the previous site whole."""
    final = out
    out = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=final.parent))
    try:
        index = _build_into(notebooks, figures, out)
        old = final.with_name(f".{final.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        out.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    return final / index.name


def _build_into(notebooks: Path, figures: Path, out: Path) -> Path:
    """Every page of the site, written into the empty folder ``out``; the index path."""
    (out / "figures").mkdir(parents=True)
    exporter = _exporter()
    pages = []
    for path in sorted(notebooks.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        body, _ = exporter.from_notebook_node(nb)
        # An empty icon: otherwise the browser asks for /favicon.ico, which the site has not.
        body = body.replace("<head>", '<head>\n<link rel="icon" href="data:,">', 1)
        # Links between notebooks point at the pages the site has for them.
        body = re.sub(r'href="(\d\d_[\w-]+)\.ipynb"', r'href="\1.html"', body)
        target = out / path.with_suffix(".html").name
        target.write_text(body, encoding="utf-8")
        pages.append((target.name, _title(nb, path.stem)))
    figs = []
    for png in sorted(figures.glob("*.png")):
        shutil.copy2(png, out / "figures" / png.name)
        figs.append(png.name)
    timeline_interactive.write(PROCESSED, DATA, out / TIMELINE)
    index = out / "index.html"
    index.write_text(_index_html(pages, figs), encoding="utf-8")
    return index


def _index_html(pages: list[tuple[str, str]], figures: list[str]) -> str:
    items = "\n".join(f'<li><a href="{html.escape(name)}">{html.escape(title)}</a></li>'
                      for name, title in pages)
    gallery = "\n".join(
        f'<figure><a href="figures/{html.escape(f)}"><img src="figures/{html.escape(f)}" '
        f'alt="{html.escape(f)}"></a><figcaption>{html.escape(f)}</figcaption></figure>'
        for f in figures)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>kim-xi-messages: notebooks and figures</title>
<style>
body {{ font-family: sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; }}
.gallery {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
           gap: 1em; }}
figure {{ margin: 0; border: 1px solid #ddd; padding: .5em; }}
figure img {{ width: 100%; height: auto; }}
figcaption {{ font-size: .85em; color: #444; }}
</style></head>
<body>
<h1>kim-xi-messages</h1>
<p>The messages of Kim Jong Un and Xi Jinping, Oct 2017 &ndash; Mar 2018: the notebooks as
committed (not re-executed) and every figure they wrote.</p>
<p><a href="{TIMELINE}">The interactive timeline</a>: hover over an exchange or an event for
its quotes, outlets, dates and source; click to open the source.</p>
<h2>Notebooks</h2>
<ol>
{items}
</ol>
<h2>Figures</h2>
<div class="gallery">
{gallery}
</div>
</body></html>
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the check's output to its findings
        pass


def check(out: Path = REPORT, shots: Path | None = None,
          executable: str = CHROMIUM) -> list[str]:
    """Open every page of the site in headless Chromium; return the problems found.

    Screenshots of ``index.html`` and of the timeline notebook's page (when
    present) are written to ``shots`` (default ``out/screenshots``).
    """
    from playwright.sync_api import sync_playwright

    shots = shots or out / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    problems: list[str] = []
    pages = ["index.html", TIMELINE] + sorted(p.name for p in out.glob("[0-9][0-9]_*.html"))
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            for name in pages:
                # A fresh page each time, so listeners and state do not leak between pages.
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                problems.extend(_check_page(page, base, name, shots))
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return problems


def _check_page(page, base: str, name: str, shots: Path) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(f"{name}: console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: found.append(f"{name}: page error: {e}"))
    page.on("requestfailed", lambda r: found.append(f"{name}: request failed: {r.url}"))
    page.on("response", lambda r: found.append(f"{name}: {r.status} for {r.url}")
            if r.status >= 400 else None)
    response = page.goto(urljoin(base, name), wait_until="load")
    if response is None or response.status != 200:
        found.append(f"{name}: status {response.status if response else 'none'}")
    broken = page.eval_on_selector_all(
        "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0))"
               ".map(i => (i.getAttribute('src') || '').slice(0, 80))")
    found.extend(f"{name}: image did not load: {src}" for src in broken)
    links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
    for link in sorted(set(links)):
        parsed = urlparse(link)
        if parsed.scheme in ("http", "https") and link.startswith(base):
            target = link.split("#")[0]
            status = page.request.get(target).status
            if status != 200:
                found.append(f"{name}: broken link {target} ({status})")
    if name == TIMELINE:
        found.extend(_check_tooltip(page, name, shots))
    elif name == "index.html" or "timeline" in name:
        page.screenshot(path=str(shots / name.replace(".html", ".png")), full_page=True)
    return found


def expected_tooltip(exchange: str = HOVERED) -> list[str]:
    """What the tooltip of ``exchange`` must show, from the processed tables."""
    exchanges, quotes, _, sources = timeline_interactive.read_tables(PROCESSED, DATA)
    row = timeline_interactive.exchange_rows(exchanges, quotes, sources).set_index("id")
    row = row.loc[exchange]
    return [row.what, row["from"], row.reported, row.quotes[:40], row.source[:30]]


def _check_tooltip(page, name: str, shots: Path) -> list[str]:
    """Hover over an exchange: its tooltip must show its fields; screenshot with it open."""
    mark = page.locator(f'[aria-label="{HOVERED}"]').first
    try:
        mark.wait_for(timeout=15000)
        mark.hover()
        page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)
    except Exception as error:  # noqa: BLE001 - any failure here is a finding of the check
        return [f"{name}: no tooltip on hovering {HOVERED}: {type(error).__name__}"]
    shown = " ".join(page.inner_text("#vg-tooltip-element").split())
    page.screenshot(path=str(shots / "timeline_interactive.png"), full_page=True)
    return [f"{name}: the tooltip of {HOVERED} lacks {part!r}" for part in expected_tooltip()
            if " ".join(part.split()) not in shown]


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "build":
        print(f"wrote {build().relative_to(ROOT)}")
        return 0
    if command == "check":
        if not REPORT.joinpath("index.html").is_file():
            print("report/index.html not found: run `make report` first", file=sys.stderr)
            return 1
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        pages = len(list(REPORT.glob("*.html")))
        print(f"checked {pages} pages in headless Chromium: {len(problems)} problems; "
              f"screenshots in {(REPORT / 'screenshots').relative_to(ROOT)}")
        return 1 if problems else 0
    print("usage: python -m kimxi.report.site build|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
