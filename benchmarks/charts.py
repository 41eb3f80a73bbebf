"""Per-chart render time and size on the demo journeys (medians), and the demo site's HTML size.

    python benchmarks/charts.py [--repeat 20]

Times are for a cold render (no cache) of each chart, repeated; sizes are of the SVG as inlined.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mkdocs_journey.catalog import load_catalog
from mkdocs_journey.charts import emotion_chart, funnel_chart
from mkdocs_journey.i18n import EN

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    catalog = load_catalog(ROOT / "journeys", ROOT / "journeys/personas", root=ROOT)
    results: dict[str, tuple[list[float], list[int]]] = {"funnel": ([], []), "emotion": ([], []),
                                                          "emotion (small)": ([], [])}
    for jid, journey in catalog.journeys.items():
        for name, make, extra in (("funnel", funnel_chart, {}), ("emotion", emotion_chart, {}),
                                  ("emotion (small)", emotion_chart, {"small": True})):
            times, sizes = results[name]
            for _ in range(args.repeat):
                start = time.perf_counter()
                svg = make(journey, chart_id=f"c-{jid}", labels=EN, lang="en", **extra)
                times.append((time.perf_counter() - start) * 1000)
            if svg:
                sizes.append(len(svg.encode()))
    print(f"{len(catalog.journeys)} journeys, {args.repeat} renders each")
    for name, (times, sizes) in results.items():
        print(f"{name:16} median {statistics.median(times):6.2f} ms   median size {statistics.median(sizes) / 1024:5.1f} KiB"
              f"   (max {max(sizes) / 1024:.1f} KiB)")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", tmp, "-f", str(ROOT / "mkdocs.yml")],
                       check=True)
        pages = list(Path(tmp).rglob("*.html"))
        generated = [p for p in pages if p.relative_to(tmp).parts[0] in ("journeys", "personas")]
        total = sum(p.stat().st_size for p in pages)
        charts = sum(p.read_text(encoding="utf-8").count("class=\"jm-chart__svg\"") for p in generated)
        print(f"demo site: {len(pages)} HTML pages, {total / 1024:.0f} KiB of HTML "
              f"({sum(p.stat().st_size for p in generated) / 1024:.0f} KiB in {len(generated)} generated pages, "
              f"{charts} inline charts)")


if __name__ == "__main__":
    main()
