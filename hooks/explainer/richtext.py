"""Markdown fields of records, rendered with a small safe subset and sanitised with an allow-list."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "code", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
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
_MARKS = re.compile(r"[\[\]*_`\\<>]")


def check_markdown(text: str) -> str:
    """Refuse Markdown that would be slow to render; return it unchanged otherwise.

    Raises:
        ValueError: saying which limit the text exceeds and how to fix it.
    """
    if len(text) > MARKDOWN_MAX_CHARS:
        raise ValueError(f"is {len(text):,} characters long; a Markdown field holds at most {MARKDOWN_MAX_CHARS:,}; shorten it or move the detail to an explainer page")
    lines = text.splitlines()
    if len(lines) > MARKDOWN_MAX_LINES:
        raise ValueError(f"has {len(lines)} lines; a Markdown field holds at most {MARKDOWN_MAX_LINES}; shorten it or move the detail to an explainer page")
    marks = len(_MARKS.findall(text))
    if marks > MARKDOWN_MAX_MARKS:
        raise ValueError(
            f"uses {marks} Markdown marks ([ ] * _ ` \\ < >); a field may use at most {MARKDOWN_MAX_MARKS},"
            " plenty for links and emphasis; remove the extra ones"
        )
    for number, line in enumerate(lines, start=1):
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if indent > MARKDOWN_MAX_INDENT:
            raise ValueError(f"line {number} is indented {indent} spaces; indent at most {MARKDOWN_MAX_INDENT} (lists nest at most {MARKDOWN_MAX_INDENT // 4 + 1} deep)")
    opened: list[int] = []
    escaped = False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            opened.append(index)
        elif char == "]" and opened:
            opened.pop()
        if opened and index - opened[0] >= MARKDOWN_MAX_BRACKET_SPAN:
            break
    if opened:
        raise ValueError(
            f"the '[' at character {opened[0] + 1} is not closed by ']' within {MARKDOWN_MAX_BRACKET_SPAN} characters;"
            " close it, or write it as '\\[' if it is not a link"
        )
    return text


def _filter_attribute(tag: str, attr: str, value: str) -> str | None:
    if attr == "href":
        return safe_href(value)
    return value


class RichText:
    """Renders Markdown fields; one instance per build (Python-Markdown instances are reusable)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=[], output_format="html")
        # Raw HTML in a record is text, never markup: without these, "<b>" is escaped on output.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        # Images would load from wherever the contributor points them; records have none.
        self._md.inlinePatterns.deregister("image_link")
        self._md.inlinePatterns.deregister("image_reference")
        self._md.inlinePatterns.deregister("short_image_ref")
        # Headings and rules are not in the allow-list; without these "#1 priority" keeps its "#".
        self._md.parser.blockprocessors.deregister("hashheader")
        self._md.parser.blockprocessors.deregister("setextheader")
        self._md.parser.blockprocessors.deregister("hr")
        self._cache: dict[str, Markup] = {}

    def __call__(self, text: str | None) -> Markup:
        """Render one Markdown field to sanitised HTML."""
        if not text:
            return Markup("")
        cached = self._cache.get(text)
        if cached is None:
            html = self._md.reset().convert(text)
            clean = nh3.clean(
                html,
                tags=ALLOWED_TAGS,
                attributes=ALLOWED_ATTRIBUTES,
                url_schemes=ALLOWED_SCHEMES,
                attribute_filter=_filter_attribute,
                link_rel="noopener noreferrer nofollow",
                strip_comments=True,
            )
            cached = self._cache[text] = Markup(clean)  # noqa: S704 - sanitised by nh3 just above
        return cached
