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
    """The URL if it is http(s) or mailto once entities, controls and spaces are stripped, else None."""
    import html

    cleaned = _URL_NOISE.sub("", html.unescape(html.unescape(url)))
    scheme = urlsplit(cleaned).scheme.lower()
    if scheme not in ALLOWED_SCHEMES or cleaned != url.strip():
        return None
    if scheme in ("http", "https") and not urlsplit(cleaned).netloc:
        return None
    return cleaned


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
