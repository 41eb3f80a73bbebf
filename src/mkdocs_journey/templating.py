"""The Jinja environment of the plugin's templates, and their Python code made when the package is built.

Jinja turns each template into Python source and compiles it: ~0.3 s of CPU for the plugin's 25
templates, in every build (a tenth of what the plugin adds to a cold build at N = 300, issue 16). A
wheel carries that source instead (`compile_package_templates`, run by `_build.BuildPy`), one module
per template, which the installer compiles to bytecode like any module. A template is taken from its
module only when the module was made from this very source, with this Jinja and this code generator;
any other case (an editable install, an edited template, another Jinja) compiles from the source as
Jinja does. Each environment executes the code in a namespace of its own (`Template.from_code`), so
two environments (two languages of one site) never share a template's globals. A site's own templates
(`custom_templates`) are compiled as always: the package holds code for its own templates only.

The package's code is as trusted as the rest of the package; nothing is written at build time of a
site, and no cache folder ever holds code (`pagecache.py`).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from functools import cache
from importlib.metadata import version
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined, Template, select_autoescape

from .escaping import FastEnvironment

COMPILED_PACKAGE = "_compiled_templates"
"""The subpackage of `mkdocs_journey` a wheel carries the templates' code in (absent from the source tree)."""
FILTERS = ("md", "mdi")
"""The filters the templates use; compiling needs their names (their code is looked up when rendering)."""


class _Environment(FastEnvironment):
    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one dict, not Jinja's `ChainMap` over the environment's.

        Every render copies a template's globals into its context, and every `{% from ... import %}`
        compares them with the importing context's: through a `ChainMap`, each is a walk in Python code,
        ~10% of rendering a journey page (issue 16). Jinja asks that globals not change once a template
        is loaded; `environment` sets them before any is, and nothing changes them after."""
        return {**self.globals, **(d or {})}


def environment(filters: Mapping[str, Callable[..., Any]], custom_templates: Path | None = None,
                globals: Mapping[str, Any] | None = None) -> FastEnvironment:
    """The environment every page is rendered with: autoescaped, strict about undefined names.

    auto_reload=False: an environment lives for one build (`mkdocs serve` makes a new one per build), so
    checking every template file's mtime at every use (~3,400 stats at N = 300) finds nothing.
    """
    loaders: list[BaseLoader] = [PackageTemplates()]
    if custom_templates is not None:
        loaders.insert(0, FileSystemLoader(str(custom_templates)))
    env = _Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(default=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters.update(filters)
    env.globals.update(globals or {})
    return env


def generator_key() -> str:
    """What the code of a template depends on besides its source: Jinja, the code generator, the options."""
    own = Path(__file__).parent
    digest = hashlib.sha256(version("jinja2").encode())
    for name in ("escaping.py", "templating.py"):
        digest.update(b"\0" + (own / name).read_bytes())
    return digest.hexdigest()


def _source_key(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _module_name(template: str) -> str:
    return "t_" + hashlib.sha256(template.encode("utf-8")).hexdigest()[:16]


class PackageTemplates(PackageLoader):
    """The plugin's own templates: from the code the wheel carries when it matches, else from source."""

    def __init__(self) -> None:
        super().__init__("mkdocs_journey", "templates")

    def load(self, environment: Any, name: str, globals: MutableMapping[str, Any] | None = None) -> Template:
        source, _filename, uptodate = self.get_source(environment, name)
        code = _compiled_code(name, _source_key(source))
        if code is None:
            return super().load(environment, name, globals)
        return environment.template_class.from_code(environment, code, environment.make_globals(globals), uptodate)


@cache
def _manifest() -> ModuleType | None:
    """The wheel's table of compiled templates, if it has one made by this Jinja and this generator."""
    try:
        manifest = importlib.import_module(f"{__package__}.{COMPILED_PACKAGE}")
    except ImportError:
        return None
    return manifest if getattr(manifest, "GENERATOR", None) == generator_key() else None


def _compiled_code(name: str, source_key: str) -> CodeType | None:
    manifest = _manifest()
    if manifest is None or manifest.TEMPLATES.get(name) != source_key:
        return None
    module = f"{manifest.__name__}.{_module_name(name)}"
    spec = importlib.util.find_spec(module)
    if spec is None or spec.loader is None or not hasattr(spec.loader, "get_code"):
        return None
    code = spec.loader.get_code(module)  # the installer's bytecode (__pycache__), or compiled from the module
    return code if isinstance(code, CodeType) else None


def compile_package_templates(target: Path, names: Iterable[str] | None = None) -> list[Path]:
    """Write the plugin's templates as Python modules into `target` (`<package>/_compiled_templates`).

    Called when the package is built (`_build.BuildPy`); the modules' code is what `environment()`
    would compile from the same sources, with placeholder filters (only their names are compiled in).
    """
    env = environment({name: str for name in FILTERS})
    loader = PackageTemplates()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    table: dict[str, str] = {}
    for name in sorted(names if names is not None else loader.list_templates()):
        source = loader.get_source(env, name)[0]
        code = env.compile(source, name, raw=True)
        path = target / f"{_module_name(name)}.py"
        path.write_text(f"# Jinja's code for templates/{name}; made when the package was built.\n{code}\n",
                        encoding="utf-8")
        table[name] = _source_key(source)
        written.append(path)
    init = target / "__init__.py"
    init.write_text('"""The plugin\'s templates as Python code, made when the package was built (templating.py)."""\n\n'
                    f"GENERATOR = {generator_key()!r}\nTEMPLATES = {table!r}\n", encoding="utf-8")
    return [init, *written]
