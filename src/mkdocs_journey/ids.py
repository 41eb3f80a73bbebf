"""What a file's name makes of its id: shared by the loader and the readers below it (Mermaid diagrams)."""

from __future__ import annotations

from markdown.extensions.toc import slugify


def slug_for(stem: str) -> str:
    """The id a file gets from its name: `Primera Compra` → `primera-compra`, `-lead` → `lead`.

    An id starts with a letter or digit, so leading `-` and `_` are punctuation and dropped too.
    """
    return slugify(stem, "-").lstrip("-_")
