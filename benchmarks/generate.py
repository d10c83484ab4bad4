"""Write a synthetic, valid project of N events (and proportional other records) for the benchmark.

The output is deterministic for a given N and seed and needs no network. Besides ``data/`` and a
small ``content/``, it writes a ``mkdocs.yml`` and the two-line hook shim of a publication, so the
project builds with the installed engine exactly as a real publication does. :func:`write_plain` writes
the same records as plain Markdown pages, for a build of MkDocs and Material without our engine.

The records have the shape of the real ones in ``data/`` (``SHAPE``, ``WORDS`` and ``SHARE``, as
``benchmarks/distributions.py`` measured them): as many citations, figures, claims, participants,
attributions and notes per record, texts as long, every own-words text in English and Korean, and
the site in two editions, as the real site is. Only the numbers of records per event are the
benchmark's own (a source for every 5 events, and so on), so that sizes compare across runs.

    python benchmarks/generate.py 1000 /tmp/bench-1000
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent

COMMON = (
    "the of and to in a is that for on was with as by at from it be are his her their this which "
    "or an were have has had not they but after been who its also more than into over all one two "
    "three other new some would said could about when there these may can most many during under "
    "while before since between against them those because through where only people family "
    "families border police camp camps prison government report reports group groups year years "
    "month months official officials country countries state law rights human right refugee "
    "refugees defector defectors return returned forced repatriation detention detained held "
    "arrest arrested released released city province village river region north south east west "
    "security ministry court trial sentence labour hunger food work worker workers woman women "
    "child children man men mother father brother sister daughter son church missionary broker "
    "brokers escape escaped crossing crossed train truck night winter summer spring autumn "
    "statement interview letter appeal campaign meeting talks agreement treaty convention "
    "protocol committee council commission inquiry special rapporteur envoy embassy consulate "
    "minister president leader spokesperson researcher journalist lawyer activist witness "
    "testimony evidence satellite images data survey estimate figure number hundreds thousands "
    "dozens several according reported told say says called asked urged warned denied confirmed "
    "claimed described estimated counted documented published wrote added noted "
    "international national local regional public private secret illegal economic migrants "
    "political punishment torture execution camp interrogation investigation"
).split()

KIND_WORDS = {
    "ngo": ["Rights Watch", "Human Rights Centre", "Justice Network", "Refugee Alliance", "Citizens' Alliance"],
    "government": ["Government", "Ministry of Interior", "State Council"],
    "government-agency": ["Border Agency", "Public Security Bureau", "Immigration Service"],
    "intergovernmental": ["Commission", "Working Group", "Council Office"],
    "media": ["Daily", "News", "Broadcasting", "Times", "Herald"],
    "academic": ["Institute", "University Centre", "Policy Forum"],
    "political": ["Party", "Caucus"],
    "other": ["Foundation", "Mission"],
}
SOURCE_KINDS = ["news-article"] * 6 + ["report", "statement", "press-release", "interview", "un-document", "broadcast", "web-page"]
ROLE_TITLES = [
    "director",
    "executive director",
    "researcher",
    "spokesperson",
    "reporter",
    "editor",
    "minister",
    "special rapporteur",
    "chair",
    "founder",
    "analyst",
    "lawyer",
]
PARTICIPANT_ROLES = [
    "reported the returns",
    "issued a statement",
    "carried out the arrests",
    "called for an inquiry",
    "interviewed survivors",
    "ordered the detentions",
    "raised the case at the UN",
    "documented the testimony",
]
QUALIFIERS = ["exact", "about", "estimated", "more-than", "at-least", "up-to"]
UNNAMED = [
    "a source in China",
    "a defector who fled in the same year",
    "a relative of one of those returned",
    "a local official",
    "a broker who arranged crossings",
]


# The real records' shape, measured by benchmarks/distributions.py on data/ (44 events, 161 records):
# histograms {count: records with that many}, then text lengths in words, then shares of records.
SHAPE: dict[str, dict[int, int]] = {
    "event_citations": {1: 4, 2: 15, 3: 10, 4: 3, 5: 4, 6: 4, 7: 1, 8: 1, 9: 2},
    "event_figures": {0: 25, 1: 12, 2: 4, 3: 1, 4: 1, 5: 1},
    "figure_claims": {1: 14, 2: 11, 3: 3, 4: 2, 6: 1, 11: 1},
    "event_participants": {0: 6, 1: 8, 2: 16, 3: 9, 4: 1, 5: 3, 8: 1},
    "event_tags": {1: 12, 2: 22, 3: 10},
    "event_related": {0: 4, 1: 14, 2: 15, 3: 5, 4: 2, 5: 3, 7: 1},
    "event_notes": {0: 28, 1: 14, 2: 2},
    "source_notes": {0: 49, 1: 13, 2: 3},
    "note_citations": {0: 18, 1: 8, 2: 7, 3: 4},
    "organisation_citations": {1: 31, 2: 14, 3: 5, 4: 1, 5: 2},
    "person_citations": {1: 15, 2: 8, 3: 2, 7: 1},
    "quote_citations": {1: 27, 2: 2},
    "person_roles": {0: 5, 1: 20, 2: 1},
    "source_authors": {0: 55, 1: 10},
    "quote_about": {0: 7, 1: 17, 2: 5},
    "attributed_parties": {1: 126, 2: 29},
}
WORDS: dict[str, tuple[float, float, int, int]] = {
    # mean, standard deviation, fewest, most
    "event_title": (8.6, 2.0, 4, 13),
    "event_summary": (49.5, 19.1, 19, 101),
    "excerpt": (22.5, 10.0, 3, 40),  # the validator allows 40 (a quote's may be longer, to hold it)
    "source_title": (10.0, 3.4, 4, 27),
    "source_summary": (39.2, 12.5, 19, 108),
    "organisation_description": (23.4, 15.2, 5, 88),
    "person_description": (28.6, 15.3, 12, 67),
    "quote_text": (20.7, 12.2, 3, 46),
    "quote_context": (23.2, 8.8, 10, 43),
    "note_text": (47.5, 27.8, 8, 115),
    "measure": (9.7, 3.5, 3, 18),
    "participant_role": (5.7, 2.7, 3, 13),
    "claim_note": (8.9, 5.3, 2, 18),
}
SHARE: dict[str, float] = {
    # Events whose sources mostly report what others told them: their citations are attributed.
    "second_hand_event": 0.41,
    "attributed_second_hand": 0.9,
    "attributed_first_hand": 0.1,
    "attributed_claim": 0.96,
    "locator": 0.48,
    "citation_translated": 0.06,
    # A record's next citation is from a source it already cites (another excerpt of it).
    "same_source_again": 0.45,
    "claim_note": 0.21,
    "claim_upper": 0.02,
    "place": 0.59,
    "localised_unit": 0.31,
    "source_published": 0.94,
    "source_accessed": 0.74,
    "source_korean": 0.31,
    "source_archived": 0.02,
    "organisation_website": 0.55,
    "organisation_based_in": 0.51,
    "organisation_short_name": 0.4,
    "organisation_native_name": 0.32,
    "person_native_name": 0.5,
    "quote_speaker_role": 0.76,
    "quote_said_to": 0.45,
    "quote_date": 0.45,
}
ATTRIBUTED_KINDS = {"organisation": 107, "description": 40, "person": 37}
PARTICIPANT_KINDS = {("organisation",): 70, ("organisation", "person"): 11, ("person",): 10, ("description",): 3}
NOTE_KINDS = {"context": 27, "disagreement": 8, "correction": 2}
PARTICLES = ["은", "는", "이", "가", "을", "를", "의", "에", "에서", "으로", "로", "와", "과", "도", "에게", "까지", "부터", "만"]
SKEW = 8
"""How unevenly citations spread over sources, and sources over outlets: the rank-r one is drawn
with weight 1/(r + SKEW), so that a few are cited (or publish) far more than most, as in data/."""


class Words:
    """Pseudo-words and common English words, drawn with a Zipf-like frequency."""

    def __init__(self, rng: random.Random, size: int = 4000) -> None:
        onsets = ["b", "ch", "d", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "sh", "t", "v", "y", "z", "br", "kr", "st", "tr", ""]
        vowels = ["a", "e", "i", "o", "u", "ae", "eo", "ia", "ou", "y"]
        codas = ["", "", "n", "ng", "l", "m", "r", "s", "k", "t"]
        seen: set[str] = set(COMMON)
        pseudo: list[str] = []
        while len(pseudo) < size:
            word = "".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))
            if 3 <= len(word) <= 12 and word not in seen:
                seen.add(word)
                pseudo.append(word)
        self.pseudo = pseudo
        # Common words first, so that they are the most frequent, as in real prose.
        self.vocab = COMMON + pseudo
        weights = [1.0 / (rank + 8) for rank in range(len(self.vocab))]
        self.cum = list(itertools.accumulate(weights))
        self.rng = rng
        # Korean words as data/'s are: 530 syllables, a few far commoner than the rest, about 2.8 to
        # a word with its particle; and Zipf-like word frequencies, as in English.
        syllables = rng.sample(range(0xAC00, 0xD7A4), 530)
        syllable_cum = list(itertools.accumulate(1.0 / (rank + 4) for rank in range(len(syllables))))

        def syllable() -> str:
            return chr(syllables[bisect.bisect(syllable_cum, rng.random() * syllable_cum[-1])])

        stems: list[str] = list(dict.fromkeys("".join(syllable() for _ in range(rng.choice((1, 2, 2, 2, 3)))) for _ in range(size)))
        self.korean_vocab = stems
        self.korean_cum = list(itertools.accumulate(1.0 / (rank + 8) for rank in range(len(stems))))

    def word(self) -> str:
        return self.vocab[bisect.bisect(self.cum, self.rng.random() * self.cum[-1])]

    def name(self) -> str:
        return self.rng.choice(self.pseudo).capitalize()

    def words(self, n: int) -> list[str]:
        return [self.word() for _ in range(n)]

    def sentence(self, n: int) -> str:
        words = self.words(n)
        return " ".join(words).capitalize() + "."

    def slug(self, n: int = 3) -> str:
        return "-".join(self.rng.choice(self.pseudo) for _ in range(n))

    def length(self, kind: str) -> int:
        """A number of words for a text of ``kind``, spread as in data/ (a gamma distribution of WORDS' mean and deviation)."""
        mean, sd, low, high = WORDS[kind]
        return min(high, max(low, round(self.rng.gammavariate((mean / sd) ** 2, sd * sd / mean))))

    def prose(self, kind: str) -> str:
        """Sentences of 6 to 20 words (none shorter than 3), as many words in all as a text of ``kind`` has."""
        left, sizes = self.length(kind), []
        while left > 0:
            sizes.append(min(left, self.rng.randint(6, 20)))
            left -= sizes[-1]
        if len(sizes) > 1 and sizes[-1] < 3:
            last = sizes.pop()
            sizes[-1] += last
        return " ".join(self.sentence(size) for size in sizes)

    def korean(self, n: int) -> str:
        """Korean pseudo-words, n English words' worth: a Korean text has about 0.68 words for each
        English word of its version in data/, most of them with a particle attached."""
        words = []
        for _ in range(max(1, round(n * 0.68))):
            word = self.korean_vocab[bisect.bisect(self.korean_cum, self.rng.random() * self.korean_cum[-1])]
            words.append(word + (self.rng.choice(PARTICLES) if self.rng.random() < 0.6 else ""))
        return " ".join(words) + "다."

    def both(self, english: str) -> dict[str, str]:
        """A text in English and in Korean, as every own-words text in data/ is."""
        return {"en": english, "ko": self.korean(len(english.split()))}


@dataclass
class Dataset:
    """The generated records by plural type, each a plain mapping as written to YAML."""

    n_events: int
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def count(self) -> int:
        return sum(len(v) for v in self.records.values())


def _date(rng: random.Random, low: int = 1990, high: int = 2025) -> str:
    year = rng.randint(low, high)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    roll = rng.random()
    if roll < 0.05:
        return f"{year}"
    if roll < 0.15:
        return f"{year}-{month:02d}"
    if roll < 0.2 and month < 12:
        return f"{year}-{month:02d}/{year}-{month + 1:02d}"
    return f"{year}-{month:02d}-{day:02d}"


def _day(rng: random.Random, low: int = 1990, high: int = 2025) -> str:
    return f"{rng.randint(low, high)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _count(rng: random.Random, histogram: dict[int, int]) -> int:
    return rng.choices(list(histogram), weights=list(histogram.values()))[0]


def _skewed(rng: random.Random, items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[float]]:
    """``items`` in a random order of rank, with the cumulative weights that draw them unevenly (SKEW)."""
    ranked = items[:]
    rng.shuffle(ranked)
    return ranked, list(itertools.accumulate(1 / (rank + SKEW) for rank in range(len(ranked))))


def generate(n_events: int, seed: int = 1) -> Dataset:
    """The records of a project with ``n_events`` events and proportional other records, shaped as data/'s."""
    rng = random.Random(seed)
    w = Words(rng)
    n_sources = max(5, n_events // 5)
    n_orgs = max(5, n_events // 50)
    n_people = max(5, n_events // 20)
    n_quotes = max(2, n_events // 2)

    def chance(name: str) -> bool:
        return rng.random() < SHARE[name]

    orgs: list[dict[str, Any]] = []
    for i in range(n_orgs):
        kind = rng.choice(list(KIND_WORDS))
        name = f"{w.name()} {w.name()} {rng.choice(KIND_WORDS[kind])}"
        org: dict[str, Any] = {"id": f"{w.slug(2)}-{i}", "name": {"en": name, "ko": _hangul(rng, rng.randint(3, 9))}, "kind": kind}
        if chance("organisation_short_name"):
            org["short_name"] = w.both("".join(part[0] for part in name.split() if part[0].isalpha()).upper())
        if chance("organisation_native_name"):
            org["native_name"] = _hangul(rng, rng.randint(4, 9))
        if chance("organisation_based_in"):
            org["based_in"] = w.both(w.name())
        if chance("organisation_website"):
            org["website"] = f"https://www.{org['id']}.example.org/"
        org["description"] = w.both(w.prose("organisation_description"))
        orgs.append(org)

    people: list[dict[str, Any]] = []
    for i in range(n_people):
        name = f"{w.name()} {w.name()}-{w.rng.choice(w.pseudo)}"
        person: dict[str, Any] = {"id": "-".join(name.lower().replace("-", " ").split()) + f"-{i}", "name": w.both(name)}
        if chance("person_native_name"):
            person["native_name"] = _hangul(rng, 3)
        roles = [
            {"title": w.both(rng.choice(ROLE_TITLES)), "organisation": rng.choice(orgs)["id"]}
            for _ in range(_count(rng, SHAPE["person_roles"]))
        ]
        if roles:
            person["roles"] = roles
        person["description"] = w.both(w.prose("person_description"))
        people.append(person)

    outlets, outlet_weights = _skewed(rng, orgs)
    sources: list[dict[str, Any]] = []
    for i in range(n_sources):
        publisher = rng.choices(outlets, cum_weights=outlet_weights)[0]["id"]
        published = _day(rng, 1995, 2025)
        source: dict[str, Any] = {
            "id": f"{publisher.rsplit('-', 1)[0]}-{published}-{w.slug(2)}-{i}",
            "title": " ".join(w.words(w.length("source_title"))).capitalize(),
            "kind": rng.choice(SOURCE_KINDS),
            "publisher": publisher,
        }
        authors = [rng.choice(people)["id"] for _ in range(_count(rng, SHAPE["source_authors"]))]
        if authors:
            source["authors"] = sorted(set(authors))
        if chance("source_published"):
            source["published"] = published
        source["url"] = f"https://www.{publisher}.example.org/{published[:4]}/{w.slug(3)}"
        if chance("source_archived"):
            source["archive_url"] = f"https://archive.example.org/web/{published.replace('-', '')}/{source['url']}"
        if chance("source_accessed"):
            source["accessed"] = "2026-01"
        if chance("source_korean"):
            source["language"] = "ko"
        source["summary"] = w.both(w.prose("source_summary"))
        sources.append(source)

    cited, cited_weights = _skewed(rng, sources)

    def party(kinds: dict[Any, int]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for kind in rng.choices(list(kinds), weights=list(kinds.values()))[0]:
            if kind == "description":
                found["description"] = w.both(rng.choice(UNNAMED))
            else:
                found[kind] = rng.choice(people if kind == "person" else orgs)["id"]
        return found

    def citation(attributed: float, already: list[str]) -> dict[str, Any]:
        """A citation; ``already`` holds the sources its record cites so far (it may cite one of them again)."""
        if already and chance("same_source_again"):
            source = rng.choice(already)
        else:
            source = rng.choices(cited, cum_weights=cited_weights)[0]["id"]
        already.append(source)
        cite: dict[str, Any] = {"source": source, "excerpt": w.sentence(w.length("excerpt"))}
        if chance("locator"):
            n = rng.randint(1, 30)
            cite["locator"] = {"en": f"paragraph {n}", "ko": f"{n}번째 문단"}
        if rng.random() < attributed:
            cite["attributed_to"] = [
                party({(k,): n for k, n in ATTRIBUTED_KINDS.items()}) for _ in range(_count(rng, SHAPE["attributed_parties"]))
            ]
        if chance("citation_translated"):
            cite["translations"] = {"ko": {"text": w.korean(len(cite["excerpt"].split())), "by": "publication"}}
        return cite

    def citations(histogram: str, attributed: float, already: list[str] | None = None) -> list[dict[str, Any]]:
        already = [] if already is None else already
        return [citation(attributed, already) for _ in range(_count(rng, SHAPE[histogram]))]

    def notes(histogram: str, attributed: float) -> list[dict[str, Any]]:
        kinds = list(NOTE_KINDS)
        return [
            {
                "kind": rng.choices(kinds, weights=list(NOTE_KINDS.values()))[0],
                "text": w.both(w.prose("note_text")),
                **({"citations": found} if (found := citations("note_citations", attributed)) else {}),
            }
            for _ in range(_count(rng, SHAPE[histogram]))
        ]

    for plural, recs in (("organisation", orgs), ("person", people)):
        for rec in recs:
            rec["citations"] = citations(f"{plural}_citations", SHARE["attributed_first_hand"])
    for source in sources:
        if found := notes("source_notes", SHARE["attributed_first_hand"]):
            source["notes"] = found

    events: list[dict[str, Any]] = []
    for i in range(n_events):
        date = _date(rng)
        event: dict[str, Any] = {
            "id": f"{date.split('/')[0]}-{w.slug(2)}-{i}",
            "title": w.both(" ".join(w.words(w.length("event_title"))).capitalize()),
            "date": date,
        }
        if chance("place"):
            event["place"] = w.both(f"{w.name()}, {w.name()} Province")
        event["summary"] = w.both(w.prose("event_summary"))
        attributed = SHARE["attributed_second_hand" if chance("second_hand_event") else "attributed_first_hand"]
        already: list[str] = []
        event["citations"] = citations("event_citations", attributed, already)
        figures = []
        for _ in range(_count(rng, SHAPE["event_figures"])):
            claims = []
            for claim in citations("figure_claims", SHARE["attributed_claim"], already):
                claim["value"] = rng.choice((12, 50, 60, 200, 500, 600, 2000, 31000))
                if chance("claim_upper"):
                    claim["upper"] = claim["value"] * 2
                claim["qualifier"] = rng.choice(QUALIFIERS)
                if chance("claim_note"):
                    claim["note"] = w.both(w.prose("claim_note"))
                claims.append(claim)
            unit = w.both("people " + w.name()) if chance("localised_unit") else "people"
            figures.append({"measure": w.both(w.prose("measure")), "unit": unit, "claims": claims})
        if figures:
            event["figures"] = figures
        participants = []
        for _ in range(_count(rng, SHAPE["event_participants"])):
            participant = party(PARTICIPANT_KINDS)
            participant["role"] = w.both(w.prose("participant_role"))
            participants.append(participant)
        if participants:
            event["participants"] = participants
        event["tags"] = sorted({f"topic-{rng.randint(1, 40)}" for _ in range(_count(rng, SHAPE["event_tags"]))})
        if found := notes("event_notes", attributed):
            event["notes"] = found
        events.append(event)
    for event in events:
        others = {events[rng.randrange(len(events))]["id"] for _ in range(_count(rng, SHAPE["event_related"]))} - {event["id"]}
        if others:
            event["related"] = sorted(others)

    quotes: list[dict[str, Any]] = []
    for i in range(n_quotes):
        text = w.sentence(w.length("quote_text"))
        speaker = party({("person",): 6, ("organisation",): 3, ("description",): 1})
        who = speaker.get("person") or speaker.get("organisation") or "unnamed"
        quote: dict[str, Any] = {"id": f"{who.rsplit('-', 1)[0][:40].rstrip('-')}-{w.slug(2)}-{i}", "text": text}
        quote["translations"] = {"ko": {"text": w.korean(len(text.split())), "by": "publication"}}
        quote["speaker"] = speaker
        if chance("quote_speaker_role"):
            quote["speaker_role"] = w.both(f"{rng.choice(ROLE_TITLES)}, {w.name()}")
        if chance("quote_date"):
            quote["date"] = _day(rng, 2000, 2025)
        if chance("quote_said_to"):
            quote["said_to"] = rng.choice(orgs)["id"]
        quote["context"] = w.both(w.prose("quote_context"))
        about = sorted({rng.choice(events)["id"] for _ in range(_count(rng, SHAPE["quote_about"]))})
        if about:
            quote["about"] = about
        quote["citations"] = citations("quote_citations", SHARE["attributed_first_hand"])
        lead = " ".join(w.words(rng.randint(2, 8))).capitalize()
        quote["citations"][0]["excerpt"] = f"{lead}: \u201c{text[:-1]},\u201d {w.name()} said."
        quotes.append(quote)

    return Dataset(n_events, {"sources": sources, "organisations": orgs, "people": people, "events": events, "quotes": quotes})


def _hangul(rng: random.Random, n: int) -> str:
    return "".join(chr(rng.randint(0xAC00, 0xD7A3)) for _ in range(n))


# -- the project built with our engine ------------------------------------------------------------


def write_project(data: Dataset, out: Path) -> Path:
    """Write ``data/``, ``content/`` and ``mkdocs.yml`` of a project built with our hooks."""
    if out.exists():
        shutil.rmtree(out)
    for plural, records in data.records.items():
        folder = out / "data" / plural
        folder.mkdir(parents=True)
        for rec in records:
            (folder / f"{rec['id']}.yml").write_text(_yaml(rec), encoding="utf-8")
    content = out / "content"
    content.mkdir()
    event = data.records["events"][0]
    cite = event["citations"][0]
    words = " ".join(cite["excerpt"].split()[:6])
    ref, mark = f"[[event:{event['id']}]]", f'[@{cite["source"]} "{words}…"]'
    others = data.count() - data.n_events
    pages = {
        "index.md": f"# Benchmark\n\nA synthetic data set of {data.n_events:,} events and {others:,} other records.\n"
        f"The first event is {ref}, reported by one source.{mark}\n",
        "index.ko.md": f"# 벤치마크\n\n사건 {data.n_events:,}건과 다른 기록 {others:,}건으로 된 합성 데이터.\n첫 사건은 {ref}이다.{mark}\n",
    }
    for page, text in pages.items():
        (content / page).write_text(f"{text}\n![[event:{event['id']}]]\n", encoding="utf-8")
    config = _base_config()
    config["hooks"] = ["hooks/mkdocs_hooks.py"]
    (out / "hooks").mkdir()
    shutil.copy(ROOT / "hooks" / "mkdocs_hooks.py", out / "hooks" / "mkdocs_hooks.py")
    tags = sorted({tag for rec in data.records["events"] for tag in rec.get("tags", [])}, key=lambda tag: int(tag.split("-")[1]))
    config["extra"] = {
        "explainer": {
            "licence": "CC0-1.0",
            "names_language": "ko",
            # Two editions, as the real site has: English at /, Korean under /ko/.
            "languages": {"en": {"locale": "en_GB"}, "ko": {"locale": "ko_KR", "site_name": "벤치마크"}},
            "vocabularies": {"tags": {tag: {"en": tag.replace("-", " ").capitalize(), "ko": f"주제 {tag.split('-')[1]}"} for tag in tags}},
        }
    }
    config["watch"] = ["data"]
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def _base_config() -> dict[str, Any]:
    """The repository's own configuration without its navigation, hooks, settings and watched folders."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("nav", "watch", "hooks", "extra"):
        config.pop(key, None)
    # The publication's own overrides stay with it; the engine's templates come with the package.
    config["theme"].pop("custom_dir", None)
    return config


def _yaml(rec: dict[str, Any]) -> str:
    return yaml.dump(rec, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True, width=100)


# -- the same pages as plain Markdown -------------------------------------------------------------


LANGUAGES = ("en", "ko")
"""The editions of the generated site: English at /, Korean under /ko/."""


def text(value: Any, lang: str = "en") -> str:
    """A text in ``lang``: its version in that language, else its English one (or the text itself)."""
    if isinstance(value, dict):
        return str(value.get(lang) or value["en"])
    return str(value)


def write_plain(data: Dataset, out: Path) -> Path:
    """Write the same records as plain Markdown pages (out of the nav), in both editions, and a plain mkdocs.yml."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    pages: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        prefix = "" if lang == LANGUAGES[0] else f"{lang}/"
        pages.update({prefix + rel: lines for rel, lines in _plain_pages(data, lang).items()})
    for rel, lines in pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = _base_config()
    config["docs_dir"] = "docs"
    config["not_in_nav"] = "\n".join(
        f"/{prefix}{plural}/" for prefix in ("", *(f"{lang}/" for lang in LANGUAGES[1:])) for plural in (*data.records, "tags", "places")
    )
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def _plain_pages(data: Dataset, lang: str) -> dict[str, list[str]]:
    """The pages of one edition as Markdown lines, by path: each record's text in ``lang``."""

    def t(value: Any) -> str:
        return _md_text(text(value, lang))

    label = {plural: {r["id"]: _label(plural, r, lang) for r in recs} for plural, recs in data.records.items()}

    def link(plural: str, rid: str, up: str = "../") -> str:
        return f"[{_md_text(label[plural][rid])}]({up}{plural}/{rid}.md)"

    def party(p: dict[str, Any]) -> str:
        if p.get("person"):
            return link("people", p["person"])
        if p.get("organisation"):
            return link("organisations", p["organisation"])
        return t(p["description"])

    def translated(rec: dict[str, Any]) -> str | None:
        version = rec.get("translations", {}).get(lang)
        return _md_text(version["text"]) if version else None

    def references(rec: dict[str, Any]) -> list[str]:
        cites = list(rec.get("citations", []))
        for fig in rec.get("figures", []):
            cites.extend(fig["claims"])
        for note in rec.get("notes", []):
            cites.extend(note.get("citations", []))
        lines = ["", "## Sources", ""]
        for n, cite in enumerate(cites, start=1):
            src = sources[cite["source"]]
            lines.append(
                f"{n}. {link('sources', cite['source'])}. {link('organisations', src['publisher'])}, {src.get('published', '')}. [Original]({src['url']})"
            )
            if cite.get("excerpt"):
                lines.append(f"    > {_md_text(cite['excerpt'])}")
            if translated(cite):
                lines.append(f"    > {translated(cite)}")
            if cite.get("locator"):
                lines.append(f"    {t(cite['locator'])}")
            if cite.get("attributed_to"):
                lines.append("    Reported by " + ", citing ".join(party(p) for p in cite["attributed_to"]) + ".")
        return lines

    def notes(rec: dict[str, Any]) -> list[str]:
        lines = []
        for note in rec.get("notes", []):
            lines += ["", f"**{note['kind']}**: {text(note['text'], lang)}"]
        return lines

    sources = {s["id"]: s for s in data.records["sources"]}
    quotes_about: dict[str, list[dict[str, Any]]] = {}
    for q in data.records["quotes"]:
        for eid in q.get("about", []):
            quotes_about.setdefault(eid, []).append(q)
    timeline = sorted(data.records["events"], key=lambda e: (e["date"], e["id"]))
    position = {e["id"]: i for i, e in enumerate(timeline)}

    pages: dict[str, list[str]] = {}
    for e in data.records["events"]:
        lines = [
            f"# {t(e['title'])}",
            "",
            f"Event · {e['date']}" + (f" · {t(e['place'])}" if e.get("place") else ""),
            "",
            text(e["summary"], lang),
        ]
        for fig in e.get("figures", []):
            lines += ["", "## Figures", "", f"**{t(fig['measure'])}** ({t(fig['unit'])})", ""]
            for c in fig["claims"]:
                note = f" ({t(c['note'])})" if c.get("note") else ""
                lines.append(f"- {c['qualifier']} {c['value']}{note}, according to {link('sources', c['source'])}")
        if e.get("participants"):
            lines += ["", "## Who took part", ""] + [f"- {party(p)}: {t(p['role'])}" for p in e["participants"]]
        if quotes_about.get(e["id"]):
            lines += ["", "## What was said about it", ""]
            for q in quotes_about[e["id"]]:
                lines += [f"> {_md_text(q['text'])}", ">", f"> {party(q['speaker'])} · {link('quotes', q['id'])}", ""]
        lines += ["", "## On the timeline", ""] + [f"- Related: {link('events', r)}" for r in e.get("related", [])]
        i = position[e["id"]]
        if i:
            lines.append(f"- Before: {link('events', timeline[i - 1]['id'])}")
        if i + 1 < len(timeline):
            lines.append(f"- After: {link('events', timeline[i + 1]['id'])}")
        lines.append("- [See it on the timeline](../timeline.md)")
        pages[f"events/{e['id']}.md"] = lines + notes(e) + references(e)
    for s in data.records["sources"]:
        lines = [f"# {_md_text(s['title'])}", "", f"Source · {s['kind']}", "", f"Publisher: {link('organisations', s['publisher'])}", ""]
        if s.get("authors"):
            lines += ["Authors: " + ", ".join(link("people", a) for a in s["authors"]), ""]
        lines += [f"Published: {s.get('published', '')}", "", f"Address: <{s['url']}>", "", "## Summary", "", text(s["summary"], lang)]
        cited_in_notes = references(s)
        pages[f"sources/{s['id']}.md"] = lines + notes(s) + (cited_in_notes if len(cited_in_notes) > 3 else [])
    for o in data.records["organisations"]:
        lines = [
            f"# {t(o['name'])}" + (f" ({t(o['short_name'])})" if o.get("short_name") else ""),
            "",
            f"Organisation · {o['kind']}" + (f" · based in {t(o['based_in'])}" if o.get("based_in") else ""),
            "",
            text(o["description"], lang),
        ]
        pages[f"organisations/{o['id']}.md"] = lines + references(o)
    for p in data.records["people"]:
        lines = [
            f"# {t(p['name'])}",
            "",
            "Person" + (f" {p['native_name']}" if p.get("native_name") else ""),
            "",
            text(p["description"], lang),
        ]
        if p.get("roles"):
            lines += ["", "## Roles", ""] + [f"- {t(r['title'])}, {link('organisations', r['organisation'])}" for r in p["roles"]]
        pages[f"people/{p['id']}.md"] = lines + references(p)
    for q in data.records["quotes"]:
        lines = [f"# Quote: {_md_text(label['quotes'][q['id']])}", "", f"> {_md_text(q['text'])}", ""]
        if translated(q):
            lines += [f"> {translated(q)}", ""]
        lines.append(party(q["speaker"]) + (f", {t(q['speaker_role'])}" if q.get("speaker_role") else ""))
        if q.get("context"):
            lines += ["", "## Context", "", text(q["context"], lang)]
        lines += ["", "## About", ""] + [f"- {link('events', eid)}" for eid in q.get("about", [])]
        pages[f"quotes/{q['id']}.md"] = lines + references(q)

    def place_slug(e: dict[str, Any]) -> str:
        return re.sub(r"[^a-z0-9]+", "-", text(e["place"]).lower()).strip("-")

    def entries(events: list[dict[str, Any]], up: str) -> list[str]:
        """Events by year, each as the site lists them: date, title, place, first sentence, figures, tags."""
        lines: list[str] = []
        for year, group in itertools.groupby(events, key=lambda e: e["date"][:4]):
            lines += ["", f"## {year}"]
            for e in group:
                lines += ["", f"### {e['date']} {link('events', e['id'], up)}"]
                if e.get("place"):
                    lines += ["", f"[{t(e['place'])}]({up}places/{place_slug(e)}.md)"]
                lines += ["", text(e["summary"], lang).split(". ")[0].rstrip(".") + "."]
                lines += [""] + [f"- {t(fig['measure'])}: {fig['claims'][0]['value']} {t(fig['unit'])}" for fig in e.get("figures", [])]
                lines += [""] + [f"- [{tag}]({up}tags/{tag}.md)" for tag in e.get("tags", [])]
        return lines

    # The pages of tags and places, as the site makes them.
    tagged: dict[str, list[dict[str, Any]]] = {}
    placed: dict[str, list[dict[str, Any]]] = {}
    for e in timeline:
        for tag in e.get("tags", []):
            tagged.setdefault(tag, []).append(e)
        if e.get("place"):
            placed.setdefault(place_slug(e), []).append(e)
    for tag, events in tagged.items():
        intro = f"{len(events)} events tagged “{tag}”, oldest first. [See them on the timeline](../timeline.md) · [Every tag](../tags.md)"
        pages[f"tags/{tag}.md"] = [f"# {tag}", "", intro, *entries(events, "../")]
    for slug, events in placed.items():
        name = t(events[0]["place"])
        intro = f"{len(events)} events at {name}, oldest first. [See them on the timeline](../timeline.md) · [Every place](../places.md)"
        pages[f"places/{slug}.md"] = [f"# {name}", "", intro, *entries(events, "../")]
    # The index pages, in the navigation as on the real site.
    pages["timeline.md"] = ["# Timeline", *entries(timeline, "")]
    pages["tags.md"] = ["# Tags", ""] + [f"- [{tag}](tags/{tag}.md): {len(events)} events" for tag, events in sorted(tagged.items())]
    pages["places.md"] = ["# Places", ""] + [
        f"- [{t(events[0]['place'])}](places/{slug}.md): {len(events)} events" for slug, events in sorted(placed.items())
    ]
    contested = [(e, fig) for e in timeline for fig in e.get("figures", []) if len({c["value"] for c in fig["claims"]}) > 1]
    pages["contested.md"] = ["# Contested figures", ""]
    for e, fig in contested:
        pages["contested.md"] += ["", f"## {link('events', e['id'], '')}", "", f"**{t(fig['measure'])}** ({t(fig['unit'])})", ""]
        pages["contested.md"] += [
            f"- {c['qualifier']} {c['value']}, according to {link('sources', c['source'], '')}" for c in fig["claims"]
        ]
    pages["schema.md"] = ["# How the records are written", ""]
    for plural, recs in data.records.items():
        fields = dict.fromkeys(key for rec in recs for key in rec)
        pages["schema.md"] += ["", f"## {plural}", "", "| Field | Found in |", "| --- | --- |"]
        pages["schema.md"] += [f"| `{name}` | {sum(1 for rec in recs if name in rec)} records |" for name in fields]
    every = sorted(((label[plural][rid], plural, rid) for plural in label for rid in label[plural]), key=lambda x: x[0].casefold())
    pages["browse.md"] = ["# Every record, A–Z", ""] + [f"- {link(plural, rid, '')}" for _, plural, rid in every]
    for plural, title in (("sources", "Sources"), ("organisations", "Organisations"), ("people", "People"), ("quotes", "Quotes")):
        ids = sorted(label[plural], key=lambda rid: label[plural][rid].casefold())
        pages[f"{plural}.md"] = [f"# {title}", ""] + [f"- {link(plural, rid, '')}" for rid in ids]
    pages["index.md"] = ["# Benchmark", "", f"A synthetic data set of {data.n_events:,} events, as plain Markdown pages."]
    return pages


def _label(plural: str, rec: dict[str, Any], lang: str = "en") -> str:
    if plural == "quotes":
        words = rec["text"].split()
        return " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    return text(rec.get("title") or rec["name"], lang)


def _md_text(value: str) -> str:
    return value.replace("[", "\\[").replace("]", "\\]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", type=int, help="number of events")
    parser.add_argument("out", type=Path, help="the project directory to write (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plain", type=Path, help="also write the plain MkDocs project here")
    args = parser.parse_args(argv)
    data = generate(args.events, args.seed)
    write_project(data, args.out)
    if args.plain:
        write_plain(data, args.plain)
    print(f"{args.out}: {data.count():,} records ({', '.join(f'{len(v):,} {k}' for k, v in data.records.items())})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
