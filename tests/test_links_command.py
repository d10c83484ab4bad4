"""``explainer links`` against a local server that answers every way a source's address can fail.

Nothing here leaves 127.0.0.1: the fixture's sources are rewritten to addresses on a server in a
thread, which answers 200, 301, 302, 404, 410, 503, refuses HEAD, resets the connection, or keeps
the client waiting past its timeout (0.5 s). Only the DNS failure is made without a network, by
the error the resolver raises.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
import urllib.error
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from explainer.tools.cli import main
from explainer.tools.links import Checker, _classify, check_all
from sitebuild import MINIMAL, make_project

TIMEOUT = "0.5"
NEWS = "example-news-2024-04-27-harbour-closure"  # cited by events and quotes of the fixture
REPORT = "harbour-rights-watch-2023-10-12-nets-and-notices"


@dataclass
class Server:
    """What the local server saw: each request's method, path, User-Agent and start time."""

    origin: str = ""
    requests: list[tuple[str, str, str, float]] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    release: threading.Event = field(default_factory=threading.Event)
    flaky: Counter[str] = field(default_factory=Counter)

    def count(self, path: str, method: str | None = None) -> int:
        return sum(1 for m, p, _, _ in self.requests if p == path and method in (None, m))


def handler_for(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_HEAD(self) -> None:
            self.answer()

        def do_GET(self) -> None:
            self.answer()

        def answer(self) -> None:
            with server.lock:
                server.requests.append((self.command, self.path, self.headers.get("User-Agent", ""), time.monotonic()))
                server.in_flight += 1
                server.most_in_flight = max(server.most_in_flight, server.in_flight)
            try:
                self.respond()
            finally:
                with server.lock:
                    server.in_flight -= 1

        def respond(self) -> None:
            path = self.path
            if path.startswith("/busy"):
                server.release.wait(0.2)  # a slow answer, so that requests overlap
                return self.send(200)
            if path == "/slow":
                server.release.wait(5)  # longer than the client waits; released when the test ends
                return self.send(200)
            if path == "/reset":
                # SO_LINGER 0: closing sends a reset instead of an orderly end.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
                return None
            if path == "/no-head" and self.command == "HEAD":
                return self.send(405)
            if path == "/flaky":
                server.flaky[path] += 1
                return self.send(503 if server.flaky[path] == 1 else 200)
            codes = {"/ok": 200, "/no-head": 200, "/gone": 404, "/gone-for-good": 410, "/down": 503}
            if path in codes:
                return self.send(codes[path])
            redirects = {
                "/to-a-file": (301, "file:///etc/passwd"),
                "/moved": (301, "/ok"),
                "/moved-twice": (301, "/moved"),
                "/elsewhere": (302, "/ok"),
                "/moved-away": (301, "/gone"),
            }
            if path in redirects:
                code, target = redirects[path]
                return self.send(code, target)
            return self.send(404)

        def send(self, code: int, location: str | None = None) -> None:
            self.send_response(code)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the reset connection's handler fails to flush: that is the point


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server()
    httpd = _Quiet(("127.0.0.1", 0), handler_for(state))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state.origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def project_with(tmp_path: Path, server: Server, urls: dict[str, str], archives: dict[str, str] | None = None) -> Path:
    """The minimal fixture with its two sources, and one more source per extra entry of ``urls``
    (source id -> path on the server), every address on the local server."""
    project = make_project(MINIMAL, tmp_path)
    sources = project / "data" / "sources"
    template = (sources / f"{NEWS}.yml").read_text(encoding="utf-8")
    for sid, path in urls.items():
        file = sources / f"{sid}.yml"
        text = file.read_text(encoding="utf-8") if file.exists() else template.replace(f"id: {NEWS}", f"id: {sid}")
        lines = [line for line in text.splitlines() if not line.startswith(("url:", "archive_url:"))]
        lines.append(f"url: {server.origin}{path}")
        if archives and sid in archives:
            lines.append(f"archive_url: {server.origin}{archives[sid]}")
        file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project


def run(project: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str]]:
    status = main(["links", "--config", str(project / "mkdocs.yml"), "--timeout", TIMEOUT, "--delay", "0", *extra])
    return status, capsys.readouterr().out.splitlines()


def block(lines: list[str], url: str) -> list[str]:
    """The report's lines about one address: its line, and the indented ones after it."""
    start = next(i for i, line in enumerate(lines) if line.endswith(f": {url}"))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("  ")), len(lines))
    return lines[start:end]


def test_the_report_names_every_dead_and_moved_address_with_the_records_that_cite_it(
    tmp_path: Path, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = {
        NEWS: "/gone",
        REPORT: "/gone-for-good",
        "s-ok": "/ok",
        "s-moved": "/moved-twice",
        "s-elsewhere": "/elsewhere",
        "s-moved-away": "/moved-away",
        "s-slow": "/slow",
        "s-reset": "/reset",
        "s-no-head": "/no-head",
        "s-down": "/down",
        "s-flaky": "/flaky",
    }
    project = project_with(tmp_path, server, urls, archives={REPORT: "/ok"})
    status, lines = run(project, capsys)
    origin = server.origin
    assert status == 1
    assert lines[-1] == "12 addresses of 11 sources: 5 ok, 1 moved, 6 dead; 11 checked now, 0 from the cache"  # one address twice

    news = block(lines, f"{origin}/gone")
    assert news[0] == f"data/sources/{NEWS}.yml:13:6: url: dead (HTTP 404): {origin}/gone"
    assert news[1] == f"  look for an archived copy: https://web.archive.org/web/{origin}/gone"
    assert "  cited at data/events/2024-04-26-harbour-closure.yml:12:17 (and on lines 18, 42)" in news
    assert "  cited at data/quotes/fisher-2024-04-27-when-we-can-go-out.yml:10:13" in news
    assert len(news) == 2 + 7  # one line for each of the seven files that cite the source

    report = block(lines, f"{origin}/gone-for-good")
    assert report[0].endswith(f": url: dead (HTTP 410): {origin}/gone-for-good")
    assert report[1] == f"  archived copy: {origin}/ok"  # its own archive_url, which answers

    assert block(lines, f"{origin}/moved-twice") == [
        f"data/sources/s-moved.yml:13:6: url: moved (HTTP 200 after a permanent redirect): {origin}/moved-twice",
        f"  now at {origin}/ok: write that address in url",
    ]
    assert block(lines, f"{origin}/moved-away")[0].endswith(f"dead (HTTP 404 after a redirect to {origin}/gone): {origin}/moved-away")
    assert block(lines, f"{origin}/slow")[0].endswith(f": url: dead (timed out after 0.5 s): {origin}/slow")
    assert block(lines, f"{origin}/reset")[0].endswith(f": url: dead (connection reset): {origin}/reset")
    assert block(lines, f"{origin}/down")[0].endswith(f": url: dead (HTTP 503): {origin}/down")
    for fine in ("/ok", "/elsewhere", "/no-head", "/flaky"):  # a temporary redirect is no move
        assert not any(line.endswith(f": {origin}{fine}") for line in lines if not line.startswith("  ")), fine

    # HEAD first, GET only where HEAD was refused; a 5xx, a reset and a timeout are asked twice.
    # s-ok and REPORT's archive (one address, asked once), and the end of two redirects.
    assert server.count("/ok") == 3 and server.count("/ok", "GET") == 0
    assert server.count("/no-head", "HEAD") == 1 and server.count("/no-head", "GET") == 1
    assert server.count("/down") == 4 and server.count("/flaky") == 2
    assert server.count("/slow", "HEAD") == 2 and server.count("/reset", "HEAD") == 2
    [agent] = {ua for _, _, ua, _ in server.requests}
    assert agent.startswith("explainer-links/")


def test_the_cache_spares_a_second_request_until_it_is_too_old(tmp_path: Path, server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    project = project_with(tmp_path, server, {NEWS: "/ok", REPORT: "/gone"})
    first, _ = run(project, capsys)
    assert first == 1 and server.count("/ok") == 1 and server.count("/gone") == 2  # HEAD, then GET
    cache = json.loads((project / ".cache" / "explainer" / "links.json").read_text(encoding="utf-8"))
    entry = cache["results"][f"{server.origin}/ok"]
    assert entry["status"] == "ok" and entry["checked"].endswith("+00:00")

    second, lines = run(project, capsys)
    assert second == 1
    assert server.count("/ok") == 1  # from the cache
    assert server.count("/gone") == 4  # a failure is checked again every time
    assert lines[-1].endswith("; 1 checked now, 1 from the cache")

    third, _ = run(project, capsys, "--max-age", "0")
    assert third == 1 and server.count("/ok") == 2


def test_nothing_dead_exits_zero_and_a_move_is_only_reported(tmp_path: Path, server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    project = project_with(tmp_path, server, {NEWS: "/ok", REPORT: "/moved"}, archives={REPORT: "/elsewhere"})
    status, lines = run(project, capsys)
    assert status == 0
    assert lines[0].endswith(f": url: moved (HTTP 200 after a permanent redirect): {server.origin}/moved")
    assert lines[-1] == "3 addresses of 2 sources: 2 ok, 1 moved, 0 dead; 3 checked now, 0 from the cache"


def test_requests_to_one_host_are_spaced_by_the_delay(server: Server) -> None:
    checker = Checker(timeout=float(TIMEOUT), per_host=2, delay=0.2)
    threads = [threading.Thread(target=checker.check, args=(f"{server.origin}/ok",)) for _ in range(4)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert time.monotonic() - began >= 3 * 0.2  # four starts, each 0.2 s after the one before
    starts = sorted(start for _, _, _, start in server.requests)
    assert len(starts) == 4
    assert starts[-1] - starts[0] >= 2 * 0.2, starts  # as the server saw them, with room for a slow machine


def test_one_host_gets_two_requests_at_once(server: Server) -> None:
    checker = Checker(timeout=2, per_host=2, delay=0)
    results = check_all([f"{server.origin}/busy/{n}" for n in range(6)], checker, {}, timedelta(days=7), workers=8)
    assert {r.status for r in results.values()} == {"ok"}
    assert server.most_in_flight == 2


def test_a_redirect_off_the_web_is_not_followed(server: Server) -> None:
    result = Checker(timeout=float(TIMEOUT), delay=0).check(f"{server.origin}/to-a-file")
    assert result.status == "unchecked"
    assert result.detail == "HTTP 301: a redirect to an address that is not on the web: file:///etc/passwd"


def test_a_host_without_a_dns_entry_is_dead() -> None:
    checker = Checker()
    detail = checker._failure(urllib.error.URLError(socket.gaierror(socket.EAI_NONAME, "Name or service not known")))
    assert detail == "DNS failure: the host name is not known"
    assert _classify(None, detail) == "dead"
    assert _classify(403) == "unchecked" and _classify(429) == "unchecked"  # turned away, not gone
    assert _classify(None, "TLS error: CERTIFICATE_VERIFY_FAILED") == "unchecked"
