"""Stable links: a small page at every former address of a renamed record, pointing to the new one."""

from __future__ import annotations

from ..graph.site import Site
from ..render.renderer import Renderer
from ..render.urls import page_url, record_url


def redirect_pages(site: Site, renderer: Renderer, site_url: str | None) -> dict[str, str]:
    """The redirect pages, by site-relative path (``events/<former-id>/index.html``).

    Each page sends the browser on at once (``<meta http-equiv="refresh">``), names the new
    address as canonical for search engines, and carries a plain link for everything else.

    Args:
        site: the site graph; ``site.redirects`` maps ``(type, former id)`` to the current id.
        renderer: renders ``fragments/redirect.html``.
        site_url: the absolute URL of the site root, for the canonical link.
    """
    pages: dict[str, str] = {}
    for (type_, alias), rid in sorted(site.redirects.items()):
        old = record_url(type_, alias)
        target = site.get(type_, rid)
        pages[old + "index.html"] = renderer.fragment("redirect", old, record=target, canonical=page_url(site_url, type_, rid))
    return pages
