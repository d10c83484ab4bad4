"""Shared paths and helpers for the engine tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from explainer.load import yamlload
from explainer.load.yamlload import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "valid" / "minimal"


def write_oversized(path: Path, template: str) -> None:
    """Write ``template`` padded with comment lines to exactly one byte over the record size limit.

    Generated rather than committed, so that the repository does not carry 256 KiB of padding.
    """
    body = template.encode("utf-8")
    missing = MAX_FILE_BYTES + 1 - len(body)
    assert missing > 2
    padding = (b"#" * 79 + b"\n") * (missing // 80)
    padding += b"#" * (missing - len(padding) - 1) + b"\n"
    path.write_bytes(body + padding)
    assert path.stat().st_size == MAX_FILE_BYTES + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser/ as a browser test (and so a build too)."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.build)


@pytest.fixture(params=["libyaml", "python"])
def each_yaml_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with libyaml and with the pure-Python parser the loader falls back to."""
    if request.param == "libyaml":
        if not yaml.__with_libyaml__:
            pytest.skip("PyYAML was built without libyaml")
    else:
        monkeypatch.setattr(yamlload, "_Parser", yaml.SafeLoader)
    return str(request.param)


def _fixture_settings():  # type: ignore[no-untyped-def]
    from explainer.load.project import read_project

    return read_project(MINIMAL / "mkdocs.yml").settings


SETTINGS = _fixture_settings()
"""The settings of the invented harbour publication, which the data-only fixtures belong to."""


def _fixture_rules():  # type: ignore[no-untyped-def]
    from explainer.load.validate import Rules

    return Rules.of(SETTINGS)


RULES = _fixture_rules()
"""The vocabularies and language of names that the fixtures' records are checked against."""
