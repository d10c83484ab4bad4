"""Where a build's time goes: ``mkdocs build`` of a project, timed per plugin event, per template and per package.

    python benchmarks/build_profile.py PROJECT_DIR [--save FILE.prof] [--top N]

Two builds: one with a clock around each plugin event (the engine's hooks and Material's search
plugin apart), each top-level template render (a page's template, or a fragment the engine
renders) and MkDocs' steps, which costs next to nothing; and one under cProfile, for the packages
and functions. The profiler slows Python calls down (code that makes many small calls the most),
so take its shares as a guide and the seconds from the timed build. ``benchmarks/run.py --profile``
does both for each size's project and its plain MkDocs twin.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HOOKS = ("on_config", "on_files", "on_nav", "on_env", "on_page_markdown", "on_page_content", "on_page_context", "on_post_build")
# MkDocs' own steps (mkdocs/commands/build.py and structure/pages.py): reading and converting
# each page's Markdown, then rendering its template (hooks run inside them).
STEPS = {
    ("mkdocs/commands/build.py", "build"): "the whole build",
    ("mkdocs/commands/build.py", "_populate_page"): "pages: read, on_page_markdown, Markdown to HTML, on_page_content",
    ("mkdocs/structure/pages.py", "render"): "pages: Markdown to HTML (Python-Markdown and its extensions)",
    ("mkdocs/commands/build.py", "_build_page"): "pages: on_page_context, template, write",
    ("mkdocs/commands/build.py", "_build_template"): "pages: theme template rendering (Jinja)",
    ("mkdocs/commands/build.py", "_build_theme_template"): "theme templates (404, sitemap)",
}

# Run in the build's process: wraps what is timed, then runs `mkdocs build`, then writes the sums as JSON.
_TIMED = """
import json, sys, time
from collections import defaultdict
import jinja2, mkdocs.plugins, mkdocs.utils
import mkdocs.commands.build as steps
from mkdocs.__main__ import cli

spent = defaultdict(lambda: [0.0, 0])
def clock(name, seconds):
    entry = spent[name]
    entry[0] += seconds
    entry[1] += 1
def timed(name, function):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            clock(name, time.perf_counter() - start)
    return wrapper
def run_event(self, name, item=None, **kwargs):
    for method in self.events[name]:
        origin = self._current_plugin = self._event_origins.get(method, "?")
        start = time.perf_counter()
        result = method(item, **kwargs) if item is not None else method(**kwargs)
        clock(f"event {name}: {origin}", time.perf_counter() - start)
        self._current_plugin = None
        if result is not None:
            item = result
    return item
mkdocs.plugins.PluginCollection.run_event = run_event
render = jinja2.Template.render
depth = [0]
def render_timed(self, *args, **kwargs):
    depth[0] += 1
    start = time.perf_counter()
    try:
        return render(self, *args, **kwargs)
    finally:
        depth[0] -= 1
        clock(f"template {self.name}" + (" (inside another)" if depth[0] else ""), time.perf_counter() - start)
jinja2.Template.render = render_timed
for step in ("build", "_populate_page", "_build_page", "_build_theme_template"):
    setattr(steps, step, timed(f"step {step}", getattr(steps, step)))
mkdocs.utils.write_file = timed("step write_file", mkdocs.utils.write_file)
try:
    cli.main(["build", "--quiet", "--site-dir", sys.argv[2]], standalone_mode=False)
finally:
    with open(sys.argv[1], "w") as out:
        json.dump(spent, out)
"""
STEP_LABELS = {
    "step build": "the whole build",
    "step _populate_page": "pages: read, on_page_markdown, Markdown to HTML, on_page_content",
    "step _build_page": "pages: on_page_context, the page template, write",
    "step write_file": "writing pages and theme files",
    "step _build_theme_template": "theme templates (404, sitemap)",
}


def timings(project: Path) -> dict[str, tuple[float, int]]:
    """Build ``project`` once with clocks around plugin events, templates and MkDocs' steps; seconds and calls by name."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "timings.json"
        subprocess.run([sys.executable, "-c", _TIMED, str(out), f"{tmp}/site"], cwd=project, env=env, check=True, stdout=subprocess.DEVNULL)
        return {name: (seconds, int(calls)) for name, (seconds, calls) in json.loads(out.read_text(encoding="utf-8")).items()}


def timings_report(found: dict[str, tuple[float, int]], top: int = 15) -> str:
    """The timed build as text: MkDocs' steps, each plugin event, the templates, with seconds and shares."""
    total = found.get("step build", (0.0, 0))[0] or 1.0
    lines = [f"timed build: {total:.1f} s", ""]

    def line(label: str, seconds: float, calls: int) -> str:
        return f"  {seconds:8.2f} s {100 * seconds / total:5.1f} % {calls:>8,} calls  {label}"

    lines.append("MkDocs' steps (each includes the events and templates inside it):")
    lines += [line(label, *found[key]) for key, label in STEP_LABELS.items() if key in found]
    lines += ["", "Plugin events (hooks/mkdocs_hooks.py: the engine's hooks; material/search: Material's search plugin):"]
    events = sorted(((k, v) for k, v in found.items() if k.startswith("event ")), key=lambda item: -item[1][0])
    lines += [line(name.removeprefix("event "), *value) for name, value in events if value[0] >= 0.005]
    lines += ["", "Top-level template renders (a page's template with all it includes; the fragments the engine renders):"]
    templates = sorted(((k, v) for k, v in found.items() if k.startswith("template ")), key=lambda item: -item[1][0])
    lines += [line(name.removeprefix("template "), *value) for name, value in templates[:top]]
    return "\n".join(lines)


Key = tuple[str, int, str]
Row = tuple[int, int, float, float, dict[Key, tuple[int, int, float, float]]]


def profile(project: Path, out: Path) -> pstats.Stats:
    """Build ``project`` (its mkdocs.yml) under cProfile, writing the profile to ``out``.

    The site goes to a new directory, removed afterwards, so that no time goes to cleaning an old one.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs", "build", "--quiet", "--site-dir", f"{tmp}/site"]
        subprocess.run(cmd, cwd=project, env=env, check=True, stdout=subprocess.DEVNULL)
    return pstats.Stats(str(out))


def package(filename: str) -> str:
    """What a profiled function belongs to: a package of site-packages, the engine, a theme's templates, the standard library."""
    path = filename.replace(os.sep, "/")
    if path.endswith((".html", ".xml")):
        return "templates: " + (
            "the engine's" if "/explainer/theme/" in path else "Material's" if "/material/" in path else "the project's"
        )
    if "/explainer/" in path:
        return "explainer (the engine): " + path.split("/explainer/", 1)[1].split("/")[0].removesuffix(".py")
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/")[0].removesuffix(".py")
    if path.startswith(("~", "<")):
        return "built-in functions"
    return "Python's standard library"


def report(stats: pstats.Stats, top: int = 15) -> str:
    """The profile as text: MkDocs' steps, each hook, the templates and the packages, with seconds and shares."""
    table: dict[Key, Row] = stats.stats  # type: ignore[attr-defined]
    total = max((row[3] for key, row in table.items() if key[2] == "build" and key[0].endswith("mkdocs/commands/build.py")), default=0.0)
    total = total or sum(row[2] for row in table.values())
    lines = [f"profiled build: {total:.1f} s (cProfile's clock; profiling slows Python calls down)", ""]

    def line(label: str, seconds: float, calls: int | None = None) -> str:
        count = f"{calls:>8,} calls" if calls is not None else " " * 14
        return f"  {seconds:8.2f} s {100 * seconds / total:5.1f} % {count}  {label}"

    lines.append("MkDocs' steps (cumulative):")
    for (suffix, name), label in STEPS.items():
        found = [row for key, row in table.items() if key[2] == name and key[0].replace(os.sep, "/").endswith(suffix)]
        if found:
            lines.append(line(label, sum(r[3] for r in found), sum(r[1] for r in found)))
    lines += ["", "The engine's hooks (cumulative, explainer/adapter.py):"]
    for hook in HOOKS:
        found = [row for key, row in table.items() if key[2] == hook and key[0].replace(os.sep, "/").endswith("explainer/adapter.py")]
        if found:
            lines.append(line(hook, sum(r[3] for r in found), sum(r[1] for r in found)))
    templates: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for (filename, _, name), row in table.items():
        if filename.endswith((".html", ".xml")):
            entry = templates[_template_name(filename)]
            entry[0] += row[2]
            if name == "root":
                entry[1] += row[3]
                entry[2] += row[1]
    lines += [
        "",
        "Templates (own time, the time of the template's own code; cumulative time of its renders, with what it includes and calls):",
    ]
    for name, (own, cumulative, calls) in sorted(templates.items(), key=lambda item: -item[1][0])[:top]:
        lines.append(line(f"{name} (cumulative {cumulative:.2f} s)", own, int(calls)))
    packages: dict[str, float] = defaultdict(float)
    for key, row in table.items():
        packages[package(key[0])] += row[2]
    lines += ["", "Own time by package (where the time is spent, not who asked for it):"]
    for name, seconds in sorted(packages.items(), key=lambda item: -item[1])[:top]:
        lines.append(line(name, seconds))
    lines += ["", "Functions by own time:"]
    for key, row in sorted(table.items(), key=lambda item: -item[1][2])[:top]:
        lines.append(line(f"{_short(key[0])}:{key[1]} {key[2]}", row[2], row[1]))
    return "\n".join(lines)


def _template_name(filename: str) -> str:
    path = filename.replace(os.sep, "/")
    for marker in ("/explainer/theme/", "/material/templates/", "/overrides/"):
        if marker in path:
            return path.split(marker, 1)[1] + (" (Material)" if "material" in marker else "")
    return path.rsplit("/", 1)[-1]


def _short(filename: str) -> str:
    path = filename.replace(os.sep, "/")
    for marker in ("site-packages/", "/hooks/", "/lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a project directory (with its mkdocs.yml)")
    parser.add_argument("--save", type=Path, help="keep the profile here (pstats format)")
    parser.add_argument("--top", type=int, default=15, help="rows per list (default: 15)")
    args = parser.parse_args(argv)
    print(timings_report(timings(args.project), args.top))
    print()
    with tempfile.TemporaryDirectory() as tmp:
        stats = profile(args.project, args.save or Path(tmp) / "build.prof")
        print(report(stats, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
