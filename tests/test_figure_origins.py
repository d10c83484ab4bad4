"""Independent origins of a figure: reports that trace back to one party count once, and are named."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from explainer.builder import Build
from explainer.graph.figures import FigureView
from sitebuild import MINIMAL, build_project, make_project

EVENT = "2024-04-26-harbour-closure"
NEWS = "example-news-2024-04-27-harbour-closure"
WATCH = "harbour-rights-watch-2023-10-12-nets-and-notices"


def claim(source: str, value: int, *chain: dict[str, str]) -> dict[str, Any]:
    return {"source": source, "value": value, "excerpt": "about 120 boats stayed tied up", "attributed_to": list(chain)}


CLAIMS = [
    # A group, and the same group with the informant it relays: one origin.
    claim(NEWS, 120, {"organisation": "harbour-rights-watch"}, {"description": "a harbour pilot"}),
    # The group's own report, crediting no one: its publisher is the group, so the same origin.
    {"source": WATCH, "value": 110, "excerpt": "the harbour stayed closed until the end of September"},
    # A person speaking for an organisation, and the organisation: one origin.
    claim(NEWS, 95, {"person": "ana-marin", "organisation": "example-news"}),
    claim(NEWS, 90, {"organisation": "example-news"}),
    # Two origins of their own.
    claim(NEWS, 80, {"organisation": "ministry-of-coastal-affairs"}),
    claim(NEWS, 70, {"description": "a fisher who asked not to be named"}),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = make_project(MINIMAL, tmp_path)
    path = project / "data" / "events" / f"{EVENT}.yml"
    event = yaml.safe_load(path.read_text(encoding="utf-8"))
    event["date"] = str(event["date"])
    event["figures"] = [{"measure": "fishing boats kept in port on one day", "unit": "boats", "claims": CLAIMS}]
    path.write_text(yaml.safe_dump(event, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return project


def view_of(project: Path) -> FigureView:
    site = Build.offline(project / "mkdocs.yml").edition().site
    event = site.get("event", EVENT)
    return site.figure_view(event.figures[0])  # type: ignore[attr-defined]


def test_reports_of_one_origin_count_once(project: Path) -> None:
    view = view_of(project)
    assert view.origins == 4
    assert [g.reports for g in view.origin_groups] == [2, 2, 1, 1]
    named = [(g.party.person, g.party.organisation, g.party.description) for g in view.origin_groups]
    assert named[0] == (None, "harbour-rights-watch", None)
    assert named[1] == (None, "example-news", None)
    assert named[2] == (None, "ministry-of-coastal-affairs", None)
    # Known only by a description: it is named with who reports it.
    assert view.origin_groups[3].via is not None
    assert view.origin_groups[3].via.organisation == "example-news"


def test_two_people_of_one_body_are_one_origin_named_by_the_body(project: Path) -> None:
    path = project / "data" / "events" / f"{EVENT}.yml"
    event = yaml.safe_load(path.read_text(encoding="utf-8"))
    event["figures"][0]["claims"] = [
        claim(NEWS, 120, {"person": "tomas-rell", "organisation": "harbour-rights-watch"}),
        claim(NEWS, 100, {"person": "ana-marin", "organisation": "harbour-rights-watch"}),
    ]
    path.write_text(yaml.safe_dump(event, sort_keys=False, allow_unicode=True), encoding="utf-8")
    view = view_of(project)
    assert view.origins == 1
    party = view.origin_groups[0].party
    assert (party.person, party.organisation) == (None, "harbour-rights-watch")


def text_of(page: Path) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")).split()))


@pytest.mark.build
def test_pages_say_how_many_origins_and_name_them(project: Path) -> None:
    site = build_project(project)
    for page in (site / "events" / EVENT / "index.html", site / "contested" / "index.html"):
        text = text_of(page)
        assert "6 reports from 4 independent origins." in text, page
        assert (
            "Origins: Harbour Rights Watch (2 reports); Example News (2 reports); "
            "Ministry of Coastal Affairs; Example News, citing a fisher who asked not to be named."
        ) in text, page
    assert "a count for a single day and a total over a longer period are separate figures" in text_of(site / "contested" / "index.html")
