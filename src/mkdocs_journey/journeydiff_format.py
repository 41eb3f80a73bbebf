"""A `CatalogDiff` written out: `text` for a terminal, `markdown` for a pull-request comment, `json` for tools.

What each change says is decided once (`tables`: rows of plain, unescaped text, per-field wording in
`describe`/`value_text`); the three writers only lay the rows out and escape user text for their
format. A field the model gains shows up with its name and its values, with no code here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from .journeydiff import CatalogDiff, Change, JourneyDiff, PersonaDiff, StageDiff
from .problems import one_line

FORMATS = ("text", "markdown", "json")
FOLD = 10
"""Rows of a Markdown table shown before it is folded in `<details>`."""
MAX_CELL = 300
"""Characters of one value: a 10,000-character summary is cut in the middle, not pasted whole."""
NONE = "–"

LABELS = {"drop_off": "drop-off", "pain_points": "pain point", "opportunities": "opportunity",
          "biggest_drop": "biggest drop-off", "compare_to": "compared to", "stages": "stage order"}


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " "))


def number(value: float | int) -> str:
    """`4,200`, `2.5`, `3`: thousands grouped, at most one decimal, no trailing `.0`."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def value_text(name: str, value: Any) -> str:
    """One value as people read it; the field decides the unit (emotions signed, drop-off in %)."""
    if value is None or value == [] or value == {}:
        return NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        if name == "emotion":
            return ("+" if value > 0 else "") + number(value)
        return number(value) + (" %" if name == "drop_off" else "")
    if isinstance(value, dict):
        if name == "biggest_drop":
            return f"{value.get('stage')} ({value_text('drop_off', value.get('drop_off'))})"
        inner = name if name in ("emotion",) else ""
        return ", ".join(f"{k}: {value_text(inner, v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(value_text(name, v) for v in value)
    return str(value)


def describe(change: Change) -> tuple[str, str]:
    """(before, after) of a change; for lists that keep something, what went and what came (20 tags, one added)."""
    old, new = change.before, change.after
    if isinstance(old, list) and isinstance(new, list) and change.field != "stages" and any(v in new for v in old):
        gone = [v for v in old if v not in new]
        came = [v for v in new if v not in old]
        if gone or came:
            return ("− " + value_text(change.field, gone) if gone else NONE,
                    "+ " + value_text(change.field, came) if came else NONE)
    return value_text(change.field, old), value_text(change.field, new)


@dataclass(frozen=True)
class Table:
    """Rows of plain text; `pair`: the last two columns are before and after."""

    title: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    pair: bool = True


def _change_rows(lead: tuple[str, ...], changes: Sequence[Change]) -> list[tuple[str, ...]]:
    return [(*lead, label(c.field), *describe(c)) for c in changes]


def _facts(changes: Sequence[Change], after: bool) -> str:
    """What an added (or removed) stage or step holds, in one cell: `emotion: +1, customers: 1,500`."""
    found = [(c.field, c.after if after else c.before) for c in changes]
    return ", ".join(f"{label(name)}: {value_text(name, value)}" for name, value in found if value is not None) or NONE


def _stage_rows(stage: StageDiff) -> list[tuple[str, ...]]:
    if stage.status == "added":
        return [(stage.name, "stage added", NONE, _facts(stage.changes, True))]
    if stage.status == "removed":
        return [(stage.name, "stage removed", _facts(stage.changes, False), NONE)]
    rows: list[tuple[str, ...]] = []
    if stage.status == "renamed":
        rows.append((stage.name, "name", stage.before_name or NONE, stage.name))
    return rows + _change_rows((stage.name,), stage.changes)


def _step_rows(stage: StageDiff) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for step in stage.steps:
        if step.status == "added":
            rows.append((stage.name, step.action, "step added", NONE, _facts(step.changes, True)))
        elif step.status == "removed":
            rows.append((stage.name, step.action, "step removed", "", ""))
        else:
            if step.before_action is not None:
                rows.append((stage.name, step.action, "action", step.before_action, step.action))
            rows += _change_rows((stage.name, step.action), step.changes)
    return rows


def _item_rows(journey: JourneyDiff) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for stage, step, item in journey.items():
        kind = label(item.kind)
        if item.status == "added":
            rows.append((stage.name, step.action, f"{kind} added", NONE, item.text))
        elif item.status == "removed":
            rows.append((stage.name, step.action, f"{kind} removed", item.text, NONE))
        if item.status != "removed":
            rows += [(stage.name, step.action, f"{kind} “{item.text}”: {label(c.field)}", *describe(c))
                     for c in item.changes if item.status == "changed" or c.after is not None]
    return rows


def _kpi_rows(journey: JourneyDiff) -> list[tuple[str, ...]]:
    def pair(change: Change, unit: str = "") -> str:
        old, new = value_text(change.field, change.before), value_text(change.field, change.after)
        old, new = (f"{v} {unit}" if unit and v != NONE else v for v in (old, new))
        return old if change.before == change.after else f"{old} → {new}"

    rows: list[tuple[str, ...]] = []
    for stage in journey.stages:
        for kpi in stage.kpis:
            name = kpi.name if kpi.status == "changed" else f"{kpi.name} ({kpi.status})"
            others = "; ".join(f"{label(c.field)}: {' → '.join(describe(c))}" for c in kpi.changes)
            rows.append((stage.name, name + (f" [{others}]" if others else ""), pair(kpi.value, kpi.unit or ""),
                         pair(kpi.target, kpi.unit or ""), pair(kpi.met)))
    return rows


def tables(journey: JourneyDiff) -> list[Table]:
    """Everything said about one journey, as tables of plain text; empty tables are left out."""
    top: list[tuple[str, ...]] = []
    if journey.before_id is not None:
        top.append(("id", journey.before_id, journey.id))
    top += _change_rows((), journey.changes)
    top += _change_rows((), [c for c in (journey.order, journey.biggest_drop) if c is not None])
    found = [
        Table("Journey", ("What", "Before", "After"), top),
        Table("Stages", ("Stage", "What", "Before", "After"), [r for s in journey.stages for r in _stage_rows(s)]),
        Table("Steps", ("Stage", "Step", "What", "Before", "After"), [r for s in journey.stages for r in _step_rows(s)]),
        Table("Pain points and opportunities", ("Stage", "Step", "What", "Before", "After"), _item_rows(journey)),
        Table("KPIs", ("Stage", "KPI", "Value", "Target", "Meets target"), _kpi_rows(journey), pair=False),
    ]
    return [t for t in found if t.rows]


def persona_table(personas: Sequence[PersonaDiff]) -> Table:
    rows: list[tuple[str, ...]] = []
    for persona in personas:
        who = f"{persona.name} ({persona.id})"
        if persona.status != "changed":
            rows.append((who, f"persona {persona.status}", "", ""))
        else:
            rows += _change_rows((who,), persona.changes)
    return Table("Personas", ("Persona", "What", "Before", "After"), rows)


def _count(number: int, noun: str, plural: str = "") -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def summary(diff: CatalogDiff) -> str:
    """One line: what changed, counted; what could not be compared."""
    parts = []
    for status in ("changed", "added", "removed", "renamed"):
        n = sum(1 for j in diff.journeys if j.status == status)
        if n:
            parts.append(f"{_count(n, 'journey')} {status}")
    for status in ("changed", "added", "removed"):
        n = sum(1 for p in diff.personas if p.status == status)
        if n:
            parts.append(f"{_count(n, 'persona')} {status}")
    said = ", ".join(parts) if parts else "no journey or persona changed"
    if diff.not_compared:
        said += f"; {_count(len(diff.not_compared), 'file')} not compared (errors)"
    return said[0].upper() + said[1:]


def _heading(journey: JourneyDiff) -> str:
    return f"{journey.title} ({journey.id}): {journey.status}"


def _problems(diff: CatalogDiff) -> list[tuple[str, str, str]]:
    """(what, side, `file:line:col: message`): files not compared, then errors of files compared anyway.

    An unknown persona is an error of the file that names it, and its journey is still compared:
    said all the same, since `--strict` fails on it.
    """
    found: list[tuple[str, str, str]] = []
    skipped = set()
    for n in diff.not_compared:
        skipped.add((n.side, n.file))
        found += [("not compared", n.side, p.format("error")) for p in n.problems] or \
            [("not compared", n.side, f"{n.file}: could not be read")]
    for side, problems in sorted(diff.errors.items()):
        found += [("error", side, p.format("error")) for p in problems if (side, p.file) not in skipped]
    return found


# Text ---------------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """Control characters (ESC, newlines) shown escaped: user text cannot forge lines or colour a terminal."""
    return one_line(" ".join(text.split()) if "\n" in text else text, MAX_CELL)


def to_text(diff: CatalogDiff) -> str:
    lines = [summary(diff)]
    for what, side, problem in _problems(diff):
        lines.append(f"{what} ({side}): {_plain(problem)}")
    for journey in diff.journeys:
        lines += ["", _plain(_heading(journey))]
        for table in tables(journey):
            lines.append(f"  {table.title}:")
            lines += [f"    {_text_row(table, row)}" for row in table.rows]
    personas = persona_table(diff.personas)
    if personas.rows:
        lines += ["", "Personas:"] + [f"  {_text_row(personas, row)}" for row in personas.rows]
    return "\n".join(lines) + "\n"


def _text_row(table: Table, row: tuple[str, ...]) -> str:
    cells = [_plain(c) for c in row]
    if not table.pair:
        named = zip(table.columns, cells, strict=True)
        return " · ".join(f"{name.lower()} {c}" if i > 1 else c for i, (name, c) in enumerate(named))
    lead = " · ".join(c for c in cells[:-2] if c)
    before, after = cells[-2:]
    return f"{lead}: {before} → {after}" if before or after else lead


# Markdown -----------------------------------------------------------------------------------------

_MD_ESCAPES = {c: f"&#{ord(c)};" for c in "&<>|`\\*_[]@~#!$"}
"""Characters that make Markdown or HTML (and `@` a mention, `#1` a link, `$` maths): shown, never interpreted."""


def md(text: str) -> str:
    """User text as Markdown table-cell text: nothing in it can end the cell, open a tag or format anything."""
    flat = one_line(" ".join(text.split()), MAX_CELL)
    return "".join(_MD_ESCAPES.get(c, c) for c in flat)


MAX_COMMENT = 60_000
"""Characters of a Markdown report: GitHub refuses a comment over 65,536, so long tables are cut to fit."""
CAPS = (None, 100, 30, 10, 3, 0)
"""Rows kept per table and list, tried in turn until the report fits in MAX_COMMENT."""


def _capped(lines: list[str], cap: int | None, noun: str) -> list[str]:
    if cap is None or len(lines) <= cap:
        return lines
    return [*lines[:cap], f"*… and {len(lines) - cap} more {noun}: run `mkdocs-journey diff` to see them all*"]


@dataclass(frozen=True)
class _MdTable:
    """A table with its cells escaped once, however many times the report is cut to fit."""

    table: Table
    rows: list[str]


def _md_tables(found: Sequence[Table]) -> list[_MdTable]:
    return [_MdTable(t, ["| " + " | ".join(md(c) for c in row) + " |" for row in t.rows]) for t in found]


def _md_table(prepared: _MdTable, cap: int | None, heading: bool = True) -> list[str]:
    table, rows = prepared.table, prepared.rows
    shown = rows if cap is None or len(rows) <= cap else rows[:cap]
    lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns), *shown] if shown else []
    if len(shown) < len(rows):
        lines += ["", _capped(rows, cap, "rows")[-1]]
    if len(rows) <= FOLD:
        return [f"**{table.title}**", "", *lines, ""] if heading else [*lines, ""]
    title = f"<b>{table.title}</b>" if heading else "Changes"
    return ["<details>", f"<summary>{title} ({len(rows)} changes)</summary>", "", *lines, "", "</details>", ""]


_Prepared = tuple[str, list[tuple[str, list[str]]], list[tuple[str, list[_MdTable]]], _MdTable]


def to_markdown(diff: CatalogDiff) -> str:
    """The report as a pull-request comment; tables cut short (and saying so) if it would be too long for one."""
    problems = [(title, [f"- {side}: {md(problem)}" for w, side, problem in _problems(diff) if w == what])
                for what, title in (("not compared", "**Not compared** (fix these files and run it again):"),
                                    ("error", "**Errors** (in files compared all the same):"))]
    journeys = [(f"### {md(j.title)} (`{j.id}`): {j.status}", _md_tables(tables(j))) for j in diff.journeys]
    [personas] = _md_tables([persona_table(diff.personas)])
    prepared = (f"**Journeys**: {md(summary(diff))}", problems, journeys, personas)
    for cap in CAPS:
        text = _markdown(prepared, cap)
        if len(text) <= MAX_COMMENT:
            break
    return text


def _markdown(prepared: _Prepared, cap: int | None) -> str:
    first, problems, journeys, personas = prepared
    lines = [first, ""]
    for title, found in problems:
        if found:
            lines += [title, "", *_capped(found, cap, "problems"), ""]
    body: list[str] = []
    for heading, found_tables in journeys:
        body += [heading, "", *(line for t in found_tables for line in _md_table(t, cap))]
    if personas.rows:
        body += ["### Personas", "", *_md_table(personas, cap, heading=False)]
    if cap == 0 and len("\n".join(body)) > MAX_COMMENT // 2:  # thousands of journeys: their names only
        body = [*_capped([heading for heading, _ in journeys], 100, "journeys"), ""]
    return "\n".join(lines + body).rstrip("\n") + "\n"


# JSON ---------------------------------------------------------------------------------------------


def to_json(diff: CatalogDiff) -> str:
    data = asdict(diff)
    data["summary"] = summary(diff)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


WRITERS: dict[str, Callable[[CatalogDiff], str]] = {"text": to_text, "markdown": to_markdown, "json": to_json}


def write(diff: CatalogDiff, fmt: str) -> str:
    return WRITERS[fmt](diff)
