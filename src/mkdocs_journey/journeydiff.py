"""What changed for the customer between two catalogues: the model of `mkdocs-journey diff`.

Pure: two checked `Catalog`s in, a `CatalogDiff` out; no git, no MkDocs, no formatting
(`journeydiff_format.py` writes it out). Fields are compared generically (`field_changes`), so a
field the model gains (a step's `moment_of_truth`, a stage's `needs`) is reported without code
here; only what needs matching (stages, steps, KPIs, pain points, opportunities) or computing
(mean emotions, the funnel) is spelled out.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from .catalog import Catalog
from .model import Journey, Kpi, Persona, Stage, Step, biggest_drop, funnel
from .problems import Problem

Status = Literal["added", "removed", "changed", "renamed"]

STEP_MATCH = 0.6
"""How alike two step actions must be (difflib ratio) to be one step reworded rather than one removed, one added."""

STAGE_MATCH = 0.6
"""How alike two stage names, or their steps, must be for an unmatched pair to be one stage renamed."""


def plain(value: object) -> Any:
    """A value as JSON holds it: models as mappings, tuples as lists; what formats and JSON output get."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Change:
    """One field before → after. `before`/`after` are plain values (None: not set)."""

    field: str
    before: Any
    after: Any


def field_changes(before: BaseModel | None, after: BaseModel | None, skip: Iterable[str] = ()) -> list[Change]:
    """Every field that differs between two models of one kind, in the model's field order.

    Generic on purpose: fields the format gains are reported with no change here. Lists of models
    (stages, steps, KPIs) are matched elsewhere and belong in `skip`.
    """
    skipped = set(skip)
    names: list[str] = []
    for model in (after, before):
        if model is not None:
            names += [n for n in type(model).model_fields if n not in names and n not in skipped]
    changes = []
    for name in names:
        old, new = plain(getattr(before, name, None)), plain(getattr(after, name, None))
        if _empty(old) and _empty(new):
            continue
        if old != new:
            changes.append(Change(name, old, new))
    return changes


def _empty(value: object) -> bool:
    return value is None or value == [] or value == {}


def attribute_changes(before: object, after: object, skip: Iterable[str] = ("text",)) -> list[Change]:
    """Changes between two list items that are text or models (`{text, severity}`): text has no attributes."""
    old = plain(before) if isinstance(before, BaseModel) else {}
    new = plain(after) if isinstance(after, BaseModel) else {}
    skipped = set(skip)
    names = [n for n in [*new, *old] if n not in skipped]
    changes = []
    for name in dict.fromkeys(names):
        if old.get(name) != new.get(name) and not (_empty(old.get(name)) and _empty(new.get(name))):
            changes.append(Change(name, old.get(name), new.get(name)))
    return changes


def item_text(item: object) -> str:
    """A pain point's or opportunity's text, whether written as text or as `{text: ...}`."""
    return str(getattr(item, "text", item))


@dataclass(frozen=True)
class ItemDiff:
    """A pain point or opportunity added, removed, or with changed attributes (severity, status...)."""

    kind: str
    """The field it is in: "pain_points", "opportunities"."""
    status: Status
    text: str
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class StepDiff:
    status: Status
    action: str
    """The step's action now (before, for a removed step)."""
    before_action: str | None = None
    """The action before, when it was reworded."""
    changes: list[Change] = field(default_factory=list)
    items: list[ItemDiff] = field(default_factory=list)


@dataclass(frozen=True)
class KpiDiff:
    status: Status
    name: str
    unit: str | None
    value: Change
    target: Change
    met: Change
    """Whether the value reaches the target, before → after (None: no value or no target)."""
    changes: list[Change] = field(default_factory=list)
    """Other fields (unit, direction...)."""


@dataclass(frozen=True)
class StageDiff:
    status: Status
    name: str
    before_name: str | None = None
    changes: list[Change] = field(default_factory=list)
    """Fields of the stage, and the computed `emotion` (the steps' mean), `customers` and `drop_off` (% lost)."""
    steps: list[StepDiff] = field(default_factory=list)
    kpis: list[KpiDiff] = field(default_factory=list)


@dataclass(frozen=True)
class JourneyDiff:
    id: str
    status: Status
    title: str
    before_id: str | None = None
    changes: list[Change] = field(default_factory=list)
    stages: list[StageDiff] = field(default_factory=list)
    order: Change | None = None
    """The stage order (names now), when the stages kept were reordered."""
    biggest_drop: Change | None = None
    """{stage, drop_off} before → after, when the biggest drop-off moved to another stage."""

    def items(self) -> list[tuple[StageDiff, StepDiff, ItemDiff]]:
        return [(stage, step, item) for stage in self.stages for step in stage.steps for item in step.items]


@dataclass(frozen=True)
class PersonaDiff:
    id: str
    status: Status
    name: str
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class NotCompared:
    """A file that could not be compared, on one side, and why."""

    side: Literal["base", "head"]
    kind: str
    id: str
    file: str
    problems: list[Problem]


@dataclass
class CatalogDiff:
    journeys: list[JourneyDiff] = field(default_factory=list)
    personas: list[PersonaDiff] = field(default_factory=list)
    not_compared: list[NotCompared] = field(default_factory=list)
    errors: dict[str, list[Problem]] = field(default_factory=dict)
    """Every error on each side ("base", "head"), those of compared files too (an unknown persona)."""

    @property
    def empty(self) -> bool:
        return not (self.journeys or self.personas)


# Matching -----------------------------------------------------------------------------------------


def similarity(a: str, b: str) -> float:
    """How alike two texts are, ignoring case and spacing (difflib ratio, 0 … 1)."""
    a, b = " ".join(a.casefold().split()), " ".join(b.casefold().split())
    return 1.0 if a == b else difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def match(before: Sequence[str], after: Sequence[str], threshold: float) -> list[tuple[int, int]]:
    """Pairs (i, j) of alike texts: equal ones first, then the most alike, nearer positions winning ties.

    Greedy on a sorted list of every pair, so the result does not depend on dict or set order.
    """
    scored = sorted(((-similarity(a, b), abs(i - j), i, j) for i, a in enumerate(before) for j, b in enumerate(after)))
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for score, _distance, i, j in scored:
        if -score < threshold:
            break
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pairs.append((i, j))
    return sorted(pairs, key=lambda p: p[1])


# Steps, items, KPIs -------------------------------------------------------------------------------

ITEM_FIELDS = ("pain_points", "opportunities")


def _item_diffs(before: Step | None, after: Step | None) -> list[ItemDiff]:
    """Pain points and opportunities added, removed or changed, matched by their text."""
    diffs = []
    for kind in ITEM_FIELDS:
        old = {item_text(i): i for i in reversed(getattr(before, kind, None) or [])}
        new = {item_text(i): i for i in reversed(getattr(after, kind, None) or [])}
        for text in [t for t in dict.fromkeys(item_text(i) for i in getattr(before, kind, None) or []) if t not in new]:
            diffs.append(ItemDiff(kind, "removed", text, attribute_changes(old[text], None)))
        for text in dict.fromkeys(item_text(i) for i in getattr(after, kind, None) or []):
            if text not in old:
                diffs.append(ItemDiff(kind, "added", text, attribute_changes(None, new[text])))
            elif changes := attribute_changes(old[text], new[text]):
                diffs.append(ItemDiff(kind, "changed", text, changes))
    return diffs


def _step_diff(before: Step | None, after: Step | None) -> StepDiff | None:
    items = _item_diffs(before, after)
    if after is None:
        assert before is not None
        return StepDiff("removed", before.action, items=items)
    if before is None:
        return StepDiff("added", after.action, changes=field_changes(None, after, ("action", *ITEM_FIELDS)), items=items)
    changes = field_changes(before, after, ("action", *ITEM_FIELDS))
    reworded = before.action if before.action != after.action else None
    if not (changes or items or reworded):
        return None
    return StepDiff("changed", after.action, reworded, changes, items)


def _steps(before: Sequence[Step], after: Sequence[Step]) -> list[StepDiff]:
    """Steps matched by their action's text, so that inserting one does not make every later one "changed"."""
    pairs = match([s.action for s in before], [s.action for s in after], STEP_MATCH)
    of_after = {j: i for i, j in pairs}
    matched_before = {i for i, _ in pairs}
    diffs: list[StepDiff] = []
    removed = [i for i in range(len(before)) if i not in matched_before]
    # removed steps are told where they stood: before the first later step kept
    for j, step in enumerate(after):
        while removed and (j in of_after and removed[0] < of_after[j]):
            diffs.append(_step_diff(before[removed.pop(0)], None))  # type: ignore[arg-type]
        diff = _step_diff(before[of_after[j]] if j in of_after else None, step)
        if diff is not None:
            diffs.append(diff)
    diffs += [_step_diff(before[i], None) for i in removed]  # type: ignore[misc]
    return diffs


def kpi_met(kpi: Kpi | None) -> bool | None:
    """Whether a KPI reaches its target; `better: lower` (a rebound rate) reverses it."""
    if kpi is None or kpi.value is None or kpi.target is None:
        return None
    if getattr(kpi, "better", "higher") == "lower":
        return kpi.value <= kpi.target
    return kpi.value >= kpi.target


def _kpis(before: Sequence[Kpi], after: Sequence[Kpi]) -> list[KpiDiff]:
    old = {k.name: k for k in reversed(before)}
    new = {k.name: k for k in reversed(after)}
    diffs = []
    names = list(dict.fromkeys([*(k.name for k in after), *(k.name for k in before)]))
    for name in names:
        a, b = old.get(name), new.get(name)
        status: Status = "removed" if b is None else "added" if a is None else "changed"
        value = Change("value", getattr(a, "value", None), getattr(b, "value", None))
        target = Change("target", getattr(a, "target", None), getattr(b, "target", None))
        met = Change("met", kpi_met(a), kpi_met(b))
        others = field_changes(a, b, ("name", "value", "target"))
        if status == "changed" and value.before == value.after and target.before == target.after and not others:
            continue
        unit = getattr(b if b is not None else a, "unit", None)
        diffs.append(KpiDiff(status, name, unit, value, target, met, others))
    return diffs


# Stages -------------------------------------------------------------------------------------------

STAGE_SKIP = ("name", "steps", "kpis", "customers", "emotion")


def _funnel_of(journey: Journey | None) -> dict[int, tuple[int, float | None]]:
    """Counted stages (by identity: a name given twice is two stages) → (customers, % lost since the one before)."""
    return {id(stage): (count, lost) for stage, count, _share, lost in funnel(journey)} if journey else {}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _stage_diff(before: Stage | None, after: Stage | None, flows: tuple[dict, dict]) -> StageDiff | None:
    old_flow = flows[0].get(id(before)) if before else None
    new_flow = flows[1].get(id(after)) if after else None
    computed = [
        Change("emotion", _round(before.mean_emotion) if before else None, _round(after.mean_emotion) if after else None),
        Change("customers", old_flow[0] if old_flow else None, new_flow[0] if new_flow else None),
        Change("drop_off", _round(old_flow[1]) if old_flow else None, _round(new_flow[1]) if new_flow else None),
    ]
    changes = [c for c in computed if c.before != c.after] + field_changes(before, after, STAGE_SKIP)
    steps = _steps(before.steps if before else [], after.steps if after else [])
    kpis = _kpis(before.kpis if before else [], after.kpis if after else [])
    if after is None:
        assert before is not None
        return StageDiff("removed", before.name, None, changes, steps, kpis)
    if before is None:
        return StageDiff("added", after.name, None, changes, steps, kpis)
    renamed = before.name != after.name
    if not (renamed or changes or steps or kpis):
        return None
    return StageDiff("renamed" if renamed else "changed", after.name, before.name if renamed else None, changes, steps, kpis)


def _stage_likeness(a: Stage, b: Stage) -> float:
    """A renamed stage keeps a like name or its steps: the better of the two."""
    steps = 0.0
    if a.steps and b.steps:
        steps = len(match([s.action for s in a.steps], [s.action for s in b.steps], STEP_MATCH)) / max(len(a.steps), len(b.steps))
    return max(similarity(a.name, b.name), steps)


def match_stages(before: Sequence[Stage], after: Sequence[Stage]) -> list[tuple[int, int]]:
    """Stages by name; then, among the rest, renamed ones by a like name or like steps (nearer first)."""
    old: dict[str, list[int]] = {}
    for i, stage in enumerate(before):
        old.setdefault(stage.name, []).append(i)  # a name twice is an error, but still compared: in order
    pairs = [(old[s.name].pop(0), j) for j, s in enumerate(after) if old.get(s.name)]
    rest_i = [i for i in range(len(before)) if i not in {p[0] for p in pairs}]
    rest_j = [j for j in range(len(after)) if j not in {p[1] for p in pairs}]
    scored = sorted((-_stage_likeness(before[i], after[j]), abs(i - j), i, j) for i in rest_i for j in rest_j)
    used: set[int] = set()
    for score, _d, i, j in scored:
        if -score >= STAGE_MATCH and i not in used and j not in {p[1] for p in pairs}:
            used.add(i)
            pairs.append((i, j))
    return sorted(pairs, key=lambda p: p[1])


def _drop(journey: Journey, names: Mapping[str, str]) -> tuple[str, float] | None:
    found = biggest_drop(journey)
    return None if found is None else (names.get(found[0].name, found[0].name), round(found[1], 1))


def journey_diff(jid: str, before: Journey | None, after: Journey | None, before_id: str | None = None) -> JourneyDiff | None:
    """What changed in one journey; None when nothing did (a changed id alone is a rename, reported)."""
    old_stages, new_stages = (before.stages if before else []), (after.stages if after else [])
    pairs = match_stages(old_stages, new_stages)
    of_after = {j: i for i, j in pairs}
    kept = {i for i, _ in pairs}
    flows = (_funnel_of(before), _funnel_of(after))
    stages: list[StageDiff] = []
    for j, stage in enumerate(new_stages):
        diff = _stage_diff(old_stages[of_after[j]] if j in of_after else None, stage, flows)
        if diff is not None:
            stages.append(diff)
    stages += [d for i, s in enumerate(old_stages) if i not in kept and (d := _stage_diff(s, None, flows)) is not None]
    order = None
    base_order = [old_stages[i].name for i, _ in sorted(pairs)]
    head_order = [new_stages[j].name for _, j in pairs]
    renames = {old_stages[i].name: new_stages[j].name for i, j in pairs}
    if [renames[n] for n in base_order] != head_order:
        order = Change("stages", base_order, head_order)
    drop = None
    if before is not None and after is not None:
        old_drop, new_drop = _drop(before, renames), _drop(after, {})
        if (old_drop and old_drop[0]) != (new_drop and new_drop[0]):
            drop = Change("biggest_drop", _drop_value(old_drop), _drop_value(new_drop))
    changes = field_changes(before, after, ("id", "stages"))
    current = after if after is not None else before
    assert current is not None
    if before is not None and after is not None:
        status: Status = "renamed" if before_id is not None else "changed"
        if status == "changed" and not (changes or stages or order or drop):
            return None
    else:
        status = "added" if before is None else "removed"
    return JourneyDiff(jid, status, current.title, before_id, changes, stages, order, drop)


def _drop_value(drop: tuple[str, float] | None) -> dict[str, Any] | None:
    return None if drop is None else {"stage": drop[0], "drop_off": drop[1]}


# Catalogues ---------------------------------------------------------------------------------------


def _not_compared(side: Literal["base", "head"], catalog: Catalog) -> list[NotCompared]:
    by_file: dict[str, list[Problem]] = {}
    for problem in catalog.errors:
        by_file.setdefault(problem.file, []).append(problem)
    found = [NotCompared(side, kind, claimed, display, by_file.get(display, []))
             for kind, claimed, display, _doc in catalog.broken.values()]
    return sorted(found, key=lambda n: (n.file, n.kind, n.id))


def _renames(removed: Iterable[str], added: Iterable[str], base: Catalog, head: Catalog) -> dict[str, str]:
    """New id → old id of journeys whose id changed and whose title did not (one of each title only)."""
    def by_title(ids: Iterable[str], journeys: Mapping[str, Journey]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for jid in sorted(ids):
            found.setdefault(journeys[jid].title.casefold().strip(), []).append(jid)
        return found

    old, new = by_title(removed, base.journeys), by_title(added, head.journeys)
    return {new[t][0]: old[t][0] for t in sorted(old.keys() & new.keys()) if len(old[t]) == 1 and len(new[t]) == 1}


def _personas(base: Catalog, head: Catalog, skip: set[str]) -> list[PersonaDiff]:
    diffs = []
    for pid in sorted(base.personas.keys() | head.personas.keys()):
        if pid in skip:
            continue
        old: Persona | None = base.personas.get(pid)
        new: Persona | None = head.personas.get(pid)
        current = new if new is not None else old
        assert current is not None
        changes = field_changes(old, new, ("id",))
        status: Status = "added" if old is None else "removed" if new is None else "changed"
        if status != "changed" or changes:
            diffs.append(PersonaDiff(pid, status, current.name, changes))
    return sorted(diffs, key=lambda d: (d.name.casefold(), d.id))


def diff_catalogs(base: Catalog, head: Catalog) -> CatalogDiff:
    """Journeys and personas added, removed, renamed or changed from `base` to `head`; unchanged ones left out.

    An id whose file has errors on either side is not compared (it is in `not_compared`, with why):
    a file broken in the pull request is not a journey removed.
    """
    failed = base.failed | head.failed
    skip_journeys = {i for k, i in failed if k == "journey"}
    skip_personas = {i for k, i in failed if k == "persona"}
    old_ids = set(base.journeys) - skip_journeys
    new_ids = set(head.journeys) - skip_journeys
    renames = _renames(old_ids - new_ids, new_ids - old_ids, base, head)
    journeys = []
    for jid in sorted(old_ids | new_ids):
        if jid in renames.values():
            continue
        before_id = renames.get(jid)
        before = base.journeys.get(before_id or jid)
        diff = journey_diff(jid, before, head.journeys.get(jid), before_id)
        if diff is not None:
            journeys.append(diff)
    journeys.sort(key=lambda d: (d.title.casefold(), d.id))
    return CatalogDiff(journeys, _personas(base, head, skip_personas),
                       _not_compared("base", base) + _not_compared("head", head),
                       {"base": list(base.errors), "head": list(head.errors)})
