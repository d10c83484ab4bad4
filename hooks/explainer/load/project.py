"""A publication's ``mkdocs.yml``, read without MkDocs: its settings, with positions for their errors.

The build reads the file through MkDocs, which hands the engine ``extra.explainer`` as parsed
values; ``explainer validate`` and the other tools read it here. Either way the settings are
checked by one function, :func:`check_settings`, whose diagnostics point into ``mkdocs.yml``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml
from pydantic import ValidationError

from ..errors import DataError, Diagnostic, SourcePos
from ..model.settings import Settings, settings_from
from .validate import model_diagnostics
from .yamlload import Document, Path_

SETTINGS_KEY = ("extra", "explainer")
"""Where the settings sit in ``mkdocs.yml``."""


class _ConfigLoader(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` as MkDocs would for the keys the engine needs: ``!ENV`` gives the
    variable's value, and other tags (``!!python/name:`` for Markdown extensions) give None."""


def _env(loader: _ConfigLoader, node: yaml.Node) -> Any:
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)  # type: ignore[arg-type]
    # As pyyaml_env_tag: the first variable that is set, else the last item as the default.
    for name in names[:-1] if len(names) > 1 else names:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)])
    return names[-1] if len(names) > 1 else None


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Project:
    """A publication on disk: where its files are, and its settings."""

    root: Path
    config_file: Path
    settings: Settings
    raw_settings: Any
    docs_dir: Path
    site_name: str
    site_url: str | None
    site_description: str
    theme_language: str | None = None
    repo_url: str | None = None
    edit_uri: str | None = None

    @property
    def data_dir(self) -> Path:
        return self.root / self.settings.data_dir


def find_config(start: Path) -> Path | None:
    """The ``mkdocs.yml`` in ``start`` or the nearest folder above it."""
    for folder in (start.resolve(), *start.resolve().parents):
        for name in ("mkdocs.yml", "mkdocs.yaml"):
            if (folder / name).is_file():
                return folder / name
    return None


def read_project(config_file: Path) -> Project:
    """Read a publication's ``mkdocs.yml``.

    Raises:
        DataError: when the file cannot be read or its settings are invalid.
    """
    rel = config_file.name
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise DataError([Diagnostic(SourcePos(rel), f"cannot read the configuration: {exc}")]) from None
    if not isinstance(config, dict):
        raise DataError([Diagnostic(SourcePos(rel), "the configuration is not a mapping of settings")])
    extra = config.get("extra")
    raw = extra.get("explainer") if isinstance(extra, dict) else None
    theme = config.get("theme")
    theme_language = theme.get("language") if isinstance(theme, dict) else None
    settings = check_settings(raw, config_file, str(theme_language) if theme_language else None)
    root = config_file.parent
    return Project(
        root,
        config_file,
        settings,
        raw,
        root / str(config.get("docs_dir") or "docs"),
        str(config.get("site_name") or ""),
        str(config["site_url"]) if config.get("site_url") else None,
        str(config.get("site_description") or ""),
        str(theme_language) if theme_language else None,
        str(config["repo_url"]) if config.get("repo_url") else None,
        str(config["edit_uri"]) if config.get("edit_uri") is not None else None,
    )


def check_settings(raw: Any, config_file: Path, theme_language: str | None = None) -> Settings:
    """Validate the value of ``extra.explainer``.

    Args:
        raw: the parsed value (from MkDocs, or from :func:`read_project`).
        config_file: the ``mkdocs.yml`` it came from, read again for the positions of problems.
        theme_language: ``theme.language``, the one edition's language when the settings name none.

    Raises:
        DataError: with every problem, each at its line and column in ``mkdocs.yml``.
    """
    if raw is None:
        where = _positions(config_file, ())
        return _fail(
            [
                Diagnostic(
                    where.pos(()),
                    "the publication's settings are missing: add 'extra: explainer:' with at least 'licence:' (an SPDX id such as CC-BY-4.0); `explainer init` writes a complete example",
                )
            ]
        )
    if not isinstance(raw, Mapping):
        return _fail([Diagnostic(_positions(config_file, SETTINGS_KEY).pos(()), "extra.explainer: expected a mapping of settings")])
    try:
        return settings_from(dict(raw), theme_language)
    except ValidationError as exc:
        doc = _positions(config_file, SETTINGS_KEY)
        doc.data = dict(raw)
        return _fail(model_diagnostics(doc, Settings, exc, root=SETTINGS_KEY))


def config_pos(config_file: Path, path: Path_) -> SourcePos:
    """The position of a value in ``mkdocs.yml``, such as ``("nav", 2, "The record", 0)``, or of
    its nearest ancestor that is written there."""
    doc = _positions(config_file, ())
    return doc.pos(path)


def _fail(problems: list[Diagnostic]) -> NoReturn:
    raise DataError(problems)


def _positions(config_file: Path, under: Path_) -> Document:
    """The positions of the values under ``under`` in ``mkdocs.yml``, relative to it."""
    doc = Document(config_file.name, {})
    try:
        node = yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)  # tags are kept, not run
    except (OSError, yaml.YAMLError):
        return doc
    for key in under:
        found = _child(node, key)
        if found is None:
            break
        node = found
    else:
        if node is not None:
            _note(node, (), doc)
    if node is not None and not doc.positions:
        doc.positions[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
    return doc


def _child(node: yaml.Node | None, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        item: yaml.Node = node.value[key]
        return item
    return None


def _note(node: yaml.Node, path: Path_, doc: Document) -> None:
    doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                doc.key_positions[(*path, key.value)] = (key.start_mark.line + 1, key.start_mark.column + 1)
                _note(value, (*path, key.value), doc)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _note(item, (*path, i), doc)
