"""An explainer page's Markdown made HTML as MkDocs 1.6 makes it, for a build that runs without MkDocs.

MkDocs reads a page's front matter, renders its Markdown with the configured extensions (``toc``,
``tables`` and ``fenced_code`` always among them), makes every relative link to a page or file lead
to where the builder puts it, and takes the page's title from its first heading. ``explainer
render`` does the same here, so that an explainer page's HTML, and the search index made from it,
come out as they do in a build with the hooks.
"""

from __future__ import annotations

import copy
import posixpath
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit
from xml.etree import ElementTree as etree

import markdown
import yaml
from markdown.treeprocessors import Treeprocessor, UnescapeTreeprocessor
from markdown.util import AMP_SUBSTITUTE

from ..builder.wiring import heading_slugify

BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
"""The extensions MkDocs always adds before a configuration's own."""

_YAML_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
_MMD_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_MMD_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")
_ATTRIBUTE = re.compile(r'(?P<name>\b(?:href|src))="(?P<value>[^"]*)"')


def split_front_matter(text: str) -> tuple[str, dict[str, Any]]:
    """A page's Markdown and its front matter: a YAML block between ``---`` lines or, without
    one, MultiMarkdown's ``key: value`` lines up to the first blank line (as MkDocs reads them)."""
    if found := _YAML_FRONT.match(text):
        try:
            data = yaml.safe_load(found[1])
        except yaml.YAMLError:
            return text, {}
        return (text[found.end() :].lstrip("\n"), data) if isinstance(data, dict) else (text, {})
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta: dict[str, Any] = {}
    key = None
    while lines:
        line = lines.pop(0)
        if not line.strip():
            break
        if head := _MMD_KEY.match(line):
            key = head["key"].lower().strip()
            value = head["value"].strip()
            meta[key] = f"{meta[key]} {value}" if key in meta else value
        elif key is not None and (more := _MMD_MORE.match(line)):
            meta[key] = f"{meta[key]} {more['value'].strip()}"
        else:
            lines.insert(0, line)
            break
    return "\n".join(lines).lstrip("\n"), meta


def extensions_of(configured: Any) -> tuple[list[Any], dict[str, Any]]:
    """The extensions and their settings from ``markdown_extensions``, as MkDocs and the hooks use
    them: the built-in ones first, and heading anchors in every script unless ``toc`` names its own."""
    items = [{k: v} for k, v in configured.items()] if isinstance(configured, dict) else list(configured or [])
    names: list[Any] = list(BUILTIN_EXTENSIONS)
    configs: dict[str, Any] = {}
    for item in items:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if isinstance(config, dict):
            configs[name] = dict(config)
    configs.setdefault("toc", {}).setdefault("slugify", heading_slugify())
    return names, configs


class PageMarkdown:
    """Renders the explainer pages of one build.

    Args:
        extensions: the Markdown extensions, as :func:`extensions_of` gives them.
        configs: their settings.
        urls: the URL of every page (by source path) and file (by its path) of the site, as the
            builder gives them (the home page's is ``./``).
    """

    def __init__(self, extensions: list[Any], configs: dict[str, Any], urls: Mapping[str, str]) -> None:
        self.extensions, self.configs, self.urls = extensions, configs, urls

    def render(self, src: str, url: str, text: str) -> tuple[str, str | None]:
        """A page's HTML, and the title its first heading gives it (None without one).

        Args:
            src: the page's source path.
            url: its URL, as the builder gives it.
            text: its Markdown, without its front matter.
        """
        md = markdown.Markdown(extensions=self.extensions, extension_configs=self.configs)
        links = _Links(md, src, url, self.urls)
        md.treeprocessors.register(links, "relpath", 0)
        title = _Title(md)
        md.treeprocessors.register(title, "mkdocs_extract_title", 1)
        return md.convert(text), title.title


def relative_url(url: str, other: str) -> str:
    """``url`` relative to the page at ``other``, both site-relative (MkDocs' ``get_relative_url``)."""
    folder, _, name = other.rpartition("/")
    if "." in name:
        other = folder
    here, there = _parts(other), _parts(url)
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


def links_from_source(html: str, src: str, url: str) -> str:
    """A page's HTML with each relative link made relative to the folder of the page's file
    instead of to its URL: a builder that reads links in a page's HTML as it reads Markdown links
    (Zensical) makes them relative to the URL again.

    Args:
        html: the page's HTML, its attributes in double quotes (as the engine writes them).
        src: the page's file, relative to the docs folder.
        url: its URL.
    """
    folder, here = posixpath.dirname(src), url.rpartition("/")[0]

    def moved(found: re.Match[str]) -> str:
        scheme, netloc, path, query, anchor = urlsplit(found["value"])
        target = posixpath.normpath(posixpath.join(here, path)) if path else ""
        if scheme or netloc or not path or path.startswith("/") or target.startswith(".."):
            return found[0]
        link = posixpath.relpath(target, folder or ".")
        link = "./" if link == "." else link + "/" if path.endswith("/") else link
        return f'{found["name"]}="{urlunsplit(("", "", link, query, anchor))}"'

    return _ATTRIBUTE.sub(moved, html)


def _parts(path: str) -> list[str]:
    path = posixpath.normpath("/" + path.lstrip("/"))[1:]
    return path.split("/") if path else []


class _Links(Treeprocessor):
    """Relative links to the site's pages and files, made to lead to where the builder puts them."""

    def __init__(self, md: markdown.Markdown, src: str, url: str, urls: Mapping[str, str]) -> None:
        super().__init__(md)
        self.src, self.url, self.urls = src, url or "./", urls

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            key = {"a": "href", "img": "src"}.get(element.tag)
            if key is not None and (value := element.get(key)) is not None:
                element.set(key, self._link(value))

    def _link(self, url: str) -> str:
        scheme, netloc, path, query, anchor = urlsplit(url)
        if scheme or netloc or url.startswith(("/", "\\")) or AMP_SUBSTITUTE in url or not path:
            return url
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.src), unquote(path)).lstrip("/"))
        found = self.urls.get(target)
        # A link to nothing was reported when the publication was checked; it stays as written.
        return url if found is None else urlunsplit(("", "", relative_url(found, self.url), query, anchor))


class _Title(Treeprocessor):
    """The text of the page's first element when it is an ``h1``, as MkDocs takes a page's title."""

    title: str | None = None

    def run(self, root: etree.Element) -> None:
        for element in root:
            if element.tag == "h1":
                self.title = self._text(copy.deepcopy(element))
            break

    def _text(self, heading: etree.Element) -> str:
        if len(heading) and heading[-1].tag == "a" and heading[-1].get("class") == "headerlink":
            del heading[-1]
        for parent in list(heading.iter()):
            for child in reversed(list(parent)):
                if child.tag == "sup" and child.get("id", "").startswith("fnref"):
                    _replace(parent, child, "")
                elif child.tag == "img" and child.get("alt"):
                    _replace(parent, child, child.get("alt", ""))
        text = UnescapeTreeprocessor().unescape(self.md.serializer(heading))
        text = text[text.index(">") + 1 : text.rindex("<")].strip()
        for processor in self.md.postprocessors:
            text = processor.run(text)
        while (start := text.find("<!--")) != -1 and (end := text.find("-->", start)) != -1:
            text = text[:start] + text[end + 3 :]
        while (start := text.find("<")) != -1 and (end := text.find(">", start)) != -1:
            text = text[:start] + text[end + 1 :]
        return " ".join(text.split())


def _replace(parent: etree.Element, child: etree.Element, text: str) -> None:
    """Put text where an element was, keeping the text that followed it."""
    carried = text + (child.tail or "")
    index = list(parent).index(child)
    if index:
        before = parent[index - 1]
        before.tail = (before.tail or "") + carried
    else:
        parent.text = (parent.text or "") + carried
    parent.remove(child)
