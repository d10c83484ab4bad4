"""The rules contributors' text must follow: safe link addresses, and Markdown shapes that render in good time."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

ALLOWED_SCHEMES = {"http", "https", "mailto"}
# Characters browsers drop or fold when they read a URL scheme ("java\tscript:").
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")


def safe_href(url: str) -> str | None:
    """The URL, stripped, if it is an absolute http(s) URL or a mailto address, else None.

    The scheme is judged the way a browser would read it: after decoding entities (twice, for text
    that is decoded again on its way to an attribute) and dropping the controls and invisible
    characters browsers skip, so ``&#x6A;avascript:`` and ``java\\tscript:`` are refused. A URL
    holding spaces or invisible characters is refused too. Entities are not decoded in what is
    returned: ``?a=1&copy=2`` is a query, and the template escapes it into the attribute.
    """
    import html

    candidate = url.strip()
    if _URL_NOISE.search(candidate):
        return None
    try:
        parts = urlsplit(_URL_NOISE.sub("", html.unescape(html.unescape(candidate))))
    except ValueError:  # such as "http://[" (an unclosed IPv6 address)
        return None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES or (scheme in ("http", "https") and not parts.netloc):
        return None
    return candidate


# Python-Markdown takes time that grows faster than the text on some inputs: every unclosed '['
# scans to the end of the text (three times: reference, link and short-reference patterns), and
# each block, inline mark and nesting level costs tens of microseconds. These limits keep the
# worst field that validates to a few milliseconds; tests/test_hostile_markdown.py measures it.
MARKDOWN_MAX_CHARS = 5000
MARKDOWN_MAX_LINES = 50
MARKDOWN_MAX_MARKS = 60
MARKDOWN_MAX_BRACKET_SPAN = 300
MARKDOWN_MAX_INDENT = 12
MARKDOWN_MAX_OPENERS = 3
_MARKS = re.compile(r"[\[\]*_`\\<>]|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# List markers and quote marks at the start of a line: each opens a nested block.
_OPENERS = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$)[ \t]*|>[ \t]*")


def check_markdown(text: str) -> str:
    """Refuse Markdown that would be slow to render; return it unchanged otherwise.

    Raises:
        ValueError: saying which limit the text exceeds and how to fix it.
    """
    if len(text) > MARKDOWN_MAX_CHARS:
        raise ValueError(
            f"is {len(text):,} characters long; a Markdown field holds at most {MARKDOWN_MAX_CHARS:,}; shorten it or move the detail to an explainer page"
        )
    lines = text.splitlines()
    if len(lines) > MARKDOWN_MAX_LINES:
        raise ValueError(
            f"has {len(lines)} lines; a Markdown field holds at most {MARKDOWN_MAX_LINES}; shorten it or move the detail to an explainer page"
        )
    marks = len(_MARKS.findall(text))
    if marks > MARKDOWN_MAX_MARKS:
        raise ValueError(
            f"uses {marks} Markdown marks ([ ] * _ ` \\ < > and entities such as &amp;); a field may use at most {MARKDOWN_MAX_MARKS},"
            " plenty for links and emphasis; remove the extra ones"
        )
    problem = _nesting_problem(lines, MARKDOWN_MAX_INDENT, MARKDOWN_MAX_OPENERS) or _bracket_problem(text, MARKDOWN_MAX_BRACKET_SPAN)
    if problem:
        raise ValueError(problem[2])
    return text


# Explainer pages are longer and richer than fields (references, footnotes, admonitions, raw
# HTML), so only the shapes whose cost explodes are refused: an unclosed '[' or tag scans to the
# end of the page, and every nested list or quote recurses (500 "1. " on a line overflow the stack).
PAGE_MAX_CHARS = 60_000
PAGE_MAX_BRACKET_SPAN = 1000
PAGE_MAX_TAG_SPAN = 1000
PAGE_MAX_INDENT = 32
PAGE_MAX_OPENERS = 5
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_BRACKETS = re.compile(r"\\.|[\[\]]", re.S)
# Lines that can nest: indented, or starting with a list or quote marker.
_NESTS = re.compile(r"[ \t]|[-*+>]|[0-9]{1,9}[.)]")


def page_markdown_problems(text: str) -> list[tuple[int, int, str]]:
    """Shapes of an explainer page's Markdown that would make it slow to render, or crash it.

    Returns:
        ``(line, column, message)`` for the first problem of each kind (1-based), or nothing.
    """
    if len(text) > PAGE_MAX_CHARS:
        return [(1, 1, f"the page is {len(text):,} characters long; the limit is {PAGE_MAX_CHARS:,}; split it into several pages")]
    problems = [
        _nesting_problem(text.splitlines(), PAGE_MAX_INDENT, PAGE_MAX_OPENERS),
        _bracket_problem(text, PAGE_MAX_BRACKET_SPAN),
        _tag_problem(text, PAGE_MAX_TAG_SPAN),
    ]
    return [p for p in problems if p is not None]


def _nesting_problem(lines: list[str], max_indent: int, max_openers: int) -> tuple[int, int, str] | None:
    for number, line in enumerate(lines, start=1):
        if not _NESTS.match(line):
            continue
        body = line.expandtabs(4).lstrip(" ")
        indent = len(line.expandtabs(4)) - len(body)
        if indent > max_indent:
            return (
                number,
                1,
                f"line {number} is indented {indent} spaces; indent at most {max_indent} (lists nest at most {max_indent // 4 + 1} deep)",
            )
        openers = 0
        while (found := _OPENERS.match(body)) and openers <= max_openers:
            openers += 1
            body = body[found.end() :]
        if openers > max_openers:
            return (
                number,
                indent + 1,
                f"line {number} starts more than {max_openers} lists or quotes at once ('- - - -' or '> > > >'); nest them at most {max_openers} deep",
            )
    return None


def _bracket_problem(text: str, span: int) -> tuple[int, int, str] | None:
    # A '[' costs a scan up to its ']' (or the end of the text); a short unclosed one is cheap.
    # Only brackets and escapes matter, so the loop visits those alone (most fields have none).
    if "[" not in text:
        return None
    opened: list[int] = []
    for found in _BRACKETS.finditer(text):
        index = found.start()
        if opened and index - 1 - opened[0] >= span:
            break
        char = found.group()
        if char == "[":
            opened.append(index)
        elif char == "]" and opened:
            opened.pop()
        if opened and index - opened[0] >= span:
            break
    else:
        if not opened or len(text) - 1 - opened[0] < span:
            return None
    line, col = _line_col(text, opened[0])
    return (
        line,
        col,
        (
            f"the '[' at line {line}, column {col} is not closed by ']' within {span} characters;"
            " close it, or write it as '\\[' if it is not a link"
        ),
    )


def _tag_problem(text: str, span: int) -> tuple[int, int, str] | None:
    # Raw HTML: a tag that never ends makes the HTML pattern rescan the rest of the page.
    for found in _TAG_START.finditer(text):
        end = text.find(">", found.start(), found.start() + span)
        if end < 0:
            line, col = _line_col(text, found.start())
            return (
                line,
                col,
                f"the tag '<' at line {line}, column {col} is not closed by '>' within {span} characters; close it, or write '&lt;'",
            )
    return None


def _line_col(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1
