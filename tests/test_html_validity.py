"""Every page of the real site is valid HTML by the Nu Html Checker, except for the theme's known faults.

The checker is the ``vnu-jar`` npm package pinned in package-lock.json; it needs Java 11 or newer.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gates import VNU, real_site, require_java, require_node_module

pytestmark = pytest.mark.build


@dataclass(frozen=True)
class Allowed:
    """An error that Material's own templates produce, and why we live with it."""

    message: str  # a regular expression searched in the checker's message
    extract: str  # a regular expression searched in the offending markup, so our own markup never matches
    reason: str


THEME_ERRORS = (
    Allowed(
        r"Bad value “” for attribute “tabindex” on element “label”",
        r'<label class="md-nav__link" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label" tabindex="">',
        "Material's partials/nav-item.html gives the label of every navigation section an empty tabindex "
        "(the value is meant to be -1 or 0 by feature, but is empty with navigation.sections). Browsers ignore "
        "an invalid tabindex, so the label simply stays out of the tab order, as intended; overriding "
        "nav-item.html (200 lines of theme logic) to fix one attribute would cost more than it saves.",
    ),
    Allowed(
        r"Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">',
        "Material's base.html puts autocomplete=off on its hidden drawer and search checkboxes so that Firefox "
        "does not restore them as ticked after back navigation (which would reopen the drawer or search). "
        "Browsers accept it; only the specification disallows autocomplete on checkboxes.",
    ),
)


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """Every HTML page of the real site, checked in one run of the checker: (site, messages)."""
    java = require_java()
    jar = require_node_module(VNU)
    site = real_site(tmp_path_factory)
    files = sorted(str(p) for p in site.rglob("*.html"))
    run = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--skip-non-html", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return site, json.loads(run.stderr or run.stdout)["messages"]


def _where(site: Path, message: dict[str, Any]) -> str:
    url = message.get("url", "")
    path = url.removeprefix("file:")
    try:
        path = Path(path).relative_to(site).as_posix()
    except ValueError:
        pass
    return f"{path}:{message.get('lastLine', '?')}:{message.get('firstColumn', message.get('lastColumn', '?'))}"


def allowed(message: dict[str, Any]) -> Allowed | None:
    """The allow-list entry that covers an error, if any."""
    for entry in THEME_ERRORS:
        if re.search(entry.message, message.get("message", "")) and re.search(entry.extract, message.get("extract", "")):
            return entry
    return None


def test_every_page_was_checked(checked: tuple[Path, list[dict[str, Any]]]) -> None:
    site, messages = checked
    unreadable = [m for m in messages if m["type"] == "non-document-error"]
    assert unreadable == [], [m.get("message") for m in unreadable]
    assert len(list(site.rglob("*.html"))) > 20


def test_no_html_error_outside_the_themes_known_faults(checked: tuple[Path, list[dict[str, Any]]]) -> None:
    site, messages = checked
    errors = [m for m in messages if m["type"] == "error" and allowed(m) is None]
    report = [f"{_where(site, m)}: {m['message']} in {m.get('extract', '').strip()!r}" for m in errors]
    assert report == [], f"{len(report)} HTML errors:\n" + "\n".join(report[:40])


def test_the_allow_list_covers_only_the_themes_markup() -> None:
    theirs = {
        "message": "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer.",
        "extract": '<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">',
    }
    ours = {**theirs, "extract": '<label class="x-filter" for="f" tabindex="">'}
    assert allowed(theirs) is THEME_ERRORS[0]
    assert allowed(ours) is None
