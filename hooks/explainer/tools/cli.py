"""The ``explainer`` command: start a publication, validate its records, scaffold new ones, write its schemas, check its links,
render it for a builder without hooks."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ..errors import DataError, Diagnostic
from ..graph.references import check_content
from ..load.project import Project, find_config, read_project
from ..model.records import RECORD_TYPES
from ..pipeline import build_site, check_records


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 valid, 1 invalid data, 2 usage)."""
    parser = argparse.ArgumentParser(
        prog="explainer", description="Start a cited explainer publication, and check and create its YAML records."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    config_help = "the publication's mkdocs.yml (default: the one in this folder or the nearest above it)"

    start = commands.add_parser("init", help="write a new publication into an empty folder, ready to build")
    start.add_argument("directory", type=Path, help="the new publication's folder (it must not exist, or be empty)")
    start.add_argument("--title", help="the publication's name (default: from the folder name)")
    start.add_argument("--language", default="en", help="the language of its pages, as a BCP 47 tag (default: en)")
    start.add_argument("--licence", default="CC-BY-4.0", help="the SPDX id of the licence of its text and data (default: CC-BY-4.0)")

    check = commands.add_parser("validate", help="check every record and explainer page; print one summary line, or every problem")
    check.add_argument("data_dir", nargs="?", type=Path, help="the data directory (default: the one the settings name)")
    check.add_argument("--config", type=Path, help=config_help)
    check.add_argument("--format", choices=("text", "github"), default="text", help="'github' prints workflow annotations")
    check.add_argument(
        "--translations", metavar="LANG", help="then list what the edition in LANG lacks a translation of, and which translations are stale"
    )

    new = commands.add_parser("new", help="write a new record file with every field, ready to fill in")
    new.add_argument("type", nargs="?", help=f"one of: {', '.join(cls.type for cls in RECORD_TYPES.values())}")
    new.add_argument("id", nargs="?", help="the new record's id (lower-case slug)")
    new.add_argument("--data-dir", type=Path, help="the data directory (default: the one the settings name)")
    new.add_argument("--config", type=Path, help=config_help)

    schemas = commands.add_parser("schemas", help="write the JSON Schemas of the record types, with the publication's vocabularies")
    schemas.add_argument("out_dir", nargs="?", default="schemas", type=Path, help="where they go (default: schemas)")
    schemas.add_argument("--check", action="store_true", help="write nothing; exit 1 if a schema differs from the models")
    schemas.add_argument("--config", type=Path, help=config_help)

    messages = commands.add_parser("messages", help="start a catalogue of the interface's words for a language, or update the engine's")
    messages.add_argument("lang", nargs="?", help="the language of a new catalogue, written to locales/LANG.po beside mkdocs.yml")
    messages.add_argument("--update", action="store_true", help="rewrite the engine's template and catalogues from its templates and code")
    messages.add_argument("--check", action="store_true", help="exit 1 if the engine's template or catalogues are behind its code")
    messages.add_argument("--config", type=Path, help=config_help)

    links = commands.add_parser("links", help="check every source's url and archive_url; report the dead and the moved ones")
    links.add_argument("--config", type=Path, help=config_help)
    links.add_argument(
        "--max-age", type=float, default=7, metavar="DAYS", help="check again what was checked longer ago (default: 7; 0: all)"
    )
    links.add_argument("--timeout", type=float, default=10, metavar="SECONDS", help="how long to wait for a server (default: 10)")
    links.add_argument("--workers", type=int, default=8, help="how many addresses are checked at once (default: 8)")
    links.add_argument("--per-host", type=int, default=2, help="how many requests one host gets at once (default: 2)")
    links.add_argument("--delay", type=float, default=1, metavar="SECONDS", help="pause between requests to one host (default: 1)")
    links.add_argument("--cache", type=Path, help="the results file (default: .cache/explainer/links.json beside mkdocs.yml)")

    render = commands.add_parser(
        "render", help="write the whole site as Markdown and files with front matter, for a builder that runs no hooks (Zensical)"
    )
    render.add_argument("out", type=Path, help="the folder to write it to (new, empty, or written by explainer render before)")
    render.add_argument(
        "--builder",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="the builder it is for (default: mkdocs); zensical reads links in a page's HTML as relative to the page's file",
    )
    render.add_argument("--config", type=Path, help=config_help)

    args = parser.parse_args(argv)
    if args.command == "messages" and (args.update or args.check):
        from .messages import update

        return update(check=args.check)
    if args.command == "init":
        from .init import init

        return init(args.directory, title=args.title, language=args.language, licence=args.licence)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    project = _project(args.config)
    if isinstance(project, int):
        return project
    if args.command == "schemas":
        from .schemas import run

        return run(args.out_dir, project.settings, args.check)
    if args.command == "validate":
        return validate(project, args.data_dir, args.format, args.translations)
    if args.command == "links":
        return check_links(project, args)
    if args.command == "render":
        from .render import run as render_tree

        return render_tree(project.config_file, args.out, args.builder)
    if args.command == "messages":
        from .messages import start as start_catalogue

        if not args.lang:
            parser.error("give the language of the new catalogue, such as: explainer messages de")
        return start_catalogue(args.lang, project.root / "locales")
    from .scaffold import new_record

    return new_record(args.type, args.id, args.data_dir or _shown(project.data_dir), parser, project.settings)


def _project(config: Path | None) -> Project | int:
    """The publication the command works on, or the exit status after saying why there is none."""
    found = config or find_config(Path.cwd())
    if found is None or not found.is_file():
        where = config.as_posix() if config else "this folder or any folder above it"
        print(
            f"explainer: error: no mkdocs.yml in {where}; run the command inside a publication (`explainer init DIR` starts one)",
            file=sys.stderr,
        )
        return 2
    try:
        return read_project(found)
    except DataError as exc:
        for diag in exc.diagnostics:
            print(diag, file=sys.stderr)
        print(exc.summary(), file=sys.stderr)
        return 1


def validate(project: Project, data_dir: Path | None = None, fmt: str = "text", translations: str | None = None) -> int:
    """Validate the records and the explainer pages' references exactly as the build does.

    Prints a summary line (exit 0), or every diagnostic and a count (exit 1); with
    ``translations``, then the report of that edition's missing and stale translations.
    """
    data_dir = data_dir or project.data_dir
    if not data_dir.is_dir():
        print(f"explainer: error: no data directory at {_shown(data_dir).as_posix()}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    root = Path.cwd() if _inside(data_dir, Path.cwd()) else project.root
    try:
        known = check_records(data_dir, root=root, settings=project.settings)
        problems = check_content(project.docs_dir, root, known) if project.docs_dir.is_dir() else []
        if problems:
            raise DataError(problems)
    except DataError as exc:
        for diag in exc.diagnostics:
            print(format_diagnostic(diag, fmt))
        print(exc.summary())
        return 1
    elapsed = time.perf_counter() - start
    counts = ", ".join(f"{known.count(cls.type)} {cls.plural if known.count(cls.type) != 1 else cls.type}" for cls in RECORD_TYPES.values())
    print(f"{_shown(data_dir).as_posix()}: valid: {counts} in {elapsed:.2f} s")
    if translations:
        from .translations import report

        return report(project, build_site(data_dir, root=root, settings=project.settings), translations)
    return 0


def check_links(project: Project, args: argparse.Namespace) -> int:
    """Check the sources' addresses (``explainer links``): exit 1 when any is dead, or the data are invalid."""
    from .links import run

    try:
        site = build_site(project.data_dir, root=project.root, settings=project.settings)
    except DataError as exc:
        for diag in exc.diagnostics:
            print(diag)
        print(exc.summary())
        return 1
    return run(
        site,
        project.root,
        max_age_days=args.max_age,
        timeout=args.timeout,
        workers=args.workers,
        per_host=args.per_host,
        delay=args.delay,
        cache_file=args.cache,
    )


def format_diagnostic(diag: Diagnostic, fmt: str) -> str:
    """One diagnostic as text, or as a GitHub workflow annotation on its file and line."""
    if fmt == "github":
        # The escaping of GitHub's workflow commands: a property value also escapes ':' and ','.
        message = diag.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = diag.pos.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")
        return f"::error file={path},line={diag.pos.line},col={diag.pos.col}::{message}"
    return str(diag)


def _shown(path: Path) -> Path:
    """A path as the user would write it: relative to the current folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _inside(path: Path, parent: Path) -> bool:
    try:
        path.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
