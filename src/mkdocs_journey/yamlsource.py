"""YAML text → plain Python values, each remembered with the line and column it came from.

PyYAML's C composer keeps marks on nodes; we read those nodes ourselves instead of using PyYAML's
constructor, because the constructor follows YAML 1.1 (`yes` is a boolean, `2024-01-01` a date),
silently keeps the last of duplicate keys, and expands aliases (an alias bomb eats memory).
Here scalars follow YAML 1.2's core schema, duplicate keys and anchors are errors, and every
value's position is kept for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

import yaml

from .problems import Problem

Path = tuple[str | int, ...]
Position = tuple[int, int]

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_IMPLICIT_TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
                  yaml.MappingNode: "tag:yaml.org,2002:map"}


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """PyYAML's loader without its YAML 1.1 tag resolver: `resolve_scalar` reads plain scalars (YAML 1.2),
    so a value without an explicit tag only needs a standard tag. The resolver's regular expressions ran
    for every scalar of every file (~100,000 calls at N = 300, a fifth of the parse)."""

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return _IMPLICIT_TAGS[kind]


_LOADER = _Loader
_FIRST_OF_NON_TEXT = frozenset("~nNtTfF+-.0123456789")
"""Every null, boolean and number of the core schema starts with one of these (or is empty)."""

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
MAX_NUMBER_CHARS = 100
"""Longer plain scalars stay text: the loader then says the number is too long, not that it is no number."""
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "binary", "map", "seq", "omap", "set", "merge", "value")
}


class SourceInt(int):
    """An int that remembers how it was written, so `title: 007` stays "007" as text."""

    source: str


class SourceFloat(float):
    """A float that remembers how it was written, so `version: 1.10` stays "1.10" as text."""

    source: str


@dataclass
class YamlDocument:
    """A parsed file: its values, and where each value (and each mapping key) sits."""

    data: object = None
    values_at: dict[Path, Position] = field(default_factory=dict)
    keys_at: dict[Path, Position] = field(default_factory=dict)

    def position(self, path: Path, *, key: bool = False) -> Position:
        """The position of `path`, or of its nearest ancestor that has one."""
        table = self.keys_at if key else self.values_at
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in table:
                return table[prefix]
            if prefix in self.values_at:
                return self.values_at[prefix]
        return (1, 1)


def resolve_scalar(value: str, plain: bool) -> object:
    """YAML 1.2 core schema: only true/false are booleans; dates and yes/no stay text."""
    if not plain or (value and value[0] not in _FIRST_OF_NON_TEXT):
        return value  # most values are words: no pattern below can match them
    if _NULL.match(value):
        return None
    if _TRUE.match(value):
        return True
    if _FALSE.match(value):
        return False
    number: SourceInt | SourceFloat
    if len(value) > MAX_NUMBER_CHARS:  # Python refuses to read ints of over 4300 digits; no field needs 100
        return value
    if _INT.match(value):
        number = SourceInt(int(value, 10))
    elif _OCT.match(value):
        number = SourceInt(int(value[2:], 8))
    elif _HEX.match(value):
        number = SourceInt(int(value[2:], 16))
    elif _FLOAT.match(value):
        number = SourceFloat(float(value))
    elif _INF.match(value) or _NAN.match(value):
        number = SourceFloat(float(value.replace(".", "", 1)))
    else:
        return value
    number.source = value
    return number


def is_long_number(value: object) -> bool:
    """Whether `value` is a plain scalar YAML would read as a number, kept as text for its length."""
    return (isinstance(value, str) and len(value) > MAX_NUMBER_CHARS
            and any(p.match(value) for p in (_INT, _OCT, _HEX, _FLOAT)))


class _Mark(Protocol):
    """A position in a YAML text, from PyYAML's pure-Python or C parser."""

    line: int
    column: int


def _position(mark: _Mark) -> Position:
    return (mark.line + 1, mark.column + 1)


def _decode(raw: bytes, display: str, problems: list[Problem]) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        problems.append(
            Problem(display, line, column, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                    "save the file as UTF-8 in your editor")
        )
        return None


def _check_tabs(text: str, display: str, problems: list[Problem]) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            problems.append(
                Problem(display, number, line.index("\t") + 1, "a tab is used for indentation",
                        "YAML indents with spaces only; replace the tab with spaces")
            )


_NODE_PROPERTY = re.compile(r"(?:^|[:\-?,\[{]|![^\s]*)[ \t]*[&*]", re.MULTILINE)
"""Where an anchor (&) or alias (*) could start a node: at a line's start, after an indicator (`:`, `-`, `?`,
`,`, `[`, `{`) or after a tag, spaces aside. It finds every anchor and alias (and some Markdown, such as a
line starting with `*`); text such as `on **Instagram**` or `R&D` is none, and needs no second parse."""


def _check_anchors(text: str, display: str, problems: list[Problem]) -> None:
    """Reject anchors and aliases from the event stream, before anything can expand them."""
    if ("&" not in text and "*" not in text) or not _NODE_PROPERTY.search(text):
        return  # `in` is a scan in C; the pattern costs ~15 ns a character (~40 ms at N = 300)
    hint = "write the value out in full; journey files avoid anchors and aliases"
    found = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                message = f"aliases (*{event.anchor}) are not allowed"
            elif anchor := getattr(event, "anchor", None):
                message = f"anchors (&{anchor}) are not allowed"
            else:
                continue
            found += 1
            if found <= 2 and event.start_mark is not None:  # the first anchor and alias say it all
                problems.append(Problem(display, *_position(event.start_mark), message, hint))
    except yaml.YAMLError:
        pass  # the composer reports syntax errors with a better message
    if found > 2:
        problems.append(Problem(display, 0, 0, f"{found - 2} more anchors and aliases in this file", hint))


def _reader_problem(exc: yaml.reader.ReaderError, text: str, display: str) -> Problem:
    """A character YAML refuses (a control character, often invisible), at its line and column."""
    before = text[: exc.position]
    line = before.count("\n") + 1
    column = exc.position - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return Problem(display, line, column, f"the character U+{ord(char):04X} is not allowed in YAML",
                   "remove it: control characters are often invisible, pasted from another program")


def _syntax_problem(exc: yaml.YAMLError, display: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}"
    if context:
        message += f" ({context}"
        if context_mark is not None and context_mark is not mark:
            message += f" that starts at line {context_mark.line + 1}, column {context_mark.column + 1}"
        message += ")"
    hint = "check the indentation, and quote text that holds ': ' or starts with a special character"
    if "flow" in (context or "") or "flow" in problem:
        hint = "a '[' or '{' is not closed, or a value inside it needs quotes"
    elif "mapping values are not allowed" in problem:
        hint = "quote text that holds ': ', e.g. thought: \"Price: too high\""
    elif "expected a single document" in str(exc):
        hint = "a journey file holds one document: remove the '---' separators"
    if mark is None:
        return Problem(display, 0, 0, message, hint)
    return Problem(display, *_position(mark), message, hint)


MAX_DEPTH = 40  # a journey is 5 levels deep; this stops `[[[[…` files before Python's recursion limit


class _Walker:
    def __init__(self, display: str, problems: list[Problem]) -> None:
        self.display = display
        self.problems = problems
        self.doc = YamlDocument()

    def walk(self, node: yaml.Node, path: Path) -> object:
        self.doc.values_at[path] = _position(node.start_mark)
        if len(path) > MAX_DEPTH:
            self.problems.append(Problem(self.display, *_position(node.start_mark),
                                         f"values are nested more than {MAX_DEPTH} levels deep",
                                         "a journey needs only a few levels: check the brackets and indentation"))
            return None
        if node.tag not in _STANDARD_TAGS:
            self.problems.append(Problem(self.display, *_position(node.start_mark),
                                         f"YAML tags such as '{node.tag}' are not allowed",
                                         "remove the tag and write a plain value"))
            return None
        if isinstance(node, yaml.ScalarNode):
            return resolve_scalar(node.value, not node.style)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, index)) for index, item in enumerate(node.value)]
        mapping: dict[str, object] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            key_pos = _position(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.display, *key_pos, "a key must be a plain word",
                                             "keys are names such as 'title' or 'stages'"))
                continue
            key = key_node.value
            if key == "<<":
                self.problems.append(Problem(self.display, *key_pos, "merge keys ('<<') are not allowed",
                                             "write the keys out in full"))
                continue
            if key in first_seen:
                line, _col = first_seen[key]
                self.problems.append(Problem(self.display, *key_pos, f"duplicate key '{key}' (first given at line {line})",
                                             "remove one of them: YAML would silently keep only the last"))
                continue
            first_seen[key] = key_pos
            self.doc.keys_at[(*path, key)] = key_pos
            mapping[key] = self.walk(value_node, (*path, key))
        return mapping


def read_yaml(raw: bytes, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one file's bytes. Returns the document (None when it cannot be used) and its problems."""
    problems: list[Problem] = []
    text = _decode(raw, display, problems)
    if text is None:
        return None, problems
    _check_anchors(text, display, problems)
    if problems:
        return None, problems
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(exc, text, display)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        lines = text.splitlines()
        if mark is not None and mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
            tabs: list[Problem] = []  # a tab where YAML wants spaces: say so (tabs inside text are fine)
            _check_tabs(text, display, tabs)
            if tabs:
                return None, tabs
        return None, [_syntax_problem(exc, display)]
    except RecursionError:
        return None, [Problem(display, 1, 1, "values are nested too deeply to read",
                              "a journey needs only a few levels: check the brackets and indentation")]
    if node is None:
        return None, [Problem(display, 1, 1, "the file is empty", "a journey needs at least 'title' and 'stages'; "
                              "a persona needs 'name'")]
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        return None, [Problem(display, *_position(node.start_mark), f"the top level must be a mapping of keys, got {kind}",
                              "start the file with 'title:' (journey) or 'name:' (persona)")]
    walker = _Walker(display, problems)
    walker.doc.data = walker.walk(node, ())
    return walker.doc, problems
