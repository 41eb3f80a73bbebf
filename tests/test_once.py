"""Every fact once (issue 13): the journey map is the page's only copy of a journey's facts; a lean text of
it stands in for it in the search index (Material's and MkDocs' own), and the page still has its stage anchors."""

from __future__ import annotations

import json
import re

import pytest

from once_journeys import FILES, PAGES, pain
from test_fence import FENCE_YAML
from test_site import grid

from conftest import BuiltSite, broken_links, build_site, site_files


@pytest.fixture(scope="module", params=["material", "mkdocs"])
def site(request, tmp_path_factory) -> BuiltSite:
    built = build_site(tmp_path_factory.mktemp(f"once-{request.param}"), site_files(**FILES),
                       theme={"name": request.param})
    assert built.error is None and built.text() == "", built.text()
    return built


def _visible_html(html: str) -> str:
    return re.sub(r"<script.*?</script>", " ", html, flags=re.S)


@pytest.mark.parametrize("slug", sorted(PAGES))
def test_each_pain_point_is_on_the_page_once(site: BuiltSite, slug: str) -> None:
    html = _visible_html(site.page(f"journeys/{slug}/"))
    for stage in range(1, PAGES[slug] + 1):
        for step in (1, 2):
            assert html.count(pain(stage, step)) == 1, (slug, stage, step)
    assert "Stages in detail" not in html and 'class="jm-stage"' not in html
    assert "data-jm-slot" not in html  # the lean text for search went with its placeholder


@pytest.mark.parametrize("slug", sorted(PAGES))
def test_stage_anchors_are_on_the_maps_column_headers(site: BuiltSite, slug: str) -> None:
    html = site.page(f"journeys/{slug}/")
    heads = re.findall(r'<th scope="col" class="jm-grid__stage" id="(stage-[^"]+)"><a href="#\1" title="[^"]+">', html)
    assert len(heads) == PAGES[slug] and len(set(heads)) == len(heads)
    assert not re.search(r'<h3 id="stage-', html)  # no second copy of the stage (the lean text is gone)
    assert all(html.count(f'id="{anchor}"') == 1 for anchor in heads)


def test_links_to_stages_from_other_pages_land_on_a_stage_header(site: BuiltSite) -> None:
    assert broken_links(site.site) == []
    # the persona page links each of its journeys' stages? (cross pages link `journey/#stage-…`)
    pains = site.page("journeys/pain-points/")
    targets = set(re.findall(r'href="\.\./six/#(stage-[^"]+)"', pains))
    assert targets, "the pain-point page links the six-stage journey's stages"
    six = site.page("journeys/six/")
    assert all(f'<th scope="col" class="jm-grid__stage" id="{t}">' in six for t in targets)


def _index(site: BuiltSite) -> list[dict]:
    return json.loads((site.site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def test_search_finds_a_journey_by_a_pain_points_words(site: BuiltSite) -> None:
    docs = _index(site)
    hits = [d["location"] for d in docs if pain(3, 2) in d["text"]]
    # the stage's own section of the page: a search result opens the map at that stage's column
    assert "journeys/six/#stage-call-to-the-customer-service-centre" in hits, hits
    text = " ".join(d["text"] for d in docs if d["location"].startswith("journeys/six/#"))  # its sections
    assert "Step 1 of stage 1: the customer reads and compares the offer" in text  # actions
    assert "Touchpoint 0.0 letter" in text and "explain the increase up front" in text
    assert text.count(pain(3, 2)) == 1  # the lean text once, not the map too
    assert "jm-step-details" not in text and "Backstage 0.0" not in text  # lean: no step disclosures


def test_the_map_is_the_summary_and_steps_open_on_their_own_facts(site: BuiltSite) -> None:
    g = grid(site.page("journeys/six/"))
    assert len(g.stages) == 6
    for gone in ("Thoughts", "Backstage", "Actors"):
        assert gone not in g.rows, gone
    for kept in ("Goal", "Customers", "Actions", "Touchpoints", "Channels", "Emotion", "Moments of truth",
                 "Pain points", "Opportunities", "KPIs"):
        assert kept in g.rows, kept
    assert "Thought 0.0 about the price" in g.rows["Actions"][0] and "Backstage 0.0: batch letters" in g.rows["Actions"][0]
    assert g.rows["KPIs"][0] == "Conversion rate: 12.5 / 15 % ✗ target not met (higher is better)"
    assert g.rows["Customers"][0] == "1,250,000"


def test_a_fence_can_still_show_the_stage_list_and_by_default_shows_the_map_only(tmp_path) -> None:
    doc = ("# Map\n\n```journey\njourney: six\n```\n\n# List\n\n```journey\njourney: nine\nshow: [map, stages]\n```\n")
    built = build_site(tmp_path, site_files(**FILES, **{"docs/index.md": doc}), plugins=["search"], yaml_text=FENCE_YAML)
    assert built.error is None, built.text()
    html = built.page("")
    six = html[:html.index('id="list"')]
    assert six.count(pain(1, 1)) == 1 and 'class="jm-stage"' not in six
    nine = html[html.index('id="list"'):]
    assert nine.count('class="jm-stage"') == 9  # the stage list, asked for: it carries the stage ids
    assert nine.count('id="stage-stage-number-1-of-nine"') == 1
    assert broken_links(built.site) == []
