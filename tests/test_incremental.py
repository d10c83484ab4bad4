"""`mkdocs serve --dirty` renders only the pages an edit can change, and the site it serves is the
site a build from nothing makes of the same files: every file, byte for byte, after every kind of
edit (a title, a name two steps away, a date that moves an event on the timeline, a new record,
a deleted one, an invalid file and its fix), in every edition."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from serving import Server, serve
from sitebuild import HARBOUR, MINIMAL, build_project, make_project

pytestmark = pytest.mark.build

# What the preview server adds to each page it sends: its live-reload script.
_LIVERELOAD = re.compile(r"<script>\s*var livereload = .*?</script>(?=</body>)", re.S)
_MARKERS = "<!--x-problems--><!--/x-problems-->"

Edit = Callable[[Path], None]


def replace(path: str, old: str, new: str) -> Edit:
    def edit(project: Path) -> None:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{path} has no {old!r}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def write(path: str, text: str) -> Edit:
    def edit(project: Path) -> None:
        (project / path).write_text(text, encoding="utf-8")

    return edit


def delete(path: str) -> Edit:
    def edit(project: Path) -> None:
        (project / path).unlink()

    return edit


NEW_EVENT = """\
id: 2023-05-new-nets-rule
title: The ministry announces a new rule for nets
date: 2023-05
place: Coastal Region
summary: An event added while the preview runs.
tags:
  - fishing
citations:
  - source: harbour-rights-watch-2023-10-12-nets-and-notices
    excerpt: In 2022 the ministry surveyed the fishing grounds along the whole coast.
"""

MINIMAL_EDITS: list[tuple[str, Edit]] = [
    ("an event's title", replace("data/events/2022-coastal-survey.yml", "title: ", "title: Retitled, ")),
    (
        "a person's name, shown on the pages of quotes and events",
        replace("data/people/tomas-rell.yml", "name: Tomás Rell", "name: Tomás Rell-Ortega"),
    ),
    (
        "an organisation's name",
        replace("data/organisations/harbour-rights-watch.yml", "name: Harbour Rights Watch", "name: Harbour Rights Watchers"),
    ),
    ("a date that moves an event on the timeline", replace("data/events/2022-coastal-survey.yml", "date: 2022", "date: 2024-06")),
    ("a new event", write("data/events/2023-05-new-nets-rule.yml", NEW_EVENT)),
    ("an invalid file", replace("data/events/2023-05-new-nets-rule.yml", "date: 2023-05", "date: 2023-13")),
    ("its fix", replace("data/events/2023-05-new-nets-rule.yml", "date: 2023-13", "date: 2023-05")),
    ("a deleted quote", delete("data/quotes/tomas-rell-2024-04-27-no-warning.yml")),
    ("a deleted event", delete("data/events/2023-05-new-nets-rule.yml")),
]

HARBOUR_EDITS: list[tuple[str, Edit]] = [
    ("a person's name in both languages", replace("data/people/yun-dallae.yml", "ko: 윤달래", "ko: 윤달래 씨")),
    ("an event's title", replace("data/events/2024-04-26-harbour-closes-for-repairs.yml", "ko: 오스트렐 항구, ", "ko: 오스트렐의 항구, ")),
]


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def served_as_built(server: Server, built: dict[str, bytes]) -> list[str]:
    """The files whose served version differs from the fresh build's, and the served pages the
    build does not have."""
    differ = []
    for path, expected in built.items():
        if path.endswith(".gz"):
            continue  # compressed with the time it was written
        got = server.fetch_bytes(path)
        if got is not None and path.endswith(".html"):
            got = _LIVERELOAD.sub("", got.decode("utf-8")).replace(_MARKERS, "").encode("utf-8")
        if got != expected:
            differ.append(path)
    return differ


def stale_pages(server: Server, before: dict[str, bytes], built: dict[str, bytes]) -> list[str]:
    """Pages an earlier build had, the fresh build has not, and the server still serves."""
    return [p for p in sorted(before.keys() - built.keys()) if p.endswith("index.html") and server.fetch_bytes(p) is not None]


# In the harbour's five records everything is two steps from everything: each edit renders all.
@pytest.mark.parametrize(
    ("fixture", "edits", "narrow"), [(MINIMAL, MINIMAL_EDITS, True), (HARBOUR, HARBOUR_EDITS, False)], ids=["minimal", "harbour"]
)
def test_each_rebuild_serves_what_a_full_build_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixture: Path, edits: list[tuple[str, Edit]], narrow: bool
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = make_project(fixture, tmp_path, watch=["data"])
    with serve(project, dirty=True) as server:
        # The preview's pages say where they are served; the fresh build is made for that address.
        fresh = make_project(fixture, tmp_path / "fresh", site_url=server.base)
        before: dict[str, bytes] = {}
        # Whether each rebuild rendered fewer pages than all.
        partial: list[bool] = []
        for what, edit in edits:
            done = server.reloads()
            edit(project)
            server.wait_for_reload(done, f"no rebuild after {what}")
            shutil.rmtree(fresh / "data")
            shutil.copytree(project / "data", fresh / "data")
            rendered, total = map(int, re.findall(r"(\d+) of (\d+) pages rendered again", server.output())[-1])
            partial.append(rendered < total)
            if "invalid" in what:
                assert "<code>data/events/2023-05-new-nets-rule.yml:3:7</code>" in (server.fetch("") or "")
                continue
            built = site_files(build_project(fresh, tmp_path / "site" / str(done)))
            assert served_as_built(server, built) == [], f"after {what}"
            assert stale_pages(server, before, built) == [], f"after {what}"
            before = built
        assert any(partial) == narrow, f"rebuilds that rendered fewer pages than all: {partial}"
