"""Service names (RFC 6335 s5.1) and the ways users write a DNS-SD service type.

``ServiceType.parse`` accepts ``wot``, ``wot/udp``, ``_wot._udp``, ``_wot._udp.local.``
and subtype forms such as ``_printer._sub._http._tcp``; a bare name means tcp.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import UnknownServiceError

__all__ = ["PROTOCOLS", "ServiceType", "service_name_problem"]

PROTOCOLS = ("tcp", "udp", "sctp", "dccp")

_NAME_CHARS = re.compile(r"[A-Za-z0-9-]+")


def service_name_problem(name: str) -> str | None:
    """Why ``name`` is not a valid RFC 6335 s5.1 service name, or None when it is."""
    if not 1 <= len(name) <= 15:
        return f"{name!r} has {len(name)} characters; a service name has 1 to 15"
    if not _NAME_CHARS.fullmatch(name):
        bad = sorted({c for c in name if not (c.isascii() and (c.isalnum() or c == "-"))})
        return f"{name!r} contains {''.join(bad)!r}; only letters, digits and hyphens are allowed"
    if not any(c.isalpha() for c in name):
        return f"{name!r} has no letter; a service name needs at least one"
    if name.startswith("-") or name.endswith("-"):
        return f"{name!r} starts or ends with a hyphen"
    if "--" in name:
        return f"{name!r} has two hyphens in a row"
    return None


@dataclass(frozen=True)
class ServiceType:
    """A service name with its transport protocol and an optional subtype."""

    name: str
    protocol: str = "tcp"
    subtype: str | None = None
    protocol_given: bool = False

    @property
    def dns_sd(self) -> str:
        """The DNS-SD type, ``_name._tcp`` or ``_name._udp`` (RFC 6763 s7)."""
        return f"_{self.name}._{'tcp' if self.protocol == 'tcp' else 'udp'}"

    def fqdn(self, domain: str = "local.") -> str:
        """The type as zeroconf wants it, e.g. ``_wot._udp.local.``."""
        return f"{self.dns_sd}.{domain}"

    def __str__(self) -> str:
        return f"{self.name}/{self.protocol}"

    @classmethod
    def parse(cls, text: str) -> ServiceType:
        """Read any of the accepted spellings; raise UnknownServiceError if none fits."""
        raw = text.strip()
        if not raw:
            raise UnknownServiceError("empty service name: give one such as 'wot' or '_wot._udp'")
        if "/" in raw and not raw.startswith("_"):
            name, _, proto = raw.partition("/")
            return cls(name.strip(), cls._protocol(proto, text), None, True)
        if not raw.startswith("_"):
            return cls(raw)
        labels = [label for label in raw.rstrip(".").split(".") if label]
        if labels and labels[-1].lower() == "local":
            labels.pop()
        subtype = None
        if len(labels) >= 4 and labels[1].lower() == "_sub":
            subtype = labels[0]
            labels = labels[2:]
        if len(labels) == 1:
            return cls(labels[0][1:] if labels[0].startswith("_") else labels[0])
        if len(labels) != 2 or not labels[1].startswith("_") or not labels[0].startswith("_"):
            raise UnknownServiceError(
                f"cannot read service type {text!r}: write it as 'name', 'name/udp', "
                "'_name._tcp' or '_sub._sub._name._tcp'"
            )
        return cls(labels[0][1:], cls._protocol(labels[1][1:], text), subtype, True)

    @staticmethod
    def _protocol(proto: str, text: str) -> str:
        proto = proto.strip().lower()
        if proto not in PROTOCOLS:
            raise UnknownServiceError(
                f"unknown protocol {proto!r} in {text!r}: use one of {', '.join(PROTOCOLS)}"
            )
        return proto
