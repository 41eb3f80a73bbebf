"""mkdocs-journey: customer journey maps kept as YAML, published as pages of a MkDocs site."""

__version__ = "0.1.0"
