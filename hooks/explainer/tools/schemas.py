"""``explainer schemas``: write the JSON Schemas of the record types, or check that they are current."""

from __future__ import annotations

from pathlib import Path

from ..model.records import RECORD_TYPES
from ..model.settings import Settings
from ..outputs.schemas import render_schemas

SCHEMA_DIR = Path("schemas")


def write_schemas(out_dir: Path, settings: Settings) -> list[Path]:
    """Write every schema file into ``out_dir``.

    Returns:
        The files whose content changed.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in render_schemas(settings).items():
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(out_dir: Path, settings: Settings) -> list[Path]:
    """The schema files in ``out_dir`` that are missing or differ from the models."""
    return [
        out_dir / name
        for name, text in render_schemas(settings).items()
        if not (out_dir / name).is_file() or (out_dir / name).read_text(encoding="utf-8") != text
    ]


def run(out_dir: Path, settings: Settings, check: bool = False) -> int:
    """Write the schemas, or with ``check`` report the stale ones; returns the exit status."""
    if check:
        stale = stale_schemas(out_dir, settings)
        for path in stale:
            print(f"{path.as_posix()}: out of date with the models; run 'explainer schemas' and commit the result")
        if not stale:
            print(f"{out_dir.as_posix()}: {len(RECORD_TYPES)} schemas match the models")
        return 1 if stale else 0
    changed = write_schemas(out_dir, settings)
    for path in changed:
        print(f"wrote {path.as_posix()}")
    if not changed:
        print(f"{out_dir.as_posix()}: {len(RECORD_TYPES)} schemas already match the models")
    return 0
