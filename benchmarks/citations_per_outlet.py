"""How the records' citations spread over outlets: the share of each publisher, and how many records
rest on one outlet alone.

    python benchmarks/citations_per_outlet.py [PROJECT_DIR] [--top N]

Counts every ``source:`` a record cites (its own citations, its figures', claims' and quotes'),
by the cited source's ``publisher``; a source without a publisher counts as "(none)".
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml


def cited_sources(value: Any) -> Iterator[str]:
    """Every source id cited anywhere in a record's data."""
    if isinstance(value, dict):
        if isinstance(value.get("source"), str):
            yield value["source"]
        for item in value.values():
            yield from cited_sources(item)
    elif isinstance(value, list):
        for item in value:
            yield from cited_sources(item)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", nargs="?", type=Path, default=Path("."))
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    data = args.project / "data"
    publisher = {}
    for path in sorted((data / "sources").glob("*.yml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        publisher[record["id"]] = record.get("publisher") or "(none)"
    shares: Counter[str] = Counter()
    outlets: dict[str, set[str]] = defaultdict(set)
    for path in sorted(data.glob("*/*.yml")):
        if path.parent.name == "sources":
            continue
        for source in cited_sources(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if source in publisher:
                shares[publisher[source]] += 1
                outlets[path.relative_to(data).as_posix()].add(publisher[source])
    total = sum(shares.values())
    print(f"{total} citations in {len(outlets)} records, {len(shares)} outlets")
    for name, count in shares.most_common(args.top):
        alone = sum(1 for found in outlets.values() if found == {name})
        print(f"  {name}: {count} ({100 * count / max(total, 1):.1f}%), the only outlet of {alone} records")
    print(f"records on one outlet alone: {sum(1 for found in outlets.values() if len(found) == 1)}")


if __name__ == "__main__":
    main()
