"""Loader and catalogue: fast tests without a site, and hypothesis fuzzing of valid files."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_journey.catalog import load_catalog
from mkdocs_journey.ids import slug_for
from mkdocs_journey.loader import load_file
from mkdocs_journey.model import Journey, Persona, biggest_drop, funnel
from mkdocs_journey.problems import Problem
from mkdocs_journey.yamlsource import read_yaml, resolve_scalar

from conftest import JOURNEY_A, PERSONA_LUCIA, write_tree


def problems_of(text: str | bytes, kind=Journey) -> list[str]:
    raw = text.encode() if isinstance(text, str) else text
    loaded, problems = load_file(raw, "j.yml", "j", kind)
    assert (loaded is None) == bool(problems)
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: [x\n", "j.yml:2:1: YAML syntax error"),
        ("title: a: b\nstages: []\n", "j.yml:1:9: YAML syntax error: mapping values are not allowed"),
        ("title: X\nstages:\n\t- name: A\n", "j.yml:3:1: a tab is used for indentation"),
        (b"title: caf\xe9\n", "j.yml:1:11: the file is not UTF-8 text"),
        ("", "j.yml:1:1: the file is empty"),
        ("# only a comment\n", "j.yml:1:1: the file is empty"),
        ("- a\n- b\n", "j.yml:1:1: the top level must be a mapping of keys, got a list"),
        ("just text\n", "j.yml:1:1: the top level must be a mapping of keys, got a single value"),
        ("title: A\ntitle: B\nstages: [{name: S}]\n", "j.yml:2:1: duplicate key 'title' (first given at line 1)"),
        ("title: &t A\nstages: [{name: *t}]\n", "j.yml:1:8: anchors (&t) are not allowed"),
        ("title: X\nstages: [{name: S}]\nsumary: x\n", "j.yml:3:1: unknown key 'sumary' (hint: did you mean 'summary'?)"),
        ("title: X\nstages: Conciencia\n", "j.yml:2:9: stages must be a list of stages, got 'Conciencia'"),
        ("title: X\nstages: []\n", "j.yml:2:9: stages must be a list of at least one stage"),
        ("title: X\nstages:\n  - name: S\n    steps:\n      - {action: a, emotion: yes}\n",
         "emotion must be an integer from -2 to 2, got 'yes' (hint: 'yes' is text in YAML 1.2"),
        ("title: X\nstages:\n  - name: S\n    steps:\n      - {action: a, emotion: 7}\n",
         "j.yml:5:30: stage 1, step 1: emotion must be an integer from -2 to 2, got 7"),
        ("title: X\nstages:\n  - name: S\n    steps:\n      - {action: a, emotion: 1.5}\n",
         "emotion must be an integer from -2 to 2, got 1.5 (hint: use whole numbers"),
        ("title: X\nstages:\n  - {name: S, customers: -5}\n", "j.yml:3:26: stage 1: customers must be a whole number, 0 or more, got -5"),
        ("title: X\nstages:\n  - {name: S, customers: on}\n", "customers must be a whole number, 0 or more, got 'on'"),
        ("stages:\n  - name: S\n", "j.yml:1:1: missing required key 'title'"),
        ("title: X\nstages:\n  - name: S\n    steps:\n      - thought: hm\n", "j.yml:5:9: stage 1, step 1: missing required key 'action'"),
        ("title: X\nstate: past\nstages: [{name: S}]\n", "j.yml:2:8: state must be 'current' or 'future', got 'past'"),
        ("title: X\nid: ../../etc\nstages: [{name: S}]\n", "j.yml:2:5: id must be a slug"),
        ("title: X\ntags: moda\nstages: [{name: S}]\n", "tags must be a list of texts, got 'moda' (hint: write a list: tags: [moda])"),
        ("title: X\nstages: [{name: S, kpis: [{name: k, value: .nan}]}]\n", "value must be a number"),
        ("title: !!python/object:os.system X\nstages: [{name: S}]\n", "YAML tags such as"),
        ("title: X\n<<: {a: 1}\nstages: [{name: S}]\n", "merge keys"),
        ("title: a\x07b\nstages: [{name: S}]\n", "j.yml:1:9: the character U+0007 is not allowed in YAML"),
        ("title: X\nstages: [{name: S, steps: " + "[" * 50 + "]" * 50 + "}]\n", "nested more than 40 levels deep"),
        ("title: ''\nstages: [{name: S}]\n", "j.yml:1:8: title must be some text, not empty, got ''"),
        ("title: X\nstages: [{name: S, steps: [{action: '  '}]}]\n", "action must be some text, not empty"),
    ],
    ids=lambda v: v[:40] if isinstance(v, str) else None,
)
def test_bad_journey_files(text, expected):
    found = problems_of(text)
    assert any(expected in p for p in found), found


def test_persona_needs_a_name():
    assert problems_of("role: x\n", Persona) == [
        "j.yml:1:1: missing required key 'name' (hint: The persona's name. For example: name: Lucía Fernández)"]


def test_several_mistakes_in_one_file_are_all_reported():
    text = "title: X\nstages:\n  - name: S\n    customers: -1\n    steps:\n      - {action: a, emotion: 9}\n      - {acton: b}\n"
    assert len(problems_of(text)) == 4  # customers, emotion, unknown 'acton', missing 'action'


def test_alias_bomb_fails_fast():
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for n in range(ord("b"), ord("j")):
        prev = chr(n - 1)
        bomb += f"{chr(n)}: &{chr(n)} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    tracemalloc.start()
    start = time.perf_counter()
    found = problems_of(bomb)
    elapsed = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0 and peak < 5_000_000  # expanded, it would be 9**10 nodes
    assert any("anchors" in p for p in found)


@pytest.mark.parametrize(
    ("plain", "value"),
    [("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("2024-01-01", "2024-01-01"), ("true", True),
     ("False", False), ("~", None), ("null", None), ("", None), ("12", 12), ("-3", -3), ("0x1F", 31), ("0o17", 15),
     ("1.5", 1.5), ("1e3", 1000.0), ("Conciencia", "Conciencia"), ("1_000", "1_000")],
)
def test_yaml_12_core_schema(plain, value):
    assert resolve_scalar(plain, True) == value
    assert type(resolve_scalar(plain, True)) is not bool or isinstance(value, bool)


def test_huge_numbers_are_text_or_errors_not_tracebacks():
    digits = "9" * 5000
    loaded, problems = load_file(f"title: {digits}\nstages: [{{name: S, customers: {digits}}}]\n".encode(), "j.yml", "j",
                                 Journey)
    assert loaded is None and [p.message[:30] for p in problems] == ["stage 1: customers must be a w"]


def test_numbers_in_text_fields_keep_their_spelling():
    loaded, problems = load_file(b"title: 007\nstages:\n  - name: 1.10\n    goal: 2024\n", "j.yml", "j", Journey)
    assert problems == [] and loaded is not None
    journey = loaded.model
    assert isinstance(journey, Journey)
    assert (journey.title, journey.stages[0].name, journey.stages[0].goal) == ("007", "1.10", "2024")


def test_positions_of_values_and_keys():
    doc, problems = read_yaml(b"title: X\nstages:\n  - name: S\n    steps:\n      - action: a\n", "j.yml")
    assert problems == [] and doc is not None
    assert doc.position(("stages", 0, "steps", 0, "action")) == (5, 17)
    assert doc.position(("stages", 0, "steps", 0, "action"), key=True) == (5, 9)
    assert doc.position(("stages", 0, "nope")) == (3, 5)


@pytest.mark.parametrize(("stem", "slug"), [("Primera Compra", "primera-compra"), ("Renovación seguro", "renovacion-seguro"),
                                            ("b2b_onboarding", "b2b_onboarding"), ("¿¿", "")])
def test_ids_from_file_names(stem, slug):
    assert slug_for(stem) == slug


def test_catalogue_cross_checks(tmp_path: Path):
    write_tree(tmp_path, {
        "journeys/a.yml": "title: A\npersona: ghost\ncompare_to: nowhere\nstages:\n  - {name: S, customers: 5}\n"
                          "  - {name: T, customers: 9}\n",
        "journeys/sub/a.yaml": "title: A again\nstages: [{name: S}]\n",
        "journeys/b.yml": "title: B\nid: a\nstages: [{name: S, emotion: 1, steps: [{action: x, emotion: 2}]}]\n",
        "journeys/personas/lonely.yml": "name: Lonely\n",
        "journeys/readme.txt": "not yaml",
    })
    catalog = load_catalog(tmp_path / "journeys", tmp_path / "journeys/personas", root=tmp_path)
    errors = [str(p) for p in catalog.errors]
    warnings = [str(p) for p in catalog.warnings]
    assert any("journeys/a.yml:2:10: unknown persona 'ghost'" in e for e in errors), errors
    assert any("journeys/a.yml:3:13: unknown journey 'nowhere' in compare_to" in e for e in errors), errors
    assert any("(hint: add a file journeys/personas/ghost.yml)" in e for e in errors), errors
    assert sum("duplicate journey id 'a'" in e for e in errors) == 2, errors
    assert any("stage 'T' has more customers (9) than 'S' before it (5)" in w for w in warnings), warnings
    assert any("persona 'lonely' is not used by any journey" in w for w in warnings), warnings
    assert any("journeys/a.yml" in w and "no steps" in w for w in warnings), warnings
    assert catalog.skipped == ["journeys/readme.txt"]
    assert errors == sorted(errors)


def test_funnel_figures():
    journey = Journey.model_validate({"title": "t", "stages": [
        {"name": "a", "customers": 200}, {"name": "b"}, {"name": "c", "customers": 50}, {"name": "d", "customers": 40}]})
    rows = [(s.name, n, share, lost) for s, n, share, lost in funnel(journey)]
    assert rows == [("a", 200, 100.0, None), ("c", 50, 25.0, 75.0), ("d", 40, 20.0, 20.0)]
    drop = biggest_drop(journey)
    assert drop is not None and drop[0].name == "c"


# -- fuzzing --------------------------------------------------------------------------------------

VALID = [JOURNEY_A.encode(), PERSONA_LUCIA.encode()]
INTERESTING = [b":", b"-", b" ", b"\n", b"\t", b"&a", b"*a", b"!!", b"{", b"}", b"[", b"]", b"'", b'"', b"#",
               b"yes", b"-1", b"1.5", b"~", b"\xff", b"\x00", b"<<: ", b"? ", b"|", b">", b"%YAML 1.1\n---\n"]


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.one_of(st.sampled_from(INTERESTING), st.binary(max_size=6)))
        if action == "insert":
            data[pos:pos] = chunk
        elif action == "delete":
            del data[pos:pos + draw(st.integers(1, 30))]
        else:
            data[pos:pos + len(chunk)] = chunk
    return bytes(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=mutated(), as_persona=st.booleans())
def test_mutated_files_never_raise(raw, as_persona):
    loaded, problems = load_file(raw, "f.yml", "f", Persona if as_persona else Journey)
    assert all(isinstance(p, Problem) and p.message for p in problems)
    assert (loaded is None) == bool(problems)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=8), st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                                                       lambda inner: st.lists(inner, max_size=3)
                                                       | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                                                       max_leaves=10), max_size=6))
def test_arbitrary_yaml_structures_never_raise(data):
    raw = yaml.safe_dump(data, allow_unicode=True).encode()
    for kind in (Journey, Persona):
        loaded, problems = load_file(raw, "f.yml", "f", kind)
        assert all(isinstance(p, Problem) for p in problems)


def test_empty_list_fields_are_empty_lists():
    text = "title: X\npersona:\ntags:\nstages:\n  - name: S\n    kpis:\n    steps:\n      - action: a\n        pain_points:\n"
    loaded, problems = load_file(text.encode(), "j.yml", "j", Journey)
    assert problems == [] and loaded is not None
    journey = loaded.model
    assert isinstance(journey, Journey)
    assert journey.tags == [] and journey.persona == [] and journey.stages[0].steps[0].pain_points == []


def test_every_model_field_is_documented():
    reference = (Path(__file__).parent.parent / "docs" / "reference.md").read_text(encoding="utf-8")
    from mkdocs_journey.model import Kpi, Opportunity, PainPoint, Stage, Step

    for model in (Journey, Stage, Step, Kpi, PainPoint, Opportunity, Persona):
        for name in model.model_fields:
            assert f"`{name}`" in reference, (model.__name__, name)


def test_serving_keeps_the_last_good_version_of_a_broken_file(tmp_path: Path):
    write_tree(tmp_path, {"journeys/a.yml": "title: Good A\npersona: p\nstages: [{name: S, steps: [{action: x}]}]\n",
                          "journeys/personas/p.yml": "name: P\n"})
    args = (tmp_path / "journeys", tmp_path / "journeys/personas")
    first = load_catalog(*args, root=tmp_path)
    write_tree(tmp_path, {"journeys/a.yml": "title: Bad A\nstages: Nope\n", "journeys/personas/p.yml": "nme: P\n"})
    last_good = {path: item for path, (_, item) in first.loaded.items()}
    second = load_catalog(*args, root=tmp_path, last_good=last_good)
    assert second.journeys["a"].title == "Good A" and second.personas["p"].name == "P"
    assert second.stale == {("journey", "a"): "journeys/a.yml", ("persona", "p"): "journeys/personas/p.yml"}
    assert [p.message for p in second.problems_of("journey", "a")] == ["stages must be a list of stages, got 'Nope'"]
    assert not any("unknown persona" in p.message for p in second.errors)  # the kept persona still counts
    assert load_catalog(*args, root=tmp_path).journeys == {}  # without `last_good` (a build): nothing kept
    (tmp_path / "journeys/a.yml").unlink()
    assert "a" not in load_catalog(*args, root=tmp_path, last_good=last_good).journeys  # deleted: gone


def test_a_broken_file_is_not_blamed_on_the_files_that_use_it(tmp_path: Path):
    write_tree(tmp_path, {"journeys/a.yml": "title: A\npersona: p\ncompare_to: b\nstages: [{name: S, steps: [{action: x}]}]\n",
                          "journeys/b.yml": "title: [broken\n", "journeys/personas/p.yml": "nme: P\n"})
    catalog = load_catalog(tmp_path / "journeys", tmp_path / "journeys/personas", root=tmp_path)
    assert sorted({p.file for p in catalog.errors}) == ["journeys/b.yml", "journeys/personas/p.yml"]


def test_tabs_inside_text_are_fine():
    text = "title: X\nsummary: |\n  First line\n  \tindented with a tab\nstages: [{name: S}]\n"
    loaded, problems = load_file(text.encode(), "j.yml", "j", Journey)
    assert problems == [] and loaded is not None and "\tindented" in (loaded.model.summary or "")


def test_user_text_in_messages_is_shortened(tmp_path: Path):
    name = "Etapa " + "larga " * 1500  # 9,000 characters: within a field's limit, far too long for a message
    write_tree(tmp_path, {"journeys/a.yml": f"title: A\nstages:\n  - name: {name}\n  - name: {name}\n"})
    catalog = load_catalog(tmp_path / "journeys", tmp_path / "journeys/personas", root=tmp_path)
    (problem,) = [p for p in catalog.errors if "appears twice" in p.message] or [None]
    assert problem is not None and len(str(problem)) < 700 and " … " in problem.message
    assert problem.message.startswith("stage 'Etapa larga") and problem.message.endswith("appears twice (also stage 1)")


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["a", "b", " ", "&", "*", "&a ", "*a", ":", ": ", "- ", "? ", ",", "[", "]", "{", "}",
                                  "!!str ", "!x ", "#", "\n", "\n  ", "\t", "'", '"', "|", ">", "---"]),
                max_size=14).map("".join))
def test_the_anchor_prefilter_never_misses_an_anchor_or_alias(text):
    """`_NODE_PROPERTY` lets text without anchors skip the second parse: it must find every one YAML sees."""
    import yaml

    from mkdocs_journey.yamlsource import _LOADER, _NODE_PROPERTY

    try:
        events = list(yaml.parse(text, Loader=_LOADER))
    except yaml.YAMLError:
        return
    if any(isinstance(e, yaml.AliasEvent) or getattr(e, "anchor", None) for e in events):
        assert _NODE_PROPERTY.search(text), text
