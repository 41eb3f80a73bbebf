"""User text → safe HTML. Markdown is rendered; raw HTML is shown as text; only safe links survive.

Two layers, because either alone has gaps: Python-Markdown without its raw-HTML handlers escapes
`<tags>` typed by the author, and nh3 (an allowlist sanitizer) then removes anything that still
should not be there, such as `javascript:` links written as Markdown links.
"""

from __future__ import annotations

import html
import re
import threading
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "ul", "ol", "li", "a", "blockquote", "hr",
    "h4", "h5", "h6", "del", "sub", "sup",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_URL_SCHEMES = {"http", "https", "mailto"}
# Characters that can start Markdown syntax or an entity; text without them is escaped directly,
# which keeps the common case (short plain sentences) fast.
_MARKDOWN_CHARS = re.compile(r"[*_`\[\]<>&\\!#~|]|^\s*(?:[-+]|\d+[.)])\s|\n\s*\n|  \n", re.MULTILINE)


class _EscapeHtml(markdown.Extension):
    """Treat raw HTML in Markdown as text: the HTML block and inline handlers are removed."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


class _InlineOnly(markdown.Extension):
    """For one-line fields: `#1 complaint`, `1. Abre la app` or `- Compra` stay text, not a heading or list."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        for name in ("hashheader", "setextheader", "hr", "olist", "ulist", "quote", "code", "indent", "reference"):
            if name in md.parser.blockprocessors:
                md.parser.blockprocessors.deregister(name)


_local = threading.local()


def _converter(inline: bool = False) -> markdown.Markdown:
    name = "inline" if inline else "block"
    md = getattr(_local, name, None)
    if md is None:
        extensions: list = [_EscapeHtml(), "sane_lists"] + ([_InlineOnly()] if inline else [])
        md = markdown.Markdown(extensions=extensions, output_format="html")
        setattr(_local, name, md)
    return md


def _sanitize(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _escaped(text: str, before: str = "", after: str = "") -> Markup:
    """The fallback when Markdown gives up (RecursionError): the text, escaped, with no markup."""
    return Markup(before + html.escape(text, quote=False).replace("\n", " ") + after)


def forget() -> None:
    """Drop the rendered texts kept for reuse (up to ~70,000): at the end of a session, so that the process's
    last garbage collections do not walk them."""
    render_block.cache_clear()
    render_inline.cache_clear()


@lru_cache(maxsize=8192)
def render_block(text: str) -> Markup:
    """Markdown with paragraphs and lists (summaries)."""
    if not _MARKDOWN_CHARS.search(text):
        return Markup("<p>" + html.escape(text, quote=False).replace("\n", " ") + "</p>")
    md = _converter()
    md.reset()
    try:
        return Markup(_sanitize(md.convert(text)))
    except RecursionError:
        # Belt and braces: the loader limits nesting, but a render must never crash the build.
        return _escaped(text, "<p>", "</p>")


@lru_cache(maxsize=65536)
def render_inline(text: str) -> Markup:
    """Markdown for a short field (an action, a pain point): emphasis, code and links, no blocks."""
    if not _MARKDOWN_CHARS.search(text):
        return Markup(html.escape(text, quote=False))
    md = _converter(inline=True)
    md.reset()
    try:
        out = md.convert(text).strip()
    except RecursionError:
        return _escaped(text)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return Markup(_sanitize(out))


def plain(text: str) -> str:
    """Text for places that take no markup at all: attributes, titles, the nav."""
    return " ".join(text.split())


def safe_title(text: str) -> str:
    """Text for a page title or nav entry that stays text under every theme.

    Themes print titles without escaping (MkDocs' theme) or after `striptags`, which unescapes
    entities (Material). So the result holds no `<`, `>` or `"` at all: it can open neither a tag
    nor an attribute, whatever a theme does with it. `&` stays as written: an entity never makes
    markup, and `R&D` stays one tag for Material's tags plugin.
    """
    return plain(text).replace("<", "\u2039").replace(">", "\u203a").replace('"', "\u201d")


def plain_summary(text: str) -> str:
    """A summary as plain words (for the meta description): Markdown rendered, then its tags dropped."""
    return plain(render_block(text).striptags())
