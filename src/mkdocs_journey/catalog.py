"""A folder of journey and persona files → one checked catalogue, with every problem of every file.

Checks that need more than one file live here: ids unique per kind, persona and `compare_to`
references, and the site's canonical stage list.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import outline
from .files import JOURNEY_SUFFIXES, YAML_SUFFIXES, FileError, find_files, read_file
from .ids import slug_for
from .loader import Loaded, load_document, raw_id
from .model import Journey, Persona, Stage
from .problems import Problem
from .translations import Translations, pick, split_translations
from .yamlsource import YamlDocument

RESERVED_PAGES = {"index": "index page", "pain-points": "pain-point ranking across journeys",
                  "opportunities": "opportunities backlog", "channels": "channels by stage"}
"""Ids taken by generated pages: journeys/index/ is the catalogue, personas/index/ the persona index;
journeys/pain-points/, journeys/opportunities/ and journeys/channels/ are the pages across journeys (reserved for personas
too, so that an id means one thing everywhere)."""
RESERVED_IDS = frozenset(RESERVED_PAGES)


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
    translations: list[tuple[str, Loaded]] = field(default_factory=list)
    """(kind, item) of every translated file without errors of its own, whatever language is built."""
    stages: tuple[str, ...] = ()
    """The site's canonical stages (the plugin's `stages` option), in order; empty when it gives none."""

    def forget_documents(self) -> None:
        """Let go of every file's parsed values and positions, once every check has been made of them.

        A build that ends with this catalogue needs the models only; the documents (the values as read,
        and the line and column of each, for messages) were about a third of its memory (~200 MB at
        N = 3000), held to the end of the build. `mkdocs serve` keeps them: a file that breaks later
        falls back to its last good version, which is checked again."""
        empty = YamlDocument()
        self.loaded = {path: (kind, dataclasses.replace(item, document=empty)) for path, (kind, item) in self.loaded.items()}
        self.translations = [(kind, dataclasses.replace(item, document=empty)) for kind, item in self.translations]
        self.broken = {path: (kind, claimed, display, None) for path, (kind, claimed, display, _) in self.broken.items()}

    def compared_by(self, jid: str) -> list[str]:
        """Journeys whose `compare_to` names `jid`, in id order (pages ask per journey: one index, not a scan each)."""
        return self._compared_by.get(jid, [])

    @cached_property
    def _compared_by(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for jid, journey in self.journeys.items():
            if journey.compare_to:
                index.setdefault(journey.compare_to, []).append(jid)
        return index

    def problems_of(self, kind: str, item_id: str) -> list[Problem]:
        """The errors in the file behind a page, to show on that page while serving."""
        path = self.sources.get((kind, item_id))
        display = self.loaded[path][1].display if path in self.loaded else None
        return [p for p in self.errors if p.file == display]

    def journeys_of(self, persona_id: str) -> list[tuple[str, Journey]]:
        """A persona's journeys, in catalogue order (from an index: a scan per call was quadratic)."""
        return list(self._by_persona.get(persona_id, ()))

    @cached_property
    def _by_persona(self) -> dict[str, list[tuple[str, Journey]]]:
        index: dict[str, list[tuple[str, Journey]]] = {}
        for jid, journey in self.journeys.items():
            for pid in dict.fromkeys(journey.persona):
                index.setdefault(pid, []).append((jid, journey))
        return index


def _files(folder: Path, exclude: Path | None, catalog: Catalog, root: Path,
           suffixes: tuple[str, ...] = YAML_SUFFIXES) -> list[Path]:
    """YAML files under `folder`, in a stable order; see `files.find_files` for what is refused and why."""
    return find_files(folder, exclude, lambda p: _display(p, root), catalog.skipped, catalog.errors, suffixes)


def _display(path: Path, root: Path) -> str:
    """The path people see in messages: relative to the site, as they named it (symlinks not followed)."""
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


Parsed = tuple["Loaded | None", list[Problem], "YamlDocument | None"]
Parse = Callable[[bytes, str, str, type], Parsed]
"""(file's bytes, display path, the stem its id comes from, model) → what loading them gives (the item, its
problems, its parsed values); `loader.load_document` by default, memoized by whoever keeps state between
builds. A translation's stem is its original's id."""


def _read(path: Path, kind: type, stem: str, root: Path, catalog: Catalog,
          parse: Parse) -> tuple[str, Loaded | None, YamlDocument | None]:
    """(display, what loading gave, the parsed values) for one file, its problems added to the catalogue."""
    display = _display(path, root)
    try:
        raw = read_file(path)
    except FileError as exc:
        catalog.errors.append(Problem(display, 0, 0, exc.message, exc.hint))
        return display, None, None
    item, problems, doc = parse(raw, display, stem, kind)
    catalog.errors.extend(problems)
    return display, item, doc


def _load_kind(paths: list[Path], kind: type, root: Path, catalog: Catalog,
               last_good: Mapping[Path, Loaded], parse: Parse) -> dict[str, Loaded]:
    """Load one kind of file; ids are unique per kind, and each file's path lands in `catalog.sources`.

    A file that now fails its own checks and has a version in `last_good` (the last build while
    serving) keeps that version, marked stale, so that its page stays up with the errors shown on it.
    """
    loaded: dict[str, Loaded] = {}
    label = "journey" if kind is Journey else "persona"
    for path in paths:
        display, item, doc = _read(path, kind, path.stem, root, catalog, parse)
        if item is None:
            claimed = raw_id(doc, path.stem)
            catalog.failed.add((label, claimed))
            catalog.broken[path] = (label, claimed, display, doc)
            if path not in last_good:
                continue
            item = last_good[path]
            catalog.stale[(label, item.id)] = display
        if item.id in RESERVED_IDS:
            line, column = item.document.position(("id",))
            catalog.errors.append(Problem(display, line, column, f"the id '{item.id}' is reserved for the "
                                          f"{label + 's' if item.id == 'index' else 'journeys'}' {RESERVED_PAGES[item.id]}",
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


@dataclass
class _Report:
    """Where the checks of one journey file say what they find."""

    display: str
    doc: YamlDocument
    catalog: Catalog

    def error(self, path: tuple[str | int, ...], message: str, hint: str = "") -> None:
        self.catalog.errors.append(Problem(self.display, *self.doc.position(path), message, hint))

    def warning(self, path: tuple[str | int, ...], message: str, hint: str = "") -> None:
        self.catalog.warnings.append(Problem(self.display, *self.doc.position(path), message, hint))


def _check_references(say: _Report, item_id: str, plan: outline.Outline, personas: dict[str, Loaded],
                      journeys: dict[str, Loaded], personas_folder: str) -> set[str]:
    """Personas and `compare_to` name files that exist (or that failed: they are blamed there, not here)."""
    meant: set[str] = set()
    failed = say.catalog.failed
    for persona_id, path in plan.personas:
        if persona_id not in personas and ("persona", persona_id) not in failed:
            close = difflib.get_close_matches(persona_id, sorted(personas), n=1)
            meant.update(close)
            say.error(path, f"unknown persona '{persona_id}'",
                      f"did you mean '{close[0]}'?" if close else f"add a file {personas_folder}/{persona_id}.yml")
    other = plan.compare_to
    if other == item_id:
        say.error(("compare_to",), "a journey cannot be compared to itself")
    elif other is not None and other not in journeys and ("journey", other) not in failed:
        close = difflib.get_close_matches(other, sorted(set(journeys) - {item_id}), n=1)
        say.error(("compare_to",), f"unknown journey '{other}' in compare_to",
                  f"did you mean '{close[0]}'?" if close else "use the id of another journey file")
    return meant


def _check_stage_names(say: _Report, plan: outline.Outline, stages: Sequence[str] | None) -> None:
    """Stage names are unique, and with the site's stage list, in it and in its order."""
    seen: dict[str, int] = {}
    last_rank = -1
    for index, name, stage in plan.stages:
        if name is None:
            continue
        where = ("stages", index, "name")
        if name in seen:
            say.error(where, f"stage '{name}' appears twice (also stage {seen[name] + 1})", "give each stage its own name")
        seen.setdefault(name, index)
        if stages and name not in stages:
            close = difflib.get_close_matches(name, list(stages), n=1)
            say.error(where, f"stage '{name}' is not in the site's stage list",
                      f"did you mean '{close[0]}'?" if close else "the site's stages are: " + ", ".join(stages))
        elif stages:
            rank = list(stages).index(name)
            if rank < last_rank:
                say.error(where, f"stage '{name}' is out of order", "order stages as in mkdocs.yml: " + ", ".join(stages))
            last_rank = max(last_rank, rank)
        if stage is not None and stage.emotion is not None and any(s.emotion is not None for s in stage.steps):
            say.warning(("stages", index, "emotion"), f"stage '{stage.name}' gives an emotion and so do its steps; "
                        "the steps' mean is used", "remove the stage's emotion")


def _check_step_personas(say: _Report, plan: outline.Outline) -> None:
    """A step is lived by personas of its journey, and a per-persona emotion is that of a persona of the step.

    Read from the file's values (`outline.StepPersonas`), so a step with another mistake is checked too.
    """
    journey_personas = [pid for pid, _ in plan.personas]
    for step in plan.steps:
        said = f"stage {step.stage + 1}, step {step.step + 1}: "
        for pid, path in step.personas:
            if plan.personas_known and pid not in journey_personas:
                close = difflib.get_close_matches(pid, journey_personas, n=1)
                say.error(path, f"{said}'{pid}' is not a persona of this journey",
                          f"did you mean '{close[0]}'?" if close else
                          f"add it to the journey's 'persona:' list ({', '.join(journey_personas) or 'empty now'})")
        own = [pid for pid, _ in step.personas] or journey_personas
        if not step.personas and not plan.personas_known:
            continue  # the journey's personas could not be read: whose the step is, is unknown
        for pid, path in step.emotion_keys:
            if pid in own:
                continue
            close = difflib.get_close_matches(pid, own, n=1)
            whose = "the step's 'personas:'" if step.personas else "the journey's 'persona:'"
            say.error(path, f"{said}emotion for '{pid}', who is not a persona of this step",
                      f"did you mean '{close[0]}'?" if close else
                      f"the step's personas are {', '.join(own) or 'none'}; add '{pid}' to {whose}")


def _check_funnel(say: _Report, plan: outline.Outline) -> None:
    """A funnel narrows, and a journey has steps; parts that did not validate compare with nothing."""
    before: Stage | None = None
    for index, _name, stage in plan.stages:
        if stage is None:
            before = None  # its count is unknown: no comparison across it
        elif stage.customers is not None:
            if before is not None and stage.customers > (before.customers or 0):
                say.warning(("stages", index, "customers"), f"stage '{stage.name}' has more customers "
                            f"({stage.customers}) than '{before.name}' before it ({before.customers})",
                            "a funnel narrows; check the counts")
            before = stage
    complete = [stage for _, _, stage in plan.stages if stage is not None]
    if plan.stages and len(complete) == len(plan.stages) and not any(stage.steps for stage in complete):
        say.warning(("stages",), "the journey has no steps", "add 'steps:' with at least an 'action' to a stage")


def _check_journey(display: str, doc: YamlDocument, item_id: str, plan: outline.Outline, personas: dict[str, Loaded],
                   journeys: dict[str, Loaded], stages: Sequence[str] | None, catalog: Catalog,
                   personas_folder: str) -> set[str]:
    """The checks that need other files or the whole journey, on what the file says (see `outline`).

    Parts that did not validate are left out, so a broken stage hides nothing else and causes no warning.
    Returns the personas suggested for unknown ids: a typo's target is not "unused", it is meant.
    """
    say = _Report(display, doc, catalog)
    meant = _check_references(say, item_id, plan, personas, journeys, personas_folder)
    _check_stage_names(say, plan, stages)
    _check_step_personas(say, plan)
    _check_funnel(say, plan)
    return meant


def _translate(translations: Translations, loaded: dict[str, Loaded], kind: type, language: str | None,
               root: Path, catalog: Catalog, parse: Parse) -> dict[str, Loaded]:
    """Check every translation (every build and `validate` alike), and the items `language` reads.

    A translation is a whole file in another language: checked as its original is, and with the
    original's id. The returned mapping holds, per id, the version a `language` build shows: its
    translation where there is one without errors, the original otherwise.
    """
    label = "journey" if kind is Journey else "persona"
    shown = dict(loaded)
    originals = {path: item for path, (lab, item) in catalog.loaded.items() if lab == label}
    for original, _language, path in translations.paths():
        base = originals.get(original)
        item_id = base.id if base is not None else slug_for(original.stem)
        display, item, _doc = _read(path, kind, item_id, root, catalog, parse)
        if item is None:
            continue
        if item.id != item_id:
            line, column = item.document.position(("id",))
            catalog.errors.append(Problem(display, line, column,
                                          f"the id '{item.id}' is not the id of the file it translates ('{item_id}')",
                                          f"remove 'id:' from the translation, or make it '{item_id}'"))
            continue
        catalog.translations.append((label, item))
        chosen = pick(translations.by_original.get(original, {}), language)
        if base is not None and chosen == path and loaded.get(item_id) is base:
            shown[item_id] = item
            catalog.sources[(label, item_id)] = path
            catalog.loaded[path] = (label, item)
    return shown


def _check_broken_and_unused(catalog: Catalog, journeys: dict[str, Loaded], personas: dict[str, Loaded],
                             meant: set[str], stages: Sequence[str] | None, folder: str) -> None:
    """Check what broken journey files say, then warn of personas no journey uses: never falsely.

    A persona named by a broken file or a translation is used; while a journey file cannot be read
    at all, no persona is said to be unused, since that file may name any of them.
    """
    used = meant | {pid for item in journeys.values() for pid in item.model.persona}  # type: ignore[union-attr]
    for label, item in catalog.translations:  # a persona only a translation names is used too
        if label == "journey":
            used.update(item.model.persona)  # type: ignore[union-attr]
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


def load_catalog(journeys_dir: Path, personas_dir: Path, *, root: Path, stages: Sequence[str] | None = None,
                 language: str | None = None, last_good: Mapping[Path, Loaded] | None = None,
                 parse: Parse = load_document) -> Catalog:
    """Load and check every journey and persona file. Never raises for bad input: see `errors`.

    `last_good` (file → its last valid version) and `parse` (a memoized `load_document`) come from
    whoever keeps state between builds (`workspace.Workspace` while serving): see `_load_kind`.
    `language` picks translated files (`<id>.es.yml`) where they exist; every file is checked whatever it is.
    """
    catalog = Catalog(stages=tuple(stages or ()))
    exclude = personas_dir  # find_files compares folders by inode: a loop cannot make it raise
    journey_paths = _files(journeys_dir, exclude, catalog, root, JOURNEY_SUFFIXES)
    persona_paths = _files(personas_dir, None, catalog, root)
    catalog.files = {"journey": len(journey_paths), "persona": len(persona_paths)}
    journey_split = split_translations(journey_paths, lambda p: _display(p, root), catalog.errors)
    persona_split = split_translations(persona_paths, lambda p: _display(p, root), catalog.errors)
    journeys = _load_kind(journey_split.originals, Journey, root, catalog, last_good or {}, parse)
    personas = _load_kind(persona_split.originals, Persona, root, catalog, last_good or {}, parse)
    shown_journeys = _translate(journey_split, journeys, Journey, language, root, catalog, parse)
    shown_personas = _translate(persona_split, personas, Persona, language, root, catalog, parse)
    folder = _display(personas_dir, root)
    meant: set[str] = set()
    for jid, item in journeys.items():
        if ("journey", jid) not in catalog.stale:  # its last good version was checked then
            plan = outline.from_model(item.model, item.document.data)  # type: ignore[arg-type]
            meant |= _check_journey(item.display, item.document, jid, plan, personas, journeys, stages, catalog, folder)
    for label, item in catalog.translations:
        if label == "journey":  # stage names are translated too: the site's stage list is the original's
            plan = outline.from_model(item.model, item.document.data)  # type: ignore[arg-type]
            meant |= _check_journey(item.display, item.document, item.id, plan, personas, journeys, None, catalog, folder)
    _check_broken_and_unused(catalog, journeys, personas, meant, stages, folder)

    def order(pair: tuple[str, Loaded]) -> tuple[str, str]:
        pid, loaded = pair
        title = loaded.model.title if isinstance(loaded.model, Journey) else loaded.model.name
        return (title.casefold(), pid)

    for jid, item in sorted(shown_journeys.items(), key=order):
        catalog.journeys[jid] = item.model  # type: ignore[assignment]
    for pid, item in sorted(shown_personas.items(), key=order):
        catalog.personas[pid] = item.model  # type: ignore[assignment]
    catalog.errors.sort()
    catalog.warnings.sort()
    return catalog
