"""The timeline of the exchanges, Oct 2017 - Mar 2018, set against the events around them.

:func:`plot_timeline` draws one chart: the exchanges of ``data/messages.csv`` in
three lanes by direction, each exchange in its sending side's colour
(:func:`kimxi.plots.style.side_colour`) and marker shape by kind, visits as spans, the
reporting date where it differs from the sending date, the long silence shaded;
beneath, KCNA's weekly share of articles naming China (and the US), a band of context events from
``data/events.csv`` by category, and the publication windows of the two source
articles.
:func:`plot_tone_goldstein` draws the second figure: tone against the
Goldstein value of each exchange, and the days between exchanges.

Labels are placed by :func:`kimxi.plots.label_layout.place_labels`, a deterministic
greedy pass that moves a label up (or down) by whole steps until neither its box
nor its leader line clashes with a label placed before it, and its box covers no marker
of the figure (exchanges, reports and events alike: :func:`kimxi.plots.label_layout.marker_boxes`);
:func:`kimxi.plots.label_layout.overlapping_labels` and
:func:`kimxi.plots.label_layout.crossing_leaders` are what the tests check.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from kimxi.corpus.windows import MESSAGE_WINDOW
from kimxi.plots.label_layout import (
    crossing_leaders,
    marker_boxes,
    overlapping_labels,
    place_labels,
)
from kimxi.plots.style import NEUTRALS, SILENCE_INK, SILENCE_SHADE, files, side_colour, write
from kimxi.record.exchanges import exchange_table, silences
from kimxi.timeline.events import KEY_EVENTS, KEY_SPANS, SHORT_OCCASIONS

LANES = {"DPRK->PRC": 3, "PRC->DPRK": 2, "in person": 1}
LANE_LABELS = {"DPRK->PRC": "Kim / WPK → Xi / CPC", "PRC->DPRK": "Xi / CPC → Kim / WPK",
               "in person": "In person"}
MARKERS = {"congratulatory message": "o", "message of thanks": "s", "greeting card": "v",
           "envoy visit": "D", "summit": "*"}
TONE_NAMES = {1: "cooperative", 0: "neutral or mixed", -1: "conflictual"}
SIDE_LEGEND = {"DPRK->PRC": "DPRK side", "PRC->DPRK": "PRC side", "in person": "both, in person"}
CATEGORIES = ("weapons test", "UN sanctions", "Chinese sanctions enforcement", "US policy",
              "inter-Korean", "summit or visit", "party and state politics")
# Events are not sides or tones: one dark grey, each category its own row and marker.
CATEGORY_MARKERS = {
    "weapons test": "X", "UN sanctions": "s", "Chinese sanctions enforcement": "D",
    "US policy": "^", "inter-Korean": "o", "summit or visit": "*",
    "party and state politics": "P"}
EVENT_COLOUR = NEUTRALS["dark"]
SOURCE = ("data/messages.csv and data/events.csv (KCNA, Xinhua, PRC MFA and news reports "
          "cited per row); KCNA's weekly mentions: data/processed/archive_weekly.csv "
          "(notebook 02); tone: the measure validated in notebook 05")
VIEW = (pd.Timestamp("2017-08-28"), pd.Timestamp("2018-04-06"))
WINDOW = tuple(pd.Timestamp(day) for day in MESSAGE_WINDOW)


def _side(date: pd.Timestamp) -> tuple[str, float]:
    """Labels right of their point in the first part of the view, left of it near the end."""
    return ("right", -6.0) if date > VIEW[1] - pd.Timedelta(days=75) else ("left", 6.0)


def plot_timeline(exchanges: pd.DataFrame, events: pd.DataFrame, articles: pd.DataFrame,
                  title: str, silence: pd.Series | None = None,
                  coverage: pd.DataFrame | None = None) -> plt.Figure:
    """The timeline figure.

    ``exchanges``: :func:`kimxi.record.exchanges.exchange_table` (dates as Timestamps).
    ``events``: :func:`kimxi.record.messages.load_events`. ``articles``: article_id,
    date_earliest, date_latest. ``title``: the finding, computed by the caller.
    ``silence``: the longest gap (a row of :func:`kimxi.record.exchanges.silences`),
    shaded when given. ``coverage``: KCNA's weekly mentions
    (:func:`kimxi.archive.coverage.weekly_mentions`), drawn as a middle panel when given.
    The tone of the words is not encoded: the messages are warm by genre
    (notebook 04), so each marker has its side's colour and the chart shows what
    varies: timing, replies, and KCNA's attention to China.
    Returns the figure, with ``fig.labels`` holding every placed label.
    """
    if coverage is None:
        fig, (ax, band) = plt.subplots(2, 1, figsize=(13, 7.6), sharex=True,
                                       gridspec_kw={"height_ratios": [1.55, 1], "hspace": 0.06})
        panels = (ax, band)
    else:
        fig, (ax, cov, band) = plt.subplots(
            3, 1, figsize=(13, 9.2), sharex=True,
            gridspec_kw={"height_ratios": [1.55, 0.55, 1], "hspace": 0.08})
        panels = (ax, cov, band)
        _draw_coverage(cov, coverage)
    labels = []
    for axis in panels:
        axis.axvspan(VIEW[0], WINDOW[0], color=NEUTRALS["shade"], zorder=0)
    ax.text(VIEW[0] + pd.Timedelta(days=2), 3.72, "lead-in", fontsize=8, color=NEUTRALS["mid"])
    if silence is not None:
        start = pd.Timestamp(silence["last_day"]) + pd.Timedelta(days=1)
        end = pd.Timestamp(silence["next_day"])
        ax.axvspan(start, end, color=SILENCE_SHADE, zorder=0)
        ax.text(start + (end - start) / 2, 3.72,
                f"{silence['days']}-day gap: no exchange found", ha="center",
                fontsize=9, color=SILENCE_INK, fontweight="bold")
    for row in exchanges.itertuples(index=False):
        y = LANES[row.direction]
        colour = side_colour(row.direction)
        if row.date_end > row.date_start:
            ax.plot([row.date_start, row.date_end], [y, y], color=colour, lw=7,
                     solid_capstyle="butt", zorder=2, alpha=0.8)
            ax.plot([row.date_start, row.date_end], [y, y], color=NEUTRALS["ink"], lw=0.6,
                    zorder=2)
        ax.scatter([row.date_start], [y], marker=MARKERS[row.kind], s=170 if row.kind ==
                   "summit" else 90, facecolor=colour, edgecolor=NEUTRALS["ink"], linewidth=0.9,
                   zorder=3)
        if row.date_reported != row.date_sent:
            ax.annotate("", xy=(row.date_reported, y - 0.18), xytext=(row.date_sent, y - 0.18),
                        arrowprops=dict(arrowstyle="-|>", color=NEUTRALS["dark"], lw=0.8))
            ax.plot([row.date_reported], [y - 0.18], marker="|", color=NEUTRALS["dark"], ms=7)
        ha, dx = _side(row.date_start)
        label = ax.annotate(
            f"{row.date_start:%d %b}: {SHORT_OCCASIONS.get(row.message_id, row.occasion)} "
            f"(G {row.goldstein:+.1f})",
            xy=(row.date_start, y), xytext=(dx, 10), textcoords="offset points", fontsize=8.5,
            ha=ha, va="bottom", zorder=4,
            arrowprops=dict(arrowstyle="-", color=NEUTRALS["mid"], lw=0.5, shrinkA=0, shrinkB=5))
        labels.append(label)
    for article in articles.itertuples(index=False):
        first, last = pd.Timestamp(article.date_earliest), pd.Timestamp(article.date_latest)
        for axis in panels:
            axis.axvspan(first, last + pd.Timedelta(days=1), color=NEUTRALS["ink"], alpha=0.12,
                         zorder=1)
        labels.append(ax.annotate(f"{article.article_id} published", xy=(first, 0.55),
                                  xytext=(0, 0), textcoords="offset points", fontsize=8,
                                  color=NEUTRALS["dark"], ha="right", va="center",
                                  rotation=0))
    ax.set_ylim(0.3, 3.95)
    ax.set_yticks(list(LANES.values()), [LANE_LABELS[k] for k in LANES])
    ax.grid(axis="y", visible=False)
    ax.set_title(title, loc="left")
    band_labels = _draw_events(band, events)
    labels.extend(band_labels)
    band.set_xlim(*VIEW)
    band.xaxis.set_major_locator(mdates.MonthLocator())
    band.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    band.set_xlabel("Date (local, Pyongyang/Beijing)")
    handles = ([Line2D([], [], marker=m, ls="", mfc=NEUTRALS["white"], mec=NEUTRALS["ink"], ms=8,
                       label=k) for k, m in MARKERS.items()]
               + [Line2D([], [], color=NEUTRALS["dark"], marker="|",
                         label="reported (arrow from sent)")]
               + [Line2D([], [], marker="o", ls="", mfc=side_colour(d), mec=NEUTRALS["ink"], ms=8,
                         label=name) for d, name in SIDE_LEGEND.items()])
    legend = band.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.32),
                         ncol=5, fontsize=8, frameon=False)
    fig.canvas.draw()
    # Every marker of the figure, of exchanges, reports and events alike, is an obstacle.
    place_labels(fig, labels, obstacles=[legend.get_window_extent(fig.canvas.get_renderer())],
                 markers=marker_boxes(fig))
    fig.labels = labels
    return fig


def _draw_coverage(cov: plt.Axes, coverage: pd.DataFrame) -> None:
    """KCNA's weekly share of articles naming China (bars), the US beside it (line)."""
    weeks = pd.to_datetime(coverage["week"]) + pd.Timedelta(days=3)
    cov.bar(weeks, 100 * coverage["china_share"], width=5.5, color=side_colour("china"),
            label="China", zorder=2)
    cov.plot(weeks, 100 * coverage["us_share"], color=side_colour("us"), lw=1.4, zorder=2,
             label="United States")
    cov.set_ylabel("% of KCNA's\narticles naming", fontsize=9)
    cov.set_ylim(0, 60)
    cov.legend(loc="upper left", fontsize=8, ncol=2)
    cov.grid(axis="x", visible=False)


def _draw_events(band: plt.Axes, events: pd.DataFrame) -> list:
    rows = {c: i for i, c in enumerate(reversed(CATEGORIES))}
    labels = []
    spans = {first: (last, label) for first, last, label in KEY_SPANS}
    span_ends = {last for _, last, _ in KEY_SPANS}
    shown = events[(events.date_end >= VIEW[0]) & (events.date_start <= VIEW[1])]
    by_id = shown.set_index("event_id")
    for event in shown.itertuples(index=False):
        if event.event_id in span_ends:
            continue
        y = rows[event.category]
        colour, marker = EVENT_COLOUR, CATEGORY_MARKERS[event.category]
        end, label = event.date_end, KEY_EVENTS.get(event.event_id)
        if event.event_id in spans:
            last, label = spans[event.event_id]
            end = by_id.loc[last, "date_end"]
        if end > event.date_start:
            band.plot([event.date_start, end + pd.Timedelta(days=1)], [y, y],
                      color=NEUTRALS["mid"], lw=6, solid_capstyle="butt")
            band.scatter([event.date_start], [y], marker=marker, s=40, color=colour, zorder=3)
        else:
            if label:
                band.scatter([event.date_start], [y], marker=marker, s=55, color=colour,
                             edgecolor=NEUTRALS["ink"], linewidth=0.5, zorder=3)
            else:
                band.scatter([event.date_start], [y], marker=marker, s=28, color=colour,
                             zorder=3)
        if label:
            ha, dx = _side(event.date_start)
            labels.append(band.annotate(
                label, xy=(event.date_start, y), xytext=(dx / 2, 6), textcoords="offset points",
                fontsize=8, ha=ha, va="bottom",
                arrowprops=dict(arrowstyle="-", color=NEUTRALS["mid"], lw=0.5, shrinkA=0,
                                shrinkB=3)))
    band.set_ylim(-0.6, len(CATEGORIES) - 0.2)
    band.set_yticks(list(rows.values()), list(rows.keys()), fontsize=8)
    band.grid(axis="y", visible=False)
    band.set_ylabel("Context events", fontsize=9)
    return labels


def plot_tone_goldstein(exchanges: pd.DataFrame, tone_score: pd.Series) -> plt.Figure:
    """Tone against the Goldstein value of each exchange (left) and the gaps between them.

    ``tone_score``: message_id -> mean tone of the exchange's words on the
    validated measure (-1..1), missing where there are none. Exchanges at the
    same point share one label. Both panel titles are computed from the data.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8),
                                      gridspec_kw={"width_ratios": [1, 1.25], "wspace": 0.3})
    scored = exchanges.assign(score=exchanges.message_id.map(tone_score)).dropna(
        subset=["score"])
    for row in scored.itertuples(index=False):
        left.scatter([row.goldstein], [row.score], marker=MARKERS[row.kind], s=80,
                     color=side_colour(row.direction), edgecolor=NEUTRALS["ink"], zorder=3)
    labels = []
    for (goldstein, score), group in scored.groupby(["goldstein", "score"], sort=True):
        labels.append(left.annotate(", ".join(f"{d:%-d %b %Y}" for d in group.date_start),
                                    (goldstein, score), xytext=(7, 0),
                                    textcoords="offset points", fontsize=8, va="center"))
    left.axhline(0, color=NEUTRALS["mid"], lw=0.8)
    left.set_xlim(min(0, scored.goldstein.min()) - 0.5, max(scored.goldstein.max(), 0) + 1.5)
    left.set_ylim(min(-0.1, scored.score.min() - 0.1), 1.1)
    left.set_xlabel("Goldstein value of the exchange's CAMEO code (-10 conflict .. +10)")
    left.set_ylabel("Mean tone of its words (-1 .. +1)")
    both = bool((scored.goldstein > 0).all() and (scored.score > 0).all())
    left.set_title(f"All {len(scored)} exchanges are cooperative on both scales" if both
                   else "Event coding and word tone of each exchange", fontsize=11)
    gaps = exchanges.dropna(subset=["days_since_previous"])
    days = gaps.days_since_previous.astype(int)
    names = [f"{d:%-d %b %Y}" for d in gaps.date_start]
    right.barh(names, days, color=NEUTRALS["light"], edgecolor=NEUTRALS["ink"], linewidth=0.5)
    right.invert_yaxis()
    for i, n in enumerate(days):
        right.text(n + 1, i, f"{n}", va="center", fontsize=8)
    right.set_xlabel("Days since the previous exchange ended")
    longest = int(days.max())
    right.set_title(f"The {longest}-day gap before {names[int(days.argmax())]} dwarfs the "
                    f"others (at most {int(days.drop(days.idxmax()).max())} days)", fontsize=11)
    fig.canvas.draw()
    place_labels(fig, labels, markers=marker_boxes(fig))
    fig.labels = labels
    return fig


def timeline_title(exchanges: pd.DataFrame, silence: pd.Series) -> str:
    """The finding the timeline's title states, computed from the exchanges and the silence."""
    before = exchanges[exchanges.date_end <= pd.Timestamp(silence["last_day"])]
    after = exchanges[exchanges.date_start >= pd.Timestamp(silence["next_day"])]
    days_after = (after.date_end.max() - after.date_start.min()).days + 1
    return (f"{len(before)} exchanges from {before.date_start.min():%-d %b} to "
            f"{before.date_end.max():%-d %b %Y}, then {silence['days']} days with none found, "
            f"then {len(after)} in {days_after} days of {after.date_start.min():%B %Y}")


def render(record: dict[str, pd.DataFrame], articles: pd.DataFrame, tone: pd.DataFrame,
           figures_dir, source: str, coverage: pd.DataFrame | None = None) -> dict:
    """Draw and save both timeline figures; return the facts they show.

    ``record``: :func:`kimxi.record.messages.load_record`. ``tone``: notebook 05's
    ``sentiment_by_message.csv``, one row per message_id with ``gold_tone``
    (-1/0/1) and ``gold_mean_tone``: the gold codes of the exchange's hand-coded
    words, shown rather than the validated measure's guess where they exist. Writes
    ``timeline_messages`` and ``timeline_tone_goldstein`` (PNG and SVG) into
    ``figures_dir``. Returns the exchange table with tone, the
    longest silence, the title, and the paths written.
    """
    facts = _draw(record, articles, tone, source, coverage)
    drawn = facts.pop("files")
    facts["written"] = [path for name, rendered in drawn.items()
                        for path in write(rendered, Path(figures_dir) / name)]
    return facts


def _draw(record, articles, tone, source, coverage) -> dict:
    exchanges = exchange_table(record["messages"])
    tone = tone.rename(columns={"gold_tone": "tone", "gold_mean_tone": "mean_tone"})
    exchanges = exchanges.merge(tone[["message_id", "tone", "mean_tone"]], on="message_id",
                                how="left")
    silence = silences(record["messages"]).sort_values("days").iloc[-1]
    title = timeline_title(exchanges, silence)
    tones = exchanges.set_index("message_id")
    fig = plot_timeline(exchanges, record["events"], articles, title, silence, coverage)
    overlaps = overlapping_labels(fig, fig.labels)
    crossings = crossing_leaders(fig, fig.labels)
    drawn = {"timeline_messages": files(fig, source)}
    fig2 = plot_tone_goldstein(exchanges, tones["mean_tone"])
    drawn["timeline_tone_goldstein"] = files(fig2, source)
    return {"exchanges": exchanges, "silence": silence, "title": title,
            "overlaps": overlaps, "crossings": crossings, "files": drawn}
