"""Stable links: a small page at every former address of a renamed record, pointing to the new one."""

from __future__ import annotations

from ..render.edition import Edition
from ..render.renderer import Renderer
from ..render.urls import alias_key


def redirect_pages(edition: Edition, renderer: Renderer) -> dict[str, str]:
    """The redirect pages, by the site-relative path of their file (``events/<former-id>/index.html``).

    Each page sends the browser on at once (``<meta http-equiv="refresh">``), names the new
    address as canonical for search engines, and carries a plain link for everything else. The
    former address is the one MkDocs would give a page of the former id, under either setting of
    ``use_directory_urls``.

    Args:
        edition: the publication; ``edition.site.redirects`` maps ``(type, former id)`` to the
            current id.
        renderer: renders ``fragments/redirect.html``.
    """
    pages: dict[str, str] = {}
    for (type_, alias), rid in sorted(edition.site.redirects.items()):
        old = edition.addresses.page(alias_key(type_, alias))
        target = edition.site.get(type_, rid)
        canonical = edition.addresses.record_url(type_, rid)
        pages[file_of(old)] = renderer.fragment("redirect", old, record=target, canonical=canonical)
    return pages


def file_of(url: str) -> str:
    """The file a static host serves for a site-relative URL: ``index.html`` inside a folder URL."""
    return url + "index.html" if url == "" or url.endswith("/") else url
