"""What the MkDocs adapter needs that is no part of MkDocs: the preview's log, heading anchors, an
edition's view of the configuration, and the files written after the pages."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import escape
from pymdownx import slugs  # type: ignore[import-untyped]

from ..errors import DataError
from ..model.settings import Settings
from ..render.sanitise import plain_text
from .driver import Build, GeneratedPage


def serve_logger() -> logging.Logger:
    """The preview server's own log: printed as MkDocs prints, but outside its loggers, so that
    strict mode does not count its errors and stop the server."""
    log = logging.getLogger("explainer.serve")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


def heading_slugify() -> Callable[..., str]:
    """Heading anchors that keep their letters in every script: MkDocs' default drops all but
    ASCII, so every Korean heading would be "#_1", "#_2"... (pymdownx comes with Material)."""
    return slugs.slugify(case="lower")


def preview_errors(exc: DataError) -> None:
    """Report invalid data while serving the last valid data: outside MkDocs' loggers, since under
    strict mode MkDocs would count these and abort the rebuild, which leaves the server stuck."""
    log = logging.getLogger("explainer.serve")
    for diag in exc.diagnostics:
        log.error(str(diag))
    log.error(f"{exc.summary()}; the preview shows each of their files as last valid, and lists the problems on every page")


def edition_configs(config: Any, settings: Settings) -> dict[str, EditionConfig]:
    """The configuration as each edition but the default one sees it (site names as Markup, which
    Material prints unescaped)."""
    return {
        lang: EditionConfig(config, escape(edition.site_name) if edition.site_name else None)
        for lang, edition in settings.languages.items()
        if lang != settings.default_language
    }


class EditionConfig:
    """The configuration as an edition's pages see it: the same, but for the site's name."""

    def __init__(self, config: Any, site_name: str | None) -> None:
        self._config, self.site_name = config, site_name or config.site_name

    def __getattr__(self, name: str) -> Any:
        return getattr(self._config, name)

    def __getitem__(self, name: str) -> Any:
        return self.site_name if name == "site_name" else self._config[name]


def edit_uri(page: GeneratedPage, root: Path, docs: Path) -> str | None:
    """Where a generated page's edit link leads, from ``docs``: the record's YAML file (beside the
    docs folder), or the page to translate; None for a page with nothing to edit."""
    if not (page.edit_path or page.copy_of):
        return None
    target = root / page.edit_path if page.edit_path else docs / (page.copy_of or "")
    return os.path.relpath(target, docs).replace(os.sep, "/")


def write_files(site_dir: Path, files: Iterable[tuple[str, bytes]]) -> None:
    """Write files into the built site, by site-relative path."""
    for path, content in files:
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def plain_titles(page: Any) -> None:
    """Make an explainer page's title and table of contents escaped plain text.

    They come from the contributor's first heading or front matter, and Material prints them
    unescaped into the navigation, the header and the table of contents, and through ``striptags``
    (which decodes entities) into ``<title>``; with the title in ``page.meta`` it prints that
    instead. The home page's ``<title>`` is the site name either way, so it keeps no meta title.
    """
    page.title = plain_text(page.title or "")
    if not page.is_homepage:
        page.meta["title"] = page.title
    items = list(page.toc)
    while items:
        item = items.pop()
        item.title = plain_text(item.title)
        items.extend(item.children)


# -- incremental rebuilds under `mkdocs serve --dirty` ----------------------------------------

BANNER_START, BANNER_END = "<!--x-problems-->", "<!--/x-problems-->"
"""What partials/problems.html writes around the list of problems under serve, so that the
pages not rendered again can get the new list."""


@dataclass
class LastBuild:
    """What one rebuild under ``mkdocs serve --dirty`` leaves for the next.

    Attributes:
        build: the engine's build.
        inputs: what the pages depend on besides the records (:func:`inputs_of`).
        files: the generated files that are not pages, by path.
        pages: every page's destination, by source path, in the builder's order.
        dests: every file's destination.
        again: the pages rendered (None: all of them).
        previous: the rebuild before, until this one is finished.
        banners: each edition's list of problems as its pages show it.
    """

    build: Build
    inputs: tuple[Any, ...]
    files: dict[str, str | bytes]
    pages: dict[str, str]
    dests: set[str]
    again: set[str] | None
    previous: LastBuild | None = None
    banners: dict[str, str] = field(default_factory=dict)

    @property
    def order(self) -> list[str]:
        return list(self.pages)


class _Memory:
    """A store of compiled templates in this process, in the form Jinja's memcached cache asks for."""

    def __init__(self) -> None:
        self._items: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self._items.get(key)

    def set(self, key: str, value: bytes, timeout: int | None = None) -> None:
        self._items[key] = value


def compiled_templates() -> jinja2.BytecodeCache:
    """A cache of compiled templates for the rebuilds of one preview: each rebuild has new
    environments, which would compile every template again (a fifth of a small rebuild). A
    template whose source changed is compiled again (the cache keys on its source's checksum)."""
    return jinja2.MemcachedBytecodeCache(_Memory())  # type: ignore[arg-type]


def inputs_of(config: Any) -> tuple[Any, ...]:
    """What every page depends on besides the records: the configuration file, and the name,
    size and time of change of every file of the pages, the overrides and the catalogues."""
    root = Path(config.config_file_path).parent
    found: list[Any] = [Path(config.config_file_path).read_bytes()]
    # The overrides are usually the theme's custom_dir too: each folder once.
    folders = dict.fromkeys(
        Path(f).resolve() for f in (config.docs_dir, root / "overrides", root / "locales", config.theme.custom_dir or root / "overrides")
    )
    for folder in folders:
        if folder.is_dir():
            for file in sorted(folder.rglob("*")):
                if file.is_file():
                    stat = file.stat()
                    found.append((file.as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


class _NotDirty(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def quiet_dirty_warning() -> None:
    """Drop MkDocs' warning that a dirty build may leave pages out of date (which under strict
    mode aborts every rebuild): the engine decides which pages to write again."""
    log = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _NotDirty) for f in log.filters):
        log.addFilter(_NotDirty())


def banner_of(html: str) -> str:
    """The list of problems in a page's HTML, between its markers ("" without them)."""
    start = html.find(BANNER_START)
    end = html.find(BANNER_END, start)
    return html[start : end + len(BANNER_END)] if start >= 0 and end >= 0 else ""


def settle(site_dir: Path, last: LastBuild, edition_of: Callable[[str], str]) -> None:
    """Finish a rebuild: remove what the previous one wrote and this one does not (the pages of
    deleted records), and give the pages not written again this rebuild's list of problems."""
    previous, last.previous = last.previous, None
    if previous is None:
        return
    for dest in sorted(previous.dests - last.dests):
        target = site_dir / dest
        target.unlink(missing_ok=True)
        for folder in target.parents:
            if folder == site_dir or not folder.is_relative_to(site_dir) or any(folder.iterdir()):
                break
            folder.rmdir()
    if last.again is None:
        return
    for src, dest in last.pages.items():
        lang = edition_of(src)
        banner = last.banners.get(lang)
        if src in last.again or banner is None or banner == previous.banners.get(lang):
            continue
        target = site_dir / dest
        if target.is_file():
            text = target.read_text(encoding="utf-8")
            old = banner_of(text)
            if old and old != banner:
                target.write_text(text.replace(old, banner, 1), encoding="utf-8")
