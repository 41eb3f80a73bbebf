"""The plugin's options in mkdocs.yml. Paths are resolved against the folder of mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class JourneyConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it (e.g. `enabled: !ENV [JOURNEYS, true]`)."""
    journeys_dir = c.Type(str, default="journeys")
    """Folder of journey YAML files, relative to mkdocs.yml."""
    personas_dir = c.Optional(c.Type(str))
    """Folder of persona YAML files, relative to mkdocs.yml; default `<journeys_dir>/personas`."""
    stages = c.Optional(c.ListOfItems(c.Type(str)))
    """The site's canonical stage names, in order. When given, every journey must use them."""
    language = c.Optional(c.Type(str))
    """Language of generated labels (`en`, `es`); default: `theme.language`, else English."""
    navigation = c.Choice(("full", "index"), default="full")
    """`full`: every journey and persona in the nav. `index`: only the catalogue and persona index."""
    custom_templates = c.Optional(c.Type(str))
    """Folder of Jinja templates that replace the plugin's own (same file names), relative to mkdocs.yml."""
    cross_journey = c.Type(bool, default=True)
    """Generate the pages across journeys: `journeys/pain-points/`, `journeys/opportunities/`, `journeys/channels/`."""
    charts = c.Type(bool, default=True)
    """Draw the funnel and emotion-curve charts (static SVG) on journey and persona pages."""
    cache = c.Type(bool, default=True)
    """Keep drawn charts in `.cache/journey/` next to mkdocs.yml, so that later builds reuse them."""
