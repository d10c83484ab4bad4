"""Links on the real site: every internal link and asset resolves, to the element too; every external one is http(s)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

from gates import real_site

pytestmark = pytest.mark.build

EXTERNAL_SCHEMES = ("http", "https", "mailto")
URL_ATTRIBUTES = ("href", "src", "action", "poster", "data")


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

    handle_startendtag = handle_starttag


def parse_page(path: Path) -> Page:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Page]]:
    """The real site and every HTML page in it, keyed by path relative to the site."""
    root = real_site(tmp_path_factory)
    return root, {p.relative_to(root).as_posix(): parse_page(p) for p in sorted(root.rglob("*.html"))}


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
    for page, parsed in pages.items():
        for line, where, url in parsed.urls:
            problem = check_url(root, pages, page, url)
            if problem:
                yield f"{page}:{line}: {where} {url!r} {problem}"


def test_every_link_on_the_real_site_resolves(site: tuple[Path, dict[str, Page]]) -> None:
    root, pages = site
    assert len(pages) > 20
    found = sorted(set(problems(root, pages)))
    assert found == [], f"{len(found)} broken links:\n" + "\n".join(found[:50])


def test_the_site_links_its_records_from_its_indexes(site: tuple[Path, dict[str, Page]]) -> None:
    """The link check has something to check: index pages link record pages, with fragments too."""
    _, pages = site
    timeline = [u for _, where, u in pages["timeline/index.html"].urls if where == "a.href" and u.startswith("../events/")]
    assert timeline
    fragments = [u for p in pages.values() for _, _, u in p.urls if "#" in u and not u.startswith("http")]
    assert any("timeline/#" in u for u in fragments)


@pytest.mark.parametrize(
    ("url", "wrong"),
    [
        ("javascript:alert(1)", "scheme"),
        ("//evil.example/x.js", "protocol-relative"),
        ("https:relative", "absolute"),
        ("../nowhere/", "does not exist"),
        ("../../../../etc/passwd", "does not exist"),
        ("../timeline/#no-such-id", "no id"),
        ("#no-such-id", "no id"),
    ],
)
def test_the_check_catches_bad_links(site: tuple[Path, dict[str, Page]], url: str, wrong: str) -> None:
    root, pages = site
    problem = check_url(root, pages, "people/index.html", url)
    assert problem is not None and wrong in problem


@pytest.mark.parametrize(
    "url",
    [
        "../timeline/",
        "../timeline/#top",
        "./",
        "#top",
        "../assets/stylesheets/explainer.css",
        "mailto:a@example.org",
        "https://example.org/a?b#c",
    ],
)
def test_the_check_passes_good_links(site: tuple[Path, dict[str, Page]], url: str) -> None:
    root, pages = site
    assert check_url(root, pages, "people/index.html", url) is None
