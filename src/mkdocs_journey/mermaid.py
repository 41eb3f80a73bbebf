"""Mermaid `journey` diagrams in and out: the only text journey format found in real repositories.

```
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Do work: 1: Me, Cat
```

Sections become stages, tasks become steps (`action`), a task's actors its `actors`; `title`,
`accTitle` and `accDescr` are kept (title, and summary). Mermaid's scores run 1–5 (5: happy): a
score becomes the emotion `score − 3` (0, seen in real diagrams, is −2). Diagrams drawn on another
scale (1…6, 1…9 are found in the wild) say so with `scale`, and are mapped linearly. Everything
here is a pure function of text; the command line (`cli.py`) reads and writes the files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml

from .formats import emotion_level
from .ids import slug_for
from .model import Journey
from .problems import Problem
from .yamlsource import YamlDocument

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*mermaid\b[^`]*$", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ENTITY = re.compile(r"#(\d{1,6});")
_STATEMENT = re.compile(r"(?:#\d{1,6};|[^;])+")
_KEYWORD = re.compile(r"^(?P<word>title|section)(?:\s+(?P<text>.*))?$", re.IGNORECASE)
_ACC = re.compile(r"^(?P<word>accTitle|accDescr)\s*(?::\s*(?P<text>.*)|(?P<open>\{)\s*(?P<rest>.*))$", re.IGNORECASE)


@dataclass
class Task:
    name: str
    score: str
    actors: list[str]
    line: int
    column: int


@dataclass
class Section:
    name: str
    line: int
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Diagram:
    """One `journey` diagram, as written: positions are lines of the file it is in."""

    display: str
    line: int
    title: str | None = None
    title_line: int = 0
    acc_title: str | None = None
    acc_descr: str | None = None
    sections: list[Section] = field(default_factory=list)


def _text(value: str) -> str:
    """Mermaid text as plain text: `<br>` is a space, `#58;` the character it codes."""
    value = _BR.sub(" ", value)
    value = _ENTITY.sub(lambda m: chr(int(m.group(1))) if int(m.group(1)) < 0x110000 else m.group(0), value)
    return " ".join(value.split())


def _front_matter(lines: list[str], start: int, diagram: Diagram, problems: list[Problem]) -> int:
    """Skip a `---` front matter block; its `title:` is the diagram's title. Returns the next line's index."""
    if start >= len(lines) or lines[start].strip() != "---":
        return start
    for end in range(start + 1, len(lines)):
        if lines[end].strip() == "---":
            try:
                data = yaml.safe_load("\n".join(lines[start + 1:end]))
            except yaml.YAMLError as exc:
                problems.append(Problem(diagram.display, diagram.line + start, 1,
                                        f"the diagram's front matter is not YAML: {exc}"))
                return end + 1
            if isinstance(data, dict) and isinstance(data.get("title"), str):
                diagram.title = _text(data["title"])
            return end + 1
    problems.append(Problem(diagram.display, diagram.line + start, 1, "the diagram's front matter has no closing '---'"))
    return len(lines)


def _statement(diagram: Diagram, text: str, line: int, column: int, problems: list[Problem]) -> None:
    keyword = _KEYWORD.match(text)
    if keyword and keyword.group("word").lower() == "title":
        diagram.title = _text(keyword.group("text") or "") or diagram.title
        diagram.title_line = line
        return
    if keyword:
        diagram.sections.append(Section(_text(keyword.group("text") or ""), line))
        return
    name, colon, data = text.partition(":")
    if not colon:
        problems.append(Problem(diagram.display, line, column, f"'{text}' is not a task, a section or a title",
                                "write a task as 'Task name: score: actors', e.g. 'Make tea: 5: Me'"))
        return
    score, _, actors = data.partition(":")
    if not diagram.sections:  # tasks before any section: Mermaid draws them in a section without a name
        diagram.sections.append(Section("", line))
    diagram.sections[-1].tasks.append(Task(_text(name), score.strip(), [_text(a) for a in actors.split(",") if a.strip()],
                                           line, column + len(name) + 1))


def _accessibility(diagram: Diagram, acc: re.Match[str]) -> list[str] | None:
    """`accTitle: …`, `accDescr: …`, or `accDescr {` opening a block (returned, to be filled to its `}`)."""
    if acc.group("word").lower() == "acctitle":
        diagram.acc_title = _text(acc.group("text") or acc.group("rest") or "")
        return None
    if acc.group("text") is not None:
        diagram.acc_descr = _text(acc.group("text"))
        return None
    rest = acc.group("rest") or ""
    if "}" in rest:
        diagram.acc_descr = _text(rest[:rest.index("}")])
        return None
    return [rest]


def parse(text: str, display: str, first_line: int = 1) -> tuple[Diagram | None, list[Problem]]:
    """One diagram's text (what is inside a ```mermaid block, or a .mmd file). None when it is no journey."""
    lines = text.splitlines()
    diagram = Diagram(display, first_line)
    problems: list[Problem] = []
    index = _front_matter(lines, 0, diagram, problems)
    while index < len(lines) and (not lines[index].strip() or lines[index].strip().startswith("%%")):
        index += 1
    if index >= len(lines) or lines[index].split(maxsplit=1)[0].lower() != "journey":
        return None, []
    diagram.line = first_line + index
    block: list[str] | None = None
    for number, raw in enumerate(lines[index + 1:], start=first_line + index + 1):
        stripped = raw.strip()
        if block is not None:  # inside accDescr { ... }
            end = stripped.find("}")
            block.append(stripped[:end] if end >= 0 else stripped)
            if end >= 0:
                diagram.acc_descr, block = _text(" ".join(block)), None
            continue
        if not stripped or stripped.startswith("%%"):
            continue
        column = len(raw) - len(raw.lstrip()) + 1
        acc = _ACC.match(stripped)
        if acc:
            block = _accessibility(diagram, acc)
            continue
        for part in _STATEMENT.findall(stripped):  # a statement ends at a newline or a ';' (not an entity's)
            if part.strip():
                _statement(diagram, part.strip(), number, column, problems)
    if block is not None:
        problems.append(Problem(display, diagram.line, 1, "accDescr { has no closing '}'"))
    return diagram, problems


def diagrams(text: str, display: str, *, markdown: bool) -> tuple[list[Diagram], list[Problem]]:
    """The journey diagrams of a .mmd file (`markdown=False`) or of the ```mermaid blocks of a Markdown file."""
    if not markdown:
        found, problems = parse(text, display)
        return ([found] if found else []), problems
    lines = text.splitlines()
    result: list[Diagram] = []
    problems = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        index += 1
        if not opening:
            continue
        fence, start = opening.group("fence"), index
        while index < len(lines) and not (lines[index].strip().startswith(fence) and set(lines[index].strip()) == {fence[0]}):
            index += 1
        found, more = parse("\n".join(lines[start:index]), display, start + 1)
        index += 1
        problems += more
        if found is not None:
            result.append(found)
    return result, problems


def emotion(score: str, *, scale: int | None) -> int | None:
    """Mermaid's score → an emotion −2…+2, or None when the score is not one of the scale's."""
    if not re.fullmatch(r"\d+", score):
        return None
    value = int(score)
    top = scale or 5
    if value == 0:
        return -2  # real diagrams use 0 for "very unhappy"
    if value > top:
        return None
    if scale is None:
        return value - 3
    return round(-2 + 4 * (value - 1) / (top - 1)) if top > 1 else 0


def _scale_hint(score: str, scale: int | None) -> str:
    if scale is None and score.isdigit() and int(score) > 5:
        top = max(int(score), 6)
        return f"Mermaid's scores run 1 to 5; if this diagram's run 1 to {top}, import it with --scale {top}"
    return f"use a whole number from 1 to {scale or 5}"


def to_journey(diagram: Diagram, *, scale: int | None = None) -> tuple[dict[str, object] | None, list[Problem]]:
    """The journey file's values for a diagram, or its problems (file:line:col) when a score cannot be mapped."""
    problems: list[Problem] = []
    stages: list[dict[str, object]] = []
    for section in diagram.sections:
        steps: list[dict[str, object]] = []
        for task in section.tasks:
            feeling = emotion(task.score, scale=scale)
            if feeling is None:
                problems.append(Problem(diagram.display, task.line, task.column,
                                        f"task '{task.name}': the score '{task.score}' is not on the scale 1 to {scale or 5}",
                                        _scale_hint(task.score, scale)))
                continue
            step: dict[str, object] = {"action": task.name or "(no name)", "emotion": feeling}
            if task.actors:
                step["actors"] = task.actors
            steps.append(step)
        stages.append({"name": section.name or "Steps", "steps": steps})
    if not stages:
        problems.append(Problem(diagram.display, diagram.line, 1, "the journey diagram has no sections and no tasks",
                                "add 'section <name>' and tasks 'Task: 5: Me'"))
    if problems:
        return None, problems
    data: dict[str, object] = {"title": diagram.title or diagram.acc_title or "Untitled journey"}
    summary = [text for text in (diagram.acc_title if diagram.acc_title != data["title"] else None, diagram.acc_descr) if text]
    if summary:
        data["summary"] = "\n\n".join(summary)
    data["stages"] = stages
    return data, []


def _positions(diagram: Diagram) -> dict[tuple[str | int, ...], tuple[int, int]]:
    """Where each value of `to_journey`'s result is written in the diagram: messages name the .mmd's lines."""
    at: dict[tuple[str | int, ...], tuple[int, int]] = {(): (diagram.line, 1), ("stages",): (diagram.line, 1)}
    if diagram.title_line:
        at[("title",)] = (diagram.title_line, 1)
    for i, section in enumerate(diagram.sections):
        at[("stages", i)] = at[("stages", i, "name")] = (section.line, 1)
        for j, task in enumerate(section.tasks):
            where = ("stages", i, "steps", j)
            at[where] = at[(*where, "action")] = (task.line, task.column - len(task.name) - 1)
            at[(*where, "emotion")] = at[(*where, "actors")] = (task.line, task.column)
    return at


def read_document(raw: bytes, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    """A .mmd file of the journeys folder as a parsed journey file: its values, and their lines in the diagram."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(display, 1, 1, f"the file is not UTF-8 text (byte {exc.start})", "save it as UTF-8")]
    found, problems = diagrams(text, display, markdown=False)
    if not found:
        return None, problems or [Problem(display, 1, 1, "this .mmd file is not a Mermaid journey diagram",
                                          "a journey diagram starts with 'journey'; "
                                          "move other diagrams out of the journeys folder")]
    data, more = to_journey(found[0])
    if data is None or problems:
        return None, sorted(problems + more)
    return YamlDocument(data, _positions(found[0]), {}), []


def file_ids(stem: str, found: Sequence[Diagram]) -> list[str]:
    """One id per diagram: the file's for one, with the title's slug (or a number) for several."""
    base = slug_for(stem) or "journey"
    if len(found) == 1:
        return [base]
    ids: list[str] = []
    for number, diagram in enumerate(found, start=1):
        candidate = f"{base}-{slug_for(diagram.title)}" if diagram.title and slug_for(diagram.title) else f"{base}-{number}"
        ids.append(candidate if candidate not in ids else f"{candidate}-{number}")
    return ids


def to_yaml(data: dict[str, object], origin: str) -> str:
    """The journey file's text, saying where it came from."""
    head = f"# Imported from {origin} by `mkdocs-journey import mermaid`.\n"
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def _out(text: str) -> str:
    """Text as Mermaid writes it: no ':' , ';', '#' (they end a task's parts), no newlines."""
    return re.sub(r"[#:;]", lambda m: f"#{ord(m.group(0))};", " ".join(text.split()))


def from_journey(journey: Journey) -> str:
    """The journey as a Mermaid `journey` diagram: emotion + 3 as the score (3 when a step has none)."""
    lines = ["journey", f"    title {_out(journey.title)}"]
    if journey.summary:
        lines.append(f"    accDescr: {_out(journey.summary)}")
    for stage in journey.stages:
        lines.append(f"    section {_out(stage.name)}")
        for step in stage.steps:
            level = emotion_level(step.mean_emotion)  # one value per persona: their mean
            score = 3 if level is None else level + 3
            actors = ", ".join(_out(actor).replace(",", "#44;") for actor in step.actors)
            lines.append(f"      {_out(step.action)}: {score}" + (f": {actors}" if actors else ""))
    return "\n".join(lines) + "\n"
