"""``explainer init``: write a new publication into an empty folder, ready to build, test and publish."""

from __future__ import annotations

import json
import re
import shlex
import string
import sys
from importlib import metadata, resources
from pathlib import Path

import yaml

from ..model.dates import build_date
from ..model.licences import Licence
from ..model.licences import licence as find_licence
from ..model.records import RECORD_TYPES, _check_lang
from ..model.settings import settings_from
from ..outputs.schemas import render_schemas, schema_name

STARTER = Path(__file__).resolve().parent.parent / "starter"
"""The starter kit: the files of a new publication as they are written, but for the templates."""

TEMPLATE_SUFFIX = ".tmpl"
"""A starter file with this suffix is a ``string.Template``; it is written without the suffix."""

DOT_PREFIX = "dot-"
"""A starter name for a dot-name (``dot-gitignore`` is written as ``.gitignore``): the package
data globs of setuptools skip names that start with a dot."""

# Characters that would make Markdown of a title (in a heading) mean something else: emphasis,
# code, links, references of the engine ([@id], [[type:id]]), raw HTML, a closing '#'.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>&!@~^#|{}]")


def init(directory: Path, *, title: str | None = None, language: str = "en", licence: str = "CC-BY-4.0") -> int:
    """Write a new publication into ``directory``: settings, example records, pages, tests and workflows.

    Nothing is written when an argument is refused.

    Args:
        directory: the new publication's folder; created if missing, refused if it is not empty.
        title: the publication's name (default: from the folder's name, ``riverton`` -> "Riverton").
        language: the language of its pages and of the native names of its records (BCP 47).
        licence: the SPDX id of the licence of its text and data.

    Returns:
        0 when the publication was written, 2 for a refused argument or folder (or one that
        cannot be written to).
    """
    try:
        chosen = find_licence(licence)
        _check_lang(language)
    except ValueError as exc:
        return _fail(str(exc))
    theme_language = material_language(language)
    if theme_language is None:
        known = ", ".join(sorted(_material_languages().values()))
        return _fail(f"Material for MkDocs has no translation for {language!r}, so the site could not be built; use one of: {known}")
    if directory.exists() and not directory.is_dir():
        return _fail(f"{directory.as_posix()} is a file; give the name of a new folder, or of an empty one")
    if directory.is_dir() and any(directory.iterdir()):
        return _fail(f"{directory.as_posix()} is not empty; give the name of a new folder, or of an empty one")
    name = " ".join((title if title is not None else title_from(directory)).split())
    if not name:
        return _fail("the publication needs a title; give one with --title")

    files = starter_files(name, language, theme_language, chosen)
    for rel, content in files.items():
        path = directory / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Exclusive creation: a file that appeared since the folder was found empty is kept.
            with path.open("xb") as file:
                file.write(content)
        except FileExistsError:
            return _fail(f"{path.as_posix()} appeared while the publication was being written; start again in an empty folder")
        except OSError as exc:
            return _fail(f"cannot write {path.as_posix()}: {exc.strerror or exc}")

    shown = directory.as_posix().rstrip("/") + "/"
    print(f"wrote a new publication, {name!r}, into {shown}:")
    for rel in files:
        print(f"  {rel}")
    requirement = files["requirements.txt"].decode("utf-8").splitlines()[0]
    if "file://" in requirement:
        print(
            f"Note: requirements.txt installs the engine from this machine ({requirement}); "
            "before you push, point it at a git URL or a released version, so the workflows can install it."
        )
    print("Next:")
    print(f"  cd {shlex.quote(str(directory))}")
    print("  make serve")
    return 0


def starter_files(title: str, language: str, theme_language: str, chosen: Licence) -> dict[str, bytes]:
    """The files of a new publication, by path relative to its folder, in the order they are listed.

    Args:
        title: the publication's name.
        language: the language of its names (``names_language``).
        theme_language: the language of the theme, one Material for MkDocs translates.
        chosen: the licence of its text and data.
    """
    values = {
        # Values written into YAML are YAML scalars, so a title with ': "' stays one string.
        "site_name": yaml_scalar(title),
        "language": yaml_scalar(theme_language),
        "names_language": yaml_scalar(language),
        "licence": yaml_scalar(chosen.spdx),
        "title": title,
        "title_markdown": markdown_text(title),
        "licence_name": chosen.name,
        "licence_short": chosen.short,
        "licence_url": chosen.url,
        "licence_spdx": chosen.spdx,
        "year": str(build_date().year),
    }
    files: dict[str, bytes] = {}
    for source in sorted(STARTER.rglob("*")):
        rel = source.relative_to(STARTER)
        if not source.is_file() or "__pycache__" in rel.parts:
            continue
        target = Path(*("." + part.removeprefix(DOT_PREFIX) if part.startswith(DOT_PREFIX) else part for part in rel.parts))
        content = source.read_bytes()
        if target.suffix == TEMPLATE_SUFFIX:
            target = target.with_suffix("")
            content = string.Template(content.decode("utf-8")).substitute(values).encode("utf-8")
        files[target.as_posix()] = content

    files["requirements.txt"] = f"{engine_requirement()}\npytest\n".encode()
    settings = settings_from(yaml.safe_load(files["mkdocs.yml"])["extra"]["explainer"])
    for name, text in render_schemas(settings).items():
        files[f"schemas/{name}"] = text.encode("utf-8")
    # Editors that read JSON Schemas check each record file against its type's schema.
    mapping = {f"./schemas/{schema_name(cls)}": f"data/{cls.plural}/*.yml" for cls in RECORD_TYPES.values()}
    files[".vscode/settings.json"] = (json.dumps({"yaml.schemas": mapping}, indent=2) + "\n").encode("utf-8")
    return dict(sorted(files.items()))


def title_from(directory: Path) -> str:
    """A title made from a folder's name: ``riverton`` -> "Riverton", ``river-floods`` -> "River floods"."""
    words = " ".join(re.split(r"[-_\s]+", directory.resolve().name)).strip()
    return words[:1].upper() + words[1:]


def material_language(tag: str) -> str | None:
    """The language Material for MkDocs translates its theme into for a BCP 47 tag: the tag
    itself, else its primary language (``en-GB`` -> ``en``); None when it has neither."""
    known = _material_languages()
    for candidate in (tag, tag.split("-")[0]):
        if candidate.lower() in known:
            return known[candidate.lower()]
    return None


def _material_languages() -> dict[str, str]:
    """Material's translations by lower-case tag (it names them ``zh-TW``, ``pt-BR``...)."""
    folder = resources.files("material").joinpath("templates", "partials", "languages")
    names = [entry.name.removesuffix(".html") for entry in folder.iterdir() if entry.name.endswith(".html")]
    return {name.lower(): name for name in names}


def engine_requirement() -> str:
    """The requirement that installs the running engine again, as it was installed."""
    try:
        dist = metadata.distribution("explainer")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree without installing it
        return "explainer"
    return requirement_from(dist.read_text("direct_url.json"), dist.version)


def requirement_from(direct_url: str | None, version: str) -> str:
    """A requirement of the engine from how it was installed (PEP 610's ``direct_url.json``).

    Args:
        direct_url: the text of the distribution's ``direct_url.json``, if it has one.
        version: the installed version.

    Returns:
        ``explainer @ git+<url>@<commit>`` for a VCS install, ``explainer @ file://<path>`` for a
        local folder (editable or not), ``explainer @ <url>`` for an archive, else
        ``explainer==<version>`` (an install from an index).
    """
    try:
        info = json.loads(direct_url) if direct_url else {}
    except ValueError:
        info = {}
    url = info.get("url") if isinstance(info, dict) else None
    if not isinstance(url, str) or not url:
        return f"explainer=={version}"
    subdirectory = info.get("subdirectory")
    fragment = f"#subdirectory={subdirectory}" if isinstance(subdirectory, str) and subdirectory else ""
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("commit_id"):
        # The commit, not the branch or tag asked for: the publication gets the engine it was made with.
        return f"explainer @ {vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}{fragment}"
    if isinstance(info.get("dir_info"), dict) or isinstance(info.get("archive_info"), dict):
        return f"explainer @ {url}{fragment}"
    return f"explainer=={version}"


def yaml_scalar(value: str) -> str:
    """A string as a YAML scalar on one line that reads back as the same string: plain when it
    can be, else quoted (a title with ': ' or '"', a word YAML reads as true or a number)."""
    text = yaml.safe_dump(value, allow_unicode=True, width=sys.maxsize).removesuffix("\n").removesuffix("\n...")
    if "\n" in text:
        text = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=sys.maxsize).removesuffix("\n")
    if "\n" in text or yaml.safe_load(text) != value:  # pragma: no cover - PyYAML quotes what it cannot write plain
        raise ValueError(f"cannot write {value!r} as one line of YAML")
    return text


def markdown_text(value: str) -> str:
    """Text for a line of Markdown that reads as itself: what Markdown or the engine would
    take for syntax becomes a character reference."""
    return _MARKDOWN_SPECIAL.sub(lambda match: f"&#{ord(match.group(0))};", value)


def _fail(message: str) -> int:
    print(f"explainer init: error: {message}", file=sys.stderr)
    return 2
