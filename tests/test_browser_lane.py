"""The emotion lane inside the map and a funnel that reads (issue 13): headless Chromium under Material,
at 1440, 1920 and 390 px, light and dark, on journeys these tests write."""

from __future__ import annotations

import pytest

from test_browser import ARTIFACTS, CONTRAST_JS, PALETTE

sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright

LONG_NAMES = ["Awareness of the renewal notice and its new price", "Comparison with other insurers online",
              "Call to the customer service centre", "Negotiation with the retention department",
              "Renewal of the policy at the negotiated price", "After the renewal: word of mouth and surveys"]
COUNTS = [1_250_000, 1_030_000, 410_000, 395_000, 250_000, 118_500]
VALLEY = "Waits 38 minutes on hold with the same music looping"


def _six() -> str:
    """6 stages with long names and big counts; the valley (the one −2) is in the third stage."""
    lines = ["title: Six long stages", "persona: lucia", "stages:"]
    emotions = [[0, -1], [1, 0], [-1, -2, -1], [0, 1], [1, 2], [0, 1]]
    for i, (name, count) in enumerate(zip(LONG_NAMES, COUNTS, strict=True)):
        lines += [f"  - name: '{name}'", f"    customers: {count}", "    steps:"]
        for j, value in enumerate(emotions[i]):
            action = VALLEY if value == -2 else f"Step {j + 1} of stage {i + 1}: compares delivery times and prices"
            lines += [f"      - action: '{action}'", f"        emotion: {value}"]
            if value == -2:
                lines += ["        moment_of_truth: true", "        pain_points: [{text: Nobody answers, severity: high}]"]
    return "\n".join(lines) + "\n"


def _personas() -> str:
    """2 personas with one emotion each per step, and a stage with no emotion (a gap)."""
    return """\
title: Two personas
persona: [lucia, javier]
stages:
  - name: Notice
    customers: 48000
    steps:
      - {action: Receives a letter about the new price, emotion: {lucia: -2, javier: -1}}
      - {action: Logs in to see the detail, emotion: -1}
  - name: Compare
    customers: 39500
    steps:
      - {action: Compares prices online, emotion: {lucia: 1, javier: 0}}
  - name: Wait
    customers: 14200
    steps:
      - {action: Waits for a letter}
  - name: Call
    customers: 6800
    steps:
      - {action: Calls and waits forty minutes, emotion: {lucia: -1, javier: -2}}
      - {action: Gets a discount, emotion: {lucia: 1, javier: 2}}
"""


def _nine() -> str:
    lines = ["title: Nine stages", "persona: lucia", "stages:"]
    for i in range(9):
        lines += [f"  - name: Stage number {i + 1}", f"    customers: {9000 - i * 900}", "    steps:"]
        for j in range(3):
            value = -2 if (i, j) == (6, 1) else ((i + j) % 3) - 1
            action = "The lowest moment of the nine" if value == -2 else f"Action {j + 1} in stage {i + 1}"
            lines += [f"      - action: {action}", f"        emotion: {value}"]
    return "\n".join(lines) + "\n"


JOURNEYS = {"six-long-stages": VALLEY, "two-personas": "Receives a letter about the new price",
            "nine-stages": "The lowest moment of the nine"}


@pytest.fixture(scope="module")
def lane_site(tmp_path_factory):
    from conftest import build_site, serve_folder, site_files

    files = site_files(**{"journeys/six-long-stages.yml": _six(), "journeys/two-personas.yml": _personas(),
                          "journeys/nine-stages.yml": _nine()})
    built = build_site(tmp_path_factory.mktemp("lane"), files, theme={"name": "material", "palette": PALETTE, "font": False})
    assert built.error is None, built.text()
    with serve_folder(built.site) as url:
        yield url



# Each lane point's centre and the x-range of its stage's header.
POINTS_JS = """
() => {
  const heads = [...document.querySelectorAll('.jm-grid thead th')].map(h => h.getBoundingClientRect());
  return [...document.querySelectorAll('.jm-lane .jm-lane__point[data-stage]')].map(p => {
    const r = p.getBoundingClientRect(), h = heads[+p.dataset.stage];
    return {stage: +p.dataset.stage, x: r.left + r.width / 2, left: h.left, right: h.right};
  });
}
"""

# Every piece of text (each text node's line boxes) inside an element, with its font size.
TEXT_BOXES_JS = """
(root) => {
  const boxes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim()) continue;
    const el = node.parentElement;
    if (el.closest('title, desc') || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.closest('thead') && root.querySelector('thead') && getComputedStyle(root.querySelector('thead')).clipPath !== 'none') continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && r.height > 0)
        boxes.push({text: node.data.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                    // the size on screen: an SVG's text shrinks with its viewBox
                    size: parseFloat(getComputedStyle(el).fontSize) * (el instanceof SVGElement ? el.getScreenCTM().a : 1)});
    }
  }
  return boxes;
}
"""

# The contrast of an SVG text (its fill) or an HTML text (its colour) with what is behind it: the
# ancestors' backgrounds composited, and a translucent text colour composited over that.

def _overlaps(boxes: list[dict], slack: float = 0.5) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if (a["left"] < b["right"] - slack and b["left"] < a["right"] - slack
                    and a["top"] < b["bottom"] - slack and b["top"] < a["bottom"] - slack):
                found.append((a["text"], b["text"]))
    return found


def _open(chromium, url: str, scheme: str, width: int):
    page = chromium.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(url)
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    return page


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1440, 1920, 390])
def test_the_lane_follows_the_stage_columns_and_labels_its_valley(lane_site, chromium, width, scheme):
    for jid, valley in JOURNEYS.items():
        page = _open(chromium, f"{lane_site}journeys/{jid}/", scheme, width)
        points = page.evaluate(POINTS_JS)
        assert len(points) >= 9, (jid, points)
        for p in points:
            assert p["left"] <= p["x"] <= p["right"], (jid, width, p)
        # the valley's action is labelled in the lane (shortened, the full text in its <title>)
        labels = page.eval_on_selector_all(".jm-lane__label", "els => els.map(e => [e.firstChild.data, e.querySelector('title').textContent])")
        shown = [text for text, full in labels if full == valley]
        assert shown and valley.startswith(shown[0].rstrip("…")), (jid, labels)
        # lane labels: never on each other, each inside its own stage's column, at least 11 px
        lane = page.locator(".jm-lane").first
        boxes = [b for b in lane.evaluate(TEXT_BOXES_JS) if b["text"] in {t for t, _ in labels}]
        assert len(boxes) == len(labels) and _overlaps(boxes) == [], (jid, width)
        heads = page.eval_on_selector_all(".jm-grid thead th", "els => els.map(e => [e.getBoundingClientRect().left, e.getBoundingClientRect().right])")
        for box in boxes:
            assert any(left - 1 <= box["left"] and box["right"] <= right + 1 for left, right in heads), (jid, width, box)
            assert box["size"] >= 11, box
        # every text of the lane (labels, scale, key) reads: 4.5:1 in light and dark
        for selector in [".jm-lane__label", ".jm-lane__scale text", ".jm-lane__key li"]:
            items = page.locator(selector)
            assert items.count() > 0, (jid, selector)
            for i in range(items.count()):
                result = items.nth(i).evaluate(CONTRAST_JS)
                assert result["ratio"] >= 4.5, (jid, scheme, selector, result)
        if jid == "two-personas":
            key = page.locator(".jm-lane__key").inner_text()
            assert "Lucía Fernández" in key and "Javier Moreno" in key
            dashes = page.eval_on_selector_all(".jm-lane__series .jm-lane__line", "els => [...new Set(els.map(e => getComputedStyle(e).strokeDasharray + ' ' + getComputedStyle(e).stroke))]")
            assert len(dashes) == 2, dashes  # distinct colours and dash patterns
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1440, 1920, 390])
def test_no_two_funnel_texts_overlap_and_they_stay_readable(lane_site, chromium, width, scheme):
    for jid in JOURNEYS:
        page = _open(chromium, f"{lane_site}journeys/{jid}/", scheme, width)
        funnel = page.locator(".jm-funnel, .jm-chart--funnel").first  # (before issue 13: a pygal chart)
        boxes = funnel.evaluate(TEXT_BOXES_JS)
        assert len(boxes) > 10, boxes
        assert _overlaps(boxes) == [], (jid, width, _overlaps(boxes))
        assert min(b["size"] for b in boxes) >= 11, (jid, width)
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        assert funnel.evaluate("f => [...f.querySelectorAll('.jm-scroll')].every(w => w.scrollWidth <= w.clientWidth + 1)"), (jid, width)  # no sideways scrolling, even on a phone
        text = funnel.inner_text()
        if jid == "six-long-stages":
            for name in LONG_NAMES:  # full stage names, never cut
                assert name in text
            assert "1,250,000" in text and "−60.2 %" in text
            badge = funnel.locator(".jm-drop-badge")
            assert badge.count() == 1 and badge.inner_text() == "biggest drop-off"
            assert badge.evaluate("b => b.closest('tr').textContent").count("Call to the customer service centre") == 1
            assert badge.evaluate(CONTRAST_JS)["ratio"] >= 4.5
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_chart_data_disclosure_looks_like_one(lane_site, chromium, scheme):
    page = _open(chromium, f"{lane_site}journeys/two-personas/", scheme, 1440)
    summary = page.locator(".jm-map > details.jm-chart-data > summary")
    assert summary.count() == 1 and summary.is_visible()
    style = summary.evaluate("s => { const c = getComputedStyle(s), m = getComputedStyle(s, '::before');"
                             " return [c.borderTopStyle, c.borderTopWidth, c.cursor, m.content, m.display]; }")
    assert style[:3] == ["solid", "1px", "pointer"] and style[3] == '"▸"' and style[4] != "none", style
    assert summary.evaluate(CONTRAST_JS)["ratio"] >= 4.5
    table = page.locator(".jm-map > details.jm-chart-data table")
    assert not table.is_visible()
    summary.click()
    assert table.is_visible()
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1440, 390])
def test_screenshots_of_the_lane_and_the_funnel(lane_site, chromium, width, scheme):
    ARTIFACTS.mkdir(exist_ok=True)
    for jid in JOURNEYS:
        page = _open(chromium, f"{lane_site}journeys/{jid}/", scheme, width)
        for selector, name in [(".jm-grid__row--lane", "lane"), (".jm-funnel", "funnel")]:
            element = page.locator(selector).first
            element.scroll_into_view_if_needed()
            page.wait_for_timeout(100)
            page.screenshot(path=str(ARTIFACTS / f"{name}-{jid}-{width}-{scheme}.png"))
        page.close()
