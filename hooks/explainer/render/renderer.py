"""Render record and index pages from the Jinja2 fragments in ``overrides/fragments/``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import jinja2

from ..graph.figures import claim_text
from ..graph.site import Site
from ..model.dates import format_date, parse_date
from ..model.describe import part_docs, record_docs
from ..model.records import Citation, Record
from ..model.text import safe_href
from .richtext import RichText
from .urls import INDEX_PAGES, base_of, record_url


class Renderer:
    """Renders the HTML of generated pages; one per build.

    Args:
        env: an environment whose loader finds ``fragments/`` (the theme's, under MkDocs). The
            renderer uses an overlay of it with autoescaping on and undefined variables as errors,
            so a template mistake fails the build instead of printing an empty string.
        site: the site graph.
    """

    def __init__(self, env: jinja2.Environment, site: Site) -> None:
        self.site = site
        self.richtext = RichText()
        self.env = env.overlay(autoescape=True, undefined=jinja2.StrictUndefined)
        # An overlay shares its parent's filter dict; copy it so the theme's stays untouched.
        self.env.filters = dict(env.filters)
        self.env.globals = dict(env.globals)
        self.env.filters.update(markdown=self.richtext, date=_date, href=_href)
        self.env.globals.update(
            site=site,
            index_pages=INDEX_PAGES,
            claim_text=claim_text,
            cite_numbers=_cite_numbers,
            lookup=lambda type_, ids: [site.get(type_, i) for i in ids],
            schema_records=record_docs,
            schema_parts=part_docs,
        )

    def record(self, record: Record, page_url: str) -> str:
        """The main content of a record's page."""
        return self._render(f"fragments/records/{record.type}.html", page_url, record=record)

    def index(self, name: str, page_url: str) -> str:
        """The main content of an index page (``timeline``, ``sources``, ...)."""
        return self._render(f"fragments/indexes/{name}.html", page_url, title=INDEX_PAGES[name])

    def fragment(self, name: str, page_url: str, **context: Any) -> str:
        """Any other fragment, such as a citation or an embedded card in an explainer page."""
        return self._render(f"fragments/{name}.html", page_url, **context)

    def _render(self, template: str, page_url: str, **context: Any) -> str:
        base = base_of(page_url)

        def url(record: Record | None = None, *, type: str | None = None, id: str | None = None) -> str:
            if record is not None:
                return base + record_url(record.type, record.id)
            assert type is not None and id is not None
            return base + record_url(type, id)

        return self.env.get_template(template).render(url=url, base=base, page_url=page_url, **context)


def _cite_numbers(numbers: dict[str, int], cites: Iterable[Citation]) -> list[int]:
    return sorted({numbers[c.source] for c in cites})


def _date(value: str | None) -> str:
    return format_date(parse_date(value)) if value else ""


def _href(value: str) -> str:
    # URLs in records were validated as http(s) on load; this is the second lock on the door.
    safe = safe_href(value)
    if safe is None:
        raise ValueError(f"refusing to render the unsafe URL {value!r}")
    return safe
