"""A second publication (German, its own licences, index pages and vocabularies) builds into a site of its own alone."""

from __future__ import annotations

import json
import logging
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.exceptions import Abort, PluginError

from explainer import DataError, build_site
from explainer.graph.references import find_references
from explainer.graph.site import Site
from explainer.load.project import read_project
from explainer.outputs.schemas import render_schemas
from linkcheck import parse_site, target_file
from sitebuild import LINDENAU, ROOT, build_project, make_project
from test_check_jsonschema import check_jsonschema, record_files
from topic import LEAK, leaks, theme_copies

pytestmark = pytest.mark.build

BY_SA = "https://creativecommons.org/licenses/by-sa/4.0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
DATASET = "pegelfreunde-wendel-2023-pegelmessungen"
VEREIN = "pegelfreunde-wendel"
EXPLAINER_PAGE = "hochwasser"
INDEX_TITLES = {
    "timeline": "Zeitleiste",
    "tags": "Schlagwörter",
    "places": "Orte",
    "sources": "Quellen",
    "organisations": "Organisationen",
    "people": "Personen",
    "quotes": "Zitate",
}
UNPUBLISHED = ("contested", "schema")

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Html(HTMLParser):
    """A page's start tags, the text inside each class of element, the links inside each element
    with an id, and its JSON-LD."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.jsonld: list[dict[str, Any]] = []
        self._open: list[tuple[str, dict[str, str]]] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        if tag == "a" and "href" in values:
            for _, open_attrs in self._open:
                if "id" in open_attrs:
                    self.links.setdefault(open_attrs["id"], []).append(values["href"])
        if tag == "script" and values.get("type") == "application/ld+json":
            self._script = []
        if tag not in VOID:
            self._open.append((tag, values))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.jsonld.append(json.loads("".join(self._script)))
            self._script = None
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        for _, attrs in self._open:
            for name in attrs.get("class", "").split():
                self.text.setdefault(name, []).append(data)

    def text_of(self, css_class: str) -> str:
        """The text inside every element of a class, with its white space collapsed."""
        return " ".join(" ".join(self.text.get(css_class, [])).split())


def parse(path: Path) -> Html:
    parser = Html()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The German publication, built once for this module: (project, site)."""
    project = make_project(LINDENAU, tmp_path_factory.mktemp("lindenau"))
    return project, build_project(project)


@pytest.fixture(scope="module")
def graph(built: tuple[Path, Path]) -> Site:
    project, _ = built
    return build_site(project / "data", root=project)


def record_page(site: Path, plural: str, rid: str) -> Path:
    return site / plural / rid / "index.html"


def test_every_record_has_its_page(built: tuple[Path, Path], graph: Site) -> None:
    _, site = built
    records = [record for records in graph.records.values() for record in records.values()]
    assert len(records) == 16
    for record in records:
        page = record_page(site, record.plural, record.id)
        assert page.is_file(), page
        assert record.label.rstrip("…") in parse(page).text_of("x-record")


def test_the_explainer_page_cites_source_pages(built: tuple[Path, Path]) -> None:
    project, site = built
    markdown = (project / "content" / f"{EXPLAINER_PAGE}.md").read_text(encoding="utf-8")
    cited = {ref.id for ref in find_references(markdown) if ref.kind == "cite"}
    assert len(cited) == 3
    page = parse(site / EXPLAINER_PAGE / "index.html")
    for source in cited:
        in_list = [key for key, hrefs in page.links.items() if key.startswith("ref-") and f"../sources/{source}/" in hrefs]
        assert in_list, source
        assert (site / "sources" / source / "index.html").is_file()
    cards = [attrs for tag, attrs in page.tags if tag == "blockquote"]
    assert cards and all(attrs.get("lang") == "de" for attrs in cards)


def test_record_pages_license_their_text(built: tuple[Path, Path], graph: Site) -> None:
    _, site = built
    for records in graph.records.values():
        for record in records.values():
            (ld,) = parse(record_page(site, record.plural, record.id)).jsonld
            assert ld["license"] == BY_SA, record.id


def test_the_downloads_and_feeds_name_both_licences(built: tuple[Path, Path]) -> None:
    _, site = built
    licences = json.loads((site / "data" / "records.json").read_text(encoding="utf-8"))["licences"]
    assert licences["data"] == "CC0-1.0"
    assert licences["text"] == "CC-BY-SA-4.0"
    feeds = sorted(site.glob("*.atom"))
    assert len(feeds) == 2
    for feed in feeds:
        rights = ET.parse(feed).getroot().findtext("{http://www.w3.org/2005/Atom}rights") or ""
        assert "CC BY-SA 4.0" in rights and "CC0 1.0" in rights, feed.name


def test_every_footer_names_both_licences(built: tuple[Path, Path]) -> None:
    _, site = built
    pages = [p for p in site.rglob("*.html") if "md-copyright" in p.read_text(encoding="utf-8")]
    assert len(pages) > 20
    for path in pages:
        page = parse(path)
        footer = page.text_of("x-licence")
        assert "Text: CC BY-SA 4.0" in footer and "Daten: CC0 1.0" in footer, path
        licences = [attrs["href"] for tag, attrs in page.tags if tag == "a" and attrs.get("rel") == "license"]
        assert licences == [BY_SA, CC0], path


def test_the_dataset_is_a_dataset(built: tuple[Path, Path]) -> None:
    _, site = built
    page = parse(record_page(site, "sources", DATASET))
    (ld,) = page.jsonld
    assert ld["mainEntity"]["@type"] == "Dataset"
    assert page.text_of("x-meta") == "Quelle · Datensatz"


def test_the_new_organisation_kind_shows_its_label(built: tuple[Path, Path]) -> None:
    _, site = built
    assert "· Verein ·" in parse(record_page(site, "organisations", VEREIN)).text_of("x-meta")


def test_only_the_published_index_pages_exist(built: tuple[Path, Path]) -> None:
    _, site = built
    for name in UNPUBLISHED:
        assert not (site / name).exists()
    for name, title in INDEX_TITLES.items():
        page = parse(site / name / "index.html")
        assert ("h1", {"id": "top"}) in page.tags
        assert page.text_of("md-content").startswith(title), name
    home = parse(site / "index.html")
    assert [title for title in INDEX_TITLES.values() if title in home.text_of("md-nav")] == list(INDEX_TITLES.values())


def test_no_page_links_an_unpublished_index(built: tuple[Path, Path]) -> None:
    _, site = built
    pages = parse_site(site)
    targets = {
        target_file(site, page, url.split("#")[0])[0] for page, parsed in pages.items() for _, _, url in parsed.urls if "://" not in url
    }
    assert "timeline/index.html" in targets
    assert not {t for t in targets if t.split("/")[0] in UNPUBLISHED}
    # Nor does any absolute URL, in a page, the sitemap, a feed or a download.
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".atom", ".json", ".csv"):
            text = path.read_text(encoding="utf-8")
            for name in UNPUBLISHED:
                assert f"/{name}/" not in text and f"/{name}.html" not in text, path


def test_a_native_name_takes_the_names_language(built: tuple[Path, Path]) -> None:
    _, site = built
    page = parse(record_page(site, "people", "jana-koehler"))
    assert ("span", {"lang": "de"}) in page.tags
    assert "Jana Köhler" in page.text_of("x-meta")


def test_no_word_of_the_first_topic_in_any_file(built: tuple[Path, Path]) -> None:
    """Every file the engine and the publication write, the search index too. Material's own files,
    copied unchanged, are the theme's: its search worker's source map mentions "Chinese segmentation"."""
    _, site = built
    theme = theme_copies(site)
    assert theme and all(p.relative_to(site).parts[0] == "assets" for p in theme)
    found, scanned = leaks(site, skip=theme)
    assert {p.suffix for p in scanned} >= {".html", ".json", ".csv", ".xml", ".atom", ".js", ".css", ".gz"}
    assert any(p.relative_to(site).parts[0] == "search" for p in scanned)
    assert found == []


def test_the_leak_check_finds_the_words() -> None:
    text = "North\nKorea; Koreans; repatriation; DW reported; CHINESE"
    assert [m.group(0) for m in LEAK.finditer(text)] == ["North\nKorea", "Koreans", "repatriation", "DW", "CHINESE"]
    assert not LEAK.search("dwelling, Südwind, Machina, Pyong yang")


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The JSON Schemas for this publication's settings: its source kinds, organisation kinds and tags."""
    folder = tmp_path_factory.mktemp("lindenau-schemas")
    for name, text in render_schemas(read_project(LINDENAU / "mkdocs.yml").settings).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_records_pass_check_jsonschema(schemas: Path) -> None:
    files = record_files([LINDENAU / "data"])
    assert sum(map(len, files.values())) == 16
    assert check_jsonschema(files, schemas) == set()


def test_an_undeclared_tag_fails_check_jsonschema_and_the_build(tmp_path: Path, schemas: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(LINDENAU, root)
    event = root / "data" / "events" / "2023-06-16-starkregen-im-wendeltal.yml"
    text = event.read_text(encoding="utf-8")
    assert "  - starkregen\n" in text
    event.write_text(text.replace("  - starkregen\n", "  - starkregen\n  - ueberschwemmung\n"), encoding="utf-8")
    assert check_jsonschema({"events": [event]}, schemas) == {event}
    with pytest.raises(DataError) as raised:
        build_site(root / "data", root=root)
    assert "data/events/2023-06-16-starkregen-im-wendeltal.yml:13:5: tags[1]: unknown tag 'ueberschwemmung'" in raised.value.report()


def test_nav_naming_an_unpublished_index_fails_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    nav = yaml.safe_load((LINDENAU / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    project = make_project(LINDENAU, tmp_path, nav=[*nav, "contested.md"])
    with caplog.at_level(logging.ERROR), pytest.raises((PluginError, Abort)):
        build_project(project)
    messages = [r.getMessage() for r in caplog.records]
    expected = (
        "nav names 'contested.md', an index page this publication does not publish;"
        " add 'contested' to extra.explainer.indexes, or take it out of nav"
    )
    assert any(m.startswith("mkdocs.yml:") and m.endswith(expected) for m in messages), messages
    site = tmp_path / "site"
    assert not site.exists() or not list(site.rglob("*.html"))


def test_the_hook_shim_is_the_repositorys() -> None:
    shim = "hooks/mkdocs_hooks.py"
    assert (LINDENAU / shim).read_bytes() == (ROOT / shim).read_bytes()
