"""Defects planted in a copy of the real data are all reported, each at its file and line."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import MINIMAL, ROOT
from explainer import DataError, build_site


@dataclass(frozen=True)
class Planted:
    path: str
    line: int
    col: int
    message: str
    """The start of the expected message (the rest, like "did you mean", depends on the data)."""

    def matches(self, line: str) -> bool:
        return line.startswith(f"{self.path}:{self.line}:{self.col}: {self.message}")


def copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    # The real records are written while this suite grows; until there is an event and a quote,
    # plant the defects in the minimal fixture's records instead of skipping the test.
    if not list(data.glob("events/*.yml")) or not list(data.glob("quotes/*.yml")):
        shutil.copytree(MINIMAL / "data", data, dirs_exist_ok=True)
    return data


def diagnostics(data: Path) -> list[str]:
    try:
        build_site(data, root=data.parent)
    except DataError as exc:
        return exc.report().splitlines()[:-1]
    return []


def replace_line(file: Path, pattern: str, new: str) -> int:
    """Replace the first top-level line matching ``pattern``; returns its 1-based number."""
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if re.match(pattern, line):
            lines[number - 1] = new + "\n"
            file.write_text("".join(lines), encoding="utf-8")
            return number
    raise AssertionError(f"{file} has no line matching {pattern!r}")


def append_line(file: Path, new: str) -> int:
    """Append a top-level line; returns its 1-based number."""
    text = file.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    file.write_text(text + new + "\n", encoding="utf-8")
    return text.count("\n") + 1


def rel(file: Path, data: Path) -> str:
    return file.relative_to(data.parent).as_posix()


def plant(data: Path) -> list[Planted]:
    planted: list[Planted] = []
    event = sorted(data.glob("events/*.yml"))[0]
    line = replace_line(event, r"date:", "date: 2023-02-30")
    planted.append(Planted(rel(event, data), line, 7, "date: date '2023-02-30' does not exist: February 2023 has 28 days"))
    line = append_line(event, "colour: red")
    planted.append(Planted(rel(event, data), line, 1, "unknown field 'colour'"))

    quote = sorted(data.glob("quotes/*.yml"))[0]
    line = replace_line(quote, r"id:", "id: Not_A_Slug")
    planted.append(Planted(rel(quote, data), line, 5, "id: 'Not_A_Slug' is not a valid id;"))

    source = sorted(data.glob("sources/*.yml"))[0]
    line = replace_line(source, r"publisher:", "publisher: no-such-publisher")
    planted.append(Planted(rel(source, data), line, 12, "unknown organisation 'no-such-publisher'"))

    # An organisation the source does not mention, so that the two defects stay independent.
    source_text = source.read_text(encoding="utf-8")
    organisation = next(f for f in sorted(data.glob("organisations/*.yml")) if f.stem not in source_text)
    if re.search(r"^website:", organisation.read_text(encoding="utf-8"), re.M):
        line = replace_line(organisation, r"website:", "website: ftp://example.org/")
    else:
        line = append_line(organisation, "website: ftp://example.org/")
    planted.append(Planted(rel(organisation, data), line, 10, "website: 'ftp://example.org/' is not an absolute http(s) URL"))

    person = data / "people" / "planted-duplicate-key.yml"
    person.write_text("id: planted-duplicate-key\nname: A\nname: B\n", encoding="utf-8")
    planted.append(Planted(rel(person, data), 3, 1, "duplicate key 'name' (first at line 2); each field may appear once"))

    stray = data / "quotes" / "notes.txt"
    stray.write_text("to do\n", encoding="utf-8")
    planted.append(Planted(rel(stray, data), 1, 1, "record files end in '.yml'"))
    return planted


def test_every_planted_defect_is_reported_at_its_file_and_line(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    before = set(diagnostics(data))
    planted = plant(data)

    with pytest.raises(DataError) as info:
        build_site(data, root=tmp_path)
    *lines, summary = info.value.report().splitlines()

    for defect in planted:
        assert any(defect.matches(line) for line in lines), f"not reported: {defect}\n" + "\n".join(lines)
    # Nothing else is reported (beyond whatever was already wrong before): in particular, records
    # that refer to a broken one do not echo its failure as an "unknown" reference.
    extra = [line for line in lines if line not in before and not any(d.matches(line) for d in planted)]
    assert extra == []
    changed = {d.path for d in planted}
    assert lines == sorted(lines, key=lambda s: (s.split(":")[0], int(s.split(":")[1]), int(s.split(":")[2])))
    assert re.fullmatch(r"\d+ errors in \d+ files", summary)
    assert int(summary.split()[0]) == len(lines)
    assert int(summary.split()[3]) == len({line.split(":", 1)[0] for line in lines}) >= len(changed)
