"""Markdown fields of records, rendered with a small safe subset and sanitised with an allow-list."""

from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

from ..model.text import ALLOWED_SCHEMES, safe_href

ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "code", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


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
            cached = self._cache[text] = Markup(clean)
        return cached
