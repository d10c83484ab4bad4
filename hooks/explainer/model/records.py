"""The record types: one pydantic model per kind of file under ``data/``.

Field names equal the YAML keys. Every field has a description; the JSON Schemas under
``schemas/`` and the schema page of the site are generated from them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .dates import ACCEPTED_FORMS, DATE_PATTERN, EDate, parse_date
from .localised import localised
from .text import MARKDOWN_MAX_CHARS, check_markdown, safe_href

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def _check_slug(value: str) -> str:
    if not _SLUG.fullmatch(value) or len(value) > 100:
        suggestion = slugify(value)
        hint = f" (did you mean {suggestion!r}?)" if suggestion and suggestion != value else ""
        raise ValueError(
            f"{value!r} is not a valid id; use lower-case ASCII letters, digits and single hyphens"
            f" (like 'example-news-2024-04-27-harbour-closure'), at most 100 characters{hint}"
        )
    return value


def slugify(text: str) -> str:
    """A valid id made from any text: "Harbour Closure (2024)" -> "harbour-closure-2024"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:100].strip("-")


def _check_date(value: str) -> str:
    parse_date(value)
    return value


def _check_url(value: str) -> str:
    try:
        parts = urlsplit(value)
    except ValueError:  # such as "http://[" (an unclosed IPv6 address)
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"[\s<>\"'`]", value):
        raise ValueError(f"{value!r} is not an absolute http(s) URL; write it in full, like 'https://www.example.org/page'")
    # The same test the templates apply when they write the link, so a URL accepted here is never
    # refused halfway through the build: no invisible characters, no scheme hidden behind entities.
    if safe_href(value) != value:
        raise ValueError(f"{value!r} holds an invisible character or an entity that hides its scheme; remove it, or percent-encode it")
    return value


def _check_lang(value: str) -> str:
    if not _LANG.fullmatch(value):
        raise ValueError(f"{value!r} is not a language tag; use a BCP 47 tag such as 'en' or 'ko'")
    return value


Id = Annotated[str, AfterValidator(_check_slug), Field(json_schema_extra={"pattern": SLUG_PATTERN, "maxLength": 100})]
DateText = Annotated[
    str,
    AfterValidator(_check_date),
    Field(
        json_schema_extra={"pattern": DATE_PATTERN},
        description=f"A date: {ACCEPTED_FORMS}.",
        examples=["2024-04-26", "2022-06/2022-08", "2019"],
    ),
]
Url = Annotated[str, AfterValidator(_check_url), Field(json_schema_extra={"format": "uri", "pattern": "^https?://[^\\s<>\"'`]+$"})]
Lang = Annotated[str, AfterValidator(_check_lang), Field(json_schema_extra={"pattern": _LANG.pattern})]


def _check_not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank; write the text, or leave the field out if it is optional")
    return value


Text = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_check_not_blank)]
# Rendering time grows faster than the text on some Markdown, so its shape is limited too.
Markdown = Annotated[
    str, Field(min_length=1, max_length=MARKDOWN_MAX_CHARS), AfterValidator(_check_not_blank), AfterValidator(check_markdown)
]

# Values from the publication's vocabularies: words, checked against the vocabulary named by
# "x-vocabulary" in ``load.validate`` (the JSON Schemas list the words as an ``enum``).
SourceKind = Annotated[str, Field(min_length=1, max_length=100, json_schema_extra={"x-vocabulary": "source_kinds"})]
OrganisationKind = Annotated[str, Field(min_length=1, max_length=100, json_schema_extra={"x-vocabulary": "organisation_kinds"})]
Tag = Annotated[str, Field(min_length=1, max_length=100, json_schema_extra={"x-vocabulary": "tags"})]

# Text in our own words may carry a version per language (``model.localised``).
# Type checkers see the value as it is used: a ``str`` (a ``Local`` when it has versions).
if TYPE_CHECKING:
    LText = str
    LMarkdown = str
else:
    LText = localised(Text, Lang)
    LMarkdown = localised(Markdown, Lang)

Ref = tuple[tuple[str | int, ...], str, str]
"""A reference to another record: (location in this record, record type, id)."""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, strict=False)


class Party(Model):
    """Someone who said or reported something: a person, an organisation, or someone unnamed."""

    # The rule of _someone below, for editors that read the JSON Schema.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": [key], "properties": {key: {"not": {"type": "null"}}}} for key in ("person", "organisation", "description")
            ]
        }
    )

    person: Id | None = Field(None, description="Id of a person record.", examples=["ana-marin"])
    organisation: Id | None = Field(
        None,
        description="Id of an organisation record (the person's organisation, or the body itself).",
        examples=["coastal-rights-network"],
    )
    description: LText | None = Field(
        None,
        description="Who this is, in words, when the source does not name them.",
        examples=["a harbour official", "a fisher who asked not to be named"],
    )

    @model_validator(mode="after")
    def _someone(self) -> Party:
        if not (self.person or self.organisation or self.description):
            raise ValueError("name someone: give 'person', 'organisation' or 'description'")
        return self

    def refs(self, loc: tuple[str | int, ...]) -> Iterator[Ref]:
        if self.person:
            yield ((*loc, "person"), "person", self.person)
        if self.organisation:
            yield ((*loc, "organisation"), "organisation", self.organisation)


class Translation(Model):
    """Quoted words in another language, and who translated them."""

    text: Markdown = Field(description="The words in this language.")
    by: Literal["publication", "source"] = Field(
        description="Who translated them: this publication ('publication'), or the source itself, in a version of its own ('source')."
    )
    source: Id | None = Field(None, description="Id of the source record that publishes the translation, when it is another one.")


class Citation(Model):
    """Where a statement comes from: a source, the words in it that support the statement, and whom the source credits."""

    source: Id = Field(description="Id of the source record.", examples=["example-news-2024-04-27-harbour-closure"])
    excerpt: Text | None = Field(
        None,
        description="The supporting words, verbatim from the source (at most about 40 words; for a quote, the words that contain it).",
        examples=["the harbour was closed to all boats on Friday"],
    )
    locator: LText | None = Field(
        None, description="Where in the source: a paragraph, page, section or timestamp.", examples=["paragraph 4", "p. 12"]
    )
    attributed_to: list[Party] = Field(
        default_factory=list,
        description="Whom the source credits for the statement, nearest first: the group it cites, then whom that group cites.",
    )
    translations: dict[Lang, Translation] = Field(
        default_factory=dict, description="The excerpt in other languages, by language, each saying who translated it."
    )

    def refs(self, loc: tuple[str | int, ...]) -> Iterator[Ref]:
        yield ((*loc, "source"), "source", self.source)
        for i, party in enumerate(self.attributed_to):
            yield from party.refs((*loc, "attributed_to", i))
        for lang, translation in self.translations.items():
            if translation.source:
                yield ((*loc, "translations", lang, "source"), "source", translation.source)


class Note(Model):
    """An editorial note: a correction of the source, a disagreement between sources, or context."""

    kind: Literal["correction", "disagreement", "context"] = Field(description="What sort of note this is.")
    text: LMarkdown = Field(
        description="The note, in our own words (Markdown).",
        examples=["The source gives the year of the survey as 2021; the survey itself is dated 2022."],
    )
    citations: list[Citation] = Field(default_factory=list, description="Sources for the note, if it states a fact.")


class Record(Model):
    """Fields every record has."""

    type: ClassVar[str]
    plural: ClassVar[str]

    id: Id = Field(description="Lower-case slug, equal to the file name without '.yml'.")
    aliases: list[Id] = Field(
        default_factory=list, description="Former ids of this record; the site keeps a redirect at each former address."
    )
    notes: list[Note] = Field(default_factory=list, description="Editorial notes: corrections, disagreements between sources, context.")

    @property
    def label(self) -> str:
        """How the record is named in lists and links."""
        raise NotImplementedError

    def refs(self) -> Iterator[Ref]:
        """Every reference this record makes to another record."""
        for i, note in enumerate(self.notes):
            for j, cite in enumerate(note.citations):
                yield from cite.refs(("notes", i, "citations", j))

    def all_citations(self) -> Iterator[tuple[tuple[str | int, ...], Citation]]:
        """Every citation in the record with its location."""
        for i, cite in enumerate(getattr(self, "citations", [])):
            yield ("citations", i), cite
        for i, note in enumerate(self.notes):
            for j, cite in enumerate(note.citations):
                yield ("notes", i, "citations", j), cite


class Cited(Record):
    citations: list[Citation] = Field(min_length=1, description="The sources for what this record states; at least one.")

    def refs(self) -> Iterator[Ref]:
        yield from super().refs()
        for i, cite in enumerate(self.citations):
            yield from cite.refs(("citations", i))


class Source(Record):
    """A published document that records cite."""

    type = "source"
    plural = "sources"

    title: Text = Field(description="The title as published.", examples=["Harbour closed to fishing boats after storm warning"])
    kind: SourceKind = Field(description="What sort of publication this is.", examples=["news-article"])
    publisher: Id = Field(description="Id of the organisation that published it.", examples=["example-news"])
    authors: list[Id] = Field(default_factory=list, description="Ids of the person records of its authors.")
    editors: list[Id] = Field(default_factory=list, description="Ids of the person records of its editors.")
    published: DateText | None = Field(None, description="When it was published, at the precision known.")
    url: Url = Field(description="The publisher's own address of the document (absolute http or https).")
    archive_url: Url | None = Field(None, description="A copy in a web archive, if there is one.")
    accessed: DateText | None = Field(None, description="When we read it.")
    language: Lang = Field("en", description="Language of the document (BCP 47).")
    summary: LMarkdown | None = Field(None, description="What the document is and says, in our own words (Markdown).")

    @property
    def label(self) -> str:
        return self.title

    def refs(self) -> Iterator[Ref]:
        yield from super().refs()
        yield (("publisher",), "organisation", self.publisher)
        for field in ("authors", "editors"):
            for i, pid in enumerate(getattr(self, field)):
                yield ((field, i), "person", pid)


class Organisation(Cited):
    """A group, body, government or outlet."""

    type = "organisation"
    plural = "organisations"

    name: LText = Field(description="Full name, as the publication writes it.", examples=["Coastal Rights Network"])
    short_name: LText | None = Field(None, description="Abbreviation or short name.", examples=["CRN"])
    native_name: Text | None = Field(None, description="Name in its own script, where a source publishes it.")
    native_lang: Lang | None = Field(None, description="Language of native_name (BCP 47); the publication's names_language when left out.")
    kind: OrganisationKind = Field(description="What sort of organisation this is.", examples=["ngo"])
    based_in: LText | None = Field(None, description="Where it is based.", examples=["Port Alder"])
    website: Url | None = Field(None, description="Its own website.")
    description: LMarkdown = Field(description="Who they are, in our own words (Markdown).")

    @property
    def label(self) -> str:
        return self.name


class Role(Model):
    """A position a person held."""

    title: LText = Field(description="The position.", examples=["executive director"])
    organisation: Id | None = Field(None, description="Id of the organisation, if any.")
    start: DateText | None = Field(None, description="When it began, if known.")
    end: DateText | None = Field(None, description="When it ended, if it has.")


class Person(Cited):
    """Someone named in a published source. No private details."""

    type = "person"
    plural = "people"

    name: LText = Field(description="Name as the publication writes it.", examples=["Ana Marin"])
    native_name: Text | None = Field(None, description="Name in its own script, only where a source publishes it.")
    native_lang: Lang | None = Field(None, description="Language of native_name (BCP 47); the publication's names_language when left out.")
    roles: list[Role] = Field(default_factory=list, description="Positions held, as the sources give them.")
    description: LMarkdown = Field(description="Who they are, in our own words (Markdown).")

    @property
    def label(self) -> str:
        return self.name

    def refs(self) -> Iterator[Ref]:
        yield from super().refs()
        for i, role in enumerate(self.roles):
            if role.organisation:
                yield (("roles", i, "organisation"), "organisation", role.organisation)


Qualifier = Literal["exact", "about", "estimated", "more-than", "at-least", "up-to", "fewer-than"]


class Claim(Citation):
    """One source's version of a figure, with its provenance."""

    value: int = Field(ge=0, description="The number claimed (the lower end of a range).", examples=[200])
    upper: int | None = Field(None, ge=0, description="The upper end, when the source gives a range.", examples=[250])
    qualifier: Qualifier = Field("exact", description="How the source qualifies the number.")
    note: LText | None = Field(None, description="What this claim counts, where it differs from the others.")

    @model_validator(mode="after")
    def _range(self) -> Claim:
        if self.upper is not None and self.upper < self.value:
            raise ValueError(f"upper ({self.upper}) is below value ({self.value}); give the range low to high")
        return self


class Figure(Model):
    """A number reported about an event; each source's version is a claim."""

    measure: LText = Field(description="What is counted.", examples=["boats kept in harbour"])
    unit: LText = Field("people", description="The unit of the count.")
    claims: list[Claim] = Field(min_length=1, description="Every version of the figure, each with its source.")


class Participant(Party):
    """Someone who took part in an event, and how."""

    role: LText = Field(description="What they did in the event.", examples=["reported the closure"])


class Event(Cited):
    """Something that happened, at a date recorded at the precision known."""

    type = "event"
    plural = "events"

    title: LText = Field(description="A short title in our own words.", examples=["Port Alder closes its harbour to fishing boats"])
    date: DateText = Field(description=f"When it happened: {ACCEPTED_FORMS}.")
    place: LText | None = Field(None, description="Where it happened.", examples=["Port Alder"])
    summary: LMarkdown = Field(description="What happened, in our own words (Markdown).")
    figures: list[Figure] = Field(default_factory=list, description="Numbers reported about the event, each with every source's version.")
    participants: list[Participant] = Field(default_factory=list, description="Who took part, and how.")
    tags: list[Tag] = Field(default_factory=list, description="Topics, from the publication's list of tags.", examples=[["closure"]])
    related: list[Id] = Field(default_factory=list, description="Ids of related events.")

    @property
    def label(self) -> str:
        return self.title

    @property
    def when(self) -> EDate:
        return parse_date(self.date)

    def refs(self) -> Iterator[Ref]:
        yield from super().refs()
        for i, fig in enumerate(self.figures):
            for j, claim in enumerate(fig.claims):
                yield from claim.refs(("figures", i, "claims", j))
        for i, part in enumerate(self.participants):
            yield from part.refs(("participants", i))
        for i, eid in enumerate(self.related):
            yield (("related", i), "event", eid)

    def all_citations(self) -> Iterator[tuple[tuple[str | int, ...], Citation]]:
        yield from super().all_citations()
        for i, fig in enumerate(self.figures):
            for j, claim in enumerate(fig.claims):
                yield ("figures", i, "claims", j), claim


class Quote(Cited):
    """Words someone said or wrote, verbatim, as a source reports them."""

    type = "quote"
    plural = "quotes"

    text: Markdown = Field(description="The words, verbatim. A citation's excerpt must contain them word for word.")
    speaker: Party = Field(description="Who said it: a person record, an organisation, or a description of an unnamed speaker.")
    speaker_role: LText | None = Field(
        None, description="The speaker's role when they said it.", examples=["spokesperson, Coastal Rights Network"]
    )
    date: DateText | None = Field(None, description="When it was said, if known.")
    said_to: Id | None = Field(None, description="Id of the organisation (outlet) it was said to.", examples=["example-news"])
    context: LMarkdown | None = Field(None, description="The circumstances, in our own words (Markdown).")
    about: list[Id] = Field(default_factory=list, description="Ids of the events the quote is about.")
    language: Lang = Field("en", description="Language of the words (BCP 47).")
    translations: dict[Lang, Translation] = Field(
        default_factory=dict, description="The words in other languages, by language, each saying who translated them."
    )

    @property
    def label(self) -> str:
        words = self.text.split()
        return " ".join(words[:12]) + ("…" if len(words) > 12 else "")

    def refs(self) -> Iterator[Ref]:
        yield from super().refs()
        yield from self.speaker.refs(("speaker",))
        if self.said_to:
            yield (("said_to",), "organisation", self.said_to)
        for i, eid in enumerate(self.about):
            yield (("about", i), "event", eid)
        for lang, translation in self.translations.items():
            if translation.source:
                yield (("translations", lang, "source"), "source", translation.source)


RECORD_TYPES: dict[str, type[Record]] = {cls.plural: cls for cls in (Source, Organisation, Person, Event, Quote)}
"""Record classes by their data directory name."""

TYPE_BY_NAME: dict[str, type[Record]] = {cls.type: cls for cls in RECORD_TYPES.values()}


def json_schema(cls: type[Record]) -> dict[str, Any]:
    """The JSON Schema of a record type as pydantic exports it; ``explainer.schemas`` adapts it for editors."""
    schema = cls.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{cls.type}.schema.json"
    return schema
