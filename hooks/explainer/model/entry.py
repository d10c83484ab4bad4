"""What the checks across records need of one valid record, without the record itself."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .records import Record


@dataclass(frozen=True)
class Entry:
    """A valid record's type and id, the records it refers to and its former ids.

    The checks that span records (unknown ids, clashing aliases) read nothing else, so that
    ``explainer validate`` can run them on entries kept in the record cache without loading a
    single record; only a problem asks for the record, for where in it the reference is.
    """

    type: str
    id: str
    targets: tuple[str, ...]
    """The (type, id) of every reference, in the record's order, flat: ``(type, id, type, id, ...)``."""
    aliases: tuple[str, ...] = ()

    @classmethod
    def of(cls, record: Record) -> Entry:
        return cls(record.type, record.id, tuple(part for _, type_, rid in record.refs() for part in (type_, rid)), tuple(record.aliases))

    def refers_to(self) -> Iterator[tuple[str, str]]:
        """The (type, id) of every reference."""
        targets = self.targets
        return zip(targets[::2], targets[1::2], strict=True)

    def data(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """What the cache keeps (the type and id are the file's folder and name)."""
        return self.targets, self.aliases


def excerpts_in(record: Record, source: str) -> Iterator[str | None]:
    """The excerpt of every citation of ``source`` in a record."""
    return (cite.excerpt for _, cite in record.all_citations() if cite.source == source)
