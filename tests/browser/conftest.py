"""The browser gates' shared set-up: one built site, one local web server, one Chromium.

Chromium is Debian's (``apt-get install chromium``) where there is one, else the one Playwright
downloads (``playwright install chromium``; ``make tools`` does one or the other). Without either the
browser tests skip with one line saying so, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from explainer import Site, build_site
from gates import CHROMIUM_FIX, find_chromium, missing, real_site
from sitebuild import ROOT, default_pages

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

INDEXES = ("timeline", "tags", "places", "contested", "sources", "organisations", "people", "quotes", "browse")
RECORD_TYPES = ("event", "source", "organisation", "person", "quote")
TWINS = ("home", "explainer", "index-timeline", "event")
"""Kinds of page whose Korean edition's twin is checked too (as ``ko-home`` and so on)."""
PAGE_TYPES = ("home", "explainer", *(f"index-{name}" for name in INDEXES), *RECORD_TYPES, *(f"ko-{kind}" for kind in TWINS))
"""One page of every kind the site has, and Korean twins; tests are parametrised over these names."""

HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def chromium() -> str:
    path = find_chromium(_downloaded_chromium)
    if path is None:
        missing("Chromium, which the browser tests drive,", CHROMIUM_FIX)
    return path


def _downloaded_chromium() -> str:
    """Where Playwright's own Chromium is, or would be once downloaded."""
    with sync_playwright() as playwright:
        return playwright.chromium.executable_path


_CHROMIUM_LINE = _downloaded_chromium.__code__.co_firstlineno


@pytest.fixture(autouse=True)
def _needs_chromium(chromium: str) -> None:
    """Every test here drives Chromium: ask for it first, so that without it they skip at once."""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Report every skip for want of Chromium at one place, so the summary says it in one line."""
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple) and report.longrepr[2].endswith(CHROMIUM_FIX):
        report.longrepr = (__file__, _CHROMIUM_LINE, report.longrepr[2])
    return report


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return real_site(tmp_path_factory)


@pytest.fixture(scope="session")
def graph() -> Site:
    """The records behind the site, so that tests pick names and phrases from the data."""
    return build_site(ROOT / "data")


@pytest.fixture(scope="session")
def origin(site_dir: Path) -> Iterator[str]:
    """The built site, served on a free port of 127.0.0.1; yields ``http://127.0.0.1:<port>``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site_dir)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture(scope="session")
def pages(site_dir: Path, graph: Site) -> dict[str, str]:
    """Page type -> site-relative URL of the page that stands for it.

    Of each record type, the biggest page (the most content to lay out), and of sources the one
    with the longest address, which is the likeliest to push a narrow page sideways. The explainer
    page is the one with the most citations.
    """
    chosen = {"home": ""}
    explainers = [p.stem for p in default_pages(ROOT / "content") if p.stem != "index"]
    assert explainers, "content/ has no explainer page besides index.md"
    chosen["explainer"] = max(explainers, key=lambda s: (_read(site_dir / s).count('class="x-mark"'), s)) + "/"
    for name in INDEXES:
        chosen[f"index-{name}"] = f"{name}/"
    for type_ in RECORD_TYPES:
        records = graph.all(type_)
        assert records, f"data/ has no {type_} record"
        if type_ == "source":
            pick = max(records, key=lambda r: (len(r.url), r.id))  # type: ignore[attr-defined]
        else:
            pick = max(records, key=lambda r: (len(_read(site_dir / r.plural / r.id)), r.id))
        chosen[type_] = f"{pick.plural}/{pick.id}/"
    for kind in TWINS:
        chosen[f"ko-{kind}"] = f"ko/{chosen[kind]}"
    return chosen


def _read(page_dir: Path) -> str:
    return (page_dir / "index.html").read_text(encoding="utf-8")


@dataclass
class Visit:
    """A page opened in a fresh browser context, with every problem seen while it loaded."""

    page: Page
    origin: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Every problem once, in the order seen."""
        found = (
            [f"console: {m}" for m in self.console_errors]
            + [f"failed request: {r}" for r in self.failed_requests]
            + [f"request to another origin: {r}" for r in self.foreign_requests]
        )
        return list(dict.fromkeys(found))


class Opener:
    """Opens site pages in new browser contexts and watches what they do."""

    def __init__(self, browser: Browser, origin: str) -> None:
        self.browser = browser
        self.origin = origin
        self._contexts: list[BrowserContext] = []

    def open(
        self,
        path: str,
        *,
        width: int = 1280,
        height: int = 800,
        settle: bool = True,
        color_scheme: Literal["light", "dark"] = "light",
        javascript: bool = True,
        touch: bool = False,
    ) -> Visit:
        """Open ``origin/path``; with ``settle``, wait until it has loaded and the network has been idle for 0.5 s.

        Playwright's network idle alone can come while a big page is still being parsed (on a busy
        machine, before Material's script has even run), so ``settle`` waits for the load event too.

        Requests that leave the site's origin are recorded and aborted, so a test never reaches
        the internet even when a page tries to. ``color_scheme`` is the reader's system preference,
        which Material's palette follows; ``javascript`` off is Tor Browser's Safest mode;
        ``touch`` is a phone's screen (touch events, no hover).
        """
        context = self.browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=color_scheme,
            service_workers="block",
            java_script_enabled=javascript,
            has_touch=touch,
            is_mobile=touch,
        )
        self._contexts.append(context)
        page = context.new_page()
        visit = Visit(page, self.origin)
        own = self.origin + "/"

        def route(route: Route) -> None:
            url = route.request.url
            if url.startswith(own):
                route.continue_()
            else:
                visit.foreign_requests.append(url)
                route.abort()

        context.route("**/*", route)
        page.on("console", lambda msg: visit.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: visit.console_errors.append(f"uncaught {exc}"))
        # A request the browser itself cancelled (net::ERR_ABORTED: the favicon of a page that the test
        # has already left) is no fault of the site; a missing file still shows as a 4xx response.
        page.on(
            "requestfailed",
            lambda req: (
                visit.failed_requests.append(f"{req.url} ({req.failure})")
                if req.url.startswith(own) and "ERR_ABORTED" not in (req.failure or "")
                else None
            ),
        )
        page.on("response", lambda res: visit.failed_requests.append(f"{res.url} (HTTP {res.status})") if res.status >= 400 else None)
        page.goto(own + path, wait_until="networkidle" if settle else "load")
        if settle:
            page.wait_for_load_state("load")
        return visit

    def close(self) -> None:
        for context in self._contexts:
            context.close()
        self._contexts.clear()


@pytest.fixture
def opener(browser: Browser, origin: str) -> Iterator[Opener]:
    """Opens pages for one test; closes their browser contexts afterwards."""
    instance = Opener(browser, origin)
    try:
        yield instance
    finally:
        instance.close()


def path_of(url: str, origin: str) -> str:
    """The site-relative path of a URL on the test server, without query or fragment."""
    assert url.startswith(origin + "/"), url
    return url[len(origin) + 1 :].split("#")[0].split("?")[0]
