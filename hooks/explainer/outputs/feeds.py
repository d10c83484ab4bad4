"""Atom 1.0 feeds of the events (newest first) and the sources (newest publication first).

The feeds are built with ``xml.etree``, which escapes every text and attribute. An entry's ``id``
is the page URL of the record's first id (its oldest alias, or its id if it has none), so a renamed
record keeps its entry in a reader. An entry's ``updated`` is the record's own date; the feed's is
``SOURCE_DATE_EPOCH`` when set, else the newest entry's, so the same records give the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from ..model.dates import EDate, parse_date, source_date_epoch
from ..model.records import Event, Record, Source
from ..render.edition import Edition
from ..render.summary import describe
from ..render.urls import Addresses, alias_key

ATOM = "http://www.w3.org/2005/Atom"
FEEDS = {"events": "events.atom", "sources": "sources.atom"}
"""Feed files at the site root: Material fetches sitemap.xml beside every rel=alternate link."""
"""Site-relative paths of the feeds, by record plural."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class _Entry:
    record: Record
    when: EDate | None


def feed_files(edition: Edition, environ: Mapping[str, str] | None = None) -> dict[str, bytes]:
    """Both feeds, by site-relative path.

    Args:
        edition: the publication's records, settings and addresses (Atom wants absolute ids and
            links, so a site without a URL gets ``urn:`` ids).
        environ: where to read ``SOURCE_DATE_EPOCH`` (default: the process environment).
    """
    site = edition.site
    fixed = source_date_epoch(environ)
    events = [_Entry(e, e.when) for e in reversed(site.timeline)]
    sources = _newest_first([_Entry(s, _source_date(s)) for s in site.sources])
    gettext = edition.messages.gettext
    return {
        edition.root + FEEDS["events"]: _feed(
            edition, "events", gettext("%(site)s: events") % {"site": edition.name}, edition.addresses.index("timeline"), events, fixed
        ),
        edition.root + FEEDS["sources"]: _feed(
            edition, "sources", gettext("%(site)s: sources") % {"site": edition.name}, edition.addresses.index("sources"), sources, fixed
        ),
    }


def _source_date(source: Source) -> EDate | None:
    text = source.published or source.accessed
    return parse_date(text) if text else None


def _newest_first(entries: list[_Entry]) -> list[_Entry]:
    dated = sorted((e for e in entries if e.when), key=lambda e: (e.when.sort_key, e.record.id), reverse=True)  # type: ignore[union-attr]
    # A source with neither a publication nor an access date still gets its entry, at the end.
    return dated + [e for e in entries if not e.when]


def _feed(edition: Edition, name: str, title: str, html_path: str | None, entries: list[_Entry], fixed: datetime | None) -> bytes:
    addresses, site_url = edition.addresses, edition.addresses.site_url
    site_name = edition.name
    dates = [_stamp(e.when) for e in entries if e.when]
    updated = fixed or max(dates, default=_EPOCH)
    path = edition.root + FEEDS[name]
    feed = ET.Element("feed", {"xmlns": ATOM, "{http://www.w3.org/XML/1998/namespace}lang": edition.lang})
    _sub(feed, "id", addresses.absolute(path) if site_url else f"urn:x-explainer:feed:{edition.root}{name}")
    _sub(feed, "title", title)
    _sub(feed, "updated", _iso(updated))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": addresses.absolute(path)})
    ET.SubElement(
        feed,
        "link",
        {"rel": "alternate", "type": "text/html", "href": addresses.absolute(html_path if html_path is not None else edition.root)},
    )
    author = ET.SubElement(feed, "author")
    _sub(author, "name", site_name)
    if site_url:
        _sub(author, "uri", site_url)
    _sub(feed, "rights", licence_notice(edition))
    for item in entries:
        record = item.record
        entry = ET.SubElement(feed, "entry")
        first_id = record.aliases[0] if record.aliases else record.id
        _sub(
            entry,
            "id",
            addresses.absolute(_first_address(addresses, record))
            if site_url
            else f"urn:x-explainer:{edition.root}{record.type}:{first_id}",
        )
        _sub(entry, "title", edition.label(record))
        _sub(entry, "updated", _iso(_stamp(item.when) if item.when else updated))
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": addresses.record_url(record.type, record.id)})
        _sub(entry, "summary", describe(edition, record, limit=1000))
        if isinstance(record, Event):
            tags = edition.settings.vocabulary("tags")
            for tag in record.tags:
                ET.SubElement(entry, "category", {"term": tag, "label": edition.word(tags[tag])[0]})
        if isinstance(record, Source):
            ET.SubElement(entry, "link", {"rel": "related", "type": "text/html", "href": record.url})
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _first_address(addresses: Addresses, record: Record) -> str:
    """The page address of a record's first id: its oldest alias, or its id if it has none."""
    if record.aliases:
        return addresses.page(alias_key(record.type, record.aliases[0]))
    return addresses.record(record.type, record.id)


def licence_notice(edition: Edition) -> str:
    """The licences of a publication in one line, in an edition's language, for the feeds' ``rights``."""
    gettext = edition.messages.gettext
    text, data = edition.settings.text_licence, edition.settings.data_licence
    if text == data:
        return gettext("Text and data %(licence)s; quotations belong to their speakers and publishers.") % {"licence": text.short}
    return gettext("Text %(text)s, data %(data)s; quotations belong to their speakers and publishers.") % {
        "text": text.short,
        "data": data.short,
    }


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def _stamp(when: EDate) -> datetime:
    first = when.first
    return datetime(first.year, first.month, first.day, tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
