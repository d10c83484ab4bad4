"""``explainer render``: the whole site as a plain project, for a builder that runs no hooks.

The engine renders every page it would hand MkDocs (each record's page, the index, tag and place
pages, every edition's pages and the untranslated twins, the page of a missing address in the
other editions) and every explainer page with its references resolved, and writes each as a
Markdown file whose front matter gives its title and description and whose body is the engine's
HTML; and it writes every generated file (downloads, feeds, redirect pages, each edition's search
index, the other editions' sitemaps) at its path in the site. A ``mkdocs.yml`` without ``hooks:``
and a theme folder (the engine's templates, with the publication's overrides over them) go beside
them, so that ``mkdocs build`` without the hooks, or Zensical, builds the site at the same
addresses, with the same page content.

The theme's templates get the default edition's words written in (:mod:`.theme_words`), and
the fragments that show the same on every page (the footer's licences, the 404 page's links to
each edition) written out, since a builder without hooks has neither the catalogues nor the
engine's data. Zensical reads a relative link in a page's HTML as relative to the page's file,
as it reads Markdown links, and MkDocs leaves it as written: ``--builder zensical`` writes the
links for the first.

What the hooks give a page that a builder without them cannot:

- The per-page template context: a record page's JSON-LD, when it last changed and "Cite this
  page" go into the page's body instead (the JSON-LD in the body rather than the head); its Open
  Graph properties are the site's, and the print-only address and date line is missing.
- The editions: every page gets the default edition's navigation, header, interface labels, site
  name and ``<html lang>`` (another edition's page marks its content with its language), and
  searches the default edition's index. The language selector is Material's own, from
  ``extra.alternate``, which leads to each edition's home page (Material's script may take a
  reader on to the page's twin, through the edition's sitemap); the head's ``hreflang`` links
  name the editions' home pages, not the page's twins.
- An edition's page for a missing address lands at ``<lang>/404/``, not ``<lang>/404.html``.
  Pages have no edit links (their files here are not the ones to edit), and an explainer page's
  table of contents is missing from the sidebar (its body is HTML, in which the builder finds no
  headings).

``benchmarks/zensical_render.py`` measures each of these against a build with the hooks.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import yaml
from markupsafe import Markup

from ..builder import THEME_DIR, Build, GeneratedPage
from ..builder.driver import walk_order
from ..errors import DataError
from ..load.project import read_project
from ..render.sanitise import plain_text
from .markdown_page import PageMarkdown, extensions_of, links_from_source, split_front_matter
from .theme_words import compile_words

HEADER = "# Written by `explainer render` from {source}, for {builder}; render again rather than edit it.\n"
LEFT_OUT = ("sitemap.xml", "partials/alternate.html")
"""Theme files a builder without hooks is better off with its own of: the engine's sitemap lists
each page's twins from the hooks' data, and its language selector lists the twins the hooks give
each page (Material's own leads to each edition's home page, from ``extra.alternate``)."""

SITE_FRAGMENTS = ("licence", "editions")
"""Fragments of the builder's templates that show the same on every page (the footer's licences,
the links to each edition's home page on the page of a missing address): written out once for a
builder without hooks, which has not the engine's data for them."""


@dataclass(frozen=True)
class Rendered:
    """What ``explainer render`` wrote."""

    pages: int
    record_pages: int
    files: int


@dataclass(frozen=True)
class _Tagged:
    """A value with a YAML tag that the tree's ``mkdocs.yml`` keeps as written (``!ENV``, ``!!python/name:``)."""

    tag: str
    value: Any


class _TagKeeper(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` keeping every tag it does not know."""


def _keep(loader: _TagKeeper, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, loader.construct_sequence(node, deep=True))
    if isinstance(node, yaml.MappingNode):
        return _Tagged(node.tag, loader.construct_mapping(node, deep=True))
    return _Tagged(node.tag, loader.construct_scalar(node))  # type: ignore[arg-type]


_TagKeeper.add_multi_constructor("", _keep)


class _TagWriter(yaml.SafeDumper):
    """Writes the tags :class:`_TagKeeper` kept."""


def _write_tag(dumper: _TagWriter, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_TagWriter.add_representer(_Tagged, _write_tag)


def run(config_file: Path, out: Path, builder: str = "mkdocs") -> int:
    """``explainer render OUT``: 0 when the tree is written, 1 for invalid data, 2 for a refused folder."""
    if out.exists() and any(out.iterdir()) and not _rendered_before(out):
        print(
            f"explainer: error: {out.as_posix()} is not empty and was not written by `explainer render`; give a new or empty folder",
            file=sys.stderr,
        )
        return 2
    try:
        rendered = render(config_file, out, builder)
    except DataError as exc:
        for diag in exc.diagnostics:
            print(diag, file=sys.stderr)
        print(exc.summary(), file=sys.stderr)
        return 1
    print(
        f"{out.as_posix()}: {rendered.pages} pages ({rendered.record_pages} of records) and {rendered.files} files; "
        f"build it with `{builder} build -f {(out / 'mkdocs.yml').as_posix()}`"
    )
    return 0


def render(config_file: Path, out: Path, builder: str = "mkdocs") -> Rendered:
    """Write the publication of ``config_file`` into ``out`` as a project without hooks.

    Args:
        config_file: the publication's ``mkdocs.yml``.
        out: the folder to write the project into.
        builder: the builder it is for. They differ in one thing that matters here: MkDocs leaves
            the links in a page's HTML as they are, so they are written relative to the page's
            URL; Zensical reads them as relative to the page's file, as it reads Markdown links,
            so they are written relative to that (see :func:`links_from_source`).

    Raises:
        DataError: when the publication is invalid, or a template of its theme cannot be written
            without the hooks.
    """
    config = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_TagKeeper)
    project = read_project(config_file)
    build = Build.offline(config_file, config.get("use_directory_urls", True) is not False)
    generated = {page.src: page for page in build.pages()}
    placed = {src: url for src, url in build.placed().items() if not (src in generated and generated[src].placeholder)}
    statics = [
        path
        for path in sorted((p.relative_to(project.docs_dir) for p in project.docs_dir.rglob("*") if p.is_file()), key=walk_order)
        if path.suffix != ".md" and not any(part.startswith(".") for part in path.parts)
    ]
    files = build.files()
    links = {src: url or "./" for src, url in placed.items()}
    links.update({path: quote(path) for path in [*(p.as_posix() for p in statics), *files]})
    names, configs = extensions_of(_resolved(config.get("markdown_extensions"), config_file.parent))
    for folder in ("docs", "overrides"):
        shutil.rmtree(out / folder, ignore_errors=True)
    # As MkDocs does: every page's Markdown and HTML first, then each page's context (which
    # indexes it for search), in the same order, so that the search index comes out the same.
    markdown, titles = PageMarkdown(names, configs, links), dict(_nav_titles(config.get("nav")))
    drafts = [_draft(build, project.docs_dir, src, url, generated.get(src), markdown, titles) for src, url in placed.items()]
    for draft in drafts:
        lang, base, _ = build.destination(draft.src)
        target = base if lang is None else f"{lang}/{base}"
        _write(out / "docs" / target, _page_file(build, draft, lang, project.site_url, target if builder == "zensical" else None))
    files.update(build.search_files())
    files.update(build.edition_sitemaps())
    for name, content in files.items():
        _write(out / "docs" / name, content)
    for path in statics:
        (out / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(project.docs_dir / path, out / "docs" / path)
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {"name": config.get("theme") or "mkdocs"}
    own = config_file.parent / theme["custom_dir"] if theme.get("custom_dir") else None
    _write_theme(out / "overrides", own, build)
    header = HEADER.format(source=config_file.as_posix(), builder=builder)
    _write(out / "mkdocs.yml", header + _tree_config(config, theme, build, project.site_url))
    records = sum(1 for src in placed if src in generated and generated[src].key[0] == "record")
    return Rendered(len(placed), records, len(files) + len(statics))


@dataclass(frozen=True)
class _Draft:
    """A page rendered, before its context: where it is, its title, front matter and HTML."""

    src: str
    url: str
    title: str
    meta: dict[str, Any]
    html: str
    home: bool
    missing: bool


def _draft(
    build: Build, docs: Path, src: str, url: str, page: GeneratedPage | None, markdown: PageMarkdown, titles: dict[str, str]
) -> _Draft:
    """A page's front matter and HTML as the hooks make them under MkDocs, and its title as MkDocs takes it."""
    own = not build.generates(src)
    source = (docs / (page.copy_of if page and page.copy_of else src)).read_text(encoding="utf-8-sig") if own else ""
    text, meta = split_front_matter(source)
    text = build.page_markdown(src, text, meta)
    html, heading = markdown.render(src, url, text) if own else ("", None)
    html = build.page_html(src, html, url)
    home = url in ("", "index.html") and src in ("index.md", "README.md")
    title = str(titles.get(src) or meta.get("title") or heading or ("Home" if home else _file_title(src)))
    if own:
        # As the adapter makes an explainer page's title (wiring.plain_titles).
        title = plain_text(title)
        if not home:
            meta["title"] = title
    return _Draft(src, url, title, meta, html, home, page is not None and page.key[0] == "404")


def _page_file(build: Build, draft: _Draft, lang: str | None, site_url: str | None, relink: str | None) -> str:
    """A page's Markdown file: its front matter, and its HTML with what its context adds to it;
    with ``relink``, the file's path, its links relative to that (:func:`links_from_source`)."""
    canonical = urljoin(site_url.rstrip("/") + "/", draft.url) if site_url else None
    context = build.page_context(
        draft.src, draft.url, draft.title, draft.meta.get("description"), draft.html, canonical=canonical, homepage=draft.home
    )
    body = ""
    if not draft.missing:  # the page of a missing address is its template's (404.html)
        body = build.renderer(build.edition_of(draft.src)).fragment(
            "rendered",
            draft.url,
            html=Markup(draft.html),
            lang=lang,
            jsonld=context["jsonld"],
            last_changed=context["last_changed"],
            page_citation=context["page_citation"],
        )
    if relink is not None:
        body = links_from_source(body, relink, draft.url)
    front = yaml.safe_dump(draft.meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n{body}\n"


def _tree_config(config: dict[str, Any], theme: dict[str, Any], build: Build, site_url: str | None) -> str:
    """The tree's ``mkdocs.yml``: the publication's, without its hooks and settings, its docs and
    theme folder the tree's, no edit links, and a language selector where there are editions."""
    tree = {key: value for key, value in config.items() if key not in ("hooks", "watch", "site_dir")}
    tree["docs_dir"] = "docs"
    tree["theme"] = {**theme, "custom_dir": "overrides"}
    tree["edit_uri"] = ""
    extra = {key: value for key, value in (config.get("extra") or {}).items() if key != "explainer"}
    if len(build.languages) > 1 and not isinstance(extra.get("alternate"), list):
        prefix = urlsplit(site_url).path.rstrip("/") if site_url else ""
        extra["alternate"] = [
            {"name": build.edition(lang).messages.language_name(lang), "link": f"{prefix}/{build.edition(lang).root}", "lang": lang}
            for lang in build.languages
        ]
    tree["extra"] = extra
    return yaml.dump(tree, Dumper=_TagWriter, allow_unicode=True, sort_keys=False)


def _write_theme(folder: Path, own: Path | None, build: Build) -> None:
    """The engine's theme files, the publication's own over them, with the default edition's
    words written into every template the builder renders, and the fragments that show the same
    on every page written out."""
    for source in (THEME_DIR, own):
        if source is None or not source.is_dir():
            continue
        for path in sorted(source.rglob("*")):
            rel = path.relative_to(source).as_posix()
            if path.is_file() and not (source == THEME_DIR and rel in LEFT_OUT):
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, folder / rel)
    for name in SITE_FRAGMENTS:
        html = build.renderer().fragment(name, "", explainer=build.theme_globals())
        _write(folder / "fragments" / f"{name}.html", "{% raw %}" + html + "{% endraw %}\n")
    gettext = build.edition().messages.gettext
    problems = []
    for path in sorted(folder.rglob("*.html")):
        rel = path.relative_to(folder).as_posix()
        if rel.startswith("fragments/"):
            continue  # the engine's, which the builder includes only as written out above
        try:
            path.write_text(compile_words(path.read_text(encoding="utf-8"), gettext, rel), encoding="utf-8")
        except DataError as exc:
            problems += exc.diagnostics
    if problems:
        raise DataError(problems)


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _rendered_before(out: Path) -> bool:
    config = out / "mkdocs.yml"
    return config.is_file() and config.read_text(encoding="utf-8").startswith(HEADER.split("{", 1)[0])


def _nav_titles(nav: Any) -> list[tuple[str, str]]:
    """The titles the navigation gives pages, by source path."""
    found: list[tuple[str, str]] = []
    for item in nav if isinstance(nav, list) else []:
        if isinstance(item, dict):
            for title, value in item.items():
                found += [(value, str(title))] if isinstance(value, str) else _nav_titles(value)
    return found


def _file_title(src: str) -> str:
    """A page's title from its file name, as MkDocs makes one when nothing else gives it."""
    title = src.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _resolved(value: Any, folder: Path) -> Any:
    """A value of ``mkdocs.yml`` with its tags read as MkDocs reads them: ``!!python/name:``
    imports the object, ``!ENV`` takes the variable (or its default), ``!relative`` the path."""
    if isinstance(value, list):
        return [_resolved(item, folder) for item in value]
    if isinstance(value, dict):
        return {key: _resolved(item, folder) for key, item in value.items()}
    if not isinstance(value, _Tagged):
        return value
    if value.tag.startswith("tag:yaml.org,2002:python/name:"):
        module, _, name = value.tag.split(":", 3)[-1].rpartition(".")
        return getattr(importlib.import_module(module), name)
    if value.tag == "!ENV":
        names = value.value if isinstance(value.value, list) else [value.value]
        for name in names[:-1] if len(names) > 1 else names:
            if str(name) in os.environ:
                return yaml.safe_load(os.environ[str(name)])
        return names[-1] if len(names) > 1 else None
    if value.tag == "!relative":
        return str(folder / str(value.value or ""))
    return value.value
