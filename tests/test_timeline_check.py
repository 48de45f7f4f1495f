"""The browser check of the interactive timeline passes on the page, and fails on broken ones.

Runs Debian's Chromium through Playwright on the page served from 127.0.0.1; skipped,
with the reason, where either is missing.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest
from PIL import Image

from kimxi.io import paths
from kimxi.plots import timeline_interactive as ti
from kimxi.report.timeline_check import check_timeline, expected_fields

CHROMIUM = shutil.which("chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (apt-get install "
                                "chromium) for the browser check")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The page written into a temporary folder and served on loopback: (folder, base url)."""
    folder = tmp_path_factory.mktemp("site")
    ti.write(paths.PROCESSED, paths.DATA, folder / "timeline.html")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _broken(site, name: str, old: str, new: str) -> str:
    """A copy of the page with ``old`` replaced by ``new``: its url."""
    folder, base = site
    text = (folder / "timeline.html").read_text(encoding="utf-8")
    assert old in text, f"the page no longer holds {old!r}: update the broken page"
    (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return base + name


def test_the_page_passes_hover_tap_and_keyboard_at_both_widths(site, browser, tmp_path):
    assert check_timeline(browser, site[1] + "timeline.html", tmp_path) == []
    # The phone's screenshot is at twice its CSS pixels.
    assert Image.open(tmp_path / "timeline_1280.png").size == (1280, 900)
    assert Image.open(tmp_path / "timeline_390.png").size == (780, 1688)


def test_the_check_expects_what_the_tables_say(site):
    exchanges = ti.read_tables(paths.PROCESSED, paths.DATA)[0]
    expected = expected_fields()
    assert list(expected) == exchanges.message_id.tolist()
    kim = exchanges.set_index("message_id").loc["msg-2017-10-25-kim-xi"]
    assert expected["msg-2017-10-25-kim-xi"]["fields"] == [
        kim.kind, kim.sender_person, kim.recipient_person, kim.date_sent]


def test_the_check_fails_a_page_without_tooltips(site, browser, tmp_path):
    url = _broken(site, "no_tooltips.html", "const options = {",
                  'const options = {"tooltip": false, ')
    problems = check_timeline(browser, url, tmp_path)
    hover = [p for p in problems if "no tooltip on hovering" in p]
    assert len(hover) == 2 * len(expected_fields())     # every exchange, on both screens
    assert not [p for p in problems if "keyboard" in p or "on tap" in p]


def test_the_check_fails_a_source_link_that_replaces_the_page(site, browser, tmp_path):
    url = _broken(site, "same_tab.html", 'link.target = "_blank";', "")
    problems = check_timeline(browser, url, tmp_path)
    assert sorted(p.split(":")[0] for p in problems if "replaced the page" in p) == [
        "timeline at 1280 px", "timeline at 390 px"]


def test_the_check_fails_a_page_wider_than_a_phone_and_a_list_without_focus(
        site, browser, tmp_path):
    url = _broken(site, "wide.html", "<style>", "<style>\n  main { min-width: 1130px; }")
    url_keys = _broken(site, "no_focus.html",
                       'button.addEventListener("focus", () => show(button.dataset.id));', "")
    wide = check_timeline(browser, url, tmp_path)
    assert "timeline at 390 px: the page is 1130 px wide in a window of 390 px" in wide
    assert not [p for p in wide if p.startswith("timeline at 1280 px")]
    keys = check_timeline(browser, url_keys, tmp_path)
    assert keys and all("on keyboard focus" in p for p in keys)
    assert len([p for p in keys if "no details" in p]) == 2 * len(expected_fields())
