"""The speed yardstick of issue 16, as `../shared/bench/perf.sh` measures it, with CPU time and memory.

    python benchmarks/build_speed.py                      # N = 300: content only and default nav
    python benchmarks/build_speed.py --n 300 --runs 3 --scale 3000

The sites are the ones perf.sh builds: `genjourneys.py N` (from `--bench`, by default
`../shared/bench/` beside the repository) writes N journeys and N/10 personas as YAML for the
plugin, and the same facts written once by hand as Markdown pages (the floor). Both sites use
Material with the search plugin; "content only" has a nav of the home page alone, "default nav"
MkDocs' own nav of every page. Each build is a separate `mkdocs build -q` process, in perf.sh's
order (floor, cold, warm) repeated `--runs` times; the script prints medians of:

- wall time, and CPU time (user + sys of the build process and of what it waited for: the chart
  worker), so a busy machine shows in the wall time and not in the CPU time;
- peak memory (ru_maxrss of the build, its chart worker included when that is larger);
- cold: no `.cache/` beside mkdocs.yml; warm: the next build, with the cache of the previous one.

`--scale N2` also builds N2 journeys (cold, then warm), says the time per journey at N and N2
(linear: the ratio stays near 1) and checks that peak memory stays under 1.5 GB.
This is a script, not a test: timings on a shared machine are not pass/fail material for CI.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
MEMORY_LIMIT_MB = 1536


@dataclass(frozen=True)
class Run:
    """One build: seconds of wall time, seconds of CPU (user + sys), peak RSS in MiB."""

    wall: float
    cpu: float
    rss: float


def generate(bench: Path, n: int, out: Path) -> Path:
    """The journeys and the hand-written pages of perf.sh, from its own generator."""
    script = bench / "genjourneys.py"
    if not script.is_file():
        raise SystemExit(f"{script} not found: pass --bench with the folder holding perf.sh and genjourneys.py")
    subprocess.run([sys.executable, str(script), str(n), str(out)], check=True)
    return out


def make_site(site: Path, gen: Path, *, nav: bool, plugin: bool) -> Path:
    """A site as perf.sh's `mk` writes it: the same mkdocs.yml, the same content."""
    (site / "docs").mkdir(parents=True)
    (site / "docs/index.md").write_text("# Home\n\nWelcome.\n")
    config = ["site_name: perf", "theme:", "  name: material", "plugins:", "  - search"]
    config += ["  - journey"] if plugin else []
    config += ["nav:", "  - Home: index.md"] if nav else []
    (site / "mkdocs.yml").write_text("\n".join(config) + "\n")
    if plugin:
        shutil.copytree(gen / "journeys", site / "journeys")
    else:
        for folder in ("journeys", "personas"):
            shutil.copytree(gen / "plain" / folder, site / "docs" / folder)
    return site


def build(site: Path, *, cold: bool) -> Run:
    """One `mkdocs build -q -d site` process; cold removes `.cache/` first."""
    if cold:
        shutil.rmtree(site / ".cache", ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=site, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # wait4's usage counts the process and the children it waited for (the chart worker), like perf.sh's
    # RUSAGE_CHILDREN; its ru_maxrss is the largest of them (KiB on Linux).
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"build failed in {site}: {stderr[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               statistics.median(r.rss for r in runs))


def compare(plugin: Path, floor: Path, runs: int) -> dict[str, Run]:
    """perf.sh's protocol: (floor, cold, warm) × runs, medians."""
    times: dict[str, list[Run]] = {"floor": [], "cold": [], "warm": []}
    for _ in range(runs):
        times["floor"].append(build(floor, cold=False))
        times["cold"].append(build(plugin, cold=True))
        times["warm"].append(build(plugin, cold=False))
    for name, values in times.items():
        print(f"    {name:5} runs: " + "  ".join(f"{r.wall:.2f}s/{r.cpu:.2f}s" for r in values), file=sys.stderr)
    return {name: median(values) for name, values in times.items()}


def line(label: str, m: dict[str, Run]) -> str:
    f, c, w = m["floor"], m["cold"], m["warm"]
    return (f"{label}: floor {f.wall:.2f}s wall {f.cpu:.2f}s cpu {f.rss:.0f}MiB"
            f" | cold {c.wall:.2f}s ({c.wall / f.wall:.2f}x wall, {c.cpu / f.cpu:.2f}x cpu) {c.rss:.0f}MiB"
            f" | warm {w.wall:.2f}s ({w.wall / f.wall:.2f}x wall, {w.cpu / f.cpu:.2f}x cpu) {w.rss:.0f}MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, default=0, help="also build this many journeys: linearity and memory")
    parser.add_argument("--bench", type=Path, default=BENCH, help="the folder of perf.sh and genjourneys.py")
    parser.add_argument("--only", choices=("content", "auto"), help="one of the two navigations only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="journey-speed-") as tmp:
        work = Path(tmp)
        gen = generate(args.bench, args.n, work / "gen")
        print(f"N = {args.n} journeys, {max(1, args.n // 10)} personas (genjourneys.py); "
              f"medians of {args.runs} runs of (floor, cold, warm)")
        results: dict[str, dict[str, Run]] = {}
        for label, nav, only in (("auto nav", False, "auto"), ("content only", True, "content")):
            if args.only not in (None, only):
                continue
            name = "content" if nav else "auto"
            plugin = make_site(work / f"plugin-{name}", gen, nav=nav, plugin=True)
            floor = make_site(work / f"floor-{name}", gen, nav=nav, plugin=False)
            results[label] = compare(plugin, floor, args.runs)
            print(line(label, results[label]), flush=True)
        if args.scale:
            base = results.get("content only") or next(iter(results.values()))
            big_gen = generate(args.bench, args.scale, work / "gen-big")
            big = make_site(work / "plugin-big", big_gen, nav=True, plugin=True)
            big_floor = make_site(work / "floor-big", big_gen, nav=True, plugin=False)
            scaled = {"floor": build(big_floor, cold=False), "cold": build(big, cold=True),
                      "warm": build(big, cold=False)}
            print(line(f"N = {args.scale} (one run)", scaled))
            for kind in ("cold", "warm"):
                small, large = base[kind], scaled[kind]
                per_small, per_large = small.wall / args.n, large.wall / args.scale
                cpu_small, cpu_large = small.cpu / args.n, large.cpu / args.scale
                print(f"  {kind}: per journey {per_small * 1000:.1f} ms at N={args.n}, {per_large * 1000:.1f} ms at "
                      f"N={args.scale} (x{per_large / per_small:.2f} wall, x{cpu_large / cpu_small:.2f} cpu; "
                      f"linear is <= 1)")
            peak = max(r.rss for r in scaled.values())
            verdict = "ok" if peak < MEMORY_LIMIT_MB else "OVER"
            print(f"  peak memory at N={args.scale}: {peak:.0f} MiB ({verdict}: the limit is {MEMORY_LIMIT_MB} MiB)")


if __name__ == "__main__":
    main()
