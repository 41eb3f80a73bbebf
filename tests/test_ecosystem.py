"""Beside the plugins real sites add, in either order: nothing we generate is lost, evaluated or broken."""

from __future__ import annotations

import pytest

from conftest import JOURNEY_A, broken_links, site_files

ORDERS = ["before", "after"]


def _plugins(other: str | dict, order: str) -> list:
    return ["search", other, "journey"] if order == "before" else ["search", "journey", other]


@pytest.mark.parametrize("minify", [{"minify": {"minify_html": True}}, "minify_html"],
                         ids=["mkdocs-minify-plugin", "mkdocs-minify-html-plugin"])
@pytest.mark.parametrize("order", ORDERS)
def test_minifier_keeps_charts_and_map(site_builder, order: str, minify: str | dict) -> None:
    site = site_builder(plugins=_plugins(minify, order))
    assert site.error is None, site.text()
    page = site.page("journeys/first-purchase/")
    assert "jm-slot" not in page
    assert page.count("<svg") >= 2  # funnel and emotion curve
    assert "jm-grid" in page or "jm-map" in page
    assert "Show the price in the ad" in page


@pytest.mark.parametrize("order", ORDERS)
def test_redirect_to_a_journey_page(site_builder, order: str) -> None:
    redirects = {"redirects": {"redirect_maps": {"old-purchase.md": "journeys/first-purchase.md"}}}
    site = site_builder(plugins=_plugins(redirects, order))
    assert site.error is None, site.text()
    assert "does not exist" not in site.text()
    assert "journeys/first-purchase/" in site.page("old-purchase/")
    assert broken_links(site.site) == []


@pytest.mark.parametrize("order", ORDERS)
def test_macros_never_evaluate_generated_titles(site_builder, order: str) -> None:
    files = site_files(journeys__first_purchase_yml=None)
    files["journeys/first-purchase.yml"] = JOURNEY_A.replace("title: First online purchase", "title: 'Buy {{ 7*7 }}'")
    files["journeys/personas/lucia.yml"] = "name: 'Lucía {{ 6*7 }}'\n"
    site = site_builder(files, plugins=_plugins("macros", order))
    assert site.error is None, site.text()
    for url in ("journeys/first-purchase/", "journeys/", "personas/lucia/"):
        page = site.page(url)
        assert "Buy 49" not in page and "Lucía 42" not in page, url
    assert "Buy {{ 7*7 }}" in site.page("journeys/first-purchase/")
    assert "Lucía {{ 6*7 }}" in site.page("personas/lucia/")


@pytest.mark.parametrize("order", ORDERS)
def test_awesome_nav_lists_generated_pages(site_builder, order: str) -> None:
    """mkdocs-awesome-nav builds the nav from the files (and .nav.yml files): generated pages are files too."""
    files = site_files(**{"docs/.nav.yml": "nav:\n  - index.md\n  - Journeys: journeys\n  - personas\n"})
    site = site_builder(files, plugins=_plugins("awesome-nav", order))
    assert site.error is None, site.text()
    home = site.page("")
    assert 'href="journeys/first-purchase/"' in home and 'href="personas/lucia/"' in home
    assert broken_links(site.site) == []
