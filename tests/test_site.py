"""Full builds of fixture projects: the HTML of record, index and explainer pages."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from explainer import build_site
from explainer.model.records import Event
from sitebuild import MINIMAL, build_project, make_project

pytestmark = pytest.mark.build

SOURCE = "example-news-2024-04-27-harbour-closure"
OTHER_SOURCE = "harbour-rights-watch-2023-10-12-nets-and-notices"


class Elements(HTMLParser):
    """Collects start tags with their attributes, and the text inside <article>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "article":
            self._article += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article -= 1

    def handle_data(self, data: str) -> None:
        if self._article:
            self.text.append(data)

    def hrefs(self) -> list[str]:
        return [a["href"] or "" for t, a in self.tags if t == "a" and a.get("href")]

    def article_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The minimal fixture with an explainer page that cites and links records, built once."""
    tmp = tmp_path_factory.mktemp("minimal")
    project = make_project(MINIMAL, tmp)
    (project / "content" / "story.md").write_text(
        "# Story\n\n"
        f'The harbour closed [@{SOURCE} "about 120 boats stayed tied up", paragraph 2]. Fishers had warned\n'
        f'about nets [@{OTHER_SOURCE} "most fishers learnt of the ban…"].\n\n'
        f'The closure was reported again [@{SOURCE} "about 120 boats stayed tied up", paragraph 2]. See\n'
        "[[event:2024-04-26-harbour-closure]] and [[person:tomas-rell|the fisher who spoke]].\n\n"
        "![[quote:tomas-rell-2024-04-27-no-warning]]\n",
        encoding="utf-8",
    )
    return project, build_project(project)


def test_every_record_has_a_page_with_its_text(built: tuple[Path, Path]) -> None:
    project, site = built
    graph = build_site(project / "data")
    for records in graph.records.values():
        for record in records.values():
            page = site / record.plural / record.id / "index.html"
            assert page.is_file(), page
            assert record.label.rstrip("…") in parse(page).article_text()


MARK = re.compile(r'<a class="x-mark" id="([^"]+)" href="#([^"]+)"[^>]*>\[(\d+)\]</a>')


def test_explainer_citations_are_numbered_once_per_source(built: tuple[Path, Path]) -> None:
    _, site = built
    html = (site / "story" / "index.html").read_text(encoding="utf-8")
    marks = MARK.findall(html)
    # The same words of the same source, cited twice, are one passage of the reference list.
    assert [(target, number) for _, target, number in marks] == [("ref-1-1", "1"), ("ref-2-1", "2"), ("ref-1-1", "1")]
    assert len({mark_id for mark_id, _, _ in marks}) == 3


def test_each_citation_mark_previews_its_supporting_words(built: tuple[Path, Path]) -> None:
    project, site = built
    graph = build_site(project / "data")
    html = (site / "story" / "index.html").read_text(encoding="utf-8")
    previews = re.findall(
        r'<span class="x-preview x-noindex" id="([^"]+)-preview">(.*?)<a class="x-preview-go" href="#([^"]+)">', html, re.S
    )
    assert [(mark, target) for mark, _, target in previews] == [(m, t) for m, t, _ in MARK.findall(html)]
    first, second = previews[0][1], previews[1][1]
    url = graph.get("source", SOURCE).url  # type: ignore[attr-defined]
    assert f'<q lang="en" cite="{url}">about 120 boats stayed tied up</q>' in first
    assert "(paragraph 2)" in first
    assert f'href="../sources/{SOURCE}/"' in first
    # A citation by the start of a record's excerpt shows that excerpt whole, with its locator.
    assert '>most fishers learnt of the ban only after it had begun</q> <span class="x-locator">(p. 9)</span>' in second


def test_the_reference_list_leads_back_to_each_mark(built: tuple[Path, Path]) -> None:
    _, site = built
    html = (site / "story" / "index.html").read_text(encoding="utf-8")
    section = html[html.index('<section class="x-references x-noindex"') :]
    assert '<h2 id="references">Sources</h2>' in section
    passage = re.search(r'<div class="x-excerpt" id="ref-1-1">(.*?)</div>', section, re.S)
    assert passage is not None
    backs = re.findall(r'<a class="x-back" href="#([^"]+)">([^<]+)</a>', passage.group(1))
    marks = [mark_id for mark_id, target, _ in MARK.findall(html) if target == "ref-1-1"]
    assert backs == [(marks[0], "Back to paragraph 1"), (marks[1], "Back to paragraph 2")]
    for mark_id in marks:
        assert f'id="{mark_id}"' in html


def test_explainer_links_and_cards(built: tuple[Path, Path]) -> None:
    _, site = built
    page = parse(site / "story" / "index.html")
    assert "../events/2024-04-26-harbour-closure/" in page.hrefs()
    assert "../people/tomas-rell/" in page.hrefs()
    assert "the fisher who spoke" in page.article_text()
    assert "We were given no warning at all" in page.article_text()
    assert ("blockquote", {"lang": "en"}) in page.tags


def test_record_page_numbers_its_sources_and_links_them(built: tuple[Path, Path]) -> None:
    _, site = built
    path = site / "events" / "2024-04-26-harbour-closure" / "index.html"
    page = parse(path)
    assert "#ref-1-1" in page.hrefs()
    assert ("li", {"id": "ref-1", "value": "1"}) in page.tags
    html = path.read_text(encoding="utf-8")
    # A figure's mark previews the words of its own claim, and the way back says where it returns.
    claim = re.search(r"about 120 boats stayed tied up</q>", html)
    assert claim is not None and html.rfind('class="x-preview x-noindex"', 0, claim.start()) > html.find('<ul class="x-claims">')
    back_labels = set(re.findall(r'<a class="x-back" href="#cite-[^"]+">([^<]+)</a>', html))
    assert {"Back to the summary", "Back to the figures"} <= back_labels
    assert f"../../sources/{SOURCE}/" in page.hrefs()
    assert "Sources disagree" in page.article_text()
    assert "80–100" in page.article_text()


def test_source_page_lists_everything_that_cites_it(built: tuple[Path, Path]) -> None:
    project, site = built
    graph = build_site(project / "data")
    page = parse(site / "sources" / SOURCE / "index.html")
    citing = {(c.record.plural, c.record.id) for c in graph.cited_by[SOURCE]}
    assert len(citing) >= 3
    for plural, rid in citing:
        assert f"../../{plural}/{rid}/" in page.hrefs()
    for cite in graph.cited_by[SOURCE]:
        if cite.citation.excerpt:
            assert " ".join(cite.citation.excerpt.split()) in page.article_text()


def test_timeline_lists_events_in_date_order(built: tuple[Path, Path]) -> None:
    project, site = built
    graph = build_site(project / "data")
    html = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    order = re.findall(r'<li id="([^"]+)" class="x-event"', html)
    events = [e for e in graph.all("event") if isinstance(e, Event)]
    assert order == [e.id for e in sorted(events, key=lambda e: e.when.first)]
    assert len(order) == len(events)


def test_markup_in_a_title_is_text(tmp_path: Path) -> None:
    project = make_project(MINIMAL, tmp_path)
    event = project / "data" / "events" / "2022-coastal-survey.yml"
    text = event.read_text(encoding="utf-8")
    event.write_text(
        re.sub(r"^title: .*$", "title: A <b>bold</b> survey </title><script>alert(1)</script>", text, count=1, flags=re.M), encoding="utf-8"
    )
    site = build_project(project)
    html = (site / "events" / "2022-coastal-survey" / "index.html").read_text(encoding="utf-8")
    assert "<b>bold</b>" not in html
    assert "<script>alert(1)</script>" not in html
    assert "A &lt;b&gt;bold&lt;/b&gt; survey" in html
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None and "&lt;b&gt;" in title.group(1)
    # The timeline and the index of the home page's search carry it as text too.
    assert "<b>bold</b>" not in (site / "timeline" / "index.html").read_text(encoding="utf-8")


def test_markup_in_the_site_name_is_text(tmp_path: Path) -> None:
    name = 'Floods: the "big" one & </title><script>alert(1)</script>'
    site = build_project(make_project(MINIMAL, tmp_path, site_name=name))
    escaped = "Floods: the &#34;big&#34; one &amp; &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    for page in ("index.html", "404.html", "events/2022-coastal-survey/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html, page
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert title is not None and title.group(1).endswith(escaped), page
        # Escaped once: in the header's text, and in the attributes Material escapes itself.
        assert f'<meta property="og:site_name" content="{escaped}">' in html, page
        assert "&amp;amp;" not in html and "&amp;#34;" not in html, page
    # The engine's own outputs take the name as text.
    assert f"<name>{name.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</name>" in (site / "events.atom").read_text(
        encoding="utf-8"
    )


def test_broken_reference_in_content_fails_with_its_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = make_project(MINIMAL, tmp_path)
    (project / "content" / "story.md").write_text(
        "# Story\n\nFine [@" + SOURCE + ' "about 120 boats stayed tied up"].\n\n'
        "Broken [[event:2024-04-26-harbour-closur]] and [@no-such-source].\n\n"
        f'Bare [@{SOURCE}] and unknown words [@{SOURCE} "no record cites these…"].\n',
        encoding="utf-8",
    )
    with caplog.at_level(logging.ERROR), pytest.raises((PluginError, Abort)):
        build_project(project)
    messages = [r.getMessage() for r in caplog.records]
    assert (
        "content/story.md:5:8: unknown event '2024-04-26-harbour-closur' (did you mean '2024-04-26-harbour-closure'?); add data/events/2024-04-26-harbour-closur.yml or fix the id"
        in messages
    )
    assert any(m.startswith("content/story.md:5:48: unknown source 'no-such-source'") for m in messages)
    assert any(m.startswith(f"content/story.md:7:6: the citation of {SOURCE!r} gives no supporting words") for m in messages)
    assert any(
        m.startswith(f"content/story.md:7:67: no record cites {SOURCE!r} with words that start 'no record cites these'") for m in messages
    )
    assert not (tmp_path / "site" / "story").exists()


def test_invalid_data_writes_no_page(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = make_project(MINIMAL, tmp_path)
    (project / "data" / "events" / "2022-coastal-survey.yml").write_text("id: 2022-coastal-survey\ntitle: [unclosed\n", encoding="utf-8")
    (project / "data" / "people" / "ana-marin.yml").unlink()
    with caplog.at_level(logging.ERROR), pytest.raises((PluginError, Abort)):
        build_project(project)
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("data/events/2022-coastal-survey.yml:3:1: YAML syntax error") for m in messages), messages
    assert any("unknown person 'ana-marin'" in m for m in messages), messages
    assert not (tmp_path / "site" / "events").exists()


def test_two_builds_in_one_process_are_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook module is loaded once per process (as under mkdocs serve): nothing may leak between builds."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = make_project(MINIMAL, tmp_path)
    first = build_project(project, tmp_path / "one")
    second = build_project(project, tmp_path / "two")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
