"""The built site (``report/``, :mod:`kimxi.report.book`) checked in a real browser.

:func:`check` serves the site on loopback and opens every page in headless Chromium (a system
Chromium found by :func:`find_chromium`, driven by Playwright through ``executable_path``;
Playwright never downloads a browser of its own), once in a 1280 px window and once as a
phone (390 x 844, touch, device scale 2). It fails on a console error, a page error, a
failed request or a response of 400 and up, a page whose document is wider than its window,
and a broken link: every ``<a href>`` and ``<img src>`` within the site must name a file the
site serves, and an anchor an id that exists on its page. It saves screenshots of the landing
page (the findings) and one notebook chapter at both widths into ``report/screenshots/``, and
runs the timeline's own interaction check (:func:`kimxi.report.timeline_check.check_timeline`:
hover, tap and keyboard, with its screenshots ``timeline_1280.png`` and ``timeline_390.png``,
a tooltip open).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from kimxi.io.paths import ROOT

REPORT = ROOT / "report"
TIMELINE = "timeline.html"
NAMES = ("chromium", "chromium-browser", "google-chrome")
# Flags for a root user in a closed network: no sandbox, no GPU, no calls home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
WIDE = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
# The pages photographed at both widths (when the site has them): the findings, a chapter,
# the interactive timeline.
SHOTS = {"findings": "index.html", "chapter": "07_timeline.html"}  # the timeline's: its check


def find_chromium(environ=None) -> str | None:
    """The Chromium to drive: ``$CHROMIUM`` when set, else the first of :data:`NAMES` on the
    PATH; None when there is none."""
    environ = os.environ if environ is None else environ
    if environ.get("CHROMIUM"):
        return environ["CHROMIUM"]
    return next((found for name in NAMES if (found := shutil.which(name))), None)


def install_chromium() -> str | None:
    """Install Debian's chromium with apt-get when running as root where apt-get exists; the
    Chromium found afterwards (None when it could not be installed here)."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print("Chromium not found: installing Debian's chromium with apt-get", file=sys.stderr)
    for argv in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        if subprocess.call(argv, env=env, stdout=subprocess.DEVNULL) != 0:
            return None
    return find_chromium()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the check's output to its findings
        pass


def pages(site: Path) -> list[str]:
    """Every HTML page of ``site`` (its theme's own template fragments aside), as paths."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if "_static" not in p.relative_to(site).parts
                  and "screenshots" not in p.relative_to(site).parts)


def check(site: Path = REPORT, shots: Path | None = None,
          executable: str | None = None) -> list[str]:
    """Open every page of ``site`` at 1280 px and at 390 px; the problems found (empty: it
    passed). Screenshots go to ``shots`` (default ``site/screenshots``)."""
    from playwright.sync_api import sync_playwright

    executable = executable or find_chromium()
    if executable is None:
        return ["no Chromium found: install chromium or set CHROMIUM=/path/to/chromium"]
    shots = shots or site / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    problems: list[str] = []
    ids: dict[str, set[str]] = {}
    links: dict[str, list[str]] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            for label, options in (("1280 px", WIDE), ("390 px", PHONE)):
                context = browser.new_context(**options)
                for name in pages(site):
                    # A fresh page each time, so listeners and state do not leak between pages.
                    page = context.new_page()
                    problems.extend(_check_page(page, base, name, label))
                    if label == "1280 px":
                        ids[name], links[name] = _targets(page, base)
                    shot = next((k for k, v in SHOTS.items() if v == name), None)
                    if shot:
                        page.screenshot(path=str(shots / f"{shot}-{label.split()[0]}.png"),
                                        full_page=True)
                    page.close()
                context.close()
            problems.extend(broken_links(site, base, links, ids))
            if (site / TIMELINE).is_file():
                problems.extend(_timeline(browser, base + TIMELINE, shots))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return problems


def _timeline(browser, url: str, shots: Path) -> list[str]:
    """The interactive timeline's own check: hover, tap and keyboard."""
    try:
        from kimxi.report.timeline_check import check_timeline
    except ImportError as error:
        return [f"{TIMELINE}: its interaction check is missing ({error})"]
    return [f"{TIMELINE}: {p}" for p in check_timeline(browser, url, shots)]


def _check_page(page, base: str, name: str, label: str) -> list[str]:
    found: list[str] = []
    where = f"{name} at {label}"
    page.on("console", lambda m: found.append(f"{where}: console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: found.append(f"{where}: page error: {e}"))
    page.on("requestfailed", lambda r: found.append(f"{where}: request failed: {r.url}"))
    page.on("response", lambda r: found.append(f"{where}: {r.status} for {r.url}")
            if r.status >= 400 else None)
    # Network idle: the page's scripts have drawn what they draw (a chart lays itself out
    # after the load event) before its width is measured.
    response = page.goto(base + name, wait_until="networkidle")
    if response is None or response.status != 200:
        found.append(f"{where}: status {response.status if response else 'none'}")
    width, window = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]")
    # A phone lays out a page without a viewport tag in a wider window and shrinks it, so the
    # window is also at most the screen's width.
    window = min(window, page.viewport_size["width"])
    if width > window:
        found.append(f"{where}: the page is {width} px wide in a {window} px window")
    broken = page.eval_on_selector_all(
        "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0))"
               ".map(i => (i.getAttribute('src') || '').slice(0, 80))")
    found.extend(f"{where}: image did not load: {src}" for src in broken)
    return found


def _targets(page, base: str) -> tuple[set[str], list[str]]:
    """The ids on the page (anchors may name them), and every link and image address in it."""
    ids = set(page.eval_on_selector_all(
        "[id], a[name]", "els => els.map(e => e.id || e.getAttribute('name'))"))
    addresses = page.eval_on_selector_all(
        "a[href], img[src]",
        "els => els.map(e => { const v = e.getAttribute(e.localName === 'img' ? 'src' : 'href');"
        " try { return new URL(v, document.baseURI).href } catch (err) { return '' } })")
    return ids, addresses


def broken_links(site: Path, base: str, links: dict[str, list[str]],
                 ids: dict[str, set[str]]) -> list[str]:
    """Every address of ``links`` (page: addresses) within the site that names no file of
    ``site``, or an anchor that no element of its page has (``ids``: page: ids)."""
    found = []
    for name, addresses in sorted(links.items()):
        for address in sorted(set(addresses)):
            if not address.startswith(base):
                continue  # another site, mailto:, data: - not this site's to serve
            url, anchor = urldefrag(address)
            path = unquote(urlsplit(url).path).lstrip("/")
            target = site / path
            if target.is_dir():
                path, target = f"{path.rstrip('/')}/index.html".lstrip("/"), target / "index.html"
            if not target.is_file():
                found.append(f"{name}: broken link to {path or '/'} (no such file)")
            elif anchor and path in ids and unquote(anchor) not in ids[path]:
                found.append(f"{name}: broken link to {path}#{anchor} (no such id)")
    return found


def chromium() -> str | None:
    """The Chromium found, or installed where it is missing and this user can; None (and one
    line saying what to install) when there is none."""
    executable = find_chromium() or install_chromium()
    if executable is None:
        print("Chromium not found: install it (Debian: `apt-get install chromium`) or set "
              "CHROMIUM=/path/to/chromium", file=sys.stderr)
    return executable


def main(argv: list[str]) -> int:
    """``chromium``: find (or install) Chromium; ``check``: then check ``report/``."""
    if argv[:1] == ["chromium"]:
        executable = chromium()
        if executable:
            print(f"Chromium: {executable}")
        return 0 if executable else 1
    if not REPORT.joinpath("index.html").is_file():
        print("report/index.html not found: run `make book` first", file=sys.stderr)
        return 1
    executable = chromium()
    if executable is None:
        return 1
    problems = check(REPORT, executable=executable)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"checked {len(pages(REPORT))} pages at 1280 px and 390 px in headless Chromium "
          f"({executable}): {len(problems)} problems; screenshots in "
          f"{(REPORT / 'screenshots').relative_to(ROOT)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
