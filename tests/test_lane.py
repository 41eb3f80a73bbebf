"""The emotion lane (lane.py) and the HTML funnel (issue 13): geometry as plain Python, then the built pages."""

from __future__ import annotations

import re

import pytest
import yaml

from mkdocs_journey import lane
from mkdocs_journey.i18n import labels_for
from mkdocs_journey.model import Journey

from conftest import build_site, site_files

EN = labels_for("en")
FENCE_YAML = """\
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: journey
          class: journey
          format: !!python/name:mkdocs_journey.markdown.fence
"""


def _journey(text: str) -> Journey:
    return Journey.model_validate(yaml.safe_load(text))


ZIGZAG = """
title: Zigzag
stages:
  - name: One
    steps:
      - {action: Opens the app, emotion: 1}
      - {action: Sees a wall of text, emotion: -1}
      - {action: Finds the button, emotion: 0}
  - name: Two (no emotion)
    steps:
      - {action: Waits}
  - name: Three
    steps:
      - action: Calls and waits forty minutes on the phone for nobody to answer
        emotion: -2
        moment_of_truth: true
        pain_points: [{text: Nobody answers, severity: high}, {text: Music, severity: low}]
      - {action: Gets an answer, emotion: 2, pain_points: [Small print]}
"""

PERSONAS = """
title: Two people
persona: [rosa, lucas]
stages:
  - name: Notice
    steps:
      - {action: Reads the letter, emotion: {rosa: -2, lucas: 1}}
      - {action: Logs in, emotion: -1}
  - name: Compare
    steps:
      - {action: Compares prices, emotion: {rosa: 0, lucas: -1}}
"""


def _build(text: str, names=()) -> lane.Lane:
    built = lane.build(_journey(text), lane_id="jm-lane-x", labels=EN, lang="en", names=names)
    assert built is not None
    return built


def test_percentages_are_short_and_exact() -> None:
    assert lane.pct(0.125) == "12.5%" and lane.pct(0.0) == "0%" and lane.pct(1) == "100%"
    assert lane.pct(1 / 3) == "33.333%"


@pytest.mark.parametrize("columns", [1, 6, 9])
def test_every_step_sits_inside_its_stage_column(columns: int) -> None:
    for stage in range(columns):
        for steps in range(0, 6):
            for step in [None, *range(steps)]:
                x = lane.step_x(stage, step, steps, columns)
                assert stage / columns < x < (stage + 1) / columns


def test_one_point_per_step_with_an_emotion_a_gap_for_a_stage_without_one() -> None:
    built = _build(ZIGZAG)
    assert [(p.stage, p.step, p.value) for p in built.points] == [(0, 0, 1), (0, 1, -1), (0, 2, 0), (2, 0, -2), (2, 1, 2)]
    assert built.columns == 3 and built.dividers == [1 / 3, 2 / 3]
    # the line joins the steps of stage One, then stops: stage Two has no emotion (a gap, not a zero)
    assert len(built.segments) == 3
    assert not any(s.x1 < 1 / 3 < s.x2 for s in built.segments if s.x2 > 2 / 3)
    assert all(p.y == lane.y_of(p.value) for p in built.points)
    assert lane.y_of(2) < lane.y_of(0) < lane.y_of(-2) <= lane.HEIGHT - lane.BELOW


def test_the_valley_is_labelled_below_its_point_and_the_peak_above() -> None:
    built = _build(ZIGZAG)
    valley = next(lab for lab in built.labels if lab.full.startswith("Calls and waits"))
    assert valley.kind == "valley" and valley.y > lane.y_of(-2)
    assert (valley.x, valley.anchor, valley.dx) == (pytest.approx(2 / 3), "start", 5)  # from its column's left edge
    assert valley.text.endswith("…") and lane.text_em(valley.text) <= lane.LABEL_EM
    assert valley.full == "Calls and waits forty minutes on the phone for nobody to answer"
    peak = next(lab for lab in built.labels if lab.full == "Gets an answer")
    assert peak.kind == "peak" and peak.y < lane.y_of(2) and peak.text == "Gets an answer"
    assert (peak.x, peak.anchor) == (1.0, "end")  # the column's second step: up to its right edge
    assert any(lab.full == "Sees a wall of text" and lab.kind == "valley" for lab in built.labels)


def test_a_column_labels_at_most_its_deepest_valley_and_its_highest_peak() -> None:
    text = "title: Zig\nstages:\n  - name: Only\n    steps:\n" + "".join(
        f"      - {{action: Step {i}, emotion: {v}}}\n" for i, v in enumerate([1, -1, 1, 0, 2, -2, 1]))
    built = _build(text)
    assert sorted((lab.kind, lab.full) for lab in built.labels) == [("peak", "Step 4"), ("valley", "Step 5")]


def test_no_two_labels_of_a_column_overlap() -> None:
    text = "title: Busy\nstages:\n  - name: Only\n    steps:\n" + "".join(
        f"      - {{action: Step number {i} with a long action text, emotion: {v}}}\n"
        for i, v in enumerate([2, -2, 2, -2, 1, -1, 2, -2]))
    built = _build(text)
    assert len(built.labels) >= 2
    boxes = sorted((lab.y - lane.ASCENT, lab.y + lane.DESCENT) for lab in built.labels)
    for (_, bottom), (top, _) in zip(boxes, boxes[1:], strict=False):
        assert bottom <= top, boxes


def test_moments_of_truth_and_high_severity_pain_are_marked() -> None:
    built = _build(ZIGZAG)
    assert [p.pain for p in built.points] == [False, False, False, True, False]  # "Small print" has no severity
    assert len(built.moments) == 1 and built.moments[0].x == pytest.approx(2.25 / 3)
    worst = built.points[3]
    assert worst.title == (f"Three · Calls and waits forty minutes on the phone for nobody to answer: −2 (very negative)"
                           f" · {EN['lane_high_pain']} · {EN['moment_of_truth']}")


def test_stage_means_are_bands_under_their_column() -> None:
    built = _build(ZIGZAG)
    assert [(round(b.y, 2)) for b in built.bands] == [lane.y_of(0), lane.y_of(0)]
    assert all(0 <= b.x1 < b.x2 <= 1 for b in built.bands)
    assert built.bands[1].x1 > 2 / 3


def test_one_line_per_persona_with_its_name_and_its_own_values() -> None:
    built = _build(PERSONAS, names=[("rosa", "Rosa"), ("lucas", "Lucas")])
    assert [s.name for s in built.named] == ["Rosa", "Lucas"]
    assert built.series[0].shift == -built.series[1].shift != 0
    by_series = {s: [p.value for p in built.points if p.series == s] for s in (0, 1)}
    assert by_series == {0: [-2, -1, 0], 1: [1, -1, -1]}  # "Logs in: -1" is everyone's
    assert built.points[0].title.startswith("Rosa — Notice · Reads the letter: −2")


def test_a_journey_without_emotions_has_no_lane_and_the_same_input_gives_the_same_lane() -> None:
    assert lane.build(_journey("title: x\nstages:\n  - name: a\n    steps: [{action: b}]\n"),
                      lane_id="l", labels=EN, lang="en") is None
    assert _build(ZIGZAG) == _build(ZIGZAG)


def test_shorten_keeps_short_text_and_cuts_long_text_at_a_word() -> None:
    assert lane.shorten("Pays") == "Pays"
    cut = lane.shorten("Compares delivery times, return conditions and prices")
    assert cut.endswith("…") and lane.text_em(cut) <= lane.LABEL_EM and "Compares delivery" in cut
    assert lane.shorten("W" * 40).endswith("…")


# -- the built pages -----------------------------------------------------------------------------
HOSTILE = """\
title: Hostile
persona: lucia
stages:
  - name: "<b>Stage</b>"
    customers: 1250000
    steps:
      - action: "<script>alert(1)</script> clicks"
        emotion: -2
      - action: "javascript:alert(2)"
        emotion: 1
  - name: Second
    customers: 1030000
    steps:
      - {action: Leaves, emotion: 0}
  - name: Third
    customers: 200000
    steps:
      - {action: Stays, emotion: 1}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = build_site(tmp_path_factory.mktemp("lane"), site_files(**{"journeys/hostile.yml": HOSTILE}))
    assert site.error is None, site.text()
    return site


def _lane_row(page: str) -> str:
    match = re.search(r'<tr class="jm-grid__row jm-grid__row--lane">.*?</tr>', page, re.S)
    assert match, page[:3000]
    return match.group(0)


def test_the_journey_page_has_the_lane_inside_the_map_and_no_separate_chart(built) -> None:
    page = built.page("journeys/first-purchase/")
    row = _lane_row(page)
    assert '<td class="jm-lane-cell" colspan="3">' in row
    assert row.count('class="jm-lane__point"') == 4  # one per step with an emotion
    assert 'data-stage="0"' in row and 'data-stage="2"' in row
    assert "Reads the size guide" in row  # the valley's action, labelled
    assert "jm-emotion-chart" not in page and "jm-funnel-chart" not in page and 'id="emotion"' not in page
    assert "jm-chart__svg" not in page  # no pygal chart on the page at all
    # the chart's data: a closed disclosure right after the map's table
    after = page[page.index("</table>", page.index("jm-grid__row--lane")):]
    assert after.startswith('</table>\n</div>\n<details class="jm-chart-data">\n<summary>'), after[:200]


def test_user_text_in_the_lane_is_escaped(built) -> None:
    row = _lane_row(built.page("journeys/hostile/"))
    assert "<script" not in row and "&lt;script&gt;alert(1)&lt;/script&gt; clicks" in row
    assert "<b>" not in row and "&lt;b&gt;Stage&lt;/b&gt;" in row
    assert "javascript:alert(2)" in row and 'href="javascript' not in row


def test_the_funnel_shows_each_drop_and_marks_the_biggest(built) -> None:
    page = built.page("journeys/hostile/")
    table = page[page.index('<table class="jm-table jm-funnel-table">'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr.*?</tr>", table, re.S)[1:]
    assert "1,250,000" in rows[0] and "−17.6 %" in rows[1] and "−80.6 %" in rows[2]
    assert [EN["funnel_biggest"] in r for r in rows] == [False, False, True]
    assert 'class="jm-funnel__row--biggest"' in rows[2] and "--jm-share: 16.0%" in rows[2]


def test_the_fence_still_draws_the_emotion_chart_and_shows_the_data_once(tmp_path) -> None:
    page = ("# Fence\n\n```journey\njourney: first-purchase\nshow: [emotion, map]\n```\n\n"
            "```journey\njourney: first-purchase\nshow: [map]\n```\n")
    site = build_site(tmp_path, site_files(**{"docs/fence.md": page}), plugins=["search"], yaml_text=FENCE_YAML)
    assert site.error is None, site.text()
    html = site.page("fence/")
    first, second = html.split('data-jm-journey="first-purchase"')[1:3]
    assert 'class="jm-chart jm-chart--emotion"' in first and first.count('class="jm-chart-data"') == 1
    assert "jm-grid__row--lane" in first and "jm-grid__row--lane" in second
    assert second.count('class="jm-chart-data"') == 1  # the map alone brings its data


def test_spanish_labels_for_the_lane_and_the_funnel(tmp_path) -> None:
    site = build_site(tmp_path, site_files(**{"journeys/hostile.yml": HOSTILE}), theme={"name": "material", "language": "es"})
    assert site.error is None, site.text()
    page = site.page("journeys/hostile/")
    assert "mayor abandono" in page and "Curva emocional" in _lane_row(page)
