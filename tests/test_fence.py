"""The `journey` fence in real builds: MkDocs without the plugin, with it, ProperDocs; errors on the page and in the log."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import JOURNEY_A, broken_links, build_site, dedent, site_files, write_site

FENCE_YAML = """\
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: journey
          class: journey
          format: !!python/name:mkdocs_journey.markdown.fence
"""

PAGE = dedent("""
    ---
    description: a page with a journey in it
    ---
    # Our onboarding

    Some words before.

    ```journey
    journey: first-purchase
    show: [header, emotion]
    ```

    Some words after.
""")


def _build(tmp_path: Path, files: dict[str, str], *, plugins: list | None = None, extra: str = "",
           strict: bool = True, config: dict | None = None):
    return build_site(tmp_path, files, config, plugins=plugins if plugins is not None else ["search"],
                      yaml_text=FENCE_YAML + extra, strict=strict)


def _fence_html(html: str) -> str:
    match = re.search(r'<div class="jm jm-journey jm-fence".*?<p>Some words after', html, re.S)
    assert match, html[:2000]
    return match.group(0)


def test_without_the_plugin_the_fence_shows_the_chosen_parts_as_static_svg(tmp_path: Path) -> None:
    built = _build(tmp_path, site_files(**{"docs/onboarding.md": PAGE}))
    assert built.error is None, built.text()
    html = built.page("onboarding/")
    part = _fence_html(html)
    assert "First online purchase" in part and "Lucía Fernández" in part  # header and persona card
    assert part.count("<svg") == 1  # the emotion curve, inline
    assert "<script" not in part
    assert "jm-grid" not in part and "Sees an ad on Instagram" not in part  # no map, no stage details
    assert 'class="jm-slot"' not in html  # nothing left to fill later
    assert not (built.site / "journeys").exists()  # no plugin: no generated pages...
    assert 'href="../personas/lucia/"' not in part  # ...so no link to a persona page that does not exist
    assert broken_links(built.site) == []  # no stage sections shown: stage names are not links to them
    assert built.text() == ""


def test_with_the_plugin_the_fence_links_to_the_generated_pages(tmp_path: Path) -> None:
    built = _build(tmp_path, site_files(**{"docs/guide/onboarding.md": PAGE.replace("show: [header, emotion]\n", "")}),
                   plugins=["search", "journey"])
    assert built.error is None, built.text()
    part = _fence_html(built.page("guide/onboarding/"))
    assert 'href="../../personas/lucia/"' in part
    # all parts by default: the funnel (a table), the emotion curve (pygal) and the map with its emotion lane
    assert part.count('class="jm-chart__svg"') == 1 and "jm-funnel-table" in part and "jm-lane__svg" in part
    assert "Sees an ad on Instagram" in part
    assert "assets/mkdocs-journey/journey.css" in built.page("guide/onboarding/")  # the plugin's stylesheet
    assert broken_links(built.site) == []
    assert built.text() == ""


INLINE = dedent("""
    # Inline

    ```journey
    title: Returning a parcel
    stages:
      - name: Ask
        steps:
          - action: Opens the returns form
            emotion: 3
    ```
""")


def test_an_error_in_the_body_is_shown_escaped_and_logged_with_the_page_and_line(tmp_path: Path) -> None:
    page = "---\ntitle: Returns\n---\n" + INLINE.replace("Returning a parcel", "Returning <b>a</b> parcel")
    built = _build(tmp_path, site_files(**{"docs/returns.md": page}), strict=False)
    assert built.error is None
    assert "ERROR: mkdocs_journey: journey fence: docs/returns.md:12:18: stage 1, step 1: emotion must be " \
           "an integer from -2 to 2" in built.text()
    html = built.page("returns/")
    assert "mkdocs-journey: this journey cannot be shown" in html
    assert "docs/returns.md:12:18" in html
    assert "Traceback" not in built.text() + html and "```journey" not in html


def test_an_unknown_id_a_bad_part_and_a_missing_file_are_errors_naming_the_line(tmp_path: Path) -> None:
    page = dedent("""
        # Errors

        ```journey
        journey: first-purchse
        ```

        ```journey
        journey: first-purchase
        show: [mapp]
        ```

        ```journey
        file: journeys/gone.yml
        ```
    """)
    built = _build(tmp_path, site_files(**{"docs/errors.md": page}), strict=True)
    assert built.error is not None  # --strict: an error in a fence fails the build
    text = built.text()
    assert "docs/errors.md:4:10: unknown journey 'first-purchse' (hint: did you mean 'first-purchase'?)" in text
    assert "docs/errors.md:9:8: unknown part 'mapp' in show (hint: did you mean 'map'?)" in text
    assert "docs/errors.md:13:7: journeys/gone.yml: cannot read the file" in text


def test_a_whole_journey_inline_and_a_file_path_render(tmp_path: Path) -> None:
    page = INLINE.replace("emotion: 3", "emotion: -1") + dedent("""

        ```journey
        file: elsewhere/kept.yml
        show: [map]
        ```
    """)
    built = _build(tmp_path, site_files(**{"docs/inline.md": page, "elsewhere/kept.yml": JOURNEY_A}))
    assert built.error is None, built.text()
    html = built.page("inline/")
    assert "Returning a parcel" in html and "Opens the returns form" in html
    assert "Reads the size guide" in html and "jm-grid" in html  # the file's journey map


def test_the_extensions_options_say_where_the_journeys_are(tmp_path: Path) -> None:
    files = site_files(**{"docs/index.md": "# Home\n\n```journey\njourney: first-purchase\nshow: [header]\n```\n"})
    moved = {k.replace("journeys/", "cx/"): v for k, v in files.items()}
    extra = "  - mkdocs_journey.markdown:\n      journeys_dir: cx\n      language: es\n"
    built = _build(tmp_path, moved, extra=extra)
    assert built.error is None, built.text()
    html = built.page("")
    assert "First online purchase" in html and "Etapas" in html  # Spanish labels from the option


def test_a_page_fence_renders_a_whole_generated_page_with_links_to_its_siblings(tmp_path: Path) -> None:
    files = site_files(**{
        "docs/journeys/index.md": "---\ntitle: Journeys\n---\n\n```journey\npage: catalogue\n```\n",
        "docs/journeys/first-purchase.md": "---\ntitle: First\n---\n\n```journey\npage: journey\nid: first-purchase\n```\n",
        "docs/personas/lucia.md": "---\ntitle: Lucía\n---\n\n```journey\npage: persona\nid: lucia\n```\n",
    })
    built = _build(tmp_path, files)
    assert built.error is None, built.text()
    catalogue = built.page("journeys/")
    assert 'href="first-purchase/"' in catalogue  # a page of the site
    journey = built.page("journeys/first-purchase/")
    assert 'href="../../personas/lucia/"' in journey and 'class="jm-table jm-funnel-table"' in journey
    persona = built.page("personas/lucia/")
    assert "../../journeys/first-purchase/" in persona
    assert broken_links(built.site) == []


@pytest.mark.skipif(shutil.which("properdocs", path=str(Path(sys.executable).parent)) is None,
                    reason="ProperDocs is not installed")
def test_under_properdocs_the_fence_and_the_plugin_build(tmp_path: Path) -> None:
    files = site_files(**{"docs/guide.md": PAGE})
    root = tmp_path / "site"
    write_site(root, files, None, theme="material", plugins=["search", "journey"], yaml_text=FENCE_YAML)
    run = subprocess.run([str(Path(sys.executable).parent / "properdocs"), "build", "--strict", "-f", "mkdocs.yml"],
                         cwd=root, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    html = (root / "site" / "guide" / "index.html").read_text(encoding="utf-8")
    assert 'class="jm jm-journey jm-fence"' in html and html.count("<svg") >= 1
    assert 'href="../personas/lucia/"' in html
    assert (root / "site" / "journeys" / "first-purchase" / "index.html").is_file()  # the plugin under ProperDocs
