"""Render record and index pages from the Jinja2 fragments in the theme's ``fragments/``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import jinja2

from ..graph.figures import claim_text
from ..graph.site import Site
from ..model.dates import format_date, parse_date
from ..model.describe import part_docs, record_docs
from ..model.records import Citation, Record
from ..model.settings import VOCABULARIES, Settings
from ..model.text import safe_href
from .richtext import RichText
from .urls import Addresses, base_of


class Renderer:
    """Renders the HTML of generated pages; one per build.

    Args:
        env: an environment whose loader finds ``fragments/`` (the theme's, under MkDocs: the
            publication's ``overrides/`` first, then the engine's templates). The renderer uses an
            overlay of it with autoescaping on and undefined variables as errors, so a template
            mistake fails the build instead of printing an empty string.
        site: the site graph.
        addresses: where every generated page is.
        settings: the publication's settings.
    """

    def __init__(self, env: jinja2.Environment, site: Site, addresses: Addresses, settings: Settings) -> None:
        self.site = site
        self.addresses = addresses
        self.settings = settings
        self.richtext = RichText()
        self.env = env.overlay(autoescape=True, undefined=jinja2.StrictUndefined)
        # An overlay shares its parent's filter dict; copy it so the theme's stays untouched.
        self.env.filters = dict(env.filters)
        self.env.globals = dict(env.globals)
        self.env.filters.update(markdown=self.richtext, date=_date, href=_href)
        vocabularies = {name: settings.vocabulary(name) for name in VOCABULARIES}
        self.env.globals.update(
            site=site,
            index_titles=settings.index_titles,
            names_language=settings.names_language,
            word=lambda vocabulary, wid: vocabularies[vocabulary][wid].label,
            claim_text=claim_text,
            cite_numbers=_cite_numbers,
            lookup=lambda type_, ids: [site.get(type_, i) for i in ids],
            schema_records=lambda: record_docs(vocabularies),
            schema_parts=lambda: part_docs(vocabularies),
        )

    def record(self, record: Record, page_url: str) -> str:
        """The main content of a record's page."""
        return self._render(f"fragments/records/{record.type}.html", page_url, record=record)

    def index(self, name: str, page_url: str) -> str:
        """The main content of an index page (``timeline``, ``sources``, ...)."""
        return self._render(f"fragments/indexes/{name}.html", page_url, title=self.settings.index_titles[name])

    def fragment(self, name: str, page_url: str, **context: Any) -> str:
        """Any other fragment, such as a citation or an embedded card in an explainer page."""
        return self._render(f"fragments/{name}.html", page_url, **context)

    def _render(self, template: str, page_url: str, **context: Any) -> str:
        base = base_of(page_url)
        addresses = self.addresses

        def url(record: Record | None = None, *, type: str | None = None, id: str | None = None) -> str:
            if record is not None:
                return base + addresses.record(record.type, record.id)
            assert type is not None and id is not None
            return base + addresses.record(type, id)

        def index_url(name: str) -> str | None:
            """The link to an index page, or None when the publication does not publish it."""
            found = addresses.index(name)
            return None if found is None else base + found

        return self.env.get_template(template).render(url=url, index_url=index_url, base=base, page_url=page_url, **context)


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
