"""Accessibility: axe-core on every kind of page, image text, Korean marked as Korean, keyboard-only use."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from explainer import Site
from gates import AXE, require_node_module

from .conftest import HANGUL, PAGE_TYPES, Opener, path_of

BLOCKING = ("serious", "critical")

# Text nodes with Hangul whose nearest element with a lang attribute is not Korean.
UNMARKED_KOREAN = r"""(pattern) => {
  const hangul = new RegExp(pattern);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!hangul.test(node.data)) continue;
    const marked = node.parentElement.closest('[lang]');
    const lang = marked ? marked.getAttribute('lang').toLowerCase() : '';
    if (lang !== 'ko' && !lang.startsWith('ko-')) found.push(`${node.data.trim()} (in <${node.parentElement.tagName.toLowerCase()}>, lang="${lang}")`);
  }
  return found;
}"""


@pytest.fixture(scope="session")
def axe_script() -> Path:
    return require_node_module(AXE)


def run_axe(page: Page, axe: Path) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it stands."""
    page.add_script_tag(path=str(axe))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return list(result)


def describe(violations: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{v['impact']} {v['id']}: {v['help']} at {', '.join(' '.join(n['target']) for n in v['nodes'][:3])}" for v in violations
    )


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_nothing_serious_and_every_image_has_alt_text(kind: str, pages: dict[str, str], opener: Opener, axe_script: Path) -> None:
    page = opener.open(pages[kind]).page
    # Checked before axe runs, on the page as the reader gets it (axe's image-alt rule checks it too).
    assert page.eval_on_selector_all("img:not([alt])", "imgs => imgs.map(i => i.outerHTML)") == []
    blocking = [v for v in run_axe(page, axe_script) if v["impact"] in BLOCKING]
    assert blocking == [], f"{pages[kind] or 'home'}: {describe(blocking)}"


@pytest.mark.parametrize("kind", ["explainer", "index-contested", "event"])
def test_axe_finds_nothing_serious_in_the_dark_scheme(kind: str, pages: dict[str, str], opener: Opener, axe_script: Path) -> None:
    page = opener.open(pages[kind], color_scheme="dark").page
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    blocking = [v for v in run_axe(page, axe_script) if v["impact"] in BLOCKING]
    assert blocking == [], f"{pages[kind]} (dark): {describe(blocking)}"


def test_korean_text_is_marked_as_korean(site_dir: Path, pages: dict[str, str], opener: Opener) -> None:
    """One page of each type, and every page whose HTML holds Hangul, checked in the rendered DOM."""
    paths = set(pages.values())
    for html in site_dir.rglob("*.html"):
        if HANGUL.search(html.read_text(encoding="utf-8")):
            rel = html.relative_to(site_dir).as_posix()
            paths.add(rel.removesuffix("index.html"))
    visit = opener.open("", settle=False)
    page = visit.page
    problems = []
    for path in sorted(paths):
        page.goto(f"{opener.origin}/{path}", wait_until="load")
        problems += [f"/{path}: {text}" for text in page.evaluate(UNMARKED_KOREAN, HANGUL.pattern)]
    assert problems == [], 'Korean text without lang="ko": ' + "; ".join(problems)


def test_the_korean_check_catches_unmarked_text(opener: Opener) -> None:
    page = opener.open("", settle=False).page
    page.set_content('<html lang="en"><body><p>이애란 <span lang="ko">이애란</span> <span lang="ko-KR"><b>이</b></span></p></body></html>')
    assert page.evaluate(UNMARKED_KOREAN, HANGUL.pattern) == ['이애란 (in <p>, lang="en")']


def tab_to(page: Page, test: str, limit: int = 400) -> str:
    """Press Tab until ``test`` (a JS expression about ``document.activeElement``) holds; returns its href."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return Boolean({test}); }})()"):
            return str(page.evaluate("document.activeElement.getAttribute('href')"))
    pytest.fail(f"{limit} presses of Tab never reached an element where {test}", pytrace=False)


def test_timeline_works_from_the_keyboard(opener: Opener, graph: Site) -> None:
    page = opener.open("timeline/").page
    tab_to(page, "el.matches('.x-axis .x-event-title a[href]')")
    expected = page.evaluate("new URL(document.activeElement.href).pathname").lstrip("/")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    path = path_of(page.url, opener.origin)
    assert path == expected
    assert re.fullmatch(r"events/[^/]+/", path) and path.split("/")[1] in graph.records["event"]


def test_citation_works_from_the_keyboard(pages: dict[str, str], opener: Opener) -> None:
    page = opener.open(pages["explainer"]).page
    if page.locator("a.x-mark").count() == 0:
        pytest.fail(f'{pages["explainer"]} has no citation ([@source-id "words"])', pytrace=False)
    href = tab_to(page, "el.matches('a.x-mark')")
    mark_id = page.evaluate("document.activeElement.id")
    # Focus alone shows the preview, as hovering does; Escape closes it.
    preview = page.locator(f"[id='{mark_id}-preview']")
    expect(preview).to_be_visible()
    page.keyboard.press("Escape")
    expect(preview).to_be_hidden()
    page.keyboard.press("Enter")
    page.wait_for_function("h => location.hash === h", arg=href)
    target = page.locator(":target")
    assert target.evaluate("el => el.className") == "x-excerpt" and target.is_visible()
    assert target.locator("q").count() == 1
