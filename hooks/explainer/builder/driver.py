"""One build of a publication: what each page is, and what the engine adds to it at each step.

An adapter (``explainer.adapter`` for MkDocs) drives a :class:`Build` through the steps of its
builder and hands it the builder's own facts (where each page lands, its HTML); the build decides
everything else. It never imports MkDocs.

    load_publication()  settings, records and explainer pages, checked; or every problem at once
    Build(...)          the pages to generate (:meth:`Build.pages`)
    Build.place(urls)   where the builder put them; then the generated files (:meth:`Build.files`)
    page_markdown(), page_html(), page_context()   each page, in the builder's order
    search_files()      the search index, once every page has been indexed
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..errors import DataError
from ..graph.references import Placeholder, check_content, substitute
from ..graph.site import Site
from ..load.project import check_settings, read_project
from ..model.dates import build_date
from ..model.records import Record
from ..model.settings import Settings
from ..outputs import downloads, feeds, jsonld, redirects, search
from ..pipeline import build_site
from ..render import citing, summary
from ..render.edition import Edition
from ..render.renderer import Renderer
from ..render.sanitise import escape_meta, sanitise_page
from ..render.urls import Addresses, PageKey, alias_key, directory_url, index_key, record_key, source_of

THEME_DIR = Path(__file__).parent.parent / "theme"
"""The engine's templates, stylesheet and scripts: a theme folder between the publication's
``overrides/`` and Material's own."""

STYLESHEET = "assets/stylesheets/explainer.css"
"""The engine's stylesheet, which every page links to (``explainer/main.html``)."""

REQUIRED_TEMPLATES = (
    "main.html",
    "record.html",
    "explainer/main.html",
    "fragments/macros.html",
    "fragments/citation.html",
    "fragments/link.html",
    "fragments/card.html",
    "fragments/redirect.html",
)

_TOKEN = "xplref"


@dataclass(frozen=True)
class SiteInfo:
    """What the builder's configuration says about the site as a whole."""

    name: str
    url: str | None = None
    description: str = ""


@dataclass(frozen=True)
class GeneratedPage:
    """A page the engine adds to the site.

    Attributes:
        key: what the page shows (see :mod:`explainer.render.urls`).
        src: its virtual source path, such as ``events/<id>.md``.
        in_nav: whether the navigation may list it (index pages); record pages never are.
        edit_path: the file to edit for it, relative to the project root (a record's YAML file).
        placeholder: a former address of a renamed record, which gets a redirect file, not a page.
    """

    key: PageKey
    src: str
    in_nav: bool = False
    edit_path: str | None = None
    placeholder: bool = False


def load_publication(root: Path, raw_settings: Any, config_file: Path, docs_dir: Path) -> tuple[Settings, Site]:
    """Check a publication's settings, its records and its explainer pages' references.

    Raises:
        DataError: with every problem found; the settings' alone when they are invalid, since
            the records cannot be checked without them.
    """
    settings = check_settings(raw_settings, config_file)
    site = build_site(root / settings.data_dir, root, settings)
    problems = check_content(docs_dir, root, site)
    if problems:
        raise DataError(problems)
    return settings, site


@dataclass
class Build:
    """The engine's side of one build.

    Args:
        settings: the publication's settings.
        site: its records (the last valid ones, while ``mkdocs serve`` waits for a fix).
        env: the theme's Jinja environment, which finds the publication's templates first.
        info: the site's name, URL and description.
    """

    settings: Settings
    site: Site
    env: jinja2.Environment
    info: SiteInfo
    _pages: dict[str, GeneratedPage] = field(default_factory=dict, init=False)
    _edition: Edition | None = field(default=None, init=False)
    _renderer: Renderer | None = field(default=None, init=False)
    _placeholders: dict[str, list[Placeholder]] = field(default_factory=dict, init=False)
    _unsearched: set[str] = field(default_factory=set, init=False)
    _search: search.SearchIndex = field(default_factory=search.SearchIndex, init=False)

    @classmethod
    def offline(cls, config_file: Path, use_directory_urls: bool = True) -> Build:
        """A build of a publication without a builder, for tools: its pages placed where MkDocs
        would place them, its templates found in its ``overrides/`` and then the engine's.

        Raises:
            DataError: when its settings, records or pages are invalid.
        """
        project = read_project(config_file)
        settings, site = load_publication(project.root, project.raw_settings, config_file, project.docs_dir)
        env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(project.root / "overrides"), str(THEME_DIR)]), autoescape=True)
        build = cls(settings, site, env, SiteInfo(project.site_name, project.site_url, project.site_description))
        build.place({page.src: directory_url(page.src, use_directory_urls) for page in build.pages()})
        return build

    # -- what the site holds -------------------------------------------------------------------

    def pages(self) -> list[GeneratedPage]:
        """Every page to generate: a page per record and per published index page, and a
        placeholder at each former address of a renamed record."""
        if not self._pages:
            found = [GeneratedPage(key, source_of(key), edit_path=self.site.path_of(r)) for r, key in self._records()]
            found += [GeneratedPage(index_key(name), source_of(index_key(name)), in_nav=True) for name in self.settings.index_titles]
            found += [GeneratedPage(alias_key(t, a), source_of(alias_key(t, a)), placeholder=True) for t, a in sorted(self.site.redirects)]
            self._pages = {page.src: page for page in found}
        return list(self._pages.values())

    def place(self, urls: Mapping[str, str]) -> None:
        """Take the URL the builder gave each generated page (by source path)."""
        addresses = Addresses({self._pages[src].key: url for src, url in urls.items()}, self.info.url)
        self._renderer = Renderer(self.env, self.site, addresses, self.settings)
        plain = self._renderer.richtext
        self._edition = Edition(
            self.site, self.settings, addresses, self.info.name, self.info.description, lambda text: plain(text).striptags()
        )

    def files(self) -> dict[str, str | bytes]:
        """The generated files that are not pages, by site-relative path: the downloads, the Atom
        feeds, and a redirect page at every former address of a renamed record.

        They are files of the build rather than writes after it, so that explainer pages can link
        to them (the builder checks those links) and a preview server serves them like any other.
        """
        edition = self.edition
        generated: dict[str, str | bytes] = {}
        generated.update(downloads.download_files(edition))
        generated.update(feeds.feed_files(edition))
        generated.update(redirects.redirect_pages(edition, self.renderer))
        return generated

    def theme_globals(self) -> dict[str, Any]:
        """What every page's template may read as ``explainer``: the licences."""
        return {"licences": {"text": self.settings.text_licence, "data": self.settings.data_licence}}

    # -- each page -----------------------------------------------------------------------------

    def page_markdown(self, src: str, markdown: str, meta: MutableMapping[str, Any]) -> str:
        """A page's Markdown before the builder renders it; ``meta`` is its front matter, changed in place.

        A generated page gets its title, description and template and no Markdown (its HTML
        comes from its fragment); an explainer page's references become placeholders.
        """
        options = meta.get("search")
        if isinstance(options, dict) and options.get("exclude"):
            self._unsearched.add(src)
        # The site's own search index takes every page in; Material's search plugin then skips
        # them all instead of parsing their HTML for an index no reader downloads.
        meta["search"] = {"exclude": True}
        page = self._pages.get(src)
        if page is not None:
            record = self._record(page.key)
            title = record.label if record is not None else self.settings.index_titles[page.key[1]]
            description = (
                summary.describe(self.site, record, self.edition.plain)
                if record is not None
                else summary.describe_index(page.key[1], title)
            )
            # Material prints page.meta.title unescaped into <title> and the header.
            meta.update(title=str(escape(title)), description=str(escape(description)), template="record.html")
            return ""
        # A contributor's front matter: Material prints title, description, author, tags... unescaped.
        meta.update(escape_meta(dict(meta)))
        text, placeholders = substitute(markdown, _TOKEN)
        self._placeholders[src] = placeholders
        return text

    def page_html(self, src: str, html: str, url: str) -> str:
        """A page's HTML: a generated page's from its fragment; an explainer page's with its
        references filled in, then sanitised."""
        page = self._pages.get(src)
        renderer = self.renderer
        if page is not None:
            record = self._record(page.key)
            return renderer.record(record, url) if record is not None else renderer.index(page.key[1], url)
        for ph in self._placeholders.pop(src, []):
            ref = ph.ref
            if ref.id not in self.site.records.get(ref.type, {}):
                # Only while serving the last valid data: the reference was reported; show it as written.
                html = html.replace(ph.token, str(escape(f"[{ref.type}:{ref.id}]")))
                continue
            target = self.site.get(ref.type, ref.id)
            if ref.kind == "card":
                rendered = renderer.fragment("card", url, record=target)
                html = html.replace(f"<p>{ph.token}</p>", rendered)
            else:
                rendered = renderer.fragment("citation" if ref.kind == "cite" else "link", url, record=target, text=ref.text)
            html = html.replace(ph.token, rendered)
        # Explainer pages are contributors' Markdown with raw HTML: keep only what the allow-list names.
        return sanitise_page(html)

    def page_context(
        self, src: str, url: str, title: str, description: str | None, html: str, *, canonical: str | None, homepage: bool
    ) -> dict[str, Any]:
        """What the page template gets beside the builder's own context: the record, Open Graph
        properties, the feeds, and for a record page its JSON-LD and a citation of itself. The
        page also goes into the search index here, with its final HTML.

        Args:
            src: the page's source path.
            url: its site-relative URL.
            title: its title as the builder has it (escaped for the theme).
            description: its description from its front matter (escaped for the theme), if any.
            html: its content.
            canonical: its absolute URL, if the site has one.
            homepage: whether it is the home page.
        """
        page = self._pages.get(src)
        record = self._record(page.key) if page is not None else None
        info = self.info
        # Titles and descriptions were escaped for the theme; striptags undoes that.
        plain_description = Markup(description).striptags() if description else ""
        self._index(src, page, record, url, Markup(title or "").striptags(), plain_description, html)
        opengraph = [
            ("og:type", "website" if homepage else "article"),
            ("og:site_name", info.name),
            ("og:title", info.name if homepage else Markup(title or info.name).striptags()),
            ("og:description", plain_description or info.description or ""),
        ]
        if canonical:
            opengraph.append(("og:url", canonical))
        context: dict[str, Any] = {
            "record": record,
            "site_graph": self.site,
            "opengraph": opengraph,
            "atom_feeds": [(f"{info.name}: {name}", path) for name, path in feeds.FEEDS.items()],
            "jsonld": None,
            "page_citation": None,
        }
        if record is not None:
            context["jsonld"] = jsonld.record_jsonld(self.edition, record)
            context["page_citation"] = citing.cite_page(
                record, info.name, self.edition.addresses.record_url(record.type, record.id), build_date()
            )
        return context

    def search_files(self) -> Iterator[tuple[str, bytes]]:
        """The files of the site's search index, under ``search/``, once every page is indexed."""
        for path, content in self._search.files():
            yield f"search/{path}", content

    def generates(self, src: str) -> bool:
        """Whether the engine generates the page at a source path (else it is the publication's)."""
        return src in self._pages

    # -- helpers -------------------------------------------------------------------------------

    @property
    def edition(self) -> Edition:
        if self._edition is None:
            raise RuntimeError("Build.place() must run before the pages are rendered")
        return self._edition

    @property
    def renderer(self) -> Renderer:
        self.edition  # noqa: B018 - raises before place()
        assert self._renderer is not None
        return self._renderer

    def _records(self) -> Iterator[tuple[Record, PageKey]]:
        for type_, records in self.site.records.items():
            for rid, record in records.items():
                yield record, record_key(type_, rid)

    def _record(self, key: PageKey) -> Record | None:
        return self.site.get(key[1], key[2]) if key[0] == "record" else None

    def _index(
        self, src: str, page: GeneratedPage | None, record: Record | None, url: str, title: str, description: str, html: str
    ) -> None:
        """Add a page to the search index: a record from its data, an index page by its title and
        description, an explainer page by its sections (unless its front matter excludes it)."""
        if record is not None:
            search.add_record(self._search, self.site, record, url)
        elif page is not None:
            self._search.add(url, title, description)
        elif src not in self._unsearched:
            search.add_page(self._search, html, url, title)
