"""Compiled templates are kept in `.cache/journey/templates/` between builds, and never change a page."""

from __future__ import annotations

from conftest import build_site, site_files

PLUGINS = ["search", {"journey": {"custom_templates": "overrides"}}]


def _custom(word: str) -> dict[str, str]:
    return site_files(**{"overrides/personas.html": f'<h1 id="personas">{{{{ title }}}}</h1><div class="jm x">'
                         f'{word} {{{{ rows | length }}}}<p class="jm-more"></p></div>'})


def test_a_second_build_uses_the_compiled_templates_and_gives_the_same_pages(tmp_path):
    first = build_site(tmp_path, site_files())
    assert first.error is None, first.text()
    cached = sorted((tmp_path / ".cache/journey/templates").glob("*.cache"))
    assert len(cached) >= 5  # the journey page, its fragments, the indexes, the persona page
    pages = {p: p.read_bytes() for p in first.html_files()}
    second = build_site(tmp_path, site_files())
    assert second.error is None, second.text()
    assert {p: p.read_bytes() for p in second.html_files()} == pages


def test_an_edited_template_is_compiled_again(tmp_path):
    assert "Before 2" in build_site(tmp_path, _custom("Before"), plugins=PLUGINS).page("personas/")
    after = build_site(tmp_path, _custom("After"), plugins=PLUGINS)
    assert after.error is None, after.text()
    assert "After 2" in after.page("personas/")


def test_a_damaged_cache_is_only_a_miss(tmp_path):
    build_site(tmp_path, site_files())
    for entry in (tmp_path / ".cache/journey/templates").glob("*.cache"):
        entry.write_bytes(entry.read_bytes()[:20])  # truncated: right header, broken code
    again = build_site(tmp_path, site_files())
    assert again.error is None, again.text()
    assert "First online purchase" in again.page("journeys/first-purchase/")


def test_an_unwritable_cache_folder_never_breaks_the_build(tmp_path):
    (tmp_path / ".cache/journey").mkdir(parents=True)
    (tmp_path / ".cache/journey/templates").write_text("a file where the folder should be")
    built = build_site(tmp_path, site_files())
    assert built.error is None, built.text()
    assert "First online purchase" in built.page("journeys/first-purchase/")


def test_no_template_cache_without_the_cache(tmp_path):
    built = build_site(tmp_path, site_files(), plugins=["search", {"journey": {"cache": False}}])
    assert built.error is None, built.text()
    assert not (tmp_path / ".cache/journey/templates").exists()
