"""toc.outline: the table of contents and anchors of a generated page, read from its HTML."""

from __future__ import annotations

from mkdocs_journey.toc import outline


def test_headings_nest_and_labels_win():
    found = outline('<h1 id="journey">A &amp; B</h1><p id="x">text</p>'
                    '<h2 id="funnel">Funnel</h2><h2 id="stages">Stages</h2>'
                    '<h3 id="stage-a" data-toc-label="Cita">1. <em>Cita</em></h3>'
                    "<h3 id='stage-b'>2. Pago\n  online</h3><h2>No id</h2>")
    (top,) = found.headings
    assert (top["level"], top["id"], top["name"]) == (1, "journey", "A &amp; B")
    assert [c["id"] for c in top["children"]] == ["funnel", "stages"]
    stages = top["children"][1]["children"]
    assert [(s["id"], s["name"]) for s in stages] == [("stage-a", "Cita"), ("stage-b", "2. Pago online")]
    assert found.anchors == {"journey", "x", "funnel", "stages", "stage-a", "stage-b"}


def test_heading_text_is_escaped_for_the_toc():
    found = outline('<h2 id="h">&lt;script&gt;alert(1)&lt;/script&gt;</h2>')
    assert found.headings[0]["name"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert outline('<h2 id="h" data-toc-label="&lt;b&gt;">x</h2>').headings[0]["name"] == "&lt;b&gt;"


def test_a_page_without_headings():
    assert outline("<p>nothing</p>").headings == [] and outline("").anchors == set()
