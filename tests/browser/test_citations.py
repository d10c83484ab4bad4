"""A citation mark shows the words that support the sentence where the reader is: on hover and focus,
on a tap on a phone, and without JavaScript by leading to them in the reference list and back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from explainer import Site

from .conftest import Opener, path_of

PHONE = {"width": 375, "height": 740}


def first_mark(page: Page, where: str) -> Locator:
    marks = page.locator("article a.x-mark, .md-content a.x-mark")
    if marks.count() == 0:
        pytest.fail(f"{where} has no citation mark; explainer and record pages must cite their sources", pytrace=False)
    return marks.first


def passage_of(page: Page, mark: Locator) -> Locator:
    """The passage of the reference list that a mark leads to."""
    return page.locator(f"[id='{(mark.get_attribute('href') or '').split('#')[1]}']")


def words(text: str) -> str:
    return " ".join(text.split())


def assert_previews_the_passage(page: Page, mark: Locator) -> None:
    preview = page.locator(f"[id='{mark.get_attribute('id')}-preview']")
    expect(preview).to_be_visible()
    quoted = preview.locator("q").first
    passage = passage_of(page, mark).locator("q").first
    # The supporting words, in the language and with the address of the source they are quoted from.
    assert words(quoted.inner_text()) == words(passage.inner_text()) != ""
    assert quoted.get_attribute("lang") and (quoted.get_attribute("cite") or "").startswith(("http://", "https://"))
    assert preview.locator("a[href*='sources/']").count() >= 1


@pytest.mark.parametrize("kind", ["explainer", "event", "ko-explainer"])
def test_hovering_a_mark_previews_its_supporting_words(pages: dict[str, str], opener: Opener, kind: str) -> None:
    page = opener.open(pages[kind]).page
    mark = first_mark(page, pages[kind])
    mark.hover()
    assert_previews_the_passage(page, mark)
    box = mark.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, box


def test_a_preview_stays_on_the_page_at_the_right_edge(pages: dict[str, str], opener: Opener) -> None:
    page = opener.open(pages["explainer"]).page
    marks = page.locator(".md-content a.x-mark")
    rightmost = max(range(marks.count()), key=lambda i: (marks.nth(i).bounding_box() or {"x": 0})["x"])
    mark = marks.nth(rightmost)
    mark.hover()
    preview = page.locator(f"[id='{mark.get_attribute('id')}-preview']")
    expect(preview).to_be_visible()
    box = preview.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_a_tap_on_a_phone_opens_the_preview_in_place(pages: dict[str, str], opener: Opener) -> None:
    page = opener.open(pages["explainer"], touch=True, **PHONE).page
    mark = first_mark(page, pages["explainer"])
    mark.scroll_into_view_if_needed()
    before = page.url
    mark.tap()
    assert_previews_the_passage(page, mark)
    assert page.url == before  # the reader stays where they are reading
    box = page.locator(f"[id='{mark.get_attribute('id')}-preview']").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    # A tap elsewhere closes it; "Go to the reference" leads to the words in the list.
    page.locator("h1").first.tap()
    expect(page.locator(f"[id='{mark.get_attribute('id')}-preview']")).to_be_hidden()
    mark.tap()
    page.locator(f"[id='{mark.get_attribute('id')}-preview'] a.x-preview-go").tap()
    page.wait_for_function("h => location.hash === h", arg="#" + (mark.get_attribute("href") or "").split("#")[1])
    expect(page.locator(":target")).to_be_in_viewport()


@pytest.mark.parametrize("phone", [True, False], ids=["phone", "desktop"])
@pytest.mark.parametrize("kind", ["explainer", "event"])
def test_without_javascript_a_mark_leads_to_its_words_and_back(pages: dict[str, str], opener: Opener, kind: str, phone: bool) -> None:
    page = opener.open(pages[kind], javascript=False, touch=phone, **(PHONE if phone else {})).page
    mark = first_mark(page, pages[kind])
    mark_id = mark.get_attribute("id")
    mark.scroll_into_view_if_needed()
    mark.tap() if phone else mark.click()
    page.wait_for_url(re.compile(r"#ref-"))
    passage = page.locator(":target")
    expect(passage).to_be_in_viewport()
    assert passage.locator("q").count() == 1
    back = passage.locator(f"a.x-back[href='#{mark_id}']")
    assert re.match(r"Back to ", back.inner_text()), back.inner_text()
    back.tap() if phone else back.click()
    page.wait_for_url(re.compile(f"#{mark_id}$"))
    expect(page.locator(f"[id='{mark_id}']")).to_be_in_viewport()


def test_the_reference_leads_to_the_source_page(pages: dict[str, str], opener: Opener, graph: Site) -> None:
    page = opener.open(pages["explainer"]).page
    mark = first_mark(page, pages["explainer"])
    item = page.locator(f"li[id='ref-{re.sub(r'[^0-9]', '', mark.inner_text())}']")
    link = item.locator(".x-reference a[href*='sources/']").first
    title = link.inner_text().strip()
    with page.expect_navigation():
        link.click()
    path = path_of(page.url, opener.origin)
    assert path.startswith("sources/") and path.count("/") == 2, path
    source = graph.get("source", path.split("/")[1])
    assert source.label == title  # the link names the page it leads to
    assert page.locator("article.x-source h1").inner_text().strip() == source.title  # type: ignore[attr-defined]
