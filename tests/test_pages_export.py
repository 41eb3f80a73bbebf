"""`mkdocs-journey pages --out DIR [--check]`: Markdown files with fences, built by MkDocs without the plugin."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_journey.cli import main

from conftest import JOURNEY_B, broken_links, site_files, write_tree

FENCE = {"markdown_extensions": [{"pymdownx.superfences": {"custom_fences": [
    {"name": "journey", "class": "journey", "format": "FENCE"}]}}]}


def _site(root: Path, **extra: str | None) -> Path:
    write_tree(root, site_files(**extra))
    config = {"site_name": "Fence site", "theme": {"name": "material"}, "plugins": ["search"],
              "extra_css": ["assets/mkdocs-journey/journey.css"], **FENCE}
    text = yaml.safe_dump(config, allow_unicode=True).replace("format: FENCE",
                                                                "format: !!python/name:mkdocs_journey.markdown.fence")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return root


def _pages(root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    code = main(["pages", "--out", "docs", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _build(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(root)
    records: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                records.append(record.getMessage())

    handler = Capture()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        build(load_config(config_file=str(root / "mkdocs.yml"), strict=True))
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    return records


def test_pages_then_a_plain_mkdocs_build_gives_every_journey_page(tmp_path: Path, monkeypatch, capsys) -> None:
    root = _site(tmp_path)
    code, out, err = _pages(root, monkeypatch, capsys)
    assert code == 0, err
    written = sorted(p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*") if p.is_file())
    assert written == ["assets/mkdocs-journey/journey.css", "index.md", "journeys/channels.md", "journeys/first-purchase.md",
                       "journeys/index.md",
                       "journeys/insurance-renewal.md", "journeys/opportunities.md", "journeys/pain-points.md",
                       "personas/index.md", "personas/javier.md", "personas/lucia.md"]
    page = (root / "docs/journeys/first-purchase.md").read_text(encoding="utf-8")
    assert page.splitlines()[1].startswith("# Written by `mkdocs-journey pages`: this page shows journeys/first-purchase.yml")
    assert 'title: "First online purchase"' in page and "```journey\npage: journey\nid: first-purchase\n```" in page
    assert "10 files for 2 journeys and 2 personas: 10 written, 0 removed" in out

    assert _build(root, monkeypatch) == []
    site = root / "site"
    journey = (site / "journeys/first-purchase/index.html").read_text(encoding="utf-8")
    assert "<title>First online purchase - Fence site</title>" in journey
    assert 'class="jm-table jm-funnel-table"' in journey and 'href="../../personas/lucia/"' in journey
    assert 'class="jm-slot"' not in journey
    catalogue = (site / "journeys/index.html").read_text(encoding="utf-8")
    assert 'href="../first-purchase/"' in catalogue or 'href="first-purchase/"' in catalogue
    assert "Insurance renewal" in (site / "personas/javier/index.html").read_text(encoding="utf-8")
    assert broken_links(site) == []


def test_check_fails_when_a_journey_comes_goes_or_is_renamed(tmp_path: Path, monkeypatch, capsys) -> None:
    root = _site(tmp_path)
    assert _pages(root, monkeypatch, capsys)[0] == 0
    assert _pages(root, monkeypatch, capsys, "--check")[0] == 0

    (root / "journeys/renewal-2.yml").write_text(JOURNEY_B.replace("Insurance renewal", "Renewal, again"), encoding="utf-8")
    code, out, err = _pages(root, monkeypatch, capsys, "--check")
    assert code == 1 and "out of date: docs/journeys/renewal-2.md" in out and "run mkdocs-journey pages" in err
    assert not (root / "docs/journeys/renewal-2.md").exists()  # --check writes nothing

    (root / "journeys/insurance-renewal.yml").unlink()
    (root / "journeys/first-purchase.yml").write_text(
        (root / "journeys/first-purchase.yml").read_text(encoding="utf-8").replace("First online purchase", "First order"),
        encoding="utf-8")
    code, out, _ = _pages(root, monkeypatch, capsys)
    assert code == 0
    assert "removed: docs/journeys/insurance-renewal.md" in out and "written: docs/journeys/first-purchase.md" in out
    assert not (root / "docs/journeys/insurance-renewal.md").exists()
    assert 'title: "First order"' in (root / "docs/journeys/first-purchase.md").read_text(encoding="utf-8")
    assert _pages(root, monkeypatch, capsys, "--check")[0] == 0


def test_a_file_it_did_not_write_is_never_overwritten_nor_removed(tmp_path: Path, monkeypatch, capsys) -> None:
    own = "# Our journeys\n\nWritten by hand.\n"
    root = _site(tmp_path, **{"docs/journeys/index.md": own, "docs/journeys/old-notes.md": "# Notes\n"})
    code, out, err = _pages(root, monkeypatch, capsys)
    assert code == 1
    assert "docs/journeys/index.md: not written by mkdocs-journey pages: left as it is" in err
    assert (root / "docs/journeys/index.md").read_text(encoding="utf-8") == own
    assert (root / "docs/journeys/old-notes.md").read_text(encoding="utf-8") == "# Notes\n"
    assert (root / "docs/journeys/first-purchase.md").is_file()  # the others are written


def test_errors_in_journey_files_are_said_and_fail(tmp_path: Path, monkeypatch, capsys) -> None:
    root = _site(tmp_path, **{"journeys/broken.yml": "title: Broken\nstages:\n  - name: A\n    customers: lots\n"})
    code, _out, err = _pages(root, monkeypatch, capsys)
    assert code == 1
    assert "journeys/broken.yml:4:16: error: stage 1: customers must be a whole number, 0 or more, got 'lots'" in err
    assert not (root / "docs/journeys/broken.md").exists()
    assert (root / "docs/journeys/first-purchase.md").is_file()
