"""Text in our own words that may carry a version per language, as records and settings write it.

A field of this kind takes either one text, in the publication's default language::

    title: The harbour closes

or a version per language, the default one among them::

    title:
      en: The harbour closes
      ko: 항구가 폐쇄되다

The value is then a :class:`Local`: a ``str`` holding the default text, so that every use that
knows no languages reads it as before, with the other versions beside it.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, Discriminator, PlainSerializer, Tag, ValidationInfo


class Local(str):
    """Text in the default language, with its versions in other languages.

    Attributes:
        lang: the default language, which the text itself is in.
        versions: the other languages' versions, by language.
    """

    __slots__ = ("lang", "versions")
    lang: str
    versions: Mapping[str, str]

    def __new__(cls, text: str, lang: str, versions: Mapping[str, str]) -> Local:
        self = super().__new__(cls, text)
        self.lang = lang
        self.versions = dict(versions)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Local, (str(self), self.lang, self.versions))

    def as_data(self) -> dict[str, str]:
        """The value as it is written: every version by language, the default first."""
        return {self.lang: str(self), **self.versions}


def version(value: str, lang: str, default: str) -> tuple[str, str | None]:
    """A text in a language, or in the default language when it has no version in that one.

    Args:
        value: a field's value (a plain ``str`` is in the default language).
        lang: the language wanted.
        default: the publication's default language.

    Returns:
        The text, and None when it is in ``lang``, else the language it is in.
    """
    if isinstance(value, Local):
        if lang == value.lang:
            return str(value), None
        found = value.versions.get(lang)
        return (found, None) if found is not None else (str(value), value.lang)
    return value, None if lang == default else default


def languages_of(value: str, default: str) -> set[str]:
    """The languages a field's value has a version in."""
    return {value.lang, *value.versions} if isinstance(value, Local) else {default}


def _branch(value: Any) -> str:
    return "branch:mapping" if isinstance(value, dict) else "branch:value"


def _to_local(value: str | dict[str, str], info: ValidationInfo) -> str:
    if isinstance(value, str):
        return value
    languages = list((info.context or {}).get("languages") or ())
    if not languages:
        raise ValueError(
            "a text per language needs the publication's languages; give one text, or name the languages in extra.explainer.languages"
        )
    unknown = [lang for lang in value if lang not in languages]
    if unknown:
        raise ValueError(
            f"{unknown[0]!r} is not one of the publication's languages ({', '.join(languages)}); fix the language or add it to extra.explainer.languages"
        )
    default = languages[0]
    if default not in value:
        raise ValueError(f"give the text in the default language too, under {default!r}")
    return Local(value[default], default, {lang: text for lang, text in value.items() if lang != default})


def _serialise(value: str) -> str | dict[str, str]:
    return value.as_data() if isinstance(value, Local) else str(value)


def localised(text_type: Any, lang_type: Any) -> Any:
    """The type of a field in our own words: ``text_type``, or a mapping from language to it."""
    return Annotated[
        Annotated[text_type, Tag("branch:value")] | Annotated[dict[lang_type, text_type], Tag("branch:mapping")],
        Discriminator(_branch),
        AfterValidator(_to_local),
        PlainSerializer(_serialise),
    ]


def _holds_local(annotation: Any) -> bool:
    if typing.get_origin(annotation) is Annotated:
        if any(isinstance(m, AfterValidator) and m.func is _to_local for m in typing.get_args(annotation)[1:]):
            return True
    return any(_holds_local(arg) for arg in typing.get_args(annotation) if arg is not type(None))


def text_branch(annotation: Any, metadata: Any = ()) -> Any:
    """The one-text type of a localised field (``Text`` or ``Markdown``), or None.

    Args:
        annotation: the field's annotation.
        metadata: the field's metadata, where pydantic keeps what a required field's ``Annotated`` held.
    """
    if any(isinstance(m, AfterValidator) and m.func is _to_local for m in metadata):
        return typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is Annotated:
        if any(isinstance(m, AfterValidator) and m.func is _to_local for m in typing.get_args(annotation)[1:]):
            union = typing.get_args(annotation)[0]
            return typing.get_args(union)[0]
    for arg in typing.get_args(annotation):
        if arg is not type(None):
            found = text_branch(arg)
            if found is not None:
                return found
    return None


@functools.cache
def localised_fields(model: type) -> frozenset[str]:
    """The fields of a pydantic model that take a text per language (not those inside lists of them)."""
    found = set()
    for name, info in model.model_fields.items():  # type: ignore[attr-defined]
        if any(isinstance(m, AfterValidator) and m.func is _to_local for m in info.metadata) or _holds_local(info.annotation):
            found.add(name)
    return frozenset(found)
