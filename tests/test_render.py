"""`explainer render` writes a publication as a plain project that MkDocs builds without any hooks.

The invented two-edition fixture (harbour) is built with the hooks, rendered, and the rendered
tree built by MkDocs with no hooks under --strict; the tests compare the two sites' HTML page by
page, with the measures of ``benchmarks/zensical_render.py`` (which runs the same comparison on
Zensical's build). The README's "Runners and support" lists what a build without hooks lacks;
``test_only_the_documented_differences`` fails when anything else starts to differ.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from explainer.tools import cli
from sitebuild import HARBOUR, MINIMAL, ROOT, build_project, make_project

sys.path.insert(0, str(ROOT / "benchmarks"))

import zensical_render as measure

pytestmark = pytest.mark.build

EVENT = "2024-04-26-harbour-closes-for-repairs"
QUOTE = "yun-dallae-2024-04-26-neighbouring-harbour"
EXCERPT = "방파제에 생긴 금을 고치기 위해 4월 26일부터 항구를 모든 배에 닫습니다."
"""The citation in ``content/closure.md``, which has no Korean twin."""

MORE = """# More about the harbour

Read [why it closed](../closure.md#the-crack), go [home](../index.md), follow the
[events](../events.atom), take the [records](../data/records.json) or see the [map](map.png).

![A map of the harbour](map.png)
"""

DOCUMENTED = {
    "hreflang links",
    "language selector",
    "Open Graph title",
    "edit link",
    "html lang",
    "title",
    "navigation",
    "search index",
    "table of contents",
}
"""What the template adds around a page that a build without hooks gets otherwise (tools/render.py)."""


@dataclass(frozen=True)
class Builds:
    tree: Path
    hooked: Path
    plain: Path


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    tmp = tmp_path_factory.mktemp("render")
    project = make_project(HARBOUR, tmp)
    # A page in a folder of its own, with a link of every kind MkDocs rewrites, and an image beside it.
    (project / "content" / "guide").mkdir()
    (project / "content" / "guide" / "more.md").write_text(MORE, encoding="utf-8")
    (project / "content" / "guide" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    hooked = build_project(project, tmp / "hooked")
    tree = tmp / "tree"
    assert cli.main(["render", str(tree), "--config", str(project / "mkdocs.yml")]) == 0
    config = load_config(config_file=str(tree / "mkdocs.yml"), site_dir=str(tmp / "plain"), strict=True)
    assert not config.hooks and "hooks" not in (tree / "mkdocs.yml").read_text(encoding="utf-8")
    build(config)
    return Builds(tree, hooked, tmp / "plain")


def test_every_page_is_at_its_address(builds: Builds) -> None:
    hooked, plain = measure.site_pages(builds.hooked), measure.site_pages(builds.plain)
    records = measure.expected_record_pages(HARBOUR / "mkdocs.yml")
    assert len(records) == 10 and {page for page in records if page.startswith("ko/")}
    assert records <= set(plain)
    # The one page a build without hooks cannot put where the hooks do.
    assert set(hooked) - set(plain) == {"ko/404.html"}
    assert set(plain) - set(hooked) == {"ko/404/index.html"}
    assert {"ko/index.html", "ko/closure/index.html", f"ko/events/{EVENT}/index.html", "ko/tags/harbour/index.html"} <= set(plain)
    assert {"guide/more/index.html", "ko/guide/more/index.html"} <= set(plain) and (builds.plain / "guide" / "map.png").is_file()


def test_main_content_matches_the_hooked_build(builds: Builds) -> None:
    comparison = measure.compare(measure.site_pages(builds.hooked), measure.site_pages(builds.plain), set())
    assert comparison.differences.get("main content") is None and comparison.differences.get("links in the main content") is None
    links = measure.site_pages(builds.plain)["ko/guide/more/index.html"].features["links in the main content"]
    assert {"/ko/closure/#the-crack", "/ko/", "/events.atom", "/data/records.json", "/guide/map.png"} <= set(links)
    assert comparison.matching == comparison.common
    assert len(comparison.common) > 40


def test_only_the_documented_differences(builds: Builds) -> None:
    comparison = measure.compare(measure.site_pages(builds.hooked), measure.site_pages(builds.plain), set())
    assert set(comparison.differences) <= DOCUMENTED, comparison.lines("plain MkDocs")
    # What the footer and the page of a missing address take from the engine is written out for every page.
    licence = measure.read_page(builds.plain / "ko" / "index.html").features["licence line"]
    assert licence and "Go to the home page" in (builds.plain / "404.html").read_text(encoding="utf-8")


def test_references_are_resolved_and_cite_their_excerpts(builds: Builds) -> None:
    pages = measure.site_pages(builds.plain)
    assert measure.unresolved(pages.values()) == 0
    closure = (builds.plain / "closure" / "index.html").read_text(encoding="utf-8")
    assert EXCERPT in closure
    assert f'href="../events/{EVENT}/"' in closure
    assert f"../quotes/{QUOTE}/" in closure
    twin = (builds.plain / "ko" / "closure" / "index.html").read_text(encoding="utf-8")
    assert 'class="x-untranslated"' in twin and EXCERPT in twin and f'href="../../ko/events/{EVENT}/"' in twin
    event = (builds.plain / "events" / EVENT / "index.html").read_text(encoding="utf-8")
    assert "application/ld+json" in event and 'id="cite-this-page"' in event and 'class="x-changed"' in event
    assert '<div class="x-rendered" lang="ko">' in (builds.plain / "ko" / "events" / EVENT / "index.html").read_text(encoding="utf-8")


def test_generated_files_are_the_hooked_builds(builds: Builds) -> None:
    # The root sitemap is the builder's own (MkDocs' template, without each page's twins).
    hooked = {p.relative_to(builds.hooked).as_posix() for p in builds.hooked.rglob("*") if p.is_file() and p.suffix != ".html"}
    files = sorted(name for name in hooked if not name.startswith(("assets/", "sitemap.xml")))
    assert {
        "search/manifest.json",
        "ko/search/manifest.json",
        "ko/sitemap.xml",
        "events.atom",
        "ko/events.atom",
        "data/records.json",
    } <= set(files)
    different = [name for name in files if (builds.plain / name).read_bytes() != (builds.hooked / name).read_bytes()]
    assert different == []
    redirects = [p for p in builds.hooked.rglob("*.html") if 'http-equiv="refresh"' in p.read_text(encoding="utf-8")[:2000]]
    assert all((builds.plain / p.relative_to(builds.hooked)).read_bytes() == p.read_bytes() for p in redirects)


def test_the_tree_is_plain(builds: Builds) -> None:
    config = yaml.safe_load((builds.tree / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "explainer" not in config["extra"] and config["theme"]["custom_dir"] == "overrides" and config["edit_uri"] == ""
    assert [alt["link"] for alt in config["extra"]["alternate"]] == ["/", "/ko/"]
    templates = [p for p in (builds.tree / "overrides").rglob("*.html") if "fragments" not in p.parts]
    assert templates and not [p for p in templates if '_("' in p.read_text(encoding="utf-8") or "gettext(" in p.read_text(encoding="utf-8")]
    page = (builds.tree / "docs" / "events" / f"{EVENT}.md").read_text(encoding="utf-8")
    front = yaml.safe_load(page.split("---\n")[1])
    assert (
        front["title"] == "Ostrel harbour closes while its breakwater is repaired"
        and front["template"] == "record.html"
        and front["description"]
    )


def test_a_tree_for_zensical_has_its_links_relative_to_each_file(builds: Builds, tmp_path: Path) -> None:
    assert cli.main(["render", str(tmp_path / "tree"), "--builder", "zensical", "--config", str(HARBOUR / "mkdocs.yml")]) == 0
    ours = (builds.tree / "docs" / "closure.md").read_text(encoding="utf-8")
    theirs = (tmp_path / "tree" / "docs" / "closure.md").read_text(encoding="utf-8")
    assert f'href="../events/{EVENT}/"' in ours and f'href="events/{EVENT}/"' in theirs
    assert "for zensical" in (tmp_path / "tree" / "mkdocs.yml").read_text(encoding="utf-8").splitlines()[0]


def test_rendering_again_replaces_the_tree(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    assert cli.main(["render", str(tree), "--config", str(HARBOUR / "mkdocs.yml")]) == 0
    (tree / "docs" / "stale.md").write_text("# Stale\n", encoding="utf-8")
    assert cli.main(["render", str(tree), "--config", str(HARBOUR / "mkdocs.yml")]) == 0
    assert not (tree / "docs" / "stale.md").exists() and (tree / "docs" / "closure.md").is_file()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert cli.main(["render", str(mine), "--config", str(HARBOUR / "mkdocs.yml")]) == 2
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_invalid_data_render_nothing(tmp_path: Path) -> None:
    project = make_project(MINIMAL, tmp_path)
    record = project / "data" / "events" / "2022-coastal-survey.yml"
    record.write_text(record.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "explainer.tools.cli", "render", str(tmp_path / "tree"), "--config", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "data/events/2022-coastal-survey.yml:" in done.stderr and "colour" in done.stderr
    assert not (tmp_path / "tree").exists()


def test_the_real_publication_renders(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "explainer.tools.cli", "render", str(tmp_path / "tree"), "--config", str(ROOT / "mkdocs.yml")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    records = measure.expected_record_pages(ROOT / "mkdocs.yml")
    assert f"({len(records)} of records)" in done.stdout
    docs = tmp_path / "tree" / "docs"
    written = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    assert {page.removesuffix("index.html").rstrip("/") + ".md" for page in records} <= written
    overview = (docs / "overview.md").read_text(encoding="utf-8")
    assert "[@" not in overview and 'class="x-cite' in overview


def test_unresolved_references_are_counted() -> None:
    page = measure.read_page_text(
        '<html><body><article><p>See [[event:x]] and [@src "words"].</p><pre><code>[[event:y]]</code></pre></article></body></html>'
    )
    assert measure.unresolved([page]) == 2


def test_the_measuring_script_prints_its_figures(tmp_path: Path) -> None:
    # A stand-in for the zensical executable: MkDocs without hooks, building the rendered tree.
    builder = tmp_path / "zensical"
    builder.write_text(
        f'#!/bin/sh\n[ "$1" = --version ] && {{ echo "zensical 0.0.0"; exit 0; }}\n'
        f'exec {sys.executable} -m mkdocs build -q -f "$4" -d "$(dirname "$4")/site"\n',
        encoding="utf-8",
    )
    builder.chmod(0o755)
    project = make_project(HARBOUR, tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "zensical_render.py"),
            "--zensical",
            str(builder),
            "--config",
            str(project / "mkdocs.yml"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert "record pages built: 10 / 10" in lines and "unresolved references: 0 (with the hooks: 0)" in lines
    assert any(line.startswith("pages whose main content matches: ") for line in lines)
    # The tree was written for Zensical, whose links MkDocs leaves as written: the script sees it.
    assert any(line.startswith("  links in the main content: ") for line in lines)
