"""Holes in a site, found before any page is written: no home page, a missing template, stylesheet or script."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from pathlib import Path
from typing import Any

import jinja2

from ..errors import Diagnostic, SourcePos, relative_path
from ..load.project import config_pos
from ..model.records import RECORD_TYPES
from ..model.settings import INDEX_TITLES
from .driver import REQUIRED_TEMPLATES, STYLESHEET, Build


def check_site(
    build: Build,
    *,
    config_file: Path,
    docs_dir: Path,
    pages: Iterable[str],
    files: Set[str],
    styles: Iterable[str],
    scripts: Iterable[str],
    nav: Any,
) -> list[Diagnostic]:
    """Everything that would leave a hole in the site, found before any page is written.

    Args:
        build: the build, whose pages are to be generated.
        config_file: the publication's ``mkdocs.yml``.
        docs_dir: its folder of pages.
        pages: the source paths of its own Markdown pages.
        files: the source paths of every file the builder found (pages, assets, theme files).
        styles: ``extra_css``; scripts: ``extra_javascript``.
        nav: the ``nav`` setting as written (None when there is none).

    Returns:
        A diagnostic for a missing home page, a missing stylesheet, script or template, a page
        of the publication's at the address of a generated page, and a ``nav`` entry naming an
        index page the settings do not publish.
    """
    problems: list[Diagnostic] = []
    docs = relative_path(docs_dir, config_file.parent)
    own = set(pages)
    if not own & {"index.md", "README.md"}:
        problems.append(Diagnostic(SourcePos(f"{docs}/index.md"), f"the site has no home page; add {docs}/index.md"))
    if STYLESHEET not in files:
        problems.append(
            Diagnostic(
                config_pos(config_file, ("theme",)),
                f"the engine's stylesheet {STYLESHEET} is missing from the theme; reinstall the explainer package",
            )
        )
    for setting, paths in (("extra_css", styles), ("extra_javascript", scripts)):
        for i, path in enumerate(paths):
            if "://" not in path and not path.startswith("//") and path.lstrip("/") not in files:
                problems.append(
                    Diagnostic(
                        config_pos(config_file, (setting, i)),
                        f"{setting} names {path!r}, which is not a file in {docs}/ or the theme; add the file or remove the entry",
                    )
                )
    for name in _missing_templates(build):
        problems.append(
            Diagnostic(
                config_pos(config_file, ("theme",)),
                f"the template {name!r} is missing: neither the publication's overrides nor the engine's theme has it; add it, or reinstall the explainer package",
            )
        )
    for page in build.pages():
        if page.src in own and not page.placeholder:
            problems.append(
                Diagnostic(
                    SourcePos(f"{docs}/{page.src}"),
                    f"this page has the address of a page the engine generates ({page.key[0]} {page.key[-1]!r}); rename it",
                )
            )
    published = build.settings.index_titles
    for loc, src in _nav_pages(nav, ("nav",)):
        name = src.removesuffix(".md")
        if name in INDEX_TITLES and name not in published and src not in own:
            problems.append(
                Diagnostic(
                    config_pos(config_file, loc),
                    f"nav names {src!r}, an index page this publication does not publish; add {name!r} to extra.explainer.indexes, or take it out of nav",
                )
            )
    return problems


def _missing_templates(build: Build) -> list[str]:
    names = [*REQUIRED_TEMPLATES, *(f"fragments/records/{cls.type}.html" for cls in RECORD_TYPES.values())]
    names += [f"fragments/indexes/{name}.html" for name in build.settings.index_titles]
    loader = build.env.loader
    missing = []
    for name in names:
        try:
            if loader is None:
                raise jinja2.TemplateNotFound(name)
            loader.get_source(build.env, name)
        except jinja2.TemplateNotFound:
            missing.append(name)
    return missing


def _nav_pages(nav: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every page path that ``nav`` names, with where it is written."""
    if isinstance(nav, str):
        if nav.endswith(".md") and "://" not in nav:
            yield loc, nav
    elif isinstance(nav, list):
        for i, item in enumerate(nav):
            yield from _nav_pages(item, (*loc, i))
    elif isinstance(nav, dict):
        for key, value in nav.items():
            yield from _nav_pages(value, (*loc, key))
