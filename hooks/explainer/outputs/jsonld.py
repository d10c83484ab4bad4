"""Machine-readable page metadata: schema.org JSON-LD for record pages, and one-line descriptions.

Each record page describes itself as a ``WebPage`` whose ``mainEntity`` is the record as a
schema.org thing (``Event``, ``Quotation``, ``Organization``, ``Person``, or a ``CreativeWork``
such as ``NewsArticle`` or ``Report`` for a source). The page carries the ``citation`` links to the
sources the record cites; a ``Quotation``, being a creative work itself, carries them too, along
with ``isBasedOn``. Every node has an ``@id`` (the page URL plus ``#<type>``), so the records link
up into one graph across pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..graph.site import Site
from ..model.records import Event, Organisation, Party, Person, Quote, Record, Source
from ..render.summary import describe
from ..render.urls import absolute, page_url

CONTEXT = "https://schema.org"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"

THING_TYPES = {"event": "Event", "quote": "Quotation", "organisation": "Organization", "person": "Person"}
"""schema.org types of the record types other than sources."""

SOURCE_TYPES = {
    "news-article": "NewsArticle",
    "report": "Report",
    "statement": "CreativeWork",
    "press-release": "Article",
    "editorial": "OpinionNewsArticle",
    "book": "Book",
    "journal-article": "ScholarlyArticle",
    "legal-text": "Legislation",
    "un-document": "Report",
    "web-page": "WebPage",
    "broadcast": "CreativeWork",
    "interview": "Article",
}
"""schema.org types of sources, by their ``kind``."""

Plain = Callable[[str], str]
"""Turns a Markdown field into plain text."""


def schema_type(record: Record) -> str:
    """The schema.org type of a record."""
    if isinstance(record, Source):
        return SOURCE_TYPES[record.kind]
    return THING_TYPES[record.type]


def node_id(site_url: str | None, record: Record) -> str:
    """The JSON-LD ``@id`` of the thing a record describes: its page URL plus ``#<type>``."""
    return page_url(site_url, record.type, record.id) + "#" + record.type


def record_jsonld(site: Site, record: Record, site_url: str | None, site_name: str, plain: Plain) -> dict[str, Any]:
    """The JSON-LD of a record page.

    Args:
        site: the site graph.
        record: the record the page shows.
        site_url: the absolute URL of the site root; without one, the ids are site-relative.
        site_name: the name of the publication.
        plain: a function that turns Markdown into plain text.

    Returns:
        A JSON-LD document (a dict ready for ``json.dumps``).
    """
    url = page_url(site_url, record.type, record.id)
    page: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": record.label,
        "description": describe(site, record, plain),
        "license": LICENSE_URL,
        "isPartOf": {"@type": "WebSite", "@id": absolute(site_url, ""), "name": site_name},
        "mainEntity": _entity(site, record, site_url, plain),
    }
    cited = _cited_sources(site, record, site_url)
    if cited:
        page["citation"] = cited
    return page


def _entity(site: Site, record: Record, site_url: str | None, plain: Plain) -> dict[str, Any]:
    node = _ref(site_url, record)
    node["mainEntityOfPage"] = page_url(site_url, record.type, record.id)
    if isinstance(record, Event):
        when = record.when
        node.update(description=plain(record.summary), startDate=when.start.iso())
        if when.end is not None:
            node["endDate"] = when.end.iso()
        if record.place:
            node["location"] = {"@type": "Place", "name": record.place}
        if record.tags:
            node["keywords"] = list(record.tags)
    elif isinstance(record, Quote):
        node.update(text=plain(record.text), creator=_party(site, site_url, record.speaker), inLanguage=record.language)
        if record.date:
            node["dateCreated"] = record.date
        if record.context:
            node["description"] = plain(record.context)
        if record.about:
            node["about"] = [_ref(site_url, site.get("event", e)) for e in record.about]
        cited = _cited_sources(site, record, site_url)
        node["isBasedOn"] = cited
        node["citation"] = cited
    elif isinstance(record, Organisation):
        node["description"] = plain(record.description)
        names = [n for n in (record.short_name, record.native_name) if n]
        if names:
            node["alternateName"] = names
        if record.website:
            node["sameAs"] = record.website
        if record.based_in:
            node["location"] = {"@type": "Place", "name": record.based_in}
    elif isinstance(record, Person):
        node["description"] = plain(record.description)
        if record.native_name:
            node["alternateName"] = record.native_name
        if record.roles:
            node["jobTitle"] = [role.title for role in record.roles]
        orgs = sorted({role.organisation for role in record.roles if role.organisation})
        if orgs:
            node["affiliation"] = [_ref(site_url, site.get("organisation", o)) for o in orgs]
    elif isinstance(record, Source):
        node["url"] = record.url
        node["headline"] = record.title
        node["inLanguage"] = record.language
        node["publisher"] = _ref(site_url, site.get("organisation", record.publisher))
        if record.authors:
            node["author"] = [_ref(site_url, site.get("person", p)) for p in record.authors]
        if record.editors:
            node["editor"] = [_ref(site_url, site.get("person", p)) for p in record.editors]
        if record.published:
            node["datePublished"] = record.published
        if record.archive_url:
            node["sameAs"] = record.archive_url
        if record.summary:
            node["description"] = plain(record.summary)
    return node


def _ref(site_url: str | None, record: Record) -> dict[str, Any]:
    """A short node naming another record: type, id, name, and where to read more."""
    node: dict[str, Any] = {"@type": schema_type(record), "@id": node_id(site_url, record), "name": record.label}
    if isinstance(record, Source):
        node["url"] = record.url
    else:
        node["url"] = page_url(site_url, record.type, record.id)
    return node


def _party(site: Site, site_url: str | None, party: Party) -> dict[str, Any]:
    if party.person:
        node = _ref(site_url, site.get("person", party.person))
        if party.organisation:
            node["affiliation"] = _ref(site_url, site.get("organisation", party.organisation))
        return node
    if party.organisation:
        return _ref(site_url, site.get("organisation", party.organisation))
    return {"@type": "Person", "description": party.description}


def _cited_sources(site: Site, record: Record, site_url: str | None) -> list[dict[str, Any]]:
    """The sources a record cites, once each, in order of first citation."""
    return [_ref(site_url, n.source) for n in site.numbered_sources(record)]


