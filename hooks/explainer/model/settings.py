"""A publication's settings: its licences, its index pages, the language of names, its vocabularies.

They live in one place, under ``extra.explainer`` in ``mkdocs.yml``::

    extra:
      explainer:
        licence: CC-BY-4.0            # or {text: CC-BY-4.0, data: CC0-1.0}
        names_language: de            # the language of native_name where a record does not say
        indexes:                      # the index pages to publish, with their titles
          timeline: Timeline
          sources: Sources
        vocabularies:                 # added to the engine's own source and organisation kinds
          source_kinds:
            dataset: {label: Dataset, schema_org: Dataset}
          tags:
            flooding: Flooding

The engine's own vocabularies hold only words for kinds of publications and bodies; tags are a
publication's alone, and a record may use only the tags its publication lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Discriminator, Field, PrivateAttr, Tag

from .licences import Licence, licence
from .records import Id, Lang, Model, Text

INDEX_TITLES = {
    "timeline": "Timeline",
    "contested": "Contested figures",
    "sources": "Sources",
    "organisations": "Organisations",
    "people": "People",
    "quotes": "Quotes",
    "schema": "Record schema",
}
"""Every index page the engine can publish, with its default title, in the engine's order."""

IndexName = Literal["timeline", "contested", "sources", "organisations", "people", "quotes", "schema"]


def _check_spdx(value: str) -> str:
    licence(value)
    return value


Spdx = Annotated[
    str, AfterValidator(_check_spdx), Field(description="An SPDX licence id.", examples=["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0"])
]
SchemaType = Annotated[str, Field(pattern=r"^[A-Z][A-Za-z]*$", description="A schema.org type.", examples=["Dataset"])]


class Term(Model):
    """One word of a vocabulary: how readers see it, and what it is in schema.org terms."""

    label: Text = Field(description="The word as readers see it.")
    schema_org: SchemaType | None = Field(None, description="The schema.org type of a source of this kind (sources only).")


@dataclass(frozen=True)
class Word:
    """A vocabulary entry as the engine uses it."""

    id: str
    label: str
    schema_org: str | None = None


SOURCE_KINDS = {
    "news-article": Word("news-article", "News article", "NewsArticle"),
    "report": Word("report", "Report", "Report"),
    "statement": Word("statement", "Statement", "CreativeWork"),
    "press-release": Word("press-release", "Press release", "Article"),
    "editorial": Word("editorial", "Editorial", "OpinionNewsArticle"),
    "book": Word("book", "Book", "Book"),
    "journal-article": Word("journal-article", "Journal article", "ScholarlyArticle"),
    "legal-text": Word("legal-text", "Legal text", "Legislation"),
    "un-document": Word("un-document", "UN document", "Report"),
    "web-page": Word("web-page", "Web page", "WebPage"),
    "broadcast": Word("broadcast", "Broadcast", "CreativeWork"),
    "interview": Word("interview", "Interview", "Article"),
}
"""The engine's kinds of source, with their schema.org types."""

ORGANISATION_KINDS = {
    "ngo": Word("ngo", "Non-governmental organisation"),
    "government": Word("government", "Government"),
    "government-agency": Word("government-agency", "Government agency"),
    "intergovernmental": Word("intergovernmental", "Intergovernmental organisation"),
    "media": Word("media", "News organisation"),
    "academic": Word("academic", "Academic institution"),
    "political": Word("political", "Political organisation"),
    "other": Word("other", "Other organisation"),
}
"""The engine's kinds of organisation."""

VOCABULARIES = ("source_kinds", "organisation_kinds", "tags")
_BUILT_IN: dict[str, Mapping[str, Word]] = {"source_kinds": SOURCE_KINDS, "organisation_kinds": ORGANISATION_KINDS, "tags": {}}
_DEFAULT_SCHEMA_TYPE = {"source_kinds": "CreativeWork"}


def _branch(value: Any) -> str:
    """Which form a setting that takes one of two is written in: a mapping, or a single value."""
    return "branch:mapping" if isinstance(value, dict) else "branch:list" if isinstance(value, list) else "branch:value"


# A setting written either as one value or as a mapping of fields; the branch names are left out
# of the locations in diagnostics (``load.validate``).
TermSpec = Annotated[Annotated[Term, Tag("branch:mapping")] | Annotated[Text, Tag("branch:value")], Discriminator(_branch)]


class Vocabularies(Model):
    """Words a publication adds to the engine's vocabularies."""

    source_kinds: dict[Id, TermSpec] = Field(default_factory=dict, description="Kinds of source beyond the engine's own, by id.")
    organisation_kinds: dict[Id, TermSpec] = Field(
        default_factory=dict, description="Kinds of organisation beyond the engine's own, by id."
    )
    tags: dict[Id, TermSpec] = Field(default_factory=dict, description="The topics events may be tagged with, by id.")


class LicenceSettings(Model):
    """Separate licences for the text of the pages and for the data."""

    text: Spdx = Field(description="Licence of the explainer pages and of the records' own words.")
    data: Spdx = Field(description="Licence of the records and their downloads.")


class Settings(Model):
    """A publication's settings, from ``extra.explainer`` in ``mkdocs.yml``."""

    data_dir: Text = Field("data", description="The folder of the records, relative to mkdocs.yml.")
    licence: Annotated[Annotated[LicenceSettings, Tag("branch:mapping")] | Annotated[Spdx, Tag("branch:value")], Discriminator(_branch)] = (
        Field(description="The licence of the text and the data: one SPDX id for both, or 'text' and 'data'.")
    )
    names_language: Lang | None = Field(None, description="The language of native names (BCP 47) where a record gives none.")
    indexes: (
        Annotated[
            Annotated[dict[IndexName, Text | None], Tag("branch:mapping")] | Annotated[list[IndexName], Tag("branch:list")],
            Discriminator(_branch),
        ]
        | None
    ) = Field(None, description="The index pages to publish, with their titles (empty for the default title); all of them when left out.")
    vocabularies: Vocabularies = Field(default_factory=Vocabularies, description="Source kinds, organisation kinds and tags.")
    _words: dict[str, dict[str, Word]] = PrivateAttr(default_factory=dict)

    @property
    def text_licence(self) -> Licence:
        return licence(self.licence if isinstance(self.licence, str) else self.licence.text)

    @property
    def data_licence(self) -> Licence:
        return licence(self.licence if isinstance(self.licence, str) else self.licence.data)

    @property
    def index_titles(self) -> dict[str, str]:
        """The published index pages and their titles, in the engine's order."""
        if self.indexes is None:
            return dict(INDEX_TITLES)
        chosen = self.indexes if isinstance(self.indexes, dict) else dict.fromkeys(self.indexes)
        return {name: chosen[name] or title for name, title in INDEX_TITLES.items() if name in chosen}  # type: ignore[index]

    def vocabulary(self, name: str) -> dict[str, Word]:
        """A vocabulary: the engine's words, then the publication's, by id."""
        if name in self._words:
            return self._words[name]
        words = self._words[name] = dict(_BUILT_IN[name])
        for wid, spec in getattr(self.vocabularies, name).items():
            term = spec if isinstance(spec, Term) else Term(label=spec)
            words[wid] = Word(wid, term.label, term.schema_org or _DEFAULT_SCHEMA_TYPE.get(name))
        return words


def settings_from(raw: Any) -> Settings:
    """Settings from the value of ``extra.explainer`` (raises pydantic's ``ValidationError``)."""
    return Settings.model_validate(raw)
