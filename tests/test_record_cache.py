"""The record cache: a second check reads only what changed, and reports exactly what a first one does.

``explainer validate`` (``check_records``) and the build (``build_site``) keep the record files
they found valid in ``.cache/explainer/records/`` beside the data directory. These tests check
fixture projects cold (no cache) and warm (from the cache the first check wrote), and compare
every diagnostic, position included, and the site.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import MINIMAL, SETTINGS
from explainer import DataError, Site, build_site, pipeline
from explainer.builder import load_publication
from explainer.load import cache
from explainer.load.project import read_project
from explainer.tools.cli import main
from test_invalid_fixtures import CASES, GENERATED, INVALID
from test_parallel_build import many_records, use_several_cores

EVENT = "events/2024-04-26-harbour-closure.yml"
SOURCE = "sources/example-news-2024-04-27-harbour-closure.yml"


def report(data: Path, root: Path, check: Callable[..., Any] = pipeline.check_records, settings: Any = SETTINGS) -> list[str]:
    """Every diagnostic of a check, as ``path:line:col: message``, and the summary line; [] when valid."""
    try:
        check(data, root, settings)
    except DataError as exc:
        return [*map(str, exc.diagnostics), exc.summary()]
    return []


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The record files that the checks in a test loaded and validated (not taken from the cache)."""
    found: list[str] = []
    check_file = pipeline._check_file

    def counted(file: Path, *args: Any) -> Any:
        found.append(f"{file.parent.name}/{file.name}")
        return check_file(file, *args)

    monkeypatch.setattr(pipeline, "_check_file", counted)
    yield found


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    return root


def test_the_cache_is_written_beside_the_data_and_ignored_by_git(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert report(root / "data", root) == []
    folder = root / ".cache" / "explainer" / "records"
    assert (folder / "manifest").is_file()
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    starter = Path(pipeline.__file__).parent / "starter" / "dot-gitignore"
    assert ".cache/" in starter.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("case", CASES)
def test_invalid_fixtures_report_the_same_cold_and_warm(case: str, tmp_path: Path, checked: list[str]) -> None:
    root = tmp_path / case
    shutil.copytree(INVALID / case, root)
    if case in GENERATED:
        GENERATED[case](root / "data")
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()

    assert report(root / "data", root) == expected
    cold = sorted(checked)
    checked.clear()
    assert report(root / "data", root) == expected
    assert report(root / "data", root, build_site) == expected
    # Only files with problems are checked again: a valid file comes from the cache (and is read
    # again only for the position of a problem across records), an invalid one never does.
    with_problems = {line.split(":", 1)[0].removeprefix("data/") for line in expected[:-1]}
    assert set(checked) <= with_problems & set(cold)
    assert len(checked) < 2 * len(cold)


def test_many_defects_report_the_same_cold_and_warm_on_several_cores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = many_records(tmp_path, copies=60, defects=True)
    alone = report(data, tmp_path, build_site)
    assert len(alone) > 80
    shutil.rmtree(tmp_path / ".cache")
    with monkeypatch.context() as patch:
        pool = use_several_cores(patch)
        assert report(data, tmp_path) == alone
        assert pool.futures
        assert report(data, tmp_path) == alone
        assert report(data, tmp_path, build_site) == alone


def test_a_warm_build_makes_the_same_site_and_needs_no_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checked: list[str]) -> None:
    data = many_records(tmp_path, copies=30, defects=False)
    with monkeypatch.context() as patch:
        pool = use_several_cores(patch)
        cold = build_site(data, tmp_path, SETTINGS)
        assert pool.futures
        pool.futures.clear()
        checked.clear()
        warm = build_site(data, tmp_path, SETTINGS)
        assert not pool.futures
    assert isinstance(warm, Site)
    assert warm == cold
    assert checked == []
    assert pipeline.check_records(data, tmp_path, SETTINGS).count("event") == 4 + 4 * 30


def test_an_edit_between_checks_is_seen(tmp_path: Path) -> None:
    root = project(tmp_path)
    data = root / "data"
    site = build_site(data, root, SETTINGS)
    assert site.get("event", "2024-04-26-harbour-closure").label == "The harbour of Port Example is closed to fishing boats"
    event = data / EVENT
    original = event.read_text(encoding="utf-8")

    event.write_text(
        original.replace("title: The harbour of Port Example is closed", "title: Port Example shuts its harbour"), encoding="utf-8"
    )
    assert (
        build_site(data, root, SETTINGS).get("event", "2024-04-26-harbour-closure").label
        == "Port Example shuts its harbour to fishing boats"
    )

    event.write_text(original.replace("date: 2024-04-26", "date: 2024-02-30"), encoding="utf-8")
    broken = [
        f"data/{EVENT}:3:7: date: date '2024-02-30' does not exist: February 2024 has 29 days",
        "1 error in 1 file",
    ]
    assert report(data, root) == broken
    assert report(data, root, build_site) == broken

    event.write_text(original, encoding="utf-8")
    assert report(data, root) == []
    assert build_site(data, root, SETTINGS) == site


def test_a_record_deleted_between_checks_is_missed_by_the_unchanged_ones(tmp_path: Path) -> None:
    root = project(tmp_path)
    data = root / "data"
    assert report(data, root) == []
    (data / SOURCE).unlink()
    warm = report(data, root)
    assert any("unknown source 'example-news-2024-04-27-harbour-closure'" in line for line in warm)
    shutil.rmtree(root / ".cache")
    assert report(data, root) == warm
    assert report(data, root, build_site) == warm


def test_an_edit_that_keeps_the_size_and_modification_time_is_seen(tmp_path: Path) -> None:
    root = project(tmp_path)
    event = root / "data" / EVENT
    assert report(root / "data", root) == []
    before = event.stat()
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace("date: 2024-04-26", "date: 2024-02-30"), encoding="utf-8")
    os.utime(event, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert event.stat().st_size == before.st_size
    assert report(root / "data", root)[0].startswith(f"data/{EVENT}:3:7: date: date '2024-02-30' does not exist")


def test_an_unchanged_file_costs_a_stat_once_it_is_old_enough(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hashed: list[bytes] = []
    original = cache.seen

    def counted(raw: bytes, *args: Any) -> cache.Seen:
        hashed.append(raw)
        return original(raw, *args)

    monkeypatch.setattr(cache, "seen", counted)
    root = project(tmp_path)
    assert report(root / "data", root) == []
    # Just written: a later write in the same tick of the file system's clock would keep the
    # signature, so the content is hashed again.
    assert report(root / "data", root) == []
    assert len(hashed) == 14
    hashed.clear()
    monkeypatch.setattr(cache, "_RACY_NS", 0)
    manifest = root / ".cache" / "explainer" / "records" / "manifest"
    written = manifest.stat().st_ino
    # Old enough now, but too few to write the manifest for: they are hashed again next time.
    assert report(root / "data", root) == []
    assert len(hashed) == 14
    assert manifest.stat().st_ino == written
    monkeypatch.setattr(cache, "_UPGRADES", 0)
    assert report(root / "data", root) == []
    assert manifest.stat().st_ino != written
    hashed.clear()
    assert report(root / "data", root) == []
    assert report(root / "data", root, build_site) == []
    assert hashed == []


def _truncate(folder: Path) -> None:
    manifest = folder / "manifest"
    manifest.write_bytes(manifest.read_bytes()[: manifest.stat().st_size // 2])


def _flip(folder: Path) -> None:
    manifest = folder / "manifest"
    raw = bytearray(manifest.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    manifest.write_bytes(bytes(raw))


def _garbage(folder: Path) -> None:
    for file in [folder / "manifest", *(folder / "packs").iterdir()]:
        file.write_bytes(b"\x00not a cache" * 10)


def _no_packs(folder: Path) -> None:
    shutil.rmtree(folder / "packs")


def _empty(folder: Path) -> None:
    (folder / "manifest").write_bytes(b"")


def _gone(folder: Path) -> None:
    shutil.rmtree(folder)


@pytest.mark.parametrize("damage", [_truncate, _flip, _garbage, _no_packs, _empty, _gone])
def test_a_damaged_cache_is_rebuilt(damage: Callable[[Path], None], tmp_path: Path, checked: list[str]) -> None:
    root = project(tmp_path)
    (root / "data" / EVENT).write_text((root / "data" / EVENT).read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    expected = report(root / "data", root)
    assert expected[-1] == "1 error in 1 file"
    (root / "data" / EVENT).write_text((MINIMAL / "data" / EVENT).read_text(encoding="utf-8"), encoding="utf-8")
    site = build_site(root / "data", root, SETTINGS)
    (root / "data" / EVENT).write_text((root / "data" / EVENT).read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")

    damage(root / ".cache" / "explainer" / "records")
    checked.clear()
    assert report(root / "data", root) == expected
    assert report(root / "data", root, build_site) == expected
    (root / "data" / EVENT).write_text((MINIMAL / "data" / EVENT).read_text(encoding="utf-8"), encoding="utf-8")
    assert build_site(root / "data", root, SETTINGS) == site
    # Each file was checked again when the damage hid it, and only then.
    assert checked.count(EVENT) == 3
    assert len(checked) <= 14 + 2


def test_a_change_of_settings_is_not_hidden_by_the_cache(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert report(root / "data", root, settings=read_project(root / "mkdocs.yml").settings) == []
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("        fishing-ban: Fishing bans\n", ""), encoding="utf-8")
    found = report(root / "data", root, settings=read_project(config).settings)
    assert found[-1] == "1 error in 1 file"
    assert "unknown tag 'fishing-ban'" in found[0]


def test_another_engine_does_not_read_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checked: list[str]) -> None:
    root = project(tmp_path)
    assert report(root / "data", root) == []
    assert len(checked) == 14
    monkeypatch.setattr(cache, "_engine_key", lambda: b"another engine")
    assert report(root / "data", root) == []
    assert len(checked) == 28
    assert report(root / "data", root) == []
    assert len(checked) == 28


def test_a_copied_cache_is_not_trusted(tmp_path: Path, checked: list[str]) -> None:
    # A cache committed to git and checked out, or copied with the project, is not the one this
    # engine wrote: it might say that an invalid file is valid.
    root = project(tmp_path)
    assert report(root / "data", root) == []
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    (copy / "data" / EVENT).write_text((copy / "data" / EVENT).read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    checked.clear()
    assert report(copy / "data", copy)[-1] == "1 error in 1 file"
    assert len(checked) == 14


def test_pages_are_checked_against_the_cache_as_the_build_checks_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    source = SOURCE.removeprefix("sources/").removesuffix(".yml")
    (root / "content" / "story.md").write_text(
        f'# Story\n\nBy its start [@{source} "about 120 boats…"], and not [@{source} "no record cites these…"].\n\n'
        "Unknown [[event:2024-04-26-harbour-closur]].\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    runs = []
    for _ in range(2):
        assert main(["validate"]) == 1
        runs.append(capsys.readouterr().out.splitlines())
    assert runs[0] == runs[1]
    assert runs[0] == [
        f"content/story.md:3:85: no record cites {source!r} with words that start 'no record cites these'; give the supporting words whole",
        "content/story.md:5:9: unknown event '2024-04-26-harbour-closur' (did you mean '2024-04-26-harbour-closure'?); "
        "add data/events/2024-04-26-harbour-closur.yml or fix the id",
        "2 errors in 1 file",
    ]
    found = read_project(root / "mkdocs.yml")
    with pytest.raises(DataError) as info:
        load_publication(root, found.raw_settings, found.config_file, found.docs_dir, found.theme_language)
    assert [*map(str, info.value.diagnostics), info.value.summary()] == runs[0]
