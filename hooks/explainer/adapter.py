"""The MkDocs adapter: the only module that imports MkDocs. Each event hands one step to the engine.

A publication loads it from a two-line hook module (``hooks/mkdocs_hooks.py``)::

    from explainer.adapter import *  # noqa: F403

The current build is replaced wholesale in ``on_config`` on every (re)build: nothing leaks from
one ``mkdocs serve`` rebuild into the next."""

from __future__ import annotations

import functools
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

import jinja2
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section, _get_by_type
from mkdocs.structure.nav import _add_parent_links as nav_parents
from mkdocs.structure.nav import _add_previous_and_next_links as nav_neighbours
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

from .builder import THEME_DIR, Build, Preview, Publication, SiteInfo, check_site, load_publication, preview_publication, wiring
from .errors import DataError, Diagnostic
from .render.messages import install_messages
from .render.shared import SharedFragments, ThemeWords
from .render.urls import in_edition

__all__ = [
    "on_config",
    "on_env",
    "on_files",
    "on_nav",
    "on_page_content",
    "on_page_context",
    "on_page_markdown",
    "on_post_build",
    "on_post_page",
    "on_startup",
]

log = logging.getLogger("mkdocs.plugins.explainer")

_build: Build | None = None
# Under `mkdocs serve` a failed rebuild leaves the server waiting for a good one and answering no
# request; so while serving, invalid data is reported and the last good records are built
# instead. This is the one piece of state meant to outlive a rebuild; `mkdocs build` never uses it.
_serving = False
_last_good: Publication | None = None
# Under `mkdocs serve --dirty`, what the last rebuild made, so that the next renders only what
# changed (explainer.builder.incremental); also meant to outlive a rebuild.
_last: wiring.LastBuild | None = None
_incremental = False
# Every rebuild makes new template environments, which would compile every template again.
_compiled = wiring.compiled_templates()
# Each other edition's navigation and configuration, made anew in every build.
_navs: dict[str, Navigation] = {}
_configs: dict[str, wiring.EditionConfig] = {}
# Each edition's navigation as the sidebars read it: its pages' sources and every address it links.
_nav_reads: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {}


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this process serves the site (and so must keep the last good data), and
    whether it rebuilds only what changed (``mkdocs serve --dirty``)."""
    global _serving, _last_good, _last, _incremental
    _serving = command == "serve"
    _incremental = _serving and dirty
    _last_good = _last = None
    if _serving:
        wiring.serve_logger()
    if _incremental:
        wiring.quiet_dirty_warning()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the settings, every record and every explainer page's references.

    This runs before MkDocs cleans the site directory, so invalid data leaves the last good site
    in place (and ``mkdocs serve`` keeps serving it).
    """
    global _build, _last_good
    _build = None
    # The engine's templates come after the publication's overrides/ and before Material's.
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    if "toc" in config.markdown_extensions and "slugify" not in config.mdx_configs.setdefault("toc", {}):
        config.mdx_configs["toc"]["slugify"] = wiring.heading_slugify()
    config_file = Path(config.config_file_path)
    args = (config_file.parent, config.extra.get("explainer"), config_file, Path(config.docs_dir), config.theme["language"])
    try:
        publication = preview_publication(*args, last=_last_good) if _serving else load_publication(*args)
    except DataError as exc:
        if not (_serving and _last_good):
            _fail(exc.diagnostics, f"{exc.summary()}; nothing was built")
        # Invalid settings or catalogues: nothing new can be shown, so the last preview stays, with the problems.
        publication = replace(_last_good, preview=Preview(tuple(exc.diagnostics)))
    if _serving:
        _last_good = publication
        if publication.preview is not None and publication.preview.problems:
            wiring.preview_errors(DataError(publication.preview.problems))
    info = SiteInfo(config.site_name, config.site_url or None, config.site_description or "", config.repo_url, config.edit_uri)
    # Material prints site_name unescaped into <title>, the header and the navigation, and through
    # `| e` into attributes; as Markup it comes out escaped once in both. The engine keeps the text.
    config.site_name = escape(config.site_name)
    env = config.theme.get_env()
    if _serving:
        env.bytecode_cache = _compiled
    _build = Build(publication, env, info)
    _navs.clear()
    _configs.clear()
    if len(_build.languages) > 1 and not config.extra.get("alternate"):
        # Material shows its language selector when this is set; the engine's alternate.html
        # lists each page's own twins, and a value that is not a list keeps Material from also
        # writing links to the editions' home pages into every page's head.
        config.extra["alternate"] = True
    _configs.update(wiring.edition_configs(config, publication.settings))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add a page for every record (kept out of the navigation) and index, and the generated files."""
    build = _current()
    documents = [f.src_uri for f in files.documentation_pages()]
    build.pages(documents)
    problems = check_site(
        build,
        config_file=Path(config.config_file_path),
        docs_dir=Path(config.docs_dir),
        pages=documents,
        files={f.src_uri for f in files},
        styles=list(config.extra_css),
        scripts=[str(s) for s in config.extra_javascript],
        nav=config.nav,
    )
    if problems:
        _fail(problems, f"{DataError(problems).summary()}; nothing was built")
    urls: dict[str, str] = {}
    for file in files.documentation_pages():
        urls[file.src_uri] = _place(file, config, build)
    docs = Path(config.docs_dir)
    for page in build.pages():
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        copied = (docs / page.copy_of).read_text(encoding="utf-8-sig") if page.copy_of else ""
        file = File.generated(config, page.src, content=copied, inclusion=inclusion)
        urls[page.src] = _place(file, config, build)
        if page.placeholder:
            continue  # its address gets a redirect file, below
        if (uri := wiring.edit_uri(page, Path(config.config_file_path).parent, docs)) is not None:
            file.edit_uri = uri
        files.append(file)
    build.place(urls)
    generated = build.files()
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))
    if _incremental:
        _follow(build, files, config, generated)
    return files


def _follow(build: Build, files: Files, config: MkDocsConfig, generated: dict[str, str | bytes]) -> None:
    """Under ``mkdocs serve --dirty``: tell MkDocs which pages and files to write again (those
    that may differ from the last rebuild's), and remember this rebuild for the next."""
    global _last
    inputs = wiring.inputs_of(config)
    # Anything but the records changed (settings, pages, templates, catalogues): all again.
    same = _last is not None and _last.inputs == inputs and _last.build.settings.model_dump() == build.settings.model_dump()
    again = build.rendered_again(_last.build) if _last is not None and same else None
    for file in files:
        if file.is_documentation_page():
            modified = again is None or file.src_uri in again or not build.generates(file.src_uri)
        elif file.src_uri in generated:
            modified = again is None or _last is None or _last.files.get(file.src_uri) != generated[file.src_uri]
        else:
            continue
        file.is_modified = functools.partial(bool, modified)  # type: ignore[method-assign]
    pages = files.documentation_pages()
    if again is not None:
        wiring.serve_logger().info(f"{sum(1 for f in pages if f.is_modified())} of {len(pages)} pages rendered again")
    _last = wiring.LastBuild(build, inputs, generated, {f.src_uri: f.dest_uri for f in pages}, {f.dest_uri for f in files}, again, _last)


def _place(file: File, config: MkDocsConfig, build: Build) -> str:
    """Put a page of another edition under its language's folder, where its default twin's place is."""
    lang, base, fixed = build.destination(file.src_uri)
    if lang is not None:
        file.inclusion = InclusionLevel.NOT_IN_NAV if file.inclusion.is_in_nav() else file.inclusion
        file.dest_uri = fixed or f"{lang}/{File(base, None, config.site_dir, config.use_directory_urls).dest_uri}"
        file.url = file._get_url()
        file.__dict__.pop("abs_dest_path", None)
    return file.url


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Make each other edition's navigation: the same tree, with each page's twin in it."""
    build = _current()
    for lang in build.languages[1:]:
        titles = build.settings.languages[lang].nav

        def twin(item: Any, lang: str = lang, titles: dict[str, str] = titles) -> Any:
            if isinstance(item, Section):
                return Section(titles.get(item.title, item.title), [twin(child, lang, titles) for child in item.children])
            if isinstance(item, Page):
                found = files.get_file_from_path(in_edition(item.file.src_uri, lang))
                return found.page if found is not None and found.page is not None else item
            return item

        items = [twin(item) for item in nav.items]
        pages = [p for p in nav_pages(items) if build.edition_of(p.file.src_uri) == lang]
        _navs[lang] = Navigation(items, pages)
        nav_links(pages, items)
        home = files.get_file_from_path(in_edition("index.md", lang))
        _navs[lang].homepage = home.page if home is not None else None
    return nav


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Give every template, 404.html included, what the engine tells every page, and the
    interface's words from the catalogue of each page's edition (``_`` and ``ngettext``)."""
    build = _current()
    if _serving:
        env.bytecode_cache = _compiled
    env.globals["explainer"] = build.theme_globals()
    env.globals["shared"] = SharedFragments()
    env.globals["theme_words"] = ThemeWords(env)
    _nav_reads.clear()
    install_messages(env, build.edition().messages)
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give generated pages their title; turn references in explainer pages into placeholders."""
    return _current().page_markdown(page.file.src_uri, markdown, page.meta)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Render generated pages from their fragments; fill in the references of explainer pages."""
    build = _current()
    html = build.page_html(page.file.src_uri, html, page.url)
    if not build.generates(page.file.src_uri):
        wiring.plain_titles(page)
    return html


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """Hand the record behind a page, its metadata and the site graph to the page template."""
    build = _current()
    context.update(
        build.page_context(
            page.file.src_uri,
            page.url,
            page.title or "",
            page.meta.get("description"),
            page.content or "",
            canonical=page.canonical_url,
            homepage=page.is_homepage,
        )
    )
    lang = build.edition_of(page.file.src_uri)
    if lang in _navs:
        context["nav"] = _navs[lang]
        context["config"] = _configs[lang]
    context["shared_sidebars"] = _sidebars_key(page, context["nav"], lang)
    return context


def _sidebars_key(page: Page, nav: Navigation, lang: str) -> tuple[str, ...] | None:
    """What a page's sidebars read, when that is the same on many pages (explainer/main.html
    renders them once for each key): for a page outside the navigation, with no table of contents
    and nothing hidden, the edition and the navigation's addresses relative to the page. None for
    any other page."""
    if page.meta.get("hide"):
        return None
    toc = list(page.toc)
    if toc and toc[0].level == 1:
        toc = list(toc[0].children)
    if toc:
        return None
    if lang not in _nav_reads:
        _nav_reads[lang] = _reads(nav)
    sources, addresses = _nav_reads[lang]
    if page.file.src_uri in sources:
        return None
    return (lang, *(normalize_url(address, page) for address in addresses))


def _reads(nav: Navigation) -> tuple[frozenset[str], tuple[str, ...]]:
    """The sources of a navigation's pages, and every address it links (its home page's first)."""
    items = [*nav.items]
    sources: set[str] = set()
    addresses = [nav.homepage.url if nav.homepage is not None else ""]
    while items:
        item = items.pop(0)
        if isinstance(item, Section):
            items[:0] = item.children
        elif isinstance(item, Page):
            sources.add(item.file.src_uri)
            addresses.append(item.url)
        elif isinstance(item, Link):
            addresses.append(item.url)
    return frozenset(sources), tuple(addresses)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Under ``mkdocs serve --dirty``, note each edition's list of problems as its pages show it."""
    if _incremental and _last is not None:
        _last.banners.setdefault(_current().edition_of(page.file.src_uri), wiring.banner_of(output))
    return output


def on_post_build(config: MkDocsConfig) -> None:
    """Write each edition's search index (Material's plugin has written its own, empty, by now)
    and each other edition's sitemap; under ``mkdocs serve --dirty``, also remove the pages of
    deleted records and bring the list of problems up to date in the pages not written again."""
    build = _current()
    site_dir = Path(config.site_dir)
    last = _last if _incremental else None
    earlier = last.previous.build if last is not None and last.previous is not None else None
    search = build.search_files(last.order if last is not None else None, earlier)
    wiring.write_files(site_dir, (*search, *build.edition_sitemaps()))
    if last is not None:
        wiring.settle(site_dir, last, build.edition_of)


def nav_pages(items: list[Any]) -> list[Page]:
    return list(_get_by_type(items, Page))


def nav_links(pages: list[Page], items: list[Any]) -> None:
    """Link an edition's pages to their neighbours and parents in its own navigation."""
    nav_neighbours(pages)
    nav_parents(items)


def _current() -> Build:
    if _build is None:  # pragma: no cover - on_config always runs first
        raise PluginError("the explainer hooks ran before on_config")
    return _build


def _fail(problems: list[Diagnostic], summary: str) -> NoReturn:
    for diag in sorted(set(problems)):
        log.error(str(diag))
    raise PluginError(summary)
