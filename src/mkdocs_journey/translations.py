"""Translated journey and persona files: `<name>.<lang>.yml` next to `<name>.yml`.

The suffix convention of mkdocs-static-i18n, for YAML files too: such a file is the `<lang>`
translation of `<name>.yml`, never a journey of its own, and a build in `<lang>` shows it in place
of the original. The rule depends on file names only, so that `validate` and every build (each
language's too) read a folder the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem

LOCALE = re.compile(r"(^[a-z]{2}(-[A-Za-z]{4})?(-[A-Z]{2})?$)|(^[a-z]{2}_[A-Z]{2}$)")
"""A language code as mkdocs-static-i18n accepts one: `es`, `pt-BR`, `pt_BR`, `zh-Hant`."""


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
