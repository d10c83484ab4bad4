"""The checks that span records, run on entries; and the catalogue of valid records they give."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass

from ..errors import Diagnostic, did_you_mean
from ..load.yamlload import Document
from ..model.entry import Entry, excerpts_in
from ..model.records import TYPE_BY_NAME, Record

Key = tuple[str, str]
"""A record's identity: (type, id)."""


@dataclass(frozen=True)
class Catalogue:
    """Every valid record's entry, by type and id: what ``explainer validate`` checks the
    explainer pages against, without loading the records themselves.

    Args:
        entries: the entries by type and id.
        order: the entries in the order of their files.
        records: the record of each entry in ``order``, made when asked for: only a page that
            cites the start of an excerpt asks, for the records that cite its source.
    """

    entries: Mapping[str, Mapping[str, Entry]]
    order: Sequence[Entry]
    records: Sequence[Record | None]

    def ids(self, type_: str) -> Collection[str]:
        return self.entries[type_]

    def count(self, type_: str) -> int:
        return len(self.entries[type_])

    def cited_words(self, source: str) -> Iterator[str | None]:
        """The excerpt of every citation of ``source``, as :meth:`Site.cited_words` gives them."""
        for i in self._citing.get(source, ()):
            record = self.records[i]
            if record is not None:
                yield from excerpts_in(record, source)

    @functools.cached_property
    def _citing(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = defaultdict(list)
        for i, entry in enumerate(self.order):
            for source in dict.fromkeys(rid for type_, rid in entry.refers_to() if type_ == "source"):
                found[source].append(i)
        return found


def catalogue(
    entries: Sequence[Entry], docs: Sequence[Document], records: Sequence[Record | None], broken: Set[Key]
) -> tuple[Catalogue, list[Diagnostic]]:
    """The catalogue of the valid records, and the problems across them; see :func:`check_entries`."""
    _, problems = check_entries(entries, docs, records, broken)
    return Catalogue(_by_type(entries), entries, records), problems


def check_entries(
    entries: Sequence[Entry], docs: Sequence[Document], records: Sequence[Record | None], broken: Set[Key] = frozenset()
) -> tuple[dict[Key, str], list[Diagnostic]]:
    """Check everything that spans records: references to records that do not exist, and former
    ids that another record has.

    Args:
        entries: the valid records' entries, in the order of their files.
        docs: the document of each entry, for the positions of its problems.
        records: the record of each entry, for where in it a reference to nothing is.
        broken: (type, id) of the record files that exist but are invalid; a reference to one of
            them is not reported as unknown, since the file's own problems are reported already.

    ``docs`` and ``records`` are asked only for an entry with a problem, and may make theirs then.

    Returns:
        The record each former id redirects to, and the problems.
    """
    ids = _by_type(entries)
    problems = list(_check_refs(entries, docs, records, ids, broken))
    redirects, clashes = _aliases(entries, docs, ids)
    return redirects, problems + clashes


def _by_type(entries: Iterable[Entry]) -> dict[str, dict[str, Entry]]:
    found: dict[str, dict[str, Entry]] = {t: {} for t in TYPE_BY_NAME}
    for entry in entries:
        found[entry.type][entry.id] = entry
    return found


def _check_refs(
    entries: Sequence[Entry],
    docs: Sequence[Document],
    records: Sequence[Record | None],
    ids: Mapping[str, Collection[str]],
    broken: Set[Key],
) -> Iterator[Diagnostic]:
    missing: dict[Key, list[Diagnostic]] = defaultdict(list)
    for i, entry in enumerate(entries):
        if all(rid in ids[type_] or (type_, rid) in broken for type_, rid in entry.refers_to()):
            continue
        record = records[i]
        for loc, type_, rid in record.refs() if record is not None else ():
            if rid in ids[type_] or (type_, rid) in broken:
                continue
            missing[(type_, rid)].append(Diagnostic(docs[i].pos(loc), unknown_record(type_, rid, ids[type_])))
    for (type_, rid), found in missing.items():
        files = {d.pos.path for d in found}
        if len(files) > 1:
            # A record deleted while others still cite it: say so once, above the list (it sorts
            # first, at the first place that cites it), and what to do.
            plural = TYPE_BY_NAME[type_].plural
            yield Diagnostic(
                min(d.pos for d in found),
                f"{type_} {rid!r} is referred to {len(found)} times by {len(files)} records, listed below, and has no file: "
                f"if data/{plural}/{rid}.yml was deleted, restore it (git checkout -- data/{plural}/{rid}.yml), "
                "or remove or change each of these references",
            )
        yield from found


def unknown_record(type_: str, rid: str, known: Iterable[str]) -> str:
    """The message for a reference to a record that does not exist, with a "did you mean"."""
    plural = TYPE_BY_NAME[type_].plural
    return f"unknown {type_} {rid!r}{did_you_mean(rid, known)}; add data/{plural}/{rid}.yml or fix the id"


def _aliases(
    entries: Sequence[Entry], docs: Sequence[Document], ids: Mapping[str, Collection[str]]
) -> tuple[dict[Key, str], list[Diagnostic]]:
    redirects: dict[Key, str] = {}
    problems: list[Diagnostic] = []
    for n, entry in enumerate(entries):
        for i, alias in enumerate(entry.aliases):
            key = (entry.type, alias)
            # Only a problem asks for a document, and for its position: it may have to read the file again.
            if alias in ids[entry.type]:
                problems.append(
                    Diagnostic(
                        docs[n].pos(("aliases", i)),
                        f"alias {alias!r} is the id of another {entry.type}; a former id cannot be reused while a record has it",
                    )
                )
            elif key in redirects:
                problems.append(
                    Diagnostic(
                        docs[n].pos(("aliases", i)),
                        f"alias {alias!r} is also an alias of {entry.type} {redirects[key]!r}; a former id can point to one record only",
                    )
                )
            else:
                redirects[key] = entry.id
    return redirects, problems
