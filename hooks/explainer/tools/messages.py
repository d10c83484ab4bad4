"""``explainer messages``: the interface's message catalogues, extracted from the engine and kept current.

Every message the engine shows a reader is found here: in the templates (``_()``, ``gettext()``,
``ngettext()``), in Python (the same, and ``N_()`` for text marked to be translated where it is
shown), and in the record models' descriptions, which the schema page shows. The template of all
of them is ``explainer/locales/explainer.pot``; each language's catalogue is ``<lang>.po`` beside it.

    explainer messages --update     rewrite the template and bring every engine catalogue up to date
    explainer messages --check      exit 1 when the template or a catalogue is behind the engine
    explainer messages LANG         start locales/LANG.po for a publication, from the template
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from ..model.describe import part_docs, record_docs
from ..model.settings import INDEX_TITLES, ORGANISATION_KINDS, SOURCE_KINDS
from ..render.messages import DOMAIN, LOCALES_DIR, is_translated

ENGINE = Path(__file__).parent.parent
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3), "N_": None}
METHODS = [("**/starter/**", "ignore"), ("**.py", "python"), ("theme/**.html", "jinja2"), ("theme/**.xml", "jinja2")]
OPTIONS = {"theme/**.html": {"extensions": "jinja2.ext.i18n"}, "theme/**.xml": {"extensions": "jinja2.ext.i18n"}}


def extract() -> Catalog:
    """Every message of the engine, in one catalogue without translations."""
    catalogue = Catalog(domain=DOMAIN, project="explainer", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(ENGINE, METHODS, OPTIONS, KEYWORDS, strip_comment_tags=True):
        if isinstance(message, tuple) and not all(message):
            continue
        catalogue.add(message, None, [(f"explainer/{filename}", lineno)], auto_comments=comments, context=context)
    for text, where in _model_texts():
        catalogue.add(text, None, [(where, 0)])
    return catalogue


def _model_texts() -> Iterator[tuple[str, str]]:
    """What the schema page and the vocabularies show from the models: descriptions, summaries, rules, labels."""
    for doc in record_docs():
        yield doc.summary, "explainer/model/records.py"
        for field in doc.fields:
            if field.description:
                yield field.description, "explainer/model/records.py"
    for part in part_docs():
        yield part.summary, "explainer/model/records.py"
        if part.rule:
            yield part.rule, "explainer/model/describe.py"
        for field in part.fields:
            if field.description:
                yield field.description, "explainer/model/records.py"
    for word in (*SOURCE_KINDS.values(), *ORGANISATION_KINDS.values()):
        yield word.label, "explainer/model/settings.py"
    for title in INDEX_TITLES.values():
        yield title, "explainer/model/settings.py"


def _po(catalogue: Catalog, **options: object) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, omit_header=False, sort_output=True, **options)  # type: ignore[arg-type]
    return buffer.getvalue()


def _same(old: bytes, new: bytes) -> bool:
    """Whether two catalogues say the same, whenever each was written (the dates in the header aside)."""

    def kept(text: bytes) -> list[bytes]:
        return [line for line in text.splitlines() if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:'))]

    return kept(old) == kept(new)


def _read(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, domain=DOMAIN)


def update(check: bool = False) -> int:
    """Rewrite the template and update each engine catalogue from it; with ``check``, only say what is behind."""
    template = extract()
    behind = []
    wanted = _po(template, no_location=True)
    if not TEMPLATE.is_file() or not _same(TEMPLATE.read_bytes(), wanted):
        behind.append(TEMPLATE)
        if not check:
            TEMPLATE.write_bytes(wanted)
    for path in sorted(LOCALES_DIR.glob("*.po")):
        catalogue = _read(path)
        catalogue.update(template, no_fuzzy_matching=True)
        text = _po(catalogue, no_location=True, ignore_obsolete=True)
        if not _same(path.read_bytes(), text):
            behind.append(path)
            if not check:
                path.write_bytes(text)
    for path in behind:
        print(f"{path.relative_to(ENGINE.parent).as_posix()}: {'behind the engine' if check else 'updated'}")
    if check and behind:
        print("run `explainer messages --update` and translate what it adds")
    return 1 if check and behind else 0


def untranslated(path: Path) -> list[str]:
    """The messages of a catalogue with no translation (or a fuzzy one)."""
    return [str(m.id) for m in _read(path) if m.id and not is_translated(m)]


def start(lang: str, folder: Path) -> int:
    """Write ``folder/<lang>.po`` for a publication: every message of the engine, to translate."""
    target = folder / f"{lang}.po"
    if target.exists():
        print(f"explainer messages: error: {target.as_posix()} exists; edit it, or remove it to start again", file=sys.stderr)
        return 1
    catalogue = _read(TEMPLATE)
    catalogue.locale = lang
    folder.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_po(catalogue, no_location=True))
    print(f"wrote {target.as_posix()}: {len(catalogue)} messages to translate; a message left empty shows in English")
    return 0
