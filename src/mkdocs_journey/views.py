"""The kinds of generated page, one class each, and the registry the integrations iterate.

A view says which pages of its kind exist, where they live, their title, what they depend on and
how their body is composed (from `fragments` for journeys). Adding a page kind is one class here
(or anywhere: the registry is just a sequence given to the `Renderer`) and one template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from . import fragments, markup
from .catalog import Catalog
from .charts import ChartKind, ChartRequest, wanted
from .crossviews import OPPORTUNITIES_PAGE, PAIN_POINTS_PAGE, OpportunitiesView, PainPointsView
from .formats import Emotion
from .fragments import JOURNEY_PAGE, PERSONA_PAGE, Drop, JourneyFacts, PersonaRef
from .model import Journey, Persona
from .problems import Problem
from .rendering import PageBody, PageKey, Placer, Renderer, View, ViewDefaults

CATALOGUE_PAGE = "catalogue"
PERSONAS_PAGE = "personas"


# -- the catalogue -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CatalogueRow:
    id: str
    journey: Journey
    href: str
    personas: Sequence[PersonaRef]
    emotion: Emotion | None
    drop: Drop | None


@dataclass(frozen=True)
class CatalogueContext:
    title: str
    rows: Sequence[CatalogueRow]
    personas_href: str | None
    notices: Sequence[Problem]
    stale: bool
    pain_points_href: str | None = None
    opportunities_href: str | None = None


class CatalogueView(ViewDefaults):
    kind = CATALOGUE_PAGE
    index = True

    def items(self, catalog: Catalog) -> Sequence[str | None]:
        return [None]

    def path(self, item: str | None) -> str:
        return "journeys/index"

    def title(self, r: Renderer, item: str | None) -> str:
        return r.labels["journeys_title"]

    def render(self, r: Renderer, item: str | None, place: Placer) -> PageBody:
        here = PageKey(self.kind)
        rows = [CatalogueRow(jid, journey, r.link(here, PageKey(JOURNEY_PAGE, jid)),
                             fragments.persona_refs(r, here, journey), r.emotion(journey.mean_emotion),
                             fragments.drop(r, journey))
                for jid, journey in r.published_journeys(r.catalog.journeys.items())]
        title = self.title(r, item)
        context = CatalogueContext(title, rows, r.link_if(here, PageKey(PERSONAS_PAGE)), r.catalog.errors, False,
                                   r.link_if(here, PageKey(PAIN_POINTS_PAGE)), r.link_if(here, PageKey(OPPORTUNITIES_PAGE)))
        return PageBody(title, r.template("catalogue.html", context))


# -- a journey -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class JourneyParts:
    """The journey's parts as finished HTML, for `journey.html` to place; an empty part is falsy."""

    header: Markup
    funnel: Markup
    emotion: Markup
    map: Markup
    stages: Markup


@dataclass(frozen=True)
class JourneyContext:
    id: str
    journey: Journey
    facts: JourneyFacts
    parts: JourneyParts
    catalogue_href: str | None
    notices: Sequence[Problem]
    stale: bool


class JourneyView(ViewDefaults):
    kind = JOURNEY_PAGE

    def items(self, catalog: Catalog) -> Sequence[str | None]:
        return list(catalog.journeys)

    def path(self, item: str | None) -> str:
        return f"journeys/{item}"

    def title(self, r: Renderer, item: str | None) -> str:
        return markup.plain(r.catalog.journeys[str(item)].title)

    def source(self, catalog: Catalog, item: str | None) -> Path | None:
        return catalog.sources.get(("journey", str(item)))

    def tags(self, catalog: Catalog, item: str | None) -> Sequence[str]:
        return catalog.journeys[str(item)].tags

    def charts(self, r: Renderer, item: str | None) -> Sequence[ChartRequest]:
        """None: the funnel is a table with bars and the emotion curve is the map's lane (lane.py), both HTML."""
        return []

    def inputs(self, r: Renderer, item: str | None) -> Sequence[str]:
        catalog, jid = r.catalog, str(item)
        journey = catalog.journeys[jid]
        parts = [journey.model_dump_json()]
        parts += [catalog.personas[p].model_dump_json() for p in journey.persona if p in catalog.personas]
        if journey.compare_to in catalog.journeys:
            parts.append(catalog.journeys[journey.compare_to].title)
        notices, stale = r.notices("journey", jid)
        return parts + [str(p) for p in notices] + [str(stale)]

    def render(self, r: Renderer, item: str | None, place: Placer) -> PageBody:
        jid = str(item)
        here = PageKey(self.kind, jid)
        facts = fragments.facts(r, jid, here)
        # No separate emotion part: the map's emotion lane shows the curve, its data follows the map.
        parts = JourneyParts(fragments.header(r, facts, here), fragments.funnel_part(r, facts, place),
                             Markup(), fragments.map_part(r, facts, place), fragments.stages_part(r, facts))
        notices, stale = r.notices("journey", jid)
        context = JourneyContext(jid, facts.journey, facts, parts, r.link_if(here, PageKey(CATALOGUE_PAGE)), notices, stale)
        summary = facts.journey.summary
        return PageBody(self.title(r, item), r.template("journey.html", context),
                        markup.plain_summary(summary)[:300] if summary else None)


# -- the persona index ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PersonaRow:
    id: str
    persona: Persona
    href: str
    journeys: int


@dataclass(frozen=True)
class PersonasContext:
    title: str
    rows: Sequence[PersonaRow]
    journeys_href: str | None


class PersonasView(ViewDefaults):
    kind = PERSONAS_PAGE
    index = True

    def items(self, catalog: Catalog) -> Sequence[str | None]:
        return [None]

    def path(self, item: str | None) -> str:
        return "personas/index"

    def title(self, r: Renderer, item: str | None) -> str:
        return r.labels["personas_title"]

    def _count(self, r: Renderer, pid: str) -> int:
        return len(r.published_journeys(r.catalog.journeys_of(pid)))

    def inputs(self, r: Renderer, item: str | None) -> Sequence[str]:
        return [pid + p.model_dump_json() + str(self._count(r, pid)) for pid, p in r.catalog.personas.items()]

    def render(self, r: Renderer, item: str | None, place: Placer) -> PageBody:
        here = PageKey(self.kind)
        rows = [PersonaRow(pid, persona, r.link(here, PageKey(PERSONA_PAGE, pid)), self._count(r, pid))
                for pid, persona in r.catalog.personas.items() if r.has(PageKey(PERSONA_PAGE, pid))]
        title = self.title(r, item)
        context = PersonasContext(title, rows, r.link_if(here, PageKey(CATALOGUE_PAGE)))
        return PageBody(title, r.template("personas.html", context))


# -- a persona -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class PersonaJourney:
    id: str
    journey: Journey
    href: str
    emotion: Emotion | None
    curve: Sequence[Emotion | None]
    chart: Markup | None


@dataclass(frozen=True)
class PersonaContext:
    id: str
    persona: Persona
    journeys: Sequence[PersonaJourney]
    sections: Sequence[str]
    index_href: str | None
    notices: Sequence[Problem]
    stale: bool


PERSONA_SECTIONS = ("goals", "needs", "frustrations", "behaviors", "channels")


class PersonaView(ViewDefaults):
    kind = PERSONA_PAGE

    def items(self, catalog: Catalog) -> Sequence[str | None]:
        return list(catalog.personas)

    def path(self, item: str | None) -> str:
        return f"personas/{item}"

    def title(self, r: Renderer, item: str | None) -> str:
        return markup.plain(r.catalog.personas[str(item)].name)

    def source(self, catalog: Catalog, item: str | None) -> Path | None:
        return catalog.sources.get(("persona", str(item)))

    def _chart(self, r: Renderer, jid: str, pid: str) -> ChartRequest | None:
        if not r.charts or not wanted(ChartKind.EMOTION, r.catalog.journeys[jid]):
            return None
        return r.chart(ChartKind.EMOTION_SMALL, jid, f"jm-emotion-{jid}", persona=pid)

    def charts(self, r: Renderer, item: str | None) -> Sequence[ChartRequest]:
        if not r.has(PageKey(self.kind, item)):
            return []
        return [c for jid, _ in r.published_journeys(r.catalog.journeys_of(str(item)))
                if (c := self._chart(r, jid, str(item))) is not None]

    def inputs(self, r: Renderer, item: str | None) -> Sequence[str]:
        pid = str(item)
        parts = [r.catalog.personas[pid].model_dump_json()]
        parts += [jid + j.model_dump_json() for jid, j in r.catalog.journeys_of(pid)]
        notices, stale = r.notices("persona", pid)
        return parts + [str(p) for p in notices] + [str(stale)]

    def render(self, r: Renderer, item: str | None, place: Placer) -> PageBody:
        pid = str(item)
        here = PageKey(self.kind, pid)
        persona = r.catalog.personas[pid]
        journeys = []
        for jid, journey in r.published_journeys(r.catalog.journeys_of(pid)):
            request = self._chart(r, jid, pid)
            # with one emotion per persona, the page shows this persona's own curve and mean
            curve = journey.persona_curve(pid) if journey.per_persona else [s.mean_emotion for s in journey.stages]
            known = [m for m in curve if m is not None]
            mean = (sum(known) / len(known) if known else None) if journey.per_persona else journey.mean_emotion
            journeys.append(PersonaJourney(jid, journey, r.link(here, PageKey(JOURNEY_PAGE, jid)), r.emotion(mean),
                                           [r.emotion(m) for m in curve],
                                           None if request is None else place(f"emotion-{jid}", request)))
        sections = [key for key in PERSONA_SECTIONS if getattr(persona, key)]
        notices, stale = r.notices("persona", pid)
        context = PersonaContext(pid, persona, journeys, sections, r.link_if(here, PageKey(PERSONAS_PAGE)), notices, stale)
        return PageBody(self.title(r, item), r.template("persona.html", context),
                        markup.plain(persona.role) if persona.role else None)


DEFAULT_VIEWS: tuple[View, ...] = (CatalogueView(), PainPointsView(), OpportunitiesView(), JourneyView(), PersonasView(),
                                   PersonaView())
"""The registry, in nav order: catalogue, the pages across journeys, journeys, persona index, personas."""
