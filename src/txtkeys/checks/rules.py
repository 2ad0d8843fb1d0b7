"""The checks: RFC 6763 rules for any TXT record, and schema rules for one service's keys.

Every finding has a stable code, listed in ``CHECKS`` and documented in docs/checks.md.
``R`` codes are RFC rules and run on every record; ``S`` codes compare the record with
the keys a service's note defines. A ``NoteValidator`` is prepared once per note and
reused, so checking a record costs a few dict lookups and byte comparisons: no pydantic,
no regex compilation. A validator can be prepared straight from a note as the compiled
catalogue stores it (``NoteValidator.from_compiled``), so validating never imports
pydantic at all; the ``KeySchema``/``TxtNote`` models are made only if asked for.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from ..errors import OverlayError
from ..formats.wire import wire_strings
from ..report import Issue, Severity
from ..schema.fields import KEY_FIELDS, NOTE_FIELDS, KeyFacts, text_list
from ..schema.kinds import KeyKind, NoteStatus, Origin

TYPE_CHECKING = False  # typing's own, without importing typing: check starts faster
if TYPE_CHECKING:
    from typing import Any

    from ..schema.models import KeySchema, TxtNote

__all__ = [
    "CHECKS",
    "Check",
    "NoteValidator",
    "check_instance_name",
    "check_pairs_against",
    "check_rdata",
    "check_rdata_against",
    "check_rfc",
    "validator_for",
]

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True, slots=True)
class Check:
    """A documented check: its code, usual severity, and a one-line summary."""

    code: str
    severity: Severity
    summary: str


CHECKS: dict[str, Check] = {
    c.code: c
    for c in (
        Check("R001", ERROR, "a length byte runs past the end of the RDATA"),
        Check("R002", ERROR, "a TXT string longer than 255 bytes"),
        Check("R003", ERROR, "zero-length RDATA in a record to be sent"),
        Check("R004", ERROR, "a string starting with '=' (no key); receivers drop it"),
        Check("R005", ERROR, "a key that is not printable US-ASCII or contains '='"),
        Check("R006", WARNING, "a key longer than 9 characters"),
        Check("R007", ERROR, "the same key twice (any case); receivers keep the first"),
        Check("R008", WARNING, "'txtvers' is not the first key"),
        Check("R009", INFO, "record larger than 200 bytes"),
        Check("R010", WARNING, "record larger than 400 bytes (no longer fits a 512-byte message)"),
        Check("R011", WARNING, "record larger than 1300 bytes (no longer fits one packet)"),
        Check("R012", ERROR, "record larger than 65535 bytes"),
        Check("R013", ERROR, "service name not valid (a warning when DNS-SD can still carry it)"),
        Check("R014", ERROR, "instance name empty or longer than 63 bytes"),
        Check("R015", ERROR, "instance name with control characters"),
        Check("R016", WARNING, "a zero-length string among other strings"),
        Check("S100", INFO, "service in no registry or schema file: only RFC rules ran"),
        Check("S101", INFO, "key not named by the schema (warning when the schema is closed)"),
        Check("S102", ERROR, "a required key is missing"),
        Check("S103", ERROR, "value differs from the fixed value"),
        Check("S104", ERROR, "value is not one of the allowed choices"),
        Check("S105", ERROR, "value is not hexadecimal where hex is required"),
        Check("S106", ERROR, "value shorter or longer than the schema allows"),
        Check("S107", ERROR, "key needs a value but is a bare flag"),
        Check("S108", ERROR, "flag key carries a value"),
        Check("S109", WARNING, "secret key sent with a value (in clear over multicast)"),
        Check("S110", INFO, "keys present on a service whose note defines none"),
        Check("S111", INFO, "the note does not list its keys: keys cannot be checked"),
        Check("S112", WARNING, "value is not UTF-8 text where text is expected"),
        Check("S113", WARNING, "value does not fit its kind (an error for overlay and user kinds)"),
        Check("S114", ERROR, "integer or number value outside minimum/maximum"),
        Check("S115", ERROR, "value does not match the schema's pattern"),
        Check("S116", WARNING, "key written in another case than the specification spells it"),
        Check("S117", WARNING, "value an earlier version of the specification allowed"),
        Check("S118", WARNING, "unknown key that looks like a misspelling of a defined key"),
    )
}

# Printable US-ASCII without '=' (RFC 6763 s6.4); translate() deletes them, leaving the bad.
_KEY_BYTES = bytes(b for b in range(0x20, 0x7F) if b != 0x3D)
_TEXT_KINDS = frozenset(KeyKind) - {KeyKind.ANY, KeyKind.FLAG, KeyKind.BINARY}
_HEX_BYTES = b"0123456789abcdefABCDEF"

Pair = tuple[bytes, bytes | None]
# A first occurrence kept for the schema checks: folded key, key as sent, value.
Seen = tuple[bytes, bytes, bytes | None]
# A value test for the verdict: False when the value (None: sent bare) draws an error.
Accept = Callable[["bytes | None"], bool]


_UNMADE = object()  # a value test not made yet (None is a test's real value: none needed)


def _is_bare(value: bytes | None) -> bool:
    return value is None


def _has_value(value: bytes | None) -> bool:
    return value is not None


def _bare_or_in(choices: frozenset[bytes]) -> Accept:
    def accepts(value: bytes | None) -> bool:
        return value is None or value in choices

    return accepts


_SEVERITY = {code: check.severity for code, check in CHECKS.items()}
_make_issue = Issue.make


def _issue(code: str, key: str | None, message: str, severity: Severity | None = None) -> Issue:
    return _make_issue((severity or _SEVERITY[code], code, key, message))


def _key_text(key: bytes) -> str:
    return key.decode("ascii", "backslashreplace")


def _show(value: bytes) -> str:
    return repr(value.decode("utf-8", "backslashreplace"))


# -- RFC 6763 rules ---------------------------------------------------------------------


def _record_issues(
    issues: list[Issue],
    size: int,
    truncated_at: int | None,
    empty_rdata: bool,
    empty_strings: int,
) -> None:
    if truncated_at is not None:
        issues.append(
            _issue(
                "R001",
                None,
                f"the length byte at offset {truncated_at} runs past the end of the "
                f"{size}-byte RDATA: the record is cut short; re-extract the whole record",
            )
        )
    if empty_rdata:
        issues.append(
            _issue(
                "R003",
                None,
                "the RDATA is empty, which is not legal DNS: send a single zero byte "
                "(00) for a record with no keys",
            )
        )
    if empty_strings:
        issues.append(
            _issue(
                "R016",
                None,
                f"{empty_strings} zero-length string(s) among the others: receivers skip "
                "them; remove them",
            )
        )


def _no_key(value: bytes | None) -> Issue:
    shown = _show(b"=" + (value or b""))
    return _issue(
        "R004",
        None,
        f"string {shown} has no key before '=': receivers ignore it; "
        "put the key name first or remove the string",
    )


def _bad_key(key: bytes) -> Issue:
    name = _key_text(key)
    text = key.decode("utf-8", "backslashreplace")
    bad = sorted({char for char in text if char == "=" or not " " <= char <= "~"})
    what = "'='" if bad == ["="] else "characters outside printable US-ASCII"
    return _issue(
        "R005",
        name,
        f"key {name!r} contains {what} ({', '.join(map(repr, bad))}): keys are "
        "printable US-ASCII 0x20-0x7E without '='; rename the key",
    )


def _long_key(key: bytes) -> Issue:
    name = _key_text(key)
    return _issue(
        "R006",
        name,
        f"key {name!r} has {len(key)} characters; RFC 6763 s6.4 asks for 9 or fewer "
        "to keep records small",
    )


def _duplicate(key: bytes, first: bytes) -> Issue:
    name, first_name = _key_text(key), _key_text(first)
    return _issue(
        "R007",
        name,
        f"key {name!r} appears again (first as {first_name!r}); receivers keep only the "
        f"first {first_name!r} and ignore this one: remove the duplicate",
    )


def _txtvers_late(key: bytes, position: int) -> Issue:
    name = _key_text(key)
    return _issue(
        "R008",
        name,
        f"{name!r} is key number {position + 1}; RFC 6763 s6.7 puts it first: move it to the front",
    )


def _too_long(key: bytes, length: int) -> Issue:
    name = _key_text(key)
    return _issue(
        "R002",
        name,
        f"the string for {name!r} is {length} bytes; a TXT string holds at most "
        "255: shorten the value or split it over several keys",
    )


def check_rfc(
    pairs: Iterable[Pair],
    size: int,
    issues: list[Issue],
    *,
    truncated_at: int | None = None,
    empty_rdata: bool = False,
    empty_strings: int = 0,
) -> list[Seen]:
    """Check the entries of one record; return the first occurrence of each key.

    ``size`` is the RDATA length as sent. Strings without a key (starting with ``=``)
    and later duplicates are left out of the result, as receivers leave them out.
    """
    _record_issues(issues, size, truncated_at, empty_rdata, empty_strings)
    seen: dict[bytes, bytes] = {}
    firsts: list[Seen] = []
    position = 0
    for key, value in pairs:
        length = len(key) if value is None else len(key) + 1 + len(value)
        if length > 255:
            issues.append(_too_long(key, length))
        if not key:
            issues.append(_no_key(value))
            continue
        if key.translate(None, _KEY_BYTES):
            issues.append(_bad_key(key))
        elif len(key) > 9:
            issues.append(_long_key(key))
        folded = key.lower()
        first = seen.get(folded)
        if first is not None:
            issues.append(_duplicate(key, first))
            position += 1
            continue
        seen[folded] = key
        if position and folded == b"txtvers":
            issues.append(_txtvers_late(key, position))
        firsts.append((folded, key, value))
        position += 1
    if size > 200:
        issues.append(_size_issue(size))
    return firsts


def check_rdata(rdata: bytes, issues: list[Issue]) -> list[Seen]:
    """``check_rfc`` for wire RDATA, in one pass over its strings (``wire_strings``)."""
    total = len(rdata)
    if not total:
        _record_issues(issues, 0, None, True, 0)
        return []
    strings, truncated_at = wire_strings(rdata)
    seen: dict[bytes, bytes] = {}
    firsts: list[Seen] = []
    append = firsts.append
    allowed = _KEY_BYTES
    dupes = 0
    blanks = 0
    for string in strings:
        if not string:
            blanks += 1
            continue
        key, sep, value = string.partition(b"=")
        if not key:
            issues.append(_no_key(value))
            continue
        if key.translate(None, allowed):
            issues.append(_bad_key(key))
        elif len(key) > 9:
            issues.append(_long_key(key))
        folded = key.lower()
        if folded in seen:
            issues.append(_duplicate(key, seen[folded]))
            dupes += 1
            continue
        seen[folded] = key
        if folded == b"txtvers" and (len(seen) > 1 or dupes):
            issues.append(_txtvers_late(key, len(firsts) + dupes))
        append((folded, key, value if sep else None))
    _wire_record_issues(issues, total, truncated_at, blanks, bool(seen or dupes))
    return firsts


def _wire_record_issues(
    issues: list[Issue], total: int, truncated_at: int | None, blanks: int, has_keys: bool
) -> None:
    """What only the wire shows: a cut-short record, stray empty strings, the size."""
    if blanks == 1 and not has_keys and truncated_at is None:
        blanks = 0  # a lone zero-length string is the right form of an empty record
    if truncated_at is not None or blanks:
        _record_issues(issues, total, truncated_at, False, blanks)
    if total > 200:
        issues.append(_size_issue(total))


# Findings as the memos keep them: plain tuples of (severity rank, code, key, message).
# CPython's collector stops tracking a plain tuple of strings and ints, but never an
# ``Issue`` (a tuple subclass) nor a tuple holding one; a memo of live issues made
# every collection walk all of them, which cost a new record more than its checks.
Packed = tuple[tuple[int, str, "str | None", str], ...]
_RANKED = (ERROR, WARNING, INFO)
_RANK = {ERROR: 0, WARNING: 1, INFO: 2}


def _pack(issues: Sequence[Issue]) -> Packed:
    if not issues:
        return ()  # most strings: no generator made
    return tuple([(_RANK[issue[0]], issue[1], issue[2], issue[3]) for issue in issues])


def _unpack(packed: Packed, into: list[Issue]) -> None:
    for rank, code, key, message in packed:
        into.append(_make_issue((_RANKED[rank], code, key, message)))


# What one TXT string yields on its own, against one service: folded key (None for a
# string without a key), key as sent, its RFC findings, its schema findings.
StringFacts = tuple["bytes | None", bytes, Packed, Packed]
# What one key (as sent) yields on its own: folded key, its RFC findings, which key of
# the validator it is (``_DIRECT``: ``keys[folded]``; n >= 1: ``families[n - 1]``;
# ``_UNKNOWN``: none), and its schema findings when they do not depend on the value
# (an unknown key, an ``any`` key with no facts), else None.
KeyFactsMemo = tuple[bytes, Packed, int, "Packed | None"]
_UNKNOWN, _DIRECT = -1, 0
_MISSING = object()
# Entries per table and service: the strings that come back (choices, fixed values) are
# few; a busy process checks hundreds of services, so each table stays small (an
# independent run over 419 services held 525 MB of memos at 2,048).
STRING_MEMO_LIMIT = 512
# Strings kept whatever their key: short ones (``scheme=https``, ``td=/td``) come back.
_KEEP_SHORT = 32
_PASSED_LIMIT = 1024


class StringMemo:
    """What the strings and keys of one service yield, kept for the next record.

    Devices send the same strings over and over (``scheme=https``, ``txtvers=1``), so
    what a string yields is kept; a busy service also sends ever-new strings (serial
    numbers, timestamps), so each table is bounded: two generations of at most
    ``limit`` entries, the older dropped when the newer fills up and an entry found in
    the older moved to the newer (an LRU in all but name, at the cost of a dict).
    Keys are kept apart from whole strings, so a string never seen before whose key
    has been seen costs one split and one lookup. ``passed`` is the verdict's own table
    (``rdata_verdict``): short strings that draw no error, with their folded keys,
    emptied whole when it reaches its bound.
    """

    __slots__ = ("keys", "limit", "old_keys", "old_strings", "passed", "strings")

    def __init__(self, limit: int = STRING_MEMO_LIMIT) -> None:
        self.limit = limit
        self.strings: dict[bytes, StringFacts] = {}
        self.old_strings: dict[bytes, StringFacts] = {}
        self.keys: dict[bytes, KeyFactsMemo] = {}
        self.old_keys: dict[bytes, KeyFactsMemo] = {}
        # Short strings that draw no error on their own, with their folded keys (for
        # ``rdata_verdict``, which bounds it).
        self.passed: dict[bytes, bytes] = {}

    def __len__(self) -> int:
        return len(self.strings) + len(self.old_strings)

    def key(self, key: bytes, validator: NoteValidator, label: str) -> KeyFactsMemo:
        """What ``key`` (just missed ``self.keys``) yields on its own; remembered."""
        known = self.old_keys.get(key) or _key_facts(key, validator, label)
        if len(self.keys) >= self.limit:
            self.old_keys = self.keys
            self.keys = {}
        self.keys[key] = known
        return known

    def keep(self, raw: bytes, facts: StringFacts) -> None:
        """Remember what string ``raw`` yields."""
        if len(self.strings) >= self.limit:
            self.old_strings = self.strings
            self.strings = {}
        self.strings[raw] = facts


def _key_facts(key: bytes, validator: NoteValidator, label: str) -> KeyFactsMemo:
    """What a (non-empty) key yields on its own; see ``KeyFactsMemo``."""
    rfc: Packed = ()
    if key.translate(None, _KEY_BYTES):
        rfc = _pack((_bad_key(key),))
    elif len(key) > 9:
        rfc = _pack((_long_key(key),))
    folded = key.lower()
    where = _DIRECT
    key_validator = validator.keys.get(folded)
    if key_validator is None:
        where = validator.family_index(folded)
        if where == _UNKNOWN:  # this memo keeps it: no need for the validator's own
            unknown = validator._unknown_issue(_key_text(key), label)
            return folded, rfc, _UNKNOWN, _pack((unknown,))
        key_validator = validator.key_at(folded, where)
    if key_validator.value_free:
        own: list[Issue] = []
        key_validator.check(key, None, own)
        return folded, rfc, where, _pack(own)
    return folded, rfc, where, None


def check_rdata_against(
    rdata: bytes,
    issues: list[Issue],
    validator: NoteValidator,
    label: str,
    memo: StringMemo,
) -> None:
    """``check_rdata`` then ``validator.check``, in one pass over the wire (the hot path).

    The findings, and their order, are exactly those of the two-pass form. What a
    string yields on its own (its key's RFC findings and its schema findings) depends
    only on the string and the service, so it is kept in ``memo`` (one per service
    plan, bounded); what depends on the whole record (duplicates, txtvers placement,
    sizes, required keys) is checked every time.
    """
    total = len(rdata)
    if not total or validator.status is not NoteStatus.KEYS:
        validator.check(check_rdata(rdata, issues), issues, label)
        return
    sent, truncated_at = wire_strings(rdata)  # the one walk of the wire format
    strings = memo.strings
    keys = memo.keys
    seen: dict[bytes, bytes] = {}
    schema: list[Issue] = []
    dupes = 0
    blanks = 0
    for raw in sent:
        if not raw:
            blanks += 1
            continue
        facts = strings.get(raw)
        found: list[Issue] | None = None
        if facts is not None:
            folded, key, rfc, own = facts
        else:
            key, sep, value = raw.partition(b"=")
            if not key:
                issues.append(_no_key(value))
                continue
            known = keys.get(key)
            if known is None:
                known = memo.key(key, validator, label)
                keys = memo.keys
            folded, rfc, where, own = known  # type: ignore[assignment]
            if own is None:  # the value decides: check it, keep it if it may come back
                key_validator = validator.key_at(folded, where)
                found = []
                key_validator.check(key, value if sep else None, found)
                if len(raw) <= _KEEP_SHORT or key_validator.small_domain:
                    memo.keep(raw, (folded, key, rfc, _pack(found)))
                    strings = memo.strings
        if rfc:
            _unpack(rfc, issues)
        if folded is None:
            continue
        first = seen.get(folded)
        if first is not None:
            issues.append(_duplicate(key, first))
            dupes += 1
            continue
        seen[folded] = key
        if folded == b"txtvers" and (len(seen) > 1 or dupes):
            issues.append(_txtvers_late(key, len(seen) - 1 + dupes))
        if found:
            schema.extend(found)
        elif own:
            _unpack(own, schema)
    if truncated_at is not None or blanks or total > 200:
        _wire_record_issues(issues, total, truncated_at, blanks, bool(seen or dupes))
    if schema:
        issues.extend(schema)
    if validator.required:
        validator.check_required(seen, issues, label)


def rdata_verdict(rdata: bytes, validator: NoteValidator, memo: StringMemo) -> bool:
    """Whether ``check_rdata_against`` finds no error: the errors only, the first ends it.

    What ``Report.ok`` answers before any finding is listed: a CI job or a firmware
    check asks only whether a record may be sent, and a record's findings with their
    messages cost several times its verdict. The same rules as the full check, held to
    its verdict by a differential test. Short strings that pass are kept in ``memo``.
    """
    total = len(rdata)
    if not total or total > 65535:
        return False  # R003, R012
    strings, truncated_at = wire_strings(rdata)
    if truncated_at is not None:
        return False  # R001
    accepts = validator.accepts
    if accepts is None:
        accepts = validator.make_accepts()
    families = validator.families
    passed = memo.passed
    seen: set[bytes] = set()
    for raw in strings:
        if not raw:
            continue  # R016 at most, a warning
        folded = passed.get(raw)
        if folded is None:
            key, sep, value = raw.partition(b"=")
            if not key or key.translate(None, _KEY_BYTES):
                return False  # R004, R005
            folded = key.lower()
            test = accepts.get(folded, _MISSING)
            if test is _MISSING:  # not listed by name: a family's, or unknown (warnings)
                test = validator.family_acceptance(folded) if families else None
            if test is not None and not test(value if sep else None):  # type: ignore[operator]
                return False  # S103-S108, S113-S115
            if len(raw) <= _KEEP_SHORT:
                if len(passed) >= _PASSED_LIMIT:
                    passed.clear()  # a simple bound: the strings that recur come back at once
                passed[raw] = folded
        if folded in seen:
            return False  # R007
        seen.add(folded)
    return not validator.required or _has_required(validator, seen)


def pairs_verdict(pairs: Sequence[Pair], size: int, validator: NoteValidator) -> bool:
    """``rdata_verdict`` for key-value pairs: whether ``check_pairs_against`` finds no error."""
    if size > 65535:
        return False  # R012
    accepts = validator.accepts
    if accepts is None:
        accepts = validator.make_accepts()
    families = validator.families
    seen: set[bytes] = set()
    for key, value in pairs:
        if not key or key.translate(None, _KEY_BYTES):
            return False  # R004, R005
        if (len(key) if value is None else len(key) + 1 + len(value)) > 255:
            return False  # R002
        folded = key.lower()
        if folded in seen:
            return False  # R007
        seen.add(folded)
        test = accepts.get(folded, _MISSING)
        if test is _MISSING:
            test = validator.family_acceptance(folded) if families else None
        if test is not None and not test(value):  # type: ignore[operator]
            return False
    return not validator.required or _has_required(validator, seen)


def _has_required(validator: NoteValidator, seen: Container[bytes]) -> bool:
    """No S102: every required key is in ``seen`` (only a note that lists keys asks)."""
    if validator.status is NoteStatus.KEYS:
        for folded, _ in validator.required:
            if folded not in seen:
                return False
    return True


def check_pairs_against(
    pairs: Iterable[Pair],
    size: int,
    issues: list[Issue],
    validator: NoteValidator,
    label: str,
    *,
    memo: StringMemo,
) -> None:
    """``check_rfc`` then ``validator.check`` for key-value pairs, in one pass (mappings).

    The findings, and their order, are exactly those of the two-pass form; what a key
    yields on its own comes from ``memo``'s keys, as on the wire path.
    """
    if validator.status is not NoteStatus.KEYS:
        validator.check(check_rfc(pairs, size, issues), issues, label)
        return
    keys = memo.keys
    seen: dict[bytes, bytes] = {}
    schema: list[Issue] = []
    position = 0
    for key, value in pairs:
        length = len(key) if value is None else len(key) + 1 + len(value)
        if length > 255:
            issues.append(_too_long(key, length))
        if not key:
            issues.append(_no_key(value))
            continue
        known = keys.get(key)
        if known is None:
            known = memo.key(key, validator, label)
            keys = memo.keys
        folded, rfc, where, own = known
        if rfc:
            _unpack(rfc, issues)
        first = seen.get(folded)
        if first is not None:
            issues.append(_duplicate(key, first))
            position += 1
            continue
        seen[folded] = key
        if position and folded == b"txtvers":
            issues.append(_txtvers_late(key, position))
        position += 1
        if own is None:
            key_validator = validator.key_at(folded, where)
            key_validator.check(key, value, schema)
        elif own:
            _unpack(own, schema)
    if size > 200:
        issues.append(_size_issue(size))
    if schema:
        issues.extend(schema)
    if validator.required:
        validator.check_required(seen, issues, label)


_SIZE_ISSUES: dict[int, Issue] = {}


def _size_issue(size: int) -> Issue:
    """The size finding of a record of ``size`` (> 200) bytes; made once per size."""
    found = _SIZE_ISSUES.get(size)
    if found is None:
        found = _make_size_issue(size)
        if len(_SIZE_ISSUES) < 4096:
            _SIZE_ISSUES[size] = found
    return found


def _make_size_issue(size: int) -> Issue:
    if size > 65535:
        return _issue(
            "R012", None, f"the record is {size} bytes; RDATA cannot exceed 65535: drop keys"
        )
    if size > 1300:
        return _issue(
            "R011",
            None,
            f"the record is {size} bytes, over 1300: it no longer fits one Ethernet packet "
            "(NOT RECOMMENDED); move data out of TXT",
        )
    if size > 400:
        return _issue(
            "R010",
            None,
            f"the record is {size} bytes, over 400: it no longer fits a 512-byte DNS "
            "message; shorten values or drop keys",
        )
    return _issue("R009", None, f"the record is {size} bytes; RFC 6763 s6.2 suggests 200 or fewer")


def check_instance_name(instance: str, issues: list[Issue]) -> None:
    """RFC 6763 s4.1.1: 1 to 63 bytes of UTF-8, no control characters."""
    size = len(instance.encode("utf-8", "surrogatepass"))
    if not 1 <= size <= 63:
        issues.append(
            _issue(
                "R014",
                None,
                f"instance name {instance!r} is {size} bytes of UTF-8; it must be 1 to 63: "
                "shorten it",
            )
        )
    controls = sorted({c for c in instance if unicodedata.category(c) == "Cc"})
    if controls:
        shown = ", ".join(f"U+{ord(c):04X}" for c in controls)
        issues.append(
            _issue(
                "R015",
                None,
                f"instance name {instance!r} contains control characters ({shown}); remove them",
            )
        )


# -- schema rules -----------------------------------------------------------------------

_Shape = Callable[[str], bool]
_INTEGER = re.compile(r"[+-]?[0-9]+").fullmatch

_BOOLEAN_WORDS = frozenset(
    {"true", "false", "yes", "no", "on", "off", "1", "0", "t", "f", "y", "n", "enabled", "disabled"}
)


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.lower() not in ("nan", "inf", "-inf", "+inf")


_SHAPE_PATTERNS: dict[KeyKind, tuple[str, str]] = {
    KeyKind.INTEGER: (r"[+-]?[0-9]+", "an integer such as 42"),
    KeyKind.UUID: (
        r"[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}",
        "a UUID such as 123e4567-e89b-12d3-a456-426614174000",
    ),
    KeyKind.MAC: (
        r"[0-9A-Fa-f]{2}([:-]?)[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?:(?:\1[0-9A-Fa-f]{2}){2})?",
        "a MAC address such as 00:11:22:aa:bb:cc",
    ),
    KeyKind.VERSION: (r"[vV]?[0-9]+(?:[.\-_][0-9A-Za-z]+)*", "a version such as 1.2.3"),
    KeyKind.URL: (r"[A-Za-z][A-Za-z0-9+.\-]*:\S+", "a URL with a scheme, such as https://h/p"),
    KeyKind.PATH: (r"/\S*", "an absolute path such as /td"),
    KeyKind.HOST: (
        r"(?=.{1,253}\.?$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
        r"(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?",
        "a host name such as printer.local",
    ),
}


def shape_pattern(kind: KeyKind) -> str | None:
    """A kind's shape as a regular expression (whole value), where a regex can state it.

    The one statement of each shape: the checks, the pydantic models and JSON Schema
    all use it. None for kinds with no shape and for number and ip, which are tested
    by parsing.
    """
    if kind is KeyKind.HEX:
        return "[0-9A-Fa-f]*"
    if kind is KeyKind.BOOLEAN:
        return "|".join(
            "".join(f"[{c.upper()}{c}]" if c.isalpha() else c for c in word)
            for word in sorted(_BOOLEAN_WORDS)
        )
    found = _SHAPE_PATTERNS.get(kind)
    return None if found is None else found[0]


# The same shapes as plain functions, for the checks: compiling the larger patterns costs
# 0.2-0.7 ms each, paid inside a process's first lookups. ``_SHAPE_PATTERNS`` stays the
# statement; a test holds each function to its pattern on generated strings.
_HEX_DIGITS = "0123456789abcdefABCDEF"
_DIGITS = "0123456789"
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ALNUM = _LETTERS + _DIGITS
_SCHEME = _ALNUM + "+.-"
_HOST_CHARS = _ALNUM + "_-."


def _is_uuid(text: str) -> bool:
    size = len(text)
    if size == 36 and text[8] == text[13] == text[18] == text[23] == "-":
        bare = text.replace("-", "")
        return len(bare) == 32 and not bare.strip(_HEX_DIGITS)
    if size == 32:
        return not text.strip(_HEX_DIGITS)
    if not 32 < size < 36:
        return False
    at = 0  # some hyphens left out: walk the groups
    for index, group in enumerate((8, 4, 4, 4, 12)):
        if index and text[at : at + 1] == "-":
            at += 1
        part = text[at : at + group]
        if len(part) != group or part.strip(_HEX_DIGITS):
            return False
        at += group
    return at == size


def _is_mac(text: str) -> bool:
    size = len(text)
    if size in {17, 23}:
        separator = text[2]
        return (
            separator in {":", "-"}
            and text[2::3] == separator * (size // 3)
            and len(text.replace(separator, "")) == size - size // 3
            and not text.replace(separator, "").strip(_HEX_DIGITS)
        )
    return size in {12, 16} and not text.strip(_HEX_DIGITS)


def _is_version(text: str) -> bool:
    if text[:1] == "v" or text[:1] == "V":
        text = text[1:]
    if not text.strip(_DIGITS):
        return bool(text)  # "1", "20": the common case
    parts = text.replace("-", ".").replace("_", ".").split(".")
    if not parts[0] or parts[0].strip(_DIGITS):
        return False
    return all(part and not part.strip(_ALNUM) for part in parts[1:])


def _is_url(text: str) -> bool:
    scheme, colon, rest = text.partition(":")
    return (
        bool(colon and scheme and rest)
        and scheme[0] in _LETTERS
        and not scheme.strip(_SCHEME)
        and rest.split() == [rest]
    )


def _is_path(text: str) -> bool:
    return text[:1] == "/" and text.split() == [text]


def _is_host(text: str) -> bool:
    size = len(text)
    if size and text[-1] == ".":
        text = text[:-1]
        size -= 1
    if not 0 < size <= 253 or text.strip(_HOST_CHARS):
        return False
    for label in text.split("."):
        if not 0 < len(label) <= 63 or label[0] == "-" or label[-1] == "-":
            return False
    return True


_SHAPE_FUNCTIONS: dict[KeyKind, _Shape] = {
    KeyKind.INTEGER: _INTEGER,  # type: ignore[dict-item]
    KeyKind.UUID: _is_uuid,
    KeyKind.MAC: _is_mac,
    KeyKind.VERSION: _is_version,
    KeyKind.URL: _is_url,
    KeyKind.PATH: _is_path,
    KeyKind.HOST: _is_host,
}


@cache
def shape_test(kind: KeyKind) -> tuple[_Shape, str] | None:
    """The test for a kind's shape and how to describe it."""
    if kind in _SHAPE_PATTERNS:
        return _SHAPE_FUNCTIONS[kind], _SHAPE_PATTERNS[kind][1]
    if kind is KeyKind.BOOLEAN:
        return (lambda text: text.lower() in _BOOLEAN_WORDS), "a boolean such as true or false"
    if kind is KeyKind.NUMBER:
        return _is_number, "a number such as 1.5"
    if kind is KeyKind.IP:
        return _is_ip, "an IP address such as 192.0.2.1"
    return None


_COMPILED_NOTE_FIELDS = frozenset(NOTE_FIELDS)


def _misspelling_of(name: str, defined: Sequence[str]) -> str | None:
    """The defined key ``name`` is most likely a misspelling of, or None.

    Keys compare case-insensitively (RFC 6763 s6.4), so another case is not a
    misspelling here. A key counts when it is one edit (insert, delete, replace, or
    swap of neighbours) from a defined key of at least 4 characters, or two edits
    from one of at least 8; a stray leading or trailing non-alphanumeric character
    (``/path`` for ``path``) counts as one edit. A defined key with letters or digits
    added at either end (``rmodel``, ``model2`` beside ``model``) is a key of its own.
    """
    folded = name.lower()
    best: tuple[int, str] | None = None
    for known in defined:
        target = known.lower()
        allowed = _allowed_edits(target)
        if not allowed or abs(len(target) - len(folded)) > allowed:
            continue
        if _extends(folded, target) or _extends(target, folded):
            continue  # rmodel beside model, model2 beside model: a key of its own
        distance = (
            _one_edit(folded, target) if allowed == 1 else _edit_distance(folded, target, allowed)
        )
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, known)
    return None if best is None else best[1]


def _allowed_edits(target: str) -> int:
    """How many edits from defined key ``target`` still count as a misspelling of it."""
    return 2 if len(target) >= 8 else 1 if len(target) >= 4 else 0


def _deletions(text: str, depth: int) -> set[str]:
    """``text`` with up to ``depth`` characters deleted, every way."""
    found = {text}
    layer = found
    for _ in range(depth):
        layer = {word[:at] + word[at + 1 :] for word in layer for at in range(len(word))}
        found |= layer
    return found


def _within(a: str, b: str, limit: int) -> bool:
    """Whether ``_edit_distance(a, b, limit) <= limit``, without the table.

    A common first or last character never needs an edit, so both are stripped; the
    first character left must then be replaced, deleted, inserted before or swapped
    with its neighbour, one edit each, tried in turn.
    """
    if abs(len(a) - len(b)) > limit:
        return False
    if limit <= 1:
        return a == b if not limit else _one_edit(a, b) <= 1
    shorter = min(len(a), len(b))
    at = 0
    while at < shorter and a[at] == b[at]:
        at += 1
    if at:
        a, b = a[at:], b[at:]
        shorter -= at
    back = 0
    while back < shorter and a[-1 - back] == b[-1 - back]:
        back += 1
    if back:
        a, b = a[:-back], b[:-back]
    if not a or not b:
        return max(len(a), len(b)) <= limit
    limit -= 1
    if _within(a[1:], b[1:], limit) or _within(a[1:], b, limit) or _within(a, b[1:], limit):
        return True
    return (
        len(a) > 1 and len(b) > 1 and a[0] == b[1] and a[1] == b[0] and _within(a[2:], b[2:], limit)
    )


class _NearIndex:
    """The defined keys a name could be a misspelling of, found without the edit table.

    Names allowed one edit (4-7 characters) are filed under themselves with each
    character deleted in turn: two words one edit apart become the same word after at
    most one deletion from each, so a name is looked up under its own such variants.
    The few names allowed two edits are compared with ``_within``, only when their
    lengths are near and their letters allow it: each edit removes at most one letter
    the other word lacks, so a word holding three letters the other lacks is more than
    two edits from it (``_letters``). ``_misspelling_of`` then judges the few found, in
    definition order, so the answer is the one a comparison with every name gives.
    """

    __slots__ = ("defined", "long", "one")

    def __init__(self, defined: Sequence[str]) -> None:
        self.defined = tuple(defined)
        self.one: dict[str, list[int]] = {}
        self.long: list[tuple[int, str, int, int]] = []
        for position, known in enumerate(self.defined):
            target = known.lower()
            allowed = _allowed_edits(target)
            if allowed == 1:
                for variant in _deletions(target, 1):
                    self.one.setdefault(variant, []).append(position)
            elif allowed:
                self.long.append((position, target, allowed, _letters(target)))

    def misspelling_of(self, name: str) -> str | None:
        """``_misspelling_of(name, defined)``, in a few lookups."""
        folded = name.lower()
        size = len(folded)
        positions: list[int] = []
        if self.one and 3 <= size <= 8:
            one = self.one
            found = one.get(folded)
            if found:
                positions.extend(found)
            for at in range(size):
                found = one.get(folded[:at] + folded[at + 1 :])
                if found:
                    positions.extend(found)
        if self.long:
            letters = -1  # the name's letters, worked out only when a length allows a match
            for position, target, allowed, has in self.long:
                if abs(len(target) - size) > allowed:
                    continue
                if letters < 0:
                    letters = _letters(folded)
                if (
                    (letters & ~has).bit_count() <= allowed
                    and (has & ~letters).bit_count() <= allowed
                    and _within(folded, target, allowed)
                ):
                    positions.append(position)
        if not positions:
            return None
        return _misspelling_of(name, [self.defined[at] for at in sorted(set(positions))])


def _letters(word: str) -> int:
    """The characters of ``word`` as bits (code point modulo 64): a bit one word has and
    another lacks stands for at least one character only the first has."""
    bits = 0
    for char in word:
        bits |= 1 << (ord(char) & 63)
    return bits


def _extends(longer: str, shorter: str) -> bool:
    """``longer`` is ``shorter`` with letters or digits added before or after it."""
    if len(longer) <= len(shorter) or shorter not in longer:
        return False
    at = longer.index(shorter)
    extra = longer[:at] + longer[at + len(shorter) :]
    return extra.isalnum() and (at == 0 or at + len(shorter) == len(longer))


def _one_edit(a: str, b: str) -> int:
    """``_edit_distance(a, b, 1)`` without the table: 0, 1, or 2 for more than one edit."""
    if a == b:
        return 0
    size_a, size_b = len(a), len(b)
    if size_a > size_b:
        a, b, size_a, size_b = b, a, size_b, size_a
    if size_b - size_a > 1:
        return 2
    at = 0
    while at < size_a and a[at] == b[at]:
        at += 1
    if size_a == size_b:
        if a[at + 1 :] == b[at + 1 :]:
            return 1  # one replaced
        if (
            at + 1 < size_a
            and a[at] == b[at + 1]
            and a[at + 1] == b[at]
            and a[at + 2 :] == b[at + 2 :]
        ):
            return 1  # neighbours swapped
        return 2
    return 1 if a[at:] == b[at + 1 :] else 2  # one inserted


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance of ``a`` and ``b``, or ``limit + 1`` past ``limit``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


class KeyValidator:
    """The checks for one defined key, prepared from its ``KeySchema`` (or compiled form)."""

    __slots__ = (
        "_accept",
        "_schema",
        "authoritative",
        "choices",
        "deprecated",
        "facts",
        "fixed",
        "has_length",
        "has_range",
        "is_flag",
        "is_hex",
        "kind",
        "max_length",
        "maximum",
        "min_length",
        "minimum",
        "needs_value",
        "pattern",
        "quick",
        "secret",
        "shape",
        "small_domain",
        "spelling",
        "value_free",
        "wants_text",
    )

    def __init__(self, schema: KeySchema | KeyFacts) -> None:
        # Kinds, patterns and ranges from an overlay or a user schema are facts taken
        # from a specification; kinds read from registry prose are a best guess.
        self.authoritative = schema.origin is not Origin.REGISTRY
        self.deprecated = {value.encode(): why for value, why in schema.deprecated}
        # The specification's spelling, for receivers that compare keys case-sensitively.
        self.spelling = (
            schema.name.encode() if self.authoritative and schema.key_pattern is None else None
        )
        self._schema = None if isinstance(schema, KeyFacts) else schema
        self.facts = schema
        self.kind = schema.kind
        self.fixed = None if schema.fixed is None else schema.fixed.encode()
        self.choices = frozenset(c.encode() for c in schema.choices)
        self.is_hex = schema.kind is KeyKind.HEX
        self.wants_text = schema.kind in _TEXT_KINDS
        self.min_length = schema.min_length
        self.max_length = schema.max_length
        self.minimum = schema.minimum
        self.maximum = schema.maximum
        self.secret = schema.secret
        self.shape = shape_test(schema.kind)
        self.is_flag = schema.kind is KeyKind.FLAG
        self.needs_value = schema.kind not in (KeyKind.FLAG, KeyKind.ANY)
        self.has_length = schema.min_length is not None or schema.max_length is not None
        self.has_range = schema.kind in (KeyKind.INTEGER, KeyKind.NUMBER) and (
            schema.minimum is not None or schema.maximum is not None
        )
        # Values that pass every check at once: a choice, when nothing else is asked.
        plain = not (
            schema.secret
            or self.is_flag
            or schema.fixed is not None
            or self.spelling is not None
            or self.deprecated
        )
        self.quick = self.choices if plain and self.choices else None
        # Keys whose values come from a short list: worth remembering whole strings of.
        self.small_domain = bool(self.choices or self.fixed is not None or self.deprecated)
        # Findings that cannot depend on the value: an ``any`` key with no facts about its
        # value gets at most S116 (see ``check``), so the memo keeps it per key.
        self.value_free = (
            schema.kind is KeyKind.ANY
            and not schema.secret
            and self.fixed is None
            and not self.choices
            and not self.deprecated
            and not self.has_length
            and schema.pattern is None
        )
        # Compiled on the key's first value (``_first_pattern``): a plan is made for every
        # service met, and most keys with a pattern never come in most processes.
        self.pattern: Callable[[str], object] | None = (
            None if schema.pattern is None else self._first_pattern
        )
        # The value test the verdict uses (``acceptance``), made on first need.
        self._accept: Accept | object | None = _UNMADE

    def _first_pattern(self, text: str) -> object:
        """Compile the key's pattern, put its test in ``pattern``, and test ``text``."""
        return self._compiled_pattern()(text)

    def _compiled_pattern(self) -> Callable[[str], object]:
        """The key's pattern test, compiled now if not yet; OverlayError if it is none."""
        if self.pattern is not None and self.pattern != self._first_pattern:
            return self.pattern
        source = self.facts.pattern or ""
        try:
            self.pattern = re.compile(source).fullmatch
        except re.error as exc:
            raise OverlayError(
                f"key {self.facts.name!r} has pattern {source!r} that is not a valid "
                f"regular expression ({exc}); fix the pattern in the schema"
            ) from exc
        return self.pattern

    def check(self, key: bytes, value: bytes | None, issues: list[Issue]) -> None:
        """Append the findings for one present key (``key`` as sent, for messages)."""
        if self.spelling is not None and key != self.spelling:
            name, spelled = _key_text(key), self.facts.name
            issues.append(
                _issue(
                    "S116",
                    name,
                    f"the specification writes {spelled!r}; receivers that compare keys "
                    f"case-sensitively (python-zeroconf does) will miss {name!r}: "
                    f"send {spelled!r}",
                )
            )
        if value is None:
            if self.needs_value:
                name = _key_text(key)
                issues.append(
                    _issue(
                        "S107",
                        name,
                        f"{name!r} is a bare flag but needs a value ({self.kind}); write "
                        f"{name}={self._hint()}",
                    )
                )
            return
        if self.quick is not None and value in self.quick:
            return  # one of the choices, nothing else to ask of it
        if self.is_flag:
            name = _key_text(key)
            issues.append(
                _issue(
                    "S108",
                    name,
                    f"{name!r} is a flag and takes no value; send it bare as {name!r} "
                    f"instead of {name}={value.decode('utf-8', 'backslashreplace')}",
                )
            )
            return
        if self.secret and value:
            name = _key_text(key)
            issues.append(
                _issue(
                    "S109",
                    name,
                    f"{name!r} carries a secret in clear text over multicast: anyone on the "
                    "link can read it; leave the value out of TXT",
                )
            )
        if self.fixed is not None and value != self.fixed:
            name = _key_text(key)
            issues.append(
                _issue(
                    "S103",
                    name,
                    f"{name!r} is {_show(value)}; the schema fixes it to "
                    f"{self.facts.fixed!r}: use that value",
                )
            )
            return
        if value in self.deprecated:
            name = _key_text(key)
            issues.append(
                _issue(
                    "S117",
                    name,
                    f"{name!r} is {_show(value)}: {self.deprecated[value]}; send a current value"
                    + (f" ({', '.join(self.facts.choices)})" if self.facts.choices else ""),
                )
            )
            return
        if self.choices and value not in self.choices:
            name = _key_text(key)
            allowed = ", ".join(self.facts.choices)
            near = [c for c in self.facts.choices if c.encode().lower() == value.lower()]
            hint = f" (did you mean {near[0]!r}? values are case-sensitive)" if near else ""
            issues.append(
                _issue("S104", name, f"{name!r} is {_show(value)}; allowed: {allowed}{hint}")
            )
            return
        if not self.wants_text:
            if self.has_length:
                self._check_length(key, len(value), "bytes", issues)
            if self.pattern is not None:  # a pattern is stated for the text, whatever the kind
                self._check_pattern(key, value.decode("utf-8", "backslashreplace"), issues)
            return
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:  # said, then checked as shown: "0A1B\xff" is no hex either
            name = _key_text(key)
            issues.append(
                _issue(
                    "S112",
                    name,
                    f"{name!r} is {_show(value)}, not UTF-8 text as a {self.kind} value should "
                    "be; send it as text",
                )
            )
            text = value.decode("utf-8", "backslashreplace")
        if self.has_length:
            self._check_length(key, len(value), "bytes", issues)  # UTF-8 bytes, as on the wire
        if self.is_hex and value.translate(None, _HEX_BYTES):
            name = _key_text(key)
            issues.append(
                _issue(
                    "S105",
                    name,
                    f"{name!r} is {text!r}; it must be hexadecimal digits 0-9 a-f only",
                )
            )
            return
        if self.shape is not None:  # an empty value is no integer, uuid or URL either
            test, described = self.shape
            if not test(text):
                name = _key_text(key)
                if self.authoritative:
                    source = self.facts.source or "its schema"
                    issues.append(
                        _issue(
                            "S113",
                            name,
                            f"{name!r} is {text!r}; {source} makes it {described}",
                            ERROR,
                        )
                    )
                else:
                    issues.append(
                        _issue("S113", name, f"{name!r} is {text!r}; expected {described}")
                    )
        if self.has_range:
            self._check_range(key, text, issues)
        if self.pattern is not None:
            self._check_pattern(key, text, issues)

    def acceptance(self) -> Accept | None:
        """The test a value (None: sent bare) must pass to draw no error from ``check``.

        The same rules in the same order as ``check``, errors only and without the
        prose, for ``Report.ok`` (see ``rdata_verdict``); None when no value can draw an
        error. A differential test holds the two to the same verdict. The key's pattern
        is compiled here, so a pattern that is no regular expression is an OverlayError
        at the verdict, never later when the findings are listed.
        """
        made = self._accept
        if made is _UNMADE:
            if self.facts.pattern is not None:
                self._compiled_pattern()
            made = self._accept = self._make_acceptance()
        return made  # type: ignore[return-value]

    def _make_acceptance(self) -> Accept | None:
        needs_value, quick, is_flag = self.needs_value, self.quick, self.is_flag
        if is_flag:
            return _is_bare  # a value is S108
        if self.value_free:
            return None  # at most S116, a warning
        if quick is not None and needs_value:
            return quick.__contains__  # a choice passes every check; else S104 (or S107)
        fixed, deprecated, choices = self.fixed, self.deprecated, self.choices
        wants_text, has_length, is_hex = self.wants_text, self.has_length, self.is_hex
        has_range, length_ok, range_problem = self.has_range, self._length_ok, self._range_problem
        shape = self.shape[0] if self.shape is not None and self.authoritative else None
        patterned = self.pattern is not None
        if (
            fixed is None
            and not deprecated
            and not (has_length or is_hex or shape or has_range or patterned)
        ):  # nothing asked of the value but, at most, being one of the choices
            if choices:
                return choices.__contains__ if needs_value else _bare_or_in(choices)
            return _has_value if needs_value else None

        def accepts(value: bytes | None) -> bool:
            if value is None:
                return not needs_value  # S107
            if quick is not None and value in quick:
                return True
            if fixed is not None and value != fixed:
                return False  # S103
            if value in deprecated:
                return True  # S117, a warning, ends the checks
            if choices and value not in choices:
                return False  # S104
            if has_length and not length_ok(len(value)):
                return False  # S106 (bytes, as on the wire, whatever the kind)
            if not wants_text:
                return not patterned or bool(
                    self.pattern(value.decode("utf-8", "backslashreplace"))  # type: ignore[misc]
                )  # S115
            try:
                text = value.decode("utf-8")
            except UnicodeDecodeError:  # S112, a warning; the checks go on with the text shown
                text = value.decode("utf-8", "backslashreplace")
            if is_hex and value.translate(None, _HEX_BYTES):
                return False  # S105
            if shape is not None and not shape(text):
                return False  # S113 for a kind a specification states
            if has_range and range_problem(text) is not None:
                return False  # S114
            return not patterned or bool(self.pattern(text))  # type: ignore[misc]  # S115

        return accepts

    def _check_pattern(self, key: bytes, text: str, issues: list[Issue]) -> None:
        if self.pattern is not None and not self.pattern(text):
            name = _key_text(key)
            issues.append(
                _issue(
                    "S115",
                    name,
                    f"{name!r} is {text!r}; it must match the pattern {self.facts.pattern!r}",
                )
            )

    def _length_ok(self, length: int) -> bool:
        low, high = self.min_length, self.max_length
        return (low is None or length >= low) and (high is None or length <= high)

    def _check_length(self, key: bytes, length: int, unit: str, issues: list[Issue]) -> None:
        if not self._length_ok(length):
            name = _key_text(key)
            low, high = self.min_length, self.max_length
            if low == high:
                want = f"exactly {low}"
            elif high is None:
                want = f"at least {low}"
            elif low is None:
                want = f"at most {high}"
            else:
                want = f"{low} to {high}"
            issues.append(
                _issue("S106", name, f"{name!r} has {length} {unit}; the schema wants {want}")
            )

    def _range_problem(self, text: str) -> str | None:
        """What is wrong with ``text`` against the key's range, or None (a value of
        another kind is the kind check's to report)."""
        number: int | float
        if self.kind is KeyKind.NUMBER:
            if not _is_number(text):
                return None
            number = float(text)
        elif not _INTEGER(text):
            return None
        else:
            try:
                number = int(text)
            except ValueError:  # more digits than Python converts: out of any stated range
                return f"has {len(text)} digits: out of range"
        low, high = self.minimum, self.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            bounds = f"{'' if low is None else low}..{'' if high is None else high}"
            return f"is {number}; allowed range {bounds}"
        return None

    def _check_range(self, key: bytes, text: str, issues: list[Issue]) -> None:
        problem = self._range_problem(text)
        if problem is not None:
            name = _key_text(key)
            issues.append(_issue("S114", name, f"{name!r} {problem}"))

    @property
    def schema(self) -> KeySchema:
        """The key's ``KeySchema`` (made on first access when prepared from compiled data)."""
        if self._schema is None:
            from ..schema.models import KeySchema

            facts = self.facts
            self._schema = KeySchema.model_validate(
                {name: getattr(facts, name) for name in KEY_FIELDS}
            )
        return self._schema

    def _hint(self) -> str:
        s = self.facts
        for candidate in (s.fixed, s.default, s.example, s.choices[0] if s.choices else None):
            if candidate:
                return candidate
        return f"<{s.placeholder or s.kind}>"


class LenientKeyValidator(KeyValidator):
    """A key whose stated constraints deployed devices are known to break (``lenient``):
    the same checks, their errors and warnings reported as notes (info)."""

    __slots__ = ()

    def _make_acceptance(self) -> Accept | None:
        return None  # every finding is a note

    def check(self, key: bytes, value: bytes | None, issues: list[Issue]) -> None:
        start = len(issues)
        super().check(key, value, issues)
        for at in range(start, len(issues)):
            found = issues[at]
            if found.severity is not INFO:
                issues[at] = Issue(
                    INFO,
                    found.code,
                    found.key,
                    f"{found.message} (noted only: devices in use are known to differ here)",
                )


def key_validator(schema: KeySchema | KeyFacts) -> KeyValidator:
    """The prepared checks of one key (a lenient key's findings are notes)."""
    return LenientKeyValidator(schema) if schema.lenient else KeyValidator(schema)


class NoteValidator:
    """Everything needed to check records against one note, prepared once."""

    __slots__ = (
        "_compiled",
        "_family_tests",
        "_names",
        "_near",
        "_note",
        "accepts",
        "closed",
        "extensible",
        "families",
        "keys",
        "references",
        "required",
        "status",
        "unknown_memo",
    )

    def __init__(self, note: TxtNote) -> None:
        self._note: TxtNote | None = note
        self._compiled: Mapping[str, Any] | None = None
        self._prepare(note.status, note.extensible, note.closed, note.references, note.keys)

    @classmethod
    def from_compiled(cls, note: Mapping[str, Any]) -> NoteValidator:
        """A validator straight from a note as the compiled catalogue stores it.

        Raises ValueError when ``note`` is not exactly what the compiler writes (a
        damaged or hand-made file): build a ``TxtNote`` from it then, whose
        validation says what is wrong.
        """
        if not isinstance(note, Mapping) or not note.keys() <= _COMPILED_NOTE_FIELDS:
            raise ValueError("not a compiled note")
        extensible = note.get("extensible", False)
        closed = note.get("closed", False)
        raw_keys = note.get("keys", ())
        if (
            type(extensible) is not bool
            or type(closed) is not bool
            or not isinstance(raw_keys, list | tuple)
        ):
            raise ValueError("not a compiled note")
        if type(note.get("raw", "")) is not str:
            raise ValueError("raw must be text")
        text_list(note, "subtypes")
        status = note.get("status")
        if type(status) is not str:
            raise ValueError("a compiled note needs a status")
        validator = cls.__new__(cls)
        validator._note = None
        validator._compiled = note
        validator._prepare(
            NoteStatus(status),
            extensible,
            closed,
            text_list(note, "references"),
            [KeyFacts(key) for key in raw_keys],
        )
        return validator

    def _prepare(
        self,
        status: NoteStatus,
        extensible: bool,
        closed: bool,
        references: tuple[str, ...],
        keys: Iterable[KeySchema | KeyFacts],
    ) -> None:
        self.status = status
        self.extensible = extensible
        self.closed = closed
        self.references = references
        self.unknown_memo: dict[tuple[bytes, str], Issue] = {}
        # The verdict's value tests by folded key (``make_accepts``), made on first need.
        self.accepts: dict[bytes, Accept | None] | None = None
        self._family_tests: dict[bytes, Accept | None] = {}
        self._names: tuple[tuple[str, ...], str] | None = None
        self._near: _NearIndex | None = None
        self.keys: dict[bytes, KeyValidator] = {}
        # Numbered families (dkN, c0 ... cn): a key name matching the pattern is that key.
        self.families: tuple[tuple[Callable[[str], object], KeyValidator], ...] = ()
        families = []
        for schema in keys:
            if schema.key_pattern is not None:
                try:
                    matcher = re.compile(schema.key_pattern, re.IGNORECASE).fullmatch
                except re.error as exc:
                    raise OverlayError(
                        f"key {schema.name!r} has key_pattern {schema.key_pattern!r} that is not "
                        f"a valid regular expression ({exc}); fix it in the schema"
                    ) from exc
                families.append((matcher, key_validator(schema)))
                continue
            folded = schema.name.encode("utf-8").lower()
            self.keys.setdefault(folded, key_validator(schema))
        self.families = tuple(families)
        self.required: tuple[tuple[bytes, KeySchema | KeyFacts], ...] = tuple(
            (folded, v.facts) for folded, v in self.keys.items() if v.facts.required
        )

    def make_accepts(self) -> dict[bytes, Accept | None]:
        """The verdict's value test of each key listed by name (``KeyValidator.acceptance``).

        Empty when the note lists no keys: then no key is checked, as in ``check``.
        """
        keyed = self.status is NoteStatus.KEYS
        accepts = {folded: key.acceptance() for folded, key in self.keys.items() if keyed}
        for _, family in self.families if keyed else ():
            family.acceptance()  # compiles its pattern now: a bad one fails at the verdict
        self.accepts = accepts
        return accepts

    def family_acceptance(self, folded: bytes) -> Accept | None:
        """The verdict's value test for a key not listed by name: its family's, or None
        (an unknown key draws warnings only). Kept per key; the oldest half goes past 1,024."""
        if not self.families or self.status is not NoteStatus.KEYS:
            return None
        tests = self._family_tests
        if folded in tests:
            return tests[folded]
        found = self.family_of(folded)
        test = None if found is None else found.acceptance()
        if len(tests) >= 1024:
            for stale in list(tests)[:512]:
                del tests[stale]
        tests[folded] = test
        return test

    def family_of(self, folded: bytes) -> KeyValidator | None:
        """The family key whose name pattern ``folded`` matches, if any."""
        at = self.family_index(folded)
        return None if at == _UNKNOWN else self.key_at(folded, at)

    def key_at(self, folded: bytes, where: int) -> KeyValidator:
        """The key a memo recorded as ``where`` (``KeyFactsMemo``) for ``folded``."""
        return self.keys[folded] if where == _DIRECT else self.families[where - 1][1]

    def family_index(self, folded: bytes) -> int:
        """1 + the index in ``families`` of the family ``folded`` belongs to, or -1."""
        if self.families:
            text = folded.decode("ascii", "replace")
            for at, (matches, _) in enumerate(self.families, 1):
                if matches(text):
                    return at
        return -1

    @property
    def note(self) -> TxtNote:
        """The note checked against (made on first access when prepared from compiled data)."""
        if self._note is None:
            from ..schema.models import TxtNote

            self._note = TxtNote.model_validate(self._compiled)
        return self._note

    def check(self, firsts: Sequence[Seen], issues: list[Issue], label: str) -> None:
        """Append schema findings for the first occurrence of each key in a record."""
        status = self.status
        if status is not NoteStatus.KEYS:
            self._check_unlisted(firsts, issues, label)
            return
        keys = self.keys
        for folded, key, value in firsts:
            validator = keys.get(folded) or self.family_of(folded)
            if validator is None:
                self._unknown(key, issues, label)
            else:
                validator.check(key, value, issues)
        if self.required:
            self.check_required({folded for folded, _, _ in firsts}, issues, label)

    def check_required(self, present: Container[bytes], issues: list[Issue], label: str) -> None:
        """Append S102 for each required key whose folded name is not in ``present``."""
        for folded, schema in self.required:
            if folded not in present:
                example = f"{schema.name}=<{schema.placeholder or schema.kind}>"
                issues.append(
                    _issue(
                        "S102",
                        schema.name,
                        f"{label} requires key {schema.name!r}, which is missing: add {example}",
                    )
                )

    def _unknown(self, key: bytes, issues: list[Issue], label: str) -> None:
        # The finding depends only on the key, and the same stray key tends to come back
        # in every record of a device: keep a few ready-made.
        memo = self.unknown_memo
        found = memo.get((key, label))
        if found is None:
            found = self._unknown_issue(_key_text(key), label)
            if len(memo) >= 256:
                del memo[next(iter(memo))]  # the oldest goes: new stray keys keep coming
            memo[(key, label)] = found
        issues.append(found)

    def _defined_names(self) -> tuple[tuple[str, ...], str]:
        """The names the misspelling check compares with, and every defined name listed."""
        if self._names is None:
            named = tuple(v.facts.name for v in self.keys.values())
            listed = ", ".join((*named, *(v.facts.name for _, v in self.families)))
            self._names = (named, listed)
        return self._names

    def _near_index(self) -> _NearIndex:
        if self._near is None:
            self._near = _NearIndex(self._defined_names()[0])
        return self._near

    def _unknown_issue(self, name: str, label: str) -> Issue:
        near = self._near_index().misspelling_of(name)
        listed = self._defined_names()[1]
        if near is not None:
            return _issue(
                "S118",
                name,
                f"{name!r} is not a key of {label}; did you mean {near!r}? Receivers "
                f"looking for {near!r} will not see it: rename the key",
            )
        if self.closed:
            return _issue(
                "S101",
                name,
                f"{name!r} is not a key of {label}, whose definition lists every key "
                f"({listed}): check the spelling or remove it",
                WARNING,
            )
        why = (
            "its definition allows further keys"
            if self.extensible
            else "the list is not said to be complete, and receivers ignore keys they do "
            "not know (RFC 6763 s6.7)"
        )
        return _issue(
            "S101", name, f"{name!r} is not among the keys named for {label} ({listed}); {why}"
        )

    def _check_unlisted(self, firsts: Sequence[Seen], issues: list[Issue], label: str) -> None:
        if self.status is NoteStatus.NONE:
            if firsts:
                names = ", ".join(repr(_key_text(key)) for _, key, _ in firsts)
                issues.append(
                    _issue(
                        "S110",
                        None,
                        f"the registry note of {label} says it defines no TXT keys, but the "
                        f"record has {names}",
                    )
                )
            return
        where = ", ".join(self.references)
        why = {
            NoteStatus.REFERENCE: "points to another document for its keys",
            NoteStatus.PROPRIETARY: "says its keys are proprietary",
            NoteStatus.UNSPECIFIED: "does not list TXT keys",
        }[self.status]
        issues.append(
            _issue(
                "S111",
                None,
                f"the registry note of {label} {why}; keys were not checked"
                + (f" (see {where})" if where else ""),
            )
        )


@lru_cache(maxsize=2048)
def validator_for(note: TxtNote) -> NoteValidator:
    """The prepared validator of a note, built once per distinct note."""
    return NoteValidator(note)
