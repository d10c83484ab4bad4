"""What the MkDocs adapter needs that is no part of MkDocs: the preview's log, heading anchors, an
edition's view of the configuration, and the files written after the pages."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from markupsafe import escape
from pymdownx import slugs  # type: ignore[import-untyped]

from ..errors import DataError
from ..model.settings import Settings
from ..render.sanitise import plain_text
from .driver import GeneratedPage


def serve_logger() -> logging.Logger:
    """The preview server's own log: printed as MkDocs prints, but outside its loggers, so that
    strict mode does not count its errors and stop the server."""
    log = logging.getLogger("explainer.serve")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        log.addHandler(handler)
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
