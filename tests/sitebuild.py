"""Build real sites for tests: the repository's own, or a fixture project, into a temporary directory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "valid" / "minimal"


def build_real_site(site_dir: Path) -> Path:
    """Build the repository's own site (its mkdocs.yml, data and content), strictly."""
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    build(config)
    return site_dir


def make_project(fixture: Path, into: Path, **overrides: Any) -> Path:
    """Copy a fixture's ``data/`` and ``content/`` and write a mkdocs.yml using our hooks and theme.

    The configuration is the repository's own, minus its navigation (a fixture has other pages),
    with absolute paths to the repository's hooks and overrides.
    """
    project = into / "project"
    shutil.copytree(fixture / "data", project / "data")
    shutil.copytree(fixture / "content", project / "content")
    shutil.copytree(ROOT / "content" / "assets", project / "content" / "assets", dirs_exist_ok=True)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("nav", None)
    config.pop("watch", None)
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["hooks"] = [str(ROOT / "hooks" / "mkdocs_hooks.py")]
    config.update(overrides)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return project


def build_project(project: Path, site_dir: Path | None = None) -> Path:
    """Build a project made by :func:`make_project`, strictly; returns the site directory."""
    site_dir = site_dir or project.parent / "site"
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    build(config)
    return site_dir


def search_documents(site_dir: Path) -> list[dict[str, Any]]:
    """Every document of a built site's search index (``search/docs/*.json``), in order."""
    folder = site_dir / "search" / "docs"
    docs: list[dict[str, Any]] = []
    for n in range(len(list(folder.glob("*.json")))):
        for location, title, text, tag, page in json.loads((folder / f"{n}.json").read_text(encoding="utf-8")):
            docs.append({"location": location, "title": title, "text": text, "tag": tag, "page": page})
    return docs
