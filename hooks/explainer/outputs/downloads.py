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
from pathlib import Path
from typing import Any

from ..graph.site import Site
from ..model.records import RECORD_TYPES, Citation, Party, Record, Source
from ..render.urls import page_url
from .schemas import render_schemas

DOWNLOAD_DIR = "data"
"""Site-relative folder of the downloads."""

LICENCES = {
    "code": "MIT",
    "data": "CC-BY-4.0",
    "text": "CC-BY-4.0",
    "quotations": "Quoted words belong to their speakers and publishers; they are reproduced to report and cite them.",
}


def download_files(site: Site, site_url: str | None, site_name: str, schema_dir: Path | None = None) -> dict[str, bytes]:
    """Every download, by its site-relative path.

    Args:
        site: the site graph.
        site_url: the absolute URL of the site root (``None`` gives site-relative URLs).
        site_name: the name of the publication, recorded in ``records.json``.
        schema_dir: a folder of ready-made ``*.schema.json`` files to publish as they are.

    Returns:
        ``{"data/records.json": ..., "data/events.csv": ..., "data/schemas/event.schema.json": ...}``.
    """
    files = {f"{DOWNLOAD_DIR}/records.json": records_json(site, site_url, site_name)}
    for cls in RECORD_TYPES.values():
        files[f"{DOWNLOAD_DIR}/{cls.plural}.csv"] = records_csv(site, site_url, cls.type)
    for name, content in schema_files(schema_dir).items():
        files[f"{DOWNLOAD_DIR}/schemas/{name}"] = content
    return dict(sorted(files.items()))


# -- records.json ------------------------------------------------------------------------------


def records_json(site: Site, site_url: str | None, site_name: str) -> bytes:
    """All records with their page URLs, fields, resolved references and citations."""
    document = {
        "site": {"name": site_name, "url": site_url or ""},
        "licences": LICENCES,
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
    lines = ",\n".join("    " + json.dumps(export_record(site, site_url, r), ensure_ascii=False, sort_keys=True) for r in _records(site))
    head = _json_bytes(document).decode("utf-8").rstrip()
    return f'{head.removesuffix("}").rstrip()},\n  "records": [\n{lines}\n  ]\n}}\n'.encode("utf-8")


def export_record(site: Site, site_url: str | None, record: Record) -> dict[str, Any]:
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
        "page_url": page_url(site_url, record.type, record.id),
        "fields": record.model_dump(mode="json"),
        "references": [
            {"pointer": _pointer(loc), **_ref(site, site_url, type_, rid)}
            for loc, type_, rid in record.refs()
        ],
        "citations": [
            {"pointer": _pointer(loc), **_citation(site, site_url, cite)}
            for loc, cite in record.all_citations()
        ],
    }


def _ref(site: Site, site_url: str | None, type_: str, rid: str) -> dict[str, str]:
    return {"type": type_, "id": rid, "name": site.get(type_, rid).label, "page_url": page_url(site_url, type_, rid)}


def _party(site: Site, site_url: str | None, party: Party) -> dict[str, Any]:
    return {
        "person": _ref(site, site_url, "person", party.person) if party.person else None,
        "organisation": _ref(site, site_url, "organisation", party.organisation) if party.organisation else None,
        "description": party.description,
    }


def _citation(site: Site, site_url: str | None, cite: Citation) -> dict[str, Any]:
    source = site.get("source", cite.source)
    assert isinstance(source, Source)
    return {
        "source": {
            "id": source.id,
            "title": source.label,
            "page_url": page_url(site_url, "source", source.id),
            "url": source.url,
            "archive_url": source.archive_url,
        },
        "excerpt": cite.excerpt,
        "locator": cite.locator,
        "attributed_to": [_party(site, site_url, p) for p in cite.attributed_to],
    }


def _pointer(loc: tuple[str | int, ...]) -> str:
    """An RFC 6901 JSON Pointer into a record's fields."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in loc)


# -- CSV -----------------------------------------------------------------------------------------


def csv_columns(type_: str) -> list[str]:
    """The header of a type's CSV file: ``id``, ``page_url``, then the fields in schema order."""
    cls = next(c for c in RECORD_TYPES.values() if c.type == type_)
    return ["id", "page_url", *(name for name in cls.model_fields if name != "id")]


def records_csv(site: Site, site_url: str | None, type_: str) -> bytes:
    """One row per record of a type (RFC 4180, UTF-8, CRLF line ends).

    An empty cell is an absent optional field. A field that holds a list or an object (aliases,
    citations, figures, ...) is JSON in its cell, even when the list is empty (``[]``); every other
    cell is the value as written in the record.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    columns = csv_columns(type_)
    writer.writerow(columns)
    for record in site.all(type_):
        values = record.model_dump(mode="json")
        values["page_url"] = page_url(site_url, type_, record.id)
        writer.writerow([_cell(values[c]) for c in columns])
    return out.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return str(value)


# -- JSON Schemas ----------------------------------------------------------------------------------


def schema_files(schema_dir: Path | None = None) -> dict[str, bytes]:
    """The JSON Schema of every record type, by file name (``event.schema.json``, ...).

    Files in ``schema_dir`` (the committed ``schemas/``) are published as they are; a record type
    without one there gets its schema generated from the model, as ``explainer schemas`` would
    write it, so the downloads are complete either way.
    """
    found: dict[str, bytes] = {}
    if schema_dir is not None and schema_dir.is_dir():
        found = {p.name: p.read_bytes() for p in sorted(schema_dir.glob("*.schema.json"))}
    for name, text in render_schemas().items():
        found.setdefault(name, text.encode("utf-8"))
    return dict(sorted(found.items()))


# -- helpers -----------------------------------------------------------------------------------------


def _records(site: Site) -> Iterator[Record]:
    for cls in RECORD_TYPES.values():
        yield from site.all(cls.type)


def _json_bytes(value: Mapping[str, Any] | list[Any]) -> bytes:
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")
