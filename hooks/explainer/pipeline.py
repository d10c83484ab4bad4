"""Load, validate and index every record under a data directory, or fail with every problem."""

from __future__ import annotations

import copy
import functools
import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence, Set
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, overload

from .errors import DataError, Diagnostic, SourcePos, did_you_mean, relative_path
from .graph.catalogue import Catalogue, catalogue
from .graph.site import Loaded, Site, index_site
from .load.cache import Known, RecordCache, Seen, cache_folder, cache_key, seen, write_pack
from .load.history import committed_text
from .load.project import read_project
from .load.validate import Rules, validate_document
from .load.yamlload import Document, Unpositioned, load_bytes, load_file, load_text, read_file
from .model.entry import Entry
from .model.records import RECORD_TYPES, Record
from .model.settings import Settings

_T = TypeVar("_T")
_V = TypeVar("_V", covariant=True)


def _without_cyclic_gc(func: Callable[..., _T]) -> Callable[..., _T]:
    """Pause the cyclic garbage collector while ``func`` runs.

    Loading makes millions of small objects that nearly all live on, and records hold no
    reference cycles: each automatic collection would walk every object loaded so far to free
    nothing, which made validation grow faster than the number of records (a third of the time
    for the 8,850 records of the 5,000-event benchmark). Whatever garbage there is waits for the next collection after the call.
    """
    return _pausing_gc(func, promote=False)


def _without_cyclic_gc_promoting(func: Callable[..., _T]) -> Callable[..., _T]:
    """:func:`_without_cyclic_gc`, then what the call made is moved to the oldest generation, as
    if it had lived through the collections it skipped: left in the youngest, it would all be
    walked by the next collection, and again by the one after (75 ms after checking 17,700 files,
    in a command that takes 0.3 s). For a command that ends soon after: the oldest generation
    is collected seldom."""
    return _pausing_gc(func, promote=True)


def _pausing_gc(func: Callable[..., _T], promote: bool) -> Callable[..., _T]:
    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> _T:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if enabled:
                if promote:
                    gc.freeze()
                    gc.unfreeze()
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


class _Made(Sequence[_V]):
    """What ``make`` makes of each of some record files, made when asked for: only a problem
    across records, or a page's citation by the start of an excerpt, asks, for a few files."""

    def __init__(self, tasks: list[tuple[Path, str, str]], make: Callable[[Path, str, str], _V]) -> None:
        self._tasks = tasks
        self._make = make

    def __len__(self) -> int:
        return len(self._tasks)

    @overload
    def __getitem__(self, index: int) -> _V: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[_V]: ...
    def __getitem__(self, index: int | slice) -> _V | Sequence[_V]:
        if isinstance(index, slice):
            return _Made(self._tasks[index], self._make)
        return self._make(*self._tasks[index])


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
    files, problems, entries = _check_data(data_dir, root, Rules.of(settings or settings_near(root)))
    # A reference to a file that exists but is invalid is not "unknown": its own problems are reported already.
    site, cross = index_site([f.loaded for f in files if f.loaded], {f.key for f in files if f.loaded is None}, entries)
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
    files, problems, _ = _check_data(data_dir, root, rules)
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


def _check_data(data_dir: Path, root: Path, rules: Rules) -> tuple[list[_File], list[Diagnostic], list[Entry]]:
    """Every record file under ``data_dir``, loaded and validated (from the record cache where a
    file is unchanged since it was found valid), the problems found on the way, and the valid
    records' entries, in order."""
    problems: list[Diagnostic] = []
    data_rel = relative_path(data_dir, root)
    tasks = [(file, f"{data_rel}/{plural}/{file.name}", plural) for file, plural in _record_files(data_dir, root, problems)]
    files = []
    for (file, rel, plural), (record, found) in zip(tasks, checked := _check_files(tasks, rules, data_dir), strict=True):
        problems.extend(found)
        loaded = Loaded(record, _Reread(rel, {}, file=file)) if record is not None else None
        files.append(_File(file, rel, plural, loaded))
    return files, problems, checked.entries


@_without_cyclic_gc_promoting
def check_records(data_dir: Path, root: Path | None = None, settings: Settings | None = None) -> Catalogue:
    """Check every record as :func:`build_site` does, with the same diagnostics, without building
    the site: what ``explainer validate`` runs. A record file unchanged since it was last found
    valid is not read again (``load.cache``), and no record is made: the checks across records
    run on the records' entries.

    Returns:
        The valid records' entries, by type and id.

    Raises:
        DataError: with every problem in every file, when any file is invalid.
    """
    root = root or data_dir.parent
    rules = Rules.of(settings or settings_near(root))
    problems: list[Diagnostic] = []
    data_rel = relative_path(data_dir, root)
    tasks = [(file, f"{data_rel}/{plural}/{file.name}", plural) for file, plural in _record_files(data_dir, root, problems)]
    cache = RecordCache(cache_folder(data_dir), cache_key(rules), data_dir)
    entries: list[Entry] = []
    valid: list[_Task] = []
    broken: set[tuple[str, str]] = set()
    for task, outcome in zip(tasks, _outcomes(tasks, rules, cache), strict=True):
        problems.extend(outcome.problems)
        if outcome.entry is None:
            broken.add((RECORD_TYPES[task[2]].type, task[0].stem))
        else:
            entries.append(outcome.entry)
            valid.append(task)
    docs = _Made(valid, lambda file, rel, _: _Reread(rel, {}, file=file))
    # None if the file is no longer valid (it changed since it was checked).
    records = _Made(valid, lambda file, rel, plural: _check_file(file, rel, plural, rules, 0)[0].record)
    known, cross = catalogue(entries, docs, records, broken)
    problems.extend(cross)
    if problems:
        raise DataError(problems)
    return known


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


@dataclass(slots=True)
class _Outcome:
    """What checking one record file found."""

    record: Record | None
    """The record, when the file is valid and records were asked for."""
    problems: list[Diagnostic]
    entry: Entry | None
    """What the checks across records need of the record; None when the file is invalid."""
    seen: Seen | None = None
    """The bytes that were checked, when the file was read for this check."""
    pack: str | None = None
    """The cache's pack that the file's loaded values went into."""


class _CheckedFiles(list[_Checked]):
    """Every record file's record and problems, in order; and the entries of the valid records,
    in their order, which the index would otherwise make again."""

    entries: list[Entry]


def _check_files(tasks: list[_Task], rules: Rules, data_dir: Path | None = None) -> _CheckedFiles:
    """Every record file's record and problems, in order, from the record cache of ``data_dir``
    where a file is unchanged since it was found valid."""
    cache = RecordCache(cache_folder(data_dir) if data_dir is not None else None, cache_key(rules), data_dir)
    outcomes = _outcomes(tasks, rules, cache, records=True)
    checked = _CheckedFiles((outcome.record, outcome.problems) for outcome in outcomes)
    checked.entries = [outcome.entry for outcome in outcomes if outcome.record is not None and outcome.entry is not None]
    return checked


def _outcomes(tasks: list[_Task], rules: Rules, cache: RecordCache, records: bool = False) -> list[_Outcome]:
    """Check every record file, in order: from the cache where it is unchanged, and the others
    on every core when there are many (:func:`_check_misses`); the cache is then written back."""
    names = [f"{plural}/{file.name}" for file, _, plural in tasks]
    found: list[_Outcome | None] = []
    for name, (file, _, plural) in zip(names, tasks, strict=True):
        known = cache.known(name, file)
        found.append(_from_cache(known, cache, file, RECORD_TYPES[plural], rules, records) if known is not None else None)
    misses = [task for task, outcome in zip(tasks, found, strict=True) if outcome is None]
    checked = iter(_check_misses(misses, rules, cache, records))
    outcomes: list[_Outcome] = []
    for name, outcome in zip(names, found, strict=True):
        if outcome is None:
            outcome = next(checked)
            if outcome.entry is not None and outcome.seen is not None:
                cache.remember(name, outcome.seen, outcome.entry.data(), outcome.pack)
        outcomes.append(outcome)
    cache.save(names)
    return outcomes


def _from_cache(known: Known, cache: RecordCache, file: Path, cls: type[Record], rules: Rules, records: bool) -> _Outcome | None:
    """A cached valid file's outcome; None when its record is asked for and its values are gone."""
    record = None
    if records:
        values = cache.values(known)
        if values is None:
            return None
        # The values passed every check with this engine and these rules: validating them again
        # makes the same record, without parsing the YAML again.
        record = cls.model_validate(values, context={"languages": rules.languages})
    return _Outcome(record, [], Entry(cls.type, file.stem, *known.entry))


def _check_misses(tasks: list[_Task], rules: Rules, cache: RecordCache, records: bool) -> list[_Outcome]:
    """Load and validate record files, in order; on every core when there are many.

    Loading and validating are most of a build's time, and each file is checked on its own. The
    files are cut into chunks: forked workers take chunks from the end of the list, and this
    process takes them from the start (its own records need no sending back) until it reaches a
    chunk that a worker has taken. A worker slowed by other work on the machine takes fewer
    chunks, and the results stay in the order of the files, as from a single process.
    """
    workers = _worker_count(len(tasks)) - 1
    if workers < 1:
        return _check_chunk(tasks, rules, cache.folder, cache.key, records)
    size = -(-len(tasks) // _CHUNKS)
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    checked: list[_Outcome] = []
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(_check_chunk, chunk, rules, cache.folder, cache.key, records) for chunk in reversed(chunks)][::-1]
        for chunk, future in zip(chunks, futures, strict=True):
            # A chunk can be cancelled only while no worker has taken it.
            checked.extend(_check_chunk(chunk, rules, cache.folder, cache.key, records) if future.cancel() else future.result())
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


def _check_chunk(tasks: list[_Task], rules: Rules, folder: Path | None, key: bytes, records: bool) -> list[_Outcome]:
    """Check a chunk of files, and write the loaded values of the valid ones into a pack of the
    cache in ``folder`` (from the process that loaded them: they are never sent to another)."""
    since = time.time_ns()
    outcomes: list[_Outcome] = []
    values: dict[bytes, Any] = {}
    for file, rel, plural in tasks:
        outcome, data = _check_file(file, rel, plural, rules, since)
        if outcome.entry is not None and outcome.seen is not None:
            values[outcome.seen.digest] = data
            if not records:
                outcome.record = None
        outcomes.append(outcome)
    pack = write_pack(folder, key, values) if folder is not None and values else None
    for outcome in outcomes:
        outcome.pack = pack
    return outcomes


def _check_file(file: Path, rel: str, plural: str, rules: Rules, since: int) -> tuple[_Outcome, Any]:
    """Load and validate one record file; returns what was found, and the loaded values.

    It is loaded without positions: a valid record keeps none, and the document finds them again
    for the diagnostics of an invalid one.
    """
    read = read_file(file, rel)
    if isinstance(read, list):
        return _Outcome(None, read, None), None
    raw, stat = read
    doc = load_bytes(raw, rel, positions=False)
    if isinstance(doc, list):
        return _Outcome(None, doc, None), None
    record, problems = validate_document(
        doc, RECORD_TYPES[plural], file.stem, rules, taken=lambda rid: file.with_name(f"{rid}.yml").is_file()
    )
    if record is None:
        return _Outcome(None, problems, None), None
    return _Outcome(record, problems, Entry.of(record), seen(raw, stat, since)), doc.data


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
