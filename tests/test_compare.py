"""The comparison page, journeys/<id>/compare/: a current and a future journey stage by stage, in real builds."""

from __future__ import annotations

import html as htmllib
import json
import re

import pytest

from conftest import broken_links, build_site, dedent, site_files

# Today's journey and tomorrow's: Discover and Choose kept (Discover written with other case and
# spacing), Pay renamed Checkout (one removed, one added), Wait removed, Track added, Review kept.
TODAY = dedent("""
    title: Checkout today
    persona: [lucia, javier]
    state: current
    stages:
      - name: Discover
        customers: 1000
        steps:
          - action: Sees an ad
            emotion: 0
            pain_points: [Price hidden, Slow page]
      - name: Choose
        customers: 400
        steps:
          - action: Compares sizes
            emotion: 1
            pain_points: [Sizes unclear]
          - action: Reads the returns policy
            emotion: -2
      - name: Pay
        customers: 200
        steps:
          - action: Pays
            emotion: -2
            pain_points: [Forced account]
      - name: Wait
        customers: 150
        steps:
          - action: Waits for the parcel
            emotion: -1
            pain_points: [No tracking]
      - name: Review
        customers: 100
        steps:
          - action: Writes a review
            emotion: {lucia: 2, javier: 0}
    """)
TOMORROW = dedent("""
    title: Checkout tomorrow
    persona: [lucia, javier]
    state: future
    compare_to: today
    stages:
      - name: "  discover "
        customers: 1200
        steps:
          - action: Sees an ad with the price
            emotion: 1
            pain_points: ["price   HIDDEN", Too many ads]
      - name: Choose
        customers: 500
        steps:
          - action: Picks a size with the recommender
            emotion: 2
      - name: Checkout
        customers: 300
        steps:
          - action: Pays as a guest
            emotion: 1
            pain_points: [{text: Forced account, severity: high}]
      - name: Track
        customers: 280
        steps:
          - action: Follows the parcel
            emotion: 1
          - action: Takes the courier's call
            personas: javier
            emotion: -2
            pain_points: [{text: Courier calls at night, severity: medium}]
      - name: Review
        customers: 250
        steps:
          - action: Writes a review
            emotion: 2
            pain_points: [Slow page]
    """)
PAGE = "journeys/tomorrow/compare/"


def files(**extra: str | None) -> dict[str, str]:
    return site_files(**{"journeys/first-purchase.yml": None, "journeys/insurance-renewal.yml": None,
                         "journeys/today.yml": TODAY, "journeys/tomorrow.yml": TOMORROW, **extra})


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def rows(html: str, cls: str) -> list[str]:
    return re.findall(rf'<tr class="{cls}[^"]*">(.*?)</tr>', html, re.S)


def cells(row: str) -> list[str]:
    return [text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("compare"), files())


def test_stages_matched_by_name_in_order_unmatched_added_or_removed(built):
    assert built.error is None, built.text()
    assert built.text() == ""
    html = built.page(PAGE)
    assert "<h1 id=\"compare\">Checkout today vs Checkout tomorrow</h1>" in html
    assert "<title>Checkout today vs Checkout tomorrow" in html
    found = [(c[0], re.findall(r'class="jm-compare--(\w+)"', r) or None) for r, c in
             ((r, cells(r)) for r in rows(html, "jm-compare-stage"))]
    assert [name for name, _ in found] == ["discover in both", "Choose in both", "Pay removed", "Wait removed",
                                          "Checkout added", "Track added", "Review in both"]
    classes = re.findall(r'<tr class="jm-compare-stage jm-compare--(\w+)">', html)
    assert classes == ["kept", "kept", "removed", "removed", "added", "added", "kept"]
    assert "in both: 3 · added: 2 · removed: 2" in text(html)


def test_customers_and_emotion_of_both_with_the_change(built):
    table = {cells(r)[0].split(" ")[0]: cells(r)[1:] for r in rows(built.page(PAGE), "jm-compare-stage")}
    #                  customers: today, tomorrow, change, %;   emotion: today, tomorrow, change
    assert table["discover"] == ["1,000", "1,200", "+200", "+20.0 %", "● 0 neutral", "▲ +1 positive", "+1"]
    assert table["Choose"] == ["400", "500", "+100", "+25.0 %", "▼ −0.5 negative", "▲▲ +2 very positive", "+2.5"]
    assert table["Review"] == ["100", "250", "+150", "+150.0 %", "▲ +1 positive", "▲▲ +2 very positive", "+1"]
    assert table["Pay"] == ["200", "—", "—", "—", "▼▼ −2 very negative", "—", "—"]
    assert table["Track"] == ["—", "280", "—", "—", "—", "▼ −0.5 negative", "—"]  # mean of 1 and Javier's −2
    html = built.page(PAGE)
    assert '<span class="jm-change jm-change--up">+2.5</span>' in html
    # the journeys' means: today (0 − 0.5 − 2 − 1 + 1) / 5 = −0.5; tomorrow (1 + 2 + 1 − 0.5 + 2) / 5 = 1.1
    facts = text(html[html.index('class="jm-facts jm-compare__facts"'):].split("</dl>")[0])
    assert "Mean emotion ▼ −0.5 negative → ▲ +1.1 positive ( +1.6 )" in facts


def test_pain_points_removed_kept_added_per_stage_and_overall(built):
    html = built.page(PAGE)
    pains = {cells(r)[0].split(" ")[0]: cells(r)[1:] for r in rows(html, "jm-compare-pain")}
    assert pains["discover"] == ["Slow page", "price HIDDEN", "Too many ads"]  # matched as the pain-point page does
    assert pains["Choose"] == ["Sizes unclear", "—", "—"]
    assert pains["Pay"] == ["Forced account", "—", "—"]
    assert pains["Wait"] == ["No tracking", "—", "—"]
    assert pains["Checkout"] == ["—", "—", "Forced account high severity"]
    assert pains["Track"] == ["—", "—", "Courier calls at night medium severity"]
    assert pains["Review"] == ["—", "—", "Slow page"]
    # over the whole journeys, a pain point that moved stage is kept
    assert "Pain points Removed: 2 · Kept: 3 · Added: 2" in text(html)


def test_every_link_resolves_and_both_journeys_link_to_the_comparison(built):
    assert broken_links(built.site) == []
    for url, href in (("journeys/tomorrow/", "compare/"), ("journeys/today/", "../tomorrow/compare/")):
        page = built.page(url)
        assert f'<dt>Comparison</dt><dd><a href="{href}">Checkout today vs Checkout tomorrow</a></dd>' in page
    html = built.page(PAGE)
    assert '<a href="../../today/">Checkout today</a>' in html and '<a href="../">Checkout tomorrow</a>' in html
    assert '<a href="../#stage-discover">  discover </a>' in html  # a kept stage links to the future's section
    assert '<a href="../../today/#stage-pay">Pay</a>' in html  # a removed one to the current's
    assert '<a href="../#stage-checkout">Checkout</a>' in html


def test_the_comparison_is_out_of_the_nav_and_its_tables_out_of_the_search_index(built):
    nav = built.page("journeys/")
    nav = nav[nav.index('class="md-nav md-nav--primary"'):]
    assert "compare/" not in nav
    index = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if d["location"].startswith("journeys/tomorrow/compare/")]
    assert entries and entries[0]["title"] == "Checkout today vs Checkout tomorrow"
    words = " ".join(d["text"] for d in entries)
    assert "Stage by stage, from Checkout today (current) to Checkout tomorrow (future)" in words
    assert "Too many ads" not in words and "Sizes unclear" not in words  # on the journey pages' entries instead
    assert "Too many ads" in built.page(PAGE)  # yet on the page


def test_both_curves_on_one_chart_with_gaps_and_the_same_bytes_every_build(built, tmp_path):
    html = built.page(PAGE)
    svg = re.search(r'<svg[^>]*id="jm-compare-chart".*?</svg>', html, re.S)
    assert svg is not None
    chart = svg.group()
    lines = re.findall(r'<g class="series serie-(\d) color-\d">((?:<path[^>]*/>)*)</g>', chart)
    assert [n for n, _ in lines] == ["0", "1"]  # one line per journey
    legends = re.findall(r'<g class="legend"><rect[^>]*/><text[^>]*>([^<]*)</text>', chart)
    assert legends == ["Checkout today", "Checkout tomorrow"]
    labels = re.findall(r'<g class="guides"><path[^>]*/><text[^>]*>([^<]*)</text>', chart)
    assert [x.strip() for x in labels][-7:] == ["discover", "Choose", "Pay", "Wait", "Checkout", "Track", "Review"]
    # gaps: today has no Checkout nor Track (its Review stands alone), tomorrow no Pay nor Wait
    assert lines[0][1].count("<path") == 1 and lines[1][1].count("<path") == 2
    dots = re.findall(r'<g class="series serie-\d color-\d">((?:<g class="dots">.*?</g>)+)</g>', chart)
    assert [d.count("<circle") for d in dots] == [5, 5]
    assert "Checkout today: discover: 0 (neutral); Choose: −0.5 (negative)" in htmllib.unescape(chart)
    again = build_site(tmp_path / "again", files())
    assert again.error is None
    assert again.page(PAGE) == html


def test_without_directory_urls(site_builder):
    built = site_builder(files(), {"use_directory_urls": False})
    assert built.error is None, built.text()
    html = built.page("journeys/tomorrow/compare.html")
    assert '<a href="../today.html">Checkout today</a>' in html
    assert '<a href="../today.html#stage-pay">Pay</a>' in html
    assert '<a href="tomorrow/compare.html">Checkout today vs Checkout tomorrow</a>' in built.page("journeys/today.html")
    assert '<a href="tomorrow/compare.html">' in built.page("journeys/tomorrow.html")
    assert broken_links(built.site) == []


def test_cross_journey_false_turns_it_off(site_builder):
    built = site_builder(files(), {"plugins": ["search", {"journey": {"cross_journey": False}}]})
    assert built.error is None, built.text()
    assert not (built.site / "journeys/tomorrow/compare").exists()
    assert "Comparison" not in built.page("journeys/tomorrow/") and "compare/" not in built.page("journeys/today/")
    assert '<dt>Compare with</dt><dd><a href="../today/">Checkout today</a>' in built.page("journeys/tomorrow/")
    assert broken_links(built.site) == []


def test_a_comparison_with_an_excluded_journey_is_left_out(site_builder):
    built = site_builder(files(), {"exclude_docs": "journeys/today.md\n"})
    assert built.error is None, built.text()
    assert not (built.site / "journeys/today").exists()
    assert not (built.site / "journeys/tomorrow/compare").exists()
    assert "compare/" not in built.page("journeys/tomorrow/") and "Comparison" not in built.page("journeys/tomorrow/")
    assert broken_links(built.site) == []


def test_a_draft_target_makes_the_comparison_a_draft(site_builder):
    built = site_builder(files(), {"draft_docs": "journeys/today.md\n"})
    assert built.error is None, built.text()
    assert not (built.site / "journeys/tomorrow/compare").exists()  # drafts are not built by `mkdocs build`
    assert broken_links(built.site) == []


def test_a_missing_compare_to_target_gives_no_page_and_no_link(tmp_path):
    from test_serve import Preview

    from conftest import write_site

    write_site(tmp_path, files(**{"journeys/today.yml": None}))
    preview = Preview(tmp_path)
    try:
        built = preview.rebuild(first=True)  # serving: the error is said, the site is still built
    finally:
        preview.close()
    assert "unknown journey 'today' in compare_to" in built.text()
    assert not (built.site / "journeys/tomorrow/compare").exists()
    page = built.page("journeys/tomorrow/")
    assert "compare/" not in page and "Comparison" not in page
    assert broken_links(built.site) == []


def test_a_current_journey_naming_the_future_one_works_the_same_way(site_builder):
    today = TODAY.replace("state: current\n", "state: current\ncompare_to: tomorrow\n")
    tomorrow = TOMORROW.replace("compare_to: today\n", "")
    built = site_builder(files(**{"journeys/today.yml": today, "journeys/tomorrow.yml": tomorrow}))
    assert built.error is None, built.text()
    html = built.page("journeys/today/compare/")  # the page of the journey that says compare_to
    assert "<h1 id=\"compare\">Checkout today vs Checkout tomorrow</h1>" in html  # the states say which is current
    assert not (built.site / "journeys/tomorrow/compare").exists()
    assert '<a href="../today/compare/">' in built.page("journeys/tomorrow/")
    assert broken_links(built.site) == []


def test_two_journeys_naming_each_other_get_one_page(site_builder):
    today = TODAY.replace("state: current\n", "state: current\ncompare_to: tomorrow\n")
    built = site_builder(files(**{"journeys/today.yml": today}))
    assert built.error is None, built.text()
    assert (built.site / PAGE).is_dir() and not (built.site / "journeys/today/compare").exists()
    assert built.page("journeys/today/").count("<dt>Comparison</dt>") == 1
    assert built.page("journeys/tomorrow/").count("<dt>Comparison</dt>") == 1


def test_spanish_labels(site_builder):
    built = site_builder(files(), {"theme": {"name": "material", "language": "es"}})
    assert built.error is None, built.text()
    html = built.page(PAGE)
    assert "<h1 id=\"compare\">Checkout today frente a Checkout tomorrow</h1>" in html
    assert "Etapa a etapa, de" in html and ">Actual<" in html and ">Futuro<" in html
    table = {cells(r)[0].split(" ")[0]: cells(r)[1:] for r in rows(html, "jm-compare-stage")}
    assert table["discover"][:4] == ["1000", "1200", "+200", "+20,0 %"]
    assert table["Choose"][6] == "+2,5"
    assert "Comparación" in built.page("journeys/today/")


def test_pages_export_writes_the_comparison_and_a_plain_mkdocs_build_shows_it(tmp_path, monkeypatch, capsys):
    from test_pages_export import _build, _pages, _site

    root = _site(tmp_path, **{k: v for k, v in files().items() if k.startswith("journeys/")},
                 **{"journeys/first-purchase.yml": None, "journeys/insurance-renewal.yml": None})
    code, _out, err = _pages(root, monkeypatch, capsys)
    assert code == 0, err
    page = (root / "docs/journeys/tomorrow/compare.md").read_text(encoding="utf-8")
    assert 'title: "Checkout today vs Checkout tomorrow"' in page and "page: compare\nid: tomorrow\n" in page
    assert _build(root, monkeypatch) == []
    html = (root / "site/journeys/tomorrow/compare/index.html").read_text(encoding="utf-8")
    assert 'id="jm-compare-chart"' in html and "Too many ads" in html
    assert '<a href="../../today/#stage-pay">Pay</a>' in html
    assert broken_links(root / "site") == []


def test_hostile_titles_and_stage_names_are_escaped(site_builder):
    today = TODAY.replace("title: Checkout today", 'title: "Today <script>alert(1)</script>"').replace(
        "- name: Wait", '- name: "Wait <b>now</b>"')
    built = site_builder(files(**{"journeys/today.yml": today}))
    assert built.error is None, built.text()
    html = built.page(PAGE)
    assert "<script>alert" not in html and "<b>now" not in html
    assert "Today &lt;script&gt;alert(1)&lt;/script&gt; vs Checkout tomorrow" in html
    assert "Wait &lt;b&gt;now&lt;/b&gt;" in html
    assert broken_links(built.site) == []
