"""A citation number on an explainer page shows its reference on hover, and the reference leads to the source."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page

from explainer import Site

from .conftest import Opener, path_of

TOOLTIP = ".md-tooltip2--active"


def first_citation(page: Page, where: str) -> Locator:
    refs = page.locator("a.footnote-ref")
    if refs.count() == 0:
        pytest.fail(f"{where} has no citation ([@source-id]); the explainer pages must cite their sources", pytrace=False)
    return refs.first


def test_hovering_a_citation_shows_the_reference(pages: dict[str, str], opener: Opener) -> None:
    page = opener.open(pages["explainer"]).page
    ref = first_citation(page, pages["explainer"])
    footnote = page.locator(f"li[id='{(ref.get_attribute('href') or '').lstrip('#')}']")
    expected = " ".join(footnote.inner_text().replace("↩", "").split())
    ref.hover()
    tooltip = page.locator(TOOLTIP)
    tooltip.wait_for(state="visible", timeout=5_000)
    assert expected and expected in " ".join(tooltip.inner_text().replace("↩", "").split())


def test_the_reference_leads_to_the_source_page(pages: dict[str, str], opener: Opener, graph: Site) -> None:
    page = opener.open(pages["explainer"]).page
    ref = first_citation(page, pages["explainer"])
    ref.hover()
    tooltip = page.locator(TOOLTIP)
    tooltip.wait_for(state="visible", timeout=5_000)
    in_tooltip = tooltip.locator("a[href*='sources/']").first
    href, title = in_tooltip.get_attribute("href"), in_tooltip.inner_text().strip()
    # Follow the same reference at the foot of the page: a tooltip moves while it opens and closes
    # when the pointer leaves it, which makes clicking inside it a test of timing, not of links.
    footnote = page.locator(f"li[id='{(ref.get_attribute('href') or '').lstrip('#')}']")
    link = footnote.locator(f"a[href='{href}']").first
    assert link.inner_text().strip() == title
    with page.expect_navigation():
        link.click()
    path = path_of(page.url, opener.origin)
    assert path.startswith("sources/") and path.count("/") == 2, path
    source = graph.get("source", path.split("/")[1])
    assert source.label == title  # the link names the page it leads to
    assert page.locator("article.x-source h1").inner_text().strip() == source.title  # type: ignore[attr-defined]
