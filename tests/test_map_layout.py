"""The journey map's page layout in the built HTML: journey pages give the map Material's TOC column."""

from __future__ import annotations

import re

from conftest import site_files


def _secondary_sidebar(html: str) -> str:
    match = re.search(r'<div class="md-sidebar md-sidebar--secondary"[^>]*>', html)
    assert match, "Material's TOC sidebar is missing"
    return match.group(0)


def test_journey_pages_hide_materials_toc_sidebar_and_other_pages_keep_it(site_builder):
    built = site_builder(site_files(), theme={"name": "material", "font": False})
    assert built.error is None, built.text()
    assert "hidden" in _secondary_sidebar(built.page("journeys/first-purchase/"))
    assert "hidden" not in _secondary_sidebar(built.page("personas/lucia/"))
    assert "hidden" not in _secondary_sidebar(built.page("journeys/"))


def test_the_map_names_its_stage_count_for_the_stylesheet(site_builder):
    built = site_builder(site_files(), theme={"name": "material", "font": False})
    html = built.page("journeys/first-purchase/")
    stages = html.count('<th scope="col" class="jm-grid__stage" id="stage-')
    assert stages > 1
    assert f'<div class="jm-map">\n<div class="jm-scroll jm-grid-wrap jm-stages-{stages}"' in html
    css = (built.site / "assets" / "mkdocs-journey" / "journey.css").read_text(encoding="utf-8")
    assert f".jm-stages-{stages} {{ overflow: visible; }}" in css
