"""Render record and index pages from the Jinja2 fragments in the theme's ``fragments/``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..graph.places import Place
from ..graph.site import Cite
from ..model.describe import part_docs, record_docs
from ..model.records import Citation, Event, Party, Record
from ..model.settings import VOCABULARIES, Word
from ..model.text import safe_href
from .browse import groups as browse_groups
from .citations import CitationList
from .edition import Edition
from .messages import install_messages
from .richtext import RichText
from .shared import SharedFragments
from .summary import first_sentence
from .urls import PageKey, base_of
from .wording import RECORD_KINDS, UNITS, claim_text, date_range, number_range


class Renderer:
    """Renders the HTML of one edition's generated pages; one per edition and build.

    Args:
        env: an environment whose loader finds ``fragments/`` (the theme's, under MkDocs: the
            publication's ``overrides/`` first, then the engine's templates). The renderer uses an
            overlay of it with autoescaping on and undefined variables as errors, so a template
            mistake fails the build instead of printing an empty string, and with the edition's
            message catalogue installed for ``_``, ``gettext`` and ``ngettext``.
        edition: the edition: records, settings, addresses and messages.
        richtext: renders Markdown fields (shared by every edition of a build).
    """

    def __init__(self, env: jinja2.Environment, edition: Edition, richtext: RichText) -> None:
        self.edition = edition
        self.site = edition.site
        self.addresses = edition.addresses
        self.settings = edition.settings
        self.richtext = richtext
        self._leads: dict[str, Markup] = {}
        self.env = env.overlay(autoescape=True, undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n"])
        # An overlay shares its parent's filter dict; copy it so the theme's stays untouched.
        self.env.filters = dict(env.filters)
        self.env.globals = dict(env.globals)
        messages = edition.messages
        vocabularies = {name: edition.settings.vocabulary(name) for name in VOCABULARIES}
        site = edition.site
        self.env.filters.update(markdown=self._markdown, markdown_inline=self._markdown_inline, tr=self._tr, date=messages.date, href=_href)
        self.env.globals.update(
            site=site,
            edition_lang=edition.lang,
            names_language=edition.settings.names_language,
            word=lambda vocabulary, wid: self._word(vocabularies[vocabulary][wid]),
            label=edition.label,
            record_lang=edition.label_lang,
            lang_of=self._lang_of,
            language_name=messages.name_of_language,
            record_kind=lambda record: self._kind(record.type),
            record_kind_name=self._kind,
            untranslated_in=edition.untranslated,
            number=messages.number,
            year_text=lambda year: messages.date(f"{year:04d}"),
            period=self._period,
            claim_text=lambda claim: claim_text(claim, messages),
            number_range=lambda low, high: number_range(low, high, messages),
            quantity=self._quantity,
            citations_of=lambda record, scope="": CitationList(site, (cite for _, cite in record.all_citations()), scope),
            lookup=lambda type_, ids: [site.get(type_, i) for i in ids],
            schema_records=lambda: record_docs(vocabularies),
            schema_parts=lambda: part_docs(vocabularies),
            lead=self._lead,
            word_text=lambda vocabulary, wid: edition.word(vocabularies[vocabulary][wid])[0],
            text=edition.text,
            index_title=self.index_title,
            place_of=site.place_of,
            place_name=self._tr,
            parties_of=site.parties_of,
            shown_forms=self._shown_forms,
            browse_groups=lambda: browse_groups(edition, lambda tag: edition.word(vocabularies["tags"][tag])),
            by_passage=by_passage,
            shared=SharedFragments(),
        )
        install_messages(self.env, messages)

    def record(self, record: Record, page_url: str) -> str:
        """The main content of a record's page."""
        return self._render(f"fragments/records/{record.type}.html", page_url, record=record)

    def index(self, name: str, page_url: str) -> str:
        """The main content of an index page (``timeline``, ``sources``, ...)."""
        return self._render(f"fragments/indexes/{name}.html", page_url, title=self.index_title(name))

    def index_title(self, name: str) -> str:
        """An index page's title in this edition."""
        return self.edition.word(self.settings.index_titles[name])[0]

    def listing(self, key: PageKey, page_url: str) -> str:
        """The main content of the page of a tag (``("tag", id)``) or a place (``("place", slug)``)."""
        if key[0] == "tag":
            return self._render("fragments/tag.html", page_url, title=self.listing_title(key), tag=key[1], events=self.site.tagged[key[1]])
        place = self.site.place(key[1])
        return self._render("fragments/place.html", page_url, title=self.listing_title(key), place=place, events=place.events)

    def listing_title(self, key: PageKey) -> str:
        """The title of a tag's or a place's page in this edition: the tag's label, the place's name."""
        if key[0] == "tag":
            return self.edition.word(self.settings.vocabulary("tags")[key[1]])[0]
        return self.edition.text(self.site.place(key[1]).name)

    def fragment(self, name: str, page_url: str, **context: Any) -> str:
        """Any other fragment, such as a citation or an embedded card in an explainer page."""
        return self._render(f"fragments/{name}.html", page_url, **context)

    def _render(self, template: str, page_url: str, **context: Any) -> str:
        base = base_of(page_url)
        addresses = self.addresses

        def url(record: Record | None = None, *, type: str | None = None, id: str | None = None) -> str:
            if record is not None:
                return base + addresses.record(record.type, record.id)
            assert type is not None and id is not None
            return base + addresses.record(type, id)

        def index_url(name: str) -> str | None:
            """The link to an index page, or None when the publication does not publish it."""
            found = addresses.index(name)
            return None if found is None else base + found

        def tag_url(tid: str) -> str | None:
            found = addresses.tag(tid)
            return None if found is None else base + found

        def place_url(place: Place) -> str | None:
            found = addresses.place(place.slug)
            return None if found is None else base + found

        return self.env.get_template(template).render(
            url=url, index_url=index_url, tag_url=tag_url, place_url=place_url, base=base, page_url=page_url, **context
        )

    # -- text in the edition's language ---------------------------------------------------------

    def _lead(self, event: Event) -> Markup:
        """The first sentence of an event's summary, as plain text, in this edition's language
        (marked with its language when it has no version in this one)."""
        if event.id not in self._leads:
            text, other = self.edition.version(event.summary)
            plain = Markup(self.richtext(text)).striptags()
            self._leads[event.id] = _marked(escape(first_sentence(plain)), other, "span")
        return self._leads[event.id]

    def _shown_forms(self) -> str:
        """The words for "N events shown" in each plural category of the language (CLDR's, as
        a script's ``Intl.PluralRules`` names them), with ``{n}`` for the number, as JSON."""
        messages = self.edition.messages
        forms: dict[str, str] = {}
        for n in range(200):
            category = messages.locale.plural_form(n)
            if category not in forms:
                text = messages.ngettext("%(num)s event shown", "%(num)s events shown", n)
                forms[category] = text.replace("%(num)s", "{n}")
        return json.dumps(forms, ensure_ascii=False, sort_keys=True)

    def _quantity(self, number_text: str, unit: str) -> Markup:
        """A number with its unit: "200 people", "200명"."""
        messages = self.edition.messages
        known = unit in UNITS and not getattr(unit, "versions", None)
        shown = escape(messages.gettext(UNITS[unit])) if known else self._tr(unit)
        return Markup(messages.gettext("%(number)s %(unit)s")) % {"number": number_text, "unit": shown}

    def _tr(self, value: str | None, capital: bool = False) -> Markup:
        """A field in our own words, in this edition's language; marked with its language when it
        has no version in this one."""
        if value is None:
            return Markup("")
        text, other = self.edition.version(value)
        if capital:
            text = text[:1].upper() + text[1:]
        return _marked(escape(text), other, "span")

    def _markdown(self, value: str | None, lang: str | None = None) -> Markup:
        """A Markdown field in our own words, in this edition's language; or, given ``lang``,
        words known to be in that language (a translation), marked where it is not the page's."""
        if not value:
            return Markup("")
        if lang is not None:
            return _marked(self.richtext(value), None if lang == self.edition.lang else lang, "div")
        text, other = self.edition.version(value)
        return _marked(self.richtext(text), other, "div")

    def _markdown_inline(self, value: str | None) -> Markup:
        html = str(self.richtext(value)) if value else ""
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)

    def _word(self, word: Word) -> Markup:
        text, other = self.edition.word(word)
        return _marked(escape(text), other, "span")

    def _lang_of(self, code: str | None, always: bool = False) -> Markup:
        """A ``lang`` attribute for words in ``code``, where that is not the page's language."""
        if not code or (code == self.edition.lang and not always):
            return Markup("")
        return Markup(' lang="{}"').format(code)

    def _kind(self, type_: str) -> str:
        return self.edition.messages.gettext(RECORD_KINDS[type_])

    def _period(self, start: str | None, end: str | None) -> str:
        messages = self.edition.messages
        if start and end:
            return date_range(messages.date(start), messages.date(end), messages)
        if start:
            return messages.gettext("from %(start)s") % {"start": messages.date(start)}
        return messages.gettext("until %(end)s") % {"end": messages.date(end)}


@dataclass(frozen=True)
class Passage:
    """One passage of a source, the records that cite it, and the citations' distinct locators
    and attributions (records may give the same words different ones)."""

    citation: Citation
    records: tuple[Record, ...]
    locators: tuple[str, ...]
    credits: tuple[tuple[Party, ...], ...]


def by_passage(cites: Iterable[Cite]) -> list[Passage]:
    """The citations of a source, each excerpt once, with every record that cites it, in the
    order the excerpts are first cited: a page shows no excerpt twice. Citations without an
    excerpt are told apart by their locators."""
    found: dict[tuple[str, str], list[Cite]] = {}
    for cite in cites:
        c = cite.citation
        found.setdefault((c.excerpt or "", "" if c.excerpt else repr(c.locator)), []).append(cite)
    passages = []
    for group in found.values():
        records: list[Record] = []
        for cite in group:
            if not any(r is cite.record for r in records):
                records.append(cite.record)
        locators = dict.fromkeys(c.citation.locator for c in group if c.citation.locator)
        credits = {repr(c.citation.attributed_to): tuple(c.citation.attributed_to) for c in group if c.citation.attributed_to}
        passages.append(Passage(group[0].citation, tuple(records), tuple(locators), tuple(credits.values())))
    return passages


def _marked(html: Markup, lang: str | None, tag: str) -> Markup:
    """``html`` as it is, or wrapped in an element saying which language it is in."""
    if lang is None:
        return html
    return Markup('<{0} lang="{1}">{2}</{0}>').format(Markup(tag), lang, html)


def _href(value: str) -> str:
    # URLs in records were validated as http(s) on load; this is the second lock on the door.
    safe = safe_href(value)
    if safe is None:
        raise ValueError(f"refusing to render the unsafe URL {value!r}")
    return safe
