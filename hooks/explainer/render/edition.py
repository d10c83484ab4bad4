"""What every page and file of one edition of a publication is made from: its records, settings and addresses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..graph.site import Site
from ..model.settings import Settings
from .urls import Addresses


@dataclass(frozen=True)
class Edition:
    """One edition of a publication, as the outputs (feeds, downloads, JSON-LD) need it.

    Attributes:
        site: the site graph.
        settings: the publication's settings.
        addresses: where MkDocs put every generated page, and the site's own URL.
        name: the publication's name (``site_name``).
        description: its one-line description (``site_description``), or "".
        plain: turns a Markdown field into plain text, through the pages' own sanitised rendering.
    """

    site: Site
    settings: Settings
    addresses: Addresses
    name: str
    description: str
    plain: Callable[[str], str]
