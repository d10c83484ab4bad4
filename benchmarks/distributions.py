"""The shape of a project's records: how many figures, claims, citations... each record has, and how long its texts are.

    python benchmarks/distributions.py data [OTHER_DATA ...]

Prints one row per measure and, for each data directory, the mean with the median, 90th
percentile and largest value: the real records (``data/``) beside a generated project's
(``benchmarks/generate.py``), so that the benchmark's records can be made as rich as the real ones.
Texts are counted in words (their default-language version, the first one); "translated" is the
share of a record's own-words texts (``OWN_WORDS``) that have a version in another language too.
"""

from __future__ import annotations

import argparse
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(data: Path) -> dict[str, list[dict[str, Any]]]:
    """Every record under ``data/<plural>/``, as plain mappings, by plural type."""
    records: dict[str, list[dict[str, Any]]] = {}
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        records[folder.name] = [yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) for path in sorted(folder.glob("*.yml"))]
    return records


def _localised(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(_LANG.match(str(k)) and isinstance(v, str) for k, v in value.items())


def text(value: Any) -> str:
    """A text field's default-language version (the first), or the text itself."""
    if _localised(value):
        return str(next(iter(value.values())))
    return value if isinstance(value, str) else ""


def words(value: Any) -> int:
    return len(text(value).split())


def citations(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every citation in a record: its own, its figures' claims and its notes'."""
    yield from record.get("citations", [])
    for figure in record.get("figures", []):
        yield from figure.get("claims", [])
    for note in record.get("notes", []):
        yield from note.get("citations", [])


OWN_WORDS = frozenset(
    {"title", "name", "short_name", "place", "summary", "description", "based_in", "measure", "unit", "role", "locator", "note"}
    | {"context", "speaker_role", "text"}
)
"""Keys of the texts written in the publication's own words (which may have a version per language)."""
_QUOTED = {("sources", "title"), ("quotes", "text")}
"""Keys of words as published, which are not translated in place."""


def texts(value: Any, plural: str = "", top: bool = True) -> Iterator[Any]:
    """Every own-words text in a record: a string, or a mapping of language to string."""
    if not isinstance(value, (dict, list)):
        return
    for key, item in value.items() if isinstance(value, dict) else enumerate(value):
        if key == "translations" or (top and (plural, key) in _QUOTED):
            continue
        if key in OWN_WORDS and (isinstance(item, str) or _localised(item)):
            yield item
        elif isinstance(item, (dict, list)):
            yield from texts(item, plural, top=False)


def measures(records: dict[str, list[dict[str, Any]]]) -> dict[str, list[float]]:
    """Each measure's values: one per record (or per citation, per outlet...)."""
    out: dict[str, list[float]] = defaultdict(list)
    n_events = len(records.get("events", []))
    for plural, recs in records.items():
        out[f"{plural} per event"].append(len(recs) / n_events if n_events else 0)
    for plural, recs in records.items():
        for rec in recs:
            every = list(texts(rec, plural))
            if every:
                out[f"{plural}: translated share"].append(sum(1 for t in every if _localised(t) and len(t) > 1) / len(every))
            if plural != "sources":
                out[f"{plural}: citations"].append(len(rec.get("citations", [])))
            all_cites = list(citations(rec))
            out[f"{plural}: attributions"].append(sum(len(c.get("attributed_to", [])) for c in all_cites))
            out[f"{plural}: notes"].append(len(rec.get("notes", [])))
            for cite in all_cites:
                out["citation: excerpt words"].append(words(cite.get("excerpt", "")))
                out["citation: has locator"].append(1 if cite.get("locator") else 0)
                out["citation: attributed_to"].append(len(cite.get("attributed_to", [])))
    for event in records.get("events", []):
        figures = event.get("figures", [])
        out["events: figures"].append(len(figures))
        out["events: claims"].append(sum(len(f.get("claims", [])) for f in figures))
        out["events: participants"].append(len(event.get("participants", [])))
        out["events: tags"].append(len(event.get("tags", [])))
        out["events: related"].append(len(event.get("related", [])))
        out["events: title words"].append(words(event.get("title")))
        out["events: summary words"].append(words(event.get("summary")))
        out["events: has place"].append(1 if event.get("place") else 0)
        for figure in figures:
            out["figure: claims"].append(len(figure.get("claims", [])))
    for source in records.get("sources", []):
        out["sources: title words"].append(words(source.get("title")))
        out["sources: summary words"].append(words(source.get("summary")))
        out["sources: authors"].append(len(source.get("authors", [])))
    for plural in ("organisations", "people"):
        for rec in records.get(plural, []):
            out[f"{plural}: description words"].append(words(rec.get("description")))
    for person in records.get("people", []):
        out["people: roles"].append(len(person.get("roles", [])))
    for quote in records.get("quotes", []):
        out["quotes: text words"].append(words(quote.get("text")))
        out["quotes: context words"].append(words(quote.get("context")))
        out["quotes: about"].append(len(quote.get("about", [])))
    publisher = {s["id"]: s.get("publisher") for s in records.get("sources", [])}
    out["outlet: sources"] = [float(n) for n in Counter(publisher.values()).values()]
    cited: Counter[str] = Counter(c["source"] for recs in records.values() for rec in recs for c in citations(rec) if "source" in c)
    out["source: times cited"] = [float(cited[sid]) for sid in publisher]
    return out


def summary(values: Iterable[float]) -> str:
    """Mean, with the median, 90th percentile and largest value in brackets."""
    values = sorted(values)
    if not values:
        return "-"
    p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
    return f"{statistics.fmean(values):.2f} ({_num(statistics.median(values))}/{_num(p90)}/{_num(values[-1])})"


def _num(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def table(columns: dict[str, dict[str, list[float]]]) -> str:
    """A Markdown table: one row per measure, one column per data directory."""
    names = sorted({name for found in columns.values() for name in found}, key=_order)
    rows = [["measure", *(f"{label}: mean (median/p90/max)" for label in columns)]]
    rows += [[name, *(summary(found.get(name, [])) for found in columns.values())] for name in names]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _order(name: str) -> tuple[int, str]:
    first = ("per event", "events:", "figure:", "citation:", "sources:", "source:", "outlet:", "organisations:", "people:", "quotes:")
    return next((i for i, prefix in enumerate(first) if prefix in name), len(first)), name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="+", type=Path, help="data directories (data/ of a project)")
    args = parser.parse_args(argv)
    columns = {}
    for data in args.data:
        records = load(data)
        label = f"{data} ({len(records.get('events', []))} events)"
        columns[label] = measures(records)
    print(table(columns))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
