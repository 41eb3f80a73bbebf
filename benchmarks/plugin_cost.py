"""The plugin's own cost per journey, without MkDocs: load and validate, page bodies, charts.

    python benchmarks/plugin_cost.py [--n 300] [--runs 3]

Writes N generated journeys (perf.sh's genjourneys.py, as benchmarks/build_speed.py does), then times each layer in this
process, in a single thread, and prints the median over runs divided by N.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from build_speed import BENCH, generate

from mkdocs_journey.catalog import load_catalog
from mkdocs_journey.charts import draw
from mkdocs_journey.rendering import Deferred, Renderer
from mkdocs_journey.views import DEFAULT_VIEWS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = generate(BENCH, args.n, Path(tmp) / "gen")
        results: dict[str, list[float]] = {"load and validate": [], "page bodies": [], "charts": []}
        for _ in range(args.runs):
            start = time.perf_counter()
            catalog = load_catalog(site / "journeys", site / "journeys/personas", root=site)
            results["load and validate"].append(time.perf_counter() - start)
            renderer = Renderer(catalog, DEFAULT_VIEWS)
            start = time.perf_counter()
            for key in renderer.pages():
                renderer.render(key, Deferred())
            results["page bodies"].append(time.perf_counter() - start)
            start = time.perf_counter()
            for key in renderer.pages():
                for request in renderer.view(key).charts(renderer, key.item):
                    draw(request)
            results["charts"].append(time.perf_counter() - start)
    print(f"N = {args.n} journeys, {max(1, args.n // 10)} personas; median of {args.runs} runs, per journey:")
    for name, values in results.items():
        print(f"  {name:18} {statistics.median(values) / args.n * 1000:6.2f} ms")
    print(f"  {'total':18} {sum(statistics.median(v) for v in results.values()) / args.n * 1000:6.2f} ms")


if __name__ == "__main__":
    main()
