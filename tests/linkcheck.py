"""Follow the links of a built site: every internal URL of every HTML page must lead to a file, and each fragment to an id."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

EXTERNAL_SCHEMES = ("http", "https", "mailto")
URL_ATTRIBUTES = ("href", "src", "action", "poster", "data")
_REFRESH = re.compile(r"^\s*\d+\s*;\s*url\s*=\s*(?P<url>.+?)\s*$", re.I)


@dataclass
class Page:
    """The ids of one page and every URL it refers to, with the line it is on."""

    ids: set[str] = field(default_factory=set)
    urls: list[tuple[int, str, str]] = field(default_factory=list)  # (line, tag.attribute, url)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.page.ids.add(value)
            elif name in URL_ATTRIBUTES:
                self.page.urls.append((line, f"{tag}.{name}", value))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.page.urls.append((line, f"{tag}.srcset", candidate.split()[0]))
        # The target of a redirect page: <meta http-equiv="refresh" content="0; url=...">.
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            refresh = _REFRESH.match(values.get("content", ""))
            if refresh:
                self.page.urls.append((line, "meta.refresh", refresh["url"].strip("'\"")))

    handle_startendtag = handle_starttag


def parse_page(path: Path) -> Page:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.page


def parse_site(root: Path) -> dict[str, Page]:
    """Every HTML page of a built site, keyed by its path relative to the site."""
    return {p.relative_to(root).as_posix(): parse_page(p) for p in sorted(root.rglob("*.html"))}


def target_file(root: Path, page: str, path: str) -> tuple[str, Path | None]:
    """The site-relative file a relative or root-relative URL path from ``page`` leads to, if it exists."""
    base = PurePosixPath("/" + page).parent
    joined = PurePosixPath(unquote(path)) if path.startswith("/") else base / unquote(path)
    parts: list[str] = []
    for part in joined.parts[1:]:
        if part == "..":
            if not parts:
                return str(joined), None  # climbs out of the site
            parts.pop()
        elif part != ".":
            parts.append(part)
    rel = "/".join(parts)
    candidate = root / rel if rel else root
    if candidate.is_dir():
        candidate = candidate / "index.html"
        rel = f"{rel}/index.html" if rel else "index.html"
    return rel, (candidate if candidate.is_file() else None)


def check_url(root: Path, pages: dict[str, Page], page: str, url: str) -> str | None:
    """What is wrong with one URL on one page, or None."""
    parts = urlsplit(url.strip())
    if parts.scheme:
        if parts.scheme.lower() not in EXTERNAL_SCHEMES:
            return f"uses the scheme {parts.scheme!r}; only http(s) and mailto may leave the site"
        if parts.scheme.lower() != "mailto" and not parts.netloc:
            return "is not an absolute URL"
        return None
    if parts.netloc:
        return "is protocol-relative; write https://"
    target: Path | None
    if not parts.path:  # "#fragment" or "?query" on the same page
        target_rel, target = page, root / page
    else:
        target_rel, target = target_file(root, page, parts.path)
        if target is None:
            return f"leads to {target_rel}, which does not exist"
    fragment = unquote(parts.fragment)
    if fragment and target_rel in pages and fragment not in pages[target_rel].ids:
        return f"points at #{fragment}, which is no id in {target_rel}"
    return None


def problems(root: Path, pages: dict[str, Page]) -> Iterator[str]:
    """Every broken URL of the site, as ``page:line: tag.attribute 'url' what is wrong``."""
    for page, parsed in pages.items():
        for line, where, url in parsed.urls:
            problem = check_url(root, pages, page, url)
            if problem:
                yield f"{page}:{line}: {where} {url!r} {problem}"
