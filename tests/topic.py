"""The first publication's topic, which no file of another publication may carry: the words and the scan."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from mkdocs.theme import Theme

FIRST_TOPIC = (
    "North Korea",
    "Korean",
    "Korea",
    "defector",
    "repatriat",
    "China",
    "Chinese",
    "Pyongyang",
    "Seoul",
    "Jilin",
    "Scarlatoiu",
    "refoulement",
    "Kim Jong",
    "Deutsche Welle",
    "DW",
    "Hanawon",
    "Tumen",
)
"""Words of the repository's own publication, which no file of another publication's site may hold."""

# Each as a word or the stem of one (repatriat-ion, defector-s), except an abbreviation, which must stand alone.
LEAK = re.compile(
    "|".join(rf"\b{re.escape(w)}\b" if w.isupper() else rf"\b{re.escape(w)}\w*" for w in FIRST_TOPIC).replace(r"\ ", r"\s+"), re.I
)


def theme_copies(site: Path) -> set[Path]:
    """The files of a site that are Material's own static files, copied byte for byte.

    They are the theme's, not the engine's or the publication's: Material's search worker's source
    map mentions "Chinese segmentation".
    """
    theme_dirs = [Path(d) for d in Theme(name="material").dirs]
    copies = set()
    for path in site.rglob("*"):
        rel = path.relative_to(site)
        if path.is_file() and any((d / rel).is_file() and (d / rel).read_bytes() == path.read_bytes() for d in theme_dirs):
            copies.add(path)
    return copies


def leaks(folder: Path, skip: set[Path] = frozenset()) -> tuple[list[str], list[Path]]:  # type: ignore[assignment]
    """Every word of the first topic in the files under ``folder`` (gzip files read unpacked).

    Returns:
        The findings as ``path: 'word'``, and the files scanned.
    """
    scanned = [p for p in sorted(folder.rglob("*")) if p.is_file() and p not in skip]
    found = []
    for path in scanned:
        data = path.read_bytes()
        text = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8", errors="replace")
        found += [f"{path.relative_to(folder)}: {m.group(0)!r}" for m in LEAK.finditer(text)]
    return found, scanned
