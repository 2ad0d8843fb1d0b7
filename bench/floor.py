"""The pure-Python floor for ``validate``: a plain RFC 6763 + schema check of wire RDATA.

It is what a competent programmer would write by hand from RFC 6763 and a service's
key facts, in plain Python with no caches: split the RDATA into length-prefixed
strings, check each key (printable US-ASCII without '=', at most 9 characters, not
twice in any case, txtvers first), the record's size, then each defined key's value
(bare or not, choices, fixed value, length, hex, shape, integer range, pattern),
unknown keys and required keys. It reports ``(code, key)`` pairs with txtkeys' codes
and severities, but no messages: it needs the same work to reach the same verdict
(valid when no error), without the prose. The benchmark checks, before timing, that
it gives ``txtkeys.validate``'s verdict on every generated record.

``verdict`` is the floor the issue's goal names: the same RFC + schema rules, but only
the verdict, so it looks for no warning (unknown keys, misspellings, sizes, UTF-8) and
stops at the first error, as a plain checker that need not explain itself would.
``check`` is a second, stricter floor: every finding, without the prose.

The schema comes from the facts ``workload.KeyFacts`` read through the public API.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence

from workload import TEXT_KINDS, KeyFacts, ServiceFacts

__all__ = ["ERRORS", "FloorSchema", "check", "valid", "verdict"]

# txtkeys' error codes (docs/checks.md); every other code is a warning or a note.
ERRORS = frozenset(
    [
        "R001",
        "R002",
        "R003",
        "R004",
        "R005",
        "R007",
        "R012",
        "R013",
        "S102",
        "S103",
        "S104",
        "S105",
        "S106",
        "S107",
        "S108",
        "S114",
        "S115",
    ]
)
_KEY_BYTES = bytes(b for b in range(0x20, 0x7F) if b != 0x3D)
_HEX = b"0123456789abcdefABCDEF"
_BOOLEANS = frozenset(
    {"true", "false", "yes", "no", "on", "off", "1", "0", "t", "f", "y", "n", "enabled", "disabled"}
)
_H = "[0-9A-Fa-f]"
_SHAPES = {
    "integer": re.compile(r"[+-]?[0-9]+").fullmatch,
    "uuid": re.compile(f"{_H}{{8}}-?{_H}{{4}}-?{_H}{{4}}-?{_H}{{4}}-?{_H}{{12}}").fullmatch,
    "mac": re.compile(
        f"{_H}{{2}}([:-]?){_H}{{2}}(?:\\1{_H}{{2}}){{4}}(?:(?:\\1{_H}{{2}}){{2}})?"
    ).fullmatch,
    "version": re.compile(r"[vV]?[0-9]+(?:[.\-_][0-9A-Za-z]+)*").fullmatch,
    "url": re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+").fullmatch,
    "path": re.compile(r"/\S*").fullmatch,
    "host": re.compile(
        r"(?=.{1,253}\.?$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
        r"(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?"
    ).fullmatch,
}


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.lower() not in ("nan", "inf", "-inf", "+inf")


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _shape(kind: str):
    if kind in _SHAPES:
        return _SHAPES[kind]
    if kind == "boolean":
        return lambda text: text.lower() in _BOOLEANS
    if kind == "number":
        return _is_number
    if kind == "ip":
        return _is_ip
    return None


class FloorSchema:
    """A service's keys as plain data: folded name -> facts, families, the required ones."""

    def __init__(self, service: ServiceFacts) -> None:
        self.status = service.status
        self.keys: dict[bytes, KeyFacts] = {}
        # Numbered families (dkN): a key whose name matches the pattern is that key.
        self.families: list[tuple[object, KeyFacts]] = []
        for key in service.keys:
            if key.key_pattern is not None:
                matcher = re.compile(key.key_pattern, re.IGNORECASE).fullmatch
                self.families.append((matcher, key))
                continue
            self.keys.setdefault(key.name.encode().lower(), key)
        self.required = [folded for folded, key in self.keys.items() if key.required]
        # Values compared as bytes, encoded once.
        self.fixed = {f: k.fixed.encode() for f, k in self.keys.items() if k.fixed is not None}
        self.choices = {
            f: {c.encode() for c in k.choices} for f, k in self.keys.items() if k.choices
        }
        self.deprecated = {
            k.name: {value.encode() for value, _ in k.deprecated}
            for k in service.keys
            if k.deprecated
        }
        self.patterns = {
            key.name: re.compile(key.pattern).fullmatch
            for key in service.keys
            if key.pattern is not None
        }
        # The spelling the specification gives (S116), for keys an overlay or user defines.
        self.spelling = {
            key.name: key.name.encode()
            for key in service.keys
            if key.origin != "registry" and key.key_pattern is None
        }
        # S113 is an error for these keys (their kinds are facts from a specification).
        self.authoritative = {key.name for key in service.keys if key.origin != "registry"}
        # Keys whose stated constraints devices are known to break: findings are notes.
        self.lenient = {key.name for key in service.keys if key.lenient}
        # Per key name: fixed value and choices as bytes (None when not stated), for
        # ``verdict``, families included.
        self.value_bytes: dict[str, tuple[bytes | None, frozenset[bytes] | None]] = {
            key.name: (
                None if key.fixed is None else key.fixed.encode(),
                frozenset(c.encode() for c in key.choices) if key.choices else None,
            )
            for key in service.keys
        }
        # Misspellings (S118): defined names of 4+ characters by length, with the edits
        # allowed (1, or 2 for 8+ characters), so a name meets only those near its length.
        self.near: dict[int, list[tuple[int, str, str, int]]] = {}
        for position, key in enumerate(self.keys.values()):
            target = key.name.lower()
            allowed = 2 if len(target) >= 8 else 1 if len(target) >= 4 else 0
            for length in range(len(target) - allowed, len(target) + allowed + 1):
                if allowed:
                    self.near.setdefault(length, []).append((position, key.name, target, allowed))

    def key_of(self, folded: bytes) -> KeyFacts | None:
        found = self.keys.get(folded)
        if found is None and self.families:
            text = folded.decode("ascii", "replace")
            for matches, key in self.families:
                if matches(text):  # type: ignore[operator]
                    return key
        return found

    def misspelling(self, name: str) -> str | None:
        """The defined key ``name`` is one edit from (two for 8+ characters), if any."""
        folded = name.lower()
        best: tuple[int, str] | None = None
        for _, known, target, allowed in self.near.get(len(folded), ()):
            if _extends(folded, target) or _extends(target, folded):
                continue  # model2 beside model: a key of its own
            if allowed == 1:
                distance = _one_edit(folded, target)
            else:
                distance = 0 if folded == target else 1 if _one_edit(folded, target) <= 1 else 2
                if distance == 2 and not _within_two(folded, target):
                    continue
            if distance <= allowed and (best is None or distance < best[0]):
                best = (distance, known)
        return None if best is None else best[1]


def _one_edit(a: str, b: str) -> int:
    """0 if equal, 1 if one insert, delete, replace or swap of neighbours apart, else 2."""
    if a == b:
        return 0
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return 2
    at = 0
    while at < len(a) and a[at] == b[at]:
        at += 1
    if len(a) < len(b):
        return 1 if a[at:] == b[at + 1 :] else 2
    if a[at + 1 :] == b[at + 1 :]:
        return 1
    swapped = at + 1 < len(a) and a[at] == b[at + 1] and a[at + 1] == b[at]
    return 1 if swapped and a[at + 2 :] == b[at + 2 :] else 2


def _extends(longer: str, shorter: str) -> bool:
    """``longer`` is ``shorter`` with letters or digits added at one end."""
    if len(longer) <= len(shorter) or shorter not in longer:
        return False
    at = longer.index(shorter)
    extra = longer[:at] + longer[at + len(shorter) :]
    return extra.isalnum() and (at == 0 or at + len(shorter) == len(longer))


def _within_two(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are at most two edits apart (insert, delete, replace, swap).

    Equal first and last characters never need an edit; the first character left is
    replaced, deleted, inserted before or swapped, and the rest must be one edit apart.
    """
    if abs(len(a) - len(b)) > 2:
        return False
    while a and b and a[0] == b[0]:
        a, b = a[1:], b[1:]
    while a and b and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    if not a or not b:
        return max(len(a), len(b)) <= 2
    if min(_one_edit(a[1:], b[1:]), _one_edit(a[1:], b), _one_edit(a, b[1:])) <= 1:
        return True
    return len(a) > 1 and len(b) > 1 and a[:2] == b[1::-1] and _one_edit(a[2:], b[2:]) <= 1


def _length_problem(key: KeyFacts, length: int) -> bool:
    return (key.min_length is not None and length < key.min_length) or (
        key.max_length is not None and length > key.max_length
    )


def _check_value(
    schema: FloorSchema, key_sent: bytes, key: KeyFacts, value: bytes | None, found: list
) -> None:
    name = key.name
    kind = key.kind
    spelled = schema.spelling.get(name)
    if spelled is not None and key_sent != spelled:
        found.append(("S116", key_sent.decode("ascii", "backslashreplace")))
    if value is None:
        if kind not in ("flag", "any"):
            found.append(("S107", name))
        return
    if kind == "flag":
        found.append(("S108", name))
        return
    if key.secret and value:
        found.append(("S109", name))
    if key.fixed is not None and value != key.fixed.encode():
        found.append(("S103", name))
        return
    if key.deprecated and value in schema.deprecated[name]:
        found.append(("S117", name))
        return
    if key.choices and value not in {c.encode() for c in key.choices}:
        found.append(("S104", name))
        return
    if kind not in TEXT_KINDS:
        if _length_problem(key, len(value)):
            found.append(("S106", name))
        return
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:  # a warning; the other checks read the text as shown
        found.append(("S112", name))
        text = value.decode("utf-8", "backslashreplace")
    if _length_problem(key, len(value)):
        found.append(("S106", name))
    if kind == "hex" and value.translate(None, _HEX):
        found.append(("S105", name))
        return
    shape = _shape(kind)
    if shape is not None and not shape(text):
        found.append(("S113", name))
    ranged = key.minimum is not None or key.maximum is not None
    if kind == "integer" and ranged and _SHAPES["integer"](text):
        number = int(text)
        if (key.minimum is not None and number < key.minimum) or (
            key.maximum is not None and number > key.maximum
        ):
            found.append(("S114", name))
    pattern = schema.patterns.get(name)
    if pattern is not None and not pattern(text):
        found.append(("S115", name))


def check(rdata: bytes, schema: FloorSchema) -> list[tuple[str, str | None]]:
    """Every finding of one record as (code, key name or None), RFC rules then schema rules."""
    found: list[tuple[str, str | None]] = []
    schema_found: list[tuple[str, str | None]] = []
    total = len(rdata)
    if total == 0:
        found.append(("R003", None))
    seen: dict[bytes, bytes] = {}
    count = 0  # keys read, duplicates included
    blanks = 0
    truncated = False
    pos = 0
    while pos < total:
        length = rdata[pos]
        start = pos + 1
        pos = start + length
        if pos > total:
            truncated = True
            break
        if length == 0:
            blanks += 1
            continue
        key, sep, value = rdata[start:pos].partition(b"=")
        if not sep:
            value = None
        if not key:
            found.append(("R004", None))
            continue
        name = key.decode("ascii", "backslashreplace")
        if key.translate(None, _KEY_BYTES):
            found.append(("R005", name))
        elif len(key) > 9:
            found.append(("R006", name))
        folded = key.lower()
        if folded in seen:
            found.append(("R007", name))
            count += 1
            continue
        seen[folded] = key
        if folded == b"txtvers" and count:
            found.append(("R008", name))
        count += 1
        if schema.status == "keys":
            facts = schema.key_of(folded)
            if facts is None:
                near = schema.misspelling(name)
                schema_found.append(("S101" if near is None else "S118", name))
            else:
                _check_value(schema, key, facts, value, schema_found)
    if truncated:
        found.append(("R001", None))
    if blanks and not (blanks == 1 and count == 0 and not truncated):
        found.append(("R016", None))
    if total > 65535:
        found.append(("R012", None))
    elif total > 1300:
        found.append(("R011", None))
    elif total > 400:
        found.append(("R010", None))
    elif total > 200:
        found.append(("R009", None))
    found.extend(schema_found)
    if schema.status == "keys":
        for folded in schema.required:
            if folded not in seen:
                found.append(("S102", schema.keys[folded].name))
    elif schema.status == "none":
        if seen:
            found.append(("S110", None))
    else:
        found.append(("S111", None))
    return found


def _value_ok(schema: FloorSchema, key: KeyFacts, value: bytes | None) -> bool:
    """Whether one defined key's value draws no error (``_check_value``'s errors only)."""
    kind = key.kind
    if value is None:
        return kind in ("flag", "any")
    if kind == "flag":
        return False
    fixed, choices = schema.value_bytes[key.name]
    if fixed is not None and value != fixed:
        return False
    if key.deprecated and value in schema.deprecated[key.name]:
        return True  # a warning, and nothing more is asked of it
    if choices is not None and value not in choices:
        return False
    if kind not in TEXT_KINDS:
        return not _length_problem(key, len(value))
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        text = value.decode("utf-8", "backslashreplace")
    if _length_problem(key, len(value)):
        return False
    if kind == "hex" and value.translate(None, _HEX):
        return False
    if key.name in schema.authoritative:
        shape = _shape(kind)
        if shape is not None and not shape(text):
            return False
    ranged = key.minimum is not None or key.maximum is not None
    if kind == "integer" and ranged and _SHAPES["integer"](text):
        number = int(text)
        if (key.minimum is not None and number < key.minimum) or (
            key.maximum is not None and number > key.maximum
        ):
            return False
    pattern = schema.patterns.get(key.name)
    return pattern is None or bool(pattern(text))


def verdict(rdata: bytes, schema: FloorSchema) -> bool:
    """Whether the record is valid: the errors only, the first one ends the check."""
    total = len(rdata)
    if total == 0 or total > 65535:
        return False  # R003, R012
    keyed = schema.status == "keys"
    lenient = schema.lenient
    seen: set[bytes] = set()
    pos = 0
    while pos < total:
        length = rdata[pos]
        start = pos + 1
        pos = start + length
        if pos > total:
            return False  # R001
        if not length:
            continue
        key, sep, value = rdata[start:pos].partition(b"=")
        if not key or key.translate(None, _KEY_BYTES):
            return False  # R004, R005
        folded = key.lower()
        if folded in seen:
            return False  # R007
        seen.add(folded)
        if keyed:
            facts = schema.key_of(folded)
            if (
                facts is not None
                and facts.name not in lenient
                and not _value_ok(schema, facts, value if sep else None)
            ):
                return False
    return not keyed or all(folded in seen for folded in schema.required)  # S102


def is_error(code: str, schema: FloorSchema, key: str | None) -> bool:
    """Whether a finding is an error: S113 is one for keys an overlay or user defines;
    nothing about a lenient key is."""
    if key in schema.lenient and code[0] == "S" and code != "S102":
        return False
    if code in ERRORS:
        return True
    return code == "S113" and key in schema.authoritative


def valid(rdata: bytes, schema: FloorSchema) -> bool:
    """The verdict: no error among the findings."""
    return not any(is_error(code, schema, key) for code, key in check(rdata, schema))


def schemas(services: Sequence[ServiceFacts]) -> dict[str, FloorSchema]:
    """A floor schema per service type, prepared once."""
    return {service.service: FloorSchema(service) for service in services}
