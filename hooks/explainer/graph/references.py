"""The reference syntax of explainer pages: citations of sources, and links and cards for records.

    [@source-id "the supporting words", paragraph 4]
                            a citation: the source, the words in it that support the sentence
                            (verbatim, in the language the source was published in) and where
                            they are; the locator after the comma is optional
    [@source-id "the first words…"]
                            a citation by the start of an excerpt that a record already cites
                            from that source ("…" or "..." at the end): it takes that record
                            citation's words, locator and attribution
    [[event:id]]            a link to a record page, titled with the record's title or name
    [[person:id|Lee]]       the same link with our own text
    ![[quote:id]]           on a line of its own: the record embedded as a card

Types: event, quote, organisation, person, source. Fenced code blocks and inline code (`[@id]`)
are left alone, so a page can show the syntax. The words
of a citation may run over a line break and hold quotation marks of their own; they end at the
quotation mark that the comma and locator, or the closing bracket, follow. Either straight (") or
curly quotation marks (“ ”) delimit them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from ..errors import Diagnostic, SourcePos, did_you_mean
from ..model.records import Citation
from ..model.text import page_markdown_problems
from .catalogue import unknown_record
from .site import Site

TYPES = ("event", "quote", "organisation", "person", "source")
_PARAGRAPH_CHAR = r"(?:(?!\n[ \t]*\n)[\s\S])"
_REF = re.compile(
    r"(?P<bang>!?)\[\[(?P<type>[a-z]+):(?P<id>[^\]|\s]+)(?:\|(?P<text>[^\]\n]+))?\]\]"
    r"|\[@(?P<cite>[^\]\s\"“]+)"
    rf"(?:\s+[\"“](?P<excerpt>{_PARAGRAPH_CHAR}+?)[\"”](?:\s*,\s*(?P<locator>[^\]\"“”\n]+?))?)?\s*\]"
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_ELLIPSIS = ("…", "...")
_T = TypeVar("_T")


@dataclass(frozen=True)
class Reference:
    """One reference in a page, with where it was written."""

    kind: str  # "cite", "link" or "card"
    type: str
    id: str
    text: str | None
    line: int
    col: int
    start: int
    end: int
    excerpt: str | None = None
    locator: str | None = None

    @property
    def by_start(self) -> bool:
        """Whether the citation gives only the start of a record citation's excerpt."""
        return self.excerpt is not None and self.excerpt.endswith(_ELLIPSIS)


def find_references(markdown: str) -> Iterator[Reference]:
    """Every reference in a page's Markdown, outside code; a ``[@`` that starts no citation is
    one of kind "broken", for the checks to report."""
    for start, end in _unfenced(markdown):
        code = [m.span() for m in _INLINE_CODE.finditer(markdown, start, end)]
        taken = start
        for match in _REF.finditer(markdown, start, end):
            if any(a <= match.start() < b for a, b in code):
                continue
            yield from _broken(markdown, taken, match.start(), code)
            taken = match.end()
            line, col = _line_col(markdown, match.start())
            if match["cite"]:
                excerpt = " ".join(match["excerpt"].split()) if match["excerpt"] else None
                locator = " ".join(match["locator"].split()) if match["locator"] else None
                yield Reference("cite", "source", match["cite"], None, line, col, match.start(), match.end(), excerpt, locator)
                continue
            line_start = markdown.rfind("\n", 0, match.start()) + 1
            line_end = markdown.find("\n", match.end())
            whole_line = markdown[line_start : len(markdown) if line_end < 0 else line_end]
            card = bool(match["bang"]) and whole_line.strip() == match.group(0)
            kind = "card" if card else "link"
            yield Reference(kind, match["type"], match["id"], match["text"], line, col, match.start(), match.end())
        yield from _broken(markdown, taken, end, code)


def _broken(markdown: str, start: int, end: int, code: list[tuple[int, int]]) -> Iterator[Reference]:
    at = markdown.find("[@", start, end)
    while at >= 0:
        if not any(a <= at < b for a, b in code):
            line, col = _line_col(markdown, at)
            yield Reference("broken", "source", "", None, line, col, at, at + 2)
        at = markdown.find("[@", at + 2, end)


def _line_col(markdown: str, at: int) -> tuple[int, int]:
    return markdown.count("\n", 0, at) + 1, at - (markdown.rfind("\n", 0, at) + 1) + 1


def _unfenced(markdown: str) -> Iterator[tuple[int, int]]:
    """The spans of ``markdown`` outside fenced code blocks."""
    offset, start, fenced = 0, 0, False
    for line in markdown.splitlines(keepends=True):
        if _FENCE.match(line):
            if not fenced:
                yield start, offset
            fenced = not fenced
            start = offset + len(line)
        offset += len(line)
    if not fenced:
        yield start, offset


class Known(Protocol):
    """What checking a page's references needs of the records: a :class:`Site`, or the
    :class:`Catalogue` that ``explainer validate`` checks without loading the records."""

    def ids(self, type_: str) -> Collection[str]: ...

    def cited_words(self, source: str) -> Iterator[str | None]: ...


def resolve_citation(ref: Reference, site: Site) -> Citation | str:
    """The citation a page's reference stands for, or why it stands for none.

    A citation that gives its words whole becomes a citation of its own; one that gives the start
    of an excerpt takes the record citation of that source whose excerpt starts so.
    """
    return _resolve(ref, ((cite.citation.excerpt, cite.citation) for cite in site.cited_by.get(ref.id, ())))


def _resolve(ref: Reference, cited: Iterable[tuple[str | None, _T]]) -> Citation | _T | str:
    """:func:`resolve_citation` with the citations of the source as (excerpt, what to give for it)."""
    if ref.excerpt is None:
        return (
            f"the citation of {ref.id!r} gives no supporting words: write "
            f'[@{ref.id} "the words of the source that support this sentence", paragraph N], '
            f'or [@{ref.id} "the first words of an excerpt a record cites…"]'
        )
    if not ref.by_start:
        return Citation(source=ref.id, excerpt=ref.excerpt, locator=ref.locator)
    start = ref.excerpt.rstrip(".…").rstrip()
    found: dict[str, _T] = {}
    for excerpt, citation in cited:
        words = " ".join((excerpt or "").split())
        if words.startswith(start):
            found.setdefault(words, citation)
    if len(found) == 1:
        return next(iter(found.values()))
    if not found:
        return f"no record cites {ref.id!r} with words that start {start!r}; give the supporting words whole"
    return f"{len(found)} excerpts of {ref.id!r} start {start!r}; give more of the words"


def check_references(markdown: str, rel: str, known: Known, line_offset: int = 0) -> list[Diagnostic]:
    """Diagnostics for every reference to a type or record that does not exist, and every
    citation without the words that support it."""
    problems = []
    for ref in find_references(markdown):
        pos = SourcePos(rel, ref.line + line_offset, ref.col)
        if ref.kind == "broken":
            problems.append(Diagnostic(pos, 'a citation that does not close: write [@source-id "the supporting words", paragraph N]'))
        elif ref.type not in TYPES:
            problems.append(
                Diagnostic(pos, f"unknown record type {ref.type!r}{did_you_mean(ref.type, TYPES)}; use one of {', '.join(TYPES)}")
            )
        elif ref.id not in known.ids(ref.type):
            problems.append(Diagnostic(pos, unknown_record(ref.type, ref.id, known.ids(ref.type))))
        elif ref.kind == "cite":
            resolved = _resolve(ref, ((excerpt, None) for excerpt in known.cited_words(ref.id)))
            if isinstance(resolved, str):
                problems.append(Diagnostic(pos, resolved))
    return problems


def check_content(docs_dir: Path, root: Path, known: Known) -> list[Diagnostic]:
    """Check the references of every Markdown page under ``docs_dir``, and that each renders in good time."""
    problems: list[Diagnostic] = []
    for file in sorted(docs_dir.rglob("*.md")):
        rel = file.relative_to(root).as_posix() if file.is_relative_to(root) else file.as_posix()
        text = file.read_text(encoding="utf-8-sig")
        problems.extend(check_references(text, rel, known))
        problems.extend(Diagnostic(SourcePos(rel, line, col), message) for line, col, message in page_markdown_problems(text))
    return problems


@dataclass(frozen=True)
class Placeholder:
    """A reference replaced by a token until the page's HTML exists; with no reference, the
    token of the page's reference list."""

    token: str
    ref: Reference | None


def substitute(markdown: str, prefix: str) -> tuple[str, list[Placeholder]]:
    """Replace references by plain tokens that Markdown leaves alone.

    A page that cites gets one more token, on a paragraph of its own at its end, where its
    reference list goes.

    Returns:
        The new Markdown and the placeholders to fill in once the page is HTML, in page order.
    """
    out: list[str] = []
    placeholders: list[Placeholder] = []
    last = 0
    for ref in find_references(markdown):
        if ref.kind == "broken":
            continue
        out.append(markdown[last : ref.start])
        last = ref.end
        token = f"{prefix}{len(placeholders)}z"
        placeholders.append(Placeholder(token, ref))
        out.append(token)
    out.append(markdown[last:])
    if any(ph.ref is not None and ph.ref.kind == "cite" for ph in placeholders):
        token = f"{prefix}{len(placeholders)}z"
        placeholders.append(Placeholder(token, None))
        out.append(f"\n\n{token}\n")
    return "".join(out), placeholders
