"""ProperDocs (the maintained MkDocs 1.x fork): the plugin builds the repository's demo site there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import broken_links

ROOT = Path(__file__).parent.parent
PROPERDOCS = Path(sys.executable).parent / "properdocs"


@pytest.mark.skipif(not PROPERDOCS.exists(), reason="ProperDocs is not installed (the test extra installs it)")
def test_properdocs_builds_the_demo_site_strict(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run([str(PROPERDOCS), "build", "--strict", "--site-dir", str(site), "--config-file",
                             str(ROOT / "mkdocs.yml")], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    for jid in sorted(p.stem for p in (ROOT / "journeys").glob("*.yml")):
        page = (site / "journeys" / jid / "index.html").read_text(encoding="utf-8")
        assert 'class="jm-slot"' not in page and "jm-grid" in page  # the placeholders were filled there too
    assert (site / "personas" / "index.html").exists()
    assert broken_links(site) == []
