"""The same checkout builds the same bytes: two builds with SOURCE_DATE_EPOCH set are identical, file for file."""

from __future__ import annotations

import difflib
import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import ROOT

pytestmark = pytest.mark.build

EPOCH = "1714089600"  # 2024-04-26T00:00:00Z
NOT_INPUT = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "__pycache__", "*.egg-info", ".*_cache", ".hypothesis")


def snapshot(into: Path) -> Path:
    """A copy of the checkout, so that both builds read the same files even while someone edits."""
    return Path(shutil.copytree(ROOT, into, ignore=NOT_INPUT))


def build(checkout: Path, site_dir: Path, runner: list[str] | None = None, **env: str) -> Path:
    """Build a checkout's site with ``mkdocs build --strict`` (or another runner's ``build``) in a fresh interpreter."""
    run = subprocess.run(
        [
            *(runner or [sys.executable, "-m", "mkdocs"]),
            "build",
            "--strict",
            "--quiet",
            "--config-file",
            str(checkout / "mkdocs.yml"),
            "--site-dir",
            str(site_dir),
        ],
        cwd=checkout,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return site_dir


def files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def first_difference(a: Path, b: Path) -> str:
    """A short account of how two files differ, to say where to look."""
    left, right = a.read_bytes(), b.read_bytes()
    if a.suffix == ".gz":
        if left[4:8] != right[4:8]:
            return "the gzip header's modification time differs"
        left, right = gzip.decompress(left), gzip.decompress(right)
    try:
        lines = difflib.unified_diff(left.decode().splitlines(), right.decode().splitlines(), lineterm="", n=0)
        return "\n".join(list(lines)[2:8])
    except UnicodeDecodeError:
        at = next((i for i, (x, y) in enumerate(zip(left, right, strict=True)) if x != y), min(len(left), len(right)))
        return f"bytes differ from offset {at}"


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    # Different hash seeds, time zones and output directories, and builds a few seconds apart:
    # nothing of that may reach the output.
    checkout = snapshot(tmp_path / "checkout")
    first = build(checkout, tmp_path / "one", PYTHONHASHSEED="1", TZ="UTC")
    second = build(checkout, tmp_path / "two", PYTHONHASHSEED="2", TZ="Asia/Seoul")
    one, two = files(first), files(second)
    assert sorted(one) == sorted(two), f"different files: {sorted(set(one) ^ set(two))}"
    assert len(one) > 20
    differing = [name for name in one if one[name].read_bytes() != two[name].read_bytes()]
    details = "\n".join(f"{name}:\n{first_difference(one[name], two[name])}" for name in differing[:5])
    assert differing == [], f"{len(differing)} files differ between two builds:\n{details}"
