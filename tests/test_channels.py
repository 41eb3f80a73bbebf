"""Channels by stage (journeys/channels/) and pain points by stage, seen through real builds.

Three journeys that share channels (written with different case), pain points (different case and
spacing, different severities) and stages (different case, a stage only one journey has, and orders
that must be merged: the help line starts at Buy, the shop starts at Discover).
"""

from __future__ import annotations

import html as htmllib
import json
import re

import pytest

from conftest import broken_links, build_site, dedent, site_files

HELP = dedent("""
    title: Help line
    persona: javier
    stages:
      - name: Buy
        steps:
          - {action: Asks about an order, touchpoint: Hotline, channel: Phone, pain_points: [Slow delivery]}
      - name: Support
        steps:
          - action: Reports a fault
            touchpoint: Hotline
            channel: Phone
            pain_points: [{text: Long hold, severity: high}, {text: "slow  DELIVERY", severity: medium}]
          - {action: Chats with an agent, touchpoint: Live chat, channel: Chat}
          - {action: Waits for a call back}
    """)
SHOP = dedent("""
    title: Shop online
    persona: lucia
    stages:
      - name: Discover
        steps:
          - {action: Sees an ad, touchpoint: Instagram ad, channel: Social, pain_points: [{text: Hidden fees, severity: medium}]}
          - {action: "Browses <script>x</script>", touchpoint: Home page, channel: Web}
      - name: Buy
        steps:
          - action: Pays
            touchpoint: Checkout
            channel: Web
            pain_points: [{text: Slow delivery, severity: low}, {text: Hidden fees, severity: high}]
          - {action: Asks a friend}
    """)
STORE = dedent("""
    title: Store visit
    persona: lucia
    stages:
      - name: discover
        steps:
          - {action: Sees the shop window, touchpoint: Window, channel: Store}
      - name: Visit
        steps:
          - {action: Checks the stock online, touchpoint: Stock page, channel: web, pain_points: [Hidden fees]}
      - name: Buy
        steps:
          - {action: Pays at the till, touchpoint: Till, channel: Store, pain_points: [{text: Slow delivery, severity: high}]}
    """)


def files(**extra: str | None) -> dict[str, str]:
    return site_files(**{"journeys/first-purchase.yml": None, "journeys/insurance-renewal.yml": None,
                         "journeys/help-line.yml": HELP, "journeys/shop-online.yml": SHOP,
                         "journeys/store-visit.yml": STORE, **extra})


def text(html: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", html)).split())


def matrix(html: str) -> tuple[list[str], dict[str, tuple[str, list[str]]]]:
    """(the stage columns, channel → (its row's class, the text of each cell))."""
    grid = html[html.index('class="jm-grid jm-channels-grid"'):].split("</table>")[0]
    columns = [text(c) for c in re.findall(r'<th scope="col" class="jm-grid__stage">(.*?)</th>', grid)]
    rows = {}
    for cls, head, cells in re.findall(r'<tr class="(jm-channel[^"]*)">\s*<th scope="row">(.*?)</th>(.*?)</tr>', grid, re.S):
        name = text(re.search(r'<span class="jm-channel__name">(.*?)</span>', head).group(1))
        rows[name] = (cls, [text(c) for c in re.findall(r"<td>(.*?)</td>", cells, re.S)])
    return columns, rows


def row_heads(html: str) -> dict[str, str]:
    grid = html[html.index('class="jm-grid jm-channels-grid"'):].split("</table>")[0]
    return {text(re.search(r'<span class="jm-channel__name">(.*?)</span>', h).group(1)): text(h)
            for h in re.findall(r'<th scope="row">(.*?)</th>', grid, re.S)}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("channels"), files())


def test_builds_clean(built):
    assert built.error is None, built.text()
    assert built.text() == ""


def test_stages_matched_by_name_keep_each_journeys_order(built):
    columns, _ = matrix(built.page("journeys/channels/"))
    # Help line (first in the catalogue) gives Buy, Support; the shop puts Discover before Buy; the store
    # writes 'discover' (same stage) and adds Visit between Discover and Buy.
    assert columns == ["Discover", "Visit", "Buy", "Support"]
    assert "Stages of the same name in different journeys" in built.page("journeys/channels/")


def test_matrix_cells_list_touchpoints_and_steps_per_channel_and_stage(built):
    _, rows = matrix(built.page("journeys/channels/"))
    assert list(rows) == ["Phone", "Chat", "Social", "Web", "Store"]  # as first met, in catalogue order
    assert rows["Phone"][1] == ["—", "—", "Hotline: Asks about an order (Help line › Buy)",
                                "Hotline: Reports a fault (Help line › Support)"]
    assert rows["Web"][1] == ["Home page: Browses <script>x</script> (Shop online › Discover)",
                              "Stock page: Checks the stock online (Store visit › Visit)",
                              "Checkout: Pays (Shop online › Buy)", "—"]
    assert rows["Store"][1] == ["Window: Sees the shop window (Store visit › discover)", "—",
                                "Till: Pays at the till (Store visit › Buy)", "—"]
    heads = row_heads(built.page("journeys/channels/"))
    assert heads["Web"] == "Web (also written: web) Steps: 3 · Stages: 3"  # 'web' and 'Web' are one channel


def test_every_step_links_to_its_journeys_stage(built):
    html = built.page("journeys/channels/")
    assert '<a href="../store-visit/#stage-visit">Store visit › Visit</a>' in html
    assert '<a href="../help-line/#stage-support">Help line › Support</a>' in html
    assert '<a href="../store-visit/#stage-discover">Store visit › discover</a>' in html
    assert broken_links(built.site) == []


def test_a_channel_used_at_one_stage_stands_out_in_words(built):
    html = built.page("journeys/channels/")
    _, rows = matrix(html)
    single = {name for name, (cls, _) in rows.items() if "jm-channel--single" in cls}
    assert single == {"Chat", "Social"}
    heads = row_heads(html)
    assert heads["Chat"].endswith("only at one stage") and "only at one stage" not in heads["Phone"]
    assert "Channels used at only one stage: 2 (Chat, Social)." in text(html)


def test_steps_without_a_channel_are_counted_and_placed(built):
    html = built.page("journeys/channels/")
    assert "Steps with no channel given: 2." in text(html)
    listed = html[html.index('<ul class="jm-list jm-no-channel__list">'):].split("</ul>")[0]
    assert [text(li) for li in listed.split("<li>")[1:]] == ["Help line › Support: 1 (no channel given)",
                                                             "Shop online › Buy: 1 (no channel given)"]
    assert '<a href="../shop-online/#stage-buy">Buy</a>: 1' in html


def test_hostile_text_is_escaped(built):
    html = built.page("journeys/channels/")
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_catalogue_and_nav_link_the_page(built):
    catalogue = built.page("journeys/")
    assert '<a href="channels/">Channels across journeys →</a>' in catalogue
    nav = catalogue[catalogue.index('class="md-nav md-nav--primary"'):]
    links = re.findall(r'href="(pain-points/|opportunities/|channels/|help-line/|shop-online/)"', nav)
    assert links[:3] == ["pain-points/", "opportunities/", "channels/"]  # next to the catalogue, before the journeys


def test_the_search_index_reads_the_summary_not_the_tables(built):
    index = json.loads((built.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    by_page: dict[str, str] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        by_page[page] = by_page.get(page, "") + " " + doc["title"] + " " + doc["text"]
    channels, pains = by_page["journeys/channels/"], by_page["journeys/pain-points/"]
    assert "5 channels at 4 stages, from 9 steps." in channels and "Steps with no channel given: 2." in channels
    assert "Checks the stock online" not in channels and "Hotline" not in channels
    assert "3 distinct pain points; 2 of them in more than one journey." in pains
    assert "Long hold" not in pains and "Hidden fees" not in pains
    assert "Hidden fees" in by_page["journeys/shop-online/"]  # where search finds it
    assert "Checks the stock online" in built.page("journeys/channels/")  # the reader still gets the tables
    assert "jm-slot" not in built.page("journeys/channels/") + built.page("journeys/pain-points/")


def by_stage(html: str) -> dict[str, list[str]]:
    """Stage heading → the pain points of its group, in order (their text and severity)."""
    part = html[html.index('<h2 id="by-stage">'):]
    groups = {}
    for head, body in re.findall(r'<h3 id="by-stage-[^"]+">(.*?)</h3>(.*?)(?=<h3 |<p class="jm-more"|$)', part, re.S):
        groups[text(head)] = [text(row.split("</td>")[0]) + " | " + text(row.split("</td>")[1])
                              for row in re.findall(r'<tr class="jm-stage-pain">(.*?)</tr>', body, re.S)]
    return groups


def test_pain_points_by_stage_keep_the_ranking_rules_within_each_stage(built):
    html = built.page("journeys/pain-points/")
    assert by_stage(html) == {
        "Discover": ["Hidden fees medium severity | 1"],
        "Visit": ["Hidden fees | 1"],
        # three journeys at Buy first; then one journey, high severity
        "Buy": ["Slow delivery high severity | 3", "Hidden fees high severity | 1"],
        # one journey each: high before medium; the text as the whole ranking writes it
        "Support": ["Long hold high severity | 1", "Slow delivery medium severity | 1"],
    }
    assert '<a href="#by-stage">See them by stage ↓</a>' in html


def test_pain_points_by_stage_link_to_the_stage(built):
    html = built.page("journeys/pain-points/")
    support = html[html.index('<h3 id="by-stage-support">'):]
    # the stage is the group's: each journey is one link, to its stage, with the step's personas
    assert '<a href="../help-line/#stage-support">Help line</a> (<a href="../../personas/javier/">Javier Moreno</a>)' in support
    visit = html[html.index('<h3 id="by-stage-visit">'):html.index('<h3 id="by-stage-buy">')]
    assert '<a href="../store-visit/#stage-visit">Store visit</a>' in visit


def test_the_whole_ranking_is_unchanged(built):
    html = built.page("journeys/pain-points/")
    ranked = [text(r.split("</td>")[0]) for r in re.findall(r'<tr class="jm-pain-point">(.*?)</tr>', html, re.S)]
    assert ranked == ["Slow delivery high severity", "Hidden fees high severity", "Long hold high severity"]


def test_canonical_stages_are_the_columns(site_builder):
    built = site_builder(files(**{"journeys/store-visit.yml": STORE.replace("name: discover", "name: Discover")}),
                         plugins=["search", {"journey": {"stages": ["Discover", "Visit", "Buy", "Support", "Advocacy"]}}])
    assert built.error is None, built.text()
    columns, rows = matrix(built.page("journeys/channels/"))
    assert columns == ["Discover", "Visit", "Buy", "Support", "Advocacy"]  # a stage no journey has yet too
    assert rows["Phone"][1][-1] == "—"
    html = built.page("journeys/pain-points/")
    assert "The stages are the site's own" in text(html)
    assert list(by_stage(html)) == ["Discover", "Visit", "Buy", "Support", "Advocacy"]
    assert "No pain points at this stage." in html[html.index('<h3 id="by-stage-advocacy">'):]
    assert broken_links(built.site) == []


@pytest.mark.parametrize("path", ["journeys/channels.yml", "journeys/personas/channels.yml"])
def test_reserved_id_is_an_error_naming_the_file(site_builder, path):
    body = "name: X\n" if "personas" in path else "title: X\nstages: [{name: A}]\n"
    built = site_builder(files(**{path: body}))
    assert built.error is not None
    assert f"{path}:1:1: the id 'channels' is reserved for the journeys' channels by stage" in built.text()


def test_option_off_leaves_the_page_out(site_builder):
    built = site_builder(files(), plugins=["search", {"journey": {"cross_journey": False}}])
    assert built.error is None, built.text()
    assert not (built.site / "journeys" / "channels").exists()
    assert "channels/" not in built.page("journeys/")
    assert broken_links(built.site) == []


def test_without_directory_urls(site_builder):
    built = site_builder(files(), {"use_directory_urls": False})
    assert built.error is None, built.text()
    html = built.page("journeys/channels.html")
    assert '<a href="store-visit.html#stage-visit">Store visit › Visit</a>' in html
    assert '<a href="channels.html">Channels across journeys →</a>' in built.page("journeys/index.html")
    assert '<a href="help-line.html#stage-support">Help line</a>' in built.page("journeys/pain-points.html")
    assert broken_links(built.site) == []


def test_spanish_labels(site_builder):
    built = site_builder(files(), plugins=["search", {"journey": {"language": "es"}}])
    assert built.error is None, built.text()
    html = text(built.page("journeys/channels/"))
    assert "Canales en todos los viajes" in html and "5 canales en 4 etapas, de 9 pasos." in html
    assert "solo en una etapa" in html and "Pasos sin canal indicado: 2." in html and "sin canal indicado)" in html
    assert "también escrito: web" in html and "Pasos: 3 · Etapas: 3" in html
    assert "Canales en todos los viajes →" in built.page("journeys/")
    pains = text(built.page("journeys/pain-points/"))
    assert "Por etapa" in pains and "Verlos por etapa" in pains and "Clasificados en todos los viajes" in pains
    assert "3 puntos de dolor distintos; 2 de ellos en más de un viaje." in pains
    for english in ("only at one stage", "Steps with no channel", "By stage", "No pain points at this stage"):
        assert english not in html and english not in pains


def test_beside_static_i18n_each_language_has_the_page_in_its_language(site_builder):
    from test_i18n_plugin import _broken, _files, _plugins

    built = site_builder(_files("suffix"), plugins=_plugins("suffix", "after"))
    assert built.error is None, built.text()
    english, spanish = built.page("journeys/channels/"), built.page("es/journeys/channels/")
    assert '<html lang="en"' in english and "Channels across journeys" in english
    assert '<html lang="es"' in spanish and "Canales en todos los viajes" in spanish
    assert "Descubrimiento" in spanish and "Descubrimiento" not in english  # each language's own stage names
    assert "jm-slot" not in english + spanish
    assert _broken(built.site) == []


def test_exported_pages_render_the_matrix_inline_through_the_fence(tmp_path, monkeypatch, capsys):
    from test_pages_export import _build, _pages, _site

    root = _site(tmp_path, **{"journeys/first-purchase.yml": None, "journeys/insurance-renewal.yml": None,
                              "journeys/help-line.yml": HELP, "journeys/shop-online.yml": SHOP,
                              "journeys/store-visit.yml": STORE})
    assert _pages(root, monkeypatch, capsys)[0] == 0
    assert "```journey\npage: channels\n```" in (root / "docs/journeys/channels.md").read_text(encoding="utf-8")
    assert _build(root, monkeypatch) == []
    html = (root / "site/journeys/channels/index.html").read_text(encoding="utf-8")
    assert 'class="jm-grid jm-channels-grid"' in html and "jm-slot" not in html
    assert "Hotline: Reports a fault" in text(html) and "Steps with no channel given: 2." in text(html)
    pains = (root / "site/journeys/pain-points/index.html").read_text(encoding="utf-8")
    assert '<h3 id="by-stage-support">' in pains and 'class="jm-stage-pain"' in pains
    assert broken_links(root / "site") == []


def test_a_cell_with_many_steps_folds_them_under_their_count(site_builder):
    busy = "title: Busy\npersona: lucia\nstages:\n  - name: Buy\n    steps:\n" + "".join(
        f"      - {{action: Step {n}, channel: WEB}}\n" for n in range(6))
    built = site_builder(files(**{"journeys/busy.yml": busy}))
    assert built.error is None, built.text()
    html = built.page("journeys/channels/")
    _, rows = matrix(html)
    assert "WEB (also written: Web, web)" in row_heads(html)["WEB"]  # Busy comes first in the catalogue: its spelling
    buy = rows["WEB"][1][2]
    assert buy.startswith("7 steps") and "Step 5 (Busy › Buy)" in buy and "Checkout: Pays (Shop online › Buy)" in buy
    assert '<details class="jm-cell-more"><summary>7 steps</summary>' in html
    assert rows["WEB"][1][0] == "Home page: Browses <script>x</script> (Shop online › Discover)"  # one step: no fold


def test_navigation_index_keeps_the_page_next_to_the_catalogue(site_builder):
    built = site_builder(files(), plugins=["search", {"journey": {"navigation": "index"}}])
    assert built.error is None, built.text()
    nav = built.page("")
    nav = nav[nav.index('class="md-nav md-nav--primary"'):]
    assert 'href="journeys/channels/"' in nav and 'href="journeys/help-line/"' not in nav
