"""The interface's words in one language, from message catalogues, and dates and numbers written by locale.

Every word the engine shows a reader comes from a gettext catalogue: the engine's own, in
``explainer/locales/<lang>.po``, and the publication's, in ``locales/<lang>.po`` beside its
``mkdocs.yml``, whose messages take precedence. A message id is the English text, so the English
catalogue may leave a message untranslated. Dates keep the precision the record gives them (a
month stays a month) and are written, like numbers and ranges, by Babel from the CLDR data of
the edition's locale.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_skeleton
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from jinja2.runtime import Context
from jinja2.utils import pass_context

from ..model.dates import EDate, Point, parse_date

LOCALES_DIR = Path(__file__).parent.parent / "locales"
"""The engine's catalogues."""

DOMAIN = "explainer"
_SKELETONS = {"year": "y", "month": "yMMMM", "day": "yMMMMd"}


class CatalogueError(ValueError):
    """A language without a catalogue, or a catalogue that cannot be read."""


@dataclass
class Messages:
    """What an edition's interface says, in its language.

    Attributes:
        lang: the edition's language (BCP 47), as pages declare it.
        locale: the Babel locale dates and numbers are written in.
        translations: the merged catalogue.
    """

    lang: str
    locale: Locale
    translations: Translations
    _dates: dict[str, str] = field(default_factory=dict, repr=False)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return str(self.translations.pgettext(context, message))

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.translations.npgettext(context, singular, plural, n)

    def number(self, value: int | float) -> str:
        """A number as the locale writes it: "2,000", "2.000"."""
        return format_decimal(value, locale=self.locale)

    def date(self, value: str | EDate | None) -> str:
        """A record's date at its precision: "26 April 2024", "2024년 4월", "August – September 2023"."""
        if value is None or value == "":
            return ""
        text = value if isinstance(value, str) else value.iso()
        found = self._dates.get(text)
        if found is None:
            found = self._dates[text] = self._format(parse_date(text))
        return found

    def day(self, value: dt.date) -> str:
        """A calendar day, such as a build date."""
        return format_date(value, "long", locale=self.locale)

    def name_of_language(self, code: str) -> str:
        """A language's name in this edition's language: "English", "영어"."""
        try:
            named = Locale.parse(code.replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            return code
        return named.get_display_name(self.locale) or code

    def language_name(self, code: str) -> str:
        """A language's name in that language itself, as a language switcher shows it: "한국어"."""
        try:
            own = Locale.parse(code.replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            return code
        name = own.get_display_name(own) or code
        return name[:1].upper() + name[1:]

    def _format(self, value: EDate) -> str:
        start, end = value.start, value.end
        if end is None or end == start:
            return self._point(start)
        if start.precision == end.precision:
            return one_dash(str(format_interval(start.first, end.first, _SKELETONS[start.precision], locale=self.locale)))
        # Two precisions (a month to a day): each as it is, joined as the locale joins a range.
        pattern = self.locale.interval_formats.get(None, "{0} – {1}")
        return one_dash(str(pattern).replace("{0}", self._point(start)).replace("{1}", self._point(end)))

    def _point(self, point: Point) -> str:
        if point.precision == "day":
            return format_date(point.first, "long", locale=self.locale)
        return format_skeleton(_SKELETONS[point.precision], point.first, locale=self.locale)


_RANGE_DASH = re.compile(r"\s*[–~～]\s*")


def one_dash(text: str) -> str:
    """A range as the site writes every range, in every edition: an en dash, without spaces between
    years or numbers ("2020–2023", "2020년–2023년"), with a space either side where a date is
    several words and the locale spaces it ("August – September 2023", but "26–28 April 2024"). Locales join ranges variously ("2020 – 2023",
    "8월~9월"); ``render.wording`` writes number ranges and periods the same way."""
    found = _RANGE_DASH.search(text)
    if found is None or found.start() == 0 or found.end() == len(text):
        return text
    start, end = text[: found.start()], text[found.end() :]
    spaced = found.group() != found.group().strip() and (" " in start or " " in end)
    return f"{start}{' – ' if spaced else '–'}{end}"


def catalogue_path(lang: str, folders: Iterable[Path]) -> list[Path]:
    """The catalogues of a language found in ``folders``, in order (``ko.po``; ``de.po`` for ``de-CH``)."""
    names = [f"{lang}.po", f"{lang.split('-')[0]}.po"]
    found = []
    for folder in folders:
        for name in dict.fromkeys(names):
            if (folder / name).is_file():
                found.append(folder / name)
                break
    return found


def load_messages(lang: str, locale: str | None = None, folders: Iterable[Path] = ()) -> Messages:
    """The messages of one language: the engine's catalogue, then a publication's over it.

    Args:
        lang: the language (BCP 47).
        locale: the Babel locale for dates and numbers (default: the language's own).
        folders: the publication's catalogue folders, searched after the engine's.

    Raises:
        CatalogueError: when neither the engine nor the publication has a catalogue for the
            language, when one cannot be read, or when the locale is unknown.
    """
    paths = catalogue_path(lang, [LOCALES_DIR, *folders])
    if not paths:
        raise CatalogueError(
            f"there is no message catalogue for the language {lang!r}: add locales/{lang}.po beside mkdocs.yml"
            f" (`explainer messages {lang}` starts one from the engine's), or leave {lang!r} out of extra.explainer.languages"
        )
    merged = Catalog(locale=None, domain=DOMAIN)
    for i, path in enumerate(paths):
        with path.open("rb") as stream:
            try:
                catalogue = read_po(stream, locale=None, domain=DOMAIN)
            except Exception as exc:  # babel raises plain exceptions for broken files
                raise CatalogueError(f"{path}: cannot read the catalogue: {exc}") from None
        if i == 0:
            # The first catalogue's headers say how the language forms plurals.
            merged.mime_headers = catalogue.mime_headers
        for message in catalogue:
            if message.id and is_translated(message):
                merged.add(message.id, message.string, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    try:
        babel_locale = Locale.parse((locale or lang).replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise CatalogueError(f"{locale or lang!r} is not a locale Babel knows; give one such as 'en_GB' or 'ko'") from None
    return Messages(lang, babel_locale, Translations(buffer, domain=DOMAIN))


def install_messages(env: jinja2.Environment, default: Messages) -> None:
    """Give a theme environment ``_``, ``gettext`` and ``ngettext`` that read each page's edition.

    One environment renders every page of every edition, so the messages come from the page's
    context (``messages``, which the engine puts there), and from ``default`` where a template has
    no page (404.html, the sitemap).
    """
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")

    def of(context: Context) -> Messages:
        found = context.get("messages")
        return found if isinstance(found, Messages) else default

    @pass_context
    def gettext(context: Context, message: str) -> str:
        return of(context).gettext(message)

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, n: int) -> str:
        return of(context).ngettext(singular, plural, n)

    @pass_context
    def pgettext(context: Context, where: str, message: str) -> str:
        return of(context).pgettext(where, message)

    @pass_context
    def npgettext(context: Context, where: str, singular: str, plural: str, n: int) -> str:
        return of(context).npgettext(where, singular, plural, n)

    # The extension's own method, not env.install_gettext_callables: an overlay environment
    # inherits that attribute bound to its parent, and would install into the parent.
    extension = env.extensions["jinja2.ext.InternationalizationExtension"]
    extension._install_callables(gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext)  # type: ignore[attr-defined]


def is_translated(message: Message) -> bool:
    """Whether a catalogue's message has a translation in every form, and not a fuzzy one."""
    forms = (message.string,) if isinstance(message.string, str) else tuple(message.string or ())
    return bool(forms) and all(forms) and not message.fuzzy
