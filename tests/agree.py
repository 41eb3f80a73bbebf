"""Build a site and run `mkdocs-journey validate` on it: both must report the same problems, quickly."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from conftest import BuiltSite, build_site

_LEVEL = re.compile(r"^(.+?:\d+:\d+: |.+?: )(error|warning): ")


@dataclass
class Both:
    site: BuiltSite
    build_errors: list[str]
    build_warnings: list[str]
    validate_errors: list[str]
    validate_warnings: list[str]
    summary: str
    output: str
    seconds: float


def _plain(message: str) -> str:
    return message.split(": ", 1)[1].removeprefix("mkdocs_journey: ")


def build_and_validate(root: Path, files: dict[str, str | bytes], config: dict | None = None) -> Both:
    """Build in process, then validate in a subprocess; problems as `file:line:col: message (hint: ...)`."""
    start = time.monotonic()
    site = build_site(root, files, config, strict=False)
    result = subprocess.run([sys.executable, "-m", "mkdocs_journey.cli", "validate"], cwd=root,
                            capture_output=True, text=True, timeout=60)
    seconds = time.monotonic() - start
    output = result.stdout + result.stderr
    lines = result.stdout.splitlines()
    errors = [_LEVEL.sub(r"\1", line) for line in lines if _LEVEL.match(line) and _LEVEL.match(line)[2] == "error"]
    warnings = [_LEVEL.sub(r"\1", line) for line in lines if _LEVEL.match(line) and _LEVEL.match(line)[2] == "warning"]
    build_errors = [_plain(m) for m in site.messages if m.startswith("ERROR: ") and ".yml" in m]
    build_warnings = [_plain(m) for m in site.messages if m.startswith("WARNING: ") and ".yml" in m]
    return Both(site, build_errors, build_warnings, errors, warnings, lines[-1] if lines else "", output, seconds)


def assert_agree(both: Both) -> None:
    """Same errors and warnings from both, no traceback, and the build failed when there are errors."""
    assert "Traceback" not in both.output, both.output
    assert not any("Traceback" in m for m in both.site.messages), both.site.messages
    assert sorted(both.build_errors) == sorted(both.validate_errors), (both.build_errors, both.validate_errors)
    assert sorted(both.build_warnings) == sorted(both.validate_warnings), (both.build_warnings, both.validate_warnings)
    assert (both.site.error is not None) == bool(both.validate_errors), both.site.messages
