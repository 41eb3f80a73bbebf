"""The commands a user runs: `mkdocs build --strict`, `mkdocs serve`, `mkdocs-journey validate`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def _wait_for(predicate, timeout: float = 40.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_serve_follows_edits_breakage_fixes_additions_and_deletions(tmp_path):
    root = new_site(tmp_path)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log_path = tmp_path / "serve.log"
    log = log_path.open("w")
    server = subprocess.Popen([*MKDOCS, "serve", "-a", f"127.0.0.1:{port}"], cwd=root, env=ENV,
                              stdout=log, stderr=subprocess.STDOUT)
    page = base + "journeys/first-purchase/"
    source = root / "journeys/first-purchase.yml"
    good = source.read_text()
    try:
        assert _wait_for(lambda: "Sees an ad on Instagram" in _get(page)[1]), "server did not start"

        # An edit shows after the automatic rebuild.
        source.write_text(good.replace("Sees an ad on Instagram", "Watches a reel on Instagram"))
        assert _wait_for(lambda: "Watches a reel on Instagram" in _get(page)[1]), "edit not shown"
        persona = root / "journeys/personas/lucia.yml"
        persona.write_text(persona.read_text().replace("Graphic designer, 32", "Illustrator, 33"))
        assert _wait_for(lambda: "Illustrator, 33" in _get(base + "personas/lucia/")[1]), "persona edit not shown"

        # A broken file: the server stays up, the log names the file and line, and the page keeps
        # its last good version with the error on it.
        source.write_text(good.replace("Sees an ad on Instagram", "Broken one").replace("emotion: 1", "emotion: 9"))
        assert _wait_for(lambda: "emotion must be an integer from -2 to 2, got 9" in _get(page)[1]), "no notice"
        html = _get(page)[1]
        assert "Watches a reel on Instagram" in html and "Broken one" not in html
        assert "last version of the file without errors" in html
        assert _wait_for(lambda: "journeys/first-purchase.yml:15:18" in log_path.read_text()), "error not logged"
        assert server.poll() is None

        # Fixed: the page recovers, with no notice.
        source.write_text(good.replace("Sees an ad on Instagram", "Fixed and back"))
        assert _wait_for(lambda: "Fixed and back" in _get(page)[1]), "fix not shown"
        assert "jm-notice" not in _get(page)[1]

        # A new file appears; a deleted one disappears, from its URL and from the catalogue.
        (root / "journeys/returns.yml").write_text("title: Returning a parcel\npersona: lucia\nstages:\n"
                                                   "  - name: Ask\n    steps:\n      - action: Asks\n")
        assert _wait_for(lambda: _get(base + "journeys/returns/")[0] == 200), "new page missing"
        assert "Returning a parcel" in _get(base + "journeys/")[1]
        (root / "journeys/insurance-renewal.yml").unlink()
        assert _wait_for(lambda: _get(base + "journeys/insurance-renewal/")[0] == 404), "deleted page still served"
        assert "Insurance renewal" not in _get(base + "journeys/")[1]
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
