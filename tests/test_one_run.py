"""One mistake must not hide others: every problem of a file in one run, no false warning because
another file is broken, files counted whether or not they are valid, and hints that are true."""

from __future__ import annotations

from pathlib import Path

from agree import assert_agree, build_and_validate

from conftest import site_files, write_tree

PEDIDO = """\
title: Pedido online
persona: [carmen, davd]
pain_point: Sin stock
stages:
  - name: Pedido
    customers: 4.100
    steps: [{action: Pide}]
"""

PERSONAS = {"journeys/personas/carmen.yml": "name: Carmen\n", "journeys/personas/david.yml": "name: David\n"}


def _site(**files: str) -> dict[str, str]:
    return {"docs/index.md": "# Home\n", **PERSONAS, **files}


def test_the_issue_file_shows_all_three_mistakes_and_no_false_warning(tmp_path: Path) -> None:
    both = build_and_validate(tmp_path / "s", _site(**{"journeys/pedido.yml": PEDIDO}))
    assert_agree(both)
    assert both.validate_errors == [
        "journeys/pedido.yml:2:19: unknown persona 'davd' (hint: did you mean 'david'?)",
        "journeys/pedido.yml:3:1: unknown key 'pain_point' (hint: allowed keys: compare_to, id, owner, persona, "
        "stages, state, summary, tags, title)",
        "journeys/pedido.yml:6:16: stage 1: customers must be a whole number, 0 or more, got 4.100 "
        "(hint: customers counts people: write 4100, without a thousands separator)",
    ]
    assert both.validate_warnings == []  # carmen is named by the broken file; david is what 'davd' meant
    assert both.summary == "1 journey and 2 personas checked: 3 errors, 0 warnings"


def test_a_broken_file_keeps_its_stage_and_reference_checks(tmp_path: Path) -> None:
    journey = ("title: Alta\ncompare_to: nowhere\nowner: [not, text]\nstages:\n"
               "  - {name: Pago, emotion: 9}\n  - {name: Pago, customers: 5}\n  - {name: Cnciencia, customers: 9}\n")
    both = build_and_validate(tmp_path / "s", _site(**{"journeys/alta.yml": journey, "journeys/ok.yml":
                                                       "title: Ok\npersona: [carmen, david]\nstages: [{name: Pago, steps: [{action: x}]}]\n"}),
                              config={"plugins": ["search", {"journey": {"stages": ["Conciencia", "Pago"]}}]})
    assert_agree(both)
    messages = [e.split(": ", 1)[1] for e in both.validate_errors]
    assert any(m.startswith("unknown journey 'nowhere' in compare_to") for m in messages), messages
    assert any(m.startswith("stage 'Pago' appears twice (also stage 1)") for m in messages), messages
    assert any(m.startswith("stage 'Cnciencia' is not in the site's stage list (hint: did you mean 'Conciencia'?)")
               for m in messages), messages
    assert any(m.startswith("owner must be") for m in messages) and any("emotion must be" in m for m in messages)
    # stage 3 validates on its own: its count after stage 2's is a true warning; stage 1 (broken) is skipped
    assert both.validate_warnings == ["journeys/alta.yml:7:34: stage 'Cnciencia' has more customers (9) than 'Pago' "
                                      "before it (5) (hint: a funnel narrows; check the counts)"]


def test_a_file_that_cannot_be_read_makes_no_persona_unused(tmp_path: Path) -> None:
    both = build_and_validate(tmp_path / "s", _site(**{"journeys/roto.yml": "title: [Roto\npersona: carmen\n"}))
    assert_agree(both)
    assert [e.split(": ", 1)[0] for e in both.validate_errors] == ["journeys/roto.yml:2:8"]
    assert both.validate_warnings == []  # which personas roto.yml names is unknown: none is called unused
    assert both.summary == "1 journey and 2 personas checked: 1 error, 0 warnings"


def test_a_broken_persona_with_an_id_is_not_unknown(tmp_path: Path) -> None:
    files = _site(**{"journeys/personas/lucia-file.yml": "id: lucia\nnam: Lucía\n",
                     "journeys/a.yml": "title: A\npersona: [lucia, carmen, david]\nstages: [{name: S, steps: [{action: x}]}]\n"})
    both = build_and_validate(tmp_path / "s", files)
    assert_agree(both)
    assert [e.split(": ", 1)[0] for e in both.validate_errors] == ["journeys/personas/lucia-file.yml:1:1",
                                                                  "journeys/personas/lucia-file.yml:2:1"]
    assert not any("unknown persona" in e for e in both.validate_errors)


def test_ids_from_names_with_leading_punctuation(tmp_path: Path) -> None:
    files = _site(**{"journeys/-lead.yml": "title: Lead\npersona: [carmen, david]\nstages: [{name: S, steps: [{action: x}]}]\n"})
    both = build_and_validate(tmp_path / "s", files)
    assert_agree(both)
    assert both.validate_errors == [] and "Lead" in both.site.page("journeys/lead/")


def test_true_hints(tmp_path: Path) -> None:
    long_number = "1" * 101
    files = _site(**{
        "journeys/a.yml": "id: -x\ntitle: A\npersona: [carmen, david]\nstages: [{name: S, steps: [{action: x}]}]\n",
        "journeys/b.yml": "id: '-'\ntitle: B\nstages: [{name: S, steps: [{action: x}]}]\n",
        "journeys/c.yml": f"title: C\nstages:\n  - name: S\n    customers: {long_number}\n    steps: [{{action: x, emotion: 1}}]\n"
                          "    kpis: [{name: K, value: " + long_number + "}]\n",
        "journeys/d.yml": "title: D\nstages:\n  - {name: S, customers: '4,100'}\n  - {name: T, customers: 1e3}\n"
                          "  - {name: U, customers: 2.5}\n  - {name: V, customers: 1.250.000}\n",
        "journeys/¿¿.yml": "title: E\nstages: [{name: S, customers: x}]\n",
    })
    both = build_and_validate(tmp_path / "s", files)
    assert_agree(both)
    errors = "\n".join(both.validate_errors)
    assert "journeys/a.yml:1:5: id must be a slug" in errors and "got '-x' (hint: for example 'x')" in errors
    assert "got '-' (hint: for example 'my-id')" in errors
    assert ("journeys/c.yml:4:16: stage 1: customers must be a whole number, 0 or more, got a number of 101 digits "
            "(hint: numbers longer than 100 characters are read as text; check the value)") in errors
    assert "journeys/c.yml:6:29: stage 1, KPI 1: value must be a number, got a number of 101 digits" in errors
    assert "got '4,100' (hint: customers counts people: write 4100, without a thousands separator)" in errors
    assert "got 1e3 (hint: customers counts people: write it as a whole number, 1000)" in errors
    assert "got 2.5 (hint: customers counts people: write a whole number, without a decimal point)" in errors
    assert "got '1.250.000' (hint: customers counts people: write 1250000, without a thousands separator)" in errors
    # a name with no id in it, and a wrong value: both in the same run
    assert "journeys/¿¿.yml:1:1: cannot make an id from the file name '¿¿': it has no letters a-z or digits" in errors
    assert "journeys/¿¿.yml:2:31: stage 1: customers must be" in errors
    assert "for example '-x'" not in errors and "must be a number, got '1111" not in errors


def test_serving_memo_gives_the_same_problems(tmp_path: Path) -> None:
    """While serving, unchanged files come from the memo: the checks of broken files still run."""
    from mkdocs_journey.settings import resolve
    from mkdocs_journey.workspace import Workspace

    write_tree(tmp_path, _site(**{"journeys/pedido.yml": PEDIDO}))
    settings = resolve({"cache": False}, config_file=tmp_path / "mkdocs.yml")
    workspace = Workspace(keep=True)
    first = workspace.load(settings)
    workspace.finish()
    second = workspace.load(settings)
    assert len(workspace.files.used) == 3  # every file came from the memo
    assert [str(p) for p in first.errors] == [str(p) for p in second.errors]
    assert len(first.errors) == 3 and first.warnings == second.warnings == []
    assert first.files == {"journey": 1, "persona": 2}


def test_the_default_site_is_unchanged(tmp_path: Path) -> None:
    both = build_and_validate(tmp_path / "s", site_files())
    assert_agree(both)
    assert both.validate_errors == [] and both.validate_warnings == []
