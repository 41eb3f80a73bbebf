"""Every class of broken file fails `mkdocs build --strict` and `mkdocs-journey validate` alike, with
file:line:col and no traceback; warnings fail only strict runs. The JSON Schema agrees with the loader.

Each case of the tables below is checked on the catalogue (fast, one test per case); every case at
once goes through one real build and one `validate` run, which must agree."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import jsonschema
import pytest
import yaml

from mkdocs_journey.catalog import load_catalog
from mkdocs_journey.cli import main as cli
from mkdocs_journey.schema import json_schema, json_schema_text

from conftest import build_site, site_files, write_site, write_tree

ROOT = Path(__file__).parent.parent
STEP = "title: X\nstages:\n  - name: A\n    steps:\n      - action: a\n        emotion: {}\n"
BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{chr(c)}: &{chr(c)} [" + ",".join([f"*{chr(c - 1)}"] * 9) + "]\n" for c in range(ord("b"), ord("k")))

# id, files to add to the test site, what the report must say (file:line:col: message)
ERRORS = [
    ("syntax", {"journeys/bad.yml": "title: [unclosed\nstages: []\n"}, "journeys/bad.yml:2:7: YAML syntax error"),
    ("tab", {"journeys/bad.yml": "title: X\nstages:\n\t- name: A\n"}, "journeys/bad.yml:3:1: a tab is used for indentation"),
    ("not-utf8", {"journeys/bad.yml": b"title: caf\xe9\nstages: [{name: A}]\n"},
     "journeys/bad.yml:1:11: the file is not UTF-8 text"),
    ("empty", {"journeys/bad.yml": ""}, "journeys/bad.yml:1:1: the file is empty"),
    ("top-level-list", {"journeys/bad.yml": "- title: X\n"}, "journeys/bad.yml:1:1: the top level must be a mapping"),
    ("top-level-scalar", {"journeys/bad.yml": "just words\n"}, "journeys/bad.yml:1:1: the top level must be a mapping"),
    ("duplicate-key", {"journeys/bad.yml": "title: A\nstages: [{name: S}]\ntitle: B\n"},
     "journeys/bad.yml:3:1: duplicate key 'title' (first given at line 1)"),
    ("anchor", {"journeys/bad.yml": "title: &t A\nstages: [{name: S}]\n"}, "journeys/bad.yml:1:8: anchors (&t) are not allowed"),
    ("alias", {"journeys/bad.yml": "title: X\nstages: [{name: S}]\nowner: &o CX\ntags: [*o]\n"},
     "journeys/bad.yml:4:8: aliases (*o) are not allowed"),
    ("alias-bomb", {"journeys/bad.yml": BOMB}, "journeys/bad.yml:1:4: anchors (&a) are not allowed"),
    ("unknown-key", {"journeys/bad.yml": "title: X\nstages: [{name: S}]\nsumary: x\n"},
     "journeys/bad.yml:3:1: unknown key 'sumary' (hint: did you mean 'summary'?)"),
    ("wrong-type", {"journeys/bad.yml": "title: X\nstages: Conciencia\n"},
     "journeys/bad.yml:2:9: stages must be a list of stages, got 'Conciencia'"),
    ("emotion-yes", {"journeys/bad.yml": STEP.format("yes")},
     "journeys/bad.yml:6:18: stage 1, step 1: emotion must be an integer from -2 to 2, got 'yes'"),
    ("emotion-7", {"journeys/bad.yml": STEP.format("7")},
     "journeys/bad.yml:6:18: stage 1, step 1: emotion must be an integer from -2 to 2, got 7"),
    ("emotion-1.5", {"journeys/bad.yml": STEP.format("1.5")},
     "journeys/bad.yml:6:18: stage 1, step 1: emotion must be an integer from -2 to 2, got 1.5"),
    ("negative-customers", {"journeys/bad.yml": "title: X\nstages:\n  - name: A\n    customers: -10\n"},
     "journeys/bad.yml:4:16: stage 1: customers must be a whole number, 0 or more, got -10"),
    ("unknown-stage-key", {"journeys/bad.yml": "title: X\nstages:\n  - name: A\n    colour: red\n"},
     "journeys/bad.yml:4:5: stage 1: unknown key 'colour'"),
    ("missing-title", {"journeys/bad.yml": "stages: [{name: A}]\n"}, "journeys/bad.yml:1:1: missing required key 'title'"),
    ("missing-action", {"journeys/bad.yml": "title: X\nstages:\n  - name: A\n    steps:\n      - thought: hm\n"},
     "journeys/bad.yml:5:9: stage 1, step 1: missing required key 'action'"),
    ("missing-persona-name", {"journeys/personas/bad.yml": "role: Plumber\n"},
     "journeys/personas/bad.yml:1:1: missing required key 'name'"),
    ("unknown-persona", {"journeys/bad.yml": "title: X\npersona: lucya\nstages: [{name: A}]\n"},
     "journeys/bad.yml:2:10: unknown persona 'lucya' (hint: did you mean 'lucia'?)"),
    ("unknown-persona-no-match", {"journeys/bad.yml": "title: X\npersona: nobody\nstages:\n  - name: A\n"},
     "journeys/bad.yml:2:10: unknown persona 'nobody' (hint: add a file journeys/personas/nobody.yml)"),
    ("unknown-compare-to", {"journeys/bad.yml": "title: X\ncompare_to: first-purchas\nstages: [{name: A}]\n"},
     "journeys/bad.yml:2:13: unknown journey 'first-purchas' in compare_to (hint: did you mean 'first-purchase'?)"),
    ("duplicate-id", {"journeys/more/first-purchase.yml": "title: Again\nstages: [{name: A}]\n"},
     "duplicate journey id 'first-purchase'"),
    ("id-not-slug", {"journeys/bad.yml": "title: X\nid: ../../outside\nstages: [{name: A}]\n"},
     "journeys/bad.yml:2:5: id must be a slug"),
    ("reserved-id", {"journeys/index.yml": "title: X\nstages: [{name: A}]\n"},
     "journeys/index.yml:1:1: the id 'index' is reserved for the journeys' index page"),
    ("stage-out-of-order", {"journeys/bad.yml": "title: X\nstages:\n  - name: B\n  - name: A\n"},
     "journeys/bad.yml:4:11: stage 'A' is out of order (hint: order stages as in mkdocs.yml"),
    ("blank-pain-point", {"journeys/bad.yml": "title: X\nstages:\n  - name: A\n    steps:\n      - action: a\n"
                                               "        pain_points: ['  ']\n"},
     "journeys/bad.yml:6:23: stage 1, step 1: each item of pain_points must be some text, not empty, got '  ' "
     "(hint: write what it says, or remove the empty item)"),
    ("blank-opportunity", {"journeys/bad.yml": "title: X\nstages:\n  - name: A\n    steps:\n      - action: a\n"
                                                "        opportunities:\n          - ''\n"},
     "journeys/bad.yml:7:13: stage 1, step 1: each item of opportunities must be some text, not empty"),
    ("stage-not-canonical", {"journeys/bad.yml": "title: X\nstages:\n  - name: Awarness\n"},
     "journeys/bad.yml:3:11: stage 'Awarness' is not in the site's stage list (hint: did you mean 'Awareness'?)"),
]

WARNINGS = [
    ("more-customers", {"journeys/bad.yml": "title: X\nstages:\n  - {name: A, customers: 5, steps: [{action: a}]}\n"
                                             "  - {name: B, customers: 9}\n"},
     "journeys/bad.yml:4:26: stage 'B' has more customers (9) than 'A' before it (5)"),
    ("no-steps", {"journeys/bad.yml": "title: X\nstages:\n  - name: A\n"}, "journeys/bad.yml:3:3: the journey has no steps"),
    ("unused-persona", {"journeys/personas/nobody.yml": "name: Nobody\n"},
     "journeys/personas/nobody.yml:1:1: persona 'nobody' is not used by any journey"),
    ("stage-emotion-beside-steps", {"journeys/bad.yml": "title: X\nstages:\n  - name: A\n    emotion: 1\n"
                                                         "    steps: [{action: a, emotion: 2}]\n"},
     "journeys/bad.yml:4:14: stage 'A' gives an emotion and so do its steps"),
]

CANONICAL = ["Awareness", "Consideration", "Purchase", "Notice", "Call", "A", "B"]


def _run_validate(args: list[str], cwd: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = cli(args)
    finally:
        os.chdir(old)
    output = out.getvalue() + err.getvalue()
    # `file:line:col: error: message`: compare with the build's `file:line:col: message`
    return code, output.replace(": error: ", ": ").replace(": warning: ", ": ") + output


def _catalogue(root: Path, files: dict) -> tuple[list[str], list[str]]:
    """The errors and warnings the loader and the catalogue find in `files` (no site built)."""
    write_tree(root, files)
    catalog = load_catalog(root / "journeys", root / "journeys/personas", root=root, stages=CANONICAL)
    return [str(p) for p in catalog.errors], [str(p) for p in catalog.warnings]


def _side_by_side(cases: list) -> tuple[dict, list[str]]:
    """Every case of a table in one site: each case's `bad.yml` gets its own name, and so does its message."""
    files: dict = {}
    expected = []
    for case_id, case_files, message in cases:
        names = {"journeys/bad.yml": f"journeys/bad-{case_id}.yml",
                 "journeys/personas/bad.yml": f"journeys/personas/bad-{case_id}.yml"}
        files.update({names.get(name, name): text for name, text in case_files.items()})
        old = next((name for name in names if message.startswith(name + ":")), None)
        expected.append(message.replace(old, names[old], 1) if old else message)
    return files, expected


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_each_error_is_found_at_its_line_and_column(tmp_path, files, expected):
    start = time.perf_counter()
    errors, warnings = _catalogue(tmp_path, site_files(**files))
    assert time.perf_counter() - start < 5
    assert any(expected in e for e in errors), errors  # an error: it fails every build (see below)
    assert not any(expected in w for w in warnings)
    assert len(errors) <= 4, errors  # to the point: one mistake, not a cascade


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in WARNINGS], ids=[c[0] for c in WARNINGS])
def test_each_warning_is_found_and_is_only_a_warning(tmp_path, files, expected):
    errors, warnings = _catalogue(tmp_path, site_files(**files))
    assert errors == [] and any(expected in w for w in warnings), (errors, warnings)


def test_every_error_of_every_file_fails_build_and_validate_alike(tmp_path):
    files, expected = _side_by_side(ERRORS)
    root = tmp_path / "s"
    start = time.perf_counter()
    built = build_site(root, site_files(**files), plugins=["search", {"journey": {"stages": CANONICAL}}])
    assert time.perf_counter() - start < 20
    assert built.error is not None
    text = built.text()
    assert "Traceback" not in text
    missing = [e for e in expected if e not in text]
    assert missing == [], text
    errors = [m for m in built.messages if m.startswith("ERROR: mkdocs_journey: journeys/")]
    assert f"{len(errors)} errors in journey files" in text, text

    start = time.perf_counter()
    code, output = _run_validate(["validate"], root)
    assert time.perf_counter() - start < 20
    assert code == 1 and "Traceback" not in output
    assert [e for e in expected if e not in output] == [], output
    lines = [line for line in output.splitlines() if ": error: " in line]
    assert len(lines) == len(errors)  # the same errors as the build: no more, no fewer
    positions = [(line.split(":")[0], int(line.split(":")[1])) for line in lines if line.split(":")[1].isdigit()]
    assert positions == sorted(positions)  # by file, then line


def test_warnings_fail_only_strict_builds_and_validate_strict(tmp_path):
    files, expected = _side_by_side(WARNINGS)
    strict = build_site(tmp_path / "strict", site_files(**files))
    assert strict.error is not None and [e for e in expected if e not in strict.text()] == [], strict.text()
    relaxed = build_site(tmp_path / "relaxed", site_files(**files), strict=False)
    assert relaxed.error is None and [e for e in expected if e not in relaxed.text()] == [], relaxed.text()
    code, output = _run_validate(["validate"], tmp_path / "strict")
    assert code == 0 and ": warning: " in output and [e for e in expected if e not in output] == [], output
    assert _run_validate(["validate", "--strict"], tmp_path / "strict")[0] == 1


def test_github_annotations(tmp_path):
    root = write_site(tmp_path / "s", site_files(**{"journeys/bad.yml": STEP.format("7")}))
    code, output = _run_validate(["validate", "--format", "github"], root)
    assert code == 1
    assert ("::error file=journeys/bad.yml,line=6,col=18,title=mkdocs-journey::stage 1, step 1: emotion must be an "
            "integer from -2 to 2, got 7") in output


def test_validate_a_journeys_folder_and_missing_paths(tmp_path):
    root = write_site(tmp_path / "s", site_files())
    assert _run_validate(["validate", "journeys"], root)[0] == 0
    code, output = _run_validate(["validate", "nowhere.yml"], root)
    assert code == 2 and "no such file or folder" in output


def test_new_writes_a_valid_starter_and_never_overwrites(tmp_path):
    root = write_site(tmp_path / "s", site_files())
    assert _run_validate(["new", "journey", "returns"], root)[0] == 0
    assert _run_validate(["new", "persona", "marc"], root)[0] == 0
    starter = (root / "journeys/returns.yml").read_text(encoding="utf-8")
    code, output = _run_validate(["new", "journey", "returns"], root)
    assert code == 2 and "already exists" in output
    assert (root / "journeys/returns.yml").read_text(encoding="utf-8") == starter
    assert _run_validate(["new", "journey", "../escape"], root)[0] == 2
    code, output = _run_validate(["validate"], root)
    assert code == 0, output  # the starters are valid (an unused persona is only a warning)
    built = build_site(root, {}, strict=False)
    assert built.error is None and (built.site / "journeys/returns/index.html").exists()
    # The build publishes the JSON Schemas at stable URLs, for editors.
    assert (built.site / "schema/journey.json").read_text(encoding="utf-8") == json_schema_text("journey")
    assert json.loads((built.site / "schema/persona.json").read_text(encoding="utf-8"))["title"] == "mkdocs-journey persona"


# -- JSON Schema ----------------------------------------------------------------------------------

def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_accepts_every_example_file():
    for kind, folder in (("journey", ROOT / "journeys"), ("persona", ROOT / "journeys/personas")):
        validator = _validator(kind)
        files = sorted(folder.glob("*.yml"))
        assert files
        for path in files:
            errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
            assert errors == [], (path, [e.message for e in errors])


@pytest.mark.parametrize(
    "case",
    ["wrong-type", "emotion-7", "emotion-1.5", "negative-customers", "missing-title", "missing-action", "unknown-key",
     "id-not-slug", "top-level-list", "top-level-scalar", "blank-pain-point", "blank-opportunity"],
)
def test_schema_rejects_what_a_schema_can_express(case):
    files = dict((c[0], c[1]) for c in ERRORS)[case]
    text = files["journeys/bad.yml"]
    data = yaml.safe_load(text)
    assert list(_validator("journey").iter_errors(data)), case


def test_schema_rejects_yes_as_a_number_and_a_persona_without_name():
    assert list(_validator("journey").iter_errors(yaml.safe_load(STEP.format('"yes"'))))
    assert list(_validator("persona").iter_errors({"role": "x"}))


def test_schema_fields_are_described_and_printed():
    for kind in ("journey", "persona"):
        schema = json_schema(kind)
        for model in [schema, *schema.get("$defs", {}).values()]:
            for name, prop in model["properties"].items():
                assert prop.get("description"), (kind, name)
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli(["schema", "journey"]) == 0
    assert json.loads(out.getvalue()) == json_schema("journey")


YLS = shutil.which("yaml-language-server") or str(ROOT / ".ci/node/node_modules/.bin/yaml-language-server")
LSP_CHECK = ROOT / "tests/tools/lsp_check.py"


@pytest.mark.skipif(not os.path.exists(YLS) and not os.environ.get("CI"),
                    reason="yaml-language-server is not installed (.ci/run installs it)")
def test_schema_in_the_editor_engine(tmp_path):
    """yaml-language-server (VS Code's YAML extension) reports the schema's errors at the right line."""
    schema = tmp_path / "journey.json"
    schema.write_text(json_schema_text("journey"), encoding="utf-8")
    good = tmp_path / "good.yml"
    good.write_text((ROOT / "journeys/primera-compra.yml").read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "bad.yml"
    bad.write_text(f"# yaml-language-server: $schema={schema.as_uri()}\n" + STEP.format("7") + "sumary: x\n",
                   encoding="utf-8")
    result = subprocess.run([sys.executable, str(LSP_CHECK), str(schema), str(good), str(bad)],
                            capture_output=True, text=True, timeout=60, env={**os.environ, "YLS": YLS})
    assert result.returncode == 0, result.stderr[-2000:]
    reports = {r["file"]: r["diagnostics"] for r in map(json.loads, result.stdout.splitlines())}
    assert reports["good.yml"] == []
    lines = sorted(d["line"] for d in reports["bad.yml"])
    assert 7 in lines and 8 in lines, reports["bad.yml"]  # emotion: 7 (line 7), unknown key (line 8)


def test_validate_paths_are_relative_to_where_it_runs(tmp_path):
    write_site(tmp_path / "site", site_files(**{"journeys/bad.yml": STEP.format("7")}))
    code, output = _run_validate(["validate", "site/mkdocs.yml", "--format", "github"], tmp_path)
    assert code == 1 and "::error file=site/journeys/bad.yml,line=6,col=18" in output


def test_validate_reads_mkdocs_yaml_and_rejects_unknown_options(tmp_path):
    root = write_site(tmp_path / "s", site_files())
    (root / "mkdocs.yml").rename(root / "mkdocs.yaml")
    assert _run_validate(["validate"], root)[0] == 0
    text = (root / "mkdocs.yaml").read_text(encoding="utf-8").replace("- journey", "- journey:\n    colour: red")
    (root / "mkdocs.yaml").write_text(text, encoding="utf-8")
    code, output = _run_validate(["validate"], root)
    assert code == 2 and "plugin option 'colour'" in output


def test_validate_rejects_a_plugin_name_mkdocs_rejects(tmp_path):
    root = tmp_path / "s"
    built = build_site(root, site_files(), plugins=["search", "mkdocs-journey"])
    assert built.error is not None  # MkDocs knows no plugin of that name...
    code, output = _run_validate(["validate"], root)
    assert code == 2 and "MkDocs knows this plugin as 'journey'" in output  # ... and validate says so


def test_validate_follows_the_plugin_language_and_theme(tmp_path):
    from mkdocs_journey.cli import site_settings

    root = tmp_path / "s"
    build_site(root, site_files(), theme={"name": "material", "language": "es"})
    assert site_settings(root / "mkdocs.yml").language == "es"
    build_site(root, site_files(), theme={"name": "mkdocs", "locale": "es"},
               plugins=["search", {"journey": {"language": "en", "personas_dir": "people"}}])
    settings = site_settings(root / "mkdocs.yml")
    assert settings.language == "en" and settings.personas == root.resolve() / "people"
