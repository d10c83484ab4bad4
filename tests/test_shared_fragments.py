"""Pieces of HTML rendered once for many pages (explainer.render.shared) are what each page would
render itself: a build with the store and a build that renders every piece on every page are the
same, byte for byte, for publications of one and of two editions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import pytest

from explainer.render.shared import SharedFragments
from sitebuild import HARBOUR, LINDENAU, MINIMAL, build_project, make_project

pytestmark = pytest.mark.build


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fixture", [MINIMAL, LINDENAU, HARBOUR], ids=lambda p: p.name)
def test_shared_pieces_are_what_each_page_renders(fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = make_project(fixture, tmp_path)
    asked: Counter[tuple[object, ...]] = Counter()
    keep = SharedFragments.__call__

    def counted(self: SharedFragments, *key: Hashable, caller: Callable[[], Any]) -> Any:
        asked[key] += 1
        return keep(self, *key, caller=caller)

    monkeypatch.setattr(SharedFragments, "__call__", counted)
    shared = files(build_project(project, tmp_path / "shared"))
    monkeypatch.setattr(SharedFragments, "enabled", False)
    each = files(build_project(project, tmp_path / "each"))
    assert sorted(shared) == sorted(each)
    assert [path for path in shared if shared[path] != each[path]] == []
    # The comparison means something: pages did share pieces, of every kind.
    reused = {key[0] for key, times in asked.items() if times > 2}
    assert reused >= {"sidebars", "palette", "search", "reference"}
