"""Themes that are dark without saying so, and the stylesheet the plugin publishes for a site's theme.

journey.css follows every theme that marks its dark mode in the HTML (Material's
`data-md-color-scheme="slate"`, Bootstrap 5.3's `data-bs-theme="dark"`) or follows the system
(`prefers-color-scheme`). Bootswatch's dark themes for MkDocs (darkly and its siblings) are dark
through their stylesheet alone: their `<html>` even says `data-bs-theme="light"`, because they
extend MkDocs' theme, whose default colour mode is light. Nothing in the page tells them apart from
a light site, so the plugin, which knows the theme's name, appends the dark block for them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

ALWAYS_DARK: Mapping[str, str] = MappingProxyType({
    # theme name (as in `theme: name:`) → its page background (its bootstrap.min.css, body rule)
    "darkly": "#222222",
    "cyborg": "#060606",
    "slate": "#272b30",
    "superhero": "#2b3e50",
    "solar": "#002b36",
})

_DARK_BLOCK = re.compile(r"/\* jm:dark\b[^*]*\*/\s*[^{]+\{([^}]*)\}")


def dark_declarations(css: str) -> str:
    """The declarations of journey.css's marked dark block, so that they exist in one place only."""
    match = _DARK_BLOCK.search(css)
    if match is None:  # a packaging mistake, caught by the tests; never a silent light page
        raise ValueError("journey.css has no '/* jm:dark */' block")
    return match.group(1)


def stylesheet(css: str, theme_name: str | None) -> str:
    """journey.css for a site whose theme is `theme_name`: with the dark block for always-dark themes."""
    background = ALWAYS_DARK.get((theme_name or "").lower())
    if background is None:
        return css
    declarations = dark_declarations(css).rstrip()
    return (f"{css}\n/* The '{theme_name}' theme is always dark, though its HTML does not say so. */\n"
            f":root .jm {{{declarations}\n  --jm-bg: {background};\n}}\n")
