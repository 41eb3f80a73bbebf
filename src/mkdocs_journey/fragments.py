"""A journey's parts as finished HTML: header, funnel, emotion curve, journey map, stage details.

The journey map is the summary and holds every fact once: each step's own facts (touchpoint,
channel, thought, actors, backstage...) are in a disclosure on its action, and the pain points and
opportunities name their step by number. The map reaches a page late (after search indexing, where
the host has one), so the index reads a lean text of it instead (`search_text`). "Stage details"
(`stages_part`) is the same facts as a list, for a Markdown fence that asks for it.

Each part is a plain function of a renderer, a journey id and a placer, rendered from its own
template under `templates/fragments/`; pages are compositions of parts (`journey.html`), and an
integration that shows only a part (the Markdown fence, an export) calls the function it needs.
The dataclasses are the templates' typed contexts: the documented template API.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from markdown.extensions.toc import slugify
from markupsafe import Markup

from . import lane as lanes
from . import markup
from .charts import ChartKind, wanted
from .formats import Emotion, kpi_number
from .model import Journey, Kpi, Opportunity, PainPoint, Persona, Stage, Step, biggest_drop, funnel
from .rendering import PageKey, Placer, Renderer

JOURNEY_PAGE = "journey"
PERSONA_PAGE = "persona"
RESERVED_ANCHORS = frozenset({"journey", "funnel", "emotion", "journey-map", "stages"})


@dataclass(frozen=True)
class PersonaRef:
    id: str
    name: str
    persona: Persona | None
    href: str | None
    """None when the persona has no page (its file is missing or broken)."""


@dataclass(frozen=True)
class Drop:
    stage: str
    lost: str


@dataclass(frozen=True)
class FunnelRow:
    name: str
    id: str
    customers: str
    share: str
    lost: str | None
    width: str = "100"
    """The stage's bar, in % of the first stage's (a CSS number: "82.3")."""
    biggest: bool = False
    """This stage loses the largest share of the stage before it."""
    drop: str | None = None
    """The change from the stage before, signed: "−17.7" (lost), "+5.0" (gained), "0.0"."""


@dataclass(frozen=True)
class PersonaEmotion:
    """How one persona feels (at a step, or at a stage): for journeys whose steps give one emotion per persona."""

    name: str
    emotion: Emotion | None


@dataclass(frozen=True)
class Moment:
    """A moment of truth, for the journey map: the step's action, and why it matters when the file says."""

    action: str
    why: str | None


@dataclass(frozen=True)
class StepItem:
    """A pain point, opportunity or moment of truth in the map, with its step's number in the stage."""

    step: int
    item: object
    action: str
    """The step's action as plain text: the number's tooltip."""


@dataclass(frozen=True)
class StepView:
    step: Step
    emotion: Emotion | None
    personas: Sequence[PersonaRef] = ()
    """The step's personas, when the step says whose it is (`personas:`); empty when it is everyone's."""
    emotions: Sequence[PersonaEmotion] = ()
    """One per persona of the step, when its `emotion` gives one value per persona."""
    pain_points: Sequence[PainPoint] = ()
    opportunities: Sequence[Opportunity] = ()


@dataclass(frozen=True)
class KpiView:
    kpi: Kpi
    value: str
    target: str
    met: bool | None = None
    """Whether the value meets the target; None unless the KPI says which way is `better`."""


@dataclass(frozen=True)
class StageView:
    stage: Stage
    id: str
    customers: str | None
    emotion: Emotion | None
    steps: Sequence[StepView]
    step_emotions: Sequence[Emotion]
    kpis: Sequence[KpiView]
    persona_emotions: Sequence[PersonaEmotion] = ()
    """Each persona's emotion at this stage, when the journey's steps give one emotion per persona."""


@dataclass(frozen=True)
class GridRow:
    """One row of the journey map: `kind` says how its cells are shown (text, list, emotion...)."""

    key: str
    kind: str
    cells: Sequence[object]
    label: str | None = None
    """The row's heading when it is not the label of `key` (a persona's emotion row)."""


@dataclass(frozen=True)
class Compare:
    title: str
    href: str | None


@dataclass(frozen=True)
class JourneyFacts:
    """What every part of a journey is drawn from, computed once per page."""

    id: str
    journey: Journey
    stages: Sequence[StageView]
    personas: Sequence[PersonaRef]
    emotion: Emotion | None
    drop: Drop | None


@dataclass(frozen=True)
class HeaderContext:
    facts: JourneyFacts
    journey: Journey
    personas: Sequence[PersonaRef]
    emotion: Emotion | None
    drop: Drop | None
    compare: Compare | None
    comparisons: Sequence[Compare] = ()
    """The comparison pages this journey is part of (`journeys/<id>/compare/`), titled "A vs B"."""


@dataclass(frozen=True)
class FunnelContext:
    facts: JourneyFacts
    rows: Sequence[FunnelRow]
    chart: Markup | None = None
    """Not drawn any more (kept for custom templates): the table's bars are the funnel (see funnel_part)."""


@dataclass(frozen=True)
class EmotionContext:
    facts: JourneyFacts
    stages: Sequence[StageView]
    chart: Markup | None
    open: bool | None = None
    """Whether the data table starts open; None: open when there is no chart to read instead."""


@dataclass(frozen=True)
class MapContext:
    facts: JourneyFacts
    stages: Sequence[StageView]
    rows: Sequence[GridRow]
    anchors: bool = True
    """The stage headers carry the stages' ids (links `#<stage id>` land on them); False when a
    stage list beside the map (a fence's `stages` part) carries them."""
    data: Markup = Markup()
    """The emotion lane's data as a table (a closed disclosure under the map); empty without a lane."""


@dataclass(frozen=True)
class SearchContext:
    facts: JourneyFacts
    stages: Sequence[SearchStage]


@dataclass(frozen=True)
class SearchStage:
    """One stage's words for a search index, each kind already joined as inline Markdown: gathering them
    with Jinja filter chains cost more than the rest of the journey page's text."""

    stage: Stage
    id: str
    actions: Markup
    places: Markup
    """Touchpoints, then channels, each once (case aside)."""
    pains: Markup
    opportunities: Markup


@dataclass(frozen=True)
class StagesContext:
    facts: JourneyFacts
    stages: Sequence[StageView]


def stage_ids(journey: Journey) -> list[str]:
    """Unique, stable anchors for a journey's stages, shared by every part that links to a stage."""
    used = set(RESERVED_ANCHORS)
    ids = []
    for stage in journey.stages:
        base = f"stage-{slugify(stage.name, '-') or 'x'}"
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        ids.append(candidate)
    return ids


def persona_refs(r: Renderer, here: PageKey, journey: Journey) -> list[PersonaRef]:
    refs = []
    for pid in journey.persona:
        persona = r.catalog.personas.get(pid)
        page = PageKey(PERSONA_PAGE, pid)
        refs.append(PersonaRef(pid, persona.name if persona else pid, persona,
                               r.link(here, page) if persona and r.has(page) else None))
    return refs


def drop(r: Renderer, journey: Journey) -> Drop | None:
    found = biggest_drop(journey)
    return None if found is None else Drop(found[0].name, r.number(found[1], 1))


def _step_view(r: Renderer, step: Step, refs: Mapping[str, PersonaRef]) -> StepView:
    """A step with its personas' names and, for a per-persona emotion, each persona's emotion."""
    personas = [refs.get(pid) or PersonaRef(pid, pid, None, None) for pid in step.personas]
    emotions = ([PersonaEmotion(refs[pid].name if pid in refs else pid, r.emotion(value))
                 for pid, value in step.emotion.items()] if isinstance(step.emotion, dict) else [])
    return StepView(step, r.emotion(step.mean_emotion), personas, emotions, step.pain_point_items,
                    step.opportunity_items)


def facts(r: Renderer, jid: str, here: PageKey) -> JourneyFacts:
    journey = r.catalog.journeys[jid]
    personas = persona_refs(r, here, journey)
    refs = {p.id: p for p in personas}
    stages = []
    for stage, sid in zip(journey.stages, stage_ids(journey), strict=True):
        steps = [_step_view(r, step, refs) for step in stage.steps]
        by_persona = ([PersonaEmotion(p.name, r.emotion(stage.emotion_of(p.id, journey.persona))) for p in personas]
                      if journey.per_persona else [])
        stages.append(StageView(
            stage, sid, r.number(stage.customers) if stage.customers is not None else None, r.emotion(stage.mean_emotion),
            steps, [s.emotion for s in steps if s.emotion is not None],
            [KpiView(kpi, kpi_number(kpi.value, r.lang), kpi_number(kpi.target, r.lang), kpi.met) for kpi in stage.kpis],
            by_persona))
    return JourneyFacts(jid, journey, stages, personas, r.emotion(journey.mean_emotion), drop(r, journey))


def _chart(r: Renderer, kind: ChartKind, f: JourneyFacts, place: Placer) -> Markup | None:
    if not r.charts or not wanted(kind, f.journey):
        return None
    return place(kind.value, r.chart(kind, f.id, f"jm-{kind.value}-chart"))


def header(r: Renderer, f: JourneyFacts, here: PageKey) -> Markup:
    """Facts, tags, summary and persona cards."""
    compare = None
    other = f.journey.compare_to
    if other and r.has(PageKey(JOURNEY_PAGE, other)):  # a comparison the reader cannot open is left out
        compare = Compare(r.catalog.journeys[other].title, r.link(here, PageKey(JOURNEY_PAGE, other)))
    # branch compare: the comparison of this journey with the one it names, and of those naming it
    naming = [jid for jid in r.catalog.compared_by(f.id) if jid != f.id]
    comparisons = [Compare(r.title(key), r.link(here, key)) for jid in (f.id, *naming)
                   if r.has(key := PageKey("compare", jid))]
    return r.template("fragments/header.html", HeaderContext(f, f.journey, f.personas, f.emotion, f.drop, compare,
                                                            comparisons))


def _signed(r: Renderer, lost: float | None) -> str | None:
    """A stage's loss as a change: 17.7 (% lost) → "−17.7", −5 (% gained) → "+5.0"."""
    if lost is None:
        return None
    shown = r.number(abs(lost), 1)
    return shown if round(lost, 1) == 0 else ("\u2212" if lost > 0 else "+") + shown


def funnel_part(r: Renderer, f: JourneyFacts, place: Placer) -> Markup:
    """Customers per stage as a table whose stage cells hold the funnel's bars. Empty when no stage counts customers.

    An HTML funnel, not pygal's: an SVG scales its text with its width (pygal's labels were ~6 px on a
    phone and collided at six stages), cannot wrap a long stage name, and pygal's funnel has no
    horizontal layout that leaves names room. Table cells wrap names, keep the site's font size at any
    width and never overlap; the drop between stages and the biggest drop-off are text in the table.
    """
    ids = {id(view.stage): view.id for view in f.stages}
    found = biggest_drop(f.journey)
    biggest = found[0] if found else None
    rows = [FunnelRow(stage.name, ids[id(stage)], r.number(count), r.number(share, 1),
                      None if lost is None else r.number(lost, 1),
                      f"{max(0.0, min(100.0, share)):.1f}", stage is biggest, _signed(r, lost))
            for stage, count, share, lost in funnel(f.journey)]
    if not rows:
        return Markup()
    # placed late like the map: numbers and bars are nothing to search for (the stage names are in the
    # map's search text), and ~100 start tags a page less for the search plugin to parse
    return place("funnel", r.template("fragments/funnel.html", FunnelContext(f, rows)))


def emotion_part(r: Renderer, f: JourneyFacts, place: Placer) -> Markup:
    """The emotion curve and its data. Empty when no stage has an emotion."""
    if not any(s.emotion for s in f.stages):
        return Markup()
    return r.template("fragments/emotion.html", EmotionContext(f, f.stages, _chart(r, ChartKind.EMOTION, f, place)))


def _unique(values: list[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _moments(stage: Stage) -> list[Moment]:
    return [Moment(st.action, st.moment_of_truth if isinstance(st.moment_of_truth, str) else None)
            for st in stage.steps if st.moment_of_truth]


def _persona_rows(r: Renderer, f: JourneyFacts) -> list[GridRow]:
    """One emotion row per persona, when the journey's steps give one emotion per persona."""
    if not f.journey.per_persona:
        return []
    return [GridRow("emotion", "emotion", [s.persona_emotions[i].emotion for s in f.stages],
                    f"{r.labels['emotion']}: {persona.name}") for i, persona in enumerate(f.personas)]


def _numbered(stage: Stage, items: str) -> list[StepItem]:
    """A stage's pain points (or opportunities), each with the number of its step, as the actions row numbers them."""
    return [StepItem(n, item, markup.plain(step.action))
            for n, step in enumerate(stage.steps, 1) for item in getattr(step, items)]
def lane(r: Renderer, f: JourneyFacts) -> lanes.Lane | None:
    """The emotion lane of the journey map (lane.py): None when no stage has an emotion."""
    names = [(p.id, markup.plain(p.name)) for p in f.personas]
    return lanes.build(f.journey, lane_id=f"jm-lane-{f.id}", labels=r.labels, lang=r.lang, names=names)


def _lane_rows(r: Renderer, f: JourneyFacts) -> list[GridRow]:
    """The emotion lane as one row whose one cell spans the stage columns (map.html: kind "lane")."""
    found = lane(r, f) if r.charts else None  # `charts: false` leaves the tables only
    return [] if found is None else [GridRow("emotion_curve", "lane", [found])]


def grid_rows(f: JourneyFacts, r: Renderer) -> list[GridRow]:
    """The journey map's rows; a row no stage fills is left out, except actions.

    Thoughts, actors and backstage are a step's own facts: they are in the step's disclosure in the
    actions row, not rows of their own (every fact once)."""
    stages = [s.stage for s in f.stages]
    rows = [
        GridRow("goal", "text", [s.goal for s in stages]),
        GridRow("needs", "list", [s.needs for s in stages]),
        GridRow("customers", "number", [s.customers for s in f.stages]),
        GridRow("actions", "steps", [s.steps for s in f.stages]),
        GridRow("touchpoints", "list", [_unique([st.touchpoint for st in s.steps]) for s in stages]),
        GridRow("channels", "list", [_unique([st.channel for st in s.steps]) for s in stages]),
        *_lane_rows(r, f),
        GridRow("emotion", "emotion", [s.emotion for s in f.stages]),
        *_persona_rows(r, f),
        GridRow("moments_of_truth", "moments", [_moments(s) for s in stages]),
        GridRow("pain_points", "pains", [_numbered(s, "pain_point_items") for s in stages]),
        GridRow("opportunities", "opportunities", [_numbered(s, "opportunity_items") for s in stages]),
        GridRow("kpis", "kpis", [s.kpis for s in f.stages]),
    ]
    return [row for row in rows if row.key == "actions" or any(row.cells)]


def search_text(r: Renderer, f: JourneyFacts) -> Markup:
    """A lean text of the map for a search index: a heading per stage (its id), its actions, touchpoints,
    pain points and opportunities. The page shows it to no reader: the map takes its place."""
    return r.template("fragments/search.html", SearchContext(f, [_search_stage(s) for s in f.stages]))


def _search_stage(s: StageView) -> SearchStage:
    steps = [item.step for item in s.steps]
    places: dict[str, str] = {}
    for text in [st.touchpoint for st in steps] + [st.channel for st in steps]:
        if text:
            places.setdefault(text.lower(), text)
    return SearchStage(s.stage, s.id, _joined(st.action for st in steps), _joined(places.values()),
                       _joined(p.text for item in s.steps for p in item.pain_points),
                       _joined(o.text for item in s.steps for o in item.opportunities))


def _joined(texts: Iterable[str]) -> Markup:
    # Each part is Markup already: `Markup.join` would pass each through `escape` again, to the same text.
    return Markup("; ".join(markup.render_inline(text) for text in texts))


def map_part(r: Renderer, f: JourneyFacts, place: Placer, *, anchors: bool = True, with_data: bool = True) -> Markup:
    """The journey map: stages as columns, one row per kind of fact. Placed late, with `search_text`
    standing in for it until then (what a search index reads).

    The emotion data follows the map as a disclosure (`with_data`), closed under the emotion lane, open
    without one (`charts: false`); a page that also shows the emotion part (a fence showing both) has
    the data there already.
    """
    rows = grid_rows(f, r)
    data = Markup()
    if with_data and any(s.emotion for s in f.stages):
        has_lane = any(row.kind == "lane" for row in rows)
        data = r.template("fragments/emotion.html", EmotionContext(f, f.stages, None, open=not has_lane))
    grid = r.template("fragments/map.html", MapContext(f, f.stages, rows, anchors, data))
    return place("grid", grid, search_text(r, f) if anchors else "")


def stages_part(r: Renderer, f: JourneyFacts) -> Markup:
    """Each stage in detail, with its steps and KPIs: what the search index reads."""
    return r.template("fragments/stages.html", StagesContext(f, f.stages))
