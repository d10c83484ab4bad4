"""The explainer engine: load, validate and index YAML records, and render them. Never imports MkDocs."""

from .errors import DataError, Diagnostic, SourcePos
from .graph.site import Site
from .pipeline import build_site

__all__ = ["DataError", "Diagnostic", "Site", "SourcePos", "build_site"]
