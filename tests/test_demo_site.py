"""The repository is its own demo site: it must build with --strict, every example page present."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import broken_links

ROOT = Path(__file__).parent.parent


def test_repository_site_builds_strict(tmp_path):
    site = tmp_path / "site"
    # Run from elsewhere, so that the installed package is used (not the source folder).
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site),
                             "--config-file", str(ROOT / "mkdocs.yml")],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    journeys = sorted(p.stem for p in (ROOT / "journeys").glob("*.yml"))
    personas = sorted(p.stem for p in (ROOT / "journeys/personas").glob("*.yml"))
    assert len(journeys) >= 4 and len(personas) >= 3
    for jid in journeys:
        assert (site / "journeys" / jid / "index.html").exists()
    for pid in personas:
        assert (site / "personas" / pid / "index.html").exists()
    assert broken_links(site) == []
    # The built site fetches nothing from other hosts.
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "<script src=\"http" not in html, page
