"""``explainer new``: write a new record file with every field of its type, ready to fill in.

The file is generated from the models (through :mod:`explainer.schemadoc`), so it never falls
behind them: required fields are written with an empty value to fill in, optional fields are
commented out, and each field carries its description.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import did_you_mean
from ..model.describe import FieldDoc, Vocabularies, fields_of, part_models, part_rule, record_class
from ..model.records import RECORD_TYPES, Record, _check_slug
from ..model.settings import VOCABULARIES, Settings

_TYPES = ", ".join(cls.type for cls in RECORD_TYPES.values())


def new_record(type_: str | None, rid: str | None, data_dir: Path, parser: argparse.ArgumentParser, settings: Settings) -> int:
    """Write ``data/<plural>/<rid>.yml`` for a new record of type ``type_``.

    Args:
        type_: the record type (``event``; the folder name ``events`` works too), or None to list
            the types.
        rid: the new record's id.
        data_dir: the data directory.
        parser: the command's parser, whose name prefixes the messages.
        settings: the publication's settings, whose vocabularies give the choices of kinds and tags.

    Returns:
        0 when the file was written (or the types listed), 1 when the file already exists, 2 for
        a bad type, id or data directory.
    """
    prog = f"{parser.prog} new"
    if type_ is None:
        print(list_types(prog))
        return 0
    cls = record_class(type_)
    if cls is None:
        hint = did_you_mean(type_, [c.type for c in RECORD_TYPES.values()])
        return _fail(prog, f"unknown record type {type_!r}{hint}; choose one of: {_TYPES}", 2)
    if rid is None:
        return _fail(prog, f"give the new record's id after the type, like: {prog} {cls.type} {_example_id(cls)}", 2)
    try:
        _check_slug(rid)
    except ValueError as exc:
        return _fail(prog, str(exc), 2)
    if not data_dir.is_dir():
        return _fail(prog, f"no data directory at {data_dir.as_posix()}; run this in the repository's root folder, or give --data-dir", 2)

    path = data_dir / cls.plural / f"{rid}.yml"
    path.parent.mkdir(exist_ok=True)
    try:
        # Exclusive creation: a record that exists is never overwritten, even in a race.
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(render_record(cls, rid, {name: settings.vocabulary(name) for name in VOCABULARIES}))
    except FileExistsError:
        return _fail(prog, f"{path.as_posix()} already exists; edit it, or choose another id", 1)
    print(f"wrote {path.as_posix()}")
    print("Next: fill in every field that has no value yet (they are required), uncomment the optional")
    print(f"fields you need, then check the file with `make validate` (or `explainer validate {data_dir.as_posix()}`).")
    return 0


def list_types(prog: str) -> str:
    """The record types, their folders and what each holds."""
    lines = [f"usage: {prog} TYPE ID", "", "Record types:"]
    for plural, cls in RECORD_TYPES.items():
        summary = (cls.__doc__ or "").strip().splitlines()[0]
        lines.append(f"  {cls.type:<13} data/{plural + '/':<15} {summary}")
    lines += ["", f"For example: {prog} event {_example_id(RECORD_TYPES['events'])}"]
    return "\n".join(lines)


def render_record(cls: type[Record], rid: str, vocabularies: Vocabularies | None = None) -> str:
    """The text of a new record file: every field of ``cls``, the id filled in; ``vocabularies``
    give the choices of the fields whose values come from one."""
    summary = (cls.__doc__ or "").strip().splitlines()[0]
    optional = next(f.name for f in fields_of(cls) if not f.required)
    lines = [
        f"# A new {cls.type} record: {summary[0].lower() + summary[1:]}",
        "#",
        "# Fill in every field that has no value yet: they are required. Optional fields are",
        f"# commented out, like '# {optional}:'; to use one, delete the '# ' before its name and give",
        "# it a value, and leave the others as they are. A value that contains ': ' goes in quotes.",
        "# Then check the file with `make validate` (or `.venv/bin/explainer validate data`).",
        '# CONTRIBUTING.md and the site\'s "Record schema" page explain every field.',
    ]
    for field in fields_of(cls, vocabularies):
        lines += ["", f"# {_explain(field)}"]
        if field.name == "id":
            lines.append(f"id: {rid}")
        else:
            lines += _align(_field(field, active=field.required, expand=True))
    return "\n".join(lines) + "\n"


Line = tuple[str, str]
"""A line of YAML and the comment that explains it ("" for none)."""


def _field(field: FieldDoc, *, active: bool, expand: bool, note: str = "") -> list[Line]:
    """The lines of one field; commented out unless ``active``.

    A nested part is written out as a skeleton of its fields when ``expand`` is set (top-level
    fields) or when it is required; otherwise it is one line.
    """
    mark = "" if active else "# "
    head = f"{mark}{field.name}:"
    if field.kind != "part" or not (expand or field.required):
        if field.many and field.kind != "part" and expand:
            return [(head, note), (f"{mark}  -", "")]
        default = f" {field.default}" if field.default is not None else ""
        return [(head + default, note)]
    parts = fields_of(part_models()[field.part or ""])
    anyone = not any(part.required for part in parts)
    inner: list[Line] = []
    for i, part in enumerate(parts):
        # A part whose fields are all optional (a party: person, organisation or description)
        # still needs one of them, so the first is offered to fill in.
        inner += _field(part, active=part.required or (anyone and i == 0), expand=False, note=_note(part))
    lead = [f"{mark}  - "] + [f"{mark}    "] * (len(inner) - 1) if field.many else [f"{mark}  "] * len(inner)
    return [(head, note)] + [(prefix + code, comment) for prefix, (code, comment) in zip(lead, inner, strict=True)]


def _align(lines: list[Line]) -> list[str]:
    """Lines with their comments lined up in one column."""
    width = max((len(code) for code, note in lines if note), default=0) + 2
    return [f"{code:<{width}}# {note}" if note else code for code, note in lines]


def _note(field: FieldDoc) -> str:
    """The comment after a nested field: its description, and its choices or date forms."""
    text = field.description
    if field.choices:
        text += " One of: " + ", ".join(field.choices) + "."
    if field.kind == "date":
        text += " YYYY, YYYY-MM or YYYY-MM-DD."
    return text


def _explain(field: FieldDoc) -> str:
    """The one-line explanation of a top-level field."""
    text = field.description
    if field.part and part_rule(field.part):
        text += f" Each: {part_rule(field.part)[0].lower()}{part_rule(field.part)[1:]}"
    if field.kind == "markdown":
        text += f" For several lines, write '{field.name}: |' and indent the text below it."
    if field.hint and field.hint not in text and (field.kind != "id" or field.name == "id") and "http" not in text:
        text += f" Write {field.hint}."
    if field.choices:
        text += " One of: " + ", ".join(field.choices) + "."
    if field.examples:
        example = field.examples[0]
        text += " Example: " + (", ".join(map(str, example)) if isinstance(example, list) else str(example)) + "."
    if field.default is not None:
        text += f" Default: {field.default}."
    return text


def _example_id(cls: type[Record]) -> str:
    return {"events": "2024-04-26-harbour-closure", "sources": "example-news-2024-04-27-harbour-closure"}.get(cls.plural, f"new-{cls.type}")


def _fail(prog: str, message: str, status: int) -> int:
    print(f"{prog}: error: {message}", file=sys.stderr)
    return status
