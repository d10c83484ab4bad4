"""One build of a publication: what each page is, and what the engine adds to it at each step.

An adapter (``explainer.adapter`` for MkDocs) drives a :class:`Build` through the steps of its
builder and hands it the builder's own facts (where each page lands, its HTML); the build decides
everything else. It never imports MkDocs.

    load_publication()  settings, records, explainer pages and catalogues, checked; or every problem
    Build(...)          the pages to generate, in every edition (:meth:`Build.pages`)
    Build.place(urls)   where the builder put every page; then the generated files (:meth:`Build.files`)
    page_markdown(), page_html(), page_context()   each page, in the builder's order
    search_files()      each edition's search index, once every page has been indexed

Every page belongs to one edition. The default edition's pages keep their paths; a page of
another edition has the language before ``.md`` (``overview.ko.md``, ``events/<id>.ko.md``) and
lands under the language's folder (``ko/overview/``). An explainer page with no twin in an
edition gets one, generated from the default page and marked as untranslated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePath
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..errors import DataError, Diagnostic, relative_path
from ..graph.references import Placeholder, check_content, resolve_citation, substitute
from ..graph.site import Site
from ..load.history import History, history_url, read_history
from ..load.project import check_settings, config_pos, read_project
from ..model.dates import build_date
from ..model.localised import Local
from ..model.records import Record
from ..model.settings import Settings
from ..outputs import downloads, feeds, jsonld, redirects, search
from ..pipeline import build_site, preview_site
from ..render import citing, summary
from ..render.citations import CitationList, paragraphs_of
from ..render.edition import Edition
from ..render.messages import CatalogueError, Messages, load_messages
from ..render.renderer import Renderer
from ..render.richtext import RichText
from ..render.sanitise import escape_meta, sanitise_page
from ..render.urls import (
    Addresses,
    PageKey,
    alias_key,
    directory_url,
    edition_of_source,
    in_edition,
    index_key,
    place_key,
    record_key,
    source_of,
    tag_key,
)
from . import incremental

THEME_DIR = Path(__file__).parent.parent / "theme"
"""The engine's templates, stylesheet and scripts: a theme folder between the publication's
``overrides/`` and Material's own."""

STYLESHEET = "assets/stylesheets/explainer.css"
"""The engine's stylesheet, which every page links to (``explainer/main.html``)."""

REQUIRED_TEMPLATES = (
    "main.html",
    "record.html",
    "404.html",
    "explainer/main.html",
    "fragments/macros.html",
    "fragments/citation.html",
    "fragments/link.html",
    "fragments/card.html",
    "fragments/redirect.html",
)

NOT_FOUND = "404.md"
"""The source path an edition's page for a missing address pretends to have (``ko/404.html``)."""

_TOKEN = "xplref"
# A relative link to another Markdown page, inline ("](law.md#x)") or as a reference ("]: law.md").
_PAGE_LINK = re.compile(r"(?P<lead>\]\(\s*<?|^\[[^\]\n]+\]:\s*<?)(?P<path>(?![a-z][a-z0-9+.-]*:|/|#)[^)\s>#?]+\.md)(?=[#?)\s>]|$)", re.M)


@dataclass(frozen=True)
class SiteInfo:
    """What the builder's configuration says about the site as a whole."""

    name: str
    url: str | None = None
    description: str = ""
    repo_url: str | None = None
    edit_uri: str | None = None


@dataclass(frozen=True)
class GeneratedPage:
    """A page the engine adds to the site.

    Attributes:
        key: what the page shows (see :mod:`explainer.render.urls`); ``("page", src)`` for the
            twin of an explainer page, ``("404",)`` for the page of a missing address.
        lang: its edition's language.
        src: its virtual source path, such as ``events/<id>.md`` or ``events/<id>.ko.md``.
        in_nav: whether the navigation may list it (index pages); record pages never are.
        edit_path: the file to edit for it, relative to the project root (a record's YAML file).
        placeholder: a former address of a renamed record, which gets a redirect file, not a page.
        copy_of: for an explainer page with no translation, the default page it shows (its source path).
        dest: where the page lands, when that is not where the builder would put it (``ko/404.html``).
    """

    key: PageKey
    lang: str
    src: str
    in_nav: bool = False
    edit_path: str | None = None
    placeholder: bool = False
    copy_of: str | None = None
    dest: str | None = None


@dataclass(frozen=True)
class Publication:
    """A publication checked and ready to build: its settings, records and catalogues, and when
    each record file last changed; for a preview, also what is wrong with it."""

    settings: Settings
    site: Site
    messages: Mapping[str, Messages]
    history: History = field(default_factory=History)
    preview: Preview | None = None


@dataclass(frozen=True)
class Preview:
    """What a preview shows beside a publication with problems (``mkdocs serve``).

    Attributes:
        problems: every problem in the records and the explainer pages, as a build reports them.
        kept: the files shown in their last valid version.
        left_out: the files with a problem left out of the site, having no valid version.
        trimmed: valid files shown without their references to those.
        waiting: valid files left out because they cannot do without such a reference.
        pages: the source path of the page that shows each file, where one does.
    """

    problems: tuple[Diagnostic, ...] = ()
    kept: frozenset[str] = frozenset()
    left_out: frozenset[str] = frozenset()
    trimmed: frozenset[str] = frozenset()
    waiting: frozenset[str] = frozenset()
    pages: Mapping[str, str] = field(default_factory=dict)


def load_publication(root: Path, raw_settings: Any, config_file: Path, docs_dir: Path, theme_language: str | None = None) -> Publication:
    """Check a publication's settings, its records, its explainer pages' references, and that
    every language it names has a message catalogue.

    Raises:
        DataError: with every problem found; the settings' alone when they are invalid, since
            the records cannot be checked without them.
    """
    settings, messages, problems = _settings_and_messages(root, raw_settings, config_file, theme_language)
    try:
        site = build_site(root / settings.data_dir, root, settings)
    except DataError as exc:
        raise DataError([*problems, *exc.diagnostics]) from None
    problems += check_content(docs_dir, root, site)
    if problems:
        raise DataError(problems)
    return Publication(settings, site, messages, read_history(root, settings.data_dir))


def preview_publication(
    root: Path, raw_settings: Any, config_file: Path, docs_dir: Path, theme_language: str | None = None, last: Publication | None = None
) -> Publication:
    """A publication as far as it can be shown while some of its files are invalid.

    Each record file with a problem is shown in its version in ``last`` (the previous preview,
    made with the same settings), or left out (see :func:`explainer.pipeline.preview_site`); an
    explainer page shows its references that hold and the others as written.

    Raises:
        DataError: when the settings or a catalogue are invalid: without them nothing can be shown.
    """
    settings, messages, problems = _settings_and_messages(root, raw_settings, config_file, theme_language)
    if problems:
        raise DataError(problems)
    # (Settings keep caches of their own: compare what they say.)
    earlier = last.site if last is not None and last.settings.model_dump() == settings.model_dump() else None
    shown = preview_site(root / settings.data_dir, root, settings, earlier)
    site = shown.site
    pages = {
        site.path_of(record): source_of(record_key(type_, rid))
        for type_, records in site.records.items()
        for rid, record in records.items()
    }
    docs = relative_path(docs_dir, root)
    pages.update({f"{docs}/{src}": src for src in _documents(docs_dir)})
    problems = sorted({*shown.problems, *check_content(docs_dir, root, site)})
    preview = Preview(tuple(problems), shown.kept, shown.left_out, shown.trimmed, shown.waiting, pages)
    return Publication(settings, site, messages, read_history(root, settings.data_dir), preview)


def _settings_and_messages(
    root: Path, raw_settings: Any, config_file: Path, theme_language: str | None
) -> tuple[Settings, dict[str, Messages], list[Diagnostic]]:
    """The checked settings, each language's catalogue, and the problems with the catalogues.

    Raises:
        DataError: when the settings are invalid.
    """
    settings = check_settings(raw_settings, config_file, theme_language)
    messages: dict[str, Messages] = {}
    problems: list[Diagnostic] = []
    for lang, edition in settings.languages.items():
        try:
            messages[lang] = load_messages(lang, edition.locale, [root / "locales"])
        except CatalogueError as exc:
            problems.append(Diagnostic(config_pos(config_file, ("extra", "explainer", "languages", lang)), str(exc)))
    return settings, messages, problems


def _documents(docs_dir: Path) -> list[str]:
    """The source paths of a publication's own Markdown pages, as a builder names them, in the
    order MkDocs finds them."""
    if not docs_dir.is_dir():
        return []
    return [p.as_posix() for p in sorted((p.relative_to(docs_dir) for p in docs_dir.rglob("*.md")), key=walk_order)]


@dataclass
class _Edition:
    """What the build holds for one edition."""

    lang: str
    messages: Messages
    root: str
    urls: dict[PageKey, str] = field(default_factory=dict)
    search: search.SearchIndex = field(default_factory=search.SearchIndex)
    edition: Edition | None = None
    renderer: Renderer | None = None


@dataclass
class Build:
    """The engine's side of one build.

    Args:
        publication: the settings, records and catalogues (the last valid ones, while
            ``mkdocs serve`` waits for a fix).
        env: the theme's Jinja environment, which finds the publication's templates first.
        info: the site's name, URL and description, as the configuration gives them.
    """

    publication: Publication
    env: jinja2.Environment
    info: SiteInfo
    _pages: dict[str, GeneratedPage] = field(default_factory=dict, init=False)
    _editions: dict[str, _Edition] = field(default_factory=dict, init=False)
    _urls: dict[str, str] = field(default_factory=dict, init=False)
    _placeholders: dict[str, list[Placeholder]] = field(default_factory=dict, init=False)
    _unsearched: set[str] = field(default_factory=set, init=False)
    # What each page gives the search index, by source path, kept until search_files() (and, under
    # an incremental preview, into the next build, for the pages it does not render again).
    _searched: dict[str, tuple[Any, ...]] = field(default_factory=dict, init=False)
    _richtext: RichText = field(default_factory=RichText, init=False)

    def __post_init__(self) -> None:
        default = self.settings.default_language
        for lang, messages in self.publication.messages.items():
            self._editions[lang] = _Edition(lang, messages, "" if lang == default else f"{lang}/")

    @property
    def settings(self) -> Settings:
        return self.publication.settings

    @property
    def site(self) -> Site:
        return self.publication.site

    @property
    def languages(self) -> list[str]:
        """The editions' languages, the default first."""
        return list(self.settings.languages)

    @classmethod
    def offline(cls, config_file: Path, use_directory_urls: bool = True) -> Build:
        """A build of a publication without a builder, for tools: its pages placed where MkDocs
        would place them and taken in the order MkDocs finds them, its templates found in its
        ``overrides/`` and then the engine's.

        Raises:
            DataError: when its settings, records or pages are invalid.
        """
        project = read_project(config_file)
        publication = load_publication(project.root, project.raw_settings, config_file, project.docs_dir, project.theme_language)
        env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(project.root / "overrides"), str(THEME_DIR)]), autoescape=True)
        info = SiteInfo(project.site_name, project.site_url, project.site_description, project.repo_url, project.edit_uri)
        build = cls(publication, env, info)
        documents = _documents(project.docs_dir)
        pages = build.pages(documents)
        srcs = [*documents, *(page.src for page in pages)]
        build.place({src: build.placed_url(src, use_directory_urls) for src in srcs})
        return build

    # -- what the site holds -------------------------------------------------------------------

    def pages(self, documents: Iterable[str] = ()) -> list[GeneratedPage]:
        """Every page to generate, in every edition: a page per record and per published index
        page, a placeholder at each former address of a renamed record, the page of a missing
        address in every edition but the default (whose 404 page the theme writes), and a twin
        of every explainer page that an edition has no translation of.

        Args:
            documents: the source paths of the publication's own Markdown pages.
        """
        if self._pages:
            return list(self._pages.values())
        documents = list(documents)
        own = set(documents)
        default = self.settings.default_language
        found: list[GeneratedPage] = []
        for lang in self.languages:
            edition = None if lang == default else lang
            for record, key in self._records():
                found.append(GeneratedPage(key, lang, in_edition(source_of(key), edition), edit_path=self.site.path_of(record)))
            for name in self.settings.index_titles:
                found.append(GeneratedPage(index_key(name), lang, in_edition(source_of(index_key(name)), edition), in_nav=True))
            for key in self._listings():
                found.append(GeneratedPage(key, lang, in_edition(source_of(key), edition)))
            for type_, alias in sorted(self.site.redirects):
                key = alias_key(type_, alias)
                found.append(GeneratedPage(key, lang, in_edition(source_of(key), edition), placeholder=True))
            if edition is None:
                continue
            found.append(GeneratedPage(("404",), lang, in_edition(NOT_FOUND, lang), dest=f"{lang}/404.html"))
            for src in documents:
                base, src_lang = edition_of_source(src, self.languages[1:])
                twin = in_edition(base, lang)
                if src_lang is None and twin not in own:
                    found.append(GeneratedPage(("page", base), lang, twin, copy_of=base))
        self._pages = {page.src: page for page in found}
        return found

    def placed_url(self, src: str, use_directory_urls: bool = True) -> str:
        """Where a page lands without a builder: as MkDocs would put its default-edition twin,
        under the edition's folder."""
        page = self._pages.get(src)
        if page is not None and page.dest:
            return page.dest
        base, lang = edition_of_source(src, self.languages[1:])
        url = directory_url(base, use_directory_urls)
        return url if lang is None else f"{lang}/{url}"

    def edition_of(self, src: str) -> str:
        """The language of the edition a page belongs to."""
        page = self._pages.get(src)
        if page is not None:
            return page.lang
        return edition_of_source(src, self.languages[1:])[1] or self.settings.default_language

    def place(self, urls: Mapping[str, str]) -> None:
        """Take the URL the builder gave every page, the publication's and the generated ones (by
        source path), and make each edition's renderer."""
        self._urls = dict(urls)
        for src, url in urls.items():
            page = self._pages.get(src)
            if page is not None:
                self._editions[page.lang].urls[page.key] = url
        for lang, state in self._editions.items():
            overrides = self.settings.languages[lang]
            addresses = Addresses(state.urls, self.info.url)
            plain = self._plain(lang)
            state.edition = Edition(
                self.site,
                self.settings,
                addresses,
                overrides.site_name or self.info.name,
                overrides.site_description or self.info.description,
                plain,
                state.messages,
                state.root,
            )
            state.renderer = Renderer(self.env, state.edition, self._richtext)

    def placed(self) -> dict[str, str]:
        """Every page's URL by source path, as :meth:`place` took them: the publication's own
        pages first, in the builder's order, then the generated ones, in :meth:`pages`' order."""
        return dict(self._urls)

    def files(self) -> dict[str, str | bytes]:
        """The generated files that are not pages, by site-relative path: the downloads (once,
        with every language's text), each edition's Atom feeds, and a redirect page at every
        former address of a renamed record.

        They are files of the build rather than writes after it, so that explainer pages can link
        to them (the builder checks those links) and a preview server serves them like any other.
        """
        generated: dict[str, str | bytes] = {}
        generated.update(downloads.download_files(self.edition()))
        for lang in self.languages:
            generated.update(feeds.feed_files(self.edition(lang)))
            generated.update(redirects.redirect_pages(self.edition(lang), self.renderer(lang)))
        return generated

    def theme_globals(self) -> dict[str, Any]:
        """What every page's template may read as ``explainer``: the licences, each edition's
        home page (for the page of a missing address), and each page's twins (for the sitemap)."""
        editions = []
        for lang in self.languages:
            edition = self.edition(lang)
            home = self._urls.get(in_edition("index.md", None if lang == self.settings.default_language else lang), edition.root)
            editions.append(
                {
                    "lang": lang,
                    "home": edition.addresses.absolute(home) if edition.addresses.site_url else "/" + home.lstrip("./"),
                    "home_label": edition.messages.gettext("Go to the home page of %(site)s") % {"site": edition.name},
                    "browse": _root_link(edition.addresses, edition.addresses.index("browse")),
                }
            )
        return {
            "licences": {"text": self.settings.text_licence, "data": self.settings.data_licence},
            "editions": editions,
            "alternates_of": lambda src: [alt for alt in self.alternates(src, "/") if len(self.languages) > 1],
            "preview": self._preview(),
        }

    def _preview(self) -> dict[str, Any] | None:
        """What the preview's banner lists on every page (partials/problems.html), with the
        address of the page that shows each file: {} when nothing is wrong, None outside a preview.

        The addresses are absolute (the preview's own, which MkDocs gives as the site's URL), so
        that the banner is the same on every page of an edition: the pages an incremental
        rebuild does not render again get it as it is (:func:`explainer.builder.wiring.settle`).
        """
        preview = self.publication.preview
        if preview is None:
            return None
        if not preview.problems:
            return {}
        base = (self.info.url or "/").rstrip("/") + "/"

        def url(path: str) -> str | None:
            src = preview.pages.get(path)
            found = self._urls.get(src) if src is not None and path not in preview.left_out else None
            return base + found.removeprefix("./") if found is not None else None

        def files(paths: Iterable[str]) -> list[dict[str, str | None]]:
            return [{"path": path, "url": url(path)} for path in sorted(paths)]

        return {
            "problems": [{"where": str(d.pos), "message": d.message, "url": url(d.pos.path)} for d in preview.problems],
            "kept": files(preview.kept),
            "left_out": files(preview.left_out),
            "trimmed": files(preview.trimmed),
            "waiting": files(preview.waiting),
        }

    # -- each page -----------------------------------------------------------------------------

    def page_markdown(self, src: str, markdown: str, meta: MutableMapping[str, Any]) -> str:
        """A page's Markdown before the builder renders it; ``meta`` is its front matter, changed in place.

        A generated page gets its title, description and template and no Markdown (its HTML
        comes from its fragment); an explainer page's references become placeholders, and its
        links to other pages lead to their twins in its own edition.
        """
        options = meta.get("search")
        if isinstance(options, dict) and options.get("exclude"):
            self._unsearched.add(src)
        # The site's own search index takes every page in; Material's search plugin then skips
        # them all instead of parsing their HTML for an index no reader downloads.
        meta["search"] = {"exclude": True}
        lang = self.edition_of(src)
        page = self._pages.get(src)
        if page is not None and page.copy_of is None:
            edition = self.edition(lang)
            record = self._record(page.key)
            if page.key[0] == "404":
                title = edition.messages.gettext("Page not found")
                description = ""
                template = "404.html"
            elif record is not None:
                title, description, template = edition.label(record), summary.describe(edition, record), "record.html"
            elif page.key[0] in ("tag", "place"):
                title = self.renderer(lang).listing_title(page.key)
                description, template = summary.describe_listing(edition, page.key[0], title), "record.html"
            else:
                title = self.renderer(lang).index_title(page.key[1])
                description, template = summary.describe_index(edition, page.key[1]), "record.html"
            # Material prints page.meta.title unescaped into <title> and the header.
            meta.update(title=str(escape(title)), description=str(escape(description)), template=template)
            return ""
        # A contributor's front matter: Material prints title, description, author, tags... unescaped.
        meta.update(escape_meta(dict(meta)))
        if lang != self.settings.default_language:
            markdown = _PAGE_LINK.sub(lambda m: m["lead"] + self._twin_link(src, m["path"], lang), markdown)
        text, placeholders = substitute(markdown, _TOKEN)
        self._placeholders[src] = placeholders
        return text

    def page_html(self, src: str, html: str, url: str) -> str:
        """A page's HTML: a generated page's from its fragment; an explainer page's with its
        references filled in, then sanitised; an untranslated twin marked as such."""
        page = self._pages.get(src)
        lang = self.edition_of(src)
        renderer = self.renderer(lang)
        if page is not None and page.copy_of is None:
            if page.key[0] == "404":
                return ""
            record = self._record(page.key)
            if record is not None:
                return renderer.record(record, url)
            return renderer.listing(page.key, url) if page.key[0] in ("tag", "place") else renderer.index(page.key[1], url)
        placeholders = self._placeholders.pop(src, [])
        cited = CitationList(self.site)
        paragraphs = paragraphs_of(html, (ph.token for ph in placeholders if ph.ref is not None and ph.ref.kind == "cite"))
        messages = self.edition(lang).messages
        # In a page shown untranslated, the engine's words are still the edition's (a link's
        # own text is the page's).
        marked = page is not None and page.copy_of is not None
        for ph in placeholders:
            ref = ph.ref
            if ref is None:
                rendered = renderer.fragment("citation", url, cl=cited)
                html = html.replace(f"<p>{ph.token}</p>", f'<div lang="{lang}">{rendered}</div>' if marked else rendered)
                continue
            if ref.id not in self.site.records.get(ref.type, {}):
                # Only while serving the last valid data: the reference was reported; show it as written.
                html = html.replace(ph.token, str(escape(f"[{ref.type}:{ref.id}]")))
                continue
            target = self.site.get(ref.type, ref.id)
            if ref.kind == "cite":
                cite = resolve_citation(ref, self.site)
                if isinstance(cite, str):  # reported; shown as written while serving the last valid data
                    html = html.replace(ph.token, str(escape(f"[@{ref.id}]")))
                    continue
                if ref.locator and not ref.by_start and lang != self.settings.default_language:
                    # The page's own locator is in the page's language, not the publication's.
                    cite = cite.model_copy(update={"locator": Local(ref.locator, self.settings.default_language, {lang: ref.locator})})
                back = messages.gettext("Back to paragraph %(number)s") % {"number": messages.number(paragraphs.get(ph.token, 1))}
                rendered = "".join(renderer.fragment("citation", url, mk=mk) for mk in cited.marks([cite], back))
            elif ref.kind == "card":
                rendered = renderer.fragment("card", url, record=target)
                html = html.replace(f"<p>{ph.token}</p>", f'<div lang="{lang}">{rendered}</div>' if marked else rendered)
            else:
                rendered = renderer.fragment("link", url, record=target, text=ref.text)
            html = html.replace(ph.token, f'<span lang="{lang}">{rendered}</span>' if marked and not ref.text else rendered)
        # Explainer pages are contributors' Markdown with raw HTML: keep only what the allow-list names.
        html = sanitise_page(html)
        if page is not None and page.copy_of is not None:
            html = renderer.fragment("untranslated", url, html=Markup(html), lang=self.settings.default_language)
        return html

    def page_context(
        self, src: str, url: str, title: str, description: str | None, html: str, *, canonical: str | None, homepage: bool
    ) -> dict[str, Any]:
        """What the page template gets beside the builder's own context: the edition's language
        and messages, the record, Open Graph properties, the twins in other editions, the feeds,
        and for a record page its JSON-LD and a citation of itself. The page also goes into its
        edition's search index (:meth:`search_files`), with its final HTML.

        Args:
            src: the page's source path.
            url: its site-relative URL.
            title: its title as the builder has it (escaped for the theme).
            description: its description from its front matter (escaped for the theme), if any.
            html: its content.
            canonical: its absolute URL, if the site has one.
            homepage: whether it is the home page.
        """
        lang = self.edition_of(src)
        edition = self.edition(lang)
        page = self._pages.get(src)
        record = self._record(page.key) if page is not None else None
        # Titles and descriptions were escaped for the theme; striptags undoes that.
        plain_description = Markup(description).striptags() if description else ""
        if page is None or page.key[0] != "404":
            # Only an explainer page is indexed by its HTML; the others need not keep theirs.
            text = html if not self.generates(src) else ""
            self._searched[src] = (lang, src, page, record, url, Markup(title or "").striptags(), plain_description, text)
        home = homepage or (page is None and edition_of_source(src, self.languages[1:])[0] == "index.md")
        opengraph = [
            ("og:type", "website" if home else "article"),
            ("og:site_name", edition.name),
            ("og:title", edition.name if home else Markup(title or edition.name).striptags()),
            ("og:description", plain_description or edition.description or ""),
            ("og:locale", str(edition.messages.locale)),
        ]
        opengraph += [("og:locale:alternate", str(self.edition(other).messages.locale)) for other in self.languages if other != lang]
        if canonical:
            opengraph.append(("og:url", canonical))
        gettext = edition.messages.gettext
        context: dict[str, Any] = {
            "record": record,
            # The language of the page's title where it is not the edition's (partials/header.html).
            "title_lang": edition.label_lang(record) if record is not None else None,
            "site_graph": self.site,
            "messages": edition.messages,
            "edition_language": lang,
            "material_language": self._material_language(lang),
            "edition_site_name": edition.name,
            "alternates": self.alternates(src, url) if len(self.languages) > 1 else [],
            "opengraph": opengraph,
            "atom_feeds": [
                (gettext("%(site)s: events") % {"site": edition.name}, edition.root + feeds.FEEDS["events"]),
                (gettext("%(site)s: sources") % {"site": edition.name}, edition.root + feeds.FEEDS["sources"]),
            ],
            "search_index": f"{edition.root}search/",
            # The A–Z index, which stands in for the search box where there is no JavaScript.
            "browse_index": edition.addresses.index("browse"),
            "jsonld": None,
            "page_citation": None,
            "last_changed": None,
            "page_date": self._date(edition, build_date()),
        }
        if record is not None:
            changed = self.changed(record)
            context["jsonld"] = jsonld.record_jsonld(edition, record)
            context["page_citation"] = citing.cite_page(
                edition, record, edition.addresses.record_url(record.type, record.id), build_date(), _day(changed)
            )
            path = self.site.path_of(record)
            context["page_date"] = context["last_changed"] = {
                **self._date(edition, changed),
                "history": history_url(self.info.repo_url, self.info.edit_uri, path),
            }
        return context

    def changed(self, record: Record) -> datetime | date:
        """When a record's file was last committed; the build date when git cannot say (outside a
        checkout, or changes not committed yet): ``SOURCE_DATE_EPOCH``, else today, so that one
        commit builds the same page every time."""
        return self.publication.history.last_change(self.site.path_of(record)) or build_date()

    @staticmethod
    def _date(edition: Edition, moment: datetime | date) -> dict[str, str]:
        """A moment as a page prints it: machine-readable (UTC) and in the edition's words."""
        iso = moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if isinstance(moment, datetime) else moment.isoformat()
        return {"datetime": iso, "day": edition.messages.day(_day(moment))}

    def alternates(self, src: str, url: str) -> list[dict[str, Any]]:
        """A page and its twins in every edition: language, its name, the link from the page
        (``url`` is the page's own URL; "/" for links from the site root) and the absolute URL."""
        base, _ = edition_of_source(src, self.languages[1:])
        if base == in_edition(NOT_FOUND, None):
            base = NOT_FOUND
        own = self.edition_of(src)
        found = []
        for lang in self.languages:
            twin = in_edition(base, None if lang == self.settings.default_language else lang)
            target = self._urls.get(twin)
            if target is None:
                continue
            edition = self.edition(lang)
            href = ("/" + target.removeprefix("./")) if url == "/" else _relative(target, url)
            found.append(
                {
                    "lang": lang,
                    "name": edition.messages.language_name(lang),
                    "href": href,
                    "absolute": edition.addresses.absolute(target) if edition.addresses.site_url else href,
                    "current": lang == own,
                }
            )
        return found

    def search_files(self, order: Iterable[str] | None = None, earlier: Build | None = None) -> Iterator[tuple[str, bytes]]:
        """The files of each edition's search index, under ``search/`` and ``<lang>/search/``.

        Args:
            order: every page's source path, in the builder's order (default: the order in which
                the pages' contexts were made, which is the same in a full build).
            earlier: the previous build of an incremental preview, whose pages stand for those
                this build did not render again.
        """
        entries = {**earlier._searched, **self._searched} if earlier is not None else self._searched
        for src in list(order if order is not None else entries):
            if (args := entries.get(src)) is not None:
                self._index(*args)
        self._searched = entries
        for state in self._editions.values():
            for path, content in state.search.files(state.lang):
                yield f"{state.root}search/{path}", content

    def edition_sitemaps(self) -> Iterator[tuple[str, bytes]]:
        """``<lang>/sitemap.xml`` for each edition under a folder of its own: its pages, each with
        its twins. The builder writes the site's own sitemap, of every page, at the root; a sitemap
        lists only addresses under its folder, and Material's script looks for one at each
        edition's root."""
        for lang in self.languages[1:]:
            urls = []
            for src, url in sorted(self._urls.items(), key=lambda item: item[1]):
                if self.edition_of(src) != lang or src == in_edition(NOT_FOUND, lang):
                    continue
                links = "".join(
                    f'\n    <xhtml:link rel="alternate" hreflang="{escape(alt["lang"])}" href="{escape(alt["absolute"])}"/>'
                    for alt in self.alternates(src, "/")
                )
                loc = self.edition(lang).addresses.absolute(url) if self.info.url else "/" + url
                urls.append(f"  <url>\n    <loc>{escape(loc)}</loc>{links}\n  </url>\n")
            yield (
                f"{lang}/sitemap.xml",
                (
                    '<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
                    f"{''.join(urls)}</urlset>\n"
                ).encode(),
            )

    def rendered_again(self, earlier: Build) -> set[str]:
        """The source paths of the pages that may differ from those of ``earlier``, the previous
        build of an incremental preview with the same settings and pages (see
        :mod:`explainer.builder.incremental`): the generated pages that show a changed record,
        every index page, and every explainer page and its copies."""
        keys = incremental.affected_pages(earlier.site, self.site, incremental.changed_records(earlier.site, self.site))
        return {src for src, page in self._pages.items() if page.key in keys or page.key[0] in ("index", "404") or not self.generates(src)}

    def generates(self, src: str) -> bool:
        """Whether the engine renders the page at a source path from its fragments (else it is an
        explainer page: the publication's own, or its copy in an edition without a translation)."""
        page = self._pages.get(src)
        return page is not None and page.copy_of is None

    def destination(self, src: str) -> tuple[str | None, str, str | None]:
        """Where a page lands: its edition's language (None for the default edition), its
        default-edition twin (whose place it takes under the language's folder), and a fixed
        file when it has one (``ko/404.html``)."""
        page = self._pages.get(src)
        base, lang = edition_of_source(src, self.languages[1:])
        return lang, base, page.dest if page is not None else None

    # -- helpers -------------------------------------------------------------------------------

    def edition(self, lang: str | None = None) -> Edition:
        """An edition (the default one when ``lang`` is None)."""
        state = self._editions[lang or self.settings.default_language]
        if state.edition is None:
            raise RuntimeError("Build.place() must run before the pages are rendered")
        return state.edition

    def renderer(self, lang: str | None = None) -> Renderer:
        self.edition(lang)
        renderer = self._editions[lang or self.settings.default_language].renderer
        assert renderer is not None
        return renderer

    def _plain(self, lang: str) -> Callable[[str], str]:
        """Markdown to plain text in an edition's language, through the pages' own sanitised rendering."""
        state = self._editions[lang]

        def plain(text: str) -> str:
            version = state.edition.text(text) if state.edition is not None else text
            return self._richtext(version).striptags()

        return plain

    def _material_language(self, lang: str) -> str:
        """The language Material's own labels are in: the edition's, or its primary subtag's."""
        loader = self.env.loader
        for code in (lang, lang.split("-")[0]):
            try:
                if loader is not None:
                    loader.get_source(self.env, f"partials/languages/{code}.html")
                    return code
            except jinja2.TemplateNotFound:
                continue
        return "en"

    def _twin_link(self, src: str, path: str, lang: str) -> str:
        """A link from a page of an edition to another page, made to lead to that page's twin."""
        folder = src.rsplit("/", 1)[0] + "/" if "/" in src else ""
        target = _normalise(folder + path)
        base, other = edition_of_source(target, self.languages[1:])
        twin = in_edition(base, lang)
        if other is not None or (twin not in self._urls and twin not in self._pages):
            return path
        return path.removesuffix(".md") + f".{lang}.md" if not path.endswith(f".{lang}.md") else path

    def _records(self) -> Iterator[tuple[Record, PageKey]]:
        for type_, records in self.site.records.items():
            for rid, record in records.items():
                yield record, record_key(type_, rid)

    def _listings(self) -> Iterator[PageKey]:
        """A page per tag that events have and per place, where the publication publishes the
        index of tags or of places."""
        published = self.settings.index_titles
        if "tags" in published:
            yield from (tag_key(tid) for tid in self.site.tagged)
        if "places" in published:
            yield from (place_key(place.slug) for place in self.site.places)

    def _record(self, key: PageKey) -> Record | None:
        return self.site.get(key[1], key[2]) if key[0] == "record" else None

    def _index(
        self, lang: str, src: str, page: GeneratedPage | None, record: Record | None, url: str, title: str, description: str, html: str
    ) -> None:
        """Add a page to its edition's search index: a record from its data, an index page by its
        title and description, an explainer page by its sections (unless its front matter excludes it)."""
        index = self._editions[lang].search
        if record is not None:
            search.add_record(index, self.edition(lang), record, url)
        elif page is not None and page.copy_of is None:
            # A tag's or a place's page is labelled as such in the results; its title is the name
            # of what it is about, which the worker ranks first when a query is that name.
            gettext = self.edition(lang).messages.gettext
            label = {"tag": gettext("Tag"), "place": gettext("Place")}.get(page.key[0], "")
            index.add(url, title, description, tag=label)
        elif src not in self._unsearched and (page is None or page.copy_of not in self._unsearched):
            search.add_page(index, html, url, title)


def walk_order(path: PurePath) -> tuple[tuple[str, ...], bool, str]:
    """The order MkDocs finds the files of a docs folder in (a path relative to it): folder by
    folder, a folder's own files before its subfolders', its index page first."""
    return (path.parent.parts, path.stem not in ("index", "README"), path.name)


def _day(moment: datetime | date) -> date:
    """The calendar day of a moment, in UTC as build dates are."""
    return moment.astimezone(UTC).date() if isinstance(moment, datetime) else moment


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _root_link(addresses: Addresses, url: str | None) -> str | None:
    """A link to a page from wherever a page may be (the 404 page is served at any address)."""
    if url is None:
        return None
    return addresses.absolute(url) if addresses.site_url else "/" + url.lstrip("./")


def _relative(target: str, page_url: str) -> str:
    """A link from the page at ``page_url`` to the site-relative ``target``."""
    return "../" * page_url.count("/") + target if target else "../" * page_url.count("/") or "./"
