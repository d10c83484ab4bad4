"""Load, validate and index every record under a data directory, or fail with every problem."""

from __future__ import annotations

import copy
import functools
import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Set
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .errors import DataError, Diagnostic, SourcePos, did_you_mean, relative_path
from .graph.site import Loaded, Site, index_site
from .load.history import committed_text
from .load.project import read_project
from .load.validate import Rules, validate_document
from .load.yamlload import Document, Unpositioned, load_file, load_text
from .model.records import RECORD_TYPES, Record
from .model.settings import Settings

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
class _Reread(Unpositioned):
    """A valid record's document without its values and positions, which take more memory than
    the record itself (70 MB for the 8,850 records of the 5,000-event benchmark). Only a check
    across records asks for a position, and only when it finds a problem: the file is read again.
    """

    file: Path | None = None

    def positioned(self) -> Document:
        again = load_file(self.file, self.path) if self.file is not None else None
        # A file edited since it was read (under ``mkdocs serve``) still gets its name.
        return again if isinstance(again, Document) else Document(self.path, {})


@_without_cyclic_gc
def build_site(data_dir: Path, root: Path | None = None, settings: Settings | None = None) -> Site:
    """Load, validate and index every record.

    Args:
        data_dir: the directory holding ``sources/``, ``events/`` and the other record folders.
        root: the directory that diagnostics print paths relative to (default: the parent of
            ``data_dir``).
        settings: the publication's settings (default: those of ``root/mkdocs.yml``).

    Returns:
        The site graph.

    Raises:
        DataError: with every problem in every file, when any file is invalid.
    """
    root = root or data_dir.parent
    files, problems = _check_data(data_dir, root, Rules.of(settings or settings_near(root)))
    # A reference to a file that exists but is invalid is not "unknown": its own problems are reported already.
    site, cross = index_site([f.loaded for f in files if f.loaded], {f.key for f in files if f.loaded is None})
    problems.extend(cross)
    if problems:
        raise DataError(problems)
    return site


@dataclass(frozen=True)
class Preview:
    """A site made for the preview from what is valid, and every problem with the rest.

    Attributes:
        site: every valid record, with the last valid version of each record that is not.
        problems: every problem, as a build reports them.
        kept: the files whose last valid version the site shows instead.
        left_out: the files with a problem that the site leaves out, having no valid version.
        trimmed: valid files shown without their references to records left out.
        waiting: valid files left out because they cannot do without such a reference.
    """

    site: Site
    problems: list[Diagnostic]
    kept: frozenset[str] = frozenset()
    left_out: frozenset[str] = frozenset()
    trimmed: frozenset[str] = frozenset()
    waiting: frozenset[str] = frozenset()


@_without_cyclic_gc
def preview_site(data_dir: Path, root: Path | None = None, settings: Settings | None = None, last: Site | None = None) -> Preview:
    """Load, validate and index every record, and make a site of what can be shown.

    A file with a problem keeps its version in ``last`` (the site the preview showed before),
    else its version in the checkout's last commit if that one is valid, or is left out. A valid
    record that refers to a record left out is shown without that reference where the reference
    is an item of a list (a related event, a citation, a participant), else left out too, until
    every reference holds. Every other edit shows.

    Args:
        data_dir, root, settings: as for :func:`build_site`.
        last: the site of the previous preview, if any.
    """
    root = root or data_dir.parent
    rules = Rules.of(settings or settings_near(root))
    files, problems = _check_data(data_dir, root, rules)
    before = {last.path_of(r): r for records in last.records.values() for r in records.values()} if last else {}

    def earlier(f: _File) -> Loaded | None:
        record = before.get(f.path) or _committed(root, f, rules)
        return Loaded(record, _Reread(f.path, {}, file=f.file)) if record is not None else None

    shown: dict[str, Loaded] = {}
    kept: set[str] = set()
    for f in files:
        if (loaded := f.loaded or earlier(f)) is None:
            continue
        shown[f.path] = loaded
        if f.loaded is None:
            kept.add(f.path)
    site, cross = index_site(shown.values(), {f.key for f in files if f.loaded is None})
    problems.extend(cross)
    if problems:
        # From here on a reference to a record that is not shown is a problem, whatever the reason.
        site, cross = index_site(shown.values())
    by_path = {f.path: f for f in files}
    reported = {d.pos.path for d in problems}
    # The records left out when each trimmed file was last trimmed: that set only grows, so the
    # loop ends (each round leaves a file out, or trims one against more absent records).
    trimmed: dict[str, frozenset[tuple[str, str]]] = {}
    while failing := {d.pos.path for d in cross} & shown.keys():
        absent = frozenset(f.key for f in files if f.path not in shown)
        for path in failing:
            f = by_path[path]
            if path not in kept and path in reported and (loaded := earlier(f)) is not None:
                shown[path] = loaded
                kept.add(path)
            elif path not in reported and trimmed.get(path) != absent and (loaded := _without(f, absent, rules)) is not None:
                shown[path] = loaded
                trimmed[path] = absent
            else:
                del shown[path]
                kept.discard(path)
                trimmed.pop(path, None)
        site, cross = index_site(shown.values())
    left_out = frozenset(f.path for f in files if f.path not in shown)
    return Preview(site, sorted(set(problems)), frozenset(kept), left_out & reported, frozenset(trimmed), left_out - reported)


def _without(f: _File, absent: Set[tuple[str, str]], rules: Rules) -> Loaded | None:
    """A valid record with each list item that refers to an ``absent`` record taken out, if it
    is still valid then; None when a reference is not in a list (a quote's speaker)."""
    if f.loaded is None:
        return None
    cuts = set()
    for loc, type_, rid in f.loaded.record.refs():
        if (type_, rid) in absent:
            items = [i for i, part in enumerate(loc) if isinstance(part, int)]
            if not items:
                return None
            cuts.add(loc[: items[-1] + 1])
    doc = load_file(f.file, f.path)
    if not isinstance(doc, Document):
        return None
    data = copy.deepcopy(doc.data)
    # The last items first, so that each cut leaves the places of the others as they were.
    for loc in sorted(cuts, reverse=True):
        container: Any = data
        for part in loc[:-1]:
            container = container[part]
        del container[loc[-1]]
    record, _ = validate_document(Document(f.path, data), RECORD_TYPES[f.plural], f.file.stem, rules)
    return Loaded(record, f.loaded.doc) if record is not None else None


def _committed(root: Path, f: _File, rules: Rules) -> Record | None:
    """A record file's version in the checkout's last commit, if it has one and it is valid."""
    text = committed_text(root, f.path)
    doc = load_text(text, f.path, positions=False) if text is not None else None
    if not isinstance(doc, Document):
        return None
    record, _ = validate_document(doc, RECORD_TYPES[f.plural], f.file.stem, rules)
    return record


@dataclass(frozen=True)
class _File:
    """A record file as checked: its path as diagnostics print it, and its record if it is valid."""

    file: Path
    path: str
    plural: str
    loaded: Loaded | None

    @property
    def key(self) -> tuple[str, str]:
        """The (type, id) its record has, or would have."""
        return RECORD_TYPES[self.plural].type, self.file.stem


def _check_data(data_dir: Path, root: Path, rules: Rules) -> tuple[list[_File], list[Diagnostic]]:
    """Every record file under ``data_dir``, loaded and validated, and the problems found on the way."""
    problems: list[Diagnostic] = []
    data_rel = relative_path(data_dir, root)
    tasks = [(file, f"{data_rel}/{plural}/{file.name}", plural) for file, plural in _record_files(data_dir, root, problems)]
    files = []
    for (file, rel, plural), (record, found) in zip(tasks, _check_files(tasks, rules), strict=True):
        problems.extend(found)
        loaded = Loaded(record, _Reread(rel, {}, file=file)) if record is not None else None
        files.append(_File(file, rel, plural, loaded))
    return files, problems


def settings_near(root: Path) -> Settings:
    """The settings in the ``mkdocs.yml`` of the project folder ``root``.

    Raises:
        DataError: when there is none, or its settings are invalid.
    """
    config = root / "mkdocs.yml"
    if not config.is_file():
        raise DataError(
            [
                Diagnostic(
                    SourcePos("mkdocs.yml"),
                    f"no mkdocs.yml in {root.as_posix()}: the records need their publication's settings (extra.explainer)",
                )
            ]
        )
    return read_project(config).settings


PARALLEL_MIN_FILES = 2_000
"""Fewer files are checked in one process: starting workers and sending records back to this
process would cost more than the second core saves."""

_Task = tuple[Path, str, str]
"""A record file, its path as diagnostics print it, and its folder (the plural of its type)."""

_Checked = tuple[Record | None, list[Diagnostic]]
"""A file's record (None when the file is invalid) and its problems."""


def _check_files(tasks: list[_Task], rules: Rules) -> list[_Checked]:
    """Load and validate every record file, in order; on every core when there are many files.

    Loading and validating are most of a build's time, and each file is checked on its own. The
    files are cut into chunks: forked workers take chunks from the end of the list, and this
    process takes them from the start (its own records need no sending back) until it reaches a
    chunk that a worker has taken. A worker slowed by other work on the machine takes fewer
    chunks, and the results stay in the order of the files, as from a single process.
    """
    workers = _worker_count(len(tasks)) - 1
    if workers < 1:
        return _check_chunk(tasks, rules)
    size = -(-len(tasks) // _CHUNKS)
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    checked: list[_Checked] = []
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(_check_chunk, chunk, rules) for chunk in reversed(chunks)][::-1]
        for chunk, future in zip(chunks, futures, strict=True):
            # A chunk can be cancelled only while no worker has taken it.
            checked.extend(_check_chunk(chunk, rules) if future.cancel() else future.result())
    return checked


_CHUNKS = 100
"""Chunks of ~50 ms for 10,000 files: small enough to share the work out evenly, large enough
that sending them and their results costs little."""


def _worker_count(files: int) -> int:
    """How many processes to check ``files`` files in: one, unless there are many files, several
    cores, and the fork start method (a fresh interpreter would import everything again).

    Also one while other threads run (``mkdocs serve`` rebuilds beside its web server and file
    watcher): a forked child gets a copy of every lock, and one held by another thread at that
    moment would never be released in the child.
    """
    if files < PARALLEL_MIN_FILES or "fork" not in multiprocessing.get_all_start_methods() or _other_threads():
        return 1
    return min(_cores(), 1 + files // max(PARALLEL_MIN_FILES, 1))


def _other_threads() -> bool:
    return threading.active_count() > 1


def _cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _check_chunk(tasks: list[_Task], rules: Rules) -> list[_Checked]:
    return [_check_file(*task, rules) for task in tasks]


def _check_file(file: Path, rel: str, plural: str, rules: Rules) -> _Checked:
    """Load and validate one record file. It is loaded without positions: a valid record keeps
    none, and the document finds them again for the diagnostics of an invalid one."""
    doc = load_file(file, rel, positions=False)
    if isinstance(doc, list):
        return None, doc
    return validate_document(doc, RECORD_TYPES[plural], file.stem, rules, taken=lambda rid: file.with_name(f"{rid}.yml").is_file())


def _record_files(data_dir: Path, root: Path, problems: list[Diagnostic]) -> list[tuple[Path, str]]:
    """Every record file in a stable order; anything else in ``data/`` is reported, not skipped."""
    if not data_dir.is_dir():
        problems.append(Diagnostic(SourcePos(relative_path(data_dir, root)), "the data directory does not exist"))
        return []
    found: list[tuple[Path, str]] = []
    for entry in sorted(data_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        if not entry.is_dir() or entry.name not in RECORD_TYPES:
            # "person" or "persons" for people/: the type's own name, or a regular plural of it.
            meant = {cls.type: plural for plural, cls in RECORD_TYPES.items()}.get(entry.name.removesuffix("s"))
            hint = f" (did you mean {meant!r}?)" if meant else did_you_mean(entry.name, RECORD_TYPES)
            problems.append(
                Diagnostic(
                    SourcePos(relative_path(entry, root)),
                    f"unexpected {'folder' if entry.is_dir() else 'file'} in the data directory{hint}; records go in {', '.join(f'{p}/' for p in RECORD_TYPES)}",
                )
            )
            continue
        for dirpath, dirnames, filenames in os.walk(entry):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            # One Path per folder, not two per file: a data directory holds thousands of files.
            folder = Path(dirpath)
            nested = folder != entry
            for name in sorted(filenames):
                file = folder / name
                if name.startswith("."):
                    continue
                if nested:
                    problems.append(
                        Diagnostic(
                            SourcePos(relative_path(file, root)),
                            f"records sit directly in {entry.name}/, not in sub-folders; move the file up",
                        )
                    )
                elif not name.endswith(".yml"):
                    problems.append(
                        Diagnostic(
                            SourcePos(relative_path(file, root)),
                            "record files end in '.yml'; rename it or move it out of the data directory",
                        )
                    )
                else:
                    found.append((file, entry.name))
    return found
