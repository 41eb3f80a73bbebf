"""A journey (or a whole generated page) rendered from the YAML body of a Markdown fence.

Nothing here knows Python-Markdown, MkDocs or Zensical: `markdown.fence` finds the page, the
line and the settings, and hands them over. The body says what to show:

- `journey: <id>`: a journey of the journeys folder;
- `file: <path>`: a journey file, relative to the folder of the site's config file;
- a whole journey (`title:`, `stages:` ...) written in the body itself;
- `page: catalogue | journey | personas | persona | pain-points | opportunities | channels` (with `id:` for
  `journey` and `persona`): a whole generated
  page, as the plugin renders it; what `mkdocs-journey pages` writes.

`show: [header, funnel, emotion, map, stages]` picks parts (default: all but `stages`, the stage list
that repeats the map's facts). Charts are drawn inline
as static SVG: the fenced page needs no script and no second pass. Problems come back as
`Problem`s with the page's path and line, never as an exception.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from markupsafe import Markup

from . import fragments
from .catalog import Catalog, load_catalog
from .charts import ChartRequest, draw
from .crossviews import enabled
from .files import FileError, read_file
from .ids import slug_for
from .loader import load_document, load_values
from .model import Journey
from .problems import Problem
from .rendering import Inline, PageBody, PageKey, Placer, Renderer, ViewDefaults
from .settings import Settings
from .views import DEFAULT_VIEWS, JourneyParts
from .yamlsource import YamlDocument, read_yaml

PARTS = ("header", "funnel", "emotion", "map", "stages")
DEFAULT_SHOW = ("header", "funnel", "emotion", "map")
"""A fence without `show:` shows what the journey page shows: the map holds every fact once, the
stage list (`stages`) would repeat them."""
PAGES = {"catalogue": False, "journey": True, "personas": False, "persona": True, "pain-points": False,
         "opportunities": False, "channels": False, "compare": True}
"""The page kinds a fence can render whole, and whether they need an `id:`."""
HOST = "fence-host"


@dataclass(frozen=True)
class Where:
    """The fenced page as messages name it, and the page line of the body's first line (0: unknown)."""

    page: str
    line: int = 0


@dataclass(frozen=True)
class Host:
    """What the fence knows of the site around it."""

    path: str | None = None
    """The fenced page's path in the site without `.md` (`guide/overview`), for relative links; None: unknown."""
    directory_urls: bool = True
    exists: Callable[[str], bool] | None = None
    """Whether a page (`journeys/x.md`) is part of the site; None: unknown. Links go only to pages that exist."""
    source_links: bool = False
    """Links to `.md` files, which the host resolves (Zensical), instead of URLs (MkDocs: raw HTML is left as is)."""


class _HostView(ViewDefaults):
    """The fenced page itself, as a view: so that `Renderer.link` gives links relative to it."""

    kind: ClassVar[str] = HOST

    def items(self, catalog: Catalog) -> Sequence[str | None]:
        return []

    def path(self, item: str | None) -> str:
        return str(item)

    def title(self, r: Renderer, item: str | None) -> str:
        return ""

    def render(self, r: Renderer, item: str | None, place: Placer) -> PageBody:
        raise NotImplementedError("the fenced page is the host's, not ours")


@dataclass(frozen=True)
class FenceContext:
    """The typed context of `fragments/fence.html`."""

    id: str
    journey: Journey
    parts: JourneyParts
    show: Sequence[str]


class BodyError(Exception):
    """The body cannot be rendered: its problems, already with the page's path and lines."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def _on_page(problem: Problem, where: Where) -> Problem:
    """A problem in the body, moved to the page: body line 1 is the page's line `where.line`."""
    if problem.file != where.page or not where.line or not problem.line:
        return problem
    return dataclasses.replace(problem, line=problem.line + where.line - 1)


def _fail(where: Where, doc: YamlDocument | None, path: tuple[str | int, ...], message: str, hint: str = "") -> BodyError:
    line, column = doc.position(path) if doc is not None else (1, 1)
    return BodyError([_on_page(Problem(where.page, line, column, message, hint), where)])


def _show(doc: YamlDocument, where: Where) -> tuple[str, ...]:
    data = doc.data if isinstance(doc.data, dict) else {}
    value = data.get("show", list(DEFAULT_SHOW))
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise _fail(where, doc, ("show",), "show must be a list of parts", "for example: show: [map, emotion]")
    for index, part in enumerate(value):
        if part not in PARTS:
            close = difflib.get_close_matches(str(part), PARTS, n=1)
            raise _fail(where, doc, ("show", index), f"unknown part '{part}' in show",
                        f"did you mean '{close[0]}'?" if close else "the parts are: " + ", ".join(PARTS))
    return tuple(part for part in PARTS if part in value)


def _catalog(settings: Settings) -> Catalog:
    return load_catalog(settings.journeys, settings.personas, root=settings.root, stages=settings.stages,
                        language=settings.language)


def _own_errors(catalog: Catalog, kind: str, item: str) -> list[Problem]:
    """The errors of the file that claims (kind, item) but failed its checks."""
    shown = {display for label, claimed, display, _doc in catalog.broken.values() if (label, claimed) == (kind, item)}
    return [p for p in catalog.errors if p.file in shown]


def _named(catalog: Catalog, settings: Settings, doc: YamlDocument, where: Where, kind: str, key: str) -> str:
    """The id the body names, checked against the catalogue (a broken file's errors are said)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise _fail(where, doc, (key,), f"{key} must be the id of a {kind}", f"for example: {key}: first-purchase")
    known = catalog.journeys if kind == "journey" else catalog.personas
    if value in known:
        return value
    if (kind, value) in catalog.failed:
        raise BodyError([_on_page(Problem(where.page, *doc.position((key,)), f"the {kind} '{value}' has errors",
                                          "fix them, then build again"), where), *_own_errors(catalog, kind, value)])
    folder = settings.journeys if kind == "journey" else settings.personas
    if not folder.is_dir():
        raise _fail(where, doc, (key,), f"unknown {kind} '{value}': the folder {folder} does not exist",
                    "give the extension's journeys_dir option, or build from the site's folder")
    close = difflib.get_close_matches(value, sorted(known), n=1)
    raise _fail(where, doc, (key,), f"unknown {kind} '{value}'",
                f"did you mean '{close[0]}'?" if close else f"the {kind}s are: " + (", ".join(known) or "none"))


def _from_file(settings: Settings, doc: YamlDocument, where: Where) -> tuple[Catalog, str]:
    data = doc.data if isinstance(doc.data, dict) else {}
    value = data.get("file")
    if not isinstance(value, str) or not value:
        raise _fail(where, doc, ("file",), "file must be the path of a journey file", "for example: file: journeys/x.yml")
    path = settings.root / value
    try:
        raw = read_file(path)
    except FileError as exc:
        raise _fail(where, doc, ("file",), f"{value}: {exc.message}",
                    exc.hint or f"the path is relative to {settings.root}") from exc
    item, problems, _doc = load_document(raw, value, slug_for(Path(value).stem), Journey)
    if item is None:
        raise BodyError([_on_page(Problem(where.page, *doc.position(("file",)), f"the journey file {value} has errors"),
                                  where), *problems])
    catalog = _catalog(settings)
    return Catalog(journeys={item.id: item.model}, personas=catalog.personas), item.id  # type: ignore[dict-item]


def _inline(settings: Settings, doc: YamlDocument, where: Where) -> tuple[Catalog, str]:
    data = {k: v for k, v in doc.data.items() if k != "show"} if isinstance(doc.data, dict) else doc.data
    item, problems = load_values(doc, data, where.page, "journey", Journey)
    if item is None:
        raise BodyError([_on_page(p, where) for p in problems])
    catalog = _catalog(settings)
    return Catalog(journeys={item.id: item.model}, personas=catalog.personas), item.id  # type: ignore[dict-item]


def _renderer(catalog: Catalog, settings: Settings, host: Host) -> Renderer:
    return Renderer(catalog, (*enabled(DEFAULT_VIEWS, settings.cross_journey), _HostView()), directory_urls=host.directory_urls,
                    language=settings.language, custom_templates=settings.templates, charts=settings.charts,
                    source_links=host.source_links)


def _draw(request: ChartRequest) -> str | None:
    return draw(request)


def _journey(r: Renderer, jid: str, show: Sequence[str], host: Host) -> Markup:
    """The chosen parts of one journey, with links relative to the fenced page (when it is known)."""
    here = PageKey(HOST, host.path or "")
    exists = host.exists if host.path is not None else None
    r.unpublished = frozenset(key for key in r.pages() if exists is None or not exists(r.src_uri(key)))
    place = Inline(_draw)
    f = fragments.facts(r, jid, here)
    if "stages" not in show:  # no stage sections to link to: stage names are shown without links
        f = dataclasses.replace(f, stages=[dataclasses.replace(s, id="") for s in f.stages])
    empty = Markup()
    parts = JourneyParts(
        fragments.header(r, f, here) if "header" in show else empty,
        fragments.funnel_part(r, f, place) if "funnel" in show else empty,
        fragments.emotion_part(r, f, place) if "emotion" in show else empty,
        fragments.map_part(r, f, place, anchors="stages" not in show,
                           with_data="emotion" not in show) if "map" in show else empty,
        fragments.stages_part(r, f) if "stages" in show else empty)
    return r.template("fragments/fence.html", FenceContext(jid, f.journey, parts, show))


def _page(settings: Settings, doc: YamlDocument, where: Where, host: Host) -> Markup:
    """A whole generated page, laid out as the plugin lays them out (what `mkdocs-journey pages` writes)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    kind = data.get("page")
    if kind not in PAGES:
        raise _fail(where, doc, ("page",), f"unknown page '{kind}'", "the pages are: " + ", ".join(PAGES))
    extra = sorted(set(data) - {"page", "id"})
    if extra:
        raise _fail(where, doc, (extra[0],), f"unknown key '{extra[0]}' with page:", "a page fence has 'page:' and 'id:'")
    catalog = _catalog(settings)
    named = "journey" if kind == "compare" else str(kind)  # a comparison is named by its journey's id
    item = _named(catalog, settings, doc, where, named, "id") if PAGES[str(kind)] else None
    r = _renderer(catalog, settings, host)
    if PageKey(str(kind), item) not in r.pages():  # a page the site leaves out (cross_journey: false) or cannot have
        raise _fail(where, doc, ("page",), f"no {kind} page{f' for {item}' if item else ''} in this site",
                    "a comparison needs compare_to: <the id of another journey>" if kind == "compare"
                    else "the cross_journey option turns it off")
    if host.exists is not None:
        r.unpublished = frozenset(key for key in r.pages() if not host.exists(r.src_uri(key)))
    return Markup(r.render(PageKey(str(kind), item), Inline(_draw)).html)


_KEYS = {"journey", "file", "show"}


def render_body(text: str, where: Where, settings: Settings, host: Host) -> Markup:
    """The HTML for a fence's body, or BodyError with every problem (page path and line)."""
    doc, problems = read_yaml(text.encode("utf-8"), where.page)
    if doc is None or problems:
        raise BodyError([_on_page(p, where) for p in problems] or [Problem(where.page, where.line, 0, "empty")])
    data = doc.data if isinstance(doc.data, dict) else {}
    if "page" in data:
        return _page(settings, doc, where, host)
    if "stages" in data or "title" in data:
        catalog, jid = _inline(settings, doc, where)
    else:
        modes = [key for key in ("journey", "file") if key in data]
        if len(modes) != 1:
            raise _fail(where, doc, (), "say which journey to show" if not modes else "give 'journey:' or 'file:', not both",
                        "journey: <id>, file: <path>, or a whole journey (title:, stages:)")
        extra = sorted(set(data) - _KEYS)
        if extra:
            close = difflib.get_close_matches(extra[0], sorted(_KEYS), n=1)
            raise _fail(where, doc, (extra[0],), f"unknown key '{extra[0]}'",
                        f"did you mean '{close[0]}'?" if close else "the keys are: journey or file, and show")
        if modes[0] == "journey":
            catalog = _catalog(settings)
            jid = _named(catalog, settings, doc, where, "journey", "journey")
        else:
            catalog, jid = _from_file(settings, doc, where)
    show = _show(doc, where)
    return _journey(_renderer(catalog, settings, host), jid, show, host)
