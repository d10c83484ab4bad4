"""The lock files: every dependency pinned to one version within pyproject.toml's ranges, with its
hashes, and the environment the tests run in installed from them (Makefile, `make lock`)."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT
from explainer.tools.init import STARTER

LOCK = ROOT / "requirements.lock"
STARTER_LOCK = STARTER / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})+)", re.M)


def pins(path: Path) -> dict[str, str]:
    """A lock file's pins by canonical name; fails on any requirement line that is not pinned and hashed."""
    text = path.read_text(encoding="utf-8")
    found = {canonicalize_name(m[1]): m[2] for m in PIN.finditer(text)}
    requirement_lines = [line for line in text.splitlines() if line and not line[0].isspace() and not line.startswith("#")]
    assert len(requirement_lines) == len(found), f"{path.name} has a requirement without an exact pin and hashes"
    return found


def project() -> dict[str, list[Requirement]]:
    """pyproject.toml's requirements: the engine's ("") and each extra's."""
    table = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"": table["dependencies"], **table["optional-dependencies"]}
    return {name: [Requirement(r) for r in requirements] for name, requirements in groups.items()}


@pytest.mark.parametrize(("lock", "groups"), [(LOCK, ("", "test", "runners")), (STARTER_LOCK, ("", "publication"))])
def test_a_lock_pins_every_requirement_within_its_range(lock: Path, groups: tuple[str, ...]) -> None:
    pinned = pins(lock)
    for group in groups:
        for requirement in project()[group]:
            name = canonicalize_name(requirement.name)
            assert name in pinned, f"{lock.name} does not pin {requirement} (run make lock)"
            assert requirement.specifier.contains(pinned[name], prereleases=True), (
                f"{lock.name} pins {name}=={pinned[name]}, outside {requirement} (run make lock)"
            )
    # The build backend too: the engine installs without build isolation, from the lock alone.
    assert "setuptools" in pinned


def test_the_platform_is_pinned_where_it_stays_supported() -> None:
    engine = {canonicalize_name(r.name): r for r in project()[""]}
    assert str(engine["mkdocs"].specifier) == "<2,>=1.6.1"
    assert str(engine["mkdocs-material"].specifier) == "<10,>=9.8.2"


def test_both_locks_agree_on_what_they_share() -> None:
    ours, theirs = pins(LOCK), pins(STARTER_LOCK)
    differ = {name: (ours[name], theirs[name]) for name in ours.keys() & theirs.keys() if ours[name] != theirs[name]}
    assert differ == {}, "the locks disagree (run make lock)"


def test_the_tests_run_on_what_the_lock_pins() -> None:
    """`make test` installs from the lock; an environment that drifted from it is caught here."""
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    wrong = {name: (version, installed.get(name)) for name, version in pins(LOCK).items() if installed.get(name) not in (version, None)}
    assert wrong == {}, "installed versions differ from requirements.lock (make test reinstalls when the lock changes)"
