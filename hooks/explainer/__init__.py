"""The explainer engine: load, validate and index YAML records, and render them. Never imports MkDocs."""

from .errors import DataError, Diagnostic, SourcePos
from .pipeline import build_site
from .site import Site

__all__ = ["DataError", "Diagnostic", "Site", "SourcePos", "build_site"]
