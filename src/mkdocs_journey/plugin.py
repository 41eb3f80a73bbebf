"""MkDocs glue: the only module that handles MkDocs events. The work happens in plain modules."""

from __future__ import annotations

from html import escape
import os
from collections.abc import Mapping
from importlib.resources import files as package_files
from pathlib import Path
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .catalog import Catalog, FileMemo, load_catalog
from .config import JourneyConfig
from .markup import safe_title
from .charts import ChartRequest
from .chartstore import ChartStore, DiskCache
from .schema import SCHEMA_FILES, json_schema_text
from .themes import stylesheet
from .pages import (JOURNEY, Heading, Layout, PageRenderer, RenderedPage, SlotMissing, TemplateProblem, anchor_ids,
                    fill_slots)

log = get_plugin_logger(__name__)

CSS_URI = "assets/mkdocs-journey/journey.css"


def _toc_tokens(headings: tuple[Heading, ...]) -> list[dict]:
    return [{"level": h.level, "id": h.id, "name": safe_title(h.text), "children": _toc_tokens(h.children)}
            for h in headings]


class JourneyPlugin(BasePlugin[JourneyConfig]):
    """Turns journey and persona YAML files into pages of the site."""

    def __init__(self) -> None:
        self._serving = False
        self._previous: Catalog | None = None  # while serving: the last catalogue, for last good versions
        self._file_memo: FileMemo = {}  # across `mkdocs serve` rebuilds: unchanged files are not parsed again
        self._page_memo: dict[str, RenderedPage] = {}  # ... and unchanged pages are not rendered again
        self._charts = ChartStore()  # kept across `mkdocs serve` rebuilds: unchanged charts are free
        self._reset()

    def _reset(self) -> None:
        self._renderer: PageRenderer | None = None
        self._generated: dict[str, tuple[str, str | None]] = {}
        self._late: dict[str, Mapping[str, str | ChartRequest]] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds.
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._reset()
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path or ".").resolve().parent
        self._root = root
        self._journeys_dir = root / self.config.journeys_dir
        self._personas_dir = root / (self.config.personas_dir or os.path.join(self.config.journeys_dir, "personas"))
        self._templates = root / self.config.custom_templates if self.config.custom_templates else None
        self._docs_dir = config.docs_dir
        self._language = self.config.language or config.theme.get("language") or str(config.theme.get("locale") or "en")
        self._charts.disk = DiskCache(root / ".cache" / "journey" / "charts") if self.config.cache else None
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        return config

    # Early (priority 50): plugins listed before this one that check targets in their own on_files
    # (mkdocs-redirects) must already see the generated pages.
    @event_priority(50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        catalog = load_catalog(self._journeys_dir, self._personas_dir, root=self._root, stages=self.config.stages,
                               previous=self._previous if self._serving else None,
                               memo=self._file_memo if self._serving else None)
        self._report(catalog)
        if self._serving:
            self._previous = catalog
        self._renderer = PageRenderer(
            catalog, layout=Layout(directory_urls=config.use_directory_urls), language=self._language,
            custom_templates=self._templates, charts=self.config.charts,
            memo=self._page_memo if self._serving else None,
        )
        self._charts.prefetch(self._renderer.chart_requests())
        for file in list(files):  # journey files kept inside docs/ are sources, not pages to publish
            source = Path(file.abs_src_path) if file.abs_src_path else None
            if source is not None and source.suffix.lower() in (".yml", ".yaml") and any(
                    source.is_relative_to(folder) for folder in (self._journeys_dir, self._personas_dir)):
                files.remove(file)
        taken = {file.dest_uri: file for file in files}
        for src_uri, kind, item_id in self._renderer.pages():
            # With the site's own nav, generated pages are listed only where the nav lists them (no
            # "not in nav" notes about files the author never wrote); `navigation: index` keeps the
            # two index pages only, for large sites where Material renders the nav into every page.
            hidden = config.nav is not None or (self.config.navigation == "index" and item_id is not None)
            inclusion = InclusionLevel.NOT_IN_NAV if hidden else InclusionLevel.UNDEFINED
            file = File.generated(config, src_uri, content="", inclusion=inclusion)
            if file.dest_uri in taken:
                log.info(f"'{taken[file.dest_uri].src_uri}' is your own page at {file.url}: "
                         f"it is kept, and no {kind} page is generated there")
                continue
            source = catalog.sources.get((kind, item_id)) if item_id else None
            if source is not None:
                # Quoted: themes print edit_url into an href without escaping, and file names are free text.
                file.edit_uri = quote(Path(os.path.relpath(source, config.docs_dir)).as_posix())
            files.append(file)
            self._generated[src_uri] = (kind, item_id)
        if CSS_URI not in files.src_uris:
            files.append(File.generated(config, CSS_URI, content=stylesheet(_asset("journey.css"), config.theme.name)))
        for kind, uri in SCHEMA_FILES.items():  # a stable URL for editors: <site>/schema/journey.json
            if uri not in files.src_uris:
                files.append(File.generated(config, uri, content=json_schema_text(kind)))
        return files

    def _report(self, catalog: Catalog) -> None:
        for problem in catalog.skipped:
            log.debug(f"{problem}: not a .yml or .yaml file, skipped")
        if self._templates is not None and not self._templates.is_dir():
            log.warning(f"the custom_templates folder '{self.config.custom_templates}' does not exist (next to mkdocs.yml)")
        if not self._journeys_dir.is_dir():
            hint = next((f"; found '{c.relative_to(self._root).as_posix()}': set journeys_dir to it" for c in (
                Path(self._docs_dir) / "journeys",) if c.is_dir()), "; create it or set the 'journeys_dir' option")
            log.warning(f"the journeys folder '{self.config.journeys_dir}' does not exist (next to mkdocs.yml){hint}")
        elif not self._personas_dir.is_dir() and (self._root / "personas").is_dir() and not self.config.personas_dir:
            log.warning("personas are read from 'journeys/personas', but they are in 'personas': "
                        "move them, or set the 'personas_dir' option to 'personas'")
        for problem in catalog.warnings:
            log.warning(str(problem))
        for problem in catalog.errors:
            log.error(str(problem))
        if catalog.errors and not self._serving:
            count = len(catalog.errors)
            raise PluginError(f"{count} error{'s' if count != 1 else ''} in journey files (see above)")

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self._renderer is None or config.nav is not None:
            return None
        for index_uri, label in ((self._renderer.layout.src_uri(JOURNEY), "journeys"),
                                 (self._renderer.layout.src_uri("persona"), "personas")):
            file = files.get_file_from_path(index_uri)
            if file is None or file.page is None or not isinstance(file.page.parent, Section):
                continue
            section = file.page.parent
            if section.children == [file.page] and self.config.navigation == "index":
                siblings = section.parent.children if section.parent else nav.items
                siblings[siblings.index(section)] = file.page
                file.page.parent = section.parent
            elif section.title.lower() == label:
                section.title = self._renderer.labels[label]
        return nav

    # First (priority 100): the title must be set, and mkdocs-macros told not to evaluate it, before any
    # other plugin reads the page: under macros a title is Jinja code, and ours come from YAML.
    @event_priority(100)
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        key = self._generated.get(page.file.src_uri)
        if key is None or self._renderer is None:
            return None
        kind, item_id = key
        page.meta["render_macros"] = False
        page.meta["title"] = safe_title(self._renderer.title(kind, item_id))
        if kind == JOURNEY and item_id is not None:
            tags = self._renderer.catalog.journeys[item_id].tags
            if tags:
                page.meta["tags"] = [safe_title(tag) for tag in tags]
        return ""

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        key = self._generated.get(page.file.src_uri)
        if key is None or self._renderer is None:
            return None
        try:
            rendered = self._renderer.render(*key)
        except TemplateProblem as exc:
            if not self._serving:
                raise PluginError(f"template error in {exc}") from exc
            log.error(f"template error in {exc}")  # serving: say it on the page, keep the server up
            return f"<p><strong>{escape(self._renderer.labels['template_error'])}:</strong> {escape(str(exc))}</p>"
        if rendered.description:
            page.meta.setdefault("description", safe_title(rendered.description))
        page.toc = get_toc(_toc_tokens(rendered.toc))
        page.present_anchor_ids = anchor_ids(rendered.html)
        self._late[page.file.src_uri] = rendered.late
        return rendered.html

    # First (priority 100): minifiers listed before this plugin rewrite the placeholders otherwise.
    @event_priority(100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        late = self._late.pop(page.file.src_uri, None)
        if not late:
            return None
        try:
            return fill_slots(output, {name: part if isinstance(part, str) else (self._charts.get(part) or "")
                                       for name, part in late.items()})
        except SlotMissing as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from exc

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._charts.close()
        if self._renderer is not None:
            self._renderer.forget_unused()

    def on_shutdown(self) -> None:
        self._charts.close()

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer | None:
        if self.config.enabled:
            for folder in (self._journeys_dir, self._personas_dir, self._templates):
                if folder is not None and folder.is_dir():
                    server.watch(str(folder))
        return server


def _asset(name: str) -> str:
    return package_files("mkdocs_journey").joinpath("assets", name).read_text(encoding="utf-8")
