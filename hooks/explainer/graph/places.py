"""Places: the events grouped by the place their records name, each group with a slug for its page."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model.localised import Local
from ..model.records import slugify

if TYPE_CHECKING:
    from ..model.records import Event


@dataclass(frozen=True)
class Place:
    """A place as the records write it, and the events that happened there.

    Attributes:
        slug: the last part of its page's address, made from its text in the default language.
        name: its text: the default language's, with a version per language when a record gives them.
        events: its events, in timeline order.
    """

    slug: str
    name: str
    events: tuple[Event, ...]


def group_places(timeline: Iterable[Event]) -> tuple[Place, ...]:
    """Group events by their place's text in the default language (white space collapsed).

    Two texts that make the same slug ("Tumen" and "Tümen") stay two places; the second in
    alphabetical order gets ``-2``. A text with no Latin letters or digits gets a slug from its hash,
    which stays the same while the text does.

    Returns:
        The places, in order of their slugs.
    """
    groups: dict[str, list[Event]] = {}
    for event in timeline:
        if event.place is not None:
            groups.setdefault(" ".join(str(event.place).split()), []).append(event)
    taken: set[str] = set()
    places = []
    for text in sorted(groups):
        # Dashes and other marks part words ("China–North Korea"), as spaces do.
        base = slugify(re.sub(r"[^\w]+", " ", text)) or "place-" + hashlib.sha256(text.encode()).hexdigest()[:8]
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        events = groups[text]
        # The name in other languages comes from the first record that gives versions of it.
        name = next((e.place for e in events if isinstance(e.place, Local) and e.place.versions), events[0].place)
        places.append(Place(slug, name or text, tuple(events)))
    return tuple(sorted(places, key=lambda p: p.slug))
