"""The Site graph: every record, the links between them, and the checks that span records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from ..errors import Diagnostic
from ..load.yamlload import Document
from ..model.dates import parse_date
from ..model.entry import Entry
from ..model.records import (
    Citation,
    Event,
    Figure,
    Organisation,
    Person,
    Quote,
    Record,
    Source,
)
from .catalogue import Key, check_entries
from .figures import FigureView, view_figure
from .places import Place, group_places

_R = TypeVar("_R", bound=Record)
_K = TypeVar("_K")
_V = TypeVar("_V")


@dataclass(frozen=True)
class Loaded:
    """A valid record with the document it came from."""

    record: Record
    doc: Document


@dataclass(frozen=True)
class Cite:
    """One citation of a source, seen from the source: which record cites it, with what words."""

    record: Record
    citation: Citation


@dataclass(frozen=True)
class Numbered:
    """A source as numbered on one record page, with the citations that point at it."""

    number: int
    source: Source
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class QuoteGroup:
    """The quotes of one speaker, for the quotes index."""

    name: str
    anchor: str
    record: Record | None
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Site:
    """All records and their relations. Built once per build; never changed afterwards."""

    records: Mapping[str, Mapping[str, Record]]
    paths: Mapping[Key, str]
    cited_by: Mapping[str, tuple[Cite, ...]]
    mentions: Mapping[Key, tuple[Record, ...]]
    quotes_by: Mapping[Key, tuple[Quote, ...]]
    quotes_about: Mapping[str, tuple[Quote, ...]]
    related: Mapping[str, tuple[Event, ...]]
    credited_in: Mapping[Key, tuple[str, ...]]
    timeline: tuple[Event, ...]
    redirects: Mapping[Key, str] = field(default_factory=dict)
    tagged: Mapping[str, tuple[Event, ...]] = field(default_factory=dict)
    """The events of each tag that some event has, in timeline order."""
    places: tuple[Place, ...] = ()
    """Every place events happened at, by its text in the default language, in slug order."""
    _timeline_index: Mapping[str, int] = field(default_factory=dict)
    _place_of: Mapping[str, Place] = field(default_factory=dict)

    # -- lookups -------------------------------------------------------------------------------

    def get(self, type_: str, rid: str) -> Record:
        return self.records[type_][rid]

    def all(self, type_: str) -> list[Record]:
        """Records of one type, in id order."""
        return [self.records[type_][k] for k in sorted(self.records[type_])]

    def _all(self, cls: type[_R]) -> list[_R]:
        return [r for r in self.all(cls.type) if isinstance(r, cls)]

    @property
    def sources(self) -> list[Source]:
        return self._all(Source)

    @property
    def sources_by_date(self) -> list[Source]:
        """Sources newest first by publication date; undated ones last, by id."""
        dated = sorted((s for s in self.sources if s.published), key=lambda s: (parse_date(s.published or "").first, s.id), reverse=True)
        return dated + [s for s in self.sources if not s.published]

    @property
    def organisations(self) -> list[Organisation]:
        return sorted(self._all(Organisation), key=lambda r: (r.label.casefold(), r.id))

    @property
    def people(self) -> list[Person]:
        return sorted(self._all(Person), key=lambda r: (r.label.casefold(), r.id))

    @property
    def quotes(self) -> list[Quote]:
        return self._all(Quote)

    def count(self, type_: str) -> int:
        return len(self.records[type_])

    def ids(self, type_: str) -> Collection[str]:
        return self.records[type_]

    def cited_words(self, source: str) -> Iterator[str | None]:
        """The excerpt of every citation of ``source``, in the order of :attr:`cited_by`."""
        return (cite.citation.excerpt for cite in self.cited_by.get(source, ()))

    def path_of(self, record: Record) -> str:
        """The data file of a record, relative to the project root."""
        return self.paths[(record.type, record.id)]

    def neighbours(self, event: Event) -> tuple[Event | None, Event | None]:
        """The events just before and after this one on the timeline."""
        index = self._timeline_index[event.id]
        before = self.timeline[index - 1] if index > 0 else None
        after = self.timeline[index + 1] if index + 1 < len(self.timeline) else None
        return before, after

    def events_of(self, record: Record) -> list[Event]:
        """Events in which an organisation or person takes part or is credited, or which their
        quotes are about, in date order."""
        found = {r.id: r for r in self.mentions.get((record.type, record.id), ()) if isinstance(r, Event)}
        for quote in self.quotes_by.get((record.type, record.id), ()):
            found.update((eid, self.records["event"][eid]) for eid in quote.about if eid in self.records["event"])  # type: ignore[misc]
        return sorted(found.values(), key=lambda e: self._timeline_index[e.id])

    def parties_of(self, event: Event) -> dict[str, list[str]]:
        """The ids of the organisations and people an event lists among its parties (participants,
        those its claims are credited to, the speakers of quotes about it), by type, in id order:
        the event is in each one's :meth:`events_of`."""
        found: dict[str, set[str]] = {"organisation": set(), "person": set()}
        for _, type_, rid in event.refs():
            if type_ in found:
                found[type_].add(rid)
        for quote in self.quotes_about.get(event.id, ()):
            for kind, speaker in (("person", quote.speaker.person), ("organisation", quote.speaker.organisation)):
                if speaker:
                    found[kind].add(speaker)
        return {type_: sorted(ids) for type_, ids in found.items()}

    def place_of(self, event: Event) -> Place | None:
        """The place an event happened at, if its record names one."""
        return self._place_of.get(event.id)

    def place(self, slug: str) -> Place:
        return next(p for p in self.places if p.slug == slug)

    def sources_of(self, record: Record) -> list[Source]:
        """Sources an organisation or person published, wrote or edited, or is credited in."""
        ids = {r.id for r in self.mentions.get((record.type, record.id), ()) if isinstance(r, Source)}
        ids.update(self.credited_in.get((record.type, record.id), ()))
        return [self.get("source", sid) for sid in sorted(ids)]  # type: ignore[misc]

    def numbered_sources(self, record: Record) -> list[Numbered]:
        """The sources a record cites, numbered in order of first citation."""
        order: dict[str, list[Citation]] = {}
        for _, cite in record.all_citations():
            order.setdefault(cite.source, []).append(cite)
        return [
            Numbered(n, self.get("source", sid), tuple(cites))  # type: ignore[arg-type]
            for n, (sid, cites) in enumerate(order.items(), start=1)
        ]

    def quote_groups(self) -> list[QuoteGroup]:
        """Quotes grouped by speaker: named people and organisations by name, then unnamed speakers."""
        groups: dict[tuple[str, str], list[Quote]] = {}
        for q in self.quotes:
            sp = q.speaker
            key = (
                ("person", sp.person) if sp.person else ("organisation", sp.organisation) if sp.organisation else ("", sp.description or "")
            )
            groups.setdefault(key, []).append(q)
        result = []
        for (type_, name), quotes in groups.items():
            record = self.get(type_, name) if type_ else None
            # An unnamed speaker's group is named by the description; pages say it is unnamed.
            label = record.label if record else name
            anchor = (
                f"{type_}-{name}" if type_ else "unnamed-" + "-".join("".join(ch if ch.isalnum() else " " for ch in name.lower()).split())
            )
            result.append(QuoteGroup(label, anchor, record, tuple(sorted(quotes, key=lambda q: (q.date or "", q.id)))))
        return sorted(result, key=lambda g: (g.record is None, g.name.casefold()))

    def figure_view(self, figure: Figure) -> FigureView:
        """A figure with the spread of its claims and the number of independent origins."""
        return view_figure(figure, self.records["source"])  # type: ignore[arg-type]

    @property
    def contested(self) -> list[tuple[Event, FigureView]]:
        """Every figure whose sources disagree, in timeline order."""
        return [(e, v) for e in self.timeline for v in map(self.figure_view, e.figures) if v.disagree]


def index_site(
    loaded: Iterable[Loaded], broken: Set[Key] = frozenset(), entries: Sequence[Entry] | None = None
) -> tuple[Site, list[Diagnostic]]:
    """Build the Site graph and check everything that spans records.

    Args:
        loaded: the valid records, with their documents.
        broken: (type, id) of the record files that exist but are invalid; a reference to one of
            them is not reported as unknown, since the file's own problems are reported already.
        entries: the entry of each record, in the same order, where the caller has them already.

    Returns:
        The site and the cross-record problems (unknown references, clashing aliases).
    """
    loaded = list(loaded)
    records: dict[str, dict[str, Record]] = {t: {} for t in ("source", "organisation", "person", "event", "quote")}
    paths: dict[Key, str] = {}
    for item in loaded:
        records[item.record.type][item.record.id] = item.record
        paths[(item.record.type, item.record.id)] = item.doc.path

    # Each record's references, listed once for the checks and for the index below.
    if entries is None or len(entries) != len(loaded):
        entries = [Entry.of(item.record) for item in loaded]
    redirects, problems = check_entries(entries, [item.doc for item in loaded], [item.record for item in loaded], broken)

    cited_by: dict[str, list[Cite]] = defaultdict(list)
    mentions: dict[Key, list[Record]] = defaultdict(list)
    quotes_by: dict[Key, list[Quote]] = defaultdict(list)
    quotes_about: dict[str, list[Quote]] = defaultdict(list)
    related: dict[str, set[str]] = defaultdict(set)
    credited_in: dict[Key, set[str]] = defaultdict(set)
    for item, entry in zip(loaded, entries, strict=True):
        rec = item.record
        for _, cite in rec.all_citations():
            cited_by[cite.source].append(Cite(rec, cite))
            for party in cite.attributed_to:
                for key in (("person", party.person), ("organisation", party.organisation)):
                    if key[1]:
                        credited_in[(key[0], key[1])].add(cite.source)
        for type_, rid in entry.refers_to():
            if type_ in ("organisation", "person"):
                mentions[(type_, rid)].append(rec)
        if isinstance(rec, Quote):
            for type_, speaker in (("person", rec.speaker.person), ("organisation", rec.speaker.organisation)):
                if speaker:
                    quotes_by[(type_, speaker)].append(rec)
            for eid in rec.about:
                quotes_about[eid].append(rec)
        if isinstance(rec, Event):
            for other in rec.related:
                related[rec.id].add(other)
                related[other].add(rec.id)

    events = {rid: e for rid, e in records["event"].items() if isinstance(e, Event)}
    timeline = tuple(sorted(events.values(), key=lambda e: (e.when.sort_key, e.id)))
    tagged: dict[str, list[Event]] = defaultdict(list)
    for event in timeline:
        for tag in dict.fromkeys(event.tags):
            tagged[tag].append(event)
    places = group_places(timeline)
    site = Site(
        records=MappingProxyType({t: MappingProxyType(v) for t, v in records.items()}),
        paths=MappingProxyType(paths),
        cited_by=_freeze(cited_by, key=lambda c: (c.record.type, c.record.id)),
        mentions=_freeze(mentions, key=lambda r: (r.type, r.id)),
        quotes_by=_freeze(quotes_by, key=lambda q: q.id),
        quotes_about=_freeze(quotes_about, key=lambda q: q.id),
        related=MappingProxyType(
            {
                # Date, then id: events of the same date come out in one order in every process.
                k: tuple(sorted((events[i] for i in v if i in events and i != k), key=lambda e: (e.when.sort_key, e.id)))
                for k, v in related.items()
            }
        ),
        credited_in=MappingProxyType({k: tuple(sorted(v)) for k, v in credited_in.items()}),
        timeline=timeline,
        redirects=MappingProxyType(redirects),
        tagged=MappingProxyType({tag: tuple(found) for tag, found in sorted(tagged.items())}),
        places=places,
        _timeline_index=MappingProxyType({e.id: i for i, e in enumerate(timeline)}),
        _place_of=MappingProxyType({e.id: p for p in places for e in p.events}),
    )
    return site, problems


def _freeze(groups: Mapping[_K, list[_V]], key: Callable[[_V], Any]) -> Mapping[_K, tuple[_V, ...]]:
    # Records are unhashable (they hold lists), so duplicates are dropped by identity.
    return MappingProxyType({k: tuple(sorted({id(x): x for x in v}.values(), key=key)) for k, v in groups.items()})
