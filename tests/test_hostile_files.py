"""Files no journey folder should hold: each ends in seconds with the file named, no traceback, and
`validate` and `build` say the same."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_site, site_files, write_site


def _validate(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs_journey.cli", "validate", *args], cwd=root,
                          capture_output=True, text=True, timeout=30)


def _both(root: Path, expected: str, files: dict | None = None) -> None:
    site = build_site(root, files if files is not None else site_files())
    result = _validate(root)
    assert site.error is not None, site.text()
    assert expected in site.text(), site.text()
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.stdout, result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def _prepare(root: Path) -> Path:
    root.mkdir(parents=True)
    return root / "journeys"


def test_fifo_named_yml(tmp_path: Path) -> None:
    journeys = _prepare(tmp_path / "s")
    journeys.mkdir()
    os.mkfifo(journeys / "x.yml")
    _both(tmp_path / "s", "journeys/x.yml")


def test_link_to_a_fifo_and_to_dev_zero(tmp_path: Path) -> None:
    journeys = _prepare(tmp_path / "s")
    journeys.mkdir()
    os.mkfifo(tmp_path / "pipe")
    (journeys / "x.yml").symlink_to(tmp_path / "pipe")
    (journeys / "z.yml").symlink_to("/dev/zero")
    _both(tmp_path / "s", "journeys/z.yml")


def test_huge_file(tmp_path: Path) -> None:
    files = site_files()
    files["journeys/big.yml"] = "title: x\n" + "# padding\n" * 200_000
    _both(tmp_path / "s", "journeys/big.yml", files)


def test_socket_named_yml(tmp_path: Path) -> None:
    journeys = _prepare(tmp_path / "s")
    journeys.mkdir()
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(journeys / "x.yml"))
        _both(tmp_path / "s", "journeys/x.yml")
    finally:
        sock.close()


def test_symlink_loop_inside_the_journeys_folder(tmp_path: Path) -> None:
    journeys = _prepare(tmp_path / "s")
    (journeys / "sub").mkdir(parents=True)
    (journeys / "sub" / "loop").symlink_to(journeys)
    _both(tmp_path / "s", "loop")


def test_unreadable_folder(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every folder")
    journeys = _prepare(tmp_path / "s")
    (journeys / "locked").mkdir(parents=True)
    (journeys / "locked").chmod(0)
    try:
        _both(tmp_path / "s", "locked")
    finally:
        (journeys / "locked").chmod(0o755)


def test_user_text_in_messages_stays_on_one_line(tmp_path: Path) -> None:
    files = site_files()
    files["journeys/first-purchase.yml"] = (
        'title: T\npersona: lucia\nstages:\n  - name: "A\\n::error file=README.md,line=1::owned\\e[31m"\n'
        '    steps: [{action: x}]\n  - name: "A\\n::error file=README.md,line=1::owned\\e[31m"\n    steps: [{action: y}]\n')
    root = tmp_path / "s"
    site = build_site(root, files)
    assert site.error is not None
    for fmt in ("text", "github"):
        result = _validate(root, "--format", fmt)
        out = result.stdout + result.stderr
        assert "appears twice" in out
        assert "\x1b" not in out
        assert not any(line.startswith("::error file=README.md") for line in out.splitlines()), out
    assert not any("\n" in m or "\x1b" in m for m in site.messages)


def test_summary_counts_files_with_plurals(tmp_path: Path) -> None:
    files = site_files()
    files["journeys/first-purchase.yml"] = "title: [broken\n"
    root = write_site(tmp_path / "s", files)
    out = _validate(root).stdout
    assert "2 journeys and 2 personas checked" in out, out
    files = {"journeys/one.yml": "title: One\nstages: [{name: A, steps: [{action: x}]}]\n"}
    write_site(tmp_path / "t", files)
    assert "1 journey and 0 personas checked" in _validate(tmp_path / "t").stdout
