"""Contested figures: every source's version of a number, where they disagree, and who they trace back to."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.records import Claim, Figure, Party, Source

QUALIFIER_TEXT = {
    "exact": "",
    "about": "about",
    "estimated": "an estimated",
    "more-than": "more than",
    "at-least": "at least",
    "up-to": "up to",
    "fewer-than": "fewer than",
}

Origin = tuple[str, str]


def claim_range(claim: Claim) -> tuple[int, int]:
    return (claim.value, claim.upper if claim.upper is not None else claim.value)


def claim_text(claim: Claim) -> str:
    """The number as the source qualifies it: "about 200", "50–60"."""
    low, high = claim_range(claim)
    number = f"{low:,}" if low == high else f"{low:,}–{high:,}"
    qualifier = QUALIFIER_TEXT[claim.qualifier]
    return f"{qualifier} {number}".strip()


def origin(claim: Claim, source: Source) -> Origin:
    """Where a claim comes from in the end: the last party the chain credits, or the publisher."""
    if claim.attributed_to:
        return party_key(claim.attributed_to[-1])
    return ("organisation", source.publisher)


def party_key(party: Party) -> Origin:
    if party.person:
        return ("person", party.person)
    if party.organisation:
        return ("organisation", party.organisation)
    return ("description", " ".join((party.description or "").casefold().split()))


@dataclass(frozen=True)
class FigureView:
    """A figure as a reader sees it: its claims, their spread, and whether the sources disagree."""

    figure: Figure
    low: int
    high: int
    disagree: bool
    values: int
    origins: int

    @property
    def range_text(self) -> str:
        return f"{self.low:,}" if self.low == self.high else f"{self.low:,}–{self.high:,}"


def view_figure(figure: Figure, sources: dict[str, Source] | None = None) -> FigureView:
    """Summarise a figure's claims; ``sources`` lets two reports of one origin count once."""
    ranges = [claim_range(c) for c in figure.claims]
    origins = {origin(c, sources[c.source]) if sources else (c.source, "") for c in figure.claims}
    return FigureView(
        figure=figure,
        low=min(r[0] for r in ranges),
        high=max(r[1] for r in ranges),
        disagree=len(set(ranges)) > 1,
        values=len(set(ranges)),
        origins=len(origins),
    )
