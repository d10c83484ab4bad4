"""Hostile input for tests: the payload corpus, projects with payloads planted, and a scanner of the HTML.

The corpus lives in ``tests/payloads/payloads.yml``. :func:`plant` writes payloads into every text,
Markdown and URL field of a copy of the records (as contributors could), :func:`hostile_page`
writes an explainer page made of them, and :func:`scan_site` lists what a built site would run:
script elements, event-handler attributes, and URLs with a scheme that runs or embeds content.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from explainer.graph.references import find_references
from explainer.load.yamlload import Document, load_file
from explainer.model.text import MARKDOWN_MAX_CHARS, check_markdown

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "payloads" / "payloads.yml"

LANGUAGE_KEY = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]+)*")
"""A key naming a language, as a field with a version per language holds them (``title: {en: …}``)."""

# Ids, dates and closed vocabularies: validation refuses anything but their own forms, so payloads
# planted there would only test the validator's first line (test_yamlload and the fixtures do).
ID_KEYS = frozenset(
    {
        "id",
        "aliases",
        "source",
        "person",
        "organisation",
        "publisher",
        "authors",
        "editors",
        "tags",
        "related",
        "about",
        "said_to",
        "kind",
        "date",
        "published",
        "accessed",
        "start",
        "end",
        "language",
        "native_lang",
        "qualifier",
        "value",
        "upper",
        "by",
    }
)
URL_KEYS = frozenset({"url", "archive_url", "website"})
TEXT_LIMIT = 2000
EXCERPT_WORDS = 40
# Markers the payloads set when they run.
MARKERS = ("alert(", "__pwned")
EVAL_MARKERS = ("9359", "7777777")  # {{ 1337*7 }} and {{ 7*'7' }} if a template ever evaluated them


@dataclass(frozen=True)
class Corpus:
    """The payloads, by what must happen to them."""

    inert: list[str]
    rejected: list[tuple[str, str]]
    bad_urls: list[str]
    odd_urls: list[str]


def load_corpus() -> Corpus:
    """Read ``payloads.yml`` (a trusted file: plain ``yaml.safe_load`` is fine here)."""
    raw = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return Corpus(
        inert=list(raw["inert"]),
        rejected=[(item["text"], item["expect"]) for item in raw["rejected"]],
        bad_urls=list(raw["urls"]["rejected"]),
        odd_urls=list(raw["urls"]["inert"]),
    )


# -- planting payloads in records ------------------------------------------------------------------


def field_kind(type_: str, path: tuple[str | int, ...]) -> str | None:
    """What a string at ``path`` in a record is: ``markdown``, ``text``, ``url``, ``quote``, or None (an id or a code)."""
    if len(path) > 2 and path[-3] == "translations":
        # A translation of a quote or an excerpt: its words are Markdown; who made it is a code.
        return "markdown" if path[-1] == "text" else None
    if len(path) > 1 and isinstance(path[-2], str) and isinstance(path[-1], str) and LANGUAGE_KEY.fullmatch(path[-1]):
        path = path[:-1]  # one language's version of a field is of the field's kind
    key = path[-1] if path and isinstance(path[-1], str) else (path[-2] if len(path) > 1 else None)
    if key in ID_KEYS:
        return None
    if key in URL_KEYS:
        return "url"
    if path in (("summary",), ("description",), ("context",)) or (len(path) == 3 and path[0] == "notes" and path[2] == "text"):
        return "markdown"
    if type_ == "quote" and path == ("text",):
        return "quote"
    if key == "excerpt":
        return "excerpt"
    return "text"


def string_fields(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """The path of every string in a loaded record."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from string_fields(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from string_fields(item, (*path, i))


def _set(data: Any, path: tuple[str | int, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


Filler = Callable[[str, str, tuple[str | int, ...]], "str | None"]
"""(field kind, record type, path) -> the new value, or None to leave the field as it is."""


def plant(data_dir: Path, fill: Filler) -> list[tuple[str, tuple[str | int, ...], str]]:
    """Rewrite every record under ``data_dir``, replacing strings by what ``fill`` returns.

    A quote's citations get the quote's new text as their excerpt, so the quote still validates.

    Returns:
        What was planted: (file, path, value).
    """
    planted = []
    for file in sorted(data_dir.rglob("*.yml")):
        doc = load_file(file, file.name)
        assert isinstance(doc, Document), doc
        data = doc.data
        type_ = {"sources": "source", "events": "event", "quotes": "quote", "people": "person", "organisations": "organisation"}[
            file.parent.name
        ]
        for path in list(string_fields(data)):
            kind = field_kind(type_, path)
            if kind is None:
                continue
            new = fill(kind, type_, path)
            if new is None:
                continue
            _set(data, path, new)
            planted.append((file.relative_to(data_dir.parent).as_posix(), path, new))
        if type_ == "quote":
            for cite in data["citations"]:
                cite["excerpt"] = data["text"]
        file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
    return planted


class Packer:
    """Fills fields with as many payloads as they hold, each field name resuming where it stopped.

    Every field name cycles through the whole corpus on its own, so each payload reaches each kind
    of field (as long as the data hold enough fields of that name), in a varying company.
    """

    def __init__(self, payloads: list[str], markdown_limit: int, join: str = "\n\n") -> None:
        self.payloads = payloads
        self.markdown_limit = markdown_limit
        self.join = join
        self.cursors: dict[str, int] = {}
        self.reached: dict[str, set[int]] = {}

    def __call__(self, kind: str, type_: str, path: tuple[str | int, ...]) -> str | None:
        if kind == "url":
            return None
        name = f"{type_}.{'.'.join(p for p in path if isinstance(p, str))}"
        start = self.cursors.get(name, 0)
        taken: list[str] = []
        i = start
        skipped = 0
        while len(taken) + skipped < len(self.payloads):
            payload = self.payloads[i % len(self.payloads)]
            if not fits(kind, payload, self.markdown_limit):
                # Never fits this kind of field (test_hostile checks that validation says so).
                i += 1
                skipped += 1
                continue
            if not fits(kind, self.join.join([*taken, payload]), self.markdown_limit):
                break
            taken.append(payload)
            self.reached.setdefault(kind, set()).add(i % len(self.payloads))
            i += 1
        self.cursors[name] = i
        return self.join.join(taken) if taken else None


def fits(kind: str, text: str, markdown_limit: int = MARKDOWN_MAX_CHARS) -> bool:
    """Whether ``text`` validates in a field of this kind."""
    words = len(text.split())
    if kind == "excerpt" and words > EXCERPT_WORDS:
        return False
    if kind in ("markdown", "quote"):
        try:
            check_markdown(text)
        except ValueError:
            return False
        return len(text) <= (markdown_limit if kind == "markdown" else TEXT_LIMIT) and (kind != "quote" or words <= 300)
    return len(text) <= TEXT_LIMIT


def cycle_urls(urls: list[str]) -> Filler:
    """A filler that puts ``urls`` in the URL fields, one after another, and touches nothing else."""
    state = {"next": 0}

    def fill(kind: str, type_: str, path: tuple[str | int, ...]) -> str | None:
        if kind != "url":
            return None
        url = urls[state["next"] % len(urls)]
        state["next"] += 1
        return url

    return fill


def combine(*fillers: Filler) -> Filler:
    def fill(kind: str, type_: str, path: tuple[str | int, ...]) -> str | None:
        for f in fillers:
            value = f(kind, type_, path)
            if value is not None:
                return value
        return None

    return fill


# -- an explainer page made of payloads ------------------------------------------------------------


def content_safe(payloads: list[str]) -> list[str]:
    """The payloads an explainer page can hold: references to records that do not exist fail the build."""
    return [p for p in payloads if not list(find_references(p))]


def hostile_page(payloads: list[str], *, front_matter: bool, event: str, source: str) -> str:
    """An explainer page: every payload as a paragraph, and the one-line ones as headings and list items.

    ``event`` and ``source`` are ids of real records: their references are planted inside raw HTML
    attributes, where the rendered link or citation would break out of the attribute if it were
    pasted in unsanitised.
    """
    usable = content_safe(payloads)
    one_line = [p for p in usable if "\n" not in p and p.strip() and not p.startswith(" ")]
    parts = []
    if front_matter:
        meta = {
            "title": '</title><script>alert(1)</script>"><img src=x onerror=alert(1)>',
            "description": '"><img src=x onerror=alert(1)><meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
            "author": "</title><svg onload=alert(1)>",
            "tags": ["<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>'],
            "subtitle": "<img src=x onerror=alert(1)>",
        }
        parts.append("---\n" + yaml.safe_dump(meta, allow_unicode=True, width=10**6) + "---\n")
    else:
        # The title comes from the first heading; MkDocs keeps its entities and Material unescapes them.
        parts.append(
            "# &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; <img src=x onerror=alert(1)> &lt;img src=x onerror=alert(1)//\n"
        )
    parts.append("Text before the first heading, so the search index takes the page title as this section's title.\n")
    parts.extend(p + "\n" for p in usable)
    parts.append("## Headings\n")
    parts.extend(f"### {p}\n" for p in one_line)
    parts.append("## Lists, quotes and tables\n")
    parts.extend(f"- {p}" for p in one_line)
    parts.append("")
    parts.extend(f"> {p}\n" for p in one_line[:40])
    parts.append("| payload |\n| --- |\n" + "\n".join(f"| {p.replace('|', '&#124;')} |" for p in one_line) + "\n")
    parts.append("Footnotes[^a][^b].\n\n[^a]: <img src=x onerror=alert(1)>\n[^b]: [x](javascript:alert(1))\n")
    parts.append('!!! warning "<img src=x onerror=alert(1)>"\n    <script>alert(1)</script>\n')
    parts.append(f'<img src="x" alt="[[event:{event}]]" title="[[event:{event}|\\" onerror=alert(1) x=]]">\n')
    parts.append(
        f'<a href="[[event:{event}]]" title="[@{source} “<img src=x onerror=alert(1)>”]">reference in an attribute</a> [[event:{event}|" onmouseover="alert(1)]]\n'
    )
    # A citation's words and locator are the contributor's text too.
    parts.append(
        f'Cited [@{source} "\\" onmouseover=alert(1) <script>alert(1)</script> [x](javascript:alert(1))", <b onclick=alert(1)>p. 1</b>].\n'
    )
    parts.append(f'<p title="\n\n![[event:{event}]]\n\n">card in an attribute</p>\n')
    return "\n".join(parts)


# -- scanning the built HTML -------------------------------------------------------------------------

# Attributes that say what an element is; the others (addresses, texts) vary from page to page.
_KIND_ATTRIBUTES = frozenset({"rel", "name", "property", "http-equiv", "type", "charset", "id", "class"})
# Attributes whose URL the browser loads without a click.
_LOADING_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "codebase"})
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "data",
        "background",
        "srcset",
        "codebase",
        "cite",
        "manifest",
        "ping",
        "lowsrc",
        "dynsrc",
    }
)
RISKY_ELEMENTS = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "base",
        "meta",
        "link",
        "style",
        "template",
        "math",
        "portal",
        "isindex",
        "marquee",
        "noscript",
    }
)
_SCHEME_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")
_DANGEROUS_SCHEME = re.compile(r"^(?:javascript|vbscript|data|livescript|mocha):", re.I)


def unsafe_url(value: str) -> bool:
    """Whether a URL attribute runs or embeds content, the way a browser reads its scheme."""
    cleaned = _SCHEME_NOISE.sub("", html.unescape(value))
    return bool(_DANGEROUS_SCHEME.match(cleaned))


@dataclass
class Findings:
    """What one page would run or load."""

    scripts: list[tuple[tuple[tuple[str, str], ...], str]] = field(default_factory=list)
    handlers: list[tuple[str, str, str]] = field(default_factory=list)
    urls: list[tuple[str, str, str]] = field(default_factory=list)
    elements: list[tuple[str, tuple[tuple[str, str], ...]]] = field(default_factory=list)
    json_scripts: list[str] = field(default_factory=list)
    foreign: list[tuple[str, str, str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    metas: list[dict[str, str | None]] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = Findings()
        self._script: list[str] | None = None
        self._script_attrs: tuple[tuple[str, str], ...] = ()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)
        if tag == "script":
            self._script = []
            self._script_attrs = tuple(sorted((k, _normal_path(v or "")) for k, v in attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)
        if tag == "script":
            self.found.scripts.append((tuple(sorted((k, _normal_path(v or "")) for k, v in attrs)), ""))

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.found.links.extend(v for k, v in attrs if k == "href" and v)
        elif tag == "meta":
            self.found.metas.append(dict(attrs))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.handlers.append((tag, name, value or ""))
            if name in URL_ATTRIBUTES and value and unsafe_url(value):
                self.found.urls.append((tag, name, value))
        # A <meta> is harmless unless it is an http-equiv (a refresh, a content security policy...).
        if tag in RISKY_ELEMENTS and (tag != "meta" or any(k == "http-equiv" for k, _ in attrs)):
            self.found.elements.append((tag, tuple(sorted((k, v or "" if k in _KIND_ATTRIBUTES else "*") for k, v in attrs))))
        for name, value in attrs:
            external = value and re.match(r"^\s*(?:https?:)?//", value, re.I)
            if external and (
                name in _LOADING_ATTRIBUTES
                or (tag == "link" and name == "href" and (dict(attrs).get("rel") or "").split() not in (["alternate"], ["canonical"]))
            ):
                self.found.foreign.append((tag, name, value or ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            content = "".join(self._script)
            kind = dict(self._script_attrs).get("type", "")
            if kind in ("application/ld+json", "application/json"):
                self.found.json_scripts.append(content)
                content = "<json>"
            self.found.scripts.append((self._script_attrs, _normal_path(content)))
            self._script = None


def _normal_path(value: str) -> str:
    """Relative prefixes differ with a page's depth; the scripts do not."""
    return re.sub(r"(?:\.\./)+|(?:\.\.(?=[\"/]))", "", value)


def scan_html(text: str) -> Findings:
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.found


def scan_site(site_dir: Path) -> dict[str, Findings]:
    """Findings of every HTML page, by site-relative path."""
    return {page.relative_to(site_dir).as_posix(): scan_html(page.read_text(encoding="utf-8")) for page in sorted(site_dir.rglob("*.html"))}


@dataclass(frozen=True)
class Baseline:
    """What the clean site runs: every page may run these, and nothing else."""

    scripts: frozenset[tuple[tuple[tuple[str, str], ...], str]]
    handlers: frozenset[tuple[str, str, str]]
    elements: frozenset[tuple[str, tuple[tuple[str, str], ...]]]

    @classmethod
    def of(cls, findings: dict[str, Findings]) -> Baseline:
        return cls(
            frozenset(s for f in findings.values() for s in f.scripts),
            frozenset(h for f in findings.values() for h in f.handlers),
            frozenset(e for f in findings.values() for e in f.elements),
        )


def problems(findings: dict[str, Findings], baseline: Baseline) -> list[str]:
    """Everything a hostile site runs that the clean one does not, one line each."""
    found = []
    for page, f in findings.items():
        found += [f"{page}: script {attrs} {body[:120]!r}" for attrs, body in f.scripts if (attrs, body) not in baseline.scripts]
        found += [
            f"{page}: handler <{tag} {name}={value[:80]!r}>"
            for tag, name, value in f.handlers
            if (tag, name, value) not in baseline.handlers
        ]
        found += [f"{page}: unsafe URL <{tag} {name}={value[:80]!r}>" for tag, name, value in f.urls]
        found += [f"{page}: element <{tag} {dict(attrs)}>" for tag, attrs in f.elements if (tag, attrs) not in baseline.elements]
        found += [f"{page}: loads from another host <{tag} {name}={value[:80]!r}>" for tag, name, value in f.foreign]
        for body in f.json_scripts:
            lowered = body.lower()
            if "</script" in lowered or "<!--" in lowered or "<script" in lowered:
                found.append(f"{page}: JSON in a script element holds markup: {body[:120]!r}")
            try:
                json.loads(body)
            except ValueError as exc:
                found.append(f"{page}: JSON in a script element does not parse ({exc}): {body[:120]!r}")
    return found


# -- a hostile copy of the real project --------------------------------------------------------------


@dataclass
class HostileProject:
    """A copy of the repository's data and content with payloads planted, ready to build."""

    project: Path
    packer: Packer
    planted: list[tuple[str, tuple[str | int, ...], str]]


def make_hostile_project(into: Path, corpus: Corpus) -> HostileProject:
    """Copy the real project and plant the inert payloads everywhere a contributor could write them.

    Text and Markdown fields get as many payloads as validation lets them hold, URL fields get the
    odd but valid http(s) URLs, and two explainer pages are made of payloads: one titled by its
    front matter, one by its first heading.
    """
    from sitebuild import make_project

    project = make_project(ROOT, into)
    packer = Packer(corpus.inert, MARKDOWN_MAX_CHARS)
    planted = plant(project / "data", combine(packer, cycle_urls(corpus.odd_urls)))
    event = sorted(p.stem for p in (project / "data" / "events").glob("*.yml"))[0]
    source = sorted(p.stem for p in (project / "data" / "sources").glob("*.yml"))[0]
    content = project / "content"
    (content / "hostile.md").write_text(hostile_page(corpus.inert, front_matter=True, event=event, source=source), encoding="utf-8")
    (content / "hostile-heading.md").write_text(
        hostile_page(corpus.inert, front_matter=False, event=event, source=source), encoding="utf-8"
    )
    return HostileProject(project, packer, planted)


# -- Markdown that Python-Markdown is slow on ------------------------------------------------------------

N = 20_000
PATHOLOGICAL_MARKDOWN = {
    "unclosed brackets": "[" * N,
    "brackets and letters": "[a" * (N // 2),
    "nested brackets": "[" * (N // 2) + "]" * (N // 2),
    "link openers": "[](" * (N // 3),
    "brackets and emphasis": "*[" * (N // 2),
    "mixed marks": "[*_`" * (N // 4),
    "emphasis runs": "*a" * (N // 2),
    "nested blockquotes": ">" * N,
    "nested ordered lists": "1. " * (N // 3),
    "nested bullet lists": "- " * (N // 2),
    "setext headings": "a\n=\n" * (N // 4),
    "paragraphs": "a\n\n" * (N // 3),
    "backtick runs": "".join("`" * i + "x" for i in range(1, 200))[:N],
    "entities": "&amp;" * (N // 5),
    "deep indentation": "".join("    " * i + "- x\n" for i in range(N // 100)),
}
"""20,000-character inputs on which Python-Markdown's time grows faster than the text (or its stack overflows)."""

WORST_MARKDOWN = {
    "unclosed brackets near the end": "word " * 940 + "[" * 60 + "a" * 239,
    "brackets closing at the span limit": ("[" + "a" * 298 + "]") * 16,
    "nested brackets": "[" * 25 + "a" * 240 + "]" * 25 + " x" * 2200,
    "emphasis": ("*a " * 60 + "word " * 1000)[:5000],
    "underscores": ("_a " * 60 + "word " * 1000)[:5000],
    "backticks": ("`a` " * 30 + "word " * 1000)[:5000],
    "escapes": ("\\* " * 30 + "word " * 1000)[:5000],
    "angle brackets": ("<a " * 60 + "word " * 1000)[:5000],
    "nested lists at the limit": "\n".join("    " * (i % 4) + "- item word word" for i in range(50)),
    "three openers per line": "\n".join("- > 1. x" for _ in range(50)),
    "paragraphs": "\n".join("a\n" for _ in range(25)),
    "prose": ("The group said that " * 300)[:5000],
}
"""Inputs just inside every limit of a Markdown field: the slowest that validation lets through."""
