"""Make contributor-written explainer pages safe: an allow-list for their HTML, plain text for their titles.

Explainer pages are Markdown with raw HTML enabled, written by contributors. Their rendered HTML
goes through :func:`sanitise_page`, which keeps what Python-Markdown, the enabled extensions
(footnotes, admonition, tables, toc permalinks) and our own fragments produce, and drops scripts,
event handlers, styles, forms, frames, embedded objects and every URL that is not http(s), mailto
or relative; images must be site-local. Titles and front matter reach Material's templates, which
do not autoescape, so they become escaped plain text (:func:`plain_text`, :func:`escape_meta`).
The search index holds plain text; the search worker escapes it before Material shows it.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

import nh3
from markupsafe import escape

from ..model.text import _URL_NOISE, safe_href

PAGE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "article",
        "aside",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "nav",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    }
)
PAGE_ATTRIBUTES = {
    "*": {"id", "class", "lang", "title"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "section": {"role"},
    "aside": {"role"},
    "div": {"role"},
    "span": {"role"},
}
# The tables extension aligns columns with style="text-align: ..."; no other property survives.
STYLE_PROPERTIES = frozenset({"text-align"})
# Content of these is dropped with the tag (the text of a <script> is not prose).
DROP_CONTENT = frozenset({"script", "style", "template", "textarea", "select", "noscript", "iframe", "object", "svg", "math", "title"})
# Material finds its own elements by these ids; a page element with one would stand in for them.
_RESERVED_ID = re.compile(r"^__|^(?:search|drawer|toc|palette)$", re.I)


def _site_local(value: str) -> str | None:
    """A relative URL on this site (for images), or None for anything that names a scheme or a host."""
    cleaned = _URL_NOISE.sub("", html.unescape(value)).replace("\\", "/")
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or cleaned.startswith("//"):
        return None
    return value


def _link(value: str) -> str | None:
    """An http(s) or mailto URL, or a relative one (another page, an anchor)."""
    cleaned = _URL_NOISE.sub("", html.unescape(value)).replace("\\", "/")
    try:
        scheme = urlsplit(cleaned).scheme
    except ValueError:
        return None
    if not scheme and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", cleaned):
        return value
    return safe_href(value)


def _filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "href" or attr == "cite":
        return _link(value)
    if attr == "src":
        return _site_local(value)
    if attr == "id" and _RESERVED_ID.search(value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(PAGE_TAGS),
    clean_content_tags=set(DROP_CONTENT),
    attributes={tag: set(names) for tag, names in PAGE_ATTRIBUTES.items()},
    generic_attribute_prefixes={"aria-"},
    attribute_filter=_filter,
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
    strip_comments=True,
    filter_style_properties=set(STYLE_PROPERTIES),
)


def sanitise_page(page_html: str) -> str:
    """The HTML of an explainer page with everything outside the allow-list removed."""
    return _CLEANER.clean(page_html)


def plain_text(markup: str) -> str:
    """Text for a template that does not escape: tags dropped, entities decoded, then all escaped.

    ``<b>A</b> &amp; B`` becomes ``A &amp; B``; ``&lt;script&gt;`` stays ``&lt;script&gt;``.
    """
    text = html.unescape(nh3.clean(markup, tags=set(), clean_content_tags=set(DROP_CONTENT)))
    return str(escape(" ".join(text.split())))


def escape_meta(value: Any) -> Any:
    """Front matter with every string escaped, at any depth: Material prints ``title``, ``description``,
    ``author``, ``tags`` and others without escaping them."""
    if isinstance(value, str):
        return str(escape(value))
    if isinstance(value, dict):
        return {key: escape_meta(item) for key, item in value.items()}
    if isinstance(value, list):
        return [escape_meta(item) for item in value]
    return value
