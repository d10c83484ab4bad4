"""Contested figures: every source's version of a number, where they disagree, and who they trace back to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model.records import Claim, Figure, Party, Source

Origin = tuple[str, str]


def claim_range(claim: Claim) -> tuple[int, int]:
    return (claim.value, claim.upper if claim.upper is not None else claim.value)


def party_key(party: Party) -> Origin:
    if party.person:
        return ("person", party.person)
    if party.organisation:
        return ("organisation", party.organisation)
    return ("description", " ".join((party.description or "").casefold().split()))


def party_keys(party: Party) -> list[Origin]:
    """Every identity a party stands for: a person speaking for an organisation is both."""
    keys: list[Origin] = []
    if party.person:
        keys.append(("person", party.person))
    if party.organisation:
        keys.append(("organisation", party.organisation))
    if not keys:
        keys.append(party_key(party))
    return keys


def chain_of(claim: Claim, source: Source | None) -> list[Party]:
    """The parties a claim's information passes through, nearest first; the publisher when it credits no one."""
    if claim.attributed_to:
        return list(claim.attributed_to)
    if source is not None:
        return [Party(organisation=source.publisher)]
    # Without the source records, a claim that credits no one stands for its source alone.
    return [Party(description=claim.source)]


@dataclass(frozen=True)
class OriginGroup:
    """One independent origin of a figure, as a reader is told it.

    Attributes:
        party: the origin: the party most of its reports pass through.
        via: for an origin known only by a description, who reports it (the party before it in
            the chain, or the publisher), so that "rights groups" reads as whose rights groups.
        reports: how many of the figure's claims trace back to it.
    """

    party: Party
    via: Party | None
    reports: int


def group_origins(chains: Sequence[Sequence[Party]], publishers: Sequence[Party | None] = ()) -> list[OriginGroup]:
    """Group claims that trace back to the same origin.

    Two claims share an origin when their chains name a common party: a group and the source it
    relays ("HRW, citing a missionary" and "HRW"), or a person and the organisation they speak for.
    The link is transitive. Each group is named by the party most of its reports pass through,
    the one furthest down the chain on a tie (the origin rather than a relay).

    Args:
        chains: each claim's parties, nearest first (see ``chain_of``).
        publishers: each claim's publisher, to say who reports an origin known only by a description.

    Returns:
        The groups in the order their first claim appears.
    """
    parent = list(range(len(chains)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[Origin, int] = {}
    for i, chain in enumerate(chains):
        for party in chain:
            for key in party_keys(party):
                j = first_with.setdefault(key, i)
                parent[find(i)] = find(j)
    members: dict[int, list[int]] = {}
    for i in range(len(chains)):
        members.setdefault(find(i), []).append(i)
    groups = []
    for idx in members.values():
        first = idx[0]
        party, via = _name_of([chains[i] for i in idx], publishers[first] if first < len(publishers) else None)
        groups.append(OriginGroup(party, via, len(idx)))
    return groups


def _name_of(chains: list[Sequence[Party]], publisher: Party | None) -> tuple[Party, Party | None]:
    counts: dict[Origin, int] = {}
    for chain in chains:
        for key in {k for party in chain for k in party_keys(party)}:
            counts[key] = counts.get(key, 0) + 1
    best = max(counts.values())
    chain = chains[0]
    # The first claim's chain, deepest first: its furthest party among the most shared.
    at = next(i for i in reversed(range(len(chain))) if any(counts[k] == best for k in party_keys(chain[i])))
    party = chain[at]
    if party.person and party.organisation and counts[("person", party.person)] < best:
        # Two people speaking for one body: the body is the shared origin, not either person.
        return Party(organisation=party.organisation), None
    if party.person or party.organisation:
        return party, None
    return party, chain[at - 1] if at > 0 else publisher


@dataclass(frozen=True)
class FigureView:
    """A figure as a reader sees it: its claims, their spread, and whether the sources disagree."""

    figure: Figure
    low: int
    high: int
    disagree: bool
    values: int
    origin_groups: tuple[OriginGroup, ...]

    @property
    def origins(self) -> int:
        """How many independent origins the claims trace back to."""
        return len(self.origin_groups)


def view_figure(figure: Figure, sources: dict[str, Source] | None = None) -> FigureView:
    """Summarise a figure's claims; ``sources`` lets two reports of one origin count once."""
    ranges = [claim_range(c) for c in figure.claims]
    found = [sources.get(c.source) if sources else None for c in figure.claims]
    chains = [chain_of(c, source) for c, source in zip(figure.claims, found, strict=True)]
    publishers = [Party(organisation=source.publisher) if source else None for source in found]
    return FigureView(
        figure=figure,
        low=min(r[0] for r in ranges),
        high=max(r[1] for r in ranges),
        disagree=len(set(ranges)) > 1,
        values=len(set(ranges)),
        origin_groups=tuple(group_origins(chains, publishers)),
    )
