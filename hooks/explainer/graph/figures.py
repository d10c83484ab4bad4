"""Contested figures: every source's version of a number, where they disagree, and who they trace back to."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.records import Claim, Figure, Party, Source

Origin = tuple[str, str]


def claim_range(claim: Claim) -> tuple[int, int]:
    return (claim.value, claim.upper if claim.upper is not None else claim.value)


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
