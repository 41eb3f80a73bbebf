"""A Spanish site gets Spanish text from the commands too: starter files, the preview notice, plurals."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import pytest
import yaml

from mkdocs_journey import cli

from conftest import build_site, site_files, wait_for, write_tree

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}

# (theme settings, plugin options or None for plain `journey`) → the language starter files are in
SITES = {
    "material-es": ({"name": "material", "language": "es", "font": False}, None, "es"),
    "mkdocs-locale-es": ({"name": "mkdocs", "locale": "es"}, None, "es"),
    "mkdocs-locale-es_ES": ({"name": "mkdocs", "locale": "es_ES"}, None, "es"),
    "option-beats-theme": ({"name": "material", "language": "en", "font": False}, {"language": "es"}, "es"),
    "option-en-in-spanish-theme": ({"name": "mkdocs", "locale": "es"}, {"language": "en"}, "en"),
    "english": ({"name": "material", "font": False}, None, "en"),
    "theme-as-a-string": ("readthedocs", None, "en"),
}


def _mkdocs_yml(theme, options) -> dict:
    return {"site_name": "Sitio", "theme": theme, "plugins": ["search", {"journey": options} if options else "journey"]}


@pytest.mark.parametrize("name", sorted(SITES))
def test_new_writes_starters_in_the_site_language_and_they_build_strict(tmp_path, name):
    theme, options, language = SITES[name]
    files = site_files()
    write_tree(tmp_path, files)
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(_mkdocs_yml(theme, options), allow_unicode=True))
    out = io.StringIO()
    config = str(tmp_path / "mkdocs.yml")
    assert cli.new("journey", "primera-compra", cli.Path(config), out=out) == 0
    assert cli.new("persona", "carmen", cli.Path(config), out=out) == 0
    journey = (tmp_path / "journeys/primera-compra.yml").read_text(encoding="utf-8")
    persona = (tmp_path / "journeys/personas/carmen.yml").read_text(encoding="utf-8")
    assert "title: Primera compra" in journey and "name: Carmen" in persona
    spanish = ["Un viaje del cliente", "name: Descubrimiento", "action: Ve un anuncio", "unit: personas"]
    english = ["A customer journey", "name: Awareness", "action: Sees an ad", "unit: people"]
    wanted, unwanted = (spanish, english) if language == "es" else (english, spanish)
    assert all(w in journey for w in wanted), journey
    assert not any(w in journey for w in unwanted), journey
    assert ("Quién es, en dos o tres frases" in persona) == (language == "es"), persona

    # The starters are valid as written: a strict build publishes them, once the journey names the
    # new persona (its first commented line says how), as an author would.
    (tmp_path / "journeys/primera-compra.yml").write_text(journey.replace("# persona: lucia", "persona: carmen", 1),
                                                         encoding="utf-8")
    built = build_site(tmp_path, {}, {k: v for k, v in _mkdocs_yml(theme, options).items() if k != "theme"},
                       theme=theme, plugins=_mkdocs_yml(theme, options)["plugins"])
    assert built.error is None, built.text()
    page = built.page("journeys/primera-compra/")
    assert ("Descubrimiento" in page) == (language == "es")


@pytest.mark.parametrize(("journeys", "personas", "summary"), [
    (1, 1, "1 journey and 1 persona checked: 0 errors, 0 warnings"),
    (2, 1, "2 journeys and 1 persona checked: 0 errors, 0 warnings"),
])
def test_validate_summary_counts_in_singular_and_plural(tmp_path, journeys, personas, summary):
    files = site_files(**{"journeys/insurance-renewal.yml": None, "journeys/personas/javier.yml": None})
    if journeys == 2:
        files["journeys/second.yml"] = files["journeys/first-purchase.yml"].replace("First online", "Second")
    write_tree(tmp_path, files)
    out = io.StringIO()
    assert cli.validate(tmp_path / "journeys", fmt="text", strict=True, out=out) == 0
    assert out.getvalue().splitlines()[-1] == summary


def test_build_error_count_is_singular_for_one(tmp_path):
    broken = site_files()["journeys/first-purchase.yml"].replace("emotion: 1", "emotion: 9", 1)
    built = build_site(tmp_path, site_files(**{"journeys/first-purchase.yml": broken}))
    assert built.error is not None
    assert "ERROR: 1 error in journey files (see above)" in built.messages, built.messages


def _get(url: str) -> str:
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _notice(html: str) -> str:
    match = re.search(r'<div class="jm-notice".*?</div>', html, re.DOTALL)
    return match.group(0) if match else ""


def test_preview_notice_of_a_spanish_site_is_labelled_in_spanish(tmp_path):
    """A real `mkdocs serve`: a broken journey file, then a broken custom template, on a Spanish site."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    write_tree(tmp_path, site_files())
    (tmp_path / "overrides").mkdir()
    config = _mkdocs_yml({"name": "material", "language": "es", "font": False}, {"custom_templates": "overrides"})
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    base = f"http://127.0.0.1:{port}/"
    page = base + "journeys/first-purchase/"
    source = tmp_path / "journeys/first-purchase.yml"
    good = source.read_text(encoding="utf-8")
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=tmp_path,
                              env=ENV, stdout=log, stderr=subprocess.STDOUT)
    try:
        assert wait_for(lambda: "Sees an ad on Instagram" in _get(page)), "server did not start"
        source.write_text(good.replace("emotion: 1", "emotion: yes", 1), encoding="utf-8")
        assert wait_for(lambda: "jm-notice" in _get(page)), "no notice"
        notice = _notice(_get(page))
        assert "Los archivos de viajes tienen errores" in notice, notice
        assert "Los mensajes están en inglés" in notice, notice
        assert re.search(r"<code>journeys/first-purchase\.yml:15:18</code> \(línea 15, columna 18\): "
                         r'<span class="jm-notice__message" lang="en">stage 1, step 1: emotion must be', notice), notice
        assert "Sugerencia: <span lang=\"en\">" in notice, notice
        assert "(hint:" not in notice and "Hint" not in notice, notice
        assert "última versión del archivo sin errores" in notice, notice

        # A broken template of the site's own: the page says so, in Spanish too, and the server stays up.
        source.write_text(good, encoding="utf-8")
        assert wait_for(lambda: "jm-notice" not in _get(page)), "the notice stayed after the fix"
        (tmp_path / "overrides/persona.html").write_text("{{ broken(", encoding="utf-8")
        assert wait_for(lambda: "Error de plantilla" in _get(base + "personas/lucia/")), "no template notice"
        assert "Template error" not in _get(base + "personas/lucia/")
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
