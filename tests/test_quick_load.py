"""The quick load (``positions=False``): the same values and the same refusals as the careful load.

The build loads every file without noting positions, and a document finds its positions by
loading its text again when a diagnostic asks for one. These tests hold the two loads to the same
answer for every text: the values, the diagnostics, and the positions found afterwards.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer.errors import SourcePos
from explainer.load.yamlload import (
    MAX_DEPTH,
    MAX_STRING_CHARS,
    Document,
    Unpositioned,
    load_bytes,
    load_text,
)
from test_hostile_yaml import HAZARDS

REL = "data/events/x.yml"

# Every test runs with libyaml and with the pure-Python parser it falls back to (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("each_yaml_parser")

LOADED = [
    "id: x\ntitle: plain ASCII\n",
    "a: NO\nb: 2024-04-26\nc: ~\nd: ''\ne: 'null'\nf:\n",
    "id: x\ncitations:\n  - source: s\n    attributed_to:\n      - person: p\ntags: [alpha, beta]\nnone: {}\n",
    "summary: |\n  two\n  lines\nfolded: >-\n  one\n  line\n",
    "id: x\r\ntitle: y\r\n",
    'title: Cafe\u0301\nname: "Toma\u0301s"\n',
    'title: "tab\\tand \\u00e9"\n',
    'title: "a\u200eb\u200fc\\td"\n',
    "title: 'it''s'\n",
    "\"yes\": 1\n'1': 2\n",
    "---\nid: x\n...\n",
    "id: x\ntitle: " + "a" * MAX_STRING_CHARS + "\n",
    "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n",
]

REFUSED = [
    "id: x\ntitle: *t\n",
    "a: &a [x]\nb: c\n",
    "title: !!str yes\n",
    "a: !!map {b: c}\n",
    "id: x\n<<: {title: t}\n",
    "id: x\nyes: 1\n",
    "[a, b]: 1\n",
    "id: x\ncitations:\n  - source: a\n    excerpt: b\n    source: c\n",
    "---\nid: x\n---\nid: y\n",
    "",
    "# only a comment\n",
    "- a\n- b\n",
    "just words\n",
    "id: x\ntitle: Port Example: closed\n",
    "id: x\ntitle: " + "a" * (MAX_STRING_CHARS + 1) + "\n",
    'id: x\ntitle: "a\\Lb"\n',
    'id: x\n"ti\\x01tle": y\n',
    'id: x\ntags: [a, "b\\u2066c"]\n',
    "id: x\ntitle: 'a\u2028b'\n",
    "id: x\rtitle: y\n",
    "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
]


def assert_same_as_careful(text: str) -> None:
    """The quick load of ``text`` gives what the careful load gives, positions included."""
    careful = load_text(text, REL)
    quick = load_text(text, REL, positions=False)
    if isinstance(careful, list):
        assert quick == careful
        return
    assert isinstance(quick, Unpositioned), quick
    assert quick.data == careful.data
    assert (quick.positions, quick.key_positions) == ({}, {})
    for path in careful.positions:
        assert quick.pos(path) == careful.pos(path)
    for path in careful.key_positions:
        assert quick.key_pos(path) == careful.key_pos(path)


@pytest.mark.parametrize("text", LOADED + REFUSED)
def test_quick_load_gives_what_the_careful_load_gives(text: str) -> None:
    assert_same_as_careful(text)


def test_quick_load_finds_positions_for_a_diagnostic() -> None:
    doc = load_text("id: x\ncitations:\n  - source: s\n", REL, positions=False)
    assert isinstance(doc, Unpositioned)
    assert doc.pos(("citations", 0, "source")) == SourcePos(REL, 3, 13)
    assert doc.key_pos(("citations", 0, "source")) == SourcePos(REL, 3, 5)
    assert doc.pos(("nothing",)) == SourcePos(REL, 1, 1)
    assert isinstance(doc.positioned(), Document)


def test_quick_load_of_bytes_keeps_the_careful_positions() -> None:
    doc = load_bytes("\ufeffid: x\ntitle: é\n".encode(), REL, positions=False)
    assert isinstance(doc, Unpositioned)
    assert doc.data == {"id": "x", "title": "é"}
    assert doc.pos(("title",)) == SourcePos(REL, 2, 8)


@settings(max_examples=400, deadline=2000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(HAZARDS), max_size=80).map("".join))
def test_hazardous_text_loads_the_same_quickly_and_carefully(text: str) -> None:
    assert_same_as_careful(text)
