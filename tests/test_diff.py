"""`journeydiff.diff_catalogs`: what changed for the customer, on catalogues loaded from real YAML files."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from pydantic import BaseModel

from mkdocs_journey.catalog import Catalog, load_catalog
from mkdocs_journey.journeydiff import Change, attribute_changes, diff_catalogs, field_changes

DEMO = Path(__file__).parent.parent / "journeys"


def demo() -> dict[str, dict]:
    """The demo journeys and personas as plain data, to edit."""
    files = {f"journeys/{p.name}": yaml.safe_load(p.read_text(encoding="utf-8")) for p in DEMO.glob("*.yml")}
    files |= {f"journeys/personas/{p.name}": yaml.safe_load(p.read_text(encoding="utf-8")) for p in (DEMO / "personas").glob("*.yml")}
    return files


def catalog(root: Path, files: dict[str, dict | str]) -> Catalog:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_catalog(root / "journeys", root / "journeys" / "personas", root=root)


def compare(tmp_path: Path, edit) -> tuple:
    base_files = demo()
    head_files = copy.deepcopy(base_files)
    edit(head_files)
    base = catalog(tmp_path / "base", base_files)
    head = catalog(tmp_path / "head", head_files)
    assert not base.errors
    return diff_catalogs(base, head), head


PC = "journeys/primera-compra.yml"


def only(diff, jid="primera-compra"):
    [journey] = [j for j in diff.journeys if j.id == jid]
    return journey


def test_nothing_changed_nothing_listed(tmp_path):
    diff, _ = compare(tmp_path, lambda f: None)
    assert diff.empty and diff.journeys == [] and diff.personas == [] and diff.not_compared == []


def test_emotion_of_a_step_and_of_its_stage(tmp_path):
    def edit(f):
        f[PC]["stages"][1]["steps"][1]["emotion"] = 1  # Consideración, the size guide: -1 → 1
    diff, _ = compare(tmp_path, edit)
    journey = only(diff)
    assert [j.id for j in diff.journeys] == ["primera-compra"]
    [stage] = journey.stages
    assert (stage.status, stage.name) == ("changed", "Consideración")
    assert Change("emotion", 0.0, 0.7) in stage.changes  # the steps' mean: (1 - 1 + 0) / 3 → (1 + 1 + 0) / 3
    [step] = stage.steps
    assert step.status == "changed" and step.action.startswith("Consulta la guía de tallas")
    assert step.changes == [Change("emotion", -1, 1)]


def test_pain_points_and_opportunities_added_and_removed(tmp_path):
    def edit(f):
        step = f[PC]["stages"][2]["steps"][2]
        step["pain_points"].remove("El coste de envío solo aparece en el último paso")
        step["pain_points"].append("Espera de 40 minutos")
        step["opportunities"].append("Cita online")
    diff, _ = compare(tmp_path, edit)
    items = [(i.kind, i.status, i.text) for _stage, _step, i in only(diff).items()]
    assert items == [("pain_points", "removed", "El coste de envío solo aparece en el último paso"),
                     ("pain_points", "added", "Espera de 40 minutos"),
                     ("opportunities", "added", "Cita online")]


def test_customers_drop_off_and_the_biggest_drop_moving(tmp_path):
    # Before: 120000 → 18000 (85 % lost at Consideración: the biggest), 4200, 1900, 1100, 380.
    def edit(f):
        f[PC]["stages"][1]["customers"] = 100000  # Consideración: 85 % → 16.7 % lost
        f[PC]["stages"][2]["customers"] = 3100  # Decisión: from 18000 (76.7 %) to from 100000 (96.9 %)
    diff, _ = compare(tmp_path, edit)
    journey = only(diff)
    by_name = {s.name: s for s in journey.stages}
    assert Change("customers", 18000, 100000) in by_name["Consideración"].changes
    assert Change("drop_off", 85.0, 16.7) in by_name["Consideración"].changes
    assert Change("customers", 4200, 3100) in by_name["Decisión"].changes
    assert Change("drop_off", 76.7, 96.9) in by_name["Decisión"].changes
    assert Change("drop_off", 54.8, 38.7) in by_name["Compra"].changes  # from 4200 / from 3100: its count is the same
    assert "Compra" in by_name and not any(c.field == "customers" for c in by_name["Compra"].changes)
    assert journey.biggest_drop == Change("biggest_drop", {"stage": "Consideración", "drop_off": 85.0},
                                          {"stage": "Decisión", "drop_off": 96.9})


def test_stages_added_removed_renamed_and_reordered(tmp_path):
    def edit(f):
        stages = f[PC]["stages"]
        stages[0]["name"] = "Descubrimiento"  # renamed: same steps
        del stages[5]  # Recomendación removed
        stages.insert(4, {"name": "Onboarding", "steps": [{"action": "Crea su cuenta", "emotion": 1}]})
        stages[1], stages[2] = stages[2], stages[1]  # Decisión before Consideración
    diff, _ = compare(tmp_path, edit)
    journey = only(diff)
    summary = [(s.status, s.name, s.before_name) for s in journey.stages]
    assert ("renamed", "Descubrimiento", "Conciencia") in summary
    assert ("added", "Onboarding", None) in summary
    assert summary[-1] == ("removed", "Recomendación", None)
    assert journey.order == Change("stages", ["Conciencia", "Consideración", "Decisión", "Compra", "Retención"],
                                   ["Descubrimiento", "Decisión", "Consideración", "Compra", "Retención"])
    renamed = next(s for s in journey.stages if s.status == "renamed")
    assert renamed.steps == []  # its steps are the same ones
    added = next(s for s in journey.stages if s.status == "added")
    assert [(s.status, s.action) for s in added.steps] == [("added", "Crea su cuenta")]


def test_renaming_a_stage_only_in_order_is_not_reordering(tmp_path):
    def edit(f):
        f[PC]["stages"][3]["name"] = "Pago"
    journey = only(compare(tmp_path, edit)[0])
    assert journey.order is None
    assert [(s.status, s.name, s.before_name) for s in journey.stages] == [("renamed", "Pago", "Compra", )]


def test_steps_are_matched_by_their_action_not_their_position(tmp_path):
    def edit(f):
        steps = f[PC]["stages"][0]["steps"]
        steps.insert(0, {"action": "Busca vestidos de lino en Google", "emotion": 0})
        steps[2]["action"] = "Toca el anuncio y revisa con calma el perfil de la marca"  # reworded
        steps[2]["emotion"] = 1
        del steps[3]  # "Guarda la publicación..." removed
    journey = only(compare(tmp_path, edit)[0])
    [stage] = journey.stages
    assert [(s.status, s.action[:20], s.before_action) for s in stage.steps] == [
        ("added", "Busca vestidos de li", None),
        ("changed", "Toca el anuncio y re", "Toca el anuncio y revisa el perfil de la marca"),
        ("removed", "Guarda la publicació", None),
    ]
    assert stage.steps[1].changes == [Change("emotion", 2, 1)]
    # The removed step's pain points and opportunities go with it.
    assert [(i.status, i.kind) for i in stage.steps[2].items] == [("removed", "pain_points"), ("removed", "opportunities")]


def test_kpi_values_and_whether_they_meet_their_target(tmp_path):
    def edit(f):
        f[PC]["stages"][2]["kpis"][0]["value"] = 5.5  # Tasa de suscripción 3.5 → 5.5, target 5
        f[PC]["stages"][2]["kpis"][1]["value"] = 62  # unchanged
        f[PC]["stages"][2]["kpis"].append({"name": "Bajas", "value": 1, "target": 2})
    journey = only(compare(tmp_path, edit)[0])
    [stage] = journey.stages
    assert [(k.status, k.name, k.value.before, k.value.after, k.met.before, k.met.after) for k in stage.kpis] == [
        ("changed", "Tasa de suscripción", 3.5, 5.5, False, True),
        ("added", "Bajas", None, 1, None, False),
    ]


def test_journeys_added_removed_and_renamed(tmp_path):
    def edit(f):
        f["journeys/primera-compra-online.yml"] = f.pop(PC)  # id change, same title
        f["journeys/primera-compra-online.yml"]["stages"][0]["customers"] = 130000
        f["journeys/primera-compra-futura.yml"]["compare_to"] = "primera-compra-online"
        del f["journeys/b2b-onboarding.yml"]
        f["journeys/alta.yml"] = {"title": "Alta de cliente", "persona": "lucia", "stages": [{"name": "Alta", "steps": [{"action": "Rellena el formulario"}]}]}
    diff, head = compare(tmp_path, edit)
    assert not head.errors
    assert [(j.status, j.id, j.before_id) for j in diff.journeys] == [
        ("added", "alta", None),
        ("removed", "b2b-onboarding", None),
        ("renamed", "primera-compra-online", "primera-compra"),
        ("changed", "primera-compra-futura", None),
    ]
    renamed = diff.journeys[2]
    assert [(s.name, s.changes) for s in renamed.stages] == [("Conciencia", [Change("customers", 120000, 130000)]),
                                                             ("Consideración", [Change("drop_off", 85.0, 86.2)])]
    assert diff.journeys[3].changes == [Change("compare_to", "primera-compra", "primera-compra-online")]


def test_persona_changes(tmp_path):
    def edit(f):
        lucia = f["journeys/personas/lucia.yml"]
        lucia["role"] = "Diseñadora gráfica, 33"
        lucia["goals"].append("Comprar ropa que dure")
    diff, _ = compare(tmp_path, edit)
    [persona] = diff.personas
    assert (persona.id, persona.status) == ("lucia", "changed")
    assert [c.field for c in persona.changes] == ["role", "goals"]
    assert persona.changes[1].after[-1] == "Comprar ropa que dure"


def test_a_file_broken_on_one_side_is_not_compared_and_not_removed(tmp_path):
    def edit(f):
        f[PC] = "title: Primera compra online\nstages:\n  - name: A\n    steps:\n      - action: a\n        emotion: 7\n"
        f["journeys/renovacion-seguro.yml"]["stages"][0]["customers"] = 1
    diff, head = compare(tmp_path, edit)
    assert [j.id for j in diff.journeys] == ["renovacion-seguro"]
    [skipped] = diff.not_compared
    assert (skipped.side, skipped.kind, skipped.id, skipped.file) == ("head", "journey", "primera-compra", PC)
    assert [f"{p.file}:{p.line}" for p in skipped.problems] == [f"{PC}:6"]
    assert diff.errors["head"] == head.errors and diff.errors["base"] == []


def test_the_same_input_gives_the_same_diff(tmp_path):
    def edit(f):
        f[PC]["stages"].reverse()
        for stage in f[PC]["stages"]:
            stage["steps"].reverse()
    first = compare(tmp_path / "1", edit)[0]
    second = compare(tmp_path / "2", edit)[0]
    assert first.journeys == second.journeys
    assert first.journeys[0].order is not None
    assert all(stage.steps == [] for stage in first.journeys[0].stages)  # steps reordered in a stage are not changes


class _Pain(BaseModel):
    """What issue 12's `{text, severity}` pain point looks like; the comparison needs nothing of its own for it."""

    text: str
    severity: str | None = None


def test_items_as_text_or_models_compare_their_attributes():
    assert attribute_changes("Espera", _Pain(text="Espera", severity="high")) == [Change("severity", None, "high")]
    assert attribute_changes(_Pain(text="Espera", severity="low"), _Pain(text="Espera", severity="high")) == [
        Change("severity", "low", "high")]
    assert attribute_changes("Espera", "Espera") == []
    assert field_changes(_Pain(text="a"), _Pain(text="b", severity="x")) == [Change("text", "a", "b"), Change("severity", None, "x")]


def test_a_stage_name_twice_is_compared_in_order(tmp_path):
    def edit(f):
        f[PC]["stages"][1]["name"] = "Conciencia"  # an error (a name twice), and still a journey to compare
    diff, head = compare(tmp_path, edit)
    assert [p.message for p in head.errors] == ["stage 'Conciencia' appears twice (also stage 1)"]
    [stage] = only(diff).stages
    assert (stage.status, stage.name, stage.before_name) == ("renamed", "Conciencia", "Consideración")
