"""The A–Z index of an edition: every record by type and initial letter, with the topics and places of its events."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..graph.places import Place
from ..model.records import Event, Record
from .edition import Edition

_CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
# Korean indexes file a tense consonant under its plain one (ㄲ under ㄱ).
_PLAIN = {"ㄲ": "ㄱ", "ㄸ": "ㄷ", "ㅃ": "ㅂ", "ㅆ": "ㅅ", "ㅉ": "ㅈ"}
OTHER = "#"
"""The group of labels that start with neither a letter nor a digit."""
DIGITS = "0–9"
ORDER = ("person", "organisation", "event", "source", "quote")
"""The record types in the order the index lists them."""


@dataclass(frozen=True)
class Entry:
    """One line of the index: a record, or a topic or place, by the label this edition gives it."""

    label: str
    record: Record | None = None
    lang: str | None = None
    """The label's language, where it is not the edition's."""
    key: str = ""
    place: Place | None = None
    """The topic's id, for a topic."""
    count: int = 0
    """How many events it has, for a topic or a place."""


@dataclass(frozen=True)
class Letter:
    letter: str
    entries: tuple[Entry, ...]

    @property
    def lang(self) -> str | None:
        """The language of the heading itself: a Hangul consonant is Korean on any edition's page."""
        return "ko" if "\u3131" <= self.letter[0] <= "\u314e" else None


@dataclass(frozen=True)
class Group:
    """All the entries of one kind, by initial letter."""

    kind: str
    """A record type (``event``, ``person``...), ``tag`` or ``place``."""
    letters: tuple[Letter, ...]

    @property
    def size(self) -> int:
        return sum(len(letter.entries) for letter in self.letters)


def sort_key(label: str) -> str:
    """A label as the index sorts it: case and accents set aside."""
    folded = unicodedata.normalize("NFKD", label.casefold())
    return unicodedata.normalize("NFC", "".join(c for c in folded if not unicodedata.combining(c))).lstrip("\"'“‘«(")


def initial(label: str) -> str:
    """The heading a label is filed under: its first letter in capitals, a Hangul syllable's
    initial consonant, ``0–9`` for digits and ``#`` for anything else."""
    key = sort_key(label)
    if not key:
        return OTHER
    first = key[0]
    if "\uac00" <= first <= "\ud7a3":
        jamo = _CHOSEONG[(ord(first) - 0xAC00) // 588]
        return _PLAIN.get(jamo, jamo)
    if first.isdigit():
        return DIGITS
    if first.isalpha():
        return first.upper()
    return OTHER


def by_letter(entries: Iterable[Entry]) -> tuple[Letter, ...]:
    """Entries sorted A–Z and grouped by initial; digits and other signs after the letters."""
    ordered = sorted(entries, key=lambda e: (sort_key(e.label), e.label, e.record.id if e.record else e.key))
    letters: dict[str, list[Entry]] = {}
    for entry in ordered:
        letters.setdefault(initial(entry.label), []).append(entry)
    return tuple(Letter(k, tuple(v)) for k, v in sorted(letters.items(), key=lambda kv: (kv[0] in (DIGITS, OTHER), kv[0] == OTHER, kv[0])))


def groups(edition: Edition, topic_label: Callable[[str], tuple[str, str | None]]) -> list[Group]:
    """Every record of the edition's site, by type in the engine's order, then the topics and the
    places of its events (the same records its search index holds).

    Args:
        edition: the edition.
        topic_label: a tag's label in the edition's language, and its language where it is another.
    """
    site = edition.site
    found = []
    for type_ in ORDER:
        records = site.all(type_)
        if records:
            entries = (Entry(edition.label(r), r, edition.label_lang(r)) for r in records)
            found.append(Group(type_, by_letter(entries)))
    events = [r for r in site.all("event") if isinstance(r, Event)]
    tags: dict[str, int] = {}
    for event in events:
        for tag in event.tags:
            tags[tag] = tags.get(tag, 0) + 1
    if tags:
        labels = {tag: topic_label(tag) for tag in tags}
        found.append(Group("tag", by_letter(Entry(labels[t][0], lang=labels[t][1], key=t, count=n) for t, n in tags.items())))
    if site.places:
        # A place is the site's grouping of events by where they happened, as its place pages are.
        named = [(place, *edition.version(place.name)) for place in site.places]
        found.append(
            Group(
                "place",
                by_letter(Entry(text, lang=lang, key=place.slug, place=place, count=len(place.events)) for place, text, lang in named),
            )
        )
    return found
