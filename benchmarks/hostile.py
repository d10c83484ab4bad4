"""Time what hostile input costs: the build with payloads in every field, slow Markdown, YAML bombs.

    .venv/bin/python benchmarks/hostile.py [--repeat 3]

Prints figures; asserts nothing (the test suite checks behaviour, this script measures time).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import hostile  # noqa: E402
from explainer.load.yamlload import load_text  # noqa: E402
from explainer.render.richtext import RichText, check_markdown  # noqa: E402
from sitebuild import build_project, make_project  # noqa: E402


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows: list[tuple[str, float]] = []

    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    rows.append(("refuse a billion-laughs alias bomb", median_seconds(lambda: load_text(bomb, "bomb.yml"), args.repeat)))
    deep = "id: x\nv: " + "[" * 10_000 + "]" * 10_000 + "\n"
    rows.append(("refuse nesting 10,000 deep", median_seconds(lambda: load_text(deep, "deep.yml"), args.repeat)))
    many = "id: x\n" + "".join(f"k{i}: v\n" for i in range(25_000))
    rows.append(("load 25,000 keys", median_seconds(lambda: load_text(many, "many.yml"), args.repeat)))

    for name, text in sorted(hostile.PATHOLOGICAL_MARKDOWN.items()):
        rows.append((f"refuse pathological Markdown '{name}'", median_seconds(lambda t=text: _refused(t), args.repeat)))
    for name, text in sorted(hostile.WORST_MARKDOWN.items()):
        check_markdown(text)
        rows.append((f"render the worst accepted Markdown '{name}'", median_seconds(lambda t=text: RichText()(t), args.repeat)))

    with tempfile.TemporaryDirectory() as tmp:
        clean = make_project(ROOT, Path(tmp) / "clean")
        rows.append(("build the real site", median_seconds(lambda: build_project(clean, Path(tmp) / "clean-site"), args.repeat)))
        attacked = hostile.make_hostile_project(Path(tmp) / "hostile", hostile.load_corpus()).project
        rows.append(
            (
                "build it with payloads in every field",
                median_seconds(lambda: build_project(attacked, Path(tmp) / "hostile-site"), args.repeat),
            )
        )

    width = max(len(label) for label, _ in rows)
    print(f"{'measurement':<{width}}  median (s), {args.repeat} runs")
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds:10.4f}")


def _refused(text: str) -> None:
    try:
        check_markdown(text)
    except ValueError:
        return
    raise SystemExit("a pathological input was accepted")


if __name__ == "__main__":
    main()
