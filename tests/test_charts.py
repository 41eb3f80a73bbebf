"""Charts: static, deterministic, accessible SVG; and what a built site does with them."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from mkdocs_journey.charts import ChartRequest, emotion_chart, funnel_chart
from mkdocs_journey.chartstore import NO_CHART, ChartStore, DiskCache
from mkdocs_journey.diskstore import DiskStore
from mkdocs_journey.i18n import EN, ES
from mkdocs_journey.model import Journey


def journey(**extra) -> Journey:
    data = {"title": "T & <b>", "stages": [
        {"name": "<script>alert(1)</script>", "customers": 100, "steps": [{"action": "a", "emotion": 2},
                                                                          {"action": "b", "emotion": -1}]},
        {"name": "Zwei", "customers": 40, "steps": [{"action": "c", "emotion": -2, "pain_points": ["slow"]}]},
        {"name": "Drei", "customers": 10, "emotion": 1},
    ]}
    data.update(extra)
    return Journey.model_validate(data)


@pytest.mark.parametrize("make", [funnel_chart, emotion_chart])
def test_charts_are_static_accessible_and_deterministic(make):
    first = make(journey(), chart_id="c1", labels=EN, lang="en")
    second = make(journey(), chart_id="c1", labels=EN, lang="en")
    assert first is not None and first == second
    assert "<script" not in first and "<!--" not in first and "<style" not in first
    assert re.findall(r"https?://[^\"]+", first) == ["http://www.w3.org/2000/svg"]
    assert 'role="img"' in first and '<title id="c1-title">' in first and '<desc id="c1-desc">' in first
    assert re.findall(r'\bid="([^"]+)"', first) == ["c1", "c1-title", "c1-desc"]
    assert "<script>alert" not in first and "&lt;script&gt;" in first  # user text stays text
    assert len(first.encode()) < 8000


def test_funnel_needs_two_counted_stages():
    one = journey(stages=[{"name": "A", "customers": 5}, {"name": "B"}])
    assert funnel_chart(one, chart_id="x", labels=EN, lang="en") is None
    svg = funnel_chart(journey(), chart_id="x", labels=EN, lang="en")
    assert svg is not None
    for text in ("100 (100.0 %)", "40 (40.0 %)", "10 (10.0 %)", "Zwei", "Drei"):
        assert text in svg
    assert "−100" not in svg and ">-100<" not in svg  # pygal's meaningless value axis is hidden


def test_emotion_curve_scale_steps_and_pain():
    svg = emotion_chart(journey(), chart_id="e", labels=ES, lang="es")
    assert svg is not None
    for word in ("muy negativa", "negativa", "neutra", "positiva", "muy positiva"):
        assert f">{word}<" in svg
    assert svg.count('class="dot"') == 3 + 3 + 1  # stage means, steps, stages with pain points
    assert "Zwei: −2 (muy negativa), puntos de dolor: 1" in svg


def test_store_reuses_unchanged_charts_from_memory_and_disk(tmp_path):
    disk = DiskStore(tmp_path / "cache.sqlite")
    store = ChartStore(disk=DiskCache(disk))
    request = ChartRequest("funnel", journey(), "x", "en", EN)
    first = store.get(request)
    assert first is not None and store.get(request) == first
    assert (store.drawn, store.from_memory) == (1, 1)
    disk.flush()
    other = ChartStore(disk=DiskCache(DiskStore(tmp_path / "cache.sqlite")))  # a later build
    assert other.get(request) == first and (other.drawn, other.from_disk) == (0, 1)
    changed = ChartRequest("funnel", journey(title="other"), "x", "en", EN)
    assert other.get(changed) != first and other.drawn == 1


def test_corrupt_or_unwritable_cache_is_never_fatal(tmp_path):
    request = ChartRequest("emotion", journey(), "e", "en", EN)
    disk = DiskStore(tmp_path / "cache.sqlite")
    disk.put("chart", request.key, "<svg truncated")  # e.g. a foreign or damaged entry
    disk.flush()
    store = ChartStore(disk=DiskCache(disk))
    svg = store.get(request)
    assert svg is not None and svg.endswith("</svg>") and store.drawn == 1
    disk.flush()
    assert DiskStore(tmp_path / "cache.sqlite").get("chart", request.key) == svg  # replaced
    (tmp_path / "file-not-folder").write_text("x")
    readonly = ChartStore(disk=DiskCache(DiskStore(tmp_path / "file-not-folder" / "cache.sqlite")))
    assert readonly.get(request) == svg


def test_no_chart_is_cached_too(tmp_path):
    one_count = journey(stages=[{"name": "A", "customers": 5}, {"name": "B"}])
    disk = DiskStore(tmp_path / "cache.sqlite")
    store = ChartStore(disk=DiskCache(disk))
    request = ChartRequest("funnel", one_count, "f", "en", EN)
    assert store.get(request) is None
    disk.flush()
    assert DiskCache(DiskStore(tmp_path / "cache.sqlite")).get(request.key) == NO_CHART


def test_many_charts_are_drawn_in_a_worker_process_and_few_in_process(tmp_path):
    from mkdocs_journey.chartstore import PARALLEL_FROM

    few = [ChartRequest("emotion", journey(title=f"F{i}"), f"f{i}", "en", EN) for i in range(PARALLEL_FROM - 1)]
    store = ChartStore()
    store.prefetch(few)
    assert not store.pending and store._pool is None
    requests = [ChartRequest("emotion", journey(title=f"J{i}"), f"e{i}", "en", EN) for i in range(PARALLEL_FROM)]
    store.prefetch(requests)
    assert len(store.pending) == PARALLEL_FROM
    svgs = [store.get(r) for r in requests]
    store.close()
    assert all(s and s.startswith("<svg") for s in svgs) and store.drawn == PARALLEL_FROM
    assert svgs[0] == emotion_chart(requests[0].journey, chart_id="e0", labels=EN, lang="en")


def _ids(html: str) -> Counter:
    return Counter(re.findall(r'\sid="([^"]+)"', html))


def test_journey_pages_carry_the_lane_no_pygal_chart_no_script_or_duplicate_id(default_site):
    built = default_site()
    assert built.error is None, built.text()
    for url in ["journeys/first-purchase/", "journeys/insurance-renewal/"]:
        html = built.page(url)
        body = html[html.index('<div class="jm '):html.index('<p class="jm-more">')]
        # the funnel is a table with bars, the emotion curve the map's lane: no pygal chart on a journey page
        assert 'class="jm-chart__svg"' not in body and body.count('class="jm-lane__svg"') == 1
        assert "data-jm-slot" not in body
        assert "<script" not in body and "http" not in body.replace("http://www.w3.org/2000/svg", "")
        duplicates = [k for k, n in _ids(html).items() if n > 1]
        assert duplicates == []
    persona = built.page("personas/lucia/")
    # both journeys' curves on one chart, and no small chart repeating each of them (every fact once)
    assert persona.count('class="jm-chart__svg"') == 1 and 'id="jm-persona-curves"' in persona
    assert not [k for k, n in _ids(persona).items() if n > 1]
    javier = built.page("personas/javier/")  # one journey: its small chart
    assert javier.count('class="jm-chart__svg"') == 1 and 'id="jm-persona-curves"' not in javier


def test_search_index_holds_no_chart_internals(default_site):
    built = default_site()
    index = (built.site / "search/search_index.json").read_text(encoding="utf-8")
    docs = json.loads(index)["docs"]
    text = " ".join(d["text"] + " " + d["title"] for d in docs)
    assert "Sees an ad on Instagram" in text  # the page itself is indexed
    for internal in ("(100.0 %)", "Stage mean", "Stages with pain points", "jm-funnel-chart", "<svg"):
        assert internal not in text, internal


def test_charts_option_off(site_builder):
    built = site_builder(plugins=["search", {"journey": {"charts": False}}])
    html = built.page("journeys/first-purchase/")
    assert "<svg" not in html.split('<div class="jm ')[1] and "data-jm-slot" not in html
    assert "The chart&#39;s data" in html  # the emotion data table stays, open


def test_mkdocs_theme_search_index_holds_no_chart_internals(default_site):
    built = default_site("mkdocs")
    index = (built.site / "search/search_index.json").read_text(encoding="utf-8")
    assert "Stage mean" not in index and "(100.0 %)" not in index and "Sees an ad on Instagram" in index


@pytest.mark.parametrize("stages", [4, 15])
def test_curve_chart_stage_names_never_run_into_each_other(stages):
    """Fifteen stage names across a persona's journeys do not fit side by side: they are slanted."""
    from mkdocs_journey.charts import Lines, curves_chart

    axis = tuple(f"Stage number {n}" for n in range(stages))
    lines = Lines("Curves", axis, (("A", tuple(float(n % 3 - 1) for n in range(stages))),
                                   ("B", tuple(None if n % 2 else 1.0 for n in range(stages)))))
    svg = curves_chart(lines, chart_id="c", labels=EN, lang="en")
    assert svg is not None
    assert ("rotate(40" in svg) == (stages == 15)


def test_series_settings_list_the_same_names_as_pygals():
    """charts._SerieConfig works `dir()` out once (issue 16): pygal's settings, before and after an update.

    pygal reads only the names without a leading underscore (`BaseConfig.__init__`, `_update`); the
    subclass's own extra names (`_names`, `__dir__`) all have one."""
    from pygal.config import SerieConfig

    from mkdocs_journey.charts import _SerieConfig

    def settings(config: object) -> list[str]:
        return [name for name in dir(config) if not name.startswith("_")]

    fresh, plain = _SerieConfig(), SerieConfig()
    assert settings(fresh) == settings(plain) and "title" in settings(fresh)
    fresh(title="a", stroke=False, not_a_setting=1)
    plain(title="a", stroke=False, not_a_setting=1)
    assert settings(fresh) == settings(plain) and fresh.title == plain.title == "a" and fresh.stroke is plain.stroke is False
    assert set(dir(fresh)) - set(dir(plain)) <= {name for name in dir(fresh) if name.startswith("_")}
