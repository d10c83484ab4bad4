"""The reference syntax of explainer pages: citations of sources, and links and cards for records.

    [@source-id]            a numbered citation of a source, with the full reference at the foot
    [[event:id]]            a link to a record page, titled with the record's title or name
    [[person:id|Lee]]       the same link with our own text
    ![[quote:id]]           on a line of its own: the record embedded as a card

Types: event, quote, organisation, person, source. Fenced code blocks are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostic, SourcePos, did_you_mean
from ..model.text import page_markdown_problems
from .site import Site, unknown_record

TYPES = ("event", "quote", "organisation", "person", "source")
_REF = re.compile(
    r"(?P<bang>!?)\[\[(?P<type>[a-z]+):(?P<id>[^\]|\s]+)(?:\|(?P<text>[^\]\n]+))?\]\]"
    r"|\[@(?P<cite>[^\]\s]+)\]"
)
_FENCE = re.compile(r"^\s*(```|~~~)")


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


def find_references(markdown: str) -> Iterator[Reference]:
    """Every reference in a page's Markdown, outside fenced code."""
    offset = 0
    fenced = False
    for number, line in enumerate(markdown.splitlines(keepends=True), start=1):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            for match in _REF.finditer(line):
                if match["cite"]:
                    kind, type_, rid = "cite", "source", match["cite"]
                else:
                    card = bool(match["bang"]) and line.strip() == match.group(0)
                    kind, type_, rid = ("card" if card else "link"), match["type"], match["id"]
                yield Reference(kind, type_, rid, match["text"], number, match.start() + 1, offset + match.start(), offset + match.end())
        offset += len(line)


def check_references(markdown: str, rel: str, site: Site, line_offset: int = 0) -> list[Diagnostic]:
    """Diagnostics for every reference to a type or record that does not exist."""
    problems = []
    for ref in find_references(markdown):
        pos = SourcePos(rel, ref.line + line_offset, ref.col)
        if ref.type not in TYPES:
            problems.append(
                Diagnostic(pos, f"unknown record type {ref.type!r}{did_you_mean(ref.type, TYPES)}; use one of {', '.join(TYPES)}")
            )
        elif ref.id not in site.records[ref.type]:
            problems.append(Diagnostic(pos, unknown_record(ref.type, ref.id, site.records[ref.type])))
    return problems


def check_content(docs_dir: Path, root: Path, site: Site) -> list[Diagnostic]:
    """Check the references of every Markdown page under ``docs_dir``, and that each renders in good time."""
    problems: list[Diagnostic] = []
    for file in sorted(docs_dir.rglob("*.md")):
        rel = file.relative_to(root).as_posix() if file.is_relative_to(root) else file.as_posix()
        text = file.read_text(encoding="utf-8-sig")
        problems.extend(check_references(text, rel, site))
        problems.extend(Diagnostic(SourcePos(rel, line, col), message) for line, col, message in page_markdown_problems(text))
    return problems


@dataclass(frozen=True)
class Placeholder:
    """A reference replaced by a token until the page's HTML exists."""

    token: str
    ref: Reference


def substitute(markdown: str, prefix: str) -> tuple[str, list[Placeholder]]:
    """Replace references by plain tokens that Markdown leaves alone.

    Citations become footnote references (``[^id]``) whose definition is a token, so that the
    footnotes extension numbers them (one number per source) and puts them at the foot.

    Returns:
        The new Markdown and the placeholders to fill in once the page is HTML.
    """
    out: list[str] = []
    placeholders: list[Placeholder] = []
    cited: dict[str, str] = {}
    last = 0
    for ref in find_references(markdown):
        out.append(markdown[last : ref.start])
        last = ref.end
        if ref.kind == "cite":
            if ref.id not in cited:
                token = f"{prefix}{len(placeholders)}z"
                cited[ref.id] = token
                placeholders.append(Placeholder(token, ref))
            out.append(f"[^{ref.id}]")
        else:
            token = f"{prefix}{len(placeholders)}z"
            placeholders.append(Placeholder(token, ref))
            out.append(token)
    out.append(markdown[last:])
    if cited:
        out.append("\n\n" + "\n".join(f"[^{sid}]: {token}" for sid, token in cited.items()) + "\n")
    return "".join(out), placeholders
