"""Problems found in journey files, reported to people as `file:line:col: message`."""

from __future__ import annotations

from dataclasses import dataclass

MAX_MESSAGE = 500
"""Characters of a message or hint: user text inside (a 10,000-character stage name) is cut, not printed whole."""


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` with control characters escaped as in repr (`\\n`, `\\x1b`), non-ASCII letters kept, shortened."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    if len(text) <= limit:
        return text
    half = (limit - 3) // 2  # the middle goes: a message starts with where and ends with what
    return f"{text[:half]} … {text[-half:]}"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file. Ordered by file, then position, so reports read top to bottom."""

    file: str
    line: int = 0
    column: int = 0
    message: str = ""
    hint: str = ""

    def __post_init__(self) -> None:
        """User text reaches messages; a newline or ESC in it must not forge a line or a CI annotation."""
        for name in ("file", "message", "hint"):
            object.__setattr__(self, name, one_line(getattr(self, name)))

    def __str__(self) -> str:
        return self.format()

    def format(self, level: str | None = None) -> str:
        """`file:line:col: [level: ]message (hint: ...)`, the form editors and CI logs link to."""
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}" if self.column else f":{self.line}"
        text = f"{where}: {level + ': ' if level else ''}{self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text
