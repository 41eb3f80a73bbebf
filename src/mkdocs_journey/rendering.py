"""What every page kind renders with: the catalogue, the labels, the templates, where pages live.

Nothing here knows MkDocs. A page is named by a `PageKey` (its kind and item); the views
(`views.py`) say what each kind holds, and this module turns a key into a URL, a link, or a body
rendered from an autoescaped Jinja template. Charts and the journey map reach a body through a
`Placer`: an export draws them inline, the MkDocs plugin leaves a placeholder and fills it after
the search index is built.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar, cast

from jinja2 import Environment, TemplateError
from markupsafe import Markup
from mkdocs.utils import get_relative_url

from . import formats, markup, templating
from .catalog import Catalog
from .charts import ChartKind, ChartRequest, labels_text
from .i18n import labels_for, language_code
from .model import Journey
from .problems import Problem

T = TypeVar("T")


@dataclass(frozen=True, order=True)
class PageKey:
    """One generated page: its kind (a view's name) and its item (a journey or persona id; None for an index)."""

    kind: str
    item: str | None = None


@dataclass(frozen=True)
class PageBody:
    """A rendered page body, before the host (MkDocs, an export) puts it into a whole page."""

    title: str
    html: str
    description: str | None = None

    def __post_init__(self) -> None:
        # Plain text from here on: a Markup body handed to MkDocs makes every string operation of the
        # host and its plugins (the search indexer's parser) escape and wrap, ~30 % of a build's time.
        object.__setattr__(self, "html", str(self.html))


class View(Protocol):
    """A kind of generated page. The registry (`views.DEFAULT_VIEWS`) is a sequence of these."""

    kind: ClassVar[str]
    index: ClassVar[bool]
    """An index page of a section: kept in the nav when `navigation: index` leaves the items out."""

    def items(self, catalog: Catalog) -> Sequence[str | None]: ...

    def path(self, item: str | None) -> str:
        """Where the page lives, without suffix: `journeys/index`, `journeys/<id>`."""
        ...

    def title(self, r: Renderer, item: str | None) -> str: ...

    def source(self, catalog: Catalog, item: str | None) -> Path | None:
        """The file an author edits to change this page (edit links, git history), if there is one."""
        ...

    def tags(self, catalog: Catalog, item: str | None) -> Sequence[str]: ...

    def inputs(self, r: Renderer, item: str | None) -> Sequence[str]:
        """Everything the page depends on beyond the settings, as text: its key in a memo."""
        ...

    def charts(self, r: Renderer, item: str | None) -> Sequence[ChartRequest]: ...

    def render(self, r: Renderer, item: str | None, place: Placer) -> PageBody: ...

    in_nav: ClassVar[bool]
    """Whether the site's nav lists the pages of this kind (a comparison is reached from its journeys)."""

    def needs(self, catalog: Catalog, item: str | None) -> Sequence[PageKey]:
        """Pages this one shows: a build that leaves one of them out (exclude_docs, a draft) leaves this out too."""
        ...


class ViewDefaults:
    """What most page kinds share: no source file, no tags, no charts; a page memo key of everything."""

    kind: ClassVar[str]
    index: ClassVar[bool] = False
    in_nav: ClassVar[bool] = True

    def needs(self, catalog: Catalog, item: str | None) -> Sequence[PageKey]:
        return ()

    def source(self, catalog: Catalog, item: str | None) -> Path | None:
        return None

    def tags(self, catalog: Catalog, item: str | None) -> Sequence[str]:
        return ()

    def charts(self, r: Renderer, item: str | None) -> Sequence[ChartRequest]:
        return ()

    def inputs(self, r: Renderer, item: str | None) -> Sequence[str]:
        return [r.catalog_digest]


class Placer(Protocol):
    """Puts a late part (finished HTML, or a chart to draw) into a page body.

    `stand_in` is what the page holds until the part arrives: what the host's search indexer reads
    instead of the part (a lean text of the journey map). A page that is finished when rendered
    never shows it.
    """

    def __call__(self, name: str, part: str | ChartRequest, stand_in: str = "") -> Markup: ...


@dataclass
class Inline:
    """Draws charts as it goes: a page that is finished when rendered (exports, the Markdown fence)."""

    draw: Callable[[ChartRequest], str | None]

    def __call__(self, name: str, part: str | ChartRequest, stand_in: str = "") -> Markup:
        if isinstance(part, ChartRequest):
            return Markup(self.draw(part) or "")
        return Markup(part)


def slot(name: str, stand_in: str = "") -> str:
    """A placeholder; it ends at the first `</div>` after its start, so a stand-in holds no `div`."""
    return f'<div class="jm-slot" data-jm-slot="{name}">{stand_in}</div>'


def _slot_span(html: str, name: str) -> tuple[int, int] | None:
    start = html.find(slot(name).removesuffix("</div>"))
    if start < 0:
        return None
    end = html.find("</div>", start)
    return None if end < 0 else (start, end + len("</div>"))


def placed(html: str, late: Mapping[str, str | ChartRequest]) -> dict[str, str | ChartRequest]:
    """The late parts that have a placeholder: in the page, or in another part that has one (a chart
    in a late table). A part the page's template left out (a custom template) has nowhere to go."""
    kept: dict[str, str | ChartRequest] = {}
    holders = [html]
    while True:
        found = {name: part for name, part in late.items()
                 if name not in kept and any(_slot_span(h, name) is not None for h in holders)}
        if not found:
            return {name: part for name, part in late.items() if name in kept}  # in the order they were placed
        kept.update(found)
        holders = [part for part in found.values() if isinstance(part, str)]


@dataclass
class Deferred:
    """Leaves a placeholder per part, filled by `fill_slots` once the host has done with the page."""

    late: dict[str, str | ChartRequest] = field(default_factory=dict)

    def __call__(self, name: str, part: str | ChartRequest, stand_in: str = "") -> Markup:
        if "<div" in stand_in or "</div" in stand_in:
            raise ValueError(f"the stand-in of the '{name}' part holds a div: its placeholder would end early")
        # A part stays as given (most are Markup: copying each into a str was ~36 MB at N = 300); it is only
        # ever joined into plain text (`fill_slots`, the page cache), never added to a str, which would escape it.
        self.late[name] = part
        return Markup(slot(name, stand_in))


class SlotMissing(Exception):
    """A page lost a placeholder before it could be filled: a silent loss of a chart is never an option."""


def fill_slots(html: str, fragments: Mapping[str, str]) -> str:
    """Put the late parts of a page into its placeholders, in the finished HTML.

    With MkDocs they go in after the search plugin has indexed the page: chart text never reaches
    the search index, and the indexer does not parse the SVG nor the journey map; a lean text of the
    map (the placeholder's stand-in) is indexed in its stead, and goes with the placeholder.
    """
    pending = sorted(fragments)
    while pending:
        found: list[tuple[tuple[int, int], str]] = []
        waiting: list[str] = []
        for name in pending:  # a part inside another part is filled once that one is in
            span = _slot_span(html, name)
            if span is None:
                waiting.append(name)
            else:
                found.append((span, name))
        if found:  # one new page, not one per part: a page across journeys is megabytes
            pieces: list[str] = []
            at = 0
            for (start, end), name in sorted(found):
                pieces += (html[at:start], fragments[name])
                at = end
            pieces.append(html[at:])
            html = "".join(pieces)
        if len(waiting) == len(pending):
            raise SlotMissing(f"the placeholder of the '{waiting[0]}' part was changed before it could be filled; "
                              "another plugin rewrote the page's HTML first (a minifier or a theme override?)")
        pending = waiting
    return html


class TemplateProblem(Exception):
    """A template failed to render: the message names the template (and line), never a traceback."""


def _context(value: object) -> dict[str, Any]:
    """A typed page context as template variables: its fields, by name."""
    assert dataclasses.is_dataclass(value) and not isinstance(value, type)
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}


class TemplateLabels(dict[str, str]):
    """The labels as templates read them: `t.journey_map` is an attribute as well as an item.

    Jinja reads `t.journey_map` as `getattr(t, "journey_map")` first and, after the AttributeError a plain
    mapping raises, as `t["journey_map"]`: raising and catching that error cost ~1 µs a label, some
    50,000 times in a build of N = 300. No label is named like a method of `dict`, so `t.x` gives what
    it gave before."""

    def __init__(self, labels: Mapping[str, str]) -> None:
        super().__init__(labels)
        self.__dict__.update(labels)


PURE_MACROS = ("emotion_badge", "kpi_line", "pain_point", "opportunity")
"""Macros of the plugin's `_macros.html` whose output depends on their arguments alone (and on `t`, `lang`)."""


def _memoize_macros(env: Environment) -> None:
    """Each of `PURE_MACROS` runs once per distinct argument in a build, not once per use.

    A cold build at N = 300 called them ~45,000 times (a journey's emotion badges, each pain point on its
    journey's map and twice on the pain-point page), for a few thousand distinct arguments, and a Jinja macro
    call costs more than the few tags it writes. Templates import the macros from the module of
    `_macros.html` that Jinja keeps (`Template.module`, made once per environment); the wrappers replace
    them there, so every template gets them without a change. An unhashable argument is just not memoized.
    A site's own `_macros.html` (`custom_templates`) is left as it is."""
    module = env.get_template("_macros.html").module
    for name in PURE_MACROS:
        setattr(module, name, _once(getattr(module, name)))


def _once(macro: Callable[..., Markup]) -> Callable[..., Markup]:
    made: dict[tuple[object, ...], Markup] = {}

    def call(*args: object, **kwargs: object) -> Markup:
        if kwargs:
            return macro(*args, **kwargs)
        try:
            return made[args]
        except KeyError:
            out = made[args] = macro(*args)
            return out
        except TypeError:  # unhashable
            return macro(*args)

    return call


class Renderer:
    """Renders the generated pages of one site from one catalogue, with the site's settings."""

    def __init__(self, catalog: Catalog, views: Iterable[View], *, directory_urls: bool = True,
                 language: str | None = None, custom_templates: Path | None = None, charts: bool = True,
                 source_links: bool = False) -> None:
        self.catalog = catalog
        self.source_links = source_links
        """Links name the target page's Markdown file, relative to the page's own: for hosts that resolve
        `.md` links in HTML themselves (Zensical), and rebase every other relative link as if it were one."""
        self.views: dict[str, View] = {view.kind: view for view in views}
        self._items = {kind: frozenset(view.items(catalog)) for kind, view in self.views.items()}
        """Each kind's items, once: `has` is asked for every link of every page (O(1), not a scan)."""
        self.unpublished: frozenset[PageKey] = frozenset()
        """Pages the host leaves out of this build (MkDocs' exclude_docs, draft_docs): never linked, never listed."""
        self.directory_urls = directory_urls
        self.charts = charts
        self.lang = language_code(language)
        self.labels = labels_for(language)
        self._labels_json = labels_text(self.labels)
        self._emotions: dict[float | None, formats.Emotion | None] = {}
        self._made: dict[Hashable, Any] = {}
        self._journey_json: dict[str, str] = {}
        self._persona_json: dict[str, str] = {}
        """Each journey's and persona's JSON (page and chart keys), made once: the catalogue does not change
        during a build, and a journey is in the keys of its page, its charts, its personas' pages and the
        pages across journeys (~2,000 dumps at N = 300 before)."""
        # No bytecode cache on disk: compiled templates are code, and a cache folder (often restored by CI
        # from elsewhere) must hold only inert data (parsed YAML as JSON, checked SVG). A wheel carries the
        # code of the plugin's own templates instead (templating.py).
        self.env = templating.environment({"md": markup.render_block, "mdi": markup.render_inline}, custom_templates,
                                          {"t": TemplateLabels(self.labels), "lang": self.lang})
        if custom_templates is None or not (custom_templates / "_macros.html").exists():
            _memoize_macros(self.env)
        sources = "\0".join(self.env.loader.get_source(self.env, name)[0]  # type: ignore[union-attr]
                            for name in sorted(self.env.list_templates()))
        self.settings_key = hashlib.sha256("\0".join(
            [self.lang, str(directory_urls), str(charts), str(source_links), sources]).encode()).hexdigest()
        """What every page depends on besides its own inputs: a page memo's key starts with it."""

    @cached_property
    def catalog_digest(self) -> str:
        """A hash of every journey, persona and error: the memo key of a page that shows them all.

        Made once per build; the index pages' keys were each ~2 MB of JSON at N = 300 (3 × ~60 ms a
        rebuild while serving, and held in memory between rebuilds)."""
        catalog = self.catalog
        parts = [self.journey_json(jid) for jid in catalog.journeys] + [
            self.persona_json(pid) for pid in catalog.personas] + [str(p) for p in catalog.errors]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def journey_json(self, jid: str) -> str:
        """The journey as JSON: what a page or chart made from it is keyed by."""
        text = self._journey_json.get(jid)
        if text is None:
            text = self._journey_json[jid] = self.catalog.journeys[jid].model_dump_json()
        return text

    def persona_json(self, pid: str) -> str:
        text = self._persona_json.get(pid)
        if text is None:
            text = self._persona_json[pid] = self.catalog.personas[pid].model_dump_json()
        return text

    # -- what exists and where -------------------------------------------------------------------
    def pages(self) -> list[PageKey]:
        """Every page to generate, in the registry's order (the nav's order)."""
        return [PageKey(view.kind, item) for view in self.views.values() for item in view.items(self.catalog)]

    def view(self, key: PageKey) -> View:
        return self.views[key.kind]

    def src_uri(self, key: PageKey) -> str:
        return self.view(key).path(key.item) + ".md"

    def url(self, key: PageKey) -> str:
        """The page's URL relative to the site root, as MkDocs gives it for a Markdown file."""
        path = self.view(key).path(key.item)
        if self.source_links:
            return path + ".md"
        if not self.directory_urls:
            return path + ".html"
        if path == "index":
            return ""
        return path.removesuffix("index") if path.endswith("/index") else path + "/"

    def link(self, here: PageKey, to: PageKey) -> str:
        return get_relative_url(self.url(to) or ".", self.url(here) or ".")

    def has(self, key: PageKey) -> bool:
        """Whether the page is part of the site: only those are linked to or listed."""
        return key not in self.unpublished and key.item in self._items.get(key.kind, frozenset())

    def link_if(self, here: PageKey, to: PageKey) -> str | None:
        """A link to the page, or None when the site leaves it out: templates then show no link."""
        return self.link(here, to) if self.has(to) else None

    def published_journeys(self, journeys: Iterable[tuple[str, Journey]]) -> list[tuple[str, Journey]]:
        return [(jid, j) for jid, j in journeys if self.has(PageKey("journey", jid))]

    def title(self, key: PageKey) -> str:
        return self.view(key).title(self, key.item)

    # -- rendering -------------------------------------------------------------------------------
    def render(self, key: PageKey, place: Placer) -> PageBody:
        return self.view(key).render(self, key.item, place)

    def template(self, name: str, context: object) -> Markup:
        """Render a template with a typed context (a dataclass): its fields are the template's variables."""
        try:
            return Markup(self.env.get_template(name).render(**_context(context)))
        except TemplateError as exc:  # a site's own template (custom_templates) is user input too
            where = getattr(exc, "filename", None) or getattr(exc, "name", None) or name
            line = getattr(exc, "lineno", None)
            raise TemplateProblem(f"{where}{f':{line}' if line else ''}: {exc.message or exc}") from exc

    def emotion(self, value: float | None) -> formats.Emotion | None:
        """The badge of a mean emotion; made once per value (a page asks ~50 times, for a few values)."""
        try:
            return self._emotions[value]
        except KeyError:
            made = self._emotions[value] = formats.emotion(value, self.labels, self.lang)
            return made

    def memo(self, key: Hashable, make: Callable[[], T]) -> T:
        """What `make` returns, made once a build for `key`: for what several pages are made of (the
        catalogue does not change during a build). The key must say everything the value depends on."""
        try:
            return cast(T, self._made[key])
        except KeyError:
            made = self._made[key] = make()
            return made

    def number(self, value: float, digits: int = 0) -> str:
        return formats.number(value, self.lang, digits)

    def chart(self, kind: ChartKind, journey_id: str, chart_id: str, persona: str | None = None) -> ChartRequest:
        """A chart of a journey; `persona` asks for that persona's own curve (used when the journey has one)."""
        journey = self.catalog.journeys[journey_id]
        # A build asks for each chart twice (to draw it early, then to show it): its key's texts are made once.
        names: tuple[tuple[str, str], ...] = ()
        if journey.per_persona:  # else one emotion per step: the same chart for everyone
            names = tuple((pid, markup.plain(p.name) if (p := self.catalog.personas.get(pid)) else pid)
                          for pid in journey.persona)
        return ChartRequest(kind, journey, chart_id, self.lang, self.labels, names,
                            persona if journey.per_persona else None,
                            journey_json=self.journey_json(journey_id), labels_json=self._labels_json)

    def notices(self, kind: str, item: str) -> tuple[list[Problem], bool]:
        """The errors of the file behind a page, and whether the page shows its last good version."""
        return self.catalog.problems_of(kind, item), (kind, item) in self.catalog.stale
