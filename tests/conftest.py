"""Test helpers: lay out a real site in a temporary folder and build it with MkDocs, in process."""

from __future__ import annotations

import functools
import http.server
import logging
import sqlite3
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, PluginError

JOURNEY_A = """\
title: First online purchase
persona: lucia
summary: Lucía finds the brand on **Instagram** and buys her first dress.
tags: [ecommerce, fashion]
owner: CX team
state: current
stages:
  - name: Awareness
    customers: 1000
    goal: Lucía knows the brand
    steps:
      - action: Sees an ad on Instagram
        touchpoint: Instagram ad
        channel: Social media
        emotion: 1
        thought: What a nice dress!
        pain_points: [The ad shows no price]
        opportunities: [Show the price in the ad]
        backstage: [Campaign targeted by interests]
    kpis:
      - {name: Reach, value: 1000, target: 1500, unit: people}
  - name: Consideration
    customers: 400
    steps:
      - action: Reads the size guide
        touchpoint: Product page
        channel: Web
        emotion: -2
        thought: Which size am I?
        pain_points: [The size guide is unreadable on a phone]
        opportunities: [Size recommender]
        backstage: [Product data team updates the guide]
      - action: Subscribes to the newsletter
        touchpoint: Pop-up
        channel: Web
        emotion: 0
    kpis:
      - {name: Newsletter sign-ups, value: 12.5, target: 15, unit: "%"}
  - name: Purchase
    customers: 100
    steps:
      - action: Pays with the welcome discount
        touchpoint: Checkout
        channel: Web
        emotion: 2
        thought: Ten percent off, great
        pain_points: []
        opportunities: [One-click payment]
        backstage: [Payment provider checks fraud]
    kpis:
      - {name: Conversion, value: 25, target: 30, unit: "%"}
"""

JOURNEY_B = """\
title: Insurance renewal
persona: [javier, lucia]
stages:
  - name: Notice
    customers: 500
    steps:
      - action: Receives the renewal letter
        touchpoint: Letter
        channel: Post
        emotion: -1
        pain_points: [Price rose 23 %]
  - name: Call
    customers: 200
    steps:
      - action: Calls the call centre
        touchpoint: Phone line
        channel: Phone
        emotion: -2
        thought: Why is this so slow?
        pain_points: [38 minutes on hold]
"""

PERSONA_LUCIA = """\
name: Lucía Fernández
role: Graphic designer, 32
quote: I want to buy quickly from my phone.
summary: Buys clothes on her **phone**.
goals: [Find a dress for a wedding]
needs: [Clear sizes]
frustrations: [Hidden shipping costs]
behaviors: [Browses Instagram at night]
channels: [Instagram, Email]
"""

PERSONA_JAVIER = """\
name: Javier Moreno
role: Plumber, 45
"""


def site_files(**extra: str) -> dict[str, str]:
    """The default test site's files, with overrides (`None` removes a file)."""
    files = {
        "docs/index.md": "# Home\n\nWelcome.\n",
        "journeys/first-purchase.yml": JOURNEY_A,
        "journeys/insurance-renewal.yml": JOURNEY_B,
        "journeys/personas/lucia.yml": PERSONA_LUCIA,
        "journeys/personas/javier.yml": PERSONA_JAVIER,
    }
    files.update({k.replace("__", "/"): v for k, v in extra.items()})
    return {k: v for k, v in files.items() if v is not None}


@dataclass
class BuiltSite:
    root: Path
    site: Path
    logs: list[logging.LogRecord] = field(default_factory=list)
    error: Exception | None = None

    @property
    def messages(self) -> list[str]:
        return [f"{r.levelname}: {r.getMessage()}" for r in self.logs]

    def text(self, levels: tuple[str, ...] = ("WARNING", "ERROR")) -> str:
        return "\n".join(m for m in self.messages if m.split(":", 1)[0] in levels)

    def page(self, url: str) -> str:
        path = self.site / url
        if url.endswith("/") or not url:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    def html_files(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def write_site(root: Path, files: dict[str, str | bytes], config: dict | None = None, *,
               theme: str | dict = "material", plugins: list | None = None, yaml_text: str = "") -> Path:
    """Write `files` and an mkdocs.yml under `root` without building: for tests of `validate` and `new`.

    `yaml_text` is appended to mkdocs.yml as written: for what a dict cannot say (`!!python/name:`).
    """
    settings = {"site_name": "Test site", "theme": theme if isinstance(theme, dict) else {"name": theme},
                "plugins": plugins if plugins is not None else ["search", "journey"]}
    settings.update(config or {})
    write_tree(root, files)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True) + yaml_text, encoding="utf-8")
    return root


def build_site(root: Path, files: dict[str, str | bytes], config: dict | None = None, *, strict: bool = True,
               theme: str | dict = "material", plugins: list | None = None,
               configure: Callable[[MkDocsConfig], None] | None = None, yaml_text: str = "") -> BuiltSite:
    """Write `files` and an mkdocs.yml under `root`, build in process, return the result and the logs."""
    write_site(root, files, config, theme=theme, plugins=plugins, yaml_text=yaml_text)
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    result = BuiltSite(root, root / "site", capture.records)
    try:
        cfg = load_config(config_file=str(root / "mkdocs.yml"), strict=strict)
        if configure is not None:  # what a test changes on the loaded config, e.g. a plugin's registry
            configure(cfg)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except (Abort, BuildError, PluginError) as exc:
        result.error = exc
    finally:
        logger.removeHandler(capture)
        logger.setLevel(old_level)
    return result


@pytest.fixture
def site_builder(tmp_path: Path):
    counter = iter(range(1000))

    def make(files: dict[str, str | bytes] | None = None, config: dict | None = None, **kwargs) -> BuiltSite:
        root = tmp_path / f"site{next(counter)}"
        return build_site(root, files if files is not None else site_files(), config, **kwargs)

    return make


@pytest.fixture(scope="session")
def default_site(tmp_path_factory):
    """The default test site (`site_files()`, strict), built once per theme for the tests that only read it.

    Tests given this must not write into the site: other tests read the same folder.
    """
    built: dict[str, BuiltSite] = {}

    def get(theme: str = "material") -> BuiltSite:
        if theme not in built:
            built[theme] = build_site(tmp_path_factory.mktemp(f"default-{theme}"), site_files(), theme=theme)
        return built[theme]

    return get


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if value is not None and ((name == "href" and tag in ("a", "link")) or (name == "src" and tag in ("img", "script"))):
                self.links.append(value)


def parse_links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def broken_links(site: Path) -> list[str]:
    """Every local link (and #anchor into a generated page) in the built site that leads nowhere."""
    problems = []
    ids_cache: dict[Path, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":  # served from any URL, so themes link it from the site root
            continue
        for link in parse_links(page.read_text(encoding="utf-8")).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            target = page.parent if not parts.path else (page.parent / unquote(parts.path))
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not parts.path:
                target = page
            if not target.exists():
                problems.append(f"{page.relative_to(site)} → {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = parse_links(target.read_text(encoding="utf-8")).ids
                if parts.fragment not in ids_cache[target]:
                    problems.append(f"{page.relative_to(site)} → {link} (no such anchor)")
    return problems


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A quiet local HTTP server for a built site (browser tests open pages over HTTP, as readers do)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()  # the listening socket: left to the garbage collector, it warns (ResourceWarning)


def wait_for(predicate: Callable[[], bool], timeout: float = 40.0) -> bool:
    """Poll `predicate` until it holds or `timeout` seconds pass: for servers that rebuild in the background."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture(scope="module")
def chromium():
    """One headless Debian Chromium per test module (Playwright drives it; no browser download)."""
    import shutil

    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-sync"])
        yield instance
        instance.close()


CACHE_DB = ".cache/journey/cache.sqlite"


def cache_entries(root: Path, kind: str) -> dict[str, str]:
    """The disk cache's entries of one kind ("parsed", "chart", "page") after a build in `root`."""
    path = root / CACHE_DB
    if not path.exists():
        return {}
    db = sqlite3.connect(path)
    try:
        return dict(db.execute("SELECT key, value FROM entry WHERE kind = ? ORDER BY key", (kind,)).fetchall())
    finally:
        db.close()


def edit_cache_entries(root: Path, kind: str, edit: Callable[[str], str | bytes]) -> int:
    """Rewrite every entry of a kind (bytes are stored as a blob, as a damaged file would be); returns how many."""
    entries = cache_entries(root, kind)
    db = sqlite3.connect(root / CACHE_DB)
    with db:
        db.executemany("UPDATE entry SET value = ? WHERE kind = ? AND key = ?",
                       [(edit(value), kind, key) for key, value in entries.items()])
    db.close()
    return len(entries)
