"""Parsed YAML files kept on disk between builds (in the disk store, `diskstore.py`), as JSON.

Reading a journey file's YAML with positions costs ~1-2 ms (PyYAML's C composer makes a node and
two marks per value); a site of hundreds of journeys pays that at every build although few files
change between two CI runs. The cache keeps each readable file's values and positions by the hash
of its bytes (and of the code that reads them), so a warm build reads JSON instead. Only files
that parsed without a problem are kept: a file with problems is parsed again, for its messages.
Entries are plain JSON (never code), and any unreadable entry is only a miss.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .diskstore import DiskStore
from .problems import Problem
from .yamlsource import SourceFloat, SourceInt, YamlDocument, read_yaml, resolve_scalar

_CODE_VERSION = hashlib.sha256((Path(__file__).parent / "yamlsource.py").read_bytes()
                               + Path(__file__).read_bytes() + yaml.__version__.encode()).hexdigest()[:16]
"""Entries are read again when the code that parses files changes."""


def _plain(value: object, path: tuple[str | int, ...], numbers: list[object]) -> object:
    """A parsed value as plain JSON; each number is written as its text and its path noted in `numbers`."""
    if isinstance(value, (SourceInt, SourceFloat)):
        numbers.append(list(path))
        return value.source
    if isinstance(value, dict):
        return {key: _plain(item, (*path, key), numbers) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item, (*path, index), numbers) for index, item in enumerate(value)]
    if value is None or isinstance(value, (str, bool)):
        return value
    raise TypeError(f"not a parsed YAML value: {type(value).__name__}")


def _put_numbers(data: object, numbers: list[list]) -> object:
    """Turn the texts at `numbers` back into the SourceInt and SourceFloat the YAML reader made."""
    for path in numbers:
        if not path:
            return _number(data)
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = _number(parent[path[-1]])
    return data


def _number(text: object) -> SourceInt | SourceFloat:
    number = resolve_scalar(text, True) if isinstance(text, str) else None
    if not isinstance(number, (SourceInt, SourceFloat)):
        raise ValueError("a number entry that is no number")
    return number


def _paths(data: object) -> tuple[list[tuple[str | int, ...]], list[tuple[str | int, ...]]]:
    """Every value's path and every mapping key's path, in the order the YAML reader records them.

    A document that parsed without a problem has a position for each of them, and for nothing else,
    so the cache stores the positions alone and the paths come back from the values.
    """
    values: list[tuple[str | int, ...]] = [()]
    keys: list[tuple[str | int, ...]] = []
    _walk(data, (), values.append, keys.append)
    return values, keys


def _walk(value: object, path: tuple[str | int, ...], add_value: Callable[[tuple[str | int, ...]], None],
          add_key: Callable[[tuple[str | int, ...]], None]) -> None:
    """A function of the module, not one nested in `_paths`: a nested function that calls itself is a
    reference cycle, which kept each file's lists of paths until a garbage collection (~58,000 tuples held
    to the end of a cold build at N = 300, the collector being paused and then frozen, collector.py)."""
    if type(value) is dict:
        for key, item in value.items():
            child = (*path, key)
            add_key(child)
            add_value(child)
            if type(item) is dict or type(item) is list:
                _walk(item, child, add_value, add_key)
    elif type(value) is list:
        for index, item in enumerate(value):
            child = (*path, index)
            add_value(child)
            if type(item) is dict or type(item) is list:
                _walk(item, child, add_value, add_key)


def _flat(table: dict[tuple[str | int, ...], tuple[int, int]], paths: list[tuple[str | int, ...]]) -> list[int]:
    if list(table) != paths:
        raise ValueError("positions that do not follow the values")  # never for a problem-free document
    return [number for position in table.values() for number in position]


def _table(paths: list[tuple[str | int, ...]], flat: list[int]) -> dict[tuple[str | int, ...], tuple[int, int]]:
    if len(flat) != 2 * len(paths) or not all(map(int.__instancecheck__, flat)):
        raise ValueError("positions that do not match the values")
    return dict(zip(paths, zip(flat[::2], flat[1::2], strict=True), strict=True))


def dumps(doc: YamlDocument) -> str:
    numbers: list[object] = []
    data = _plain(doc.data, (), numbers)
    values, keys = _paths(doc.data)
    return json.dumps({"data": data, "numbers": numbers, "values": _flat(doc.values_at, values),
                       "keys": _flat(doc.keys_at, keys)}, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> YamlDocument:
    entry = json.loads(text)
    data = _put_numbers(entry["data"], entry["numbers"])
    values, keys = _paths(data)
    return YamlDocument(data, _table(values, entry["values"]), _table(keys, entry["keys"]))


@dataclass
class ParseCache:
    """`read_yaml` with a memory on disk: same document, same problems (none, for what it keeps)."""

    store: DiskStore

    def read(self, raw: bytes, display: str) -> tuple[YamlDocument | None, list[Problem]]:
        key = hashlib.sha256(_CODE_VERSION.encode() + b"\0" + raw).hexdigest()
        text = self.store.get("parsed", key)
        if text is not None:
            try:
                return loads(text), []
            except (ValueError, KeyError, TypeError, AttributeError):
                pass  # truncated or foreign: parsed again, then overwritten
        doc, problems = read_yaml(raw, display)
        if doc is not None and not problems:
            self.store.put("parsed", key, dumps(doc))
        return doc, problems
