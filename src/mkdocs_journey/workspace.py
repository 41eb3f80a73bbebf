"""The one owner of what a session keeps between builds, pruned at the end of every build.

`mkdocs serve` rebuilds the whole site on every save. Keeping what did not change makes a rebuild
cost what changed: files whose bytes are the same are not parsed again, pages whose inputs are
the same are not rendered again, charts are not drawn again, and a file saved half-edited keeps
its last good version on its page. Everything kept is keyed by what it was made from, and
whatever a build did not use is dropped when the build ends, so memory follows the site, not the
number of saves. A one-off build uses the same code with nothing kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from . import markup
from .catalog import Catalog, Parsed, load_catalog
from .charts import ChartRequest
from .chartstore import ChartStore, DiskCache
from .collector import Collector
from .diskstore import DiskStore, open_store
from .loader import Loaded, load_document
from .pagecache import PageCache
from .parsecache import ParseCache
from .rendering import Deferred, PageBody, PageKey, Renderer, placed
from .settings import Settings
from .yamlsource import read_yaml

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass
class Memo(Generic[K, V]):
    """Values by the key of what they were made from; `prune` drops those not asked for since the last."""

    keep: bool = True
    entries: dict[K, V] = field(default_factory=dict)
    used: set[K] = field(default_factory=set)

    def get(self, key: K, make: Callable[[], V]) -> V:
        if not self.keep:
            return make()
        self.used.add(key)
        if key not in self.entries:
            self.entries[key] = make()
        return self.entries[key]

    def prune(self) -> None:
        for key in set(self.entries) - self.used:
            del self.entries[key]
        self.used = set()


@dataclass(frozen=True)
class RenderedPage:
    """A page body with what goes into its placeholders once the host has finished the page."""

    body: PageBody
    late: Mapping[str, str | ChartRequest]


class Workspace:
    """State across the builds of one session: a `mkdocs serve` (keep=True) or a single build."""

    def __init__(self, *, keep: bool) -> None:
        self.keep = keep
        self.files: Memo[tuple[bytes, str, str, str], Parsed] = Memo(keep)
        self.pages: Memo[tuple[str, ...], RenderedPage] = Memo(keep)
        self.charts = ChartStore()
        self.disk: DiskStore | None = None
        """The disk cache (`settings.cache`) of the three below, written at the end of each build."""
        self.parsed: ParseCache | None = None
        """Parsed YAML on disk between builds, set by `load`."""
        self.pages_on_disk: PageCache | None = None
        """Rendered pages on disk between one-off builds, set by `load`."""
        self.collector = Collector()
        self.last_good: dict[str, dict[Path, Loaded]] = {}
        """Per language (mkdocs-static-i18n builds each): file → its last valid version."""

    def _parse(self, raw: bytes, display: str, stem: str, kind: type) -> Parsed:
        read = self.parsed.read if self.parsed is not None else read_yaml
        return self.files.get((raw, display, stem, kind.__name__), lambda: load_document(raw, display, stem, kind, read))

    def load(self, settings: Settings, language: str | None = None) -> Catalog:
        """The site's catalogue in `language`; while serving, a file that broke keeps its last good version."""
        if self.disk is not None and (settings.cache is None or self.disk.path.parent != settings.cache):
            self.disk.close()
            self.disk = None
        if self.disk is None and settings.cache is not None:
            self.disk = open_store(settings.cache)
        disk = self.disk
        self.charts.disk = DiskCache(disk) if disk else None
        self.parsed = ParseCache(disk) if disk else None
        self.pages_on_disk = PageCache(disk) if disk and not self.keep else None
        language = language or settings.language
        # The catalogue lives until `stop`: collections need not walk it (collector.py).
        with self.collector.paused(then_freeze=True):
            catalog = load_catalog(settings.journeys, settings.personas, root=settings.root, stages=settings.stages,
                                   language=language, last_good=self.last_good.get(language) if self.keep else None,
                                   parse=self._parse)
            if not self.keep:
                catalog.forget_documents()
        if self.keep:
            self.last_good[language] = {path: item for path, (_, item) in catalog.loaded.items()}
        return catalog

    def render(self, renderer: Renderer, key: PageKey) -> RenderedPage:
        """A page body and its late parts; unchanged pages are not rendered again while serving."""
        view = renderer.view(key)

        def make() -> RenderedPage:
            place = Deferred()
            with self.collector.paused():  # a page's garbage is collected after it (collector.py)
                body = renderer.render(key, place)
            return RenderedPage(body, placed(body.html, place.late))

        if not self.keep and self.pages_on_disk is None:
            return make()  # a one-off build without a cache: no key to compute (it serializes the page's inputs)
        memo_key = (renderer.settings_key, repr(sorted(renderer.unpublished)), key.kind, str(key.item),
                    *view.inputs(renderer, key.item))
        if self.pages_on_disk is None:
            return self.pages.get(memo_key, make)
        disk_key = self.pages_on_disk.key(memo_key)
        found = self.pages_on_disk.get(disk_key)
        if found is not None:
            return RenderedPage(*found)
        page = make()
        late = {name: part for name, part in page.late.items() if isinstance(part, str)}
        if len(late) == len(page.late):  # charts are drawn (and kept) by the chart store
            self.pages_on_disk.put(disk_key, page.body, late)
        return page

    def late_html(self, page: RenderedPage) -> dict[str, str]:
        """The late parts as HTML: charts drawn (or taken from a cache) now."""
        return {name: part if isinstance(part, str) else (self.charts.get(part) or "") for name, part in page.late.items()}

    def stop(self) -> None:
        """End of a build, also a failed one: stop drawing, and keep what was made (the next build needs it)."""
        self.charts.close()
        if self.disk is not None:
            self.disk.flush()
        self.collector.release()

    def finish(self) -> None:
        """End of a build: `stop`, and forget what this build did not use."""
        self.stop()
        self.files.prune()
        self.pages.prune()
        self.charts.prune()

    def close(self) -> None:
        """End of the session (`mkdocs build` or `serve` exits): nothing more is drawn or written, nothing kept."""
        self.charts.close()
        self.collector.release()
        if self.disk is not None:
            self.disk.close()
            self.disk = None
        self.files, self.pages, self.charts = Memo(self.keep), Memo(self.keep), ChartStore()
        self.last_good = {}
        markup.forget()
