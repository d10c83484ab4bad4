"""The ``explainer`` command: validate the records, scaffold new ones."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ..errors import DataError, Diagnostic
from ..model.records import RECORD_TYPES
from ..pipeline import build_site


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 valid, 1 invalid data, 2 usage)."""
    parser = argparse.ArgumentParser(prog="explainer", description="Check and create the YAML records of the explainer site.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("validate", help="check every record; print one summary line, or every problem")
    check.add_argument("data_dir", nargs="?", default="data", type=Path, help="the data directory (default: data)")
    check.add_argument("--format", choices=("text", "github"), default="text", help="'github' prints workflow annotations")

    new = commands.add_parser("new", help="write a new record file with every field, ready to fill in")
    new.add_argument("type", nargs="?", help=f"one of: {', '.join(cls.type for cls in RECORD_TYPES.values())}")
    new.add_argument("id", nargs="?", help="the new record's id (lower-case slug)")
    new.add_argument("--data-dir", default="data", type=Path, help="the data directory (default: data)")

    schemas = commands.add_parser("schemas", help="write the JSON Schemas of the record types from the models")
    schemas.add_argument("out_dir", nargs="?", default="schemas", type=Path, help="where they go (default: schemas)")
    schemas.add_argument("--check", action="store_true", help="write nothing; exit 1 if a schema differs from the models")

    args = parser.parse_args(argv)
    if args.command == "schemas":
        from ..outputs.schemas import run

        return run(args.out_dir, args.check)
    if args.command == "validate":
        return validate(args.data_dir, args.format)
    if args.command == "new":
        from .scaffold import new_record

        return new_record(args.type, args.id, args.data_dir, parser)
    parser.print_help(sys.stderr)
    return 2


def validate(data_dir: Path, fmt: str = "text") -> int:
    """Validate ``data_dir``; print a summary line (exit 0) or every diagnostic (exit 1)."""
    if not data_dir.is_dir():
        print(f"explainer: error: no data directory at {data_dir}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    root = data_dir.resolve().parent
    try:
        site = build_site(data_dir, root=Path.cwd() if _inside(data_dir, Path.cwd()) else root)
    except DataError as exc:
        for diag in exc.diagnostics:
            print(format_diagnostic(diag, fmt))
        print(exc.summary())
        return 1
    elapsed = time.perf_counter() - start
    counts = ", ".join(f"{site.count(cls.type)} {cls.plural if site.count(cls.type) != 1 else cls.type}" for cls in RECORD_TYPES.values())
    print(f"{data_dir.as_posix()}: valid: {counts} in {elapsed:.2f} s")
    return 0


def format_diagnostic(diag: Diagnostic, fmt: str) -> str:
    """One diagnostic as text, or as a GitHub workflow annotation on its file and line."""
    if fmt == "github":
        # The escaping of GitHub's workflow commands: a property value also escapes ':' and ','.
        message = diag.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = diag.pos.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")
        return f"::error file={path},line={diag.pos.line},col={diag.pos.col}::{message}"
    return str(diag)


def _inside(path: Path, parent: Path) -> bool:
    try:
        path.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
