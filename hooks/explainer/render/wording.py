"""Numbers, ranges and qualified figures in an edition's words: "about 200 people", "약 200명"."""

from __future__ import annotations

from ..graph.figures import claim_range
from ..model.records import Claim
from .messages import Messages


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it here (gettext_noop)."""
    return message


RECORD_KINDS = {
    "event": N_("Event"),
    "source": N_("Source"),
    "organisation": N_("Organisation"),
    "person": N_("Person"),
    "quote": N_("Quote"),
}
"""What each record type is called, as message ids."""

UNITS = {"people": N_("people"), "percent": N_("percent")}
"""The units the engine knows by name, which the catalogues translate where a record gives no
version of its own (``unit: people`` is the default)."""

QUALIFIERS = {
    "exact": N_("%(number)s"),
    "about": N_("about %(number)s"),
    "estimated": N_("an estimated %(number)s"),
    "more-than": N_("more than %(number)s"),
    "at-least": N_("at least %(number)s"),
    "up-to": N_("up to %(number)s"),
    "fewer-than": N_("fewer than %(number)s"),
}
"""How a source qualifies a number, as message ids."""


def number_range(low: int, high: int, messages: Messages) -> str:
    """One number, or a range of two, as the language writes them: "2,000", "50–60"."""
    if low == high:
        return messages.number(low)
    return messages.gettext("%(low)s–%(high)s") % {"low": messages.number(low), "high": messages.number(high)}


def date_range(start: str, end: str, messages: Messages) -> str:
    """Two dates as one range, written as the numbers' ranges are: "2020–2023", "2020년–2023년";
    dates of several words keep a space either side of the dash ("March 2020 – May 2023")."""
    if " " in start or " " in end:
        return messages.gettext("%(start)s – %(end)s") % {"start": start, "end": end}
    return messages.gettext("%(start)s–%(end)s") % {"start": start, "end": end}


def claim_text(claim: Claim, messages: Messages) -> str:
    """The number as the source qualifies it: "about 200", "50–60"."""
    low, high = claim_range(claim)
    return messages.gettext(QUALIFIERS[claim.qualifier]) % {"number": number_range(low, high, messages)}
