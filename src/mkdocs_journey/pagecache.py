"""Rendered pages kept on disk between builds (in the disk store, `diskstore.py`), as JSON.

Rendering a journey page (its map, lane and search text) is most of what the plugin costs a warm
build: ~4-5 ms a page, ~1.5 s for 300 journeys, while few journeys change between two CI runs. A
page is kept by the hash of everything it is made from: its view's inputs (the same key the
`mkdocs serve` memo uses: the journey, the titles it links to, its notices), the settings and
template sources (`Renderer.settings_key`), the pages left out of the build, and the code and
libraries that render it. Only pages whose late parts are finished HTML are kept (a chart request is
drawn by the chart store, which has its own cache).

Entries are inert data (HTML the plugin made, never code run by the build), and any unreadable or
foreign entry is only a miss, rendered again and overwritten. Like the chart cache (Material's privacy
plugin does the same with the assets it downloads), the folder is trusted as much as the checkout:
CI caches are scoped to their branch.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .diskstore import DiskStore
from .rendering import PageBody


def _code_version() -> str:
    """The package's own code and the versions of the libraries a page's HTML comes from."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in ("markdown", "nh3", "jinja2", "markupsafe", "pydantic", "pymdown-extensions"):
        try:
            digest.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    return digest.hexdigest()[:16]


_CODE_VERSION = _code_version()


@dataclass
class PageCache:
    """Rendered page bodies and their late HTML by the hash of what made them."""

    store: DiskStore

    def key(self, parts: Sequence[str]) -> str:
        digest = hashlib.sha256(_CODE_VERSION.encode())
        for part in parts:
            digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str) -> tuple[PageBody, dict[str, str]] | None:
        text = self.store.get("page", key)
        if text is None:
            return None
        try:
            return loads(text)
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # truncated or foreign: rendered again, then overwritten

    def put(self, key: str, body: PageBody, late: Mapping[str, str]) -> None:
        self.store.put("page", key, dumps(body, late))


def dumps(body: PageBody, late: Mapping[str, str]) -> str:
    """A JSON line of the page's short texts and the lengths of its HTML parts, then those parts as they are.

    HTML is most of a page and full of quotes: JSON-escaping it cost ~0.15 s a cold build at N = 300."""
    parts = [body.html, *late.values()]
    head = {"title": body.title, "description": body.description, "late": list(late), "lengths": [len(p) for p in parts]}
    return json.dumps(head, ensure_ascii=False) + "\n" + "".join(parts)


def loads(text: str) -> tuple[PageBody, dict[str, str]]:
    line, _, payload = text.partition("\n")
    head = json.loads(line)
    lengths, names = head["lengths"], [_text(name) for name in head["late"]]
    if (len(lengths) != len(names) + 1 or not all(type(n) is int and n >= 0 for n in lengths)
            or sum(lengths) != len(payload)):
        raise ValueError("the parts do not match the page's lengths")
    parts, start = [], 0
    for n in lengths:
        parts.append(payload[start:start + n])
        start += n
    description = head["description"]
    body = PageBody(_text(head["title"]), parts[0], None if description is None else _text(description))
    return body, dict(zip(names, parts[1:], strict=True))


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("a page entry holds text only")
    return value
