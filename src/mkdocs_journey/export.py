"""The generated pages as small Markdown files holding `journey` fences: for sites without the plugin (Zensical).

Each page of the views registry becomes `<its path>.md`: front matter with its title, and a fence
that renders the page when the site is built (`embed`), so the files change only when pages come
or go or are renamed, and `--check` in CI says when they must be written again. Every file written
carries a marker; a file without it is the author's and is never overwritten nor removed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources import files as package_files
from pathlib import Path

from .catalog import Catalog
from .rendering import Renderer, View
from .settings import Settings

MARK = "# Written by `mkdocs-journey pages`"
CSS_MARK = "/* Written by `mkdocs-journey pages`"
CSS_PATH = "assets/mkdocs-journey/journey.css"
"""Where the stylesheet goes under --out: the same URL as the plugin's (`mkdocs_site.CSS_URI`)."""


def _page(kind: str, item: str | None, title: str, source: str | None) -> str:
    origin = f": this page shows {source}; edit that file" if source else ": this page shows the journey files; edit them"
    body = f"page: {kind}\n" + (f"id: {item}\n" if item is not None else "")
    return (f"---\n{MARK}{origin}, not this one.\n"
            f"title: {json.dumps(title, ensure_ascii=False)}\n---\n\n```journey\n{body}```\n")


def page_files(catalog: Catalog, settings: Settings, views: Iterable[View]) -> dict[str, str]:
    """Path under --out → content, for every page of `views` and the stylesheet; deterministic."""
    r = Renderer(catalog, views, language=settings.language, custom_templates=settings.templates, charts=settings.charts)
    wanted: dict[str, str] = {}
    for key in r.pages():
        view = r.view(key)
        source = view.source(catalog, key.item)
        shown = source.resolve().relative_to(settings.root.resolve()).as_posix() if source else None
        wanted[r.src_uri(key)] = _page(key.kind, key.item, view.title(r, key.item), shown)
    css = package_files("mkdocs_journey").joinpath("assets", "journey.css").read_text(encoding="utf-8")
    wanted[CSS_PATH] = f"{CSS_MARK}: the journey pages' styles; list it in extra_css. */\n{css}"
    return wanted


def is_ours(text: str) -> bool:
    """Whether a file was written by `pages` (its marker), and so may be rewritten or removed."""
    return text.startswith(f"---\n{MARK}") or text.startswith(CSS_MARK)


@dataclass
class Sync:
    """What writing the pages did (or, with --check, would do)."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    """Files in the way that `pages` did not write: left as they are."""

    @property
    def changed(self) -> bool:
        return bool(self.written or self.removed)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return None


def sync(out: Path, wanted: Mapping[str, str], *, check: bool) -> Sync:
    """Write what changed under `out`, remove the pages `pages` wrote that are gone; never touch another file."""
    result = Sync()
    for rel in sorted(wanted):
        target = out / rel
        if target.exists() or target.is_symlink():
            current = _read(target) if target.is_file() else None
            if current == wanted[rel]:
                result.unchanged.append(rel)
                continue
            if current is None or not is_ours(current):
                result.refused.append(rel)
                continue
        result.written.append(rel)
        if not check:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(wanted[rel], encoding="utf-8")
    if out.is_dir():
        for path in sorted(p for p in out.rglob("*") if p.suffix in (".md", ".css") and p.is_file() and not p.is_symlink()):
            rel = path.relative_to(out).as_posix()
            if rel not in wanted and (text := _read(path)) is not None and is_ours(text):
                result.removed.append(rel)
                if not check:
                    path.unlink()
    return result
