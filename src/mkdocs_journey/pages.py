"""Catalogue → page bodies (HTML from autoescaped Jinja templates) with their titles and tables of contents.

Nothing here knows MkDocs: `Layout` says where pages live, and the plugin hands the results to
MkDocs. Page bodies are rendered here rather than by the site's Markdown, so that the site's
extensions never re-read user text as markup, and so that a page costs a template render.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import (ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, TemplateError,
                    select_autoescape)
from markdown.extensions.toc import slugify
from markupsafe import Markup

from . import formats, markup
from .catalog import Catalog
from .charts import ChartRequest, wanted
from .i18n import labels_for, language_code
from .model import Journey, Persona, Stage, biggest_drop, funnel

JOURNEY = "journey"
PERSONA = "persona"


@dataclass(frozen=True)
class Layout:
    """Where generated pages live in the site, and how one links to another."""

    journeys: str = "journeys"
    personas: str = "personas"
    directory_urls: bool = True

    def src_uri(self, kind: str, item_id: str | None = None) -> str:
        folder = self.journeys if kind == JOURNEY else self.personas
        return f"{folder}/{item_id or 'index'}.md"

    def url(self, kind: str, item_id: str | None = None) -> str:
        folder = self.journeys if kind == JOURNEY else self.personas
        if item_id is None:
            return f"{folder}/" if self.directory_urls else f"{folder}/index.html"
        return f"{folder}/{item_id}/" if self.directory_urls else f"{folder}/{item_id}.html"

    @staticmethod
    def relative(from_url: str, to_url: str) -> str:
        """A link from the page at `from_url` to `to_url`, both relative to the site root."""
        base = posixpath.dirname(from_url) if not from_url.endswith("/") else from_url.rstrip("/")
        target = to_url.rstrip("/") or "."
        rel = posixpath.relpath(target, base or ".")
        if to_url.endswith("/"):
            rel = "./" if rel == "." else rel + "/"
        return rel


_ID = re.compile(r'\sid="([^"]+)"')


def anchor_ids(html: str) -> set[str]:
    """The ids a page's body holds, so that MkDocs can check links to `page.md#anchor`."""
    return set(_ID.findall(html))


class TemplateProblem(Exception):
    """A template failed to render: the message names the template (and line), never a traceback."""


@dataclass(frozen=True)
class Heading:
    """One entry of a page's table of contents. `text` is plain text; the plugin escapes it."""

    level: int
    id: str
    text: str
    children: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class RenderedPage:
    title: str
    html: str
    toc: tuple[Heading, ...] = ()
    tags: tuple[str, ...] = ()
    description: str | None = None
    late: Mapping[str, str | ChartRequest] = field(default_factory=dict)
    """What goes into each `slot(NAME)` of `html` once the page is finished: HTML, or a chart to draw."""


def slot(name: str) -> str:
    return f'<div class="jm-slot" data-jm-slot="{name}"></div>'


class SlotMissing(Exception):
    """A page lost a placeholder before it could be filled: a silent loss of a chart is never an option."""


def fill_slots(html: str, fragments: Mapping[str, str]) -> str:
    """Put the late parts of a page into its slots, in the finished HTML.

    They go in after the search plugin has indexed the page: chart text (axis labels, values) never
    reaches the search index, and the indexer does not parse the SVG, nor the journey-map grid,
    whose every word is also in the per-stage sections that are indexed.
    """
    for name in sorted(fragments):
        marker = slot(name)
        if marker not in html:
            raise SlotMissing(f"the placeholder of the '{name}' part was changed before it could be filled; "
                              "another plugin rewrote the page's HTML first (a minifier or a theme override?)")
        html = html.replace(marker, fragments[name], 1)
    return html


@dataclass
class _Ids:
    """Unique, stable element ids for one page."""

    used: set[str] = field(default_factory=set)

    def make(self, prefix: str, text: str) -> str:
        base = f"{prefix}-{slugify(text, '-') or 'x'}"
        candidate, n = base, 2
        while candidate in self.used:
            candidate, n = f"{base}-{n}", n + 1
        self.used.add(candidate)
        return candidate


class PageRenderer:
    """Renders every generated page of one site from one catalogue."""

    def __init__(self, catalog: Catalog, *, layout: Layout, language: str | None = None,
                 custom_templates: Path | None = None, charts: bool = True,
                 memo: dict[str, RenderedPage] | None = None) -> None:
        self.catalog = catalog
        self.charts = charts
        self.memo = memo  # kept by the caller between builds (mkdocs serve): unchanged pages are free
        self.unpublished: frozenset[tuple[str, str | None]] = frozenset()
        """(kind, id) of pages this build leaves out (exclude_docs, draft_docs): never linked, never listed."""
        self._used: set[str] = set()
        self.layout = layout
        self.lang = language_code(language)
        self.labels = labels_for(language)
        loaders = [PackageLoader("mkdocs_journey", "templates")]
        if custom_templates is not None:
            loaders.insert(0, FileSystemLoader(str(custom_templates)))
        self.env = Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(default=True),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.env.filters.update(md=markup.render_block, mdi=markup.render_inline)
        self._templates_hash = hashlib.sha256("\0".join(
            self.env.loader.get_source(self.env, name)[0] for name in sorted(self.env.list_templates())
        ).encode()).hexdigest()
        self.env.globals.update(t=self.labels, lang=self.lang, chart_slot=lambda name: Markup(slot(name)))

    # -- what exists -----------------------------------------------------------------------------
    def pages(self) -> list[tuple[str, str, str | None]]:
        """(src_uri, kind, id) of every page to generate; id None is the kind's index page."""
        result = [(self.layout.src_uri(JOURNEY), JOURNEY, None)]
        result += [(self.layout.src_uri(JOURNEY, jid), JOURNEY, jid) for jid in self.catalog.journeys]
        result.append((self.layout.src_uri(PERSONA), PERSONA, None))
        result += [(self.layout.src_uri(PERSONA, pid), PERSONA, pid) for pid in self.catalog.personas]
        return result

    def shown(self, kind: str, item_id: str | None = None) -> bool:
        """Whether the page is part of the site: only those are linked to or listed."""
        return (kind, item_id) not in self.unpublished

    def title(self, kind: str, item_id: str | None) -> str:
        if item_id is None:
            return self.labels["journeys_title" if kind == JOURNEY else "personas_title"]
        if kind == JOURNEY:
            return markup.plain(self.catalog.journeys[item_id].title)
        return markup.plain(self.catalog.personas[item_id].name)

    def _inputs(self, kind: str, item_id: str) -> list[str]:
        """Everything a journey or persona page depends on, as text: its key in the memo."""
        if kind == JOURNEY:
            journey = self.catalog.journeys[item_id]
            parts = [journey.model_dump_json()]
            parts += [self.catalog.personas[p].model_dump_json() for p in journey.persona if p in self.catalog.personas]
            if journey.compare_to in self.catalog.journeys:
                parts.append(self.catalog.journeys[journey.compare_to].title)
        else:
            parts = [self.catalog.personas[item_id].model_dump_json()]
            parts += [jid + j.model_dump_json() for jid, j in self.catalog.journeys_of(item_id)]
        parts += [str(p) for p in self.catalog.problems_of(kind, item_id)]
        return parts + [str((kind, item_id) in self.catalog.stale)]

    def render(self, kind: str, item_id: str | None) -> RenderedPage:
        if self.memo is None or item_id is None:
            return self._render_page(kind, item_id)
        key = hashlib.sha256("\0".join([kind, item_id, self.lang, repr(self.layout), str(self.charts),
                                         repr(sorted(self.unpublished, key=repr)),
                                         self._templates_hash, *self._inputs(kind, item_id)]).encode()).hexdigest()
        self._used.add(key)
        if key not in self.memo:
            self.memo[key] = self._render_page(kind, item_id)
        return self.memo[key]

    def forget_unused(self) -> None:
        """Drop memo entries this build did not use (edited or deleted files)."""
        if self.memo is not None:
            for key in set(self.memo) - self._used:
                del self.memo[key]

    def _render_page(self, kind: str, item_id: str | None) -> RenderedPage:
        here = self.layout.url(kind, item_id)
        if kind == JOURNEY:
            page = self._catalogue(here) if item_id is None else self._journey(here, item_id)
        else:
            page = self._persona_index(here) if item_id is None else self._persona(here, item_id)
        # The page's own <h1> heads its table of contents, as Markdown's toc extension would have it.
        h1 = ("journeys" if item_id is None else "journey") if kind == JOURNEY else ("personas" if item_id is None else "persona")
        return replace(page, toc=(Heading(1, h1, page.title, page.toc),))

    # -- helpers shared by templates -------------------------------------------------------------
    def _link(self, here: str, kind: str, item_id: str | None = None) -> str:
        return self.layout.relative(here, self.layout.url(kind, item_id))

    def _link_if_shown(self, here: str, kind: str, item_id: str | None = None) -> str | None:
        """A link to the page, or None when the build leaves it out: templates then show no link."""
        return self._link(here, kind, item_id) if self.shown(kind, item_id) else None

    def _shown_journeys(self, journeys: Sequence[tuple[str, Journey]]) -> list[tuple[str, Journey]]:
        return [(jid, j) for jid, j in journeys if self.shown(JOURNEY, jid)]

    def _emotion(self, value: float | None) -> formats.Emotion | None:
        return formats.emotion(value, self.labels, self.lang)

    def _persona_refs(self, here: str, journey: Journey) -> list[dict]:
        refs = []
        for pid in journey.persona:
            persona = self.catalog.personas.get(pid)
            refs.append({
                "id": pid,
                "name": persona.name if persona else pid,
                "persona": persona,
                "href": self._link_if_shown(here, PERSONA, pid) if persona else None,
            })
        return refs

    def _drop(self, journey: Journey) -> dict | None:
        drop = biggest_drop(journey)
        if drop is None:
            return None
        stage, lost = drop
        return {"stage": stage.name, "lost": formats.number(lost, self.lang, 1)}

    def _chart(self, kind: str, journey: Journey, chart_id: str) -> ChartRequest:
        return ChartRequest(kind, journey, chart_id, self.lang, self.labels)

    def chart_requests(self) -> list[ChartRequest]:
        """Every chart the site's pages will show, to draw them early (see ChartStore.prefetch)."""
        if not self.charts:
            return []
        requests = []
        for jid, journey in self._shown_journeys(list(self.catalog.journeys.items())):
            requests += [self._chart(name, journey, f"jm-{name}-chart") for name in ("funnel", "emotion")
                         if wanted(name, journey)]
            if journey.persona and wanted("emotion", journey):
                requests.append(self._chart("emotion-small", journey, f"jm-emotion-{jid}"))
        return requests

    def _render(self, template: str, **context: object) -> str:
        try:
            return self.env.get_template(template).render(**context)
        except TemplateError as exc:  # a site's own template (custom_templates) is user input too
            where = getattr(exc, "filename", None) or getattr(exc, "name", None) or template
            line = getattr(exc, "lineno", None)
            raise TemplateProblem(f"{where}{f':{line}' if line else ''}: {exc.message or exc}") from exc

    # -- pages -----------------------------------------------------------------------------------
    def _catalogue(self, here: str) -> RenderedPage:
        rows = []
        for jid, journey in self._shown_journeys(list(self.catalog.journeys.items())):
            rows.append({
                "id": jid,
                "journey": journey,
                "href": self._link(here, JOURNEY, jid),
                "personas": self._persona_refs(here, journey),
                "emotion": self._emotion(journey.mean_emotion),
                "drop": self._drop(journey),
            })
        title = self.labels["journeys_title"]
        body = self._render("catalogue.html", title=title, rows=rows, notices=self.catalog.errors, stale=False,
                            personas_href=self._link_if_shown(here, PERSONA))
        return RenderedPage(title, body)

    def _journey(self, here: str, jid: str) -> RenderedPage:
        journey = self.catalog.journeys[jid]
        ids = _Ids({"funnel", "emotion", "journey-map", "stages"})
        stage_ids = [ids.make("stage", stage.name) for stage in journey.stages]
        stages = [self._stage_view(stage, sid) for stage, sid in zip(journey.stages, stage_ids)]
        funnel_rows = [
            {"name": stage.name, "id": stage_ids[journey.stages.index(stage)], "customers": formats.number(count, self.lang),
             "share": formats.number(share, self.lang, 1), "lost": None if lost is None else formats.number(lost, self.lang, 1)}
            for stage, count, share, lost in funnel(journey)
        ]
        compare = None
        if journey.compare_to and journey.compare_to in self.catalog.journeys and self.shown(JOURNEY, journey.compare_to):
            compare = {"title": self.catalog.journeys[journey.compare_to].title,
                       "href": self._link(here, JOURNEY, journey.compare_to)}
        rows = self._grid_rows(journey, stages)
        charts = {name: self._chart(name, journey, f"jm-{name}-chart") for name in ("funnel", "emotion")
                  if self.charts and wanted(name, journey)}
        late: dict[str, str | ChartRequest] = dict(charts)
        late["grid"] = self._render("grid.html", stages=stages, rows=rows)
        toc: list[Heading] = []
        if funnel_rows:
            toc.append(Heading(2, "funnel", self.labels["funnel"]))
        if any(s["emotion"] for s in stages):
            toc.append(Heading(2, "emotion", self.labels["emotion_curve"]))
        toc.append(Heading(2, "journey-map", self.labels["journey_map"]))
        toc.append(Heading(2, "stages", self.labels["stage_details"], tuple(
            Heading(3, sid, markup.plain(stage.name)) for stage, sid in zip(journey.stages, stage_ids))))
        body = self._render(
            "journey.html", journey=journey, id=jid, personas=self._persona_refs(here, journey),
            funnel=funnel_rows, stages=stages, rows=rows, compare=compare,
            emotion=self._emotion(journey.mean_emotion), drop=self._drop(journey),
            catalogue_href=self._link_if_shown(here, JOURNEY), charts=charts,
            notices=self.catalog.problems_of(JOURNEY, jid), stale=(JOURNEY, jid) in self.catalog.stale,
        )
        return RenderedPage(markup.plain(journey.title), body, tuple(toc), tuple(journey.tags),
                            markup.plain_summary(journey.summary)[:300] if journey.summary else None, late)

    def _stage_view(self, stage: Stage, sid: str) -> dict:
        return {
            "stage": stage,
            "id": sid,
            "customers": formats.number(stage.customers, self.lang) if stage.customers is not None else None,
            "emotion": self._emotion(stage.mean_emotion),
            "steps": [{"step": step, "emotion": self._emotion(step.emotion)} for step in stage.steps],
            "step_emotions": [e for step in stage.steps if (e := self._emotion(step.emotion)) is not None],
            "kpis": [{"kpi": kpi, "value": formats.kpi_number(kpi.value, self.lang), "target": formats.kpi_number(kpi.target, self.lang)}
                     for kpi in stage.kpis],
        }

    def _grid_rows(self, journey: Journey, stages: Sequence[Mapping]) -> list[dict]:
        """The journey map's rows; a row no stage fills is left out, except actions."""

        def unique(values: list[str]) -> list[str]:
            return list(dict.fromkeys(v for v in values if v))

        rows = [
            {"key": "goal", "kind": "text", "cells": [s["stage"].goal for s in stages]},
            {"key": "customers", "kind": "number", "cells": [s["customers"] for s in stages]},
            {"key": "actions", "kind": "ordered", "cells": [[st.action for st in s["stage"].steps] for s in stages]},
            {"key": "touchpoints", "kind": "list", "cells": [unique([st.touchpoint for st in s["stage"].steps]) for s in stages]},
            {"key": "channels", "kind": "list", "cells": [unique([st.channel for st in s["stage"].steps]) for s in stages]},
            {"key": "emotion", "kind": "emotion", "cells": [s["emotion"] for s in stages]},
            {"key": "thoughts", "kind": "quotes", "cells": [[st.thought for st in s["stage"].steps if st.thought] for s in stages]},
            {"key": "pain_points", "kind": "list", "cells": [[p for st in s["stage"].steps for p in st.pain_points] for s in stages]},
            {"key": "opportunities", "kind": "list", "cells": [[p for st in s["stage"].steps for p in st.opportunities] for s in stages]},
            {"key": "backstage", "kind": "list", "cells": [[p for st in s["stage"].steps for p in st.backstage] for s in stages]},
            {"key": "kpis", "kind": "kpis", "cells": [s["kpis"] for s in stages]},
        ]
        return [row for row in rows if row["key"] == "actions" or any(row["cells"])]

    def _persona_index(self, here: str) -> RenderedPage:
        rows = [{"id": pid, "persona": persona, "href": self._link(here, PERSONA, pid),
                 "journeys": len(self._shown_journeys(self.catalog.journeys_of(pid)))}
                for pid, persona in self.catalog.personas.items() if self.shown(PERSONA, pid)]
        title = self.labels["personas_title"]
        body = self._render("personas.html", title=title, rows=rows, journeys_href=self._link_if_shown(here, JOURNEY))
        return RenderedPage(title, body)

    def _persona(self, here: str, pid: str) -> RenderedPage:
        persona: Persona = self.catalog.personas[pid]
        journeys = [{"id": jid, "journey": j, "href": self._link(here, JOURNEY, jid),
                     "emotion": self._emotion(j.mean_emotion),
                     "curve": [self._emotion(s.mean_emotion) for s in j.stages]}
                    for jid, j in self._shown_journeys(self.catalog.journeys_of(pid))]
        charts = {f"emotion-{item['id']}": self._chart("emotion-small", item["journey"], f"jm-emotion-{item['id']}")
                  for item in journeys if self.charts and wanted("emotion", item["journey"])}
        sections = [key for key in ("goals", "needs", "frustrations", "behaviors", "channels") if getattr(persona, key)]
        toc = [Heading(2, f"persona-{key}", self.labels[key]) for key in sections]
        toc.append(Heading(2, "persona-journeys", self.labels["appears_in"]))
        body = self._render("persona.html", persona=persona, id=pid, journeys=journeys, sections=sections,
                            index_href=self._link_if_shown(here, PERSONA), charts=charts,
                            notices=self.catalog.problems_of(PERSONA, pid), stale=(PERSONA, pid) in self.catalog.stale)
        return RenderedPage(markup.plain(persona.name), body, tuple(toc), (),
                            markup.plain(persona.role) if persona.role else None, charts)
