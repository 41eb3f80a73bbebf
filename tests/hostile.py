"""A hostile corpus: journeys and personas whose every field carries a payload.

Each payload is legitimate text for the plugin (it must build and show as text); none may become
markup, script, event handler, style, `javascript:`/`data:` link, iframe or template expression.
The marker `jmxss` in every payload lets a test find any of them that came alive.
"""

from __future__ import annotations

import yaml

PAYLOADS = [
    "<script>alert('jmxss')</script>",
    "<img src=x onerror=alert('jmxss')>",
    "[click me](javascript:alert('jmxss'))",
    "<a href=\"javascript:alert('jmxss')\">link</a>",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgnam14c3MnKTwvc2NyaXB0Pg==) jmxss",
    "\"><svg onload=alert('jmxss')>",
    "'><svg/onload=alert('jmxss')>",
    "]]><script>alert('jmxss')</script><![CDATA[",
    "<!-- jmxss --><script>alert('jmxss')</script>",
    "&lt;script&gt;alert('jmxss')&lt;/script&gt;",
    "&#60;img src=x onerror=alert('jmxss')&#62;",
    "Text {: onclick=\"alert('jmxss')\" }",
    "{{ 7*7 }} {% raw %} jmxss {{ config }}",
    "<iframe src=\"https://evil.example/jmxss\"></iframe>",
    "<style>body { display: none } /* jmxss */</style>",
    "<details open ontoggle=alert('jmxss')>x</details>",
    "![jmxss](https://evil.example/jmxss.png \"title\")",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('jmxss')>",
    "\u202ejmxss evil\u202c \u200bzero\u200dwidth\u2066isolate\u2069",
    "jmxss " + "long-word-without-spaces" * 200,
    "javascript:alert('jmxss')",
    "<object data=\"https://evil.example/jmxss\"></object>",
    "*emphasis* `code` jmxss <b onmouseover=alert('jmxss')>bold</b>",
]


def journey(index: int, payload: str, personas: list[str], compare_to: str | None) -> dict:
    def stage(n: int) -> dict:
        return {
            "name": f"{payload} {n}",
            "customers": 1000 - n * 100,
            "goal": payload,
            "steps": [{
                "action": payload,
                "touchpoint": payload,
                "channel": payload,
                "emotion": (n % 5) - 2,
                "thought": payload,
                "pain_points": [payload, f"{payload} again"],
                "opportunities": [payload],
                "backstage": [payload],
            }],
            "kpis": [{"name": payload, "value": 12.5, "target": 20, "unit": payload}],
        }

    data: dict = {
        "title": payload,
        "persona": personas,
        "summary": f"{payload}\n\n- {payload}\n- [x](javascript:alert('jmxss'))\n\n<div onclick=\"alert('jmxss')\">div</div>",
        "tags": [payload, f"tag-{index}"],
        "owner": payload,
        "state": "current",
        "stages": [stage(1), stage(2), stage(3)],
    }
    if compare_to:
        data["compare_to"] = compare_to
    return data


def persona(payload: str) -> dict:
    return {"name": payload, "role": payload, "quote": payload, "summary": payload,
            **{key: [payload] for key in ("goals", "needs", "frustrations", "behaviors", "channels")}}


def hostile_files() -> dict[str, str]:
    files = {"docs/index.md": "# Home\n\nThe hostile corpus.\n"}
    for i, payload in enumerate(PAYLOADS):
        pid = f"p{i:02d}"
        files[f"journeys/personas/{pid}.yml"] = yaml.safe_dump(persona(payload), allow_unicode=True)
        data = journey(i, payload, [pid, "p00"] if i else [pid], f"h{i - 1:02d}" if i else None)
        files[f"journeys/h{i:02d}.yml"] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    # A file name is free text too: it reaches the edit link.
    files["journeys/evil\" onmouseover=\"alert('jmxss').yml"] = yaml.safe_dump(
        {"title": "Named by its file", "persona": "p00", "stages": [{"name": "A", "steps": [{"action": "a"}]}]})
    return files
