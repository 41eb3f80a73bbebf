"""What one text field may cost (limits.py): hostile fields end in seconds, with the field's file:line:col,
the same from `validate` and the build; text within the limits still renders."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jsonschema
import lxml  # noqa: F401  (in the test extra: pygal draws with lxml when it is installed)
import pygal.etree
import pytest

from agree import assert_agree, build_and_validate
from mkdocs_journey import charts, limits
from mkdocs_journey.i18n import labels_for
from mkdocs_journey.loader import load_file
from mkdocs_journey.markup import render_block, render_inline
from mkdocs_journey.model import Journey, Stage, Step
from mkdocs_journey.schema import json_schema

from conftest import site_files

JOURNEY = "title: {title}\npersona: lucia\nsummary: {summary}\nstages:\n  - name: {name}\n    customers: 10\n" \
          "    steps:\n      - action: Buys\n        emotion: 1\n        pain_points: [Slow, {pain}]\n" \
          "  - name: Pays\n    customers: 5\n    emotion: -1\n"


def _journey(title: str = "Hostile", summary: str = "Fine", name: str = "Looks", pain: str = "Fine") -> str:
    return JOURNEY.format(title=json.dumps(title), summary=json.dumps(summary), name=json.dumps(name),
                          pain=json.dumps(pain))


def _files(journey: str) -> dict[str, str]:
    return {**site_files(), "journeys/hostile.yml": journey}


CASES = [
    # (field values, the one error expected: file:line:col: message start)
    ({"summary": "[" * 16_000}, "journeys/hostile.yml:3:10: summary is too long: 16,000 characters, at most 10,000"),
    ({"summary": "[" * 5_000}, "journeys/hostile.yml:3:10: summary holds 5,000 '[', at most 200"),
    ({"summary": "![" * 150 + "a" * 9_000}, "journeys/hostile.yml:3:10: summary is too costly to render as Markdown: "
                                             "150 '[', '(' or backtick runs are never closed"),
    ({"summary": "``a`" * 2_500}, "journeys/hostile.yml:3:10: summary holds 7,500 backticks, at most 200"),
    ({"summary": "- " * 500 + "x"}, "journeys/hostile.yml:3:10: summary nests 500 list or quote markers, at most 20"),
    ({"summary": "> " * 21 + "x"}, "journeys/hostile.yml:3:10: summary nests 21 list or quote markers, at most 20"),
    ({"name": "A\x1b[31mB"}, "journeys/hostile.yml:5:11: stage 1: name holds the control character U+001B"),
    ({"title": "T\x00"}, "journeys/hostile.yml:1:8: title holds the control character U+0000"),
    ({"pain": "x" * 10_001}, "journeys/hostile.yml:10:29: stage 1, step 1: item 2 of pain_points is too long: "
                              "10,001 characters, at most 10,000"),
]


@pytest.mark.parametrize(("fields", "expected"), CASES, ids=[c[1].split(": ", 1)[1][:40] for c in CASES])
def test_hostile_field_is_one_error_in_both(tmp_path: Path, fields: dict[str, str], expected: str) -> None:
    both = build_and_validate(tmp_path / "s", _files(_journey(**fields)))
    assert_agree(both)
    assert len(both.validate_errors) == 1, both.validate_errors
    assert both.validate_errors[0].startswith(expected), both.validate_errors
    assert "(hint: " in both.validate_errors[0]
    assert both.seconds < 20, both.seconds  # 16,000 '[' took ~25 s to render before the limit


def test_a_persona_field_is_limited_too(tmp_path: Path) -> None:
    files = {**site_files(), "journeys/personas/lucia.yml": "name: Lucía\nquote: " + json.dumps("[" * 300) + "\n"}
    both = build_and_validate(tmp_path / "s", files)
    assert_agree(both)
    assert both.validate_errors == ["journeys/personas/lucia.yml:2:8: quote holds 300 '[', at most 200 (hint: Markdown "
                                    "reads each '[' as the start of a link; remove the extra brackets)"]


def test_several_limits_in_one_field_are_said_at_once(tmp_path: Path) -> None:
    both = build_and_validate(tmp_path / "s", _files(_journey(summary="\x07" + "[" * 201 + "\n" + "- " * 25 + "x")))
    assert_agree(both)
    [error] = both.validate_errors
    assert "U+0007" in error and "201 '['" in error and "nests 25 list or quote markers (line 2 of the text)" in error


def test_text_at_the_limits_builds_and_renders(tmp_path: Path) -> None:
    """The limits leave room: 10,000 characters, 200 links, 20 levels of list, a few unclosed '['."""
    links = "".join(f"[link {i}](https://example.com/{i}) " for i in range(150))
    nested = "".join("- " * 20 + f"deep {i}\n" for i in range(3))
    summary = (links + "\n\n" + nested + "\n[not a link " + "and `code` " * 40 + "\n\n")
    summary += "x" * (limits.MAX_TEXT - len(summary))
    assert len(summary) == limits.MAX_TEXT and summary.count("[") <= limits.MAX_BRACKETS
    both = build_and_validate(tmp_path / "s", _files(_journey(summary=summary, name="Looks \u2028 & <b>")))
    assert_agree(both)
    assert both.validate_errors == [] and both.site.error is None
    page = both.site.page("journeys/hostile/")
    assert 'href="https://example.com/149"' in page and "<li>deep 2</li>" in page and "[not a link" in page


def test_render_time_at_the_limits() -> None:
    """The costliest fields the limits accept render in well under a second (benchmarks/field_limits.py)."""
    worst = {"unclosed": ("[" * 9 + "a" * limits.MAX_TEXT)[:limits.MAX_TEXT],
             "lists": ("- " * 20 + "x\n") * (limits.MAX_TEXT // 42),
             "backticks": ("``a`" * 50 + "a" * limits.MAX_TEXT)[:limits.MAX_TEXT]}
    for name, text in worst.items():
        assert limits.text_problems(text) == [], name
        for render in (render_block, render_inline):
            render.cache_clear()
            start = time.perf_counter()
            render(text)
            assert time.perf_counter() - start < 2, (name, render.__name__)  # ~0.04-0.08 s on a laptop


def test_the_schema_carries_the_length_limit() -> None:
    schema = json_schema("journey")
    assert schema["properties"]["title"]["maxLength"] == limits.MAX_TEXT
    validator = jsonschema.Draft202012Validator(schema)
    good = {"title": "x" * limits.MAX_TEXT, "stages": [{"name": "S", "steps": [{"action": "a", "pain_points": ["p"]}]}]}
    assert not list(validator.iter_errors(good))
    bad = {"title": "x", "stages": [{"name": "S" * (limits.MAX_TEXT + 1), "steps": [{"action": "a" * (limits.MAX_TEXT + 1)}]}]}

    def leaves(errors):
        for error in errors:
            yield from leaves(error.context) if error.context else [error]

    found = {(e.validator, tuple(e.absolute_path)) for e in leaves(validator.iter_errors(bad))}
    assert ("maxLength", ("stages", 0, "name")) in found and ("maxLength", ("stages", 0, "steps", 0, "action")) in found


def test_the_reference_states_the_limits() -> None:
    reference = (Path(__file__).parent.parent / "docs" / "reference.md").read_text(encoding="utf-8")
    section = reference.split("### Limits of a text field", 1)[1].split("\n### ", 1)[0]
    for number in (limits.MAX_TEXT, limits.MAX_BRACKETS, limits.MAX_BACKTICKS, limits.MAX_NESTING, limits.MAX_REREAD):
        assert f"{number:,}" in section, number


def test_charts_draw_with_lxml(tmp_path: Path) -> None:
    assert pygal.etree.etree.lxml, "pygal should draw with lxml here"
    both = build_and_validate(tmp_path / "s", _files(_journey(title="Ünïcode \u2028 & <b> \u202e", name="Mirar \u2029 ✓")))
    assert_agree(both)
    page = both.site.page("journeys/hostile/")
    assert 'class="jm-lane__svg"' in page and "Mirar" in page  # the journey's curve: the map's lane (no pygal)
    assert both.site.page("personas/lucia/").count('class="jm-chart__svg"') >= 1  # pygal, with lxml


@pytest.mark.parametrize("char", ["\x1b", "\x00", "\x0b", "\ufffe", "\ud800", "\n"])
def test_charts_never_crash_on_text_the_loader_would_refuse(char: str) -> None:
    """A journey built in Python skips the loader: its charts still draw, without the character."""
    stages = [Stage.model_construct(name=f"A{char}B", customers=100, emotion=None, goal=None, kpis=[],
                                    steps=[Step.model_construct(action="x", emotion=1, pain_points=["p"])]),
              Stage.model_construct(name="C", customers=40, emotion=-1, goal=None, kpis=[], steps=[])]
    journey = Journey.model_construct(title=f"T{char}", stages=stages, persona=[], tags=[])
    for kind in ("funnel", "emotion", "emotion-small"):
        svg = charts.draw(charts.ChartRequest(kind, journey, "jm-c", "en", labels_for("en")))
        assert svg is not None and svg.startswith("<svg") and char not in svg, kind


def test_charts_are_the_same_bytes_with_lxml_or_without(tmp_path: Path) -> None:
    """pygal switches XML engine when lxml is installed; a chart (and the chart cache) must not change."""
    both = build_and_validate(tmp_path / "s", _files(_journey()))
    journey = both.site.root / "journeys/hostile.yml"
    loaded, _ = load_file(journey.read_bytes(), "hostile.yml", "hostile", Journey)
    assert loaded is not None
    drawn = {}
    try:
        for engine in ("lxml", "etree"):
            getattr(pygal.etree.etree, "to_lxml" if engine == "lxml" else "to_etree")()
            drawn[engine] = [charts.draw(charts.ChartRequest(kind, loaded.model, "c", "en", labels_for("en")))
                             for kind in ("funnel", "emotion", "emotion-small")]
    finally:
        pygal.etree.etree.to_lxml()
    assert drawn["lxml"] == drawn["etree"] and all(drawn["lxml"])
    assert "xlink" not in drawn["lxml"][0]
