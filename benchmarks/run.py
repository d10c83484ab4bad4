"""The scale benchmark: our build against plain MkDocs + Material building the same pages.

For each size it generates a project (``generate.py``), then measures, each ``--repeat`` times
(the table shows the median):

- the build of our site (``mkdocs build`` in a subprocess, wall clock and peak memory), and the
  build of the same records written as plain Markdown pages, kept out of the nav;
- validation alone: loading, validating and indexing every record (``build_site``), in a
  subprocess so that imports are not counted; this and the build start without the record
  cache (``.cache/explainer/records``);
- ``explainer validate`` as a contributor runs it: cold (no record cache), warm (nothing
  changed since the last run) and after one event was edited, each as the seconds the command
  prints (its imports and settings left out);

and once per size: the bytes of the whole site, the compressed bytes a reader downloads to search
(a name, a phrase, a topic, typed a keystroke at a time; the site's search worker runs under
Node for this) until the first result shows and until the whole query's results show, and the seconds until an edited record shows under ``mkdocs serve --dirty`` (``make serve``), and that over a build's. Timings depend on the machine and on what else runs on it; compare the ratios.
With ``--profile``, where each size's build spends its time (``build_profile.py``).
Each build's CPU seconds are printed as it runs and saved by ``--json``: on a busy machine they
vary less than wall-clock seconds.

    .venv/bin/python benchmarks/run.py --sizes 1000,5000,10000 --repeat 3
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_profile
import generate

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SERVE_TIMEOUT = 900.0

COLUMNS = [
    ("events", "events"),
    ("pages", "pages"),
    ("build_s", "build s"),
    ("plain_s", "plain s"),
    ("ratio", "ratio"),
    ("ms_per_page", "ms/page"),
    ("plain_ms_per_page", "plain ms/page"),
    ("peak_mb", "peak MB"),
    ("plain_peak_mb", "plain peak MB"),
    ("validate_s", "validate s"),
    ("check_cold_s", "validate cold s"),
    ("check_warm_s", "validate warm s"),
    ("check_edit_s", "validate 1 edit s"),
    ("site_mb", "site MB"),
    ("search_kb", "first search kB"),
    ("query_kb", "whole query kB"),
    ("serve_edit_s", "edit shows s"),
    ("edit_ratio", "edit/build"),
]
"""The table's columns: result field, heading."""

_VALIDATE = """
import sys, time
from pathlib import Path
from explainer import build_site
start = time.perf_counter()
site = build_site(Path(sys.argv[1]))
print(time.perf_counter() - start)
"""


_EXPLAINER_VALIDATE = """
import contextlib, io, sys, time
from pathlib import Path
from explainer.load.project import read_project
from explainer.tools.cli import validate
project = read_project(Path("mkdocs.yml").resolve())
start = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    status = validate(project)
seconds = time.perf_counter() - start
sys.exit(status) if status else print(seconds)
"""


@dataclass
class Result:
    """The measurements of one size; times are medians over the repeats."""

    events: int
    records: int = 0
    pages: int = 0
    build_s: float = 0.0
    plain_s: float = 0.0
    build_cpu_s: float = 0.0
    plain_cpu_s: float = 0.0
    peak_mb: float = 0.0
    plain_peak_mb: float = 0.0
    validate_s: float = 0.0
    check_cold_s: float = 0.0
    check_warm_s: float = 0.0
    check_edit_s: float = 0.0
    site_mb: float = 0.0
    plain_site_mb: float = 0.0
    search_kb: float = 0.0
    query_kb: float = 0.0
    plain_search_kb: float = 0.0
    serve_edit_s: float | None = None
    searches: list[dict[str, Any]] = field(default_factory=list)
    runs: dict[str, list[float]] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.build_s / self.plain_s if self.plain_s else float("nan")

    @property
    def edit_ratio(self) -> float | None:
        """The seconds an edit takes to show under the preview, over a full build's."""
        return self.serve_edit_s / self.build_s if self.serve_edit_s is not None and self.build_s else None

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.build_s / self.pages if self.pages else float("nan")

    @property
    def plain_ms_per_page(self) -> float:
        return 1000 * self.plain_s / self.pages if self.pages else float("nan")


# -- measuring -------------------------------------------------------------------------------------


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """Run a command to completion; returns wall seconds, CPU seconds and peak memory (MB).

    ``os.wait4`` gives the resource use of this one child, where ``RUSAGE_CHILDREN`` would give
    the largest of every child so far.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed in {cwd}:\n{output.decode(errors='replace')[-4000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def forget(project: Path) -> None:
    """Remove the project's record cache, for a measurement from scratch."""
    shutil.rmtree(project / ".cache" / "explainer" / "records", ignore_errors=True)


def build(project: Path) -> tuple[float, float, float]:
    forget(project)
    return timed([str(BIN / "mkdocs"), "build", "--quiet"], project)


def validate(project: Path) -> float:
    forget(project)
    out = subprocess.run([sys.executable, "-c", _VALIDATE, str(project / "data")], env=ENV, check=True, capture_output=True, text=True)
    return float(out.stdout.split()[-1])


def explainer_validate(project: Path) -> float:
    """Seconds of ``explainer validate`` in ``project``, from its records to its summary line."""
    out = subprocess.run([sys.executable, "-c", _EXPLAINER_VALIDATE], cwd=project, env=ENV, check=True, capture_output=True, text=True)
    return float(out.stdout.split()[-1])


def validate_cold_warm_edit(project: Path, record: dict[str, Any], marker: str) -> tuple[float, float, float]:
    """``explainer validate`` without the record cache, again with it, and after an edit of one event's title."""
    forget(project)
    cold = explainer_validate(project)
    warm = explainer_validate(project)
    path = project / "data" / "events" / f"{record['id']}.yml"
    original = path.read_text(encoding="utf-8")
    path.write_text(generate._yaml({**record, "title": marker}), encoding="utf-8")
    try:
        edit = explainer_validate(project)
    finally:
        path.write_text(original, encoding="utf-8")
    return cold, warm, edit


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def page_count(site: Path) -> int:
    """Pages MkDocs wrote: every ``index.html`` (redirect stubs of former ids included)."""
    return sum(1 for _ in site.rglob("index.html"))


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.urls.append(a["href"] or "")
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"] or "")
        self._in_config = tag == "script" and a.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False


def first_search_bytes(site: Path, queries: list[str], page: str = "index.html") -> tuple[int, int, list[dict[str, Any]]]:
    """Compressed bytes a reader downloads from opening ``page`` to the results of a search.

    The page, its stylesheets and scripts, Material's search worker or ours and what the main
    thread fetches for it (``search/search_index.json``), and then what a search needs:

    - Material's search: its one index of the whole site, whatever the query;
    - the site's sharded search: what its worker fetches while each query in ``queries`` is
      typed, a keystroke at a time, waiting for each keystroke's results (``search_bytes.mjs``
      runs the worker under Node); the largest of the queries counts.

    Text is counted gzipped (level 6, as web servers send it).

    Returns:
        The bytes until the first result shows, the bytes until the whole query's results show,
        and the sharded search's figures for each query.
    """
    parser = _Assets()
    html = (site / page).read_bytes()
    parser.feed(html.decode("utf-8"))
    files = {site / page}
    for url in parser.urls:
        if "://" not in url and not url.startswith("//"):
            files.add((site / page).parent / url.split("?")[0].split("#")[0])
    worker = json.loads(parser.config).get("search") if parser.config else None
    if worker:
        files.update({site / worker.split("#")[0], site / "search" / "search_index.json"})
    total = sum(len(gzip.compress(path.resolve().read_bytes(), compresslevel=6, mtime=0)) for path in files)
    if not (site / "search" / "manifest.json").is_file():
        return total, total, []
    out = subprocess.run(
        ["node", str(Path(__file__).parent / "search_bytes.mjs"), str(site), *queries], check=True, capture_output=True, text=True
    )
    rows: list[dict[str, Any]] = json.loads(out.stdout)
    first = max(row["first_result_bytes"] or row["query_bytes"] for row in rows)
    return total + first, total + max(row["query_bytes"] for row in rows), rows


def search_queries(data: generate.Dataset) -> list[str]:
    """What readers search for: a person's and an organisation's name, six words of a quote, a topic."""
    quote = data.records["quotes"][0]["text"].split()
    names = [generate.text(data.records[plural][0]["name"]) for plural in ("people", "organisations")]
    return [*names, " ".join(quote[:6]), "repatriation"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def _log_lines(proc: subprocess.Popen[str]) -> queue.Queue[str | None]:
    """Every line ``proc`` logs, as it logs it; None once it has stopped."""
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


def _wait_for_line(lines: queue.Queue[str | None], text: str, deadline: float, what: str) -> None:
    """Wait until a logged line holds ``text``; raise with ``what`` when the process stops or time runs out."""
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            line = None
        if line is None:
            raise RuntimeError(what)
        if text in line:
            return


def serve_edit_seconds(project: Path, record: dict[str, Any], timeout: float = SERVE_TIMEOUT) -> float:
    """Seconds from saving an edited event title until ``mkdocs serve --dirty`` (the preview
    ``make serve`` runs, which renders again only what the edit can change) serves the new title.

    It waits on what MkDocs logs: "Serving on" once the first build is served, "Reloading browsers"
    once a rebuild is done; after each rebuild the page is asked for once.
    """
    port = free_port()
    page = f"http://127.0.0.1:{port}/events/{record['id']}/"
    path = project / "data" / "events" / f"{record['id']}.yml"
    original = path.read_text(encoding="utf-8")
    proc = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = _log_lines(proc)
    try:
        deadline = time.monotonic() + timeout
        _wait_for_line(lines, "Serving on ", deadline, f"mkdocs serve did not start serving {page}")
        marker = f"Edited for the benchmark {port}"
        path.write_text(generate._yaml({**record, "title": marker}), encoding="utf-8")
        start = time.perf_counter()
        while marker not in (_fetch(page) or ""):
            _wait_for_line(lines, "Reloading browsers", deadline, "the edited title did not show under mkdocs serve")
        return time.perf_counter() - start
    finally:
        path.write_text(original, encoding="utf-8")
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- running ---------------------------------------------------------------------------------------


def measure(n: int, repeat: int, work: Path, serve: bool, seed: int = 1, log: Callable[[str], None] = print) -> Result:
    data = generate.generate(n, seed)
    project = generate.write_project(data, work / f"{n}" / "explainer")
    plain = generate.write_plain(data, work / f"{n}" / "plain")
    result = Result(events=n, records=data.count())
    runs: dict[str, list[float]] = {
        "build_s": [],
        "plain_s": [],
        "build_cpu_s": [],
        "plain_cpu_s": [],
        "peak_mb": [],
        "plain_peak_mb": [],
        "validate_s": [],
        "check_cold_s": [],
        "check_warm_s": [],
        "check_edit_s": [],
    }
    for i in range(repeat):
        # Alternating the two builds spreads the machine's slow moments over both.
        for name, folder, key in (("explainer", project, "build"), ("plain MkDocs", plain, "plain")):
            seconds, cpu, peak = build(folder)
            runs[f"{key}_s"].append(seconds)
            runs[f"{key}_cpu_s"].append(cpu)
            runs["peak_mb" if key == "build" else "plain_peak_mb"].append(peak)
            log(f"  {n:>6} events, run {i + 1}/{repeat}: {name} {seconds:.1f} s ({cpu:.1f} s CPU), {peak:.0f} MB")
        runs["validate_s"].append(validate(project))
        cold, warm, edit = validate_cold_warm_edit(project, data.records["events"][-1], f"Edited for the benchmark {i}")
        for key, seconds in (("check_cold_s", cold), ("check_warm_s", warm), ("check_edit_s", edit)):
            runs[key].append(seconds)
        log(f"  {n:>6} events, run {i + 1}/{repeat}: explainer validate {cold:.2f} s cold, {warm:.2f} s warm, {edit:.2f} s after one edit")
    result.runs = runs
    for key, values in runs.items():
        setattr(result, key, statistics.median(values))
    result.pages = page_count(project / "site")
    result.site_mb = site_bytes(project / "site") / 1e6
    result.plain_site_mb = site_bytes(plain / "site") / 1e6
    queries = search_queries(data)
    first, whole, result.searches = first_search_bytes(project / "site", queries)
    result.search_kb, result.query_kb = first / 1000, whole / 1000
    result.plain_search_kb = first_search_bytes(plain / "site", queries)[0] / 1000
    for row in result.searches:
        log(
            f"  {n:>6} events: search {row['query']!r}: {row['results']} results, best {row['best']}, {row['first_result_bytes']:,} B to the first result, {row['query_bytes']:,} B in all"
        )
    if serve:
        result.serve_edit_s = serve_edit_seconds(project, data.records["events"][0])
        log(
            f"  {n:>6} events: an edit showed under mkdocs serve --dirty after {result.serve_edit_s:.1f} s ({result.edit_ratio:.2f} of a build)"
        )
    return result


def profile(folder: Path) -> str:
    """Where the time of one size's builds goes: ours and plain MkDocs', timed, and ours under cProfile (kept as ``explainer.prof``)."""
    parts = []
    for name in ("explainer", "plain"):
        parts.append(f"{folder.name} events, {name}: " + build_profile.timings_report(build_profile.timings(folder / name)))
    parts.append(
        f"{folder.name} events, explainer under cProfile: "
        + build_profile.report(build_profile.profile(folder / "explainer", folder / "explainer.prof"))
    )
    return "\n\n".join(parts)


def table(results: list[Result]) -> str:
    """The results as a Markdown table, one row per size."""

    def cell(result: Result, key: str) -> str:
        value = getattr(result, key)
        if value is None:
            return "-"
        if isinstance(value, int):
            return f"{value:,}"
        if key in ("ratio", "edit_ratio"):
            return f"{value:.2f}"
        return f"{value:,.1f}" if value >= 10 or key.endswith("_kb") else f"{value:.2f}"

    rows = [[heading for _, heading in COLUMNS]]
    rows += [[cell(r, key) for key, _ in COLUMNS] for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000", help="comma-separated numbers of events (default: 1000,5000,10000)")
    parser.add_argument("--repeat", type=int, default=3, help="builds per size; the table shows the median (default: 3)")
    parser.add_argument("--no-serve", dest="serve", action="store_false", help="skip the mkdocs serve measurement")
    parser.add_argument("--work", type=Path, help="where projects and sites go (default: a temporary directory, removed afterwards)")
    parser.add_argument("--json", type=Path, help="also write every measurement to this JSON file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also build each size once more with clocks around hooks, templates and MkDocs' steps, and once under cProfile, and print where the time goes (benchmarks/build_profile.py)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in re.split(r"[,\s]+", args.sizes.strip()) if s]

    work = args.work or Path(tempfile.mkdtemp(prefix="explainer-bench-"))
    results = []
    try:
        for n in sizes:
            print(f"{n:,} events:", flush=True)
            results.append(measure(n, args.repeat, work, args.serve, args.seed, log=lambda msg: print(msg, flush=True)))
            if args.profile:
                print(profile(work / f"{n}"), flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(
        f"Median of {args.repeat} builds on {os.cpu_count()} cores; plain = MkDocs + Material building the same pages as Markdown, out of the nav."
    )
    print(table(results))
    if args.json:
        rows = [
            {
                **asdict(r),
                "ratio": r.ratio,
                "edit_ratio": r.edit_ratio,
                "ms_per_page": r.ms_per_page,
                "plain_ms_per_page": r.plain_ms_per_page,
            }
            for r in results
        ]
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
