"""Describe the record types field by field, as plain data, from the models.

One walk over the pydantic models serves two readers: the site's "Record schema" page (a table per
record type and per nested part) and ``explainer new``, which writes a record file with every
field in it.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Union

from annotated_types import MaxLen, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .dates import ACCEPTED_FORMS, DATE_PATTERN
from .localised import text_branch
from .records import RECORD_TYPES, SLUG_PATTERN, Record

Vocabularies = Mapping[str, Mapping[str, Any]]
"""Vocabulary name -> the ids of its words (and anything else); see ``Settings.vocabulary``."""

Kind = Literal["id", "date", "url", "language", "text", "markdown", "number", "choice", "part"]

_KIND_WORDS: dict[str, str] = {
    "id": "id",
    "date": "date",
    "url": "URL",
    "language": "language tag",
    "text": "text",
    "markdown": "Markdown text",
    "number": "whole number",
    "choice": "one of a list",
}

_FORM_HINTS: dict[str, str] = {
    "id": "lower-case letters, digits and single hyphens, like 'example-news-2024-04-27-harbour-closure'",
    "date": ACCEPTED_FORMS,
    "url": "an absolute http or https address",
    "language": "a BCP 47 tag such as 'en' or 'ko'",
}


@dataclass(frozen=True)
class FieldDoc:
    """One field of a record or of a nested part.

    Attributes:
        name: the YAML key.
        kind: what a single value is (``part`` for a nested mapping).
        many: whether the field holds a list of such values.
        type: the kind in words, for readers: "date", "list of ids", "list of Citation".
        required: whether a record must give the field.
        description: the field's description from the model.
        hint: how a value is written (date forms, id spelling), or "".
        examples: example values from the model.
        default: the value when the field is left out; None if it has none, or is an empty list.
        choices: the allowed values of a ``choice``.
        part: the name of the nested part (``Citation``), for ``kind == "part"``.
        min_items: the fewest items a list may hold.
        localised: whether the field takes a text per language as well as one text.
    """

    name: str
    kind: Kind
    many: bool
    type: str
    required: bool
    description: str
    hint: str
    examples: tuple[Any, ...]
    default: Any
    choices: tuple[str, ...]
    part: str | None
    min_items: int
    localised: bool = False

    @property
    def example_texts(self) -> list[str]:
        """The examples as a contributor would write each value (a list's items joined by commas)."""
        return [", ".join(map(str, e)) if isinstance(e, (list, tuple)) else str(e) for e in self.examples]


@dataclass(frozen=True)
class PartDoc:
    """A mapping nested inside records, such as a citation or a figure."""

    name: str
    anchor: str
    summary: str
    rule: str
    fields: tuple[FieldDoc, ...]


@dataclass(frozen=True)
class RecordDoc:
    """A record type: its folder, what it is, and its fields."""

    type: str
    plural: str
    folder: str
    anchor: str
    summary: str
    fields: tuple[FieldDoc, ...]


def record_docs(vocabularies: Vocabularies | None = None) -> list[RecordDoc]:
    """Every record type, in the order of ``RECORD_TYPES``; ``vocabularies`` give the choices of
    the fields whose values come from one."""
    return [
        RecordDoc(cls.type, cls.plural, f"data/{cls.plural}/", cls.type, _summary(cls), tuple(fields_of(cls, vocabularies)))
        for cls in RECORD_TYPES.values()
    ]


def part_docs(vocabularies: Vocabularies | None = None) -> list[PartDoc]:
    """Every nested part that some record uses, in the order they are first met."""
    return [
        PartDoc(name, name.lower(), _summary(model), _rule(model), tuple(fields_of(model, vocabularies)))
        for name, model in part_models().items()
    ]


def part_models() -> dict[str, type[BaseModel]]:
    """The model class of each nested part, by name, in the order they are first met."""
    found: dict[str, type[BaseModel]] = {}

    def visit(model: type[BaseModel]) -> None:
        for name in field_order(model):
            inner = _model_in(model.model_fields[name].annotation)
            if inner is not None and inner.__name__ not in found:
                found[inner.__name__] = inner
                visit(inner)

    for cls in RECORD_TYPES.values():
        visit(cls)
    return found


def field_order(model: type[BaseModel]) -> list[str]:
    """The fields in the order a contributor reads them: ``id``, then the model's own, then inherited."""
    order: list[str] = []
    for klass in model.__mro__:
        own = getattr(klass, "__annotations__", {})
        order.extend(name for name in model.model_fields if name in own and name not in order)
    order.extend(name for name in model.model_fields if name not in order)
    if "id" in order:
        order.remove("id")
        order.insert(0, "id")
    return order


def fields_of(model: type[BaseModel], vocabularies: Vocabularies | None = None) -> list[FieldDoc]:
    """Describe every field of a model, in :func:`field_order`."""
    return [_describe(name, model.model_fields[name], vocabularies) for name in field_order(model)]


def _describe(name: str, info: FieldInfo, vocabularies: Vocabularies | None) -> FieldDoc:
    annotation = info.annotation
    # A field in our own words takes one text, or one per language: it is described as its text.
    one_text = text_branch(annotation, info.metadata)
    localised = one_text is not None
    if localised:
        annotation = one_text
    many = False
    while True:
        annotation = _strip_none(annotation)
        if typing.get_origin(annotation) is list:
            many = True
            annotation = typing.get_args(annotation)[0]
            continue
        break
    infos = [info, *_field_infos(annotation)]
    base = typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Annotated else annotation
    extra: dict[str, Any] = {}
    for item in infos:
        if isinstance(item.json_schema_extra, dict):
            extra.update(item.json_schema_extra)
    max_len = next((m.max_length for item in infos for m in item.metadata if isinstance(m, MaxLen)), None)
    min_items = next((m.min_length for m in info.metadata if isinstance(m, MinLen)), 0) if many else 0

    choices: tuple[str, ...] = ()
    part: str | None = None
    kind: Kind
    if isinstance(base, type) and issubclass(base, BaseModel):
        kind, part = "part", base.__name__
    elif "x-vocabulary" in extra:
        kind, choices = "choice", tuple((vocabularies or {}).get(str(extra["x-vocabulary"]), ()))
    elif typing.get_origin(base) is Literal:
        kind, choices = "choice", tuple(str(c) for c in typing.get_args(base))
    elif base is int:
        kind = "number"
    elif extra.get("pattern") == SLUG_PATTERN:
        kind = "id"
    elif extra.get("pattern") == DATE_PATTERN:
        kind = "date"
    elif extra.get("format") == "uri":
        kind = "url"
    elif "pattern" in extra:
        kind = "language"
    else:
        kind = "markdown" if max_len is not None and max_len > 2000 else "text"

    words = part if part else _KIND_WORDS[kind]
    if many and kind == "choice":
        words = "list, each one of a list"
    elif many:
        words = f"list of {words if part else _plural(words)}"
    examples = tuple(info.examples or next((item.examples for item in infos[1:] if item.examples), None) or ())
    default = None if info.is_required() or info.default_factory is not None else info.default
    return FieldDoc(
        name=name,
        kind=kind,
        many=many,
        type=words,
        required=info.is_required(),
        description=info.description or "",
        hint=_FORM_HINTS.get(kind, ""),
        examples=examples,
        default=default,
        choices=choices,
        part=part,
        min_items=min_items,
        localised=localised,
    )


def _strip_none(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _field_infos(annotation: Any) -> list[FieldInfo]:
    if typing.get_origin(annotation) is typing.Annotated:
        return [a for a in typing.get_args(annotation)[1:] if isinstance(a, FieldInfo)]
    return []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _summary(model: type[BaseModel]) -> str:
    return (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""


def part_rule(name: str) -> str:
    """The rule across the fields of a nested part, or ""."""
    model = part_models().get(name)
    return _rule(model) if model is not None else ""


def _rule(model: type[BaseModel]) -> str:
    """A rule across the fields of a part that the JSON Schema states with ``anyOf``."""
    extra = model.model_config.get("json_schema_extra")
    branches = extra.get("anyOf") if isinstance(extra, dict) else None
    if not isinstance(branches, list):
        return ""
    keys: list[str] = []
    for branch in branches:
        required = branch.get("required") if isinstance(branch, dict) else None
        keys += [str(key) for key in required] if isinstance(required, list) else []
    if not keys:
        return ""
    return "Give at least one of " + ", ".join(f"'{k}'" for k in keys[:-1]) + f" or '{keys[-1]}'."


def _plural(words: str) -> str:
    return words + "s" if not words.endswith("text") else words


def record_class(name: str) -> type[Record] | None:
    """The record class for a type name (``event``) or folder name (``events``)."""
    for plural, cls in RECORD_TYPES.items():
        if name in (cls.type, plural):
            return cls
    return None
