"""Rendered pages kept on disk between builds (issue 16): a warm build gives the same bytes, and any change
a page depends on (its journey, a title it links to, a template, a page left out) renders it again."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from mkdocs_journey.pagecache import dumps, loads

from conftest import CACHE_DB, JOURNEY_A, build_site, cache_entries, edit_cache_entries, site_files


def _pages(site: Path) -> dict[Path, bytes]:
    return {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def _edit_html(entry: str, old: str, new: str) -> str:
    body, late = loads(entry)
    return dumps(dataclasses.replace(body, html=body.html.replace(old, new, 1)), late)


def test_a_warm_build_takes_pages_from_the_cache_and_gives_the_same_bytes(tmp_path):
    cold = build_site(tmp_path, site_files())
    assert cold.error is None, cold.text()
    assert len(cache_entries(tmp_path, "page")) >= 2  # the two journey pages at least (pages with charts are kept by the chart store)
    pages = _pages(cold.site)
    edit_cache_entries(tmp_path, "page", lambda e: _edit_html(e, "</h1>", "</h1><!-- cached -->"))  # prove the warm build reads them
    warm = build_site(tmp_path, site_files())
    assert warm.error is None, warm.text()
    assert "<!-- cached -->" in warm.page("journeys/first-purchase/")
    edit_cache_entries(tmp_path, "page", lambda e: _edit_html(e, "<!-- cached -->", ""))
    assert _pages(build_site(tmp_path, site_files()).site) == pages


def test_an_edited_journey_is_rendered_again(tmp_path):
    build_site(tmp_path, site_files())
    edited = JOURNEY_A.replace("First online purchase", "First purchase, edited")
    warm = build_site(tmp_path, site_files(**{"journeys/first-purchase.yml": edited}))
    assert warm.error is None, warm.text()
    assert "First purchase, edited" in warm.page("journeys/first-purchase/")


def test_a_renamed_persona_changes_the_journey_pages_that_name_her(tmp_path):
    files = site_files()
    build_site(tmp_path, files)
    persona = next(k for k in files if k.startswith("journeys/personas/"))
    files[persona] = files[persona].replace("name: ", "name: Renamed ", 1)
    warm = build_site(tmp_path, files)
    assert warm.error is None, warm.text()
    assert any("Renamed " in warm.page(f"journeys/{jid}/") for jid in ("first-purchase", "insurance-renewal")), warm.text()


def test_a_custom_template_renders_every_page_again(tmp_path):
    build_site(tmp_path, site_files())
    files = site_files(**{"overrides/journey.html": "<p>custom {{ journey.title }}</p>"})
    warm = build_site(tmp_path, files, plugins=["search", {"journey": {"custom_templates": "overrides"}}])
    assert warm.error is None, warm.text()
    assert "<p>custom First online purchase</p>" in warm.page("journeys/first-purchase/")


@pytest.mark.parametrize("damage", [b"", b'{"title": 1}', b'{"title": "t", "html": "h", "description": null, "late": []}',
                                    b"\xff\xfe", b"null", "", "null\n", '{"title": "t"}\nhtml',
                                    '{"title": "t", "description": null, "late": [], "lengths": [9]}\nshort',
                                    '{"title": "t", "description": null, "late": ["x"], "lengths": [1]}\na',
                                    '{"title": "t", "description": null, "late": [], "lengths": [-1, 2]}\na',
                                    '{"title": 2, "description": null, "late": [], "lengths": [1]}\na'])
def test_a_damaged_entry_is_only_a_miss(tmp_path, damage):
    cold = build_site(tmp_path, site_files())
    pages = _pages(cold.site)
    assert edit_cache_entries(tmp_path, "page", lambda _: damage)
    warm = build_site(tmp_path, site_files())
    assert warm.error is None, warm.text()
    assert _pages(warm.site) == pages


def test_no_page_cache_without_the_cache(tmp_path):
    built = build_site(tmp_path, site_files(), plugins=["search", {"journey": {"cache": False}}])
    assert built.error is None, built.text()
    assert not (tmp_path / CACHE_DB).exists() and not (tmp_path / ".cache").exists()


def test_a_page_entry_gives_back_what_was_put():
    from mkdocs_journey.rendering import PageBody

    body = PageBody('Title "with"\nnewline', '<p class="x">\n{"json": 1}\n</p>', None)
    late = {"grid": "<table>\n</table>", "empty": "", "ñ": "☃\n"}
    assert loads(dumps(body, late)) == (body, late)
    described = PageBody("t", "", "a description")
    assert loads(dumps(described, {})) == (described, {})
