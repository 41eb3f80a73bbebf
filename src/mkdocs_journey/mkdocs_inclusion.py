"""Which generated pages a build publishes, under the site's `exclude_docs`, `draft_docs` and `not_in_nav`.

MkDocs applies those patterns to the site's own files; generated pages get the same treatment here,
so that `exclude_docs: journeys/old-journey.md` drops that page as it would drop a Markdown file.
A page that is not published must not be linked from the pages that are: the renderer is told
which pages are missing (`unpublished`) and leaves them out of lists or shows their name as text.

Drafts behave as MkDocs drafts: present (with its DRAFT marker) under `mkdocs serve`, absent from
`mkdocs build`, and the pages of each see the other pages of that same site only.
"""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel, set_exclusions

from .rendering import PageKey


def apply_patterns(file: File, config: MkDocsConfig, *, hidden: bool) -> None:
    """Set `file.inclusion` from the site's patterns, as MkDocs does for its own files.

    `hidden`: the page is kept out of the navigation (the site has its own `nav`, or the plugin's
    `navigation: index`), so an included page becomes NOT_IN_NAV; exclusions and drafts still win.
    Setting NOT_IN_NAV before the patterns would make MkDocs skip them (it only fills UNDEFINED).
    """
    file.inclusion = InclusionLevel.UNDEFINED
    set_exclusions([file], config)
    if hidden and file.inclusion is InclusionLevel.INCLUDED:
        file.inclusion = InclusionLevel.NOT_IN_NAV


def is_published(inclusion: InclusionLevel, *, serving: bool) -> bool:
    """Whether a page with this inclusion is part of the site being built (drafts only while serving)."""
    return inclusion.is_in_serve() if serving else inclusion.is_included()


def unpublished(pages: Iterable[tuple[PageKey, InclusionLevel]], *, serving: bool) -> frozenset[PageKey]:
    """The generated pages this build leaves out: nothing may link to them."""
    return frozenset(key for key, inclusion in pages if not is_published(inclusion, serving=serving))
