"""The site's search index, split into small files so that a search downloads only what it needs.

Material's own search ships one index of the whole site to every reader who opens the search box
(18 MB compressed at 10,000 events). This index is an inverted index cut into *shards* by the
first letters of each term, plus the result texts in small numbered *chunks*. The search worker
(``overrides/assets/javascripts/search-worker.js``) speaks Material's worker protocol, so the
search box, its keyboard use and its highlighting stay Material's; for a query it fetches the
manifest, the shard of each word and the chunks of the best results. Tokens are made the same
way here and there: lower case, accents dropped (then composed again, for Hangul), runs of
letters and digits.

The index holds words as they are written. Word forms are the worker's business: it stems the
query's words and the words of the shards it fetched with the Snowball stemmer of the edition's
language (``STEMMERS``), one implementation for both sides, so that *extradited* finds
*extradition* at no cost in bytes; and where a word finds nothing it takes the words one typing
slip away (one letter added, dropped, changed or two swapped) in the same shards.

Files, under ``search/`` in the site:

- ``manifest.json``: ``{"version", "documents", "chunk", "prefix", "shards": [keys],
  "stopwords": [...], "stemmer": Snowball algorithm or null}``;
- ``terms/<key>.json``: ``{term: postings}``, where postings are the documents holding the term,
  in increasing order, each as ``(document - previous document) * 4 + field`` (field 0: the
  record's own name, such as a person's name or an organisation's short name; 3: title or
  heading; 2: names of others, places and tags; 1: text), so that most numbers are small;
- ``docs/<n>.json``: documents ``n * chunk`` to ``n * chunk + chunk - 1``, each as ``[location,
  title, text, tag, page]``, where ``page`` is the number of the document of the page a section
  belongs to, or -1 for a page; a record with other names has them last, ``[..., page, [names]]``,
  so that the worker can tell a query that names the record from one that only mentions it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser

from ..model.localised import Local
from ..model.records import Event, Organisation, Party, Person, Quote, Record, Source
from ..render.edition import Edition
from ..render.wording import RECORD_KINDS

VERSION = 2
NAME, TITLE, NAMES, TEXT = 0, 3, 2, 1
RANK = {TEXT: 1, NAMES: 2, TITLE: 3, NAME: 4}
"""Which field a term counts in when a document has it in several: the strongest."""
CHUNK = 4
"""Documents per chunk file: a result needs its chunk, so small chunks keep a search light."""
SHARD_BYTES = 24_000
"""A shard larger than this is split by the next letter of its terms."""
PREFIX = 2
"""Letters of a term that name its shard before any split."""
TEASER_CHARS = 240

STOPWORDS = frozenset(
    "a an and are as at be but by for from had has have he her his in is it its of on or "
    "she so than that the their them then there these they this to was were which who will "
    "with".split()
)
"""Words too common to narrow a search; neither indexed nor searched for."""

CONNECTIVES = STOPWORDS | frozenset("about after against among before between during into over under without".split())
"""Small words that may stand inside a name and count in its initials or not (Committee against
Torture: CAT; Commission of Inquiry: COI or CI)."""

STEMMERS = {"en": "english", "de": "german"}
"""The Snowball stemmer of each language that has one here (``theme/assets/javascripts/stemmers/``).
Hangul words need none: the worker strips the particles a query word carries."""

_WORD = re.compile(r"[^\W_]+")
_WRITTEN_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"[*_`#>|]+|<[^>]*>")


def tokens(text: str) -> list[str]:
    """The words of ``text`` as the index stores them (the worker's ``tokens`` does the same)."""
    folded = unicodedata.normalize("NFKD", text.lower())
    if not folded.isascii():
        folded = unicodedata.normalize("NFC", "".join(c for c in folded if not unicodedata.combining(c)))
    return _WORD.findall(folded)


def acronyms(text: str) -> list[str]:
    """The initials of each run of capitalised words in ``text`` (``upr`` for *Universal Periodic
    Review*), so that a reader may search for a name by the letters it is known by.

    A run may hold small words (``CONNECTIVES``): the initials are made with them and, where that
    differs, without them. Every part of a run from one capitalised word to another counts too:
    *UN Committee against Torture* gives ``ucat`` and ``cat``. Fewer than three letters is no
    acronym, and more than eight is no name a reader types.
    """
    found: list[str] = []
    run: list[str] = []
    for word in [*_WRITTEN_WORD.findall(text), ""]:
        if word[:1].isupper() or (run and word.lower() in CONNECTIVES):
            run.append(word)
            continue
        capitals = [i for i, w in enumerate(run) if w[:1].isupper()]
        for a in capitals:
            for b in capitals:
                if b > a:
                    part = run[a : b + 1]
                    for letters in ("".join(w[0] for w in part), "".join(w[0] for w in part if w.lower() not in STOPWORDS)):
                        letters = letters.lower()
                        if 3 <= len(letters) <= 8 and letters.isalpha() and letters not in found:
                            found.append(letters)
        run = []
    return found


def stemmer_for(lang: str) -> str | None:
    """The Snowball stemmer the worker uses for an edition's language (``en-GB``: english), if any."""
    return STEMMERS.get(lang.lower().split("-")[0])


def markdown_text(markdown: str | None) -> str:
    """Plain words of a Markdown field: link texts kept, addresses and markup dropped."""
    if not markdown:
        return ""
    return " ".join(_MARKDOWN_MARKS.sub(" ", _MARKDOWN_LINK.sub(r"\1", markdown)).split())


def shard_file(key: str) -> str:
    """The file name of a shard: the key itself when it is plain ASCII, else its code points."""
    if re.fullmatch(r"[a-z0-9]+", key):
        return key
    return "_" + "-".join(f"{ord(c):x}" for c in key)


def teaser(text: str, limit: int = TEASER_CHARS) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


class SearchIndex:
    """Documents added one by one, written out as shards and chunks."""

    def __init__(self) -> None:
        self.docs: list[list[object]] = []
        # term -> array of (document * 4 + field), in document order.
        self._postings: dict[str, array] = {}

    def __len__(self) -> int:
        return len(self.docs)

    def add(
        self,
        location: str,
        title: str,
        text: str = "",
        names: Iterable[str] = (),
        tag: str = "",
        page: int = -1,
        shown: str | None = None,
        own_names: Iterable[str] = (),
        named: bool = False,
        date: str = "",
    ) -> int:
        """Add one document and return its number.

        Args:
            location: its site-relative URL, with ``#id`` for a section.
            title: weighted high: a headline, a heading or, with ``named``, the record's name.
            text: the body, weighted lowest.
            names: names of others, places, tags and other words weighted between the two.
            tag: a short label shown with the result (``Event``).
            page: for a section, the number of its page's document.
            shown: the text shown under the result (default: the start of ``text``).
            own_names: the record's other names (a short name, its name in another script or
                language), weighted highest, as is the title of a record that is ``named``.
            named: whether the title is the record's name (a person, an organisation) rather than
                a headline about it.
            date: when an event happened, which the page shows at its head and which is weighted
                as its title is (a reader who types a year looks for what happened in it).
        """
        number = len(self.docs)
        own = [n for n in dict.fromkeys(own_names) if n and n != title]
        fields: dict[str, int] = {}

        def put(field: int, terms: Iterable[str]) -> None:
            for term in terms:
                if term not in STOPWORDS and RANK[field] > RANK.get(fields.get(term, -1), 0):
                    fields[term] = field

        put(TEXT, tokens(text))
        for part in names:
            put(NAMES, tokens(part))
        headline = NAME if named else TITLE
        for part, field in ((title, headline), *((n, NAME) for n in own)):
            put(field, tokens(part))
            put(field, acronyms(part))
        put(TITLE, tokens(date))
        for term, field in fields.items():
            postings = self._postings.get(term)
            if postings is None:
                postings = self._postings[term] = array("I")
            postings.append(number * 4 + field)
        doc: list[object] = [location, title, teaser(shown if shown is not None else text), tag, page]
        self.docs.append([*doc, own] if own else doc)
        return number

    def files(self, lang: str = "en") -> Iterator[tuple[str, bytes]]:
        """Every file of the index of the edition in ``lang``, as (path under ``search/``, content)."""
        shards = _split(sorted(self._postings), self._postings)
        for key, terms in shards.items():
            yield f"terms/{shard_file(key)}.json", _shard_json(terms, self._postings)
        for start in range(0, len(self.docs), CHUNK):
            yield f"docs/{start // CHUNK}.json", _json(self.docs[start : start + CHUNK])
        manifest = {
            "version": VERSION,
            "documents": len(self.docs),
            "chunk": CHUNK,
            "prefix": PREFIX,
            "shards": sorted(shards),
            "stopwords": sorted(STOPWORDS),
            "stemmer": stemmer_for(lang),
        }
        yield "manifest.json", _json(manifest)


def _split(terms: list[str], postings: dict[str, array]) -> dict[str, list[str]]:
    """Group sorted terms into shards by their first ``PREFIX`` letters, splitting large shards."""
    groups: dict[str, list[str]] = {}
    for term in terms:
        groups.setdefault(term[:PREFIX], []).append(term)
    shards: dict[str, list[str]] = {}
    pending = list(groups.items())
    while pending:
        key, members = pending.pop()
        longer = [t for t in members if len(t) > len(key)]
        if longer and _size(members, postings) > SHARD_BYTES:
            shards[key] = [t for t in members if len(t) == len(key)]
            children: dict[str, list[str]] = {}
            for term in longer:
                children.setdefault(term[: len(key) + 1], []).append(term)
            pending.extend(children.items())
        else:
            shards[key] = members
    return dict(sorted(shards.items()))


def _size(terms: list[str], postings: dict[str, array]) -> int:
    """About the bytes of a shard's JSON: a term, and up to five characters per posting."""
    return sum(len(t) + 4 + 5 * len(postings[t]) for t in terms)


def _shard_json(terms: list[str], postings: dict[str, array]) -> bytes:
    shard: dict[str, list[int]] = {}
    for term in terms:
        previous = 0
        encoded = []
        for value in postings[term]:
            doc, field = divmod(value, 4)
            encoded.append((doc - previous) * 4 + field)
            previous = doc
        shard[term] = encoded
    return _json(shard)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- what each page contributes ---------------------------------------------------------------------


def add_record(index: SearchIndex, edition: Edition, record: Record, location: str) -> int:
    """Index a record page from the record itself (its HTML says the same, at more cost), with its
    text in the edition's language, and its original words too where they differ."""
    text = edition.text
    tag = edition.messages.gettext(RECORD_KINDS[record.type])
    names: list[str] = list(record.aliases)
    if isinstance(record, Event):
        tags = edition.settings.vocabulary("tags")
        names += [text(record.place), *record.tags, *(edition.word(tags[t])[0] for t in record.tags)]
        names += [_party(edition, p) for p in record.participants]
        # The page shows what each figure counts, its notes and what each participant did.
        shown_too = [text(f.measure) for f in record.figures] + [text(c.note) for f in record.figures for c in f.claims]
        shown_too += [text(p.role) for p in record.participants]
        summary = markdown_text(text(record.summary))
        return index.add(location, text(record.title), " ".join([summary, *shown_too]), names, tag, shown=summary, date=record.date)
    if isinstance(record, Source):
        kind = edition.settings.vocabulary("source_kinds")[record.kind]
        names += [_name(edition, "organisation", record.publisher), record.published or "", record.kind, edition.word(kind)[0]]
        names += [_name(edition, "person", pid) for pid in (*record.authors, *record.editors)]
        return index.add(location, record.title, markdown_text(text(record.summary)), names, tag)
    if isinstance(record, Organisation):
        own = [text(record.short_name), record.native_name or "", *_other_versions(record.name, edition)]
        own += _other_versions(record.short_name, edition) if record.short_name else []
        names.append(text(record.based_in))
        return index.add(location, text(record.name), markdown_text(text(record.description)), names, tag, own_names=own, named=True)
    if isinstance(record, Person):
        own = [record.native_name or "", *_other_versions(record.name, edition)]
        names += [f"{text(role.title)} {_name(edition, 'organisation', role.organisation)}" for role in record.roles]
        return index.add(location, text(record.name), markdown_text(text(record.description)), names, tag, own_names=own, named=True)
    if isinstance(record, Quote):
        speaker = _party(edition, record.speaker)
        names += [speaker, text(record.speaker_role), _name(edition, "organisation", record.said_to), record.date or ""]
        words = markdown_text(record.text)
        translation = record.translations.get(edition.lang)
        shown = markdown_text(translation.text) if translation else words
        title = edition.messages.gettext("%(speaker)s: “%(words)s”") % {"speaker": speaker, "words": record.label}
        body = f"{words} {markdown_text(translation.text) if translation else ''} {markdown_text(text(record.context))}"
        return index.add(location, title, body, names, tag, shown=shown)
    raise TypeError(f"no search entry for {tag}")  # pragma: no cover - every record type is above


def _other_versions(value: str, edition: Edition) -> list[str]:
    """A name's versions in the other languages: a reader may search for 이애란 or for Lee Ae-ran."""
    return [str(value), *value.versions.values()] if isinstance(value, Local) else [str(value)]


def _name(edition: Edition, type_: str, rid: str | None) -> str:
    if not rid or rid not in edition.site.records.get(type_, {}):
        return ""
    return edition.label(edition.site.get(type_, rid))


def _party(edition: Edition, party: Party) -> str:
    named = [_name(edition, "person", party.person), _name(edition, "organisation", party.organisation)]
    return " ".join(n for n in named if n) or edition.text(party.description)


def add_page(index: SearchIndex, html: str, location: str, title: str, sections: bool = True) -> int:
    """Index a page from its HTML: the page, and each ``<h2>``/``<h3>`` section with an id.

    With ``sections=False`` (index pages, whose lists repeat the records) only the page's title
    and the text before its first section go in.
    """
    parsed = _Sections()
    parsed.feed(html)
    parsed.close()
    first, *rest = parsed.sections
    page = index.add(location, title, first[2])
    if sections:
        for anchor, heading, text in rest:
            index.add(f"{location}#{anchor}", heading, text, page=page)
    return page


class _Sections(HTMLParser):
    """Split page HTML into (id, heading, text) at each ``<h2>`` or ``<h3>`` with an id.

    Left out: scripts, styles, icons, footnote numbers, heading permalinks, and whatever the
    templates mark ``x-noindex``: the reference list and each citation's preview (a source's
    reference and the words it supports the sentence with: the source has its own page, which
    holds both).
    """

    _SKIP = frozenset({"script", "style", "template", "svg", "sup"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str, str, str]] = [("", "", "")]
        self._heading: list[str] | None = None
        self._text: list[str] = []
        self._anchor = ""
        # The element being left out, and how deep inside elements of its name the parser is.
        self._skip: str | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip:
            self._depth += tag == self._skip
            return
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if (
            tag in self._SKIP
            or (tag == "a" and "headerlink" in classes)
            or (tag == "div" and "footnote" in classes)
            or "x-noindex" in classes
        ):
            self._skip, self._depth = tag, 1
        elif tag in ("h2", "h3") and attributes.get("id"):
            self._flush()
            self._anchor = attributes["id"] or ""
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag == self._skip:
                self._depth -= 1
                if not self._depth:
                    self._skip = None
        elif tag in ("h2", "h3") and self._heading is not None:
            self.sections.append((self._anchor, " ".join("".join(self._heading).split()), ""))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        (self._heading if self._heading is not None else self._text).append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        anchor, heading, text = self.sections[-1]
        self.sections[-1] = (anchor, heading, " ".join(f"{text} {''.join(self._text)}".split()))
        self._text = []
