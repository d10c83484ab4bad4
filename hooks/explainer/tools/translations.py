"""``explainer validate --translations LANG``: what the edition in LANG lacks, and what has gone stale.

A text in our own words is *missing* in LANG when it has no version in it (the edition then shows
the default language's, marked); an explainer page is missing when ``content/<page>.<lang>.md``
does not exist. A translation is *stale* when its original changed after it: for a field, the
newest commit of the lines holding the default language's version is newer than the newest of the
lines holding LANG's (``git blame``); for a page, ``<page>.md`` was committed after
``<page>.<lang>.md``. Changes not yet committed count as made now. Outside a git checkout only
missing translations are listed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import relative_path
from ..graph.site import Site
from ..load.project import Project
from ..load.validate import loc_text
from ..load.yamlload import Document, load_file
from ..model.localised import Local, localised_fields
from ..render.messages import DOMAIN, LOCALES_DIR
from ..render.urls import edition_of_source, in_edition
from ..render.wording import UNITS

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    where: str
    """``file:line:col`` or a file."""
    text: str
    stale: bool = False


def report(project: Project, site: Site, lang: str) -> int:
    """Print what the edition in ``lang`` lacks and what is stale; exit 2 if ``lang`` is no edition."""
    languages = list(project.settings.languages)
    default = project.settings.default_language
    if lang not in languages or lang == default:
        others = ", ".join(language for language in languages if language != default) or "none"
        print(
            f"explainer: error: {lang!r} is not one of the publication's other editions ({others}); see extra.explainer.languages",
            file=sys.stderr,
        )
        return 2
    git = _Git(project.root)
    findings = [*_interface(project, lang), *_records(project, site, lang, default, git), *_pages(project, lang, languages, git)]
    for finding in findings:
        print(f"{finding.where}: {finding.text}")
    missing = sum(1 for f in findings if not f.stale)
    stale = len(findings) - missing
    print(
        f"translations into {lang}: {missing} text{'s' if missing != 1 else ''} or page{'s' if missing != 1 else ''} "
        f"without one, {stale} older than {'their originals' if stale != 1 else 'its original'}"
        + ("" if git.ok else " (not a git checkout: staleness not checked)")
    )
    return 0


# -- records -----------------------------------------------------------------------------------


def _records(project: Project, site: Site, lang: str, default: str, git: _Git) -> Iterator[Finding]:
    for _, records in sorted(site.records.items()):
        for rid in sorted(records):
            record = records[rid]
            file = project.data_dir / record.plural / f"{rid}.yml"
            rel = relative_path(file, project.root)
            doc = load_file(file, rel) if file.is_file() else None
            if not isinstance(doc, Document):
                continue
            found = []
            for loc, value in localised_values(record):
                versions = value.versions if isinstance(value, Local) else {}
                if lang not in versions:
                    if loc[-1] == "unit" and value in UNITS and not versions:
                        continue  # the engine's own unit, which the catalogues translate
                    found.append((doc.positions.get(loc, (0, 0)), Finding(str(doc.pos(loc)), f"{loc_text(loc)}: no {lang} version")))
                    continue
                original = git.newest(file, _lines(doc, (*loc, default)))
                translated = git.newest(file, _lines(doc, (*loc, lang)))
                if original is not None and translated is not None and original > translated:
                    stale = f"{loc_text(loc)}: the {default} version changed on {_day(original)}, after the {lang} one ({_day(translated)})"
                    found.append((doc.positions.get((*loc, lang), (0, 0)), Finding(str(doc.pos((*loc, lang))), stale, stale=True)))
            yield from (finding for _, finding in sorted(found, key=lambda item: item[0]))


def localised_values(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text of a record that may carry a version per language, with where it is."""
    names = localised_fields(type(model))
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in names and isinstance(value, str):
            yield (*loc, name), value
        else:
            yield from _inside(value, (*loc, name))


def _inside(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, BaseModel):
        yield from localised_values(value, loc)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _inside(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _inside(item, (*loc, key))


def _lines(doc: Document, loc: Loc) -> range:
    """The lines a value is written on: from its own to the one before the next value's."""
    start = doc.positions.get(loc)
    if start is None:
        return range(0)
    later = sorted({line for line, _ in doc.positions.values() if line > start[0]})
    return range(start[0], later[0] if later else start[0] + 1)


# -- pages -------------------------------------------------------------------------------------


def _pages(project: Project, lang: str, languages: list[str], git: _Git) -> Iterator[Finding]:
    docs = project.docs_dir
    if not docs.is_dir():
        return
    for page in sorted(docs.rglob("*.md")):
        src = page.relative_to(docs).as_posix()
        if edition_of_source(src, languages[1:])[1] is not None:
            continue
        twin = docs / in_edition(src, lang)
        if not twin.is_file():
            yield Finding(relative_path(page, project.root), f"no {lang} translation ({relative_path(twin, project.root)})")
            continue
        original, translated = git.last_change(page), git.last_change(twin)
        if original is not None and translated is not None and original > translated:
            yield Finding(
                relative_path(twin, project.root),
                f"{relative_path(page, project.root)} changed on {_day(original)}, after its translation ({_day(translated)})",
                stale=True,
            )


# -- git ---------------------------------------------------------------------------------------


class _Git:
    """When lines and files last changed, as the checkout's history says (None outside one)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.ok = self._run("rev-parse", "--is-inside-work-tree") is not None
        self._blame: dict[Path, dict[int, int]] = {}

    def _run(self, *args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, check=False)
        except OSError:
            return None
        return done.stdout if done.returncode == 0 else None

    def newest(self, file: Path, lines: range) -> int | None:
        """The time of the newest change to any of ``lines`` of ``file``."""
        if not self.ok or not lines:
            return None
        if file not in self._blame:
            self._blame[file] = self._times(file)
        times = [self._blame[file].get(line) for line in lines]
        known = [t for t in times if t is not None]
        return max(known) if known else None

    def _times(self, file: Path) -> dict[int, int]:
        out = self._run("blame", "--line-porcelain", "--", str(file))
        if out is None:
            return {}
        times: dict[int, int] = {}
        line = 0
        for row in out.splitlines():
            parts = row.split()
            if len(parts) >= 3 and len(parts[0]) == 40 and all(c in "0123456789abcdef" for c in parts[0]):
                line = int(parts[2])
            elif row.startswith("committer-time "):
                times[line] = int(parts[1])
        return times

    def last_change(self, file: Path) -> int | None:
        """When ``file`` last changed: now if it has changes not committed, else its last commit."""
        if not self.ok:
            return None
        if self._run("status", "--porcelain", "--", str(file)):
            return int(time.time())
        out = self._run("log", "-1", "--format=%ct", "--", str(file))
        return int(out) if out and out.strip() else None


def _day(stamp: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(stamp))


def _interface(project: Project, lang: str) -> Iterator[Finding]:
    """The interface's messages that neither the engine's nor the publication's catalogue translates."""
    from .messages import TEMPLATE, untranslated

    catalogues = [path for path in (project.root / "locales" / f"{lang}.po", LOCALES_DIR / f"{lang}.po") if path.is_file()]
    if not catalogues:
        yield Finding(
            relative_path(project.root / "locales" / f"{lang}.po", project.root), f"no catalogue of the interface's words in {lang}"
        )
        return
    gaps = set.intersection(*(set(untranslated(path)) for path in catalogues))
    if gaps:
        shown = relative_path(catalogues[0], project.root) if catalogues[0].is_relative_to(project.root) else f"{DOMAIN} {lang}.po"
        yield Finding(shown, f"{len(gaps)} of the interface's messages untranslated, such as {sorted(gaps)[0]!r} ({TEMPLATE.name})")
