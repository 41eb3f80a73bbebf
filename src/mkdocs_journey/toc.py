"""A page's table of contents and anchors, read from its finished HTML.

Markdown pages get theirs from the headings Python-Markdown wrote; generated pages get theirs the
same way, from the headings the templates wrote. So a custom template that drops a part drops its
TOC entry too: nothing declares the headings a second time. As in Markdown's toc extension, a
heading's `data-toc-label` attribute, when present, is the text the TOC shows.

The HTML is the templates' own (autoescaped Jinja, before any other plugin sees it), so a scan of
tags is exact enough and costs a fraction of a full parse: this runs for every generated page of
every build, and html.parser took as long as rendering the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape, unescape
from typing import Any, cast

from markdown.extensions.toc import nest_toc_tokens

_HEADING = re.compile(r"<h([1-6])(\s[^>]*)?>(.*?)</h\1\s*>", re.S | re.I)
_ID = re.compile(r"""<[a-zA-Z][^>]*?\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ATTRIBUTE = r"""\s{name}\s*=\s*(?:"([^"]*)"|'([^']*)')"""
_TAG = re.compile(r"<[^>]*>")


@dataclass
class Outline:
    """What a page's HTML says about its structure."""

    headings: list[Any] = field(default_factory=list)
    """Nested TOC tokens as Markdown's toc extension makes them: level, id, name (HTML-escaped), children."""
    anchors: set[str] = field(default_factory=set)
    """Every id on the page, so that links to `page.md#anchor` can be checked."""


def _attribute(attributes: str, name: str) -> str | None:
    found = re.search(_ATTRIBUTE.format(name=re.escape(name)), attributes)
    return None if found is None else unescape(found.group(1) if found.group(1) is not None else found.group(2))


def outline(html: str) -> Outline:
    """Headings and ids of a page body. Late parts (charts, the map) hold no headings by design."""
    flat: list[dict[str, Any]] = []
    for match in _HEADING.finditer(html):
        attributes = match.group(2) or ""
        anchor = _attribute(attributes, "id")
        if not anchor:
            continue  # as in Markdown: a heading without an id has no TOC entry
        label = _attribute(attributes, "data-toc-label")
        text = label if label is not None else " ".join(unescape(_TAG.sub("", match.group(3))).split())
        flat.append({"level": int(match.group(1)), "id": anchor, "name": escape(text, quote=False)})
    anchors = {unescape(a or b) for a, b in _ID.findall(html)}
    return Outline(nest_toc_tokens(cast(Any, flat)), anchors)
