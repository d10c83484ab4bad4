"""Pieces of HTML that many pages of a build share, rendered once.

Thousands of record pages show the same navigation, the same reference to a much-cited source,
the same link to a publisher. A template wraps such a piece in a call block with a key naming
everything the piece reads::

    {% call shared("reference", source.id, base) %} ... {% endcall %}

and the first page to render it keeps the HTML for the others. The key is the template's promise:
two pages with equal keys would render the piece alike. A store lives as long as one build (a
renderer, or the page templates' environment of one build), so an edit never meets HTML made
from the records before it; tests/test_shared_fragments.py builds sites with and without the
store and compares them byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any


class SharedFragments:
    """The store: rendered pieces by key, for one build."""

    enabled = True
    """Off, every piece is rendered on every page (the tests' reference build)."""

    def __init__(self) -> None:
        self._kept: dict[tuple[Hashable, ...], Any] = {}

    def __call__(self, *key: Hashable, caller: Callable[[], Any]) -> Any:
        """The piece under ``key``: rendered by ``caller`` (the call block's body) the first time."""
        if not self.enabled:
            return caller()
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = caller()
        return found


class ThemeWords:
    """Material's interface labels (``lang.t("search")``) of each language, each looked up once.

    Material's ``partials/languages/<code>.html`` is a macro that builds its whole table of labels
    on every call; every page asks it some thirty times. The engine's ``partials/language.html``
    asks this instead, which answers as Material's macros do (the language's label, else English's,
    else the key) from labels it has looked up before.
    """

    def __init__(self, env: Any) -> None:
        self._env = env
        self._labels: dict[tuple[str, str], str] = {}

    def __call__(self, code: str) -> Callable[[str], str]:
        """The labels of the language ``code``, as a function of their keys."""

        def t(key: str) -> str:
            found = self._labels.get((code, key)) if SharedFragments.enabled else None
            if found is None:
                lang = self._env.get_template(f"partials/languages/{code}.html").module
                fallback = self._env.get_template("partials/languages/en.html").module
                found = self._labels[code, key] = str(lang.t(key) or fallback.t(key) or key)
            return found

        return t
