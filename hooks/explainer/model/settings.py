"""A publication's settings: its licences, its index pages, the language of names, its vocabularies.

They live in one place, under ``extra.explainer`` in ``mkdocs.yml``::

    extra:
      explainer:
        licence: CC-BY-4.0            # or {text: CC-BY-4.0, data: CC0-1.0}
        names_language: de            # the language of native_name where a record does not say
        indexes:                      # the index pages to publish, with their titles
          timeline: Timeline
          tags: Topics                # with a page per tag, and places: with a page per place
          sources: Sources
        vocabularies:                 # added to the engine's own source and organisation kinds
          source_kinds:
            dataset: {label: Dataset, schema_org: Dataset}
          tags:
            flooding: Flooding        # or a label per language: {en: Flooding, de: Hochwasser}
        languages:                    # the editions, the default first (default: theme.language)
          en: {locale: en_GB}
          de:
            site_name: Hochwasser in Lindenau
            nav: {The record: Die Chronik}

Every label (index titles, words of a vocabulary) may be one text or a text per language.

The engine's own vocabularies hold only words for kinds of publications and bodies; tags are a
publication's alone, and a record may use only the tags its publication lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Discriminator, Field, PrivateAttr, Tag, ValidationInfo, model_validator

from .licences import Licence, licence
from .records import Id, Lang, LText, Model, Text

INDEX_TITLES = {
    "timeline": "Timeline",
    "tags": "Tags",
    "places": "Places",
    "contested": "Contested figures",
    "sources": "Sources",
    "organisations": "Organisations",
    "people": "People",
    "quotes": "Quotes",
    "browse": "A–Z index",
    "schema": "Record schema",
}
"""Every index page the engine can publish, with its default title, in the engine's order. With
``tags`` and ``places`` come a page per tag (``tags/<tag>/``) and per place (``places/<slug>/``)."""

IndexName = Literal["timeline", "tags", "places", "contested", "sources", "organisations", "people", "quotes", "browse", "schema"]


def _check_spdx(value: str) -> str:
    licence(value)
    return value


Spdx = Annotated[
    str, AfterValidator(_check_spdx), Field(description="An SPDX licence id.", examples=["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0"])
]
SchemaType = Annotated[str, Field(pattern=r"^[A-Z][A-Za-z]*$", description="A schema.org type.", examples=["Dataset"])]


class Term(Model):
    """One word of a vocabulary: how readers see it, and what it is in schema.org terms."""

    label: LText = Field(description="The word as readers see it: one text, or a text per language.")
    schema_org: SchemaType | None = Field(None, description="The schema.org type of a source of this kind (sources only).")


@dataclass(frozen=True)
class Word:
    """A vocabulary entry as the engine uses it."""

    id: str
    label: str
    schema_org: str | None = None
    engine: bool = False
    """Whether the word is the engine's own, whose label the message catalogues translate."""


SOURCE_KINDS = {
    "news-article": Word("news-article", "News article", "NewsArticle", engine=True),
    "report": Word("report", "Report", "Report", engine=True),
    "statement": Word("statement", "Statement", "CreativeWork", engine=True),
    "press-release": Word("press-release", "Press release", "Article", engine=True),
    "editorial": Word("editorial", "Editorial", "OpinionNewsArticle", engine=True),
    "book": Word("book", "Book", "Book", engine=True),
    "journal-article": Word("journal-article", "Journal article", "ScholarlyArticle", engine=True),
    "legal-text": Word("legal-text", "Legal text", "Legislation", engine=True),
    "un-document": Word("un-document", "UN document", "Report", engine=True),
    "web-page": Word("web-page", "Web page", "WebPage", engine=True),
    "broadcast": Word("broadcast", "Broadcast", "CreativeWork", engine=True),
    "interview": Word("interview", "Interview", "Article", engine=True),
}
"""The engine's kinds of source, with their schema.org types."""

ORGANISATION_KINDS = {
    "ngo": Word("ngo", "Non-governmental organisation", engine=True),
    "government": Word("government", "Government", engine=True),
    "government-agency": Word("government-agency", "Government agency", engine=True),
    "intergovernmental": Word("intergovernmental", "Intergovernmental organisation", engine=True),
    "media": Word("media", "News organisation", engine=True),
    "academic": Word("academic", "Academic institution", engine=True),
    "political": Word("political", "Political organisation", engine=True),
    "other": Word("other", "Other organisation", engine=True),
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
def _term_branch(value: Any) -> str:
    """A term is a mapping with a 'label'; any other mapping is a label per language."""
    return "branch:mapping" if isinstance(value, dict) and "label" in value else "branch:value"


TermSpec = Annotated[Annotated[Term, Tag("branch:mapping")] | Annotated[LText, Tag("branch:value")], Discriminator(_term_branch)]


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


class Edition(Model):
    """How one language's edition names what ``mkdocs.yml`` writes once, for the default edition."""

    locale: Text | None = Field(
        None, description="The locale dates and numbers are written in (such as en_GB); the language's own by default."
    )
    site_name: Text | None = Field(None, description="The publication's name in this language.")
    site_description: Text | None = Field(None, description="Its one-line description in this language.")
    nav: dict[str, Text] = Field(
        default_factory=dict, description="The titles of the navigation's sections in this language, by their title in mkdocs.yml."
    )


class Settings(Model):
    """A publication's settings, from ``extra.explainer`` in ``mkdocs.yml``."""

    data_dir: Text = Field("data", description="The folder of the records, relative to mkdocs.yml.")
    licence: Annotated[Annotated[LicenceSettings, Tag("branch:mapping")] | Annotated[Spdx, Tag("branch:value")], Discriminator(_branch)] = (
        Field(description="The licence of the text and the data: one SPDX id for both, or 'text' and 'data'.")
    )
    names_language: Lang | None = Field(None, description="The language of native names (BCP 47) where a record gives none.")
    indexes: (
        Annotated[
            Annotated[dict[IndexName, LText | None], Tag("branch:mapping")] | Annotated[list[IndexName], Tag("branch:list")],
            Discriminator(_branch),
        ]
        | None
    ) = Field(None, description="The index pages to publish, with their titles (empty for the default title); all of them when left out.")
    vocabularies: Vocabularies = Field(default_factory=Vocabularies, description="Source kinds, organisation kinds and tags.")
    languages: dict[Lang, Edition] = Field(
        default_factory=dict, description="The editions, by language, the default first; the theme's language alone when left out."
    )
    _words: dict[str, dict[str, Word]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _languages_first(cls, data: Any, info: ValidationInfo) -> Any:
        """Name the languages before the labels are checked: a label per language must use them.

        ``languages`` may be a list of codes or a mapping of code to edition settings; without it,
        the one language is the theme's (``theme_language`` in the validation context).
        """
        if not isinstance(data, dict):
            return data
        context = info.context if isinstance(info.context, dict) else None
        languages = data.get("languages")
        if languages is None:
            languages = [str((context or {}).get("theme_language") or "en")]
        if isinstance(languages, list):
            languages = {code: {} for code in languages if isinstance(code, str)} or languages
        data = {**data, "languages": languages}
        if context is not None and isinstance(languages, dict):
            context["languages"] = [code for code in languages if isinstance(code, str)]
        return data

    @property
    def default_language(self) -> str:
        return next(iter(self.languages))

    @property
    def text_licence(self) -> Licence:
        return licence(self.licence if isinstance(self.licence, str) else self.licence.text)

    @property
    def data_licence(self) -> Licence:
        return licence(self.licence if isinstance(self.licence, str) else self.licence.data)

    @property
    def index_titles(self) -> dict[str, Word]:
        """The published index pages and their titles, in the engine's order. A title the
        publication gives is its own; the engine's default titles are translated by the catalogues."""
        chosen: Mapping[str, Any]
        if self.indexes is None:
            chosen = dict.fromkeys(INDEX_TITLES)
        else:
            chosen = (
                {str(name): title for name, title in self.indexes.items()}
                if isinstance(self.indexes, dict)
                else dict.fromkeys(self.indexes)
            )
        return {name: Word(name, chosen[name] or title, engine=not chosen[name]) for name, title in INDEX_TITLES.items() if name in chosen}

    def vocabulary(self, name: str) -> dict[str, Word]:
        """A vocabulary: the engine's words, then the publication's, by id."""
        if name in self._words:
            return self._words[name]
        words = self._words[name] = dict(_BUILT_IN[name])
        for wid, spec in getattr(self.vocabularies, name).items():
            # A label alone is kept as validated: made into a Term again, it would lose its languages.
            label, schema_org = (spec.label, spec.schema_org) if isinstance(spec, Term) else (spec, None)
            words[wid] = Word(wid, label, schema_org or _DEFAULT_SCHEMA_TYPE.get(name))
        return words


def settings_from(raw: Any, theme_language: str | None = None) -> Settings:
    """Settings from the value of ``extra.explainer`` (raises pydantic's ``ValidationError``).

    Args:
        raw: the value.
        theme_language: ``theme.language``, the one language when the settings name none.
    """
    return Settings.model_validate(raw, context={"theme_language": theme_language})
