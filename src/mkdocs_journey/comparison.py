"""Two journeys side by side (current and future): stages matched by name, and the numbers that changed.

`compare_to` names the journey a journey is compared with, typically the current state of a future
journey (docs/reference.md): the journey that names it is the *after*, the one named the *before*.
Stages are matched by name, case and spacing aside, keeping both orders (a longest common
subsequence): a stage that moved, or was renamed, cannot be told from one removed and another added,
so it is shown as such, side by side at the place where it changed. Pain points are matched as the
pain-point page matches them (`crossviews.same_text`). No rendering here: plain data, tested through
the pages that show it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .crossviews import same_text
from .model import Journey, PainPoint, Stage

KEPT, ADDED, REMOVED = "kept", "added", "removed"


def align(before: Sequence[str], after: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Pairs of indexes of two sequences of keys: (i, j) matched, (i, None) only before, (None, j) only after.

    A longest common subsequence keeps both orders; in each gap between matches, what only the before
    has comes first, then what only the after has. Ties are broken the same way every time.
    """
    n, m = len(before), len(after)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = (best[i + 1][j + 1] + 1 if before[i] == after[j]
                          else max(best[i + 1][j], best[i][j + 1]))
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    gap_before: list[tuple[int | None, int | None]] = []
    gap_after: list[tuple[int | None, int | None]] = []
    while i < n or j < m:
        if i < n and j < m and before[i] == after[j] and best[i][j] == best[i + 1][j + 1] + 1:
            pairs += gap_before + gap_after + [(i, j)]
            gap_before, gap_after = [], []
            i, j = i + 1, j + 1
        elif j >= m or (i < n and best[i + 1][j] >= best[i][j + 1]):
            gap_before.append((i, None))
            i += 1
        else:
            gap_after.append((None, j))
            j += 1
    return pairs + gap_before + gap_after


def union(sequences: Sequence[Sequence[str]]) -> list[str]:
    """Every key of several sequences once, in an order that keeps each sequence's own order where it can.

    Folded pairwise with `align`: the stages of a persona's journeys on one axis (all the same, in the
    site's order, when the site defines canonical stages).
    """
    merged: list[str] = []
    for keys in sequences:
        own = list(dict.fromkeys(keys))
        merged = [merged[i] if i is not None else own[j or 0] for i, j in align(merged, own)]
    return merged


@dataclass(frozen=True)
class PainChange:
    """The pain points of a stage (or of a whole journey) before and after, matched by text."""

    removed: Sequence[PainPoint]
    kept: Sequence[PainPoint]
    """As the after journey words them."""
    added: Sequence[PainPoint]


def _once(items: Sequence[PainPoint]) -> dict[str, PainPoint]:
    """Each text once (its first wording), in the order written."""
    found: dict[str, PainPoint] = {}
    for p in items:
        found.setdefault(same_text(p.text), p)
    return found


def pain_change(before: Sequence[PainPoint], after: Sequence[PainPoint]) -> PainChange:
    """Removed: only before; kept: in both; added: only after."""
    old, new = _once(before), _once(after)
    return PainChange([p for k, p in old.items() if k not in new], [p for k, p in new.items() if k in old],
                      [p for k, p in new.items() if k not in old])


def stage_pains(stage: Stage | None) -> list[PainPoint]:
    return [] if stage is None else [p for step in stage.steps for p in step.pain_point_items]


@dataclass(frozen=True)
class Change:
    """A number before and after, and how it moved; None where either side has no value."""

    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before

    @property
    def percent(self) -> float | None:
        """The change as a % of the before; None when there is no before to divide by (or it is 0)."""
        delta = self.delta
        return None if delta is None or not self.before else 100.0 * delta / self.before


@dataclass(frozen=True)
class StagePair:
    """One row of the comparison: a stage of either journey or both."""

    status: str
    """`kept` (in both), `removed` (only before), `added` (only after)."""
    before: Stage | None
    after: Stage | None
    before_index: int | None
    after_index: int | None
    customers: Change
    emotion: Change
    pains: PainChange

    @property
    def name(self) -> str:
        stage = self.after or self.before
        assert stage is not None
        return stage.name


@dataclass(frozen=True)
class Comparison:
    before: Journey
    after: Journey
    stages: Sequence[StagePair]
    emotion: Change
    """The journeys' mean emotions."""
    pains: PainChange
    """The pain points of the whole journeys (a pain point that moved stage is kept here)."""

    def count(self, status: str) -> int:
        return sum(1 for s in self.stages if s.status == status)


def _customers(stage: Stage | None) -> float | None:
    return None if stage is None or stage.customers is None else float(stage.customers)


def compare(before: Journey, after: Journey) -> Comparison:
    """The two journeys stage by stage, in order: matched by name, the others removed or added."""
    pairs = []
    for i, j in align([same_text(s.name) for s in before.stages], [same_text(s.name) for s in after.stages]):
        old = before.stages[i] if i is not None else None
        new = after.stages[j] if j is not None else None
        status = KEPT if old and new else (REMOVED if old else ADDED)
        pairs.append(StagePair(status, old, new, i, j, Change(_customers(old), _customers(new)),
                               Change(old.mean_emotion if old else None, new.mean_emotion if new else None),
                               pain_change(stage_pains(old), stage_pains(new))))
    everything = pain_change([p for s in before.stages for p in stage_pains(s)],
                             [p for s in after.stages for p in stage_pains(s)])
    return Comparison(before, after, pairs, Change(before.mean_emotion, after.mean_emotion), everything)


def persona_curve(journey: Journey, persona: str) -> list[float | None]:
    """How a persona feels at each stage: their own emotions when the journey gives one per persona, and
    only the steps they take part in (a step's `personas`) when it gives one per step."""
    return journey.persona_curve(persona)

