"""What the checks across records need of one valid record, without the record itself."""

from __future__ import annotations

from dataclasses import dataclass

from .records import Record, Ref

Cited = tuple[str, str | None]
"""A citation as the references of explainer pages see it: the source's id and the excerpt."""


@dataclass(frozen=True)
class Entry:
    """A valid record's type and id, its references to other records and its former ids.

    The checks that span records (unknown ids, clashing aliases) read nothing else, so that
    ``explainer validate`` can run them on entries kept in the record cache without loading a
    single record.
    """

    type: str
    id: str
    refs: tuple[Ref, ...]
    aliases: tuple[str, ...] = ()

    @classmethod
    def of(cls, record: Record) -> Entry:
        return cls(record.type, record.id, tuple(record.refs()), tuple(record.aliases))

    def data(self) -> tuple[tuple[Ref, ...], tuple[str, ...]]:
        """What the cache keeps (the type and id are the file's folder and name)."""
        return self.refs, self.aliases


def cited_in(record: Record) -> tuple[Cited, ...]:
    """Every citation of a record, as the references of explainer pages see it."""
    return tuple((cite.source, cite.excerpt) for _, cite in record.all_citations())
