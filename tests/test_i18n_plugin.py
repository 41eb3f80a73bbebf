"""Beside mkdocs-static-i18n (1.3.x): every language's site has the journey pages, in its language.

Real builds, `suffix` and `folder` docs structures, the i18n plugin before and after `journey` in
`plugins:`; English is the default language (under `/`), Spanish is under `/es/`. Translated journey
and persona files follow the suffix convention: `first-purchase.es.yml` next to `first-purchase.yml`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_journey.cli import main as journey_cli
from mkdocs_journey.i18n import EN, ES

from conftest import JOURNEY_A, PERSONA_LUCIA, broken_links, site_files

ORDERS = ["before", "after"]
STRUCTURES = ["suffix", "folder"]
PAGES = ["journeys/", "journeys/first-purchase/", "journeys/insurance-renewal/", "personas/", "personas/lucia/",
         "personas/javier/"]
HOME_EN = "# Home\n\nSee [the journeys](journeys/index.md) and [Lucía](personas/lucia.md).\n"
HOME_ES = "# Inicio\n\nVer [los viajes](journeys/index.md) y [Lucía](personas/lucia.md).\n"
JOURNEY_A_ES = JOURNEY_A.replace("title: First online purchase", "title: Primera compra en línea").replace(
    "name: Awareness", "name: Descubrimiento")
PERSONA_LUCIA_ES = PERSONA_LUCIA.replace("role: Graphic designer, 32", "role: Diseñadora gráfica, 32")


def _i18n(structure: str, **extra: object) -> dict:
    return {"i18n": {"docs_structure": structure, "languages": [
        {"locale": "en", "default": True, "name": "English", "build": True},
        {"locale": "es", "name": "Español", "build": True}], **extra}}


def _plugins(structure: str, order: str, journey: str | dict = "journey", **extra: object) -> list:
    i18n = _i18n(structure, **extra)
    return ["search", i18n, journey] if order == "before" else ["search", journey, i18n]


def _files(structure: str, **overrides: str | None) -> dict[str, str]:
    files = site_files(**{"journeys/first-purchase.es.yml": JOURNEY_A_ES,
                          "journeys/personas/lucia.es.yml": PERSONA_LUCIA_ES, **overrides})
    del files["docs/index.md"]
    if structure == "suffix":
        files.update({"docs/index.md": HOME_EN, "docs/index.es.md": HOME_ES})
    else:
        files.update({"docs/en/index.md": HOME_EN, "docs/es/index.md": HOME_ES})
    return files


def _text(html: str) -> str:
    """What a reader sees of a page (body, nav, table of contents, title), less the scripts."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _nav(html: str) -> str:
    return html[html.index('class="md-nav md-nav--primary"'):]


def _broken(site: Path) -> list[str]:
    """`broken_links`, with the language switcher's root-absolute links (`/`, `/es/`) checked against the site."""
    problems = []
    for problem in broken_links(site):
        link = problem.split(" → ", 1)[1]
        if link.startswith("/") and not link.startswith("//") and " " not in link:
            target = site / link.lstrip("/")
            if (target / "index.html").is_file() or target.is_file():
                continue
        problems.append(problem)
    return problems


ENGLISH_ONLY = {value for key, value in EN.items() if value != ES[key] and len(value) > 3}
SPANISH_ONLY = {value for key, value in ES.items() if value != EN[key] and len(value) > 3}


def _labels(text: str, labels: set[str]) -> list[str]:
    return sorted(label for label in labels if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text))


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("structure", STRUCTURES)
def test_every_language_has_the_journey_pages_in_its_language(site_builder, structure: str, order: str) -> None:
    site = site_builder(_files(structure), plugins=_plugins(structure, order))
    assert site.error is None, site.text()
    assert site.text() == ""  # strict: not a warning
    for url in PAGES:
        english, spanish = site.page(url), site.page(f"es/{url}")
        assert '<html lang="en"' in english and '<html lang="es"' in spanish, url
        assert _labels(_text(english), SPANISH_ONLY) == [], (url, "Spanish labels on the English page")
        assert _labels(_text(spanish), ENGLISH_ONLY) == [], (url, "English labels on the Spanish page")
        assert "jm-slot" not in english and "jm-slot" not in spanish
    assert "<title>Customer journeys - Test site</title>" in site.page("journeys/")
    assert "<title>Viajes del cliente - Test site</title>" in site.page("es/journeys/")
    assert "Mapa del viaje" in site.page("es/journeys/first-purchase/")
    assert "Journey map" in site.page("journeys/first-purchase/")
    assert "Emoción media" in site.page("es/journeys/") and "Mean emotion" in site.page("journeys/")
    for url in ("journeys/first-purchase/", "journeys/insurance-renewal/"):
        for prefix in ("", "es/"):
            assert site.page(prefix + url).count("<svg") >= 2, prefix + url  # funnel and emotion curve
    # Navigation: each language's own sections, labelled in its language.
    assert "Viajes" in _nav(site.page("es/")) and "Journeys" not in _nav(site.page("es/"))
    assert "Journeys" in _nav(site.page("")) and "Viajes" not in _nav(site.page(""))
    # The author's pages link into their own language's journey pages.
    assert 'href="journeys/"' in site.page("es/") and 'href="personas/lucia/"' in site.page("es/")
    assert _broken(site.site) == []


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("structure", STRUCTURES)
def test_translated_files_serve_their_language(site_builder, structure: str, order: str) -> None:
    site = site_builder(_files(structure), plugins=_plugins(structure, order))
    assert site.error is None, site.text()
    spanish, english = site.page("es/journeys/first-purchase/"), site.page("journeys/first-purchase/")
    assert "<title>Primera compra en línea - Test site</title>" in spanish
    assert "Descubrimiento" in spanish and "Awareness" not in _text(spanish)
    assert "<title>First online purchase - Test site</title>" in english
    assert "Primera compra" not in english and "Descubrimiento" not in english
    # The catalogue, the nav and the persona page of each language name the journey in that language.
    catalogue = site.page("es/journeys/")
    assert "Primera compra en línea" in catalogue and "First online purchase" not in catalogue
    assert "Primera compra en línea" in site.page("es/personas/lucia/")
    assert "Diseñadora gráfica, 32" in site.page("es/personas/lucia/")
    assert "Graphic designer, 32" in site.page("personas/lucia/") and "Diseñadora" not in site.page("personas/lucia/")
    # No translation: the Spanish site shows the default file, with Spanish labels.
    assert "<title>Insurance renewal - Test site</title>" in site.page("es/journeys/insurance-renewal/")
    # A translation is no journey of its own, in no language.
    assert not any("purchasees" in str(p) or ".es" in p.name for p in site.html_files())
    assert site.page("journeys/").count('href="first-purchase/"') == catalogue.count('href="first-purchase/"')


@pytest.mark.parametrize("order", ORDERS)
def test_language_switcher_links_each_journey_page_to_its_other_language(site_builder, order: str) -> None:
    site = site_builder(_files("suffix"), plugins=_plugins("suffix", order))
    assert site.error is None, site.text()
    spanish = site.page("es/journeys/first-purchase/")
    assert re.search(r'href="../../../journeys/first-purchase/"\s+hreflang="en"', spanish)
    assert re.search(r'href="../../es/journeys/first-purchase/"\s+hreflang="es"', site.page("journeys/first-purchase/"))


def test_without_fallback_the_spanish_site_still_has_every_page(site_builder) -> None:
    site = site_builder(_files("folder"), plugins=_plugins("folder", "after", fallback_to_default=False))
    assert site.error is None, site.text()
    for url in PAGES:
        assert '<html lang="es"' in site.page(f"es/{url}")
    assert _broken(site.site) == []


def test_an_error_in_a_translation_fails_the_build_and_names_the_file(site_builder) -> None:
    files = _files("suffix", **{"journeys/first-purchase.es.yml": JOURNEY_A_ES.replace("emotion: 1", "emotion: 9")})
    site = site_builder(files, plugins=_plugins("suffix", "after"))
    assert site.error is not None
    assert "journeys/first-purchase.es.yml:" in site.text() and "emotion must be an integer from -2 to 2" in site.text()


def test_a_translation_with_another_id_is_an_error(site_builder) -> None:
    files = _files("suffix", **{"journeys/first-purchase.es.yml": "id: primera-compra\n" + JOURNEY_A_ES})
    site = site_builder(files, plugins=_plugins("suffix", "before"))
    assert site.error is not None
    assert ("journeys/first-purchase.es.yml:1:5: the id 'primera-compra' is not the id of the file it translates "
            "('first-purchase')") in site.text()


def test_the_language_option_is_said_to_be_unused_under_i18n(site_builder) -> None:
    site = site_builder(_files("suffix"), plugins=_plugins("suffix", "before", journey={"journey": {"language": "en"}}),
                        strict=False)
    assert site.error is None, site.text()
    assert site.text().count("the 'language' option ('en') is not used: mkdocs-static-i18n builds each of its "
                             "languages (en, es); remove the option") == 1


def test_messages_about_journey_files_are_said_once_not_per_language(site_builder) -> None:
    site = site_builder(_files("folder", **{"journeys/personas/nobody.yml": "name: Nobody\n"}),
                        plugins=_plugins("folder", "before"), strict=False)
    assert site.error is None, site.text()
    assert site.text().count("persona 'nobody' is not used by any journey") == 1
    assert (site.site / "es" / "personas" / "nobody" / "index.html").is_file()


# -- without mkdocs-static-i18n: a translation is still a translation -----------------------------

def test_without_i18n_a_spanish_site_uses_the_spanish_files(site_builder) -> None:
    site = site_builder(site_files(**{"journeys/first-purchase.es.yml": JOURNEY_A_ES}),
                        theme={"name": "material", "language": "es"})
    assert site.error is None, site.text()
    assert "<title>Primera compra en línea - Test site</title>" in site.page("journeys/first-purchase/")
    assert not (site.site / "journeys" / "first-purchasees").exists()


def test_without_i18n_an_english_site_keeps_the_original_and_no_extra_journey(site_builder) -> None:
    site = site_builder(site_files(**{"journeys/first-purchase.es.yml": JOURNEY_A_ES}))
    assert site.error is None, site.text()
    assert "<title>First online purchase - Test site</title>" in site.page("journeys/first-purchase/")
    assert "Primera compra" not in site.page("journeys/")
    assert sorted(p.name for p in (site.site / "journeys").iterdir() if p.is_dir()) == [
        "channels", "first-purchase", "insurance-renewal", "opportunities", "pain-points"]  # the pages across journeys


def test_a_translation_without_its_original_is_an_error_in_build_and_validate(site_builder, monkeypatch,
                                                                              capsys) -> None:
    site = site_builder(site_files(**{"journeys/renewal.es.yml": JOURNEY_A_ES}))
    assert site.error is not None
    expected = ("this is named as the 'es' translation of 'renewal.yml', which does not exist "
                "(hint: add 'renewal.yml' (the default language's version), or rename this file without '.es' "
                "to make it a file of its own)")
    assert f"journeys/renewal.es.yml: {expected}" in site.text()
    monkeypatch.chdir(site.root)
    assert journey_cli(["validate"]) == 1
    out = capsys.readouterr().out
    assert f"journeys/renewal.es.yml: error: {expected}" in out
    assert "3 journeys and 2 personas checked: 1 error, 0 warnings" in out


def test_validate_checks_translations_and_counts_them(site_builder, monkeypatch, capsys) -> None:
    broken = JOURNEY_A_ES.replace("persona: lucia", "persona: luica")
    site = site_builder(site_files(**{"journeys/first-purchase.es.yml": broken}),
                        theme={"name": "material", "language": "es"})
    assert site.error is not None
    assert "journeys/first-purchase.es.yml:2:10: unknown persona 'luica'" in site.text()
    monkeypatch.chdir(site.root)
    assert journey_cli(["validate"]) == 1
    out = capsys.readouterr().out
    assert "journeys/first-purchase.es.yml:2:10: error: unknown persona 'luica'" in out, out
    assert "3 journeys and 2 personas checked: 1 error" in out


@pytest.mark.parametrize("order", ORDERS)
def test_the_stage_list_applies_to_originals_only(site_builder, order: str) -> None:
    journey = {"journey": {"stages": ["Awareness", "Consideration", "Purchase"]}}
    files = _files("suffix", **{"journeys/insurance-renewal.yml": None, "journeys/personas/javier.yml": None})
    site = site_builder(files, plugins=_plugins("suffix", order, journey=journey))
    assert site.error is None, site.text()
    assert "Descubrimiento" in site.page("es/journeys/first-purchase/")
    renamed = JOURNEY_A.replace("name: Awareness", "name: Discovery")
    broken = _files("suffix", **{"journeys/insurance-renewal.yml": None, "journeys/personas/javier.yml": None,
                                 "journeys/first-purchase.yml": renamed})
    site = site_builder(broken, plugins=_plugins("suffix", order, journey=journey))
    assert site.error is not None
    assert "journeys/first-purchase.yml:8:11: stage 'Discovery' is not in the site's stage list" in site.text()
