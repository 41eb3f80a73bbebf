"""Commented starter files for `mkdocs-journey new`: valid as written, and a short course in the format."""

from __future__ import annotations

JOURNEY = """\
# A customer journey: the stages a persona goes through, and what happens in each.
# Reference: the "Authoring format" page of the documentation.
# Editor checks: mkdocs-journey schema journey > journey.schema.json, then add as first line:
#   # yaml-language-server: $schema=journey.schema.json
title: {title}
# persona: lucia                # id of a file in the personas folder, or a list: [lucia, marc]
summary: |
  One or two sentences: who, what they want, how it ends. **Markdown** works here.
tags: []
owner: ""                      # the team that looks after this journey
state: current                 # current | future
stages:
  - name: Awareness
    customers: 1000            # how many customers reach this stage (the funnel); optional
    goal: The customer learns that we exist
    steps:
      - action: Sees an ad     # what the customer does (required)
        touchpoint: Social media ad
        channel: Instagram
        emotion: 1             # -2 very negative, -1, 0 neutral, 1, 2 very positive
        thought: "Looks nice"
        pain_points: []
        opportunities: []
        backstage: []          # what the business does behind the scenes
    kpis:
      - {{name: Reach, value: 1000, target: 1500, unit: people}}
  - name: Purchase
    customers: 100
    steps:
      - action: Buys online
        emotion: 2
"""

PERSONA = """\
# A persona: the customer a journey is about. Journeys name it with "persona: {id}".
# Reference: the "Authoring format" page of the documentation.
name: {title}
role: ""                       # job, age, situation
quote: ""                      # a sentence in the persona's own words
summary: |
  Who they are, in two or three sentences. **Markdown** works here.
goals: []
needs: []
frustrations: []
behaviors: []
channels: []
"""


def starter(kind: str, item_id: str) -> str:
    title = item_id.replace("-", " ").replace("_", " ").capitalize()
    template = JOURNEY if kind == "journey" else PERSONA
    return template.format(title=title, id=item_id)
