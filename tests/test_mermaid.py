"""Mermaid `journey` diagrams in (`import mermaid`) and out (`export mermaid`), on Mermaid's own documented syntax."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mkdocs_journey import mermaid
from mkdocs_journey.cli import main
from mkdocs_journey.model import Journey

from conftest import JOURNEY_A, dedent, site_files, write_site

WORKING_DAY = dedent("""
    journey
        title My working day
        section Go to work
          Make tea: 5: Me
          Go upstairs: 3: Me
          Do work: 1: Me, Cat
        section Go home
          Go downstairs: 5: Me
          Sit down: 5: Me
""")  # Mermaid's documentation, as written there

EVERYTHING = dedent("""
    ---
    title: Checkout, from the front matter
    config:
      theme: forest
    ---
    %%{init: {"journey": {"useMaxWidth": true}}}%%
    JOURNEY
      %% a comment between statements
      accTitle: Checkout journey
      accDescr {
        How a shopper pays,
        in two sections
      }
      SECTION Browse<br>and pick
        Finds the product: 4:
        Reads reviews: 2
      Section Pay
        Enters card details: 1: Shopper, Bank
        Gets a confirmation: 5: Shopper ; Checks the email: 4: Shopper
""")


def _journey(text: str, **kwargs) -> dict:
    found, problems = mermaid.diagrams(text, "day.mmd", markdown=False)
    assert problems == [] and len(found) == 1
    data, problems = mermaid.to_journey(found[0], **kwargs)
    assert problems == [] and data is not None
    Journey.model_validate(data)  # a valid journey file
    return data


def test_mermaids_documented_example() -> None:
    data = _journey(WORKING_DAY)
    assert data["title"] == "My working day"
    assert [s["name"] for s in data["stages"]] == ["Go to work", "Go home"]
    assert data["stages"][0]["steps"] == [
        {"action": "Make tea", "emotion": 2, "actors": ["Me"]},
        {"action": "Go upstairs", "emotion": 0, "actors": ["Me"]},
        {"action": "Do work", "emotion": -2, "actors": ["Me", "Cat"]},
    ]


def test_front_matter_comments_accessibility_br_case_and_empty_actors() -> None:
    data = _journey(EVERYTHING)
    assert data["title"] == "Checkout, from the front matter"
    assert data["summary"] == "Checkout journey\n\nHow a shopper pays, in two sections"
    assert [s["name"] for s in data["stages"]] == ["Browse and pick", "Pay"]
    assert data["stages"][0]["steps"] == [{"action": "Finds the product", "emotion": 1},
                                          {"action": "Reads reviews", "emotion": -1}]
    assert [s["action"] for s in data["stages"][1]["steps"]] == ["Enters card details", "Gets a confirmation", "Checks the email"]
    assert data["stages"][1]["steps"][0]["actors"] == ["Shopper", "Bank"]


@pytest.mark.parametrize("score, scale, expected", [
    ("1", None, -2), ("3", None, 0), ("5", None, 2), ("0", None, -2),
    ("1", 9, -2), ("5", 9, 0), ("9", 9, 2), ("7", 9, 1), ("1", 6, -2), ("6", 6, 2), ("4", 6, 0),
    ("6", None, None), ("10", 9, None), ("x", None, None), ("2.5", None, None), ("-1", None, None),
])
def test_scores_map_to_emotions(score: str, scale: int | None, expected: int | None) -> None:
    assert mermaid.emotion(score, scale=scale) == expected


def test_a_score_off_the_scale_is_an_error_naming_file_line_and_column() -> None:
    found, _ = mermaid.diagrams(WORKING_DAY.replace("Go upstairs: 3", "Go upstairs: 7"), "day.mmd", markdown=False)
    data, problems = mermaid.to_journey(found[0])
    assert data is None
    assert [p.format() for p in problems] == [
        "day.mmd:5:19: task 'Go upstairs': the score '7' is not on the scale 1 to 5 (hint: Mermaid's scores run 1 "
        "to 5; if this diagram's run 1 to 7, import it with --scale 7)"]
    found, problems = mermaid.diagrams("journey\n  section A\n  just words\n", "x.mmd", markdown=False)
    assert [p.format() for p in problems] == ["x.mmd:3:3: 'just words' is not a task, a section or a title "
                                              "(hint: write a task as 'Task name: score: actors', e.g. 'Make tea: 5: Me')"]


NOTES = dedent("""
    # Research notes

    ```mermaid
    flowchart LR
      A --> B
    ```

    The onboarding today:

    ```mermaid
    journey
      title Onboarding today
      section Sign up
        Fills the form: 2: Admin
    ```

    And tomorrow:

    ~~~mermaid
    journey
      title Onboarding tomorrow
      section Sign up
        Signs in with SSO: 5: Admin
    ~~~
""")


def test_a_markdown_file_with_several_diagrams_gives_one_journey_each(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "day.mmd").write_text(WORKING_DAY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["import", "mermaid", "notes.md", "day.mmd", "--out", "journeys"]) == 0
    out = capsys.readouterr().out
    assert "created journeys/notes-onboarding-today.yml from notes.md:11" in out
    assert "created journeys/notes-onboarding-tomorrow.yml from notes.md:20" in out
    assert "created journeys/day.yml from day.mmd:1" in out
    text = (tmp_path / "journeys/notes-onboarding-today.yml").read_text(encoding="utf-8")
    assert text.startswith("# Imported from notes.md:11 by `mkdocs-journey import mermaid`.\n")
    assert yaml.safe_load(text)["stages"][0]["steps"] == [{"action": "Fills the form", "emotion": -1, "actors": ["Admin"]}]
    assert main(["validate", "journeys"]) == 0  # what it writes passes the checks

    # Never overwrites: the second run says so, names the diagram, and fails.
    (tmp_path / "journeys/day.yml").write_text("title: Mine\nstages: [{name: A}]\n", encoding="utf-8")
    assert main(["import", "mermaid", "day.mmd", "--out", "journeys"]) == 1
    assert "day.mmd:1:1: error: journeys/day.yml already exists: it is left as it is" in capsys.readouterr().err
    assert (tmp_path / "journeys/day.yml").read_text(encoding="utf-8") == "title: Mine\nstages: [{name: A}]\n"


def test_scale_from_the_command_line_and_errors_with_file_line(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "nine.mmd").write_text("journey\n  title Nine\n  section A\n    Waits: 9: Me\n    Leaves: 1: Me\n",
                                       encoding="utf-8")
    (tmp_path / "none.md").write_text("# No diagram\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["import", "mermaid", "nine.mmd", "--out", "j"]) == 1
    err = capsys.readouterr().err
    assert "nine.mmd:4:11: error: task 'Waits': the score '9' is not on the scale 1 to 5" in err
    assert not (tmp_path / "j/nine.yml").exists()
    assert main(["import", "mermaid", "nine.mmd", "--out", "j", "--scale", "9"]) == 0
    assert [s["emotion"] for s in yaml.safe_load((tmp_path / "j/nine.yml").read_text())["stages"][0]["steps"]] == [2, -2]
    assert main(["import", "mermaid", "none.md", "--out", "j"]) == 1
    assert "none.md: error: no Mermaid journey diagram here" in capsys.readouterr().err


def test_export_then_import_gives_back_stages_actions_and_emotions(tmp_path: Path, monkeypatch, capsys) -> None:
    journey_text = JOURNEY_A.replace("      - action: Reads the size guide\n",
                                     "      - action: 'Reads the size guide: twice; #1 issue'\n        actors: [Lucía, Support]\n")
    write_site(tmp_path, site_files(**{"journeys/first-purchase.yml": journey_text}))
    monkeypatch.chdir(tmp_path)
    assert main(["export", "mermaid", "first-purchase"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("journey\n    title First online purchase\n")
    assert "      Reads the size guide#58; twice#59; #35;1 issue: 1: Lucía, Support\n" in text
    (tmp_path / "back.mmd").write_text(text, encoding="utf-8")
    found, problems = mermaid.diagrams(text, "back.mmd", markdown=False)
    data, problems = mermaid.to_journey(found[0])
    assert problems == [] and data is not None
    original = Journey.model_validate(yaml.safe_load(journey_text))
    back = Journey.model_validate(data)
    assert [s.name for s in back.stages] == [s.name for s in original.stages]
    assert [[st.action for st in s.steps] for s in back.stages] == [[st.action for st in s.steps] for s in original.stages]
    assert [[st.emotion for st in s.steps] for s in back.stages] == [[st.emotion for st in s.steps] for s in original.stages]
    assert back.stages[1].steps[0].actors == ["Lucía", "Support"]
    assert main(["export", "mermaid", "journeys/insurance-renewal.yml"]) == 0  # a file works too
    assert "section Call" in capsys.readouterr().out


def test_mmd_files_in_the_journeys_folder_are_journeys(site_builder) -> None:
    built = site_builder(site_files(**{"journeys/working-day.mmd": WORKING_DAY}))
    assert built.error is None, built.text()
    page = built.page("journeys/working-day/")
    assert "My working day" in page and "Do work" in page and "Cat" in page  # the actors, in the stage details
    assert "My working day" in built.page("journeys/")
    assert not (built.site / "journeys/working-day.mmd").exists()


def test_a_broken_mmd_in_the_journeys_folder_is_an_error_with_its_line(site_builder, tmp_path: Path, monkeypatch, capsys) -> None:
    files = site_files(**{"journeys/working-day.mmd": WORKING_DAY.replace("Do work: 1", "Do work: 8"),
                          "journeys/title-only.mmd": "journey\n  title " + "[" * 300 + "\n  section A\n    Waits: 3\n",
                          "journeys/flow.mmd": "flowchart LR\n  A --> B\n"})
    built = site_builder(files, strict=False)
    assert built.error is not None
    text = built.text()
    assert "journeys/working-day.mmd:6:15: task 'Do work': the score '8' is not on the scale 1 to 5" in text
    assert "journeys/title-only.mmd:2:1: title holds 300 '[', at most 200" in text  # the model's checks, on the .mmd's lines
    assert "journeys/flow.mmd:1:1: this .mmd file is not a Mermaid journey diagram" in text
    write_site(tmp_path / "v", files)
    monkeypatch.chdir(tmp_path / "v")
    assert main(["validate"]) == 1
    assert "5 journeys and 2 personas checked: 3 errors" in capsys.readouterr().out
