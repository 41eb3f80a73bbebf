"""Commented starter files for `mkdocs-journey new`: valid as written, and a short course in the format.

One pair per label catalogue (i18n.py): the comments and placeholders are read and replaced by the
site's authors, so they are in the site's language. Field names are the format's, in English always.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

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
    # needs: [Know the price before clicking]   # what the customer needs in this stage
    steps:
      - action: Sees an ad     # what the customer does (required)
        touchpoint: Social media ad
        channel: Instagram
        emotion: 1             # -2 very negative, -1, 0 neutral, 1, 2 very positive
        # emotion: {{lucia: 1, marc: -1}}   # or one value per persona of the step
        # personas: [lucia]    # whose step this is; default: all the journey's personas
        # moment_of_truth: true   # a moment that decides the journey; or a text saying why
        # actors: [Customer, Social media team]   # who takes part
        thought: "Looks nice"
        pain_points: []        # text, or {{text: ..., severity: low | medium | high}}
        opportunities: []      # text, or a mapping:
        #   - text: Show the price in the ad
        #     priority: high            # low | medium | high
        #     status: planned           # idea | planned | in-progress | done
        #     owner: Marketing team
        #     link: https://tracker.example/123   # http:// or https:// only
        backstage: []          # what the business does behind the scenes
    kpis:
      - {{name: Reach, value: 1000, target: 1500, unit: people}}   # better: higher (the default) | lower
      # - {{name: Cost per click, value: 0.9, target: 0.5, unit: €, better: lower}}
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


JOURNEY_ES = """\
# Un viaje del cliente: las etapas por las que pasa una persona, y lo que ocurre en cada una.
# Referencia: la página "Authoring format" de la documentación.
# Comprobación en el editor: mkdocs-journey schema journey > journey.schema.json, y como primera línea:
#   # yaml-language-server: $schema=journey.schema.json
title: {title}
# persona: lucia                # id de un archivo de la carpeta de personas, o una lista: [lucia, marc]
summary: |
  Una o dos frases: quién, qué quiere, cómo termina. Aquí funciona **Markdown**.
tags: []
owner: ""                      # el equipo que cuida de este viaje
state: current                 # current (estado actual) | future (estado futuro)
stages:
  - name: Descubrimiento
    customers: 1000            # cuántos clientes llegan a esta etapa (el embudo); opcional
    goal: El cliente descubre que existimos
    # needs: [Saber el precio antes de pulsar]   # lo que necesita el cliente en esta etapa
    steps:
      - action: Ve un anuncio  # lo que hace el cliente (obligatorio)
        touchpoint: Anuncio en redes sociales
        channel: Instagram
        emotion: 1             # -2 muy negativa, -1, 0 neutra, 1, 2 muy positiva
        # emotion: {{lucia: 1, marc: -1}}   # o un valor por cada persona del paso
        # personas: [lucia]    # de quién es el paso; por defecto, de todas las personas del viaje
        # moment_of_truth: true   # un momento que decide el viaje; o un texto que diga por qué
        # actors: [Cliente, Equipo de redes sociales]   # quién participa
        thought: "Qué bonito"
        pain_points: []        # texto, o {{text: ..., severity: low | medium | high}} (gravedad)
        opportunities: []      # texto, o un mapa:
        #   - text: Mostrar el precio en el anuncio
        #     priority: high            # low | medium | high (prioridad)
        #     status: planned           # idea | planned (planificada) | in-progress (en curso) | done (hecha)
        #     owner: Equipo de marketing
        #     link: https://tracker.example/123   # solo http:// o https://
        backstage: []          # lo que hace la empresa entre bastidores
    kpis:
      - {{name: Alcance, value: 1000, target: 1500, unit: personas}}   # better: higher (por defecto) | lower
      # - {{name: Coste por clic, value: 0.9, target: 0.5, unit: €, better: lower}}
  - name: Compra
    customers: 100
    steps:
      - action: Compra en línea
        emotion: 2
"""

PERSONA_ES = """\
# Una persona: el cliente del que trata un viaje. Los viajes la nombran con "persona: {id}".
# Referencia: la página "Authoring format" de la documentación.
name: {title}
role: ""                       # profesión, edad, situación
quote: ""                      # una frase con las palabras de la propia persona
summary: |
  Quién es, en dos o tres frases. Aquí funciona **Markdown**.
goals: []
needs: []
frustrations: []
behaviors: []
channels: []
"""

STARTERS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "en": MappingProxyType({"journey": JOURNEY, "persona": PERSONA}),
    "es": MappingProxyType({"journey": JOURNEY_ES, "persona": PERSONA_ES}),
})


def starter(kind: str, item_id: str, language: str = "en") -> str:
    """The starter file of `kind` for `item_id`, in `language` (a catalogue code; English otherwise)."""
    title = item_id.replace("-", " ").replace("_", " ").capitalize()
    templates = STARTERS.get(language, STARTERS["en"])
    return templates["journey" if kind == "journey" else "persona"].format(title=title, id=item_id)
