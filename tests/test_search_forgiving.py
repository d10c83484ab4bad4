"""A search that forgives: word forms, slips of the keyboard, acronyms, and the record a query
names before the pages that mention it, as the site's search worker finds them under Node
(benchmarks/search_bytes.mjs, a keystroke at a time) in sites built into tmp_path.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import snowballstemmer

from explainer.outputs import search
from sitebuild import LINDENAU, MINIMAL, ROOT, build_project, make_project
from test_search_index import _node, search_site

pytestmark = pytest.mark.build

STEMMERS = ROOT / "hooks" / "explainer" / "theme" / "assets" / "javascripts" / "stemmers"

PERSON = """\
id: ilie-scarlatoiu
name: Ilie Scarlatoiu
roles:
  - title: harbour historian
description: |
  An invented historian of the harbour's treaties.
citations:
  - source: example-news-2024-04-27-harbour-closure
    excerpt: By Ana Marin, harbour reporter
    locator: byline
"""

PAGE = """\
# Treaties of the coast

How the ports of the coast hand over those who flee.

## The extradition treaty

An extradition treaty between the two ports was signed in 1960.

## Penalties

Those sent back risk prison and public executions, the historian Ilie Scarlatoiu writes.

## Universal Periodic Review

The ports' records were examined at their Universal Periodic Review.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(MINIMAL, tmp_path_factory.mktemp("forgiving"))
    (project / "data" / "people" / "ilie-scarlatoiu.yml").write_text(PERSON, encoding="utf-8")
    (project / "content" / "treaties.md").write_text(PAGE, encoding="utf-8")
    return build_project(project)


def test_the_worker_finds_other_forms_of_a_word(built: Path) -> None:
    rows = {row["query"]: row for row in search_site(built, "extradited", "executed", "execution", "treaty extradited")}
    assert rows["extradited"]["best"] == "treaties/#the-extradition-treaty"
    assert rows["executed"]["best"] == "treaties/#penalties"
    assert rows["execution"]["best"] == "treaties/#penalties"
    assert rows["treaty extradited"]["best"] == "treaties/#the-extradition-treaty"


def test_the_worker_forgives_one_slip_of_the_keyboard(built: Path) -> None:
    rows = {row["query"]: row for row in search_site(built, "Scarlatou", "Scarlatiou", "Ilie Scarlatoui", "Scarlatoiuu", "Scxrlatoiu")}
    for query in rows:
        assert rows[query]["best"] == "people/ilie-scarlatoiu/", query
    # Words shorter than five letters are too short to guess at.
    [row] = search_site(built, "Ilia")
    assert row["results"] == 0


def test_the_worker_marks_the_words_it_found_in_another_form(built: Path) -> None:
    [row] = search_site(built, "executed", items=True)
    texts = [item["text"] for group in row["items"] for item in group]
    assert any("<mark>executions</mark>" in text for text in texts)


def test_a_record_the_query_names_comes_before_the_pages_that_mention_it(built: Path) -> None:
    rows = {row["query"]: row for row in search_site(built, "Scarlatoiu", "HaRW", "Harbour Rights Watch")}
    assert rows["Scarlatoiu"]["best"] == "people/ilie-scarlatoiu/"  # the page mentions him too
    assert rows["HaRW"]["best"] == "organisations/harbour-rights-watch/"  # its sources name it
    assert rows["Harbour Rights Watch"]["best"] == "organisations/harbour-rights-watch/"


def test_the_worker_finds_a_name_by_its_initials(built: Path) -> None:
    [row] = search_site(built, "UPR")
    assert row["best"] == "treaties/#universal-periodic-review"


def test_word_forms_cost_no_more_bytes(built: Path) -> None:
    """A word's other forms are in the shards fetched for it: a query fetches what it did."""
    rows = {row["query"]: row for row in search_site(built, "executed", "executions")}
    assert rows["executed"]["query_bytes"] == rows["executions"]["query_bytes"]


def test_each_edition_names_the_stemmer_of_its_language(tmp_path: Path) -> None:
    site = build_project(make_project(LINDENAU, tmp_path))
    assert json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))["stemmer"] == "german"
    # "Haushalt" is in the event's figures only as "Haushalte".
    [row] = search_site(site, "Haushalt")
    assert row["best"] == "events/2023-06-17-raeumung-der-unterstadt/"


def test_the_worker_stems_as_the_snowball_reference_does(built: Path) -> None:
    """The stemmers the worker loads are Snowball's own JavaScript; PyPI's snowballstemmer is made
    from the same release. Every word of the fixture's index, and some hard ones, stem alike."""
    words = set()
    for shard in (built / "search" / "terms").glob("*.json"):
        words |= set(json.loads(shard.read_text(encoding="utf-8")))
    words |= {"extradited", "repatriations", "detained", "dying", "generously", "news", "skies", "häfen", "straße"}
    script = """
const vm = require("vm"), fs = require("fs")
const context = { self: {} }
vm.createContext(context)
const [folder, name] = process.argv.slice(1)
for (const file of ["base", name]) vm.runInContext(fs.readFileSync(`${folder}/${file}.js`, "utf8"), context)
const words = JSON.parse(fs.readFileSync(0, "utf8"))
console.log(JSON.stringify(words.map(w => context.self.snowballStemmers[name].stemWord(w))))
"""
    for name in ("english", "german"):
        ordered = sorted(words)
        out = subprocess.run(
            [_node(), "-e", script, str(STEMMERS), name], input=json.dumps(ordered), capture_output=True, text=True, check=True, timeout=60
        )
        reference = snowballstemmer.stemmer(name)
        assert json.loads(out.stdout) == [reference.stemWord(w) for w in ordered], name


def test_every_stemmer_the_engine_names_is_shipped() -> None:
    for name in search.STEMMERS.values():
        assert (STEMMERS / f"{name}.js").is_file(), name
