"""Beside git-based plugins, mkdocs-monorepo-plugin, and `exclude_docs` / `draft_docs`: real sites, real plugins.

Each test builds a site the way its users set it up (a git repository for the git plugins, a monorepo
`!include` for monorepo) and asserts on the HTML a reader gets.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import JOURNEY_A, build_site, broken_links, site_files, write_tree

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
    today = f"{datetime.now(timezone.utc):%Y-%m-%d}"
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
