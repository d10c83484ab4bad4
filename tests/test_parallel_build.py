"""Checking record files on several cores: the same site and the same diagnostics as one process.

A build of many files shares them out between forked workers and the building process
(``explainer.pipeline._check_files``). These tests make every build take that path, however few
its files, and compare it with the single process.
"""

from __future__ import annotations

import shutil
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, ClassVar

import pytest

from conftest import MINIMAL, SETTINGS
from explainer import DataError, Site, build_site, pipeline
from test_invalid_fixtures import CASES, GENERATED, INVALID


class _WatchedPool(ProcessPoolExecutor):
    """The pipeline's pool, made to let a worker check the first chunk it is given before the
    pipeline checks chunks of its own, so that both kinds of result are in every build."""

    futures: ClassVar[list[Future[Any]]] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        if not self.futures:
            future.result()
        self.futures.append(future)
        return future


def use_several_cores(monkeypatch: pytest.MonkeyPatch) -> type[_WatchedPool]:
    """Check the files of every build in two processes, however few they are."""
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(pipeline, "_cores", lambda: 2)
    # The suite's browser tests serve sites from threads, which would keep the build to one process.
    monkeypatch.setattr(pipeline, "_other_threads", lambda: False)
    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", _WatchedPool)
    monkeypatch.setattr(_WatchedPool, "futures", [])
    return _WatchedPool


@pytest.fixture
def several_cores(monkeypatch: pytest.MonkeyPatch) -> type[_WatchedPool]:
    return use_several_cores(monkeypatch)


def report(data: Path, root: Path) -> str:
    with pytest.raises(DataError) as info:
        build_site(data, root, SETTINGS)
    return info.value.report()


@pytest.mark.parametrize("case", CASES)
def test_invalid_fixtures_report_the_same_on_several_cores(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, several_cores: type[_WatchedPool]
) -> None:
    root = tmp_path / case
    shutil.copytree(INVALID / case, root)
    if case in GENERATED:
        GENERATED[case](root / "data")
    monkeypatch.chdir(tmp_path)
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8")
    assert report(root / "data", root) == expected.rstrip("\n")
    assert several_cores.futures
    assert not (tmp_path / "pwned").exists()


# Defects planted in copies of an event: in the YAML, in the values, and across records (an
# unknown source, whose position the pipeline finds by reading the file again).
DEFECTS = [
    lambda text: text.replace("title: ", "title: Port Example: ", 1),
    lambda text: text + "colour: red\n",
    lambda text: text.replace("place: ", "place: &p ", 1),
    lambda text: text.replace("source: harbour-rights-watch-2023-10-12-nets-and-notices", "source: harbour-rights-watch", 1),
    lambda text: text.replace("date: ", "date: 2022-02-30\nwhen: ", 1),
    lambda text: text.replace("place: ", 'place: "a\\u202eb"\nwhere: ', 1),
    lambda text: text.replace("id: ", "id: Not-A-Slug-", 1),
    lambda text: text.replace("summary: ", "summary:\nsummary: ", 1),
]


def many_records(into: Path, copies: int, defects: bool) -> Path:
    """The minimal fixture's data plus ``copies`` copies of each event, every third one with a
    defect when ``defects`` is set."""
    data = into / "data"
    shutil.copytree(MINIMAL / "data", data)
    for original in sorted((MINIMAL / "data" / "events").glob("*.yml")):
        text = original.read_text(encoding="utf-8")
        for n in range(copies):
            rid = f"{original.stem}-copy-{n}"
            copy = text.replace(f"id: {original.stem}\n", f"id: {rid}\n", 1)
            if defects and n % 3 == 0:
                copy = DEFECTS[n // 3 % len(DEFECTS)](copy)
            (data / "events" / f"{rid}.yml").write_text(copy, encoding="utf-8")
    return data


def test_many_defects_are_reported_the_same_on_several_cores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = many_records(tmp_path, copies=60, defects=True)
    alone = report(data, tmp_path)
    assert alone.count("\n") >= 80
    with monkeypatch.context() as patch:
        pool = use_several_cores(patch)
        shared = report(data, tmp_path)
        taken = [not future.cancelled() for future in pool.futures]
    assert shared == alone
    # Both the worker and this process checked chunks of files.
    assert any(taken) and not all(taken)


def test_a_valid_data_set_gives_the_same_site_on_several_cores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = many_records(tmp_path, copies=60, defects=False)
    alone = build_site(data, tmp_path, SETTINGS)
    with monkeypatch.context() as patch:
        use_several_cores(patch)
        shared = build_site(data, tmp_path, SETTINGS)
    assert isinstance(shared, Site)
    assert shared == alone
    assert sum(len(records) for records in shared.records.values()) == 14 + 4 * 60


def test_few_files_are_checked_in_one_process() -> None:
    assert pipeline._worker_count(pipeline.PARALLEL_MIN_FILES - 1) == 1


def test_one_process_while_other_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    # Forking beside other threads (mkdocs serve's web server and watcher) could copy a held lock.
    monkeypatch.setattr(pipeline, "_cores", lambda: 2)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert pipeline._worker_count(10 * pipeline.PARALLEL_MIN_FILES) == 1
    finally:
        stop.set()
        thread.join()
    monkeypatch.setattr(pipeline, "_other_threads", lambda: False)
    assert pipeline._worker_count(10 * pipeline.PARALLEL_MIN_FILES) == 2
    assert pipeline._worker_count(pipeline.PARALLEL_MIN_FILES - 1) == 1
