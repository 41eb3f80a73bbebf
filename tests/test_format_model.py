"""The richer journey format (issue 12): the new fields load, every new mistake is said with file:line:col
and a hint, the JSON Schema accepts the new shapes and rejects what it can express, and old files load as before."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from mkdocs_journey.catalog import load_catalog
from mkdocs_journey.loader import load_file
from mkdocs_journey.model import Journey, Kpi, Opportunity, PainPoint
from mkdocs_journey.schema import json_schema

from conftest import write_tree

ROOT = Path(__file__).resolve().parent.parent

RICH = """\
title: Cita
persona: [rosa, lucas]
stages:
  - name: Cita
    needs: [Saber cuándo es la cita]
    steps:
      - action: Llama a la centralita
        personas: [rosa]
        emotion: -2
        moment_of_truth: Si no consigue cita, abandona
        actors: [Rosa, Agente del centro]
        pain_points:
          - Horario solo por la mañana
          - text: Espera de 40 minutos
            severity: high
        opportunities:
          - Devolución de llamada
          - text: Elegir hora en la app
            priority: high
            status: planned
            owner: Equipo digital
            link: https://tracker.example/123
      - action: Recibe un SMS
        emotion: {rosa: -1, lucas: 1}
        moment_of_truth: true
    kpis:
      - {name: Tiempo de espera, value: 38, target: 15, unit: min, better: lower}
"""


def step(body: str, persona: str = "[rosa, lucas]") -> str:
    """A journey with one step; `body` is the step's keys, indented for it."""
    return f"title: X\npersona: {persona}\nstages:\n  - name: S\n    steps:\n      - action: a\n{body}"


def problems_of(text: str) -> list[str]:
    loaded, problems = load_file(text.encode(), "j.yml", "j", Journey)
    assert (loaded is None) == bool(problems)
    return [str(p) for p in problems]


def test_the_issue_example_loads_with_every_new_fact() -> None:
    loaded, problems = load_file(RICH.encode(), "j.yml", "j", Journey)
    assert problems == [] and loaded is not None
    journey = loaded.model
    assert isinstance(journey, Journey)
    stage = journey.stages[0]
    first, second = stage.steps
    assert stage.needs == ["Saber cuándo es la cita"]
    assert first.personas == ["rosa"] and first.actors == ["Rosa", "Agente del centro"]
    assert first.moment_of_truth == "Si no consigue cita, abandona" and second.moment_of_truth is True
    assert first.pain_point_items == [PainPoint(text="Horario solo por la mañana"),
                                      PainPoint(text="Espera de 40 minutos", severity="high")]
    assert first.opportunity_items[1] == Opportunity(text="Elegir hora en la app", priority="high", status="planned",
                                                     owner="Equipo digital", link="https://tracker.example/123")
    assert second.emotion == {"rosa": -1, "lucas": 1}
    # a stage's emotion per persona is the mean of that persona's steps; a one-value step is its personas'
    assert journey.persona_curve("rosa") == [-1.5] and journey.persona_curve("lucas") == [1.0]
    assert stage.mean_emotion == pytest.approx((-2 + 0) / 2)  # the per-persona step counts as its mean
    assert journey.per_persona
    assert stage.kpis[0].met is False


@pytest.mark.parametrize(("kpi", "met"), [
    ({"value": 38, "target": 15, "better": "lower"}, False),
    ({"value": 12, "target": 15, "better": "lower"}, True),
    ({"value": 15, "target": 15, "better": "lower"}, True),
    ({"value": 38, "target": 15, "better": "higher"}, True),
    ({"value": 3, "target": 15, "better": "higher"}, False),
    ({"value": 3, "target": 15}, None),  # without `better` nothing is said: old files render the same
    ({"value": 3, "better": "lower"}, None),
])
def test_a_kpi_meets_its_target_the_way_better_says(kpi: dict, met: bool | None) -> None:
    assert Kpi.model_validate({"name": "k", **kpi}).met is met


@pytest.mark.parametrize(("text", "expected"), [
    (step("        pain_points:\n          - {text: Espera, severity: urgent}\n"),
     "j.yml:8:38: stage 1, step 1, pain point 1: severity must be one of low, medium, high, got 'urgent'"),
    (step("        pain_points:\n          - {text: Espera, severity: hihg}\n"),
     "severity must be one of low, medium, high, got 'hihg' (hint: did you mean 'high'?)"),
    (step("        pain_points:\n          - {txt: Espera}\n"),
     "j.yml:8:14: stage 1, step 1, pain point 1: unknown key 'txt' (hint: did you mean 'text'?)"),
    (step("        pain_points:\n          - {severity: high}\n"),
     "j.yml:8:13: stage 1, step 1, pain point 1: missing required key 'text'"),
    (step("        pain_points:\n          - [a, b]\n"),
     "j.yml:8:13: stage 1, step 1: each item of pain_points must be text or a mapping with 'text', got a list "
     "(hint: write a text, or a mapping such as {text: ..., severity: high})"),
    (step("        opportunities:\n          - {text: App, priority: urgent}\n"),
     "j.yml:8:35: stage 1, step 1, opportunity 1: priority must be one of low, medium, high, got 'urgent'"),
    (step("        opportunities:\n          - {text: App, status: doing}\n"),
     "status must be one of idea, planned, in-progress, done, got 'doing'"),
    (step("        opportunities:\n          - {text: App, status: in progress}\n"),
     "status must be one of idea, planned, in-progress, done, got 'in progress' (hint: did you mean 'in-progress'?)"),
    (step("        opportunities:\n          - {text: App, link: 'javascript:alert(1)'}\n"),
     "j.yml:8:31: stage 1, step 1, opportunity 1: link must be an http:// or https:// address, got "
     "'javascript:alert(1)' (hint: only web links are shown"),
    (step("        opportunities:\n          - {text: App, link: tracker.example/1}\n"),
     "link must be an http:// or https:// address, got 'tracker.example/1'"),
    (step("        opportunities:\n          - {text: App, link: 'data:text/html,x'}\n"),
     "link must be an http:// or https:// address"),
    (step("        opportunities:\n          - {text: App, owner: [a]}\n"),
     "stage 1, step 1, opportunity 1: owner must be text, got a list"),
    (step("        emotion: {rosa: 5}\n"),
     "j.yml:7:25: stage 1, step 1: emotion of 'rosa' must be an integer from -2 to 2, got 5"),
    (step("        emotion: {rosa: 0.5}\n"),
     "emotion of 'rosa' must be an integer from -2 to 2, got 0.5 (hint: use whole numbers"),
    (step("        emotion: {Rosa G: 1}\n"),
     "j.yml:7:19: stage 1, step 1: emotion: 'Rosa G' is not a persona id (hint: write the persona's id, e.g. 'rosa-g')"),
    (step("        emotion: {}\n"), "emotion must be an integer from -2 to 2 or a mapping of persona ids"),
    (step("        emotion: 7\n"), "j.yml:7:18: stage 1, step 1: emotion must be an integer from -2 to 2, got 7"),
    (step("        moment_of_truth: ''\n"),
     "moment_of_truth must be true, or a text saying why the moment matters, got '' (hint: write moment_of_truth: true"),
    (step("        moment_of_truth: [a]\n"), "moment_of_truth must be true, or a text saying why the moment matters, got a list"),
    (step("        actors: Rosa\n"), "actors must be a list of texts, got 'Rosa' (hint: write a list: actors: [Rosa])"),
    (step("        personas: [Rosa]\n"), "j.yml:7:20: stage 1, step 1: personas must be a persona id or a list of persona ids"),
    ("title: X\nstages:\n  - name: S\n    needs: Cita\n", "needs must be a list of texts, got 'Cita'"),
    ("title: X\nstages:\n  - {name: S, kpis: [{name: k, better: less}]}\n",
     "j.yml:3:40: stage 1, KPI 1: better must be one of higher, lower, got 'less' (hint: did you mean 'lower'?)"),
])
def test_each_new_mistake_is_named_where_it_is(text: str, expected: str) -> None:
    found = problems_of(text)
    assert any(expected in p for p in found), found


@pytest.mark.parametrize(("body", "persona", "expected"), [
    ("        personas: [marta]\n", "[rosa, lucas]",
     "journeys/j.yml:7:20: error: stage 1, step 1: 'marta' is not a persona of this journey "
     "(hint: add it to the journey's 'persona:' list (rosa, lucas))"),
    ("        personas: [lukas]\n", "[rosa, lucas]", "'lukas' is not a persona of this journey (hint: did you mean 'lucas'?)"),
    ("        personas: rosa\n", "lucas", "journeys/j.yml:7:19: error: stage 1, step 1: 'rosa' is not a persona of this journey"),
    ("        personas: [rosa]\n        emotion: {rosa: 1, lucas: -1}\n", "[rosa, lucas]",
     "journeys/j.yml:8:35: error: stage 1, step 1: emotion for 'lucas', who is not a persona of this step "
     "(hint: the step's personas are rosa; add 'lucas' to the step's 'personas:')"),
    ("        emotion: {rosa: 1, rossa: -1}\n", "[rosa, lucas]",
     "emotion for 'rossa', who is not a persona of this step (hint: did you mean 'rosa'?)"),
    ("        emotion: {pepe: -1}\n", "[rosa, lucas]",
     "(hint: the step's personas are rosa, lucas; add 'pepe' to the journey's 'persona:')"),
])
def test_step_personas_are_checked_against_the_journey(tmp_path: Path, body: str, persona: str, expected: str) -> None:
    write_tree(tmp_path, {"journeys/j.yml": step(body, persona), "journeys/personas/rosa.yml": "name: Rosa\n",
                          "journeys/personas/lucas.yml": "name: Lucas\n"})
    catalog = load_catalog(tmp_path / "journeys", tmp_path / "journeys/personas", root=tmp_path)
    said = _said(catalog.errors)
    assert any(expected in s for s in said), said


def _said(problems: list) -> list[str]:
    """Problems as `validate` prints them: `file:line:col: error: message (hint: ...)`."""
    out = []
    for p in problems:
        hint = f" (hint: {p.hint})" if p.hint else ""
        out.append(f"{p.file}:{p.line}:{p.column}: error: {p.message}{hint}")
    return out


def test_a_broken_file_still_has_its_step_personas_checked(tmp_path: Path) -> None:
    """One mistake hides no other: a file with an unknown key still has its step personas checked."""
    write_tree(tmp_path, {"journeys/j.yml": step("        personas: [marta]\n") + "sumary: x\n",
                          "journeys/personas/rosa.yml": "name: Rosa\n", "journeys/personas/lucas.yml": "name: Lucas\n"})
    catalog = load_catalog(tmp_path / "journeys", tmp_path / "journeys/personas", root=tmp_path)
    messages = [p.message for p in catalog.errors]
    assert "unknown key 'sumary'" in messages
    assert "stage 1, step 1: 'marta' is not a persona of this journey" in messages


def _validator() -> jsonschema.Draft202012Validator:
    schema = json_schema("journey")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_schema_accepts_the_new_shapes() -> None:
    assert list(_validator().iter_errors(yaml.safe_load(RICH))) == []


@pytest.mark.parametrize("body", [
    "        pain_points:\n          - {text: Espera, severity: urgent}\n",
    "        pain_points:\n          - {severity: high}\n",
    "        pain_points:\n          - {text: a, extra: b}\n",
    "        opportunities:\n          - {text: App, priority: urgent}\n",
    "        opportunities:\n          - {text: App, status: doing}\n",
    "        opportunities:\n          - {text: App, link: 'javascript:alert(1)'}\n",
    "        emotion: {rosa: 5}\n",
    "        emotion: {Rosa: 1}\n",
    "        moment_of_truth: [a]\n",
    "        actors: [[a]]\n",
    "        personas: [Rosa]\n",
])
def test_the_schema_rejects_what_it_can_express(body: str) -> None:
    assert list(_validator().iter_errors(yaml.safe_load(step(body)))), body


def test_the_schema_rejects_an_unknown_better() -> None:
    data = yaml.safe_load("title: X\nstages:\n  - {name: S, kpis: [{name: k, better: less}]}\n")
    assert list(_validator().iter_errors(data))


def test_every_demo_and_test_file_still_loads() -> None:
    """The format only grew: the repository's journeys load without a problem."""
    for path in sorted((ROOT / "journeys").glob("*.yml")):
        _loaded, problems = load_file(path.read_bytes(), path.name, path.stem, Journey)
        assert problems == [], (path, [str(p) for p in problems])


@pytest.mark.parametrize(("text", "expected"), [
    ("<flag>: x\ntitle: X\nstages: [{name: S}]\n", "j.yml:1:1: unknown key '<flag>'"),
    (step("        emotion: {<number>: 1}\n"), "emotion: '<number>' is not a persona id"),
    (step("        pain_points:\n          - {text: a, <text>: b}\n"), "pain point 1: unknown key '<text>'"),
])
def test_keys_spelled_like_the_shapes_pydantic_tries_are_still_named(text: str, expected: str) -> None:
    found = problems_of(text)
    assert any(expected in p for p in found), found


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_starters_commented_examples_are_valid_once_uncommented(language: str) -> None:
    """`mkdocs-journey new` shows the new keys as comments; uncommented, they load as documented."""
    import re

    from mkdocs_journey.starters import starter

    text = starter("journey", "alta", language)
    for key in ("needs", "personas", "moment_of_truth", "actors", "severity", "priority", "status", "owner", "link",
                "better: lower"):
        assert re.search(rf"#.*\b{key}\b", text), key
    text = text.replace("# persona: lucia ", "persona: [lucia, marc] #", 1)
    text = re.sub(r"\n(\s+)emotion: 1 .*\n\s+# (emotion: .*)\n", r"\n\1\2\n", text)  # the per-persona form instead
    text = re.sub(r"\n(\s+)# ((?:needs|personas|moment_of_truth|actors): )", r"\n\1\2", text)
    text = text.replace("opportunities: []", "opportunities:")
    text = re.sub(r"\n(\s+)#(   - text: |     )", lambda m: "\n" + m.group(1) + " " * (len(m.group(2)) - len(m.group(2).lstrip())) + m.group(2).lstrip(), text)
    text = re.sub(r"\n(\s+)# (- \{)", r"\n\1\2", text)
    loaded, problems = load_file(text.encode(), "alta.yml", "alta", Journey)
    assert problems == [], ([str(p) for p in problems], text)
    assert loaded is not None and isinstance(loaded.model, Journey)
    first = loaded.model.stages[0]
    step_ = first.steps[0]
    assert first.needs and step_.personas == ["lucia"] and step_.moment_of_truth is True and step_.actors
    assert step_.emotion == {"lucia": 1, "marc": -1}
    assert step_.opportunity_items[0].priority == "high" and step_.opportunity_items[0].link
    assert [k.better for k in first.kpis] == [None, "lower"]


def test_the_schema_in_the_editor_engine_accepts_the_new_shapes(tmp_path: Path) -> None:
    """yaml-language-server (VS Code's YAML extension) accepts the demo and the issue's example, and points at
    an unknown severity and a `javascript:` link."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    from mkdocs_journey.schema import json_schema_text

    server = shutil.which("yaml-language-server") or str(ROOT / ".ci/node/node_modules/.bin/yaml-language-server")
    check = ROOT / "tests/tools/lsp_check.py"
    if not os.path.exists(server):
        if os.environ.get("CI"):
            raise AssertionError("yaml-language-server is missing in CI (.ci/run installs it)")
        pytest.skip("yaml-language-server is not installed (.ci/run installs it)")
    schema = tmp_path / "journey.json"
    schema.write_text(json_schema_text("journey"), encoding="utf-8")
    head = f"# yaml-language-server: $schema={schema.as_uri()}\n"
    files = {"rich.yml": head + RICH,
             "demo.yml": head + (ROOT / "journeys/renovacion-seguro.yml").read_text(encoding="utf-8"),
             "bad.yml": head + step("        pain_points:\n          - {text: a, severity: urgent}\n"
                                    "        opportunities:\n          - {text: b, link: 'javascript:alert(1)'}\n")}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, str(check), str(schema), *(str(tmp_path / n) for n in files)],
                            capture_output=True, text=True, timeout=60, env={**os.environ, "YLS": server})
    assert result.returncode == 0, result.stderr[-2000:]
    reports = {r["file"]: r["diagnostics"] for r in map(json.loads, result.stdout.splitlines())}
    assert reports["rich.yml"] == [] and reports["demo.yml"] == []
    assert sorted({d["line"] for d in reports["bad.yml"]}) == [9, 11], reports["bad.yml"]


EACH_MISTAKE = """\
title: Cita
persona: [rosa, lucas]
stages:
  - name: Cita
    steps:
      - action: Llama a la centralita
        personas: [rosa, marta]
        emotion: {rosa: -2, lucas: -1}
        pain_points:
          - {text: Espera de 40 minutos, severity: urgent}
        opportunities:
          - {text: Elegir hora, priority: hihg, status: doing, link: "javascript:alert(1)"}
    kpis:
      - {name: Tiempo de espera, value: 38, target: 15, unit: min, better: less}
"""


def test_one_run_reports_one_mistake_of_each_new_kind(tmp_path: Path) -> None:
    """The step's persona checks run even though the same step has other mistakes: nothing hides anything."""
    write_tree(tmp_path, {"journeys/cita.yml": EACH_MISTAKE, "journeys/personas/rosa.yml": "name: Rosa\n",
                          "journeys/personas/lucas.yml": "name: Lucas\n"})
    catalog = load_catalog(tmp_path / "journeys", tmp_path / "journeys/personas", root=tmp_path)
    assert [s.split(": error: ")[0] + ": " + s.split(": error: ")[1].split(" (hint")[0] for s in _said(catalog.errors)] == [
        "journeys/cita.yml:7:26: stage 1, step 1: 'marta' is not a persona of this journey",
        "journeys/cita.yml:8:36: stage 1, step 1: emotion for 'lucas', who is not a persona of this step",
        "journeys/cita.yml:10:52: stage 1, step 1, pain point 1: severity must be one of low, medium, high, got 'urgent'",
        "journeys/cita.yml:12:43: stage 1, step 1, opportunity 1: priority must be one of low, medium, high, got 'hihg'",
        "journeys/cita.yml:12:57: stage 1, step 1, opportunity 1: status must be one of idea, planned, in-progress, done, "
        "got 'doing'",
        "journeys/cita.yml:12:70: stage 1, step 1, opportunity 1: link must be an http:// or https:// address, got "
        "'javascript:alert(1)'",
        "journeys/cita.yml:14:76: stage 1, KPI 1: better must be one of higher, lower, got 'less'",
    ]
