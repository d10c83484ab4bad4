"""The JSON Schemas under ``schemas/``: committed, current with the models, and usable by editors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT
from explainer.load.project import read_project
from explainer.model.records import RECORD_TYPES
from explainer.outputs.schemas import editor_schema, render_schemas, schema_name
from explainer.tools.cli import main
from explainer.tools.schemas import stale_schemas

SCHEMAS = ROOT / "schemas"
CONFIG = ROOT / "mkdocs.yml"
SETTINGS = read_project(CONFIG).settings


def test_committed_schemas_match_the_models() -> None:
    stale = [path.name for path in stale_schemas(SCHEMAS, SETTINGS)]
    assert not stale, (
        f"{', '.join(stale)} out of date with the record models or mkdocs.yml's vocabularies; run `.venv/bin/explainer schemas` and commit schemas/"
    )


def test_nothing_else_in_the_schema_folder() -> None:
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(render_schemas(SETTINGS))


def test_check_fails_when_a_model_changed_without_regenerating(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schemas", str(tmp_path), "--config", str(CONFIG)]) == 0
    assert main(["schemas", "--check", str(tmp_path), "--config", str(CONFIG)]) == 0
    stale = tmp_path / "event.schema.json"
    schema = json.loads(stale.read_text(encoding="utf-8"))
    del schema["properties"]["place"]
    stale.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    capsys.readouterr()

    assert main(["schemas", "--check", str(tmp_path), "--config", str(CONFIG)]) == 1
    out = capsys.readouterr().out
    assert "event.schema.json: out of date with the models; run 'explainer schemas' and commit the result" in out
    assert "source.schema.json" not in out


@pytest.mark.parametrize("cls", RECORD_TYPES.values(), ids=lambda cls: cls.type)
def test_schema_is_a_valid_draft_07_schema_with_docs(cls: type) -> None:
    schema = editor_schema(cls, SETTINGS)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["$id"] == schema_name(cls)
    assert schema["additionalProperties"] is False
    for name, prop in schema["properties"].items():
        assert prop.get("description"), f"{cls.type}.{name} has no description"


def test_descriptions_and_examples_reach_the_schema() -> None:
    event = json.loads((SCHEMAS / "event.schema.json").read_text(encoding="utf-8"))
    title = event["properties"]["title"]
    assert title["description"] == "A short title in our own words."
    assert title["examples"] == ["Port Alder closes its harbour to fishing boats"]
    assert "YYYY-MM-DD" in event["properties"]["date"]["description"]
    claim = event["$defs"]["Claim"]["properties"]["value"]
    assert claim["examples"] == [200]


@pytest.mark.parametrize(
    ("yaml_value", "valid"),
    [
        # What a YAML 1.2 reader (an editor, check-jsonschema) makes of dates that the loader reads as text.
        (1997, True),
        ("2024-04-26", True),
        ("2023-08/2023-09", True),
        ("26/04/2024", False),
        (97, False),
        (None, False),
    ],
)
def test_event_date_accepts_what_yaml_readers_produce(yaml_value: object, valid: bool) -> None:
    event = json.loads((SCHEMAS / "event.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(event["properties"]["date"])
    assert validator.is_valid(yaml_value) is valid


def test_vscode_settings_map_every_data_folder_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    expected = {f"./schemas/{schema_name(cls)}": f"data/{plural}/*.yml" for plural, cls in RECORD_TYPES.items()}
    assert mapping == expected
    for schema in mapping:
        assert (ROOT / schema).is_file()


def test_vocabularies_reach_the_schemas_as_choices() -> None:
    event = json.loads((SCHEMAS / "event.schema.json").read_text(encoding="utf-8"))
    assert event["properties"]["tags"]["items"]["enum"] == list(SETTINGS.vocabulary("tags"))
    source = json.loads((SCHEMAS / "source.schema.json").read_text(encoding="utf-8"))
    assert source["properties"]["kind"]["enum"][:2] == ["news-article", "report"]
    validator = jsonschema.Draft7Validator(event["properties"]["tags"])
    assert validator.is_valid(["repatriation"]) and not validator.is_valid(["no-such-tag"])
