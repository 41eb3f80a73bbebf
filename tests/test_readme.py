"""README's recipe for a new site, followed word for word in an empty folder: it cannot rot unnoticed.

Every command of the recipe runs as written, with two substitutions that keep the test offline and
quick: `.venv` is this test run's own environment (a symlink; creating one and installing the
checkout into it is what CI's README command does anyway), and the `pip install` of the checkout is
checked rather than run: one requirement, the checkout's folder, with an extra that pyproject.toml
defines.
"""

from __future__ import annotations

import re
import shlex
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
CHECKOUT = "/path/to/mkdocs-journey"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)


def _section(title_start: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title_start}")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]


def recipe() -> list[tuple[str, str, str]]:
    """(kind, name, body) for each block of the recipe: ("file", path, content) or ("bash", "", lines)."""
    section = _section("A new site")
    steps = []
    for match in FENCE.finditer(section):
        lang, body = match.group(1), match.group(2)
        before = section[:match.start()].rstrip("\n").rsplit("\n\n", 1)[-1].strip()
        if lang == "bash":
            steps.append(("bash", "", body))
            continue
        path = re.match(r"`([^`]+)`", before)
        assert path, f"README: the block before '{body[:30]}…' does not say which file it is: {before!r}"
        steps.append(("file", path.group(1), body))
    return steps


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def _serve_and_fetch(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run `mkdocs serve` as written (on a free port), fetch the home page, stop it."""
    port = _free_port()
    server = subprocess.Popen(argv + ["-a", f"127.0.0.1:{port}"], cwd=cwd, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/")
                return status, body, ""
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.3)
        return 0, "", "mkdocs serve did not answer"
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
        if server.returncode not in (0, -15):
            pytest.fail(f"mkdocs serve ended with {server.returncode}:\n{output}")


def _check_install(argv: list[str], line: str) -> None:
    """`pip install "/path/to/mkdocs-journey[extra]"`: this checkout, and an extra that exists."""
    assert len(argv) == 3 and argv[2].startswith(CHECKOUT + "["), line
    extras = argv[2][len(CHECKOUT) + 1:].rstrip("]").split(",")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "mkdocs-journey"
    assert set(extras) <= set(project["optional-dependencies"]), (extras, line)


def test_readme_first_two_commands_are_unchanged():
    first = FENCE.search(README.read_text(encoding="utf-8"))
    assert first and first.group(2).splitlines() == [
        'python3 -m venv .venv && .venv/bin/pip install ".[material]" && .venv/bin/mkdocs serve',
        'python3 -m venv .venv && .venv/bin/pip install ".[test]" && .venv/bin/python -m pytest',
    ]


def test_readme_new_site_recipe_builds_strict_and_serves_a_home_page(tmp_path):
    steps = recipe()
    files = [name for kind, name, _ in steps if kind == "file"]
    assert files == ["mkdocs.yml", "docs/index.md", "journeys/first-purchase.yml", "journeys/personas/lucia.yml"]
    heading = _section("A new site").splitlines()[1]
    assert "four files" in heading, heading  # the title counts the files it shows

    site = tmp_path / "my-site"
    site.mkdir()
    served = None
    for kind, name, body in steps:
        if kind == "file":
            target = site / name
            assert target.parent.is_dir(), f"README writes {name} before any command creates {target.parent.name}/"
            target.write_text(body, encoding="utf-8")
            continue
        for line in body.splitlines():
            argv = shlex.split(line, comments=True)
            if not argv:
                continue
            if argv[:3] == ["python3", "-m", "venv"]:
                (site / argv[3]).symlink_to(sys.prefix, target_is_directory=True)
                continue
            if argv[0].endswith("/pip") and argv[1] == "install":
                _check_install(argv, line)
                continue
            if argv[0].endswith("/mkdocs") and argv[1] == "serve":
                served = _serve_and_fetch(argv, site)
                continue
            done = subprocess.run(argv, cwd=site, capture_output=True, text=True, timeout=300, check=False)
            assert done.returncode == 0, f"README command failed: {line}\n{done.stdout}\n{done.stderr}"
            if argv[0].endswith("/mkdocs"):
                # --strict already fails on warnings; this says which (Material's banner is no warning).
                assert not re.search(r"^(WARNING|ERROR)\s+-", done.stderr, re.MULTILINE), done.stderr

    for page in ["index.html", "journeys/index.html", "journeys/first-purchase/index.html",
                 "personas/index.html", "personas/lucia/index.html"]:
        assert (site / "site" / page).is_file(), page
    assert "Lucía Fernández" in (site / "site/journeys/first-purchase/index.html").read_text(encoding="utf-8")
    assert served is not None, "the recipe never runs mkdocs serve"
    status, body, problem = served
    assert status == 200 and "Our customer journeys" in body, (status, problem)
