"""The interactive timeline of the HTML report: hover or click an exchange or an event.

Built with Vega-Altair (a Vega-Lite specification from pandas tables) and saved
as one self-contained page: the Vega, Vega-Lite and vega-embed scripts are
inlined from ``vl-convert-python``, so the page needs no network and no CDN.
Altair was chosen over Bokeh because the chart is a declarative specification
(data and encodings, no JavaScript of our own) whose tooltip fields can be
tested as data, and because its offline page needs no server.

Rows are the exchanges by direction (DPRK to PRC, PRC to DPRK, in person) and the
context events by category. Hovering over a mark shows its fields in a tooltip:
for an exchange, what it was, who sent it to whom, when it was sent and reported,
by which outlets, its quotes with the outlet and translation of each, and its
first source's address; for an event, its title, dates, note and source.
Clicking a mark opens its source's address. Each mark's ``aria-label`` is its
id, so a browser test can find it (``kimxi.report.site.check``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from kimxi.plots.style import NEUTRALS, side_colour

LANES = {"DPRK->PRC": "Kim / WPK to Xi / CPC", "PRC->DPRK": "Xi / CPC to Kim / WPK",
         "in person": "in person"}
SIDE = {"DPRK->PRC": "dprk", "PRC->DPRK": "prc", "in person": "joint"}
MAX_QUOTES = 3


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


def exchange_rows(exchanges: pd.DataFrame, quotes: pd.DataFrame,
                  sources: pd.DataFrame) -> pd.DataFrame:
    """One row per exchange with the fields its tooltip shows."""
    rows = []
    for ex in exchanges.itertuples():
        said = quotes[quotes.message_id == ex.message_id].head(MAX_QUOTES)
        rows.append({
            "id": ex.message_id, "date": str(ex.date_start)[:10], "lane": LANES[ex.direction],
            "side": SIDE[ex.direction], "what": f"{ex.kind}: {ex.occasion}",
            "from": ex.sender_person if isinstance(ex.sender_person, str) and ex.sender_person
            else ex.sender_organ,
            "to": ex.recipient_person if isinstance(ex.recipient_person, str)
            and ex.recipient_person else ex.recipient_organ,
            "sent": str(ex.date_sent)[:10], "reported": str(ex.date_reported)[:10],
            "outlets": ex.reporting_outlets,
            "quotes": " | ".join(f"\u201c{q.text}\u201d ({q.outlet}; translation: {q.translation})"
                                 for q in said.itertuples()) or "no quote in the record",
            "source": _first_address(ex.sources, sources)})
    return pd.DataFrame(rows)


def event_rows(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per context event with the fields its tooltip shows."""
    return pd.DataFrame({
        "id": events.event_id, "date": events.date_start.astype(str).str[:10],
        "lane": "event: " + events.category, "what": events.title,
        "dates": events.date_start.astype(str).str[:10] + " to "
        + events.date_end.astype(str).str[:10],
        "note": events.note.fillna(""),
        "source": [_first_address(s, sources) for s in events.source]})


def chart(exchanges: pd.DataFrame, events: pd.DataFrame, width: int = 900):
    """The layered Altair chart of :func:`exchange_rows` and :func:`event_rows`."""
    import altair as alt

    lanes = list(LANES.values()) + sorted(events.lane.unique())
    y = alt.Y("lane:N", sort=lanes, title=None, axis=alt.Axis(labelLimit=260))
    x = alt.X("date:T", title=None, axis=alt.Axis(
        format="%b %Y", tickCount={"interval": "month", "step": 1}))
    sides = alt.Scale(domain=list(SIDE.values()),
                      range=[side_colour(side) for side in SIDE.values()])
    points = alt.Chart(exchanges).mark_point(size=220, filled=True, opacity=0.9).encode(
        x=x, y=y, color=alt.Color("side:N", scale=sides, legend=None),
        shape=alt.value("circle"), href="source:N", description="id:N",
        tooltip=[alt.Tooltip(f, title=t) for f, t in (
            ("what", "exchange"), ("from", "from"), ("to", "to"), ("sent", "sent"),
            ("reported", "reported by DPRK media"), ("outlets", "outlets"),
            ("quotes", "quotes"), ("source", "source"))])
    marks = alt.Chart(events).mark_point(size=120, shape="triangle-down", filled=True,
                                         color=NEUTRALS["mid"]).encode(
        x=x, y=y, href="source:N", description="id:N",
        tooltip=[alt.Tooltip(f, title=t) for f, t in (
            ("what", "event"), ("dates", "dates"), ("note", "note"), ("source", "source"))])
    return (points + marks).properties(
        width=width, height=28 * len(lanes),
        title="The Kim-Xi exchanges and the events around them: hover for details, "
              "click to open the source")


def read_tables(processed: Path, data: Path) -> tuple[pd.DataFrame, ...]:
    """The exchanges, quotes and events of the processed tables, and ``data/sources.csv``."""
    return (pd.read_csv(processed / "timeline_exchanges.csv", dtype=str),
            pd.read_csv(processed / "quotes.csv", dtype=str, keep_default_na=False),
            pd.read_csv(processed / "events.csv", dtype=str, keep_default_na=False),
            pd.read_csv(data / "sources.csv", dtype=str))


def write(processed: Path, data: Path, out: Path) -> Path:
    """Write the page to ``out`` from the processed tables and ``data/sources.csv``."""
    exchanges, quotes, events, sources = read_tables(processed, data)
    page = chart(exchange_rows(exchanges, quotes, sources), event_rows(events, sources))
    out.parent.mkdir(parents=True, exist_ok=True)
    page.save(str(out), format="html", inline=True, embed_options={"renderer": "svg"})
    # An empty icon, so that the browser does not ask the site for /favicon.ico.
    text = out.read_text(encoding="utf-8")
    out.write_text(text.replace("<head>", '<head>\n<link rel="icon" href="data:,">', 1),
                   encoding="utf-8")
    return out
