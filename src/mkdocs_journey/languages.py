"""Which language a build is for, and which file serves which language.

Two conventions, both those of mkdocs-static-i18n (the suffix one for YAML files too):

* A journey or persona file `<name>.<lang>.yml` next to `<name>.yml` is the `<lang>` translation of
  it, never a journey of its own. A build in `<lang>` uses it in place of `<name>.yml`.
* With mkdocs-static-i18n, MkDocs builds the whole site once per language (the plugin calls
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
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

from .problems import Problem

LOCALE = re.compile(r"(^[a-z]{2}(-[A-Za-z]{4})?(-[A-Z]{2})?$)|(^[a-z]{2}_[A-Z]{2}$)")
"""A language code as mkdocs-static-i18n accepts one: `es`, `pt-BR`, `pt_BR`, `zh-Hant`."""

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


# -- translated journey and persona files --------------------------------------------------------

def translation_of(path: Path) -> tuple[str, str] | None:
    """`x.es.yml` → (`x`, `es`): the name of the file it translates, and the language; else None."""
    stem = Path(path.stem)
    language = stem.suffix[1:]
    if not language or not stem.stem or not LOCALE.match(language):
        return None
    return stem.stem, language


@dataclass(frozen=True)
class Translations:
    """A folder's YAML files split into originals and, per original, its translations by language."""

    originals: list[Path]
    by_original: dict[Path, dict[str, Path]]

    def paths(self) -> Iterable[tuple[Path, str, Path]]:
        """(original, language, translation) for every translation, in a stable order."""
        for original in self.originals:
            for language, path in sorted(self.by_original.get(original, {}).items()):
                yield original, language, path


def split_translations(paths: list[Path], display: Callable[[Path], str], problems: list[Problem]) -> Translations:
    """Tell translations from originals. A translation whose original is missing is an error, never a journey.

    The rule depends on file names only, so that `validate` and every build (each language's too)
    read a folder the same way.
    """
    by_name: dict[tuple[Path, str], Path] = {}
    for path in paths:
        if translation_of(path) is None:
            by_name.setdefault((path.parent, path.stem), path)
    originals: list[Path] = []
    by_original: dict[Path, dict[str, Path]] = {}
    for path in paths:
        parsed = translation_of(path)
        if parsed is None:
            originals.append(path)
            continue
        name, language = parsed
        original = by_name.get((path.parent, name))
        if original is None:
            problems.append(Problem(
                display(path), 0, 0,
                f"this is named as the '{language}' translation of '{name}{path.suffix}', which does not exist",
                f"add '{name}{path.suffix}' (the default language's version), or rename this file "
                f"without '.{language}' to make it a file of its own"))
            continue
        versions = by_original.setdefault(original, {})
        if language in versions:
            problems.append(Problem(display(path), 0, 0,
                                    f"a second '{language}' translation of '{display(original)}' "
                                    f"(also {display(versions[language])})", "remove one of them"))
            continue
        versions[language] = path
    return Translations(originals, by_original)


def pick(versions: Mapping[str, Path], language: str | None) -> Path | None:
    """The translation that serves `language` (`es-MX` falls back to `es`), or None for the original."""
    if not language:
        return None
    primary = re.split(r"[-_]", language)[0]
    return versions.get(language) or versions.get(primary)
