"""`make tools` (.ci/tools) installs the browser and HTML checks' tools where it can, and says what is missing.

The script runs with a PATH of stand-ins: tools that are present, an ``id`` that says who runs it,
an ``apt-get`` and a venv ``python`` that record how they were called, so each case of a fresh
machine is tried here without installing anything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

import gates
from sitebuild import ROOT

SCRIPT = ROOT / ".ci" / "tools"
TOOL_OF_PACKAGE = {"chromium": "chromium", "default-jre-headless": "java", "npm": "npm"}


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    apt_calls: list[str]
    python_calls: list[str]
    present: set[str]


def _stand_in(path: Path, body: str = "exit 0") -> None:
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def run_tools(tmp_path: Path, *, present: set[str], root: bool, apt: bool = True, playwright_works: bool = False, ci: bool = False) -> Run:
    """Run .ci/tools on a machine of stand-ins; return what it printed and what it called."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # The stand-in apt-get "installs" a package by writing a stand-in of its tool.
    os.symlink(shutil.which("chmod") or "/bin/chmod", bin_dir / "chmod")
    for tool in present:
        _stand_in(bin_dir / tool)
    _stand_in(bin_dir / "id", f"echo {0 if root else 1000}")
    apt_log, python_log = tmp_path / "apt.log", tmp_path / "python.log"
    if apt:
        installs = "\n".join(
            f'  case " $* " in *" {package} "*) printf "#!/bin/sh\\n" > "{bin_dir / tool}"; chmod +x "{bin_dir / tool}";; esac'
            for package, tool in TOOL_OF_PACKAGE.items()
        )
        _stand_in(bin_dir / "apt-get", f'echo "$*" >> "{apt_log}"\nif [ "$1" = install ]; then\n{installs}\nfi')
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    _stand_in(venv / "bin" / "python", f'echo "$*" >> "{python_log}"\nexit {0 if playwright_works else 1}')
    env = {"PATH": str(bin_dir), "VENV": str(venv), **({"CI": "true"} if ci else {})}
    result = subprocess.run(["/bin/bash", str(SCRIPT)], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)

    def lines(path: Path) -> list[str]:
        return path.read_text(encoding="utf-8").splitlines() if path.exists() else []

    now = {tool for tool in TOOL_OF_PACKAGE.values() if (bin_dir / tool).exists()}
    return Run(result.returncode, result.stdout, result.stderr, lines(apt_log), lines(python_log), now)


def test_nothing_is_done_when_every_tool_is_there(tmp_path: Path) -> None:
    run = run_tools(tmp_path, present={"chromium", "java", "npm"}, root=True)
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")
    assert run.apt_calls == [] and run.python_calls == []


def test_as_root_the_missing_tools_come_from_debian(tmp_path: Path) -> None:
    run = run_tools(tmp_path, present={"npm"}, root=True, ci=True)
    assert run.apt_calls == ["update -q", "install -y -q chromium default-jre-headless"]
    assert run.present == {"chromium", "java", "npm"}
    assert run.python_calls == []
    assert (run.returncode, run.stderr) == (0, "")
    assert "apt-get install chromium default-jre-headless" in run.stdout


def test_without_root_chromium_comes_from_playwright(tmp_path: Path) -> None:
    run = run_tools(tmp_path, present={"java", "npm"}, root=False, playwright_works=True)
    assert run.apt_calls == []
    assert run.python_calls == ["-m playwright install chromium"]
    assert (run.returncode, run.stderr) == (0, "")


def test_what_cannot_be_installed_is_named_in_one_line(tmp_path: Path) -> None:
    run = run_tools(tmp_path, present={"npm"}, root=False)
    assert run.apt_calls == []
    assert run.python_calls == ["-m playwright install chromium"]
    assert run.returncode == 0
    [line] = run.stderr.splitlines()
    assert "the tests that need them skip" in line
    assert f"Chromium (apt-get install chromium, or {tmp_path}/venv/bin/python -m playwright install chromium)" in line
    assert "Java (apt-get install default-jre-headless)" in line
    assert "npm" not in line


def test_root_without_apt_get_names_what_to_install(tmp_path: Path) -> None:
    run = run_tools(tmp_path, present={"chromium", "java"}, root=True, apt=False)
    assert run.returncode == 0
    assert run.stderr.splitlines() == ["make tools: not installed, so the tests that need them skip: npm (apt-get install npm)"]


def test_under_ci_a_tool_that_cannot_be_installed_fails(tmp_path: Path) -> None:
    run = run_tools(tmp_path, present={"java", "npm"}, root=False, ci=True)
    assert run.returncode == 1
    [line] = run.stderr.splitlines()
    assert line.startswith("make tools: not installed: Chromium (") and line.endswith("under CI=true the tests that need them fail")


def test_make_test_runs_the_tools_script_before_npm_and_the_tests() -> None:
    # -W: as if package-lock.json had changed, so that npm ci is among the commands.
    dry = subprocess.run(["make", "-n", "-W", "package-lock.json", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert dry.index(".ci/tools") < dry.index("npm ci") < dry.index("-m pytest")
    # One place installs them: CI's entry point runs make test, and has no apt-get of its own.
    commands = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert "make test" in commands
    assert not [line for line in commands if "apt-get" in line or "npm ci" in line]


def test_the_tests_find_playwrights_chromium_when_there_is_no_system_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gates, "SYSTEM_CHROMIUM", str(tmp_path / "no-such-chromium"))
    monkeypatch.setenv("PATH", str(tmp_path))
    downloaded = tmp_path / "ms-playwright" / "chrome"
    assert gates.find_chromium(lambda: str(downloaded)) is None
    downloaded.parent.mkdir()
    _stand_in(downloaded)
    assert gates.find_chromium(lambda: str(downloaded)) == str(downloaded)
    # A system Chromium comes first, and then Playwright is not asked.
    _stand_in(tmp_path / "chromium")
    assert gates.find_chromium(lambda: pytest.fail("Playwright was asked")) == str(tmp_path / "chromium")
