"""One-line plain-text descriptions of records and index pages, for page metadata and feeds."""

from __future__ import annotations

from collections.abc import Callable

from ..graph.site import Site
from ..model.records import Event, Organisation, Person, Quote, Record, Source

Plain = Callable[[str], str]
"""Turns a Markdown field into plain text."""


def describe(site: Site, record: Record, plain: Plain, limit: int = 300) -> str:
    """A plain-text description of a record, for ``<meta name="description">`` and Open Graph.

    Shortened at a word boundary to about ``limit`` characters; the page itself has the full text.
    """
    if isinstance(record, Event):
        text = plain(record.summary)
    elif isinstance(record, Quote):
        speaker = record.speaker
        who = (
            site.get("person", speaker.person).label
            if speaker.person
            else site.get("organisation", speaker.organisation).label
            if speaker.organisation
            else speaker.description or ""
        )
        text = f"“{plain(record.text)}” — {who}"
    elif isinstance(record, (Organisation, Person)):
        text = plain(record.description)
    elif isinstance(record, Source):
        publisher = site.get("organisation", record.publisher).label
        text = plain(record.summary) if record.summary else f"{record.title}, published by {publisher}."
    else:  # pragma: no cover - every record type is handled above
        text = record.label
    return shorten(text, limit)


def shorten(text: str, limit: int) -> str:
    """Collapse white space and cut at the last word boundary before ``limit``, adding an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.—–- ")
    return cut + "…"


INDEX_DESCRIPTIONS = {
    "timeline": "Every event in the record, oldest first, each with its sources.",
    "contested": "Figures that sources report differently, with every version side by side and who it comes from.",
    "sources": "Every source the site cites, with its publisher and date and the records that rely on it.",
    "organisations": "Every organisation named in the record, with the events it took part in and what it said.",
    "people": "Every person named in the record, with their roles and what they said.",
    "quotes": "Every quote in the record, grouped by speaker, each with its source.",
    "schema": "The fields of each kind of record, and what they mean.",
}


def describe_index(name: str, title: str) -> str:
    """A plain-text description of an index page."""
    return INDEX_DESCRIPTIONS.get(name, f"{title}, from the records behind this site.")
