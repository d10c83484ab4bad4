"""Load one YAML record file into plain values, keeping the position of every key and value.

The loader reads parser *events* (from libyaml when it is available) and builds the tree itself,
so that it can refuse what makes YAML dangerous or ambiguous for data before anything is built:
anchors and aliases (and so alias bombs), merge keys, tags (and so ``!!python/object``), keys
that other YAML tools would read as booleans or numbers, several documents, deep nesting.
Scalars stay strings: YAML 1.1 would read ``NO`` as false and ``2024-04-26`` as a date.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError, Diagnostic, SourcePos

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 32
MAX_STRING_CHARS = 20_000

Path_ = tuple[str | int, ...]

_Parser: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
# Control characters other than newline and tab, and the bidirectional embeddings, overrides and
# isolates that can make text read differently from what it is (CVE-2021-42574); the plain marks
# U+200E/U+200F are harmless and stay allowed. Surrogates come from "\ud800" escapes, which the
# pure-Python parser accepts and no file can be written with. The line and paragraph separators
# are invisible line breaks.
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
# What the YAML reader itself refuses; found before parsing so that the diagnostic has a position
# (libyaml reports only a byte offset, and an unpaired surrogate cannot even be handed to it).
# Also the line breaks YAML counts and editors do not (NEL, the line and paragraph separators, a
# carriage return without a line feed): YAML would fold them away unseen and put every later
# position on the wrong line. The search without the carriage return branch takes a third of the
# time, and only a text with a carriage return needs that branch.
_UNREADABLE_CHAR = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_UNREADABLE_CHARS = re.compile(_UNREADABLE_CHAR.pattern + "|\r(?!\n)")
_CHAR_KINDS = {"Cc": "control character", "Cs": "unpaired surrogate", "Zl": "line separator", "Zp": "paragraph separator"}


@dataclass
class Document:
    """One loaded file: its values and where each of them was written."""

    path: str
    data: dict[str, Any]
    # 1-based (line, column) pairs; SourcePos objects are made only for the few that are reported.
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def pos(self, path: Path_) -> SourcePos:
        """The position of the value at ``path``, or of its nearest written ancestor."""
        while path not in self.positions and path:
            path = path[:-1]
        found = self.positions.get(path)
        return SourcePos(self.path, *found) if found else SourcePos(self.path)

    def key_pos(self, path: Path_) -> SourcePos:
        """The position of the key that names ``path`` (falls back to the value's position)."""
        found = self.key_positions.get(path)
        return SourcePos(self.path, *found) if found else self.pos(path)


@dataclass
class Unpositioned(Document):
    """A document loaded without its positions, which take more time and memory than its values.

    Only a diagnostic asks for a position, and few documents have one: the positions are found
    when first asked for, by loading the file again with them (:meth:`positioned`).
    """

    def pos(self, path: Path_) -> SourcePos:
        return self.positioned().pos(path)

    def key_pos(self, path: Path_) -> SourcePos:
        return self.positioned().key_pos(path)

    def positioned(self) -> Document:
        """The same file loaded again with its positions (an empty document if it cannot be)."""
        raise NotImplementedError


@dataclass
class _Quick(Unpositioned):
    """What ``load_text(..., positions=False)`` returns: it keeps its text to load it again."""

    text: str = ""
    _again: Document | None = field(default=None, repr=False, compare=False)

    def positioned(self) -> Document:
        if self._again is None:
            again = load_text(self.text, self.path)
            self._again = again if isinstance(again, Document) else Document(self.path, {})
        return self._again


class _Reject(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        self.mark = mark
        self.message = message


def load_file(file: Path, rel: str, *, positions: bool = True) -> Document | list[Diagnostic]:
    """Load one record file.

    Args:
        file: the file to read.
        rel: its path relative to the project root, as diagnostics print it.
        positions: whether to note where every value was written; see :func:`load_text`.

    Returns:
        The document, or the diagnostics that explain why it cannot be read.
    """
    read = read_file(file, rel)
    return read if isinstance(read, list) else load_bytes(read[0], rel, positions=positions)


def read_file(file: Path, rel: str) -> tuple[bytes, os.stat_result] | list[Diagnostic]:
    """The bytes of a record file and its stat when it was read, or why it cannot be read."""
    try:
        # One open and its fstat rather than a stat by name and then an open: a build reads
        # thousands of files.
        with open(file, "rb") as stream:
            stat = os.fstat(stream.fileno())
            if stat.st_size > MAX_FILE_BYTES:
                return [
                    Diagnostic(
                        SourcePos(rel),
                        f"file is {stat.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes for one record; split it or shorten it",
                    )
                ]
            return stream.read(), stat
    except OSError as exc:
        return [Diagnostic(SourcePos(rel), f"cannot read the file: {exc.strerror}")]


def load_bytes(raw: bytes, rel: str, *, positions: bool = True) -> Document | list[Diagnostic]:
    """Load a record from its bytes (UTF-8, with or without a byte-order mark)."""
    if len(raw) > MAX_FILE_BYTES:
        return [
            Diagnostic(
                SourcePos(rel), f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes for one record; split it or shorten it"
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return [Diagnostic(SourcePos(rel, line, col), f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8")]
    return load_text(text.removeprefix("\ufeff"), rel, positions=positions)


def load_text(text: str, rel: str, *, positions: bool = True) -> Document | list[Diagnostic]:
    """Load a record from its text; see :func:`load_file`.

    With ``positions=False`` nothing notes where the values were written, which saves a third of
    the time a valid file takes (a build reads thousands): the document finds its positions by
    loading the text again, if a diagnostic asks for one. A text that this quick load refuses is loaded
    again with positions, and the diagnostic comes from that load: both loads run one builder
    with the same rules, so they refuse the same texts in the same words.
    """
    unreadable = (_UNREADABLE_CHARS if "\r" in text else _UNREADABLE_CHAR).search(text)
    if unreadable:
        index, char = unreadable.start(), unreadable.group()
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        kind = _CHAR_KINDS.get(unicodedata.category(char[0]), "non-character")
        return [Diagnostic(SourcePos(rel, line, col), f"text contains the {kind} U+{ord(char[0]):04X}; remove it")]
    if not positions:
        try:
            return _Quick(rel, _build(_events(text), None, _text_needs_checks(text)), text=text)
        except (_Reject, yaml.YAMLError):
            pass  # loaded again below, for a diagnostic with a position
    doc = Document(rel, {})
    try:
        doc.data = _build(_events(text), doc)
    except _Reject as exc:
        return [Diagnostic(_pos(rel, exc.mark), exc.message)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        if exc.context and exc.context_mark and mark and exc.context_mark.line != mark.line:
            # An unclosed bracket or quote is found only at the end: say where it was opened.
            context = f" ({exc.context} at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1})"
        lines = text.splitlines()
        if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            # A tab where YAML expects indentation or a value: PyYAML's wording does not say so.
            return [
                Diagnostic(
                    _pos(rel, mark),
                    "a tab character here: YAML indents with spaces only; replace the tab with spaces "
                    "(two for each level, as in the other record files)",
                )
            ]
        hint = ""
        if problem.startswith("mapping values are not allowed"):
            # The commonest slip: a title with a colon in it, like `title: China: the returns`.
            hint = "; if the value contains ': ', put the whole value in quotes, like title: \"Port Example: the harbour is closed\""
        return [Diagnostic(_pos(rel, mark), f"YAML syntax error: {problem}{context}{hint}")]
    except yaml.YAMLError as exc:
        return [Diagnostic(SourcePos(rel), f"YAML syntax error: {exc}")]
    return doc


def load_or_raise(file: Path, rel: str) -> Document:
    """Load one file or raise :class:`DataError`; for tools that handle one file at a time."""
    result = load_file(file, rel)
    if isinstance(result, list):
        raise DataError(result)
    return result


def _events(text: str) -> Iterator[Any]:
    loader = _Parser(text)
    try:
        get = loader.get_event
        while True:
            event = get()
            yield event
            if type(event) is yaml.StreamEndEvent:
                return
    finally:
        loader.dispose()


def _pos(rel: str, mark: Any) -> SourcePos:
    if mark is None:
        return SourcePos(rel)
    return SourcePos(rel, mark.line + 1, mark.column + 1)


def _text_needs_checks(text: str) -> bool:
    """Whether any key or value of ``text`` could fail :func:`_check_text` or change under NFC.

    YAML writes a character that the text does not hold only for a backslash escape, and never
    makes a value longer than its text; :data:`_UNREADABLE_CHARS` has refused every ASCII control
    character but the carriage return. So the keys and values of a short ASCII text without a
    backslash or a carriage return (most record files) need no check of their own.
    """
    return len(text) > MAX_STRING_CHARS or not text.isascii() or "\\" in text or "\r" in text


_NODES = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _build(events: Iterator[Any], doc: Document | None, check_text: bool = True) -> dict[str, Any]:
    """Build plain values from parser events, refusing what records must not contain.

    Args:
        events: the parser's events for one text.
        doc: the document to note the position of every key and value in, or None to note none.
        check_text: False when no key or value can fail the text checks (_text_needs_checks).
    """
    root: Any = None
    root_mark: Any = None
    documents = 0
    positions = doc.positions if doc is not None else None
    # The open mappings and lists, innermost last, and the paths that name them (kept only when
    # noting positions); a mapping's key waits in `key` for its value.
    stack: list[tuple[Any, Path_]] = []
    container: Any = None
    path: Path_ = ()
    key: str | None = None
    for ev in events:
        cls = type(ev)
        if cls in _ENDS:
            value = container
            container, path = stack.pop()
            if container is None:
                root = value
            continue
        if cls not in _NODES:
            documents = _outside_values(ev, documents)
            continue
        if ev.anchor is not None or ev.tag is not None:
            _refuse_properties(ev)
        mapping = type(container) is dict
        if mapping and key is None:
            key = _key(ev, container, doc, path, check_text)
            continue

        mark = ev.start_mark
        if container is None:
            root_mark = mark
        if positions is not None:
            # A mapping's key is known here: the loop went round for it first.
            child = (*path, key) if mapping and key is not None else (*path, len(container)) if container is not None else ()
            positions[child] = (mark.line + 1, mark.column + 1)
        if cls is yaml.ScalarEvent:
            value = ev.value
            if not ev.style and value in _NULL_WORDS:
                value = None
            elif check_text:
                value = _text_value(value, mark)
        else:
            if len(stack) >= MAX_DEPTH:
                raise _Reject(mark, f"values are nested more than {MAX_DEPTH} levels deep; records are never this deep")
            value = {} if cls is yaml.MappingStartEvent else []

        if mapping:
            container[key] = value
            key = None
        elif container is not None:
            container.append(value)
        elif cls is yaml.ScalarEvent:
            root = value
        if cls is not yaml.ScalarEvent:
            stack.append((container, path))
            container = value
            if positions is not None:
                path = child

    if root is None and documents == 0:
        raise _Reject(None, "the file is empty; a record is a mapping of fields, starting with 'id:'")
    if not isinstance(root, dict):
        kind = "a list" if isinstance(root, list) else "empty" if root is None else "a single value"
        raise _Reject(root_mark, f"the top level of a record must be a mapping of fields (like 'id: ...'), got {kind}")
    return root


def _outside_values(ev: Any, documents: int) -> int:
    """Check an event that is not a value (the stream, its documents, an alias); count documents."""
    cls = type(ev)
    if cls is yaml.AliasEvent:
        raise _Reject(ev.start_mark, f"aliases ('*{ev.anchor}') are not allowed in records; write the value out in full")
    if cls is yaml.DocumentStartEvent:
        documents += 1
        if documents > 1:
            raise _Reject(
                ev.start_mark,
                "a record file holds one YAML document; remove the '---' and everything after it, or move it to a file of its own",
            )
    elif cls not in _OUTSIDE:  # pragma: no cover - libyaml emits no other event kinds
        raise _Reject(ev.start_mark, f"unexpected YAML construct {cls.__name__}")
    return documents


_OUTSIDE = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent)


def _refuse_properties(ev: Any) -> None:
    if ev.anchor is not None:
        raise _Reject(ev.start_mark, f"anchors ('&{ev.anchor}') are not allowed in records; write each value out in full")
    raise _Reject(ev.start_mark, f"tags ('{ev.tag}') are not allowed in records; remove the tag and write a plain value")


# Plain keys that YAML 1.1 reads as something other than a string start with one of these.
_MAYBE_NOT_STR = re.compile(
    r"[-+0-9.~<]|(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$|$"
)


def _key(ev: Any, mapping: dict[str, Any], doc: Document | None, path: Path_, check_text: bool) -> str:
    """The key that ``ev`` writes in ``mapping`` at ``path``, noting its position in ``doc`` if any."""
    if not isinstance(ev, yaml.ScalarEvent):
        raise _Reject(ev.start_mark, "keys must be plain field names, not lists or mappings")
    key = ev.value
    if not ev.style and _MAYBE_NOT_STR.match(key):
        if key == "<<":
            raise _Reject(ev.start_mark, "merge keys ('<<') are not allowed in records; write each field out in full")
        tag = _RESOLVER.resolve(yaml.ScalarNode, key, (True, False))
        if tag != _STR_TAG:
            kind = {"bool": "a boolean", "int": "an integer", "float": "a number", "null": "null", "timestamp": "a date"}.get(
                tag.rsplit(":", 1)[-1], "a special value"
            )
            raise _Reject(ev.start_mark, f"key {key!r} would be read as {kind} by YAML tools, not as a name; use a field name")
    if key in mapping:
        first = doc.key_positions.get((*path, key)) if doc is not None else None
        where = f" (first at line {first[0]})" if first else ""
        raise _Reject(ev.start_mark, f"duplicate key {key!r}{where}; each field may appear once")
    if check_text:
        _check_text(key, ev.start_mark)
    if doc is not None:
        mark: Any = ev.start_mark
        doc.key_positions[(*path, key)] = (mark.line + 1, mark.column + 1)
    return key


def _text_value(value: str, mark: Any) -> str:
    """A value's text, checked and in NFC (keys are only checked: they must match field names)."""
    _check_text(value, mark)
    return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)


def _check_text(value: str, mark: Any) -> None:
    if len(value) > MAX_STRING_CHARS:
        raise _Reject(mark, f"text is {len(value):,} characters long; the limit for one field is {MAX_STRING_CHARS:,}")
    found = _FORBIDDEN_CHARS.search(value)
    if found:
        char = found.group()
        kind = {"Cc": "control", "Cs": "unpaired surrogate", "Zl": "line separator", "Zp": "paragraph separator"}.get(
            unicodedata.category(char), "bidirectional control"
        )
        raise _Reject(mark, f"text contains the {kind} character U+{ord(char):04X} at character {found.start() + 1}; remove it")
