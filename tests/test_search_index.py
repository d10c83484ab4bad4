"""The site's sharded search index: what the build writes, and what the search worker finds in it.

The worker is run outside the browser by ``benchmarks/search_bytes.mjs`` under Node, a keystroke
at a time, as Material's search box would send the queries; tests/browser/test_search.py drives
the real search box in Chromium.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import material
import pytest

from explainer.outputs import search
from explainer.outputs.search import STOPWORDS, SearchIndex, tokens
from sitebuild import MINIMAL, ROOT, build_project, make_project, search_documents

pytestmark = pytest.mark.build


def test_tokens_fold_case_and_accents_and_split_on_everything_else() -> None:
    assert tokens("Lee Ae-ran") == ["lee", "ae", "ran"]
    assert tokens("Tomás RELL, São_Paulo 2024!") == ["tomas", "rell", "sao", "paulo", "2024"]
    assert tokens("北朝鮮 탈북자") == ["北朝鮮", "탈북자"]


def test_markdown_fields_are_indexed_as_their_words() -> None:
    text = search.markdown_text("See **[the report](https://example.org/x)** and `code`, _now_.")
    assert text == "See the report and code , now ."


def test_acronyms_are_the_initials_of_capitalised_names() -> None:
    assert "upr" in search.acronyms("China's Universal Periodic Review, 2024")
    assert search.acronyms("UN Committee against Torture") == ["ucat", "cat"]
    assert "coi" in search.acronyms("The Commission of Inquiry")
    assert "nkplf" in search.acronyms("North Korean People's Liberation Front")
    # Fewer than three letters, lower-case words, or a run broken by an ordinary word: none.
    assert search.acronyms("Port Example") == []
    assert search.acronyms("the harbour closes in storms") == []
    assert search.acronyms("Harbour closed Again today") == []


def test_each_language_has_its_snowball_stemmer_or_none() -> None:
    assert search.stemmer_for("en") == search.stemmer_for("en-GB") == "english"
    assert search.stemmer_for("de") == "german"
    assert search.stemmer_for("ko") is None
    manifests = {lang: json.loads(dict(SearchIndex().files(lang))["manifest.json"]) for lang in ("en", "ko")}
    assert manifests["en"]["stemmer"] == "english" and manifests["ko"]["stemmer"] is None


def test_a_records_own_names_weigh_most_and_travel_with_it() -> None:
    index = SearchIndex()
    index.add("sources/s/", "Harbour Rights Watch reports", "HaRW counts the boats.", names=["Harbour Rights Watch"])
    index.add("organisations/h/", "Harbour Rights Watch", "A group.", own_names=["HaRW", "", "Harbour Rights Watch"], named=True)
    index.add("events/e/", "The harbour closes", "Storms.", date="2024-04-26")
    files = dict(index.files())
    _, terms = _decode(files)
    assert terms["harw"][1] == {0: search.TEXT, 1: search.NAME}
    assert terms["watch"][1] == {0: search.TITLE, 1: search.NAME}
    assert terms["hrw"][1] == {0: search.TITLE, 1: search.NAME}  # the initials of a title
    assert terms["2024"][1] == {2: search.TITLE}
    # The other names go with the document, for the worker to tell a query that names it.
    chunk = json.loads(files["docs/0.json"])
    assert chunk[1] == ["organisations/h/", "Harbour Rights Watch", "A group.", "", -1, ["HaRW"]]
    assert len(chunk[0]) == len(chunk[2]) == 5


def _decode(files: dict[str, bytes]) -> tuple[dict[str, Any], dict[str, tuple[str, dict[int, int]]]]:
    """The manifest, and every term with its shard key and its postings as {document: field}."""
    manifest = json.loads(files["manifest.json"])
    terms: dict[str, tuple[str, dict[int, int]]] = {}
    for key in manifest["shards"]:
        for term, encoded in json.loads(files[f"terms/{search.shard_file(key)}.json"]).items():
            doc, postings = 0, {}
            for value in encoded:
                doc += value >> 2
                postings[doc] = value & 3
            assert term not in terms
            terms[term] = (key, postings)
    return manifest, terms


def test_shards_hold_every_term_where_the_worker_looks(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small shards, so that the common prefixes split, some of them twice.
    monkeypatch.setattr(search, "SHARD_BYTES", 200)
    index = SearchIndex()
    for n in range(300):
        index.add(
            f"events/e{n}/", f"Return number {n}", f"repatriated returnees {n % 7} the report", names=[f"Province{n % 5}"], tag="Event"
        )
    index.add("people/x/", "Kim Ok", "a k", tag="Person")
    files = dict(index.files())
    manifest, terms = _decode(files)
    assert manifest["documents"] == 301 and manifest["chunk"] == search.CHUNK
    assert any(len(key) > 3 for key in manifest["shards"]), "the test should make shards split"
    for term, (key, _) in terms.items():
        # The worker's rule: a term lives in the shard of the longest key that begins it.
        assert key == max((k for k in manifest["shards"] if term.startswith(k)), key=len), term
    assert not STOPWORDS & set(terms)
    # Postings name every document with the field the term was weighted by.
    assert terms["return"][1] == dict.fromkeys(range(300), search.TITLE)
    assert terms["repatriated"][1] == dict.fromkeys(range(300), search.TEXT)
    assert terms["province3"][1] == dict.fromkeys(range(3, 300, 5), search.NAMES)
    assert terms["k"][1] == {300: search.TEXT}
    chunk = json.loads(files[f"docs/{300 // search.CHUNK}.json"])
    assert chunk[300 % search.CHUNK] == ["people/x/", "Kim Ok", "a k", "Person", -1]


def test_non_ascii_shards_get_file_names_of_code_points() -> None:
    assert search.shard_file("ki") == "ki"
    assert search.shard_file("탈북") == "_d0c8-bd81"
    index = SearchIndex()
    index.add("a/", "탈북자", "")
    assert "terms/_d0c8-bd81.json" in dict(index.files())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(MINIMAL, tmp_path_factory.mktemp("search"))
    content = project / "content"
    (content / "guide.md").write_text(
        "# Harbour guide\n\nHow the harbour works.\n\n## Nets and permits\n\nPermits for drift nets are issued yearly.\n\n"
        "## Closures\n\nThe harbour closes in storms.\n",
        encoding="utf-8",
    )
    (content / "hidden.md").write_text("---\nsearch:\n  exclude: true\n---\n# Hidden page\n\nUnfindable zebracorn.\n", encoding="utf-8")
    return build_project(project)


def test_every_page_is_in_the_index_and_materials_index_is_empty(built: Path) -> None:
    docs = search_documents(built)
    locations = [doc["location"] for doc in docs]
    assert len(locations) == len(set(locations))
    pages = sorted(p.relative_to(built).parent.as_posix() + "/" for p in built.rglob("index.html") if p.parent != built)
    assert set(pages) - {"hidden/"} <= set(locations), set(pages) - set(locations)
    assert "hidden/" not in locations and not any("zebracorn" in doc["text"] for doc in docs)
    assert "" in locations  # the home page
    assert json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"] == []


def test_explainer_pages_are_indexed_by_section(built: Path) -> None:
    docs = search_documents(built)
    page = next(i for i, doc in enumerate(docs) if doc["location"] == "guide/")
    sections = [doc for doc in docs if doc["page"] == page]
    assert [(d["location"], d["title"]) for d in sections] == [
        ("guide/#nets-and-permits", "Nets and permits"),
        ("guide/#closures", "Closures"),
    ]
    assert sections[0]["text"] == "Permits for drift nets are issued yearly."
    html = (built / "guide" / "index.html").read_text(encoding="utf-8")
    for section in sections:
        assert f'id="{section["location"].split("#")[1]}"' in html
    # Permalink signs and footnote numbers are not words of the text.
    assert all("¶" not in doc["text"] for doc in docs)


def test_every_page_runs_the_sites_search_worker(built: Path) -> None:
    for page in ("index.html", "guide/index.html", "people/tomas-rell/index.html"):
        html = (built / page).read_text(encoding="utf-8")
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
        worker, index = config["search"].split("#")
        assert (built / page).parent.joinpath(worker).resolve() == (built / "assets" / "javascripts" / "search-worker.js").resolve()
        assert index == "search/"  # the default edition's index, under the site root
        assert config["translations"]["search.result.other"] == "# best matches"


def _block(template: str) -> list[str]:
    body = re.search(r"{% block config %}(.*?){% endblock %}", template, re.S)
    assert body, "no config block"
    return [" ".join(line.split()) for line in body.group(1).splitlines() if line.strip()]


def test_config_block_is_materials_but_for_the_worker_and_the_count() -> None:
    """main.html copies Material's config block: an upgrade of the theme that changes it fails here."""
    theirs = _block((Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8"))
    ours = _block((ROOT / "hooks" / "explainer" / "theme" / "explainer" / "main.html").read_text(encoding="utf-8"))
    changed = [(a, b) for a, b in zip(theirs, ours, strict=True) if a != b]
    assert len(theirs) == len(ours)
    assert [b for _, b in changed] == [
        '"search.result.other": gettext("# best matches"),',
        '"search": ("assets/javascripts/search-worker.js" | url) ~ "#" ~ (search_index | default("search/")),',
    ]


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js is needed to run the search worker (apt-get install nodejs)")
        pytest.skip("Node.js is not installed (apt-get install nodejs)")
    return node


def search_site(site: Path, *queries: str, items: bool = False) -> list[dict[str, Any]]:
    """Run the site's search worker on each query, typed a keystroke at a time."""
    flags = ["--items"] if items else []
    out = subprocess.run(
        [_node(), str(ROOT / "benchmarks" / "search_bytes.mjs"), *flags, str(site), *queries],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_worker_finds_names_phrases_and_sections(built: Path) -> None:
    rows = {
        row["query"]: row
        for row in search_site(
            built,
            "tomas rell",  # accents folded: the record says Tomás
            "Ana Marin",
            "Harbour Rights Watch",
            "when we can go out again",  # a phrase from a quote
            "drift nets permits",  # an explainer page's section
            "harb",  # a word being typed
            "zebracorn",  # only on a page excluded from search
            "the of and",  # nothing but stopwords
        )
    }
    assert rows["tomas rell"]["best"] == "people/tomas-rell/"
    assert rows["Ana Marin"]["best"] == "people/ana-marin/"
    assert rows["Harbour Rights Watch"]["best"] == "organisations/harbour-rights-watch/"
    assert rows["when we can go out again"]["best"] == "quotes/fisher-2024-04-27-when-we-can-go-out/"
    assert rows["drift nets permits"]["best"] == "guide/#nets-and-permits"
    assert rows["harb"]["results"] > 3
    assert rows["zebracorn"]["results"] == 0
    assert rows["the of and"]["results"] == 0
    for row in rows.values():
        assert row["query_bytes"] > 0


def test_worker_escapes_what_it_shows(tmp_path: Path) -> None:
    project = make_project(MINIMAL, tmp_path)
    (project / "content" / "odd.md").write_text(
        "# Odd page\n\n## Tags &lt;img src=x onerror=alert(1)&gt; here\n\nWords about imgsrc.\n", encoding="utf-8"
    )
    site = build_project(project)
    items = json.dumps(search_site(site, "onerror alert", items=True)[0]["items"])
    assert "onerror" in items
    assert "<img" not in items and "&#60;img" in items


def test_a_page_is_indexed_by_its_own_words_not_its_references_or_previews() -> None:
    """The reference list and each citation's preview name sources, whose own pages hold them."""
    html = (
        '<p>Guards returned <span class="x-cite"><a class="x-mark" href="#ref-1">[1]</a>'
        '<span class="x-preview x-noindex"><span class="x-reference">Zanzibar Gazette</span></span></span> them.</p>'
        '<h2 id="references">References</h2><section class="x-references x-noindex"><ol><li>Quokka Times</li></ol></section>'
    )
    index = SearchIndex()
    search.add_page(index, html, "page/", "A page")
    terms = set(index._postings)
    assert {"guard", "return"} <= terms or {"guards", "returned"} <= terms
    assert not terms & {"zanzibar", "gazett", "gazette", "quokka", "time", "times"}
