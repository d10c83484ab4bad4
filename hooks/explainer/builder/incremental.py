"""Which generated pages a rebuild must render again, after records changed (``mkdocs serve --dirty``).

A record's page shows more than the record: the names, titles and dates of the records it
refers to and of those that refer to it, its neighbours on the timeline, and through those the
records they bring along (a source's page lists the records citing it with the people each
citation credits). So when a record changes, is added or is removed, these pages are rendered
again, in every edition, with the record as it was and as it is:

- the record's own page;
- the pages of the records two steps from it, following references either way, except to
  the other records that refer to what it refers to: those it refers to and they refer to
  (a source's publisher), those that refer to it and to those (an event citing a source
  shows the source's publisher), and those they refer to (a quote about an event names its
  speaker);
- the pages of its neighbours on the timeline (their "before" and "after" links), and of the
  events related to it;
- the pages of the tags and the place of each of the events among these;
- every index page (they list, count or sort whole record types).

The publication's own pages (and their copies in other editions) are always rendered again: they
are few, and a citation in one shows any record's words. A page not in this set is the same as
a build from nothing would make it; ``tests/test_incremental.py`` checks that after each kind of edit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from ..graph.site import Key, Site
from ..model.localised import Local
from ..model.records import Event
from ..render.urls import PageKey, place_key, record_key, tag_key


def changed_records(old: Site, new: Site) -> set[Key]:
    """The records added, removed or changed (in their values or their file) between two sites."""
    changed: set[Key] = set()
    for type_ in old.records.keys() | new.records.keys():
        before, after = old.records.get(type_, {}), new.records.get(type_, {})
        for rid in before.keys() | after.keys():
            key = (type_, rid)
            if rid not in before or rid not in after or not same(before[rid], after[rid]) or old.paths.get(key) != new.paths.get(key):
                changed.add(key)
    return changed


def same(a: Any, b: Any) -> bool:
    """Whether two values are equal with every language's version of their texts (a
    :class:`Local` equals any string with the same default text)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, Local):
        return str(a) == str(b) and a.lang == b.lang and a.versions == b.versions
    if isinstance(a, BaseModel):
        return all(same(value, getattr(b, name)) for name, value in a.__dict__.items())
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(value, b[key]) for key, value in a.items())
    return bool(a == b)


def affected_pages(old: Site, new: Site, changed: set[Key]) -> set[PageKey]:
    """The keys of the generated pages that show something of the ``changed`` records, in either site.

    Index pages are not included: the caller renders them every time.
    """
    pages: set[PageKey] = set()
    for site in (old, new):
        referrers = _referrers(site)
        records: set[Key] = set()
        for key in changed:
            records.add(key)
            out = set(_refs(site, key))
            back = referrers.get(key, set())
            records |= out | back
            for other in back:
                records.update(_refs(site, other))
                records.update(referrers.get(other, ()))
            for other in out:
                records.update(_refs(site, other))
            event = site.records.get("event", {}).get(key[1]) if key[0] == "event" else None
            if isinstance(event, Event):
                records.update(("event", e.id) for e in site.neighbours(event) if e is not None)
                records.update(("event", e.id) for e in site.related.get(event.id, ()))
        for type_, rid in records:
            record = site.records.get(type_, {}).get(rid)
            if record is None:
                continue
            pages.add(record_key(type_, rid))
            if isinstance(record, Event):
                # A tag's or a place's page shows its events with what they bring along.
                pages.update(tag_key(tag) for tag in record.tags if tag in site.tagged)
                place = site.place_of(record)
                if place is not None:
                    pages.add(place_key(place.slug))
    return pages


def _refs(site: Site, key: Key) -> Iterator[Key]:
    """The records a record refers to (none when the site does not have it)."""
    record = site.records.get(key[0], {}).get(key[1])
    if record is not None:
        for _, type_, rid in record.refs():
            yield type_, rid


def _referrers(site: Site) -> dict[Key, set[Key]]:
    """For each record, the records that refer to it."""
    found: dict[Key, set[Key]] = defaultdict(set)
    for type_, records in site.records.items():
        for rid in records:
            for target in _refs(site, (type_, rid)):
                found[target].add((type_, rid))
    return found


def stale(previous: Iterable[str], current: Iterable[str]) -> list[str]:
    """The files the previous build wrote that this one does not (pages of deleted records)."""
    return sorted(set(previous) - set(current))
