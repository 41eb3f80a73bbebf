"""What a journey file says to the checks across files, read from its values even when the model failed.

One mistake must not hide others: a file with an unknown key still names its personas, so an
unknown persona in it is reported in the same run, and the personas it names are not "unused".
A valid file gives the same outline from its model.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from .loader import SLUG
from .model import Journey, Stage
from .yamlsource import Path


@dataclass(frozen=True)
class Outline:
    """The parts of a journey the catalogue checks: references, and the stages that validate on their own."""

    personas: tuple[tuple[str, Path], ...]
    """(persona id, where it is written)."""
    personas_known: bool
    """False when part of `persona:` could not be read: then no persona may be called unused."""
    compare_to: str | None
    stages: tuple[tuple[int, str | None, Stage | None], ...]
    """(index, name as written, the stage if it validates on its own)."""
    steps: tuple[StepPersonas, ...] = ()
    """Whose each step is and whose emotions it gives, read from the values: checked even when the step is broken."""


@dataclass(frozen=True)
class StepPersonas:
    """A step's `personas` ids and the persona keys of its `emotion`, with where each is written."""

    stage: int
    step: int
    personas: tuple[tuple[str, Path], ...]
    """The ids of `personas:`; empty when the step is everyone's."""
    emotion_keys: tuple[tuple[str, Path], ...]
    """The ids a per-persona `emotion: {rosa: -2}` gives a value for."""


def _as_id(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(getattr(value, "source", value))
    return text if SLUG.match(text) and len(text) <= 100 else None


def _name(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(getattr(value, "source", value))
    return text if text.strip() else None


def _step_personas(data: object) -> tuple[StepPersonas, ...]:
    """Every step's personas and emotion keys that are well-formed ids, whatever else the file gets wrong."""
    found: list[StepPersonas] = []
    raw_stages = data.get("stages") if isinstance(data, dict) else None
    for i, stage in enumerate(raw_stages if isinstance(raw_stages, list) else []):
        raw_steps = stage.get("steps") if isinstance(stage, dict) else None
        for j, step in enumerate(raw_steps if isinstance(raw_steps, list) else []):
            if not isinstance(step, dict):
                continue
            where: Path = ("stages", i, "steps", j)
            raw = step.get("personas")
            listed = raw if isinstance(raw, list) else [] if raw is None else [raw]
            personas = tuple((pid, (*where, "personas", k) if isinstance(raw, list) else (*where, "personas"))
                             for k, value in enumerate(listed) if (pid := _as_id(value)) is not None)
            emotion = step.get("emotion")
            keys = tuple((key, (*where, "emotion", key)) for key in (emotion if isinstance(emotion, dict) else {})
                         if isinstance(key, str) and _as_id(key) == key)
            if personas or keys:
                found.append(StepPersonas(i, j, personas, keys))
    return tuple(found)


def from_model(journey: Journey, data: object) -> Outline:
    """The outline of a valid journey; `data` (its raw values) says whether `persona:` was a list."""
    listed = isinstance(data, dict) and isinstance(data.get("persona"), list)
    personas = tuple((pid, ("persona", index) if listed else ("persona",)) for index, pid in enumerate(journey.persona))
    stages = tuple((index, stage.name, stage) for index, stage in enumerate(journey.stages))
    return Outline(personas, True, journey.compare_to, stages, _step_personas(data))


def from_values(data: object) -> Outline:
    """The outline of a journey file that failed validation, from whatever parts of it are well formed."""
    if not isinstance(data, dict):
        return Outline((), False, None, ())
    raw = data.get("persona")
    personas: list[tuple[str, Path]] = []
    known = True
    if isinstance(raw, list):
        for index, value in enumerate(raw):
            pid = _as_id(value)
            if pid is None:
                known = False
            else:
                personas.append((pid, ("persona", index)))
    elif raw is not None:
        pid = _as_id(raw)
        if pid is None:
            known = False
        else:
            personas.append((pid, ("persona",)))
    stages: list[tuple[int, str | None, Stage | None]] = []
    raw_stages = data.get("stages")
    for index, value in enumerate(raw_stages if isinstance(raw_stages, list) else []):
        name = _name(value.get("name")) if isinstance(value, dict) else None
        try:
            stage: Stage | None = Stage.model_validate(value)
        except ValidationError:
            stage = None
        stages.append((index, name, stage))
    return Outline(tuple(personas), known, _as_id(data.get("compare_to")), tuple(stages), _step_personas(data))
