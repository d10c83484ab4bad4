"""One-line plain-text descriptions of records and index pages, for page metadata and feeds."""

from __future__ import annotations

import re

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
    "tags": N_("Every topic the events are tagged with, each with its events in date order."),
    "places": N_("Every place where events happened, each with its events in date order."),
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


def describe_listing(edition: Edition, kind: str, name: str) -> str:
    """A plain-text description of the page of a tag or a place (``kind``), named ``name``."""
    gettext = edition.messages.gettext
    if kind == "tag":
        return gettext("Every event tagged “%(tag)s”, oldest first.") % {"tag": name}
    return gettext("Every event at %(place)s, oldest first.") % {"place": name}


# A full stop, question or exclamation mark that may end a sentence: not after an initial ("J."),
# an abbreviation with stops in it ("U.S."), a capitalised short word ("Mr.", "Dr.") or a number of
# one or two digits (a day written as an ordinal: "am 17. Juni"); or an ideographic one ("。").
_SENTENCE_END = re.compile(
    r"(?<![\s.][A-Za-z])(?<!\.[A-Za-z]{2})(?<!\s\d)(?<!\s\d\d)(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})[.!?](?=\s+\S)|[。！？]"
)


def _caseless(char: str) -> bool:
    """A letter of a script without capitals (Hangul, Han, Arabic...)."""
    return char.isalpha() and not char.isupper() and not char.islower()


def first_sentence(text: str, limit: int = 300) -> str:
    """The first sentence of a plain text (white space collapsed), shortened to about ``limit``
    characters at a word boundary if it is longer.

    A stop ends a sentence after a word in a script without capitals, whatever follows it; after
    other words, where the next word begins with a capital or a letter of such a script.
    """
    text = " ".join(text.split())
    # A space in front lets the look-behinds see the start of the text as the start of a word.
    spaced = " " + text
    for match in _SENTENCE_END.finditer(spaced):
        end = match.end() - 1
        following = text[end:].lstrip()[:1]
        before = spaced[match.start() - 1]
        if match.group() in "。！？" or _caseless(before) or following.isupper() or _caseless(following):
            return shorten(text[:end], limit)
    return shorten(text, limit)
