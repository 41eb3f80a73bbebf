"""The speed work of issue 16 changes no page and no message: parsed files kept between builds, chart
keys made once, and the text limits' fast path."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from mkdocs_journey import limits
from mkdocs_journey.charts import ChartKind, ChartRequest
from mkdocs_journey.diskstore import DiskStore
from mkdocs_journey.parsecache import ParseCache, dumps, loads
from mkdocs_journey.rendering import PageKey, Renderer
from mkdocs_journey.settings import resolve
from mkdocs_journey.views import DEFAULT_VIEWS
from mkdocs_journey.workspace import Workspace
from mkdocs_journey.yamlsource import SourceFloat, SourceInt, read_yaml

from conftest import JOURNEY_A, build_site, cache_entries, edit_cache_entries, site_files, write_site


def _pages(site: Path) -> dict[Path, bytes]:
    return {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def test_a_warm_build_reads_parsed_files_from_the_cache_and_gives_the_same_pages(tmp_path):
    cold = build_site(tmp_path, site_files())
    assert cold.error is None, cold.text()
    assert len(cache_entries(tmp_path, "parsed")) == 4  # two journeys, two personas
    pages = _pages(cold.site)
    warm = build_site(tmp_path, site_files())
    assert warm.error is None, warm.text()
    assert _pages(warm.site) == pages


def test_positions_from_the_cache_are_those_of_the_file(tmp_path):
    """A catalogue check (here: an unknown persona) reports the same file:line:col from a cached file."""
    files = site_files(**{"journeys/first-purchase.yml": JOURNEY_A.replace("persona: lucia", "persona: lucio")})
    cold = build_site(tmp_path, files, strict=False)
    said = [m for m in cold.messages if "unknown persona 'lucio'" in m]
    assert said and "first-purchase.yml:2:" in said[0], cold.text()
    assert cache_entries(tmp_path, "parsed")
    warm = build_site(tmp_path, files, strict=False)
    assert [m for m in warm.messages if "unknown persona 'lucio'" in m] == said


def test_a_broken_file_is_not_kept_and_says_its_problem_every_build(tmp_path):
    broken = "title: Broken\nstages:\n  - name: A\n    name: B\n"
    files = site_files(**{"journeys/broken.yml": broken})
    for _ in range(2):
        built = build_site(tmp_path, files, strict=False)
        assert "journeys/broken.yml:4:5" in built.text() and "duplicate key 'name'" in built.text(), built.text()
    assert len(cache_entries(tmp_path, "parsed")) == 4  # the four good files only


@pytest.mark.parametrize("damage", [b"", b'{"data":', b'{"data": {}, "numbers": [], "values": [1], "keys": []}',
                                    b'{"data": "x", "numbers": [[]], "values": [1, 1], "keys": []}', b"\xff\xfe"])
def test_a_damaged_entry_is_only_a_miss(tmp_path, damage):
    first = build_site(tmp_path, site_files())
    assert edit_cache_entries(tmp_path, "parsed", lambda _: damage)
    again = build_site(tmp_path, site_files())
    assert again.error is None, again.text()
    assert _pages(again.site) == _pages(first.site)


def test_an_unwritable_cache_never_breaks_the_build(tmp_path):
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache/journey").write_text("a file where the folder should be")
    built = build_site(tmp_path, site_files())
    assert built.error is None, built.text()
    assert "First online purchase" in built.page("journeys/first-purchase/")


def test_no_parse_cache_without_the_cache(tmp_path):
    built = build_site(tmp_path, site_files(), plugins=["search", {"journey": {"cache": False}}])
    assert built.error is None, built.text()
    assert not (tmp_path / ".cache").exists()


def _same(a: object, b: object) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_same, a, b))  # type: ignore[arg-type]
    if isinstance(a, (SourceInt, SourceFloat)):
        return a.source == b.source and (a == b or a != a)  # type: ignore[union-attr]
    return a == b


@pytest.mark.parametrize("text", [
    JOURNEY_A,
    "title: 007\nversion: 1.10\nn: [0x1F, 0o17, -.inf, .nan, 1e3, +5]\nflags: {yes: no, on: true, off: ~}\n"
    "empty:\nlist: []\nmap: {}\nquoted: '12'\nnested: [[1, [2, {a: [3]}]]]\n'': empty key\n",
])
def test_a_cached_document_is_the_parsed_one(tmp_path, text):
    doc, problems = read_yaml(text.encode(), "x.yml")
    assert doc is not None and not problems
    back = loads(dumps(doc))
    assert _same(back.data, doc.data)
    assert back.values_at == doc.values_at and list(back.values_at) == list(doc.values_at)
    assert back.keys_at == doc.keys_at and list(back.keys_at) == list(doc.keys_at)
    cache = ParseCache(DiskStore(tmp_path / "cache.sqlite"))
    cache.read(text.encode(), "x.yml")
    hit, hit_problems = cache.read(text.encode(), "x.yml")
    assert hit is not None and not hit_problems and _same(hit.data, doc.data) and hit.values_at == doc.values_at


def test_reading_and_caching_a_file_leaves_no_garbage_for_the_collector():
    """Files are read with the collector paused, then frozen (collector.py): a reference cycle made while
    reading one stays in memory to the end of the build. None is made (parsecache._walk)."""
    import gc

    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        doc, _ = read_yaml(JOURNEY_A.encode(), "x.yml")
        assert doc is not None
        loads(dumps(doc))
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()


def test_chart_keys_made_once_are_the_keys_made_from_scratch(tmp_path):
    """The chart cache on disk stays valid: a key does not depend on how its texts were made."""
    root = write_site(tmp_path, site_files())
    settings = resolve({"cache": False}, config_file=root / "mkdocs.yml")
    renderer = Renderer(Workspace(keep=False).load(settings), DEFAULT_VIEWS)
    for kind in ChartKind:
        made = renderer.chart(kind, "first-purchase", "c")
        fresh = ChartRequest(made.kind, made.journey, made.chart_id, made.lang, made.labels, made.names, made.persona)
        assert made.journey_json and made.key == fresh.key
        assert made == fresh


def test_the_limits_fast_path_agrees_with_the_full_checks():
    rng = random.Random(16)
    alphabet = "ab -*+>1.)\n\t [](`\x01\x85 \ud800\ufffe9"
    samples = ["- " * 21 + "x", "x\n" + "> " * 21, "a" * (limits.MAX_TEXT + 1), "[" * 201, "`" * 201, "plain words"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 50))) for _ in range(3000)]
    full = limits._MAYBE_COSTLY
    for text in samples:
        fast = limits.text_problems(text)
        limits._MAYBE_COSTLY = limits.re.compile("")  # matches everything: the full checks always run
        try:
            assert fast == limits.text_problems(text), ascii(text)
        finally:
            limits._MAYBE_COSTLY = full


def test_while_serving_an_index_page_follows_an_edit_of_any_journey(tmp_path):
    """The index pages' memo key is one digest of the catalogue: an edit of one journey renders them again."""
    root = write_site(tmp_path, site_files())
    settings = resolve({"cache": False}, config_file=root / "mkdocs.yml")
    workspace = Workspace(keep=True)
    before = workspace.render(Renderer(workspace.load(settings), DEFAULT_VIEWS), PageKey("catalogue")).body.html
    assert "First online purchase" in before
    path = root / "journeys/first-purchase.yml"
    path.write_text(path.read_text().replace("First online purchase", "First shop visit"))
    after = workspace.render(Renderer(workspace.load(settings), DEFAULT_VIEWS), PageKey("catalogue")).body.html
    assert "First shop visit" in after and "First online purchase" not in after
    again = workspace.render(Renderer(workspace.load(settings), DEFAULT_VIEWS), PageKey("catalogue"))
    assert again.body.html == after


@pytest.mark.parametrize("broken", [False, True])
def test_the_collector_is_handed_back_after_a_build(tmp_path, broken):
    """collector.py pauses and freezes Python's garbage collector during a build: never after one, failed or not."""
    import gc

    files = site_files(**{"overrides/journey.html": "{{ nothing_here }}" if broken else "<h1 id=\"journey\">{{ journey.title }}</h1>"})
    plugins = ["search", {"journey": {"custom_templates": "overrides"}}]
    built = build_site(tmp_path, files, plugins=plugins)
    assert (built.error is not None) == broken, built.text()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_the_plugin_lets_go_of_the_session_when_it_ends(tmp_path):
    """MkDocs keeps its plugins to the end of the process, whose last collections walked every object they
    still held (~0.4 s of CPU at exit at N = 300): at shutdown the plugin holds no catalogue, page or chart."""
    import weakref

    plugins = []
    built = build_site(tmp_path, site_files(), configure=lambda cfg: plugins.append(cfg.plugins["journey"]))
    assert built.error is None, built.text()
    plugin = plugins[0]
    assert plugin.renderer is None and plugin.late == {} and not plugin.published.pages
    assert plugin.workspace.charts.memory == {} and plugin.workspace.last_good == {}
    catalog = load_catalog_of(tmp_path)
    ref = weakref.ref(catalog)
    del catalog
    assert ref() is None  # a catalogue is freed by reference counting alone: no cycle for the collector


def load_catalog_of(root: Path):
    from mkdocs_journey.catalog import load_catalog

    return load_catalog(root / "journeys", root / "journeys/personas", root=root)


def test_a_one_off_build_keeps_the_models_not_the_documents_and_a_session_keeps_both(tmp_path):
    write_site(tmp_path, site_files())
    settings = resolve({}, config_file=tmp_path / "mkdocs.yml")
    one_off = Workspace(keep=False).load(settings)
    serving = Workspace(keep=True).load(settings)
    assert one_off.journeys == serving.journeys and one_off.errors == serving.errors  # the same catalogue
    assert one_off.loaded and all(item.document.values_at == {} for _, item in one_off.loaded.values())
    assert all(item.document.values_at for _, item in serving.loaded.values())  # a later build re-checks them
