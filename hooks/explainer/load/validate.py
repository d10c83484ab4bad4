"""Turn loaded documents into typed records, with every problem as a positioned diagnostic."""

from __future__ import annotations

import functools
import posixpath
import re
import typing
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from ..errors import Diagnostic, did_you_mean
from ..model.records import _SLUG, Organisation, Person, Quote, Record
from ..model.settings import VOCABULARIES, Settings, Word
from .yamlload import Document

MAX_EXCERPT_WORDS = 40
# A quote's excerpt holds the quote itself, plus a few words of the sentence around it.
QUOTE_EXCERPT_SLACK = 25

_KIND_NAMES = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "list": "a list",
    "dict": "a mapping of fields",
    "NoneType": "nothing",
}


@dataclass(frozen=True)
class Rules:
    """What a publication's settings add to the checks of the record models."""

    vocabularies: Mapping[str, Mapping[str, Word]]
    names_language: str | None = None
    languages: tuple[str, ...] = ("en",)
    """The publication's languages, the default first: a text per language may use these."""

    @classmethod
    def of(cls, settings: Settings) -> Rules:
        return cls({name: settings.vocabulary(name) for name in VOCABULARIES}, settings.names_language, tuple(settings.languages))


_VOCABULARY_WORDS = {"source_kinds": "source kind", "organisation_kinds": "organisation kind", "tags": "tag"}


def validate_document(
    doc: Document, cls: type[Record], expected_id: str, rules: Rules, taken: Callable[[str], bool] = lambda rid: False
) -> tuple[Record | None, list[Diagnostic]]:
    """Validate one loaded file as a record of type ``cls``.

    Args:
        doc: the loaded file.
        cls: the record class its directory calls for.
        expected_id: the file name without extension, which must equal the ``id``.
        rules: the publication's vocabularies and language of names.
        taken: whether another file of the same type already has an id for its name.

    Returns:
        The record (or None when it is invalid) and every problem found in the file.
    """
    problems: list[Diagnostic] = []
    record: Record | None = None
    try:
        record = cls.model_validate(doc.data, context={"languages": rules.languages})
    except ValidationError as exc:
        problems.extend(model_diagnostics(doc, cls, exc, choices=_choices(cls, rules)))

    rid = doc.data.get("id")
    # An id that is not a slug is reported by the model; renaming the file after it would not help.
    if isinstance(rid, str) and rid != expected_id and _SLUG.fullmatch(rid):
        if taken(rid):
            # A copy of another record: renaming it onto that file would lose one of the two.
            other = posixpath.join(posixpath.dirname(doc.path), f"{rid}.yml")
            message = (
                f"id {rid!r} is already the id of {other}; two records cannot share an id: "
                f"change this one's id to {expected_id!r}, as its file is named, or to another free id"
            )
        else:
            message = f"id {rid!r} differs from the file name {expected_id!r}; rename the file to '{rid}.yml' or change the id"
        problems.append(Diagnostic(doc.pos(("id",)), message))
        record = None
    if record is not None:
        problems.extend(Diagnostic(doc.pos(loc), msg) for loc, msg in check_record(record, rules))
        if problems:
            record = None
    return record, problems


def model_diagnostics(
    doc: Document,
    cls: type[BaseModel],
    exc: ValidationError,
    root: tuple[str | int, ...] = (),
    choices: Mapping[str, Sequence[str]] | None = None,
) -> list[Diagnostic]:
    """Every problem pydantic found in a document, each at its position.

    Args:
        doc: the document the values came from.
        cls: the model they were validated as.
        exc: pydantic's error.
        root: where the document's values sit in their file, to name them in full
            (``("extra", "explainer")`` for the settings in ``mkdocs.yml``).
        choices: the words allowed in the top-level fields that take one from a vocabulary,
            offered when such a field is left empty.
    """
    return [_diagnostic(doc, cls, err, root, choices or {}) for err in exc.errors(include_url=False)]


def _choices(cls: type[Record], rules: Rules) -> dict[str, list[str]]:
    return {name: list(rules.vocabularies[vocabulary]) for name, vocabulary in _vocabulary_fields(cls)}


def check_record(record: Record, rules: Rules) -> list[tuple[tuple[str | int, ...], str]]:
    """Checks within one record that the model's field types cannot express."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    for loc, vocabulary, word in _vocabulary_words(record):
        known = rules.vocabularies[vocabulary]
        if word not in known:
            what = _VOCABULARY_WORDS[vocabulary]
            listing = f", or use one of {', '.join(known)}" if known and len(known) <= 20 else ""
            found.append(
                (
                    loc,
                    f"{loc_text(loc)}: unknown {what} {word!r}{did_you_mean(word, known)}; add it under extra.explainer.vocabularies.{vocabulary} in mkdocs.yml{listing}",
                )
            )
    if isinstance(record, (Organisation, Person)) and record.native_name and not (record.native_lang or rules.names_language):
        found.append(
            (
                ("native_name",),
                "say which language native_name is in: add native_lang (such as 'de'), or set extra.explainer.names_language in mkdocs.yml",
            )
        )
    allowance = MAX_EXCERPT_WORDS
    if isinstance(record, Quote):
        allowance = max(allowance, len(record.text.split()) + QUOTE_EXCERPT_SLACK)
    for loc, cite in record.all_citations():
        if cite.excerpt and len(cite.excerpt.split()) > allowance:
            found.append(
                (
                    (*loc, "excerpt"),
                    f"excerpt has {len(cite.excerpt.split())} words; keep it to the {allowance} words that support the statement",
                )
            )
    if isinstance(record, Quote):
        if not any(cite.excerpt and contains_words(cite.excerpt, record.text) for cite in record.citations):
            found.append(
                (
                    ("text",),
                    "the quote's words are not in any of its citations' excerpts; give the excerpt that contains them word for word",
                )
            )
    return found


_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
    }
)


def normalise_words(text: str) -> str:
    """Text compared word for word: whitespace collapsed, typographic quotes and dashes made plain."""
    if not text.isascii():  # ASCII is NFKC already and holds none of _QUOTES; translate is slow
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.split())


def contains_words(excerpt: str, text: str) -> bool:
    """Whether ``excerpt`` holds ``text`` word for word, as whole words.

    The quotation marks or punctuation around the words in the excerpt do not count: a source
    prints "“We will stay,” she said" for the quote "We will stay".
    """
    # The closing punctuation of quoted speech changes with the attribution ("...," she said).
    wanted = normalise_words(text).strip().rstrip(".,;:").rstrip()
    if not wanted:
        return False
    # A plain search rather than a regular expression: a pattern per quote would be compiled
    # anew for every record (each is different, so re's cache never hits).
    haystack = normalise_words(excerpt)
    start = haystack.find(wanted)
    while start >= 0:
        end = start + len(wanted)
        if not (start and _is_word(haystack[start - 1])) and not (end < len(haystack) and _is_word(haystack[end])):
            return True
        start = haystack.find(wanted, start + 1)
    return False


def _is_word(char: str) -> bool:
    # What \w matches in a str pattern.
    return char.isalnum() or char == "_"


def _vocabulary_words(record: Record) -> list[tuple[tuple[str | int, ...], str, str]]:
    """Every value of the record taken from a vocabulary: (location, vocabulary, value)."""
    found: list[tuple[tuple[str | int, ...], str, str]] = []
    for name, vocabulary in _vocabulary_fields(type(record)):
        value = getattr(record, name)
        if isinstance(value, list):
            found.extend(((name, i), vocabulary, item) for i, item in enumerate(value))
        elif value is not None:
            found.append(((name,), vocabulary, value))
    return found


@functools.cache
def _vocabulary_fields(cls: type[Record]) -> list[tuple[str, str]]:
    """The fields of a record type whose values come from a vocabulary (``x-vocabulary``)."""
    found = []
    for name, info in cls.model_fields.items():
        for item in [info, *(m for m in info.metadata if isinstance(m, FieldInfo))]:
            extra = item.json_schema_extra
            if isinstance(extra, dict) and "x-vocabulary" in extra:
                found.append((name, str(extra["x-vocabulary"])))
                break
        else:
            vocabulary = _list_item_vocabulary(info.annotation)
            if vocabulary:
                found.append((name, vocabulary))
    return found


def _list_item_vocabulary(annotation: Any) -> str | None:
    for arg in typing.get_args(annotation):
        if isinstance(arg, FieldInfo) and isinstance(arg.json_schema_extra, dict) and "x-vocabulary" in arg.json_schema_extra:
            return str(arg.json_schema_extra["x-vocabulary"])
        found = _list_item_vocabulary(arg)
        if found:
            return found
    return None


def _diagnostic(
    doc: Document, cls: type[BaseModel], err: Any, root: tuple[str | int, ...], choices: Mapping[str, Sequence[str]]
) -> Diagnostic:
    kind = err["type"]
    # The last part of an unknown field's location is the contributor's key, whatever it says.
    loc = _clean_loc(err["loc"][:-1]) + tuple(err["loc"][-1:]) if kind == "extra_forbidden" else _clean_loc(err["loc"])
    where = loc_text(root + loc)
    if kind == "extra_forbidden":
        field = str(loc[-1])
        allowed = _fields_at(cls, loc[:-1])
        hint = did_you_mean(field, allowed)
        listing = f"; allowed here: {', '.join(allowed)}" if not hint else ""
        # Inside a list item, name the item: "citations[1]: unknown field 'sorce'".
        parent = f"{loc_text(root + loc[:-1])}: " if root + loc[:-1] else ""
        return Diagnostic(doc.key_pos(loc), f"{parent}unknown field {field!r}{hint}{listing}")
    if kind == "missing":
        return Diagnostic(doc.pos(loc[:-1]), f"missing required field {where!r}; add it")
    prefix = f"{where}: " if where else ""
    words = choices.get(str(loc[0])) if loc else None
    if words and err.get("input") is None and kind == "string_type":
        return Diagnostic(doc.pos(loc), prefix + f"has no value; write one of {', '.join(words[:20])}")
    return Diagnostic(doc.pos(loc), prefix + _message(err, loc))


def _clean_loc(loc: Sequence[Any]) -> tuple[str | int, ...]:
    # pydantic adds the type of a union branch or a function validator to some locations.
    return tuple(p for p in loc if isinstance(p, int) or not re.match(r"^(function-|int$|str$|none$|list\[|branch:)", str(p)))


def loc_text(loc: tuple[str | int, ...]) -> str:
    """Where a value is in a record, as messages name it: ``figures[0].claims[1].note``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not re.fullmatch(r"[\w-]+|\[key\]", part):
            text += f"[{part!r}]"  # a contributor's key, such as a language, shown as written
        else:
            text += f".{part}" if text else part
    return text


_EMPTY_FIXES = {
    "string_type": "write it after the colon",
    "literal_error": "write one of {options}",
    "int_type": "write a whole number after the colon",
    "list_type": "add its items on the lines below, each starting with '- ', or remove the field",
    "model_type": "add its fields on the lines below, indented, or remove it",
    "model_attributes_type": "add its fields on the lines below, indented, or remove it",
    "dict_type": "add its fields on the lines below, indented, or remove it",
}
"""What to do about a field left empty, by the kind of value it needs."""


def _message(err: Any, loc: tuple[str | int, ...]) -> str:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    got = _describe(value)
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])).removeprefix("Value error, ")
    if value is None and kind in _EMPTY_FIXES:
        # A key written with nothing after it, as `explainer new` leaves the required ones.
        fix = _EMPTY_FIXES[kind].format(options=ctx.get("expected", ""))
        return f"has no value; {fix}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = re.findall(r"'([^']*)'", expected)
        return f"expected one of {expected}, got {value!r}{did_you_mean(str(value), options)}"
    if kind == "too_short" and loc and loc[-1] == "citations":
        return "at least one citation is required; add the source that supports this record under 'citations:'"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s), got {got}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long ({len(value):,} characters); the limit is {ctx.get('max_length'):,}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {got}"
    if kind == "greater_than_equal":
        return f"expected a number of at least {ctx.get('ge')}, got {got}"
    if kind == "string_type":
        return f"expected text, got {got}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), got {got}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of fields, got {got}"
    return f"{err['msg']}, got {got}"


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) < 60 else repr(value[:57] + "...")
    return _KIND_NAMES.get(type(value).__name__, type(value).__name__)


def _fields_at(cls: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names allowed at a location inside a record, for "did you mean"."""
    model: Any = cls
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        model = _inner_model(field.annotation)
        if model is None:
            return []
    return list(model.model_fields)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
