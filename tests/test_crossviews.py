"""The pages across journeys (pain-point ranking, opportunities backlog), seen through real builds."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from conftest import broken_links, dedent, site_files

# Three journeys sharing pain points, written with different case and spacing, and severities that
# rank a pain point of one journey above another of the same journey.
CHECKOUT = dedent("""
    title: Checkout
    persona: lucia
    stages:
      - name: Basket
        steps:
          - action: Opens the basket
            pain_points:
              - Shipping costs appear late
              - {text: Coupon field is hidden, severity: low}
              - {text: "Page <script>alert(1)</script> freezes", severity: medium}
            opportunities:
              - {text: Show shipping up front, priority: low, status: done, owner: Web team}
              - {text: Free shipping threshold, priority: high, status: planned, owner: "Growth <b>team</b>",
                 link: "https://tracker.example/1?a=1&b=<2>"}
      - name: Payment
        steps:
          - action: Pays
            personas: [lucia]
            pain_points: [{text: Card rejected, severity: high}]
            opportunities: [Add wallets]
    """)
RETURNS = dedent("""
    title: Returns
    persona: [javier, lucia]
    stages:
      - name: Request
        steps:
          - action: Asks for a return
            personas: javier
            pain_points: ["  shipping   COSTS appear late ", {text: Card rejected, severity: low}]
            opportunities: [{text: Return label in the app, priority: medium, status: in-progress}]
    """)
SUPPORT = dedent("""
    title: Support
    persona: javier
    stages:
      - name: Call
        steps:
          - action: Calls
            pain_points: [{text: Shipping costs appear late, severity: high}, Long hold]
    """)


def files(**extra: str | None) -> dict[str, str]:
    return site_files(**{"journeys/first-purchase.yml": None, "journeys/insurance-renewal.yml": None,
                         "journeys/checkout.yml": CHECKOUT, "journeys/returns.yml": RETURNS,
                         "journeys/support.yml": SUPPORT, **extra})


def rows(html: str, cls: str) -> list[str]:
    return re.findall(rf'<tr class="{cls}">(.*?)</tr>', html, re.S)


def first_cell(row: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", row.split("</td>")[0]).strip())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import build_site
    return build_site(tmp_path_factory.mktemp("cross"), files())


def test_pain_points_ranked_by_journeys_then_severity(built):
    assert built.error is None, built.text()
    assert built.text() == ""
    found = [first_cell(r) for r in rows(built.page("journeys/pain-points/"), "jm-pain-point")]
    assert found == [
        "Shipping costs appear late high severity",  # 3 journeys; its highest severity (Support's)
        "Card rejected high severity",  # 2 journeys
        "Page <script>alert(1)</script> freezes medium severity",  # 1 journey, medium
        "Coupon field is hidden low severity",
        "Long hold",  # no severity last
    ]


def test_pain_point_lists_each_journey_stage_and_persona(built):
    html = built.page("journeys/pain-points/")
    shipping = rows(html, "jm-pain-point")[0]
    assert '<td class="jm-num">3</td>' in shipping
    assert '<a href="../checkout/#stage-basket">Basket</a>' in shipping
    assert '<a href="../returns/#stage-request">Request</a> (<a href="../../personas/javier/">Javier Moreno</a>)' in shipping
    assert '<a href="../support/#stage-call">Call</a>' in shipping
    assert shipping.index("../checkout/") < shipping.index("../returns/") < shipping.index("../support/")
    card = rows(html, "jm-pain-point")[1]
    assert "(<a href=\"../../personas/lucia/\">Lucía Fernández</a>)</li>" in card  # the step's own persona


def test_backlog_high_priority_first_done_last_with_counts(built):
    html = built.page("journeys/opportunities/")
    found = [first_cell(r) for r in rows(html, "jm-opportunity")]
    assert [f.split(" ")[0] for f in found] == ["Free", "Return", "Add", "Show"]
    assert found[-1].startswith("Show shipping up front low priority done")
    counts = re.sub(r"<[^>]+>", "", html[html.index('class="jm-status-counts"'):].split("</p>")[0])
    assert "planned: 1 · in progress: 1 · done: 1 · no status: 1" in counts
    free = rows(html, "jm-opportunity")[0]
    assert "Owner: Growth &lt;b&gt;team&lt;/b&gt;" in free
    assert 'href="https://tracker.example/1?a=1&amp;b=&lt;2&gt;" rel="noopener noreferrer"' in free
    assert '<a href="../checkout/#stage-basket">Basket</a>' in free


def test_hostile_text_is_escaped(built):
    for url in ("journeys/pain-points/", "journeys/opportunities/"):
        html = built.page(url)
        assert "<script>alert" not in html and "<b>team" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in built.page("journeys/pain-points/")


def test_links_resolve_and_catalogue_and_nav_link_the_pages(built):
    assert broken_links(built.site) == []
    catalogue = built.page("journeys/")
    assert '<a href="pain-points/">Pain points across journeys →</a>' in catalogue
    assert '<a href="opportunities/">Opportunities backlog →</a>' in catalogue
    nav = catalogue[catalogue.index('class="md-nav md-nav--primary"'):]
    links = re.findall(r'href="((?:\.\./)*|\./)?(pain-points/|opportunities/|checkout/|returns/)"', nav)
    assert [target for _, target in links][:2] == ["pain-points/", "opportunities/"]  # next to the catalogue


def test_navigation_index_keeps_the_pages(site_builder):
    built = site_builder(files(), plugins=["search", {"journey": {"navigation": "index"}}])
    assert built.error is None, built.text()
    nav = built.page("")
    nav = nav[nav.index('class="md-nav md-nav--primary"'):]
    assert 'href="journeys/pain-points/"' in nav and 'href="journeys/opportunities/"' in nav
    assert 'href="journeys/checkout/"' not in nav


def test_spanish_labels(site_builder):
    built = site_builder(files(), plugins=["search", {"journey": {"language": "es"}}])
    assert built.error is None, built.text()
    pains = built.page("journeys/pain-points/")
    assert "Puntos de dolor en todos los viajes" in pains and "Dónde aparece" in pains and "gravedad alta" in pains
    backlog = built.page("journeys/opportunities/")
    assert "Cartera de oportunidades" in backlog and "Por estado" in backlog and "planificada: 1" in backlog
    assert "sin estado: 1" in backlog and "Responsable" in backlog
    assert "Cartera de oportunidades →" in built.page("journeys/")


def test_option_off_generates_neither_page(site_builder):
    built = site_builder(files(), plugins=["search", {"journey": {"cross_journey": False}}])
    assert built.error is None, built.text()
    assert not (built.site / "journeys" / "pain-points").exists()
    assert not (built.site / "journeys" / "opportunities").exists()
    assert "pain-points/" not in built.page("journeys/") and "opportunities/" not in built.page("journeys/")
    assert broken_links(built.site) == []


def test_no_pain_points_says_so(site_builder):
    quiet = "title: Quiet\npersona: [lucia, javier]\nstages: [{name: A, steps: [{action: Waits}]}]\n"
    built = site_builder(files(**{"journeys/checkout.yml": None, "journeys/returns.yml": None,
                                  "journeys/support.yml": quiet}))
    assert built.error is None, built.text()
    assert "No pain points in the journeys yet." in built.page("journeys/pain-points/")
    assert "No opportunities in the journeys yet." in built.page("journeys/opportunities/")


@pytest.mark.parametrize(("path", "page"), [("journeys/pain-points.yml", "pain-point ranking across journeys"),
                                            ("journeys/opportunities.yml", "opportunities backlog"),
                                            ("journeys/personas/opportunities.yml", "opportunities backlog")])
def test_reserved_ids_are_an_error_naming_the_file(site_builder, path, page):
    text = "name: X\n" if "personas" in path else "title: X\nstages: [{name: A}]\n"
    built = site_builder(files(**{path: text}))
    assert built.error is not None
    assert f"{path}:1:1: the id '{path.split('/')[-1][:-4]}' is reserved for the journeys' {page}" in built.text()


def test_the_pages_across_journeys_share_their_places_and_a_persona_page_has_its_own(tmp_path):
    """crossviews._places (issue 16): made once a build for the pages side by side, by the links they hold."""
    from mkdocs_journey.catalog import load_catalog
    from mkdocs_journey.crossviews import _places
    from mkdocs_journey.rendering import PageKey, Renderer
    from mkdocs_journey.views import DEFAULT_VIEWS

    from conftest import write_tree

    write_tree(tmp_path, {"journeys/checkout.yml": CHECKOUT, "journeys/returns.yml": RETURNS,
                          "journeys/personas/lucia.yml": "name: Lucía\n", "journeys/personas/javier.yml": "name: Javier\n"})
    catalog = load_catalog(tmp_path / "journeys", tmp_path / "journeys/personas", root=tmp_path)
    for directory_urls in (True, False):
        r = Renderer(catalog, DEFAULT_VIEWS, directory_urls=directory_urls)
        pains = _places(r, PageKey("pain-points"))
        assert _places(r, PageKey("channels")) is pains  # the same links: made once
        assert [p.journey_href for _, p in pains] == [("../checkout/" if directory_urls else "checkout.html")] * 2 + [
            "../returns/" if directory_urls else "returns.html"]
        catalogue = _places(r, PageKey("catalogue"))  # journeys/ itself, or beside them in journeys/
        assert (catalogue is pains) is not directory_urls  # shared only where the links are the same
        assert catalogue[0][1].journey_href == ("checkout/" if directory_urls else "checkout.html")
        his = _places(r, PageKey("persona", "javier"), "javier")
        assert {p.journey_id for _, p in his} == {"returns"} and _places(r, PageKey("persona", "javier"), "javier") is not his


def test_the_catalogue_indexes_titles_personas_and_tags_not_its_table(built):
    import json

    docs = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    text = next(d["text"] for d in docs if d["location"] == "journeys/")
    assert text.startswith("<ul><li>Checkout (Lucía")  # lean: a line per journey
    assert "jm-emotion" not in text and "▲" not in text and "%" not in text  # no badges, no numbers
    html = built.page("journeys/")  # the reader gets the whole table
    assert html.count('<td class="jm-num">') >= 6 and "jm-slot" not in html
