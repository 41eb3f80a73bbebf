"""The plugin's options resolved once, the same way for the plugin, the CLI and (later) the fence.

Options are given as `mkdocs.yml` spells them (`config.JourneyConfig`, validated by MkDocs);
this turns them into absolute paths and a language, against the folder of the config file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any


@dataclass(frozen=True)
class Settings:
    root: Path
    """The folder of mkdocs.yml: paths in options and in messages are relative to it."""
    journeys: Path
    personas: Path
    journeys_option: str
    """`journeys_dir` as written, for messages."""
    personas_option: str | None
    stages: tuple[str, ...] | None = None
    language: str = "en"
    navigation: str = "full"
    templates: Path | None = None
    templates_option: str | None = None
    charts: bool = True
    cache: Path | None = None
    """The folder of the disk cache (charts, parsed files, pages: `diskstore.py`); None turns it off."""
    enabled: bool = True
    cross_journey: bool = True
    """Whether the pages across journeys (pain points, opportunities) are generated."""
    docs: Path | None = None
    """The site's docs folder, where new users often put their journeys first."""

    def missing_journeys_hint(self) -> str:
        """What to do when the journeys folder is missing: said the same way by the build and `validate`."""
        found = self.docs / "journeys" if self.docs is not None else None
        if found is not None and found.is_dir() and found != self.journeys:
            where = found.relative_to(self.root).as_posix() if found.is_relative_to(self.root) else found.as_posix()
            return f"found '{where}': set the plugin's journeys_dir option to it"
        return "create it, or set the plugin's 'journeys_dir' option"


def theme_language(theme: Mapping[str, Any] | None) -> str:
    """The site's language as its theme says it (Material: `language`; mkdocs/readthedocs: `locale`)."""
    if not theme:
        return "en"
    return str(theme.get("language") or theme.get("locale") or "en")


def resolve(options: Mapping[str, Any], *, config_file: str | Path | None,
            theme: Mapping[str, Any] | None = None, docs_dir: str | Path | None = "docs") -> Settings:
    """Settings from the plugin's validated options, the config file's path, the site's theme and docs folder."""
    root = Path(config_file or "mkdocs.yml").resolve().parent
    journeys_option = str(options.get("journeys_dir") or "journeys")
    personas_option = options.get("personas_dir")
    personas_path = personas_option or str(PurePosixPath(journeys_option) / "personas")
    templates_option = options.get("custom_templates")
    stages = options.get("stages")
    return Settings(
        root=root,
        journeys=root / journeys_option,
        personas=root / personas_path,
        journeys_option=journeys_option,
        personas_option=personas_option,
        stages=tuple(stages) if stages else None,
        language=str(options.get("language") or theme_language(theme)),
        navigation=str(options.get("navigation") or "full"),
        templates=root / templates_option if templates_option else None,
        templates_option=templates_option,
        charts=bool(options.get("charts", True)),
        cache=root / ".cache" / "journey" if options.get("cache", True) else None,
        enabled=bool(options.get("enabled", True)),
        docs=root / docs_dir if docs_dir is not None else None,
        cross_journey=bool(options.get("cross_journey", True)),
    )
