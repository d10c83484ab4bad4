"""The real site, built from the repository's data and content: what a reader is promised."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from explainer import Site, build_site
from explainer.model.records import Quote
from gates import real_site
from sitebuild import ROOT, default_pages, search_documents
from test_site import parse

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    site_dir = real_site(tmp_path_factory)  # the build the other gates read too
    return build_site(ROOT / "data"), site_dir


def page_of(site_dir: Path, record: object) -> Path:
    return site_dir / record.plural / record.id / "index.html"  # type: ignore[attr-defined]


def words(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def test_every_record_index_and_explainer_page_exists(real: tuple[Site, Path]) -> None:
    graph, site_dir = real
    for records in graph.records.values():
        for record in records.values():
            assert page_of(site_dir, record).is_file()
    for index in ("timeline", "contested", "sources", "organisations", "people", "quotes"):
        assert (site_dir / index / "index.html").is_file()
    for md in default_pages(ROOT / "content"):
        target = site_dir / "index.html" if md.stem == "index" else site_dir / md.stem / "index.html"
        assert target.is_file(), md


def test_quote_words_are_on_the_quote_page_and_the_speakers_page(real: tuple[Site, Path]) -> None:
    graph, site_dir = real
    for quote in graph.quotes:
        text = words(quote.text)
        assert text in words(parse(page_of(site_dir, quote)).article_text())
        speaker = quote.speaker
        if speaker.person or speaker.organisation:
            type_, rid = ("person", speaker.person) if speaker.person else ("organisation", speaker.organisation)
            assert text in words(parse(page_of(site_dir, graph.get(type_, rid))).article_text()), quote.id  # type: ignore[arg-type]


def test_every_event_page_links_a_source_page(real: tuple[Site, Path]) -> None:
    graph, site_dir = real
    for event in graph.timeline:
        hrefs = parse(page_of(site_dir, event)).hrefs()
        assert any(h.startswith("../../sources/") for h in hrefs), event.id


def test_every_source_page_lists_every_record_citing_it(real: tuple[Site, Path]) -> None:
    graph, site_dir = real
    for source in graph.sources:
        hrefs = set(parse(page_of(site_dir, source)).hrefs())
        for cite in graph.cited_by.get(source.id, ()):
            assert f"../../{cite.record.plural}/{cite.record.id}/" in hrefs, (source.id, cite.record.id)


def test_every_event_is_on_the_timeline(real: tuple[Site, Path]) -> None:
    graph, site_dir = real
    hrefs = set(parse(site_dir / "timeline" / "index.html").hrefs())
    for event in graph.timeline:
        assert f"../events/{event.id}/" in hrefs


def test_search_index_holds_every_record_page(real: tuple[Site, Path]) -> None:
    graph, site_dir = real
    docs = {doc["location"]: doc for doc in search_documents(site_dir)}
    for records in graph.records.values():
        for record in records.values():
            location = f"{record.plural}/{record.id}/"
            assert location in docs, location
            if isinstance(record, Quote):
                # The English edition's page text is the quote's words, or its English translation
                # where it was said in another language.
                shown = words(docs[location]["text"].removesuffix("…"))
                english = record.translations.get("en")
                assert shown in words(record.text) or (english is not None and shown in words(english.text)), location
    # Material's own index is left empty: every page is in the site's sharded index instead.
    assert json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"] == []


def test_pages_load_nothing_from_other_hosts(real: tuple[Site, Path]) -> None:
    _, site_dir = real
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", html):
            rel = re.search(r"""\brel=["']([^"']*)["']""", tag)
            links_only = rel is not None and rel[1].split() in (["alternate"], ["canonical"])
            assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", tag) or links_only, (page, tag)
    for css in site_dir.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css.read_text(encoding="utf-8")), css
