"""Pure rendering layers: Markdown of user text, titles, URLs, labels. No site needed."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mkdocs_journey
from mkdocs_journey.i18n import EN, ES, labels_for
from mkdocs_journey.markup import render_block, render_inline, safe_title

TEMPLATES = Path(mkdocs_journey.__file__).parent / "templates"  # the installed package's


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("plain words", "plain words"),
        ("**bold** and *it*", "<strong>bold</strong> and <em>it</em>"),
        ("`code`", "<code>code</code>"),
        ("<b>raw</b>", "&lt;b&gt;raw&lt;/b&gt;"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[x](javascript:alert(1))", "<a rel=\"noopener noreferrer\">x</a>"),
        ("[x](https://example.org)", '<a href="https://example.org" rel="noopener noreferrer">x</a>'),
        ("[x](../other/)", '<a href="../other/" rel="noopener noreferrer">x</a>'),
        ("a & b", "a &amp; b"),
        ("Tom's 5 > 3", "Tom's 5 &gt; 3"),
        ("#1 complaint", "#1 complaint"),
        ("1. Abre la app", "1. Abre la app"),
        ("- Compra", "- Compra"),
        ("2024. Lanzamiento", "2024. Lanzamiento"),
    ],
)
def test_inline_markdown_is_safe(text, html):
    assert str(render_inline(text)) == html


def test_block_markdown_keeps_lists_and_escapes_html():
    html = str(render_block("Intro\n\n- one\n- <img src=x onerror=alert(1)>\n"))
    assert "<ul>" in html and "<li>one</li>" in html
    assert "<img" not in html and "&lt;img" in html


def test_safe_title_has_no_markup_even_after_unescaping():
    title = safe_title('</title><script>alert("x")</script> & more')
    assert "<" not in title and '"' not in title
    assert "& more" in title  # & stays as written: an entity never makes markup
    from markupsafe import Markup

    assert "<" not in Markup(title).striptags() and '"' not in Markup(title).striptags()


def _renderer(tmp_path, **options):
    from mkdocs_journey.catalog import load_catalog
    from mkdocs_journey.rendering import Renderer
    from mkdocs_journey.views import DEFAULT_VIEWS

    from conftest import JOURNEY_A, PERSONA_LUCIA, write_tree

    write_tree(tmp_path, {"journeys/a.yml": JOURNEY_A, "journeys/personas/lucia.yml": PERSONA_LUCIA})
    catalog = load_catalog(tmp_path / "journeys", tmp_path / "journeys/personas", root=tmp_path)
    return Renderer(catalog, DEFAULT_VIEWS, **options)


@pytest.mark.parametrize(
    ("directory_urls", "here", "there", "link"),
    [
        (True, ("catalogue", None), ("journey", "a"), "a/"),
        (True, ("journey", "a"), ("persona", "lucia"), "../../personas/lucia/"),
        (True, ("journey", "a"), ("catalogue", None), "../"),
        (True, ("personas", None), ("catalogue", None), "../journeys/"),
        (False, ("journey", "a"), ("persona", "lucia"), "../personas/lucia.html"),
        (False, ("catalogue", None), ("journey", "a"), "a.html"),
    ],
)
def test_links_between_generated_pages(tmp_path, directory_urls, here, there, link):
    from mkdocs_journey.rendering import PageKey

    renderer = _renderer(tmp_path, directory_urls=directory_urls)
    assert renderer.link(PageKey(*here), PageKey(*there)) == link


def test_page_urls_follow_the_registry(tmp_path):
    from mkdocs_journey.rendering import PageKey

    renderer = _renderer(tmp_path)
    assert [(k.kind, k.item) for k in renderer.pages()] == [
        ("catalogue", None), ("pain-points", None), ("opportunities", None), ("channels", None), ("journey", "a"), ("personas", None),
        ("persona", "lucia")]
    assert renderer.url(PageKey("journey", "a")) == "journeys/a/"
    assert renderer.src_uri(PageKey("journey", "a")) == "journeys/a.md"
    assert _renderer(tmp_path, directory_urls=False).url(PageKey("personas")) == "personas/index.html"


def test_label_catalogues_match_and_cover_templates():
    assert set(EN) == set(ES)
    used = set()
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\.([a-z_]+)", text))
        used |= set(re.findall(r"\bt\[\"([a-z_]+)\"\]", text))
    assert used and used <= set(EN), used - set(EN)
    assert labels_for("es_ES") is ES and labels_for("pt") is EN and labels_for(None) is EN


def test_templates_hold_no_hard_coded_words():
    for template in TEMPLATES.rglob("*.html"):
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<[^>]*>", " ", text)
        words = [w for w in re.findall(r"[A-Za-z]{3,}", text)]
        assert words == [], (template.name, words)


def test_every_option_is_documented():
    from mkdocs_journey.config import JourneyConfig

    options = (Path(__file__).parent.parent / "docs" / "options.md").read_text(encoding="utf-8")
    for name, _ in JourneyConfig._schema:
        assert f"## `{name}`" in options and f"[`{name}`](#{name})" in options, name


def test_serve_workspace_spares_unchanged_files_and_pages(tmp_path):
    from mkdocs_journey.rendering import PageKey, Renderer
    from mkdocs_journey.settings import resolve
    from mkdocs_journey.views import DEFAULT_VIEWS
    from mkdocs_journey.workspace import Workspace

    from conftest import JOURNEY_A, PERSONA_LUCIA, write_tree

    write_tree(tmp_path, {"journeys/a.yml": JOURNEY_A, "journeys/b.yml": JOURNEY_A.replace("First", "Second"),
                          "journeys/personas/lucia.yml": PERSONA_LUCIA})
    settings = resolve({"cache": False}, config_file=tmp_path / "mkdocs.yml")
    workspace = Workspace(keep=True)
    first = workspace.load(settings)
    renderer = Renderer(first, DEFAULT_VIEWS)
    page_a, page_b = (workspace.render(renderer, PageKey("journey", j)) for j in "ab")
    workspace.finish()
    (tmp_path / "journeys/b.yml").write_text(JOURNEY_A.replace("First", "Edited"), encoding="utf-8")
    second = workspace.load(settings)
    assert second.journeys["a"] is first.journeys["a"]  # not parsed again
    assert second.journeys["b"] is not first.journeys["b"]
    renderer = Renderer(second, DEFAULT_VIEWS)
    assert workspace.render(renderer, PageKey("journey", "a")) is page_a  # not rendered again
    page = workspace.render(renderer, PageKey("journey", "b"))
    assert page is not page_b and "Edited" in page.body.html
    workspace.finish()
    assert len(workspace.pages.entries) == 2
    (tmp_path / "journeys/a.yml").unlink()
    workspace.load(settings)
    workspace.finish()
    assert len(workspace.files.entries) == 2  # b and lucia: the deleted file is forgotten


def test_memory_stays_bounded_over_50_rebuilds(tmp_path):
    """Fifty saves of one journey, as `mkdocs serve` rebuilds after each: what is kept follows the site."""
    from mkdocs_journey.rendering import Renderer
    from mkdocs_journey.settings import resolve
    from mkdocs_journey.views import DEFAULT_VIEWS
    from mkdocs_journey.workspace import Workspace

    from conftest import JOURNEY_A, PERSONA_LUCIA, write_tree

    write_tree(tmp_path, {"journeys/a.yml": JOURNEY_A, "journeys/personas/lucia.yml": PERSONA_LUCIA})
    settings = resolve({"cache": False}, config_file=tmp_path / "mkdocs.yml")
    workspace = Workspace(keep=True)
    sizes = []
    for save in range(50):
        (tmp_path / "journeys/a.yml").write_text(JOURNEY_A.replace("First", f"Save {save}"), encoding="utf-8")
        renderer = Renderer(workspace.load(settings), DEFAULT_VIEWS)
        for key in renderer.pages():
            page = workspace.render(renderer, key)
            workspace.late_html(page)  # draws the charts, as the plugin does after each page
        workspace.finish()
        sizes.append((len(workspace.files.entries), len(workspace.pages.entries), len(workspace.charts.memory),
                      len(workspace.last_good)))
    assert sizes[0][2] >= 1  # the persona page's small curve (journey pages draw no pygal chart): kept
    assert set(sizes[1:]) == {sizes[0]}, sizes  # the same after 50 saves as after one


@pytest.mark.parametrize(("value", "shown"), [(0.00001, "1e-05"), (1e300, "1e+300"), (12.5, "12.5"), (3.0, "3"),
                                              (-18.0, "-18"), (1234.567, "1,234.567"), (0.125, "0.125")])
def test_kpi_numbers(value, shown):
    from mkdocs_journey.formats import kpi_number

    assert kpi_number(value, "en") == shown


@pytest.mark.parametrize(("mean", "shown", "word"), [(0.5, "+0.5", "positive"), (-0.5, "\u22120.5", "negative"),
                                                     (1.5, "+1.5", "very positive"), (0.96, "+1", "positive"),
                                                     (0.04, "0", "neutral"), (2.0, "+2", "very positive")])
def test_emotions_round_half_away_from_zero(mean, shown, word):
    from mkdocs_journey.formats import emotion

    result = emotion(mean, EN, "en")
    assert result is not None and (result.shown, result.word) == (shown, word)


def test_the_plugins_pure_macros_are_memoized_and_give_what_the_macro_gives(tmp_path):
    """rendering.PURE_MACROS run once per distinct argument (issue 16); the output is the macro's."""
    from jinja2.runtime import Macro

    from mkdocs_journey.formats import Emotion
    from mkdocs_journey.rendering import PURE_MACROS

    renderer = _renderer(tmp_path)
    module = renderer.env.get_template("_macros.html").module
    plain = renderer.env.get_template("_macros.html").make_module()  # a module of its own: not memoized
    badge = Emotion(1, "+1", "positive")
    for name in PURE_MACROS:
        assert not isinstance(getattr(module, name), Macro) and isinstance(getattr(plain, name), Macro)
    assert module.emotion_badge(badge) == plain.emotion_badge(badge) and "jm-emotion--3" in module.emotion_badge(badge)
    assert module.emotion_badge(badge) is module.emotion_badge(badge)
    assert module.emotion_badge(None) == plain.emotion_badge(None)
    unhashable = {"text": "x", "severity": None}  # a dict: called, not memoized (and not an error)
    assert module.pain_point(unhashable) == plain.pain_point(unhashable) == "x"


def test_a_sites_own_macros_are_not_memoized(tmp_path):
    from jinja2.runtime import Macro

    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "_macros.html").write_text((TEMPLATES / "_macros.html").read_text(encoding="utf-8"), encoding="utf-8")
    renderer = _renderer(tmp_path, custom_templates=overrides)
    assert isinstance(renderer.env.get_template("_macros.html").module.emotion_badge, Macro)


_ESCAPING_PROBE = """{% macro b(x) %}<b>{{ x }}</b>{% endmacro -%}
{{ text }}|{{ safe }}|{{ number }}|{{ nothing }}|{{ html_object }}|{{ b(text) }}|{{ b(safe) }}|
{%- set block %}<i>{{ text }}</i>{% endset %}{{ block }}|{{ text ~ safe }}|{{ text | upper }}|{{ [text, safe] | join(", ") }}|
{%- autoescape false %}{{ text }}{% endautoescape %}|{{ "<literal>" }}|{{ items | length }}|{% for i in items %}{{ i }}{% endfor %}"""


class _HasHtml:
    def __html__(self) -> str:
        return "<u>own</u>"


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab <>&\"'é\u00a0"), max_size=12))
def test_fast_output_escapes_to_the_same_bytes_as_jinja(text):
    """escaping.FastEnvironment (issue 16) writes what Jinja's own autoescaping writes, for every kind of value."""
    from jinja2 import Environment
    from markupsafe import Markup

    from mkdocs_journey.escaping import FastEnvironment

    values = dict(text=text, safe=Markup("<em>") + text + Markup("</em>"), number=-1.5, nothing=None,
                  html_object=_HasHtml(), items=[text, Markup("<s>x</s>"), 3, 10**20, float("inf"), 1e-7, True])
    fast = FastEnvironment(autoescape=True).from_string(_ESCAPING_PROBE)
    assert fast.render(**values) == Environment(autoescape=True).from_string(_ESCAPING_PROBE).render(**values)


def test_the_plugins_templates_compile_to_the_fast_output(tmp_path):
    """Every template of the renderer takes the short way (a test that fails if the code generator is not used)."""
    renderer = _renderer(tmp_path)
    source = renderer.env.loader.get_source(renderer.env, "fragments/map.html")[0]
    code = renderer.env.compile(source, raw=True)
    assert "_jm_escape_text(_jm_v)" in code and "yield escape(" not in code


def test_a_templates_globals_are_one_dict_with_the_labels(tmp_path):
    """templating._Environment (issue 16): no ChainMap walked in Python at each render and import."""
    renderer = _renderer(tmp_path)
    template = renderer.env.get_template("fragments/map.html")
    assert type(template.globals) is dict and template.globals["t"] is renderer.env.globals["t"]
    assert template.globals["lang"] == "en" and "range" in template.globals  # Jinja's own globals kept


def test_template_labels_read_as_attributes_give_the_labels_not_dict_methods():
    """rendering.TemplateLabels (issue 16): `t.x` is the label `x`; no label shadows a method of dict."""
    from mkdocs_journey.rendering import TemplateLabels

    for language in ("en", "es"):
        labels = labels_for(language)
        assert not [key for key in labels if hasattr(dict, key)]
        t = TemplateLabels(labels)
        assert all(getattr(t, key) == t[key] == labels[key] for key in labels)


def _all_pages(renderer) -> dict:
    from mkdocs_journey.rendering import Deferred

    return {key: renderer.render(key, Deferred()).html for key in renderer.pages()}


def _forget_compiled_templates() -> None:
    from mkdocs_journey import templating

    for name in [n for n in sys.modules if n.startswith(f"mkdocs_journey.{templating.COMPILED_PACKAGE}")]:
        del sys.modules[name]
    templating._manifest.cache_clear()


def test_templates_compiled_into_the_package_render_what_the_sources_render(tmp_path, monkeypatch):
    """templating.py (issue 16): the code a wheel carries is used only when it matches, and renders the same pages."""
    from mkdocs_journey import templating

    compiled_root = tmp_path / "wheel"
    written = templating.compile_package_templates(compiled_root / templating.COMPILED_PACKAGE)
    assert len(written) == 1 + len(templating.PackageTemplates().list_templates())
    from_source = _all_pages(_renderer(tmp_path / "a"))

    monkeypatch.setattr(mkdocs_journey, "__path__", [str(compiled_root), *mkdocs_journey.__path__])
    _forget_compiled_templates()
    try:
        renderer = _renderer(tmp_path / "b")
        assert renderer.env.get_template("fragments/map.html").filename.startswith(str(compiled_root))
        assert _all_pages(renderer) == from_source
        # a template edited since (or another Jinja, another generator): compiled from its source again
        manifest = compiled_root / templating.COMPILED_PACKAGE / "__init__.py"
        manifest.write_text(manifest.read_text(encoding="utf-8").replace("GENERATOR = '", "GENERATOR = 'x"), encoding="utf-8")
        _forget_compiled_templates()
        stale = _renderer(tmp_path / "c")
        assert stale.env.get_template("fragments/map.html").filename.endswith("map.html")
    finally:
        monkeypatch.undo()
        _forget_compiled_templates()


def test_an_installed_wheel_renders_from_its_compiled_templates():
    """Where the package was installed from a wheel (CI installs it so), its templates are not compiled again."""
    from mkdocs_journey import templating

    compiled = Path(mkdocs_journey.__file__).parent / templating.COMPILED_PACKAGE
    if not compiled.is_dir():
        pytest.skip("an editable install: the templates are compiled from the sources being edited")
    env = templating.environment({name: str for name in templating.FILTERS})
    assert all(env.get_template(name).filename.startswith(str(compiled)) for name in env.list_templates())
