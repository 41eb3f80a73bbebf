"""What the search plugin pays for the pages we hand it: bytes, start tags and seconds, per kind of page.

    python benchmarks/search_cost.py SITE_FOLDER        # a folder holding mkdocs.yml (e.g. perf.sh's)

Builds the site once in this process and times the search plugin's `on_page_context` (Material's or
MkDocs' own), which parses each page's HTML as the plugin left it (charts and the map are still
placeholders then). Pages are grouped by their first URL segment. The last line is the figure the
page-shape work needs: microseconds of indexing per KiB of page HTML and per start tag.
"""

from __future__ import annotations

import html.parser
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.count += 1


def start_tags(text: str) -> int:
    parser = _Tags()
    parser.feed(text)
    return parser.count


def _search_class(module: str, name: str) -> Any:
    try:
        return getattr(__import__(module, fromlist=[name]), name)
    except ImportError:
        return None


def _timed(original: Any, rows: dict[str, list[tuple[int, int, float]]]) -> Any:
    def timed(self: Any, context: Any, /, *, page: Any, config: Any, nav: Any) -> Any:
        start = time.perf_counter()
        result = original(self, context, page=page, config=config, nav=nav)
        seconds = time.perf_counter() - start
        content = page.content or ""
        kind = page.url.split("/")[0] or "(home)"
        rows[kind].append((len(content.encode()), start_tags(content), seconds))
        return result

    return timed


def main(folder: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    os.chdir(folder)
    rows: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
    classes = [_search_class("mkdocs.contrib.search", "SearchPlugin"),
               _search_class("material.plugins.search.plugin", "SearchPlugin")]
    for cls in filter(None, classes):
        cls.on_page_context = _timed(cls.on_page_context, rows)  # before the plugins register their events
    config = load_config(str(folder / "mkdocs.yml"), site_dir=str(folder / "site-search-cost"))
    start = time.perf_counter()
    build(config)
    total = time.perf_counter() - start
    print(f"build {total:.2f} s (in process, one run)")
    print(f"{'pages':>16} {'count':>6} {'KiB/page':>9} {'tags/page':>10} {'ms/page':>8} {'search s':>9}")
    all_bytes = all_tags = 0
    all_seconds = 0.0
    for kind, values in sorted(rows.items(), key=lambda kv: -sum(v[2] for v in kv[1])):
        size, tags, seconds = (sum(v[i] for v in values) for i in range(3))
        all_bytes, all_tags, all_seconds = all_bytes + size, all_tags + tags, all_seconds + seconds
        print(f"{kind[:16]:>16} {len(values):6} {size / len(values) / 1024:9.1f} {tags / len(values):10.0f}"
              f" {seconds / len(values) * 1000:8.2f} {seconds:9.2f}")
    print(f"search indexing: {all_seconds:.2f} s for {all_bytes / 1024:.0f} KiB and {all_tags} start tags: "
          f"{all_seconds / (all_bytes / 1024) * 1e6:.0f} us per KiB, {all_seconds / max(all_tags, 1) * 1e6:.1f} us per tag")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
