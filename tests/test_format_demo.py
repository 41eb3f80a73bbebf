"""The demo site shows the richer format where it is natural (issue 12): two personas with their own emotions,
moments of truth, severities, prioritised opportunities with owners, KPIs where lower is better."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_journey.loader import load_file
from mkdocs_journey.model import Journey

ROOT = Path(__file__).parent.parent


def _journey(name: str) -> Journey:
    path = ROOT / "journeys" / f"{name}.yml"
    loaded, problems = load_file(path.read_bytes(), path.name, path.stem, Journey)
    assert loaded is not None and not problems
    assert isinstance(loaded.model, Journey)
    return loaded.model


def test_the_demo_journeys_use_the_new_fields() -> None:
    renewal = _journey("renovacion-seguro")
    steps = [step for stage in renewal.stages for step in stage.steps]
    assert renewal.persona == ["javier", "lucia"] and renewal.per_persona
    assert any(step.personas == ["javier"] for step in steps)
    assert sum(bool(step.moment_of_truth) for step in steps) >= 3
    assert any(p.severity == "high" for step in steps for p in step.pain_point_items)
    assert any(o.priority and o.owner and o.link for step in steps for o in step.opportunity_items)
    assert any(stage.needs for stage in renewal.stages) and any(step.actors for step in steps)
    wait = next(k for stage in renewal.stages for k in stage.kpis if k.name == "Tiempo medio de espera")
    assert (wait.value, wait.target, wait.better, wait.met) == (38, 3, "lower", False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("demo") / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site),
                             "--config-file", str(ROOT / "mkdocs.yml")], cwd=site.parent, capture_output=True,
                            text=True, timeout=300, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return site


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_demo_pages_show_them(demo: Path) -> None:
    page = (demo / "journeys/renovacion-seguro/index.html").read_text(encoding="utf-8")
    text = _text(page)
    assert "Emotion: Javier Moreno" in text and "Emotion: Lucía Fernández" in text  # the demo site is in English
    assert "Moment of truth" in text and "high severity" in text and "high priority" in text
    assert "Owner: Centro de atención" in text
    assert "Tiempo medio de espera: 38 / 3 minutos ✗ target not met (lower is better)" in text
    assert 'href="https://tracker.example/cx/388" rel="noopener noreferrer"' in page
    lucia = _text((demo / "personas/lucia/index.html").read_text(encoding="utf-8"))
    assert "Renovación del seguro de coche" in lucia
