"""Hostile text stays text on every path to the page, under every theme and extension setup."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import build_site
from hostile import PAYLOADS, hostile_files

EXTENSIONS = ["toc", "tables", "admonition", "attr_list", "md_in_html", "pymdownx.superfences", "pymdownx.details",
              "pymdownx.tasklist", "pymdownx.inlinehilite", "pymdownx.highlight", "pymdownx.magiclink",
              "pymdownx.betterem", "pymdownx.caret", "pymdownx.mark", "pymdownx.tilde", "pymdownx.smartsymbols"]

# Material shows the edit link only with the content.action.edit feature: on, so that every setup
# prints the file names into an href.
MATERIAL = {"name": "material", "features": ["content.action.edit"]}
SETUPS = {
    "material": {"theme": MATERIAL, "plugins": ["search", "journey"]},
    "material-tags": {"theme": MATERIAL, "plugins": ["search", "tags", "journey"]},
    "material-macros": {"theme": MATERIAL, "plugins": ["search", "macros", "journey"]},
    "mkdocs": {"theme": "mkdocs", "plugins": ["search", "journey"]},
}

LOADING_ATTRIBUTES = {"src", "href", "action", "formaction", "data", "poster", "xlink:href", "background", "srcset"}


class Audit(HTMLParser):
    """Everything in one built file that could run, load or style something because of a payload."""

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.findings: list[str] = []
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        if tag in ("iframe", "object", "embed", "frame", "math"):
            self.findings.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=...>")
            squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name in LOADING_ATTRIBUTES and (squashed.startswith(("javascript:", "data:", "vbscript:"))
                                               or "evil.example" in squashed):
                self.findings.append(f"<{tag} {name}={value[:60]!r}>")
            if name == "style" and "jmxss" in value:
                self.findings.append(f"<{tag} style=...jmxss>")
            if "jmxss" in name:
                self.findings.append(f"attribute {name!r}")

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] in ("script", "style") and "jmxss" in data:
            self.findings.append(f"<{self.stack[-1]}> holding a payload")
        self.text.append(data)


def audit(path: Path) -> Audit:
    parser = Audit(path.name)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.fixture(scope="module", params=sorted(SETUPS))
def hostile_site(request, tmp_path_factory):
    setup = SETUPS[request.param]
    files = hostile_files()
    if "tags" in setup["plugins"]:
        files["docs/tags.md"] = "# Tags\n\n<!-- material/tags -->\n"
    built = build_site(tmp_path_factory.mktemp(request.param), files,
                       {"markdown_extensions": EXTENSIONS, "repo_url": "https://git.example.com/org/site",
                        "edit_uri": "edit/main/docs/"},
                       theme=setup["theme"], plugins=setup["plugins"])
    assert built.error is None, built.text()
    assert built.text() == "", built.text()  # legitimate content: no error, no warning
    return request.param, built


def test_no_payload_comes_alive_in_any_file(hostile_site):
    name, built = hostile_site
    findings = {}
    for path in sorted(built.site.rglob("*.html")):
        result = audit(path)
        if result.findings:
            findings[str(path.relative_to(built.site))] = sorted(set(result.findings))
    assert findings == {}, (name, findings)
    for path in sorted(built.site.rglob("*")):
        if path.suffix in (".css", ".xml", ".svg"):
            assert "jmxss" not in path.read_text(encoding="utf-8"), path


def test_payloads_show_as_text(hostile_site):
    name, built = hostile_site
    for index, payload in enumerate(PAYLOADS):
        page = built.site / f"journeys/h{index:02d}/index.html"
        text = " ".join(audit(page).text)
        assert payload in text, (name, payload)  # the h1, the grid...: shown as written
        persona = " ".join(audit(built.site / f"personas/p{index:02d}/index.html").text)
        assert payload in persona, (name, payload)
    template = " ".join(audit(built.site / "journeys/h12/index.html").text)
    assert "{{ 7*7 }}" in template and "{% raw %}" in template


def test_titles_and_nav_stay_text(hostile_site):
    name, built = hostile_site
    html = (built.site / "journeys/h00/index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and "‹script›alert" in title


def test_search_index_holds_no_markup(hostile_site):
    name, built = hostile_site
    if not name.startswith("material"):
        pytest.skip("MkDocs' own search index is plain text by design: its search page escapes titles and "
                    "summaries (escapeHtml in mkdocs/contrib/search/templates/search/main.js)")
    docs = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    payload_docs = [d for d in docs if d["location"].startswith(("journeys/h", "personas/p"))]
    assert len(payload_docs) > len(PAYLOADS)  # the pages that carry the payloads are indexed...
    assert any("&lt;img src=x onerror=alert('jmxss')&gt;" in d["text"] for d in payload_docs)  # ... as escaped text
    for doc in docs:  # Material's index holds HTML, which its search page shows as HTML: none may be a payload's
        for field in ("title", "text"):
            value = doc.get(field, "")
            where = (doc["location"], value[:200])
            assert not re.search(r"<(script|img|svg|iframe|style|a|object|math|embed)\b", value), where
            assert not re.search(r"<[^>]*\son\w+\s*=", value), where


def test_file_names_reach_the_edit_link_quoted(hostile_site):
    name, built = hostile_site
    page = next(built.site.glob("journeys/evil*/index.html"))
    html = page.read_text(encoding="utf-8")
    quoted = "journeys/evil%22%20onmouseover%3D%22alert%28%27jmxss%27%29.yml"
    assert f'href="https://git.example.com/org/site/edit/main/{quoted}"' in html, name
