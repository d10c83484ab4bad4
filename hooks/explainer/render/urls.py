"""Where each generated page lives: the source path the engine gives it, and the URL MkDocs gives it.

The engine names every page it generates by a key (a record, an index page, the former address of
a renamed record) and gives it a virtual source path (``events/<id>.md``). MkDocs turns each source
path into a URL (``events/<id>/``, or ``events/<id>.html`` with ``use_directory_urls: false``); the
adapter hands those URLs back in an :class:`Addresses`, and every link the engine writes comes
from it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping

from ..model.records import TYPE_BY_NAME

PageKey = tuple[str, ...]
"""``("record", type, id)``, ``("index", name)``, ``("tag", tag id)``, ``("place", slug)`` or
``("alias", type, former id)``."""


def record_key(type_: str, rid: str) -> PageKey:
    return ("record", type_, rid)


def index_key(name: str) -> PageKey:
    return ("index", name)


def tag_key(tid: str) -> PageKey:
    return ("tag", tid)


def place_key(slug: str) -> PageKey:
    return ("place", slug)


def alias_key(type_: str, alias: str) -> PageKey:
    return ("alias", type_, alias)


def source_of(key: PageKey) -> str:
    """The virtual Markdown file a generated page is built from: ``events/<id>.md``, ``timeline.md``."""
    if key[0] == "index":
        return f"{key[1]}.md"
    if key[0] == "tag":
        return f"tags/{key[1]}.md"
    if key[0] == "place":
        return f"places/{key[1]}.md"
    return f"{TYPE_BY_NAME[key[1]].plural}/{key[2]}.md"


def in_edition(src: str, lang: str | None) -> str:
    """The source path of a page's twin in another edition: ``events/x.md`` -> ``events/x.ko.md``.

    The default edition's pages have no language in their path (``lang`` None).
    """
    return src if lang is None else f"{src.removesuffix('.md')}.{lang}.md"


def edition_of_source(src: str, languages: Iterable[str]) -> tuple[str, str | None]:
    """A source path's default-edition twin and its language: ``overview.ko.md`` -> ``("overview.md", "ko")``."""
    stem = src.removesuffix(".md")
    for lang in languages:
        if stem.endswith(f".{lang}"):
            return f"{stem.removesuffix('.' + lang)}.md", lang
    return src, None


def directory_url(src: str, use_directory_urls: bool = True) -> str:
    """The URL MkDocs gives a Markdown source path, for tools that build pages without MkDocs.

    The build itself never uses this: it takes the URLs from MkDocs.
    """
    stem = src.removesuffix(".md")
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return f"{folder}/" if folder else ("" if use_directory_urls else "index.html")
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


class Addresses:
    """The site-relative URL of every generated page, and the address of the site.

    Args:
        urls: URL by page key, as MkDocs placed the pages.
        site_url: the absolute URL of the site root, if the publication has one.
    """

    def __init__(self, urls: Mapping[PageKey, str], site_url: str | None = None) -> None:
        self._urls = dict(urls)
        self.site_url = site_url or None

    @classmethod
    def directory_style(cls, keys: Iterable[PageKey], site_url: str | None = None, use_directory_urls: bool = True) -> Addresses:
        """Addresses as MkDocs would give them, for tools and tests that run without MkDocs."""
        return cls({key: directory_url(source_of(key), use_directory_urls) for key in keys}, site_url)

    def page(self, key: PageKey) -> str:
        """The site-relative URL of a generated page."""
        return self._urls[key]

    def record(self, type_: str, rid: str) -> str:
        return self._urls[record_key(type_, rid)]

    def index(self, name: str) -> str | None:
        """The URL of an index page, or None when the publication does not publish it."""
        return self._urls.get(index_key(name))

    def tag(self, tid: str) -> str | None:
        """The URL of a tag's page, or None when the publication publishes no tag pages."""
        return self._urls.get(tag_key(tid))

    def place(self, slug: str) -> str | None:
        """The URL of a place's page, or None when the publication publishes no place pages."""
        return self._urls.get(place_key(slug))

    def absolute(self, path: str) -> str:
        """A site-relative path made absolute against the site URL (unchanged when there is none)."""
        if not self.site_url:
            return path
        path = path.lstrip("/")
        return self.site_url.rstrip("/") + "/" + ("" if path in ("", ".", "./") else path.removeprefix("./"))

    def record_url(self, type_: str, rid: str) -> str:
        """The absolute URL of a record page (site-relative when the site has no URL)."""
        return self.absolute(self.record(type_, rid))


def base_of(page_url: str) -> str:
    """The relative prefix from a page to the site root: '' for the home page, '../' for 'timeline/'
    and for 'events/x.html'."""
    return "../" * page_url.count("/")
