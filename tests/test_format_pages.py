"""The richer journey format on real pages (issue 12): every new fact reaches the reader, in English and Spanish,
and a file that uses none of it renders as before."""

from __future__ import annotations

import re

import pytest

from mkdocs_journey.i18n import EN, ES

from conftest import BuiltSite, site_files

CITA = """\
title: Cita en el centro de salud
persona: [rosa, lucas]
stages:
  - name: Cita
    needs: [Saber cuándo es la cita]
    steps:
      - action: Llama a la centralita
        personas: [rosa]
        emotion: -2
        moment_of_truth: Si no consigue cita, abandona
        actors: [Rosa, Agente del centro]
        pain_points:
          - Horario solo por la mañana
          - text: Espera de 40 minutos
            severity: high
        opportunities:
          - Devolución de llamada
          - text: Elegir hora en la app
            priority: high
            status: in-progress
            owner: Equipo digital
            link: https://tracker.example/123?a=1&b="x"
      - action: Recibe un SMS de confirmación
        emotion: {rosa: -1, lucas: 1}
        moment_of_truth: true
    kpis:
      - {name: Tiempo de espera, value: 38, target: 15, unit: min, better: lower}
      - {name: Citas por día, value: 120, target: 100, better: higher}
      - {name: Llamadas, value: 900, target: 1000}
  - name: Consulta
    steps:
      - action: Entra en la consulta
        emotion: {rosa: 1, lucas: 2}
"""

PERSONAS = {"journeys/personas/rosa.yml": "name: Rosa Martín\n", "journeys/personas/lucas.yml": "name: Lucas Pérez\n"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, BuiltSite]:
    from conftest import build_site

    built = {}
    for lang in ("en", "es"):
        files = site_files(**{"journeys/cita.yml": CITA}, **PERSONAS)
        built[lang] = build_site(tmp_path_factory.mktemp(f"format-{lang}"), files,
                                 {"theme": {"name": "material", "language": lang}})
        assert built[lang].error is None, built[lang].text()
    return built


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _section(html: str, start: str, end: str) -> str:
    a = html.index(start)
    return html[a:html.index(end, a)]


def _stage(page: str, anchor: str) -> str:
    return _section(page, f'id="{anchor}"', "</section>")


def _map(page: str) -> str:
    return _section(page, '<table class="jm-grid"', "</table>")


def _row(grid: str, heading: str) -> str:
    rows = re.findall(r'<tr class="jm-grid__row[^"]*">\s*<th scope="row">(.*?)</th>(.*?)</tr>', grid, re.S)
    found = [_text(cells) for head, cells in rows if _text(head) == heading]
    assert found, [_text(h) for h, _ in rows]
    return found[0]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_map_shows_every_new_fact(sites: dict[str, BuiltSite], lang: str) -> None:
    """Each step's own facts are in the disclosure on its action, in the map: the page has no second copy."""
    t = EN if lang == "en" else ES
    page = sites[lang].page("journeys/cita/")
    assert 'class="jm-stage"' not in page and t["stage_details"] not in page
    grid = _map(page)
    actions = _row(grid, t["actions"])
    # the moment of truth is marked on the step (its reason is in the moments-of-truth row)
    assert grid.count('class="jm-step jm-step--moment"') == 2
    assert "Llama a la centralita ★" in actions
    assert f"{t['personas']} Rosa Martín" in actions and 'href="../../personas/rosa/"' in grid
    assert f"{t['actors']} Rosa, Agente del centro" in actions
    assert f"{t['emotion_by_persona']} Rosa Martín: ▼ −1 {t['emotion_-1']} Lucas Pérez: ▲ +1 {t['emotion_1']}" in actions
    # pain points and opportunities in full, once, each naming its step by number
    pains = _row(grid, t["pain_points"])
    assert f"{t['step']} 1 Horario solo por la mañana {t['step']} 1 Espera de 40 minutos {t['severity_high']}" in pains
    assert (f"Elegir hora en la app {t['priority_high']} {t['status_in_progress']} {t['owner']}: Equipo digital "
            f"{t['link']}") in _row(grid, t["opportunities"])
    assert _text(page).count("Espera de 40 minutos") == 1


def test_the_opportunity_link_is_safe(sites: dict[str, BuiltSite]) -> None:
    page = sites["en"].page("journeys/cita/")
    links = re.findall(r'<a class="jm-link"[^>]*>', page)
    assert links and all(link == '<a class="jm-link" href="https://tracker.example/123?a=1&amp;b=&#34;x&#34;" '
                         'rel="noopener noreferrer">' for link in links), links


@pytest.mark.parametrize("lang", ["en", "es"])
def test_kpis_say_whether_they_meet_their_target(sites: dict[str, BuiltSite], lang: str) -> None:
    t = EN if lang == "en" else ES
    kpis = _row(_map(sites[lang].page("journeys/cita/")), t["kpis"])
    assert f"Tiempo de espera: 38 / 15 min ✗ {t['kpi_missed']} ({t['better_lower']})" in kpis
    assert f"Citas por día: 120 / 100 ✓ {t['kpi_met']} ({t['better_higher']})" in kpis
    assert f"Llamadas: 900 / 1{',' if lang == 'en' else ''}000" in kpis  # no `better`: no status


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_journey_map_has_rows_for_the_new_facts(sites: dict[str, BuiltSite], lang: str) -> None:
    t = EN if lang == "en" else ES
    grid = _map(sites[lang].page("journeys/cita/"))
    assert _row(grid, t["needs"]) == f"Saber cuándo es la cita {t['none']}"
    assert t["actors"] not in re.findall(r'<th scope="row">(.*?)</th>', grid)  # in the steps' disclosures
    assert _row(grid, f"{t['emotion']}: Rosa Martín").startswith("▼▼ −1")
    assert _row(grid, f"{t['emotion']}: Lucas Pérez") == f"▲ +1 {t['emotion_1']} ▲▲ +2 {t['emotion_2']}"
    assert _row(grid, t["moments_of_truth"]) == (f"★ Llama a la centralita: Si no consigue cita, abandona "
                                                 f"★ Recibe un SMS de confirmación {t['none']}")
    assert f"Espera de 40 minutos {t['severity_high']}" in _row(grid, t["pain_points"])
    assert f"{t['priority_high']} {t['status_in_progress']}" in _row(grid, t["opportunities"])
    assert f"Tiempo de espera: 38 / 15 min ✗ {t['kpi_missed']} ({t['better_lower']})" in _row(grid, t["kpis"])


def test_the_emotion_curve_has_one_line_per_persona(sites: dict[str, BuiltSite]) -> None:
    """The curve is the map's emotion lane (lane.py): one line per persona, named in its key."""
    page = sites["en"].page("journeys/cita/")
    chart = _section(page, '<tr class="jm-grid__row jm-grid__row--lane">', "</tr>")
    assert "Rosa: " not in chart and "rosa" not in chart  # persona names, not ids
    assert 'jm-lane--s0" transform="translate(-3.0 0)" aria-label="Rosa Martín"' in chart
    assert 'jm-lane--s1" transform="translate(3.0 0)" aria-label="Lucas Pérez"' in chart
    titles = re.findall(r"<title>(.*?)</title>", chart)
    assert "Rosa Martín — Cita · Recibe un SMS de confirmación: −1 (negative) · Moment of truth" in titles
    assert "Lucas Pérez — Cita · Recibe un SMS de confirmación: +1 (positive) · Moment of truth" in titles
    assert "Rosa Martín</li>" in chart and "Lucas Pérez</li>" in chart  # the key names the lines
    table = _section(page, '<details class="jm-chart-data"', "</details>")
    assert "Emotion: Rosa Martín" in _text(table) and "Emotion: Lucas Pérez" in _text(table)


def test_each_persona_page_shows_their_own_curve(sites: dict[str, BuiltSite]) -> None:
    rosa = sites["en"].page("personas/rosa/")
    lucas = sites["en"].page("personas/lucas/")
    assert "Cita: ▼▼ −1.5 very negative Consulta: ▲ +1 positive" in _text(_section(rosa, '<ol class="jm-curve">', "</ol>"))
    assert "Cita: ▲ +1 positive Consulta: ▲▲ +2 very positive" in _text(_section(lucas, '<ol class="jm-curve">', "</ol>"))
    assert re.findall(r'<desc id="jm-emotion-cita-desc">(.*?)</desc>', rosa) == ["Cita: −1.5 (very negative), pain points: 2; Consulta: +1 (positive)"]


def test_a_journey_without_the_new_fields_shows_none_of_their_labels(sites: dict[str, BuiltSite]) -> None:
    """The default test journey uses none of the new fields: no new row, column, badge or line appears."""
    page = sites["en"].page("journeys/first-purchase/")
    for word in ("jm-moment", "jm-level", "jm-status", "jm-kpi-status", "jm-grid__row--persona", "color-3",
                 "jm-persona-emotion", EN["actors"], EN["moments_of_truth"], EN["kpi_status"], EN["emotion_by_persona"]):
        assert word not in page, word


def test_a_journey_with_the_new_shapes_survives_the_chart_workers_round_trip() -> None:
    """Charts may be drawn in another process from the journey's JSON: the new shapes come back the same."""
    from mkdocs_journey.loader import load_file
    from mkdocs_journey.model import Journey

    loaded, problems = load_file(CITA.encode(), "cita.yml", "cita", Journey)
    assert loaded is not None and not problems
    assert Journey.model_validate_json(loaded.model.model_dump_json()) == loaded.model
