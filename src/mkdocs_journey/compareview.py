"""The comparison page, `journeys/<id>/compare/`: a journey beside the one its `compare_to` names.

The numbers come from `comparison.compare` (plain data); this view formats them in the site's
language, links every stage to its section on its journey page, and places the two long tables
late (`Placer`), as the journey page places its map: every pain point and stage name in them is on
the two journey pages, which the search index reads, so a search hit leads there and not to a
page that repeats them. The page's headings, intro and summary stay searchable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from . import markup
from .catalog import Catalog
from .charts import ChartKind, ChartRequest, Lines
from .comparison import Change, Comparison, PainChange, compare
from .crossviews import COMPARE_PAGE
from .formats import Emotion, round_half_away
from .fragments import JOURNEY_PAGE, stage_ids
from .model import Journey
from .rendering import PageBody, PageKey, Placer, Renderer, ViewDefaults

CHART_ID = "jm-compare-chart"


def _turned(journey: Journey, other: Journey) -> bool:
    """Whether the `state`s say the journey that names the other is the current one (the reverse of the usual)."""
    return ((journey.state == "current" and other.state != "current")
            or (other.state == "future" and journey.state != "future"))


def pair(catalog: Catalog, jid: str) -> tuple[str, str] | None:
    """(current, future) ids of the comparison page of journey `jid`; None when it has none.

    `compare_to` names the current journey of a future one (docs/reference.md), unless the journeys'
    `state` says the reverse. Two journeys that name each other get one page, under the future one,
    when their states say which that is.
    """
    journey = catalog.journeys[jid]
    other = journey.compare_to
    if other is None or other == jid or other not in catalog.journeys:
        return None
    named = catalog.journeys[other]
    before, after = (jid, other) if _turned(journey, named) else (other, jid)
    if named.compare_to == jid:  # both name each other: when both read it the same way, one page, the future's
        theirs = (other, jid) if _turned(named, journey) else (jid, other)
        if theirs == (before, after) and after != jid:
            return None
    return before, after


def _signed(text: str, value: float) -> str:
    """`+12` / `−3` (a real minus sign) / `0`: a change says which way it went."""
    text = text.lstrip("-")
    if text.strip("0,. \u00a0") == "":
        return text
    return ("+" if value > 0 else "\u2212") + text


@dataclass(frozen=True)
class NumberChange:
    before: str | None
    after: str | None
    delta: str | None
    percent: str | None
    trend: str
    """`up`, `down`, `same` or empty (no change to tell): templates style it."""


@dataclass(frozen=True)
class EmotionChange:
    before: Emotion | None
    after: Emotion | None
    delta: str | None
    trend: str


def _trend(delta: float | None, shown: str | None) -> str:
    if delta is None or shown is None:
        return ""
    return "same" if not shown.startswith(("+", "\u2212")) else ("up" if delta > 0 else "down")


def number_change(r: Renderer, change: Change) -> NumberChange:
    delta, percent = change.delta, change.percent
    shown = None if delta is None else _signed(r.number(delta), delta)
    return NumberChange(None if change.before is None else r.number(change.before),
                        None if change.after is None else r.number(change.after), shown,
                        None if percent is None else _signed(r.number(round_half_away(percent, 1), 1), percent) + " %",
                        _trend(delta, shown))


def emotion_change(r: Renderer, change: Change) -> EmotionChange:
    delta = change.delta
    shown = None
    if delta is not None:
        rounded = round_half_away(delta, 1)
        shown = _signed(r.number(rounded, 0 if rounded.is_integer() else 1), rounded)
    return EmotionChange(r.emotion(change.before), r.emotion(change.after), shown, _trend(delta, shown))


@dataclass(frozen=True)
class Side:
    """One of the two journeys: its id, title and page."""

    id: str
    journey: Journey
    href: str


@dataclass(frozen=True)
class StageRow:
    name: str
    status: str
    """`kept`, `added` or `removed`."""
    before_href: str | None
    """The stage's section on the current journey's page; None when that journey has no such stage."""
    after_href: str | None
    customers: NumberChange
    emotion: EmotionChange
    pains: PainChange


@dataclass(frozen=True)
class CompareTables:
    """The typed context of `fragments/compare_stages.html` and `fragments/compare_pains.html`."""

    before: Side
    after: Side
    rows: Sequence[StageRow]


@dataclass(frozen=True)
class CompareContext:
    title: str
    intro: Markup
    before: Side
    after: Side
    rows: Sequence[StageRow]
    emotion: EmotionChange
    """The journeys' mean emotions."""
    pains: PainChange
    """Pain points over the whole journeys."""
    counts: dict[str, int]
    """Stages kept, added, removed."""
    stages_table: Markup
    pains_table: Markup
    chart: Markup | None
    catalogue_href: str | None


def _rows(r: Renderer, c: Comparison, before: Side, after: Side) -> list[StageRow]:
    old_ids, new_ids = stage_ids(c.before), stage_ids(c.after)
    return [StageRow(p.name, p.status,
                     None if p.before_index is None else f"{before.href}#{old_ids[p.before_index]}",
                     None if p.after_index is None else f"{after.href}#{new_ids[p.after_index]}",
                     number_change(r, p.customers), emotion_change(r, p.emotion), p.pains)
            for p in c.stages]


def lines(r: Renderer, c: Comparison) -> Lines:
    """Both emotion curves on the stages of either journey, in order; a gap where a journey lacks a stage."""
    axis = tuple(markup.plain(p.name) for p in c.stages)
    return Lines(r.labels["compare_title"].format(before=markup.plain(c.before.title), after=markup.plain(c.after.title)),
                 axis, ((markup.plain(c.before.title), tuple(p.emotion.before for p in c.stages)),
                        (markup.plain(c.after.title), tuple(p.emotion.after for p in c.stages))))


class CompareView(ViewDefaults):
    """One page per journey whose `compare_to` names another journey: registered after the journey view."""

    kind = COMPARE_PAGE
    in_nav = False  # reached from both journeys' pages; in the nav it would make each journey a section

    def items(self, catalog: Catalog) -> Sequence[str | None]:
        return [jid for jid in catalog.journeys if pair(catalog, jid) is not None]

    def path(self, item: str | None) -> str:
        return f"journeys/{item}/compare"

    def _ids(self, catalog: Catalog, item: str | None) -> tuple[str, str]:
        found = pair(catalog, str(item))
        assert found is not None, item
        return found

    def needs(self, catalog: Catalog, item: str | None) -> Sequence[PageKey]:
        return [PageKey(JOURNEY_PAGE, jid) for jid in self._ids(catalog, item)]

    def title(self, r: Renderer, item: str | None) -> str:
        old, new = (r.catalog.journeys[jid] for jid in self._ids(r.catalog, item))
        return r.labels["compare_title"].format(before=markup.plain(old.title), after=markup.plain(new.title))

    def source(self, catalog: Catalog, item: str | None) -> Path | None:
        return catalog.sources.get(("journey", str(item)))  # the file that says `compare_to`

    def _request(self, r: Renderer, item: str | None) -> ChartRequest | None:
        if not r.charts:
            return None
        old, new = self._ids(r.catalog, item)
        c = compare(r.catalog.journeys[old], r.catalog.journeys[new])
        if all(p.emotion.before is None and p.emotion.after is None for p in c.stages):
            return None
        return ChartRequest(ChartKind.CURVES, c.after, CHART_ID, r.lang, r.labels, lines=lines(r, c))

    def charts(self, r: Renderer, item: str | None) -> Sequence[ChartRequest]:
        request = self._request(r, item) if r.has(PageKey(self.kind, item)) else None
        return [] if request is None else [request]

    def inputs(self, r: Renderer, item: str | None) -> Sequence[str]:
        old, new = self._ids(r.catalog, item)
        return [r.journey_json(old), r.journey_json(new),
                str(r.has(PageKey("catalogue")))]

    def render(self, r: Renderer, item: str | None, place: Placer) -> PageBody:
        here = PageKey(self.kind, item)
        old, new = self._ids(r.catalog, item)
        c = compare(r.catalog.journeys[old], r.catalog.journeys[new])
        before = Side(old, c.before, r.link(here, PageKey(JOURNEY_PAGE, old)))
        after = Side(new, c.after, r.link(here, PageKey(JOURNEY_PAGE, new)))
        rows = _rows(r, c, before, after)
        tables = CompareTables(before, after, rows)
        request = self._request(r, item)
        title = self.title(r, item)
        link = Markup('<a href="{}">{}</a>')
        intro = (Markup.escape(r.labels["compare_intro"]).replace("{before}", link.format(before.href, c.before.title))
                 .replace("{after}", link.format(after.href, c.after.title)))
        context = CompareContext(
            title, intro, before, after, rows, emotion_change(r, c.emotion), c.pains,
            {status: c.count(status) for status in ("kept", "added", "removed")},
            place("compare-stages", r.template("fragments/compare_stages.html", tables)),
            place("compare-pains", r.template("fragments/compare_pains.html", tables)),
            None if request is None else place("compare-chart", request),
            r.link_if(here, PageKey("catalogue")))
        return PageBody(title, r.template("compare.html", context))
