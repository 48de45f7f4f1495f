"""The interactive timeline of the report: one offline page, at any width, by mouse, touch or keys.

Built with Vega-Altair (a Vega-Lite specification from pandas tables) and saved
as one self-contained page: the Vega, Vega-Lite and vega-embed scripts are
inlined from ``vl-convert-python``, so the page needs no network and no CDN.
Altair was chosen over Bokeh because the chart is a declarative specification
(data and encodings) whose fields can be tested as data, and because its offline
page needs no server.

The chart fills its container (``width="container"``) and shows the whole view,
from the message window's first month to the month of the last report, at any
width. Its rows are the exchanges by direction, coloured by the sending side and
shaped by kind, and below them one row per context event, shaped by category and
labelled beside its marker, so that no label can fall on another; the longest gap
between exchanges, found in the table, is shaded and labelled. Legends name the
sides, the kinds and the categories.

Hovering over a mark shows its fields in a tooltip. Clicking or tapping a mark, or
focusing its button in the list of every exchange and event below the chart (the
keyboard's way in: Vega's marks take no focus), highlights the mark and shows the
same fields in a details panel with a link to the source that opens in a new tab
(a Vega ``href`` would replace the page). Each mark's ``aria-label``, and its
button, is a readable name ("Kim Jong Un to Xi Jinping, congratulatory message,
25 Oct 2017"), never an id. :func:`kimxi.report.timeline_check.check_timeline`
checks all of this in a browser.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd

from kimxi.corpus.windows import MESSAGE_WINDOW
from kimxi.plots.style import NEUTRALS, SILENCE_INK, SILENCE_SHADE, side_colour
from kimxi.timeline.events import KEY_EVENTS

LANES = {"DPRK->PRC": "Kim / WPK to Xi / CPC", "PRC->DPRK": "Xi / CPC to Kim / WPK",
         "in person": "in person"}
SHORT_LANES = {"DPRK->PRC": "DPRK → PRC", "PRC->DPRK": "PRC → DPRK", "in person": "in person"}
GAP_ROW = "gap"   # the top row, which holds the gap's label
SIDE = {"DPRK->PRC": "dprk", "PRC->DPRK": "prc", "in person": "joint"}
SIDE_NAMES = {"dprk": "DPRK side (Kim / WPK)", "prc": "PRC side (Xi / CPC)",
              "joint": "both, in person"}
# Vega's symbol shapes; a star (an SVG path) for the meeting in person.
STAR = ("M0,-1L0.24,-0.33L0.95,-0.31L0.38,0.12L0.59,0.81L0,0.4L-0.59,0.81L-0.38,0.12"
        "L-0.95,-0.31L-0.24,-0.33Z")
KIND_SHAPES = {"congratulatory message": "circle", "message of thanks": "square",
               "greeting card": "triangle-down", "envoy visit": "diamond", "summit": STAR}
CATEGORY_SHAPES = {
    "weapons test": "cross", "UN sanctions": "square", "Chinese sanctions enforcement": "diamond",
    "US policy": "triangle-up", "inter-Korean": "circle", "summit or visit": STAR,
    "party and state politics": "triangle-down"}
MAX_QUOTES = 3
# The fields the details panel shows, with their titles; a tooltip shows the first six
# (an exchange) or three (an event).
EXCHANGE_FIELDS = (("kind", "kind"), ("what", "exchange"), ("from", "from"), ("to", "to"),
                   ("sent", "sent"), ("reported", "reported by DPRK media"),
                   ("outlets", "outlets"), ("quotes", "quotes"))
EVENT_FIELDS = (("what", "event"), ("category", "category"), ("dates", "dates"),
                ("note", "note"))
ROW = 18   # px per row of the chart
NARROW = 560   # px: below this width the chart draws smaller marks and stacks its legends


def _first_address(ids: str, sources: pd.DataFrame) -> str:
    """The web address of the first of ``ids`` (``data/sources.csv``) that has one."""
    addresses = sources.set_index("source_id").address.fillna("")
    for source in str(ids).split(";"):
        address = addresses.get(source.strip(), "")
        found = re.search(r"https?://\S+", address)
        if found:
            return found.group(0).rstrip(").,;")
        if re.fullmatch(r"[\w-]+(\.[\w-]+)+(/\S*)?", address):   # a bare domain and path
            return f"https://{address}"
    return ""


def _day(date: str) -> str:
    """``2017-10-25`` as ``25 Oct 2017``."""
    day = pd.Timestamp(date)
    return f"{day.day} {day:%b %Y}"


def _filled(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def exchange_rows(exchanges: pd.DataFrame, quotes: pd.DataFrame,
                  sources: pd.DataFrame) -> pd.DataFrame:
    """One row per exchange with the fields its tooltip and details panel show.

    ``name`` is what a screen reader says for its mark and what its button reads:
    sender, recipient, kind and first day.
    """
    rows = []
    for ex in exchanges.itertuples():
        said = quotes[quotes.message_id == ex.message_id].head(MAX_QUOTES)
        sender = ex.sender_person if _filled(ex.sender_person) else ex.sender_organ
        recipient = ex.recipient_person if _filled(ex.recipient_person) else ex.recipient_organ
        start, end = str(ex.date_start)[:10], str(ex.date_end)[:10]
        rows.append({
            "id": ex.message_id, "date": start, "end": end, "direction": ex.direction,
            "lane": LANES[ex.direction],
            "side": SIDE[ex.direction], "kind": ex.kind, "what": f"{ex.kind}: {ex.occasion}",
            "from": sender, "to": recipient,
            "name": f"{sender} to {recipient}, {ex.kind}, {_day(start)}",
            "sent": str(ex.date_sent)[:10], "reported": str(ex.date_reported)[:10],
            "outlets": ex.reporting_outlets,
            "quotes": " | ".join(f"\u201c{q.text}\u201d ({q.outlet}; translation: {q.translation})"
                                 for q in said.itertuples()) or "no quote in the record",
            "source": _first_address(ex.sources, sources)})
    return pd.DataFrame(rows)


def event_rows(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per context event with the fields its tooltip and details panel show.

    ``label`` is the short text printed beside its marker (the static timeline's label
    where it has one, else the title up to its first colon); ``name`` is its readable name.
    """
    start = events.date_start.astype(str).str[:10]
    end = events.date_end.astype(str).str[:10]
    label = [KEY_EVENTS.get(e, t.split(":")[0]) for e, t in zip(events.event_id, events.title,
                                                                strict=True)]
    return pd.DataFrame({
        "id": events.event_id, "date": start, "end": end,
        "lane": "event: " + events.category, "category": events.category,
        "what": events.title, "label": label,
        "name": [f"Event: {t}, {c}, {_day(d)}" for t, c, d in zip(
            events.title, events.category, start, strict=True)],
        "dates": start + " to " + end, "note": events.note.fillna(""),
        "source": [_first_address(s, sources) for s in events.source]})


def view(exchanges: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The days the chart shows: the message window's first day to the end of the month of
    its last day or of the last report of an exchange, whichever is later."""
    last = max(pd.Timestamp(MESSAGE_WINDOW[1]), pd.to_datetime(exchanges.reported).max())
    return pd.Timestamp(MESSAGE_WINDOW[0]), last + pd.offsets.MonthEnd(0)


def longest_gap(exchanges: pd.DataFrame) -> dict:
    """The longest stretch between one exchange's last day and the next one's first day.

    ``exchanges``: :func:`exchange_rows`. Returns ``after`` and ``before`` (ids),
    ``last_day`` and ``next_day`` (ISO dates) and ``days`` (next_day - last_day), as
    :func:`kimxi.record.exchanges.silences` counts them.
    """
    ordered = exchanges.assign(start=pd.to_datetime(exchanges.date),
                               stop=pd.to_datetime(exchanges.end)).sort_values("start")
    best = None
    latest = None
    for row in ordered.itertuples():
        if latest is not None and (best is None or (row.start - latest[1]).days > best["days"]):
            best = {"after": latest[0], "before": row.id, "last_day": f"{latest[1]:%Y-%m-%d}",
                    "next_day": f"{row.start:%Y-%m-%d}", "days": (row.start - latest[1]).days}
        if latest is None or row.stop > latest[1]:
            latest = (row.id, row.stop)
    if best is None:
        raise ValueError("a gap needs at least two exchanges")
    return best


def chart(exchanges: pd.DataFrame, events: pd.DataFrame):
    """The layered Altair chart of :func:`exchange_rows` and :func:`event_rows`.

    Only the events that overlap :func:`view` are drawn. A parameter ``selected`` (an id)
    highlights one mark; the page sets it when a mark is clicked, tapped or its button
    focused.
    """
    import altair as alt

    first, last = view(exchanges)
    shown = _shown(events, first, last).sort_values(["date", "id"])
    middle = first + (last - first) / 2
    # A label goes on the side of its marker with more room: right of a span's end, or left.
    right = pd.to_datetime(shown.date) < middle
    shown = shown.assign(row=shown.id, right=right, at=shown.end.where(right, shown.date))
    exchanges = exchanges.assign(row=exchanges.direction)
    rows = [GAP_ROW] + list(LANES) + shown.id.tolist()
    gap = longest_gap(exchanges)
    selected = alt.param(name="selected", value="")
    narrow = f"width < {NARROW}"
    domain = [int(day.tz_localize("UTC").timestamp() * 1000) for day in (first, last)]
    x = alt.X("date:T", title=None, axis=alt.Axis(
        tickCount={"interval": "month", "step": 1}, labelOverlap=True, grid=True, labelExpr=(
            "timeFormat(datum.value, month(datum.value) == 0 || month(datum.value) == 9"
            " ? '%b %Y' : '%b')")))
    names = " : ".join(f"datum.value == {json.dumps(key)} ? ({narrow} ? {json.dumps(short)} : "
                       f"{json.dumps(LANES[key])})" for key, short in SHORT_LANES.items())
    y = alt.Y("row:N", sort=rows, title=None, scale=alt.Scale(paddingOuter=0.3),
              axis=alt.Axis(labelExpr=f"{names} : ''", ticks=False, domain=False, grid=False,
                            labelLimit=180, labelFontSize=11))
    ring = alt.when("datum.id === selected").then(alt.value(3)).otherwise(alt.value(0.6))
    sides = alt.Scale(domain=list(SIDE_NAMES.values()),
                      range=[side_colour(side) for side in SIDE_NAMES])
    kinds = alt.Scale(domain=list(KIND_SHAPES), range=list(KIND_SHAPES.values()))
    categories = alt.Scale(domain=list(CATEGORY_SHAPES), range=list(CATEGORY_SHAPES.values()))
    legend = {"orient": "bottom", "direction": "vertical", "labelLimit": 240,
              "titleFontSize": 11, "labelFontSize": 11}
    # The tooltip is short enough for a phone's window; the details panel shows every field.
    exchange_tips = [alt.Tooltip(f, title=t) for f, t in EXCHANGE_FIELDS[:6]]
    event_tips = [alt.Tooltip(f, title=t) for f, t in EVENT_FIELDS[:3]]
    base = alt.Chart(exchanges.assign(side_name=exchanges.side.map(SIDE_NAMES)))
    spans = base.transform_filter("datum.end > datum.date").mark_rule(
        strokeWidth=5, opacity=0.5, aria=False).encode(
        x=x, x2="end:T", y=y, color=alt.Color("side_name:N", scale=sides, legend=None))
    # The domain is set in this one layer, which has no x2: given in a layer with x2, Vega-Lite
    # compiles it in two forms and warns of a conflict between them.
    points = base.mark_point(filled=True, opacity=0.95, stroke=NEUTRALS["ink"],
                             size={"expr": f"{narrow} ? 60 : 180"}).encode(
        x=x.scale(domain=domain), y=y,
        color=alt.Color("side_name:N", scale=sides, title="Sender's side", legend=alt.Legend(
            **legend, symbolType="circle")),
        shape=alt.Shape("kind:N", scale=kinds, title="Exchange", legend=alt.Legend(**legend)),
        strokeWidth=ring, description="name:N", tooltip=exchange_tips)
    ebase = alt.Chart(shown)
    event_spans = ebase.transform_filter("datum.end > datum.date").mark_rule(
        strokeWidth=4, color=NEUTRALS["light"], aria=False).encode(x=x, x2="end:T", y=y)
    marks = ebase.mark_point(filled=True, color=NEUTRALS["dark"], stroke=NEUTRALS["ink"],
                             size={"expr": f"{narrow} ? 40 : 80"}).encode(
        x=x, y=y,
        shape=alt.Shape("category:N", scale=categories, title="Event",
                        legend=alt.Legend(**legend)),
        strokeWidth=ring, description="name:N", tooltip=event_tips)
    text = {"fontSize": {"expr": f"{narrow} ? 10 : 11"}, "baseline": "middle",
            "color": NEUTRALS["dark"], "aria": False}
    at = alt.X("at:T")
    labels = (ebase.transform_filter("datum.right").mark_text(
        align="left", dx=8, limit={"expr": "width - scale('x', datum.at) - 10"}, **text)
        .encode(x=at, y=y, text="label:N", tooltip=event_tips)
        + ebase.transform_filter("!datum.right").mark_text(
        align="right", dx=-8, limit={"expr": "scale('x', datum.at) - 10"}, **text)
        .encode(x=at, y=y, text="label:N", tooltip=event_tips))
    last_day, next_day = pd.Timestamp(gap["last_day"]), pd.Timestamp(gap["next_day"])
    shade_data = pd.DataFrame([{
        "date": f"{last_day + pd.Timedelta(days=1):%Y-%m-%d}", "end": gap["next_day"],
        "at": f"{last_day + (next_day - last_day) / 2:%Y-%m-%d}", "row": GAP_ROW,
        "text": f"{gap['days']}-day gap: no exchange found"}])
    shade = alt.Chart(shade_data).mark_rect(color=SILENCE_SHADE, aria=False).encode(
        x=x, x2="end:T")
    shade_label = alt.Chart(shade_data).mark_text(
        color=SILENCE_INK, fontWeight="bold", baseline="middle", aria=False,
        fontSize={"expr": f"{narrow} ? 10 : 12"}).encode(
        x=at, y=y, text="text:N")
    layered = alt.layer(shade, shade_label, spans, event_spans, points, marks, labels)
    return layered.resolve_scale(shape="independent", color="independent").add_params(
        selected).properties(
        width="container", height=ROW * len(rows),
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding")).configure_view(stroke=None)


def _shown(events: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    """The events of :func:`event_rows` that overlap the days from ``first`` to ``last``."""
    return events[(pd.to_datetime(events.end) >= first) & (pd.to_datetime(events.date) <= last)]


def read_tables(processed: Path, data: Path) -> tuple[pd.DataFrame, ...]:
    """The exchanges, quotes and events of the processed tables, and ``data/sources.csv``."""
    return (pd.read_csv(processed / "timeline_exchanges.csv", dtype=str),
            pd.read_csv(processed / "quotes.csv", dtype=str, keep_default_na=False),
            pd.read_csv(processed / "events.csv", dtype=str, keep_default_na=False),
            pd.read_csv(data / "sources.csv", dtype=str))


def _details(row: pd.Series, fields: tuple) -> dict:
    return {"name": row["name"], "source": row["source"],
            "fields": [[title, str(row[field])] for field, title in fields
                       if _filled(str(row[field]))]}


def page(exchanges: pd.DataFrame, events: pd.DataFrame, back: str | None = None) -> str:
    """The whole HTML page of :func:`chart`, with its introduction, details panel and list;
    ``back``, when given, is the address of the page a link at the top leads back to (the
    book's landing page)."""
    import altair as alt
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    spec = chart(exchanges, events).to_dict()
    first, last = view(exchanges)
    shown = _shown(events, first, last)
    gap = longest_gap(exchanges)
    details = {row["id"]: _details(row, EXCHANGE_FIELDS) for _, row in exchanges.iterrows()}
    details |= {row["id"]: _details(row, EVENT_FIELDS) for _, row in shown.iterrows()}
    buttons = "\n".join(
        f'<li><button type="button" data-id="{html.escape(row["id"])}">'
        f'{html.escape(row["name"])}</button></li>'
        for table in (exchanges.sort_values(["date", "id"]), shown.sort_values(["date", "id"]))
        for _, row in table.iterrows())
    intro = (
        f"{len(exchanges)} exchanges between Kim Jong Un and Xi Jinping and their parties, "
        f"{_day(exchanges.date.min())} to {_day(exchanges.end.max())}, one row per direction: "
        f"the colour is the sending side, the shape the kind. Below them, {len(shown)} events "
        f"of {first:%B %Y} to {last:%B %Y}, one row each, shaped by category. The shaded "
        f"stretch is the {gap['days']}-day gap, {_day(gap['last_day'])} to "
        f"{_day(gap['next_day'])}, in which no exchange was found.")
    usage = ("Hover over a mark to see its details; click or tap it to show them below the "
             "chart, with a link to its source (opens in a new tab). With the keyboard, Tab "
             "to the list under the chart: each exchange and event there selects its mark.")
    nav = ("" if back is None else f'<nav><a href="{html.escape(back)}">&larr; Back to the '
           "findings and the chapters</a></nav>")
    return TEMPLATE.format(
        back=nav, title="The Kim-Xi exchanges, an interactive timeline",
        intro=html.escape(intro),
        usage=html.escape(usage), buttons=buttons,
        bundle=vl_convert.javascript_bundle(vl_version=vl_version_for_vl_convert()),
        spec=_script_json(spec), details=_script_json(details),
        options=_script_json({"renderer": "svg", "actions": {
            "export": True, "source": False, "compiled": False, "editor": False}}),
        ink=NEUTRALS["ink"], dark=NEUTRALS["dark"], faint=NEUTRALS["faint"],
        light=NEUTRALS["light"], shade=NEUTRALS["shade"], white=NEUTRALS["white"],
        vegalite=alt.SCHEMA_VERSION)


def _script_json(value) -> str:
    """JSON safe inside a <script> element, the same bytes on every run."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False).replace("</", "<\\/")


def write(processed: Path, data: Path, out: Path, back: str | None = None) -> Path:
    """Write the page to ``out`` from the processed tables and ``data/sources.csv`` (``back``:
    see :func:`page`)."""
    exchanges, quotes, events, sources = read_tables(processed, data)
    text = page(exchange_rows(exchanges, quotes, sources), event_rows(events, sources), back)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title}</title>
<style>
  *, *::before, *::after {{ box-sizing: border-box; }}
  body {{ margin: 0; font-family: system-ui, -apple-system, "Segoe UI", sans-serif;
         color: {ink}; background: {white}; line-height: 1.45; }}
  main {{ max-width: 1400px; margin: 0 auto; padding: 12px 16px 32px; }}
  h1 {{ font-size: 1.35rem; margin: 0.3em 0; }}
  h2 {{ font-size: 1.05rem; margin: 1.2em 0 0.4em; }}
  p {{ margin: 0.4em 0; max-width: 60rem; }}
  #chart {{ width: 100%; }}
  #chart.vega-embed {{ width: 100%; display: flex; padding-right: 0; }}
  #chart.vega-embed > svg, #chart.vega-embed > div {{ max-width: 100%; }}
  #chart.vega-embed details {{ position: absolute; right: 0; top: 0; }}
  #details {{ border: 1px solid {light}; background: {shade}; padding: 8px 12px;
             margin-top: 8px; overflow-wrap: anywhere; }}
  #details dl {{ display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px;
                margin: 0.4em 0; }}
  #details dt {{ font-weight: 600; }}
  #details dd {{ margin: 0; }}
  #details h2 {{ margin: 0.2em 0; }}
  ol.items {{ padding-left: 1.6em; }}
  ol.items li {{ margin: 2px 0; }}
  ol.items button {{ font: inherit; text-align: left; background: {white}; color: {ink};
                    border: 1px solid {light}; border-radius: 3px; padding: 3px 8px;
                    cursor: pointer; width: 100%; }}
  ol.items button[aria-pressed="true"] {{ background: {faint}; border-color: {dark};
                                         font-weight: 600; }}
  button:focus-visible, a:focus-visible {{ outline: 3px solid {ink}; outline-offset: 2px; }}
  #vg-tooltip-element {{ max-width: min(30rem, 90vw); }}
  #vg-tooltip-element td.value {{ white-space: normal; overflow-wrap: anywhere; }}
  @media (max-width: 600px) {{ #details dl {{ grid-template-columns: 1fr; }}
                              #details dd {{ margin-bottom: 4px; }}
    /* vega-tooltip places the tooltip beside the pointer, off a phone's screen: keep it
       across the window instead (its inline left and width give way to !important). */
    #vg-tooltip-element {{ left: 6px !important; right: auto; width: calc(100vw - 12px);
                          max-width: none; }} }}
</style>
<script type="text/javascript">
// vega-embed bundle with Vega-Lite {vegalite}, inlined: the page needs no network.
{bundle}
</script>
</head>
<body>
<main>
{back}
<h1>{title}</h1>
<p id="intro">{intro}</p>
<p id="usage">{usage}</p>
<div id="chart" role="figure" aria-label="Timeline chart of the exchanges and events"></div>
<section id="details" aria-live="polite" aria-label="Details of the selected mark">
<p>Nothing selected yet: click or tap a mark, or choose an item in the list below.</p>
</section>
<h2 id="list-heading">Every exchange and event, in order</h2>
<ol class="items" aria-labelledby="list-heading">
{buttons}
</ol>
</main>
<script type="text/javascript">
const spec = {spec};
const details = {details};
const options = {options};
let view = null;

function show(id) {{
  const item = details[id];
  if (!item) return;
  if (view) view.signal("selected", id).runAsync();
  const panel = document.getElementById("details");
  panel.replaceChildren();
  const heading = document.createElement("h2");
  heading.textContent = item.name;
  const list = document.createElement("dl");
  for (const [title, value] of item.fields) {{
    const dt = document.createElement("dt");
    dt.textContent = title;
    const dd = document.createElement("dd");
    dd.textContent = value;
    list.append(dt, dd);
  }}
  panel.append(heading, list);
  const line = document.createElement("p");
  if (item.source) {{
    const link = document.createElement("a");
    link.id = "source-link";
    link.href = item.source;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "Open the source (new tab): " + item.source;
    line.append(link);
  }} else {{
    line.textContent = "The record gives no web address for this source.";
  }}
  panel.append(line);
  panel.dataset.selected = id;
  for (const button of document.querySelectorAll("ol.items button")) {{
    button.setAttribute("aria-pressed", button.dataset.id === id ? "true" : "false");
  }}
}}

for (const button of document.querySelectorAll("ol.items button")) {{
  button.setAttribute("aria-pressed", "false");
  button.addEventListener("focus", () => show(button.dataset.id));
  button.addEventListener("click", () => show(button.dataset.id));
}}

vegaEmbed("#chart", spec, options).then((result) => {{
  view = result.view;
  view.addEventListener("click", (event, item) => {{
    if (item && item.datum && details[item.datum.id]) show(item.datum.id);
  }});
  const chosen = document.getElementById("details").dataset.selected;
  if (chosen) view.signal("selected", chosen).runAsync();
}}).catch(console.error);
</script>
</body>
</html>
"""
