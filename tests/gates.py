"""Shared pieces of the quality gates: the real site built once per session, and the outside tools."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest

from sitebuild import ROOT, build_real_site

NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# One build per test session, keyed by the session's base temporary directory.
_sites: dict[Path, Path] = {}


def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built once per session and shared by every gate that reads it.

    Args:
        tmp_path_factory: the session's factory; the site goes in one of its directories.

    Returns:
        The site directory. Tests must not change it.
    """
    key = tmp_path_factory.getbasetemp()
    if key not in _sites:
        _sites[key] = build_real_site(tmp_path_factory.mktemp("real-site") / "site")
    return _sites[key]


def missing(what: str, fix: str) -> NoReturn:
    """Skip a test whose tool is not installed, with one line saying how to install it.

    Under ``CI=true`` the test fails instead: a gate that quietly skips in CI guards nothing.
    """
    message = f"{what} is missing: {fix}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


SYSTEM_CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium (``apt-get install chromium``), which the browser tests prefer."""
CHROMIUM_FIX = "apt-get install chromium, or .venv/bin/python -m playwright install chromium (make tools tries both)"
"""How to install Chromium: the end of the line that says it is missing."""


def find_chromium(downloaded: Callable[[], str]) -> str | None:
    """Debian's Chromium, or whatever ``chromium`` is on PATH, or else the one Playwright downloaded.

    Args:
        downloaded: returns where Playwright's own Chromium would be (``playwright.chromium.executable_path``);
            asked only when there is no system Chromium.

    Returns:
        The browser's executable, or None when there is none.
    """
    system = SYSTEM_CHROMIUM if os.access(SYSTEM_CHROMIUM, os.X_OK) else shutil.which("chromium")
    if system is not None:
        return system
    path = downloaded()
    return path if os.access(path, os.X_OK) else None


def require_java() -> str:
    """The ``java`` executable, or skip (fail under CI)."""
    java = shutil.which("java")
    if java is None:
        missing("Java", "apt-get install default-jre-headless")
    return java


def require_node_module(path: Path) -> Path:
    """A file from ``node_modules`` (pinned in package-lock.json), or skip (fail under CI)."""
    if not path.is_file():
        missing(str(path.relative_to(ROOT)), "run `npm ci --ignore-scripts` in the repository (make test does)")
    return path
