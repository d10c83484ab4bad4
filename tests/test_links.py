"""Links on the real site: every internal link and asset resolves, to the element too; every external one is http(s)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gates import real_site
from linkcheck import Page, check_url, parse_site, problems

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Page]]:
    """The real site and every HTML page in it, keyed by path relative to the site."""
    root = real_site(tmp_path_factory)
    return root, parse_site(root)


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
