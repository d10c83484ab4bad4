"""Build real sites for tests: the repository's own, or a fixture project, into a temporary directory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jinja2
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from explainer.builder import Build
from explainer.render.renderer import Renderer
from explainer.render.richtext import RichText

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "valid" / "minimal"
LINDENAU = ROOT / "tests" / "fixtures" / "publications" / "lindenau"
"""A second invented publication, in German, with its own licences, index pages and vocabularies."""
HARBOUR = ROOT / "tests" / "fixtures" / "publications" / "harbour"
"""An invented publication in two editions: English (the default, at /) and Korean (under /ko/)."""


def default_pages(content: Path) -> list[Path]:
    """A publication's explainer pages in its default language: ``x.md``, not the translations ``x.ko.md``."""
    return [page for page in sorted(content.glob("*.md")) if "." not in page.stem]


def build_real_site(site_dir: Path) -> Path:
    """Build the repository's own site (its mkdocs.yml, data and content), strictly."""
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    build(config)
    return site_dir


PUBLICATION_PARTS = ("mkdocs.yml", "data", "content", "overrides", "locales", "hooks/mkdocs_hooks.py")
"""What a publication's folder holds (the repository root holds the engine's source besides)."""


def make_project(fixture: Path, into: Path, **overrides: Any) -> Path:
    """Copy a publication (a fixture's, or the repository's own) into ``into`` / ``project``.

    Only the publication's own parts are copied: its mkdocs.yml, data, content, overrides and
    hook shim; the engine comes from the installed package. Keyword arguments replace top-level
    settings of its mkdocs.yml.
    """
    project = into / "project"
    project.mkdir(parents=True)
    for part in PUBLICATION_PARTS:
        source = fixture / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        elif source.is_file():
            (project / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / part)
    if overrides:
        config_file = project / "mkdocs.yml"
        config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
        config.update(overrides)
        config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return project


def build_project(project: Path, site_dir: Path | None = None) -> Path:
    """Build a project made by :func:`make_project`, strictly; returns the site directory."""
    site_dir = site_dir or project.parent / "site"
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    build(config)
    return site_dir


def search_documents(site_dir: Path) -> list[dict[str, Any]]:
    """Every document of a built site's search index (``search/docs/*.json``), in order: what a
    result shows (a record's other names, which only rank it, are left out)."""
    folder = site_dir / "search" / "docs"
    docs: list[dict[str, Any]] = []
    for n in range(len(list(folder.glob("*.json")))):
        for location, title, text, tag, page, *_names in json.loads((folder / f"{n}.json").read_text(encoding="utf-8")):
            docs.append({"location": location, "title": title, "text": text, "tag": tag, "page": page})
    return docs


def renderer_for(env: jinja2.Environment, project: Path = MINIMAL) -> Renderer:
    """A renderer of a publication's records with the templates of ``env``, its pages placed as
    MkDocs would place them."""
    build = Build.offline(project / "mkdocs.yml")
    return Renderer(env, build.edition(), RichText())
