"""Hostile contributions: payloads in every field of the real data and in explainer pages.

The site built from them must run nothing a contributor wrote: no script element, event handler or
script-bearing URL that the clean site does not have, no template expression evaluated, the search
index holding text, not markup. Data that validation
refuses (URLs that are not http(s), control and direction characters) must stop the build before
any page is written, listing every problem.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml

import hostile
from explainer import build_site
from explainer.errors import DataError
from explainer.load.yamlload import Document, load_file, load_text
from explainer.model.text import safe_href
from explainer.render import sanitise
from explainer.render.renderer import Renderer
from hostile import (
    EVAL_MARKERS,
    Baseline,
    HostileProject,
    load_corpus,
    make_hostile_project,
    problems,
    scan_site,
)
from sitebuild import ROOT, build_project, make_project, renderer_for, search_documents

pytestmark = pytest.mark.build

CORPUS = load_corpus()


@dataclass
class Built:
    site: Path
    seconds: float


class _RecordingCleaner:
    """Stands in for the page sanitiser's nh3 cleaner and keeps what went in and came out."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.pairs: list[tuple[str, str]] = []

    def clean(self, text: str) -> str:
        out = self.real.clean(text)
        self.pairs.append((text, out))
        return out


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Built, list[tuple[str, str]]]]:
    """The real project, built as it is; the sanitiser's inputs and outputs recorded on the way."""
    project = make_project(ROOT, tmp_path_factory.mktemp("clean"))
    recorder = _RecordingCleaner(sanitise._CLEANER)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sanitise, "_CLEANER", recorder)
        start = time.perf_counter()
        site = build_project(project)
        seconds = time.perf_counter() - start
    yield Built(site, seconds), recorder.pairs


@pytest.fixture(scope="module")
def clean(clean_build: tuple[Built, list[tuple[str, str]]]) -> Built:
    return clean_build[0]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> HostileProject:
    return make_hostile_project(tmp_path_factory.mktemp("hostile"), CORPUS)


@pytest.fixture(scope="module")
def attacked(planted: HostileProject) -> Built:
    start = time.perf_counter()
    site = build_project(planted.project)
    return Built(site, time.perf_counter() - start)


@pytest.fixture(scope="module")
def findings(attacked: Built) -> dict[str, hostile.Findings]:
    """Every page of the hostile site, scanned once."""
    return scan_site(attacked.site)


def site_files(site: Path, *suffixes: str) -> Iterator[Path]:
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in suffixes:
            yield path


# -- the corpus --------------------------------------------------------------------------------------


def test_corpus_covers_the_classes_of_attack() -> None:
    inert = CORPUS.inert
    assert len(inert) >= 100
    assert len(set(inert)) == len(inert), "a payload is listed twice"
    wanted = {
        "script tags in case variants": r"(?i)<script",
        "event handlers": r"(?i)\bon[a-z]+\s*=",
        "javascript: obfuscated with entities": r"&#x6A;avascript:|javas&#x09;cript:",
        "data: and vbscript: URLs": r"data:text/html.*|vbscript:",
        "Markdown links with javascript:": r"\]\(\s*<?javascript:",
        "autolinks": r"^<(?i:javascript):",
        "reference links": r"\[r\]: javascript:",
        "link titles with quotes": r"\(https://example\.org \"",
        "attribute lists": r"\{: *onclick",
        "script breakouts": r"</script>",
        "title breakouts": r"</title>",
        "attribute breakouts": r"^\"><",
        "Jinja expressions": r"\{\{ 7\*7 \}\}",
        "Jinja raw blocks": r"\{% raw %\}",
    }
    for name, pattern in wanted.items():
        assert any(re.search(pattern, p) for p in inert), f"no payload for {name}"
    assert any("\u202e" in text for text, _ in CORPUS.rejected)
    assert len(CORPUS.bad_urls) >= 10 and len(CORPUS.odd_urls) >= 10


@pytest.mark.parametrize("payload", CORPUS.inert, ids=range(len(CORPUS.inert)))
def test_inert_payloads_load_as_they_were_written(payload: str) -> None:
    """Every inert payload is text a contributor can write: the loader keeps it, NFC aside."""
    result = load_text(yaml.safe_dump({"title": payload}, allow_unicode=True, width=10**6), "data/events/x.yml")
    assert isinstance(result, Document), result
    assert result.data["title"] == unicodedata.normalize("NFC", payload)


def test_every_payload_reaches_every_kind_of_field(planted: HostileProject) -> None:
    for kind in ("text", "markdown", "excerpt", "quote"):
        fitting = {i for i, p in enumerate(CORPUS.inert) if hostile.fits(kind, p)}
        assert fitting, kind
        missing = fitting - planted.packer.reached.get(kind, set())
        assert not missing, f"{kind} fields never received payloads {sorted(missing)}"
    assert {kind for kind in ("url",) if any(value in CORPUS.odd_urls for _, _, value in planted.planted)} == {"url"}


# -- the built site runs nothing a contributor wrote -----------------------------------------------------


def test_hostile_site_runs_nothing_the_clean_site_does_not(clean: Built, findings: dict[str, hostile.Findings]) -> None:
    baseline = Baseline.of(scan_site(clean.site))
    found = problems(findings, baseline)
    assert found == [], "\n".join(found[:40])


def test_the_scanner_sees_what_an_unsanitised_page_would_run() -> None:
    page = (
        '<p><img src=x onerror=alert(1)></p><script>alert(1)</script><a href="&#x6A;avascript:alert(1)">x</a>'
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>'
        '<iframe src="https://evil.example/"></iframe>'
    )
    found = problems({"page.html": hostile.scan_html(page)}, Baseline(frozenset(), frozenset(), frozenset()))
    assert any("handler <img onerror" in f for f in found)
    assert any("script () 'alert(1)'" in f for f in found)
    assert any("unsafe URL <a href" in f for f in found)
    assert any("JSON in a script element" in f for f in found)
    assert any("element <iframe" in f for f in found)
    assert any("loads from another host" in f for f in found)


def test_template_expressions_are_shown_not_evaluated(clean: Built, attacked: Built) -> None:
    for path in site_files(attacked.site, ".html", ".json", ".xml", ".atom", ".csv"):
        text = path.read_text(encoding="utf-8")
        twin = clean.site / path.relative_to(attacked.site)
        before = twin.read_text(encoding="utf-8") if twin.is_file() else ""
        for marker in EVAL_MARKERS:
            assert text.count(marker) <= before.count(marker), (path, marker)
    # The payloads are there, as text.
    shown = " ".join(_article_text(p) for p in site_files(attacked.site, ".html") if "/events/" in p.as_posix())
    assert "{{ 1337*7 }}" in shown
    assert "<script>alert(1)</script>" in shown
    assert "<img src=x onerror=alert(1)>" in shown


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag == "article"

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "article"

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def _article_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def test_titles_and_meta_tags_hold_text_only(attacked: Built, findings: dict[str, hostile.Findings]) -> None:
    for path in site_files(attacked.site, ".html"):
        page = path.read_text(encoding="utf-8")
        titles = re.findall(r"<title>(.*?)</title>", page, re.S)
        assert len(titles) <= 1, path
        for title in titles:
            assert "<" not in title, (path, title)
    for page, found in findings.items():
        for attrs in found.metas:
            assert "http-equiv" not in attrs, (page, attrs)


def test_explainer_page_titles_are_plain_in_nav_header_and_toc(attacked: Built) -> None:
    for name in ("hostile", "hostile-heading"):
        page = (attacked.site / name / "index.html").read_text(encoding="utf-8")
        found = hostile.scan_html(page)
        assert not [h for h in found.handlers if h[2] and "alert" in h[2]]
        # The title is visible, as text, in the header and the navigation of every page.
        assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    home = (attacked.site / "index.html").read_text(encoding="utf-8")
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in home


def test_search_index_keeps_payloads_as_plain_text(attacked: Built) -> None:
    # The index is data: the worker escapes every text before Material inserts it as HTML
    # (tests/browser/test_hostile_browser.py types the payloads into the search box).
    titles = {doc["location"]: doc["title"] for doc in search_documents(attacked.site)}
    for page in ("hostile/", "hostile-heading/"):
        # As text, not escaped: the worker would escape it a second time.
        assert titles[page].startswith("</title><script>alert(1)</script>"), titles[page]


def test_downloads_feeds_and_json_ld_parse(attacked: Built, findings: dict[str, hostile.Findings]) -> None:
    for path in site_files(attacked.site, ".json"):
        json.loads(path.read_text(encoding="utf-8"))
    feeds = list(site_files(attacked.site, ".atom", ".xml"))
    for path in feeds:
        root = ET.fromstring(path.read_bytes())
        for element in root.iter():
            assert not element.tag.lower().endswith("script"), path
            if element.get("type") == "html" and element.text:
                found = hostile.scan_html(element.text)
                assert not found.scripts and not found.handlers and not found.urls, (path, element.text[:200])
    scripts = [body for found in findings.values() for body in found.json_scripts]
    assert scripts, "record pages carry JSON-LD"
    for body in scripts:
        json.loads(body)


def test_odd_http_urls_are_links_exactly_as_written(findings: dict[str, hostile.Findings], planted: HostileProject) -> None:
    hrefs = {href for found in findings.values() for href in found.links}
    used = {value for _, path, value in planted.planted if path and path[-1] in hostile.URL_KEYS}
    assert used == set(CORPUS.odd_urls) & used and used
    for url in used:
        assert url in hrefs, url


def test_build_with_the_slowest_valid_markdown_in_every_field(clean: Built, tmp_path: Path) -> None:
    # The time this takes against the clean build is measured by benchmarks/hostile.py.
    project = make_project(ROOT, tmp_path)
    worst = list(hostile.WORST_MARKDOWN.values())
    count = {"n": 0}

    def fill(kind: str, type_: str, path: tuple[str | int, ...]) -> str | None:
        if kind != "markdown":
            return None
        count["n"] += 1
        return worst[count["n"] % len(worst)]

    hostile.plant(project / "data", fill)
    site = build_project(project)
    assert count["n"] >= 100
    assert (site / "timeline" / "index.html").is_file()


# -- what the sanitiser keeps ------------------------------------------------------------------------


class _Events(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[Any, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("<", tag, tuple(sorted((k, _norm(k, v or "")) for k, v in attrs))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("</", tag))

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))


def _norm(name: str, value: str) -> str:
    return value.replace(" ", "").rstrip(";") if name == "style" else value


def _dom(text: str) -> list[tuple[Any, ...]]:
    parser = _Events()
    parser.feed(text)
    parser.close()
    return [e for e in parser.events if not (e[0] == "</" and e[1] in ("br", "hr", "img", "wbr"))]


def test_sanitiser_keeps_everything_the_real_explainer_pages_hold(clean_build: tuple[Built, list[tuple[str, str]]]) -> None:
    _, pairs = clean_build
    assert len(pairs) >= len(list((ROOT / "content").glob("*.md")))
    for before, after in pairs:
        assert _dom(after) == _dom(before)


@pytest.mark.parametrize(
    ("dirty", "kept"),
    [
        (
            '<p onclick="alert(1)" style="color:red" id="x" class="y" lang="ko" aria-label="z">t</p>',
            '<p id="x" class="y" lang="ko" aria-label="z">t</p>',
        ),
        ('<a href="javascript:alert(1)">x</a><a href="&#x6A;avascript:alert(1)">y</a>', "<a>x</a><a>y</a>"),
        ('<a href="java\tscript:alert(1)">x</a><a href="data:text/html,x">y</a><a href="vbscript:x">z</a>', "<a>x</a><a>y</a><a>z</a>"),
        (
            '<a href="../sources/x/#ref-1" rel="noopener">x</a><a href="https://e.org/?a=1&amp;b=2">y</a><a href="mailto:a@e.org">z</a>',
            '<a href="../sources/x/#ref-1" rel="noopener">x</a><a href="https://e.org/?a=1&amp;b=2">y</a><a href="mailto:a@e.org">z</a>',
        ),
        (
            '<img src="assets/map.png" alt="map"><img src="https://evil.example/p.gif"><img src="//evil.example/p.gif"><img src="/\\evil.example/p.gif">',
            '<img src="assets/map.png" alt="map"><img><img><img>',
        ),
        ("<script>alert(1)</script><style>p{}</style><iframe src=x></iframe><form><input></form>t", "t"),
        ("<svg onload=alert(1)><circle/></svg><math><mi>x</mi></math>u", "u"),
        (
            '<table><tr><th style="text-align: left; position: fixed">h</th></tr></table>',
            '<table><tbody><tr><th style="text-align:left">h</th></tr></tbody></table>',
        ),
        ('<h2 id="__config">x</h2><div id="search">y</div>', "<h2>x</h2><div>y</div>"),
        ("<!-- <script>alert(1)</script> -->c", "c"),
        ('<details open ontoggle="alert(1)"><summary>s</summary>d</details>', "<details><summary>s</summary>d</details>"),
    ],
)
def test_sanitiser_drops_what_runs_and_keeps_the_rest(dirty: str, kept: str) -> None:
    assert sanitise.sanitise_page(dirty) == kept


def test_attribute_lists_stay_off() -> None:
    """`{: onclick=...}` would be attributes with attr_list; without it they are text.

    The sanitiser would strip the handler anyway, but ids and classes would pass.
    """

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names = {next(iter(e)) if isinstance(e, dict) else e for e in config.get("markdown_extensions") or []}
    assert "attr_list" not in names, "attr_list lets explainer pages set attributes; check hooks/explainer/sanitise.py first"


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<b>A</b> &amp; B", "A &amp; B"),
        ("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)//", ""),
        ('" onmouseover="alert(1)', "&#34; onmouseover=&#34;alert(1)"),
        ("Tom &amp; Jerry's", "Tom &amp; Jerry&#39;s"),
    ],
)
def test_plain_text_is_escaped_text(markup: str, text: str) -> None:
    assert sanitise.plain_text(markup) == text
    assert sanitise.plain_text(sanitise.plain_text(markup)) == text


# -- invalid data fails closed ---------------------------------------------------------------------------


def _plant_failures(project: Path) -> list[tuple[str, str]]:
    """Put each refused URL in one URL field and each refused text in a file of its own.

    Returns:
        (position prefix "path:line:col: " or "path:", words the diagnostic must hold), one per defect.
    """
    expected: list[tuple[str, str]] = []
    queue = list(CORPUS.bad_urls)

    def once(kind: str, type_: str, path: tuple[str | int, ...]) -> str | None:
        return queue.pop(0) if kind == "url" and queue else None

    urls = hostile.plant(project / "data", once)
    assert not queue, "the data hold fewer URL fields than the corpus has refused URLs"
    for file, path, value in urls:
        doc = load_file(project / file, file)
        assert isinstance(doc, Document)
        pos = doc.pos(path)
        expected.append((f"{file}:{pos.line}:{pos.col}: ", repr(value)))
    # A file the loader refuses reports that alone, so the refused texts go in files without a URL.
    with_urls = {f for f, _, _ in urls}
    targets = [p for p in sorted((project / "data").rglob("*.yml")) if p.relative_to(project).as_posix() not in with_urls]
    for (text, words), file in zip(CORPUS.rejected, targets, strict=False):
        rel = file.relative_to(project).as_posix()
        doc = load_file(file, rel)
        assert isinstance(doc, Document)
        key = next(k for k in ("title", "name", "text") if k in doc.data)
        doc.data[key] = text
        file.write_text(yaml.safe_dump(doc.data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
        expected.append((f"{rel}:", words))
    assert len(expected) == len(CORPUS.bad_urls) + len(CORPUS.rejected)
    return expected


def test_refused_urls_and_characters_are_each_reported(tmp_path: Path) -> None:
    project = make_project(ROOT, tmp_path)
    expected = _plant_failures(project)
    with pytest.raises(DataError) as info:
        build_site(project / "data", project)
    lines = info.value.report().splitlines()
    for prefix, words in expected:
        matching = [line for line in lines if line.startswith(prefix) and words in line]
        assert len(matching) == 1, (prefix, words, [line for line in lines if line.startswith(prefix)])
    assert len(lines) - 1 == len(expected), "\n".join(lines)


def test_invalid_data_stops_mkdocs_build_before_any_page(tmp_path: Path) -> None:
    project = make_project(ROOT, tmp_path)
    expected = _plant_failures(project)
    site = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    for prefix, words in expected:
        assert any(prefix in line and words in line for line in output.splitlines()), (prefix, words)
    assert f"{len(expected)} errors in " in output
    assert not site.exists() or not list(site.rglob("*.html")), "a page was written"
    assert "Traceback" not in output


# -- templates fail loudly -----------------------------------------------------------------------------


def _renderer(templates: dict[str, str]) -> Renderer:
    return renderer_for(jinja2.Environment(loader=jinja2.DictLoader(templates)))


@pytest.mark.parametrize(
    ("template", "error"),
    [
        ("<p>{{ no_such_variable }}</p>", jinja2.UndefinedError),
        ("<p>{{ record.no_such_field }}</p>", jinja2.UndefinedError),
        ("<p>{{ record.no_such_field | upper }}</p>", jinja2.UndefinedError),
        ("{% for x in no_such_list %}{{ x }}{% endfor %}", jinja2.UndefinedError),
        ("<p>{{ record.title </p>", jinja2.TemplateSyntaxError),
    ],
)
def test_template_mistakes_raise_instead_of_printing_nothing(template: str, error: type[Exception]) -> None:
    renderer = _renderer({"fragments/records/event.html": template})
    event = renderer.site.timeline[0]
    with pytest.raises(error):
        renderer.record(event, "events/x/")


def test_renderer_escapes_and_leaves_the_theme_environment_alone() -> None:
    theme = jinja2.Environment(loader=jinja2.DictLoader({"fragments/link.html": "{{ text }}"}))
    renderer = renderer_for(theme)
    event = renderer.site.timeline[0]
    assert renderer.fragment("link", "x/", record=event, text="<b>&") == "&lt;b&gt;&amp;"
    assert theme.autoescape is False and theme.undefined is jinja2.Undefined
    assert "markdown" not in theme.filters


def test_a_template_error_fails_the_build(tmp_path: Path) -> None:
    project = make_project(ROOT / "tests" / "fixtures" / "valid" / "minimal", tmp_path)
    # A publication's own fragment replaces the engine's: a mistake in it fails the build.
    event_template = project / "overrides" / "fragments" / "records" / "event.html"
    event_template.parent.mkdir(parents=True)
    engine_template = ROOT / "hooks" / "explainer" / "theme" / "fragments" / "records" / "event.html"
    event_template.write_text(
        engine_template.read_text(encoding="utf-8").replace("{{ record.title | tr }}", "{{ record.titel | tr }}", 1), encoding="utf-8"
    )
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = "overrides"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    site = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert run.returncode != 0
    assert "titel" in run.stdout + run.stderr
    assert not site.exists() or not list(site.rglob("*.html"))


def test_the_href_filter_judges_the_scheme_as_a_browser_reads_it() -> None:
    assert safe_href("https://example.org/?a=1&copy=2") == "https://example.org/?a=1&copy=2"
    for bad in (
        "javascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "java\tscript:x",
        "https://exa\u200bmple.org/",
        "http://[",
        "https:x",
        "//evil.example/",
    ):
        assert safe_href(bad) is None, bad
    assert html.unescape("&#x6A;") == "j"
