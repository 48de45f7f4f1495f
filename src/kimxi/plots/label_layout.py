"""Placing the labels of a figure so that no label, and no leader line, clashes with another.

:func:`place_labels` is a deterministic greedy pass; :func:`overlapping_labels`
(boxes that overlap) and :func:`crossing_leaders` (a leader line that crosses
another leader line or another label's box) are what the tests check;
:func:`marker_boxes` gives the boxes of every marker of a figure, which no label may
cover. All geometry is in display coordinates, after the figure is drawn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.text as mtext
import numpy as np


def place_labels(fig: plt.Figure, texts: list, obstacles: list | None = None,
                 step: float = 3.0, max_steps: int = 60, markers: list | None = None) -> None:
    """Move each text up (then, failing that, down) until it clashes with nothing placed before.

    Deterministic: texts are handled in the order given; each keeps its x and
    moves along y in steps of ``step`` points (its leader line follows), and
    must stay inside its axes. A position clashes when the text's box overlaps a
    placed box, or its leader line crosses a placed leader line or box, or a
    placed leader line crosses its box. ``obstacles`` are display-space boxes to
    avoid too (the legend); ``markers`` are boxes of the marks the labels point at,
    which no label may cover (leader lines start on them). Works on ``Annotation``
    objects with offset coordinates.
    """
    renderer = fig.canvas.get_renderer()
    boxes = list(obstacles or [])
    leaders: list = []
    for text in texts:
        x0, y0 = text.get_position()
        ha = text.get_horizontalalignment()
        flipped = {"left": "right", "right": "left"}.get(ha, ha)
        # Full rules first, the label moved further along its side if need be; then on the
        # other side of its point; last, boxes only (more labels than room).
        away = 1 if x0 >= 0 else -1   # further from the point, along its side
        tries = ([(x0 + away * d, ha, True) for d in (0, 24, 48)]
                 + [(-x0 - away * d, flipped, True) for d in (0, 24, 48)] + [(x0, ha, False)])
        best = leader = None
        for x, align, strict in tries:
            text.set_horizontalalignment(align)
            for k in range(max_steps + 1):
                for sign in ((1,) if k == 0 else (1, -1)):
                    text.set_position((x, y0 + sign * k * step))
                    box = _text_box(text, renderer).expanded(1.02, 1.15)
                    leader = leader_segment(text, renderer)
                    inside = (box.y0 >= text.axes.bbox.y0 and box.y1 <= text.axes.bbox.y1
                              and box.x0 >= fig.bbox.x0 and box.x1 <= fig.bbox.x1)
                    covers = any(box.overlaps(mark) for mark in markers or [])
                    if inside and not covers and not _clashes(
                            box, leader if strict else None, boxes, leaders if strict else []):
                        best = box
                        break
                if best is not None:
                    break
            if best is not None:
                break
        if best is None:  # pragma: no cover - no room at all; keep the last try
            best, leader = _text_box(text, renderer), leader_segment(text, renderer)
        boxes.append(best)
        if leader is not None:
            leaders.append(leader)


def marker_boxes(fig: plt.Figure) -> list:
    """Display-space boxes of every marker drawn in the figure's axes: each point of a
    scatter (its marker path at its size) and each marker of a line, whatever it marks (an
    exchange, an event, a report). Labels may not cover them. Call after drawing."""
    from matplotlib.collections import PathCollection
    from matplotlib.transforms import Affine2D, Bbox

    points = fig.dpi / 72
    boxes = []
    for ax in fig.axes:
        for collection in ax.collections:
            if not isinstance(collection, PathCollection) or not collection.get_visible():
                continue
            paths, sizes = collection.get_paths(), collection.get_transforms()
            offsets = collection.get_offset_transform().transform(collection.get_offsets())
            for i, (x, y) in enumerate(offsets):
                size = Affine2D(sizes[i % len(sizes)]).scale(points) if len(sizes) else \
                    Affine2D().scale(points)
                extent = paths[i % len(paths)].get_extents(size)
                boxes.append(Bbox([[x + extent.x0, y + extent.y0],
                                   [x + extent.x1, y + extent.y1]]))
        for line in ax.lines:
            if line.get_marker() in (None, "", "None", " ") or not line.get_visible():
                continue
            half = line.get_markersize() * points / 2
            for x, y in line.get_transform().transform(line.get_xydata()):
                boxes.append(Bbox([[x - half, y - half], [x + half, y + half]]))
    return boxes


def _clashes(box, leader, boxes: list, leaders: list) -> bool:
    if any(box.overlaps(other) for other in boxes):
        return True
    if any(_segment_hits_box(other, box) for other in leaders):
        return True
    return leader is not None and (
        any(_segments_cross(leader, other) for other in leaders)
        or any(_segment_hits_box(leader, other) for other in boxes))


def _text_box(text, renderer):
    """The box of the text alone: an Annotation's own extent includes its leader line."""
    return mtext.Text.get_window_extent(text, renderer)


def leader_segment(text, renderer) -> tuple | None:
    """The leader line of an annotation in display coordinates, from the point it labels to
    the nearest point of its text box; None for a text without one."""
    if getattr(text, "arrow_patch", None) is None or not hasattr(text, "xy"):
        return None
    point = (text.axes.convert_xunits(text.xy[0]), text.axes.convert_yunits(text.xy[1]))
    px, py = text.axes.transData.transform(point)
    box = _text_box(text, renderer)
    qx, qy = min(max(px, box.x0), box.x1), min(max(py, box.y0), box.y1)
    if (qx, qy) == (px, py):
        return None  # the point lies under its own text: no line is drawn
    return ((float(px), float(py)), (float(qx), float(qy)))


def _orient(a, b, c) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _segments_cross(s, t) -> bool:
    """Whether two segments cross at a point inside both (touching ends do not count)."""
    d1, d2 = _orient(t[0], t[1], s[0]), _orient(t[0], t[1], s[1])
    d3, d4 = _orient(s[0], s[1], t[0]), _orient(s[0], s[1], t[1])
    return d1 * d2 < 0 and d3 * d4 < 0


def _segment_hits_box(segment, box) -> bool:
    """Whether a segment passes through the inside of a box (shrunk a little, so a line that
    ends on the box's edge, as a leader does on its own label, does not count)."""
    inner = box.expanded(0.98, 0.9)
    (x0, y0), (x1, y1) = segment
    for t in np.linspace(0.02, 0.98, 49):
        x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
        if inner.x0 < x < inner.x1 and inner.y0 < y < inner.y1:
            return True
    return False


def overlapping_labels(fig: plt.Figure, texts: list) -> list[tuple[str, str]]:
    """Pairs of the given texts whose drawn boxes overlap (empty when none do)."""
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), _text_box(t, renderer)) for t in texts]
    return [(a, b) for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1:]
            if box_a.overlaps(box_b)]


def crossing_leaders(fig: plt.Figure, texts: list) -> list[tuple[str, str]]:
    """Pairs (a, b) where the leader line of text a crosses the leader line or the box of
    text b (empty when none does)."""
    renderer = fig.canvas.get_renderer()
    items = [(t.get_text(), _text_box(t, renderer), leader_segment(t, renderer))
             for t in texts]
    found = []
    for i, (a, _, leader) in enumerate(items):
        if leader is None:
            continue
        for j, (b, box, other) in enumerate(items):
            if i != j and (_segment_hits_box(leader, box)
                           or (j > i and other is not None and _segments_cross(leader, other))):
                found.append((a, b))
    return found
