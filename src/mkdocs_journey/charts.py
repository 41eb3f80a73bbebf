"""Journey → static SVG charts (pygal): the funnel and the emotion curve. Pure functions, memoized.

pygal is made for interactive charts; a documentation site that is reviewed, cached and read
offline wants the opposite. Every chart goes through `_static()`, which removes what pygal adds for
its JavaScript (script, tooltips, legend ids), its dated comments and its per-chart stylesheet (the
plugin's one stylesheet styles every chart, with the site's palette), rounds coordinates, and
adds `role="img"`, `<title>` and `<desc>`. Same input, same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

import pygal
import pygal.graph.base
from pygal.config import SerieConfig
from pygal.style import Style

from . import __version__, formats
from .model import Journey, funnel

_STYLE = Style(background="transparent", plot_background="transparent", font_family="inherit",
               label_font_size=13, major_label_font_size=13, value_font_size=13, value_label_font_size=13,
               legend_font_size=13, title_font_size=15)
_NUMBER = re.compile(r"-?\d+\.\d{2,}")
_GEOMETRY = {"x", "y", "cx", "cy", "r", "d", "transform", "width", "height", "points", "x1", "x2", "y1", "y2"}
_DROP = {"script", "style", "desc", "title", "defs"}


_NOT_XML = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """Text safe in an SVG, with either of pygal's XML engines: lxml refuses control characters and
    lone surrogates with a ValueError, so each becomes a space (tabs, newlines) or U+FFFD.

    The loader already refuses them (limits.py); this keeps a chart from crashing a build whatever
    a journey holds, e.g. one built in Python.
    """
    if text.isprintable():
        return text
    return _NOT_XML.sub(lambda m: " " if m.group() in "\t\n\r\x0b\x0c\x85" else "\ufffd", text)


def _round(text: str) -> str:
    return _NUMBER.sub(lambda m: f"{float(m.group()):.1f}".rstrip("0").rstrip("."), text)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _static(chart_id: str, title: str, desc: str) -> Callable[[Any], Any]:
    def clean(root: Any) -> Any:
        for parent in list(root.iter()):
            for child in list(parent):
                tag = child.tag
                classes = (child.get("class") or "").split() if isinstance(tag, str) else []
                if not isinstance(tag, str) or _local(tag) in _DROP or "tooltip-overlay" in classes:
                    parent.remove(child)  # comments, scripts, tooltips, pygal's own titles and styles
        for element in root.iter():
            attrib = element.attrib
            if not attrib:
                continue
            if element is not root and "id" in attrib:
                del attrib["id"]
            for name in _GEOMETRY.intersection(attrib):
                value = attrib[name]
                if "." in value:  # only decimals are rounded
                    attrib[name] = _round(value)
            if "class" in attrib:
                kept = [c for c in attrib["class"].split() if c not in ("reactive", "tooltip-trigger", "activate-serie")]
                if kept:
                    attrib["class"] = " ".join(kept)
                else:
                    del attrib["class"]
        root.set("id", chart_id)
        root.set("class", "jm-chart__svg")
        root.set("role", "img")
        root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
        prefix = root.tag[: -len("svg")]  # "{http://www.w3.org/2000/svg}" or ""
        title_el = root.makeelement(prefix + "title", {"id": f"{chart_id}-title"})
        title_el.text = _xml_text(title)
        desc_el = root.makeelement(prefix + "desc", {"id": f"{chart_id}-desc"})
        desc_el.text = _xml_text(desc)
        root.insert(0, desc_el)
        root.insert(0, title_el)
        return root

    return clean


_attribute = object.__getattribute__


class _QuickLookup:
    """pygal's charts look every attribute up in their render state first (`BaseGraph.__getattribute__`,
    Python code run ~11,000 times a chart: a third of drawing one). The same lookup in fewer steps: a name
    the state holds comes from the state, any other from the chart itself."""

    def __getattribute__(self, name: str) -> Any:
        if name[:2] != "__" and name != "state":
            state = _attribute(self, "__dict__").get("state")
            if state is not None:
                values = state.__dict__
                if name in values:
                    return values[name]
        return _attribute(self, name)

    def _tooltip_data(self, *args: Any, **kwargs: Any) -> None:
        """pygal writes each point's tooltip texts as `<desc>` elements for its JavaScript; `_static` drops
        them all (a static chart has its own title and desc), so they are not written in the first place."""

    def prepare_values(self, raw: Any, offset: int = 0) -> Any:
        """pygal's own, with `_SerieConfig` for its series' settings (see there)."""
        module = pygal.graph.base
        module.SerieConfig = _SerieConfig
        try:
            return super().prepare_values(raw, offset)  # type: ignore[misc]
        finally:
            module.SerieConfig = SerieConfig


class _SerieConfig(SerieConfig):
    """pygal's settings of one series, with `dir()` worked out once.

    pygal tests every setting of its render state against `dir(serie_config)`, which lists and sorts the
    names again each time: ~150 settings × one `dir()` each, per series (`BaseGraph.prepare_values`), a third
    of drawing a persona's chart of ten curves. The names are the same for every instance: the instance
    holds the class's settings (`BaseConfig.__init__`) and an update only sets names the list already has
    (`BaseConfig._update`)."""

    _names: list[str] | None = None

    def __dir__(self) -> list[str]:
        cls = type(self)
        if cls._names is None:
            cls._names = sorted(super().__dir__())  # sorted once: dir() then only checks the order
        return cls._names


# pygal writes the class's name into the SVG (`class="line-graph"`): these keep pygal's names.
class Line(_QuickLookup, pygal.Line):
    pass


class XY(_QuickLookup, pygal.XY):
    pass


class _Funnel(_QuickLookup, pygal.Funnel):
    """pygal's funnel starts its first slice from nothing (a diamond); a customer funnel starts full."""

    def _compute(self) -> None:
        super()._compute()
        if self.series and self.series[0].points:
            poly = self.series[0].points[0]  # (x0, bottom0), (x0, top0), (x1, top), (x1, bottom)
            poly[0] = (poly[0][0], poly[3][1])
            poly[1] = (poly[1][0], poly[2][1])


def _label_chars(columns: int) -> int:
    """How many characters of a stage name fit under its column (the full names are in the tables)."""
    return max(8, int(680 / max(columns, 1) / 8.5))


def _x_labels(columns: int) -> dict[str, Any]:
    """Stage names under the columns: cut to fit while 8 characters fit, else slanted (never on each other)."""
    chars = int(680 / max(columns, 1) / 8.5)
    if chars >= 8:
        return {"truncate_label": chars}
    return {"truncate_label": 14, "x_label_rotation": 40, "height": 420, "margin_bottom": 48}  # room for slanted names


def _config(**overrides: Any) -> dict[str, Any]:
    base = dict(js=[], css=[], disable_xml_declaration=True, style=_STYLE, show_legend=False, width=800,
                height=340, margin=12, spacing=8, truncate_label=24, truncate_legend=40, explicit_size=False,
                no_prefix=True, pretty_print=False)
    base.update(overrides)
    return base


def _render(chart: Any, chart_id: str, title: str, desc: str) -> str:
    chart.uuid = chart_id
    chart.add_xml_filter(_static(chart_id, title, desc))
    return _same_bytes(chart.render(is_unicode=True))


_XLINK = ' xmlns:xlink="http://www.w3.org/1999/xlink"'


def _same_bytes(svg: str) -> str:
    """The same SVG whichever XML engine pygal used: lxml, when installed, declares an xlink namespace
    that nothing uses once `_static` has run, and writes `<g />` where ElementTree writes `<g/>`.
    Text and attribute values cannot hold ` />` (both engines escape `>`)."""
    if "xlink:" not in svg.replace(_XLINK, ""):
        svg = svg.replace(_XLINK, "", 1)
    return svg.replace(" />", "/>")


def funnel_chart(journey: Journey, *, chart_id: str, labels: Mapping[str, str], lang: str) -> str | None:
    """Customers per stage as a funnel, each stage labelled with its count and % of the first stage."""
    rows = funnel(journey)
    if len(rows) < 2:
        return None
    chart = _Funnel(**_config(show_y_labels=False, show_y_guides=False, print_labels=True, print_values=False,
                              truncate_label=_label_chars(len(rows))))
    # pygal draws one funnel slice per series, so each counted stage is a series of one value.
    for stage, count, share, _lost in rows:
        label = f"{formats.number(count, lang)} ({formats.number(share, lang, 1)} %)"
        chart.add(_xml_text(stage.name), [{"value": count, "label": _xml_text(label)}])
    desc = "; ".join(f"{stage.name}: {formats.number(count, lang)} ({formats.number(share, lang, 1)} %)"
                     for stage, count, share, _ in rows)
    return _render(chart, chart_id, f"{labels['funnel']}: {journey.title}", desc)


def _persona_lines(journey: Journey, names: Mapping[str, str]) -> list[tuple[str, list[tuple[int, float]]]]:
    """(persona's name, their emotion per stage) for each persona of a journey whose steps give one emotion
    per persona; none otherwise, so a journey with one emotion per step draws as it always has."""
    if not journey.per_persona:
        return []
    lines = []
    for pid in journey.persona:
        points = [(i, round(m, 3)) for i, m in enumerate(journey.persona_curve(pid)) if m is not None]
        if points:
            lines.append((names.get(pid, pid), points))
    return lines


def emotion_chart(journey: Journey, *, chart_id: str, labels: Mapping[str, str], lang: str,
                  small: bool = False, names: Mapping[str, str] | None = None, persona: str | None = None) -> str | None:
    """The stages' mean emotion on a fixed −2…+2 scale, each step's emotion, and the stages that hurt.

    With one emotion per persona (`emotion: {rosa: -2, lucas: 1}`), each persona gets a line of their own
    (`names`: persona id → name); `persona` draws that persona's curve alone (their persona page).
    """
    stages = journey.stages
    if persona is not None:  # only the steps they take part in, with their own emotions
        means = [(i, m) for i, m in enumerate(journey.persona_curve(persona)) if m is not None]
    else:
        means = [(i, s.mean_emotion) for i, s in enumerate(stages) if s.mean_emotion is not None]
    if not means:
        return None
    steps = []
    for i, stage in enumerate(stages):
        own = [m for m in (step.mean_emotion for step in stage.steps) if m is not None]
        for j, value in enumerate(own):
            offset = (j - (len(own) - 1) / 2) * min(0.12, 0.5 / max(len(own), 1))
            steps.append((round(i + offset, 3), value))
    pains = [(i, s.mean_emotion) for i, s in enumerate(stages) if s.pain_point_count and s.mean_emotion is not None]
    y_labels = [{"label": _xml_text(labels[f"emotion_{v}"]), "value": v} for v in range(-2, 3)]
    x_labels = [{"label": _xml_text(s.name), "value": i} for i, s in enumerate(stages)]
    if small:
        chart = XY(**_config(width=320, height=90, margin=4, show_x_labels=False, show_y_labels=False,
                                   show_x_guides=False, show_y_guides=True, y_labels=[0], range=(-2.3, 2.3),
                                   xrange=(-0.3, len(stages) - 0.7), dots_size=3))
    else:
        chart = XY(**_config(range=(-2.3, 2.3), xrange=(-0.4, len(stages) - 0.6), show_legend=True,
                                   truncate_label=_label_chars(len(stages)),
                                   legend_at_bottom=True, legend_at_bottom_columns=3, dots_size=4,
                                   show_x_guides=True, y_labels=y_labels, x_labels=x_labels))
    chart.add(_xml_text(labels["chart_stage_mean"]), [(i, round(m, 3)) for i, m in means], dots_size=5 if not small else 2.5)
    lines = [] if small else _persona_lines(journey, names or {})
    if not small:
        chart.add(_xml_text(labels["chart_steps"]), steps, stroke=False, dots_size=3.5)
        chart.add(_xml_text(labels["chart_pain"]), pains, stroke=False, dots_size=8)
    for name, points in lines:  # after the three series above, which keep their colours (color-0 … color-2)
        chart.add(_xml_text(name), points, dots_size=4)
    desc = "; ".join(
        f"{stages[i].name}: {e.shown} ({e.word})" + (f", {labels['pain_point_count'].lower()}: {stages[i].pain_point_count}"
                                                    if stages[i].pain_point_count else "")
        for i, m in means if (e := formats.emotion(m, labels, lang)) is not None)
    for name, points in lines:
        desc += f". {name}: " + "; ".join(f"{stages[i].name}: {e.shown} ({e.word})" for i, m in points
                                          if (e := formats.emotion(m, labels, lang)) is not None)
    return _render(chart, chart_id, f"{labels['emotion_curve']}: {journey.title}", desc)


@dataclass(frozen=True)
class Lines:
    """Emotion curves of several journeys on one chart (branch compare): the axis is given, not a journey's stages.

    `axis`: the x labels (stages of either journey, in order); each curve is (its legend, one value per
    label, None where that journey has no such stage: a gap in its line).
    """

    title: str
    axis: tuple[str, ...]
    curves: tuple[tuple[str, tuple[float | None, ...]], ...]


def curves_chart(lines: Lines, *, chart_id: str, labels: Mapping[str, str], lang: str) -> str | None:
    """One line per curve on the fixed −2…+2 scale, broken where a curve has no value; None without any value."""
    if not any(v is not None for _, values in lines.curves for v in values):
        return None
    y_labels = [{"label": _xml_text(labels[f"emotion_{v}"]), "value": v} for v in range(-2, 3)]
    chart = Line(**_config(range=(-2.3, 2.3), show_legend=True, legend_at_bottom=True, legend_at_bottom_columns=2,
                                 **_x_labels(len(lines.axis)), allow_interruptions=True, dots_size=5,
                                 show_x_guides=True, y_labels=y_labels, x_labels=[_xml_text(a) for a in lines.axis]))
    for name, values in lines.curves:
        chart.add(_xml_text(name), [None if v is None else round(v, 3) for v in values])
    desc = ". ".join(f"{name}: " + "; ".join(f"{lines.axis[i]}: {e.shown} ({e.word})" for i, v in enumerate(values)
                                             if (e := formats.emotion(v, labels, lang)) is not None)
                     for name, values in lines.curves)
    return _render(chart, chart_id, lines.title, desc)


class ChartKind(StrEnum):
    FUNNEL = "funnel"
    EMOTION = "emotion"
    EMOTION_SMALL = "emotion-small"
    """The emotion curve in a table cell (persona pages): no labels, no legend."""
    CURVES = "curves"
    """Several emotion curves on one chart (a comparison, a persona's journeys): drawn from `ChartRequest.lines`."""


def wanted(kind: ChartKind, journey: Journey) -> bool:
    """Whether a journey gets this chart, known without drawing it (templates decide on it)."""
    if kind == ChartKind.FUNNEL:
        return len(funnel(journey)) >= 2
    return any(stage.mean_emotion is not None for stage in journey.stages)


@dataclass(frozen=True)
class ChartRequest:
    """One chart to draw: everything its SVG depends on, so that its key says when to redraw."""

    kind: ChartKind
    journey: Journey
    chart_id: str
    lang: str
    labels: Mapping[str, str]
    names: tuple[tuple[str, str], ...] = ()
    """(persona id, name) of the journey's personas, for the lines of a journey with per-persona emotions."""
    persona: str | None = None
    """Draw this persona's curve (a persona page), when the journey's steps give one emotion per persona."""
    lines: Lines | None = None
    """The curves of a `CURVES` chart; `journey` is then the page's own (or first) journey, for the key only."""
    journey_json: str = field(default="", compare=False, repr=False)
    """`journey.model_dump_json()` when the maker has it already (the Renderer makes it once per journey)."""
    labels_json: str = field(default="", compare=False, repr=False)
    """`labels_text(labels)` when the maker has it already: each costs ~0.08 ms, and a build asks ~2 per chart."""

    def journey_text(self) -> str:
        return self.journey_json or self.journey.model_dump_json()

    @cached_property
    def key(self) -> str:
        parts = [_CODE_VERSION, self.kind, self.chart_id, self.lang, self.journey_text(),
                 self.labels_json or labels_text(self.labels), json.dumps([self.names, self.persona])]
        if self.lines is not None:
            parts.append(json.dumps([self.lines.title, self.lines.axis, self.lines.curves]))
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def labels_text(labels: Mapping[str, str]) -> str:
    """The labels as they go into a chart's key."""
    return json.dumps(dict(labels), sort_keys=True)


def draw(request: ChartRequest) -> str | None:
    """The chart's SVG, or None when the journey has too little data for it."""
    journey, chart_id, labels, lang = request.journey, request.chart_id, request.labels, request.lang
    match request.kind:
        case ChartKind.FUNNEL:
            return funnel_chart(journey, chart_id=chart_id, labels=labels, lang=lang)
        case ChartKind.EMOTION:
            return emotion_chart(journey, chart_id=chart_id, labels=labels, lang=lang, names=dict(request.names))
        case ChartKind.EMOTION_SMALL:
            return emotion_chart(journey, chart_id=chart_id, labels=labels, lang=lang, small=True,
                                 persona=request.persona)
        case ChartKind.CURVES:
            return None if request.lines is None else curves_chart(request.lines, chart_id=chart_id, labels=labels,
                                                                    lang=lang)
    raise ValueError(f"no such chart kind: {request.kind!r}")


def _draw_in_worker(kind: str, journey_json: str, chart_id: str, lang: str, labels: dict[str, str],
                    names: tuple[tuple[str, str], ...] = (), persona: str | None = None,
                    lines: Lines | None = None) -> str | None:
    return draw(ChartRequest(ChartKind(kind), Journey.model_validate_json(journey_json), chart_id, lang, labels,
                             names, persona, lines))


# Charts are redrawn when the code that draws them changes (this plugin's version, the modules that
# compute their numbers and labels, pygal), not only when the journey does.
_CODE_VERSION = hashlib.sha256(b"".join(
    (Path(__file__).parent / name).read_bytes() for name in ("charts.py", "formats.py", "model.py")
) + f"{__version__} {pygal.__version__}".encode()).hexdigest()[:16]
