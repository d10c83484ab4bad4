"""Write the JSON Schemas under ``schemas/`` from the record models, or check that they are current.

The schemas are for tools that read the YAML files themselves: editors (through the YAML
language server) and check-jsonschema. Those tools follow YAML 1.2, where a plain ``2024`` is a
number and ``true`` a boolean, while the project's loader keeps every scalar as text and lets
the model parse it. So each schema is the model's own, widened where a YAML 1.2 reader would
produce a number or boolean that the loader accepts as text:

- a date field also takes a whole number from 1000 to 9999 (``date: 1997``);
- an id field also takes a non-negative whole number (``tags: [2024]``);
- a free-text field also takes a number or a boolean (``locator: 12``), and a string in it must
  not be blank;
- a whole-number field also takes digits in quotes (``value: "200"``).

Timestamps such as ``2024-04-26`` need nothing: check-jsonschema loads them as strings, and the
YAML language server has no timestamp type.

Run ``explainer schemas`` to rewrite the files and ``explainer schemas --check`` to compare.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..model.dates import DATE_PATTERN
from ..model.records import RECORD_TYPES, SLUG_PATTERN, Record, json_schema

SCHEMA_DIR = Path("schemas")
# The YAML language server (and so VS Code) validates draft-07 and warns that 2020-12 is "not yet
# fully supported"; every keyword the models produce means the same in draft-07.
DRAFT = "http://json-schema.org/draft-07/schema#"
NOTICE = "Generated from hooks/explainer/models.py by `explainer schemas`; do not edit by hand."


def schema_name(cls: type[Record]) -> str:
    """The file name of a record type's schema, e.g. ``event.schema.json``."""
    return f"{cls.type}.schema.json"


def editor_schema(cls: type[Record]) -> dict[str, Any]:
    """The JSON Schema of a record type as editors and check-jsonschema should read it.

    Args:
        cls: a record class.

    Returns:
        The model's schema, widened for YAML 1.2 readers (see the module docstring).
    """
    schema = json_schema(cls)
    head = {"$schema": DRAFT, "$id": schema.pop("$id", schema_name(cls)), "$comment": NOTICE}
    schema.pop("$schema", None)
    return _widen({**head, **schema})


def _widen(node: Any) -> Any:
    if isinstance(node, list):
        return [_widen(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _widen(value) for key, value in node.items()}
    kind = node.get("type")
    if kind == "string" and "enum" not in node and "const" not in node:
        pattern = node.get("pattern")
        if pattern == DATE_PATTERN:
            node.update(type=["string", "integer"], minimum=1000, maximum=9999)
        elif pattern == SLUG_PATTERN:
            node.update(type=["string", "integer"], minimum=0)
        elif pattern is None and "format" not in node:
            # Text must not be blank: some character other than a space.
            node.update(type=["string", "number", "boolean"], pattern="\\S")
    elif kind == "integer":
        node.update(type=["integer", "string"], pattern="^[0-9]+$")
    return node


def render_schemas() -> dict[str, str]:
    """Every schema file's name and text, in the order of the record types."""
    return {
        schema_name(cls): json.dumps(editor_schema(cls), indent=2, ensure_ascii=False) + "\n"
        for cls in RECORD_TYPES.values()
    }


def write_schemas(out_dir: Path = SCHEMA_DIR) -> list[Path]:
    """Write every schema file into ``out_dir``.

    Returns:
        The files whose content changed.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in render_schemas().items():
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(out_dir: Path = SCHEMA_DIR) -> list[Path]:
    """The schema files in ``out_dir`` that are missing or differ from the models."""
    return [
        out_dir / name
        for name, text in render_schemas().items()
        if not (out_dir / name).is_file() or (out_dir / name).read_text(encoding="utf-8") != text
    ]


def run(out_dir: Path = SCHEMA_DIR, check: bool = False) -> int:
    """Write the schemas, or with ``check`` report the stale ones; returns the exit status."""
    if check:
        stale = stale_schemas(out_dir)
        for path in stale:
            print(f"{path.as_posix()}: out of date with the models; run 'explainer schemas' and commit the result")
        if not stale:
            print(f"{out_dir.as_posix()}: {len(RECORD_TYPES)} schemas match the models")
        return 1 if stale else 0
    changed = write_schemas(out_dir)
    for path in changed:
        print(f"wrote {path.as_posix()}")
    if not changed:
        print(f"{out_dir.as_posix()}: {len(RECORD_TYPES)} schemas already match the models")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m explainer.schemas [--check] [DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m explainer.schemas", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", nargs="?", default=SCHEMA_DIR, type=Path, help="where the schemas live (default: schemas)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a schema file differs from the models")
    args = parser.parse_args(argv)
    return run(args.out_dir, args.check)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
