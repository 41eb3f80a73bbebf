"""Pages across journeys: the pain-point ranking and the opportunities backlog.

Each journey page shows its own friction; these pages gather it from every published journey so a
reader sees what recurs (a pain point felt in several journeys matters more than one felt once) and
what the business has decided to do about it. The gathering is plain functions (`rank_pain_points`,
`backlog`), the views only place their result into a template. Every place is linked to the stage on
its journey page, through the same anchors the journey page uses (`fragments.stage_ids`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from .catalog import Catalog
from .fragments import JOURNEY_PAGE, PersonaRef, persona_refs, stage_ids
from .model import LEVELS, STATUSES, Opportunity, PainPoint, Step
from .rendering import PageBody, PageKey, Placer, Renderer, View, ViewDefaults

PAIN_POINTS_PAGE = "pain-points"
OPPORTUNITIES_PAGE = "opportunities"
COMPARE_PAGE = "compare"
"""`journeys/<id>/compare/`: a journey beside the one its `compare_to` names (compareview.py)."""
CROSS_KINDS = frozenset({PAIN_POINTS_PAGE, OPPORTUNITIES_PAGE, COMPARE_PAGE})
"""The page kinds the `cross_journey: false` option leaves out."""


def _level(value: str | None) -> int:
    """high → 3 … low → 1, none → 0: for sorting, most urgent first."""
    return LEVELS.index(value) + 1 if value in LEVELS else 0


def same_text(text: str) -> str:
    """The key under which two pain points are one: case and spacing aside."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Place:
    """Where an item occurs: the journey, the stage (linked to its anchor) and the step's personas."""

    journey_id: str
    journey_title: str
    journey_href: str
    stage: str
    stage_href: str
    personas: Sequence[PersonaRef]


@dataclass(frozen=True)
class RankedPainPoint:
    pain_point: PainPoint
    """The first occurrence's text, with the highest severity any occurrence gives it."""
    journeys: int
    places: Sequence[Place]


@dataclass(frozen=True)
class BacklogItem:
    opportunity: Opportunity
    place: Place


@dataclass(frozen=True)
class StatusCount:
    status: str | None
    label: str
    count: int


def _places(r: Renderer, here: PageKey, persona: str | None = None) -> Iterable[tuple[Step, Place]]:
    """Every step of every published journey with the place it stands for, in catalogue order.

    `persona`: only the journeys of that persona (a persona page: not every journey of the site).
    """
    journeys = r.catalog.journeys_of(persona) if persona is not None else r.catalog.journeys.items()
    for jid, journey in r.published_journeys(journeys):
        href = r.link(here, PageKey(JOURNEY_PAGE, jid))
        refs = {p.id: p for p in persona_refs(r, here, journey)}
        for stage, sid in zip(journey.stages, stage_ids(journey), strict=True):
            for step in stage.steps:
                personas = [refs.get(pid) or PersonaRef(pid, pid, None, None) for pid in step.personas or journey.persona]
                yield step, Place(jid, journey.title, href, stage.name, f"{href}#{sid}", personas)


def rank_pain_points(r: Renderer, here: PageKey, persona: str | None = None) -> list[RankedPainPoint]:
    """Each distinct pain point once: in more journeys first, then higher severity, then first seen.

    `persona`: only the steps that persona takes part in (a persona page's pain points that affect them).
    """
    found: dict[str, tuple[PainPoint, list[Place]]] = {}
    for step, place in _places(r, here, persona):
        if persona is not None and all(p.id != persona for p in place.personas):
            continue
        for pain in step.pain_point_items:
            key = same_text(pain.text)
            first, places = found.setdefault(key, (pain, []))
            if _level(pain.severity) > _level(first.severity):
                found[key] = (PainPoint(text=first.text, severity=pain.severity), places)
            if place not in places:
                places.append(place)
    ranked = [RankedPainPoint(pain, len({p.journey_id for p in places}), places) for pain, places in found.values()]
    order = {id(item): n for n, item in enumerate(ranked)}
    return sorted(ranked, key=lambda i: (-i.journeys, -_level(i.pain_point.severity), order[id(i)]))


def backlog(r: Renderer, here: PageKey) -> list[BacklogItem]:
    """Every opportunity where it was written: `done` last, then high priority first, then as written."""
    items = [BacklogItem(o, place) for step, place in _places(r, here) for o in step.opportunity_items]
    return sorted(items, key=lambda i: (i.opportunity.status == "done", -_level(i.opportunity.priority)))


def status_counts(r: Renderer, items: Sequence[BacklogItem]) -> list[StatusCount]:
    """How many opportunities stand at each status (those with none last); statuses nobody uses left out."""
    counts = []
    for status in (*STATUSES, None):
        n = sum(1 for i in items if i.opportunity.status == status)
        if n:
            label = r.labels["status_" + status.replace("-", "_")] if status else r.labels["status_none"]
            counts.append(StatusCount(status, label, n))
    return counts


@dataclass(frozen=True)
class PainPointsContext:
    title: str
    items: Sequence[RankedPainPoint]
    catalogue_href: str | None


@dataclass(frozen=True)
class OpportunitiesContext:
    title: str
    items: Sequence[BacklogItem]
    counts: Sequence[StatusCount]
    catalogue_href: str | None


class _Across(ViewDefaults):
    """A single page beside the catalogue, built from every journey: no source, no tags, no charts."""

    kind: ClassVar[str]
    index: ClassVar[bool] = True  # kept in the nav with `navigation: index`, next to the catalogue

    def items(self, catalog: Catalog) -> Sequence[str | None]:
        return [None]

    def path(self, item: str | None) -> str:
        return f"journeys/{self.kind}"

    def inputs(self, r: Renderer, item: str | None) -> Sequence[str]:
        catalog = r.catalog
        return ([jid + j.model_dump_json() for jid, j in r.published_journeys(catalog.journeys.items())]
                + [pid + p.name for pid, p in catalog.personas.items() if r.has(PageKey("persona", pid))])


class PainPointsView(_Across):
    kind = PAIN_POINTS_PAGE

    def title(self, r: Renderer, item: str | None) -> str:
        return r.labels["pain_points_title"]

    def render(self, r: Renderer, item: str | None, place: Placer) -> PageBody:
        here = PageKey(self.kind)
        context = PainPointsContext(self.title(r, item), rank_pain_points(r, here),
                                    r.link_if(here, PageKey("catalogue")))
        return PageBody(context.title, r.template("pain_points.html", context))


class OpportunitiesView(_Across):
    kind = OPPORTUNITIES_PAGE

    def title(self, r: Renderer, item: str | None) -> str:
        return r.labels["opportunities_title"]

    def render(self, r: Renderer, item: str | None, place: Placer) -> PageBody:
        here = PageKey(self.kind)
        items = backlog(r, here)
        context = OpportunitiesContext(self.title(r, item), items, status_counts(r, items),
                                       r.link_if(here, PageKey("catalogue")))
        return PageBody(context.title, r.template("opportunities.html", context))


def enabled(views: Sequence[View], cross_journey: bool) -> tuple[View, ...]:
    """The registry as the site wants it: without the cross-journey pages when the option turns them off."""
    return tuple(v for v in views if cross_journey or v.kind not in CROSS_KINDS)
