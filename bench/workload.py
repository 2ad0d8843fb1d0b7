"""A realistic validate workload: never-seen TXT records over the services with the richest schemas.

Each record is made fresh from a seeded ``random.Random``: a service drawn from the
``SERVICES`` (default 50) registry services whose notes say the most about their keys
(kinds, choices, fixed values, lengths, ranges, required and secret keys), 1 to 20
keys (the service's own, in a random selection, plus vendor keys it does not define),
10 to 1300 bytes of RDATA, and values drawn per record following each key's facts:
a choice of its choices, its fixed value, a hex string of the stated length, an
integer inside its range, a UUID, MAC, IP, URL, path or version of the right shape,
free text (some of it non-ASCII) for the rest. ``BROKEN`` (30%) of the records are
broken by one mutation: a value outside the choices, off the fixed value, out of
range, too long or short, not hex, a bare key that needs a value, a duplicate key,
a missing required key, a string with no key or a key with bytes RFC 6763 forbids,
a value that is not UTF-8, a cut-short RDATA, and a few that only draw warnings
(txtvers not first, an empty string, a long key, an oversized record).

The facts are read through txtkeys' public API, from what ``txtkeys.validate``
checks against: the ``SchemaSet`` (registry + overlays) where txtkeys has one, else
``Catalogue.default()`` and each entry's ``note.keys``. Same seed, same schemas: same
records.

Run ``python bench/workload.py [--records N] [--seed S]`` for a summary of a workload.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BROKEN",
    "RECORDS",
    "SERVICES",
    "KeyFacts",
    "Record",
    "ServiceFacts",
    "encode",
    "generate",
    "rich_services",
]

SERVICES = 50
RECORDS = 10_000
BROKEN = 0.30
MIN_SIZE, MAX_SIZE = 10, 1300
MIN_KEYS, MAX_KEYS = 1, 20
SEED = 6763

# The kinds whose values are read as text (txtkeys' KeyKind values).
TEXT_KINDS = frozenset(
    {"text", "enum", "boolean", "integer", "number", "hex", "uuid", "url", "path", "version"}
    | {"mac", "ip", "host"}
)


@dataclass(frozen=True, slots=True)
class KeyFacts:
    """What a service's schema says about one key (plain data, read once)."""

    name: str
    kind: str = "any"
    choices: tuple[str, ...] = ()
    fixed: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    pattern: str | None = None
    required: bool = False
    secret: bool = False
    origin: str = "registry"  # where the definition comes from: registry, overlay, user
    key_pattern: str | None = None  # a numbered family (dkN): names matching it are this key
    deprecated: tuple[tuple[str, str], ...] = ()  # (value, why): values an older spec allowed
    lenient: bool = False  # devices break its constraints: its findings are notes only

    @classmethod
    def of(cls, key: Any) -> KeyFacts:
        """From a ``txtkeys.KeySchema`` (or anything with its attributes)."""
        kind = getattr(key, "kind", "any")
        origin = getattr(key, "origin", "registry")
        return cls(
            name=key.name,
            kind=str(getattr(kind, "value", kind)),
            choices=tuple(getattr(key, "choices", ()) or ()),
            fixed=getattr(key, "fixed", None),
            min_length=getattr(key, "min_length", None),
            max_length=getattr(key, "max_length", None),
            minimum=getattr(key, "minimum", None),
            maximum=getattr(key, "maximum", None),
            pattern=getattr(key, "pattern", None),
            required=getattr(key, "optional", None) is False,
            secret=bool(getattr(key, "secret", False)),
            origin=str(getattr(origin, "value", origin)),
            key_pattern=getattr(key, "key_pattern", None),
            deprecated=tuple(tuple(pair) for pair in getattr(key, "deprecated", ()) or ()),
            lenient=bool(getattr(key, "lenient", False)),
        )

    @property
    def richness(self) -> int:
        facts = (
            self.kind != "any",
            bool(self.choices),
            self.fixed is not None,
            self.min_length is not None or self.max_length is not None,
            self.minimum is not None or self.maximum is not None,
            self.pattern is not None,
            self.required,
            self.secret,
        )
        return 1 + sum(facts)


@dataclass(frozen=True, slots=True)
class ServiceFacts:
    """A service type as ``validate`` takes it, and what its note says."""

    service: str  # "_name._proto"
    status: str  # the note's status ("keys", "none", ...)
    extensible: bool
    keys: tuple[KeyFacts, ...]

    @property
    def richness(self) -> int:
        return sum(key.richness for key in self.keys)


@dataclass(frozen=True, slots=True)
class Record:
    """One generated record: its service, its RDATA, and the mutation that broke it (if any)."""

    service: str
    rdata: bytes
    mutation: str | None = None


def _status(note: Any) -> str:
    status = getattr(note, "status", "unspecified")
    return str(getattr(status, "value", status))


def service_facts(catalogue: Any, service: str) -> ServiceFacts | None:
    """The facts ``validate(service, ...)`` checks against, or None if the catalogue lacks it."""
    entry = catalogue.get(service)
    if entry is None:
        return None
    note = entry.note
    return ServiceFacts(
        service,
        _status(note),
        bool(getattr(note, "extensible", False)),
        tuple(KeyFacts.of(key) for key in note.keys),
    )


def _candidates(catalogue: Any) -> list[ServiceFacts]:
    """One ``ServiceFacts`` per DNS-SD usable name whose schema lists keys.

    Where txtkeys has a ``SchemaSet`` (registry + overlay layers, what ``validate``
    checks against) and no catalogue is given, the facts come from it, asked by bare
    name as ``validate`` is then asked; else from the registry catalogue, asked as
    ``_name._proto``.
    """
    import txtkeys

    found: list[ServiceFacts] = []
    schema_set = getattr(txtkeys, "SchemaSet", None)
    if catalogue is None and schema_set is not None:
        schemas = schema_set()
        for name in schemas.names():
            try:
                schema = schemas.resolve(name)
            except txtkeys.TxtkeysError:  # a registry name no service type takes (cl/1)
                continue
            if schema is None or not getattr(schema, "dns_sd_usable", True):
                continue
            if _status(schema) == "keys" and schema.keys:
                keys = tuple(KeyFacts.of(key) for key in schema.keys)
                found.append(ServiceFacts(name, "keys", bool(schema.extensible), keys))
        return found
    if catalogue is None:
        catalogue = txtkeys.Catalogue.default()
    names: set[str] = set()
    for entry in catalogue:
        name = entry.name.lower()
        if name in names or not getattr(entry, "dns_sd_usable", True):
            continue
        if _status(entry.note) != "keys" or not entry.note.keys:
            continue
        names.add(name)
        facts = service_facts(catalogue, f"_{entry.name}._{entry.protocol or 'tcp'}")
        if facts is not None and facts.status == "keys" and facts.keys:
            found.append(facts)
    return found


def rich_services(count: int = SERVICES, catalogue: Any = None) -> list[ServiceFacts]:
    """The ``count`` service types whose schemas define the most, richest first (one per name).

    Only names DNS-SD can advertise (else every record draws R013) and schemas that
    list keys. The order is by richness, then name, so it is the same on every run.
    """
    ranked = sorted(_candidates(catalogue), key=lambda facts: (-facts.richness, facts.service))
    if len(ranked) < count:
        raise SystemExit(f"bench: the catalogue has only {len(ranked)} services with keys")
    return ranked[:count]


def encode(strings: Sequence[bytes]) -> bytes:
    """RDATA of the strings (each must be at most 255 bytes); b"\\x00" for none."""
    if not strings:
        return b"\x00"
    return b"".join(bytes((len(s),)) + s for s in strings)


# -- values -------------------------------------------------------------------------------

_ALNUM = string.ascii_letters + string.digits
_TEXTY = _ALNUM + " -_.,:/+()"
_NON_ASCII = "éüñøßçåäöЖЯ日本語中文€"
_WORDS = [
    "lamp",
    "kitchen",
    "office",
    "printer",
    "studio",
    "garage",
    "living",
    "hall",
    "north",
    "south",
    "rack",
    "node",
    "alpha",
    "beta",
    "gamma",
    "delta",
    "model",
    "pro",
    "mini",
    "max",
    "lite",
    "plus",
    "home",
    "cloud",
    "edge",
]
_VENDOR_KEYS = [
    "fw",
    "hw",
    "sn",
    "rev",
    "vendor",
    "model",
    "mfr",
    "id",
    "ts",
    "sig",
    "cap",
    "mode",
    "loc",
    "zone",
    "ch",
    "ver",
    "build",
    "pk",
    "dev",
    "st",
    "sf",
    "ci",
    "pv",
    "ff",
    "sh",
    "md",
    "ri",
    "flags",
    "feat",
]


class _Values:
    """Random values of each kind, lengths as asked."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def text(self, length: int, *, non_ascii: float = 0.15) -> str:
        rng = self.rng
        if length <= 0:
            return ""
        if rng.random() < non_ascii:
            chars = rng.choices(_TEXTY, k=length)
            for _ in range(max(1, length // 8)):
                chars[rng.randrange(length)] = rng.choice(_NON_ASCII)
            return "".join(chars)
        if rng.random() < 0.5:
            words: list[str] = []
            size = 0
            while size < length:
                word = rng.choice(_WORDS)
                words.append(word)
                size += len(word) + 1
            return " ".join(words)[:length].rstrip() or "x"
        return "".join(rng.choices(_TEXTY, k=length))

    def hex(self, length: int) -> str:
        digits = "0123456789abcdef" if self.rng.random() < 0.7 else "0123456789ABCDEF"
        return "".join(self.rng.choices(digits, k=length))

    def integer(self, low: int | None, high: int | None) -> str:
        rng = self.rng
        lo = low if low is not None else (0 if high is None or high >= 0 else high - 1000)
        hi = high if high is not None else lo + rng.choice((9, 99, 65535, 10**9))
        return str(rng.randint(lo, hi))

    def version(self) -> str:
        rng = self.rng
        parts = [str(rng.randint(0, 20)) for _ in range(rng.randint(1, 4))]
        prefix = "v" if rng.random() < 0.1 else ""
        return prefix + ".".join(parts)

    def uuid(self) -> str:
        h = self.hex(32).lower()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def mac(self) -> str:
        sep = self.rng.choice((":", "-", ""))
        return sep.join(self.hex(2) for _ in range(6))

    def ip(self) -> str:
        rng = self.rng
        if rng.random() < 0.8:
            return ".".join(str(rng.randint(1, 254)) for _ in range(4))
        return "fd00::" + ":".join(f"{rng.randint(0, 0xFFFF):x}" for _ in range(3))

    def host(self, length: int) -> str:
        label = "".join(self.rng.choices(string.ascii_lowercase, k=max(1, length)))
        return f"{label[:60]}.local"

    def path(self, length: int) -> str:
        parts = []
        size = 1
        while size < length:
            part = "".join(self.rng.choices(_ALNUM, k=self.rng.randint(1, 12)))
            parts.append(part)
            size += len(part) + 1
        return ("/" + "/".join(parts))[: max(1, length)]

    def url(self, length: int) -> str:
        scheme = self.rng.choice(("http", "https", "coap", "mqtt"))
        host = self.host(self.rng.randint(3, 10))
        return f"{scheme}://{host}{self.path(max(1, length - len(scheme) - len(host) - 3))}"

    def number(self) -> str:
        return f"{self.rng.uniform(-1000, 1000):.{self.rng.randint(0, 4)}f}"

    def boolean(self) -> str:
        return self.rng.choice(("true", "false", "yes", "no", "1", "0", "on", "off"))


def _free_length(key: KeyFacts) -> bool:
    """Keys whose value length the size budget decides."""
    if key.fixed is not None or key.choices:
        return False
    return key.kind in ("any", "text", "binary", "path", "url", "host")


def _value(key: KeyFacts, values: _Values, length: int) -> bytes | None:
    """A valid value for ``key``; ``length`` is a hint for free-length kinds (bytes)."""
    rng = values.rng
    if key.fixed is not None:
        return key.fixed.encode()
    if key.choices:
        return rng.choice(key.choices).encode()
    kind = key.kind
    low, high = key.min_length, key.max_length
    if low is not None or high is not None:
        lo = low if low is not None else 0
        hi = high if high is not None else max(lo, length)
        length = rng.randint(lo, max(lo, hi)) if kind not in ("hex",) else rng.randint(lo, hi)
    if kind == "flag":
        return None
    if kind == "any":
        roll = rng.random()
        if roll < 0.1 and not key.secret:
            return None
        if roll < 0.15:
            return b""
        return values.text(length, non_ascii=0.05).encode()
    if kind == "text":
        return values.text(max(1, length)).encode()
    if kind == "binary":
        return bytes(rng.randrange(256) for _ in range(length))
    if kind == "hex":
        return values.hex(
            length if low is not None or high is not None else 2 * rng.randint(1, 16)
        ).encode()
    if kind == "integer":
        return values.integer(key.minimum, key.maximum).encode()
    if kind == "number":
        return values.number().encode()
    if kind == "boolean":
        return values.boolean().encode()
    if kind == "version":
        return values.version().encode()
    if kind == "uuid":
        return values.uuid().encode()
    if kind == "mac":
        return values.mac().encode()
    if kind == "ip":
        return values.ip().encode()
    if kind == "host":
        return values.host(max(1, length - 6)).encode()
    if kind == "path":
        return values.path(max(1, length)).encode()
    if kind == "url":
        return values.url(max(12, length)).encode()
    if kind == "enum":
        return values.text(max(1, min(length, 12))).encode()
    return values.text(max(1, length)).encode()


# -- records ------------------------------------------------------------------------------


def _string(key: bytes, value: bytes | None) -> bytes:
    return key if value is None else key + b"=" + value


def _cap(key: bytes, value: bytes | None) -> bytes | None:
    """Shorten a value so its string fits one TXT string (255 bytes)."""
    if value is None or len(key) + 1 + len(value) <= 255:
        return value
    cut = value[: 254 - len(key)]
    return cut.decode("utf-8", "ignore").encode()  # keep text whole characters


def _vendor_key(rng: random.Random, taken: set[bytes]) -> bytes:
    while True:
        base = rng.choice(_VENDOR_KEYS)
        if rng.random() < 0.6:
            tail = rng.randint(1, 9 - len(base))
            base += "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(tail))
        name = base.encode()
        if name.lower() not in taken:
            return name


def _valid_record(
    service: ServiceFacts, rng: random.Random, values: _Values
) -> list[tuple[bytes, bytes | None]]:
    """The (key, value) pairs of a valid record of ``service``, in wire order."""
    wanted_keys = rng.randint(MIN_KEYS, MAX_KEYS)
    # Sizes skew small, as real records do: log-uniform over 10..1300 bytes.
    target = round(MIN_SIZE * (MAX_SIZE / MIN_SIZE) ** rng.random())
    required = [key for key in service.keys if key.required]
    optional = [key for key in service.keys if not key.required]
    defined = required + rng.sample(
        optional, min(len(optional), max(0, wanted_keys - len(required)))
    )
    taken = {key.name.encode().lower() for key in service.keys}
    extras: list[bytes] = []
    while len(defined) + len(extras) < wanted_keys:
        name = _vendor_key(rng, taken)
        taken.add(name.lower())
        extras.append(name)
    free = [key for key in defined if _free_length(key)] + extras
    fixed_size = sum(2 + len(key.name) for key in defined) + sum(2 + len(name) for name in extras)
    budget = max(len(free), target - fixed_size)
    shares = [rng.random() + 0.05 for _ in free]
    total_share = sum(shares) or 1.0
    lengths = {
        id(item): max(1, int(budget * share / total_share))
        for item, share in zip(free, shares, strict=True)
    }
    pairs: list[tuple[bytes, bytes | None]] = []
    for key in defined:
        name = key.name.encode()
        pairs.append((name, _cap(name, _value(key, values, lengths.get(id(key), 8)))))
    for name in extras:
        length = lengths[id(name)]
        value = None if rng.random() < 0.05 else values.text(length, non_ascii=0.05).encode()
        pairs.append((name, _cap(name, value)))
    rng.shuffle(pairs)
    # txtvers goes first (RFC 6763 s6.7), as a well-made record has it.
    for index, (name, _) in enumerate(pairs):
        if name.lower() == b"txtvers":
            pairs.insert(0, pairs.pop(index))
            break
    _fit(pairs, rng, values)
    return pairs


def _size(pairs: Sequence[tuple[bytes, bytes | None]]) -> int:
    return sum(1 + len(_string(key, value)) for key, value in pairs) or 1


def _fit(pairs: list[tuple[bytes, bytes | None]], rng: random.Random, values: _Values) -> None:
    """Keep the record within MIN_SIZE..MAX_SIZE bytes."""
    while _size(pairs) > MAX_SIZE:
        index = max(range(len(pairs)), key=lambda i: len(pairs[i][1] or b""))
        key, value = pairs[index]
        assert value is not None
        pairs[index] = (key, value[: len(value) // 2].decode("utf-8", "ignore").encode())
    short = MIN_SIZE - _size(pairs)
    if short > 0:
        taken = {key.lower() for key, _ in pairs}
        name = _vendor_key(rng, taken)
        pairs.append((name, values.text(max(1, short - len(name) - 2), non_ascii=0).encode()))


# Mutations: name -> weight. Most make the record invalid; the last few only draw warnings.
# A mutation that does not apply to the record (no key with choices, say) is drawn again,
# so the schema ones weigh more: few services have keys they apply to.
MUTATIONS = {
    "bad_choice": 40,
    "wrong_fixed": 30,
    "out_of_range": 20,
    "bad_length": 30,
    "not_hex": 20,
    "bare_needs_value": 10,
    "duplicate_key": 12,
    "missing_required": 40,
    "no_key": 6,
    "bad_key_bytes": 8,
    "truncated": 6,
    "non_utf8": 6,
    "bad_shape": 4,
    "txtvers_late": 3,
    "empty_string": 3,
    "long_key": 2,
    "oversize": 2,
}


def _find(
    pairs: list[tuple[bytes, bytes | None]], service: ServiceFacts, test: Any
) -> list[tuple[int, KeyFacts]]:
    by_name = {key.name.encode().lower(): key for key in service.keys}
    found = []
    for index, (name, _) in enumerate(pairs):
        key = by_name.get(name.lower())
        if key is not None and test(key):
            found.append((index, key))
    return found


def _mutate(
    name: str,
    pairs: list[tuple[bytes, bytes | None]],
    service: ServiceFacts,
    rng: random.Random,
    values: _Values,
) -> bytes | None:
    """Apply mutation ``name``; the RDATA, or None when it does not apply to this record."""
    if name == "bad_choice":
        hits = _find(pairs, service, lambda k: bool(k.choices) and k.fixed is None)
        if not hits:
            return None
        index, key = rng.choice(hits)
        choice = rng.choice(key.choices)
        bad = (
            choice.upper()
            if rng.random() < 0.3 and choice.upper() != choice
            else values.text(rng.randint(1, 12), non_ascii=0)
        )
        if bad in key.choices:
            bad += "x"
        pairs[index] = (pairs[index][0], bad.encode())
    elif name == "wrong_fixed":
        hits = _find(pairs, service, lambda k: k.fixed is not None)
        if not hits:
            return None
        index, key = rng.choice(hits)
        pairs[index] = (pairs[index][0], (key.fixed or "").encode() + b"0")
    elif name == "out_of_range":
        hits = _find(
            pairs,
            service,
            lambda k: (
                k.kind == "integer"
                and (k.minimum is not None or k.maximum is not None)
                and k.fixed is None
                and not k.choices
            ),
        )
        if not hits:
            return None
        index, key = rng.choice(hits)
        number = (
            (key.maximum + rng.randint(1, 1000))
            if key.maximum is not None
            else (key.minimum or 0) - rng.randint(1, 1000)
        )
        pairs[index] = (pairs[index][0], str(number).encode())
    elif name == "bad_length":
        hits = _find(
            pairs,
            service,
            lambda k: (
                (k.min_length is not None or k.max_length is not None)
                and k.fixed is None
                and not k.choices
            ),
        )
        if not hits:
            return None
        index, key = rng.choice(hits)
        if key.max_length is not None and (key.min_length in (None, 0) or rng.random() < 0.5):
            length = key.max_length + rng.randint(1, 10)
        else:
            length = max(0, (key.min_length or 1) - rng.randint(1, key.min_length or 1))
        make = values.hex if key.kind == "hex" else (lambda n: values.text(n, non_ascii=0))
        value = (
            make(length).encode()
            if key.kind != "binary"
            else bytes(rng.randrange(256) for _ in range(length))
        )
        pairs[index] = (pairs[index][0], value)
    elif name == "not_hex":
        hits = _find(
            pairs, service, lambda k: k.kind == "hex" and k.fixed is None and not k.choices
        )
        if not hits:
            return None
        index, _ = rng.choice(hits)
        value = bytearray(pairs[index][1] or b"00")
        value[rng.randrange(len(value))] = ord(rng.choice("ghxzGZ"))
        pairs[index] = (pairs[index][0], bytes(value))
    elif name == "bare_needs_value":
        hits = _find(pairs, service, lambda k: k.kind not in ("any", "flag"))
        if not hits:
            return None
        index, _ = rng.choice(hits)
        pairs[index] = (pairs[index][0], None)
    elif name == "duplicate_key":
        index = rng.randrange(len(pairs))
        key, value = pairs[index]
        again = key.upper() if rng.random() < 0.3 else key
        pairs.insert(rng.randint(index + 1, len(pairs)), (again, (value or b"") + b"2"))
    elif name == "missing_required":
        hits = _find(pairs, service, lambda k: k.required)
        if not hits:
            return None
        index, _ = rng.choice(hits)
        pairs.pop(index)
    elif name == "no_key":
        pairs.insert(
            rng.randint(0, len(pairs)), (b"", values.text(rng.randint(1, 20), non_ascii=0).encode())
        )
        return encode([b"=" + (v or b"") if not k else _string(k, v) for k, v in pairs])
    elif name == "bad_key_bytes":
        index = rng.randrange(len(pairs))
        key, value = pairs[index]
        bad = rng.choice((b"\x01", b"\x7f", "é".encode(), b"\t", b"\xff"))
        at = rng.randint(0, len(key))
        pairs[index] = (key[:at] + bad + key[at:], value)
    elif name == "truncated":
        # Cut into the last string's bytes, leaving its length byte to run past the end.
        strings = [_string(k, _cap(k, v)) for k, v in pairs]
        return encode(strings)[: -rng.randint(1, len(strings[-1]))]
    elif name == "non_utf8":
        hits = _find(
            pairs,
            service,
            lambda k: (
                k.kind in TEXT_KINDS and k.fixed is None and not k.choices and k.kind != "hex"
            ),
        )
        if not hits:
            return None
        index, _ = rng.choice(hits)
        value = pairs[index][1] or b""
        at = rng.randint(0, len(value))
        pairs[index] = (
            pairs[index][0],
            value[:at] + rng.choice((b"\xff", b"\xc3(", b"\xed\xa0\x80")) + value[at:],
        )
    elif name == "bad_shape":
        hits = _find(
            pairs,
            service,
            lambda k: (
                k.kind
                in (
                    "integer",
                    "version",
                    "uuid",
                    "mac",
                    "ip",
                    "url",
                    "path",
                    "number",
                    "boolean",
                    "host",
                )
                and k.fixed is None
                and not k.choices
            ),
        )
        if not hits:
            return None
        index, _ = rng.choice(hits)
        pairs[index] = (pairs[index][0], rng.choice((b"n/a", b"unknown", b"?", b"-- --")))
    elif name == "txtvers_late":
        if len(pairs) < 2 or pairs[0][0].lower() != b"txtvers":
            return None
        pairs.insert(rng.randint(1, len(pairs) - 1), pairs.pop(0))
    elif name == "empty_string":
        strings = [_string(k, v) for k, v in pairs]
        strings.insert(rng.randint(0, len(strings)), b"")
        return encode(strings)
    elif name == "long_key":
        taken = {key.lower() for key, _ in pairs}
        long = (
            b"vendor"
            + "".join(
                rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 10))
            ).encode()
        )
        if long.lower() in taken:
            return None
        pairs.append((long, values.text(rng.randint(1, 16), non_ascii=0).encode()))
    elif name == "oversize":
        taken = {key.lower() for key, _ in pairs}
        while _size(pairs) <= MAX_SIZE:
            key = _vendor_key(rng, taken)
            taken.add(key.lower())
            pairs.append((key, values.text(200, non_ascii=0).encode()))
    else:
        raise ValueError(name)
    return encode([_string(k, _cap(k, v)) for k, v in pairs])


def generate(
    services: Sequence[ServiceFacts],
    count: int = RECORDS,
    *,
    seed: int = SEED,
    broken: float = BROKEN,
) -> list[Record]:
    """``count`` records over ``services``; exactly ``round(count * broken)`` of them mutated."""
    rng = random.Random(seed)
    values = _Values(rng)
    names = list(MUTATIONS)
    weights = list(MUTATIONS.values())
    to_break = set(rng.sample(range(count), round(count * broken)))
    records: list[Record] = []
    for number in range(count):
        service = rng.choice(services)
        pairs = _valid_record(service, rng, values)
        if number not in to_break:
            records.append(Record(service.service, encode([_string(k, v) for k, v in pairs])))
            continue
        while True:
            mutation = rng.choices(names, weights)[0]
            attempt = list(pairs)
            rdata = _mutate(mutation, attempt, service, rng, values)
            if rdata is not None:
                records.append(Record(service.service, rdata, mutation))
                break
    return records


def summary(records: Sequence[Record]) -> str:
    sizes = sorted(len(record.rdata) for record in records)
    mutated = Counter(record.mutation for record in records if record.mutation)
    lines = [
        f"{len(records)} records over {len({r.service for r in records})} services; "
        f"RDATA {sizes[0]}-{sizes[-1]} bytes, median {sizes[len(sizes) // 2]}; "
        f"{sum(mutated.values())} mutated:",
        "  " + ", ".join(f"{name} {n}" for name, n in mutated.most_common()),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=RECORDS)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    services = rich_services()
    records = generate(services, args.records, seed=args.seed)
    print(summary(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
