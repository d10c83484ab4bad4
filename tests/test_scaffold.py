"""`explainer new`: a record file with every field, which validates once its blanks are filled in."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import MINIMAL
from explainer import build_site
from explainer.load.yamlload import load_text
from explainer.model.describe import fields_of
from explainer.model.records import RECORD_TYPES, TYPE_BY_NAME
from explainer.tools.cli import main

# Values for the blanks, taken from the records of the minimal fixture where they refer to one.
FILL = {
    "title": "A test title",
    "name": "A test name",
    "summary": "What happened, in a test's words.",
    "description": "Who they are, in a test's words.",
    "text": "We were given no warning",
    "date": "2024-04-26",
    "publisher": "example-news",
    "url": "https://news.example.com/test",
    "source": "example-news-2024-04-27-harbour-closure",
    "person": "tomas-rell",
    "excerpt": "“We were given no warning at all,” said Tomás Rell",
}
KINDS = {"source": "report", "organisation": "ngo"}
BLANK = re.compile(r"^(?P<lead>\s*(?:- )?)(?P<key>[a-z_]+):\s*(?:#.*)?$")


def fill_in(text: str, type_: str) -> str:
    """Give every blank field of a scaffold a value, as a contributor would."""
    values = {**FILL, "kind": KINDS.get(type_, "")}
    lines = []
    for line in text.splitlines():
        if type_ == "quote" and line.lstrip().startswith("# excerpt:"):
            # A quote's excerpt must hold its words, so the optional excerpt is needed here.
            line = line.replace("# excerpt:", "excerpt:", 1)
        match = BLANK.match(line)
        if match and values.get(match["key"]):
            line = f"{match['lead']}{match['key']}: {json.dumps(values[match['key']], ensure_ascii=False)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the minimal fixture's data and settings, with the working directory at its root."""
    shutil.copytree(MINIMAL / "data", tmp_path / "data")
    shutil.copy(MINIMAL / "mkdocs.yml", tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_new_event_once_filled_in_validates(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "event", "2024-05-01-test-event"]) == 0
    path = project / "data" / "events" / "2024-05-01-test-event.yml"
    assert "wrote data/events/2024-05-01-test-event.yml" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")

    # As written, the blanks make the record invalid: nothing half-done can slip through.
    assert main(["validate", "data"]) == 1
    out = capsys.readouterr().out
    assert "data/events/2024-05-01-test-event.yml:" in out
    assert "title: has no value; write it after the colon" in out

    path.write_text(fill_in(text, "event"), encoding="utf-8")
    assert main(["validate", "data"]) == 0, capsys.readouterr().out
    site = build_site(project / "data", project)
    event = site.get("event", "2024-05-01-test-event")
    assert event.title == "A test title"
    assert event.citations[0].source == "example-news-2024-04-27-harbour-closure"


@pytest.mark.parametrize("type_", [cls.type for cls in RECORD_TYPES.values()])
def test_every_type_once_filled_in_validates(type_: str, project: Path) -> None:
    assert main(["new", type_, f"test-{type_}"]) == 0
    path = project / "data" / TYPE_BY_NAME[type_].plural / f"test-{type_}.yml"
    path.write_text(fill_in(path.read_text(encoding="utf-8"), type_), encoding="utf-8")
    site = build_site(project / "data", project)
    assert site.get(type_, f"test-{type_}").id == f"test-{type_}"


@pytest.mark.parametrize("type_", [cls.type for cls in RECORD_TYPES.values()])
def test_every_field_is_present_required_blank_optional_commented(type_: str, project: Path) -> None:
    cls = TYPE_BY_NAME[type_]
    assert main(["new", type_, "x"]) == 0
    text = (project / "data" / cls.plural / "x.yml").read_text(encoding="utf-8")
    active = {m["key"] for line in text.splitlines() if (m := re.match(r"^(?P<key>[a-z_]+):", line))}
    commented = {m["key"] for line in text.splitlines() if (m := re.match(r"^# (?P<key>[a-z_]+):", line))}
    for field in fields_of(cls):
        if field.required:
            assert field.name in active, field.name
        else:
            assert field.name in commented, field.name
        # Each field's explanation comes from the model's description.
        assert f"# {field.description}" in text, field.name
    assert active | commented == set(cls.model_fields)
    # As written, the file is YAML the loader reads, with the id filled in.
    doc = load_text(text, "x.yml")
    assert not isinstance(doc, list), doc
    assert doc.data["id"] == "x"


def test_refuses_to_overwrite(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = project / "data" / "events" / "2024-04-26-harbour-closure.yml"
    before = existing.read_bytes()
    assert main(["new", "event", "2024-04-26-harbour-closure"]) == 1
    err = capsys.readouterr().err
    assert err == "explainer new: error: data/events/2024-04-26-harbour-closure.yml already exists; edit it, or choose another id\n"
    assert existing.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["new", "evnt", "x"],
            "unknown record type 'evnt' (did you mean 'event'?); choose one of: source, organisation, person, event, quote",
        ),
        (["new", "event", "Harbour Closure"], "(did you mean 'harbour-closure'?)"),
        (["new", "event", "2024_04_26"], "is not a valid id; use lower-case ASCII letters, digits and single hyphens"),
        (["new", "event", "Ünïcode--Title"], "(did you mean 'unicode-title'?)"),
        (["new", "event"], "give the new record's id after the type, like: explainer new event"),
        (["new", "event", "x", "--data-dir", "no-such-dir"], "no data directory at no-such-dir"),
    ],
)
def test_rejects_a_bad_type_or_id_with_exit_2(args: list[str], message: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(project.rglob("*"))
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("explainer new: error: ")
    assert message in err
    assert sorted(project.rglob("*")) == files


def test_folder_name_works_as_the_type(project: Path) -> None:
    assert main(["new", "people", "ana-test"]) == 0
    assert (project / "data" / "people" / "ana-test.yml").is_file()


def test_missing_type_folder_is_created(project: Path) -> None:
    shutil.rmtree(project / "data" / "quotes")
    assert main(["new", "quote", "q"]) == 0
    assert (project / "data" / "quotes" / "q.yml").is_file()


def test_no_arguments_lists_the_types(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new"]) == 0
    out = capsys.readouterr().out
    for plural, cls in RECORD_TYPES.items():
        assert re.search(rf"^  {cls.type} +data/{plural}/ +\S", out, re.M), cls.type
    assert "usage: explainer new TYPE ID" in out
