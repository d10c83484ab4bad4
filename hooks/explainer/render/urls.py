"""Where each generated page lives, and how one page links to another."""

from __future__ import annotations

from ..model.records import TYPE_BY_NAME

INDEX_PAGES = {
    "timeline": "Timeline",
    "sources": "Sources",
    "organisations": "Organisations",
    "people": "People",
    "quotes": "Quotes",
    "contested": "Contested figures",
    "schema": "Record schema",
}
"""Index pages: URL slug -> title."""


def record_url(type_: str, rid: str) -> str:
    """The site-relative URL of a record page, e.g. ``events/2024-04-26-jilin/``."""
    return f"{TYPE_BY_NAME[type_].plural}/{rid}/"


def record_src(type_: str, rid: str) -> str:
    """The virtual Markdown file MkDocs builds a record page from."""
    return f"{TYPE_BY_NAME[type_].plural}/{rid}.md"


def base_of(page_url: str) -> str:
    """The relative prefix from a page to the site root: '' for the home page, '../' for 'timeline/'."""
    return "../" * page_url.count("/")


def page_url(site_url: str | None, type_: str, rid: str) -> str:
    """The absolute URL of a record page, or the site-relative one when the site has no ``site_url``."""
    return absolute(site_url, record_url(type_, rid))


def absolute(site_url: str | None, path: str) -> str:
    """A site-relative path made absolute against ``site_url`` (unchanged when there is none)."""
    if not site_url:
        return path
    return site_url.rstrip("/") + "/" + path.lstrip("/")
