"""Diagnostics: where a problem is, what it is, and the one exception that carries them all."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourcePos:
    """A 1-based position in a file, with the path relative to the project root."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one position, phrased so that a contributor can fix it."""

    pos: SourcePos
    message: str

    def __str__(self) -> str:
        return f"{self.pos}: {self.message}"


class DataError(Exception):
    """Every problem found in one run; raised once, after all files were checked."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: list[Diagnostic] = sorted(set(diagnostics))
        super().__init__(self.report())

    def summary(self) -> str:
        """The closing line: how many problems in how many files."""
        count = len(self.diagnostics)
        files = len({d.pos.path for d in self.diagnostics})
        return f"{count} {_plural(count, 'error')} in {files} {_plural(files, 'file')}"

    def report(self) -> str:
        """Every diagnostic on its own line, then the summary."""
        return "\n".join([*map(str, self.diagnostics), self.summary()])


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def did_you_mean(wrong: str, choices: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" suffix, or "" when nothing is close."""
    choices = list(choices)
    # Ids and choices are lower-case, and "NGO" or "Ana-Marin" is the commonest slip.
    close = [c for c in choices if c.lower() == wrong.lower() and c != wrong][:1]
    close = close or [c for c in choices if c.startswith(wrong) and c != wrong][:1]
    close = close or difflib.get_close_matches(wrong, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def relative_path(path: Path, root: Path) -> str:
    """``path`` as diagnostics print it: relative to ``root`` where it is inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
