"""A page's table of contents and anchors, read from its finished HTML.

Markdown pages get theirs from the headings Python-Markdown wrote; generated pages get theirs the
same way, from the headings the templates wrote. So a custom template that drops a part drops its
TOC entry too: nothing declares the headings a second time. As in Markdown's toc extension, a
heading's `data-toc-label` attribute, when present, is the text the TOC shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from typing import Any, cast

from markdown.extensions.toc import nest_toc_tokens

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


@dataclass
class Outline:
    """What a page's HTML says about its structure."""

    headings: list[Any] = field(default_factory=list)
    """Nested TOC tokens as Markdown's toc extension makes them: level, id, name (HTML-escaped), children."""
    anchors: set[str] = field(default_factory=set)
    """Every id on the page, so that links to `page.md#anchor` can be checked."""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.flat: list[dict[str, Any]] = []
        self.anchors: set[str] = set()
        self._open: dict[str, Any] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.anchors.add(str(attributes["id"]))
        if tag in _HEADINGS and attributes.get("id") and self._open is None:
            self._open = {"level": _HEADINGS[tag], "id": attributes["id"], "label": attributes.get("data-toc-label")}
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag in _HEADINGS and _HEADINGS[tag] == self._open["level"]:
            label = self._open.pop("label")
            text = label if label is not None else " ".join("".join(self._text).split())
            self.flat.append({**self._open, "name": escape(text, quote=False)})
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)


def outline(html: str) -> Outline:
    """Headings and ids of a page body. Late parts (charts, the map) hold no headings by design."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return Outline(nest_toc_tokens(cast(Any, reader.flat)), reader.anchors)
