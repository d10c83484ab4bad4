"""Record validation: diagnostics for pydantic errors, quote excerpts, and "did you mean"."""

from __future__ import annotations

import pytest

from conftest import RULES
from explainer.errors import Diagnostic, SourcePos, did_you_mean
from explainer.load.validate import contains_words, normalise_words, validate_document
from explainer.load.yamlload import Document, load_text
from explainer.model.records import Event, Quote

REL = "data/events/e.yml"
EVENT = """\
id: e
title: A title
date: 2024-04-26
summary: What happened.
citations:
  - source: s
"""


def problems(text: str, cls: type = Event, rid: str = "e") -> list[str]:
    doc = load_text(text, REL)
    assert isinstance(doc, Document), doc
    record, found = validate_document(doc, cls, rid, RULES)
    assert (record is None) == bool(found)
    return [str(d) for d in found]


def test_valid_event_has_no_problems() -> None:
    assert problems(EVENT) == []


@pytest.mark.parametrize("key", ["str", "int", "none", "function-after", "list[str]"])
def test_unknown_field_named_like_a_pydantic_location_part(key: str) -> None:
    # These names look like the parts pydantic adds to locations; they are still the contributor's keys.
    (found,) = problems(EVENT + f"{key}: x\n")
    assert found.startswith(f"{REL}:7:1: unknown field {key!r}")


def test_unknown_nested_field_named_like_a_location_part() -> None:
    assert problems(EVENT + "    str: x\n") == [
        f"{REL}:7:5: citations[0]: unknown field 'str'; allowed here: source, excerpt, locator, attributed_to, translations",
    ]


def test_every_problem_in_a_record_is_reported() -> None:
    text = EVENT.replace("date: 2024-04-26", "date: 2024-02-30").replace("title: A title\n", "") + "colour: red\n"
    assert problems(text) == [
        f"{REL}:1:1: missing required field 'title'; add it",
        f"{REL}:2:7: date: date '2024-02-30' does not exist: February 2024 has 29 days",
        f"{REL}:6:1: unknown field 'colour'; allowed here: id, aliases, notes, citations, title, date, place, summary, figures, participants, tags, related",
    ]


def test_missing_nested_field_points_at_its_mapping() -> None:
    assert problems(EVENT.replace("  - source: s", "  - excerpt: words")) == [
        f"{REL}:6:5: missing required field 'citations[0].source'; add it"
    ]


def quote(text: str, excerpt: str) -> str:
    return f"id: q\ntext: {text}\nspeaker:\n  description: someone\ncitations:\n  - source: s\n    excerpt: {excerpt}\n"


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("We will stay", "'“We will stay,” she said.'"),
        ("We will stay.", "'She said: \"We will stay.\"'"),
        ("We don't know", "'“We don’t know when,” he said.'"),
        ("We don’t know", "We don't know"),
        ('"a   b\\n c"', "'x a b c y'"),
        ("one – two", "one - two"),
        ("Café", "'Cafe\u0301 au lait'"),
    ],
)
def test_quote_in_its_excerpt_passes_despite_quotation_marks_and_spacing(text: str, excerpt: str) -> None:
    assert problems(quote(text, excerpt), Quote, "q") == []


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("We will stay", "'“We will not stay,” she said.'"),
        ("We return", "We returned home"),
        ("we will stay", "We will stay"),
        ("stay", "'nothing here'"),
    ],
)
def test_quote_not_in_its_excerpt_is_reported_at_the_text(text: str, excerpt: str) -> None:
    assert problems(quote(text, excerpt), Quote, "q") == [
        f"{REL}:2:7: the quote's words are not in any of its citations' excerpts; give the excerpt that contains them word for word"
    ]


def test_contains_words_is_whole_words_only() -> None:
    assert contains_words("the returned boats", "returned boats")
    assert not contains_words("the returned boats", "return")
    assert not contains_words("the returned boats", "turned")
    assert not contains_words("anything", "   ")
    assert normalise_words(" “a”\n  b—c ") == '"a" b-c'


def test_excerpt_word_limit() -> None:
    long = " ".join(["word"] * 41)
    assert problems(EVENT + f"    excerpt: {long}\n") == [
        f"{REL}:7:14: excerpt has 41 words; keep it to the 40 words that support the statement"
    ]
    assert problems(EVENT + f"    excerpt: {' '.join(['word'] * 40)}\n") == []


@pytest.mark.parametrize(
    ("wrong", "choices", "hint"),
    [
        ("dw-2024", ["ap-2024-01-01-x", "dw-2024-05-23-x"], " (did you mean 'dw-2024-05-23-x'?)"),
        ("titel", ["id", "title", "date"], " (did you mean 'title'?)"),
        ("colour", ["id", "title", "date"], ""),
        ("x", [], ""),
    ],
)
def test_did_you_mean(wrong: str, choices: list[str], hint: str) -> None:
    assert did_you_mean(wrong, choices) == hint


def test_id_must_equal_the_file_name() -> None:
    assert problems(EVENT, Event, "f") == [
        f"{REL}:1:5: id 'e' differs from the file name 'f'; rename the file to 'e.yml' or change the id",
    ]


def test_diagnostics_sort_by_path_line_and_column() -> None:
    a = Diagnostic(SourcePos("data/b.yml", 2, 1), "x")
    b = Diagnostic(SourcePos("data/b.yml", 10, 1), "x")
    c = Diagnostic(SourcePos("data/a.yml", 30, 5), "x")
    assert sorted([b, a, c]) == [c, a, b]
