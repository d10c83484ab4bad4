"""The record cache: which record files were found valid, by content, so that an unchanged file costs a stat.

It lives in the project folder, beside the data directory, in ``.cache/explainer/records/``
(``.cache/`` is ignored by git in this repository and in every publication ``explainer init``
writes; a ``.gitignore`` inside says so again):

``manifest``
    every valid record file by its name in the data directory (``events/x.yml``): the stat
    signature and content digest of the bytes that were checked, the entry that the checks
    across records read (:class:`~explainer.model.entry.Entry`), and the pack holding its values.
``packs/NAME``
    the loaded values of valid files by content digest, which a build validates into records
    again without parsing any YAML (a worker process writes the pack of the files it checked).

Only valid files are kept: an invalid file is checked again every time, so its diagnostics are
always those of a fresh check (they can depend on other files). The cache can be deleted at any
time, and a missing, truncated or corrupt one is rebuilt, never an error. Nothing in it is trusted
that was written by another engine (the key hashes the sources of the stages that load and
validate a record, and the versions of Python, pydantic and PyYAML), for other settings (the key
hashes the rules that validation reads from them), or elsewhere: the manifest holds its own inode,
so a copy of the folder, or one committed to git and checked out, is ignored.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import secrets
import sys
import time
import unicodedata
import weakref
import zlib
from collections.abc import Collection
from pathlib import Path
from typing import Any, NamedTuple

import pydantic
import pydantic_core
import yaml

FOLDER = Path(".cache") / "explainer" / "records"
"""Where the cache is, relative to the folder that holds the data directory."""

_FORMAT = 1
_RACY_NS = 2_000_000_000
"""A file changed this little before it was read may change again within the same tick of the
file system's clock and keep its signature: its content is hashed again next time."""
_UPGRADES = 64
"""How many files must have a signature to be trusted again (they aged past _RACY_NS) to write
the manifest for them alone."""
_SMALL_PACK = 16
_SMALL_PACKS = 16
"""When more packs than this hold fewer live values each, they are merged into one (every
edit writes a pack of one value)."""

Signature = tuple[int, int, int, int]
"""Size, modification and change times (ns), and inode: a file whose signature has not changed
has not been written to (the change time cannot be set back)."""


class Seen(NamedTuple):
    """The bytes of a record file as they were checked."""

    signature: Signature | None
    """None when the file changed too shortly before it was read to trust its signature."""
    digest: bytes


class Known(NamedTuple):
    """A valid record file as the cache remembers it."""

    signature: Signature | None
    digest: bytes
    entry: Any
    """:meth:`Entry.data` of its record."""
    pack: str | None
    """The pack that holds its loaded values, if any does."""


def seen(raw: bytes, stat: os.stat_result, since_ns: int) -> Seen:
    """What a file's bytes and its stat, taken when it was read (no earlier than ``since_ns``), say of it."""
    return Seen(_signature(stat, since_ns), hashlib.blake2b(raw, digest_size=16).digest())


def _signature(stat: os.stat_result, since_ns: int) -> Signature | None:
    if max(stat.st_mtime_ns, stat.st_ctime_ns) > since_ns - _RACY_NS:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


@functools.cache
def _engine_key() -> bytes:
    """The engine that checked the records: the sources of the stages that load and validate
    them (whatever their version number says), and the libraries and Python they ran on."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=16)
    parts = [_FORMAT, sys.version, marshal.version, pydantic.VERSION, pydantic_core.__version__, yaml.__version__]
    parts += [getattr(yaml, "__with_libyaml__", False), unicodedata.unidata_version]
    digest.update(repr(parts).encode())
    for source in sorted([*package.glob("model/*.py"), *package.glob("load/*.py"), package / "pipeline.py"]):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0")
        digest.update(source.read_bytes())
    return digest.digest()


def cache_key(rules: object) -> bytes:
    """The key of a cache for records checked by this engine under ``rules`` (their repr holds
    every setting that validation reads)."""
    return hashlib.blake2b(_engine_key() + repr(rules).encode(), digest_size=16).digest()


def cache_folder(data_dir: Path) -> Path:
    """The cache of the records in ``data_dir``: in the project folder that holds it."""
    return data_dir.parent / FOLDER


class RecordCache:
    """The cache of one data directory, as read at the start of a check; :meth:`save` writes it back.

    Args:
        folder: the cache's folder, or None for no cache at all.
        key: :func:`cache_key` of the checks; a cache written under another key is ignored.
        data_dir: the data directory, whose files :meth:`known` is asked about by name.
    """

    def __init__(self, folder: Path | None, key: bytes, data_dir: Path | None = None) -> None:
        self.folder = folder
        self.key = key
        # The files are looked up by their names in the data directory, open: the kernel then walks
        # two names instead of the whole path, which Python need not build (a third of the time).
        self._dir = _open_dir(data_dir) if folder is not None and data_dir is not None else None
        self._close = weakref.finalize(self, os.close, self._dir) if self._dir is not None else None
        self._rows: dict[str, Any] = {}
        self._packs: dict[str, dict[bytes, Any] | None] = {}
        self._changed = False
        self._upgraded = 0
        if folder is not None:
            self._rows = _loads_dict(_read(folder / "manifest", key, own_inode=True)) or {}

    def known(self, name: str, file: Path) -> Known | None:
        """The cached valid file ``name`` (as in ``events/x.yml``), if ``file`` still holds the
        bytes it was checked with."""
        row = self._rows.get(name)
        if row is None:
            return None
        try:
            stat = os.stat(name, dir_fd=self._dir) if self._dir is not None else os.stat(file)
            if row[0] is not None and row[0] == (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino):
                return Known._make(row)
            since = time.time_ns()  # the stat is older, by microseconds: nothing next to _RACY_NS
            now = seen(file.read_bytes(), stat, since)
        except OSError:
            return None
        if now.digest != row[1]:
            return None
        if now.signature is not None:
            row = self._rows[name] = (now.signature, *row[1:])
            self._upgraded += 1
            # Hashing a few files again costs less than writing the manifest: after an edit, the
            # edited file alone.
            self._changed |= self._upgraded > _UPGRADES
        return Known._make(row)

    def values(self, known: Known) -> Any | None:
        """The loaded values of a cached file, or None when its pack is gone or unreadable."""
        if known.pack is None or self.folder is None:
            return None
        if known.pack not in self._packs:
            self._packs[known.pack] = _loads_dict(_read(self.folder / "packs" / known.pack, self.key, own_inode=False))
        pack = self._packs[known.pack]
        return pack.get(known.digest) if pack is not None else None

    def remember(self, name: str, found: Seen, entry: Any, pack: str | None) -> None:
        """Keep a file just found valid."""
        self._rows[name] = (found.signature, found.digest, entry, pack)
        self._changed = True

    def save(self, names: Collection[str]) -> None:
        """Write the cache back, keeping only the files ``names`` (those that exist now).

        Never fails: a cache that cannot be written is only slower next time.
        """
        if self._close is not None:
            self._close()
            self._dir = None
        if self.folder is None:
            return
        gone = self._rows.keys() - set(names)
        for name in gone:
            del self._rows[name]
        if not (self._changed or gone):
            return
        try:
            self._merge_small_packs()
            _prepare(self.folder)
            _write(self.folder / "manifest", self.key, marshal.dumps(self._rows), own_inode=True)
            live = {row[3] for row in self._rows.values()}
            packs = self.folder / "packs"
            for pack in packs.iterdir() if packs.is_dir() else ():
                if pack.name not in live:
                    pack.unlink(missing_ok=True)
        except OSError:
            pass

    def _merge_small_packs(self) -> None:
        by_pack: dict[str, list[str]] = {}
        for name, row in self._rows.items():
            if row[3] is not None:
                by_pack.setdefault(row[3], []).append(name)
        small = [pack for pack, names in by_pack.items() if len(names) < _SMALL_PACK]
        if len(small) <= _SMALL_PACKS or self.folder is None:
            return
        merged: dict[bytes, Any] = {}
        for pack in small:
            for name in by_pack[pack]:
                values = self.values(Known._make(self._rows[name]))
                if values is not None:
                    merged[self._rows[name][1]] = values
        into = write_pack(self.folder, self.key, merged)
        for pack in small:
            for name in by_pack[pack]:
                row = self._rows[name]
                self._rows[name] = (*row[:3], into if row[1] in merged else None)


def _open_dir(path: Path) -> int | None:
    if os.stat not in os.supports_dir_fd:
        return None
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None


def write_pack(folder: Path, key: bytes, values: dict[bytes, Any]) -> str | None:
    """Write the loaded values of valid files, by digest, into a new pack; returns its name, or
    None when it cannot be written (the files are then checked again by the next build)."""
    name = secrets.token_hex(8)
    try:
        _prepare(folder)
        _write(folder / "packs" / name, key, marshal.dumps(values), own_inode=False)
    except (OSError, ValueError):
        return None
    return name


# -- the files ----------------------------------------------------------------------------------


def _prepare(folder: Path) -> None:
    if not (folder / "packs").is_dir():
        (folder / "packs").mkdir(parents=True, exist_ok=True)
        # For a publication whose own .gitignore leaves .cache/ out; pytest does the same.
        (folder / ".gitignore").write_text("# Written by the explainer engine: a cache, never committed.\n*\n", encoding="utf-8")


def _write(file: Path, key: bytes, payload: bytes, own_inode: bool) -> None:
    """Write a file of the cache whole or not at all (a new file, renamed over the old one)."""
    temp = file.with_name(f".{file.name}.{secrets.token_hex(4)}")
    with open(temp, "xb") as stream:
        stat = os.fstat(stream.fileno())
        inode = (stat.st_dev, stat.st_ino) if own_inode else None
        stream.write(marshal.dumps((_FORMAT, key, inode, zlib.crc32(payload), payload)))
    os.replace(temp, file)


def _read(file: Path, key: bytes, own_inode: bool) -> bytes | None:
    """The payload of a file of the cache, or None unless this engine wrote it, whole, under
    ``key`` (and, for ``own_inode``, into this very file)."""
    try:
        with open(file, "rb") as stream:
            stat = os.fstat(stream.fileno())
            header = _loads(stream.read())
    except OSError:
        return None
    if not (isinstance(header, tuple) and len(header) == 5):
        return None
    form, written_key, inode, checksum, payload = header
    if form != _FORMAT or written_key != key or not isinstance(payload, bytes):
        return None
    if own_inode and inode != (stat.st_dev, stat.st_ino):
        return None
    return payload if zlib.crc32(payload) == checksum else None


def _loads(data: bytes | None) -> Any:
    try:
        return marshal.loads(data) if data else None
    except (EOFError, ValueError, TypeError):
        return None


def _loads_dict(data: bytes | None) -> dict[Any, Any] | None:
    found = _loads(data)
    return found if isinstance(found, dict) else None
