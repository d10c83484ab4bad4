"""`mkdocs serve` on a test project, in a process of its own, and waits on what it serves."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

STARTUP_SECONDS = 120.0
"""How long a test waits for the server, or for an edit to show: far more than either takes, so
that only a fault runs into it."""


@dataclass
class Server:
    """A running ``mkdocs serve`` and its project."""

    project: Path
    base: str
    process: subprocess.Popen[bytes]
    log: Path

    def fetch(self, path: str = "") -> str | None:
        """The page at ``path`` (site-relative), or None while the server does not answer it."""
        found = self.fetch_bytes(path)
        return found.decode("utf-8") if found is not None else None

    def fetch_bytes(self, path: str = "") -> bytes | None:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                return bytes(response.read())
        except (OSError, urllib.error.URLError):
            return None

    def reloads(self) -> int:
        """How many rebuilds the server has finished and told the browsers of."""
        return self.output().count("Reloading browsers")

    def wait_for_reload(self, done: int, what: str, seconds: float = STARTUP_SECONDS) -> None:
        """Wait until more than ``done`` rebuilds have finished (see :meth:`reloads`)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"mkdocs serve stopped while waiting: {what}\n{self.output()}"
            if self.reloads() > done:
                return
            time.sleep(0.1)  # polling interval of the wait
        raise AssertionError(f"{what} within {seconds:.0f} s\n{self.output()}")

    def wait_for(self, path: str, check: Callable[[str], bool], what: str, seconds: float = STARTUP_SECONDS) -> str:
        """Wait until the page at ``path`` passes ``check``; fail naming ``what`` did not happen,
        or that the server stopped."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"mkdocs serve stopped while waiting: {what}\n{self.output()}"
            page = self.fetch(path)
            if page is not None and check(page):
                return page
            time.sleep(0.1)  # polling interval of the wait, not a wait for an event
        raise AssertionError(f"{what} within {seconds:.0f} s\n{self.output()}")

    def output(self) -> str:
        """What the server has printed so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(project: Path, *, dirty: bool = False) -> Iterator[Server]:
    """Start ``mkdocs serve`` on ``project`` (with ``--dirty``: rebuilding only what changed);
    yields once it answers its home page."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = project.parent / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "-a",
                f"127.0.0.1:{port}",
                "-f",
                str(project / "mkdocs.yml"),
                *(["--dirty"] if dirty else []),
            ],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(project, f"http://127.0.0.1:{port}/", process, log)
    try:
        server.wait_for("", lambda page: True, "mkdocs serve did not start")
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
