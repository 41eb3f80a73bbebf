"""A reader's view: headless Chromium (Debian's) opens generated pages in the light and dark palettes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import serve_folder, site_files

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"

if not os.path.exists(CHROMIUM):  # CI installs it; it must never skip there
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright


# What the browser test files share: a text's contrast on its page (and, in conftest, the `chromium` fixture).
CONTRAST_JS = """
(el) => {
  const parse = (c) => { const p = c.match(/[\\d.]+/g).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] >= 1) break;
  }
  let back = [255, 255, 255];
  for (const [r, g, b, a] of layers.reverse()) back = [r * a + back[0] * (1 - a), g * a + back[1] * (1 - a), b * a + back[2] * (1 - a)];
  const style = getComputedStyle(el);
  const [r, g, b, a] = parse(el instanceof SVGElement ? style.fill : style.color);
  const fore = [r * a + back[0] * (1 - a), g * a + back[1] * (1 - a), b * a + back[2] * (1 - a)];
  const fg = lum(fore), bg = lum(back);
  return {ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05), text: el.textContent.trim().slice(0, 40),
          back: back.map(Math.round)};
}
"""


PALETTE = [
    {"media": "(prefers-color-scheme: light)", "scheme": "default",
     "toggle": {"icon": "material/brightness-7", "name": "Dark mode"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
     "toggle": {"icon": "material/brightness-4", "name": "Light mode"}},
]

LONG = ("Compares delivery times, return conditions and the price of shipping across three competing "
        "online shops before deciding")


def _long_journey() -> str:
    names = ["Awareness", "Consideration", "Decision", "Purchase", "Retention", "Advocacy"]
    lines = ["title: Six long stages", "persona: lucia", "stages:"]
    for i, name in enumerate(names):
        lines += [f"  - name: {name}", f"    customers: {1000 - i * 150}", "    steps:"]
        for j in range(2):
            lines += [f"      - action: {LONG} ({j})", f"        touchpoint: {LONG[:60]}", "        channel: Web",
                      f"        emotion: {(i % 5) - 2}", f"        thought: {LONG}",
                      f"        pain_points: [{LONG}]", f"        opportunities: [{LONG}]",
                      f"        backstage: [{LONG}]"]
        lines += ["    kpis:", "      - {name: Conversion rate, value: 12.5, target: 15, unit: '%'}"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    from conftest import build_site

    root = tmp_path_factory.mktemp("browser")
    files = site_files(**{"journeys/six-long-stages.yml": _long_journey()})
    built = build_site(root, files, theme={"name": "material", "palette": PALETTE, "font": False})
    assert built.error is None, built.text()
    with serve_folder(built.site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        yield instance
        instance.close()


COLOR_JS = """
  const parse = (c) => c.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
"""

LUMINANCE_JS = """
(el) => {
""" + COLOR_JS + """  let bg = el, color;
  while (bg) {
    color = getComputedStyle(bg).backgroundColor;
    const p = parse(color);
    if (p.length < 4 || p[3] > 0.5) break;
    bg = bg.parentElement;
  }
  const fg = lum(parse(getComputedStyle(el).color));
  const back = lum(parse(bg ? color : 'rgb(255,255,255)'));
  return { ratio: (Math.max(fg, back) + 0.05) / (Math.min(fg, back) + 0.05), back };
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1366, 390])
def test_grid_is_visible_readable_and_inside_the_page(served_site, browser, scheme, width):
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(served_site + "journeys/six-long-stages/")
    grid = page.locator("table.jm-grid")
    assert grid.is_visible()
    body_scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert body_scheme == ("slate" if scheme == "dark" else "default")

    # The page itself never scrolls sideways; only the grid's own wrapper may.
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    wrapper = page.locator(".jm-grid-wrap").bounding_box()
    content = page.locator("article.md-content__inner").bounding_box()
    assert wrapper is not None and content is not None
    assert wrapper["x"] >= content["x"] - 1 and wrapper["x"] + wrapper["width"] <= content["x"] + content["width"] + 1

    # Six stages of long text: every stage column stays readable (no one-word-wide columns).
    widths = page.eval_on_selector_all("table.jm-grid thead th", "els => els.map(e => e.getBoundingClientRect().width)")
    assert len(widths) == 6 and min(widths) >= 150, widths

    # Text in the grid stands out from its background in both palettes.
    for selector in ["table.jm-grid tbody th", "table.jm-grid tbody td li", "table.jm-grid thead th a",
                     ".jm-emotion"]:
        result = page.locator(selector).first.evaluate(LUMINANCE_JS)
        assert result["ratio"] >= 4.5, (selector, scheme, result)
    if scheme == "dark":
        assert page.locator("body").evaluate(LUMINANCE_JS)["back"] < 0.1

    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("document.getElementById('journey-map').scrollIntoView()")
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"journey-grid-{scheme}-{width}.png"))
    assert all(url.startswith(served_site) for url in requests), [u for u in requests if not u.startswith(served_site)]
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("url", ["journeys/", "journeys/first-purchase/", "personas/", "personas/lucia/"])
def test_generated_pages_render_without_errors(served_site, browser, url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: errors.append("dialog: " + d.message))
    page.goto(served_site + url)
    assert page.locator("h1").first.is_visible()
    assert errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / (url.strip("/").replace("/", "-") + ".png")))
    page.close()


SVG_CONTRAST_JS = """
(svg) => {
""" + COLOR_JS + """  const ratio = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  let el = svg, bg;
  while (el) { bg = getComputedStyle(el).backgroundColor; if (!bg.startsWith('rgba') || !bg.endsWith(', 0)')) break; el = el.parentElement; }
  const back = lum(parse(bg));
  const texts = [...svg.querySelectorAll('text')].map(t => ratio(lum(parse(getComputedStyle(t).fill)), back));
  const lines = [...svg.querySelectorAll('.series .line, .funnel, .jm-lane__line')].map(
      p => ratio(lum(parse(getComputedStyle(p)[p.classList.contains('funnel') ? 'fill' : 'stroke'])), back));
  return { texts: Math.min(...texts), count: texts.length, lines: Math.min(...lines) };
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_text_and_lines_stand_out_in_both_palettes(served_site, browser, scheme):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page.goto(served_site + "journeys/first-purchase/")
    # the emotion curve is the map's lane (the funnel is a table with bars: tests/test_browser_lane.py)
    assert page.locator("svg.jm-chart__svg").count() == 0
    svg = page.locator("svg.jm-lane__svg")
    assert svg.count() == 1
    assert svg.is_visible() and svg.bounding_box()["width"] > 400
    result = svg.evaluate(SVG_CONTRAST_JS)
    assert result["count"] >= 3 and result["texts"] >= 4.5, (scheme, result)  # peaks and valleys labelled
    assert result["lines"] >= 3, (scheme, result)
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("document.getElementById('funnel').scrollIntoView()")
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"journey-charts-{scheme}.png"))
    page.close()


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    from conftest import build_site
    from hostile import hostile_files

    files = hostile_files()
    files["docs/tags.md"] = "# Tags\n\n<!-- material/tags -->\n"
    theme = {"name": "material", "palette": PALETTE, "font": False, "features": ["content.action.edit"]}
    built = build_site(tmp_path_factory.mktemp("hostile"), files,
                       {"markdown_extensions": ["attr_list", "md_in_html", "pymdownx.superfences", "toc"],
                        "repo_url": "https://git.example.com/org/site", "edit_uri": "edit/main/docs/"},
                       theme=theme, plugins=["search", "tags", "journey"])
    assert built.error is None, built.text()
    pages = sorted(str(p.relative_to(built.site).parent) + "/" for p in built.site.glob("*/**/index.html")
                   if p.relative_to(built.site).parts[0] in ("journeys", "personas", "tags"))
    with serve_folder(built.site) as url:
        yield url, pages


@pytest.mark.browser
def test_hostile_pages_fire_no_dialog_and_load_nothing_from_elsewhere(hostile_server, browser):
    base, pages = hostile_server
    assert len(pages) > 40
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    events: list[str] = []
    context.on("dialog", lambda d: (events.append(f"dialog: {d.message}"), d.dismiss()))

    def guard(route):
        if route.request.url.startswith(base):
            route.continue_()
        else:
            events.append(f"request: {route.request.url}")
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("pageerror", lambda e: events.append(f"error: {e}"))
    for url in pages:
        page.goto(base + url)
        page.mouse.move(400, 400)  # would trigger onmouseover payloads
        for summary in page.locator("summary").all()[:3]:
            summary.click()  # would trigger ontoggle payloads
        assert page.evaluate("typeof window.jmxss") == "undefined"
    assert events == []
    page.goto(base + "journeys/h00/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "hostile-journey.png"))
    context.close()
