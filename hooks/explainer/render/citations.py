"""A page's citations: numbered sources, the supporting words each mark shows, and the way back.

Every page that cites (a record's page, an explainer page) keeps one ``CitationList`` while it
renders. Sources are numbered in the order they are first cited; each source lists its supporting
passages once (the same words cited twice are one passage), each with an anchor
(``ref-3-2``: source 3, passage 2). A mark in the text shows the number of its source, previews
the passages it cites and leads to the first of them; each passage links back to every mark that
cites it, labelled by where the mark is ("back to paragraph 3").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..graph.site import Site
from ..model.records import Citation, Source


@dataclass(frozen=True)
class Backlink:
    """A way back from a passage to a mark that cites it."""

    href: str
    label: str


@dataclass(eq=False)
class Passage:
    """Supporting words of one source, as the reference list shows them."""

    anchor: str
    citation: Citation
    backlinks: list[Backlink] = field(default_factory=list)


@dataclass(eq=False)
class CitedSource:
    """A source in a page's reference list, with its number and its passages."""

    number: int
    source: Source
    passages: list[Passage] = field(default_factory=list)


@dataclass(frozen=True)
class Mark:
    """A citation mark in the text: a source's number, what it previews, where it leads."""

    id: str
    number: int
    source: Source
    passages: tuple[Passage, ...]
    href: str


class CitationList:
    """The citations of one page, numbered as they are first met.

    Args:
        site: the records, for the sources cited.
        cites: citations to number before any mark is made (a record's, in its own order), so
            that the reference list holds every one of them and the numbers follow the record.
        scope: a prefix for the marks' ids, where a page holds the marks of several lists.
    """

    def __init__(self, site: Site, cites: Iterable[Citation] = (), scope: str = "") -> None:
        self._site = site
        self._scope = scope
        self._sources: dict[str, CitedSource] = {}
        self._passages: dict[tuple[str, str, str], Passage] = {}
        self._marks = 0
        for cite in cites:
            self.passage(cite)

    @property
    def sources(self) -> list[CitedSource]:
        """The reference list, in number order."""
        return list(self._sources.values())

    def number(self, source_id: str) -> int:
        return self._cited(source_id).number

    def passage(self, cite: Citation) -> Passage:
        """The passage a citation cites, added to the list where it is new."""
        entry = self._cited(cite.source)
        key = (cite.source, " ".join((cite.excerpt or "").split()), str(cite.locator or ""))
        found = self._passages.get(key)
        if found is None:
            found = Passage(f"ref-{entry.number}-{len(entry.passages) + 1}", cite)
            entry.passages.append(found)
            self._passages[key] = found
        return found

    def marks(self, cites: Iterable[Citation], back: str | None = None, target: str = "") -> list[Mark]:
        """One mark for each source among ``cites``, in number order.

        Args:
            cites: the citations of one statement.
            back: the label of the way back to the marks (None: no way back, as for marks that
                lead to another page's reference list).
            target: the page whose reference list the marks lead to ("" for this page).
        """
        by_source: dict[str, list[Passage]] = {}
        for cite in cites:
            passage = self.passage(cite)
            if passage not in by_source.setdefault(cite.source, []):
                by_source[cite.source].append(passage)
        marks = []
        for source_id, passages in sorted(by_source.items(), key=lambda item: self.number(item[0])):
            self._marks += 1
            entry = self._cited(source_id)
            mark = Mark(
                f"cite-{self._scope}{entry.number}-{self._marks}",
                entry.number,
                entry.source,
                tuple(passages),
                f"{target}#{passages[0].anchor}",
            )
            if back is not None and not target:
                for passage in passages:
                    passage.backlinks.append(Backlink(f"#{mark.id}", back))
            marks.append(mark)
        return marks

    def _cited(self, source_id: str) -> CitedSource:
        entry = self._sources.get(source_id)
        if entry is None:
            source = self._site.get("source", source_id)
            assert isinstance(source, Source)
            entry = self._sources[source_id] = CitedSource(len(self._sources) + 1, source)
        return entry


_BLOCK = re.compile(r"<(?:p|li|table|dt|dd)[\s>]")
_INNER_PARAGRAPH = re.compile(r"<(?:li|dd)[^>]*>\s*$")


def paragraphs_of(html: str, tokens: Iterable[str]) -> dict[str, int]:
    """The paragraph each token stands in, counting paragraphs, list items and tables from
    the top of the page (a paragraph that opens a list item is that item)."""
    starts = []
    for match in _BLOCK.finditer(html):
        if match.group(0).startswith("<p") and _INNER_PARAGRAPH.search(html, max(0, match.start() - 200), match.start()):
            continue
        starts.append(match.start())
    found = {}
    for token in tokens:
        at = html.find(token)
        if at >= 0:
            found[token] = bisect.bisect_right(starts, at)
    return found
