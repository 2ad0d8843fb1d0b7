"""The naming rules, in one place: service names, subtypes, instance and host names.

- Service names follow RFC 6335 s5.1 (``service_name_problem``); ``ServiceType.parse``
  accepts ``wot``, ``wot/udp``, ``_wot._udp``, ``_wot._udp.local.`` and subtype forms
  such as ``_printer._sub._http._tcp``; a bare name means tcp.
- A subtype is one DNS label (RFC 6763 s7.1): ``printer`` and ``_printer`` both mean
  ``_printer._sub._http._tcp.local.`` (``subtype_label``, ``ServiceType.fqdn``).
- An instance name is 1-63 bytes of UTF-8 without control characters (RFC 6763
  s4.1.1); the checks report it as R014/R015.
- A host name (the SRV target) is letters, digits and hyphens per label (RFC 1123
  s2.1); a bare host gets the ``.local.`` domain (``host_fqdn``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import UnknownServiceError

__all__ = [
    "PROTOCOLS",
    "ServiceType",
    "host_fqdn",
    "instance_host",
    "service_name_advertisable",
    "service_name_problem",
    "subtype_label",
]

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


_LABEL_CHARS = re.compile(r"[A-Za-z0-9-]{1,62}")


def service_name_advertisable(name: str) -> bool:
    """Whether DNS-SD can carry ``name`` at all: one label ``_name`` of at most 63 bytes
    (RFC 6763 s7.2, RFC 1035 s2.3.4) of letters, digits and hyphens.

    A name that is advertisable but breaks RFC 6335 s5.1 (more than 15 characters, no
    letter, hyphens at an end or doubled) works on the wire; devices in use send such
    names (``_androidtvremote2``), so the checks warn about them instead of failing.
    """
    return _LABEL_CHARS.fullmatch(name) is not None


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

    def fqdn(self, domain: str = "local.", subtype: str | None = None) -> str:
        """The type as zeroconf wants it, e.g. ``_wot._udp.local.``.

        With a ``subtype`` (``printer`` or ``_printer``), the subtype's browse name
        ``_printer._sub._http._tcp.local.`` (RFC 6763 s7.1).
        """
        base = f"{self.dns_sd}.{domain}"
        return f"{subtype_label(subtype)}._sub.{base}" if subtype else base

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


_SUBTYPE_CHARS = re.compile(r"_[A-Za-z0-9_-]{1,62}")
_HOST_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def subtype_label(text: str) -> str:
    """A subtype as its DNS label with the leading underscore: ``printer`` -> ``_printer``.

    RFC 6763 s7.1 makes a subtype one label of at most 63 bytes; txtkeys asks for
    letters, digits, hyphens and underscores, as subtypes are written in practice, so
    the label means the same to every receiver. UnknownServiceError says how to fix it.
    """
    raw = text.strip()
    label = raw if raw.startswith("_") else f"_{raw}"
    if not _SUBTYPE_CHARS.fullmatch(label):
        raise UnknownServiceError(
            f"subtype {text!r} is not usable: write one label of letters, digits and "
            "hyphens, at most 62 characters, such as 'printer' or '_printer' (RFC 6763 s7.1)"
        )
    return label


def host_fqdn(text: str, domain: str = "local.") -> str:
    """A host name as an SRV target: ``myhost`` -> ``myhost.local.``, ``h.example.`` kept.

    A name without a dot gets ``domain``; a name without the final dot gets one. Each
    label is letters, digits and inner hyphens (RFC 1123 s2.1), 1-63 characters, the
    whole at most 253; UnknownServiceError says how to fix anything else.
    """
    raw = text.strip()
    name = raw.rstrip(".")
    full = name if "." in name else f"{name}.{domain.rstrip('.')}"
    labels = full.split(".")
    if not name or len(full) > 253 or not all(_HOST_LABEL.fullmatch(x) for x in labels):
        raise UnknownServiceError(
            f"host name {text!r} is not usable: write labels of letters, digits and hyphens "
            "(not at either end), such as 'lamp' or 'lamp.local' (RFC 1123 s2.1)"
        )
    return full + "."


def instance_host(instance: str, domain: str = "local.") -> str:
    """A host name made from an instance name, for when no host is given."""
    host = "".join(c if c.isascii() and c.isalnum() else "-" for c in instance)
    host = re.sub("-{2,}", "-", host).strip("-")[:63].strip("-")
    return f"{host or 'host'}.{domain}"
