"""What one text field may cost: checked when a file is loaded, so `validate` and `build` agree.

Python-Markdown is quadratic in some inputs: every `[` (link, image, reference) and every run of
backticks (code span) makes it read on to its closing `]` or run, or to the end of the text when
there is none, and a `](` reads on to its closing `)`. 16,000 `[` take ~25 s, and `mkdocs serve`
blocks meanwhile. Deep nesting (`- - - … x`) exhausts Python's recursion limit. The limits below
keep the worst field at about the cost of rendering 10,000 plain characters (see `markup.py`),
far above what a journey needs, and every violation says what the limit is and what to do.
"""

from __future__ import annotations

import re

MAX_TEXT = 10_000
"""Characters in one text field (a summary of a page and a half of prose)."""
MAX_BRACKETS = 200
"""`[` in one field: 200 links is more than any summary holds."""
MAX_BACKTICKS = 200
"""Backticks in one field: 100 code spans."""
MAX_NESTING = 20
"""List (`-`, `*`, `+`, `1.`) and quote (`>`) markers at the start of one line."""
MAX_REREAD = 100_000
"""Characters Markdown reads again for unclosed or nested `[`, `](` and backtick runs (10 × MAX_TEXT)."""

_MARKER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))[ \t]*")
_BACKTICKS = re.compile(r"`+")


_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Control characters (Unicode's Cc) but tab and line feed, lone surrogates, and the two non-characters
XML refuses: invisible in an editor, refused by lxml (charts), able to forge lines in CI logs."""
_LINE_BREAKS = "\r\x0b\x0c\x85"


def _bad_character(text: str) -> str | None:
    """The first character of `text` that `_BAD` refuses, or None."""
    match = _BAD.search(text)
    return match.group() if match else None


def nesting(text: str) -> tuple[int, int]:
    """The most list and quote markers at the start of one line, and that line's number (1-based)."""
    deepest, where = 0, 0
    for number, line in enumerate(text.split("\n"), start=1):
        count, position = 0, 0
        while match := _MARKER.match(line, position):
            if match.end() == position:
                break
            count += 1
            position = match.end()
        if count > deepest:
            deepest, where = count, number
    return deepest, where


def _matches(text: str, opening: str, closing: str) -> dict[int, int]:
    """Each `opening` → the index of its matching `closing`, or the text's length when it has none. O(n)."""
    open_at: list[int] = []
    found: dict[int, int] = {}
    for index, char in enumerate(text):
        if char == opening:
            open_at.append(index)
        elif char == closing and open_at:
            found[open_at.pop()] = index
    found.update((index, len(text)) for index in open_at)
    return found


def reread(text: str) -> tuple[int, int]:
    """How many characters Markdown reads again for brackets and backticks, and how many are never closed.

    A model of Python-Markdown's scans: each `[` reads to its matching `]`, each `](` to its matching
    `)`, each backtick run to the next run of the same length (else to the end). Well-formed links
    and code spans cost about their own length, so prose stays far below the limit. Markdown 3.11
    can skip a closing run and re-read more than this model says; MAX_BACKTICKS bounds that case.
    """
    if "[" not in text and "`" not in text:
        return 0, 0
    length = len(text)
    total = unclosed = 0
    parens = _matches(text, "(", ")") if "](" in text else {}
    for start, end in _matches(text, "[", "]").items():
        total += end - start
        unclosed += end == length
        if end + 1 in parens:
            stop = parens[end + 1]
            total += stop - end
            unclosed += stop == length
    following: dict[int, int] = {}  # run size → start of the next run of that size
    for match in reversed(list(_BACKTICKS.finditer(text))):
        size = match.end() - match.start()
        end = following.get(size, length)
        total += end - match.start()
        unclosed += end == length
        following[size] = match.start()
    return total, unclosed


_MAYBE_COSTLY = re.compile(_BAD.pattern[:-1] + r"\[`]|^[ \t]*[>*+\-0-9]", re.MULTILINE)
"""What every measure below needs to find anything: a bad character, a bracket or backtick (the
counts and the re-read cost), or a line that starts with a list or quote marker (the nesting).
Text with none of them (most fields: short plain sentences) is within every limit, found in one scan."""


def text_problems(text: str) -> list[tuple[str, str]]:
    """What is wrong with one field's text, as (what, hint) pairs; empty when it is within every limit."""
    if len(text) <= MAX_TEXT and not _MAYBE_COSTLY.search(text):
        return []  # the fast path: every field of every file is checked at every build
    found: list[tuple[str, str]] = []
    if len(text) > MAX_TEXT:
        found.append((f"is too long: {len(text):,} characters, at most {MAX_TEXT:,}",
                      "shorten it, or split it over several fields or steps"))
        return found  # the other measures of a huge text say nothing more
    bad = _bad_character(text)
    if bad is not None:
        hint = ("write each line break as a new line of a '|' block" if bad in _LINE_BREAKS else
                "remove it: it is invisible in most editors, and often comes pasted from another program")
        what = "a lone surrogate" if "\ud800" <= bad <= "\udfff" else "a non-character" if bad > "\ud800" else \
            "the control character"
        found.append((f"holds {what} U+{ord(bad):04X}", hint))
    brackets = text.count("[")
    if brackets > MAX_BRACKETS:
        found.append((f"holds {brackets:,} '[', at most {MAX_BRACKETS}",
                      "Markdown reads each '[' as the start of a link; remove the extra brackets"))
    backticks = text.count("`")
    if backticks > MAX_BACKTICKS:
        found.append((f"holds {backticks:,} backticks, at most {MAX_BACKTICKS}",
                      "Markdown reads each backtick as the start of code; remove the extra ones"))
    depth, line = nesting(text)
    if depth > MAX_NESTING:
        where = f" (line {line} of the text)" if "\n" in text else ""
        found.append((f"nests {depth} list or quote markers{where}, at most {MAX_NESTING}",
                      "use fewer levels: '- ' starts a list item and '> ' a quote"))
    if not found:
        cost, unclosed = reread(text)
        if cost > MAX_REREAD:
            why = f"{unclosed} '[', '(' or backtick runs are never closed" if unclosed else "brackets are nested deeply"
            found.append((f"is too costly to render as Markdown: {why}, so Markdown would read over "
                          f"{cost:,} characters again, at most {MAX_REREAD:,}",
                          "close each '[' with ']' and each run of backticks with a run of the same length, "
                          "or shorten the text"))
    return found
