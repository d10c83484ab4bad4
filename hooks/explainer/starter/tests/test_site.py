"""The publication built as its readers get it: the home page, a page per record, citations and licence."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from explainer.load.project import read_project
from explainer.tools.cli import main as explainer

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
# The reference syntax of the pages: [@source-id "supporting words", locator] cites a source.
CITATION = re.compile(r"\[@([^\]\s\"“]+)")


class Page(HTMLParser):
    """A built page: the addresses its links point to, its title and its JSON-LD."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.title = ""
        self.jsonld: list[dict[str, object]] = []
        self._in: str | None = None
        self._script = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.hrefs.append(found["href"] or "")
        if tag == "title" or (tag == "script" and found.get("type") == "application/ld+json"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if self._in == "script" and tag == "script":
            self.jsonld.append(json.loads(self._script))
            self._script = ""
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self._script += data


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built strictly once for this module, as `make build` builds it."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site_dir = tmp_path_factory.mktemp("site")
    build(load_config(config_file=str(CONFIG), site_dir=str(site_dir), strict=True))
    return site_dir


def record_files() -> list[Path]:
    """Every record file under data/ (each gets a page at <folder>/<id>/)."""
    return sorted((ROOT / read_project(CONFIG).settings.data_dir).glob("*/*.yml"))


def test_the_home_page_is_built(site: Path) -> None:
    home = site / "index.html"
    assert home.is_file()
    assert read_project(CONFIG).site_name in parse(home).title


def test_every_record_has_its_page(site: Path) -> None:
    assert record_files(), "data/ holds no records"
    for file in record_files():
        assert (site / file.parent.name / file.stem / "index.html").is_file(), file


@pytest.mark.parametrize("page", sorted((ROOT / "content").rglob("*.md")), ids=lambda p: p.name)
def test_every_citation_links_to_its_source_page(site: Path, page: Path) -> None:
    rel = page.relative_to(ROOT / "content").with_suffix("")
    url = "/" if rel.name == "index" and rel.parent == Path() else f"/{rel.as_posix().removesuffix('/index')}/"
    built = site / url.strip("/") / "index.html"
    links = {urljoin(url, href).split("#")[0] for href in parse(built).hrefs}
    for source in set(CITATION.findall(page.read_text(encoding="utf-8"))):
        assert f"/sources/{source}/" in links, f"{page.name} cites {source} but does not link to its page"


def test_record_pages_name_the_licence_in_their_json_ld(site: Path) -> None:
    licence = read_project(CONFIG).settings.text_licence.url
    for file in record_files():
        jsonld = parse(site / file.parent.name / file.stem / "index.html").jsonld
        assert [item.get("license") for item in jsonld] == [licence], file


def test_the_records_and_pages_are_valid() -> None:
    assert explainer(["validate", "--config", str(CONFIG)]) == 0


def test_the_schemas_match_the_records() -> None:
    # After an upgrade of the engine or a change of the tags, `explainer schemas` rewrites them.
    assert explainer(["schemas", str(ROOT / "schemas"), "--check", "--config", str(CONFIG)]) == 0
