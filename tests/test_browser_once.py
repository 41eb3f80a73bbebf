"""Every fact once, stage anchors, headers on screen, phone and print (issue 13), in headless Chromium under
Material at 1440, 1920 and 390 px, light and dark, on journeys the tests write (once_journeys.py)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from once_journeys import FILES, PAGES, pain
from test_browser import ARTIFACTS, PALETTE

sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright

WIDTHS = [1440, 1920, 390]
SCHEMES = ["light", "dark"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import build_site, serve_folder, site_files

    built = build_site(tmp_path_factory.mktemp("once-browser"), site_files(**FILES),
                       theme={"name": "material", "palette": PALETTE, "font": False})
    assert built.error is None, built.text()
    with serve_folder(built.site) as url:
        yield url



def _open(chromium, url: str, width: int, scheme: str = "light", height: int = 900):
    page = chromium.new_page(viewport={"width": width, "height": height}, color_scheme=scheme)
    page.goto(url)
    page.wait_for_timeout(150)
    return page


def _header_bottom(page) -> float:
    return page.evaluate("(() => { const h = document.querySelector('.md-header');"
                         " return h ? h.getBoundingClientRect().bottom : 0 })()")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("slug", sorted(PAGES))
def test_each_pain_point_is_visible_once(site, chromium, slug, width, scheme):
    page = _open(chromium, f"{site}journeys/{slug}/", width, scheme)
    text = page.inner_text(".jm-journey")
    for stage in range(1, PAGES[slug] + 1):
        for step in (1, 2):
            assert text.count(pain(stage, step)) == 1, (stage, step)
    # a step's own facts are one click away, and opening them adds no second copy of a pain point
    assert "Thought 0.0 about the price" not in text
    page.evaluate("document.querySelectorAll('.jm-step-details').forEach(d => d.open = true)")
    opened = page.inner_text(".jm-journey")
    assert "Thought 0.0 about the price" in opened and opened.count(pain(1, 1)) == 1
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("slug", "stage"), [("six", "stage-formal-renewal-of-the-policy-for-another-year"),
                                             ("nine", "stage-stage-number-8-of-nine"), ("nine", "stage-stage-number-1-of-nine")])
def test_a_link_to_a_stage_lands_on_its_column_header(site, chromium, slug, stage, width):
    page = _open(chromium, f"{site}journeys/{slug}/#{stage}", width)
    page.wait_for_timeout(300)
    box = page.evaluate("""id => { const e = document.getElementById(id); const r = e.getBoundingClientRect();
        const label = document.querySelector('.jm-grid tbody th[scope=row]').getBoundingClientRect();
        return {tag: e.tagName, grid: !!e.closest('.jm-grid'), top: r.top, bottom: r.bottom, left: r.left,
                right: r.right, label: label.right, vw: innerWidth, vh: innerHeight} }""", stage)
    assert box["tag"] == "TH" and box["grid"], box
    assert _header_bottom(page) - 1 <= box["top"] and box["bottom"] <= box["vh"], box  # below Material's header
    assert box["left"] >= box["label"] - 1 and box["left"] < box["vw"], box  # in view, clear of the row labels
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [1440, 1920])
@pytest.mark.parametrize("slug", ["six", "nine"])
def test_stage_headers_stay_on_screen_900px_into_the_map(site, chromium, slug, width, scheme):
    page = _open(chromium, f"{site}journeys/{slug}/", width, scheme)
    top = page.evaluate("document.querySelector('.jm-grid').getBoundingClientRect().top + scrollY")
    page.evaluate("y => scrollTo(0, y)", top + 900 - _header_bottom(page))
    page.wait_for_timeout(200)
    under = _header_bottom(page)
    heads = page.evaluate("""() => [...document.querySelectorAll('.jm-grid thead th')].map(e => {
        const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom] })""")
    shown = [h for h in heads if h[0] >= 0 and h[2] <= width]
    assert len(shown) >= min(PAGES[slug], 4), heads
    for left, top_, right, bottom in shown:
        assert under - 1 <= top_ and bottom <= 900, (under, heads)
        on_top = page.evaluate("([x, y]) => !!document.elementFromPoint(x, y)?.closest('thead')",
                               [(left + right) / 2, (top_ + bottom) / 2])
        assert on_top, (left, top_)  # painted over the cells that scroll under it
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"once-headers-{slug}-{width}-{scheme}.png"))
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("slug", ["six", "two"])
def test_on_a_phone_the_map_scrolls_sideways_with_narrow_labels_in_place_and_no_tiny_text(site, chromium, slug, scheme):
    page = _open(chromium, f"{site}journeys/{slug}/", 390, scheme)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")  # nothing cut
    small = page.evaluate("""() => { const out = [];
        const walk = document.createTreeWalker(document.querySelector('.jm-journey'), NodeFilter.SHOW_TEXT);
        while (walk.nextNode()) { const n = walk.currentNode, e = n.parentElement;
          if (!n.textContent.trim() || e.closest('svg, .jm-visually-hidden, .jm-chart-data:not([open])')) continue;
          if (!e.getClientRects().length) continue;
          const size = parseFloat(getComputedStyle(e).fontSize); if (size < 12) out.push([n.textContent.trim().slice(0, 30), size]) }
        return out }""")
    assert small == [], small[:10]
    label = page.locator(".jm-grid tbody th[scope=row]").first
    before = label.bounding_box()
    assert before is not None and before["width"] <= 110, before  # a narrow label column
    page.eval_on_selector(".jm-grid-wrap", "w => w.scrollLeft = 400")
    page.wait_for_timeout(100)
    after = label.bounding_box()
    assert after is not None and abs(after["x"] - before["x"]) < 1  # kept in place while the stages scroll
    wrap = page.eval_on_selector(".jm-grid-wrap", "w => [w.scrollWidth, w.clientWidth, w.getBoundingClientRect().right]")
    assert wrap[0] > wrap[1] and wrap[2] <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"once-phone-{slug}-{scheme}.png"))
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize(("paper", "width"), [("A4", 1123), ("A3", 1587)])
@pytest.mark.parametrize("slug", ["six", "nine"])
def test_printing_gives_the_map_as_a_poster(site, chromium, slug, paper, width):
    page = _open(chromium, f"{site}journeys/{slug}/", width, height=794 if paper == "A4" else 1123)
    page.emulate_media(media="print")
    page.wait_for_timeout(100)
    sizes = page.eval_on_selector(".jm-grid-wrap", "w => [w.scrollWidth, w.clientWidth]")
    assert sizes[0] <= sizes[1], sizes  # every stage across the page: nothing cut at its right
    grid = page.eval_on_selector(".jm-grid", "g => g.getBoundingClientRect().right")
    assert grid <= width
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert page.eval_on_selector(chrome, "e => getComputedStyle(e).display") == "none", chrome
    # the steps' own facts print open
    facts = page.eval_on_selector(".jm-step-details .jm-step__facts", "d => d.getBoundingClientRect().height")
    assert facts > 0
    # the emotion lane's scale stays in its row label (it is placed absolutely: a static cell let it fly off)
    inside = page.eval_on_selector("th.jm-lane__head", """th => { const a = th.getBoundingClientRect(),
        b = th.querySelector('.jm-lane__scale').getBoundingClientRect();
        return b.left >= a.left - 1 && b.right <= a.right + 1 && b.top >= a.top - 1 && b.bottom <= a.bottom + 1 }""")
    assert inside
    # colours kept
    assert page.eval_on_selector(".jm", "e => getComputedStyle(e).printColorAdjust") == "exact"
    pdf = ARTIFACTS / f"once-print-{slug}-{paper}.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(pdf), format=paper, landscape=True, print_background=True)
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(pdf.with_suffix(""))], check=True)
    page.close()
