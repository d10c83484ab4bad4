"""The timeline and its static views: events by year, a page per tag and per place, and the events
of each organisation and person, in every edition, each listing exactly its events in date order."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from explainer.graph.places import group_places
from explainer.model.localised import Local
from explainer.model.records import Event
from explainer.render.summary import first_sentence
from sitebuild import HARBOUR, LINDENAU, build_project, make_project

CLOSES = "2024-04-26-harbour-closes-for-repairs"

EXTRA_EVENTS = {
    "2022-fishing-season": """
        title: The fishing season opens early
        date: "2022"
        summary: The season opened early. Nobody knew why.
        tags: [fishing]
        """,
    "2023-11-harbour-survey": """
        title:
          en: Divers survey the breakwater
          ko: 잠수부들이 방파제를 조사하다
        date: 2023-11
        place:
          en: Ostrel harbour
          ko: 오스트렐 항구
        summary:
          en: Divers from the Board found a crack in the old breakwater. They reported it in December.
          ko: 위원회 잠수부들이 낡은 방파제에서 금을 찾았다. 12월에 보고했다.
        participants:
          - organisation: ostrel-harbour-board
            role: sent the divers
        tags: [repairs]
        """,
    "2024-05-breakwater-works": """
        title: Works on the east pier
        date: 2024-05/2024-06
        place:
          en: Ostrel – east pier
          ko: 오스트렐 동쪽 부두
        summary: Cranes lifted new blocks onto the east pier. The works took two months.
        tags: [repairs, harbour]
        """,
    "2024-09-03-harbour-reopens": """
        title: Ostrel harbour reopens
        date: 2024-09-03
        place: Ostrel harbour
        summary: The harbour opened to every boat again. The crews came back within a week.
        participants:
          - person: yun-dallae
            role: reopened the harbour
        tags: [harbour, fishing]
        """,
}
CITATION = "citations:\n  - source: ostrel-harbour-board-2024-04-26-harbour-news\n"

EXPECTED = {
    "tags/repairs/": ["2023-11-harbour-survey", CLOSES, "2024-05-breakwater-works"],
    "tags/harbour/": [CLOSES, "2024-05-breakwater-works", "2024-09-03-harbour-reopens"],
    "tags/fishing/": ["2022-fishing-season", CLOSES, "2024-09-03-harbour-reopens"],
    "places/ostrel-harbour/": ["2023-11-harbour-survey", CLOSES, "2024-09-03-harbour-reopens"],
    "places/ostrel-east-pier/": ["2024-05-breakwater-works"],
    "organisations/ostrel-harbour-board/": ["2023-11-harbour-survey", CLOSES],
    "people/yun-dallae/": [CLOSES, "2024-09-03-harbour-reopens"],
}
"""Each page, and the events it lists, oldest first."""


class _Events(HTMLParser):
    """The ids of the events a page lists, in order, and the attributes of each."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.attrs: dict[str, dict[str, str]] = {}
        self.headings: dict[str, str] = {}
        self._in_h1 = False
        self.h1 = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "li" and "x-event" in found.get("class", "").split():
            eid = found["id"].removeprefix("event-")
            self.ids.append(eid)
            self.attrs[eid] = found
        if tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data


def events_on(site: Path, rel: str) -> _Events:
    parser = _Events()
    parser.feed((site / rel / "index.html").read_text(encoding="utf-8"))
    parser.h1 = " ".join(parser.h1.split()).removesuffix("¶").strip()
    return parser


def html_of(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two-language publication with four more events, built once: the site folder."""
    project = make_project(HARBOUR, tmp_path_factory.mktemp("harbour-timeline"))
    for eid, body in EXTRA_EVENTS.items():
        text = f"id: {eid}\n" + textwrap.dedent(body).lstrip() + CITATION
        (project / "data" / "events" / f"{eid}.yml").write_text(text, encoding="utf-8")
    return build_project(project)


@pytest.mark.parametrize("rel", sorted(EXPECTED))
@pytest.mark.parametrize("edition", ["", "ko/"])
def test_each_page_lists_exactly_its_events_in_date_order(harbour: Path, rel: str, edition: str) -> None:
    assert events_on(harbour, edition + rel).ids == EXPECTED[rel]


def test_the_timeline_lists_every_event_by_year_with_a_bar_of_years(harbour: Path) -> None:
    page = html_of(harbour, "timeline/")
    listed = events_on(harbour, "timeline/").ids
    assert listed == ["2022-fishing-season", "2023-11-harbour-survey", CLOSES, "2024-05-breakwater-works", "2024-09-03-harbour-reopens"]
    assert re.findall(r'<h2 id="(y\d+)"', page) == ["y2022", "y2023", "y2024"]
    bar = page[page.index('<nav class="x-years"') : page.index("</nav>", page.index('<nav class="x-years"'))]
    assert re.findall(r'href="#(y\d+)"', bar) == ["y2022", "y2023", "y2024"]
    assert '<time datetime="2024-05">' in page  # an interval by its start
    assert '<time datetime="2024-09-03">3 September 2024</time>' in page


def test_each_timeline_item_carries_what_the_filter_matches(harbour: Path) -> None:
    items = events_on(harbour, "timeline/").attrs
    closes = items[CLOSES]
    assert closes["data-year"] == "2024"
    assert closes["data-tags"] == "harbour repairs fishing"
    assert closes["data-organisation"] == "ostrel-harbour-board"
    assert closes["data-person"] == "yun-dallae"
    assert closes["data-place"] == "ostrel-harbour"
    assert items["2022-fishing-season"]["data-place"] == ""
    # The filter's choices name every value the items carry.
    page = html_of(harbour, "timeline/")
    for name, value in (
        ("tag", "repairs"),
        ("organisation", "ostrel-harbour-board"),
        ("person", "yun-dallae"),
        ("place", "ostrel-east-pier"),
    ):
        select = page[page.index(f'name="{name}"') : page.index("</select>", page.index(f'name="{name}"'))]
        assert f'<option value="{value}">' in select, name
    assert '<option value="2023">2023 (1)</option>' in page
    assert '<form class="x-filters" id="filters" hidden' in page
    assert 'src="../assets/javascripts/timeline-filter.js"' in page
    assert (harbour / "assets" / "javascripts" / "timeline-filter.js").is_file()


def test_a_timeline_item_has_its_first_sentence_labelled_figures_and_tag_links(harbour: Path) -> None:
    en, ko = html_of(harbour, "timeline/"), html_of(harbour, "ko/timeline/")
    assert '<p class="x-event-lead">Divers from the Board found a crack in the old breakwater.</p>' in en
    assert "They reported it in December." not in en
    assert '<p class="x-event-lead">위원회 잠수부들이 낡은 방파제에서 금을 찾았다.</p>' in ko
    assert "crew members whose boats moved to another harbour: 200 people" in en
    assert "배를 다른 항구로 옮긴 선원: 200명" in ko
    assert '<a href="../tags/repairs/">Repairs</a>' in en
    assert '<a href="../../ko/tags/repairs/">보수 공사</a>' in ko or '<a href="../tags/repairs/">보수 공사</a>' in ko
    assert '<a href="../places/ostrel-harbour/">Ostrel harbour</a>' in en
    # Without a script the filter is hidden: the same views are pages, linked from the timeline.
    assert '<a href="../tags/">Tags</a>' in en and '<a href="../places/">Places</a>' in en


def test_the_korean_pages_name_tags_and_places_in_korean(harbour: Path) -> None:
    assert events_on(harbour, "ko/tags/repairs/").h1 == "보수 공사"
    assert events_on(harbour, "ko/places/ostrel-harbour/").h1 == "오스트렐 항구"
    assert events_on(harbour, "ko/places/ostrel-east-pier/").h1 == "오스트렐 동쪽 부두"
    assert events_on(harbour, "tags/repairs/").h1 == "Repairs"
    # A tag with one label for every language keeps it.
    assert events_on(harbour, "ko/tags/fishing/").h1 == "Fishing"
    tags_index = html_of(harbour, "ko/tags/")
    # In the order of their labels in the edition's language: Fishing, 보수 공사, 항구.
    assert re.findall(r'<li><a href="../../ko/tags/(\w+)/">', tags_index) == ["fishing", "repairs", "harbour"]
    assert "사건 3건" in tags_index


def test_the_indexes_of_tags_and_places_link_every_page(harbour: Path) -> None:
    tags = html_of(harbour, "tags/")
    assert sorted(re.findall(r'<li><a href="../tags/([\w-]+)/">', tags)) == ["fishing", "harbour", "repairs"]
    places = html_of(harbour, "places/")
    assert sorted(re.findall(r'<li><a href="../places/([\w-]+)/">', places)) == ["ostrel-east-pier", "ostrel-harbour"]
    assert "3 events" in places and "1 event<" in places


def test_the_tag_and_place_pages_are_in_the_sitemaps(harbour: Path) -> None:
    sitemap = (harbour / "sitemap.xml").read_text(encoding="utf-8")
    ko = (harbour / "ko" / "sitemap.xml").read_text(encoding="utf-8")
    for rel in ("tags/", "places/", "tags/repairs/", "places/ostrel-east-pier/"):
        assert f"<loc>https://harbour-ostrel.example.org/{rel}</loc>" in sitemap
        assert f"<loc>https://harbour-ostrel.example.org/ko/{rel}</loc>" in ko


def test_a_tag_page_leads_to_the_timeline_filtered_by_it(harbour: Path) -> None:
    assert '<a href="../../timeline/?tag=repairs">' in html_of(harbour, "tags/repairs/")
    assert '<a href="../../timeline/?place=ostrel-harbour">' in html_of(harbour, "places/ostrel-harbour/")


def test_a_person_page_says_what_they_did_and_links_their_words(harbour: Path) -> None:
    page = html_of(harbour, "people/yun-dallae/")
    assert "Reopened the harbour" in page
    assert "The harbour opened to every boat again." in page
    assert 'href="../../quotes/yun-dallae-2024-04-26-neighbouring-harbour/">Their words on it</a>' in page


# -- a publication's settings decide ------------------------------------------------------------


def test_the_german_publication_names_its_pages_and_groups_its_places(tmp_path: Path) -> None:
    site = build_project(make_project(LINDENAU, tmp_path))
    assert events_on(site, "tags/").h1 == "Schlagwörter"
    assert events_on(site, "places/").h1 == "Orte"
    assert events_on(site, "places/lindenau-an-der-wendel/").ids == [
        "2023-06-17-wendel-tritt-ueber-die-ufer",
        "2023-07-03-lagebericht-veroeffentlicht",
    ]
    assert events_on(site, "places/lindenau-unterstadt/").ids == ["2023-06-17-raeumung-der-unterstadt"]
    hochwasser = events_on(site, "tags/hochwasser/").ids
    assert hochwasser == sorted(hochwasser, key=lambda eid: eid[:10]) and "2023-06-17-raeumung-der-unterstadt" in hochwasser
    timeline = html_of(site, "timeline/")
    assert '<label for="filter-tag">Schlagwort</label>' in timeline
    assert '<a href="../tags/">Schlagwörter</a>' in timeline


def test_without_the_indexes_there_are_no_tag_or_place_pages(tmp_path: Path) -> None:
    project = make_project(LINDENAU, tmp_path)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    del config["extra"]["explainer"]["indexes"]["tags"], config["extra"]["explainer"]["indexes"]["places"]
    config["nav"] = [item for item in config["nav"] if not isinstance(item, dict) or "Das Archiv" not in item]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    site = build_project(project)
    assert not (site / "tags").exists() and not (site / "places").exists()
    timeline = html_of(site, "timeline/")
    assert "x-browse" not in timeline and "tags/" not in timeline and "places/" not in timeline
    # The filter still works by tag and place; the tags are words, not links.
    assert '<select id="filter-tag" name="tag">' in timeline
    assert "<li>Hochwasser</li>" in timeline


# -- the parts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("China began on 29 August 2023. Human Rights Watch counted 80.", "China began on 29 August 2023."),
        ("The U.S. State Dept. said so. Then more.", "The U.S. State Dept. said so."),
        ("Mr. Kim went home. Then.", "Mr. Kim went home."),
        ("J. Smith wrote it. Then.", "J. Smith wrote it."),
        ("Die Wendel trat am 17. Juni über die Ufer. Dann.", "Die Wendel trat am 17. Juni über die Ufer."),
        ("about approx. ten boats. Then.", "about approx. ten boats."),
        ("중국은 탈북민을 북송했다. 인권단체는 비판했다.", "중국은 탈북민을 북송했다."),
        ("一句话。第二句。", "一句话。"),
        ("Only one sentence", "Only one sentence"),
        ("Where?  Here.", "Where?"),
    ],
)
def test_the_first_sentence(text: str, first: str) -> None:
    assert first_sentence(text) == first


def _event(eid: str, place: str | None) -> Event:
    return Event.model_construct(id=eid, place=place, date="2024", title=eid, summary="", tags=[], figures=[], participants=[])


def test_places_group_by_the_default_text_and_get_distinct_slugs() -> None:
    events = [
        _event("a", "Tumen"),
        _event("b", Local("Tumen", "en", {"ko": "투먼"})),
        _event("c", "Tümen"),
        _event("d", "China–North  Korea border"),
        _event("e", "서울"),
        _event("f", None),
    ]
    places = group_places(events)
    by_slug = {p.slug: [e.id for e in p.events] for p in places}
    assert by_slug.pop("tumen") == ["a", "b"]
    assert by_slug.pop("tumen-2") == ["c"]
    assert by_slug.pop("china-north-korea-border") == ["d"]
    [(hashed, ids)] = by_slug.items()
    assert re.fullmatch(r"place-[0-9a-f]{8}", hashed) and ids == ["e"]
    # The name in other languages comes from the record that gives one.
    assert next(p for p in places if p.slug == "tumen").name.versions == {"ko": "투먼"}  # type: ignore[attr-defined]
