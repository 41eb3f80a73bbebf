"""Where charts come from: memory, then the disk cache, then pygal (in a worker process for many).

A pygal chart costs milliseconds; a site of hundreds of journeys draws hundreds of them. The store
keeps every chart by the hash of what it depends on, in memory (across `mkdocs serve` rebuilds)
and on disk (across builds, e.g. a CI cache), and draws the missing ones in a second process while
MkDocs reads and renders pages, so a cold build pays little more than the floor.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .charts import ChartRequest, _draw_in_worker, draw
from .diskstore import DiskStore

if TYPE_CHECKING:  # the worker's modules (~15 ms to import) are imported when there is enough to draw
    from concurrent.futures import Future, ProcessPoolExecutor

NO_CHART = "\0none"  # on disk: this request draws nothing
PARALLEL_FROM = 64
"""Fewer missing charts than this are drawn in process. A forked worker costs ~0.3 s of CPU (the pages of a
~170 MB process copied as both write to them): at N = 300 (30 persona charts, ~13 ms each) it saved 0.08 s
of wall time for 0.3 s of CPU; from a few dozen charts on, the second core is worth it."""


@dataclass
class DiskCache:
    """Charts in the disk store by key; any entry that is not a chart is just a miss."""

    store: DiskStore

    def get(self, key: str) -> str | None:
        text = self.store.get("chart", key)
        if text is not None and (text == NO_CHART or (text.startswith("<svg") and text.endswith("</svg>"))):
            return text
        return None  # truncated or foreign: drawn again, then overwritten

    def put(self, key: str, text: str) -> None:
        self.store.put("chart", key, text)


def _start_method() -> str:
    """How the worker starts: forked on Linux while this process runs one thread (`mkdocs build`), which
    skips the ~0.3 s of CPU a spawned worker spends importing pygal and the models again; spawned otherwise
    (`mkdocs serve` runs server threads, and forking a process with threads can deadlock the child)."""
    return "fork" if sys.platform == "linux" and threading.active_count() == 1 else "spawn"


@dataclass
class ChartStore:
    disk: DiskCache | None = None
    memory: dict[str, str] = field(default_factory=dict)
    pending: dict[str, Future] = field(default_factory=dict)
    drawn: int = 0
    from_disk: int = 0
    from_memory: int = 0
    used: set[str] = field(default_factory=set)
    """Keys asked for since the last `prune`: the charts the current site shows."""
    _pool: ProcessPoolExecutor | None = None

    def prefetch(self, requests: Iterable[ChartRequest]) -> None:
        """Start drawing what no cache has, in a worker process when there is enough to draw."""
        missing: dict[str, ChartRequest] = {}
        for request in requests:
            key = request.key
            self.used.add(key)
            if key in self.memory or key in self.pending or key in missing:
                continue
            cached = self.disk.get(key) if self.disk else None
            if cached is not None:
                self.memory[key] = cached
                self.from_disk += 1
            else:
                missing[key] = request
        if len(missing) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
            return  # drawn on demand, in process
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context(_start_method()))
        for key, request in missing.items():
            self.pending[key] = self._pool.submit(_draw_in_worker, request.kind, request.journey_text(),
                                                  request.chart_id, request.lang, dict(request.labels),
                                                  request.names, request.persona, request.lines)

    def get(self, request: ChartRequest) -> str | None:
        """The chart's SVG, or None when the journey has no such chart."""
        key = request.key
        self.used.add(key)
        text = self.memory.get(key)
        if text is not None:
            self.from_memory += 1
        else:
            future = self.pending.pop(key, None)
            cached = None if future is not None or self.disk is None else self.disk.get(key)
            if cached is not None:
                self.from_disk += 1
                text = cached
            else:
                try:
                    drawn = future.result() if future is not None else draw(request)
                except Exception:  # the worker died (killed, no spawn here): draw it ourselves
                    drawn = draw(request)
                self.drawn += 1
                text = NO_CHART if drawn is None else drawn
                if self.disk is not None:
                    self.disk.put(key, text)
            self.memory[key] = text
        return None if text == NO_CHART else text

    def prune(self) -> None:
        """Forget the charts not asked for since the last prune (edited or deleted journeys)."""
        for key in set(self.memory) - self.used:
            del self.memory[key]
        self.used = set()

    def close(self) -> None:
        for future in self.pending.values():
            future.cancel()
        self.pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
