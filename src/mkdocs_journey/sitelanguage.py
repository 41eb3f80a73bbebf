"""The language of a site's generated text, as the plugin decides it, for commands that have no build.

`mkdocs-journey new` writes starter files whose comments and placeholders a site's authors read and
replace; in a Spanish site they must be Spanish. The plugin's rule (plugin.py, on_config) is: its
`language` option, else `theme.language` (Material), else `theme.locale` (MkDocs' own themes), else
English. Here the same rule is applied to mkdocs.yml read as MkDocs reads it (!ENV, INHERIT).
"""

from __future__ import annotations

from pathlib import Path

from .i18n import language_code


def theme_language(config_file: Path) -> str | None:
    """`theme.language`, else `theme.locale`, of a mkdocs.yml; None when it names neither (or is unreadable:
    the caller has already reported that)."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    try:
        with config_file.open("rb") as fd:
            data = yaml_load(fd, get_yaml_loader(config=MkDocsConfig(config_file_path=str(config_file))))
    except Exception:  # noqa: BLE001 - the caller read this file already and reports its problems
        return None
    theme = data.get("theme") if isinstance(data, dict) else None
    if not isinstance(theme, dict):
        return None  # `theme: material` or no theme: the theme's default, English
    for key in ("language", "locale"):
        value = theme.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def site_language(config_file: Path, plugin_language: str | None) -> str:
    """The catalogue code (`en`, `es`) of the site whose mkdocs.yml is `config_file`."""
    return language_code(plugin_language or theme_language(config_file))
