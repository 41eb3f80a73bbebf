"""The journey map in view (issue 13, layout): headless Chromium at 1440 px under Material, light and dark."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_browser import ARTIFACTS, CONTRAST_JS, PALETTE, _long_journey

sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright

MAP = "journeys/six-long-stages/"

# A pain point with a severity (its badge takes the "negative" orange on the pain-point tint) and names
# that used to break mid-word ("Fernánd|ez") in narrow cells.
EXTRA = ("title: Severities\npersona: lucia\nstages:\n"
         "  - name: Renovación\n    steps:\n"
         "      - action: Lucía Fernández compara la renovación con otras aseguradoras\n"
         "        emotion: -1\n"
         "        pain_points:\n          - {text: Renovación automática sin aviso, severity: medium}\n")


@pytest.fixture(scope="module")
def map_site(tmp_path_factory):
    from conftest import build_site, serve_folder, site_files

    files = site_files(**{"journeys/six-long-stages.yml": _long_journey(), "journeys/severities.yml": EXTRA})
    built = build_site(tmp_path_factory.mktemp("map"), files, theme={"name": "material", "palette": PALETTE, "font": False})
    assert built.error is None, built.text()
    with serve_folder(built.site) as url:
        yield url



def _open(chromium, url: str, scheme: str, width: int = 1440):
    page = chromium.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(url)
    return page


def _shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_six_stages_fit_at_1440_and_headers_stay_under_materials_header(map_site, chromium, scheme):
    page = _open(chromium, map_site + MAP, scheme)
    assert page.locator(".md-sidebar--secondary").is_hidden()  # the TOC sidebar made way for the map
    assert page.locator(".md-sidebar--primary").is_visible()  # the navigation stays
    sizes = page.eval_on_selector(".jm-grid-wrap", "w => [w.scrollWidth, w.clientWidth]")
    assert sizes[0] <= sizes[1], sizes  # every stage in view: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    heads = page.eval_on_selector_all(".jm-grid thead th", "els => els.map(e => e.getBoundingClientRect().right)")
    assert len(heads) == 6 and max(heads) <= 1440, heads

    page.evaluate("document.querySelector('.jm-grid__row--pain_points').scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    header = page.locator(".md-header").bounding_box()
    row = page.locator(".jm-grid__row--pain_points").bounding_box()
    assert header is not None and row is not None
    assert row["y"] > 900 * 0.2  # really scrolled down to the pain points, far below the map's top
    for index in range(6):
        box = page.locator(".jm-grid thead th").nth(index).bounding_box()
        assert box is not None
        assert box["y"] >= header["y"] + header["height"] - 1 and box["y"] + box["height"] <= 900, (index, box)
    top = page.evaluate("y => document.elementFromPoint(700, y).closest('thead') !== null", header["height"] + 10)
    assert top  # the header row is painted on top of the cells scrolling under it
    _shot(page, f"map-1440-{scheme}-pain-points.png")
    page.close()


@pytest.mark.browser
def test_a_narrow_window_scrolls_the_map_sideways_with_row_labels_in_place(map_site, chromium):
    page = _open(chromium, map_site + MAP, "light", width=900)
    wrap = page.locator(".jm-grid-wrap")
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")
    label = page.locator(".jm-grid tbody th").first
    before = label.bounding_box()
    wrap.evaluate("w => { w.scrollLeft = 400; }")
    page.wait_for_timeout(100)
    after = label.bounding_box()
    assert before is not None and after is not None and abs(after["x"] - before["x"]) < 1
    page.close()


BROKEN_WORDS_JS = """
() => {
  const broken = [];
  for (const cell of document.querySelectorAll('.jm table th, .jm table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[\\p{L}\\p{N}]+/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("url", [MAP, "journeys/severities/", "journeys/", "personas/lucia/"])
def test_no_word_in_a_table_is_broken_across_lines(map_site, chromium, url, width):
    page = _open(chromium, map_site + url, "light", width=width)
    assert page.locator(".jm table").count() > 0
    assert page.evaluate(BROKEN_WORDS_JS) == []
    styles = page.eval_on_selector_all(".jm table td, .jm table th, .jm table a",
                                       "els => [...new Set(els.map(e => getComputedStyle(e).wordBreak + ' ' + getComputedStyle(e).hyphens))]")
    assert styles == ["normal manual"], styles
    page.close()


# The colour a reader sees behind an element: its ancestors' backgrounds composited (tints are translucent).

@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_negative_orange_reaches_4_5_to_1_on_its_backgrounds(map_site, chromium, scheme):
    page = _open(chromium, map_site + "journeys/severities/", scheme)
    for selector in [".jm-grid .jm-emotion--1", ".jm-grid__row--pain_points .jm-level--medium", ".jm-emotion--1"]:
        items = page.locator(selector)
        assert items.count() > 0, selector
        for index in range(items.count()):
            result = items.nth(index).evaluate(CONTRAST_JS)
            assert result["ratio"] >= 4.5, (selector, scheme, result)
    tint = page.locator(".jm-grid__row--pain_points .jm-level--medium").first.evaluate(CONTRAST_JS)["back"]
    page_back = page.locator("article").first.evaluate(CONTRAST_JS)["back"]
    assert tint != page_back, tint  # the badge was measured on the pain-point tint, not on the page
    page.evaluate("document.getElementById('journey-map').scrollIntoView()")
    page.wait_for_timeout(200)
    _shot(page, f"map-severities-{scheme}.png")
    page.close()


@pytest.fixture(scope="module", params=["mkdocs", "readthedocs"])
def other_theme_site(request, tmp_path_factory):
    from conftest import build_site, serve_folder, site_files

    files = site_files(**{"journeys/six-long-stages.yml": _long_journey()})
    built = build_site(tmp_path_factory.mktemp(request.param), files, theme={"name": request.param})
    assert built.error is None, built.text()
    with serve_folder(built.site) as url:
        yield request.param, url


@pytest.mark.browser
@pytest.mark.parametrize("width", [1440, 1920])
def test_mkdocs_and_readthedocs_give_the_map_their_width_and_scroll_it_in_its_wrapper(other_theme_site, chromium, width):
    theme, url = other_theme_site
    page = _open(chromium, url + MAP, "light", width=width)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    wrap = page.locator(".jm-grid-wrap")
    box = wrap.bounding_box()
    assert box is not None and box["width"] > 1000, box  # wider than the themes' usual text column (800-990 px)
    overflowing = wrap.evaluate("w => w.scrollWidth > w.clientWidth")
    table = page.locator(".jm-grid").bounding_box()
    assert table is not None
    # Either the map fits, or its own wrapper scrolls it (readthedocs' table wrapper no longer does).
    assert overflowing or table["width"] <= box["width"] + 1, (theme, width, table, box)
    if overflowing:
        label = page.locator(".jm-grid tbody th").first
        before = label.bounding_box()
        wrap.evaluate("w => { w.scrollLeft = 300; }")
        page.wait_for_timeout(100)
        after = label.bounding_box()
        assert before is not None and after is not None and abs(after["x"] - before["x"]) < 1
    page.evaluate("document.getElementById('journey-map').scrollIntoView()")
    page.wait_for_timeout(200)
    _shot(page, f"map-{theme}-{width}.png")
    page.close()
