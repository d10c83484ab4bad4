"""The A–Z index, the skip link and the no-JavaScript way to it on every page, and one way of writing ranges.

Built from the invented two-edition fixture (harbour), and asserted on its HTML; the browser tests
(tests/browser/test_keyboard.py) check the same on the real site in Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
import yaml

from explainer import build_site
from explainer.graph.site import Cite
from explainer.model.records import Citation
from explainer.render.browse import Entry, by_letter, initial
from explainer.render.messages import load_messages, one_dash
from explainer.render.renderer import by_passage
from explainer.render.wording import date_range, number_range
from sitebuild import HARBOUR, ROOT, build_project, make_project
from test_editions import Html, parse

LANGS = {"en": "", "ko": "ko/"}
SITE_URL = yaml.safe_load((HARBOUR / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(HARBOUR, tmp_path_factory.mktemp("harbour-browse"))
    return build_project(project)


def _pages(site: Path) -> list[Path]:
    return [
        p for p in sorted(site.rglob("*.html")) if "assets" not in p.relative_to(site).parts and "http-equiv" not in p.read_text()[:600]
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_browse_page_lists_every_record_by_kind_and_letter(site: Path, lang: str) -> None:
    graph = build_site(HARBOUR / "data")
    folder = site / LANGS[lang] / "browse"
    page = parse(folder / "index.html")
    article = page.one("article", id="x-main")
    links = {(folder / e.attrs["href"]).resolve() for e in page.find("a", inside=article) if not e.attrs["href"].startswith("#")}
    for type_, records in graph.records.items():
        for rid, record in records.items():
            assert (site / LANGS[lang] / record.plural / rid).resolve() in links, f"{lang}: {type_} {rid} is not in the A–Z index"
    kinds = [h.attrs["id"] for h in page.find("h2", inside=article)]
    assert kinds[:5] == ["person", "organisation", "event", "source", "quote"]
    assert {"tag", "place"} <= set(kinds)
    # Each kind's records under the headings of their initials (h3 under h2: no level skipped).
    letters = [h.text for h in page.find("h3", inside=article)]
    assert letters and all(re.fullmatch(r"[A-Z]|[ㄱ-ㅎ]|0–9|#", text) for text in letters), letters
    assert page.one("h1", inside=article).text == {"en": "A–Z index", "ko": "가나다순 색인"}[lang]


def test_browse_lists_the_events_topics_by_their_labels(site: Path) -> None:
    settings = yaml.safe_load((HARBOUR / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["explainer"]
    tags = settings["vocabularies"]["tags"]
    graph = build_site(HARBOUR / "data")
    used = {t for e in graph.all("event") for t in e.tags}  # type: ignore[attr-defined]
    assert used
    text = parse(site / "browse" / "index.html").visible()
    for tag in used:
        label = tags[tag]["en"] if isinstance(tags[tag], dict) else tags[tag]
        assert label in text


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_a_skip_link_first_and_a_no_script_link_to_the_browse_page(site: Path, lang: str) -> None:
    pages = [p for p in _pages(site) if (p.relative_to(site).as_posix().startswith("ko/")) == (lang == "ko")]
    assert len(pages) > 10
    browse = (site / LANGS[lang] / "browse" / "index.html").resolve()
    for path in pages:
        html = path.read_text(encoding="utf-8")
        page = parse(path)
        # Material's own skip link, where it prints one, is hidden by the engine's stylesheet (the
        # browser tests check the order of the Tab key itself).
        first = next(
            e
            for e in page.elements
            if e.tag in ("a", "button", "input", "select", "textarea")
            and "md-toggle" not in e.classes
            and not any(a.attrs.get("data-md-component") == "skip" for a in e.ancestors)
        )
        assert first.tag == "a" and first.attrs.get("href") == "#x-main" and "x-skip" in first.classes, path
        assert page.find(id="x-main"), path
        assert first.text == {"en": "Skip to content", "ko": "본문으로 건너뛰기"}[lang]
        fallback = re.search(r"<noscript>\s*<a [^>]*href=\"([^\"]+)\"[^>]*>([^<]+)</a>\s*</noscript>", html)
        assert fallback, f"{path}: no link to the A–Z index for readers without JavaScript"
        href = fallback.group(1)
        # The page of a missing address, served at any address, links to the site's own address.
        target = site / href.removeprefix(SITE_URL) if href.startswith(SITE_URL) else path.parent / href
        assert target.resolve() / "index.html" == browse, path


def test_ranges_are_written_one_way_in_every_edition() -> None:
    en, ko = load_messages("en", "en_GB"), load_messages("ko", "ko_KR")
    assert en.date("2020/2023") == "2020–2023"
    assert ko.date("2020/2023") == "2020년–2023년"
    assert ko.date("2023-08/2023-09") == "2023년 8월–9월"
    assert en.date("2023-08/2023-09") == "August – September 2023"
    assert number_range(50, 60, en) == "50–60" and number_range(50, 60, ko) == "50–60"
    assert date_range(en.date("2020"), en.date("2023"), en) == "2020–2023"
    assert date_range(ko.date("2020"), ko.date("2023"), ko) == "2020년–2023년"
    assert date_range(en.date("2020-03"), en.date("2023"), en) == "March 2020 – 2023"
    assert one_dash("26–28 April 2024") == "26–28 April 2024"


def test_initials_file_hangul_under_its_consonant_and_ignore_case_and_accents() -> None:
    assert [initial(w) for w in ("émile", "Zed", "이애란", "까치", "2024 report", "“Quoted”", "…")] == [
        "E",
        "Z",
        "ㅇ",
        "ㄱ",
        "0–9",
        "Q",
        "#",
    ]
    grouped = by_letter(Entry(w, key=w) for w in ("beta", "Alpha", "9 lives", "Äpfel", "가", "나"))
    assert [(g.letter, [e.label for e in g.entries]) for g in grouped] == [
        ("A", ["Alpha", "Äpfel"]),
        ("B", ["beta"]),
        ("ㄱ", ["가"]),
        ("ㄴ", ["나"]),
        ("0–9", ["9 lives"]),
    ]


def test_a_source_page_lists_each_excerpt_once_with_every_record_citing_it() -> None:
    graph = build_site(ROOT / "data")
    repeated = next(
        (sid, cites)
        for sid, cites in graph.cited_by.items()
        if len({c.citation.excerpt for c in cites if c.citation.excerpt}) < len([c for c in cites if c.citation.excerpt])
    )
    _, cites = repeated
    passages = by_passage(cites)
    excerpts = [p.citation.excerpt for p in passages if p.citation.excerpt]
    assert len(excerpts) == len(set(excerpts))
    assert sum(len(p.records) for p in passages) >= len({(c.record.type, c.record.id) for c in cites})
    # Citations of the same words with other locators keep every locator.
    one = cites[0]
    again = Cite(one.record, Citation(source=one.citation.source, excerpt=one.citation.excerpt, locator="paragraph 99"))
    (merged,) = [p for p in by_passage([one, again]) if p.citation.excerpt == one.citation.excerpt]
    assert "paragraph 99" in merged.locators


def _block(template: str, name: str) -> list[str]:
    body = re.search(r"{% block " + name + r" %}(.*?{% endblock %}.*?){% endblock %}", template, re.S)
    assert body, f"no {name} block"
    return [" ".join(line.split()) for line in body.group(1).splitlines() if line.strip()]


def test_container_block_is_materials_but_for_the_skip_target() -> None:
    """explainer/main.html copies Material's container block: an upgrade of the theme that changes it fails here."""
    theirs = _block((Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8"), "container")
    ours = _block((ROOT / "hooks" / "explainer" / "theme" / "explainer" / "main.html").read_text(encoding="utf-8"), "container")
    assert len(theirs) == len(ours)
    changed = [b for a, b in zip(theirs, ours, strict=True) if a != b]
    assert changed == ['<article class="md-content__inner md-typeset" id="x-main" tabindex="-1">']


def test_header_partial_is_materials_but_for_the_title_language() -> None:
    """partials/header.html copies Material's: an upgrade of the theme that changes it fails here.
    Its parts rendered once for all pages (the `once` call blocks) wrap Material's lines unchanged."""

    def lines(path: Path) -> list[str]:
        text = re.sub(r"{#-.*?-#}", "", path.read_text(encoding="utf-8"), flags=re.S)
        found = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        return [line for line in found if not line.startswith(("{% macro once(", "{% call once(", "{% endcall %}"))]

    theirs = lines(Path(material.__file__).parent / "templates" / "partials" / "header.html")
    ours = lines(ROOT / "hooks" / "explainer" / "theme" / "partials" / "header.html")
    assert len(theirs) == len(ours)
    changed = [b for a, b in zip(theirs, ours, strict=True) if a != b]
    assert changed == ['<span class="md-ellipsis"{% if title_lang %} lang="{{ title_lang }}"{% endif %}>']


def test_dark_palette_without_javascript_copies_materials_slate_colours() -> None:
    """The stylesheet's copy of Material's slate variables (for readers without JavaScript) is Material's."""
    palette = next((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("palette.*.min.css")).read_text()
    theirs = re.search(r"@media screen\{\[data-md-color-scheme=slate\]\{(.*?)\}", palette, re.S)
    assert theirs
    css = (ROOT / "hooks" / "explainer" / "theme" / "assets" / "stylesheets" / "explainer.css").read_text(encoding="utf-8")
    ours = re.search(r"@media screen and \(prefers-color-scheme: dark\) \{\s*\.no-js body:has\([^{]*\{(.*?)\}", css, re.S)
    assert ours

    def declarations(text: str) -> list[str]:
        return [" ".join(d.split()) for d in text.split(";") if d.strip()]

    assert declarations(ours.group(1)) == declarations(theirs.group(1))


def test_html_parser_sees_noscript_links(site: Path) -> None:
    page: Html = parse(site / "index.html")
    assert any(e.tag == "a" and any(a.tag == "noscript" for a in e.ancestors) for e in page.elements)
