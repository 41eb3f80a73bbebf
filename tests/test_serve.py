"""`mkdocs serve`: what only happens while previewing. The plugin keeps state across rebuilds (the last
good version of a broken file, shown with a notice; parsed files; drawn charts) and must never raise
while serving: MkDocs' dev server holds every request until a rebuild succeeds (livereload's
`_serve_request` waits for the build epoch), so one exception makes the preview hang.

The in-process tests build as `mkdocs.commands.serve.serve` does in MkDocs 1.6: one `on_startup(command=
"serve")`, then `build(config, serve_url=...)` for the first build and again, with mkdocs.yml loaded
anew, for every rebuild; MkDocs hands each rebuild the same plugin instance (plugins that define
`on_startup` are cached by the `plugins` config option). The subprocess test runs the real server.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, PluginError

from conftest import BuiltSite, _Capture, site_files, wait_for, write_site

SERVE_URL = "http://127.0.0.1:8000/"
NOTICE = "This page shows the last version of the file without errors."
EMOTION_9 = "journeys/first-purchase.yml:15:18: stage 1, step 1: emotion must be an integer from -2 to 2, got 9"


class Preview:
    """A site built the way `mkdocs serve` builds it, in process; `rebuild()` is one automatic rebuild."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.site_dir = root / "served"  # serve builds into a temporary folder of its own
        self.config = self._load()
        self.config.plugins.on_startup(command="serve", dirty=False)
        self.plugin = self.config.plugins["journey"]

    def _load(self):
        config = load_config(config_file=str(self.root / "mkdocs.yml"), site_dir=str(self.site_dir))
        config.site_url = SERVE_URL
        return config

    def rebuild(self, *, first: bool = False) -> BuiltSite:
        config = self.config if first else self._load()  # serve's builder(): get_config() on every rebuild
        assert config.plugins["journey"] is self.plugin  # the state under test lives in this instance
        capture = _Capture()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(capture)
        old_level = logger.level
        logger.setLevel(logging.DEBUG)
        result = BuiltSite(self.root, self.site_dir, capture.records)
        try:
            build(config, serve_url=SERVE_URL, dirty=False)
        except (Abort, BuildError, PluginError) as exc:
            result.error = exc
        finally:
            logger.removeHandler(capture)
            logger.setLevel(old_level)
        return result

    def close(self) -> None:
        self.config.plugins.on_shutdown()


@pytest.fixture
def preview(tmp_path):
    previews: list[Preview] = []

    def start(files: dict, **kwargs) -> Preview:
        write_site(tmp_path, files, **kwargs)
        previews.append(Preview(tmp_path))
        return previews[-1]

    yield start
    for p in previews:
        p.close()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_rebuilds_keep_the_last_good_version_and_never_raise(preview, tmp_path):
    server = preview(site_files())
    first = server.rebuild(first=True)
    assert first.error is None, first.text()
    page = first.page("journeys/first-purchase/")
    assert "Sees an ad on Instagram" in page and "jm-notice" not in page
    assert 'data-label="Customers">200</td>' in first.page("journeys/insurance-renewal/")  # its funnel: Call 200 of 500

    # A journey is broken while another one is edited.
    journey = tmp_path / "journeys/first-purchase.yml"
    _edit(journey, "Sees an ad on Instagram", "Broken one")
    _edit(journey, "emotion: 1\n", "emotion: 9\n")
    _edit(tmp_path / "journeys/insurance-renewal.yml", "customers: 200", "customers: 250")
    _edit(tmp_path / "journeys/insurance-renewal.yml", "Calls the call centre", "Phones the call centre")
    second = server.rebuild()
    assert second.error is None, second.text()  # serving: errors are logged, never raised
    assert f"ERROR: mkdocs_journey: {EMOTION_9}" in second.messages
    assert "errors in journey files" not in second.text() and "error in journey files" not in second.text()
    page = second.page("journeys/first-purchase/")
    assert "Sees an ad on Instagram" in page and "Broken one" not in page  # the last good version...
    assert NOTICE in page and "emotion must be an integer from -2 to 2, got 9" in page  # ... said so, with the error
    assert page.count('class="jm-lane__svg"') == 1 and "jm-funnel-table" in page  # its lane and funnel too
    assert "emotion must be an integer from -2 to 2, got 9" in second.page("journeys/")  # the catalogue says it too
    renewal = second.page("journeys/insurance-renewal/")
    assert "Phones the call centre" in renewal and "Calls the call centre" not in renewal  # edits are not memoised away
    assert 'data-label="Customers">250</td>' in renewal and 'data-label="Customers">200</td>' not in renewal  # nor the funnel
    assert "jm-notice" not in renewal  # a notice only on the pages of the broken file, and the catalogue

    # Fixed, and a journey deleted: the page recovers with no notice, the deleted one is gone.
    _edit(journey, "Broken one", "Fixed and back")
    _edit(journey, "emotion: 9\n", "emotion: 1\n")
    (tmp_path / "journeys/insurance-renewal.yml").unlink()
    third = server.rebuild()
    assert third.error is None and not any(m.startswith("ERROR") for m in third.messages), third.text()
    page = third.page("journeys/first-purchase/")
    assert "Fixed and back" in page and "jm-notice" not in page
    assert not (third.site / "journeys/insurance-renewal").exists()
    assert "Insurance renewal" not in third.page("journeys/")

    # mkdocs.yml is read again on every rebuild: a broken custom template is shown on its page, not raised.
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search", {"journey": {"custom_templates": "overrides"}}]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides/personas.html").write_text("<h1>{{ titel }}</h1>", encoding="utf-8")
    fourth = server.rebuild()
    assert fourth.error is None, fourth.text()
    assert any(m.startswith("ERROR: mkdocs_journey: template error in personas.html") for m in fourth.messages)
    assert "Template error:" in fourth.page("personas/") and "titel" in fourth.page("personas/")
    assert "Fixed and back" in fourth.page("journeys/first-purchase/")


def test_a_lost_chart_placeholder_is_shown_not_raised_while_serving(preview, tmp_path):
    # A theme override that rewrites the page's HTML (as a minifier or a careless main.html may do).
    override = ('{% extends "base.html" %}{% block content %}{{ page.content | replace("data-jm-slot", "data-x") }}'
                '{% endblock %}')
    server = preview(site_files(**{"overrides/main.html": override}),
                     theme={"name": "material", "custom_dir": "overrides"})
    built = server.rebuild(first=True)
    if built.error is not None:
        raise built.error
    assert "placeholder" in built.text()
    assert "placeholder" in built.page("journeys/first-purchase/")


# -- the real server ------------------------------------------------------------------------------

MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}


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


@pytest.fixture
def served(tmp_path):
    """`mkdocs serve` on a free port in a new site; stopped (killed if need be) whatever the test does."""
    root = write_site(tmp_path / "site", site_files())
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen([*MKDOCS, "serve", "-a", f"127.0.0.1:{port}"], cwd=root, env=ENV,
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}/"
            ready = wait_for(lambda: _get(base)[0] == 200 or server.poll() is not None, timeout=60)
            assert ready and server.poll() is None, log_path.read_text()
            yield root, base, server, log_path
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=20)


def test_serve_follows_edits_breakage_fixes_additions_and_deletions(served):
    root, base, server, log_path = served
    page = base + "journeys/first-purchase/"
    source = root / "journeys/first-purchase.yml"
    good = source.read_text()
    assert "Sees an ad on Instagram" in _get(page)[1]

    # An edit shows after the automatic rebuild.
    source.write_text(good.replace("Sees an ad on Instagram", "Watches a reel on Instagram"))
    assert wait_for(lambda: "Watches a reel on Instagram" in _get(page)[1]), "edit not shown"
    persona = root / "journeys/personas/lucia.yml"
    persona.write_text(persona.read_text().replace("Graphic designer, 32", "Illustrator, 33"))
    assert wait_for(lambda: "Illustrator, 33" in _get(base + "personas/lucia/")[1]), "persona edit not shown"

    # A broken file: the server keeps answering within seconds, the log names the file and line, and
    # the page keeps its last good version with the error on it.
    source.write_text(good.replace("Sees an ad on Instagram", "Broken one").replace("emotion: 1", "emotion: 9"))
    assert wait_for(lambda: "emotion must be an integer from -2 to 2, got 9" in _get(page)[1], timeout=15), "no notice"
    for url in (page, base, base + "journeys/", base + "personas/lucia/"):
        start = time.monotonic()
        assert _get(url)[0] == 200, url
        assert time.monotonic() - start < 5, url
    html = _get(page)[1]
    assert "Watches a reel on Instagram" in html and "Broken one" not in html
    assert "last version of the file without errors" in html
    assert wait_for(lambda: "journeys/first-purchase.yml:15:18" in log_path.read_text()), "error not logged"
    assert server.poll() is None

    # Fixed: the page recovers, with no notice.
    source.write_text(good.replace("Sees an ad on Instagram", "Fixed and back"))
    assert wait_for(lambda: "Fixed and back" in _get(page)[1]), "fix not shown"
    assert "jm-notice" not in _get(page)[1]

    # A new file appears; a deleted one disappears, from its URL and from the catalogue.
    (root / "journeys/returns.yml").write_text("title: Returning a parcel\npersona: lucia\nstages:\n"
                                               "  - name: Ask\n    steps:\n      - action: Asks\n")
    assert wait_for(lambda: _get(base + "journeys/returns/")[0] == 200), "new page missing"
    assert "Returning a parcel" in _get(base + "journeys/")[1]
    (root / "journeys/insurance-renewal.yml").unlink()
    assert wait_for(lambda: _get(base + "journeys/insurance-renewal/")[0] == 404), "deleted page still served"
    assert "Insurance renewal" not in _get(base + "journeys/")[1]

    # A theme override loses the chart placeholders: while serving, the plugin says so in the log and
    # on the page instead of failing the rebuild (which would make MkDocs hold every request).
    (root / "overrides").mkdir()
    (root / "overrides/main.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ page.content | replace("data-jm-slot", "data-x") }}'
        '{% endblock %}', encoding="utf-8")
    config_file = root / "mkdocs.yml"
    config = config_file.read_text(encoding="utf-8")
    config_file.write_text(config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
                           encoding="utf-8")
    assert wait_for(lambda: "the placeholder of the" in _get(page)[1]), log_path.read_text()
    assert "the placeholder of the" in log_path.read_text() and server.poll() is None
    # A rebuild that crashes (a broken theme template): the server lives on, and the next good
    # rebuild brings the site back.
    (root / "overrides/main.html").write_text('{% extends "base.html" %}{% block content %}{{ broken(', encoding="utf-8")
    config_file.write_text(config_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # serve watches no theme
    assert wait_for(lambda: "An error happened during the rebuild" in log_path.read_text()), log_path.read_text()
    assert server.poll() is None  # (MkDocs itself holds requests until a rebuild succeeds: not ours to change)
    source.write_text(good.replace("Sees an ad on Instagram", "Back after the crash"))
    config_file.write_text(config, encoding="utf-8")
    assert wait_for(lambda: "Back after the crash" in _get(page)[1]), "no recovery after a failed rebuild"
    assert server.poll() is None
