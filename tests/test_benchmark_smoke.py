"""The scale benchmark runs end to end at a tiny size and prints its table with every column.

Timings are not asserted: they depend on the machine. ``benchmarks/run.py`` at full size is for
people, not for the test suite.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from explainer import build_site
from sitebuild import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import generate
import run

pytestmark = pytest.mark.build


def test_generated_data_is_valid_and_proportional(tmp_path: Path) -> None:
    data = generate.generate(200, seed=7)
    project = generate.write_project(data, tmp_path / "project")
    site = build_site(project / "data")
    assert {t: site.count(t) for t in ("event", "source", "organisation", "person", "quote")} == {
        "event": 200,
        "source": 40,
        "organisation": 5,
        "person": 10,
        "quote": 100,
    }
    # The same seed writes the same bytes.
    again = generate.write_project(generate.generate(200, seed=7), tmp_path / "again")
    for path in sorted((project / "data").rglob("*.yml"))[:50]:
        assert path.read_bytes() == (again / path.relative_to(project)).read_bytes()
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "nav" not in config
    assert config["hooks"] == ["hooks/mkdocs_hooks.py"]
    assert (project / "hooks" / "mkdocs_hooks.py").read_text(encoding="utf-8") == (ROOT / "hooks" / "mkdocs_hooks.py").read_text(
        encoding="utf-8"
    )


def test_benchmark_prints_every_column(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--sizes",
            "20",
            "--repeat",
            "1",
            "--work",
            str(tmp_path),
            "--json",
            str(tmp_path / "results.json"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    lines = [line for line in out.stdout.splitlines() if line.startswith("|")]
    assert len(lines) == 3, out.stdout
    header, _, row = ([cell.strip() for cell in line.strip("|").split("|")] for line in lines)
    assert header == [heading for _, heading in run.COLUMNS]
    values = dict(zip(header, row, strict=True))
    assert values["events"] == "20"
    assert all(value not in ("", "nan", "-") for value in values.values()), values
    # Plain MkDocs builds the same pages: one for each page of ours, at the same address.
    ours = {
        p.parent.relative_to(tmp_path / "20" / "explainer" / "site") for p in (tmp_path / "20" / "explainer" / "site").rglob("index.html")
    }
    theirs = {p.parent.relative_to(tmp_path / "20" / "plain" / "site") for p in (tmp_path / "20" / "plain" / "site").rglob("index.html")}
    assert len(ours) > 100
    assert ours == theirs
    result = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))[0]
    assert result["pages"] > result["records"] > 20
    assert result["build_s"] > 0 and result["plain_s"] > 0 and result["serve_edit_s"] > 0
    assert min(result["check_cold_s"], result["check_warm_s"], result["check_edit_s"]) > 0
    assert 0 < result["search_kb"] <= result["query_kb"] and 0 < result["site_mb"]
