"""How much slower is a site of N journeys than the same content written by hand?

    python benchmarks/build_speed.py                 # N = 300, 3 alternating runs
    python benchmarks/build_speed.py --n 300 --runs 5 --scale 3000

For N journeys (and N/10 personas) it writes two sites in a temporary folder:

- plugin: `journeys/*.yml` and `journeys/personas/*.yml`, built by the plugin;
- floor: the same text written by hand as Markdown pages (a table for the journey map, lists for
  the stages, a table of KPIs), which is what a team without the plugin would maintain.

Both use Material with the search plugin and the same navigation (home, catalogue, persona index),
so that the cost of the content is compared. Builds run as separate `mkdocs build` processes, in
alternating order (floor, cold, warm), and the script prints medians and ratios:

- cold: the plugin with an empty cache (`.cache/journey/` removed);
- warm: the plugin with the cache of the previous build (a CI with a cached folder, or a rebuild);
- default nav: both sites with MkDocs' default navigation (every page in the nav).

`--scale N2` adds one cold build at N2 journeys: its time, its peak RSS, and time(N2)/time(N).
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
from pathlib import Path

import yaml

WORDS = [
    "customer", "compares", "prices", "delivery", "checkout", "mobile", "store", "email", "support", "order",
    "account", "review", "discount", "payment", "return", "size", "stock", "advisor", "call", "wait", "form",
    "contract", "renewal", "onboarding", "invoice", "portal", "tracking", "survey", "loyalty", "referral",
    "chat", "app", "notification",
]
STAGES = ["Awareness", "Consideration", "Decision", "Purchase", "Retention", "Advocacy"]


def text(i: int, j: int, n: int = 8) -> str:
    return " ".join(WORDS[(i * 7 + j * 3 + k * 5) % len(WORDS)] for k in range(n)).capitalize() + f" {i}.{j}"


def journey(i: int, personas: int) -> dict:
    stages = []
    count = 10000 + i
    for s, name in enumerate(STAGES):
        count = int(count * (0.4 + (i + s) % 5 / 10))
        steps = [{"action": text(i, s * 10 + k), "touchpoint": text(i, s * 10 + k, 3), "channel": WORDS[(i + k) % 9],
                  "emotion": (i + s + k) % 5 - 2, "thought": text(i, s * 10 + k + 5, 6),
                  "pain_points": [text(i, s * 10 + k + 6, 5)], "opportunities": [text(i, s * 10 + k + 7, 5)],
                  "backstage": [text(i, s * 10 + k + 8, 4)]} for k in range(3)]
        stages.append({"name": name, "customers": count, "goal": text(i, s, 6), "steps": steps,
                       "kpis": [{"name": "Conversion", "value": 10 + s, "target": 12 + s, "unit": "%"}]})
    return {"title": f"Journey {i}: {text(i, 0, 3)}", "persona": f"persona-{i % personas}",
            "summary": text(i, 99, 20), "tags": [WORDS[i % 7], WORDS[i % 11]], "owner": "CX team",
            "stages": stages}


def persona(p: int) -> dict:
    return {"name": f"Persona {p}", "role": text(p, 1, 4), "quote": text(p, 2, 8), "summary": text(p, 3, 20),
            **{key: [text(p, 4 + k, 5) for k in range(3)] for key in ("goals", "needs", "frustrations", "behaviors",
                                                                       "channels")}}


def cell(values: list[str]) -> str:
    return "<br>".join(v.replace("|", "\\|") for v in values) or "—"


def journey_markdown(jid: str, data: dict) -> str:
    """The page a team would write by hand: same text, as Markdown tables and lists."""
    stages = data["stages"]
    out = [f"# {data['title']}", "", f"Owner: {data['owner']} · Persona: [{data['persona']}](../personas/"
           f"{data['persona']}.md) · Tags: {', '.join(data['tags'])}", "", data["summary"], "", "## Funnel", "",
           "| Stage | Customers | % of first |", "| --- | ---: | ---: |"]
    first = stages[0]["customers"]
    out += [f"| {s['name']} | {s['customers']} | {100 * s['customers'] / first:.1f} % |" for s in stages]
    out += ["", "## Journey map", "", "| | " + " | ".join(s["name"] for s in stages) + " |",
            "| --- |" + " --- |" * len(stages)]
    rows = [("Goal", lambda s: [s["goal"]]), ("Actions", lambda s: [st["action"] for st in s["steps"]]),
            ("Touchpoints", lambda s: [st["touchpoint"] for st in s["steps"]]),
            ("Channels", lambda s: [st["channel"] for st in s["steps"]]),
            ("Emotion", lambda s: [str(round(sum(st["emotion"] for st in s["steps"]) / 3, 1))]),
            ("Thoughts", lambda s: [st["thought"] for st in s["steps"]]),
            ("Pain points", lambda s: [p for st in s["steps"] for p in st["pain_points"]]),
            ("Opportunities", lambda s: [p for st in s["steps"] for p in st["opportunities"]]),
            ("Backstage", lambda s: [p for st in s["steps"] for p in st["backstage"]]),
            ("KPIs", lambda s: [f"{k['name']}: {k['value']} / {k['target']} {k['unit']}" for k in s["kpis"]])]
    out += [f"| **{label}** | " + " | ".join(cell(get(s)) for s in stages) + " |" for label, get in rows]
    out += ["", "## Stages in detail", ""]
    for n, s in enumerate(stages, 1):
        out += [f"### {n}. {s['name']}", "", f"Goal: {s['goal']}", ""]
        for st in s["steps"]:
            out += [f"1. **{st['action']}**", f"    - Touchpoint: {st['touchpoint']}", f"    - Channel: {st['channel']}",
                    f"    - Emotion: {st['emotion']}", f"    - Thought: {st['thought']}",
                    f"    - Pain points: {'; '.join(st['pain_points'])}",
                    f"    - Opportunities: {'; '.join(st['opportunities'])}",
                    f"    - Backstage: {'; '.join(st['backstage'])}"]
        out += ["", "| KPI | Value | Target |", "| --- | ---: | ---: |"]
        out += [f"| {k['name']} | {k['value']} {k['unit']} | {k['target']} {k['unit']} |" for k in s["kpis"]] + [""]
    return "\n".join(out) + "\n"


def persona_markdown(pid: str, data: dict, journeys: list[tuple[str, str]]) -> str:
    out = [f"# {data['name']}", "", data["role"], "", f"> {data['quote']}", "", data["summary"], ""]
    for key in ("goals", "needs", "frustrations", "behaviors", "channels"):
        out += [f"## {key.capitalize()}", ""] + [f"- {v}" for v in data[key]] + [""]
    out += ["## Journeys", ""] + [f"- [{title}](../journeys/{jid}.md)" for jid, title in journeys]
    return "\n".join(out) + "\n"


def write_sites(root: Path, n: int) -> tuple[Path, Path]:
    personas = max(1, n // 10)
    plugin, floor = root / "plugin", root / "floor"
    journeys = {f"journey-{i:04d}": journey(i, personas) for i in range(n)}
    people = {f"persona-{p}": persona(p) for p in range(personas)}
    for site in (plugin, floor):
        (site / "docs").mkdir(parents=True)
        (site / "docs/index.md").write_text("# Home\n\nCustomer journeys.\n")
    (plugin / "journeys/personas").mkdir(parents=True)
    for jid, data in journeys.items():
        (plugin / f"journeys/{jid}.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    for pid, data in people.items():
        (plugin / f"journeys/personas/{pid}.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    (floor / "docs/journeys").mkdir()
    (floor / "docs/personas").mkdir()
    (floor / "docs/journeys/index.md").write_text("# Customer journeys\n\n" + "".join(
        f"- [{d['title']}]({jid}.md)\n" for jid, d in journeys.items()))
    (floor / "docs/personas/index.md").write_text("# Personas\n\n" + "".join(
        f"- [{d['name']}]({pid}.md)\n" for pid, d in people.items()))
    for jid, data in journeys.items():
        (floor / f"docs/journeys/{jid}.md").write_text(journey_markdown(jid, data))
    for pid, data in people.items():
        mine = [(jid, d["title"]) for jid, d in journeys.items() if d["persona"] == pid]
        (floor / f"docs/personas/{pid}.md").write_text(persona_markdown(pid, data, mine))
    return plugin, floor


def configure(site: Path, *, plugin: bool, index_nav: bool) -> None:
    config: dict = {"site_name": "Benchmark", "theme": {"name": "material", "font": False},
                    "plugins": ["search", "journey"] if plugin else ["search"],
                    "markdown_extensions": ["tables", "toc", "attr_list"]}
    if index_nav:
        config["nav"] = ["index.md", "journeys/index.md", "personas/index.md"]
        if not plugin:
            config["not_in_nav"] = "/journeys/journey-*.md\n/personas/persona-*.md"
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config))


def build(site: Path) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of one `mkdocs build` process."""
    out = site / "_site"
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=site, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build failed in {site}: {proc.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss


def cold(site: Path) -> tuple[float, int]:
    shutil.rmtree(site / ".cache", ignore_errors=True)
    return build(site)


def compare(plugin: Path, floor: Path, runs: int, *, index_nav: bool) -> dict[str, float]:
    configure(plugin, plugin=True, index_nav=index_nav)
    configure(floor, plugin=False, index_nav=index_nav)
    times: dict[str, list[float]] = {"floor": [], "cold": [], "warm": []}
    build(floor), cold(plugin)  # warm-up: imports and the OS file cache, not counted
    for _ in range(runs):
        times["floor"].append(build(floor)[0])
        times["cold"].append(cold(plugin)[0])
        times["warm"].append(build(plugin)[0])
    return {name: statistics.median(values) for name, values in times.items()} | {
        f"{name} runs": " ".join(f"{v:.2f}" for v in values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, default=0, help="also time one cold build of this many journeys")
    parser.add_argument("--default-nav", action="store_true", help="also compare with MkDocs' default navigation")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plugin, floor = write_sites(Path(tmp) / f"n{args.n}", args.n)
        print(f"N = {args.n} journeys, {max(1, args.n // 10)} personas; median of {args.runs} alternating runs")
        result = compare(plugin, floor, args.runs, index_nav=True)
        print(f"  same nav (home, catalogue, persona index):  floor {result['floor']:.2f} s   "
              f"cold {result['cold']:.2f} s ({result['cold'] / result['floor']:.2f} x)   "
              f"warm {result['warm']:.2f} s ({result['warm'] / result['floor']:.2f} x)")
        print(f"    runs: floor {result['floor runs']} | cold {result['cold runs']} | warm {result['warm runs']}")
        if args.default_nav:
            result_nav = compare(plugin, floor, args.runs, index_nav=False)
            print(f"  default nav (every page in the nav):        floor {result_nav['floor']:.2f} s   "
                  f"cold {result_nav['cold']:.2f} s ({result_nav['cold'] / result_nav['floor']:.2f} x)   "
                  f"warm {result_nav['warm']:.2f} s ({result_nav['warm'] / result_nav['floor']:.2f} x)")
        if args.scale:
            big, _big_floor = write_sites(Path(tmp) / f"n{args.scale}", args.scale)
            configure(big, plugin=True, index_nav=True)
            seconds, rss = cold(big)
            print(f"N = {args.scale}: cold build {seconds:.2f} s, peak RSS {rss / 1024:.0f} MiB, "
                  f"time({args.scale}) / time({args.n}) = {seconds / result['cold']:.2f}")


if __name__ == "__main__":
    main()
