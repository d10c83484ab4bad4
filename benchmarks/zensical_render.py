"""A builder without hooks against MkDocs with them: how much of a publication ``explainer render`` carries over.

Renders the publication with ``explainer render``, builds the rendered tree with the ``zensical``
executable it is given, builds the publication with MkDocs and its hooks, and prints:

- record pages built, of those the engine generates;
- references left unresolved: reference syntax (``[[event:…]]``, ``[@source…``) in the text of
  the pages' main content, outside code, in each build;
- pages whose URL exists in both builds, and those in one only;
- pages whose main content (the text of the ``article`` element, scripts left out, whitespace
  normalised) matches the MkDocs build's;
- the differences by kind: in the main content, and in what the page template adds around it
  (language, title, Open Graph, ``hreflang`` links, language selector, JSON-LD, licence line,
  edit link, table of contents, navigation, search index) and in the links of the main content,
  each with the number of pages and an example.

    .venv/bin/python benchmarks/zensical_render.py --zensical /path/to/bin/zensical [--config mkdocs.yml] [--work DIR]

It exits 0 once the figures are printed, whatever they are; 1 when a build fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

REFERENCE = re.compile(r"\[\[(?:event|quote|organisation|person|source):[^\]\s]+\]\]|\[@[^\]\s\"“]+")
"""Reference syntax of explainer pages (explainer.graph.references), as it shows where it was not resolved."""
HIDDEN = {"script", "style", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


class _Page(HTMLParser):
    """What one built page holds: its main content's text, and what its template adds around it."""

    def __init__(self, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.where = "https://site.invalid/" + where
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.article: list[str] = []
        self.prose: list[str] = []
        self.features: dict[str, Any] = {
            "html lang": None,
            "title": "",
            "Open Graph title": None,
            "hreflang links": [],
            "language selector": [],
            "JSON-LD": [],
            "licence line": False,
            "edit link": False,
            "table of contents": [],
            # The site's navigation, without the page's table of contents that Material nests in it (and its toggle).
            "navigation": [],
            "search index": None,
            "links in the main content": [],
        }

    def _inside(self, tag: str, cls: str) -> bool:
        return any(name == tag and cls in attrs.get("class", "").split() for name, attrs in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        classes = found.get("class", "").split()
        features = self.features
        if tag == "html":
            features["html lang"] = found.get("lang")
        elif tag == "meta" and found.get("property") == "og:title":
            features["Open Graph title"] = found.get("content")
        elif tag == "link" and "alternate" in found.get("rel", "").split() and "hreflang" in found:
            features["hreflang links"].append(f"{found['hreflang']} {found.get('href', '')}")
        elif tag == "a" and "md-select__link" in classes:
            features["language selector"].append(found.get("href", ""))
        elif "x-licence" in classes:
            features["licence line"] = True
        elif tag == "a" and "md-content__button" in classes and "/edit/" in found.get("href", ""):
            features["edit link"] = True
        elif tag == "a" and self._inside("nav", "md-nav--secondary"):
            features["table of contents"].append(found.get("href", ""))
        # The edit link is the template's, and counted as such.
        link = found.get("href") or found.get("src")
        if tag in ("a", "img") and link and "md-content__button" not in classes and self._inside("article", "md-content__inner"):
            # Where each leads, however it is written (../../ko/x/ and ../x/ from ko/y/ are one link).
            features["links in the main content"].append(urljoin(self.where, link).removeprefix("https://site.invalid"))
        if tag not in VOID:
            self.stack.append((tag, found))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        tags = [name for name, _ in self.stack]
        if tags and tags[-1] == "title" and "head" in tags:
            self.features["title"] += data
        elif tags and tags[-1] == "script":
            attrs = self.stack[-1][1]
            if attrs.get("type") == "application/ld+json":
                self.features["JSON-LD"].append(json.loads(data))
            elif attrs.get("id") == "__config":
                self.features["search index"] = json.loads(data).get("search", "").partition("#")[2]
        if "article" in tags and not HIDDEN & set(tags):
            self.article.append(data)
            if not {"code", "pre"} & set(tags):
                self.prose.append(data)
        elif (
            self._inside("nav", "md-nav--primary")
            and not self._inside("nav", "md-nav--secondary")
            and not any(attrs.get("for") == "__toc" for _, attrs in self.stack)
            and {"a", "label"} & set(tags)
            and data.strip()
        ):
            self.features["navigation"].append(data.strip())


@dataclass(frozen=True)
class PageFacts:
    """One built page: the text of its main content, that text outside code, and its template's features."""

    text: str
    prose: str
    features: dict[str, Any]


def read_page(path: Path, where: str = "") -> PageFacts:
    """What a built page holds; ``where`` is its path in the site, which its relative links start from."""
    return read_page_text(path.read_text(encoding="utf-8"), where)


def read_page_text(html: str, where: str = "") -> PageFacts:
    """What a page's HTML holds (:class:`PageFacts`)."""
    parser = _Page(where)
    parser.feed(html)
    parser.close()
    features = {**parser.features, "title": " ".join(parser.features["title"].split())}
    return PageFacts(" ".join(" ".join(parser.article).split()), " ".join(parser.prose), features)


def site_pages(site: Path) -> dict[str, PageFacts]:
    """Every HTML page of a built site but the redirect pages, by its path in the site."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        head = path.read_text(encoding="utf-8")[:2000]
        if 'http-equiv="refresh"' not in head:
            where = path.relative_to(site).as_posix()
            found[where] = read_page(path, where)
    return found


def unresolved(pages: Iterable[PageFacts]) -> int:
    """How many references show as written in the pages' main content, outside code."""
    return sum(len(REFERENCE.findall(page.prose)) for page in pages)


@dataclass
class Comparison:
    """A build without hooks against the build with them."""

    records_expected: int
    records_built: int
    unresolved: int
    unresolved_with_hooks: int
    pages_with_hooks: int
    common: list[str]
    only_with_hooks: list[str]
    only_without: list[str]
    matching: list[str]
    differences: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def lines(self, name: str) -> list[str]:
        out = [
            f"record pages built: {self.records_built} / {self.records_expected}",
            f"unresolved references: {self.unresolved} (with the hooks: {self.unresolved_with_hooks})",
            f"pages at the same URL in both builds: {len(self.common)} / {self.pages_with_hooks}",
            f"  only with the hooks: {_listed(self.only_with_hooks)}",
            f"  only in the {name} build: {_listed(self.only_without)}",
            f"pages whose main content matches: {len(self.matching)} / {len(self.common)}",
            "differences by kind (pages, first example):",
        ]
        for kind, pages in sorted(self.differences.items(), key=lambda item: (-len(item[1]), item[0])):
            page, example = pages[0]
            out.append(f"  {kind}: {len(pages)}; {page}: {example}")
        return out


def compare(with_hooks: dict[str, PageFacts], without: dict[str, PageFacts], record_pages: set[str]) -> Comparison:
    """Compare two builds of one publication, page by page (by their paths in the site)."""
    common = sorted(set(with_hooks) & set(without))
    result = Comparison(
        records_expected=len(record_pages),
        records_built=len(record_pages & set(without)),
        unresolved=unresolved(without.values()),
        unresolved_with_hooks=unresolved(with_hooks.values()),
        pages_with_hooks=len(with_hooks),
        common=common,
        only_with_hooks=sorted(set(with_hooks) - set(without)),
        only_without=sorted(set(without) - set(with_hooks)),
        matching=[page for page in common if with_hooks[page].text == without[page].text],
    )
    for page in common:
        ours, theirs = with_hooks[page], without[page]
        if ours.text != theirs.text:
            result.differences.setdefault("main content", []).append((page, _first_difference(ours.text, theirs.text)))
        for kind, value in ours.features.items():
            if theirs.features[kind] != value:
                result.differences.setdefault(kind, []).append((page, f"{_short(value)} -> {_short(theirs.features[kind])}"))
    return result


def expected_record_pages(config: Path) -> set[str]:
    """The path in the site of every record page the engine generates, in every edition."""
    from explainer.builder import Build

    build = Build.offline(config)
    placed = build.placed()
    return {_file_of(placed[page.src]) for page in build.pages() if page.key[0] == "record"}


def _file_of(url: str) -> str:
    return url + "index.html" if url.endswith("/") or not url else url


def _first_difference(a: str, b: str) -> str:
    start = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"{a[max(0, start - 30) : start + 50]!r} -> {b[max(0, start - 30) : start + 50]!r}"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 90 else text[:87] + "..."


def _listed(pages: list[str]) -> str:
    return "none" if not pages else ", ".join(pages[:5]) + (f" and {len(pages) - 5} more" if len(pages) > 5 else "")


def _run(command: list[str], cwd: Path | None = None) -> bool:
    print("$", " ".join(command), flush=True)
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stdout[-4000:] + done.stderr[-4000:], file=sys.stderr)
    return done.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--zensical", required=True, help="the zensical executable to build the rendered tree with")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the publication's mkdocs.yml (default: mkdocs.yml)")
    parser.add_argument("--work", type=Path, help="where the tree and both sites go (default: a temporary folder, removed after)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="zensical-render-"))
    try:
        tree, hooked = work / "tree", work / "mkdocs"
        config = args.config.resolve()
        if not _run([sys.executable, "-m", "explainer.tools.cli", "render", str(tree), "--builder", "zensical", "--config", str(config)]):
            return 1
        if not _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(hooked)]):
            return 1
        version = subprocess.run([args.zensical, "--version"], capture_output=True, text=True).stdout.strip()
        if not _run([args.zensical, "build", "--clean", "-f", str(tree / "mkdocs.yml")], cwd=tree):
            return 1
        comparison = compare(site_pages(hooked), site_pages(tree / "site"), expected_record_pages(config))
        print(
            f"\nZensical {version.removeprefix('zensical').strip()} on {args.config.as_posix()}, rendered by explainer render, against MkDocs with the hooks"
        )
        print("\n".join(comparison.lines("Zensical")))
        return 0
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
