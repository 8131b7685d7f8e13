"""Where things go on the drawn network, in screen pixels: which labels fit without overlapping
and where a pair's clickable marker sits clear of every node.

Plotly picks the point nearest the pointer, and a small marker inside a big node's disc is
"nearer" than the node itself, so a click on a node used to select a pair; markers are therefore
placed where no node is. Sizes are estimated for the narrowest plot the dashboard draws
(``WIDTH`` × ``HEIGHT``): on a wider screen or in the 1200 px export everything has more room.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

WIDTH, HEIGHT = 760, 600  # the plot area, without margins and legend
CHAR_WIDTH, LINE_HEIGHT = 7.0, 16.0  # a 12 px label
MAX_LABELS = 20
PAIR_MARKER = 4.0  # radius of a pair's marker, px
_GAP = 3.0  # clear space between a pair's marker and any node, px
_ALONG = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74)  # where on its line a pair's marker may go
#: Label positions tried in turn: Plotly's name, and on which side of the node the label goes.
_POSITIONS = (("top center", 0, 1), ("bottom center", 0, -1), ("middle right", 1, 0),
              ("middle left", -1, 0))


@dataclass(frozen=True)
class Space:
    """The data-to-pixel scale of a drawing: nodes' centres and radii in pixels."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    centres: dict[str, tuple[float, float]]
    radii: dict[str, float]


def space(positions: dict[str, tuple[float, float]], sizes: dict[str, float],
          pad: float = 0.18) -> Space:
    """Axis ranges padded so that labels at the edge are not clipped, and pixels of nodes."""
    xs = [x for x, _ in positions.values()] or [0.0]
    ys = [y for _, y in positions.values()] or [0.0]
    x_range = _padded(min(xs), max(xs), pad)
    y_range = _padded(min(ys), max(ys), pad)
    centres = {node: ((x - x_range[0]) / (x_range[1] - x_range[0]) * WIDTH,
                      (y - y_range[0]) / (y_range[1] - y_range[0]) * HEIGHT)
               for node, (x, y) in positions.items()}
    return Space(x_range, y_range, centres, {node: size / 2 for node, size in sizes.items()})


def _padded(low: float, high: float, pad: float) -> tuple[float, float]:
    span = (high - low) or 1.0
    return low - pad * span, high + pad * span


Box = tuple[float, float, float, float]  # left, bottom, right, top


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def label_positions(drawn: Space, labels: dict[str, str], order: list[str],
                    limit: int = MAX_LABELS) -> dict[str, str]:
    """The first ``limit`` nodes of ``order`` whose label fits somewhere around them, inside
    the plot and touching no other label or node, and where: the rest are named on hover."""
    placed: dict[str, str] = {}
    boxes: list[Box] = []
    discs = {node: (cx - r, cy - r, cx + r, cy + r) for node, (cx, cy) in drawn.centres.items()
             for r in (drawn.radii[node],)}
    for node in order:
        if len(placed) == limit:
            break
        for name, box in _candidate_boxes(drawn, node, labels[node]):
            inside = box[0] >= 0 and box[2] <= WIDTH and box[1] >= 0 and box[3] <= HEIGHT
            if inside and not any(_overlaps(box, other) for other in boxes) and not any(
                    _overlaps(box, disc) for other, disc in discs.items() if other != node):
                placed[node] = name
                boxes.append(box)
                break
    return placed


def label_box(drawn: Space, node: str, label: str, position: str) -> Box:
    """The pixels a node's label takes at a position of ``_POSITIONS``."""
    return dict(_candidate_boxes(drawn, node, label))[position]


def _candidate_boxes(drawn: Space, node: str, label: str) -> list[tuple[str, Box]]:
    cx, cy = drawn.centres[node]
    radius, half_w, half_h = drawn.radii[node] + 2, len(label) * CHAR_WIDTH / 2, LINE_HEIGHT / 2
    boxes = []
    for name, dx, dy in _POSITIONS:
        x, y = cx + dx * (radius + half_w), cy + dy * (radius + half_h)
        boxes.append((name, (x - half_w, y - half_h, x + half_w, y + half_h)))
    return boxes


def pair_marker(drawn: Space, a: str, b: str) -> float | None:
    """Where along the line from ``a`` to ``b`` (0 to 1) its marker sits clear of every node,
    None when the line runs through nodes all the way."""
    centres = np.array(list(drawn.centres.values()))
    clearance = np.array(list(drawn.radii.values())) + PAIR_MARKER + _GAP
    start, end = np.array(drawn.centres[a]), np.array(drawn.centres[b])
    for t in _ALONG:
        point = start + t * (end - start)
        if np.all(np.hypot(*(centres - point).T) > clearance):
            return t
    return None
