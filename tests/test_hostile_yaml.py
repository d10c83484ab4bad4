"""YAML written to hurt: what tests/test_yamlload.py does not already cover, with exact diagnostics.

Every hostile file is refused quickly, with a one-line diagnostic that has a position, and nothing
in it ever runs. The property tests at the end feed the loader and the whole pipeline generated
hazards: they return records or raise :class:`DataError`, never anything else, and never hang.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import RULES, SETTINGS
from explainer import build_site
from explainer.errors import DataError, Diagnostic, SourcePos
from explainer.load import yamlload
from explainer.load.validate import validate_document
from explainer.load.yamlload import (
    Document,
    load_bytes,
    load_file,
    load_or_raise,
    load_text,
)
from explainer.model.records import Event
from hostile import load_corpus

REL = "data/events/x.yml"


# Every test runs with libyaml and with the pure-Python parser it falls back to (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("each_yaml_parser")


def rejected(text: str) -> Diagnostic:
    result = load_text(text, REL)
    assert isinstance(result, list), result
    assert len(result) == 1
    assert "\n" not in result[0].message
    return result[0]


def bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    return "\n".join(lines) + "\n"


# -- alias bombs, nesting, size ------------------------------------------------------------------------


def test_a_billion_laughs_and_more_are_refused_at_once() -> None:
    # 10**30 strings if it were expanded.
    assert rejected(bomb(30)) == Diagnostic(
        SourcePos(REL, 1, 5), "anchors ('&a0') are not allowed in records; write each value out in full"
    )


def test_an_alias_bomb_without_anchors_in_key_position_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "x.yml"
    file.write_text("id: x\n" + "? *a\n: b\n" * 1000, encoding="utf-8")
    result = load_file(file, REL)
    assert result == [Diagnostic(SourcePos(REL, 2, 3), "aliases ('*a') are not allowed in records; write the value out in full")]


@pytest.mark.parametrize(
    ("text", "pos"),
    [
        ("- " * 10_000 + "x\n", (1, 65)),
        ("a:\n" + "".join("  " * i + "- \n" for i in range(1, 10_000)), (33, 65)),
        ("x: " + "{a: " * 10_000 + "b" + "}" * 10_000 + "\n", None),
        ("x: " + "[" * 10_000 + "]" * 10_000 + "\n", None),
    ],
)
def test_nesting_ten_thousand_deep_is_refused_without_a_crash(text: str, pos: tuple[int, int] | None) -> None:
    if len(text.encode()) > yamlload.MAX_FILE_BYTES:
        text = text[: yamlload.MAX_FILE_BYTES - 10]
    diag = rejected(text)
    assert "nest" in diag.message
    if pos is not None:
        assert (diag.pos.line, diag.pos.col) == pos
        assert diag.message == f"values are nested more than {yamlload.MAX_DEPTH} levels deep; records are never this deep"


def test_a_long_key_is_refused_like_a_long_value() -> None:
    # A plain key ends within 1,024 characters; an explicit one ("? ") can be as long as a value.
    diag = rejected("id: x\n? " + "k" * (yamlload.MAX_STRING_CHARS + 1) + "\n: v\n")
    assert diag == Diagnostic(
        SourcePos(REL, 2, 3),
        f"text is {yamlload.MAX_STRING_CHARS + 1:,} characters long; the limit for one field is {yamlload.MAX_STRING_CHARS:,}",
    )


def test_many_keys_load() -> None:
    # How long this takes is measured in benchmarks/hostile.py, not asserted here.
    text = "id: x\n" + "".join(f"k{i}: v\n" for i in range(25_000))
    assert len(text.encode()) < yamlload.MAX_FILE_BYTES
    result = load_text(text, REL)
    assert isinstance(result, Document) and len(result.data) == 25_001


# -- tags never run ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pos", "tag"),
    [
        (
            "%TAG !py! tag:yaml.org,2002:python/\n---\nx: !py!object/apply:os.system [touch pwned]\n",
            (3, 4),
            "tag:yaml.org,2002:python/object/apply:os.system",
        ),
        (
            "x: !<tag:yaml.org,2002:python/object/apply:os.system> [touch pwned]\n",
            (1, 4),
            "tag:yaml.org,2002:python/object/apply:os.system",
        ),
        ("!!python/name:os.system : x\n", (1, 1), "tag:yaml.org,2002:python/name:os.system"),
        ("? !!python/object/new:os.system [touch pwned]\n: x\n", (1, 3), "tag:yaml.org,2002:python/object/new:os.system"),
        ("id: x\nxs: !!set {a, b}\n", (2, 5), "tag:yaml.org,2002:set"),
        ("id: x\nb: !!binary aGVsbG8=\n", (2, 4), "tag:yaml.org,2002:binary"),
        ("id: x\nd: [!!timestamp 2024-01-01]\n", (2, 5), "tag:yaml.org,2002:timestamp"),
    ],
)
def test_every_tag_spelling_is_refused_and_never_runs(
    text: str, pos: tuple[int, int], tag: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    diag = rejected(text)
    assert diag == Diagnostic(SourcePos(REL, *pos), f"tags ('{tag}') are not allowed in records; remove the tag and write a plain value")
    assert os.listdir(tmp_path) == []


def test_a_python_tag_in_the_data_directory_never_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data" / "events"
    data.mkdir(parents=True)
    (data / "x.yml").write_text('id: x\ntitle: !!python/object/apply:os.system ["touch pwned"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError) as info:
        build_site(tmp_path / "data", tmp_path, SETTINGS)
    assert info.value.report().splitlines() == [
        "data/events/x.yml:2:8: tags ('tag:yaml.org,2002:python/object/apply:os.system') are not allowed in records; remove the tag and write a plain value",
        "1 error in 1 file",
    ]
    assert not (tmp_path / "pwned").exists()


# -- bytes and characters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "pos", "byte"),
    [
        (b"id: x\ntitle: \xc0\xaf\n", (2, 8), "0xc0"),  # an overlong '/'
        (b"id: \xed\xa0\x80\n", (1, 5), "0xed"),  # a surrogate encoded as UTF-8
        (b"id: caf\xc3", (1, 8), "0xc3"),  # cut in the middle of a character
        ("id: x\n".encode("utf-16"), (1, 1), "0xff"),  # UTF-16 with its byte-order mark
        (b"\xef\xbb\xbfid: \xff\n", (1, 8), "0xff"),  # a UTF-8 byte-order mark, then garbage
    ],
)
def test_bytes_that_are_not_utf8_are_reported_where_they_are(raw: bytes, pos: tuple[int, int], byte: str) -> None:
    assert load_bytes(raw, REL) == [Diagnostic(SourcePos(REL, *pos), f"the file is not valid UTF-8 (byte {byte}); save it as UTF-8")]


def test_a_byte_order_mark_keeps_positions_right() -> None:
    result = load_bytes("\ufeffid: x\ntitle: é\n".encode(), REL)
    assert isinstance(result, Document)
    assert result.pos(("title",)) == SourcePos(REL, 2, 8)


@pytest.mark.parametrize(
    ("text", "pos", "message"),
    [
        # YAML counts these as line breaks and editors do not: refused before they shift positions.
        ('id: x\ntitle: "next\x85line"\n', (2, 13), "text contains the control character U+0085; remove it"),
        ("id: x\ntitle: 'a\u2028b'\n", (2, 10), "text contains the line separator U+2028; remove it"),
        ("id: x\ntitle: a\u2029b\n", (2, 9), "text contains the paragraph separator U+2029; remove it"),
        ("id: x\rtitle: y\n", (1, 6), "text contains the control character U+000D; remove it"),
        ('id: x\ntitle: "a\\Lb"\n', (2, 8), "text contains the line separator character U+2028 at character 2; remove it"),
        ('id: x\n"ti\\x01tle": y\n', (2, 1), "text contains the control character U+0001 at character 3; remove it"),
        ('id: x\n"ti\\u202etle": y\n', (2, 1), "text contains the bidirectional control character U+202E at character 3; remove it"),
        ('id: x\ntags: [a, "b\\u2066c"]\n', (2, 11), "text contains the bidirectional control character U+2066 at character 2; remove it"),
    ],
)
def test_invisible_breaks_and_controls_are_refused_with_positions(text: str, pos: tuple[int, int], message: str) -> None:
    assert rejected(text) == Diagnostic(SourcePos(REL, *pos), message)


def test_crlf_files_still_load() -> None:
    result = load_text("id: x\r\ntitle: y\r\n", REL)
    assert isinstance(result, Document) and result.data == {"id": "x", "title": "y"}


@pytest.mark.parametrize("key", ["title", "summary", "place"])
@pytest.mark.parametrize("item", load_corpus().rejected, ids=lambda item: item[1] if isinstance(item, tuple) else str(item))
def test_every_refused_payload_is_refused_in_values_and_in_keys(item: tuple[str, str], key: str) -> None:
    text, words = item
    value = yaml.safe_dump({key: text}, allow_unicode=True, width=10**6)
    assert words in rejected("id: x\n" + value).message
    as_key = yaml.safe_dump({text: "x"}, allow_unicode=True, width=10**6)
    assert words.split(" U+")[-1] in rejected("id: x\n" + as_key).message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ｅvent", "'ｅvent' is not a valid id"),
        ("évent", "'évent' is not a valid id"),
        ("event\u200b", "'event\\u200b' is not a valid id"),
        ("Event", "'Event' is not a valid id"),
        ("event-", "'event-' is not a valid id"),
    ],
)
def test_ids_are_plain_lower_case_ascii(value: str, message: str) -> None:
    doc = load_text(
        yaml.safe_dump({"id": value, "title": "t", "date": "2020", "summary": "s", "citations": [{"source": "s"}]}, allow_unicode=True), REL
    )
    assert isinstance(doc, Document)
    _, problems = validate_document(doc, Event, value, RULES)
    assert any(p.message.startswith(f"id: {message}") for p in problems), problems


def test_text_is_stored_nfc_in_keys_values_and_lists() -> None:
    doc = load_text('id: x\ntitle: Cafe\u0301\ntags: ["e\u0301"]\nnotes:\n  - text: "A\u030a"\n', REL)
    assert isinstance(doc, Document)
    assert doc.data == {"id": "x", "title": "Caf\u00e9", "tags": ["\u00e9"], "notes": [{"text": "\u00c5"}]}


def test_a_huge_number_is_a_diagnostic_not_a_crash() -> None:
    text = (
        "id: x\ntitle: t\ndate: '2020'\nsummary: s\ncitations:\n  - source: s\n"
        "figures:\n  - measure: m\n    claims:\n      - source: s\n        value: " + "9" * 5000 + "\n"
    )
    doc = load_text(text, REL)
    assert isinstance(doc, Document)
    _, problems = validate_document(doc, Event, "x", RULES)
    assert [(p.pos.line, p.message.split(":")[0]) for p in problems] == [(11, "figures[0].claims[0].value")]


@pytest.mark.parametrize("field", ["date", "published"])
def test_a_long_date_is_refused(field: str) -> None:
    from explainer.model.dates import parse_date

    for text in ["2024-" * 4000, "2024/" * 4000, "1" * 20_000, "2024-01-01/" * 1800]:
        with pytest.raises(ValueError):
            parse_date(text)


# -- property tests: anything goes in, a document or our diagnostics come out -----------------------------

HAZARDS = [
    "&a ",
    "*a",
    "<<: ",
    "!!python/object/apply:os.system ",
    "!x ",
    "%YAML 1.1\n",
    "%TAG !e! tag:e.org,2024:\n",
    "---\n",
    "...\n",
    "? ",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "'",
    '"',
    "|\n",
    ">\n",
    "#",
    "\n",
    "  ",
    "\t",
    "\ufeff",
    "\u202e",
    "\x85",
    "\u2028",
    "\r",
    "\x00",
    "\\x01",
    "\\u202e",
    "\\L",
    "\\N",
    "id",
    "title",
    "x",
    "yes",
    "2024-04-26",
    "1e3",
    "~",
    "null",
    "é",
    "e\u0301",
]


@settings(max_examples=400, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(HAZARDS), max_size=80).map("".join))
def test_hazardous_text_loads_or_is_diagnosed_quickly(text: str) -> None:
    result = load_text(text, REL)
    if isinstance(result, Document):
        assert isinstance(result.data, dict)
        return
    assert len(result) == 1
    diag = result[0]
    assert diag.pos.path == REL and diag.pos.line >= 1 and diag.pos.col >= 1
    assert diag.message and "\n" not in diag.message
    assert diag.message[0].islower() or diag.message.startswith("YAML")


@settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(HAZARDS), max_size=60).map("".join),
    st.sampled_from(["events", "quotes", "sources", "people", "organisations"]),
    st.binary(max_size=40),
)
def test_the_pipeline_returns_a_site_or_raises_our_error(text: str, kind: str, junk: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "data" / kind
        folder.mkdir(parents=True)
        (folder / "x.yml").write_text(text, encoding="utf-8", errors="surrogatepass")
        (folder / "y.yml").write_bytes(b"id: y\n" + junk)
        try:
            build_site(root / "data", root, SETTINGS)
        except DataError as exc:
            assert exc.diagnostics
            for diag in exc.diagnostics:
                assert diag.pos.path.startswith("data/") and diag.pos.line >= 1 and diag.pos.col >= 1
                assert "\n" not in diag.message
        try:
            load_or_raise(folder / "x.yml", "data/x.yml")
        except DataError as exc:
            assert exc.diagnostics[0].pos.path == "data/x.yml"
