"""The package's build step: the templates' Python code into the wheel (`templating.compile_package_templates`).

setuptools runs it as the `build_py` command (`[tool.setuptools.cmdclass]` in pyproject.toml). An
editable install is left without that code: it compiles the templates it is edited in.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools.command.build_py import build_py  # type: ignore[import-untyped,unused-ignore]


class BuildPy(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # src/: the package being built
        try:
            from mkdocs_journey.templating import COMPILED_PACKAGE, compile_package_templates
        finally:
            sys.path.pop(0)
        compile_package_templates(Path(self.build_lib) / "mkdocs_journey" / COMPILED_PACKAGE)
