"""The engine's theme for a builder that runs no hooks: its interface words written into its templates.

Under MkDocs the hooks give every template ``_`` and ``gettext``, reading the catalogue of each
page's edition. A builder that runs no hooks has no such functions (Zensical's templates know no
``_`` at all, and MkDocs' own are not the newstyle ones the templates call with keywords), so
``explainer render`` writes the theme's templates with each call replaced by its words in the
default edition: ``_("Skip to content")`` becomes ``"Skip to content"``, and
``_("Made with %(tool)s", tool=link)`` becomes ``("Made with " ~ (link))``.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable

from ..errors import DataError, Diagnostic, SourcePos

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_CALL = re.compile(r"(?<![\w.])(?:_|gettext)\(\s*")
_UNSUPPORTED = re.compile(r"(?<![\w.])(?:ngettext|pgettext|npgettext)\(|\{%-?\s*trans\b")
_STRING = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""", re.S)
_KEYWORD = re.compile(r"\s*(\w+)\s*=\s*")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")
_CLOSE = {"(": ")", "[": "]", "{": "}"}


def compile_words(source: str, gettext: Callable[[str], str], path: str) -> str:
    """A template with every ``_("...")`` and ``gettext("...")`` replaced by its translation.

    Args:
        source: the template's text.
        gettext: the default edition's catalogue.
        path: the template's path, for the diagnostics.

    Raises:
        DataError: for a call this cannot replace (a message that is not a literal string, a
            placeholder without its keyword, plurals, ``{% trans %}``), at its line and column.
    """
    problems: list[Diagnostic] = []
    out: list[str] = []
    last = 0
    for tag in _TAG.finditer(source):
        for bad in _UNSUPPORTED.finditer(tag[0]):
            problems.append(
                _problem(source, path, tag.start() + bad.start(), f"'{bad[0].strip('(')}' needs the hooks; use _() with one message")
            )
        pos = 0
        text = tag[0]
        while call := _CALL.search(text, pos):
            out.append(source[last : tag.start() + call.start()])
            try:
                words, end = _replace(text, call.end(), gettext)
            except ValueError as exc:
                problems.append(_problem(source, path, tag.start() + call.start(), str(exc)))
                words, end = call[0], call.end()
            out.append(words)
            last = tag.start() + end
            pos = end
    if problems:
        raise DataError(problems)
    out.append(source[last:])
    return "".join(out)


def _replace(text: str, start: int, gettext: Callable[[str], str]) -> tuple[str, int]:
    """The expression that stands for the call whose arguments begin at ``start``, and where the call ends."""
    message = _STRING.match(text, start)
    if message is None:
        raise ValueError("the message is not a literal string; write it in quotes so that it can be translated")
    pos, keywords = _skip(text, message.end()), {}
    while text[pos : pos + 1] == ",":
        keyword = _KEYWORD.match(text, pos + 1)
        if keyword is None:
            raise ValueError("expected name=value after the message")
        value_end = _expression_end(text, keyword.end())
        keywords[keyword[1]] = text[keyword.end() : value_end].strip()
        pos = _skip(text, value_end)
    if text[pos : pos + 1] != ")":
        raise ValueError("expected ')' or ', name=value' after the message")
    translated = gettext(ast.literal_eval(message[0]))
    parts: list[str] = []
    last = 0
    literal = ""
    for found in _PLACEHOLDER.finditer(translated):
        literal += translated[last : found.start()]
        last = found.end()
        if found[0] == "%%":
            literal += "%"
            continue
        if found[1] not in keywords:
            raise ValueError(f"the message names %({found[1]})s, but the call gives no {found[1]}=")
        parts += [_literal(literal)] if literal else []
        parts.append(f"({keywords[found[1]]})")
        literal = ""
    literal += translated[last:]
    parts += [_literal(literal)] if literal or not parts else []
    return (parts[0] if len(parts) == 1 else "(" + " ~ ".join(parts) + ")"), pos + 1


def _literal(text: str) -> str:
    """A Jinja string literal (Jinja and MiniJinja both read JSON's escapes)."""
    return json.dumps(text, ensure_ascii=False)


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _expression_end(text: str, pos: int) -> int:
    """Where a keyword's value ends: at the first ',' or ')' outside brackets and strings."""
    closing: list[str] = []
    while pos < len(text):
        char = text[pos]
        if char in "\"'":
            string = _STRING.match(text, pos)
            if string is None:
                raise ValueError("a string is not closed")
            pos = string.end()
            continue
        if char in _CLOSE:
            closing.append(_CLOSE[char])
        elif closing and char == closing[-1]:
            closing.pop()
        elif not closing and char in ",)":
            return pos
        pos += 1
    raise ValueError("the call is not closed")


def _problem(source: str, path: str, offset: int, message: str) -> Diagnostic:
    line = source.count("\n", 0, offset) + 1
    col = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return Diagnostic(SourcePos(path, line, col), f"{message} (explainer render writes the default edition's words into the theme)")
