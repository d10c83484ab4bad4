"""Invalid fixtures: each data set fails with exactly the diagnostics in its ``expected.txt``."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, SETTINGS, write_oversized
from explainer import DataError, build_site

INVALID = FIXTURES / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def _oversized_event(data: Path) -> None:
    template = (data / "events" / "2024-04-26-harbour-closure.yml").read_text(encoding="utf-8")
    write_oversized(
        data / "events" / "2024-04-27-harbour-reopened.yml",
        template.replace("2024-04-26-harbour-closure", "2024-04-27-harbour-reopened", 1),
    )


# Cases whose defect is too big to commit; the function plants it in the copy under tmp_path.
GENERATED: dict[str, Callable[[Path], None]] = {"file-too-large": _oversized_event}

# Cases whose expected.txt states the intended report, which the engine does not give yet.
KNOWN_FAILURES: dict[str, str] = {}


def test_cases_are_complete() -> None:
    assert len(CASES) >= 30
    for case in CASES:
        assert (INVALID / case / "data").is_dir(), case
        assert (INVALID / case / "expected.txt").is_file(), case
    assert set(GENERATED) <= set(CASES)
    assert set(KNOWN_FAILURES) <= set(CASES)


@pytest.mark.parametrize(
    "case", [pytest.param(c, marks=pytest.mark.xfail(reason=KNOWN_FAILURES[c], strict=True)) if c in KNOWN_FAILURES else c for c in CASES]
)
def test_invalid_fixture_reports_exactly_the_expected_lines(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / case
    shutil.copytree(INVALID / case, root)
    if case in GENERATED:
        GENERATED[case](root / "data")
    # The explicit-tag case carries `!!python/object/apply:os.system ["touch pwned"]`; run from an
    # empty directory so that the marker would show up if the loader ever executed it.
    monkeypatch.chdir(tmp_path)

    with pytest.raises(DataError) as info:
        build_site(root / "data", root=root, settings=SETTINGS)

    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert info.value.report().splitlines() == expected
    assert not (tmp_path / "pwned").exists()


def test_every_expected_line_is_sorted_and_counted() -> None:
    for case in CASES:
        lines = (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()
        *diagnostics, summary = lines
        assert diagnostics, case
        assert all(line.startswith("data/") for line in diagnostics), case
        files = {line.split(":", 1)[0] for line in diagnostics}
        noun = "error" if len(diagnostics) == 1 else "errors"
        assert summary == f"{len(diagnostics)} {noun} in {len(files)} {'file' if len(files) == 1 else 'files'}", case
        keys = [(d.split(":")[0], int(d.split(":")[1]), int(d.split(":")[2])) for d in diagnostics]
        assert keys == sorted(keys), case
