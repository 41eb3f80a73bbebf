"""The page registry and the composed journey page, seen through real builds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

import mkdocs_journey
from mkdocs_journey.catalog import Catalog
from mkdocs_journey.rendering import PageBody, PageKey, Placer, Renderer
from mkdocs_journey.views import DEFAULT_VIEWS, JourneyView

from conftest import site_files


@dataclass(frozen=True)
class StatsContext:
    journeys: int
    stages: int
    catalogue_href: str


class StatsView(JourneyView):
    """A toy page kind: one page of counts, at journeys/stats/."""

    kind = "stats"
    index = False

    def items(self, catalog: Catalog) -> Sequence[str | None]:
        return [None]

    def path(self, item: str | None) -> str:
        return "journeys/stats"

    def title(self, r: Renderer, item: str | None) -> str:
        return "Journey statistics"

    def source(self, catalog, item):
        return None

    def tags(self, catalog, item):
        return ()

    def charts(self, r, item):
        return ()

    def inputs(self, r: Renderer, item: str | None) -> Sequence[str]:
        return [j.model_dump_json() for j in r.catalog.journeys.values()]

    def render(self, r: Renderer, item: str | None, place: Placer) -> PageBody:
        here = PageKey(self.kind)
        stages = sum(len(j.stages) for j in r.catalog.journeys.values())
        context = StatsContext(len(r.catalog.journeys), stages, r.link(here, PageKey("catalogue")))
        return PageBody(self.title(r, item), r.template("stats.html", context))


STATS_TEMPLATE = """<h1 id="stats">Journey statistics</h1>
<h2 id="counts">Counts</h2>
<p class="stats">{{ journeys }} journeys, {{ stages }} stages. <a href="{{ catalogue_href }}">All</a></p>
"""


def test_a_page_kind_added_through_the_registry_alone(site_builder):
    files = site_files(**{"overrides/stats.html": STATS_TEMPLATE})

    changed = []

    def add_stats(config) -> None:
        plugin = config.plugins["journey"]
        plugin.views = (*DEFAULT_VIEWS, StatsView())
        changed.append(plugin)

    try:
        built = site_builder(files, plugins=["search", {"journey": {"custom_templates": "overrides"}}],
                             configure=add_stats)
    finally:  # MkDocs keeps a plugin instance that has on_startup across builds of one process
        for plugin in changed:
            del plugin.views
    assert built.error is None, built.text()
    page = built.page("journeys/stats/")
    assert '<p class="stats">2 journeys, 5 stages. <a href="../">All</a></p>' in page
    assert "<title>Journey statistics - Test site</title>" in page
    assert 'href="#counts"' in page  # its TOC comes from its own headings
    assert 'href="journeys/stats/"' in built.page("")  # in the nav, after the journeys


def test_a_custom_journey_template_without_the_funnel_has_no_funnel_in_its_toc(site_builder):
    plugin_template = (Path(mkdocs_journey.__file__).parent / "templates" / "journey.html").read_text(encoding="utf-8")
    start, end = plugin_template.index("{% if parts.funnel %}"), plugin_template.index("{% if parts.emotion %}")
    files = site_files(**{"overrides/journey.html": plugin_template[:start] + plugin_template[end:]})
    built = site_builder(files, plugins=["search", {"journey": {"custom_templates": "overrides"}}])
    assert built.error is None, built.text()
    page = built.page("journeys/first-purchase/")
    assert 'id="funnel"' not in page and 'href="#funnel"' not in page
    assert 'href="#journey-map"' in page and 'href="#stage-awareness"' in page  # the rest of the TOC is there
    default = site_builder(site_files()).page("journeys/first-purchase/")
    assert 'href="#funnel"' in default  # ... and the funnel is in the plugin's own template's TOC


def test_page_bodies_are_plain_text_for_the_host():
    """A Markup body would make every string operation of MkDocs and its plugins escape and wrap (slow)."""
    from markupsafe import Markup

    from mkdocs_journey.rendering import Deferred

    assert type(PageBody("t", Markup("<b>x</b>")).html) is str
    place = Deferred()
    stand_in = place("grid", Markup("<table></table>"))  # kept as given (no copy), joined as plain text
    from mkdocs_journey.rendering import fill_slots

    page = fill_slots(f"<p>a & b</p>{stand_in}", place.late)  # never `str + Markup`, which escapes the str
    assert type(page) is str and page == "<p>a & b</p><table></table>"


def test_a_late_part_inside_another_is_kept_and_filled_whatever_the_order() -> None:
    from mkdocs_journey.rendering import Deferred, SlotMissing, fill_slots, placed

    place = Deferred()
    inner = place("a-chart", "<svg>chart</svg>")  # sorts before its holder: filled on a second pass
    outer = place("b-table", f"<table><tr><td>{inner}</td></tr></table>", "<p>lean</p>")
    place("c-left-out", "<p>a part the template did not place</p>")
    page = f"<h1>T</h1>{outer}"
    late = placed(page, place.late)
    assert list(late) == ["a-chart", "b-table"]  # the left-out part has nowhere to go; the nested one has
    assert "lean" in page
    assert fill_slots(page, late) == "<h1>T</h1><table><tr><td><svg>chart</svg></td></tr></table>"
    with pytest.raises(SlotMissing, match="'a-chart'"):
        fill_slots("<h1>T</h1>", late)  # neither placeholder is there: the first is named, never skipped
