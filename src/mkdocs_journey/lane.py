"""The emotion lane: the journey's emotion curve as a row of the journey map, aligned with its stage columns.

pygal draws into its own coordinate system, which cannot follow the widths of HTML table columns; so the
lane is computed here, in plain Python, and drawn by `templates/fragments/lane.html` as an SVG whose x
coordinates are percentages of the lane's width. The map's stage columns are of equal width (the grid
has `table-layout: fixed` and a fixed row-label column), so stage i spans [i/N, (i+1)/N] of the lane at
any window width, and every point stays in its stage's column. y coordinates are pixels (the lane has a
fixed height).

What it shows: every step's emotion as a point inside its stage's column (steps spread across it, in
their order), one line per persona when the steps give one emotion per persona, the stage means as faint
bands drawn under the points (so they never hide a valley), the peaks and valleys labelled with their
step's action, moments of truth (a star above the step) and steps with a high-severity pain point (a ring
around the point). A stage without any emotion is a gap in the line, not a zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from . import formats, markup
from .model import Journey, Stage, Step

TOP = 40.0
"""y of +2: above it, the moments of truth (y ≈ 11) and the labels of the highest peaks."""
LEVEL = 30.0
"""Pixels per emotion level: −2 sits at TOP + 4 * LEVEL."""
HEIGHT = 184
STAR_Y = 11.0
ABOVE, BELOW = 9.0, 17.0
"""A peak's label baseline sits ABOVE px over its point, a valley's BELOW px under it."""
ASCENT, DESCENT = 11.0, 3.5
"""The label text's extent around its baseline (px), for collision checks."""
LABEL_EM = 12.5
"""The widest label, in ems of the label's font (estimated generously by `text_em`): a stage column is at
least 12em of the map's font wide (journey.css) and the label's font is 0.85em of it (at least 11px), so a
label, centred in its column, stays inside it."""
NARROW_LABEL_EM = 8.5
"""The widest label when a map of 7 stages or more narrows its columns to 8.4em (journey.css, `once`): 9.9em
of the label's font, less a margin."""


def label_em(columns: int) -> float:
    """How wide a label may be for a map of this many stages (see LABEL_EM, NARROW_LABEL_EM)."""
    return LABEL_EM if columns <= 6 else NARROW_LABEL_EM


SERIES_SHIFT = 3.0
"""Each persona's line is shifted a few pixels sideways, so that equal emotions do not hide each other."""


@dataclass(frozen=True)
class LanePoint:
    series: int
    stage: int
    step: int | None
    """The step's index in its stage; None for a stage's own emotion (a stage without steps)."""
    x: float
    """Fraction of the lane's width."""
    y: float
    value: float
    title: str
    pain: bool
    """The step has a high-severity pain point."""

    @property
    def cx(self) -> str:
        return pct(self.x)


@dataclass(frozen=True)
class LaneSegment:
    series: int
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def px1(self) -> str:
        return pct(self.x1)

    @property
    def px2(self) -> str:
        return pct(self.x2)


@dataclass(frozen=True)
class LaneBand:
    """A stage's mean emotion (for one series): a faint bar across the stage's column, under the points."""

    series: int
    x1: float
    x2: float
    y: float

    @property
    def px1(self) -> str:
        return pct(self.x1)

    @property
    def px2(self) -> str:
        return pct(self.x2)


@dataclass(frozen=True)
class LaneLabel:
    series: int
    kind: str
    """"peak" (drawn above its point) or "valley" (below)."""
    text: str
    full: str
    x: float
    y: float
    """The text's baseline."""
    stage: int = 0
    anchor: str = "middle"
    """SVG text-anchor: "start" at its column's left edge, "end" at its right edge, or "middle"."""

    @property
    def dx(self) -> int:
        """A few pixels off the column's edge."""
        return {"start": 5, "end": -5}.get(self.anchor, 0)

    @property
    def px(self) -> str:
        return pct(self.x)


@dataclass(frozen=True)
class LaneMoment:
    x: float
    title: str

    @property
    def px(self) -> str:
        return pct(self.x)


@dataclass(frozen=True)
class LaneSeries:
    index: int
    name: str | None
    """The persona's name; None for the journey's one line (steps with one emotion each)."""
    shift: float


@dataclass(frozen=True)
class Lane:
    id: str
    columns: int
    height: int
    levels: Sequence[tuple[int, float, str]]
    """(level, y, shown) for each of −2 … +2, for the guides and the scale."""
    dividers: Sequence[float]
    series: Sequence[LaneSeries]
    bands: Sequence[LaneBand]
    segments: Sequence[LaneSegment]
    points: Sequence[LanePoint]
    labels: Sequence[LaneLabel]
    moments: Sequence[LaneMoment]
    title: str

    @property
    def has_pain(self) -> bool:
        return any(p.pain for p in self.points)

    @property
    def divider_xs(self) -> list[str]:
        return [pct(x) for x in self.dividers]

    @property
    def named(self) -> list[LaneSeries]:
        """The series a legend names (one per persona); none for a journey with one line."""
        return [s for s in self.series if s.name]


Candidate = tuple[tuple[int, int, float, int], tuple[int, str], LaneLabel]
"""A label that may be drawn: (rank, (stage, kind), label)."""


@lru_cache(maxsize=4096)
def pct(value: float) -> str:
    """A lane fraction as an SVG percentage: 0.125 → "12.5%"."""
    text = f"{value * 100:.3f}".rstrip("0").rstrip(".")
    return f"{'0' if text in ('', '-0') else text}%"


def y_of(value: float) -> float:
    return round(TOP + (2 - value) * LEVEL, 2)


def step_x(stage: int, step: int | None, steps: int, columns: int) -> float:
    """Where a step sits: its stage's column split in equal parts, the step in the middle of its part."""
    inside = 0.5 if step is None or steps == 0 else (step + 0.5) / steps
    return (stage + inside) / columns


_NARROW = set("iljtfrI.,;:!'|()[]·- ")
_WIDE = set("mwMW@%—")


def _char_em(c: str) -> float:
    return 0.32 if c in _NARROW else 0.95 if c in _WIDE else 0.68 if c.isupper() or c.isdigit() else 0.56


class _EmTable(dict[str, float]):
    """Each character's width, worked out once: `map(table.__getitem__, text)` runs in C (labels are measured
    for every step of every journey)."""

    def __missing__(self, c: str) -> float:
        self[c] = width = _char_em(c)
        return width


_EM = _EmTable()


def text_em(text: str) -> float:
    """A generous estimate of a text's width in ems of a sans-serif font (wide and capital letters count more)."""
    return sum(map(_EM.__getitem__, text))


def shorten(text: str, em: float = LABEL_EM) -> str:
    """The text, or as much of it as fits in `em` followed by an ellipsis (cut at a word where one is near)."""
    if text_em(text) <= em:
        return text
    room = em - text_em("…")
    # one pass (a field may be 10,000 characters long); the text is wider than `em`, so some prefix overflows
    end = next(n for n, width in enumerate(accumulate(map(_EM.__getitem__, text))) if width > room)
    cut = text[:end]
    words = cut.rsplit(" ", 1)[0]
    if " " in cut and len(words) >= len(cut) * 0.6:
        cut = words
    return cut.rstrip(" ,;:.-–—") + "…"


def _values(stage: Stage, journey: Journey, persona: str | None) -> list[tuple[int | None, float]]:
    """(step index, emotion) of a stage's steps that have one for this series; else the stage's own emotion."""
    out: list[tuple[int | None, float]] = []
    for j, step in enumerate(stage.steps):
        value = step.mean_emotion if persona is None else step.emotion_of(persona, journey.persona)
        if value is not None:
            out.append((j, float(value)))
    if not out and stage.emotion is not None and not any(s.emotion is not None for s in stage.steps):
        out.append((None, float(stage.emotion)))
    return out


def _high_pain(step: Step | None) -> bool:
    return step is not None and any(p.severity == "high" for p in step.pain_point_items)


def _turns(values: Sequence[float]) -> list[tuple[int, str]]:
    """The peaks and valleys of a line: (index of the first point of a run of equal values, kind).

    A run is a valley when it is lower than the runs on both sides (or than its one neighbour, at an
    end), a peak when higher. A flat line has neither."""
    runs: list[tuple[int, float]] = []
    for i, v in enumerate(values):
        if not runs or runs[-1][1] != v:
            runs.append((i, v))
    if len(runs) < 2:
        return []
    found = []
    for k, (start, v) in enumerate(runs):
        around = [runs[n][1] for n in (k - 1, k + 1) if 0 <= n < len(runs)]
        if all(v < a for a in around):
            found.append((start, "valley"))
        elif all(v > a for a in around):
            found.append((start, "peak"))
    return found


def _box(label: LaneLabel) -> tuple[float, float]:
    return label.y - ASCENT, label.y + DESCENT


def build(journey: Journey, *, lane_id: str, labels: Mapping[str, str], lang: str,
          names: Sequence[tuple[str, str]] = ()) -> Lane | None:
    """The lane of a journey, or None when no stage has an emotion.

    `names`: (persona id, name) of the journey's personas, for a journey whose steps give one emotion per
    persona (one line each); otherwise the journey has one line, of each step's emotion.
    """
    stages = journey.stages
    columns = len(stages)
    personas: list[tuple[str | None, str | None]] = (
        [(pid, name) for pid, name in names] if journey.per_persona and names else [(None, None)])
    series = [LaneSeries(i, name, round((i - (len(personas) - 1) / 2) * SERIES_SHIFT * 2, 2) if len(personas) > 1 else 0.0)
              for i, (_pid, name) in enumerate(personas)]
    points: list[LanePoint] = []
    segments: list[LaneSegment] = []
    bands: list[LaneBand] = []
    candidates: list[Candidate] = []
    for s, (pid, name) in enumerate(personas):
        line: list[LanePoint] = []
        actions: list[str | None] = []
        for i, stage in enumerate(stages):
            values = _values(stage, journey, pid)
            if values:
                mean = sum(v for _, v in values) / len(values)
                inset = 0.08 / columns
                bands.append(LaneBand(s, i / columns + inset, (i + 1) / columns - inset, y_of(mean)))
            for j, value in values:
                step = stage.steps[j] if j is not None else None
                e = formats.emotion(value, labels, lang)
                shown = f"{e.shown} ({e.word})" if e else str(value)
                action = markup.plain(step.action) if step else None
                title = f"{markup.plain(stage.name)} · {action}: {shown}" if action else f"{markup.plain(stage.name)}: {shown}"
                if name:
                    title = f"{name} — {title}"
                pain = _high_pain(step)
                if pain:
                    title += f" · {labels['lane_high_pain']}"
                if step is not None and step.moment_of_truth:
                    title += f" · {labels['moment_of_truth']}"
                point = LanePoint(s, i, j, step_x(i, j, len(stage.steps), columns), y_of(value), value, title, pain)
                if line and point.stage - line[-1].stage <= 1:
                    segments.append(LaneSegment(s, line[-1].x, line[-1].y, point.x, point.y))
                line.append(point)
                actions.append(action)
        points += line
        turns = _turns([p.value for p in line])
        lowest = min((p.value for p in line), default=0.0)
        highest = max((p.value for p in line), default=0.0)
        for n, kind in turns:
            point, action = line[n], actions[n]
            if action is None:
                continue  # a stage's own emotion: its name is the column's header
            text = shorten(action, label_em(columns))
            y = point.y + BELOW if kind == "valley" else point.y - ABOVE
            extreme = point.value == (lowest if kind == "valley" else highest)
            # the journey's lowest and highest moments first, valleys before peaks, then the deepest turns
            depth = point.value if kind == "valley" else -point.value
            rank = (0 if extreme else 1, 0 if kind == "valley" else 1, depth, s)
            x, anchor = _label_x(point.stage, point.step, len(stages[point.stage].steps), columns)
            candidates.append((rank, (point.stage, kind),
                               LaneLabel(s, kind, text, action, x, round(y, 2), point.stage, anchor)))
    if not points:
        return None
    return Lane(lane_id, columns, HEIGHT, _levels(labels, lang), [i / columns for i in range(1, columns)], series,
                bands, segments, points, _place(candidates), _moments(stages, labels, columns),
                f"{labels['emotion_curve']}: {markup.plain(journey.title)}")


def _levels(labels: Mapping[str, str], lang: str) -> list[tuple[int, float, str]]:
    levels = []
    for level in range(2, -3, -1):
        e = formats.emotion(level, labels, lang)
        levels.append((level, y_of(level), e.shown if e else str(level)))
    return levels


def _moments(stages: Sequence[Stage], labels: Mapping[str, str], columns: int) -> list[LaneMoment]:
    return [LaneMoment(step_x(i, j, len(stage.steps), columns),
                       f"{markup.plain(stage.name)} · {markup.plain(step.action)}: {labels['moment_of_truth']}")
            for i, stage in enumerate(stages) for j, step in enumerate(stage.steps) if step.moment_of_truth]


def _label_x(stage: int, step: int | None, steps: int, columns: int) -> tuple[float, str]:
    """Where a label sits: towards its step, yet inside its column whatever the column's width. A step in
    the left part of its column gets a label starting at the column's left edge, one in the right part a
    label ending at its right edge, the middle one a label centred on it (`LABEL_EM` fits a column)."""
    middle = (steps - 1) / 2
    if step is None or steps < 2 or step == middle:
        return (stage + 0.5) / columns, "middle"
    return ((stage / columns, "start") if step < middle else ((stage + 1) / columns, "end"))


def _place(candidates: Sequence[Candidate]) -> list[LaneLabel]:
    """The labels that are drawn: in each column at most one valley and one peak (the deepest; when several
    personas turn there, the outermost point), most telling first; a label overlapping one already placed
    in its column is left out. Every point's action stays in its title."""
    best: dict[tuple[int, str], Candidate] = {}
    for candidate in candidates:
        old = best.get(candidate[1])
        if old is None or candidate[0] < old[0]:
            best[candidate[1]] = candidate
    placed: list[LaneLabel] = []
    for _rank, _key, label in sorted(best.values(), key=lambda c: (c[0], c[2].x, c[2].y)):
        top, bottom = _box(label)
        if any(other.stage == label.stage and top < _box(other)[1] and _box(other)[0] < bottom for other in placed):
            continue  # same column, overlapping: the more telling label keeps its place
        placed.append(label)
    return sorted(placed, key=lambda lab: (lab.x, lab.y))
