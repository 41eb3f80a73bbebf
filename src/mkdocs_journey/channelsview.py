"""The channels page across journeys: which touchpoints and steps happen in each channel at each stage.

Rows are the channels as the steps write them, one row per channel whatever its case and spacing
(`crossviews.same_text`, as the pain-point ranking groups texts); columns are the stages across
journeys (`crossviews.stage_columns`: the site's own stages when it defines them, else stages matched
by name). A channel used at one stage only is said so in words (and styled): it is where an
omnichannel picture has a gap. Steps that give no channel are counted and listed by journey and
stage, never silently left out. Like the other pages across journeys, the matrix is placed late so
the search index reads only the summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .crossviews import CHANNELS_PAGE, Place, StageColumn, _Across, _places, same_text, stage_columns
from .rendering import PageBody, PageKey, Placer, Renderer


@dataclass(frozen=True)
class ChannelStep:
    """A step in a channel at a stage: its touchpoint (if it gives one), its action, and where it is."""

    touchpoint: str | None
    action: str
    place: Place


@dataclass(frozen=True)
class ChannelRow:
    name: str
    """The channel as first written (catalogue order, then stage and step order)."""
    spellings: Sequence[str]
    """Other ways the journeys write the same channel (case and spacing aside)."""
    cells: Sequence[Sequence[ChannelStep]]
    """One per stage column, in the columns' order."""
    steps: int
    stages: int
    """At how many stages the channel is used: 1 makes it stand out."""

    @property
    def single(self) -> bool:
        return self.stages == 1


@dataclass(frozen=True)
class Unchanneled:
    """Steps without a channel at one stage of one journey."""

    place: Place
    count: int


@dataclass(frozen=True)
class ChannelMatrix:
    columns: Sequence[StageColumn]
    rows: Sequence[ChannelRow]
    missing: Sequence[Unchanneled]

    @property
    def steps(self) -> int:
        return sum(row.steps for row in self.rows)

    @property
    def unchanneled(self) -> int:
        return sum(m.count for m in self.missing)


def channel_matrix(r: Renderer, here: PageKey) -> ChannelMatrix:
    """Channels × stages over every published journey; rows in the order channels are first met."""
    journeys = [j for _, j in r.published_journeys(r.catalog.journeys.items())]
    columns = stage_columns(r.catalog.stages, journeys)
    index = {column.key: n for n, column in enumerate(columns)}
    found: dict[str, tuple[list[str], list[list[ChannelStep]]]] = {}
    missing: dict[tuple[str, str], list[Place]] = {}
    for step, place in _places(r, here):
        key = same_text(step.channel or "")
        if not key:
            missing.setdefault((place.journey_id, place.stage_href), []).append(place)
            continue
        spellings, cells = found.setdefault(key, ([], [[] for _ in columns]))
        if step.channel not in spellings:
            spellings.append(str(step.channel))
        cells[index[same_text(place.stage)]].append(ChannelStep(step.touchpoint, step.action, place))
    rows = [ChannelRow(spellings[0], spellings[1:], cells, sum(map(len, cells)), sum(1 for c in cells if c))
            for spellings, cells in found.values()]
    return ChannelMatrix(columns, rows, [Unchanneled(places[0], len(places)) for places in missing.values()])


@dataclass(frozen=True)
class MatrixContext:
    columns: Sequence[StageColumn]
    rows: Sequence[ChannelRow]


@dataclass(frozen=True)
class MissingContext:
    missing: Sequence[Unchanneled]


@dataclass(frozen=True)
class ChannelsContext:
    title: str
    matrix: ChannelMatrix
    catalogue_href: str | None
    grid: Markup
    """The matrix, placed late (out of the search index's input)."""
    missing: Markup
    """Where the steps without a channel are, placed late too (a list as long as the journeys)."""
    singles: Sequence[ChannelRow]
    canonical: bool
    """Whether the stages are the site's own (`stages:` option) or matched by name across journeys."""


class ChannelsView(_Across):
    kind = CHANNELS_PAGE

    def title(self, r: Renderer, item: str | None) -> str:
        return r.labels["channels_title"]

    def render(self, r: Renderer, item: str | None, place: Placer) -> PageBody:
        here = PageKey(self.kind)
        matrix = channel_matrix(r, here)
        grid = (place("channels", r.template("fragments/channels_matrix.html", MatrixContext(matrix.columns, matrix.rows)))
                if matrix.rows else Markup())
        missing = (place("unchanneled", r.template("fragments/unchanneled.html", MissingContext(matrix.missing)))
                   if matrix.missing else Markup())
        context = ChannelsContext(self.title(r, item), matrix, r.link_if(here, PageKey("catalogue")), grid, missing,
                                  [row for row in matrix.rows if row.single], bool(r.catalog.stages))
        return PageBody(context.title, r.template("channels.html", context))
