"""When each file of a publication last changed, as the git history of its checkout says.

The history is read once per build, for every file under a folder: one ``git log --name-only``
(parsed once), one ``git status`` for what is not committed, and one ``git rev-parse`` to find
the checkout. A file git cannot date (outside a checkout, not committed yet, changed since its
last commit, or older than a shallow clone's history) has no entry: the pages fall back to the
build date (``SOURCE_DATE_EPOCH``, else today), never to the file's modification time, which a
fresh clone resets and two builds of one commit would not share.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

_HEADER = "\x1e"
# An edit link's form on GitHub (edit/<branch>/...), GitLab (-/edit/<branch>/...) and their kin.
_EDIT_FORM = re.compile(r"^(?P<lead>(?:-/)?)(?:edit|blob|tree)/(?P<branch>[^/]+)/")


@dataclass(frozen=True)
class History:
    """The time each file was last committed, by path relative to the project root (UTC).

    Attributes:
        changed: a file's last commit time; a file without one is not in it.
        checkout: whether the project is in a git checkout at all.
    """

    changed: Mapping[str, datetime] = field(default_factory=dict)
    checkout: bool = False

    def last_change(self, path: str) -> datetime | None:
        """When the file at ``path`` (relative to the project root) was last committed, if git knows."""
        return self.changed.get(path)


def read_history(root: Path, folder: str = "data") -> History:
    """The last commit time of every committed, unchanged file under ``root / folder``.

    Args:
        root: the project root, which the paths are relative to.
        folder: the folder whose files are dated, relative to ``root``.

    Returns:
        The history; empty when ``root`` is not in a git checkout or git is not installed.
    """
    found = _git(root, "rev-parse", "--show-toplevel", "--git-path", "shallow")
    if found is None or len(found.splitlines()) < 2:
        return History()
    top_line, shallow_line = found.splitlines()[:2]
    top = Path(top_line).resolve()
    try:
        prefix = root.resolve().relative_to(top).as_posix()
    except ValueError:
        return History()
    lead = "" if prefix == "." else prefix + "/"
    shallow = root / shallow_line
    # A shallow clone's oldest commits list every file as added by them: they date nothing.
    boundary = set(shallow.read_text(encoding="ascii").split()) if shallow.is_file() else set()
    log = _git(root, "log", f"--format={_HEADER}%H %ct", "-z", "--name-only", "--", folder)
    if log is None:
        return History(checkout=True)
    changed: dict[str, datetime] = {}
    commit, stamp = "", 0
    for token in log.split("\0"):
        token = token.lstrip("\n")
        if token.startswith(_HEADER):
            commit, _, when = token[1:].partition(" ")
            stamp = int(when)
            continue
        if not token or commit in boundary or not token.startswith(lead):
            continue
        path = token[len(lead) :]
        moment = datetime.fromtimestamp(stamp, tz=UTC)
        # Log order follows commit dates only loosely across merged branches: keep the latest.
        if path not in changed or moment > changed[path]:
            changed[path] = moment
    for path in _uncommitted(root, folder):
        if path.startswith(lead):
            changed.pop(path[len(lead) :], None)
    return History(changed, checkout=True)


def history_url(repo_url: str | None, edit_uri: str | None, path: str) -> str | None:
    """The page of a file's commits in the publication's repository, as its edit links make it.

    The branch is the one the edit links name (``edit_uri: edit/main/content/`` gives
    ``<repo_url>/commits/main/<path>``); without an edit link of that form, only GitHub and
    GitLab repositories get one, on ``main``. None without a ``repo_url``.

    Args:
        repo_url: the repository's address (MkDocs' ``repo_url``).
        edit_uri: the edit links' path in it (MkDocs' ``edit_uri``), if any.
        path: the file, relative to the repository's root.
    """
    if not repo_url or not repo_url.startswith(("https://", "http://")):
        return None
    match = _EDIT_FORM.match((edit_uri or "").lstrip("/"))
    if match:
        lead, branch = match["lead"], match["branch"]
    else:
        host = repo_url.split("/")[2].lower()
        if host not in ("github.com", "gitlab.com"):
            return None
        lead, branch = ("-/" if host == "gitlab.com" else ""), "main"
    return f"{repo_url.rstrip('/')}/{lead}commits/{quote(branch)}/{quote(path)}"


def committed_text(root: Path, path: str) -> str | None:
    """A file's text as the checkout's last commit has it (``path`` relative to ``root``); None
    outside a checkout, or for a file that commit does not have."""
    return _git(root, "show", f"HEAD:./{path}")


def _uncommitted(root: Path, folder: str) -> list[str]:
    """Files under ``folder`` with changes not committed, or untracked, relative to the checkout's top."""
    out = _git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", folder)
    if out is None:
        return []
    paths: list[str] = []
    tokens = iter(out.split("\0"))
    for token in tokens:
        if len(token) < 4:
            continue
        paths.append(token[3:])
        if token[0] in "RC":
            next(tokens, None)  # a renamed or copied file's former path follows
    return paths


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args], cwd=root, capture_output=True, text=True, encoding="utf-8", check=False
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None
