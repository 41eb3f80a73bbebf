"""MkDocs glue: the events, each handing over to plain modules (`mkdocs_site`, `workspace`, `views`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import crossviews, mkdocs_site
from .config import JourneyConfig
from .rendering import Renderer, SlotMissing, TemplateProblem, View, fill_slots
from .settings import Settings, resolve
from .views import DEFAULT_VIEWS
from .workspace import RenderedPage, Workspace

if TYPE_CHECKING:  # the server's modules (watchdog, http.server: ~30 ms) are for `mkdocs serve` only
    from mkdocs.livereload import LiveReloadServer


class JourneyPlugin(BasePlugin[JourneyConfig]):
    """Turns journey and persona YAML files into pages of the site."""

    views: tuple[View, ...] = DEFAULT_VIEWS
    """The page kinds this plugin generates: the registry."""

    def __init__(self) -> None:
        self.workspace = Workspace(keep=False)
        self.renderer: Renderer | None = None
        self.published = mkdocs_site.Published()  # this build's generated files
        self.late: dict[str, RenderedPage] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds: the workspace stays.
        self.workspace = Workspace(keep=command == "serve")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.renderer, self.published, self.late = None, mkdocs_site.Published(), {}
        self.settings: Settings = resolve(self.config, config_file=config.config_file_path, theme=config.theme,
                                          docs_dir=config.docs_dir)
        if self.settings.enabled and mkdocs_site.CSS_URI not in config.extra_css:
            config.extra_css.append(mkdocs_site.CSS_URI)
        return config

    # Early (priority 50): plugins listed before this one that check targets in their own on_files
    # (mkdocs-redirects) must already see the generated pages.
    @event_priority(50)
    def _add_pages(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.settings.enabled:
            return None
        language, i18n = mkdocs_site.language_of_build(config, self.settings, self.config.language)
        catalog = self.workspace.load(self.settings, language)
        mkdocs_site.report(catalog, self.settings, serving=self.workspace.keep,
                           again=i18n is not None and i18n.current != i18n.default)
        views = crossviews.enabled(self.views, self.settings.cross_journey)
        self.renderer = Renderer(catalog, views, directory_urls=config.use_directory_urls, language=language,
                                 custom_templates=self.settings.templates, charts=self.settings.charts)
        self.published = mkdocs_site.add_pages(files, config, self.renderer, self.settings, i18n,
                                               serving=self.workspace.keep)
        self.workspace.charts.prefetch(c for key in self.renderer.pages()
                                       for c in self.renderer.view(key).charts(self.renderer, key.item))
        return files

    # After mkdocs-static-i18n's on_files (priority -100), which rebuilt every file without its content.
    @event_priority(-110)
    def _restore_pages(self, files: Files, config: MkDocsConfig) -> Files | None:
        self.published.restore(files)
        return None

    on_files = CombinedEvent(_add_pages, _restore_pages)

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self.renderer is not None and config.nav is None:
            mkdocs_site.label_sections(nav, files, self.renderer, self.settings)
        return nav

    # First (priority 100): the title must be set, and mkdocs-macros told not to evaluate it, before any
    # other plugin reads the page: under macros a title is Jinja code, and ours come from YAML.
    @event_priority(100)
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        key = self.published.pages.get(page.file.src_uri)
        if key is None or self.renderer is None:
            return None
        mkdocs_site.set_meta(page, self.renderer, key)
        return ""

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        key = self.published.pages.get(page.file.src_uri)
        if key is None or self.renderer is None:
            return None
        try:
            rendered = self.workspace.render(self.renderer, key)
        except TemplateProblem as exc:
            if not self.workspace.keep:
                raise PluginError(f"template error in {exc}") from exc
            return mkdocs_site.template_problem(exc, self.renderer.labels)  # serving: the server stays up
        self.late[page.file.src_uri] = rendered
        return mkdocs_site.set_body(page, rendered.body)

    # First (priority 100): minifiers listed before this plugin rewrite the placeholders otherwise.
    @event_priority(100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        rendered = self.late.pop(page.file.src_uri, None)
        if rendered is None or not rendered.late:
            return None
        try:
            return fill_slots(output, self.workspace.late_html(rendered))
        except SlotMissing as exc:
            if not self.workspace.keep:
                raise PluginError(f"{page.file.src_uri}: {exc}") from exc
            return mkdocs_site.say_on_page(output, f"{page.file.src_uri}: {exc}")  # serving: the server stays up

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.workspace.finish()

    def on_build_error(self, *, error: Exception) -> None:
        self.workspace.stop()

    def on_shutdown(self) -> None:
        # Let go of the session's catalogue and pages now: MkDocs keeps its plugins to the end of the process,
        # whose last garbage collections walked every object still held (~0.4 s of CPU at exit, N = 300).
        self.workspace.close()
        self.renderer, self.published, self.late = None, mkdocs_site.Published(), {}

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Callable[..., Any]) -> LiveReloadServer | None:
        if self.settings.enabled:
            for folder in (self.settings.journeys, self.settings.personas, self.settings.templates):
                if folder is not None and folder.is_dir():
                    server.watch(str(folder))
        return server
