"""Markdown that Python-Markdown renders in time that grows faster than the text is refused.

Measured on 20,000-character inputs (the loader's limit for one string), Python-Markdown takes
minutes on an unclosed '[' run (every '[' scans to the end of the text, three times), seconds on
'*[' or '[a' runs, and overflows the stack on "1. 1. 1. ..." (each marker nests a list). Record
fields therefore hold at most 5,000 characters, 50 lines, 60 marks, brackets closed within 300
characters, three list or quote markers at the start of a line and 12 spaces of indentation;
explainer pages are checked for the shapes that explode (unclosed brackets and tags, deep nesting).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import RULES
from explainer import build_site
from explainer.graph.references import check_content
from explainer.load.validate import validate_document
from explainer.load.yamlload import Document, load_text
from explainer.model.records import Event
from explainer.model.text import (
    MARKDOWN_MAX_CHARS,
    PAGE_MAX_CHARS,
    check_markdown,
    page_markdown_problems,
)
from explainer.render.richtext import RichText
from hostile import PATHOLOGICAL_MARKDOWN, WORST_MARKDOWN
from sitebuild import MINIMAL

# How long these take is measured by benchmarks/hostile.py (a few milliseconds for the worst
# accepted field); the tests assert what is refused and that what is accepted renders at all.


def render(text: str) -> str:
    return str(RichText()(text))


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL_MARKDOWN))
@pytest.mark.parametrize("size", [MARKDOWN_MAX_CHARS, 2000, 20_000])
def test_pathological_markdown_is_refused(name: str, size: int) -> None:
    text = PATHOLOGICAL_MARKDOWN[name][:size]
    with pytest.raises(ValueError) as info:
        check_markdown(text)
    message = str(info.value)
    assert "\n" not in message and ";" in message, message


@pytest.mark.parametrize("name", sorted(WORST_MARKDOWN))
def test_the_worst_accepted_markdown_renders(name: str) -> None:
    text = WORST_MARKDOWN[name]
    assert check_markdown(text) == text
    assert render(text).startswith("<"), name


_marks = st.sampled_from([*list("[]*_`\\<>()!#-=&:. \n\ta1"), "word ", "https://", "    ", "> ", "- ", "1. ", "&amp;"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(_marks, min_size=1, max_size=1500).map("".join))
def test_any_markdown_that_validates_renders(text: str) -> None:
    try:
        check_markdown(text)
    except ValueError:
        return
    render(text)  # no RecursionError, no other exception


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1. " * 600, "line 1 starts more than 3 lists or quotes at once"),
        ("- - - - x", "line 1 starts more than 3 lists or quotes at once"),
        (">>>> x", "line 1 starts more than 3 lists or quotes at once"),
        ("a\n" + " " * 13 + "- x", "line 2 is indented 13 spaces; indent at most 12"),
        ("a\n\t\t\t\tb", "line 2 is indented 16 spaces"),
        ("x\n" * 51, "has 51 lines; a Markdown field holds at most 50"),
        ("*a " * 61, "uses 61 Markdown marks"),
        ("&amp; " * 62, "uses 62 Markdown marks"),
        ("[" + "a" * 300 + "]", "the '[' at line 1, column 1 is not closed by ']' within 300 characters"),
        ("see [a\n" + "b " * 200, "the '[' at line 1, column 5 is not closed by ']' within 300 characters"),
    ],
)
def test_each_limit_says_what_to_do(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=None) as info:
        check_markdown(text)
    assert message in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "A [short unclosed bracket at the end",
        "\\[" * 30 + " escaped brackets cost nothing",
        "- one\n    - two\n        - three\n            - four",
        "> quoted\n> > twice\n> > > three times",
        "[link](https://example.org) and **bold** and `code` and <https://example.org>",
        "x" * MARKDOWN_MAX_CHARS,
    ],
)
def test_ordinary_markdown_is_accepted(text: str) -> None:
    assert check_markdown(text) == text


def test_the_diagnostic_points_at_the_field() -> None:
    text = "id: x\ntitle: t\ndate: '2020'\nsummary: " + "'" + "1. " * 10 + "x'\ncitations:\n  - source: s\n"
    doc = load_text(text, "data/events/x.yml")
    assert isinstance(doc, Document)
    _, problems = validate_document(doc, Event, "x", RULES)
    assert [str(p) for p in problems] == [
        "data/events/x.yml:4:10: summary: line 1 starts more than 3 lists or quotes at once ('- - - -' or '> > > >'); nest them at most 3 deep"
    ]


@pytest.mark.parametrize(
    ("page", "where", "message"),
    [
        ("# T\n\n" + "1. " * 600 + "\n", (3, 1), "line 3 starts more than 5 lists or quotes at once"),
        ("# T\n\nsee [" + "a" * 2000 + "\n", (3, 5), "the '[' at line 3, column 5 is not closed by ']' within 1000 characters"),
        ("# T\n\n" + "<a " * 7000 + "\n", (3, 1), "the tag '<' at line 3, column 1 is not closed by '>' within 1000 characters"),
        ("# T\n\n" + " " * 40 + "- x\n", (3, 1), "line 3 is indented 40 spaces; indent at most 32"),
        ("# T\n\n" + "x" * PAGE_MAX_CHARS, (1, 1), f"the page is {PAGE_MAX_CHARS + 5:,} characters long"),
    ],
)
def test_explainer_pages_that_would_hang_or_crash_fail_the_check(tmp_path: Path, page: str, where: tuple[int, int], message: str) -> None:
    docs = tmp_path / "content"
    docs.mkdir()
    (docs / "bad.md").write_text(page, encoding="utf-8")
    site = build_site(MINIMAL / "data")
    problems = check_content(docs, tmp_path, site)
    assert len(problems) == 1, problems
    assert (problems[0].pos.path, problems[0].pos.line, problems[0].pos.col) == ("content/bad.md", *where)
    assert message in problems[0].message


def test_the_real_explainer_pages_pass_the_check() -> None:
    from sitebuild import ROOT

    for page in sorted((ROOT / "content").glob("*.md")):
        assert page_markdown_problems(page.read_text(encoding="utf-8")) == [], page
