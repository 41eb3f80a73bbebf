"""Template output escaped in fewer steps: Jinja's autoescaping, to the same bytes.

With autoescaping, Jinja compiles `{{ value }}` to `escape(value)`: MarkupSafe's Python wrapper, which
wraps its result in a new `Markup`, and for a value that is `Markup` already (every `| mdi`, every
macro) calls `__html__` and wraps it once more. A journey page writes ~1,000 values, so a build at
N = 300 made ~500,000 such calls of two or three Python frames each (issue 16). The code Jinja
generates here writes a `Markup` value as it is, escapes a `str` with MarkupSafe's own C function,
writes an `int` or `float` as `str()` does (no character of a number needs escaping), and hands anything
else (booleans, undefined values, objects with `__html__`) to `escape` as before.

The text is the same: a template's output is only ever joined into its page, and what wraps a joined
output in `Markup` (a macro, a `{% set %}` block) does so after the join, not per value. A filter or a
finalize function is left to Jinja's own code. Jinja documents `Environment.code_generator_class` for
this kind of change; the two methods replaced are the ones that write the call around an output.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr, Template
from markupsafe import escape

try:
    from markupsafe import _escape_inner as escape_text  # MarkupSafe 3: str -> str, in C when compiled
except ImportError:  # pragma: no cover - MarkupSafe 2, whose `escape` is C already

    def escape_text(text: str, /) -> str:
        return str(escape(text))


class _FastOutput(CodeGenerator):
    def visit_Template(self, node: Template, frame: Frame | None = None) -> None:
        self.writeline(f"from {__name__} import escape_text as _jm_escape_text")
        super().visit_Template(node, frame)

    @staticmethod
    def _plain(frame: Frame, finalize: Any) -> bool:
        """Whether this output is escaped by `escape` alone (autoescaping known at compile time, no finalize)."""
        return bool(frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is None)

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if not self._plain(frame, finalize):
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("(_jm_v if (_jm_t := type(_jm_v := (")

    def _output_child_post(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if not self._plain(frame, finalize):
            super()._output_child_post(node, frame, finalize)
            return
        self.write("))) is Markup else _jm_escape_text(_jm_v) if _jm_t is str"
                   " else str(_jm_v) if _jm_t is int or _jm_t is float else escape(_jm_v))")


class FastEnvironment(Environment):
    """A Jinja environment whose templates escape their output as above."""

    code_generator_class = _FastOutput
