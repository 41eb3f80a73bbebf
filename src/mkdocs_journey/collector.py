"""Python's cyclic garbage collector, told that the catalogue lives as long as the build.

The collector walks every object it tracks at each full collection, and a catalogue is millions of them at
thousands of journeys (each journey, stage, step and pain point a pydantic model, each value a string of
its own). None of them can be freed before the build ends, yet the collector walked them again and again
while files were read and pages rendered: at N = 3000 (perf.sh's generator, `benchmarks/plugin_cost.py`)
loading took 6.2 s with the collector and 3.1 s without it, the pages across journeys 13 s and 4.8 s.

So the catalogue is loaded with the collector paused (reading files makes no reference cycles to collect;
what is not kept is freed by reference counting as usual), then frozen (`gc.freeze`: moved where
collections do not look) until the end of the build, also a failed one, when it is handed back (`release`).
A page is rendered with the collector paused too: the page across journeys at N = 3000 builds ~50,000
places and rows that collections walked again as the lists grew; what cycles a render leaves (Jinja's
contexts) are collected after the page. `mkdocs serve` does all this at every rebuild, so what a rebuild
no longer uses is collected as before.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


class Collector:
    """Pauses, freezes and releases the collector for one build at a time."""

    def __init__(self) -> None:
        self.frozen = False

    @contextmanager
    def paused(self, *, then_freeze: bool = False) -> Iterator[None]:
        """The collector off for the block; `then_freeze`: what exists after it lives until `release`,
        frozen before the collector runs again (else its first collection walks all of it once more)."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            if then_freeze:
                gc.freeze()
                self.frozen = True
            if enabled:
                gc.enable()

    def release(self) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = False
