"""What the plugin does to a MkDocs site, as plain functions of MkDocs objects: the plugin's events call them.

This module and `plugin.py` are the only ones that know MkDocs' files, nav and logger.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html import escape
from importlib.resources import files as package_files

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import dirname_to_title

from .catalog import Catalog
from .crossviews import CHANNELS_PAGE, COMPARE_PAGE
from .files import JOURNEY_SUFFIXES
from .fragments import JOURNEY_PAGE
from .markup import safe_title
from .mkdocs_i18n import I18nSite, UnsupportedI18n, build_language, find_i18n, hand_to_i18n, page_uris, restore_generated
from .mkdocs_inclusion import apply_patterns, unpublished
from .mkdocs_sources import edit_path, page_file, repository_docs_dir, repository_path, without_history
from .rendering import PageBody, PageKey, Renderer
from .schema import SCHEMA_FILES, json_schema_text
from .settings import Settings
from .themes import stylesheet
from .toc import outline

log = get_plugin_logger("mkdocs_journey")

CSS_URI = "assets/mkdocs-journey/journey.css"


def report(catalog: Catalog, settings: Settings, *, serving: bool, again: bool = False) -> None:
    """Every problem of every file, at once; errors end a build (not a preview, which shows them on the pages).

    `again`: a later language's build of mkdocs-static-i18n, which read the same files: said already.
    """
    if again:
        if catalog.errors and not serving:
            raise PluginError("errors in journey files (see above)")
        return
    for name in catalog.skipped:
        log.debug(f"{name}: not a .yml or .yaml file, skipped")
    if settings.templates is not None and not settings.templates.is_dir():
        log.warning(f"the custom_templates folder '{settings.templates_option}' does not exist (next to mkdocs.yml)")
    if not settings.journeys.is_dir():
        log.warning(f"the journeys folder '{settings.journeys_option}' does not exist (next to mkdocs.yml); "
                    f"{settings.missing_journeys_hint()}")
    elif not settings.personas.is_dir() and (settings.root / "personas").is_dir() and not settings.personas_option:
        log.warning("personas are read from 'journeys/personas', but they are in 'personas': "
                    "move them, or set the 'personas_dir' option to 'personas'")
    for problem in catalog.warnings:
        log.warning(str(problem))
    for problem in catalog.errors:
        log.error(str(problem))
    if catalog.errors and not serving:
        count = len(catalog.errors)
        raise PluginError(f"{count} error{'s' if count != 1 else ''} in journey files (see above)")


def _is_source(file: File, settings: Settings, config: MkDocsConfig) -> bool:
    """A journey or persona file kept inside docs/ (or monorepo's copy of one): a source to read, not a page."""
    source = repository_path(file.abs_src_path, config) if file.abs_src_path else None
    return source is not None and source.suffix.lower() in JOURNEY_SUFFIXES and any(
        source.is_relative_to(folder) for folder in (settings.journeys, settings.personas))


def _hidden(renderer: Renderer, key: PageKey, settings: Settings, config: MkDocsConfig) -> bool:
    # With the site's own nav, generated pages are listed only where the nav lists them (no "not in
    # nav" notes about files the author never wrote); `navigation: index` keeps the index pages only,
    # for large sites where Material renders the nav into every page.
    view = renderer.view(key)
    return config.nav is not None or not view.in_nav or (settings.navigation == "index" and not view.index)


def _follow(file: File, needed: list[InclusionLevel]) -> None:
    """A page that shows other pages is left out (or a draft) when one of them is: never a page about a missing one."""
    for level in needed:
        if level in (InclusionLevel.EXCLUDED, InclusionLevel.DRAFT) and file.inclusion.value > level.value:
            file.inclusion = level


@dataclass
class Published:
    """What `add_pages` put into a build's files."""

    pages: dict[str, PageKey] = field(default_factory=dict)
    """src_uri → the generated page it is (one per language with mkdocs-static-i18n)."""
    handed: dict[str, File] = field(default_factory=dict)
    """Files as made, handed to mkdocs-static-i18n, which rebuilds them: see `mkdocs_i18n.restore_generated`."""
    sources: dict[str, str] = field(default_factory=dict)
    """src_uri → the YAML file behind a handed page, given back to it after mkdocs-static-i18n (git plugins)."""

    def add(self, files: Files, file: File, i18n: I18nSite | None, docs_dir: str) -> None:
        if i18n is not None:
            if file.abs_src_path and file.generated_by is None:
                self.sources[file.src_uri] = file.abs_src_path
            hand_to_i18n(file, docs_dir)
            self.handed[file.src_uri] = file
        files.append(file)

    def restore(self, files: Files) -> None:
        """After mkdocs-static-i18n's on_files: the content, edit link and YAML source it dropped."""
        restore_generated(files, self.handed)
        for file in files:
            if file.src_uri in self.sources:
                file.abs_src_path = self.sources[file.src_uri]


def add_pages(files: Files, config: MkDocsConfig, renderer: Renderer, settings: Settings,
              i18n: I18nSite | None, *, serving: bool) -> Published:
    """Add a file per generated page (never over an author's own page), the stylesheet and the schemas."""
    for file in [f for f in files if _is_source(f, settings, config)]:
        files.remove(file)
    taken = {file.dest_uri: file for file in files}
    published = Published()
    inclusions: list[tuple[PageKey, InclusionLevel]] = []
    levels: dict[PageKey, InclusionLevel] = {}
    """Each page's inclusion so far: a page that shows others (a comparison) follows theirs (`View.needs`)."""
    for key in renderer.pages():
        source = renderer.view(key).source(renderer.catalog, key.item)
        for uri in page_uris(renderer.src_uri(key), i18n):  # with mkdocs-static-i18n: one per language
            file = page_file(config, uri, source)  # git plugins: the YAML's history
            apply_patterns(file, config, hidden=_hidden(renderer, key, settings, config))  # exclude_docs, drafts
            _follow(file, [levels[n] for n in renderer.view(key).needs(renderer.catalog, key.item) if n in levels])
            if file.dest_uri in taken:
                log.info(f"'{taken[file.dest_uri].src_uri}' is your own page at {file.url}: "
                         f"it is kept, and no {key.kind} page is generated there")
                inclusions.append((key, taken[file.dest_uri].inclusion))
                continue
            inclusions.append((key, file.inclusion))
            levels.setdefault(key, file.inclusion)
            if source is not None:
                file.edit_uri = edit_path(source, repository_docs_dir(config))  # monorepo: not its temporary copy
            published.add(files, file, i18n, config.docs_dir)
            published.pages[file.src_uri] = key
    renderer.unpublished = unpublished(inclusions, serving=serving)
    indexes = [uri for uri, key in published.pages.items() if renderer.view(key).source(renderer.catalog, key.item) is None]
    if added := without_history(config, indexes):
        log.debug(f"git-authors: {', '.join(added)} have no source file; added to its 'exclude'")
    if CSS_URI not in files.src_uris:
        css = package_files("mkdocs_journey").joinpath("assets", "journey.css").read_text(encoding="utf-8")
        css = stylesheet(css, config.theme.name)  # always-dark themes get the dark colours
        published.add(files, File.generated(config, CSS_URI, content=css), i18n, config.docs_dir)
    for kind, uri in SCHEMA_FILES.items():  # a stable URL for editors: <site>/schema/journey.json
        if uri not in files.src_uris:
            published.add(files, File.generated(config, uri, content=json_schema_text(kind)), i18n, config.docs_dir)
    return published


def language_of_build(config: MkDocsConfig, settings: Settings,
                      options_language: str | None) -> tuple[str, I18nSite | None]:
    """The language of this build's pages, and mkdocs-static-i18n's build under way if there is one."""
    try:
        i18n = find_i18n(config.plugins)
    except UnsupportedI18n as exc:
        raise PluginError(str(exc)) from exc
    if i18n is not None and options_language and i18n.current == i18n.default:  # said once, not per language
        log.warning(f"the 'language' option ('{options_language}') is not used: mkdocs-static-i18n builds "
                    f"each of its languages ({', '.join(i18n.languages)}); remove the option")
    return build_language(i18n, settings.language), i18n


def set_meta(page: Page, renderer: Renderer, key: PageKey) -> None:
    """Title and tags, as safe text, and mkdocs-macros told not to run: under it a title is Jinja code."""
    page.meta["render_macros"] = False
    page.meta["title"] = safe_title(renderer.title(key))
    tags = renderer.view(key).tags(renderer.catalog, key.item)
    if tags:
        page.meta["tags"] = [safe_title(tag) for tag in tags]
    if key.kind in (JOURNEY_PAGE, COMPARE_PAGE, CHANNELS_PAGE):  # wide tables: the page's width (journey.css)
        page.meta["hide"] = ["toc"]


def set_body(page: Page, body: PageBody) -> str:
    """The page's description, table of contents and anchors, from its body (as Markdown pages get them)."""
    if body.description:
        page.meta.setdefault("description", safe_title(body.description))
    found = outline(body.html)
    page.toc = get_toc(found.headings)
    page.present_anchor_ids = found.anchors
    return body.html


def template_problem(problem: Exception, labels: Mapping[str, str]) -> str:
    """While serving, a template error is logged and becomes the page's body."""
    log.error(f"template error in {problem}")
    return f"<p><strong>{escape(labels['template_error'])}:</strong> {escape(str(problem))}</p>"


def say_on_page(html: str, message: str) -> str:
    """While serving, a problem found in a finished page is logged and shown at the top of its content."""
    log.error(message)
    notice = f'<div class="jm-notice" role="alert"><p>{escape(message)}</p></div>'
    at = html.find("</h1>")
    return html[:at + 5] + notice + html[at + 5:] if at >= 0 else html.replace("</body>", notice + "</body>", 1)


def _index_pages_first(nav: Navigation, files: Files, renderer: Renderer) -> None:
    """Put the index views' pages first in their section, in the registry's order.

    MkDocs orders a folder's pages by file name, which would scatter `journeys/pain-points/` among the
    journeys; a reader looks for the pages across journeys next to the catalogue. Previous/next links
    follow the new order.
    """
    moved: dict[int, tuple[Section, list[Page]]] = {}
    for key in renderer.pages():
        file = files.get_file_from_path(renderer.src_uri(key)) if renderer.view(key).index else None
        if file is not None and isinstance(file.page, Page) and isinstance(file.page.parent, Section):
            moved.setdefault(id(file.page.parent), (file.page.parent, []))[1].append(file.page)
    if not moved:
        return
    for section, first in moved.values():
        section.children = [*first, *(c for c in section.children if c not in first)]
    nav.pages = list(_pages(nav.items))
    for previous, page, after in zip([None, *nav.pages[:-1]], nav.pages, [*nav.pages[1:], None], strict=True):
        page.previous_page, page.next_page = previous, after


def _pages(items: list) -> Iterator[Page]:
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages(item.children)


def label_sections(nav: Navigation, files: Files, renderer: Renderer, settings: Settings) -> None:
    """Name the folders' sections in the site's language; with `navigation: index`, a lone index replaces its section."""
    _index_pages_first(nav, files, renderer)
    for key in renderer.pages():
        if not renderer.view(key).index:
            continue
        file = files.get_file_from_path(renderer.src_uri(key))
        if file is None or file.page is None or not isinstance(file.page.parent, Section):
            continue
        section, folder = file.page.parent, renderer.src_uri(key).split("/")[0]
        if section.children == [file.page] and settings.navigation == "index":
            siblings = section.parent.children if section.parent else nav.items
            siblings[siblings.index(section)] = file.page
            file.page.parent = section.parent
        elif section.title == dirname_to_title(folder):  # the title MkDocs made from the folder's name
            section.title = renderer.labels.get(folder, section.title)
