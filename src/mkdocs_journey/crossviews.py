"""Pages across journeys: the pain-point ranking (also by stage) and the opportunities backlog.

Each journey page shows its own friction; these pages gather it from every published journey so a
reader sees what recurs (a pain point felt in several journeys matters more than one felt once) and
what the business has decided to do about it. The gathering is plain functions (`rank_pain_points`,
`backlog`), the views only place their result into a template. Every place is linked to the stage on
its journey page, through the same anchors the journey page uses (`fragments.stage_ids`).

Stages across journeys are the site's own (`stages:` option) when it defines them, else stages of the
same name (case and spacing aside) in the journeys' order (`stage_columns`): one list, shared by the
pain points by stage and the channels page (`channelsview`).

Their big tables are placed late (`place`), like the journey map: every word in them is also on the
journey pages, which the search index reads, so the indexer gets a short summary of these pages instead
of parsing megabytes of tables a second time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from markdown.extensions.toc import slugify
from markupsafe import Markup

from .catalog import Catalog
from .fragments import JOURNEY_PAGE, PersonaRef, persona_refs, stage_ids
from .model import LEVELS, STATUSES, Journey, Opportunity, PainPoint, Step
from .rendering import PageBody, PageKey, Placer, Renderer, View, ViewDefaults

PAIN_POINTS_PAGE = "pain-points"
OPPORTUNITIES_PAGE = "opportunities"
CHANNELS_PAGE = "channels"
COMPARE_PAGE = "compare"
"""`journeys/<id>/compare/`: a journey beside the one its `compare_to` names (compareview.py)."""
CROSS_KINDS = frozenset({PAIN_POINTS_PAGE, OPPORTUNITIES_PAGE, CHANNELS_PAGE, COMPARE_PAGE})
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


@dataclass(frozen=True)
class StageColumn:
    """A stage across journeys: the name shown (the site's, or the first journey's spelling) and its key."""

    name: str
    key: str


def stage_columns(catalog_stages: Sequence[str], journeys: Iterable[Journey]) -> list[StageColumn]:
    """The stages across journeys, in order: the site's canonical stages, then any other stage name.

    Stages are matched by name, case and spacing aside (`same_text`), not by position: the third stage
    of one journey is not the third of another. A name no column has yet goes right after the
    journey's previous stage (or before its next known one), so that each journey's own order is kept
    where the journeys agree; where they disagree, the first journey read (catalogue order) wins.
    Without canonical stages, every column is some journey's stage; with them, a stage outside the list
    (which the catalogue reports as an error) still gets a column rather than being dropped.
    """
    names = {same_text(name): name for name in catalog_stages}
    order = list(names)
    for journey in journeys:
        keys = [same_text(stage.name) for stage in journey.stages]
        previous: int | None = None
        for n, (key, stage) in enumerate(zip(keys, journey.stages, strict=True)):
            if key not in names:
                names[key] = stage.name
                after = next((order.index(k) for k in keys[n + 1:] if k in order), len(order))
                order.insert(previous + 1 if previous is not None else after, key)
            previous = order.index(key)
    return [StageColumn(names[key], key) for key in order]


def column_ids(columns: Sequence[StageColumn], prefix: str) -> list[str]:
    """Unique anchors for the columns on a page across journeys (`by-stage-awareness`)."""
    used: set[str] = set()
    ids = []
    for column in columns:
        base = f"{prefix}-{slugify(column.name, '-') or 'x'}"
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        ids.append(candidate)
    return ids


def _places(r: Renderer, here: PageKey, persona: str | None = None) -> Sequence[tuple[Step, Place]]:
    """Every step of every published journey with the place it stands for, in catalogue order.

    `persona`: only the journeys of that persona (a persona page: not every journey of the site).
    The pages across journeys sit side by side, so their links are the same: their places are made once
    a build (three times ~5,400 at N = 300 before), kept by the links they hold.
    """
    journeys = r.catalog.journeys_of(persona) if persona is not None else r.catalog.journeys.items()
    linked = [(jid, journey, r.link(here, PageKey(JOURNEY_PAGE, jid)), persona_refs(r, here, journey))
              for jid, journey in r.published_journeys(journeys)]
    if persona is not None:
        return _make_places(linked)
    key = ("places", *((jid, href, *(p.href for p in refs)) for jid, _, href, refs in linked))
    return r.memo(key, lambda: _make_places(linked))


def _make_places(linked: Iterable[tuple[str, Journey, str, Sequence[PersonaRef]]]) -> list[tuple[Step, Place]]:
    places = []
    for jid, journey, href, journey_refs in linked:
        refs = {p.id: p for p in journey_refs}
        for stage, sid in zip(journey.stages, stage_ids(journey), strict=True):
            for step in stage.steps:
                personas = [refs.get(pid) or PersonaRef(pid, pid, None, None) for pid in step.personas or journey.persona]
                places.append((step, Place(jid, journey.title, href, stage.name, f"{href}#{sid}", personas)))
    return places


def pain_point_places(r: Renderer, here: PageKey, persona: str | None = None) -> list[tuple[PainPoint, Place]]:
    """Every pain point of every published journey with where it occurs, in catalogue order.

    `persona`: only the steps that persona takes part in (a persona page's pain points that affect them).
    """
    return [(pain, place) for step, place in _places(r, here, persona)
            if persona is None or any(p.id == persona for p in place.personas)
            for pain in step.pain_point_items]


def rank_pain_points(r: Renderer, here: PageKey, found_at: Sequence[tuple[PainPoint, Place]] | None = None,
                     persona: str | None = None) -> list[RankedPainPoint]:
    """Each distinct pain point once: in more journeys first, then higher severity, then first seen."""
    found: dict[str, tuple[PainPoint, list[Place]]] = {}
    seen: set[tuple[str, tuple[str, str, tuple[str, ...]]]] = set()  # `place not in places` was quadratic
    for pain, place in pain_point_places(r, here, persona) if found_at is None else found_at:
        key = same_text(pain.text)
        first, places = found.setdefault(key, (pain, []))
        if _level(pain.severity) > _level(first.severity):
            found[key] = (PainPoint(text=first.text, severity=pain.severity), places)
        if (key, where := _where(place)) not in seen:
            seen.add((key, where))
            places.append(place)
    ranked = [RankedPainPoint(pain, len({p.journey_id for p in places}), places) for pain, places in found.values()]
    order = {id(item): n for n, item in enumerate(ranked)}
    return sorted(ranked, key=lambda i: (-i.journeys, -_level(i.pain_point.severity), order[id(i)]))


def _where(place: Place) -> tuple[str, str, tuple[str, ...]]:
    """What tells two places apart (the rest of a place follows from it), cheap to hash and compare."""
    return place.journey_id, place.stage_href, tuple(p.id for p in place.personas)


@dataclass(frozen=True)
class StageGroup:
    """The pain points felt at one stage across journeys, ranked by the same rules as the whole list."""

    column: StageColumn
    id: str
    items: Sequence[RankedPainPoint]


def pain_points_by_stage(r: Renderer, here: PageKey,
                         found_at: Sequence[tuple[PainPoint, Place]]) -> list[StageGroup]:
    """One group per stage across journeys (`stage_columns`), stages without pain points included.

    Within a stage, "in more journeys" counts the journeys that have it at that stage, and its severity
    is the highest given at that stage: a pain point that is severe at payment and mild elsewhere ranks
    high under payment only.
    """
    journeys = [j for _, j in r.published_journeys(r.catalog.journeys.items())]
    columns = stage_columns(r.catalog.stages, journeys)
    at: dict[str, list[tuple[PainPoint, Place]]] = defaultdict(list)
    first: dict[str, str] = {}  # a pain point reads as in the whole ranking, whichever stage wrote it first
    for pain, place in found_at:
        text = first.setdefault(same_text(pain.text), pain.text)
        at[same_text(place.stage)].append((pain if pain.text == text else pain.model_copy(update={"text": text}), place))
    return [StageGroup(column, cid, rank_pain_points(r, here, at.get(column.key, [])))
            for column, cid in zip(columns, column_ids(columns, "by-stage"), strict=True)]


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
class RankedContext:
    """One ranked table of pain points (the whole list, or one stage's)."""

    items: Sequence[RankedPainPoint]
    by_stage: bool


@dataclass(frozen=True)
class PlacedGroup:
    group: StageGroup
    table: Markup


@dataclass(frozen=True)
class PainPointsContext:
    title: str
    items: Sequence[RankedPainPoint]
    catalogue_href: str | None
    ranked: Markup
    """The ranked table, placed late (out of the search index's input)."""
    groups: Sequence[PlacedGroup]
    canonical: bool
    """Whether the stages are the site's own (`stages:` option) or matched by name across journeys."""
    recurring: int
    """How many pain points occur in more than one journey: for the summary the search index reads."""


@dataclass(frozen=True)
class BacklogContext:
    items: Sequence[BacklogItem]


@dataclass(frozen=True)
class OpportunitiesContext:
    title: str
    items: Sequence[BacklogItem]
    counts: Sequence[StatusCount]
    catalogue_href: str | None
    table: Markup
    """The backlog's table, placed late (out of the search index's input)."""


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
        return ([jid + r.journey_json(jid) for jid, _ in r.published_journeys(catalog.journeys.items())]
                + [pid + p.name for pid, p in catalog.personas.items() if r.has(PageKey("persona", pid))]
                + ["stages:" + "\0".join(catalog.stages)])  # the stages across journeys (pages by stage)


class PainPointsView(_Across):
    kind = PAIN_POINTS_PAGE

    def title(self, r: Renderer, item: str | None) -> str:
        return r.labels["pain_points_title"]

    def render(self, r: Renderer, item: str | None, place: Placer) -> PageBody:
        here = PageKey(self.kind)
        found_at = pain_point_places(r, here)
        items = rank_pain_points(r, here, found_at)
        table = "fragments/ranked_pain_points.html"
        ranked = place("ranked", r.template(table, RankedContext(items, False))) if items else Markup()
        groups = [PlacedGroup(g, place(g.id, r.template(table, RankedContext(g.items, True))))
                  for g in pain_points_by_stage(r, here, found_at) if items]
        context = PainPointsContext(self.title(r, item), items, r.link_if(here, PageKey("catalogue")), ranked, groups,
                                    bool(r.catalog.stages), sum(1 for i in items if i.journeys > 1))
        return PageBody(context.title, r.template("pain_points.html", context))


class OpportunitiesView(_Across):
    kind = OPPORTUNITIES_PAGE

    def title(self, r: Renderer, item: str | None) -> str:
        return r.labels["opportunities_title"]

    def render(self, r: Renderer, item: str | None, place: Placer) -> PageBody:
        here = PageKey(self.kind)
        items = backlog(r, here)
        table = place("backlog", r.template("fragments/backlog.html", BacklogContext(items))) if items else Markup()
        context = OpportunitiesContext(self.title(r, item), items, status_counts(r, items),
                                       r.link_if(here, PageKey("catalogue")), table)
        return PageBody(context.title, r.template("opportunities.html", context))


def enabled(views: Sequence[View], cross_journey: bool) -> tuple[View, ...]:
    """The registry as the site wants it: without the cross-journey pages when the option turns them off."""
    return tuple(v for v in views if cross_journey or v.kind not in CROSS_KINDS)
