"""check-jsonschema and the schemas under ``schemas/`` give the same verdicts as ``explainer validate``.

Contributors and their editors check records against the JSON Schemas; the build checks them with
the models. Where a problem can be written in JSON Schema (an unknown or missing field, a wrong
type, an id, date or URL that does not fit its pattern, a choice not on the list), both must call
the same files invalid, and both must accept the records of the site and of the valid fixtures.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from conftest import FIXTURES, MINIMAL, ROOT, SETTINGS
from explainer import DataError, build_site
from explainer.model.records import RECORD_TYPES
from explainer.outputs.schemas import render_schemas

SCHEMAS = ROOT / "schemas"
"""The site's own schemas, with its vocabularies."""
INVALID = FIXTURES / "invalid"
VALID = FIXTURES / "valid"

SCHEMA_LEVEL = [
    "event-without-citations",
    "id-not-a-slug",
    "missing-required-field",
    "party-names-nobody",
    "referenced-record-invalid",
    "unknown-choice",
    "unknown-field",
    "unknown-field-in-citation",
    "unsupported-date-form",
    "url-not-absolute-http",
    "wrong-type",
]
"""Invalid fixtures whose every problem is one that JSON Schema can state."""

NOT_SCHEMA_LEVEL = {
    # What the project's loader refuses and a plain YAML reader does not (or refuses differently).
    "alias": "loader",
    "anchor": "loader",
    "duplicate-key-in-citation": "loader",
    "duplicate-key-top-level": "loader",
    "empty-file": "loader",
    "explicit-tag": "loader",
    "file-too-large": "loader",
    "forbidden-characters": "loader",
    "invalid-utf8": "loader",
    "key-is-a-list": "loader",
    "key-read-as-boolean": "loader",
    "merge-key": "loader",
    "several-documents": "loader",
    "top-level-list": "loader",
    "top-level-scalar": "loader",
    "yaml-syntax-error": "loader",
    "unexpected-files": "data directory layout",
    # Rules across fields, across records, or about the calendar.
    "alias-clash": "cross-record",
    "unknown-reference": "cross-record",
    "id-differs-from-file-name": "file name",
    "figure-range-reversed": "across fields",
    "quote-not-in-excerpt": "across fields",
    "impossible-date": "calendar",
    "interval-ends-before-it-starts": "calendar",
    "many-defects": "mixed",
}
"""Every other invalid fixture, with why check-jsonschema cannot be expected to agree."""


@pytest.fixture(scope="module")
def fixture_schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The schemas of the fixtures' invented publication, with its vocabularies."""
    folder = tmp_path_factory.mktemp("schemas")
    for name, text in render_schemas(SETTINGS).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def check_jsonschema(files_by_type: dict[str, list[Path]], schemas: Path) -> set[Path]:
    """Run check-jsonschema once per record type with the schemas in ``schemas``; returns the files it rejects."""
    failed: set[Path] = set()
    for plural, files in files_by_type.items():
        if not files:
            continue
        schema = schemas / f"{RECORD_TYPES[plural].type}.schema.json"
        result = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--output-format", "json", "--schemafile", str(schema), *map(str, files)],
            capture_output=True,
            text=True,
        )
        report = json.loads(result.stdout)
        rejected = {Path(item["filename"]) for item in [*report.get("errors", []), *report.get("parse_errors", [])]}
        assert (result.returncode == 0) == (not rejected), result.stdout + result.stderr
        failed |= rejected
    return failed


def record_files(data_dirs: Iterable[Path]) -> dict[str, list[Path]]:
    """The record files of some data directories, grouped by type directory."""
    dirs = list(data_dirs)
    return {plural: sorted(f for data in dirs for f in (data / plural).glob("*.yml")) for plural in RECORD_TYPES}


def rejected_by_explainer(case: Path) -> set[Path]:
    """The files that ``expected.txt`` of an invalid fixture names."""
    *lines, _summary = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return {case / line.split(":", 1)[0] for line in lines}


def test_every_invalid_fixture_is_classified() -> None:
    cases = {p.name for p in INVALID.iterdir() if p.is_dir()}
    assert not set(SCHEMA_LEVEL) & set(NOT_SCHEMA_LEVEL)
    unclassified = cases - set(SCHEMA_LEVEL) - set(NOT_SCHEMA_LEVEL)
    assert not unclassified, f"add {sorted(unclassified)} to SCHEMA_LEVEL or NOT_SCHEMA_LEVEL in {Path(__file__).name}"
    assert not set(SCHEMA_LEVEL) - cases, "a listed fixture is gone"


def test_site_records_and_valid_fixtures_pass(fixture_schemas: Path) -> None:
    site_files = record_files([ROOT / "data"])
    assert sum(map(len, site_files.values())) > 20
    assert check_jsonschema(site_files, SCHEMAS) == set()
    fixture_files = record_files(case / "data" for case in sorted(VALID.iterdir()) if case.is_dir())
    assert check_jsonschema(fixture_files, fixture_schemas) == set()


def test_schema_level_fixtures_get_the_same_verdicts(fixture_schemas: Path) -> None:
    cases = [INVALID / name for name in SCHEMA_LEVEL]
    files = record_files(case / "data" for case in cases)
    expected = set().union(*map(rejected_by_explainer, cases))
    assert expected, "the fixtures name no invalid files"
    rejected = check_jsonschema(files, fixture_schemas)
    assert sorted(map(str, rejected - expected)) == [], "check-jsonschema rejects files that explainer accepts"
    assert sorted(map(str, expected - rejected)) == [], "check-jsonschema accepts files that explainer rejects"


EVENT = "2024-04-26-harbour-closure"
# Values as contributors write them in YAML, which a YAML 1.2 reader types differently from the loader.
VARIANTS = {
    "year-as-number": ("date: 2024-04-26", "date: 2024", True),
    "interval": ("date: 2024-04-26", "date: 2024-04/2024-05", True),
    "quoted-date": ("date: 2024-04-26", 'date: "2024-04-26"', True),
    "number-quoted": ("value: 120", 'value: "120"', True),
    "title-a-number": ("title: The harbour of Port Example is closed to fishing boats", "title: 1984", True),
    "locator-a-number": ("locator: paragraph 1", "locator: 12", True),
    # A tag is a word from the publication's list, which a number is not.
    "tag-a-number": ("  - harbour\n", "  - 2024\n", False),
    "yes-in-text": ("place: Port Example", "place: yes", True),
    "date-with-time": ("date: 2024-04-26", "date: 2024-04-26T10:00:00", False),
    "date-day-first": ("date: 2024-04-26", "date: 26.04.2024", False),
    "year-too-short": ("date: 2024-04-26", "date: 97", False),
    "negative-number": ("value: 120", "value: -120", False),
    "fraction": ("value: 120", "value: 120.5", False),
    "upper-case-tag": ("  - harbour\n", "  - Harbour\n", False),
    "empty-title": ("title: The harbour of Port Example is closed to fishing boats", 'title: ""', False),
    "blank-title": ("title: The harbour of Port Example is closed to fishing boats", 'title: "   "', False),
    "null-summary": ("summary: |", "summary: ~\nold_summary: |", False),
    "tags-not-a-list": ("tags:\n  - harbour\n  - fishing\n", "tags: harbour\n", False),
}


@pytest.fixture(scope="module")
def variant_verdicts(tmp_path_factory: pytest.TempPathFactory, fixture_schemas: Path) -> dict[str, tuple[bool, str, bool]]:
    """For each variant: whether explainer accepts it (with its report), and whether check-jsonschema does."""
    explainer: dict[str, tuple[bool, str]] = {}
    events: dict[str, Path] = {}
    for name, (old, new, _valid) in VARIANTS.items():
        root = tmp_path_factory.mktemp(name)
        shutil.copytree(MINIMAL / "data", root / "data")
        event = root / "data" / "events" / f"{EVENT}.yml"
        text = event.read_text(encoding="utf-8")
        assert old in text, name
        event.write_text(text.replace(old, new, 1), encoding="utf-8")
        events[name] = event
        try:
            build_site(root / "data", root=root, settings=SETTINGS)
        except DataError as exc:
            explainer[name] = (False, exc.report())
        else:
            explainer[name] = (True, "")
    rejected = check_jsonschema({"events": list(events.values())}, fixture_schemas)
    return {name: (*explainer[name], events[name] not in rejected) for name in VARIANTS}


@pytest.mark.parametrize("name", VARIANTS)
def test_typical_yaml_gets_the_same_verdict(name: str, variant_verdicts: dict[str, tuple[bool, str, bool]]) -> None:
    explainer_valid, report, schema_valid = variant_verdicts[name]
    valid = VARIANTS[name][2]
    assert explainer_valid is valid, report
    assert schema_valid is valid
