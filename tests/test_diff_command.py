"""`mkdocs-journey diff` on a git repository the test makes: revisions, the working tree, folders, errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from test_diff import DEMO

SCRIPT = Path(sys.executable).parent / "mkdocs-journey"
GIT_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "T",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"}
PC = "journeys/primera-compra.yml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, check=True, capture_output=True, text=True).stdout


def run(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(SCRIPT), "diff", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True, timeout=120)


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def repo(tmp_path):
    """A site on `main` (the demo journeys), and a branch `cambios` with two commits of changes."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "-c", "init.defaultBranch=main", "init", "-q")
    shutil.copytree(DEMO, root / "journeys")
    (root / "mkdocs.yml").write_text(yaml.safe_dump({"site_name": "S", "plugins": ["journey"]}), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "journeys")
    git(root, "switch", "-qc", "cambios")

    def first(data):
        data["stages"][2]["customers"] = 3100
        data["stages"][1]["steps"][1]["emotion"] = 0
        data["stages"][2]["steps"][2]["pain_points"].remove("El coste de envío solo aparece en el último paso")
    edit_yaml(root / PC, first)
    git(root, "commit", "-qam", "Decisión")
    git(root, "mv", "journeys/b2b-onboarding.yml", "journeys/alta-b2b.yml")  # renamed: same title, new id

    def second(data):
        data["stages"][0]["name"] = "Descubrimiento"
    edit_yaml(root / PC, second)
    git(root, "commit", "-qam", "rename")
    return root


def test_two_revisions(repo):
    status = git(repo, "status", "--porcelain")
    result = run(repo, "main", "HEAD", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("**Journeys**: 1 journey changed, 1 journey renamed\n")
    assert "| Decisión | customers | 4,200 | 3,100 |" in out
    assert "| Consideración | Consulta la guía de tallas y lee las reseñas del vestido | emotion | -1 | 0 |" in out
    assert "| Descubrimiento | name | Conciencia | Descubrimiento |" in out
    assert "pain point removed | El coste de envío solo aparece en el último paso | – |" in out
    assert "| id | b2b-onboarding | alta-b2b |" in out
    assert git(repo, "status", "--porcelain") == status  # the working tree is left as it was
    # One commit at a time.
    first = run(repo, "main", "HEAD~1").stdout
    assert "Decisión · customers: 4,200 → 3,100" in first and "Descubrimiento" not in first
    assert run(repo, "HEAD~1", "HEAD").stdout.startswith("1 journey changed, 1 journey renamed\n")


def test_defaults_merge_base_and_working_tree(repo):
    git(repo, "switch", "-q", "main")
    edit_yaml(repo / "journeys/renovacion-seguro.yml", lambda d: d.update(title="Renovación del seguro (nueva)"))
    git(repo, "commit", "-qam", "main moves on")  # not in the branch: the merge base leaves it out
    git(repo, "switch", "-q", "cambios")
    edit_yaml(repo / "journeys/personas/lucia.yml", lambda d: d["goals"].append("Comprar ropa que dure"))  # not committed
    result = run(repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 journey changed, 1 journey renamed, 1 persona changed\n")
    assert "goals: – → + Comprar ropa que dure" in result.stdout
    assert "Renovación" not in result.stdout


def test_json_from_revisions(repo):
    data = json.loads(run(repo, "main", "HEAD", "--format", "json").stdout)
    assert [(j["status"], j["id"]) for j in data["journeys"]] == [("renamed", "alta-b2b"), ("changed", "primera-compra")]


def test_a_file_broken_on_one_side(repo):
    (repo / PC).write_text("title: Primera compra online\nstages:\n  - name: A\n    steps:\n      - action: a\n        emotion: 7\n", encoding="utf-8")
    result = run(repo, "main")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "1 journey renamed; 1 file not compared (errors)",
        f"not compared (head): {PC}:6:18: error: stage 1, step 1: emotion must be an integer from -2 to 2, got 7",
    ]
    assert "primera-compra" not in result.stdout.split("\n", 2)[2]  # neither removed nor compared
    strict = run(repo, "main", "--strict", "--format", "markdown")
    assert strict.returncode == 1
    assert f"- head: {PC}:6:18: error: stage 1, step 1: emotion must be an integer from -2 to 2, got 7" in strict.stdout
    # Broken at the base, fixed in the head.
    git(repo, "commit", "-qam", "broken")
    edit_yaml(repo / "journeys/primera-compra-futura.yml", lambda d: d.update(title="Futura"))
    fixed = run(repo, "HEAD")
    assert "not compared (base): journeys/primera-compra.yml:6:18" in fixed.stdout
    assert "Futura (primera-compra-futura): changed" in fixed.stdout


def test_bad_revisions_and_places_say_so(repo, tmp_path):
    for args, message in [
        (["nope"], "mkdocs-journey: 'nope' is not a revision of this repository (a branch, tag or commit)"),
        (["main", "nope~3"], "mkdocs-journey: 'nope~3' is not a revision"),
        (["--", "--output=x"], "mkdocs-journey: '--output=x' is not a revision"),
        (["--base-dir", "journeys"], "mkdocs-journey: give both --base-dir and --head-dir"),
        (["main", "--base-dir", "a", "--head-dir", "b"], "mkdocs-journey: give git revisions or --base-dir and --head-dir, not both"),
    ]:
        result = run(repo, *args)
        assert result.returncode == 2, args
        assert result.stderr.startswith(message), result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (repo / "x").exists()
    elsewhere = tmp_path / "plain"
    shutil.copytree(repo, elsewhere, ignore=shutil.ignore_patterns(".git"))
    result = run(elsewhere)
    assert result.returncode == 2
    assert "is not in a git repository: give --base-dir and --head-dir" in result.stderr
    (repo / "new").mkdir()
    git(repo, "-c", "init.defaultBranch=trunk", "init", "-q", "new")
    (repo / "new" / "journeys").mkdir()
    lonely = subprocess.run([str(SCRIPT), "diff"], cwd=repo / "new", env=GIT_ENV, capture_output=True, text=True)
    assert lonely.returncode == 2 and "no default branch found" in lonely.stderr


def test_folders_without_git(repo, tmp_path):
    before = tmp_path / "before"
    shutil.copytree(DEMO, before)
    result = run(tmp_path, "--base-dir", str(before), "--head-dir", str(repo / "journeys"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 journey changed, 1 journey renamed\n")
    # A site folder: its mkdocs.yml says where the journeys are.
    site = tmp_path / "site"
    shutil.copytree(DEMO, site / "cx" / "maps")
    (site / "mkdocs.yml").write_text(yaml.safe_dump({"site_name": "S", "plugins": [{"journey": {"journeys_dir": "cx/maps"}}]}))
    assert run(tmp_path, "--base-dir", str(site), "--head-dir", str(before)).stdout == "No journey or persona changed\n"


def test_folders_of_the_site_settings_and_a_folder_new_at_the_head(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "-c", "init.defaultBranch=main", "init", "-q")
    (root / "mkdocs.yml").write_text(yaml.safe_dump({"site_name": "S", "plugins": [{"journey": {"journeys_dir": "cx/maps"}}]}))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "no journeys yet")
    shutil.copytree(DEMO, root / "cx" / "maps")
    shutil.copytree(DEMO, root / "journeys")  # not the site's folder: not read
    git(root, "add", "-A")
    git(root, "commit", "-qm", "journeys")
    result = run(root, "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("4 journeys added, 3 personas added\n")


def test_errors_of_files_compared_all_the_same(repo):
    edit_yaml(repo / PC, lambda d: d.update(persona="lucio"))
    result = run(repo, "main")
    assert result.returncode == 0
    assert "error (head): journeys/primera-compra.yml:2:10: error: unknown persona 'lucio' (hint: did you mean 'lucia'?)" in result.stdout
    assert "    persona: lucia → lucio" in result.stdout  # and the journey is compared
    strict = run(repo, "main", "--strict", "--format", "markdown")
    assert strict.returncode == 1
    assert "**Errors** (in files compared all the same):\n\n- head: journeys/primera-compra.yml:2:10: error: unknown persona" in strict.stdout
