"""Keyboard and no-JavaScript reading on the real site: the skip link, content within three Tabs,
no sideways scrolling on a phone, the dark palette and the A–Z index without JavaScript."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from explainer import Site

from .conftest import PAGE_TYPES, Opener, path_of

IN_CONTENT = "(() => { const el = document.activeElement; return Boolean(el && el.closest('#x-main')); })()"


def _open(opener: Opener, path: str, *, js: bool, width: int = 1280, color_scheme: str = "light") -> Page:
    if js:
        return opener.open(path, width=width, color_scheme=color_scheme).page  # type: ignore[arg-type]
    context = opener.browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False, color_scheme=color_scheme)  # type: ignore[arg-type]
    opener._contexts.append(context)
    page = context.new_page()
    page.goto(f"{opener.origin}/{path}", wait_until="load")
    return page


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_skip_link_comes_first_and_content_is_within_three_tabs(kind: str, js: bool, pages: dict[str, str], opener: Opener) -> None:
    page = _open(opener, pages[kind], js=js)
    page.keyboard.press("Tab")
    first = page.evaluate(
        "(() => { const el = document.activeElement; return [el.getAttribute('href'), el.className, el.textContent.trim()]; })()"
    )
    assert first[0] == "#x-main" and "x-skip" in first[1], f"{pages[kind] or 'home'}: the first Tab stop is {first}"
    assert page.locator(".x-skip").is_visible()
    page.keyboard.press("Enter")
    tabs = 1
    while not page.evaluate(IN_CONTENT):
        assert tabs < 3, f"{pages[kind] or 'home'}: the main content takes more than 3 Tabs"
        page.keyboard.press("Tab")
        tabs += 1


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_no_page_scrolls_sideways_on_a_phone(js: bool, site_dir: Path, opener: Opener) -> None:
    paths = sorted(
        p.relative_to(site_dir).as_posix().removesuffix("index.html")
        for p in site_dir.rglob("index.html")
        if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")[:2000]
    )
    page = _open(opener, "", js=js, width=375)
    wide = []
    for path in paths:
        page.goto(f"{opener.origin}/{path}", wait_until="load")
        if js:
            page.wait_for_load_state("networkidle")
        width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        if width[0] > width[1]:
            wide.append(f"/{path} ({width[0]} px)")
    assert wide == [], f"{len(wide)} pages scroll sideways at 375 px: {', '.join(wide[:10])}"


@pytest.mark.parametrize("kind", ["home", "event", "index-browse", "ko-event"])
def test_dark_palette_without_javascript(kind: str, pages: dict[str, str], opener: Opener) -> None:
    dark = _open(opener, pages[kind], js=False, color_scheme="dark")
    light = _open(opener, pages[kind], js=False, color_scheme="light")
    with_js = opener.open(pages[kind], color_scheme="dark").page
    background = "getComputedStyle(document.body).backgroundColor"
    assert with_js.locator("body").get_attribute("data-md-color-scheme") == "slate"
    assert dark.evaluate(background) == with_js.evaluate(background) != light.evaluate(background)
    text = "getComputedStyle(document.querySelector('#x-main p, #x-main li')).color"
    assert dark.evaluate(text) == with_js.evaluate(text)


@pytest.mark.parametrize("lang", ["", "ko/"])
def test_without_javascript_a_link_stands_for_search_and_leads_to_every_record(lang: str, opener: Opener, graph: Site) -> None:
    page = _open(opener, lang, js=False, width=375)
    link = page.locator("a.x-browse-link")
    assert link.is_visible()
    box = link.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 375
    assert page.locator(".md-search").is_hidden()
    link.click()
    page.wait_for_url(f"**/{lang}browse/")
    listed = set(page.eval_on_selector_all("#x-main a[href]", "links => links.map(a => new URL(a.href).pathname)"))
    for type_, records in graph.records.items():
        for rid, record in records.items():
            assert f"/{lang}{record.plural}/{rid}/" in listed, f"{type_} {rid} is not in /{lang}browse/"
    assert path_of(page.url, opener.origin) == f"{lang}browse/"


def test_with_javascript_the_search_box_is_there_and_the_fallback_is_not(opener: Opener) -> None:
    page = opener.open("").page
    assert page.locator("a.x-browse-link").count() == 0 or page.locator("a.x-browse-link").is_hidden()
    assert page.locator(".md-search__input").is_visible()
