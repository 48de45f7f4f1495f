"""The interactive timeline, checked in a real browser as a reader would use it.

:func:`check_timeline` opens the page of :mod:`kimxi.plots.timeline_interactive` at
1280 x 900 (a desktop with a touch screen) and at 390 x 844 in phone emulation, and
returns the problems it finds (empty when the page passes): a page wider than its
window or a chart that does not fit it, a console error, and for every exchange of the
record a mark that cannot be found by its readable name, a tooltip on hover, a details
panel on tap (and on click, on the desktop) and on keyboard focus that does not show the
exchange's kind, sender, recipient and date as the tables give them, a keyboard
selection that does not highlight its mark, and a source link that replaces the page
instead of opening a new one. What the page must show is computed from the processed
tables with the page's own :func:`~kimxi.plots.timeline_interactive.read_tables` and
:func:`~kimxi.plots.timeline_interactive.exchange_rows`.

Requests that leave the page's own server (a source link's address) are answered by a
stub page in the browser, so that the check needs no network.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from kimxi.io.paths import DATA, PROCESSED
from kimxi.plots.timeline_interactive import exchange_rows, read_tables

SCREENS = {
    "1280": {"viewport": {"width": 1280, "height": 900}, "has_touch": True},
    "390": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
            "device_scale_factor": 2},
}
TOOLTIP = "#vg-tooltip-element"
DETAILS = "#details"
WAIT = 10_000        # ms for the chart to draw
SHORT = 2_000        # ms for a tooltip or a panel to appear
MAX_TABS = 120       # Tab presses through the page before the keyboard check gives up


def expected_fields(processed: Path = PROCESSED, data: Path = DATA) -> dict[str, dict]:
    """For each exchange id: its readable ``name`` and the ``fields`` (kind, sender,
    recipient, date sent) its tooltip and details must show, as the tables give them."""
    exchanges, quotes, _, sources = read_tables(processed, data)
    rows = exchange_rows(exchanges, quotes, sources)
    return {row["id"]: {"name": row["name"], "fields": [row["kind"], row["from"], row["to"],
                                                        row["sent"]]}
        for _, row in rows.iterrows()}


def _text(page, selector: str) -> str:
    return " ".join(page.inner_text(selector).split())


def _missing(shown: str, fields: list[str]) -> list[str]:
    return [field for field in fields if " ".join(str(field).split()) not in shown]


def check_timeline(browser, url: str, shots: Path) -> list[str]:
    """Check the timeline page at ``url`` in ``browser`` (a Playwright ``Browser``).

    Returns the problems found, each a sentence naming the screen and the exchange;
    empty when the page passes. Writes ``timeline_1280.png`` and ``timeline_390.png``
    (the chart with a tooltip open) into ``shots``.
    """
    shots = Path(shots)
    shots.mkdir(parents=True, exist_ok=True)
    expected = expected_fields()
    problems: list[str] = []
    for screen, options in SCREENS.items():
        context = browser.new_context(**options)
        origin = urlparse(url).netloc
        context.route(lambda link, origin=origin: urlparse(link).netloc != origin,
                      lambda route: route.fulfill(status=200, content_type="text/html",
                                                  body="<title>source</title><p>a source</p>"))
        try:
            problems.extend(_check_screen(context, url, screen, expected,
                                          shots / f"timeline_{screen}.png"))
        finally:
            context.close()
    return problems


def _check_screen(context, url: str, screen: str, expected: dict, shot: Path) -> list[str]:
    at = f"timeline at {screen} px"
    found: list[str] = []
    page = context.new_page()
    page.set_default_timeout(SHORT)   # a mark that cannot be hovered or tapped is a finding
    page.on("console", lambda m: found.append(f"{at}: console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: found.append(f"{at}: page error: {e}"))
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        return [f"{at}: status {response.status if response else 'none'} for {url}"]
    first = next(iter(expected.values()))["name"]
    try:
        page.locator(f'[aria-label="{first}"]').first.wait_for(timeout=WAIT)
    except Exception as error:  # noqa: BLE001 - any failure here is a finding of the check
        return found + [f"{at}: no mark named {first!r} ({type(error).__name__})"]
    found.extend(_check_width(page, at))
    for exchange, want in expected.items():
        mark = page.locator(f'[aria-label="{want["name"]}"]').first
        if mark.count() == 0:
            found.append(f"{at}: no mark named {want['name']!r} ({exchange})")
            continue
        found.extend(_check_hover(page, mark, at, exchange, want))
        found.extend(_check_tap(page, mark, at, exchange, want, "tap"))
        if screen == "1280":
            found.extend(_check_tap(page, mark, at, exchange, want, "click"))
    found.extend(_check_keyboard(page, at, expected))
    found.extend(_check_source_link(page, at, expected))
    found.extend(_screenshot(page, at, expected, shot))
    page.close()
    return found


def _check_width(page, at: str) -> list[str]:
    """Neither the page nor the chart wider than the window the screen gives it. The window's
    width is the context's viewport: a phone widens ``innerWidth`` to fit a page too wide."""
    window = page.viewport_size["width"]
    sizes = page.evaluate("""() => ({
        page: document.documentElement.scrollWidth, window: window.innerWidth,
        chart: (document.querySelector('#chart svg') || {getBoundingClientRect: () => ({})})
               .getBoundingClientRect()})""")
    found = []
    if max(sizes["page"], sizes["window"]) > window:
        found.append(f"{at}: the page is {max(sizes['page'], sizes['window'])} px wide in a "
                     f"window of {window} px")
    chart = sizes["chart"]
    if not chart or chart.get("left", -1) < 0 or chart.get("right", 1e9) > window:
        found.append(f"{at}: the chart does not fit the window ({chart})")
    return found


def _check_hover(page, mark, at: str, exchange: str, want: dict) -> list[str]:
    try:
        mark.hover()
        page.wait_for_selector(f"{TOOLTIP}.visible", timeout=SHORT)
    except Exception as error:  # noqa: BLE001 - any failure here is a finding of the check
        return [f"{at}: no tooltip on hovering over {exchange} ({type(error).__name__})"]
    shown = _text(page, TOOLTIP)
    box = page.locator(TOOLTIP).bounding_box()
    page.mouse.move(0, 0)
    found = [f"{at}: the tooltip of {exchange} on hover lacks {part!r}"
             for part in _missing(shown, want["fields"])]
    size = page.viewport_size
    if box and (box["x"] < 0 or box["x"] + box["width"] > size["width"] or box["y"] < 0
                or box["y"] + box["height"] > size["height"]):
        found.append(f"{at}: the tooltip of {exchange} runs off the window ({box['width']:.0f}"
                     f" x {box['height']:.0f} px at {box['x']:.0f}, {box['y']:.0f})")
    return found


def _selected(page, at: str, exchange: str, want: dict, how: str) -> list[str]:
    """The details panel shows ``exchange`` and its mark is highlighted."""
    try:
        page.wait_for_function(
            "([selector, name]) => { const panel = document.querySelector(selector);"
            " return panel && panel.innerText.includes(name); }",
            arg=[DETAILS, want["name"]], timeout=SHORT)
    except Exception as error:  # noqa: BLE001 - any failure here is a finding of the check
        return [f"{at}: no details of {exchange} on {how} ({type(error).__name__})"]
    shown = _text(page, DETAILS)
    found = [f"{at}: the details of {exchange} on {how} lack {part!r}"
             for part in _missing(shown, want["fields"])]
    try:
        page.wait_for_function(
            "(name) => { const mark = document.querySelector(`[aria-label=\"${name}\"]`);"
            " return mark && parseFloat(mark.getAttribute('stroke-width')) >= 2; }",
            arg=want["name"], timeout=SHORT)
    except Exception:  # noqa: BLE001 - any failure here is a finding of the check
        found.append(f"{at}: the mark of {exchange} is not highlighted on {how}")
    return found


def _check_tap(page, mark, at: str, exchange: str, want: dict, how: str) -> list[str]:
    url = page.url
    try:
        mark.tap() if how == "tap" else mark.click()
    except Exception as error:  # noqa: BLE001 - any failure here is a finding of the check
        return [f"{at}: cannot {how} {exchange} ({type(error).__name__})"]
    if page.url != url:
        page.goto(url, wait_until="load")
        return [f"{at}: a {how} on {exchange} left the page for {page.url}"]
    return _selected(page, at, exchange, want, how)


def _check_keyboard(page, at: str, expected: dict) -> list[str]:
    """Tab from the top of the page: every exchange must be reached and, once focused, be
    shown in the details panel and highlighted in the chart."""
    # A fresh page, so that nothing shown by the hover and tap checks counts for the keyboard.
    page.reload(wait_until="load")
    page.locator(f'[aria-label="{next(iter(expected.values()))["name"]}"]').first.wait_for(
        timeout=WAIT)
    names = {want["name"]: exchange for exchange, want in expected.items()}
    reached: set[str] = set()
    found: list[str] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => { const e = document.activeElement;"
                                " return e ? (e.innerText || '').trim() : ''; }")
        exchange = names.get(" ".join(focused.split()))
        if exchange and exchange not in reached:
            reached.add(exchange)
            found.extend(_selected(page, at, exchange, expected[exchange], "keyboard focus"))
        if len(reached) == len(expected):
            break
    found.extend(f"{at}: {exchange} is not reached with Tab" for exchange in expected
                 if exchange not in reached)
    return found


def _check_source_link(page, at: str, expected: dict) -> list[str]:
    """The source link of the selected exchange opens a new page, and this one stays."""
    link = page.locator(f"{DETAILS} a[href]").first
    if link.count() == 0:
        for want in expected.values():      # select an exchange with a source, by its mark
            page.locator(f'[aria-label="{want["name"]}"]').first.click()
            if link.count():
                break
    if link.count() == 0:
        return [f"{at}: no source link in the details panel"]
    url = page.url
    found = []
    try:
        with page.expect_popup(timeout=SHORT) as popup:
            link.click()
        popup.value.close()
    except Exception as error:  # noqa: BLE001 - any failure here is a finding of the check
        found.append(f"{at}: the source link opened no new page ({type(error).__name__})")
    if page.url != url:
        found.append(f"{at}: the source link replaced the page with {page.url}")
        page.goto(url, wait_until="load")   # back, for the screenshot
    return found


def _screenshot(page, at: str, expected: dict, shot: Path) -> list[str]:
    """The chart with the tooltip of the first exchange open."""
    mark = page.locator(f'[aria-label="{next(iter(expected.values()))["name"]}"]').first
    try:
        mark.wait_for(timeout=WAIT)
        # The chart's top half-way down the window, so that the tooltip has room above it.
        page.evaluate("(h) => window.scrollTo(0, document.querySelector('#chart').offsetTop"
                      " - h / 2)", page.viewport_size["height"])
        mark.hover()
        page.wait_for_selector(f"{TOOLTIP}.visible", timeout=SHORT)
    except Exception as error:  # noqa: BLE001 - any failure here is a finding of the check
        return [f"{at}: no tooltip for the screenshot ({type(error).__name__})"]
    finally:
        page.screenshot(path=str(shot))
    return []
