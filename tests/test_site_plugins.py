"""Beside git-based plugins, mkdocs-monorepo-plugin, and `exclude_docs` / `draft_docs`: real sites, real plugins.

Each test builds a site the way its users set it up (a git repository for the git plugins, a monorepo
`!include` for monorepo) and asserts on the HTML a reader gets.
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from conftest import JOURNEY_A, broken_links, build_site, site_files, write_tree

ORDERS = ["before", "after"]
PAST = "2021-03-04T05:06:07+00:00"  # the journey files' commit: long before any test run
AUTHOR = ("Ada Journeymaker", "ada@example.org")


def _plugins(others: list, order: str) -> list:
    return ["search", *others, "journey"] if order == "before" else ["search", "journey", *others]


def _git(root: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def _git_site(root: Path, files: dict[str, str]) -> None:
    """A repository where the journey and persona YAML were committed in 2021 by AUTHOR; the rest is new."""
    write_tree(root, files)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.name", AUTHOR[0])
    _git(root, "config", "user.email", AUTHOR[1])
    _git(root, "add", "journeys")
    _git(root, "commit", "-q", "-m", "Journeys", date=PAST)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Docs")  # today: an ordinary page shows today's date


def _facts(page: str) -> str:
    """The "last update / created / authors" block Material prints from the git plugins."""
    start = page.find('<aside class="md-source-file">')
    assert start >= 0, "no source-file facts on the page"
    return page[start:page.index("</aside>", start)]


GIT_DATE = {"git-revision-date-localized": {"type": "iso_date", "enable_creation_date": True}}
GIT_AUTHORS = {"git-authors": {"strict": True}}


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("parallel", [True, False])
def test_revision_date_is_the_yaml_files(tmp_path: Path, order: str, parallel: bool) -> None:
    plugin = {"git-revision-date-localized": {**GIT_DATE["git-revision-date-localized"],
                                              "enable_parallel_processing": parallel}}
    _git_site(tmp_path, site_files())
    site = build_site(tmp_path, {}, plugins=_plugins([plugin], order))
    assert site.error is None, site.text()
    today = f"{datetime.now(UTC):%Y-%m-%d}"
    assert today in _facts(site.page(""))  # docs/index.md, committed today: the set-up is what it seems
    for url in ("journeys/first-purchase/", "personas/lucia/"):
        facts = _facts(site.page(url))
        assert facts.count("2021-03-04") == 2 and today not in facts, (url, facts)  # updated and created
        assert "customers: 1000" not in site.page(url)  # the YAML is the page's history, never its text
    assert not list(site.site.rglob("*.yml"))
    assert broken_links(site.site) == []


@pytest.mark.parametrize("order", ORDERS)
def test_git_authors_name_the_yaml_files_authors_under_strict(tmp_path: Path, order: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # git-authors asks git in the working directory, as `mkdocs build` is run
    _git_site(tmp_path, site_files())
    site = build_site(tmp_path, {}, plugins=_plugins([GIT_AUTHORS, GIT_DATE], order), strict=True)
    assert site.error is None, site.text()
    assert "has not been committed" not in site.text()
    for url in ("journeys/first-purchase/", "personas/lucia/"):
        facts = _facts(site.page(url))
        assert AUTHOR[0] in facts and "2021-03-04" in facts, (url, facts)
    assert broken_links(site.site) == []


# -- exclude_docs / draft_docs naming generated pages ------------------------------------------------

COMPARED = JOURNEY_A.replace("state: current\n", "state: current\ncompare_to: insurance-renewal\n")
assert COMPARED != JOURNEY_A


def _compared_files() -> dict[str, str]:
    """The test site, where first-purchase is compared to insurance-renewal."""
    return {**site_files(), "journeys/first-purchase.yml": COMPARED}


def _no_link_to(site, path: str) -> None:
    """No page of the built site links to `path` (a generated page the build leaves out)."""
    for page in site.html_files():
        assert f'/{path}' not in page.read_text(encoding="utf-8").replace('href="', 'href="/'), page


@pytest.mark.parametrize("pattern", ["journeys/insurance-renewal.md", "journeys/insurance-*", "insurance-renewal.md"])
@pytest.mark.parametrize("with_nav", [False, True])
def test_excluded_journey_is_neither_published_nor_linked(site_builder, pattern: str, with_nav: bool) -> None:
    config: dict = {"exclude_docs": pattern}
    if with_nav:  # a site's own nav made generated pages NOT_IN_NAV, which MkDocs never matched to patterns
        config["nav"] = ["index.md", {"Journeys": "journeys/index.md"}, {"Personas": "personas/index.md"}]
    site = site_builder(_compared_files(), config, strict=True)
    assert site.error is None, site.text()
    assert not (site.site / "journeys" / "insurance-renewal").exists()
    assert broken_links(site.site) == []
    for url in ("journeys/", "personas/", "personas/lucia/", "personas/javier/", "journeys/first-purchase/"):
        assert "Insurance renewal" not in site.page(url), url  # left out of lists, and no comparison
    assert "First online purchase" in site.page("journeys/") and "First online purchase" in site.page("personas/lucia/")
    _no_link_to(site, "insurance-renewal")


def test_excluded_persona_is_named_without_a_link(site_builder) -> None:
    site = site_builder(config={"exclude_docs": "personas/javier.md"}, strict=True)
    assert site.error is None, site.text()
    assert not (site.site / "personas" / "javier").exists()
    assert broken_links(site.site) == []
    assert "Javier Moreno" in site.page("journeys/insurance-renewal/")  # who the journey is for: still said
    assert "Javier Moreno" in site.page("journeys/")
    assert "Javier Moreno" not in site.page("personas/")  # not a persona of the published site
    _no_link_to(site, "javier")


def test_excluded_index_pages_are_not_linked(site_builder) -> None:
    site = site_builder(config={"exclude_docs": "journeys/index.md\npersonas/index.md"}, strict=True)
    assert site.error is None, site.text()
    assert not (site.site / "journeys" / "index.html").exists()
    assert (site.site / "journeys" / "first-purchase" / "index.html").exists()
    assert broken_links(site.site) == []


def _serve_build(root: Path, files: dict[str, str], config: dict) -> Path:
    """Build as `mkdocs serve` does (drafts included), into `root/site`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    write_tree(root, files)
    settings = {"site_name": "Test site", "theme": {"name": "material"}, "plugins": ["search", "journey"], **config}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    cfg = load_config(config_file=str(root / "mkdocs.yml"))
    cfg.plugins.on_startup(command="serve", dirty=False)
    try:
        build(cfg, serve_url="http://127.0.0.1:8000/")
    finally:
        cfg.plugins.on_shutdown()
    return root / "site"


def test_draft_journey_is_served_but_not_built(site_builder, tmp_path: Path) -> None:
    config = {"draft_docs": "journeys/insurance-renewal.md"}
    files = _compared_files()
    site = site_builder(files, config, strict=True)
    assert site.error is None, site.text()
    assert not (site.site / "journeys" / "insurance-renewal").exists()
    assert "Insurance renewal" not in site.page("journeys/") + site.page("personas/javier/")
    assert broken_links(site.site) == []
    _no_link_to(site, "insurance-renewal")

    served = _serve_build(tmp_path / "served", files, config)
    draft = (served / "journeys" / "insurance-renewal" / "index.html").read_text(encoding="utf-8")
    assert "mkdocs-draft-marker" in draft
    catalogue = (served / "journeys" / "index.html").read_text(encoding="utf-8")
    assert 'href="insurance-renewal/"' in catalogue
    assert 'href="../insurance-renewal/"' in (served / "journeys" / "first-purchase" / "index.html").read_text(encoding="utf-8")
    assert broken_links(served) == []


# -- mkdocs-monorepo-plugin -------------------------------------------------------------------------

MONOREPO_NAV = ["index.md", {"Shop": "!include ./shop/mkdocs.yml"},
                {"Journeys": ["journeys/index.md", "journeys/first-purchase.md", "journeys/insurance-renewal.md"]},
                {"Personas": ["personas/index.md", "personas/lucia.md", "personas/javier.md"]}]
REPO = "https://github.com/acme/cx"


def _monorepo_files(journeys_dir: str = "journeys") -> dict[str, str]:
    """The plugin README's layout: a root site, and a team's sub-site `!include`d from its nav."""
    files = {k.replace("journeys/", f"{journeys_dir}/", 1): v for k, v in site_files().items()}
    files["shop/mkdocs.yml"] = yaml.safe_dump({"site_name": "shop", "nav": [{"Checkout": "checkout.md"}]})
    files["shop/docs/checkout.md"] = "# Checkout\n\nHow the shop team runs checkout.\n"
    return files


def _edit_links(html: str) -> list[str]:
    """The page's edit links into REPO, as paths with `..` resolved."""
    return [posixpath.normpath(href.replace(REPO, "")) for href in re.findall(r'href="([^"]+)"', html)
            if href.startswith(REPO + "/edit/")]


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("journeys_dir", ["journeys", "docs/journeys", "shop/journeys"])
def test_monorepo_edit_links_point_at_the_yaml_in_the_repository(site_builder, order: str, journeys_dir: str) -> None:
    config = {"nav": MONOREPO_NAV, "repo_url": REPO, "edit_uri": "edit/main/docs/"}
    plugins = [p if p != "journey" else {"journey": {"journeys_dir": journeys_dir}}
               for p in _plugins(["monorepo"], order)]
    site = site_builder(_monorepo_files(journeys_dir), config, plugins=plugins, strict=True,
                        theme={"name": "material", "features": ["content.action.edit"]})
    assert site.error is None, site.text()
    assert "Checkout" in site.page("shop/checkout/")  # the sub-site is merged in
    assert _edit_links(site.page("journeys/first-purchase/")) == [f"/edit/main/{journeys_dir}/first-purchase.yml"]
    assert _edit_links(site.page("personas/lucia/")) == [f"/edit/main/{journeys_dir}/personas/lucia.yml"]
    assert _edit_links(site.page("shop/checkout/")) == ["/edit/main/shop/docs/checkout.md"]
    assert not list(site.site.rglob("*.yml"))  # the YAML copied into monorepo's folder is a source, not a file
    assert broken_links(site.site) == []


def test_monorepo_yaml_inside_an_included_docs_folder_is_not_published(site_builder) -> None:
    files = {k.replace("journeys/", "shop/docs/journeys/", 1): v for k, v in _monorepo_files().items()}
    config = {"nav": MONOREPO_NAV, "repo_url": REPO, "edit_uri": "edit/main/docs/"}
    site = site_builder(files, config, plugins=["search", "monorepo", {"journey": {"journeys_dir": "shop/docs/journeys"}}],
                        strict=True, theme={"name": "material", "features": ["content.action.edit"]})
    assert site.error is None, site.text()
    assert not list(site.site.rglob("*.yml"))
    assert _edit_links(site.page("journeys/first-purchase/")) == ["/edit/main/shop/docs/journeys/first-purchase.yml"]


@pytest.mark.parametrize("order", ORDERS)
def test_monorepo_with_git_plugins(tmp_path: Path, order: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _git_site(tmp_path, _monorepo_files())
    # git-authors blames monorepo's temporary copies of ordinary pages ("not committed yet"), its own
    # limit: not strict here, so that --strict checks everything else.
    authors = {"git-authors": {"strict": False}}
    site = build_site(tmp_path, {}, {"nav": MONOREPO_NAV}, plugins=_plugins(["monorepo", GIT_DATE, authors], order),
                      strict=True)
    assert site.error is None, site.text()
    facts = _facts(site.page("journeys/first-purchase/"))
    assert "2021-03-04" in facts and AUTHOR[0] in facts
    assert "2021-03-04" not in _facts(site.page("shop/checkout/"))
