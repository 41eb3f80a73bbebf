"""The authoring format as pydantic models: one definition gives validation and JSON Schema.

No I/O here. The loader hands these models plain Python values built from YAML nodes, and maps
pydantic's error locations back to file:line:col.
"""

from __future__ import annotations

import math
from statistics import fmean
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .limits import MAX_TEXT, text_problems

SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"


def _number_as_text(value: object) -> object:
    """Accept `title: 2024`: YAML numbers in text fields are kept as the text the author wrote."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return getattr(value, "source", None) or str(value)
    return value


def _within_limits(value: str) -> str:
    """Refuse text that would be slow or unsafe to render (see `limits.py`); the loader adds file:line:col."""
    found = text_problems(value)
    if found:
        raise PydanticCustomError("text_limit", "{what}", {"what": "; ".join(w for w, _ in found),
                                                           "hint": "; ".join(h for _, h in found)})
    return value


def _none_as_empty(value: object) -> object:
    """Accept `pain_points:` with nothing after it, as starter files and templates leave it."""
    return [] if value is None else value


def _one_or_many(value: object) -> object:
    """Accept `persona: lucia` as well as `persona: [lucia, marc]`."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [value]
    return [] if value is None else value


Text = Annotated[
    str,
    BeforeValidator(_number_as_text),
    AfterValidator(_within_limits),
    WithJsonSchema({"type": ["string", "number"], "maxLength": MAX_TEXT}),
]
"""Free text. May hold Markdown; raw HTML in it is shown as text."""

_TEXT_SCHEMA = {"type": ["string", "number"], "maxLength": MAX_TEXT}

TextList = Annotated[
    list[Text],
    BeforeValidator(_none_as_empty),
    WithJsonSchema({"type": ["array", "null"], "items": _TEXT_SCHEMA}),
]
"""A list of texts; `key:` with nothing after it is an empty list."""

Number = Annotated[float, Field(allow_inf_nan=False)]

_SLUG_SCHEMA = {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 100}

Slug = Annotated[str, BeforeValidator(_number_as_text), Field(pattern=SLUG_PATTERN, max_length=100),
                 WithJsonSchema(_SLUG_SCHEMA)]
"""An id: `2024.yml` is `persona: 2024`, a number in YAML, and still the id."""
RequiredText = Annotated[
    str,
    BeforeValidator(_number_as_text),
    Field(pattern=r"\S"),
    AfterValidator(_within_limits),
    WithJsonSchema({"type": ["string", "number"], "pattern": r"\S", "maxLength": MAX_TEXT}),
]
"""Text that must say something: a title, a name, an action."""



Emotion = Annotated[
    int,
    Field(
        ge=-2,
        le=2,
        description="How the customer feels: -2 very negative, -1 negative, 0 neutral, "
        "1 positive, 2 very positive.",
        examples=[1, -2],
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Kpi(_Strict):
    """A measure of success for a stage, with the value reached and the target."""

    name: RequiredText = Field(description="What is measured.", examples=["Conversion rate"])
    value: Number | None = Field(default=None, description="The measured value.", examples=[3.2])
    target: Number | None = Field(default=None, description="The value aimed for.", examples=[5])
    unit: Text | None = Field(default=None, description="Unit shown after the numbers.", examples=["%"])


class Step(_Strict):
    """One thing the customer does in a stage, and what surrounds it."""

    action: RequiredText = Field(description="What the customer does.", examples=["Sees an ad on Instagram"])
    touchpoint: Text | None = Field(
        default=None, description="Where the customer meets the brand.", examples=["Instagram ad"]
    )
    channel: Text | None = Field(default=None, description="The channel of the touchpoint.", examples=["Social media"])
    emotion: Emotion | None = Field(default=None, description="How the customer feels at this step: -2 … 2.")
    thought: Text | None = Field(default=None, description="What the customer thinks.", examples=["What a nice dress!"])
    pain_points: TextList = Field(default_factory=list, description="What hurts: friction, barriers.")
    opportunities: TextList = Field(default_factory=list, description="What the business could improve.")
    backstage: TextList = Field(default_factory=list, description="What the business does behind the scenes.")
    actors: TextList = Field(default_factory=list, description="Who takes part in the step (Mermaid's actors).")


class Stage(_Strict):
    """A phase of the journey (awareness, consideration, decision...)."""

    name: RequiredText = Field(description="The stage's name; the column header of the journey map.", examples=["Awareness"])
    customers: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="How many customers reach this stage (for the funnel).", examples=[120000]
    )
    goal: Text | None = Field(default=None, description="What the business wants from this stage.")
    emotion: Emotion | None = Field(
        default=None, description="The stage's emotion, for a stage without steps (else the steps' mean)."
    )
    steps: Annotated[list[Step], BeforeValidator(_none_as_empty)] = Field(
        default_factory=list, description="What the customer does, in order.")
    kpis: Annotated[list[Kpi], BeforeValidator(_none_as_empty)] = Field(
        default_factory=list, description="How success is measured.")

    @property
    def mean_emotion(self) -> float | None:
        """The mean of the steps' emotions, else the stage's own emotion."""
        values = [s.emotion for s in self.steps if s.emotion is not None]
        if values:
            return fmean(values)
        return None if self.emotion is None else float(self.emotion)

    @property
    def pain_point_count(self) -> int:
        return sum(len(s.pain_points) for s in self.steps)


class Journey(_Strict):
    """A customer journey: the stages a persona goes through to reach a goal."""

    id: Slug | None = Field(default=None, description="Stable id; default: the file name as a slug.")
    title: RequiredText = Field(description="The journey's name.", examples=["First online purchase"])
    persona: Annotated[
        list[Slug],
        BeforeValidator(_one_or_many),
        WithJsonSchema({"anyOf": [_SLUG_SCHEMA, {"type": "array", "items": _SLUG_SCHEMA}, {"type": "null"}]}),
    ] = Field(
        default_factory=list,
        description="Id of the persona living this journey, or a list of ids.",
        examples=["lucia", ["lucia", "marc"]],
    )
    summary: Text | None = Field(default=None, description="Markdown text shown at the top of the page.")
    tags: TextList = Field(default_factory=list, description="Keywords; they reach Material's tags plugin.")
    owner: Text | None = Field(default=None, description="The team or person responsible.", examples=["CX team"])
    state: Literal["current", "future"] | None = Field(
        default=None, description="Whether the map shows today's journey or a planned one."
    )
    compare_to: Slug | None = Field(
        default=None, description="Id of another journey this one is compared with (current vs future)."
    )
    stages: list[Stage] = Field(min_length=1, description="The stages, in order.")

    @property
    def mean_emotion(self) -> float | None:
        values = [m for m in (s.mean_emotion for s in self.stages) if m is not None]
        return fmean(values) if values else None

    @property
    def pain_point_count(self) -> int:
        return sum(s.pain_point_count for s in self.stages)

    @property
    def step_count(self) -> int:
        return sum(len(s.steps) for s in self.stages)


class Persona(_Strict):
    """A target customer, described by goals, needs and frustrations."""

    id: Slug | None = Field(default=None, description="Stable id; default: the file name as a slug.")
    name: RequiredText = Field(description="The persona's name.", examples=["Lucía Fernández"])
    role: Text | None = Field(default=None, description="Job, age, situation.", examples=["Graphic designer, 32"])
    quote: Text | None = Field(default=None, description="A sentence in the persona's own words.")
    summary: Text | None = Field(default=None, description="Markdown text.")
    goals: TextList = Field(default_factory=list, description="What the persona wants to achieve.")
    needs: TextList = Field(default_factory=list, description="What the persona needs from us.")
    frustrations: TextList = Field(default_factory=list, description="What annoys the persona.")
    behaviors: TextList = Field(default_factory=list, description="Habits that matter for the journey.")
    channels: TextList = Field(default_factory=list, description="Channels the persona uses.")


FunnelRow = tuple[Stage, int, float, float | None]


def funnel(journey: Journey) -> list[FunnelRow]:
    """Counted stages with % of the first counted stage and % lost since the previous counted one."""
    counted = [s for s in journey.stages if s.customers is not None]
    rows: list[FunnelRow] = []
    if not counted:
        return rows
    first = counted[0].customers or 0
    previous: int | None = None
    for stage in counted:
        count = stage.customers or 0
        share = 100.0 * count / first if first else 0.0
        lost = None
        if previous is not None:
            lost = 100.0 * (previous - count) / previous if previous else 0.0
        rows.append((stage, count, share, lost))
        previous = count
    return rows


def biggest_drop(journey: Journey) -> tuple[Stage, float] | None:
    """The stage with the largest % loss from the stage before it (first one wins a tie)."""
    best: tuple[Stage, float] | None = None
    for stage, _count, _share, lost in funnel(journey):
        if lost is not None and not math.isnan(lost) and lost > 0 and (best is None or lost > best[1]):
            best = (stage, lost)
    return best
