"""Errors a contributor can act on: "did you mean", the accepted date forms, the item in a list.

Each case changes one thing in a copy of the minimal fixture, as a contributor might by mistake,
and checks the exact line that ``explainer validate`` prints for it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import MINIMAL, SETTINGS
from explainer import DataError, build_site
from explainer.errors import Diagnostic, SourcePos
from explainer.tools.cli import format_diagnostic, main

EVENT = "data/events/2024-04-26-harbour-closure.yml"
SOURCE = "data/sources/example-news-2024-04-28-harbour-reopens.yml"
FORMS = "use YYYY, YYYY-MM, YYYY-MM-DD, or an interval A/B of those (e.g. 2022-06/2022-08)"


def report(tmp_path: Path, path: str, old: str, new: str) -> list[str]:
    """The diagnostics for the minimal fixture with ``old`` replaced by ``new`` in one file."""
    shutil.copytree(MINIMAL / "data", tmp_path / "data", dirs_exist_ok=True)
    file = tmp_path / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DataError) as info:
        build_site(tmp_path / "data", tmp_path, SETTINGS)
    return [str(d) for d in info.value.diagnostics]


# -- did you mean ---------------------------------------------------------------------------------


def test_misspelled_field(tmp_path: Path) -> None:
    assert report(tmp_path, EVENT, "\nplace: Port Example", "\nplcae: Port Example") == [
        f"{EVENT}:4:1: unknown field 'plcae' (did you mean 'place'?)",
    ]


def test_misspelled_field_inside_a_list_item(tmp_path: Path) -> None:
    assert report(tmp_path, EVENT, "    locator: paragraph 1", "    loctor: paragraph 1") == [
        f"{EVENT}:44:5: citations[0]: unknown field 'loctor' (did you mean 'locator'?)",
    ]


def test_unknown_field_with_nothing_close_lists_the_allowed_ones(tmp_path: Path) -> None:
    (line,) = report(tmp_path, EVENT, "\nplace: Port Example", "\nweather: stormy")
    assert (
        line
        == f"{EVENT}:4:1: unknown field 'weather'; allowed here: id, aliases, notes, citations, title, date, place, summary, figures, participants, tags, related"
    )


def test_misspelled_id_of_another_record(tmp_path: Path) -> None:
    assert report(
        tmp_path,
        EVENT,
        "  - source: example-news-2024-04-27-harbour-closure\n    excerpt: The harbour",
        "  - source: example-news-2024-04-27-harbor-closure\n    excerpt: The harbour",
    ) == [
        f"{EVENT}:42:13: unknown source 'example-news-2024-04-27-harbor-closure' (did you mean 'example-news-2024-04-27-harbour-closure'?);"
        " add data/sources/example-news-2024-04-27-harbor-closure.yml or fix the id",
    ]


def test_misspelled_person_in_a_nested_list(tmp_path: Path) -> None:
    (line,) = report(tmp_path, EVENT, "      - person: ana-marin", "      - person: anna-marin")
    assert line == f"{EVENT}:46:17: unknown person 'anna-marin' (did you mean 'ana-marin'?); add data/people/anna-marin.yml or fix the id"


def test_misspelled_choice(tmp_path: Path) -> None:
    (line,) = report(tmp_path, "data/organisations/harbour-rights-watch.yml", "kind: ngo", "kind: NGO")
    assert line == (
        "data/organisations/harbour-rights-watch.yml:4:7: kind: unknown organisation kind 'NGO' (did you mean 'ngo'?);"
        " add it under extra.explainer.vocabularies.organisation_kinds in mkdocs.yml,"
        " or use one of ngo, government, government-agency, intergovernmental, media, academic, political, other"
    )


def test_unknown_tag_says_where_tags_are_listed(tmp_path: Path) -> None:
    (line,) = report(tmp_path, EVENT, "  - fishing\nrelated", "  - Fishing\nrelated")
    assert line == (
        f"{EVENT}:32:5: tags[1]: unknown tag 'Fishing' (did you mean 'fishing'?);"
        " add it under extra.explainer.vocabularies.tags in mkdocs.yml, or use one of fishing, fishing-ban, harbour"
    )


def test_misspelled_folder(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL / "data", tmp_path / "data")
    (tmp_path / "data" / "people").rename(tmp_path / "data" / "persons")
    with pytest.raises(DataError) as info:
        build_site(tmp_path / "data", tmp_path, SETTINGS)
    assert (
        "data/persons:1:1: unexpected folder in the data directory (did you mean 'people'?); records go in sources/, organisations/, people/, events/, quotes/"
        in map(str, info.value.diagnostics)
    )


# -- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written", ["26/04/2024", "04/26/2024", "2024-4-26", "26 April 2024", "April 2024", "2024.04.26", "2024-04-26T10:00:00", "24-04-26"]
)
def test_date_in_another_form_says_which_forms_are_accepted(written: str, tmp_path: Path) -> None:
    assert report(tmp_path, EVENT, "date: 2024-04-26", f"date: {written}") == [
        f"{EVENT}:3:7: date: date {written!r} is not in a supported form; {FORMS}",
    ]


def test_date_in_a_nested_field_names_the_item(tmp_path: Path) -> None:
    (line,) = report(tmp_path, "data/people/ana-marin.yml", "    start: 2019", "    start: 1.1.2019")
    assert line == f"data/people/ana-marin.yml:6:12: roles[0].start: date '1.1.2019' is not in a supported form; {FORMS}"


def test_impossible_date_says_why(tmp_path: Path) -> None:
    assert report(tmp_path, EVENT, "date: 2024-04-26", "date: 2024-04-31") == [
        f"{EVENT}:3:7: date: date '2024-04-31' does not exist: April 2024 has 30 days",
    ]


# -- the item in a list ---------------------------------------------------------------------------


def test_wrong_value_in_a_nested_list_names_the_item(tmp_path: Path) -> None:
    assert report(tmp_path, EVENT, "        value: 80\n", "        value: eighty\n") == [
        f"{EVENT}:19:16: figures[0].claims[1].value: expected a whole number, got 'eighty'",
    ]


def test_second_citation_names_its_index(tmp_path: Path) -> None:
    old = "    locator: paragraph 1\n"
    assert report(tmp_path, EVENT, old, old + "  - source: [a, b]\n") == [
        f"{EVENT}:45:13: citations[1].source: expected text, got a list",
    ]


def test_missing_field_in_a_list_item_names_the_item(tmp_path: Path) -> None:
    old = "    locator: paragraph 1\n"
    assert report(tmp_path, EVENT, old, old + "  - excerpt: more words\n") == [
        f"{EVENT}:45:5: missing required field 'citations[1].source'; add it",
    ]


def test_bad_id_in_a_list_names_the_item(tmp_path: Path) -> None:
    (line,) = report(tmp_path, EVENT, "related:\n  - ", "related:\n  - Not An Id\n  - ")
    assert line.startswith(
        f"{EVENT}:34:5: related[0]: 'Not An Id' is not a valid id; use lower-case ASCII letters, digits and single hyphens"
    )


def test_party_without_anyone_names_the_item(tmp_path: Path) -> None:
    assert report(tmp_path, EVENT, "  - description: fishers of Port Example\n", "  - description:\n") == [
        f"{EVENT}:28:5: participants[1]: name someone: give 'person', 'organisation' or 'description'",
    ]


# -- empty values and invalid neighbours ----------------------------------------------------------


def test_empty_required_value_says_to_fill_it_in(tmp_path: Path) -> None:
    assert report(tmp_path, EVENT, "title: The harbour of Port Example is closed to fishing boats", "title:") == [
        f"{EVENT}:2:7: title: has no value; write it after the colon",
    ]


def test_empty_list_says_how_to_write_items(tmp_path: Path) -> None:
    assert report(tmp_path, EVENT, "tags:\n  - harbour\n  - fishing\n", "tags:\n") == [
        f"{EVENT}:30:6: tags: has no value; add its items on the lines below, each starting with '- ', or remove the field",
    ]


def test_empty_choice_lists_the_choices(tmp_path: Path) -> None:
    (line,) = report(tmp_path, "data/organisations/harbour-rights-watch.yml", "kind: ngo", "kind:")
    assert (
        line
        == "data/organisations/harbour-rights-watch.yml:4:6: kind: has no value; write one of ngo, government, government-agency, intergovernmental, media, academic, political, other"
    )


def test_a_reference_to_an_invalid_record_is_not_called_unknown(tmp_path: Path) -> None:
    # The source exists but is broken: its own problem is reported, not one "unknown source" per
    # record that cites it.
    lines = report(tmp_path, "data/sources/example-news-2024-04-27-harbour-closure.yml", "kind: news-article", "kind: news")
    assert len(lines) == 1
    assert lines[0].startswith(
        "data/sources/example-news-2024-04-27-harbour-closure.yml:3:7: kind: unknown source kind 'news' (did you mean 'news-article'?)"
    )


# -- GitHub annotations ---------------------------------------------------------------------------


def test_github_format_escapes_data_and_properties() -> None:
    diag = Diagnostic(SourcePos("data/events/a,b:c.yml", 12, 5), "100% sure\nsecond line\r")
    assert format_diagnostic(diag, "github") == "::error file=data/events/a%2Cb%3Ac.yml,line=12,col=5::100%25 sure%0Asecond line%0D"
    assert format_diagnostic(diag, "text") == "data/events/a,b:c.yml:12:5: 100% sure\nsecond line\r"


def test_validate_with_github_format_prints_annotations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(MINIMAL / "data", tmp_path / "data")
    shutil.copy(MINIMAL / "mkdocs.yml", tmp_path)
    event = tmp_path / EVENT
    event.write_text(event.read_text(encoding="utf-8").replace("date: 2024-04-26", "date: 26/04/2024"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "data", "--format", "github"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"::error file={EVENT},line=3,col=7::date: date '26/04/2024' is not in a supported form; {FORMS}",
        "1 error in 1 file",
    ]


def test_colon_in_a_value_says_to_quote_it(tmp_path: Path) -> None:
    (line,) = report(
        tmp_path, EVENT, "title: The harbour of Port Example is closed to fishing boats", "title: Port Example: the harbour closes"
    )
    # libyaml ends its sentence "in this context", the pure-Python parser "here".
    assert line.startswith(f"{EVENT}:2:20: YAML syntax error: mapping values are not allowed ")
    assert line.endswith("; if the value contains ': ', put the whole value in quotes, like title: \"Port Example: the harbour is closed\"")


def test_invalid_id_suggests_a_valid_one(tmp_path: Path) -> None:
    (line,) = report(tmp_path, EVENT, "related:\n  - ", "related:\n  - Harbour Closure\n  - ")
    assert line.endswith("at most 100 characters (did you mean 'harbour-closure'?)")


# -- slips a contributor makes often ----------------------------------------------------------------


def test_a_tab_says_to_indent_with_spaces(tmp_path: Path) -> None:
    assert report(tmp_path, EVENT, "\n  - source: ", "\n\t- source: ") == [
        f"{EVENT}:{_line_of(EVENT, chr(10) + '  - source: ')}:1: a tab character here: YAML indents with spaces only; "
        "replace the tab with spaces (two for each level, as in the other record files)"
    ]


def test_a_copied_record_keeping_the_id_names_both_files_and_a_free_id(tmp_path: Path) -> None:
    copy = tmp_path / "data" / "events" / "2024-04-26-harbour-closure-2.yml"
    shutil.copytree(MINIMAL / "data", tmp_path / "data", dirs_exist_ok=True)
    shutil.copy(MINIMAL / EVENT, copy)
    with pytest.raises(DataError) as info:
        build_site(tmp_path / "data", tmp_path, SETTINGS)
    assert [str(d) for d in info.value.diagnostics] == [
        "data/events/2024-04-26-harbour-closure-2.yml:1:5: id '2024-04-26-harbour-closure' is already the id of "
        f"{EVENT}; two records cannot share an id: change this one's id to '2024-04-26-harbour-closure-2', "
        "as its file is named, or to another free id"
    ]


def _line_of(path: str, text: str) -> int:
    """The line on which ``text`` (which starts with a line break) starts its second line, in the fixture."""
    content = (MINIMAL / path).read_text(encoding="utf-8")
    return content[: content.index(text)].count("\n") + 2


def test_a_deleted_source_still_cited_is_summed_up_once_above_its_references(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL / "data", tmp_path / "data", dirs_exist_ok=True)
    gone = "example-news-2024-04-27-harbour-closure"
    (tmp_path / "data" / "sources" / f"{gone}.yml").unlink()
    with pytest.raises(DataError) as info:
        build_site(tmp_path / "data", tmp_path, SETTINGS)
    lines = [str(d) for d in info.value.diagnostics]
    references = [line for line in lines if f"unknown source '{gone}'" in line]
    files = {line.split(":")[0] for line in references}
    assert len(files) > 1
    summary = (
        f"source '{gone}' is referred to {len(references)} times by {len(files)} records, listed below, and has no file: "
        f"if data/sources/{gone}.yml was deleted, restore it (git checkout -- data/sources/{gone}.yml), "
        "or remove or change each of these references"
    )
    summaries = [line for line in lines if line.endswith(summary)]
    assert len(summaries) == 1
    assert lines.index(summaries[0]) < min(lines.index(line) for line in references)
