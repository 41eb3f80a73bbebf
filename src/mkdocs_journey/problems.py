"""Problems found in journey files, reported to people as `file:line:col: message`."""

from __future__ import annotations

from dataclasses import dataclass


def one_line(text: str) -> str:
    """`text` with control characters escaped as in repr (`\\n`, `\\x1b`), non-ASCII letters kept."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


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


class JourneyDataError(Exception):
    """Raised by the command line and the library API when journey files hold errors."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        super().__init__(f"{count} error{'s' if count != 1 else ''} in journey files")
