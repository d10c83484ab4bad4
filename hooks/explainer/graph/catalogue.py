"""The checks that span records, run on entries; and the catalogue of valid records they give."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass

from ..errors import Diagnostic, did_you_mean
from ..load.yamlload import Document
from ..model.entry import Cited, Entry
from ..model.records import TYPE_BY_NAME

Key = tuple[str, str]
"""A record's identity: (type, id)."""


@dataclass(frozen=True)
class Catalogue:
    """Every valid record's entry, by type and id: what ``explainer validate`` checks the
    explainer pages against, without loading the records themselves."""

    entries: Mapping[str, Mapping[str, Entry]]
    citations: Callable[[], Iterable[Cited]] = tuple
    """Every citation of every valid record; asked for only when a page cites the start of an excerpt."""

    def ids(self, type_: str) -> Collection[str]:
        return self.entries[type_]

    def count(self, type_: str) -> int:
        return len(self.entries[type_])

    def cited_words(self, source: str) -> Iterator[str | None]:
        """The excerpt of every citation of ``source``, as :meth:`Site.cited_words` gives them."""
        return iter(self._cited.get(source, ()))

    @functools.cached_property
    def _cited(self) -> dict[str, list[str | None]]:
        found: dict[str, list[str | None]] = defaultdict(list)
        for source, excerpt in self.citations():
            found[source].append(excerpt)
        return found


def catalogue(
    entries: Sequence[Entry], docs: Sequence[Document], broken: Set[Key], citations: Callable[[], Iterable[Cited]]
) -> tuple[Catalogue, list[Diagnostic]]:
    """The catalogue of the valid records, and the problems across them; see :func:`check_entries`."""
    _, problems = check_entries(entries, docs, broken)
    return Catalogue(_by_type(entries), citations), problems


def check_entries(
    entries: Sequence[Entry], docs: Sequence[Document], broken: Set[Key] = frozenset()
) -> tuple[dict[Key, str], list[Diagnostic]]:
    """Check everything that spans records: references to records that do not exist, and former
    ids that another record has.

    Args:
        entries: the valid records' entries, in the order of their files.
        docs: the document of each entry, for the positions of its problems (asked for only
            for an entry that has one).
        broken: (type, id) of the record files that exist but are invalid; a reference to one of
            them is not reported as unknown, since the file's own problems are reported already.

    Returns:
        The record each former id redirects to, and the problems.
    """
    ids = _by_type(entries)
    problems = list(_check_refs(entries, docs, ids, broken))
    redirects, clashes = _aliases(entries, docs, ids)
    return redirects, problems + clashes


def _by_type(entries: Iterable[Entry]) -> dict[str, dict[str, Entry]]:
    found: dict[str, dict[str, Entry]] = {t: {} for t in TYPE_BY_NAME}
    for entry in entries:
        found[entry.type][entry.id] = entry
    return found


def _check_refs(
    entries: Sequence[Entry], docs: Sequence[Document], ids: Mapping[str, Collection[str]], broken: Set[Key]
) -> Iterator[Diagnostic]:
    missing: dict[Key, list[Diagnostic]] = defaultdict(list)
    for i, entry in enumerate(entries):
        for loc, type_, rid in entry.refs:
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
