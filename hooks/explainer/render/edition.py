"""One edition of a publication: its language, its messages, and the records' text in its language."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from ..graph.site import Site
from ..model.localised import localised_fields, version
from ..model.records import Quote, Record, Source
from ..model.settings import Settings, Word
from .messages import Messages
from .urls import Addresses


@dataclass(frozen=True)
class Edition:
    """One edition of a publication, as the pages and the outputs (feeds, JSON-LD) need it.

    Attributes:
        site: the site graph.
        settings: the publication's settings.
        addresses: where MkDocs put this edition's generated pages, and the site's own URL.
        name: the publication's name in this edition's language.
        description: its one-line description, or "".
        plain: turns a Markdown field (in this edition's language) into plain text.
        messages: the interface's words and the date and number formats of the language.
        root: the site-relative folder of the edition: "" for the default one, ``ko/`` for Korean.
    """

    site: Site
    settings: Settings
    addresses: Addresses
    name: str
    description: str
    plain: Callable[[str], str]
    messages: Messages
    root: str = ""

    @property
    def lang(self) -> str:
        return self.messages.lang

    @property
    def default_lang(self) -> str:
        return self.settings.default_language

    @property
    def is_default(self) -> bool:
        return self.lang == self.default_lang

    def version(self, value: str) -> tuple[str, str | None]:
        """A field's text in this edition's language, and the language it is in when it is not."""
        return version(value, self.lang, self.default_lang)

    def text(self, value: str | None) -> str:
        """A field's text in this edition's language (or the default one, when it has no version)."""
        return "" if value is None else self.version(value)[0]

    def word(self, word: Word) -> tuple[str, str | None]:
        """A vocabulary word's label: the engine's through the catalogue, the publication's by language."""
        if word.engine:
            return self.messages.gettext(word.label), None
        return self.version(word.label)

    def label(self, record: Record) -> str:
        """How a record is named in this edition: its title or name in this language, a source by
        its title as published, a quote by its first words as said."""
        return self.text(record.label)

    def label_lang(self, record: Record) -> str | None:
        """The language of a record's label, where it is not this edition's."""
        if isinstance(record, Source):
            return record.language if record.language != self.lang else None
        if isinstance(record, Quote):
            return record.language if record.language != self.lang else None
        return self.version(record.label)[1]

    def untranslated(self, record: Record) -> list[str]:
        """The fields of a record in our own words that have no version in this edition's language."""
        if self.is_default:
            return []
        return [path for path, value in _own_words(record, "") if self.version(value)[1] is not None]


def _own_words(model: BaseModel, prefix: str) -> Iterator[tuple[str, str]]:
    """Every text in our own words in a record, at any depth, with its path: a localised field's
    value is a :class:`Local` when it has versions, a plain ``str`` when it has one text."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            yield from _own_words(value, path + ".")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _own_words(item, f"{path}[{i}].")
        elif isinstance(value, str) and name in localised_fields(type(model)):
            yield path, value
