"""Chromium opens every page of a site built from hostile contributions, and nothing they wrote runs.

The site is the real project with the payloads of ``tests/payloads/payloads.yml`` in every text,
Markdown and URL field and in two explainer pages (see ``tests/hostile.py``). Each payload that
tries to run script opens a dialog (``alert``) or sets ``window.__pwned``; a test fails on either.
The search box gets the payloads' words typed into it, because Material writes its results into
the page as HTML.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page

from hostile import load_corpus, make_hostile_project
from sitebuild import build_project

# Events a payload could hang a handler on without a click (a click would follow links).
_PROVOKE = """() => {
  for (const el of document.querySelectorAll('body *')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'focusin', 'animationstart', 'toggle', 'pointerover']) {
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
  }
}"""
_INJECTED = (
    ".md-search-result :is(img, script, iframe, object, embed, svg, math, form, input, [onerror], [onload], [onmouseover], [onclick])"
)
QUERIES = [
    "script",
    "img onerror",
    "alert",
    "title",
    "svg onload",
    "iframe",
    "javascript",
    "pwned",
    "hostile",
    "details ontoggle",
    "7*7",
    "raw",
]


# Material's search box sends the worker a query at each keystroke, and the worker answers only the
# newest one it has been sent (the one its counter `latest` numbers). These note which query each
# answer is for, so that a test waits for the answer to the whole query: the worker numbers its
# answer, and the page, which has kept every query it sent, looks the number up before Material draws
# the results, in the same event, so a wait that sees it sees the results drawn.
_NUMBER_THE_ANSWERS = """() => {
  const post = self.postMessage.bind(self)
  self.postMessage = message => post(message.type === 3 ? {...message, number: latest} : message)
}"""
_NOTE_WHAT_IS_ANSWERED = """(() => {
  const Native = window.Worker
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args)
      const sent = []
      this.addEventListener("message", ev => { if (ev.data.type === 3) window.__answered = sent[ev.data.number - 1] })
      const post = this.postMessage.bind(this)
      this.postMessage = (message, ...rest) => { if (message.type === 2) sent.push(message.data); post(message, ...rest) }
    }
  }
})()"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    planted = make_hostile_project(tmp_path_factory.mktemp("hostile-browser"), load_corpus())
    return build_project(planted.project)


@pytest.fixture(scope="module")
def hostile_origin(hostile_site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(hostile_site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="hostile-site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class Watch:
    """One browser page that records every dialog, marker and request to another host."""

    def __init__(self, browser: Browser, origin: str) -> None:
        self.origin = origin
        self.context = browser.new_context(service_workers="block")
        self.page: Page = self.context.new_page()
        self.where = ""
        self.hits: list[str] = []
        own = origin + "/"

        def route(route: Any) -> None:
            if route.request.url.startswith(own):
                route.continue_()
            else:
                self.hits.append(f"{self.where}: request to another host {route.request.url}")
                route.abort()

        self.context.route("**/*", route)
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.hits.append(f"{self.where}: a {dialog.type} opened saying {dialog.message!r}")
        dialog.dismiss()

    def check(self) -> None:
        if self.page.evaluate("() => window.__pwned !== undefined || (window.parent && window.parent.__pwned !== undefined)"):
            self.hits.append(f"{self.where}: window.__pwned was set")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watch(browser: Browser, hostile_origin: str) -> Iterator[Watch]:
    instance = Watch(browser, hostile_origin)
    try:
        yield instance
    finally:
        instance.close()


def test_no_page_runs_a_payload(watch: Watch, hostile_site: Path) -> None:
    paths = sorted(p.relative_to(hostile_site).parent.as_posix() for p in hostile_site.rglob("index.html"))
    assert len(paths) > 100
    for path in paths:
        url = "" if path == "." else path + "/"
        watch.where = "/" + url
        watch.page.goto(f"{watch.origin}/{url}", wait_until="load")
        watch.page.evaluate(_PROVOKE)
        watch.check()
    assert watch.hits == [], "\n".join(watch.hits[:30])


def search(page: Page, box: Locator, query: str) -> None:
    """Type ``query`` into the search box a keystroke at a time; wait until its results are shown."""
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=5)
    page.wait_for_function("query => window.__answered === query", arg=query, timeout=20_000)


def test_search_results_show_payloads_as_text(watch: Watch) -> None:
    page = watch.page
    watch.where = "search"
    page.add_init_script(_NOTE_WHAT_IS_ANSWERED)
    with page.expect_worker(lambda worker: "search-worker.js" in worker.url) as created:
        page.goto(watch.origin + "/", wait_until="load")
    created.value.evaluate(_NUMBER_THE_ANSWERS)
    box = page.locator("input.md-search__input")
    shown = 0
    for query in QUERIES:
        watch.where = f"search for {query!r}"
        search(page, box, query)
        shown += page.locator(".md-search-result__item").count()
        page.evaluate(_PROVOKE)
        injected = page.eval_on_selector_all(_INJECTED, "els => els.map(e => e.outerHTML.slice(0, 120))")
        assert injected == [], (query, injected)
        watch.check()
    assert shown > 0, "no query found anything: the test would prove nothing"
    # The hostile explainer page's title is found and shown as text.
    search(page, box, "title script alert")
    titles = page.eval_on_selector_all(".md-search-result__article h1, .md-search-result__article h2", "els => els.map(e => e.textContent)")
    assert any("</title><script>alert(1)</script>" in t for t in titles), titles[:10]
    assert watch.hits == [], "\n".join(watch.hits[:30])
