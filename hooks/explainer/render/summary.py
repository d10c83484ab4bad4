"""One-line plain-text descriptions of records and index pages, for page metadata and feeds."""

from __future__ import annotations

from ..model.records import Event, Organisation, Person, Quote, Record, Source
from .edition import Edition
from .wording import N_


def describe(edition: Edition, record: Record, limit: int = 300) -> str:
    """A plain-text description of a record in an edition's language, for ``<meta name="description">``,
    Open Graph and feeds.

    Shortened at a word boundary to about ``limit`` characters; the page itself has the full text.
    """
    site, plain, gettext = edition.site, edition.plain, edition.messages.gettext
    if isinstance(record, Event):
        text = plain(record.summary)
    elif isinstance(record, Quote):
        speaker = record.speaker
        who = (
            edition.label(site.get("person", speaker.person))
            if speaker.person
            else edition.label(site.get("organisation", speaker.organisation))
            if speaker.organisation
            else edition.text(speaker.description)
        )
        text = gettext("“%(words)s” — %(who)s") % {"words": plain(record.text), "who": who}
    elif isinstance(record, (Organisation, Person)):
        text = plain(record.description)
    elif isinstance(record, Source):
        publisher = edition.label(site.get("organisation", record.publisher))
        text = (
            plain(record.summary)
            if record.summary
            else gettext("%(title)s, published by %(publisher)s.") % {"title": record.title, "publisher": publisher}
        )
    else:  # pragma: no cover - every record type is handled above
        text = edition.label(record)
    return shorten(text, limit)


def shorten(text: str, limit: int) -> str:
    """Collapse white space and cut at the last word boundary before ``limit``, adding an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.—–- ")
    return cut + "…"


INDEX_DESCRIPTIONS = {
    "timeline": N_("Every event in the record, oldest first, each with its sources."),
    "contested": N_("Figures that sources report differently, with every version side by side and who it comes from."),
    "sources": N_("Every source the site cites, with its publisher and date and the records that rely on it."),
    "organisations": N_("Every organisation named in the record, with the events it took part in and what it said."),
    "people": N_("Every person named in the record, with their roles and what they said."),
    "quotes": N_("Every quote in the record, grouped by speaker, each with its source."),
    "browse": N_(
        "Every person, organisation, event, source and quote in the record, from A to Z, with the topics and places of the events."
    ),
    "schema": N_("The fields of each kind of record, and what they mean."),
}
"""What each index page holds, as message ids."""


def describe_index(edition: Edition, name: str) -> str:
    """A plain-text description of an index page, in an edition's language."""
    return edition.messages.gettext(INDEX_DESCRIPTIONS[name])
