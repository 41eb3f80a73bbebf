"""mkdocs_i18n.py and translations.py: which language a build is for, which file serves which language."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_journey.mkdocs_i18n import I18nSite, UnsupportedI18n, build_language, find_i18n, page_uri, page_uris
from mkdocs_journey.problems import Problem
from mkdocs_journey.translations import pick, split_translations, translation_of

SUFFIX = I18nSite("suffix", "en", ("en", "es"), "es")
FOLDER = I18nSite("folder", "en", ("en", "es"), "en")


@pytest.mark.parametrize(("uri", "site", "language", "expected"), [
    ("journeys/first-purchase.md", SUFFIX, "en", "journeys/first-purchase.md"),
    ("journeys/first-purchase.md", SUFFIX, "es", "journeys/first-purchase.es.md"),
    ("journeys/index.md", SUFFIX, "pt-BR", "journeys/index.pt-BR.md"),
    ("journeys/index.md", FOLDER, "en", "en/journeys/index.md"),
    ("personas/lucia.md", FOLDER, "es", "es/personas/lucia.md"),
])
def test_page_uri_follows_the_docs_structure(uri: str, site: I18nSite, language: str, expected: str) -> None:
    assert page_uri(uri, language, site) == expected


def test_page_uris_one_per_language_or_just_the_page() -> None:
    assert page_uris("journeys/index.md", None) == ["journeys/index.md"]
    assert page_uris("journeys/index.md", SUFFIX) == ["journeys/index.md", "journeys/index.es.md"]
    assert page_uris("journeys/index.md", FOLDER) == ["en/journeys/index.md", "es/journeys/index.md"]


def test_build_language_prefers_the_i18n_build() -> None:
    assert build_language(SUFFIX, "en") == "es"
    assert build_language(None, "es") == "es"
    assert build_language(None, None) == "en"


class _FakeConfig:
    docs_structure = "suffix"


class _NotI18n:
    current_language = "fr"


def test_find_i18n_ignores_other_plugins() -> None:
    assert find_i18n({"search": object(), "other": _NotI18n()}) is None


def test_find_i18n_reads_a_real_plugin_instance() -> None:
    from mkdocs_static_i18n.plugin import I18n

    plugin = I18n()
    plugin.load_config({"docs_structure": "folder", "languages": [
        {"locale": "en", "default": True, "name": "English"}, {"locale": "es", "name": "Español"}]})
    assert find_i18n({"i18n": plugin}) == I18nSite("folder", "en", ("en", "es"), "en")  # before its first on_config
    plugin.current_language = "es"
    assert find_i18n({"i18n": plugin}).current == "es"


def test_an_unknown_i18n_version_is_an_error_naming_the_fix() -> None:
    class Old:  # what an instance of another major version could look like
        config = _FakeConfig()

    Old.__module__ = "mkdocs_static_i18n.plugin"
    with pytest.raises(UnsupportedI18n, match=r'pip install "mkdocs-static-i18n>=1.3,<2"'):
        find_i18n({"i18n": Old()})


@pytest.mark.parametrize(("name", "expected"), [
    ("first-purchase.es.yml", ("first-purchase", "es")),
    ("lucia.pt-BR.yaml", ("lucia", "pt-BR")),
    ("lucia.pt_BR.yml", ("lucia", "pt_BR")),
    ("first-purchase.yml", None),
    ("first.purchase.yml", None),  # 'purchase' is no language code
    ("checkout.v2.yml", None),
    (".es.yml", None),
])
def test_translation_of(name: str, expected: tuple[str, str] | None) -> None:
    assert translation_of(Path("journeys") / name) == expected


def test_split_translations_pairs_files_with_their_originals(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    names = ["a.yml", "a.es.yml", "a.fr.yaml", "b.yaml", "b.es.yml", "c.es.yml", "d.es.yml", "d.es.yaml", "d.yml"]
    paths = [folder / n for n in names]
    problems: list[Problem] = []
    split = split_translations(paths, lambda p: p.name, problems)
    assert split.originals == [folder / "a.yml", folder / "b.yaml", folder / "d.yml"]
    assert split.by_original[folder / "a.yml"] == {"es": folder / "a.es.yml", "fr": folder / "a.fr.yaml"}
    assert split.by_original[folder / "b.yaml"] == {"es": folder / "b.es.yml"}
    messages = [(p.file, p.message) for p in problems]
    assert ("c.es.yml", "this is named as the 'es' translation of 'c.yml', which does not exist") in messages
    assert any(f == "d.es.yaml" and "second 'es' translation" in m for f, m in messages)
    assert len(problems) == 2


def test_pick_falls_back_to_the_primary_language() -> None:
    versions = {"es": Path("a.es.yml"), "pt-BR": Path("a.pt-BR.yml")}
    assert pick(versions, "es") == Path("a.es.yml")
    assert pick(versions, "es-MX") == Path("a.es.yml")
    assert pick(versions, "pt-BR") == Path("a.pt-BR.yml")
    assert pick(versions, "pt") is None
    assert pick(versions, "en") is None
    assert pick(versions, None) is None
