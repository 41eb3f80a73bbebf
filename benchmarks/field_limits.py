"""Render time of the costliest fields the limits accept (markup.render_block / render_inline).

Run: `.venv/bin/python benchmarks/field_limits.py`. Each case is a field that `limits.text_problems`
accepts; the times are the best of three, in milliseconds. See limits.py for why these shapes.
"""
import time

from mkdocs_journey.limits import MAX_TEXT, reread, text_problems
from mkdocs_journey.markup import render_block, render_inline

N = MAX_TEXT
def fill(head, unit="a"):
    return (head + unit * N)[:N]
cases = {
    "plain prose": fill("", "word "),
    "9 unclosed [ then text": fill("[" * 9),
    "9 unclosed ![ then text": fill("![" * 9),
    "9 [a]( with unclosed (": fill("[a](" * 9),
    "200 links [x](y)": fill("[x](https://e.com/a) and more text here " * 200, " "),
    "200 backticks, 3.11 worst": fill("``a`" * 50),
    "200 backtick code spans": fill("`c` text " * 100, " "),
    "nested [ 4 deep x 50": fill("[[[[x]]]](u) " * 50),
    "*_ emphasis": fill("", "*_"),
    "20-deep list on every line": fill("", "- " * 20 + "x\n"),
    "20-deep quote on every line": fill("", "> " * 20 + "x\n"),
    "list items": fill("", "- a\n"),
}
worst = 0.0
for name, text in cases.items():
    assert len(text) <= N and text_problems(text) == [], (name, text_problems(text))
    row = []
    for f in (render_block, render_inline):
        best = 1e9
        for _ in range(3):
            f.cache_clear()
            t = time.perf_counter()
            f(text)
            best = min(best, time.perf_counter() - t)
        row.append(best)
        worst = max(worst, best)
    print(f"{name:30} reread={reread(text)[0]:>7,}  block {row[0]*1000:7.1f} ms  inline {row[1]*1000:7.1f} ms")
print(f"worst {worst*1000:.1f} ms")
