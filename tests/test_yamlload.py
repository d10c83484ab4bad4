"""The record loader: plain string values, 1-based positions, and everything it refuses."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from explainer.errors import DataError, Diagnostic, SourcePos
from explainer.load.yamlload import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_STRING_CHARS,
    Document,
    load_bytes,
    load_file,
    load_or_raise,
    load_text,
)

REL = "data/events/x.yml"


# Every test runs with libyaml and with the pure-Python parser it falls back to (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("each_yaml_parser")


def loaded(text: str) -> Document:
    result = load_text(text, REL)
    assert isinstance(result, Document), result
    return result


def rejected(text: str) -> Diagnostic:
    result = load_text(text, REL)
    assert isinstance(result, list), result
    assert len(result) == 1
    return result[0]


def test_scalars_stay_strings() -> None:
    doc = loaded("a: NO\nb: 2024-04-26\nc: 1.0\nd: 0x1F\ne: yes\nf: 1_000\ng: .inf\nh: 2023-08/2023-09\ni: 012\nj: 1e3\n")
    assert doc.data == {
        "a": "NO",
        "b": "2024-04-26",
        "c": "1.0",
        "d": "0x1F",
        "e": "yes",
        "f": "1_000",
        "g": ".inf",
        "h": "2023-08/2023-09",
        "i": "012",
        "j": "1e3",
    }


def test_null_words_become_none_only_when_plain() -> None:
    doc = loaded("a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: ''\ng: 'null'\nh: \"~\"\ni: nULL\n")
    assert doc.data == {"a": None, "b": None, "c": None, "d": None, "e": None, "f": "", "g": "null", "h": "~", "i": "nULL"}


def test_lists_and_nested_mappings() -> None:
    doc = loaded("tags: [a, b]\nspeaker:\n  person: p\nempty: []\nnone: {}\n")
    assert doc.data == {"tags": ["a", "b"], "speaker": {"person": "p"}, "empty": [], "none": {}}


def test_positions_are_one_based_for_nested_values_and_keys() -> None:
    text = (
        "id: x\n"  # 1
        "citations:\n"  # 2
        "  - source: s\n"  # 3
        "    attributed_to:\n"  # 4
        "      - person: p\n"  # 5
        "        organisation: o\n"  # 6
        "tags: [alpha, beta]\n"  # 7
        "summary: |\n"  # 8
        "  two\n"  # 9
        "  lines\n"  # 10
    )
    doc = loaded(text)
    assert doc.pos(("id",)) == SourcePos(REL, 1, 5)
    assert doc.key_pos(("id",)) == SourcePos(REL, 1, 1)
    assert doc.pos(("citations",)) == SourcePos(REL, 3, 3)
    assert doc.pos(("citations", 0)) == SourcePos(REL, 3, 5)
    assert doc.pos(("citations", 0, "source")) == SourcePos(REL, 3, 13)
    assert doc.key_pos(("citations", 0, "source")) == SourcePos(REL, 3, 5)
    assert doc.pos(("citations", 0, "attributed_to", 0, "person")) == SourcePos(REL, 5, 17)
    assert doc.key_pos(("citations", 0, "attributed_to", 0, "person")) == SourcePos(REL, 5, 9)
    assert doc.pos(("citations", 0, "attributed_to", 0, "organisation")) == SourcePos(REL, 6, 23)
    assert doc.key_pos(("citations", 0, "attributed_to", 0, "organisation")) == SourcePos(REL, 6, 9)
    assert doc.pos(("tags", 1)) == SourcePos(REL, 7, 15)
    assert doc.pos(("summary",)) == SourcePos(REL, 8, 10)
    assert doc.data["summary"] == "two\nlines\n"


def test_position_of_a_missing_value_falls_back_to_its_nearest_ancestor() -> None:
    doc = loaded("id: x\ncitations:\n  - source: s\n")
    assert doc.pos(("citations", 0, "excerpt")) == SourcePos(REL, 3, 5)
    assert doc.pos(("citations", 3)) == SourcePos(REL, 3, 3)
    assert doc.pos(("nothing", "here")) == SourcePos(REL, 1, 1)
    assert doc.key_pos(("nothing",)) == SourcePos(REL, 1, 1)


def test_crlf_line_endings_count_lines_like_lf() -> None:
    doc = loaded("id: x\r\ntitle: y\r\n")
    assert doc.data == {"id": "x", "title": "y"}
    assert doc.pos(("title",)) == SourcePos(REL, 2, 8)


def test_byte_order_mark_is_ignored() -> None:
    result = load_bytes("\ufeffid: x\ntitle: Café\n".encode(), REL)
    assert isinstance(result, Document)
    assert result.data == {"id": "x", "title": "Café"}
    assert result.pos(("id",)) == SourcePos(REL, 1, 5)


def test_invalid_utf8_has_a_position() -> None:
    result = load_bytes(b"id: x\ntitle: caf\xe9\n", REL)
    assert result == [Diagnostic(SourcePos(REL, 2, 11), "the file is not valid UTF-8 (byte 0xe9); save it as UTF-8")]


def test_latin1_file_is_reported_not_misread() -> None:
    result = load_bytes("id: x\ntitle: Tomás\n".encode("latin-1"), REL)
    assert isinstance(result, list)
    assert result[0].pos == SourcePos(REL, 2, 11)


@pytest.mark.parametrize(
    ("text", "pos", "code"),
    [
        ("id: x\ntitle: a\x01b\n", (2, 9), "U+0001"),
        ("id: x\ntitle: a\x7fb\n", (2, 9), "U+007F"),
        ("id: x\ntitle: a\x9bb\n", (2, 9), "U+009B"),
        ("id: x\n\x00\n", (2, 1), "U+0000"),
        ("id: x\ntitle: a\ud800b\n", (2, 9), "U+D800"),
        ("id: x\ntitle: a\uffffb\n", (2, 9), "U+FFFF"),
    ],
)
def test_characters_yaml_cannot_read_are_rejected_with_their_position(text: str, pos: tuple[int, int], code: str) -> None:
    diag = rejected(text)
    assert (diag.pos.line, diag.pos.col) == pos
    assert code in diag.message
    assert "\n" not in diag.message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('id: x\ntitle: "a\\x01b"\n', "U+0001"),
        ('id: x\ntitle: "a\\x1bb"\n', "U+001B"),
        ('id: x\ntitle: "a\\rb"\n', "U+000D"),
        ("id: x\ntitle: abc\u202edef\n", "U+202E"),
        ('id: x\ntitle: "abc\\u202Edef"\n', "U+202E"),
        ('id: x\ntitle: "a\\U0001F600\\x85b"\n', "U+0085"),
        ("id: x\ntitle: a\u2066b\u2069\n", "U+2066"),
        ("id: x\ntitle: a\u202ab\n", "U+202A"),
    ],
)
def test_control_and_bidi_characters_in_values_are_rejected_at_the_value(text: str, code: str) -> None:
    diag = rejected(text)
    assert diag.pos == SourcePos(REL, 2, 8)
    assert code in diag.message
    assert diag.message.endswith("; remove it")


def test_escaped_surrogate_is_rejected() -> None:
    # libyaml refuses the escape itself; the pure-Python parser builds the string and the loader
    # refuses the character.
    diag = rejected('id: x\ntitle: "a\\ud800b"\n')
    assert diag.pos.line == 2
    assert "surrogate" in diag.message or "escape" in diag.message


def test_bidi_override_in_a_key_is_rejected() -> None:
    assert "U+202E" in rejected("id: x\nti\u202etle: y\n").message


def test_plain_direction_marks_and_tabs_are_allowed() -> None:
    assert loaded('title: "a\u200eb\u200fc\\td"\n').data == {"title": "a\u200eb\u200fc\td"}


def test_text_is_nfc_normalised() -> None:
    doc = loaded('title: Cafe\u0301\nname: "Toma\u0301s"\n')
    assert doc.data == {"title": "Caf\u00e9", "name": "Tom\u00e1s"}
    assert all(unicodedata.is_normalized("NFC", v) for v in doc.data.values())


def test_billion_laughs_is_refused_at_the_first_anchor() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    diag = rejected("\n".join(lines) + "\n")
    assert diag.pos == SourcePos(REL, 1, 4)
    assert "anchors ('&a') are not allowed" in diag.message


def test_alias_without_anchor_is_refused() -> None:
    diag = rejected("id: x\ntitle: *t\n")
    assert diag == Diagnostic(SourcePos(REL, 2, 8), "aliases ('*t') are not allowed in records; write the value out in full")


def test_merge_key_is_refused() -> None:
    diag = rejected("id: x\n<<: {title: t}\n")
    assert diag.pos == SourcePos(REL, 2, 1)
    assert "merge keys" in diag.message


def test_nesting_just_over_the_limit_is_refused() -> None:
    diag = rejected("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert diag == Diagnostic(
        SourcePos(REL, 1, MAX_DEPTH + 1), f"values are nested more than {MAX_DEPTH} levels deep; records are never this deep"
    )


# libyaml may stop these first ("exceeded maximum nesting depth"); either way it is one diagnostic.
@pytest.mark.parametrize(
    "text",
    ["[" * 10_000 + "]" * 10_000, "[" * 10_000, "{a: " * 10_000 + "1" + "}" * 10_000, "a: " + "[" * 10_000 + "]" * 10_000 + "\n"],
)
def test_deep_nesting_is_refused_without_recursion_error(text: str) -> None:
    diag = rejected(text)
    assert diag.pos.line == 1
    assert "nest" in diag.message


def test_deep_block_mappings_are_refused() -> None:
    text = "".join("  " * i + "a:\n" for i in range(MAX_DEPTH + 2))
    diag = rejected(text)
    assert "nested more than" in diag.message
    assert diag.pos.line == MAX_DEPTH + 1


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 1
    doc = loaded("a: " + "[" * depth + "]" * depth + "\n")
    value = doc.data["a"]
    for _ in range(depth - 1):
        (value,) = value
    assert value == []


@pytest.mark.parametrize(
    "payload",
    [
        'x: !!python/object/apply:os.system ["touch pwned"]\n',
        '!!python/object/apply:os.system ["touch pwned"]\n',
        "x: !!python/object/apply:os.system\n  args: [touch pwned]\n",
        "x: !!python/object/new:os.system [touch pwned]\n",
        "x: !!python/name:os.system\n",
    ],
)
def test_python_tags_are_refused_and_never_run(payload: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    diag = rejected(payload)
    assert "tags (" in diag.message
    result = load_bytes(payload.encode(), REL)
    assert isinstance(result, list)
    assert not (tmp_path / "pwned").exists()
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    "payload", ["title: !!str yes\n", "title: !custom x\n", "title: ! x\n", "title: !<tag:example.org,2024:x> x\n", "a: !!map {b: c}\n"]
)
def test_every_explicit_tag_is_refused(payload: str) -> None:
    diag = rejected(payload)
    assert diag.pos.line == 1
    assert "not allowed in records" in diag.message


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("yes", "a boolean"),
        ("No", "a boolean"),
        ("on", "a boolean"),
        ("1", "an integer"),
        ("1.5", "a number"),
        ("null", "null"),
        ("~", "null"),
        ("2024-04-26", "a date"),
    ],
)
def test_keys_that_yaml_would_not_read_as_text_are_refused(key: str, kind: str) -> None:
    diag = rejected(f"id: x\n{key}: 1\n")
    assert diag == Diagnostic(SourcePos(REL, 2, 1), f"key {key!r} would be read as {kind} by YAML tools, not as a name; use a field name")


def test_quoted_keys_are_names() -> None:
    assert loaded("\"yes\": 1\n'1': 2\n").data == {"yes": "1", "1": "2"}


@pytest.mark.parametrize("text", ["[a, b]: 1\n", "? [a, b]\n: 1\n", "? {a: b}\n: 1\n"])
def test_keys_that_are_collections_are_refused(text: str) -> None:
    assert rejected(text).message == "keys must be plain field names, not lists or mappings"


def test_duplicate_keys_are_refused_where_they_are_nested() -> None:
    diag = rejected("id: x\ncitations:\n  - source: a\n    excerpt: b\n    source: c\n")
    assert diag == Diagnostic(SourcePos(REL, 5, 5), "duplicate key 'source' (first at line 3); each field may appear once")


def test_same_key_in_sibling_mappings_is_fine() -> None:
    assert loaded("a:\n  - x: 1\n  - x: 2\nb: {x: 3}\n").data == {"a": [{"x": "1"}, {"x": "2"}], "b": {"x": "3"}}


def test_several_documents_are_refused_at_the_second() -> None:
    diag = rejected("---\nid: x\n---\nid: y\n")
    assert diag.pos == SourcePos(REL, 3, 1)
    assert "one YAML document" in diag.message


def test_a_single_explicit_document_is_fine() -> None:
    assert loaded("---\nid: x\n...\n").data == {"id": "x"}


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "   "])
def test_empty_files_are_refused(text: str) -> None:
    assert rejected(text) == Diagnostic(SourcePos(REL), "the file is empty; a record is a mapping of fields, starting with 'id:'")


@pytest.mark.parametrize(
    ("text", "kind", "pos"),
    [
        ("- a\n- b\n", "a list", (1, 1)),
        ("just words\n", "a single value", (1, 1)),
        ("---\n~\n", "empty", (2, 1)),
        ("# c\n  'x'\n", "a single value", (2, 3)),
    ],
)
def test_top_level_must_be_a_mapping(text: str, kind: str, pos: tuple[int, int]) -> None:
    diag = rejected(text)
    assert diag.message.endswith(f"got {kind}")
    assert (diag.pos.line, diag.pos.col) == pos


def test_syntax_errors_have_positions_and_one_line() -> None:
    diag = rejected("id: x\ntitle: Port Example: closed\n")
    assert diag.pos == SourcePos(REL, 2, 20)
    # libyaml ends the sentence "in this context", the pure-Python parser "here".
    assert diag.message.startswith("YAML syntax error: mapping values are not allowed ")
    tab = rejected("id: x\n\ttitle: y\n")
    assert tab.pos.line == 2
    assert "\n" not in tab.message


def test_long_text_is_refused() -> None:
    diag = rejected("id: x\ntitle: " + "a" * (MAX_STRING_CHARS + 1) + "\n")
    assert diag.pos == SourcePos(REL, 2, 8)
    assert f"{MAX_STRING_CHARS + 1:,} characters" in diag.message


def test_oversized_bytes_are_refused_before_parsing() -> None:
    assert load_bytes(b"#" * (MAX_FILE_BYTES + 1), REL) == [
        Diagnostic(
            SourcePos(REL),
            f"file is {MAX_FILE_BYTES + 1:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes for one record; split it or shorten it",
        )
    ]
    assert isinstance(load_bytes(b"id: x\n" + b"#" * (MAX_FILE_BYTES - 6), REL), Document)


def test_load_file_checks_size_and_reads(tmp_path: Path) -> None:
    big = tmp_path / "big.yml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    result = load_file(big, "data/events/big.yml")
    assert isinstance(result, list) and "limit" in result[0].message
    good = tmp_path / "good.yml"
    good.write_text("id: good\n", encoding="utf-8")
    doc = load_file(good, "data/events/good.yml")
    assert isinstance(doc, Document) and doc.path == "data/events/good.yml"


def test_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    result = load_file(tmp_path / "missing.yml", "data/events/missing.yml")
    assert isinstance(result, list)
    assert result[0].pos == SourcePos("data/events/missing.yml")
    assert result[0].message.startswith("cannot read the file")


def test_load_or_raise(tmp_path: Path) -> None:
    file = tmp_path / "a.yml"
    file.write_text("id: a\nid: a\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_or_raise(file, "data/events/a.yml")
    assert info.value.report().splitlines() == [
        "data/events/a.yml:2:1: duplicate key 'id' (first at line 1); each field may appear once",
        "1 error in 1 file",
    ]
