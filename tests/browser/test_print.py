"""A printed page says where it came from and when, prints its sources' addresses, and drops the chrome."""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import Page

from sitebuild import ROOT

from .conftest import Opener

SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
CHROME = (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer", ".md-content__button")


def after(page: Page, selector: str) -> list[dict[str, str]]:
    """Each matching link's href and the content of its ::after box, as laid out now."""
    return page.evaluate(  # type: ignore[no-any-return]
        """(selector) => [...document.querySelectorAll(selector)].map(a => ({
             href: a.getAttribute('href'), after: getComputedStyle(a, '::after').content }))""",
        selector,
    )


@pytest.mark.parametrize("kind", ["source", "event", "explainer", "ko-event"])
def test_a_printed_page_shows_its_address_and_date_on_top(kind: str, pages: dict[str, str], opener: Opener) -> None:
    page = opener.open(pages[kind]).page
    printed = page.locator(".x-printed")
    assert not printed.is_visible()  # on screen the page's own header says it
    page.emulate_media(media="print")
    assert printed.is_visible()
    text = printed.inner_text()
    assert f"{SITE_URL}{pages[kind]}" in text
    assert printed.locator("time").get_attribute("datetime")
    assert printed.locator("time").inner_text() in text
    # Above the page's own heading.
    assert printed.bounding_box()["y"] < page.locator("h1").first.bounding_box()["y"]  # type: ignore[index]
    for chrome in CHROME:
        for element in page.locator(chrome).all():
            assert not element.is_visible(), f"{chrome} is printed on {pages[kind] or 'home'}"


def test_a_printed_source_list_gives_every_outside_address(pages: dict[str, str], opener: Opener) -> None:
    page = opener.open(pages["explainer"]).page
    page.emulate_media(media="print")
    outside = after(page, ".x-references .x-reference a.x-external")
    assert outside, "the explainer page has no source links"
    for link in outside:
        assert link["href"].startswith(("http://", "https://"))
        assert link["after"] == f'" <{link["href"]}>"'
    inside = after(page, ".md-content a:not([href^='http'])")
    assert inside and all(link["after"] in ("none", "normal") for link in inside), "an internal link prints its address"
    page.emulate_media(media="screen")
    assert all(link["after"] in ("none", "normal") for link in after(page, ".x-references a.x-external"))


def test_a_printed_record_page_gives_its_sources_addresses_once(pages: dict[str, str], opener: Opener) -> None:
    page = opener.open(pages["event"]).page
    page.emulate_media(media="print")
    links = after(page, ".x-references a.x-external")
    assert links
    assert all(link["after"] == f'" <{link["href"]}>"' for link in links)
    # The record's history link is for the screen; its address would only clutter the paper.
    assert all(link["after"] in ("none", "normal") for link in after(page, ".x-changed a"))
    source = opener.open(pages["source"]).page
    source.emulate_media(media="print")
    # A link that reads as its address is not followed by it again.
    shown = after(source, "a.x-url")
    assert shown and all(link["after"] in ("none", "normal") for link in shown)
