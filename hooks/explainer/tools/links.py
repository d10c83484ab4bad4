"""``explainer links``: check every source's address, and report the dead and the moved ones.

Each ``url`` and ``archive_url`` of the sources is asked for once: ``HEAD`` first, ``GET`` when a
server refuses ``HEAD``; a few at a time (at most two at once per host, with a pause between
requests to one host), each with a timeout, under a User-Agent that names the tool. A redirect is
followed; a permanent one (301, 308) reports the address as moved, with the new one. An address
is dead on 404 or 410, when its host has no DNS entry, when the connection is refused, or when it
times out, is reset or answers 5xx twice in a row. Other answers (401, 403, 429, certificate
errors...) say the address could not be checked, which is no failure: many sites turn away robots.

Results are kept in a JSON cache (``.cache/explainer/links.json`` beside ``mkdocs.yml``) with
the time of each check. An address that answered is not asked again until its answer is older
than ``--max-age`` days; a failure is checked again on every run.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

from ..errors import SourcePos, relative_path
from ..graph.site import Site
from ..load.yamlload import Document, load_file
from ..model.records import Source

Status = Literal["ok", "moved", "dead", "unchecked"]
CACHE = Path(".cache") / "explainer" / "links.json"
"""Where the results are kept, relative to the publication's root."""
WAYBACK = "https://web.archive.org/web/"
_PERMANENT = (301, 308)
_HOPS = 5


@dataclass(frozen=True)
class Result:
    """What one address answered.

    Attributes:
        url: the address asked for.
        status: ``ok``, ``moved`` (a permanent redirect to ``location``), ``dead``, or
            ``unchecked`` (an answer that says nothing of the page, such as 403).
        detail: what happened, for the report: "HTTP 404", "timed out after 10 s".
        location: where a moved address now leads.
        checked: when it was checked (ISO 8601, UTC).
    """

    url: str
    status: Status
    detail: str
    location: str | None = None
    checked: str = ""


@dataclass
class Checker:
    """Asks servers for addresses, politely; one checker for one run.

    Args:
        timeout: seconds to wait for a connection or an answer.
        per_host: how many requests one host gets at once.
        delay: seconds between the starts of two requests to one host.
        retries: how many times an address that timed out, was reset or answered 5xx is asked again.
        user_agent: the User-Agent header (default: the tool's name, version and purpose).
    """

    timeout: float = 10.0
    per_host: int = 2
    delay: float = 1.0
    retries: int = 1
    user_agent: str = ""
    _hosts: dict[str, tuple[threading.Semaphore, list[float]]] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        if not self.user_agent:
            self.user_agent = f"explainer-links/{_version()} (checks the addresses of the sources a publication cites)"
        self._opener = urllib.request.build_opener(_NoRedirect())

    def check(self, url: str) -> Result:
        """Ask for ``url`` (following redirects) and say what it answered."""
        moved: str | None = None
        current, permanent = url, True
        for _ in range(_HOPS):
            code, detail, location = self._ask(current)
            if location is None:
                break
            target = urljoin(current, location)
            if urlsplit(target).scheme not in ("http", "https"):  # never file:, ftp: or the like
                return self._result(url, "unchecked", f"HTTP {code}: a redirect to an address that is not on the web: {target}")
            # Moved: every redirect so far is permanent; the address to write is the last of them.
            permanent = permanent and code in _PERMANENT
            if permanent:
                moved = target
            current = target
        else:
            return self._result(url, "dead", f"more than {_HOPS} redirects")
        status = _classify(code, detail)
        if status == "ok" and moved is not None:
            return self._result(url, "moved", f"HTTP {code} after a permanent redirect", moved)
        if status != "ok" and current != url:
            detail += f" after a redirect to {current}"
        return self._result(url, status, detail)

    def _ask(self, url: str) -> tuple[int | None, str, str | None]:
        """One address's answer, asked again while it is one that may pass: (status code or None
        for no answer, detail, redirect location)."""
        answer = self._once(url)
        for _ in range(self.retries):
            if not _transient(answer[0], answer[1]):
                break
            answer = self._once(url)
        return answer

    def _once(self, url: str) -> tuple[int | None, str, str | None]:
        answer = self._request(url, "HEAD")
        code = answer[0]
        if (code is not None and code >= 400) or answer[1] == _NO_ANSWER:
            answer = self._request(url, "GET")  # some servers refuse HEAD, or answer it wrongly
        return answer

    def _request(self, url: str, method: str) -> tuple[int | None, str, str | None]:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            slots, next_start = self._hosts.setdefault(host, (threading.Semaphore(self.per_host), [0.0]))
        with slots:
            with self._lock:
                start = max(time.monotonic(), next_start[0])
                next_start[0] = start + self.delay
            pause = start - time.monotonic()
            if pause > 0:
                time.sleep(pause)  # the pause between two requests to one host
            request = urllib.request.Request(url, method=method, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    return response.status, f"HTTP {response.status}", None
            except urllib.error.HTTPError as exc:
                location = exc.headers.get("Location") if 300 <= exc.code < 400 else None
                exc.close()
                return exc.code, f"HTTP {exc.code}", location
            except (OSError, http.client.HTTPException) as exc:
                return None, self._failure(exc), None

    def _failure(self, exc: BaseException) -> str:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException) else exc
        if isinstance(reason, socket.gaierror):
            return "DNS failure: the host name is not known"
        if isinstance(reason, TimeoutError | socket.timeout):
            return f"timed out after {self.timeout:g} s"
        if isinstance(reason, ConnectionResetError):
            return "connection reset"
        if isinstance(reason, ConnectionRefusedError):
            return "connection refused"
        if isinstance(reason, http.client.RemoteDisconnected):
            return _NO_ANSWER
        if isinstance(reason, ssl.SSLError):
            return f"TLS error: {reason.reason or reason}"
        return f"{type(reason).__name__}: {reason}"

    def _result(self, url: str, status: Status, detail: str, location: str | None = None) -> Result:
        return Result(url, status, detail, location, datetime.now(tz=UTC).isoformat(timespec="seconds"))


_NO_ANSWER = "closed the connection without an answer"
_DEAD_FAILURES = ("DNS failure", "timed out", "connection reset", "connection refused", _NO_ANSWER)


def _transient(code: int | None, detail: str) -> bool:
    return (code is not None and code >= 500) or detail.startswith(("timed out", "connection reset", _NO_ANSWER))


def _classify(code: int | None, detail: str = "") -> Status:
    if code is None:
        return "dead" if detail.startswith(_DEAD_FAILURES) else "unchecked"
    if code < 400:
        return "ok"
    if code in (404, 410) or code >= 500:
        return "dead"
    return "unchecked"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects come back as answers, so that a permanent one can be reported."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


# -- the sources' addresses ------------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    """One address written in a source record: which field of which source, and where."""

    url: str
    source: Source
    field: Literal["url", "archive_url"]


def addresses(site: Site) -> list[Address]:
    """Every ``url`` and ``archive_url`` of the sources, in source order."""
    found = []
    for source in site.sources:
        found.append(Address(source.url, source, "url"))
        if source.archive_url:
            found.append(Address(source.archive_url, source, "archive_url"))
    return found


def check_all(
    urls: Iterable[str], checker: Checker, cache: Mapping[str, Result], max_age: timedelta, workers: int = 8
) -> dict[str, Result]:
    """Every address's result: an address that answered (ok or moved) from the cache while that
    answer is younger than ``max_age``; the others checked, ``workers`` at a time."""
    now = datetime.now(tz=UTC)
    results: dict[str, Result] = {}
    todo = []
    for url in dict.fromkeys(urls):
        cached = cache.get(url)
        # A failure is always checked again: it may have been the network's, or the server's for a day.
        reuse = cached is not None and cached.status in ("ok", "moved") and now - datetime.fromisoformat(cached.checked) < max_age
        if cached is not None and reuse:
            results[url] = cached
        else:
            todo.append(url)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for url, result in zip(todo, pool.map(checker.check, todo), strict=True):
            results[url] = result
    return results


def read_cache(path: Path) -> dict[str, Result]:
    """The cached results (none when the file is missing or unreadable: everything is checked)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {url: Result(**entry) for url, entry in data["results"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_cache(path: Path, results: Mapping[str, Result]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"version": 1, "results": {url: asdict(result) for url, result in sorted(results.items())}}
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)


def report(site: Site, root: Path, results: Mapping[str, Result], found: list[Address], fresh: int) -> Iterator[str]:
    """The report's lines: each dead, moved or unchecked address where it is written, what to do,
    and the records that cite its source (a file's first citation at its line and column, its
    others by line); then a summary line."""
    docs: dict[str, Document | None] = {}

    def pos(path: str, loc: tuple[str | int, ...]) -> SourcePos:
        if path not in docs:
            loaded = load_file(root / path, path)
            docs[path] = loaded if isinstance(loaded, Document) else None
        doc = docs[path]
        return doc.pos(loc) if doc is not None else SourcePos(path)

    counts = dict.fromkeys(("ok", "moved", "dead", "unchecked"), 0)
    for address in found:
        result = results[address.url]
        counts[result.status] += 1
        if result.status == "ok":
            continue
        source = address.source
        what = {"dead": "dead", "moved": "moved", "unchecked": "could not be checked"}[result.status]
        yield f"{pos(site.path_of(source), (address.field,))}: {address.field}: {what} ({result.detail}): {address.url}"
        if result.status == "moved":
            yield f"  now at {result.location}: write that address in {address.field}"
        elif result.status == "dead":
            copy = source.archive_url if address.field == "url" else None
            if copy and results.get(copy, result).status != "dead":
                yield f"  archived copy: {copy}"
            else:
                yield f"  look for an archived copy: {WAYBACK}{source.url}"
        cited: dict[str, list[SourcePos]] = {}
        for cite in site.cited_by.get(source.id, ()):
            loc = next((loc for loc, c in cite.record.all_citations() if c is cite.citation), ())
            path = site.path_of(cite.record)
            cited.setdefault(path, []).append(pos(path, (*loc, "source")))
        for _, places in sorted(cited.items()):
            first, *others = sorted(places, key=lambda p: (p.line, p.col))
            also = sorted({p.line for p in others if p.line != first.line})
            yield f"  cited at {first}" + (f" (and on lines {', '.join(map(str, also))})" if also else "")
    checked = ", ".join(f"{n} {name}" for name, n in counts.items() if n or name in ("ok", "dead"))
    yield f"{len(found)} addresses of {len(site.sources)} sources: {checked}; {fresh} checked now, {len(results) - fresh} from the cache"
    if fresh and not any(r.status in ("ok", "moved") or r.detail.startswith("HTTP") for r in results.values()):
        yield "no server answered at all: is this machine offline? (failures are checked again next time)"


def run(
    site: Site, root: Path, *, max_age_days: float, timeout: float, workers: int, per_host: int, delay: float, cache_file: Path | None
) -> int:
    """Check every address and print the report; returns 1 when any is dead, else 0."""
    found = addresses(site)
    cache_path = cache_file or root / CACHE
    cache = read_cache(cache_path)
    checker = Checker(timeout=timeout, per_host=per_host, delay=delay)
    results = check_all((a.url for a in found), checker, cache, timedelta(days=max_age_days), workers)
    fresh = sum(1 for url, result in results.items() if cache.get(url) is not result)
    write_cache(cache_path, {**cache, **results})
    for line in report(site, root, results, found, fresh):
        print(line)
    if any(results[a.url].status == "dead" for a in found):
        print(f"dead addresses found; the results are kept in {relative_path(cache_path, root)}", file=sys.stderr)
        return 1
    return 0


def _version() -> str:
    try:
        return metadata.version("explainer")
    except metadata.PackageNotFoundError:  # pragma: no cover - a checkout run without installing
        return "0"
