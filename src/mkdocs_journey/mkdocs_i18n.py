"""Beside mkdocs-static-i18n: which language a build is for, and how generated pages reach each language.

(Translated journey files, `<name>.<lang>.yml`, are `translations.py`: they work without this plugin too.)

With mkdocs-static-i18n, MkDocs builds the whole site once per language (the plugin calls
`mkdocs.commands.build.build` again from its `on_post_build`, after setting its `current_language`).
Each generated page is offered to it once per language, named as its `docs_structure` names a
page of that language (`journeys/x.es.md` for `suffix`, `es/journeys/x.md` for `folder`), so that
it places, links and lists them (nav, language switcher, sitemap) as it does the author's pages.

mkdocs-static-i18n rebuilds every file in its `on_files` as `File(src_path, docs_dir, ...)`: that reads
`abs_src_path` (a generated file has none: the `TypeError` of issue 10) and drops the in-memory
content and the edit link. So generated files are handed to it with the path they pretend to have in
docs_dir (`hand_to_i18n`), and what it dropped is put back afterwards (`restore_generated`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mkdocs.structure.files import File, Files

I18N_MODULE = "mkdocs_static_i18n"
I18N_VERSIONS = ">=1.3,<2"
STRUCTURES = ("suffix", "folder")


class UnsupportedI18n(Exception):
    """mkdocs-static-i18n is configured, but not a version whose build this module understands."""


@dataclass(frozen=True)
class I18nSite:
    """What mkdocs-static-i18n says about the build under way."""

    structure: str
    """`suffix` (`page.es.md`) or `folder` (`es/page.md`)."""
    default: str
    languages: tuple[str, ...]
    """The languages it builds, default first."""
    current: str
    """The language of the build under way."""


def find_i18n(plugins: Mapping[str, Any]) -> I18nSite | None:
    """The mkdocs-static-i18n build under way, read from its plugin instance; None without it.

    Read at `on_files` time: its `on_config` has run by then (it sets the language of the first
    build), and before each later build it sets `current_language` itself.
    """
    plugin = next((p for p in plugins.values() if type(p).__module__.split(".")[0] == I18N_MODULE), None)
    if plugin is None:
        return None
    try:
        structure = plugin.config.docs_structure
        default = plugin.default_language
        languages = [lang for lang in plugin.build_languages if lang != "null"]
        current = plugin.current_language or default
    except AttributeError as exc:
        raise UnsupportedI18n(_unsupported(f"it has no {exc.name!r}")) from exc
    if structure not in STRUCTURES or not isinstance(default, str) or not isinstance(current, str):
        raise UnsupportedI18n(_unsupported(f"docs_structure {structure!r}, default language {default!r}"))
    ordered = tuple(dict.fromkeys([default, *languages]))
    return I18nSite(structure, default, ordered, current)


def _unsupported(detail: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("mkdocs-static-i18n")
    except PackageNotFoundError:
        found = "unknown"
    return (f"mkdocs-static-i18n {found} is not a version the journey plugin works with ({detail}); "
            f'install a supported one: pip install "mkdocs-static-i18n{I18N_VERSIONS}"')


def build_language(site: I18nSite | None, configured: str | None) -> str:
    """The language of the pages this build generates: the i18n build's, else the configured one, else English.

    `configured` is the plugin's `language` option, else the theme's language (as on_config reads it).
    """
    if site is not None:
        return site.current
    return configured or "en"


def page_uri(src_uri: str, language: str, site: I18nSite) -> str:
    """The name of a `language` page in `site`'s docs structure: `journeys/x.md` → `journeys/x.es.md`."""
    if site.structure == "folder":
        return f"{language}/{src_uri}"
    if language == site.default:
        return src_uri
    stem, dot, ext = src_uri.rpartition(".")
    return f"{stem}.{language}.{ext}" if dot else f"{src_uri}.{language}"


def page_uris(src_uri: str, site: I18nSite | None) -> list[str]:
    """Every name a generated page is offered under: one per language the site builds."""
    if site is None:
        return [src_uri]
    return [page_uri(src_uri, language, site) for language in site.languages]


def hand_to_i18n(file: File, docs_dir: str) -> None:
    """Give a generated file the path it pretends to have in docs_dir, which mkdocs-static-i18n needs.

    The content stays in memory (MkDocs prefers it to the path); `restore_generated` undoes this.
    """
    file.abs_src_path = os.path.normpath(os.path.join(docs_dir, file.src_uri))


def restore_generated(files: Files, originals: Mapping[str, File]) -> int:
    """Put back on each file mkdocs-static-i18n rebuilt what it dropped: content, origin, edit link.

    Files are matched by `src_uri`, which it keeps. Returns how many were restored.
    """
    restored = 0
    for file in files:
        original = originals.get(file.src_uri)
        if original is None or file is original:
            continue
        content = original.content_bytes  # in memory: never reads the pretended path
        file.generated_by = original.generated_by
        file.content_bytes = content  # also unsets the pretended abs_src_path again
        file.edit_uri = original.edit_uri
        restored += 1
    return restored
