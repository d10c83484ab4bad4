"""MkDocs hooks: the only module that imports MkDocs. Each event hands one step to the engine.

The current build is replaced wholesale in ``on_config`` on every
(re)build, so nothing leaks from one ``mkdocs serve`` rebuild into the next.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explainer import DataError, Site, build_site
from explainer.graph.references import Placeholder, check_content, substitute
from explainer.model.dates import build_date
from explainer.model.records import Record
from explainer.outputs import downloads as exports
from explainer.outputs import feeds, jsonld, redirects, search
from explainer.render import citing, summary
from explainer.render.renderer import Renderer
from explainer.render.sanitise import escape_meta, plain_text, sanitise_page
from explainer.render.urls import INDEX_PAGES, record_src
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.explainer")
serve_log = logging.getLogger("explainer.serve")

_TOKEN = "xplref"


@dataclass
class _Build:
    site: Site
    renderer: Renderer
    records: dict[str, Record] = field(default_factory=dict)
    indexes: dict[str, str] = field(default_factory=dict)
    placeholders: dict[str, list[Placeholder]] = field(default_factory=dict)
    search: search.SearchIndex = field(default_factory=search.SearchIndex)
    unsearched: set[str] = field(default_factory=set)


_build: _Build | None = None
# Under `mkdocs serve` a failed rebuild leaves the server waiting for a good one and answering no
# request; so while serving, invalid data is reported and the last good site graph is rebuilt
# instead. This is the one piece of state meant to outlive a rebuild; `mkdocs build` never uses it.
_serving = False
_last_good: Site | None = None


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this process serves the site (and so must keep the last good data)."""
    global _serving, _last_good
    _serving = command == "serve"
    _last_good = None
    if _serving and not serve_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        serve_log.addHandler(handler)
        serve_log.propagate = False


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load, validate and index every record, and check every explainer page's references.

    This runs before MkDocs cleans the site directory, so invalid data leaves the last good site
    in place (and ``mkdocs serve`` keeps serving it).
    """
    global _build, _last_good
    _build = None
    root = Path(config.config_file_path).parent
    try:
        site = build_site(root / config.extra.get("data_dir", "data"), root)
        problems = check_content(Path(config.docs_dir), root, site)
        if problems:
            raise DataError(problems)
    except DataError as exc:
        if not (_serving and _last_good):
            for diag in exc.diagnostics:
                log.error(str(diag))
            raise PluginError(f"{exc.summary()}; nothing was built") from None
        # Outside MkDocs' loggers: under strict mode MkDocs would count these and abort the
        # rebuild, which is exactly what leaves the server stuck.
        for diag in exc.diagnostics:
            serve_log.error(str(diag))
        serve_log.error(f"{exc.summary()}; still serving the last valid data until they are fixed")
        site = _last_good
    else:
        _last_good = site if _serving else None
    _build = _Build(site, Renderer(config.theme.get_env(), site))
    return config


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
    _add_open_data(files, config, build)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give generated pages their title; turn references in explainer pages into placeholders."""
    build = _current()
    src = page.file.src_uri
    record = build.records.get(src)
    # The site's own search index takes the page in on_page_context; Material's search plugin
    # then skips it instead of parsing its HTML for an index no reader downloads.
    options = page.meta.get("search")
    if isinstance(options, dict) and options.get("exclude"):
        build.unsearched.add(src)
    page.meta["search"] = {"exclude": True}
    if record is not None or src in build.indexes:
        title = record.label if record is not None else INDEX_PAGES[build.indexes[src]]
        # Material prints page.meta.title unescaped into <title> and the header.
        page.meta["title"] = str(escape(title))
        page.meta["description"] = str(escape(_describe(build, record, build.indexes.get(src, ""), title)))
        page.meta["template"] = "record.html"
        return ""
    # A contributor's front matter: Material prints title, description, author, tags... unescaped.
    page.meta.update(escape_meta(page.meta))
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
        if ref.id not in build.site.records.get(ref.type, {}):
            # Only while serving the last valid data: the reference was reported; show it as written.
            html = html.replace(ph.token, str(escape(f"[{ref.type}:{ref.id}]")))
            continue
        target = build.site.get(ref.type, ref.id)
        if ref.kind == "card":
            rendered = build.renderer.fragment("card", url, record=target)
            html = html.replace(f"<p>{ph.token}</p>", rendered)
        else:
            name = "citation" if ref.kind == "cite" else "link"
            rendered = build.renderer.fragment(name, url, record=target, text=ref.text)
        html = html.replace(ph.token, rendered)
    _plain_titles(page)
    # Explainer pages are contributors' Markdown with raw HTML: keep only what the allow-list names.
    return sanitise_page(html)


def _plain_titles(page: Page) -> None:
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


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs: Any) -> dict[str, Any]:
    """Hand the record behind a page, and the site graph, to the page template."""
    build = _current()
    context["record"] = build.records.get(page.file.src_uri)
    context["site_graph"] = build.site
    context.update(_page_metadata(page, config, build))
    _index_page(page, build)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    """Write the site's search index (Material's plugin has written its own, empty, by now)."""
    folder = Path(config.site_dir) / "search"
    for path, content in _current().search.files():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _index_page(page: Page, build: _Build) -> None:
    """Add a page to the search index: a record from its data, an index page by its title and
    description, an explainer page by its sections (unless its front matter excludes it)."""
    src, location = page.file.src_uri, page.url
    record = build.records.get(src)
    if record is not None:
        search.add_record(build.search, build.site, record, location)
        return
    # Titles and descriptions were escaped for Material; the index holds plain text.
    title = Markup(page.title or "").striptags()
    if src in build.indexes:
        build.search.add(location, title, Markup(page.meta.get("description") or "").striptags())
    elif src not in build.unsearched:
        search.add_page(build.search, page.content or "", location, title)


def _current() -> _Build:
    if _build is None:  # pragma: no cover - on_config always runs first
        raise PluginError("the explainer hooks ran before on_config")
    return _build


# -- open data: downloads, feeds, stable links, page metadata ---------------------------------------


def _add_open_data(files: Files, config: MkDocsConfig, build: _Build) -> None:
    """Add the downloads, the Atom feeds and the redirects from former record ids as generated files.

    They are files of the build rather than writes after it, so that explainer pages can link to
    them (MkDocs checks those links under --strict) and ``mkdocs serve`` serves them like any other.
    """
    root = Path(config.config_file_path).parent
    site_url = config.site_url
    generated: dict[str, str | bytes] = {}
    generated.update(exports.download_files(build.site, site_url, config.site_name, root / "schemas"))
    generated.update(feeds.feed_files(build.site, site_url, config.site_name, _plain(build)))
    generated.update(redirects.redirect_pages(build.site, build.renderer, site_url))
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))


def _plain(build: _Build) -> Callable[[str], str]:
    """Markdown to plain text, through the same sanitised rendering as the pages."""
    return lambda text: build.renderer.richtext(text).striptags()


def _describe(build: _Build, record: Record | None, index: str, title: str) -> str:
    if record is not None:
        return summary.describe(build.site, record, _plain(build))
    return summary.describe_index(index, title)


def _page_metadata(page: Page, config: MkDocsConfig, build: _Build) -> dict[str, Any]:
    """Open Graph properties for every page; JSON-LD and a citation of itself for a record page.

    The values are plain text; the templates escape them.
    """
    record = build.records.get(page.file.src_uri)
    site_url = config.site_url
    # Titles and descriptions of generated pages were escaped for Material; striptags undoes that.
    title = config.site_name if page.is_homepage else Markup(page.title or config.site_name).striptags()
    description = page.meta.get("description")
    opengraph = [
        ("og:type", "website" if page.is_homepage else "article"),
        ("og:site_name", config.site_name),
        ("og:title", title),
        ("og:description", Markup(description).striptags() if description else config.site_description or ""),
    ]
    if page.canonical_url:
        opengraph.append(("og:url", page.canonical_url))
    metadata: dict[str, Any] = {
        "opengraph": opengraph,
        "atom_feeds": [(f"{config.site_name}: {name}", path) for name, path in feeds.FEEDS.items()],
        "jsonld": None,
        "page_citation": None,
    }
    if record is not None:
        metadata["jsonld"] = jsonld.record_jsonld(build.site, record, site_url, config.site_name, _plain(build))
        url = exports.page_url(site_url, record.type, record.id)
        metadata["page_citation"] = citing.cite_page(record, config.site_name, url, build_date())
    return metadata
