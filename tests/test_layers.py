"""The engine's stages import only downwards: model, load, graph, render, outputs, then the top."""

from __future__ import annotations

import ast
from pathlib import Path

import explainer

ENGINE = Path(explainer.__file__).parent
DATA = ("theme", "starter")
"""Folders of package data, not modules: the theme's templates, and the files `explainer init` writes."""


def modules() -> list[Path]:
    """Every module of the engine (package data left out)."""
    return [p for p in sorted(ENGINE.rglob("*.py")) if p.relative_to(ENGINE).parts[0] not in DATA]


ORDER = ["errors", "model", "load", "graph", "render", "outputs", "pipeline", "builder", "tools", "adapter"]
"""Each stage may import the stages before it, never one after it."""


def stage_of(module: str) -> str:
    """The stage of a module inside the package: ``explainer.render.urls`` -> ``render``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(path: Path) -> list[tuple[int, str]]:
    """The engine modules a file imports, with the line of each import, as absolute names."""
    here = "explainer." + ".".join(path.relative_to(ENGINE).with_suffix("").parts)
    package = here.rsplit(".", 1)[0] if path.name != "__init__.py" else here.removesuffix(".__init__")
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                name = f"{base}.{node.module}" if node.module else base
            else:
                name = node.module or ""
            if name.startswith("explainer"):
                found += [(node.lineno, name)] if node.module else [(node.lineno, f"{name}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("explainer")]
    return found


def test_every_module_belongs_to_a_stage() -> None:
    stages = {stage_of("explainer." + ".".join(p.relative_to(ENGINE).with_suffix("").parts)) for p in modules()}
    assert stages - {"__init__"} <= set(ORDER), sorted(stages - set(ORDER))


def test_no_import_runs_back_up_a_stage() -> None:
    upward = []
    for path in modules():
        if path == ENGINE / "__init__.py":
            continue  # the package's own front door re-exports from any stage
        own = stage_of("explainer." + ".".join(path.relative_to(ENGINE).with_suffix("").parts))
        for line, name in imports(path):
            target = stage_of(name)
            if target in ORDER and ORDER.index(target) > ORDER.index(own):
                upward.append(f"{path.relative_to(ENGINE)}:{line}: {own} imports {name}")
    assert upward == []


def test_only_the_adapter_imports_mkdocs() -> None:
    offenders = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            if any(n == "mkdocs" or n.startswith("mkdocs.") for n in names):
                offenders.append(str(path.relative_to(ENGINE)))
    assert sorted(set(offenders)) == ["adapter.py"]
