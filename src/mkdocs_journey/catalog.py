"""A folder of journey and persona files → one checked catalogue, with every problem of every file.

Checks that need more than one file live here: ids unique per kind, persona and `compare_to`
references, and the site's canonical stage list.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import outline
from .files import FileError, find_files, read_file
from .loader import Loaded, load_document, raw_id
from .model import Journey, Persona, Stage
from .problems import Problem
from .yamlsource import YamlDocument

RESERVED_IDS = frozenset({"index"})  # journeys/index/ is the catalogue, personas/index/ the persona index


@dataclass
class Catalog:
    """Everything the pages need, sorted for deterministic output."""

    journeys: dict[str, Journey] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)
    sources: dict[tuple[str, str], Path] = field(default_factory=dict)  # (kind, id) → YAML file
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    files: dict[str, int] = field(default_factory=dict)
    """Files read per kind ("journey", "persona"), broken ones too: what `validate` says it checked."""
    loaded: dict[Path, tuple[str, Loaded]] = field(default_factory=dict)  # YAML file → (kind, item)
    failed: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id the file claims: its `id:` or its name) of files that failed their own checks: no one refers to
    them in vain."""
    stale: dict[tuple[str, str], str] = field(default_factory=dict)
    """(kind, id) → file shown at its last good version, because the file now has errors (serve)."""
    broken: dict[Path, tuple[str, str, str, YamlDocument | None]] = field(default_factory=dict)
    """YAML file that failed its own checks → (kind, id it claims, display path, its values if it parsed):
    its references are still checked, and what it refers to is still in use."""

    def problems_of(self, kind: str, item_id: str) -> list[Problem]:
        """The errors in the file behind a page, to show on that page while serving."""
        path = self.sources.get((kind, item_id))
        display = self.loaded[path][1].display if path in self.loaded else None
        return [p for p in self.errors if p.file == display]

    def journeys_of(self, persona_id: str) -> list[tuple[str, Journey]]:
        return [(jid, j) for jid, j in self.journeys.items() if persona_id in j.persona]


def _files(folder: Path, exclude: Path | None, catalog: Catalog, root: Path) -> list[Path]:
    """YAML files under `folder`, in a stable order; see `files.find_files` for what is refused and why."""
    return find_files(folder, exclude, lambda p: _display(p, root), catalog.skipped, catalog.errors)


def _display(path: Path, root: Path) -> str:
    """The path people see in messages: relative to the site, as they named it (symlinks not followed)."""
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


FileMemo = dict[tuple[Path, str], tuple[bytes, str, "Loaded | None", list[Problem], "YamlDocument | None"]]
"""(file, kind) → (its bytes, its display path, what loading them gave): unchanged files load for free."""


def _load_kind(paths: list[Path], kind: type, root: Path, catalog: Catalog,
               previous: Catalog | None, memo: FileMemo | None) -> dict[str, Loaded]:
    """Load one kind of file; ids are unique per kind, and each file's path lands in `catalog.sources`.

    With `previous` (the last build while serving), a file that now fails its own checks keeps its
    last good version, marked stale, so that its page stays up with the errors shown on it.
    """
    loaded: dict[str, Loaded] = {}
    label = "journey" if kind is Journey else "persona"
    for path in paths:
        display = _display(path, root)
        try:
            raw = read_file(path)
        except FileError as exc:
            catalog.errors.append(Problem(display, 0, 0, exc.message, exc.hint))
            catalog.failed.add((label, raw_id(None, path.stem)))
            catalog.broken[path] = (label, raw_id(None, path.stem), display, None)
            continue
        cached = memo.get((path, label)) if memo is not None else None
        if cached is not None and cached[0] == raw and cached[1] == display:
            item, problems, doc = cached[2], cached[3], cached[4]
        else:
            item, problems, doc = load_document(raw, display, path.stem, kind)
            if memo is not None:
                memo[(path, label)] = (raw, display, item, problems, doc)
        catalog.errors.extend(problems)
        if item is None:
            claimed = raw_id(doc, path.stem)
            catalog.failed.add((label, claimed))
            catalog.broken[path] = (label, claimed, display, doc)
            if previous is None or path not in previous.loaded:
                continue
            item = previous.loaded[path][1]
            catalog.stale[(label, item.id)] = display
        if item.id in RESERVED_IDS:
            line, column = item.document.position(("id",))
            catalog.errors.append(Problem(display, line, column, f"the id '{item.id}' is reserved for the {label}s' index page",
                                          "rename the file, or give it another 'id:'"))
            continue
        if item.id in loaded:
            other = loaded[item.id].display
            line, column = item.document.position(("id",))
            catalog.errors.append(Problem(display, line, column, f"duplicate {label} id '{item.id}' (also used by {other})",
                                          "rename one of the files, or give one of them a different 'id:'"))
            continue
        loaded[item.id] = item
        catalog.sources[(label, item.id)] = path
        catalog.loaded[path] = (label, item)
    return loaded


def _check_journey(display: str, doc: YamlDocument, item_id: str, plan: outline.Outline, personas: dict[str, Loaded],
                   journeys: dict[str, Loaded], stages: Sequence[str] | None, catalog: Catalog,
                   personas_folder: str) -> set[str]:
    """The checks that need other files or the whole journey, on what the file says (see `outline`).

    Parts that did not validate are left out, so a broken stage hides nothing else and causes no warning.
    Returns the personas suggested for unknown ids: a typo's target is not "unused", it is meant.
    """
    meant: set[str] = set()
    for persona_id, path in plan.personas:
        if persona_id not in personas and ("persona", persona_id) not in catalog.failed:
            close = difflib.get_close_matches(persona_id, sorted(personas), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"add a file {personas_folder}/{persona_id}.yml"
            meant.update(close)
            catalog.errors.append(Problem(display, *doc.position(path), f"unknown persona '{persona_id}'", hint))
    if plan.compare_to is not None:
        if plan.compare_to == item_id:
            catalog.errors.append(Problem(display, *doc.position(("compare_to",)), "a journey cannot be compared to itself"))
        elif plan.compare_to not in journeys and ("journey", plan.compare_to) not in catalog.failed:
            close = difflib.get_close_matches(plan.compare_to, sorted(set(journeys) - {item_id}), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "use the id of another journey file"
            catalog.errors.append(Problem(display, *doc.position(("compare_to",)),
                                          f"unknown journey '{plan.compare_to}' in compare_to", hint))
    seen: dict[str, int] = {}
    last_rank = -1
    for index, name, stage in plan.stages:
        if name is None:
            continue
        where = doc.position(("stages", index, "name"))
        if name in seen:
            catalog.errors.append(Problem(display, *where, f"stage '{name}' appears twice (also stage {seen[name] + 1})",
                                          "give each stage its own name"))
        seen.setdefault(name, index)
        if stages:
            if name not in stages:
                close = difflib.get_close_matches(name, list(stages), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "the site's stages are: " + ", ".join(stages)
                catalog.errors.append(Problem(display, *where, f"stage '{name}' is not in the site's stage list", hint))
            else:
                rank = list(stages).index(name)
                if rank < last_rank:
                    catalog.errors.append(Problem(display, *where, f"stage '{name}' is out of order",
                                                  "order stages as in mkdocs.yml: " + ", ".join(stages)))
                last_rank = max(last_rank, rank)
        if stage is not None and stage.emotion is not None and any(s.emotion is not None for s in stage.steps):
            catalog.warnings.append(Problem(display, *doc.position(("stages", index, "emotion")),
                                            f"stage '{stage.name}' gives an emotion and so do its steps; "
                                            "the steps' mean is used", "remove the stage's emotion"))
    before: tuple[int, Stage] | None = None
    for index, _name, stage in plan.stages:
        if stage is None:
            before = None  # its count is unknown: no comparison across it
        elif stage.customers is not None:
            if before is not None and stage.customers > (before[1].customers or 0):
                catalog.warnings.append(Problem(display, *doc.position(("stages", index, "customers")),
                                                f"stage '{stage.name}' has more customers ({stage.customers}) than "
                                                f"'{before[1].name}' before it ({before[1].customers})",
                                                "a funnel narrows; check the counts"))
            before = (index, stage)
    complete = [stage for _, _, stage in plan.stages if stage is not None]
    if plan.stages and len(complete) == len(plan.stages) and not any(stage.steps for stage in complete):
        catalog.warnings.append(Problem(display, *doc.position(("stages",)), "the journey has no steps",
                                        "add 'steps:' with at least an 'action' to a stage"))
    return meant


def load_catalog(journeys_dir: Path, personas_dir: Path, *, root: Path,
                 stages: Sequence[str] | None = None, previous: Catalog | None = None,
                 memo: FileMemo | None = None) -> Catalog:
    """Load and check every journey and persona file. Never raises for bad input: see `errors`.

    `previous` is the catalogue of the last build, given while serving: see `_load_kind`. `memo`,
    kept by the caller between builds, spares parsing and validating files whose bytes did not change.
    """
    catalog = Catalog()
    exclude = personas_dir  # find_files compares folders by inode: a loop cannot make it raise
    journey_paths = _files(journeys_dir, exclude, catalog, root)
    persona_paths = _files(personas_dir, None, catalog, root)
    catalog.files = {"journey": len(journey_paths), "persona": len(persona_paths)}
    journeys = _load_kind(journey_paths, Journey, root, catalog, previous, memo)
    personas = _load_kind(persona_paths, Persona, root, catalog, previous, memo)
    if memo is not None:  # forget deleted files
        present = {(p, "journey") for p in journey_paths} | {(p, "persona") for p in persona_paths}
        for key in set(memo) - present:
            del memo[key]
    folder = _display(personas_dir, root)
    meant: set[str] = set()
    for jid, item in journeys.items():
        if ("journey", jid) not in catalog.stale:  # its last good version was checked then
            plan = outline.from_model(item.model, item.document.data)  # type: ignore[arg-type]
            meant |= _check_journey(item.display, item.document, jid, plan, personas, journeys, stages, catalog, folder)
    used = meant | {pid for item in journeys.values() for pid in item.model.persona}  # type: ignore[union-attr]
    known = True  # whether every journey file says which personas it uses
    for label, claimed, display, doc in catalog.broken.values():
        if label != "journey":
            continue
        plan = outline.from_values(doc.data if doc is not None else None)
        known = known and doc is not None and plan.personas_known
        used.update(pid for pid, _ in plan.personas)
        if doc is not None:  # what the broken file says is checked now, as a build would after the fix
            used |= _check_journey(display, doc, claimed, plan, personas, journeys, stages, catalog, folder)
    for pid, item in personas.items():
        if known and pid not in used:
            catalog.warnings.append(Problem(item.display, 1, 1, f"persona '{pid}' is not used by any journey",
                                            f"add 'persona: {pid}' to a journey, or remove the file"))

    def order(pair: tuple[str, Loaded]) -> tuple[str, str]:
        pid, loaded = pair
        title = loaded.model.title if isinstance(loaded.model, Journey) else loaded.model.name
        return (title.casefold(), pid)

    for jid, item in sorted(journeys.items(), key=order):
        catalog.journeys[jid] = item.model  # type: ignore[assignment]
    for pid, item in sorted(personas.items(), key=order):
        catalog.personas[pid] = item.model  # type: ignore[assignment]
    catalog.errors.sort()
    catalog.warnings.sort()
    return catalog
