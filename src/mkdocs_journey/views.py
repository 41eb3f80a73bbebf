"""The kinds of generated page, one class each, and the registry the integrations iterate.

A view says which pages of its kind exist, where they live, their title, what they depend on and
how their body is composed (from `fragments` for journeys). Adding a page kind is one class here
(or anywhere: the registry is just a sequence given to the `Renderer`) and one template.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from . import comparison, fragments, markup
from .catalog import Catalog
from .channelsview import ChannelsView
from .charts import ChartKind, ChartRequest, Lines, wanted
from .compareview import CompareView
from .crossviews import (
    CHANNELS_PAGE,
    OPPORTUNITIES_PAGE,
    PAIN_POINTS_PAGE,
    OpportunitiesView,
    PainPointsView,
    RankedPainPoint,
    rank_pain_points,
    same_text,
)
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
    channels_href: str | None = None
    table: Markup = Markup()
    """The table of journeys, placed after the search index is built (`fragments/catalogue_table.html`):
    the index reads each journey's title, personas and tags instead (`fragments/catalogue_search.html`),
    not the badges and numbers of every row (the page's indexing cost ~30 times what the rest of a page's did
    at N = 300)."""


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
                                   r.link_if(here, PageKey(PAIN_POINTS_PAGE)), r.link_if(here, PageKey(OPPORTUNITIES_PAGE)),
                                   r.link_if(here, PageKey(CHANNELS_PAGE)))
        if rows:
            table = place("catalogue", r.template("fragments/catalogue_table.html", context),
                          r.template("fragments/catalogue_search.html", context))
            context = dataclasses.replace(context, table=table)
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
    """Each stage's facts as a list: only where a fence asks for it (the page's map holds them all, once)."""


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
        parts = [r.journey_json(jid)]
        parts += [r.persona_json(p) for p in journey.persona if p in catalog.personas]
        if journey.compare_to in catalog.journeys:
            parts.append(catalog.journeys[journey.compare_to].title)
        parts += [f"{other}:{catalog.journeys[other].title}:{r.has(PageKey('compare', other))}"
                  for other in catalog.compared_by(jid)]  # the header links to their comparisons
        parts.append(str(r.has(PageKey("compare", jid))))
        notices, stale = r.notices("journey", jid)
        return parts + [str(p) for p in notices] + [str(stale)]

    def render(self, r: Renderer, item: str | None, place: Placer) -> PageBody:
        jid = str(item)
        here = PageKey(self.kind, jid)
        facts = fragments.facts(r, jid, here)
        # No separate emotion part: the map's emotion lane shows the curve, its data follows the map.
        parts = JourneyParts(fragments.header(r, facts, here), fragments.funnel_part(r, facts, place),
                             Markup(), fragments.map_part(r, facts, place), Markup())
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
        return [pid + r.persona_json(pid) + str(self._count(r, pid)) for pid in r.catalog.personas]

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
    curves: Markup | None = None
    """The persona's emotion curves across their journeys on one chart (two journeys or more)."""
    curves_data: Sequence[tuple[str, Sequence[tuple[str, Emotion | None]]]] = ()
    """The chart's data: each stage of the axis, with the persona's emotion in each journey."""
    pain_points: Sequence[RankedPainPoint] = ()
    """Pain points of the steps the persona takes part in, ranked as on the pain-point page."""
    late: Mapping[str, Markup] = dataclasses.field(default_factory=dict)
    """The big tables (`journeys`, `curves_data`, `pains`), placed after the search index is built: every fact
    in them is on a journey page, which is indexed; a persona's page indexes what is the persona's own, and
    the titles of their journeys. The journeys table was three quarters of the tags the indexer parsed on a
    persona's page (~7 ms a page, 30 times the hand-written page, at N = 300)."""


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

    def _curves(self, r: Renderer, pid: str) -> tuple[Lines, list[str]] | None:
        """The persona's curves in each of their journeys, on the stages of all of them (matched by name)."""
        journeys = r.published_journeys(r.catalog.journeys_of(pid))
        curves = {jid: comparison.persona_curve(j, pid) for jid, j in journeys}
        drawn = [(jid, j) for jid, j in journeys if any(v is not None for v in curves[jid])]
        if len(drawn) < 2:  # one journey: its own small chart says it all
            return None
        names: dict[str, str] = {}
        for _, journey in drawn:
            for stage in journey.stages:
                names.setdefault(same_text(stage.name), markup.plain(stage.name))
        axis = comparison.union([[same_text(s.name) for s in j.stages] for _, j in drawn])
        lines = []
        for jid, journey in drawn:
            own = {same_text(s.name): v for s, v in zip(journey.stages, curves[jid], strict=True)}
            lines.append((markup.plain(journey.title), tuple(own.get(key) for key in axis)))
        title = f"{r.labels['persona_curves']}: {markup.plain(r.catalog.personas[pid].name)}"
        return Lines(title, tuple(names[k] for k in axis), tuple(lines)), [jid for jid, _ in drawn]

    def _curves_chart(self, r: Renderer, pid: str) -> ChartRequest | None:
        found = self._curves(r, pid) if r.charts else None
        if found is None:
            return None
        return ChartRequest(ChartKind.CURVES, r.catalog.journeys[found[1][0]], "jm-persona-curves", r.lang, r.labels,
                            lines=found[0])

    def charts(self, r: Renderer, item: str | None) -> Sequence[ChartRequest]:
        if not r.has(PageKey(self.kind, item)):
            return []
        curves = self._curves_chart(r, str(item))
        if curves is not None:  # every journey's curve is on it: no small chart repeats one (every fact once)
            return [curves]
        return [c for jid, _ in r.published_journeys(r.catalog.journeys_of(str(item)))
                if (c := self._chart(r, jid, str(item))) is not None]

    def inputs(self, r: Renderer, item: str | None) -> Sequence[str]:
        pid = str(item)
        parts = [r.persona_json(pid)]
        parts += [jid + r.journey_json(jid) for jid, _ in r.catalog.journeys_of(pid)]
        parts += [other + p.name for other, p in r.catalog.personas.items()]  # pain points name the steps' personas
        notices, stale = r.notices("persona", pid)
        return parts + [str(p) for p in notices] + [str(stale)]

    def render(self, r: Renderer, item: str | None, place: Placer) -> PageBody:
        pid = str(item)
        here = PageKey(self.kind, pid)
        persona = r.catalog.personas[pid]
        journeys = []
        found, curves_request = self._curves(r, pid), self._curves_chart(r, pid)
        for jid, journey in r.published_journeys(r.catalog.journeys_of(pid)):
            # with the chart across their journeys, a small chart per journey would draw each curve twice
            request = None if curves_request is not None else self._chart(r, jid, pid)
            # with one emotion per persona, the page shows this persona's own curve and mean
            curve = comparison.persona_curve(journey, pid)
            known = [m for m in curve if m is not None]
            mean = sum(known) / len(known) if known else None
            journeys.append(PersonaJourney(jid, journey, r.link(here, PageKey(JOURNEY_PAGE, jid)), r.emotion(mean),
                                           [r.emotion(m) for m in curve],
                                           None if request is None else place(f"emotion-{jid}", request)))
        sections = [key for key in PERSONA_SECTIONS if getattr(persona, key)]
        notices, stale = r.notices("persona", pid)
        data = [] if found is None else [
            (stage, [(name, r.emotion(values[i])) for name, values in found[0].curves])
            for i, stage in enumerate(found[0].axis)]
        context = PersonaContext(pid, persona, journeys, sections, r.link_if(here, PageKey(PERSONAS_PAGE)), notices, stale,
                                 None if curves_request is None else place("curves", curves_request), data,
                                 rank_pain_points(r, here, persona=pid))
        late = {"journeys": place("persona-journeys", r.template("fragments/persona_journeys.html", context),
                                  r.template("fragments/persona_journeys_search.html", context)),
                "curves_data": place("persona-curves-data", r.template("fragments/persona_curves_data.html", context)),
                "pains": place("persona-pains", r.template("fragments/persona_pains.html", context))}
        context = dataclasses.replace(context, late=late)
        return PageBody(self.title(r, item), r.template("persona.html", context),
                        markup.plain(persona.role) if persona.role else None)


DEFAULT_VIEWS: tuple[View, ...] = (CatalogueView(), PainPointsView(), OpportunitiesView(), ChannelsView(), JourneyView(),
                                   CompareView(), PersonasView(), PersonaView())
"""The registry, in nav order: catalogue, the pages across journeys, journeys (then their comparisons, which
follow the journey pages' inclusion: `View.needs`), persona index, personas."""
