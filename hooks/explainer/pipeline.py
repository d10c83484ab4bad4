"""Load, validate and index every record under a data directory, or fail with every problem."""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .errors import DataError, Diagnostic, SourcePos
from .models import RECORD_TYPES
from .site import Loaded, Site, index_site
from .validate import did_you_mean, validate_document
from .yamlload import Document, Path_, load_file

_T = TypeVar("_T")


def _without_cyclic_gc(func: Callable[..., _T]) -> Callable[..., _T]:
    """Pause the cyclic garbage collector while ``func`` runs.

    Loading makes millions of small objects that nearly all live on, and records hold no
    reference cycles: each automatic collection would walk every object loaded so far to free
    nothing, which made validation grow faster than the number of records (a third of the time
    for the 8,850 records of the 5,000-event benchmark). Whatever garbage there is waits for the next collection after the call.
    """

    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> _T:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapper


@dataclass
class _Reread(Document):
    """A valid record's document without its values and positions, which take more memory than
    the record itself (70 MB for the 8,850 records of the 5,000-event benchmark). Only a check
    across records asks for a position, and only when it finds a problem: the file is read again.
    """

    file: Path | None = None

    def pos(self, path: Path_) -> SourcePos:
        return self._positioned().pos(path)

    def key_pos(self, path: Path_) -> SourcePos:
        return self._positioned().key_pos(path)

    def _positioned(self) -> Document:
        again = load_file(self.file, self.path) if self.file is not None else None
        # A file edited since it was read (under ``mkdocs serve``) still gets its name.
        return again if isinstance(again, Document) else Document(self.path, {})


@_without_cyclic_gc
def build_site(data_dir: Path, root: Path | None = None) -> Site:
    """Load, validate and index every record.

    Args:
        data_dir: the directory holding ``sources/``, ``events/`` and the other record folders.
        root: the directory that diagnostics print paths relative to (default: the parent of
            ``data_dir``).

    Returns:
        The site graph.

    Raises:
        DataError: with every problem in every file, when any file is invalid.
    """
    root = root or data_dir.parent
    problems: list[Diagnostic] = []
    loaded: list[Loaded] = []
    # Files that exist but are invalid: a reference to one is not "unknown", and its own
    # problems are reported already.
    broken: set[tuple[str, str]] = set()
    data_rel = _rel(data_dir, root)
    for file, plural in _record_files(data_dir, root, problems):
        rel = f"{data_rel}/{plural}/{file.name}"
        key = (RECORD_TYPES[plural].type, file.stem)
        doc = load_file(file, rel)
        if isinstance(doc, list):
            problems.extend(doc)
            broken.add(key)
            continue
        record, found = validate_document(doc, RECORD_TYPES[plural], file.stem)
        problems.extend(found)
        if record is None:
            broken.add(key)
        else:
            loaded.append(Loaded(record, _Reread(doc.path, {}, file=file)))
    site, cross = index_site(loaded, broken)
    problems.extend(cross)
    if problems:
        raise DataError(problems)
    return site


def _record_files(data_dir: Path, root: Path, problems: list[Diagnostic]) -> list[tuple[Path, str]]:
    """Every record file in a stable order; anything else in ``data/`` is reported, not skipped."""
    if not data_dir.is_dir():
        problems.append(Diagnostic(SourcePos(_rel(data_dir, root)), "the data directory does not exist"))
        return []
    found: list[tuple[Path, str]] = []
    for entry in sorted(data_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        if not entry.is_dir() or entry.name not in RECORD_TYPES:
            # "person" or "persons" for people/: the type's own name, or a regular plural of it.
            folder = {cls.type: plural for plural, cls in RECORD_TYPES.items()}.get(entry.name.removesuffix("s"))
            hint = f" (did you mean {folder!r}?)" if folder else did_you_mean(entry.name, RECORD_TYPES)
            problems.append(Diagnostic(SourcePos(_rel(entry, root)), f"unexpected {'folder' if entry.is_dir() else 'file'} in the data directory{hint}; records go in {', '.join(f'{p}/' for p in RECORD_TYPES)}"))
            continue
        for dirpath, dirnames, filenames in os.walk(entry):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                file = Path(dirpath, name)
                if name.startswith("."):
                    continue
                if Path(dirpath) != entry:
                    problems.append(Diagnostic(SourcePos(_rel(file, root)), f"records sit directly in {entry.name}/, not in sub-folders; move the file up"))
                elif not name.endswith(".yml"):
                    problems.append(Diagnostic(SourcePos(_rel(file, root)), "record files end in '.yml'; rename it or move it out of the data directory"))
                else:
                    found.append((file, entry.name))
    return found


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
