"""MkDocs hooks: the only module that imports MkDocs. Each event hands one step to the engine.

The single piece of state is the current build, replaced wholesale in ``on_config`` on every
(re)build, so nothing leaks from one ``mkdocs serve`` rebuild into the next.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from explainer import DataError, Diagnostic, Site, build_site
from explainer.models import Record
from explainer.references import Placeholder, check_content, substitute
from explainer.render import Renderer
from explainer.urls import INDEX_PAGES, record_src

log = logging.getLogger("mkdocs.plugins.explainer")

_TOKEN = "xplref"


@dataclass
class _Build:
    site: Site
    renderer: Renderer
    records: dict[str, Record] = field(default_factory=dict)
    indexes: dict[str, str] = field(default_factory=dict)
    placeholders: dict[str, list[Placeholder]] = field(default_factory=dict)


_build: _Build | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load, validate and index every record, and check every explainer page's references.

    This runs before MkDocs cleans the site directory, so invalid data leaves the last good site
    in place (and ``mkdocs serve`` keeps serving it).
    """
    global _build
    _build = None
    root = Path(config.config_file_path).parent
    try:
        site = build_site(root / config.extra.get("data_dir", "data"), root)
    except DataError as exc:
        _abort(exc.diagnostics, exc.summary())
    problems = check_content(Path(config.docs_dir), root, site)
    if problems:
        error = DataError(problems)
        _abort(error.diagnostics, error.summary())
    _build = _Build(site, Renderer(config.theme.get_env(), site))
    return config


def _abort(diagnostics: list[Diagnostic], summary: str) -> None:
    for diag in diagnostics:
        log.error(str(diag))
    raise PluginError(f"{summary}; nothing was built")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add a page for every record (kept out of the navigation) and for every index."""
    build = _current()
    root = Path(config.config_file_path).parent
    for type_, records in build.site.records.items():
        for rid, record in records.items():
            src = record_src(type_, rid)
            file = File.generated(config, src, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            # The edit link opens the record's YAML file, which lives beside docs_dir, not in it.
            file.edit_uri = os.path.relpath(root / build.site.path_of(record), config.docs_dir).replace(os.sep, "/")
            files.append(file)
            build.records[src] = record
    for name in INDEX_PAGES:
        files.append(File.generated(config, f"{name}.md", content=""))
        build.indexes[f"{name}.md"] = name
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give generated pages their title; turn references in explainer pages into placeholders."""
    build = _current()
    src = page.file.src_uri
    record = build.records.get(src)
    if record is not None or src in build.indexes:
        title = record.label if record is not None else INDEX_PAGES[build.indexes[src]]
        # Material prints page.meta.title unescaped into <title> and the header.
        page.meta["title"] = str(escape(title))
        page.meta["template"] = "record.html"
        return ""
    text, placeholders = substitute(markdown, _TOKEN)
    build.placeholders[src] = placeholders
    return text


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Render generated pages from their fragments; fill in the placeholders of explainer pages."""
    build = _current()
    src = page.file.src_uri
    url = page.url
    record = build.records.get(src)
    if record is not None:
        return build.renderer.record(record, url)
    if src in build.indexes:
        return build.renderer.index(build.indexes[src], url)
    for ph in build.placeholders.pop(src, []):
        ref = ph.ref
        target = build.site.get(ref.type, ref.id)
        if ref.kind == "card":
            rendered = build.renderer.fragment("card", url, record=target)
            html = html.replace(f"<p>{ph.token}</p>", rendered)
        else:
            name = "citation" if ref.kind == "cite" else "link"
            rendered = build.renderer.fragment(name, url, record=target, text=ref.text)
        html = html.replace(ph.token, rendered)
    return html


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs: Any) -> dict[str, Any]:
    """Hand the record behind a page, and the site graph, to the page template."""
    build = _current()
    context["record"] = build.records.get(page.file.src_uri)
    context["site_graph"] = build.site
    return context


def _current() -> _Build:
    if _build is None:  # pragma: no cover - on_config always runs first
        raise PluginError("the explainer hooks ran before on_config")
    return _build
