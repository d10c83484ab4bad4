"""The pieces of `explainer render` that stand in for MkDocs and for the hooks, checked against MkDocs' own."""

from __future__ import annotations

import posixpath
import re

import jinja2
import pytest
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from explainer.errors import DataError
from explainer.tools.markdown_page import PageMarkdown, extensions_of, links_from_source, relative_url, split_front_matter
from explainer.tools.theme_words import compile_words

WORDS = {"Skip to content": "본문으로 건너뛰기", "Made with %(tool)s": "제작 도구: %(tool)s", "100%% sure": "100%% 확실"}


def gettext(message: str) -> str:
    return WORDS.get(message, message)


@pytest.mark.parametrize(
    ("url", "other"),
    [
        ("events/x/", "contested/"),
        ("./", "contested/"),
        ("./", "./"),
        ("ko/events/x/", "ko/closure/"),
        ("data/events.csv", "data/"),
        ("events/x.html", "sources/y.html"),
        ("index.html", "a/b/c.html"),
        ("ko/", "ko/events/x/"),
    ],
)
def test_relative_urls_are_mkdocs_own(url: str, other: str) -> None:
    assert relative_url(url, other) == get_relative_url(url, other)


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: A\ndescription: B\n---\n\n# Heading\n",
        "---\n- not a mapping\n---\nText\n",
        "Title: A page\nSummary: one\n    and two\n\n# Heading\n",
        "# No front matter\n\nkey: value\n",
        "---\ntitle: [unclosed\n---\nText\n",
    ],
)
def test_front_matter_is_read_as_mkdocs_reads_it(text: str) -> None:
    assert split_front_matter(text) == get_data(text)


def test_links_in_html_lead_where_a_builder_that_reads_them_from_the_file_puts_them() -> None:
    html = (
        '<a href="../events/x/#y">a</a> <a href="../">home</a> <img src="../data/map.png"> <a href="#own">b</a> '
        '<a href="https://example.org/x/">c</a> <a href="/abs/">d</a> <a href="../../ko/events/x/">e</a>'
    )
    for src, url in (("contested.md", "contested/"), ("ko/closure.md", "ko/closure/"), ("ko/index.md", "ko/")):
        written = links_from_source(html, src, url)
        before, after = re.findall(r'(?:href|src)="([^"]*)"', html), re.findall(r'(?:href|src)="([^"]*)"', written)
        for link, moved in zip(before, after, strict=True):
            if "://" in link or link.startswith(("/", "#")) or _resolved(url.rpartition("/")[0], link).startswith(".."):
                assert moved == link  # not relative, or above the site's root from this page
                continue
            # As Zensical reads a relative link in a page's HTML: from the folder of the page's file.
            assert _resolved(posixpath.dirname(src), moved) == _resolved(url.rpartition("/")[0], link), (src, link, moved)


def _resolved(folder: str, link: str) -> str:
    path, _, anchor = link.partition("#")
    return posixpath.normpath(posixpath.join(folder, path)) + ("/" if path.endswith("/") else "") + anchor


def test_explainer_markdown_is_rendered_as_mkdocs_renders_it() -> None:
    names, configs = extensions_of(["footnotes", {"toc": {"permalink": True}}])
    assert names[:3] == ["toc", "tables", "fenced_code"] and configs["toc"]["permalink"] is True and "slugify" in configs["toc"]
    urls = {"index.md": "./", "closure.md": "closure/", "guide/more.md": "guide/more/", "guide/map.png": "guide/map.png"}
    html, title = PageMarkdown(names, configs, urls).render(
        "guide/more.md",
        "guide/more/",
        "# Más *allá*[^1] ![map](map.png)\n\nSee [why](../closure.md#the-crack), [home](../index.md), [gone](nowhere.md).\n\n## 항구\n\n[^1]: A note.\n",
    )
    assert title == "Más allá map"
    assert 'href="../../closure/#the-crack"' in html and 'href="../../"' in html and 'href="nowhere.md"' in html
    assert 'src="../map.png"' in html
    assert 'id="항구"' in html


def test_theme_words_are_written_in() -> None:
    source = (
        '<a>{{ _("Skip to content") }}</a>{{ gettext("Other") }}\n'
        "{{ _(\"Made with %(tool)s\", tool='<a href=\"x\">M</a>' ~ (1, 2) | join(',')) }} {{ _('100%% sure') }}"
    )
    written = compile_words(source, gettext, "partials/x.html")
    assert written == (
        '<a>{{ "본문으로 건너뛰기" }}</a>{{ "Other" }}\n'
        '{{ ("제작 도구: " ~ (\'<a href="x">M</a>\' ~ (1, 2) | join(\',\'))) }} {{ "100% 확실" }}'
    )
    assert jinja2.Environment().from_string(written).render() == '<a>본문으로 건너뛰기</a>Other\n제작 도구: <a href="x">M</a>1,2 100% 확실'


def test_theme_words_that_need_the_hooks_are_reported_at_their_place() -> None:
    source = '<p>\n  {{ _(name) }}\n  {{ ngettext("a", "b", n) }} {% trans %}x{% endtrans %}\n  {{ _("Made with %(tool)s") }}\n</p>'
    with pytest.raises(DataError) as caught:
        compile_words(source, gettext, "partials/x.html")
    assert [f"{d.pos.line}:{d.pos.col}" for d in caught.value.diagnostics] == ["2:6", "3:6", "3:31", "4:6"]
    assert all(d.pos.path == "partials/x.html" for d in caught.value.diagnostics)
    assert "not a literal string" in caught.value.diagnostics[0].message
    assert "gives no tool=" in caught.value.diagnostics[3].message
