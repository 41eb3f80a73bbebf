"""Zensical builds the journey pages that `mkdocs-journey pages` writes, and the fence in a page of one's own.

Zensical drops MkDocs plugins it does not know: these sites have no `journey` plugin at all.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import broken_links, site_files, write_tree

pytest.importorskip("zensical")

ZENSICAL = [str(Path(sys.executable).parent / "zensical")]
MKDOCS_YML = """\
site_name: Zensical journeys
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: journey
          class: journey
          format: !!python/name:mkdocs_journey.markdown.fence
extra_css:
  - assets/mkdocs-journey/journey.css
watch:
  - journeys
"""
ZENSICAL_TOML = """\
[project]
site_name = "Zensical journeys"
extra_css = ["assets/mkdocs-journey/journey.css"]
watch = ["journeys"]

[[project.markdown_extensions.pymdownx.superfences.custom_fences]]
name = "journey"
class = "journey"
format = "mkdocs_journey.markdown.fence"
"""
OWN_PAGE = "# Our onboarding\n\n```journey\njourney: first-purchase\nshow: [header, emotion]\n```\n\n```journey\njourney: nope\n```\n"


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=300)


def _site(root: Path, config_name: str, config: str) -> Path:
    write_tree(root, site_files(**{"docs/guide/onboarding.md": OWN_PAGE}))
    (root / config_name).write_text(config, encoding="utf-8")
    run = _run(root, sys.executable, "-m", "mkdocs_journey.cli", "pages", "--out", "docs", "--config", config_name)
    assert run.returncode == 0, run.stderr
    return root


def _article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.index("<article"):]


@pytest.mark.parametrize("config_name, config", [("mkdocs.yml", MKDOCS_YML), ("zensical.toml", ZENSICAL_TOML)])
def test_zensical_builds_the_pages_and_the_fence(tmp_path: Path, config_name: str, config: str) -> None:
    root = _site(tmp_path, config_name, config)
    run = _run(root, *ZENSICAL, "build", "--clean")
    assert run.returncode == 0, run.stderr
    site = root / "site"
    journey = _article(site / "journeys/first-purchase/index.html")
    assert 'class="jm-table jm-funnel-table"' in journey and 'id="jm-lane-first-purchase"' in journey
    assert 'href="../../personas/lucia/"' in journey and 'href="../"' in journey  # Zensical resolved the .md links
    assert "<title>First online purchase - Zensical journeys</title>" in (site / "journeys/first-purchase/index.html").read_text(encoding="utf-8")
    assert 'href="first-purchase/"' in _article(site / "journeys/index.html")
    assert "../../journeys/insurance-renewal/" in _article(site / "personas/javier/index.html")
    assert "assets/mkdocs-journey/journey.css" in (site / "journeys/index.html").read_text(encoding="utf-8")
    assert (site / "assets/mkdocs-journey/journey.css").is_file()
    own = _article(site / "guide/onboarding/index.html")
    assert 'href="../../personas/lucia/"' in own and own.count('id="jm-emotion-chart"') == 1
    assert "docs/guide/onboarding.md:9:10: unknown journey &#x27;nope&#x27;" in own  # on the page...
    assert "journey fence: docs/guide/onboarding.md:9:10: unknown journey 'nope'" in run.stdout + run.stderr  # ...and said
    assert [link for link in broken_links(site) if "zensical.org" not in link] == []


def test_with_watch_a_yaml_edit_reaches_the_pages_without_clean(tmp_path: Path) -> None:
    root = _site(tmp_path, "mkdocs.yml", MKDOCS_YML)
    assert _run(root, *ZENSICAL, "build", "--clean").returncode == 0
    time.sleep(1.1)  # Zensical compares modification times in whole seconds
    source = root / "journeys/first-purchase.yml"
    source.write_text(source.read_text(encoding="utf-8").replace("Sees an ad on Instagram", "Sees a poster"), encoding="utf-8")
    run = _run(root, *ZENSICAL, "build")
    assert run.returncode == 0, run.stderr
    page = _article(root / "site/journeys/first-purchase/index.html")
    assert "Sees a poster" in page and "Sees an ad on Instagram" not in page
    assert re.search(r"Sees a poster", _article(root / "site/guide/onboarding/index.html")) is None  # not shown there (header, emotion)
