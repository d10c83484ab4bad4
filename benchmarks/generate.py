"""Write a synthetic, valid project of N events (and proportional other records) for the benchmark.

The output is deterministic for a given N and seed and needs no network. Besides ``data/`` and a
small ``content/``, it writes a ``mkdocs.yml`` and the two-line hook shim of a publication, so the
project builds with the installed engine exactly as a real publication does. :func:`write_plain` writes
the same records as plain Markdown pages, for a build of MkDocs and Material without our engine.

    python benchmarks/generate.py 1000 /tmp/bench-1000
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
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

    def word(self) -> str:
        return self.vocab[bisect.bisect(self.cum, self.rng.random() * self.cum[-1])]

    def name(self) -> str:
        return self.rng.choice(self.pseudo).capitalize()

    def words(self, n: int) -> list[str]:
        return [self.word() for _ in range(n)]

    def sentence(self, n: int) -> str:
        words = self.words(n)
        return " ".join(words).capitalize() + "."

    def text(self, low: int, high: int) -> str:
        """Sentences of 6 to 20 words adding up to between ``low`` and ``high`` words."""
        total = self.rng.randint(low, high)
        sentences = []
        while total > 0:
            n = min(total, self.rng.randint(6, 20))
            sentences.append(self.sentence(max(n, 3)))
            total -= n
        return " ".join(sentences)

    def title(self) -> str:
        words = self.words(self.rng.randint(6, 12))
        return " ".join(words).capitalize()

    def slug(self, n: int = 3) -> str:
        return "-".join(self.rng.choice(self.pseudo) for _ in range(n))


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


def generate(n_events: int, seed: int = 1) -> Dataset:
    """The records of a project with ``n_events`` events and proportional other records."""
    rng = random.Random(seed)
    w = Words(rng)
    n_sources = max(5, n_events // 5)
    n_orgs = max(5, n_events // 50)
    n_people = max(5, n_events // 20)
    n_quotes = max(2, n_events // 2)

    orgs: list[dict[str, Any]] = []
    for i in range(n_orgs):
        kind = rng.choice(list(KIND_WORDS))
        name = f"{w.name()} {w.name()} {rng.choice(KIND_WORDS[kind])}"
        org: dict[str, Any] = {"id": f"{w.slug(2)}-{i}", "name": name, "kind": kind}
        if rng.random() < 0.6:
            org["short_name"] = "".join(part[0] for part in name.split() if part[0].isalpha()).upper()
        if rng.random() < 0.3:
            org["native_name"] = _hangul(rng, rng.randint(4, 9))
        if rng.random() < 0.7:
            org["based_in"] = w.name()
        if rng.random() < 0.7:
            org["website"] = f"https://www.{org['id']}.example.org/"
        org["description"] = w.text(30, 80)
        orgs.append(org)

    people: list[dict[str, Any]] = []
    for i in range(n_people):
        person: dict[str, Any] = {"id": "", "name": f"{w.name()} {w.name()}-{w.rng.choice(w.pseudo)}"}
        person["id"] = "-".join(person["name"].lower().replace("-", " ").split()) + f"-{i}"
        if rng.random() < 0.4:
            person["native_name"] = _hangul(rng, 3)
        person["roles"] = [
            {"title": rng.choice(ROLE_TITLES), "organisation": rng.choice(orgs)["id"]} for _ in range(rng.choice((0, 1, 1, 1, 2)))
        ]
        if not person["roles"]:
            del person["roles"]
        person["description"] = w.text(30, 80)
        people.append(person)

    sources: list[dict[str, Any]] = []
    for i in range(n_sources):
        publisher = rng.choice(orgs)["id"]
        published = _day(rng, 1995, 2025)
        source: dict[str, Any] = {
            "id": f"{publisher.rsplit('-', 1)[0]}-{published}-{w.slug(2)}-{i}",
            "title": w.title(),
            "kind": rng.choice(SOURCE_KINDS),
            "publisher": publisher,
        }
        authors = [rng.choice(people)["id"] for _ in range(rng.choice((0, 0, 1, 1, 2)))]
        if authors:
            source["authors"] = sorted(set(authors))
        source["published"] = published
        source["url"] = f"https://www.{publisher}.example.org/{published[:4]}/{w.slug(3)}"
        if rng.random() < 0.3:
            source["archive_url"] = f"https://archive.example.org/web/{published.replace('-', '')}/{source['url']}"
        source["accessed"] = "2026-01"
        if rng.random() < 0.1:
            source["language"] = "ko"
        source["summary"] = w.text(60, 150)
        sources.append(source)

    def citation(excerpt_words: tuple[int, int] = (12, 40)) -> dict[str, Any]:
        cite: dict[str, Any] = {"source": rng.choice(sources)["id"], "excerpt": w.sentence(rng.randint(*excerpt_words))}
        if rng.random() < 0.5:
            cite["locator"] = f"paragraph {rng.randint(1, 30)}"
        if rng.random() < 0.25:
            cite["attributed_to"] = [_party(rng, w, orgs, people) for _ in range(rng.choice((1, 1, 2)))]
        return cite

    for rec in (*orgs, *people):
        rec["citations"] = [citation()]

    events: list[dict[str, Any]] = []
    for i in range(n_events):
        date = _date(rng)
        event: dict[str, Any] = {"id": f"{date.split('/')[0]}-{w.slug(2)}-{i}", "title": w.title(), "date": date}
        if rng.random() < 0.6:
            event["place"] = f"{w.name()}, {w.name()} Province"
        event["summary"] = w.text(60, 150)
        cites = [citation() for _ in range(rng.randint(1, 3))]
        event["citations"] = list({c["source"]: c for c in cites}.values())
        if rng.random() < 0.2:
            claims = []
            for _ in range(rng.randint(1, 3)):
                claim = citation()
                claim["value"] = rng.choice((12, 50, 60, 200, 500, 600, 2000))
                if rng.random() < 0.2:
                    claim["upper"] = claim["value"] * 2
                claim["qualifier"] = rng.choice(QUALIFIERS)
                claims.append(claim)
            event["figures"] = [{"measure": "people " + " ".join(w.words(rng.randint(2, 5))), "claims": claims}]
        participants = []
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            party = _party(rng, w, orgs, people, unnamed=0.0)
            party["role"] = rng.choice(PARTICIPANT_ROLES)
            participants.append(party)
        if participants:
            event["participants"] = participants
        event["tags"] = sorted({f"topic-{rng.randint(1, 40)}" for _ in range(rng.randint(1, 3))})
        if rng.random() < 0.05:
            event["notes"] = [{"kind": "context", "text": w.text(20, 50), "citations": [citation()]}]
        events.append(event)
    for i, event in enumerate(events):
        if i and rng.random() < 0.4:
            others = {events[rng.randrange(len(events))]["id"] for _ in range(rng.randint(1, 2))} - {event["id"]}
            if others:
                event["related"] = sorted(others)

    quotes: list[dict[str, Any]] = []
    for i in range(n_quotes):
        text = w.sentence(rng.randint(8, 30))
        speaker = _party(rng, w, orgs, people, unnamed=0.1)
        who = speaker.get("person") or speaker.get("organisation") or "unnamed"
        quote: dict[str, Any] = {"id": f"{who.rsplit('-', 1)[0][:40].rstrip('-')}-{w.slug(2)}-{i}", "text": text, "speaker": speaker}
        if rng.random() < 0.5:
            quote["speaker_role"] = f"{rng.choice(ROLE_TITLES)}, {w.name()}"
        if rng.random() < 0.8:
            quote["date"] = _day(rng, 2000, 2025)
        if rng.random() < 0.5:
            quote["said_to"] = rng.choice(orgs)["id"]
        if rng.random() < 0.6:
            quote["context"] = w.text(20, 60)
        quote["about"] = sorted({rng.choice(events)["id"] for _ in range(rng.randint(1, 2))})
        cite = citation()
        lead = " ".join(w.words(rng.randint(2, 8))).capitalize()
        cite["excerpt"] = f"{lead}: \u201c{text[:-1]},\u201d {w.name()} said."
        quote["citations"] = [cite]
        quotes.append(quote)

    return Dataset(n_events, {"sources": sources, "organisations": orgs, "people": people, "events": events, "quotes": quotes})


def _party(rng: random.Random, w: Words, orgs: list[dict[str, Any]], people: list[dict[str, Any]], unnamed: float = 0.15) -> dict[str, Any]:
    roll = rng.random()
    if roll < unnamed:
        return {"description": rng.choice(UNNAMED)}
    if roll < 0.6:
        return {"person": rng.choice(people)["id"]}
    return {"organisation": rng.choice(orgs)["id"]}


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
    (content / "index.md").write_text(
        "# Benchmark\n\n"
        f"A synthetic data set of {data.n_events:,} events and {data.count() - data.n_events:,} other records.\n"
        f'The first event is [[event:{event["id"]}]], reported by one source.[@{cite["source"]} "{words}…"]\n\n'
        f"![[event:{event['id']}]]\n",
        encoding="utf-8",
    )
    config = _base_config()
    config["hooks"] = ["hooks/mkdocs_hooks.py"]
    (out / "hooks").mkdir()
    shutil.copy(ROOT / "hooks" / "mkdocs_hooks.py", out / "hooks" / "mkdocs_hooks.py")
    tags = sorted({tag for rec in data.records["events"] for tag in rec.get("tags", [])}, key=lambda tag: int(tag.split("-")[1]))
    config["extra"] = {
        "explainer": {
            "licence": "CC0-1.0",
            "names_language": "ko",
            "vocabularies": {"tags": {tag: tag.replace("-", " ").capitalize() for tag in tags}},
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


def write_plain(data: Dataset, out: Path) -> Path:
    """Write the same records as plain Markdown pages (out of the nav) and a plain mkdocs.yml."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    label = {plural: {r["id"]: _label(plural, r) for r in recs} for plural, recs in data.records.items()}

    def link(plural: str, rid: str, up: str = "../") -> str:
        return f"[{_md_text(label[plural][rid])}]({up}{plural}/{rid}.md)"

    def party(p: dict[str, Any]) -> str:
        if p.get("person"):
            return link("people", p["person"])
        if p.get("organisation"):
            return link("organisations", p["organisation"])
        return _md_text(p["description"])

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
                f"{n}. {link('sources', cite['source'])}. {link('organisations', src['publisher'])}, {src['published']}. [Original]({src['url']})"
            )
            if cite.get("excerpt"):
                lines.append(f"    > {_md_text(cite['excerpt'])}")
            if cite.get("attributed_to"):
                lines.append("    Reported by " + ", citing ".join(party(p) for p in cite["attributed_to"]) + ".")
        return lines

    sources = {s["id"]: s for s in data.records["sources"]}
    quotes_about: dict[str, list[dict[str, Any]]] = {}
    for q in data.records["quotes"]:
        for eid in q["about"]:
            quotes_about.setdefault(eid, []).append(q)
    timeline = sorted(data.records["events"], key=lambda e: (e["date"], e["id"]))
    position = {e["id"]: i for i, e in enumerate(timeline)}

    pages: dict[str, list[str]] = {}
    for e in data.records["events"]:
        lines = [
            f"# {_md_text(e['title'])}",
            "",
            f"Event · {e['date']}" + (f" · {_md_text(e['place'])}" if e.get("place") else ""),
            "",
            e["summary"],
        ]
        for fig in e.get("figures", []):
            lines += ["", "## Figures", "", f"**{fig['measure']}**", ""]
            lines += [f"- {c['qualifier']} {c['value']}, according to {link('sources', c['source'])}" for c in fig["claims"]]
        if e.get("participants"):
            lines += ["", "## Who took part", ""] + [f"- {party(p)}: {p['role']}" for p in e["participants"]]
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
        pages[f"events/{e['id']}.md"] = lines + references(e)
    for s in data.records["sources"]:
        lines = [f"# {_md_text(s['title'])}", "", f"Source · {s['kind']}", "", f"Publisher: {link('organisations', s['publisher'])}", ""]
        if s.get("authors"):
            lines += ["Authors: " + ", ".join(link("people", a) for a in s["authors"]), ""]
        lines += [f"Published: {s['published']}", "", f"Address: <{s['url']}>", "", "## Summary", "", s["summary"]]
        pages[f"sources/{s['id']}.md"] = lines
    for o in data.records["organisations"]:
        lines = [
            f"# {_md_text(o['name'])}",
            "",
            f"Organisation · {o['kind']}" + (f" · based in {o['based_in']}" if o.get("based_in") else ""),
            "",
            o["description"],
        ]
        pages[f"organisations/{o['id']}.md"] = lines + references(o)
    for p in data.records["people"]:
        lines = [f"# {_md_text(p['name'])}", "", "Person" + (f" {p['native_name']}" if p.get("native_name") else ""), "", p["description"]]
        if p.get("roles"):
            lines += ["", "## Roles", ""] + [f"- {r['title']}, {link('organisations', r['organisation'])}" for r in p["roles"]]
        pages[f"people/{p['id']}.md"] = lines + references(p)
    for q in data.records["quotes"]:
        lines = [
            f"# Quote: {_md_text(label['quotes'][q['id']])}",
            "",
            f"> {_md_text(q['text'])}",
            "",
            party(q["speaker"]) + (f", {q['speaker_role']}" if q.get("speaker_role") else ""),
        ]
        if q.get("context"):
            lines += ["", "## Context", "", q["context"]]
        lines += ["", "## About", ""] + [f"- {link('events', eid)}" for eid in q["about"]]
        pages[f"quotes/{q['id']}.md"] = lines + references(q)
    # The index pages, in the navigation as on the real site.
    pages["timeline.md"] = ["# Timeline", ""] + [f"- {e['date']}: {link('events', e['id'], '')}" for e in timeline]
    for plural, title in (("sources", "Sources"), ("organisations", "Organisations"), ("people", "People"), ("quotes", "Quotes")):
        ids = sorted(label[plural], key=lambda rid: label[plural][rid].casefold())
        pages[f"{plural}.md"] = [f"# {title}", ""] + [f"- {link(plural, rid, '')}" for rid in ids]
    pages["index.md"] = ["# Benchmark", "", f"A synthetic data set of {data.n_events:,} events, as plain Markdown pages."]

    for rel, lines in pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = _base_config()
    config["docs_dir"] = "docs"
    config["not_in_nav"] = "\n".join(f"/{plural}/" for plural in data.records)
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def _label(plural: str, rec: dict[str, Any]) -> str:
    if plural == "quotes":
        words = rec["text"].split()
        return " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    return rec.get("title") or rec["name"]


def _md_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


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
