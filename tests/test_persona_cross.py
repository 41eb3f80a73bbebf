"""A persona page across their journeys: their emotion curves on one chart, and the pain points that affect them."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from test_compare import cells, files, rows, text

from conftest import broken_links, build_site

ONLY_LUCIA = """\
title: Newsletter
persona: lucia
stages:
  - name: Sign up
    steps:
      - action: Subscribes
        emotion: 1
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("persona-cross"), files())


def _section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    end = html.find("<h2 ", start)
    return html[start:end if end > 0 else len(html)]


def test_her_curves_across_her_journeys_on_one_chart(built):
    assert built.error is None, built.text()
    html = built.page("personas/lucia/")
    part = _section(html, "persona-curves")
    assert part.startswith('id="persona-curves">Emotion across their journeys</h2>')
    chart = re.search(r'<svg[^>]*id="jm-persona-curves".*?</svg>', part, re.S)
    assert chart is not None
    legends = re.findall(r'<g class="legend"><rect[^>]*/><text[^>]*>([^<]*)</text>', chart.group())
    assert legends == ["Checkout today", "Checkout tomorrow"]  # one line per journey, named
    assert "<title id=\"jm-persona-curves-title\">Emotion across their journeys: Lucía Fernández</title>" in chart.group()
    data = {cells(r)[0].strip(): cells(r)[1:] for r in re.findall(r"<tr>(.*?)</tr>", part.split("<tbody>")[1], re.S)}
    # the stages of both journeys on one axis, in order; each journey's own emotion for her
    assert list(data) == ["Discover", "Choose", "Pay", "Wait", "Checkout", "Track", "Review"]
    assert data["Review"] == ["▲▲ +2 very positive", "▲▲ +2 very positive"]  # her own value of {lucia: 2, javier: 0}
    # a journey without per-persona emotions: the mean of the steps she takes part in (Javier's own −2 step is
    # not hers), as her row of that journey shows it above
    assert data["Track"] == ["—", "▲ +1 positive"]
    assert "<li>Track: <span class=\"jm-emotion jm-emotion--3\"" in html
    assert data["Pay"] == ["▼▼ −2 very negative", "—"]


def test_her_page_indexes_her_journeys_titles_not_their_tables(built):
    import json

    docs = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    section = next(d["text"] for d in docs if d["location"] == "personas/lucia/#persona-journeys")
    assert section == "<ul><li>Checkout today</li><li>Checkout tomorrow</li></ul>"  # lean: the titles only
    html = built.page("personas/lucia/")  # the reader still gets the whole table, badges and all
    table = _section(html, "persona-journeys")
    assert '<a href="../../journeys/today/">Checkout today</a>' in table and table.count('class="jm-curve"') == 2
    assert "jm-slot" not in html


def test_his_curves_use_his_own_emotions(built):
    part = _section(built.page("personas/javier/"), "persona-curves")
    data = {cells(r)[0].strip(): cells(r)[1:] for r in re.findall(r"<tr>(.*?)</tr>", part.split("<tbody>")[1], re.S)}
    assert data["Review"] == ["● 0 neutral", "▲▲ +2 very positive"]
    assert data["Track"] == ["—", "▼ −0.5 negative"]  # mean of the shared step (1) and his own (−2)


def test_pain_points_that_affect_her_ranked_and_linked(built):
    html = built.page("personas/lucia/")
    part = _section(html, "persona-pain-points")
    found = [cells(r) for r in rows(part, "jm-pain-point")]
    assert [c[0] for c in found] == ["Forced account high severity", "Price hidden", "Slow page", "Sizes unclear",
                                     "No tracking", "Too many ads"]  # in both journeys first, then severity
    assert [c[1] for c in found] == ["2", "2", "2", "1", "1", "1"]
    assert "Courier calls at night" not in part  # a step of Javier's only
    forced = rows(part, "jm-pain-point")[0]
    assert '<a href="../../journeys/today/#stage-pay">Pay</a>' in forced
    assert '<a href="../../journeys/tomorrow/#stage-checkout">Checkout</a>' in forced
    assert broken_links(built.site) == []


def test_pain_points_that_affect_him_include_his_own_step(built):
    part = _section(built.page("personas/javier/"), "persona-pain-points")
    found = [cells(r)[0] for r in rows(part, "jm-pain-point")]
    assert found == ["Forced account high severity", "Price hidden", "Slow page", "Courier calls at night medium severity",
                     "Sizes unclear", "No tracking", "Too many ads"]


def test_one_journey_draws_no_chart_across_journeys(site_builder):
    built = site_builder(files(**{"journeys/personas/priya.yml": "name: Priya\n",
                                  "journeys/newsletter.yml": ONLY_LUCIA.replace("lucia", "priya")}))
    assert built.error is None, built.text()
    html = built.page("personas/priya/")
    assert "jm-persona-curves" not in html and 'id="persona-curves"' not in html
    assert "No pain points in their steps." in html
    assert 'id="jm-emotion-newsletter"' in html  # her journey's own small chart stays


def test_spanish_labels(site_builder):
    built = site_builder(files(), {"theme": {"name": "material", "language": "es"}})
    assert built.error is None, built.text()
    html = built.page("personas/lucia/")
    assert 'id="persona-curves">Emoción en sus viajes</h2>' in html
    assert 'id="persona-pain-points">Puntos de dolor que le afectan</h2>' in html
    assert "Emoción en sus viajes: Lucía Fernández" in htmllib.unescape(html)
    assert "gravedad alta" in text(_section(html, "persona-pain-points"))
