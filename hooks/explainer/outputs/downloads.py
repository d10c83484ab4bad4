"""The open-data downloads: every record as JSON and as CSV, and the JSON Schemas of the records.

Every function returns the bytes of one file and depends only on its arguments, so the same
records give the same bytes: keys are sorted, records come in type order and then id order, and
nothing carries a timestamp.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from ..graph.site import Site
from ..model.records import RECORD_TYPES, Citation, Party, Record, Source
from ..model.settings import Settings
from ..render.edition import Edition
from .schemas import render_schemas

DOWNLOAD_DIR = "data"
"""Site-relative folder of the downloads."""

ENGINE_LICENCE = "MIT"
"""The licence of the engine's code, which every publication's site carries."""

QUOTATIONS = "Quoted words belong to their speakers and publishers; they are reproduced to report and cite them."


def licences(settings: Settings) -> dict[str, str]:
    """The licences ``records.json`` names: of the code, the data, the text, and of quotations."""
    return {"code": ENGINE_LICENCE, "data": settings.data_licence.spdx, "text": settings.text_licence.spdx, "quotations": QUOTATIONS}


def download_files(edition: Edition) -> dict[str, bytes]:
    """Every download, by its site-relative path.

    Args:
        edition: the publication's records, settings and addresses (without a site URL, the page
            URLs in the files are site-relative).

    Returns:
        ``{"data/records.json": ..., "data/events.csv": ..., "data/schemas/event.schema.json": ...}``.
    """
    files = {f"{DOWNLOAD_DIR}/records.json": records_json(edition)}
    for cls in RECORD_TYPES.values():
        files[f"{DOWNLOAD_DIR}/{cls.plural}.csv"] = records_csv(edition, cls.type)
    for name, content in render_schemas(edition.settings).items():
        files[f"{DOWNLOAD_DIR}/schemas/{name}"] = content.encode("utf-8")
    return dict(sorted(files.items()))


# -- records.json ------------------------------------------------------------------------------


def records_json(edition: Edition) -> bytes:
    """All records with their page URLs, fields, resolved references and citations."""
    site = edition.site
    document = {
        "site": {"name": edition.name, "url": edition.addresses.site_url or ""},
        "licences": licences(edition.settings),
        # A field in our own words is one text, or a text per language: these, the default first.
        "languages": list(edition.settings.languages),
        "types": {
            cls.type: {
                "plural": cls.plural,
                "count": site.count(cls.type),
                "csv": f"{cls.plural}.csv",
                "schema": f"schemas/{cls.type}.schema.json",
            }
            for cls in RECORD_TYPES.values()
        },
    }
    # One record per line: as easy to diff and grep as an indented file, and written by the C
    # JSON encoder, where indenting takes the pure-Python one (5% of a 10,000-event build).
    lines = ",\n".join("    " + json.dumps(export_record(edition, r), ensure_ascii=False, sort_keys=True) for r in _records(site))
    head = _json_bytes(document).decode("utf-8").rstrip()
    return f'{head.removesuffix("}").rstrip()},\n  "records": [\n{lines}\n  ]\n}}\n'.encode()


def export_record(edition: Edition, record: Record) -> dict[str, Any]:
    """One record as ``records.json`` holds it.

    Returns:
        ``type``, ``id``, ``page_url``; ``fields`` (the record exactly as validated, absent
        optional fields as ``null``); ``references`` (every id the record uses, with the JSON
        Pointer into ``fields`` where it is used and the name and page of the record it names);
        and ``citations`` (every citation, wherever it sits, with its source resolved).
    """
    return {
        "type": record.type,
        "id": record.id,
        "page_url": edition.addresses.record_url(record.type, record.id),
        "fields": record.model_dump(mode="json"),
        "references": [{"pointer": _pointer(loc), **_ref(edition, type_, rid)} for loc, type_, rid in record.refs()],
        "citations": [{"pointer": _pointer(loc), **_citation(edition, cite)} for loc, cite in record.all_citations()],
    }


def _ref(edition: Edition, type_: str, rid: str) -> dict[str, str]:
    return {"type": type_, "id": rid, "name": edition.site.get(type_, rid).label, "page_url": edition.addresses.record_url(type_, rid)}


def _party(edition: Edition, party: Party) -> dict[str, Any]:
    return {
        "person": _ref(edition, "person", party.person) if party.person else None,
        "organisation": _ref(edition, "organisation", party.organisation) if party.organisation else None,
        "description": party.description,
    }


def _citation(edition: Edition, cite: Citation) -> dict[str, Any]:
    source = edition.site.get("source", cite.source)
    assert isinstance(source, Source)
    return {
        "source": {
            "id": source.id,
            "title": source.label,
            "page_url": edition.addresses.record_url("source", source.id),
            "url": source.url,
            "archive_url": source.archive_url,
        },
        "excerpt": cite.excerpt,
        "locator": cite.locator,
        "attributed_to": [_party(edition, p) for p in cite.attributed_to],
    }


def _pointer(loc: tuple[str | int, ...]) -> str:
    """An RFC 6901 JSON Pointer into a record's fields."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in loc)


# -- CSV -----------------------------------------------------------------------------------------


def csv_columns(type_: str) -> list[str]:
    """The header of a type's CSV file: ``id``, ``page_url``, then the fields in schema order."""
    cls = next(c for c in RECORD_TYPES.values() if c.type == type_)
    return ["id", "page_url", *(name for name in cls.model_fields if name != "id")]


def records_csv(edition: Edition, type_: str) -> bytes:
    """One row per record of a type (RFC 4180, UTF-8, CRLF line ends).

    An empty cell is an absent optional field. A field that holds a list or an object (aliases,
    citations, figures, ...) is JSON in its cell, even when the list is empty (``[]``); every other
    cell is the value as written in the record, after an apostrophe where the value begins as a
    formula would (``=``, ``+``, ``-``, ``@``, a tab or a carriage return).
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    columns = csv_columns(type_)
    writer.writerow(columns)
    for record in edition.site.all(type_):
        values = record.model_dump(mode="json")
        values["page_url"] = edition.addresses.record_url(type_, record.id)
        writer.writerow([_cell(values[c]) for c in columns])
    return out.getvalue().encode("utf-8")


# A spreadsheet runs a cell that begins with one of these as a formula (=HYPERLINK(...), +cmd|...):
# OWASP's guidance on CSV injection is to begin such a cell with an apostrophe, which spreadsheets
# read as "text", and which content/data.md documents for readers of the files.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


# -- helpers -----------------------------------------------------------------------------------------


def _records(site: Site) -> Iterator[Record]:
    for cls in RECORD_TYPES.values():
        yield from site.all(cls.type)


def _json_bytes(value: Mapping[str, Any] | list[Any]) -> bytes:
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")
