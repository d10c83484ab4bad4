"""The record schema page: every field of every record type, generated from the models."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from conftest import MINIMAL
from explainer.builder import Build
from explainer.model.describe import (
    field_order,
    fields_of,
    part_docs,
    part_models,
    record_docs,
)
from explainer.model.records import RECORD_TYPES, Claim, Event, Party
from explainer.model.settings import INDEX_TITLES


@pytest.fixture(scope="module")
def page() -> str:
    """The schema page's main content, rendered for the minimal fixture."""
    return Build.offline(MINIMAL / "mkdocs.yml").renderer().index("schema", "schema/")


def section(html: str, anchor: str) -> str:
    match = re.search(rf'<section class="x-schema" aria-labelledby="{anchor}">(.*?)</section>', html, re.S)
    assert match, anchor
    return match.group(1)


def rows(html: str) -> dict[str, list[str]]:
    """Each table row's field name and the text of its other cells."""
    found = {}
    for row in re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", html, re.S):
        cells = [unescape(re.sub(r"<[^>]+>", "", cell.replace("<br>", " "))).strip() for cell in re.split(r"</t[hd]>\s*<td>", row)]
        found[cells[0]] = [" ".join(c.split()) for c in cells[1:]]
    return found


def test_the_page_is_an_index_page() -> None:
    assert INDEX_TITLES["schema"] == "Record schema"


def test_every_record_type_and_part_is_documented() -> None:
    assert [doc.type for doc in record_docs()] == [cls.type for cls in RECORD_TYPES.values()]
    for doc, cls in zip(record_docs(), RECORD_TYPES.values(), strict=True):
        assert {f.name for f in doc.fields} == set(cls.model_fields)
        assert doc.fields[0].name == "id"
    assert set(part_models()) == {"Citation", "Claim", "Figure", "Note", "Participant", "Party", "Role", "Translation"}
    assert all(part.fields and part.summary for part in part_docs())


def test_field_facts_come_from_the_models() -> None:
    event = {f.name: f for f in fields_of(Event)}
    assert event["date"].kind == "date" and event["date"].required
    assert event["place"].kind == "text" and not event["place"].required
    assert event["summary"].kind == "markdown"
    assert event["citations"].type == "list of Citation" and event["citations"].min_items == 1
    assert event["tags"].type == "list, each one of a list" and event["tags"].example_texts == ["closure"]
    claim = {f.name: f for f in fields_of(Claim)}
    assert claim["value"].kind == "number" and claim["value"].example_texts == ["200"]
    assert claim["qualifier"].choices[:2] == ("exact", "about") and claim["qualifier"].default == "exact"
    # The model's own fields come first, then the inherited ones.
    assert field_order(Event)[:3] == ["id", "title", "date"]
    assert field_order(Claim)[0] == "value"
    assert {f.name for f in fields_of(Party)} == {"person", "organisation", "description"}


@pytest.mark.parametrize("cls", RECORD_TYPES.values(), ids=lambda cls: cls.type)
def test_page_has_a_table_row_for_every_field(page: str, cls: type) -> None:
    table = rows(section(page, cls.type))
    assert set(table) == set(cls.model_fields)
    for name, info in cls.model_fields.items():
        _kind, required, description, _example = table[name]
        assert required.startswith("yes" if info.is_required() else "no"), name
        assert description == info.description, name


def test_page_shows_types_choices_defaults_examples_and_rules(page: str) -> None:
    source = rows(section(page, "source"))
    assert source["kind"][0].startswith("one of a list: news-article, report,")
    assert source["language"][1] == "no; default en"
    event = rows(section(page, "event"))
    assert event["citations"][1] == "yes, at least one item"
    assert event["date"][3] == "2024-04-26 2022-06/2022-08 2019"
    assert event["title"][3] == "Port Alder closes its harbour to fishing boats"
    # The choices of a vocabulary field are the publication's words.
    assert event["tags"][0] == "list, each one of a list: fishing, fishing-ban, harbour"
    assert "Give at least one of 'person', 'organisation' or 'description'." in unescape(section(page, "party"))


def test_every_link_on_the_page_resolves(page: str) -> None:
    ids = set(re.findall(r' id="([^"]+)"', page))
    for href in re.findall(r'href="([^"]+)"', page):
        if href.startswith("#"):
            assert href[1:] in ids, href
        else:
            assert href.startswith("../") and href.endswith("/"), href


@pytest.mark.build
def test_real_site_has_the_schema_and_contribute_pages(tmp_path_factory: pytest.TempPathFactory) -> None:
    from gates import real_site

    site_dir: Path = real_site(tmp_path_factory)
    schema = (site_dir / "schema" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="top">Record schema</h1>' in schema
    assert '<h2 id="event">Event</h2>' in schema
    contribute = (site_dir / "contribute" / "index.html").read_text(encoding="utf-8")
    assert "How to contribute" in contribute
    # Both are in the navigation, under About.
    assert 'href="../schema/"' in contribute and 'href="../contribute/"' in schema
