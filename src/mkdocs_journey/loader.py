"""Files → validated models, with every pydantic error turned into a `file:line:col` problem."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .ids import slug_for
from .mermaid import read_document as read_mermaid
from .model import SLUG_PATTERN, UNION_TAGS, Journey, Kpi, Opportunity, PainPoint, Persona, Stage, Step
from .problems import Problem
from .yamlsource import MAX_NUMBER_CHARS, Path, YamlDocument, is_long_number, read_yaml

ModelT = TypeVar("ModelT", Journey, Persona)

SLUG = re.compile(SLUG_PATTERN)

# Which model a mapping at a path belongs to, by the last key on the path.
_CONTAINERS: dict[str, type[BaseModel]] = {"stages": Stage, "steps": Step, "kpis": Kpi, "pain_points": PainPoint,
                                           "opportunities": Opportunity}

# What a field expects, in words a non-programmer reads.
_EXPECTED: dict[str, str] = {
    "emotion": "an integer from -2 to 2",
    "customers": "a whole number, 0 or more",
    "value": "a number",
    "target": "a number",
    "state": "'current' or 'future'",
    "persona": "a persona id or a list of persona ids",
    "compare_to": "the id of another journey",
    "id": "a slug: lower-case letters, digits, '-' and '_', starting with a letter or digit",
    "stages": "a list of stages",
    "steps": "a list of steps",
    "kpis": "a list of KPIs",
    "personas": "a persona id or a list of persona ids",
    "moment_of_truth": "true, or a text saying why the moment matters",
}
_LIST_FIELDS = {"tags", "pain_points", "opportunities", "backstage", "goals", "needs", "frustrations", "behaviors",
                "channels", "actors"}
_DETAILED_ITEMS = {"pain_points": "severity: high", "opportunities": "priority: high"}
"""List fields whose items may also be mappings: the example key the hint shows."""
_ITEM_WORDS = {"stages": "stage", "steps": "step", "kpis": "KPI"}
_DETAIL_WORDS = {"pain_points": "pain point", "opportunities": "opportunity"}
_CHOICES: dict[str, tuple[str, ...]] = {"severity": ("low", "medium", "high"), "priority": ("low", "medium", "high"),
                                        "status": ("idea", "planned", "in-progress", "done"),
                                        "better": ("higher", "lower")}
_YAML11_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


@dataclass(frozen=True)
class Loaded:
    """A validated file: the model, its id, where it came from, and where its values sit."""

    id: str
    model: Journey | Persona
    display: str
    document: YamlDocument


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    return str(getattr(value, "source", value))


def _describe(path: Path) -> str:
    """`('stages', 1, 'steps', 0, 'emotion')` → `stage 2, step 1`: where in the journey, in words."""
    parts = []
    for index, part in enumerate(path):
        if isinstance(part, int) and index and path[index - 1] in _ITEM_WORDS:
            parts.append(f"{_ITEM_WORDS[str(path[index - 1])]} {part + 1}")
        elif isinstance(part, int) and index and path[index - 1] in _DETAIL_WORDS and index < len(path) - 1:
            parts.append(f"{_DETAIL_WORDS[str(path[index - 1])]} {part + 1}")  # a key inside a detailed item
    return ", ".join(parts)


def _model_for(root: type[BaseModel], path: Path) -> type[BaseModel]:
    for part in reversed(path):
        if isinstance(part, str):
            return _CONTAINERS.get(part, root)
    return root


def _key_problem(kind: str, loc: Path, prefix: str, root: type[BaseModel], doc: YamlDocument,
                 display: str) -> Problem | None:
    """An unknown or a missing key: named, with the allowed keys or the missing one's description."""
    key = str(loc[-1])
    model = _model_for(root, loc[:-1])
    if kind == "extra_forbidden":
        allowed = sorted(model.model_fields)
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(allowed)
        return Problem(display, *doc.position(loc, key=True), f"{prefix}unknown key '{key}'", hint)
    if kind == "missing":
        info = model.model_fields.get(key)
        hint = info.description or "" if info else ""
        examples = info.examples if info else None
        if examples:
            hint = f"{hint} For example: {key}: {examples[0]}".strip()
        return Problem(display, *doc.position(loc[:-1]), f"{prefix}missing required key '{key}'", hint)
    return None


def _expected(kind: str, name: str, is_item: bool, error: Mapping[str, Any]) -> tuple[str, str]:
    """What the value should have been, in words, and the name to say it of."""
    if is_item and name in _ITEM_WORDS:
        return f"a mapping of keys (a {_ITEM_WORDS[name]})", _ITEM_WORDS[name]
    blank = kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == r"\S"
    if is_item and name in _DETAILED_ITEMS:
        return ("some text, not empty" if blank else "text or a mapping with 'text'"), f"each item of {name}"
    if is_item and name in _LIST_FIELDS:
        return "text", f"each item of {name}"
    if name in _LIST_FIELDS:
        return "a list of texts", name
    if kind == "too_short" and name == "stages":
        return "a list of at least one stage", name
    if kind == "literal_error" and name in _CHOICES:
        return "one of " + ", ".join(_CHOICES[name]), name
    if kind == "web_link":
        return "an http:// or https:// address", name
    if name in _EXPECTED:
        return _EXPECTED[name], name
    if blank:
        return "some text, not empty", name
    if kind in ("string_type", "string_too_short"):
        return "text", name
    expected = error["msg"][0].lower() + error["msg"][1:]
    return expected.removeprefix("input should be "), name


def _customers_hint(got: object) -> str:
    """`customers` counts people: a thousands separator, an exponent or decimals are said so."""
    if (separated := _thousands(got)) is not None:
        return f"customers counts people: write {separated}, without a thousands separator"
    if isinstance(got, float) and got.is_integer():
        return f"customers counts people: write it as a whole number, {int(got)}"
    if isinstance(got, float) and math.isfinite(got):
        return "customers counts people: write a whole number, without a decimal point"
    return ""


def _hint(kind: str, name: str, expected: str, got: object) -> str:
    if isinstance(got, str) and got.lower() in _YAML11_WORDS and kind in ("int_type", "float_type"):
        return f"'{got}' is text in YAML 1.2, not a boolean or number; write a number"
    if name == "emotion" and isinstance(got, float):
        return "use whole numbers: -2, -1, 0, 1 or 2"
    if name in _LIST_FIELDS and isinstance(got, str):
        return f"write a list: {name}: [{got}]"
    if name.startswith("each item of ") and expected == "some text, not empty":
        return "write what it says, or remove the empty item"
    if name.startswith("each item of ") and name[len("each item of "):] in _DETAILED_ITEMS:
        return f"write a text, or a mapping such as {{text: ..., {_DETAILED_ITEMS[name[len('each item of '):]]}}}"
    if kind == "literal_error" and name in _CHOICES:
        close = difflib.get_close_matches(str(got).lower(), _CHOICES[name], n=1, cutoff=0.4)
        return f"did you mean '{close[0]}'?" if close else ""
    if kind == "web_link":
        return "only web links are shown: write the full address, e.g. https://tracker.example/123"
    if name == "moment_of_truth":
        return "write moment_of_truth: true, or a sentence saying why this moment matters"
    if kind == "string_pattern_mismatch" and expected != "some text, not empty":
        return f"for example '{_slug_example(str(got))}'"
    if name == "customers" and (hint := _customers_hint(got)):
        return hint
    if isinstance(got, float) and got != got or got in (float("inf"), float("-inf")):
        return "write a finite number"
    return ""


_UNION_FIELDS = {"emotion", "moment_of_truth"}
_UNION_ITEMS = {"pain_points", "opportunities"}


def _without_tags(loc: Path) -> Path:
    """pydantic's location without the shape it tried (`model.UNION_TAGS`): not the author's words.

    A tag is dropped only where one stands, right after a two-shaped field or item, since a YAML key
    may be spelled like a tag (`<text>: x` is an unknown key, and is named).
    """
    kept: list[str | int] = []
    for index, part in enumerate(loc):
        before = loc[index - 1] if index else None
        if part in UNION_TAGS and (before in _UNION_FIELDS
                                   or isinstance(before, int) and index >= 2 and loc[index - 2] in _UNION_ITEMS):
            continue
        kept.append(part)
    return tuple(kept)


def _persona_emotion_problem(error: Mapping[str, Any], loc: Path, prefix: str, doc: YamlDocument,
                             display: str) -> Problem | None:
    """A mistake inside `emotion: {rosa: -2, lucas: -1}`: said of the persona's value, or of its key."""
    if "[key]" in loc and len(loc) >= 3 and loc[-3] == "emotion":
        key = str(loc[-2])
        return Problem(display, *doc.position(loc[:-1], key=True),
                       f"{prefix}emotion: '{key}' is not a persona id", f"write the persona's id, e.g. '{_slug_example(key)}'")
    if not loc or loc[-1] != "emotion" and (len(loc) < 2 or loc[-2] != "emotion"):
        return None
    if loc[-1] == "emotion":
        if error["type"] != "too_short":
            return None
        return Problem(display, *doc.position(loc), f"{prefix}emotion must be an integer from -2 to 2 or a mapping of "
                       "persona ids to such integers, got an empty mapping", "write emotion: {rosa: -2, lucas: -1}")
    got = error.get("input")
    hint = "use whole numbers: -2, -1, 0, 1 or 2" if isinstance(got, float) else ""
    return Problem(display, *doc.position(loc), f"{prefix}emotion of '{loc[-1]}' must be an integer from -2 to 2, "
                   f"got {_shown(got)}", hint)


def _problem(error: Mapping[str, Any], root: type[BaseModel], doc: YamlDocument, display: str) -> Problem:
    loc = _without_tags(tuple(error["loc"]))
    kind = error["type"]
    where = _describe(loc)
    prefix = f"{where}: " if where else ""
    if problem := _persona_emotion_problem(error, loc, prefix, doc, display):
        return problem
    if kind in ("extra_forbidden", "missing") and (problem := _key_problem(kind, loc, prefix, root, doc, display)):
        return problem
    name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "value")
    got = error.get("input")
    is_item = isinstance(loc[-1], int) if loc else False
    if kind == "text_limit":  # limits.py: the message says the limit, the hint what to do
        field = f"item {int(loc[-1]) + 1} of {name}" if is_item else name
        ctx = error.get("ctx", {})
        return Problem(display, *doc.position(loc), f"{prefix}{field} {ctx.get('what', '')}", ctx.get("hint", ""))
    expected, name = _expected(kind, name, is_item, error)
    if is_long_number(got) and kind in ("int_type", "float_type"):
        return Problem(display, *doc.position(loc), f"{prefix}{name} must be {expected}, got a number of "
                       f"{len(str(got))} digits", f"numbers longer than {MAX_NUMBER_CHARS} characters are read as "
                       "text; check the value")
    return Problem(display, *doc.position(loc), f"{prefix}{name} must be {expected}, got {_shown(got)}",
                   _hint(kind, name, expected, got))


_THOUSANDS = re.compile(r"^[0-9]{1,3}(?:([.,' ])[0-9]{3})(?:\1[0-9]{3})*$")


def _thousands(value: object) -> str | None:
    """`4.100` (YAML reads 4.1), `4,100` or `4 100` as the author meant them: 4100, else None."""
    written = getattr(value, "source", value) if isinstance(value, (str, float)) else None
    if isinstance(written, str) and _THOUSANDS.match(written.strip()):
        return re.sub(r"[^0-9]", "", written)
    return None


def _slug_example(value: str) -> str:
    """A slug made from what the author wrote, that is valid: never the invalid value itself."""
    example = slug_for(value)[:100]
    return example if SLUG.match(example) else "my-id"


def raw_id(doc: YamlDocument | None, stem: str) -> str:
    """The id a file claims, read from its values even when the file fails validation."""
    data = doc.data if doc is not None else None
    written = data.get("id") if isinstance(data, dict) else None
    if isinstance(written, (str, int)) and not isinstance(written, bool):
        text = str(getattr(written, "source", written))
        if SLUG.match(text) and len(text) <= 100:
            return text
    return slug_for(stem)


def _id_problems(doc: YamlDocument, stem: str, display: str) -> list[Problem]:
    """A file without `id:` takes its id from its name; say so when no id can be made from it."""
    if isinstance(doc.data, dict) and doc.data.get("id") is not None:
        return []  # `id:` is checked by the model
    file_id = slug_for(stem)
    if not SLUG.match(file_id):
        return [Problem(display, 1, 1, f"cannot make an id from the file name '{stem}': it has no letters a-z "
                        "or digits once accents and punctuation are removed",
                        "rename the file, e.g. 'my-journey.yml', or add 'id: my-journey'")]
    if len(file_id) > 100:
        return [Problem(display, 1, 1, f"the id made from the file name is {len(file_id)} characters long, at most 100",
                        f"rename the file to a shorter name, or add 'id: {file_id[:40].rstrip('-_')}'")]
    return []


ReadYaml = Callable[[bytes, str], tuple[YamlDocument | None, list[Problem]]]


def load_document(raw: bytes, display: str, stem: str, kind: type[ModelT],
                  read: ReadYaml = read_yaml) -> tuple[Loaded | None, list[Problem], YamlDocument | None]:
    """Validate one file; also return its parsed values (None if unreadable), for checks of broken files.

    `read` parses YAML (`read_yaml`; the workspace's on-disk cache of it between builds).
    """
    if display.lower().endswith(".mmd") and kind is Journey:  # a Mermaid journey diagram in the journeys folder
        doc, problems = read_mermaid(raw, display)
    else:
        doc, problems = read(raw, display)
    if doc is None:
        return None, problems, None
    item, more = load_values(doc, doc.data, display, stem, kind)
    problems = sorted(set(problems + more)) if problems or more else []
    return (None if problems else item), problems, doc


def load_values(doc: YamlDocument, data: object, display: str, stem: str,
                kind: type[ModelT]) -> tuple[Loaded | None, list[Problem]]:
    """Validate parsed values (`data`: the document's, or a part of them) with the document's positions.

    The Markdown fence validates a journey written inline next to its own `show:` key this way.
    """
    problems = _id_problems(doc, stem, display)
    try:
        model = kind.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        problems.extend(_problem(error, kind, doc, display) for error in errors)
        return None, sorted(set(problems))
    if problems:
        return None, sorted(set(problems))
    return Loaded(model.id or slug_for(stem), model, display, doc), problems


def load_file(raw: bytes, display: str, stem: str, kind: type[ModelT]) -> tuple[Loaded | None, list[Problem]]:
    """Validate one journey or persona file. `display` is the path shown in messages."""
    item, problems, _doc = load_document(raw, display, stem, kind)
    return item, problems
