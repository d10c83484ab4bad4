"""The explainer engine: turns a publication's YAML records and pages into a cited explainer site.

The engine never imports MkDocs, except in ``adapter``. Its stages run in one direction, and a
module imports only from the stages above it in this map (``tests/test_layers.py`` checks):

``errors``
    Diagnostics (``path:line:col: message``) and the one exception that carries them all.
``model/``
    What records are. ``records`` (the pydantic record types), ``dates`` (EDTF dates at the
    precision given), ``text`` (safe links, Markdown shapes that render in good time),
    ``settings`` (a publication's settings: licences, index pages, vocabularies), ``licences``
    (SPDX ids), ``describe`` (the fields described for the schema page and ``explainer new``),
    ``entry`` (what the checks across records need of one record).
``load/``
    Reading files. ``yamlload`` (YAML with a position for every value, refusing what is
    ambiguous), ``validate`` (documents to records, every problem at its position),
    ``project`` (a publication's ``mkdocs.yml`` read without MkDocs), ``history`` (when each
    record file last changed, from git), ``cache`` (the record files found valid, by content).
``graph/``
    The records as one site. ``site`` (the immutable ``Site``: ids, backlinks, citations,
    cross-record checks), ``catalogue`` (the checks across records on entries, for ``explainer
    validate``), ``figures`` (contested numbers), ``references`` (the citation syntax of
    explainer pages).
``render/``
    HTML. ``renderer`` (Jinja fragments from the theme), ``richtext`` and ``sanitise`` (Markdown
    fields and explainer pages through an allow-list), ``urls`` (where MkDocs put each page),
    ``edition`` (what the outputs are made from), ``summary`` (one-line descriptions),
    ``citing`` ("Cite this page").
``outputs/``
    Files beside the pages: ``search`` (the sharded search index), ``downloads`` (JSON and
    CSV), ``feeds`` (Atom), ``jsonld``, ``redirects``, ``schemas`` (JSON Schemas for editors).
``pipeline``
    ``build_site``: load, validate and index every record, or fail with every problem;
    ``check_records``: the same checks without building the site.
``builder``
    One build: which pages the engine adds and what it does to each page, driven by an adapter.
``tools/``
    The ``explainer`` command: ``cli``, ``init`` (a new publication), ``scaffold`` (a new
    record), ``schemas``, ``links`` (the sources' addresses checked).
``adapter``
    The MkDocs hooks, which a publication loads through its two-line ``hooks/mkdocs_hooks.py``.
``theme/``
    The engine's templates, stylesheet and search worker (package data), found after the
    publication's ``overrides/`` and before Material's own.
"""

from .errors import DataError, Diagnostic, SourcePos
from .graph.site import Site
from .pipeline import build_site

__all__ = ["DataError", "Diagnostic", "Site", "SourcePos", "build_site"]
