"""Journeys the issue-13 "every fact once" tests write: six long stages with big counts, two personas, nine stages."""

from __future__ import annotations

SIX_NAMES = ["Awareness of the renewal letter and its new price", "Comparison with every other insurer online",
             "Call to the customer service centre", "Negotiation of a retention discount",
             "Formal renewal of the policy for another year", "After the renewal: advocacy or churn"]


def pain(stage: int, step: int) -> str:
    """A pain point's text, unique on its page: the tests count it."""
    return f"Pain point {stage}.{step}: the letter hides the reason for the increase in small print"


def action(stage: int, step: int) -> str:
    return f"Step {step} of stage {stage}: the customer reads and compares the offer"


def _stages(names: list[str], *, per_persona: bool = False) -> list[str]:
    lines = ["stages:"]
    for i, name in enumerate(names):
        lines += [f"  - name: '{name}'", f"    goal: Goal of stage {i + 1} in a few words",
                  f"    customers: {1_250_000 - i * 120_000}", "    steps:"]
        for j in range(2):
            emotion = f"{{lucia: {(i % 5) - 2}, javier: {((i + 2) % 5) - 2}}}" if per_persona else f"{(i + j) % 5 - 2}"
            lines += [f"      - action: '{action(i + 1, j + 1)}'",
                      f"        touchpoint: Touchpoint {i}.{j} letter", "        channel: Web",
                      f"        emotion: {emotion}", f"        thought: Thought {i}.{j} about the price",
                      f"        pain_points: ['{pain(i + 1, j + 1)}']",
                      f"        opportunities: ['Opportunity {i + 1}.{j + 1}: explain the increase up front']",
                      f"        backstage: ['Backstage {i}.{j}: batch letters']",
                      *(["        moment_of_truth: The customer decides here"] if j == 1 and i == 2 else [])]
        lines += ["    kpis:", "      - {name: Conversion rate, value: 12.5, target: 15, unit: '%', better: higher}"]
    return lines


def six() -> str:
    return "\n".join(["title: Six long stages", "persona: lucia", *_stages(SIX_NAMES)]) + "\n"


def two_personas() -> str:
    return "\n".join(["title: Two personas", "persona: [lucia, javier]",
                      *_stages(SIX_NAMES[:4], per_persona=True)]) + "\n"


def nine() -> str:
    names = [f"Stage number {i + 1} of nine" for i in range(9)]
    return "\n".join(["title: Nine stages", "persona: lucia", *_stages(names)]) + "\n"


FILES = {"journeys/six.yml": six(), "journeys/two.yml": two_personas(), "journeys/nine.yml": nine()}
PAGES = {"six": 6, "two": 4, "nine": 9}
"""Page slug → stage count."""
