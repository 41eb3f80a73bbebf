"""The channels matrix in view: headless Chromium under Material, 1440 and 390 px, light and dark."""

from __future__ import annotations

import pytest

from test_browser import CHROMIUM, PALETTE

sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright


@pytest.fixture(scope="module")
def channels_site(tmp_path_factory):
    from test_channels import HELP, SHOP, STORE

    from conftest import build_site, serve_folder, site_files

    files = site_files(**{"journeys/help-line.yml": HELP, "journeys/shop-online.yml": SHOP,
                          "journeys/store-visit.yml": STORE})
    built = build_site(tmp_path_factory.mktemp("channels"), files,
                       theme={"name": "material", "palette": PALETTE, "font": False})
    assert built.error is None, built.text()
    with serve_folder(built.site) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1440, 390])
def test_the_matrix_scrolls_in_its_box_with_the_channels_kept_in_place(channels_site, scheme, width):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page.goto(channels_site + "journeys/channels/")
        wrap = ".jm-channels .jm-grid-wrap"
        sizes = page.eval_on_selector(wrap, "w => [w.scrollWidth, w.clientWidth]")
        if width >= 1440:  # the page's full width (no TOC column): nine stages fit
            assert sizes[0] <= sizes[1], sizes
            browser.close()
            return
        assert sizes[0] > sizes[1], sizes  # on a phone nine stages do not fit: the box scrolls...
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")  # ...not the page
        label = ".jm-channels-grid tbody th[scope=row]"
        before = page.locator(label).first.bounding_box()
        page.eval_on_selector(wrap, "w => { w.scrollLeft = 400; }")
        page.wait_for_timeout(100)
        after = page.locator(label).first.bounding_box()
        assert before is not None and after is not None and abs(after["x"] - before["x"]) < 1  # the channel column stays
        badge = page.locator(".jm-channel--single .jm-badge").first
        assert badge.inner_text().strip().endswith("only at one stage")
        browser.close()
