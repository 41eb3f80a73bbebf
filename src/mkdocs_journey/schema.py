"""JSON Schema of the authoring format, generated from the models: editors validate as authors type.

Published in the built site (`schema/journey.json`, `schema/persona.json`) and printed by
`mkdocs-journey schema`. yaml-language-server (VS Code's YAML extension) reads it from a
`# yaml-language-server: $schema=...` line at the top of a file.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from .model import Journey, Persona

KINDS: dict[str, type[BaseModel]] = {"journey": Journey, "persona": Persona}
SCHEMA_FILES = {kind: f"schema/{kind}.json" for kind in KINDS}


def _lists_may_be_empty(node: Any) -> None:
    """`steps:` with nothing after it is an empty list to the loader, so the schema allows null there."""
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            if prop.get("type") == "array":
                node["properties"][name] = {"anyOf": [{k: v for k, v in prop.items() if k in ("type", "items")},
                                                      {"type": "null"}],
                                            **{k: v for k, v in prop.items() if k not in ("type", "items")}}
        for child in node.get("$defs", {}).values():
            _lists_may_be_empty(child)


def json_schema(kind: str) -> dict[str, Any]:
    model = KINDS[kind]
    schema = model.model_json_schema(mode="validation")
    _lists_may_be_empty(schema)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": f"mkdocs-journey {kind}",
              **{k: v for k, v in schema.items() if k != "title"}}
    return schema


def json_schema_text(kind: str) -> str:
    """Stable text (sorted keys, trailing newline), so the published file only changes with the format."""
    return json.dumps(json_schema(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
