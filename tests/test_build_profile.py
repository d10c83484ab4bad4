"""benchmarks/build_profile.py says where a build's time goes: per plugin event, per template, per package."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sitebuild import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import build_profile
import generate

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate.write_project(generate.generate(12, seed=2), tmp_path_factory.mktemp("profiled") / "project")


def test_the_timed_build_counts_every_page_and_hook(project: Path) -> None:
    found = build_profile.timings(project)
    pages = found["step _build_page"][1]
    assert pages > 12 * 2  # every record, in both editions, and the index pages
    for hook in ("page_markdown", "page_content", "page_context"):
        assert found[f"event {hook}: hooks/mkdocs_hooks.py"][1] == pages
    assert found["event post_build: hooks/mkdocs_hooks.py"][1] == 1
    # Each event page is rendered from its fragment, in both editions, inside on_page_content.
    assert found["template fragments/records/event.html"][1] == 12 * 2
    assert found["template fragments/records/event.html"][0] < found["event page_content: hooks/mkdocs_hooks.py"][0]
    assert 0 < found["step _populate_page"][0] + found["step _build_page"][0] < found["step build"][0]
    text = build_profile.timings_report(found)
    assert "page_content: hooks/mkdocs_hooks.py" in text and "fragments/records/event.html" in text


def test_the_profiled_build_is_summed_per_hook_and_package(project: Path, tmp_path: Path) -> None:
    text = build_profile.report(build_profile.profile(project, tmp_path / "build.prof"))
    hooks = text.split("The engine's hooks")[1].split("\n\n")[0]
    assert "on_page_content" in hooks and "on_post_build" in hooks
    assert "jinja2" in text and "explainer (the engine): render" in text
    assert build_profile.package("/x/site-packages/markdown/core.py") == "markdown"
    assert build_profile.package("/x/hooks/explainer/theme/fragments/cite.html") == "templates: the engine's"
