"""The `journey` fence: a pymdownx.superfences custom fence that embeds a journey in any Markdown page.

```yaml
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: journey
          class: journey
          format: !!python/name:mkdocs_journey.markdown.fence
  - mkdocs_journey.markdown:        # optional: only to give options
      journeys_dir: journeys
```

This module only finds out where it runs (the page, the body's line, the settings) and hands over
to `embed.render_body`. The settings are found, first match wins:

1. the options of the `mkdocs_journey.markdown` extension (`journeys_dir`, `personas_dir`,
   `language`, `charts`, `config_file`, `directory_urls`), paths relative to `config_file` or to
   the config file found below;
2. under MkDocs (and ProperDocs), the build's own config: the `journey` plugin's options when the
   plugin is there, its defaults otherwise, next to the config file, as the plugin reads them;
3. under Zensical, its rendering context: the folder of its config file (zensical.toml or mkdocs.yml);
4. otherwise a `mkdocs.yml`, `mkdocs.yaml` or `zensical.toml` in the working directory or above it.

An error in the body is never raised (superfences would swallow it and print the raw block): it is
shown on the page, escaped, and logged with the page and the line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.util import Registry
from mkdocs.plugins import get_plugin_logger

from .embed import BodyError, Host, Where, render_body
from .problems import Problem
from .rendering import TemplateProblem
from .settings import Settings, resolve

log = get_plugin_logger("mkdocs_journey")

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "zensical.toml")
OPTIONS = ("journeys_dir", "personas_dir", "language", "charts", "stages", "custom_templates", "config_file",
           "directory_urls")


class _Options(Preprocessor):
    """Holds the extension's options on the Markdown instance, where the fence finds them; changes nothing."""

    def __init__(self, md: Markdown, options: Mapping[str, Any]) -> None:
        super().__init__(md)
        self.options = dict(options)

    def run(self, lines: list[str]) -> list[str]:
        return lines


class JourneyExtension(Extension):
    """`mkdocs_journey.markdown` in `markdown_extensions`: options for the fence (see the module's docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        unknown = sorted(set(kwargs) - set(OPTIONS))
        if unknown:  # MkDocs and Zensical say this with the extension's name
            raise ValueError(f"mkdocs_journey.markdown: unknown option '{unknown[0]}' (the options are: {', '.join(OPTIONS)})")
        super().__init__()
        self.options = dict(kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's name
        md.preprocessors.register(_Options(md, self.options), "mkdocs_journey_options", 0)


def makeExtension(**kwargs: Any) -> JourneyExtension:  # Python-Markdown's name
    return JourneyExtension(**kwargs)


@dataclass(frozen=True)
class _Site:
    """Where the fence runs: the page (path in the docs, file to find lines in), the settings, the links."""

    page: str
    source: Path | None
    settings: Settings
    host: Host


def _registered(registry: Registry[Any], name: str) -> Any:
    """A processor another extension registered by name (MkDocs' `relpath`, Zensical's context), or None."""
    if name not in registry:  # a Registry has no .get()
        return None
    return registry[name]


def _display(path: Path, root: Path) -> str:
    """The page as messages name it: relative to the site's folder, like the journey files."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def _file_settings(config_file: Path | None, options: Mapping[str, Any]) -> Settings:
    """Settings next to a config file: the extension's options if given, else as `mkdocs-journey pages` reads them."""
    if config_file is not None and not options:
        from .cli import UsageError, settings_for  # MkDocs' own reading of mkdocs.yml (!ENV, INHERIT)

        try:
            return settings_for(config_file)
        except UsageError as exc:
            log.warning(f"journey fence: {exc}; using the defaults")
    return resolve(options, config_file=config_file or Path.cwd() / "mkdocs.yml")


def _mkdocs_site(md: Markdown, options: Mapping[str, Any]) -> _Site | None:
    """Under MkDocs or ProperDocs: the page being rendered and the build's config, from their link processor."""
    relpath = _registered(md.treeprocessors, "relpath")
    page_file, files, config = (getattr(relpath, name, None) for name in ("file", "files", "config"))
    if page_file is None or files is None or config is None:
        return None
    plugin = config.plugins.get("journey") if not options else None
    plugin_options = getattr(plugin, "config", None)
    if plugin_options is not None:
        settings = resolve(plugin_options, config_file=config.config_file_path, theme=config.theme)
    else:
        settings = resolve(options, config_file=options.get("config_file") or config.config_file_path, theme=config.theme)
    src = str(page_file.src_uri)
    host = Host(src.removesuffix(".md"), bool(config.use_directory_urls),
                lambda uri: files.get_file_from_path(uri) is not None)
    source = Path(page_file.abs_src_path) if page_file.abs_src_path else None
    return _Site(_display(source, settings.root) if source else src, source, settings, host)


def _zensical_site(md: Markdown, options: Mapping[str, Any]) -> _Site | None:
    """Under Zensical: its rendering context names the page and holds its config (`root_dir`, `docs_dir`)."""
    context = _registered(md.preprocessors, "rendering_context")
    page, config = getattr(context, "page", None), getattr(context, "config", None)
    if page is None or not isinstance(config, dict):
        return None
    root = Path(str(config.get("root_dir") or "."))
    config_file = Path(options["config_file"]) if options.get("config_file") else _find_config(root)
    settings = _file_settings(config_file, options)
    src = str(getattr(page, "path", "") or "")
    docs = root / str(config.get("docs_dir") or "docs")
    # Zensical resolves `.md` links in HTML, and rebases every other relative link as if it were one.
    host = Host(src.removesuffix(".md") if src else None, bool(config.get("use_directory_urls", True)),
                lambda uri: (docs / uri).is_file(), source_links=True)
    source = docs / src if src else None
    return _Site(_display(source, settings.root) if source else "a page", source, settings, host)


def _site(md: Markdown) -> _Site:
    options: dict[str, Any] = {}
    held = _registered(md.preprocessors, "mkdocs_journey_options")
    if held is not None:
        options = dict(getattr(held, "options", {}))
    found = _mkdocs_site(md, options) or _zensical_site(md, options)
    if found is not None:
        return found
    config_file = Path(options["config_file"]) if options.get("config_file") else _find_config(Path.cwd())
    directory_urls = bool(options.get("directory_urls", True))
    return _Site("a Markdown page", None, _file_settings(config_file, options), Host(None, directory_urls))


def _body_line(source: str, md: Markdown, site: _Site) -> int:
    """The page line of the body's first line: found by its text in the page's file (or what Markdown read)."""
    lines: list[str] = []
    if site.source is not None:
        try:
            lines = site.source.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeError):
            lines = []
    lines = lines or list(getattr(md, "lines", []))
    body = source.split("\n")
    seen: dict[str, int] = getattr(md, "_mkdocs_journey_seen", {})
    setattr(md, "_mkdocs_journey_seen", seen)  # noqa: B010 (the same body twice on a page: the next one)
    wanted = seen.get(source, 0)
    count = 0
    for index, line in enumerate(lines):
        opening = line.strip()
        if not (opening.startswith("```") or opening.startswith("~~~")) or "journey" not in opening:
            continue
        indent = len(line) - len(line.lstrip())
        following = [text[indent:] if text[:indent].isspace() or not text[:indent] else text
                     for text in lines[index + 1:index + 1 + len(body)]]
        if following == body:
            if count == wanted:
                seen[source] = wanted + 1
                return index + 2
            count += 1
    return 0


def error_block(problems: list[Problem]) -> str:
    """The problems, escaped, in a block readers see where the journey would have been."""
    items = "".join(f"<li><code>{escape(str(p))}</code></li>" for p in problems)
    return ('<div class="jm jm-fence-error admonition failure" role="alert">'
            '<p class="admonition-title">mkdocs-journey: this journey cannot be shown</p>'
            f"<ul>{items}</ul></div>")


def fence(source: str, language: str, css_class: str, options: Mapping[str, Any], md: Markdown, **kwargs: Any) -> str:
    """The superfences formatter: the body's journey as HTML, or its problems on the page and in the log."""
    site = _site(md)
    where = Where(site.page, _body_line(source, md, site))
    try:
        return str(render_body(source, where, site.settings, site.host))
    except BodyError as exc:
        problems = exc.problems
    except TemplateProblem as exc:
        problems = [Problem(where.page, where.line, 0, f"template error in {exc}")]
    except Exception as exc:  # superfences swallows exceptions and prints the raw block: said here instead
        problems = [Problem(where.page, where.line, 0, f"the journey fence failed: {type(exc).__name__}: {exc}",
                            "this is a bug in mkdocs-journey: please report it with this message")]
    for problem in problems:
        log.error(f"journey fence: {problem}")
    return error_block(problems)
