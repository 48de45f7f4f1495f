"""The timeline: labels do not overlap, the figure is wide enough and byte-identical on rerun."""

from __future__ import annotations

import hashlib

import matplotlib
import pandas as pd
import pytest
from PIL import Image

from kimxi.corpus import articles as corpus
from kimxi.io import paths
from kimxi.plots import label_layout, style, timeline
from kimxi.record import exchanges as exchange_tables, messages

matplotlib.use("Agg")
TONE_TABLE = paths.PROCESSED / "sentiment_by_message.csv"
needs_tone = pytest.mark.skipif(not TONE_TABLE.is_file(),
                                reason="run notebook 05 first (sentiment_by_message.csv)")


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    style.use()
    out = tmp_path_factory.mktemp("figures")
    facts = timeline.render(messages.load_record(), corpus.load_article_table(),
                            pd.read_csv(TONE_TABLE), out, source=timeline.SOURCE,
                            coverage=pd.read_csv(paths.PROCESSED / "archive_weekly.csv"))
    return out, facts


@needs_tone
def test_no_label_overlaps_another_and_no_leader_line_crosses_a_line_or_label(rendered):
    assert rendered[1]["overlaps"] == []
    assert rendered[1]["crossings"] == []


@needs_tone
def test_png_is_readable_at_readme_width_and_svg_exists(rendered):
    out, _ = rendered
    width, _ = Image.open(out / "timeline_messages.png").size
    assert width >= 1600
    assert (out / "timeline_messages.svg").stat().st_size > 10_000


@needs_tone
def test_committed_figures_are_what_the_code_draws_byte_for_byte(rendered):
    out, _ = rendered
    for name in ("timeline_messages.png", "timeline_messages.svg",
                 "timeline_tone_goldstein.png", "timeline_tone_goldstein.svg"):
        assert _sha(out / name) == _sha(paths.FIGURES / name), name


@needs_tone
def test_every_exchange_of_the_record_is_drawn(rendered):
    drawn = rendered[1]["exchanges"].message_id
    assert sorted(drawn) == sorted(messages.load_messages().message_id)


@needs_tone
def test_the_tone_shown_is_the_gold_code_where_one_exists(rendered):
    # Notebook 05 writes both; the timeline must show the gold codes, not the measure's guess.
    by_message = pd.read_csv(TONE_TABLE).set_index("message_id")
    shown = rendered[1]["exchanges"].set_index("message_id").tone.dropna()
    assert len(shown) == len(by_message)
    assert (shown == by_message.gold_tone.reindex(shown.index)).all()


def test_key_events_exist_in_the_events_table():
    ids = set(messages.load_events().event_id)
    assert set(timeline.KEY_EVENTS) <= ids
    assert {e for span in timeline.KEY_SPANS for e in span[:2]} <= ids


def test_place_labels_separates_labels_that_start_on_top_of_each_other():
    style.use()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    texts = [ax.annotate(f"label {i}", xy=(0.5, 0.5), xytext=(0, 0),
                         textcoords="offset points") for i in range(4)]
    fig.canvas.draw()
    assert len(label_layout.overlapping_labels(fig, texts)) == 6  # all four start stacked
    label_layout.place_labels(fig, texts)
    assert label_layout.overlapping_labels(fig, texts) == []
    plt.close(fig)


def test_crossing_leader_lines_are_found_and_placement_untangles_them():
    style.use()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    arrow = dict(arrowstyle="-")
    # The left point's label sits far right, the right point's far left: the lines cross.
    texts = [ax.annotate("left point", xy=(2, 2), xytext=(150, 60), textcoords="offset points",
                         arrowprops=arrow),
             ax.annotate("right point", xy=(8, 2), xytext=(-150, 60),
                         textcoords="offset points", arrowprops=arrow, ha="right")]
    fig.canvas.draw()
    assert label_layout.crossing_leaders(fig, texts)
    label_layout.place_labels(fig, texts)
    fig.canvas.draw()
    assert label_layout.crossing_leaders(fig, texts) == []
    assert label_layout.overlapping_labels(fig, texts) == []
    plt.close(fig)


def test_title_counts_from_the_record():
    record = messages.load_record()
    exchanges = exchange_tables.exchange_table(record["messages"])
    silence = exchange_tables.silences(record["messages"]).sort_values("days").iloc[-1]
    title = timeline.timeline_title(exchanges, silence)
    # Hand count from the fact sheet and the KCNA archive: 18 Oct - 20 Nov 2017 (4 exchanges)
    # and the New Year card of 31 Dec, nothing from 1 Jan to 16 Mar (76 days from the card
    # to the next), then 17 - 28 Mar 2018 (4 exchanges with Xi's reply of 23 Mar, 12 days).
    assert title.startswith("5 exchanges from 18 Oct to 31 Dec 2017, then 76 days")
    assert "then 4 in 12 days of March 2018" in title


@needs_tone
def test_a_rerun_draws_the_same_bytes_and_a_changed_input_draws_again(rendered, tmp_path):
    record, articles = messages.load_record(), corpus.load_article_table()
    tone = pd.read_csv(TONE_TABLE)
    coverage = pd.read_csv(paths.PROCESSED / "archive_weekly.csv")
    facts = timeline.render(record, articles, tone, tmp_path / "again", source=timeline.SOURCE,
                            coverage=coverage)
    assert facts["title"] == rendered[1]["title"] and facts["overlaps"] == []
    for path in rendered[0].iterdir():
        assert _sha(tmp_path / "again" / path.name) == _sha(path)
    changed = tone.assign(gold_mean_tone=tone.gold_mean_tone.fillna(0) + 0.01)
    timeline.render(record, articles, changed, tmp_path / "changed", source=timeline.SOURCE,
                    coverage=coverage)
    assert _sha(tmp_path / "changed" / "timeline_tone_goldstein.svg") != \
        _sha(rendered[0] / "timeline_tone_goldstein.svg")


def _marker_boxes(fig) -> list:
    """Display boxes of every marker drawn in the figure's axes, computed here apart from the
    layout's own: a scatter point is a square of side sqrt(s) points, a line's marker one of
    side markersize points, both centred on the point."""
    from matplotlib.collections import PathCollection
    from matplotlib.transforms import Bbox

    points = fig.dpi / 72
    boxes = []
    for ax in fig.axes:
        for collection in ax.collections:
            if not isinstance(collection, PathCollection):
                continue
            sizes = collection.get_sizes()
            offsets = collection.get_offset_transform().transform(collection.get_offsets())
            for i, (x, y) in enumerate(offsets):
                half = (sizes[i % len(sizes)] ** 0.5) * points / 2
                boxes.append(Bbox([[x - half, y - half], [x + half, y + half]]))
        for line in ax.lines:
            if line.get_marker() in (None, "", "None", " "):
                continue
            half = line.get_markersize() * points / 2
            for x, y in line.get_transform().transform(line.get_xydata()):
                boxes.append(Bbox([[x - half, y - half], [x + half, y + half]]))
    return boxes


def _labels_on_markers(fig) -> list[str]:
    renderer = fig.canvas.get_renderer()
    markers = _marker_boxes(fig)
    return [label.get_text() for label in fig.labels
            if any(label_layout._text_box(label, renderer).overlaps(box) for box in markers)]


@needs_tone
def test_no_label_covers_a_marker_of_an_exchange_or_an_event():
    style.use()
    record = messages.load_record()
    exchanges = exchange_tables.exchange_table(record["messages"])
    silence = exchange_tables.silences(record["messages"]).sort_values("days").iloc[-1]
    fig = timeline.plot_timeline(exchanges, record["events"], corpus.load_article_table(),
                                 timeline.timeline_title(exchanges, silence), silence,
                                 pd.read_csv(paths.PROCESSED / "archive_weekly.csv"))
    fig.canvas.draw()
    assert len(_marker_boxes(fig)) > len(exchanges)        # events' markers are counted too
    assert _labels_on_markers(fig) == [], _labels_on_markers(fig)
    tone = pd.read_csv(TONE_TABLE).set_index("message_id").gold_mean_tone
    fig2 = timeline.plot_tone_goldstein(exchanges, tone)
    fig2.canvas.draw()
    assert _labels_on_markers(fig2) == []
