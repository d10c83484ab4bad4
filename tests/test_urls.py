"""The fixture publications, with and without directory URLs: every internal link, asset, redirect and search result resolves
(in every edition of the two-language one)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from linkcheck import Page, check_url, parse_site, problems, target_file
from sitebuild import HARBOUR, LINDENAU, MINIMAL, build_project, make_project, search_documents

pytestmark = pytest.mark.build

REDIRECT = ("events/2023-06-17-hochwasser", "events/2023-06-17-wendel-tritt-ueber-die-ufer")
"""The former address of a renamed record of the German publication, and the record's address."""

FIXTURES = {"minimal": MINIMAL, "lindenau": LINDENAU, "harbour": HARBOUR}
EVENTS = {
    "minimal": "events/2024-04-26-harbour-closure",
    "lindenau": REDIRECT[1],
    "harbour": "events/2024-04-26-harbour-closes-for-repairs",
}
"""An event's page in each fixture publication."""


@dataclass(frozen=True)
class Built:
    name: str
    directory_urls: bool
    root: Path
    pages: dict[str, Page]

    def page(self, stem: str) -> str:
        """The file a page with a source path ``<stem>.md`` is written to."""
        return f"{stem}/index.html" if self.directory_urls else f"{stem}.html"


@pytest.fixture(
    scope="module",
    params=[(name, directory_urls) for name in FIXTURES for directory_urls in (True, False)],
    ids=lambda p: f"{p[0]}-{'directory' if p[1] else 'file'}-urls",
)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A fixture publication built with ``use_directory_urls`` as given, with every HTML page parsed."""
    name, directory_urls = request.param
    project = make_project(FIXTURES[name], tmp_path_factory.mktemp(name), use_directory_urls=directory_urls)
    root = build_project(project)
    return Built(name, directory_urls, root, parse_site(root))


def test_every_internal_link_resolves(built: Built) -> None:
    assert len(built.pages) > 20
    found = sorted(set(problems(built.root, built.pages)))
    assert found == [], f"{len(found)} broken links:\n" + "\n".join(found[:50])


def test_pages_are_where_the_setting_puts_them(built: Built) -> None:
    """The check follows links to the files of the mode: a record page, an index page, the home page."""
    event = EVENTS[built.name]
    assert (built.root / built.page(event)).is_file()
    assert (built.root / built.page("timeline")).is_file()
    assert (built.root / "index.html").is_file()
    if not built.directory_urls:
        assert not list(built.root.glob("events/*/index.html"))
    timeline = built.pages[built.page("timeline")]
    links = [
        url for _, where, url in timeline.urls if where == "a.href" and url.startswith("../events/" if built.directory_urls else "events/")
    ]
    assert links, "the timeline links no record page"
    assert all(url.endswith("/") == built.directory_urls for url in links)
    kinds = {where for page in built.pages.values() for _, where, _ in page.urls}
    assert {"a.href", "link.href", "script.src"} <= kinds
    assert any("#" in url and "://" not in url for page in built.pages.values() for _, _, url in page.urls)


def test_a_former_address_redirects_to_the_record(built: Built) -> None:
    if built.name != "lindenau":
        assert not [u for page in built.pages.values() for _, where, u in page.urls if where == "meta.refresh"]
        return
    old, new = (built.page(stem) for stem in REDIRECT)
    targets = [(where, url) for _, where, url in built.pages[old].urls if where in ("meta.refresh", "a.href")]
    assert [where for where, _ in targets] == ["meta.refresh", "a.href"]
    for _, url in targets:
        assert check_url(built.root, built.pages, old, url) is None
        assert target_file(built.root, old, url)[0] == new


def test_every_search_result_leads_to_a_page(built: Built) -> None:
    """The search worker links each result by its location, relative to the site's root; each
    edition under a folder of its own (``ko/``) has an index of its own there."""
    editions = [built.root, *(manifest.parent.parent for manifest in sorted(built.root.glob("*/search/manifest.json")))]
    assert len(editions) == (2 if built.name == "harbour" else 1)
    documents = [d for edition in editions for d in search_documents(edition)]
    assert len(documents) > 20
    found = [
        f"{d['location']!r}: {problem}"
        for d in documents
        if (problem := check_url(built.root, built.pages, "index.html", d["location"] or "./"))
    ]
    assert found == []
