"""``explainer init``: the publication it writes builds strictly, passes its own tests, and names its licence."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from explainer import build_site
from explainer.graph.references import find_references
from explainer.load.project import read_project
from explainer.model.licences import licence
from explainer.model.records import RECORD_TYPES, Event
from explainer.tools.cli import main
from explainer.tools.init import STARTER, engine_requirement, requirement_from
from sitebuild import LINDENAU, MINIMAL, build_project
from topic import leaks, theme_copies

pytestmark = pytest.mark.build

TITLE = "Riverton floods"
LICENCE = licence("CC-BY-SA-4.0")

TREE = [
    ".github/workflows/deploy.yml",
    ".github/workflows/pr.yml",
    ".gitignore",
    ".vscode/extensions.json",
    ".vscode/settings.json",
    "CONTRIBUTING.md",
    "LICENSE-CONTENT",
    "Makefile",
    "README.md",
    "content/explainer.md",
    "content/index.md",
    "data/events/example-event.yml",
    "data/organisations/example-organisation.yml",
    "data/people/example-person.yml",
    "data/quotes/example-quote.yml",
    "data/sources/example-source.yml",
    "hooks/mkdocs_hooks.py",
    "mkdocs.yml",
    "requirements.lock",
    "requirements.txt",
    *(f"schemas/{cls.type}.schema.json" for cls in sorted(RECORD_TYPES.values(), key=lambda c: c.type)),
    "tests/test_site.py",
]
"""Every file a new publication holds, in sorted order."""


@dataclass(frozen=True)
class Published:
    """A publication written by ``explainer init`` and its site, built once for the module."""

    project: Path
    site: Path
    written: list[str]
    stdout: str


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    tmp = tmp_path_factory.mktemp("init")
    project = tmp / "riverton"
    stdout = _run_init([str(project), "--title", TITLE, "--licence", LICENCE.spdx])
    written = files_under(project)
    return Published(project, build_project(project, tmp / "site"), written, stdout)


def _run_init(argv: list[str]) -> str:
    """Run ``explainer init`` in this process, and return what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["init", *argv]) == 0
    return out.getvalue()


def test_init_writes_the_whole_publication(published: Published) -> None:
    assert published.written == TREE


def test_init_lists_what_it_wrote_and_the_next_commands(published: Published) -> None:
    lines = published.stdout.splitlines()
    for rel in TREE:
        assert f"  {rel}" in lines
    assert lines[-3:] == ["Next:", f"  cd {published.project}", "  make serve"]


def test_the_settings_pass_the_engines_check(published: Published) -> None:
    project = read_project(published.project / "mkdocs.yml")
    assert project.site_name == TITLE
    assert project.settings.text_licence == project.settings.data_licence == LICENCE
    assert project.settings.names_language == "en"
    events = [e for e in build_site(project.data_dir, project.root, project.settings).all("event") if isinstance(e, Event)]
    assert events and {tag for event in events for tag in event.tags} <= set(project.settings.vocabularies.tags)


def test_mkdocs_yml_has_the_repositorys_shape(published: Published) -> None:
    config = yaml.safe_load((published.project / "mkdocs.yml").read_text(encoding="utf-8"))
    own = yaml.safe_load(re.sub(r"!!python/\S+", "", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    fixture = yaml.safe_load((MINIMAL / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "content" and config["strict"] is True
    assert config["theme"]["name"] == "material" and config["theme"]["font"] is False and config["theme"]["language"] == "en"
    assert [p["media"] for p in config["theme"]["palette"]] == ["(prefers-color-scheme: light)", "(prefers-color-scheme: dark)"]
    assert config["hooks"] == ["hooks/mkdocs_hooks.py"]
    assert config["watch"] == ["data"]
    assert config["plugins"] == ["search"]
    assert config["markdown_extensions"] == fixture["markdown_extensions"]
    assert config["validation"] == own["validation"] == fixture["validation"]
    assert config["extra"]["explainer"] == {
        "licence": LICENCE.spdx,
        "names_language": "en",
        "vocabularies": {"tags": {"example": "Example tag"}},
    }
    pages = json.dumps(config["nav"])
    for page in ("index.md", "explainer.md", "timeline.md", "contested.md", "sources.md", "organisations.md", "people.md", "quotes.md"):
        assert f'"{page}"' in pages, page


def test_one_example_record_of_every_type(published: Published) -> None:
    graph = build_site(published.project / "data")
    for cls in RECORD_TYPES.values():
        records = list(graph.all(cls.type))
        assert [r.id for r in records] == [f"example-{cls.type}"]
        text = (published.project / "data" / cls.plural / f"example-{cls.type}.yml").read_text(encoding="utf-8")
        assert text.startswith("# An example record:"), cls.type
        assert "an example to replace" in " ".join(text.split()), cls.type
        # Invented addresses only, in the domain reserved for examples.
        assert all(url.startswith("https://www.example.org/") for url in re.findall(r"\w+://\S+", text)), cls.type


def test_the_explainer_page_uses_every_kind_of_reference(published: Published) -> None:
    refs = list(find_references((published.project / "content" / "explainer.md").read_text(encoding="utf-8")))
    assert {r.kind for r in refs} == {"cite", "link", "card"}
    assert {r.type for r in refs} == {cls.type for cls in RECORD_TYPES.values()}


def test_record_pages_json_ld_names_the_licence(published: Published) -> None:
    for cls in RECORD_TYPES.values():
        html = (published.site / cls.plural / f"example-{cls.type}" / "index.html").read_text(encoding="utf-8")
        assert '"license": "https://creativecommons.org/licenses/by-sa/4.0/"' in html, cls.type


def test_feeds_name_the_licence(published: Published) -> None:
    feeds = sorted(published.site.glob("*.atom"))
    assert feeds
    for feed in feeds:
        rights = ET.parse(feed).getroot().find("{http://www.w3.org/2005/Atom}rights")
        assert rights is not None and "CC BY-SA 4.0" in (rights.text or ""), feed.name


def test_the_data_download_names_the_licence(published: Published) -> None:
    records = json.loads((published.site / "data" / "records.json").read_text(encoding="utf-8"))
    assert records["licences"]["data"] == records["licences"]["text"] == "CC-BY-SA-4.0"


class _Footer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text = ""
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self.depth or "x-licence" in (found.get("class") or "").split():
            self.depth += 1
            if tag == "a" and found.get("rel") == "license":
                self.links.append(found.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text += data


def test_the_footer_names_the_licence(published: Published) -> None:
    for page in ("index.html", "explainer/index.html", "events/example-event/index.html"):
        footer = _Footer()
        footer.feed((published.site / page).read_text(encoding="utf-8"))
        assert "CC BY-SA 4.0" in footer.text and footer.links == [LICENCE.url], page


def test_licence_content_names_the_licence(published: Published) -> None:
    text = " ".join((published.project / "LICENSE-CONTENT").read_text(encoding="utf-8").split())
    for part in (LICENCE.name, LICENCE.short, LICENCE.url, "content/", "data/", "Quotations belong to their speakers and publishers."):
        assert part in text, part
    assert "CC BY-SA 4.0" in (published.project / "README.md").read_text(encoding="utf-8")


def test_nothing_written_or_built_names_the_repositorys_topic(published: Published) -> None:
    written, scanned_project = leaks(published.project)
    built, scanned_site = leaks(published.site, skip=theme_copies(published.site))
    assert written == [] and built == []
    assert len(scanned_project) >= len(TREE) and len(scanned_site) > 20


def test_another_topics_records_and_pages_build_in_it(published: Published, tmp_path: Path) -> None:
    """A new publication is a frame for any topic: with the German fixture's records, pages and
    words in place of the examples, it builds, and still carries nothing of the first topic."""
    project = tmp_path / "riverton"
    shutil.copytree(published.project, project)
    for part in ("data", "content"):
        shutil.rmtree(project / part)
        shutil.copytree(LINDENAU / part, project / part)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    theirs = yaml.safe_load((LINDENAU / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = theirs["nav"]
    config["extra"]["explainer"]["vocabularies"] = theirs["extra"]["explainer"]["vocabularies"]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    site = build_project(project, tmp_path / "site")
    assert (site / "events" / "2023-06-17-wendel-tritt-ueber-die-ufer" / "index.html").is_file()
    found, _ = leaks(site, skip=theme_copies(site))
    assert found == []


def test_the_new_publications_own_tests_pass(published: Published) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(published.project / "tests")],
        cwd=published.project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b\d+ passed\b", result.stdout) and "skipped" not in result.stdout


def test_validate_and_schemas_check_pass_inside_it(published: Published, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(published.project)
    assert main(["validate", "--format", "github", "--config", "mkdocs.yml"]) == 0
    assert main(["schemas", "--check", "--config", "mkdocs.yml"]) == 0


def test_a_title_with_yaml_and_html_characters(tmp_path: Path) -> None:
    title = 'Floods: the "big" one & <more>'
    project = tmp_path / "odd"
    _run_init([str(project), "--title", title])
    assert yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"] == title
    assert read_project(project / "mkdocs.yml").site_name == title
    assert (project / "content" / "index.md").read_text(encoding="utf-8").startswith('# Floods: the "big" one &#38; &#60;more&#62;\n')
    site = build_project(project, tmp_path / "site")
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Floods: the &#34;big&#34; one &amp; &lt;more&gt;</title>" in html
    assert "<more>" not in html


def test_the_title_defaults_to_the_folder_name(tmp_path: Path) -> None:
    for folder, title in (("riverton", "Riverton"), ("river-town_floods", "River town floods")):
        _run_init([str(tmp_path / folder)])
        assert read_project(tmp_path / folder / "mkdocs.yml").site_name == title


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    _run_init([str(tmp_path / "empty")])
    assert files_under(tmp_path / "empty") == TREE


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert main(["init", str(tmp_path / "busy")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not empty" in err
    assert files_under(tmp_path / "busy") == ["notes.txt"]
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert main(["init", str(tmp_path / "file")]) == 2


def test_a_bad_licence_is_refused_with_a_suggestion(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "new"), "--licence", "CC-BY-4"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'CC-BY-4.0'" in err
    assert not (tmp_path / "new").exists()


def test_languages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for bad in ("en_GB", "English", "tlh"):
        assert main(["init", str(tmp_path / "new"), "--language", bad]) == 2, bad
        assert capsys.readouterr().err.count("\n") == 1
    assert not (tmp_path / "new").exists()
    # A regional tag names the records' language; the theme takes the language Material translates.
    _run_init([str(tmp_path / "gb"), "--language", "en-GB"])
    config = yaml.safe_load((tmp_path / "gb" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert (config["theme"]["language"], config["extra"]["explainer"]["names_language"]) == ("en", "en-GB")
    _run_init([str(tmp_path / "de"), "--language", "de"])
    config = yaml.safe_load((tmp_path / "de" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert (config["theme"]["language"], config["extra"]["explainer"]["names_language"]) == ("de", "de")


def test_the_repositorys_shim_is_the_starters(published: Published) -> None:
    shim = (STARTER / "hooks" / "mkdocs_hooks.py").read_bytes()
    assert (ROOT / "hooks" / "mkdocs_hooks.py").read_bytes() == shim
    assert (MINIMAL / "hooks" / "mkdocs_hooks.py").read_bytes() == shim
    assert (published.project / "hooks" / "mkdocs_hooks.py").read_bytes() == shim


def test_the_vscode_mapping_names_schemas_that_exist(published: Published) -> None:
    settings = json.loads((published.project / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    own = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings == own
    for schema, pattern in settings["yaml.schemas"].items():
        assert (published.project / schema).is_file(), schema
        assert list(published.project.glob(pattern)), pattern
    assert json.loads((published.project / ".vscode" / "extensions.json").read_text(encoding="utf-8")) == {
        "recommendations": ["redhat.vscode-yaml"]
    }


def test_requirements_reinstall_the_running_engine(published: Published) -> None:
    lines = (published.project / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines == [engine_requirement(), "pytest"]
    # The test suite runs on an install of this repository (`pip install -e .`).
    assert lines[0] == f"explainer @ {ROOT.as_uri()}"


@pytest.mark.parametrize(
    ("direct_url", "requirement"),
    [
        (
            {"url": "https://github.com/o/explainer", "vcs_info": {"vcs": "git", "commit_id": "a" * 40, "requested_revision": "main"}},
            f"explainer @ git+https://github.com/o/explainer@{'a' * 40}",
        ),
        (
            {"url": "https://github.com/o/mono", "subdirectory": "engine", "vcs_info": {"vcs": "git", "commit_id": "b" * 40}},
            f"explainer @ git+https://github.com/o/mono@{'b' * 40}#subdirectory=engine",
        ),
        ({"url": "file:///src/explainer", "dir_info": {"editable": True}}, "explainer @ file:///src/explainer"),
        ({"url": "file:///src/explainer", "dir_info": {}}, "explainer @ file:///src/explainer"),
        (
            {"url": "https://example.org/explainer-0.1.0.tar.gz", "archive_info": {}},
            "explainer @ https://example.org/explainer-0.1.0.tar.gz",
        ),
        (None, "explainer==0.1.0"),
        ("not json", "explainer==0.1.0"),
    ],
)
def test_the_engine_requirement_follows_pep_610(direct_url: object, requirement: str) -> None:
    text = direct_url if isinstance(direct_url, str) or direct_url is None else json.dumps(direct_url)
    assert requirement_from(text, "0.1.0") == requirement


def test_the_publication_installs_from_the_engines_lock(published: Published) -> None:
    assert (published.project / "requirements.lock").read_bytes() == (STARTER / "requirements.lock").read_bytes()
    assert "--require-hashes" in (published.project / "Makefile").read_text(encoding="utf-8")
    for name in ("pr.yml", "deploy.yml"):
        workflow = (published.project / ".github" / "workflows" / name).read_text(encoding="utf-8")
        assert "run: make .venv/.installed" in workflow and "pip install" not in workflow, name


def test_the_makefile_has_the_entry_points(published: Published) -> None:
    text = (published.project / "Makefile").read_text(encoding="utf-8")
    assert "mkdocs serve --dirty --dev-addr 127.0.0.1:8000" in text
    assert "pip install --quiet --require-hashes --no-deps -r requirements.lock" in text
    assert "pip install --quiet --no-deps --no-build-isolation -r requirements.txt" in text
    assert "$(STAMP): requirements.txt requirements.lock" in text
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    for target, command in (
        ("serve", "mkdocs serve"),
        ("build", "mkdocs build --strict"),
        ("test", "-m pytest"),
        ("validate", "explainer validate"),
    ):
        dry = subprocess.run([make, "-n", target], cwd=published.project, capture_output=True, text=True, check=True).stdout
        assert "-m venv .venv" in dry and "-r requirements.lock" in dry and "-r requirements.txt" in dry and command in dry, target


def test_the_workflows(published: Published) -> None:
    workflows = published.project / ".github" / "workflows"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, sorted(workflows.glob("*.yml"))),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pattern = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)", re.M)
    ours = {u for path in (ROOT / ".github" / "workflows").glob("*.yml") for u in pattern.findall(path.read_text(encoding="utf-8"))}
    runs = {}
    for name in ("pr.yml", "deploy.yml"):
        text = (workflows / name).read_text(encoding="utf-8")
        assert set(pattern.findall(text)) <= ours, name  # the repository's pinned versions
        runs[name] = "\n".join(step.get("run", "") for job in yaml.safe_load(text)["jobs"].values() for step in job["steps"])
    for command in ("explainer validate --format github", "explainer schemas --check", "mkdocs build --strict", "make test"):
        assert command in runs["pr.yml"], command
    assert "SOURCE_DATE_EPOCH" in runs["deploy.yml"] and "mkdocs build --strict" in runs["deploy.yml"]
    assert "actions/deploy-pages@" in (workflows / "deploy.yml").read_text(encoding="utf-8")
    assert "fetch-depth: 0" in (workflows / "deploy.yml").read_text(encoding="utf-8")  # the record dates come from git


def test_the_gitignore(published: Published) -> None:
    assert (published.project / ".gitignore").read_text(encoding="utf-8").split() == [
        ".venv/",
        "site/",
        "__pycache__/",
        ".pytest_cache/",
        ".cache/",
        ".venv-lock/",
    ]


def test_the_starter_survives_packaging() -> None:
    # setuptools' package-data globs skip dot-names: the starter stores them as dot-*.
    for path in STARTER.rglob("*"):
        assert not path.name.startswith("."), path
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^explainer = \[.*"starter/\*\*/\*"', pyproject, re.M)
