"""How to cite a page of this site: a plain-text reference, a BibTeX entry and a CSL-JSON item."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from ..model.records import Record
from .edition import Edition


@dataclass(frozen=True)
class PageCitation:
    """A page's citation in three forms; plain strings, to be escaped where they are printed."""

    text: str
    bibtex: str
    csl_json: str
    title: str = ""
    title_lang: str | None = None
    """The page's title and its language where it is not the edition's."""
    bibtex_title: str = ""
    json_title: str = ""
    """The title as the BibTeX and the CSL-JSON spell it (escaped their way), to mark its language there."""


def cite_page(edition: Edition, record: Record, url: str, built: date, changed: date | None = None) -> PageCitation:
    """The citation of a record's page as of a build, in an edition's language.

    Args:
        edition: the edition the page is in.
        record: the record the page shows.
        url: the page's absolute URL.
        built: the build date (``SOURCE_DATE_EPOCH`` or today), cited as the date it was read.
        changed: the day the record last changed (its file's last commit), cited as the version
            date; the build date when not given.
    """
    version = changed or built
    site_name = edition.name
    title = edition.label(record)
    text = edition.messages.gettext("“%(title)s”. %(site)s. %(url)s (version of %(day)s).") % {
        "title": title,
        "site": site_name,
        "url": url,
        "day": edition.messages.day(version),
    }
    key = f"{record.type}-{record.id}"
    fields = {
        "title": title,
        "organization": site_name,
        "howpublished": f"\\url{{{url}}}",
        "year": str(version.year),
        "month": _MONTHS[version.month - 1],
        "url": url,
        "urldate": built.isoformat(),
        "note": edition.messages.gettext("Version of %(day)s") % {"day": version.isoformat()},
    }
    lines = [f"@misc{{{key},"]
    for name, value in fields.items():
        if name == "month":  # a BibTeX month macro, unbraced
            lines.append(f"  {name} = {value},")
        elif name in ("howpublished", "url", "urldate", "year"):
            lines.append(f"  {name} = {{{value}}},")
        else:
            lines.append(f"  {name} = {{{_bibtex(value)}}},")
    lines.append("}")
    csl = {
        "id": key,
        "type": "webpage",
        "title": title,
        "container-title": site_name,
        "URL": url,
        "issued": {"date-parts": [[version.year, version.month, version.day]]},
        "accessed": {"date-parts": [[built.year, built.month, built.day]]},
        "language": edition.lang,
    }
    # One field a line, each value on its line: short enough to read, and still valid JSON.
    items = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in sorted(csl.items()))
    return PageCitation(
        text,
        "\n".join(lines),
        "[\n  {\n" + items + "\n  }\n]",
        title,
        edition.label_lang(record),
        bibtex_title=_bibtex(title)[1:-1],
        json_title=json.dumps(title, ensure_ascii=False)[1:-1],
    )


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_BIBTEX_REPLACEMENTS = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}


def _bibtex(value: str) -> str:
    # Braces keep BibTeX from re-casing the title; specials are escaped so they print as text.
    return "{" + _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_REPLACEMENTS.get(m.group(1), "\\" + m.group(1)), value) + "}"
