"""The reference syntax of explainer pages, read from Markdown."""

from __future__ import annotations

from explainer.graph.references import find_references


def cites(markdown: str) -> list[tuple[str, str | None, str | None]]:
    return [(r.id, r.excerpt, r.locator) for r in find_references(markdown) if r.kind == "cite"]


def test_a_citation_carries_its_words_and_locator() -> None:
    assert cites('Shut.[@dw-1 "the border was shut in 2020", paragraph 3]') == [("dw-1", "the border was shut in 2020", "paragraph 3")]
    assert cites("Shut.[@dw-1 “the border was shut”]") == [("dw-1", "the border was shut", None)]
    assert cites("Shut.[@dw-1]") == [("dw-1", None, None)]


def test_the_words_may_hold_quotation_marks_brackets_and_a_line_break() -> None:
    text = 'A [@s "called them \\"illegal economic migrants\\" instead"] B [@t "a [sic] b\nc", p. 4].'
    text = text.replace('\\"', '"')
    assert cites(text) == [("s", 'called them "illegal economic migrants" instead', None), ("t", "a [sic] b c", "p. 4")]


def test_the_words_end_at_a_paragraph_break_and_a_citation_left_open_is_reported() -> None:
    refs = list(find_references('A [@s "unclosed\n\nnext paragraph"] B, [@t "fine"] and [@ alone'))
    assert [(r.kind, r.line, r.col) for r in refs] == [("broken", 1, 3), ("cite", 3, 21), ("broken", 3, 37)]


def test_code_is_left_alone() -> None:
    text = 'Write `[@source-id "words"]` or ``[[event:x]]``.\n\n```\n[@fenced "x"]\n```\n\nReal [@a "b"] and [[event:y]].'
    assert [r.id for r in find_references(text)] == ["a", "y"]


def test_positions_are_lines_and_columns_of_the_page() -> None:
    (ref,) = find_references('# T\n\nText\nmore [@s "w"]')
    assert (ref.line, ref.col) == (4, 6)
