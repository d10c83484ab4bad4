"""`mkdocs serve`: an edited record shows up, invalid data keeps the last good site up."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitebuild import MINIMAL, make_project

pytestmark = pytest.mark.build

EVENT = "data/events/2022-coastal-survey.yml"
PAGE = "events/2022-coastal-survey/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(check: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    project = make_project(MINIMAL, tmp_path, watch=["data"])
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: fetch(base + PAGE) is not None), "mkdocs serve did not start"
        yield project, base, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_edit_shows_and_invalid_data_keeps_the_last_good_site(served: tuple[Path, str, subprocess.Popen[str]]) -> None:
    project, base, proc = served
    record = project / EVENT
    original = record.read_text(encoding="utf-8")

    record.write_text(original.replace("title: ", "title: Renamed survey, ", 1), encoding="utf-8")
    assert wait_for(lambda: "Renamed survey" in (fetch(base + PAGE) or "")), "the edit did not show"

    record.write_text(original.replace("date: ", "date: 2023-02-30\nsummary_typo: x\nold_date: ", 1), encoding="utf-8")
    time.sleep(4)
    assert proc.poll() is None, "the server stopped on invalid data"
    assert "Renamed survey" in (fetch(base + PAGE) or ""), "the last good site is gone"

    record.write_text(original.replace("title: ", "title: Fixed again, ", 1), encoding="utf-8")
    assert wait_for(lambda: "Fixed again" in (fetch(base + PAGE) or "")), "the server did not recover"
    assert proc.poll() is None
