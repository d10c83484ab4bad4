"""A second runner: ProperDocs, the continuation of MkDocs 1.x, builds the same site under --strict,
file for file the same as MkDocs' build but for the generator line (README: "Runners and support")."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

import pytest

from test_reproducible import build, files, first_difference, snapshot

pytestmark = pytest.mark.build

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def test_properdocs_builds_what_mkdocs_builds(tmp_path: Path) -> None:
    if importlib.util.find_spec("properdocs") is None:
        message = "ProperDocs is not installed (make test installs it from requirements.lock)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    checkout = snapshot(tmp_path / "checkout")
    theirs = files(build(checkout, tmp_path / "mkdocs"))
    ours = files(build(checkout, tmp_path / "properdocs", runner=[sys.executable, "-m", "properdocs"]))
    assert sorted(ours) == sorted(theirs), f"different files: {sorted(set(ours) ^ set(theirs))}"
    assert sum(name.endswith(".html") for name in ours) > 100
    generators = {GENERATOR.search(ours["index.html"].read_bytes()), GENERATOR.search(theirs["index.html"].read_bytes())}
    assert None not in generators and len(generators) == 2, "each build names its runner"
    differing = [name for name in ours if GENERATOR.sub(b"", ours[name].read_bytes()) != GENERATOR.sub(b"", theirs[name].read_bytes())]
    details = "\n".join(f"{name}:\n{first_difference(theirs[name], ours[name])}" for name in differing[:5])
    assert differing == [], f"{len(differing)} files differ between MkDocs and ProperDocs beyond the generator line:\n{details}"
