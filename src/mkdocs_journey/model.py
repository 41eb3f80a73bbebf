"""The authoring format as pydantic models: one definition gives validation and JSON Schema.

No I/O here. The loader hands these models plain Python values built from YAML nodes, and maps
pydantic's error locations back to file:line:col.
"""

from __future__ import annotations

import math
from functools import cached_property
from statistics import fmean
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, WithJsonSchema
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


# Fields that take one of two shapes (text or a mapping, a number or a mapping) pick the shape from the
# value, so that an error is said of the shape the author wrote. The tags below appear in pydantic's error
# locations; the loader removes them (`UNION_TAGS`), and no YAML key or persona id can be one of them.
TEXT_TAG, MAPPING_TAG, NUMBER_TAG, FLAG_TAG = "<text>", "<mapping>", "<number>", "<flag>"
UNION_TAGS = frozenset({TEXT_TAG, MAPPING_TAG, NUMBER_TAG, FLAG_TAG})


def _shape(value: object) -> str:
    """Which shape an item is: a mapping when read (or a model when serialized), else text."""
    return MAPPING_TAG if isinstance(value, (dict, BaseModel)) else TEXT_TAG


def _emotion_shape(value: object) -> str:
    return MAPPING_TAG if isinstance(value, dict) else NUMBER_TAG


def _flag_shape(value: object) -> str:
    return FLAG_TAG if isinstance(value, bool) else TEXT_TAG


Level = Literal["low", "medium", "high"]
LEVELS: tuple[str, ...] = ("low", "medium", "high")
Status = Literal["idea", "planned", "in-progress", "done"]
STATUSES: tuple[str, ...] = ("idea", "planned", "in-progress", "done")


def _web_link(value: str) -> str:
    """Only http(s) addresses become links: `javascript:` and `data:` run code in the reader's browser."""
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise PydanticCustomError("web_link", "must be an http:// or https:// address", {})
    return value.strip()


Link = Annotated[str, AfterValidator(_web_link), Field(max_length=2000),
                 WithJsonSchema({"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/]", "maxLength": 2000})]
"""A web address shown as a link: http:// or https:// only."""


class PainPoint(_Strict):
    """A pain point with its severity; a pain point may also be plain text."""

    text: RequiredText = Field(description="What hurts.", examples=["Waits 40 minutes on the phone"])
    severity: Level | None = Field(default=None, description="How much it hurts: low, medium or high.",
                                   examples=["high"])


class Opportunity(_Strict):
    """An improvement with its priority, status, owner and a link to where it is tracked; or plain text."""

    text: RequiredText = Field(description="What the business could improve.", examples=["Choose a time in the app"])
    priority: Level | None = Field(default=None, description="How urgent it is: low, medium or high.",
                                   examples=["high"])
    status: Status | None = Field(default=None, description="Where it stands: idea, planned, in-progress or done.",
                                  examples=["planned"])
    owner: Text | None = Field(default=None, description="Who takes it forward.", examples=["Digital team"])
    link: Link | None = Field(default=None, description="Where it is tracked: an http:// or https:// address.",
                              examples=["https://tracker.example/123"])


PainPoints = Annotated[
    list[Annotated[Annotated[RequiredText, Tag(TEXT_TAG)] | Annotated[PainPoint, Tag(MAPPING_TAG)], Discriminator(_shape)]],
    BeforeValidator(_none_as_empty),
]
"""Pain points: each one text, or a mapping with its severity."""
Opportunities = Annotated[
    list[Annotated[Annotated[RequiredText, Tag(TEXT_TAG)] | Annotated[Opportunity, Tag(MAPPING_TAG)], Discriminator(_shape)]],
    BeforeValidator(_none_as_empty),
]
"""Opportunities: each one text, or a mapping with its priority, status, owner and link."""

PersonaEmotions = Annotated[
    dict[Slug, Emotion], Field(min_length=1),
    WithJsonSchema({"type": "object", "minProperties": 1, "propertyNames": _SLUG_SCHEMA,
                    "additionalProperties": {"type": "integer", "minimum": -2, "maximum": 2}}),
]
StepEmotion = Annotated[Annotated[Emotion, Tag(NUMBER_TAG)] | Annotated[PersonaEmotions, Tag(MAPPING_TAG)],
                        Discriminator(_emotion_shape)]
MomentOfTruth = Annotated[Annotated[bool, Tag(FLAG_TAG)] | Annotated[RequiredText, Tag(TEXT_TAG)],
                          Discriminator(_flag_shape)]


class Kpi(_Strict):
    """A measure of success for a stage, with the value reached and the target."""

    name: RequiredText = Field(description="What is measured.", examples=["Conversion rate"])
    value: Number | None = Field(default=None, description="The measured value.", examples=[3.2])
    target: Number | None = Field(default=None, description="The value aimed for.", examples=[5])
    unit: Text | None = Field(default=None, description="Unit shown after the numbers.", examples=["%"])
    better: Literal["higher", "lower"] | None = Field(
        default=None, description="Whether a higher value (the default) or a lower one is better; with a value "
        "and a target, the KPI then says whether it meets its target.", examples=["lower"])

    @property
    def met(self) -> bool | None:
        """Whether the value meets the target, when `better` says which way is better (else None)."""
        if self.better is None or self.value is None or self.target is None:
            return None
        return self.value <= self.target if self.better == "lower" else self.value >= self.target


class Step(_Strict):
    """One thing the customer does in a stage, and what surrounds it."""

    action: RequiredText = Field(description="What the customer does.", examples=["Sees an ad on Instagram"])
    touchpoint: Text | None = Field(
        default=None, description="Where the customer meets the brand.", examples=["Instagram ad"]
    )
    channel: Text | None = Field(default=None, description="The channel of the touchpoint.", examples=["Social media"])
    personas: Annotated[
        list[Slug],
        BeforeValidator(_one_or_many),
        WithJsonSchema({"anyOf": [_SLUG_SCHEMA, {"type": "array", "items": _SLUG_SCHEMA}, {"type": "null"}]}),
    ] = Field(default_factory=list, description="Whose step this is: persona ids of the journey; default: all "
              "of the journey's personas.", examples=[["rosa"]])
    emotion: StepEmotion | None = Field(
        default=None, description="How the customer feels at this step: -2 … 2, or one value per persona "
        "of the step.", examples=[-2, {"rosa": -2, "lucas": -1}])
    moment_of_truth: MomentOfTruth | None = Field(
        default=None, description="A moment that decides the journey: true, or a text saying why it matters.",
        examples=[True, "If she gets no appointment, she gives up"])
    thought: Text | None = Field(default=None, description="What the customer thinks.", examples=["What a nice dress!"])
    pain_points: PainPoints = Field(
        default_factory=list, description="What hurts: friction, barriers. Text, or text with a severity.")
    opportunities: Opportunities = Field(
        default_factory=list, description="What the business could improve. Text, or text with a priority, "
        "status, owner and link.")
    backstage: TextList = Field(default_factory=list, description="What the business does behind the scenes.")
    actors: TextList = Field(default_factory=list,
                             description="Who takes part in the step: staff, partners, the customer (Mermaid's actors).")

    @property
    def mean_emotion(self) -> float | None:
        """The step's emotion; with one value per persona, their mean."""
        if isinstance(self.emotion, dict):
            return fmean(self.emotion.values())
        return None if self.emotion is None else float(self.emotion)

    def emotion_of(self, persona: str, journey_personas: list[str]) -> int | None:
        """How `persona` feels at this step: its own value, or the step's one value if the step is theirs."""
        if isinstance(self.emotion, dict):
            return self.emotion.get(persona)
        if self.emotion is None or persona not in (self.personas or journey_personas):
            return None
        return self.emotion

    @cached_property
    def pain_point_items(self) -> list[PainPoint]:
        """Every pain point with its details; one written as text has none.

        Kept on the (frozen) step: every page that ranks or lists pain points asks again, and each
        `PainPoint(...)` is a validation (faster than pydantic's `model_construct`). The text was validated
        with the step as `RequiredText`, as `PainPoint.text` is, so it cannot fail here."""
        return [p if isinstance(p, PainPoint) else PainPoint(text=p) for p in self.pain_points]

    @cached_property
    def opportunity_items(self) -> list[Opportunity]:
        return [o if isinstance(o, Opportunity) else Opportunity(text=o) for o in self.opportunities]


class Stage(_Strict):
    """A phase of the journey (awareness, consideration, decision...)."""

    name: RequiredText = Field(description="The stage's name; the column header of the journey map.", examples=["Awareness"])
    customers: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="How many customers reach this stage (for the funnel).", examples=[120000]
    )
    goal: Text | None = Field(default=None, description="What the business wants from this stage.")
    needs: TextList = Field(default_factory=list, description="What the customer needs in this stage.")
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
        values = [m for m in (s.mean_emotion for s in self.steps) if m is not None]
        if values:
            return fmean(values)
        return None if self.emotion is None else float(self.emotion)

    def emotion_of(self, persona: str, journey_personas: list[str]) -> float | None:
        """The mean of `persona`'s emotions at this stage's steps, else the stage's own emotion."""
        values = [v for v in (s.emotion_of(persona, journey_personas) for s in self.steps) if v is not None]
        if values:
            return fmean(values)
        if any(s.emotion is not None for s in self.steps):
            return None  # the steps say how others feel, not this persona
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

    @property
    def per_persona(self) -> bool:
        """Whether a step gives one emotion per persona: the journey then has one emotion curve per persona."""
        return any(isinstance(step.emotion, dict) for stage in self.stages for step in stage.steps)

    def persona_curve(self, persona: str) -> list[float | None]:
        """`persona`'s emotion at each stage."""
        return [stage.emotion_of(persona, self.persona) for stage in self.stages]


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
