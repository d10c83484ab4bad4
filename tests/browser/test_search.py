"""Material's search box finds people, organisations and quotes, and its results lead to their pages.

Names and phrases come from the data at test time, so the test follows the records as they change.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
import snowballstemmer
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from explainer import Site
from explainer.model.records import Organisation, Person, Quote

from .conftest import HANGUL, Opener, path_of

RESULT_LINKS = ".md-search-result a[href]"


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def speaker(graph: Site) -> Person:
    """The person with the most quotes (then the first by id)."""
    counts = Counter(q.speaker.person for q in graph.quotes if q.speaker.person)
    assert counts, "no quote in data/ has a person as its speaker"
    pid = min(counts, key=lambda p: (-counts[p], p))
    return graph.get("person", pid)  # type: ignore[return-value]


def organisation(graph: Site) -> Organisation:
    """The organisation whose name shares the fewest words with the names of the others."""
    orgs = graph.all("organisation")
    assert orgs, "data/ has no organisation"
    names = {o.id: set(_words(o.name)) for o in orgs}  # type: ignore[attr-defined]

    def overlap(o: Any) -> int:
        return sum(len(names[o.id] & words) for oid, words in names.items() if oid != o.id)

    return min(orgs, key=lambda o: (overlap(o), o.id))  # type: ignore[return-value]


def quote_phrase(graph: Site) -> tuple[Quote, str]:
    """A quote of the chosen speaker and up to eight running words of it that other quotes lack most."""
    person = speaker(graph)
    quotes = [q for q in graph.quotes if q.speaker.person == person.id]
    elsewhere = Counter(w for q in graph.quotes for w in set(_words(q.text)))
    best: tuple[int, str, str] | None = None
    for quote in quotes:
        tokens = quote.text.split()
        size = min(8, len(tokens))
        for start in range(len(tokens) - size + 1):
            window = tokens[start : start + size]
            rare = sum(1 for w in _words(" ".join(window)) if elsewhere[w] == 1)
            candidate = (-rare, quote.id, " ".join(window))
            if best is None or candidate < best:
                best = candidate
    assert best is not None
    return graph.get("quote", best[1]), best[2]  # type: ignore[return-value]


def search_and_follow(opener: Opener, start: str, text: str, expected: str) -> None:
    """Type ``text`` into the search box, wait for a result leading to ``expected``, and follow it."""
    page = opener.open(start).page
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(text, delay=10)
    # Letters off the keyboard (Hangul) are inserted without key events, and Material reads the
    # box on keyup, as a reader's input method gives it: one key that changes nothing.
    box.press("End")
    # The results re-render while the worker catches up with the typing: find the link by where
    # it goes (its href minus the highlight query), not by its position in a list that may change.
    try:
        href = page.wait_for_function(
            """([selector, path]) => {
              const link = [...document.querySelectorAll(selector)].find(a => new URL(a.href).pathname === path && a.checkVisibility());
              return link ? link.getAttribute('href') : null;
            }""",
            arg=[RESULT_LINKS, "/" + expected],
            timeout=20_000,
        ).json_value()
    except PlaywrightTimeout:
        shown = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => new URL(a.href).pathname)")
        pytest.fail(f"searching {text!r} shows no result for /{expected}; it shows {shown[:12]}", pytrace=False)
    target = re.split(r"[?#]", href)[0]
    link = page.locator(
        f'.md-search-result a[href="{target}"], .md-search-result a[href^="{target}?"], .md-search-result a[href^="{target}#"]'
    )
    with page.expect_navigation():
        link.filter(visible=True).first.click()
    assert path_of(page.url, opener.origin) == expected


def test_search_finds_a_speaker_by_name(graph: Site, opener: Opener) -> None:
    person = speaker(graph)
    search_and_follow(opener, "", person.name, f"people/{person.id}/")


def test_search_finds_an_organisation_by_name(graph: Site, opener: Opener) -> None:
    org = organisation(graph)
    search_and_follow(opener, "timeline/", org.name, f"organisations/{org.id}/")


def test_search_finds_a_quote_by_a_phrase_from_it(graph: Site, opener: Opener) -> None:
    quote, phrase = quote_phrase(graph)
    search_and_follow(opener, "quotes/", phrase, f"quotes/{quote.id}/")


def test_a_hangul_search_finds_a_word_with_its_particle(graph: Site, opener: Opener) -> None:
    """Two syllables find the longer word they begin (지린 finds 지린성에) in the Korean edition's own index."""
    found = None
    for event in graph.all("event"):
        title = getattr(event.title, "versions", {}).get("ko")
        words = [w for w in (title or "").split() if len(w) >= 3 and all(HANGUL.match(c) for c in w)]
        if words:
            found = (event, words[0])
            break
    assert found is not None, "no event has a Korean title with a word of three syllables or more"
    event, word = found
    search_and_follow(opener, "ko/", word[:2], f"ko/events/{event.id}/")


def test_search_finds_another_form_of_a_word(graph: Site, opener: Opener) -> None:
    """The worker loads the edition's stemmer in the browser: a word of an event's title in a form
    the site never writes (an "-ion" word as its "-ed" form) finds the event."""
    stem = snowballstemmer.stemmer("english").stemWord
    written = {w for record in graph.all("event") for w in _words(str(record.title))}  # type: ignore[attr-defined]
    found = None
    for event in graph.all("event"):
        for word in _words(str(event.title)):  # type: ignore[attr-defined]
            form = word[:-3] + "ed"
            if word.endswith("ion") and len(word) >= 8 and stem(form) == stem(word) and not any(w.startswith(form) for w in written):
                found = (event, form)
                break
        if found:
            break
    assert found is not None, "no event has a title word ending in -ion"
    event, form = found
    search_and_follow(opener, "", form, f"events/{event.id}/")
