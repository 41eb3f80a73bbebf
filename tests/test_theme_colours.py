"""Dark colour modes outside Material: MkDocs' theme (dark, auto), bootswatch darkly, dracula.

Each site is built for real with the theme installed from PyPI and opened in Debian's Chromium, in
the light and the dark system colour scheme. Chart text and grid headers must stand out (4.5:1, the
WCAG AA ratio for body text) from the background the reader actually sees.
"""

from __future__ import annotations

import pytest

from test_browser import ARTIFACTS, CHROMIUM, LUMINANCE_JS, SVG_CONTRAST_JS, sync_playwright

from conftest import build_site, serve_folder, site_files

# name → (theme settings, what the reader should see in a light and in a dark system scheme)
THEMES = {
    "mkdocs": ({"name": "mkdocs"}, {"light": "light", "dark": "light"}),
    "mkdocs-dark": ({"name": "mkdocs", "color_mode": "dark"}, {"light": "dark", "dark": "dark"}),
    "mkdocs-auto": ({"name": "mkdocs", "color_mode": "auto"}, {"light": "light", "dark": "dark"}),
    "mkdocs-toggle": ({"name": "mkdocs", "color_mode": "light", "user_color_mode_toggle": True},
                      {"light": "light", "dark": "light"}),
    "darkly": ({"name": "darkly"}, {"light": "dark", "dark": "dark"}),
    "dracula": ({"name": "dracula"}, {"light": "dark", "dark": "dark"}),
    "readthedocs": ({"name": "readthedocs"}, {"light": "light", "dark": "light"}),
    "bootswatch-slate": ({"name": "slate"}, {"light": "dark", "dark": "dark"}),
    "bootswatch-flatly": ({"name": "flatly"}, {"light": "light", "dark": "light"}),
}

GRID_HEADERS = ["table.jm-grid thead th a", "table.jm-grid tbody th", "table.jm-table thead th"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Every theme's site, built once and served from one local server (one folder per theme)."""
    top = tmp_path_factory.mktemp("themes")
    for name, (theme, _) in THEMES.items():
        built = build_site(top / name, site_files(), theme=theme)  # served at /<name>/site/
        assert built.error is None, (name, built.text())
    with serve_folder(top) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        yield instance
        instance.close()


def _open(browser, url: str, scheme: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    # Offline and deterministic: the themes' CDN fonts and scripts are not fetched.
    origin = "/".join(url.split("/", 3)[:3]) + "/"
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin) else route.abort())
    page = context.new_page()
    page.goto(url)
    page.wait_for_timeout(200)
    return context, page


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("theme", sorted(THEMES))
def test_chart_text_and_grid_headers_stand_out(sites, browser, theme, scheme):
    expected = THEMES[theme][1][scheme]
    context, page = _open(browser, f"{sites}{theme}/site/journeys/first-purchase/", scheme)
    body = page.locator("body").evaluate(LUMINANCE_JS)
    assert (body["back"] < 0.1) == (expected == "dark"), (theme, scheme, body)  # the theme is as we think

    lane = page.locator("svg.jm-lane__svg")  # the emotion curve: the map's lane (the funnel is a table)
    assert lane.count() == 1
    result = lane.evaluate(SVG_CONTRAST_JS)
    assert result["count"] >= 3 and result["texts"] >= 4.5, (theme, scheme, result)
    assert result["lines"] >= 3, (theme, scheme, result)
    for selector in GRID_HEADERS + [".jm-emotion--0", ".jm-emotion--4", ".jm-grid__row--touchpoints td li"]:
        result = page.locator(selector).first.evaluate(LUMINANCE_JS)
        assert result["ratio"] >= 4.5, (theme, scheme, selector, result)
    # The grid's sticky cells are painted with the background around the grid, not a light fallback
    # (readthedocs: #fcfcfc around, white cells; close enough).
    cell = page.locator("table.jm-grid tbody th").first.evaluate(LUMINANCE_JS)
    around = page.locator(".jm-grid-wrap").evaluate(LUMINANCE_JS)
    assert abs(cell["back"] - around["back"]) < 0.03, (theme, scheme, cell, around)

    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("document.getElementById('funnel').scrollIntoView()")
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / f"theme-{theme}-{scheme}-charts.png"))
    page.evaluate("document.getElementById('journey-map').scrollIntoView()")
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / f"theme-{theme}-{scheme}-grid.png"))
    context.close()


@pytest.mark.browser
def test_mkdocs_toggle_to_dark_repaints_the_charts(sites, browser):
    """MkDocs' colour-mode menu switches `data-bs-theme` at run time: the charts follow it."""
    context, page = _open(browser, f"{sites}mkdocs-toggle/site/journeys/first-purchase/", "light")
    svg = page.locator("svg.jm-lane__svg").first
    before = svg.evaluate(SVG_CONTRAST_JS)
    page.evaluate("setColorMode('dark')")
    after = svg.evaluate(SVG_CONTRAST_JS)
    assert before["texts"] >= 4.5 and after["texts"] >= 4.5, (before, after)
    assert page.locator("table.jm-grid thead th a").first.evaluate(LUMINANCE_JS)["ratio"] >= 4.5
    context.close()


@pytest.mark.browser
def test_mkdocs_auto_without_its_script_stays_light_and_so_do_we(sites, browser):
    """color_mode: auto leaves data-bs-theme="auto" until darkmode.js runs, and MkDocs' CSS is light then:
    a prefers-color-scheme rule of ours would put light text on that white page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sites}mkdocs-auto/site/journeys/first-purchase/")
    assert page.locator("html").get_attribute("data-bs-theme") == "auto"
    assert page.locator("body").evaluate(LUMINANCE_JS)["back"] > 0.9
    for selector in [".jm-emotion--0", ".jm-grid__row--touchpoints td li"]:
        result = page.locator(selector).first.evaluate(LUMINANCE_JS)
        assert result["ratio"] >= 4.5, (selector, result)
    context.close()
