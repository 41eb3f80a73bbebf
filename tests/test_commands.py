"""The commands a user runs: `mkdocs build --strict`, `mkdocs-journey validate` (`mkdocs serve`: test_serve.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import site_files, write_tree

MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}


def new_site(root: Path, **extra: str) -> Path:
    write_tree(root, site_files(**extra))
    config = {"site_name": "New site", "theme": {"name": "material"}, "plugins": ["search", "journey"]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root


def test_mkdocs_build_strict_from_the_command_line(tmp_path):
    root = new_site(tmp_path)
    result = subprocess.run([*MKDOCS, "build", "--strict"], cwd=root, env=ENV, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (root / "site/journeys/first-purchase/index.html").exists()
    # Nothing is written next to the sources.
    assert sorted(p.name for p in (root / "journeys").iterdir()) == ["first-purchase.yml", "insurance-renewal.yml", "personas"]
    assert sorted(p.name for p in (root / "docs").iterdir()) == ["index.md"]


def test_mkdocs_build_reports_bad_files_without_traceback(tmp_path):
    root = new_site(tmp_path, **{"journeys/bad.yml": "title: X\nstages:\n  - name: A\n    steps:\n      - action: a\n"
                                                      "        emotion: 7\n"})
    result = subprocess.run([*MKDOCS, "build"], cwd=root, env=ENV, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "journeys/bad.yml:6:18: stage 1, step 1: emotion must be an integer from -2 to 2, got 7" in result.stderr
    assert "1 error in journey files" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_command(tmp_path):
    root = new_site(tmp_path, **{"journeys/bad.yml": "title: X\nstages: Nope\n"})
    # The console script, as installed by pip.
    script = Path(sys.executable).parent / "mkdocs-journey"
    result = subprocess.run([str(script), "validate"], cwd=root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "journeys/bad.yml:2:9: error: stages must be a list of stages, got 'Nope'" in result.stdout
    assert "Traceback" not in result.stderr
