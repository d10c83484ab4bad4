"""A publication in two languages builds an edition of each: English at /, Korean under /ko/.

The invented fixture ``tests/fixtures/publications/harbour`` has records with some fields in
both languages and some in English only, a quote said in Korean with the site's English
translation, a citation excerpt with a translation, a Korean twin of its home page and an
explainer page without one. The tests read the built HTML, sitemaps, feeds and search indexes.
"""

from __future__ import annotations

import html
import json
import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml
from babel.messages.pofile import read_po
from mkdocs.exceptions import Abort, PluginError

from explainer.load.project import read_project
from explainer.outputs.schemas import render_schemas
from sitebuild import HARBOUR, ROOT, build_project, make_project, search_documents
from test_check_jsonschema import check_jsonschema, record_files
from topic import leaks, theme_copies

pytestmark = pytest.mark.build

SITE_URL = "https://harbour-ostrel.example.org/"
LANGS = ("en", "ko")
LOCALES = {"en": "en_GB", "ko": "ko_KR"}
SETTINGS = yaml.safe_load((HARBOUR / "mkdocs.yml").read_text(encoding="utf-8"))
NAMES = {"en": SETTINGS["site_name"], "ko": SETTINGS["extra"]["explainer"]["languages"]["ko"]["site_name"]}

EVENT = "2024-04-26-harbour-closes-for-repairs"
SOURCE = "ostrel-harbour-board-2024-04-26-harbour-news"
ORGANISATION = "ostrel-harbour-board"
PERSON = "yun-dallae"
QUOTE = "yun-dallae-2024-04-26-neighbouring-harbour"
UNTRANSLATED = "closure"
"""The explainer page that has no Korean twin (``content/closure.md`` without ``closure.ko.md``)."""
UNTRANSLATED_TITLE = "Why the harbour closed"

RECORD_PAGES = {
    f"events/{EVENT}/index.html",
    f"sources/{SOURCE}/index.html",
    f"organisations/{ORGANISATION}/index.html",
    f"people/{PERSON}/index.html",
    f"quotes/{QUOTE}/index.html",
}
INDEX_PAGES = {
    f"{name}/index.html"
    for name in ("timeline", "tags", "places", "contested", "sources", "organisations", "people", "quotes", "browse", "schema")
}
LISTING_PAGES = {f"tags/{tag}/index.html" for tag in ("harbour", "repairs", "fishing")} | {"places/ostrel-harbour/index.html"}
"""The page of each tag the event has, and of its place."""
PAGES = {"index.html", "404.html", f"{UNTRANSLATED}/index.html", *RECORD_PAGES, *INDEX_PAGES, *LISTING_PAGES}
"""Every page of the default edition, by its file under the site; each has a twin under ``ko/``."""

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HIDDEN = {"script", "style", "template"}
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def record(plural: str, rid: str) -> dict[str, Any]:
    """A record of the fixture, as its YAML file writes it."""
    return yaml.safe_load((HARBOUR / "data" / plural / f"{rid}.yml").read_text(encoding="utf-8"))


def catalogue(lang: str) -> dict[str, str]:
    """The engine's messages in a language, by message id (the English one's are their ids)."""
    with (ROOT / "hooks" / "explainer" / "locales" / f"{lang}.po").open("rb") as stream:
        messages = read_po(stream)
    found = {}
    for message in messages:
        if message.id and isinstance(message.id, str):
            found[message.id] = str(message.string) if message.string else message.id
    return found


KO = catalogue("ko")


# -- reading the HTML ----------------------------------------------------------------------------


@dataclass(eq=False)
class Element:
    """One element: its tag and attributes, the language it is in (its own lang attribute, or its
    nearest ancestor's), the elements it is inside and the text inside it."""

    tag: str
    attrs: dict[str, str]
    lang: str | None
    ancestors: tuple[Element, ...] = field(default=(), repr=False)
    parts: list[str] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()


class Html(HTMLParser):
    """A page's elements, each with its language and text; the pieces of its text, each with its
    language and the tags around it; and its JSON-LD."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.chunks: list[tuple[str, str | None, tuple[str, ...]]] = []
        self.jsonld: list[dict[str, Any]] = []
        self._open: list[Element] = []

    def _lang(self, attrs: dict[str, str]) -> str | None:
        if "lang" in attrs:
            return attrs["lang"]
        return self._open[-1].lang if self._open else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        element = Element(tag, values, self._lang(values), tuple(self._open))
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.elements.append(Element(tag, values, self._lang(values), tuple(self._open)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open and self._open[-1].attrs.get("type") == "application/ld+json":
            self.jsonld.append(json.loads("".join(self._open[-1].parts)))
        while self._open:
            if self._open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.parts.append(data)
        self.chunks.append((data, self._open[-1].lang if self._open else None, tuple(e.tag for e in self._open)))

    @property
    def lang(self) -> str | None:
        return next(e.attrs.get("lang") for e in self.elements if e.tag == "html")

    def find(self, tag: str | None = None, css_class: str | None = None, inside: Element | None = None, **attrs: str) -> list[Element]:
        """The elements of a tag and class (a token of its class attribute), inside an element,
        with these attributes."""
        return [
            e
            for e in self.elements
            if (tag is None or e.tag == tag)
            and (css_class is None or css_class in e.classes)
            and (inside is None or any(a is inside for a in e.ancestors))
            and all(e.attrs.get(name) == value for name, value in attrs.items())
        ]

    def one(self, tag: str | None = None, css_class: str | None = None, inside: Element | None = None, **attrs: str) -> Element:
        (found,) = self.find(tag, css_class, inside, **attrs)
        return found

    def visible(self, outside: str | None = None, skip: frozenset[str] = frozenset()) -> str:
        """The text a reader sees (no scripts or styles), white space collapsed; without what is
        inside elements in the language ``outside`` (``en`` also leaves out ``en-GB``) and inside
        the tags ``skip``."""
        kept = []
        for data, lang, tags in self.chunks:
            if HIDDEN.intersection(tags) or skip.intersection(tags):
                continue
            if outside and lang and (lang == outside or lang.startswith(outside + "-")):
                kept.append(" ")
                continue
            kept.append(data)
        return " ".join("".join(kept).split())

    def meta(self, prop: str) -> list[str]:
        return [e.attrs["content"] for e in self.find("meta", property=prop)]

    def hreflang_links(self) -> dict[str, str]:
        """The page's hreflang alternates: every <link> whose rel holds the one token "alternate"."""
        links = [e for e in self.find("link") if e.attrs.get("rel", "").split() == ["alternate"] and "hreflang" in e.attrs]
        found = {e.attrs["hreflang"]: e.attrs["href"] for e in links}
        assert len(found) == len(links), "a language has two alternate links"
        return found


def parse_html(text: str) -> Html:
    parser = Html()
    parser.feed(text)
    parser.close()
    return parser


def parse(path: Path) -> Html:
    return parse_html(path.read_text(encoding="utf-8"))


def page_url(rel: str) -> str:
    """A page's site-relative URL: ``closure/index.html`` -> ``closure/``."""
    return rel.removesuffix("index.html")


def twin(rel: str, lang: str) -> str:
    """The file of a default page's twin in an edition."""
    return rel if lang == "en" else f"{lang}/{rel}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The two-language publication, built once for this module: (project, site)."""
    project = make_project(HARBOUR, tmp_path_factory.mktemp("harbour"))
    return project, build_project(project)


@pytest.fixture(scope="module")
def site(built: tuple[Path, Path]) -> Path:
    return built[1]


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, Html]:
    """Every HTML page of the site, parsed, by its file under the site."""
    return {p.relative_to(site).as_posix(): parse(p) for p in sorted(site.rglob("*.html")) if "assets" not in p.relative_to(site).parts}


# -- the editions' pages -------------------------------------------------------------------------


def test_every_page_has_its_twin_in_the_other_edition(pages: dict[str, Html]) -> None:
    default = {rel for rel in pages if not rel.startswith("ko/")}
    korean = {rel.removeprefix("ko/") for rel in pages if rel.startswith("ko/")}
    assert default == PAGES
    assert korean == PAGES


def test_each_page_declares_its_editions_language(pages: dict[str, Html]) -> None:
    for rel in PAGES:
        assert pages[twin(rel, "en")].lang == "en", rel
        assert pages[twin(rel, "ko")].lang == "ko", rel


def test_hreflang_alternates_lead_to_both_twins(pages: dict[str, Html]) -> None:
    """Both ways, absolute, with x-default the English page; rel is written " alternate", one
    token, so that Material's script (which matches [rel=alternate] exactly) leaves them alone."""
    for rel in PAGES - {"404.html"}:
        expected = {"en": SITE_URL + page_url(rel), "ko": f"{SITE_URL}ko/{page_url(rel)}", "x-default": SITE_URL + page_url(rel)}
        for lang in LANGS:
            page = pages[twin(rel, lang)]
            assert page.hreflang_links() == expected, (rel, lang)
            assert not [e for e in page.find("link", rel="alternate") if "hreflang" in e.attrs], (rel, lang)


def test_the_language_switcher_links_the_same_pages_twin(pages: dict[str, Html]) -> None:
    for rel in PAGES - {"404.html"}:
        for lang in LANGS:
            page = pages[twin(rel, lang)]
            links = page.find("a", "md-select__link")
            here = SITE_URL + page_url(twin(rel, lang))
            targets = {a.attrs["hreflang"]: urljoin(here, a.attrs["href"]) for a in links}
            assert targets == {other: SITE_URL + page_url(twin(rel, other)) for other in LANGS}, (rel, lang)
            assert [a.attrs["hreflang"] for a in links if a.attrs.get("aria-current") == "page"] == [lang], (rel, lang)
            assert {a.attrs["hreflang"]: a.lang for a in links} == {"en": "en", "ko": "ko"}
            assert {a.attrs["hreflang"]: a.text for a in links} == {"en": "English", "ko": "한국어"}


# -- sitemaps and feeds --------------------------------------------------------------------------


def sitemap(path: Path) -> dict[str, dict[str, str]]:
    """A sitemap's addresses, each with its alternates by language."""
    root = ET.parse(path).getroot()
    found = {}
    for url in root.findall("s:url", SITEMAP):
        loc = url.findtext("s:loc", namespaces=SITEMAP) or ""
        found[loc] = {link.get("hreflang", ""): link.get("href", "") for link in url.findall("x:link", SITEMAP)}
    return found


def test_the_sitemap_lists_both_editions_with_their_alternates(site: Path) -> None:
    urls = sitemap(site / "sitemap.xml")
    for rel in PAGES - {"404.html"}:
        alternates = {"en": SITE_URL + page_url(rel), "ko": f"{SITE_URL}ko/{page_url(rel)}"}
        for lang in LANGS:
            assert urls.get(alternates[lang]) == alternates, (rel, lang)


def test_the_korean_sitemap_lists_only_korean_pages(site: Path) -> None:
    urls = sitemap(site / "ko" / "sitemap.xml")
    assert set(urls) == {f"{SITE_URL}ko/{page_url(rel)}" for rel in PAGES - {"404.html"}}
    for rel in PAGES - {"404.html"}:
        assert urls[f"{SITE_URL}ko/{page_url(rel)}"] == {"en": SITE_URL + page_url(rel), "ko": f"{SITE_URL}ko/{page_url(rel)}"}


def test_no_sitemap_lists_a_page_for_a_missing_address(site: Path) -> None:
    for path in (site / "sitemap.xml", site / "ko" / "sitemap.xml"):
        assert [loc for loc in sitemap(path) if loc.endswith("404.html")] == [], path


def test_each_edition_has_its_own_atom_feeds(site: Path, pages: dict[str, Html]) -> None:
    event = record("events", EVENT)
    titles = {"en": {"events": "%(site)s: events", "sources": "%(site)s: sources"}}
    titles["ko"] = {name: KO[message] for name, message in titles["en"].items()}
    for lang in LANGS:
        root = "" if lang == "en" else f"{lang}/"
        for name in ("events", "sources"):
            feed = ET.parse(site / f"{root}{name}.atom").getroot()
            assert feed.get(XML_LANG) == lang, (lang, name)
            assert feed.findtext(f"{ATOM}title") == titles[lang][name] % {"site": NAMES[lang]}
            assert feed.findtext(f"{ATOM}id") == f"{SITE_URL}{root}{name}.atom"
            for entry in feed.findall(f"{ATOM}entry"):
                link = entry.find(f"{ATOM}link")
                href = link.get("href", "") if link is not None else ""
                assert href.startswith(SITE_URL + root) and (lang == "ko") == href.startswith(SITE_URL + "ko/"), (lang, name, href)
        entries = ET.parse(site / f"{root}events.atom").getroot().findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}title") for e in entries] == [event["title"][lang]]
    # Every page links its own edition's feeds.
    for rel in PAGES - {"404.html"}:
        for lang in LANGS:
            page = pages[twin(rel, lang)]
            here = SITE_URL + page_url(twin(rel, lang))
            feeds = [urljoin(here, e.attrs["href"]) for e in page.find("link", type="application/atom+xml")]
            root = "" if lang == "en" else f"{lang}/"
            assert feeds == [f"{SITE_URL}{root}events.atom", f"{SITE_URL}{root}sources.atom"], (rel, lang)


# -- metadata ------------------------------------------------------------------------------------


def test_record_pages_json_ld_names_the_editions_language(pages: dict[str, Html]) -> None:
    for rel in RECORD_PAGES:
        for lang in LANGS:
            (ld,) = pages[twin(rel, lang)].jsonld
            assert ld["inLanguage"] == lang, (rel, lang)
            assert ld["@id"] == SITE_URL + page_url(twin(rel, lang))
            assert ld["isPartOf"]["name"] == NAMES[lang]


def test_open_graph_names_the_locale_and_the_other(pages: dict[str, Html]) -> None:
    for rel in PAGES - {"404.html"}:
        for lang, other in (("en", "ko"), ("ko", "en")):
            page = pages[twin(rel, lang)]
            assert page.meta("og:locale") == [LOCALES[lang]], (rel, lang)
            assert page.meta("og:locale:alternate") == [LOCALES[other]], (rel, lang)
            assert page.meta("og:site_name") == [NAMES[lang]], (rel, lang)
    assert pages["ko/404.html"].meta("og:locale") == ["ko_KR"]


# -- the records' text in each edition -----------------------------------------------------------


def in_lang(page: Html, text: str, lang: str) -> list[Element]:
    """The elements that carry the ``lang`` attribute and hold exactly ``text``."""
    return [e for e in page.find() if e.attrs.get("lang") == lang and e.text == " ".join(text.split())]


def test_a_korean_record_page_shows_korean_versions_and_marks_english_ones(pages: dict[str, Html]) -> None:
    event = record("events", EVENT)
    page = pages[f"ko/events/{EVENT}/index.html"]
    h1 = page.one("h1", id="top")
    assert (h1.text, h1.lang) == (event["title"]["ko"], "ko")
    assert event["place"]["ko"] in page.one(css_class="x-meta").text
    summary = page.one("div", "x-summary")
    assert (summary.text, summary.lang) == (" ".join(event["summary"]["ko"].split()), "ko")
    translated, english_only = (p["role"] for p in event["participants"])
    assert isinstance(translated, dict) and isinstance(english_only, str)
    assert translated["ko"] in page.visible(outside="en")
    # A field in English only: its English text, inside an element that says so.
    assert in_lang(page, english_only, "en")
    assert english_only not in page.visible(outside="en")
    assert in_lang(page, event["notes"][0]["text"], "en")
    assert in_lang(page, "Fishing", "en"), "a tag labelled in English only"
    notice = page.one("p", "x-untranslated")
    assert (notice.text, notice.lang) == (
        KO["Parts of this record have not been translated yet; they are shown in the language they were written in."],
        "ko",
    )
    # The person: a name and a role title in both languages, a description in English only.
    person = record("people", PERSON)
    page = pages[f"ko/people/{PERSON}/index.html"]
    assert page.one("h1", id="top").text == person["name"]["ko"]
    assert person["roles"][0]["title"]["ko"] in page.visible(outside="en")
    assert in_lang(page, person["description"], "en")
    assert page.find("p", "x-untranslated")
    # The organisation: a kind labelled per language ({label: {en, ko}}), a short name in English only.
    organisation = record("organisations", ORGANISATION)
    page = pages[f"ko/organisations/{ORGANISATION}/index.html"]
    assert page.one("h1", id="top").text == f"{organisation['name']['ko']} ({organisation['short_name']})"
    assert in_lang(page, organisation["short_name"], "en")
    assert "항만 당국" in page.one(css_class="x-meta").text and "Harbour authority" not in page.visible()
    assert "Harbour authority" in pages[f"organisations/{ORGANISATION}/index.html"].one(css_class="x-meta").text
    # The default edition says nothing is untranslated, and marks nothing English.
    for rel in RECORD_PAGES:
        english = pages[rel]
        assert not english.find(css_class="x-untranslated"), rel
        assert not [e for e in english.find() if e.attrs.get("lang") == "en" and e.tag != "html" and "md-select__link" not in e.classes]


def test_a_tag_labelled_per_language_shows_its_korean_label(pages: dict[str, Html]) -> None:
    tags = pages[f"ko/events/{EVENT}/index.html"].one("p", "x-tags")
    labels = [e.text for e in pages[f"ko/events/{EVENT}/index.html"].find("span", "x-tag")]
    assert labels == ["항구", "보수 공사", "Fishing"]
    assert tags.lang == "ko"
    assert "Harbour" not in tags.text and "Repairs" not in tags.text


def test_the_untranslated_page_is_the_english_one_under_a_notice(pages: dict[str, Html]) -> None:
    page = pages[f"ko/{UNTRANSLATED}/index.html"]
    notice = page.one("p", "x-untranslated")
    assert notice.text == KO["This page has not been translated yet; it is shown in the language it was written in."]
    assert notice.lang == "ko"
    h1 = page.one("h1", id="why-the-harbour-closed")
    assert (h1.text, h1.lang) == (UNTRANSLATED_TITLE + "¶", "en")
    (copy,) = [e for e in page.find("div", lang="en") if h1.text in e.text]
    assert "Where the boats went" in copy.text
    # The engine's words inside it are the edition's: a reference to the event reads in Korean.
    event = record("events", EVENT)
    (link,) = page.find("a", "x-ref-event")
    assert (link.text, link.lang) == (event["title"]["ko"], "ko")
    assert link.attrs["href"] == f"../../ko/events/{EVENT}/"
    assert not pages[f"{UNTRANSLATED}/index.html"].find(css_class="x-untranslated")
    # The home page has a twin of its own, and says nothing about translation.
    home = pages["ko/index.html"]
    assert not home.find(css_class="x-untranslated")
    assert home.one("h1").text.startswith(NAMES["ko"])


@pytest.mark.xfail(
    strict=True,
    reason="engine bug: the untranslated copy's English title is written unmarked into the Korean pages: in every "
    "page's navigation (Material's nav link for ko/closure/), and in ko/closure/'s header topic; only its body is "
    'inside <div lang="en">',
)
def test_the_untranslated_pages_title_is_marked_english_everywhere(pages: dict[str, Html]) -> None:
    for rel in PAGES:
        text = pages[twin(rel, "ko")].visible(outside="en", skip=frozenset({"title"}))
        assert UNTRANSLATED_TITLE not in text, rel


def test_the_korean_quote_is_shown_in_korean_with_the_sites_translation(pages: dict[str, Html]) -> None:
    quote = record("quotes", QUOTE)
    assert quote["language"] == "ko" and quote["translations"]["en"]["by"] == "publication"
    english = quote["translations"]["en"]["text"]
    for rel in (f"quotes/{QUOTE}/index.html", f"events/{EVENT}/index.html", f"{UNTRANSLATED}/index.html"):
        page = pages[rel]
        (said,) = page.find("blockquote")
        assert (said.text, said.attrs.get("lang")) == (quote["text"], "ko"), rel
        (translation,) = page.find("div", "x-translation")
        assert translation.lang == "en"
        assert page.one("p", "x-translation-label").text == "In translation (translated by this site):", rel
        assert translation.text.endswith(english), rel
    # The Korean edition shows the words as said, and no translation into the language they are in.
    for rel in (f"ko/quotes/{QUOTE}/index.html", f"ko/events/{EVENT}/index.html"):
        (said,) = pages[rel].find("blockquote")
        assert (said.text, said.lang) == (quote["text"], "ko")
        assert not pages[rel].find(css_class="x-translation"), rel


def test_a_citation_excerpt_shows_its_translation(pages: dict[str, Html]) -> None:
    (citation,) = record("events", EVENT)["citations"]
    translation = citation["translations"]["en"]
    assert translation["by"] == "publication"
    for rel in (f"events/{EVENT}/index.html", f"sources/{SOURCE}/index.html"):
        page = pages[rel]
        # In the reference list, and again in the preview of each mark that cites the words.
        excerpts = [q for q in page.find("q") if q.text == citation["excerpt"]]
        assert excerpts and all(q.attrs.get("lang") == "ko" for q in excerpts), rel
        shown = [s.text for s in page.find("span", "x-translation")]
        assert shown and set(shown) == {f"({translation['text']}; translated by this site)"}, rel
    for rel in (f"ko/events/{EVENT}/index.html", f"ko/sources/{SOURCE}/index.html"):
        page = pages[rel]
        langs = [q.attrs.get("lang") for q in page.find("q") if q.text == citation["excerpt"]]
        assert langs and set(langs) == {"ko"}, rel
        assert not page.find(css_class="x-translation"), rel


# -- dates and numbers by locale -----------------------------------------------------------------


def test_dates_and_numbers_follow_each_editions_locale(pages: dict[str, Html]) -> None:
    expected = {
        # A full date, a month (the source's publication), a month a role began, a day read.
        "en": ("26 April 2024", "April 2024", "from March 2021", "2 May 2024", "200 people", "about 200"),
        "ko": ("2024년 4월 26일", "2024년 4월", "2021년 3월부터", "2024년 5월 2일", "200명", "약 200"),
    }
    for lang in LANGS:
        day, month, since, accessed, people, about = expected[lang]
        event = pages[twin(f"events/{EVENT}/index.html", lang)]
        assert {t.text for t in event.find("time") if t.attrs["datetime"] == "2024-04-26"} == {day}
        assert day in event.one(css_class="x-meta").text
        source = pages[twin(f"sources/{SOURCE}/index.html", lang)]
        (published,) = [t for t in source.find("time") if t.attrs["datetime"] == "2024-04"]
        assert published.text == month, lang
        assert accessed in source.one("dl", "x-fields").text, lang
        assert f"({since})" in pages[twin(f"people/{PERSON}/index.html", lang)].visible(), lang
        # The figure: about 200 crew members, unit people (the default). The engine writes the
        # qualified number with the claim ("약 200") and the unit with the figure's range ("200명").
        head = event.one("p", "x-figure-head")
        assert head.text.endswith(f": {people}"), (lang, head.text)
        (claims,) = event.find("ul", "x-claims")
        assert [s.text for s in event.find("strong", inside=claims)] == [about], lang
        assert pages[twin("timeline/index.html", lang)].one("ul", "x-event-figures").text.endswith(f": {people}"), lang


# -- search --------------------------------------------------------------------------------------


def test_each_edition_has_its_own_search_index(site: Path) -> None:
    assert json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))["documents"] > 0
    assert json.loads((site / "ko" / "search" / "manifest.json").read_text(encoding="utf-8"))["documents"] > 0
    english = {d["location"]: d for d in search_documents(site)}
    korean = {d["location"]: d for d in search_documents(site / "ko")}
    assert english and not [loc for loc in english if loc.startswith("ko/")]
    assert set(korean) == {f"ko/{loc}" for loc in english}
    event = record("events", EVENT)
    organisation = record("organisations", ORGANISATION)
    found = english[f"events/{EVENT}/"]
    assert found["title"] == event["title"]["en"]
    assert " ".join(event["summary"]["en"].split()) in found["text"]
    found = korean[f"ko/events/{EVENT}/"]
    assert found["title"] == event["title"]["ko"]
    assert " ".join(event["summary"]["ko"].split()) in found["text"]
    assert korean[f"ko/organisations/{ORGANISATION}/"]["title"] == organisation["name"]["ko"]
    everything_korean = json.dumps(list(korean.values()), ensure_ascii=False)
    everything_english = json.dumps(list(english.values()), ensure_ascii=False)
    for text in (event["title"]["en"], " ".join(event["summary"]["en"].split()), organisation["name"]["en"]):
        assert text not in everything_korean
    for text in (event["title"]["ko"], " ".join(event["summary"]["ko"].split()), organisation["name"]["ko"]):
        assert text not in everything_english


# -- no English interface text in the Korean edition ---------------------------------------------


def own_english_texts() -> list[str]:
    """Every text of the fixture's records in English (the default version of a field, or its one text)."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "en" in value and isinstance(value["en"], str):
                found.append(value["en"])
            for key, item in value.items():
                if key != "en":
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            found.append(value)

    for path in sorted((HARBOUR / "data").rglob("*.yml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return [" ".join(text.split()) for text in found]


def interface_messages(english: dict[str, str], korean: dict[str, str], own: list[str]) -> list[str]:
    """The English interface messages that would give themselves away in a Korean page: the
    msgids of ``english`` (as a reader sees them: tags dropped, entities read) with no placeholder
    and at least two words, except proper nouns (the names that the Korean catalogue keeps as they
    are) and words that the records' own English texts (``own``) use."""
    texts = " \n ".join(own).lower()
    found = []
    for msgid in english:
        if "%" in msgid or "#" in msgid:
            continue
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", msgid)).split())
        if len(text.split()) < 2 or korean.get(msgid) == msgid or text.lower() in texts:
            continue
        found.append(text)
    return found


MESSAGES = interface_messages(catalogue("en"), KO, own_english_texts())
"""The engine's English interface messages, as the Korean pages are checked for them."""


def english_messages_in(page: Html) -> list[str]:
    """The interface messages in a page's visible text outside elements marked English."""
    text = page.visible(outside="en")
    return [message for message in MESSAGES if message in text]


def test_the_check_knows_the_interface_messages() -> None:
    assert len(MESSAGES) > 100
    assert {"Sources disagree", "In translation", "Who took part", "Cite this page", "translated by this site"} <= set(MESSAGES)
    assert "Markdown text may use emphasis, links and lists." in " ".join(MESSAGES)  # a message with markup, as it reads
    english = {
        "Sources disagree": "",
        "<strong>Markdown text</strong> &amp; lists": "",
        "%(site)s: events": "",  # a placeholder
        "# best matches": "",  # Material's count placeholder
        "Topics:": "",  # one word
        "Harbour master": "",  # words of a record
        "Creative Commons": "",  # a name the Korean catalogue keeps
    }
    korean = {"Sources disagree": "출처마다 다름", "Creative Commons": "Creative Commons"}
    found = interface_messages(english, korean, ["The invented harbour master of Ostrel."])
    assert found == ["Sources disagree", "Markdown text & lists"]


def test_no_english_interface_message_in_the_korean_pages(pages: dict[str, Html]) -> None:
    found = {rel: english_messages_in(page) for rel, page in pages.items() if rel.startswith("ko/")}
    assert len(found) == len(PAGES)
    assert {rel: messages for rel, messages in found.items() if messages} == {}


def test_the_check_finds_an_english_label_in_a_korean_page() -> None:
    page = parse_html(
        '<html lang="ko"><head><title>출처</title><script>var x = "Cite this page";</script></head><body>'
        "<h2>출처</h2><p>Sources\n  disagree</p>"
        '<div lang="en"><p>Who took part</p><p lang="en-GB">Editorial notes</p></div>'
        '<p><span lang="ko">관여자</span> <b>In translation</b></p></body></html>'
    )
    assert english_messages_in(page) == ["In translation", "Sources disagree"]


# -- the records and the configuration -------------------------------------------------------------------------------


def test_the_records_texts_per_language_pass_check_jsonschema(tmp_path: Path) -> None:
    for name, text in render_schemas(read_project(HARBOUR / "mkdocs.yml").settings).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    files = record_files([HARBOUR / "data"])
    assert sum(map(len, files.values())) == 5
    assert check_jsonschema(files, tmp_path) == set()


def test_a_language_without_a_catalogue_fails_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = make_project(HARBOUR, tmp_path)
    config_file = project / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["extra"]["explainer"]["languages"]["fr"] = {"locale": "fr_FR", "site_name": "Le port d'Ostrel ferme pour travaux"}
    config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert not (project / "locales").exists()
    with caplog.at_level(logging.ERROR), pytest.raises((PluginError, Abort)):
        build_project(project)
    messages = [r.getMessage() for r in caplog.records]
    expected = (
        "there is no message catalogue for the language 'fr': add locales/fr.po beside mkdocs.yml"
        " (`explainer messages fr` starts one from the engine's), or leave 'fr' out of extra.explainer.languages"
    )
    assert any(re.fullmatch(r"mkdocs\.yml:\d+:\d+: " + re.escape(expected), m) for m in messages), messages
    site = tmp_path / "site"
    assert not site.exists() or not list(site.rglob("*.html"))


# -- another topic's publication -----------------------------------------------------------------


def test_no_word_of_the_first_topic_in_the_fixture_or_the_site(site: Path) -> None:
    """The fixture's files carry none; the site carries one, the English name of the source's
    language on its page ("Language: Korean"), which is the engine naming a language, not the topic."""
    written, scanned = leaks(HARBOUR)
    assert written == [] and len(scanned) >= 10
    found, scanned = leaks(site, skip=theme_copies(site))
    assert any(p.relative_to(site).parts[0] == "ko" for p in scanned)
    assert found == [f"sources/{SOURCE}/index.html: 'Korean'"]
    page = parse(site / "sources" / SOURCE / "index.html")
    fields = dict(zip((e.text for e in page.find("dt")), (e.text for e in page.find("dd")), strict=True))
    assert fields["Language"] == "Korean"
