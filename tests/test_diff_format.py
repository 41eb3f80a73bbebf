"""`journeydiff_format`: the diff as a terminal, a pull request and a tool read it; user text escaped in each."""

from __future__ import annotations

import copy
import json
from html.parser import HTMLParser
from pathlib import Path

import markdown

from mkdocs_journey.journeydiff import CatalogDiff, Change, ItemDiff, JourneyDiff, StageDiff, StepDiff, diff_catalogs
from mkdocs_journey.journeydiff_format import summary, write
from test_diff import PC, catalog, demo

from hostile import PAYLOADS


def realistic(f):
    journey = f[PC]
    journey["stages"][2]["customers"] = 3100
    journey["stages"][1]["steps"][1]["emotion"] = 0
    pains = journey["stages"][2]["steps"][2]["pain_points"]
    pains.remove("El coste de envío solo aparece en el último paso")
    pains.append("No hay a quién preguntar el coste de envío")
    journey["stages"][2]["steps"][2]["opportunities"].append("Mostrar el coste de envío en la ficha de producto")
    journey["stages"][2]["kpis"][0]["value"] = 5.2
    journey["stages"].insert(4, {"name": "Onboarding", "customers": 1500, "steps": [{"action": "Crea su cuenta", "emotion": 1}]})
    f["journeys/personas/lucia.yml"]["goals"].append("Comprar ropa que dure")


def diff_of(tmp_path, edit):
    base_files = demo()
    head_files = copy.deepcopy(base_files)
    edit(head_files)
    return diff_catalogs(catalog(tmp_path / "base", base_files), catalog(tmp_path / "head", head_files))


def test_markdown_for_a_pull_request(tmp_path):
    out = write(diff_of(tmp_path, realistic), "markdown")
    assert out.startswith("**Journeys**: 1 journey changed, 1 persona changed\n")
    assert "### Primera compra online (`primera-compra`): changed" in out
    assert "| Decisión | customers | 4,200 | 3,100 |" in out
    assert "| Decisión | drop-off | 76.7 % | 82.8 % |" in out
    assert "| Onboarding | stage added | – | emotion: +1, customers: 1,500, drop-off: 21.1 % |" in out
    assert "| Consideración | Consulta la guía de tallas y lee las reseñas del vestido | emotion | -1 | 0 |" in out
    assert ("| Decisión | Añade el vestido al carrito y vuelve a dudar con la talla | pain point removed "
            "| El coste de envío solo aparece en el último paso | – |") in out
    assert "| pain point added | – | No hay a quién preguntar el coste de envío |" in out
    assert "| Decisión | Tasa de suscripción | 3.5 % → 5.2 % | 5 % | no → yes |" in out
    assert "| Lucía Fernández (lucia) | goals | – | + Comprar ropa que dure |" in out
    assert "<details>" not in out  # every table is short


def test_the_example_in_the_docs_is_what_it_prints(tmp_path):
    page = (Path(__file__).parent.parent / "docs" / "reviewing.md").read_text(encoding="utf-8")
    example = page.split("```markdown\n", 1)[1].split("```\n", 1)[0]
    assert example == write(diff_of(tmp_path, realistic), "markdown")


def test_text_for_a_terminal(tmp_path):
    out = write(diff_of(tmp_path, realistic), "text")
    lines = out.splitlines()
    assert lines[0] == "1 journey changed, 1 persona changed"
    assert "Primera compra online (primera-compra): changed" in lines
    assert "    Decisión · customers: 4,200 → 3,100" in lines
    assert "    Onboarding · stage added: – → emotion: +1, customers: 1,500, drop-off: 21.1 %" in lines
    assert "    Decisión · Tasa de suscripción · value 3.5 % → 5.2 % · target 5 % · meets target no → yes" in lines


def test_json_for_tools(tmp_path):
    diff = diff_of(tmp_path, realistic)
    data = json.loads(write(diff, "json"))
    assert data["summary"] == summary(diff)
    [journey] = data["journeys"]
    decision = next(s for s in journey["stages"] if s["name"] == "Decisión")
    assert {"field": "customers", "before": 4200, "after": 3100} in decision["changes"]
    assert decision["kpis"][0]["met"] == {"field": "met", "before": False, "after": True}


def test_long_tables_are_folded(tmp_path):
    def edit(f):
        for stage in f[PC]["stages"]:
            for step in stage["steps"]:
                step["emotion"] = -2
    out = write(diff_of(tmp_path, edit), "markdown")
    assert "<details>\n<summary><b>Steps</b> (18 changes)</summary>\n\n| Stage | Step | What | Before | After |" in out
    assert out.count("<details>") == 1  # the stages' six means are shown open
    assert "**Stages**\n\n| Stage | What | Before | After |" in out


def test_nothing_changed(tmp_path):
    diff = diff_of(tmp_path, lambda f: None)
    assert write(diff, "text") == "No journey or persona changed\n"
    assert write(diff, "markdown") == "**Journeys**: No journey or persona changed\n"


HOSTILE = [*PAYLOADS, "a | b || c", "line one\nline two\n\n| x | y |\n|---|---|", "`code` ``` fence", "@octocat and #1 $x^2$",
           "**bold** _it_ ~~del~~ \\| &amp; &", "</td></tr></table><script>alert('jmxss')</script>"]


def hostile(f):
    journey = f[PC]
    for n, payload in enumerate(HOSTILE):
        stage = journey["stages"][n % len(journey["stages"])]
        stage["steps"][0]["pain_points"].append(payload)
        stage["steps"][0]["opportunities"].append(f"{n} {payload}")
    journey["stages"][0]["steps"][1]["action"] = HOSTILE[0] + " Toca el anuncio y revisa el perfil de la marca"
    journey["stages"][1]["steps"].append({"action": HOSTILE[-1], "thought": HOSTILE[2]})
    journey["stages"].append({"name": "<b>x</b> | y", "steps": [{"action": "`a` | <i>b</i>"}],
                              "kpis": [{"name": "|<script>", "value": 1, "target": 2, "unit": "<u>|"}]})
    journey["title"] = "Primera | <script>alert('jmxss')</script> `compra`"
    f["journeys/personas/lucia.yml"]["goals"].append(HOSTILE[1])


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes += attrs


def test_hostile_text_cannot_break_or_inject_markdown(tmp_path):
    out = write(diff_of(tmp_path, hostile), "markdown")
    blocks = [block.splitlines() for block in out.split("\n\n") if block.startswith("|")]
    assert sum(len(b) - 2 for b in blocks) > len(HOSTILE)
    for block in blocks:
        assert all(row.count("|") == block[0].count("|") for row in block), block  # no cell ends early
    assert "jmxss" in out and "<script" not in out and "`compra`" not in out and "@octocat" not in out
    html = markdown.markdown(out, extensions=["tables", "md_in_html"])
    parser = _Tags()
    parser.feed(html)
    assert parser.tags <= {"p", "strong", "h3", "code", "table", "thead", "tbody", "tr", "th", "td", "details", "summary", "b", "ul", "li"}
    assert parser.attributes == []  # no href, no onerror, no style
    assert "<script" not in html and "<img" not in html


def test_hostile_text_in_a_terminal_and_in_json(tmp_path):
    diff = diff_of(tmp_path, hostile)
    text = write(diff, "text")
    assert "line one line two | x | y | |---|---|" in text  # a newline in a pain point does not start a line
    assert "\u202e" not in text and "\\u202e" in text  # nor may a bidi override reorder the terminal's line
    data = json.loads(write(diff, "json"))
    texts = [i["text"] for s in data["journeys"][0]["stages"] for st in s["steps"] for i in st["items"]]
    assert set(HOSTILE) <= set(texts)  # JSON keeps the text exactly


def test_attribute_changes_of_items_and_per_persona_emotions_are_worded():
    """What issue 12's format adds (`{text, status}` items, emotions per persona) needs no code of its own here."""
    item = ItemDiff("opportunities", "changed", "Cita online", [Change("status", "planned", "done")])
    step = StepDiff("changed", "Pide cita", changes=[Change("emotion", {"lucia": -2, "marc": 0}, {"lucia": 0, "marc": 1})],
                    items=[item])
    diff = CatalogDiff([JourneyDiff("cita", "changed", "Cita", stages=[StageDiff("changed", "Cita", steps=[step])])])
    out = write(diff, "markdown")
    assert "| Cita | Pide cita | emotion | lucia: -2, marc: 0 | lucia: 0, marc: +1 |" in out
    assert "| Cita | Pide cita | opportunity “Cita online”: status | planned | done |" in out


def test_a_huge_report_fits_in_one_comment():
    def journey(n: int) -> JourneyDiff:
        steps = [StepDiff("changed", f"Step {k} " + "x" * 80, changes=[Change("emotion", -1, 1)]) for k in range(50)]
        return JourneyDiff(f"j{n}", "changed", f"Journey {n}", stages=[StageDiff("changed", "Stage", steps=steps)])

    few = write(CatalogDiff([journey(n) for n in range(3)]), "markdown")
    assert "more rows" not in few and few.count("| emotion | -1 | +1 |") == 150
    many = write(CatalogDiff([journey(n) for n in range(40)]), "markdown")
    assert len(many) <= 60_000
    assert many.startswith("**Journeys**: 40 journeys changed\n")
    assert "*… and 40 more rows: run `mkdocs-journey diff` to see them all*" in many
    assert all(f"### Journey {n} (`j{n}`): changed" in many for n in range(40))
    thousands = write(CatalogDiff([journey(n) for n in range(1000)]), "markdown")
    assert len(thousands) <= 60_000 and "*… and 900 more journeys: run `mkdocs-journey diff` to see them all*" in thousands
