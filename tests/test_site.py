"""Real sites built in temporary folders; assertions on the HTML a reader gets."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from mkdocs_journey.i18n import EN, ES

from conftest import broken_links, dedent, parse_links, site_files

THEMES = ["material", "mkdocs"]
ALL_THEMES = [*THEMES, "readthedocs"]


class _Grid(HTMLParser):
    """Reads the journey-map grid: header stage names, and each row's cells as text."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.in_grid = False
        self.stages: list[str] = []
        self.rows: dict[str, list[str]] = {}
        self._cell: list[str] | None = None
        self._row: list[str] = []
        self._section = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "jm-grid" in (attrs.get("class") or ""):
            self.in_grid = True
        if not self.in_grid:
            return
        if tag in ("thead", "tbody"):
            self._section = tag
        if tag == "tr":
            self._row = []
        if tag in ("td", "th"):
            self._cell = []
        if tag == "li" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if not self.in_grid:
            return
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "tr":
            if self._section == "thead":
                self.stages = self._row[1:]
            elif self._row:
                self.rows[self._row[0]] = self._row[1:]
        if tag == "table":
            self.in_grid = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def grid(html: str) -> _Grid:
    parser = _Grid()
    parser.feed(html)
    return parser


def article(html: str) -> str:
    """The generated body of a page (what the plugin wrote), without the theme's chrome."""
    start = html.index('<div class="jm ')
    return html[html.rindex("<h1", 0, start):html.index("<p class=\"jm-more\">", start)]


@pytest.mark.parametrize("theme", ALL_THEMES)
def test_new_site_builds_strict_with_every_page_and_no_broken_link(default_site, theme):
    built = default_site(theme)
    assert built.error is None, built.text()
    assert built.text() == ""
    for url in ["journeys/", "journeys/first-purchase/", "journeys/insurance-renewal/",
                "personas/", "personas/lucia/", "personas/javier/"]:
        assert "jm" in built.page(url), url
    assert broken_links(built.site) == []


@pytest.mark.parametrize("theme", THEMES)
def test_journey_and_persona_link_both_ways(default_site, theme):
    built = default_site(theme)
    journey = parse_links(built.page("journeys/insurance-renewal/")).links
    assert "../../personas/javier/" in journey and "../../personas/lucia/" in journey
    lucia = parse_links(built.page("personas/lucia/")).links
    assert "../../journeys/first-purchase/" in lucia and "../../journeys/insurance-renewal/" in lucia
    javier = parse_links(article(built.page("personas/javier/"))).links
    assert "../../journeys/insurance-renewal/" in javier and "../../journeys/first-purchase/" not in javier
    catalogue = parse_links(built.page("journeys/")).links
    assert {"first-purchase/", "insurance-renewal/", "../personas/lucia/"} <= set(catalogue)


@pytest.mark.parametrize("theme", THEMES)
def test_grid_shows_every_stage_with_its_steps(default_site, theme):
    built = default_site(theme)
    g = grid(built.page("journeys/first-purchase/"))
    assert g.stages == ["Awareness", "Consideration", "Purchase"]
    rows = g.rows
    # each action opens on its step's own facts (touchpoint, channel, emotion, thought, backstage)
    assert rows["Actions"][0].startswith("Sees an ad on Instagram TouchpointInstagram adChannelSocial media")
    assert "What a nice dress!" in rows["Actions"][0] and "Payment provider checks fraud" in rows["Actions"][2]
    assert "Thoughts" not in rows and "Backstage" not in rows
    assert rows["Touchpoints"] == ["Instagram ad", "Product page Pop-up", "Checkout"]
    assert rows["Channels"] == ["Social media", "Web", "Web"]
    assert rows["Pain points"][1] == "Step 1 The size guide is unreadable on a phone"
    assert rows["Opportunities"] == ["Step 1 Show the price in the ad", "Step 1 Size recommender", "Step 1 One-click payment"]
    assert rows["KPIs"] == ["Reach: 1,000 / 1,500 people", "Newsletter sign-ups: 12.5 / 15 %", "Conversion: 25 / 30 %"]
    assert rows["Goal"][0] == "Lucía knows the brand"
    # Emotion: a number and a visible sign, per stage (the steps' mean).
    assert rows["Emotion"][0].startswith("▲ +1") and rows["Emotion"][1].startswith("▼ −1")


def test_journey_page_parts(site_builder):
    theme = {"name": "material", "features": ["content.action.edit"]}
    built = site_builder(config={"repo_url": "https://git.example.com/org/site", "edit_uri": "edit/main/docs/"},
                         theme=theme)
    html = built.page("journeys/first-purchase/")
    body = article(html)
    assert "<strong>Instagram</strong>" in body  # the summary's Markdown is rendered
    assert 'class="jm-tag">ecommerce<' in body and "CX team" in body and "Current state" in body
    assert "Graphic designer, 32" in body and "I want to buy quickly from my phone." in body
    # Funnel table: count, % of the first stage, % lost from the previous one.
    assert re.search(r"Consideration</a></span><span class=\"jm-funnel__bar\" style=\"--jm-share: 40.0%\" aria-hidden=\"true\">"
                     r"</span></th><td class=\"jm-num\" data-label=\"Customers\">400</td>"
                     r"<td class=\"jm-num\" data-label=\"% of first stage\">40.0 %</td>.*?−60.0 %", body)
    # Stage anchors: on the map's column headers (links #stage-… land there), which link to themselves.
    for anchor in ("stage-awareness", "stage-consideration", "stage-purchase"):
        assert f'id="{anchor}"' in body and f'href="#{anchor}"' in body
    assert "https://git.example.com/org/site/edit/main/journeys/first-purchase.yml" in html
    # Page title and table of contents come from the journey.
    assert "<title>First online purchase - Test site</title>" in html
    assert 'href="#stage-consideration"' in html.split('class="md-nav md-nav--secondary"')[1]


def test_catalogue_columns(default_site):
    built = default_site()
    body = article(built.page("journeys/"))
    row = body[body.index("First online purchase"):]
    row = row[: row.index("</tr>")]
    cells = [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    # (journey,) personas, stages, mean emotion, biggest drop-off, pain points, tags
    assert cells == ["Lucía Fernández", "3", "▲ +0.7 positive", "Purchase (−75.0 %)", "2", "ecommerce fashion"]


def test_spanish_site_has_no_english_label(site_builder):
    built = site_builder(theme={"name": "material", "language": "es"})
    assert built.error is None, built.text()
    english = {value for key, value in EN.items() if value != ES[key] and len(value) > 3}
    for url in ["journeys/", "journeys/first-purchase/", "journeys/insurance-renewal/", "personas/", "personas/lucia/",
                "personas/javier/"]:
        html = built.page(url)
        # The whole page a reader sees (body, nav, table of contents, title), less the scripts.
        text = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
        text = " ".join(re.sub(r"<[^>]+>", " ", text).split())
        found = sorted(label for label in english if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text))
        assert found == [], (url, found)
    assert "Mapa del viaje" in built.page("journeys/first-purchase/")
    assert "Emoción media" in built.page("journeys/")
    nav = built.page("")
    nav = nav[nav.index('class="md-nav md-nav--primary"'):]
    assert "Viajes" in nav and "Journeys" not in nav


def test_language_option_overrides_theme(site_builder):
    built = site_builder(plugins=["search", {"journey": {"language": "es"}}])
    assert "Mapa del viaje" in built.page("journeys/first-purchase/")


def test_nav_sections_appear_without_nav(default_site):
    built = default_site()
    html = built.page("")
    nav = html[html.index('class="md-nav md-nav--primary"'):]
    assert "Journeys" in nav and "Personas" in nav
    assert 'href="journeys/first-purchase/"' in nav


def test_navigation_index_keeps_only_indexes(site_builder):
    built = site_builder(plugins=["search", {"journey": {"navigation": "index"}}])
    assert built.error is None and built.text() == ""
    nav = built.page("")
    nav = nav[nav.index('class="md-nav md-nav--primary"'):]
    assert 'href="journeys/"' in nav and 'href="personas/"' in nav
    assert "first-purchase" not in nav
    assert built.page("journeys/first-purchase/")  # still built


@pytest.mark.parametrize("theme", THEMES)
def test_explicit_nav_builds_without_warnings(site_builder, theme):
    config = {"nav": ["index.md", {"Journeys": ["journeys/index.md", "journeys/first-purchase.md"]}]}
    built = site_builder(config=config, theme=theme)
    assert built.error is None, built.text()
    assert built.text() == ""
    assert not any("not included in the" in m for m in built.messages)
    assert 'href="journeys/first-purchase/"' in built.page("")
    assert built.page("journeys/insurance-renewal/")  # built, though not listed


def test_users_own_page_wins(site_builder):
    files = site_files(**{"docs/journeys/index.md": "# Our journeys\n\nHand-written.\n"})
    built = site_builder(files)
    assert built.error is None
    assert "Hand-written." in built.page("journeys/")
    assert any(m.startswith("INFO") and "'journeys/index.md' is your own page" in m and "kept" in m
               for m in built.messages)
    assert "jm-journey" in built.page("journeys/first-purchase/")


def test_users_page_at_same_url_by_another_name_wins(site_builder):
    files = site_files(**{"docs/personas.md": "# People\n\nMine.\n"})
    built = site_builder(files, config={"use_directory_urls": True})
    assert "Mine." in built.page("personas/")


def test_material_tags_plugin_gets_journey_tags(site_builder):
    files = site_files(**{"docs/tags.md": "# Tags\n\n<!-- material/tags -->\n"})
    built = site_builder(files, plugins=["search", "tags", "journey"])
    assert built.error is None, built.text()
    tags_page = built.page("tags/")
    assert "ecommerce" in tags_page and "../journeys/first-purchase/" in tags_page


def _body_links(html: str) -> set[str]:
    return {link for link in parse_links(article(html)).links if not link.startswith("#")}


def test_directory_urls_off(site_builder):
    built = site_builder(config={"use_directory_urls": False}, theme="mkdocs")
    assert built.error is None, built.text()
    assert 'href="../personas/lucia.html"' in built.page("journeys/first-purchase.html")
    assert _body_links(built.page("journeys/index.html")) == {"first-purchase.html", "insurance-renewal.html",
                                                              "../personas/lucia.html", "../personas/javier.html",
                                                              "pain-points.html", "opportunities.html", "channels.html"}
    assert _body_links(built.page("personas/index.html")) == {"lucia.html", "javier.html"}
    assert _body_links(built.page("personas/lucia.html")) == {  # her journeys, and the stages of her pain points
        "../journeys/first-purchase.html", "../journeys/insurance-renewal.html",
        "../journeys/first-purchase.html#stage-awareness", "../journeys/first-purchase.html#stage-consideration",
        "../journeys/insurance-renewal.html#stage-notice", "../journeys/insurance-renewal.html#stage-call"}
    assert broken_links(built.site) == []


def test_generated_links_with_directory_urls(default_site):
    built = default_site("mkdocs")
    assert _body_links(built.page("journeys/")) == {"first-purchase/", "insurance-renewal/", "../personas/lucia/",
                                                    "../personas/javier/", "pain-points/", "opportunities/", "channels/"}
    assert _body_links(built.page("journeys/first-purchase/")) == {"../../personas/lucia/"}
    assert _body_links(built.page("personas/")) == {"lucia/", "javier/"}


def test_build_is_deterministic(default_site, site_builder):
    first, second = default_site(), site_builder()
    assert first.html_files()
    for page in first.html_files():
        rel = page.relative_to(first.site)
        if rel.parts[0] in ("search",) or rel.name == "sitemap.xml":
            continue
        assert page.read_bytes() == (second.site / rel).read_bytes(), rel


def test_disabled_plugin_adds_nothing(site_builder):
    built = site_builder(plugins=["search", {"journey": {"enabled": False}}])
    assert built.error is None
    assert not (built.site / "journeys").exists()


def test_custom_templates_override(site_builder):
    files = site_files(**{"overrides/journey/personas.html": "<h1 id=\"personas\">{{ title }}</h1><div class=\"jm x\">"
                          "Custom {{ rows | length }}<p class=\"jm-more\"></p></div>"})
    built = site_builder(files, plugins=["search", {"journey": {"custom_templates": "overrides/journey"}}])
    assert "Custom 2" in built.page("personas/")


def test_subfolders_and_yaml_suffix_and_other_files(site_builder):
    files = site_files(**{"journeys/retail/returns.yaml": "title: Returns\npersona: lucia\nstages:\n  - name: Ask\n"
                          "    steps:\n      - action: Asks\n", "journeys/notes.txt": "not a journey"})
    built = site_builder(files)
    assert built.error is None, built.text()
    assert "Returns" in built.page("journeys/returns/")
    assert any("journeys/notes.txt" in m and m.startswith("DEBUG") for m in built.messages)


def test_yaml_12_scalars(site_builder):
    journey = dedent("""
        title: 2024
        stages:
          - name: yes
            steps:
              - action: on
                thought: 2024-01-01
        """)
    files = site_files(**{"journeys/numbers.yml": journey, "journeys/personas/javier.yml": None})
    files["journeys/insurance-renewal.yml"] = files["journeys/insurance-renewal.yml"].replace("[javier, lucia]", "lucia")
    built = site_builder(files)
    assert built.error is None, built.text()
    g = grid(built.page("journeys/numbers/"))
    assert g.stages == ["yes"] and g.rows["Actions"] == ["on Thought2024-01-01"]
    assert "<h1 id=\"journey\">2024</h1>" in built.page("journeys/numbers/")


def test_links_to_anchors_of_generated_pages_pass_strict(site_builder):
    files = site_files(**{"docs/index.md": "# Home\n\nSee [the funnel](journeys/first-purchase.md#funnel) and "
                                           "[awareness](journeys/first-purchase.md#stage-awareness).\n"})
    built = site_builder(files, config={"validation": {"anchors": "warn"}})
    assert built.error is None and built.text() == "", built.text()


def test_tags_with_ampersands_stay_one_tag(site_builder):
    files = site_files(**{"docs/tags.md": "# Tags\n\n<!-- material/tags -->\n",
                          "docs/rd.md": "---\ntags: [R&D]\n---\n# R and D\n"})
    files["journeys/first-purchase.yml"] = files["journeys/first-purchase.yml"].replace("[ecommerce, fashion]", "[R&D]")
    built = site_builder(files, plugins=["search", "tags", "journey"])
    assert built.error is None, built.text()
    tags = built.page("tags/")
    assert tags.count('id="tag:rd"') == 1 and "rampd" not in tags


def test_journey_files_inside_docs_are_not_published(site_builder):
    files = {k.replace("journeys/", "docs/journeys/"): v for k, v in site_files().items()}
    built = site_builder(files, plugins=["search", {"journey": {"journeys_dir": "docs/journeys"}}])
    assert built.error is None, built.text()
    assert not list(built.site.rglob("*.yml")) and (built.site / "journeys/first-purchase/index.html").exists()


def test_template_errors_name_the_template(site_builder):
    files = site_files(**{"overrides/personas.html": "<h1>{{ titel }}</h1>"})
    built = site_builder(files, plugins=["search", {"journey": {"custom_templates": "overrides"}}])
    assert built.error is not None
    assert "template error in personas.html" in built.text() and "titel" in built.text()
    assert "Traceback" not in built.text()


def test_common_layout_mistakes_get_a_hint(site_builder):
    import subprocess
    import sys

    files = {k.replace("journeys/", "docs/journeys/"): v for k, v in site_files().items()}
    built = site_builder(files)
    hint = "found 'docs/journeys': set the plugin's journeys_dir option to it"
    assert hint in built.text()
    validate = subprocess.run([sys.executable, "-m", "mkdocs_journey.cli", "validate"], cwd=built.root,
                              capture_output=True, text=True, timeout=60)
    assert validate.returncode == 2 and hint in validate.stderr  # validate says what the build says
    files = {k.replace("journeys/personas/", "personas/"): v for k, v in site_files().items()}
    built = site_builder(files)
    assert "set the 'personas_dir' option to 'personas'" in built.text()
