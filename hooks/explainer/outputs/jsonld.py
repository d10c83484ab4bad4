"""Machine-readable page metadata: schema.org JSON-LD for record pages.

Each record page describes itself as a ``WebPage`` whose ``mainEntity`` is the record as a
schema.org thing (``Event``, ``Quotation``, ``Organization``, ``Person``, or a ``CreativeWork``
such as ``NewsArticle`` or ``Report`` for a source). The page carries the ``citation`` links to the
sources the record cites; a ``Quotation``, being a creative work itself, carries them too, along
with ``isBasedOn``. Every node has an ``@id`` (the page URL plus ``#<type>``), so the records link
up into one graph across pages.
"""

from __future__ import annotations

from typing import Any

from ..model.records import Event, Organisation, Party, Person, Quote, Record, Source
from ..render.edition import Edition
from ..render.summary import describe

CONTEXT = "https://schema.org"

THING_TYPES = {"event": "Event", "quote": "Quotation", "organisation": "Organization", "person": "Person"}
"""schema.org types of the record types other than sources."""


def schema_type(edition: Edition, record: Record) -> str:
    """The schema.org type of a record: by its kind for a source (from the vocabulary)."""
    if isinstance(record, Source):
        return edition.settings.vocabulary("source_kinds")[record.kind].schema_org or "CreativeWork"
    return THING_TYPES[record.type]


def node_id(edition: Edition, record: Record) -> str:
    """The JSON-LD ``@id`` of the thing a record describes: its page URL plus ``#<type>``."""
    return edition.addresses.record_url(record.type, record.id) + "#" + record.type


def record_jsonld(edition: Edition, record: Record) -> dict[str, Any]:
    """The JSON-LD of a record page.

    Args:
        edition: the publication's records, settings and addresses; without a site URL, the ids
            are site-relative.
        record: the record the page shows.

    Returns:
        A JSON-LD document (a dict ready for ``json.dumps``).
    """
    addresses = edition.addresses
    url = addresses.record_url(record.type, record.id)
    page: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": edition.label(record),
        "description": describe(edition, record),
        "inLanguage": edition.lang,
        "license": edition.settings.text_licence.url,
        "isPartOf": {"@type": "WebSite", "@id": addresses.absolute(""), "name": edition.name},
        "mainEntity": _entity(edition, record),
    }
    cited = _cited_sources(edition, record)
    if cited:
        page["citation"] = cited
    return page


def _entity(edition: Edition, record: Record) -> dict[str, Any]:
    site, plain = edition.site, edition.plain
    node = _ref(edition, record)
    node["mainEntityOfPage"] = edition.addresses.record_url(record.type, record.id)
    if isinstance(record, Event):
        when = record.when
        node.update(description=plain(record.summary), startDate=when.start.iso())
        if when.end is not None:
            node["endDate"] = when.end.iso()
        if record.place:
            node["location"] = {"@type": "Place", "name": edition.text(record.place)}
        if record.tags:
            tags = edition.settings.vocabulary("tags")
            node["keywords"] = [edition.word(tags[tag])[0] for tag in record.tags]
    elif isinstance(record, Quote):
        node.update(text=plain(record.text), creator=_party(edition, record.speaker), inLanguage=record.language)
        if record.date:
            node["dateCreated"] = record.date
        if record.context:
            node["description"] = plain(record.context)
        if record.about:
            node["about"] = [_ref(edition, site.get("event", e)) for e in record.about]
        cited = _cited_sources(edition, record)
        node["isBasedOn"] = cited
        node["citation"] = cited
    elif isinstance(record, Organisation):
        node["description"] = plain(record.description)
        names = [n for n in (edition.text(record.short_name), record.native_name) if n]
        if names:
            node["alternateName"] = names
        if record.website:
            node["sameAs"] = record.website
        if record.based_in:
            node["location"] = {"@type": "Place", "name": edition.text(record.based_in)}
    elif isinstance(record, Person):
        node["description"] = plain(record.description)
        if record.native_name:
            node["alternateName"] = record.native_name
        if record.roles:
            node["jobTitle"] = [edition.text(role.title) for role in record.roles]
        orgs = sorted({role.organisation for role in record.roles if role.organisation})
        if orgs:
            node["affiliation"] = [_ref(edition, site.get("organisation", o)) for o in orgs]
    elif isinstance(record, Source):
        node["url"] = record.url
        node["headline"] = record.title
        node["inLanguage"] = record.language
        node["publisher"] = _ref(edition, site.get("organisation", record.publisher))
        if record.authors:
            node["author"] = [_ref(edition, site.get("person", p)) for p in record.authors]
        if record.editors:
            node["editor"] = [_ref(edition, site.get("person", p)) for p in record.editors]
        if record.published:
            node["datePublished"] = record.published
        if record.archive_url:
            node["sameAs"] = record.archive_url
        if record.summary:
            node["description"] = plain(record.summary)
    return node


def _ref(edition: Edition, record: Record) -> dict[str, Any]:
    """A short node naming another record: type, id, name, and where to read more."""
    node: dict[str, Any] = {"@type": schema_type(edition, record), "@id": node_id(edition, record), "name": edition.label(record)}
    if isinstance(record, Source):
        node["url"] = record.url
    else:
        node["url"] = edition.addresses.record_url(record.type, record.id)
    return node


def _party(edition: Edition, party: Party) -> dict[str, Any]:
    site = edition.site
    if party.person:
        node = _ref(edition, site.get("person", party.person))
        if party.organisation:
            node["affiliation"] = _ref(edition, site.get("organisation", party.organisation))
        return node
    if party.organisation:
        return _ref(edition, site.get("organisation", party.organisation))
    return {"@type": "Person", "description": edition.text(party.description)}


def _cited_sources(edition: Edition, record: Record) -> list[dict[str, Any]]:
    """The sources a record cites, once each, in order of first citation."""
    return [_ref(edition, n.source) for n in edition.site.numbered_sources(record)]
