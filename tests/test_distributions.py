"""benchmarks/distributions.py measures the shape of records, and the benchmark's generator gives the shape it was told.

The generator's targets (``SHAPE``, ``WORDS``) were measured on the real records by the same script;
its records must have them, within what chance allows for the sample.
"""

from __future__ import annotations

import math
import statistics
import sys
from pathlib import Path

import pytest

from explainer import build_site
from sitebuild import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import distributions
import generate


def test_measures_count_what_a_record_holds(capsys: pytest.CaptureFixture[str]) -> None:
    org = {"organisation": "ngo"}
    records = {
        "sources": [{"id": "s1", "title": "As Published", "publisher": "daily"}, {"id": "s2", "title": "Other", "publisher": "daily"}],
        "events": [
            {
                "id": "e1",
                "title": {"en": "Five people returned", "ko": "다섯 명 송환"},
                "summary": "Only in English.",
                "citations": [{"source": "s1", "excerpt": "one two three", "attributed_to": [org, {"person": "p"}]}, {"source": "s1"}],
                "figures": [{"measure": "people", "claims": [{"source": "s2", "value": 5, "attributed_to": [org]} for _ in range(3)]}],
                "participants": [org, org],
                "tags": ["a"],
                "notes": [{"kind": "context", "text": "A note.", "citations": [{"source": "s2", "locator": "p. 2"}]}],
            }
        ],
    }
    found = distributions.measures(records)
    assert found["events: citations"] == [2]
    assert found["events: figures"] == [1] and found["events: claims"] == [3] and found["figure: claims"] == [3]
    # Attributions over every citation of the event: its own (2), its claims' (3) and its notes' (0).
    assert found["events: attributions"] == [5]
    assert found["events: participants"] == [2] and found["events: tags"] == [1] and found["events: notes"] == [1]
    assert found["events: title words"] == [3] and found["events: summary words"] == [3]
    # Own-words texts: the title (in two languages), the summary, the measure, the note's text and
    # the locator; not the excerpts, which are the source's words.
    assert found["events: translated share"] == [1 / 5]
    assert found["citation: excerpt words"] == [3, 0, 0, 0, 0, 0]
    assert found["citation: has locator"] == [0, 0, 0, 0, 0, 1]
    assert found["outlet: sources"] == [2]
    assert sorted(found["source: times cited"]) == [2, 4]
    assert found["sources per event"] == [2]

    distributions.main([str(ROOT / "data")])
    out = capsys.readouterr().out
    assert "| events: attributions " in out and f"{ROOT / 'data'} (" in out


def _mean_sd(histogram: dict[int, int]) -> tuple[float, float]:
    values = [value for value, n in histogram.items() for _ in range(n)]
    return statistics.fmean(values), statistics.pstdev(values)


MEASURE_OF_SHAPE = {
    "event_citations": "events: citations",
    "event_figures": "events: figures",
    "figure_claims": "figure: claims",
    "event_participants": "events: participants",
    "event_tags": "events: tags",
    "event_related": "events: related",
    "event_notes": "events: notes",
    "source_notes": "sources: notes",
    "organisation_citations": "organisations: citations",
    "person_citations": "people: citations",
    "quote_citations": "quotes: citations",
    "person_roles": "people: roles",
    "source_authors": "sources: authors",
    "quote_about": "quotes: about",
}
MEASURE_OF_WORDS = {
    "event_title": "events: title words",
    "event_summary": "events: summary words",
    "source_title": "sources: title words",
    "source_summary": "sources: summary words",
    "organisation_description": "organisations: description words",
    "person_description": "people: description words",
    "quote_text": "quotes: text words",
    "quote_context": "quotes: context words",
}


@pytest.fixture(scope="module")
def generated() -> dict[str, list[float]]:
    return distributions.measures(generate.generate(2000, seed=3).records)


@pytest.mark.parametrize("key", sorted(MEASURE_OF_SHAPE))
def test_generated_counts_have_the_measured_mean(key: str, generated: dict[str, list[float]]) -> None:
    mean, sd = _mean_sd(generate.SHAPE[key])
    values = generated[MEASURE_OF_SHAPE[key]]
    # Four standard errors of the sample's mean; a little more where duplicates are dropped (tags, related, authors).
    allowed = 4 * sd / math.sqrt(len(values)) + 0.05 * mean
    assert abs(statistics.fmean(values) - mean) <= allowed, (key, statistics.fmean(values), mean)
    assert max(values) <= max(generate.SHAPE[key])


@pytest.mark.parametrize("key", sorted(MEASURE_OF_WORDS))
def test_generated_texts_have_the_measured_length(key: str, generated: dict[str, list[float]]) -> None:
    mean, sd, low, high = generate.WORDS[key]
    values = generated[MEASURE_OF_WORDS[key]]
    assert low <= min(values) and max(values) <= high, (key, min(values), max(values))
    # The clipping at the fewest and most words moves the mean a little.
    assert abs(statistics.fmean(values) - mean) <= 4 * sd / math.sqrt(len(values)) + 0.05 * mean, (key, statistics.fmean(values))


def test_every_generated_own_words_text_has_a_korean_version(generated: dict[str, list[float]]) -> None:
    for plural in ("events", "sources", "people", "quotes"):
        assert statistics.fmean(generated[f"{plural}: translated share"]) >= 0.9, plural


def test_citations_concentrate_on_few_sources_as_in_the_real_data(generated: dict[str, list[float]]) -> None:
    # In data/ the most cited source is cited 11 times as often as the average one; drawn evenly, it would be less than twice.
    cited = generated["source: times cited"]
    assert max(cited) > 4 * statistics.fmean(cited) > 4 * statistics.median(cited)


def test_a_generated_project_is_valid_in_both_editions(tmp_path: Path) -> None:
    project = generate.write_project(generate.generate(60, seed=5), tmp_path / "project")
    site = build_site(project / "data")
    event = site.all("event")[0]
    assert getattr(event.title, "versions", {}).get("ko")
    assert (project / "content" / "index.ko.md").is_file()
