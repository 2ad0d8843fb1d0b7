"""Advertise a checked record on the link, and audit what the link advertises.

Both sides use python-zeroconf. ``advertise`` refuses a record with errors unless forced,
and always says goodbye when it ends. ``audit`` browses (every type a responder lists
under ``_services._dns-sd._udp.local.``, or the types given), resolves each instance and
checks its TXT RDATA exactly as it arrived, so a device can be gated on in CI.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import queue
import threading
import time
from collections.abc import AsyncIterator, Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import zeroconf
from zeroconf import (
    BadTypeInNameException,
    InterfaceChoice,
    NonUniqueNameException,
    ServiceInfo,
    ServiceNameAlreadyRegistered,
    ServiceStateChange,
    Zeroconf,
)
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from ..build import build_service_info
from ..checks.validate import validate
from ..errors import TxtkeysError, ValidationError
from ..formats.display import display, text_and_hex
from ..formats.inputs import as_txt_input
from ..formats.wire import TxtEntry, encode, split_rdata
from ..names import ServiceType, host_fqdn, instance_host, service_name_problem, subtype_label
from ..report import Issue, Report, Severity
from ..schemaset import SchemaSet, as_schema_set

if TYPE_CHECKING:
    from ..catalogue.store import Catalogue

__all__ = [
    "MAX_AUDITED_INSTANCES",
    "MAX_BROWSED_TYPES",
    "SERVICE_TYPE_ENUMERATION",
    "Advertisement",
    "AuditProgress",
    "AuditResult",
    "TxtChange",
    "WatchEvent",
    "advertise",
    "audit",
    "audit_async",
    "txt_changes",
    "watch",
    "zeroconf_error",
]

# RFC 6763 s9: a PTR query for this name lists every service type on the link.
SERVICE_TYPE_ENUMERATION = "_services._dns-sd._udp.local."

# How long one instance may take to answer with SRV, TXT and an address, at most.
_RESOLVE_SECONDS = 3.0
# How often the progress callback hears from a quiet link.
_TICK_SECONDS = 0.2
# How long a call into zeroconf's event loop thread (start or stop browsers) may take.
_LOOP_CALL_SECONDS = 5.0

MAX_BROWSED_TYPES = 256
"""Service types one audit browses at most; types announced past it are counted, not browsed."""
MAX_AUDITED_INSTANCES = 4096
"""Instances one audit resolves and checks at most; later ones are counted, not checked."""


# -- zeroconf's exceptions --------------------------------------------------------------


def zeroconf_error(exc: BaseException, doing: str) -> TxtkeysError:
    """The one place a zeroconf (or socket) exception becomes a txtkeys error.

    ``doing`` says what was attempted ("cannot browse '_x._tcp.local.'"); the reason is
    shown with ``display``, as zeroconf's messages quote names as they came off the link.
    """
    if isinstance(exc, TxtkeysError):
        return exc
    detail = display(str(exc).strip())
    if len(detail) > 200:
        detail = detail[:200] + "..."
    if isinstance(exc, BadTypeInNameException):
        reason = "not a valid DNS-SD name" + (f" ({detail})" if detail else "")
        advice = (
            "a service type is _name._tcp or _name._udp with a 1-15 character name of "
            "letters, digits and hyphens; an instance name is at most 63 bytes with no "
            "control characters (RFC 6763 s4.1.1, s7)"
        )
    elif isinstance(exc, NonUniqueNameException | ServiceNameAlreadyRegistered):
        reason = "another responder on the link already uses that name"
        advice = "choose another instance name (--name)"
    elif isinstance(exc, OSError):
        reason = display(exc.strerror or detail or type(exc).__name__)
        advice = (
            "check that --interface names an address of this host ('ip -brief address' "
            "lists them) and that multicast is allowed on it"
        )
    else:
        reason = f"zeroconf {type(exc).__name__}" + (f": {detail}" if detail else "")
        advice = "try again; run with --debug to see where it came from"
    return TxtkeysError(f"{doing}: {reason}; {advice}")


@contextlib.contextmanager
def _zeroconf_errors(doing: str) -> Iterator[None]:
    """Raise what zeroconf or the sockets raise inside the block as ``zeroconf_error``."""
    try:
        yield
    except (zeroconf.Error, OSError) as exc:
        raise zeroconf_error(exc, doing) from exc


def _check_interfaces(interfaces: Iterable[str] | None) -> None:
    """Refuse an interface address this host does not have, before opening any socket."""
    chosen = [str(i) for i in interfaces or ()]
    if not chosen:
        return
    import ipaddress

    import ifaddr

    own: set[ipaddress.IPv4Address | ipaddress.IPv6Address] = set()
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            text = ip.ip if isinstance(ip.ip, str) else ip.ip[0]
            with contextlib.suppress(ValueError):
                own.add(ipaddress.ip_address(text.split("%", 1)[0]))
    for value in chosen:
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            raise TxtkeysError(
                f"--interface takes an IP address such as 192.0.2.7, not {display(value)!r}; "
                "'ip -brief address' lists this host's addresses"
            ) from None
        if own and address not in own:
            raise TxtkeysError(
                f"this host has no interface with the address {address}; give one of its "
                "own addresses to --interface ('ip -brief address' lists them), or leave "
                "--interface out to use every interface"
            )


def _open_zeroconf(interfaces: Sequence[str] | None) -> Zeroconf:
    """Zeroconf on ``interfaces`` (default all); TxtkeysError when the sockets cannot open."""
    _check_interfaces(interfaces)
    where = ", ".join(interfaces) if interfaces else "all interfaces"
    with _zeroconf_errors(f"cannot open mDNS sockets on {display(where)}"):
        return Zeroconf(interfaces=_zeroconf_interfaces(interfaces))


# -- advertise --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Advertisement:
    """What is on the air: the zeroconf record, its TXT RDATA and the check it passed (or not)."""

    info: ServiceInfo
    report: Report
    rdata: bytes
    forced: bool = False

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def entries(self) -> tuple[TxtEntry, ...]:
        return tuple(from_rdata_entries(self.rdata))


def from_rdata_entries(rdata: bytes) -> Iterator[TxtEntry]:
    """The non-empty strings of ``rdata`` as entries (tolerant: stops at a bad length byte)."""
    return (TxtEntry.from_string(string) for string in split_rdata(rdata).strings if string)


def _zeroconf_interfaces(interfaces: Iterable[str] | None) -> list[str] | InterfaceChoice:
    chosen = [] if interfaces is None else [str(i) for i in interfaces]
    return chosen if chosen else InterfaceChoice.All


def _local_addresses(interfaces: Iterable[str] | None) -> list[str]:
    """Addresses to put in A/AAAA records: the chosen interfaces', else every IPv4 one."""
    chosen = [str(i) for i in interfaces or ()]
    if chosen:
        return chosen
    import ifaddr

    found: list[str] = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str) and not ip.ip.startswith("127."):
                found.append(ip.ip)
    if not found:
        raise TxtkeysError(
            "this host has no IPv4 address to advertise; pass --interface IP (or "
            "interfaces=[...]) naming the address to announce"
        )
    return found


def _host_for(instance: str, server: str | None) -> str:
    """The SRV target: the one given, else the instance name made host-safe (as build does)."""
    return host_fqdn(server) if server else instance_host(instance)


def _forced_info(
    kind: ServiceType,
    instance: str,
    *,
    port: int,
    rdata: bytes,
    addresses: Sequence[str],
    server: str,
    subtypes: Sequence[str],
) -> ServiceInfo:
    """A ServiceInfo built without the checks, for ``force=True``."""
    type_ = kind.fqdn()
    if subtypes:
        type_ = f"{subtype_label(subtypes[0])}._sub.{type_}"
    return ServiceInfo(
        type_,
        f"{instance}.{kind.fqdn()}",
        port=port,
        properties=rdata,
        parsed_addresses=list(addresses),
        server=server,
    )


@contextlib.contextmanager
def advertise(
    service: str | ServiceType,
    instance: str,
    port: int,
    txt: Any,
    *,
    interfaces: Sequence[str] | None = None,
    addresses: Sequence[str] | None = None,
    server: str | None = None,
    subtypes: Sequence[str] = (),
    schemas: SchemaSet | Catalogue | None = None,
    force: bool = False,
    allow_name_change: bool = False,
) -> Iterator[Advertisement]:
    """Announce a service while the ``with`` block runs; send goodbyes when it ends.

    The record is checked first: errors raise ``ValidationError`` unless ``force`` is set,
    in which case the broken record goes out as given (a test fixture for receivers).
    ``interfaces`` are IP addresses to bind to (default: every interface).
    """
    kind = service if isinstance(service, ServiceType) else ServiceType.parse(service)
    _check_interfaces(interfaces)
    raw = bytes(txt) if isinstance(txt, bytes | bytearray | memoryview) else None
    record = as_txt_input(txt)
    cat = as_schema_set(schemas)
    report = validate(kind, raw if raw is not None else record, schemas=cat, instance=instance)
    if not report.ok and not force:
        first = report.errors[0]
        raise ValidationError(
            f"refusing to advertise {display(instance)!r}: {len(report.errors)} error(s), "
            f"first {first.code} {display(first.message)}; fix the record or pass --force",
            report.issues,
        )
    announced = list(addresses) if addresses else _local_addresses(interfaces)
    host = _host_for(instance, server)
    doing = f"cannot advertise {display(instance)!r} as {display(kind.fqdn())}"
    if report.ok:
        with _zeroconf_errors(doing):
            info = build_service_info(
                kind,
                instance,
                port,
                record,
                addresses=announced,
                server=host,
                subtypes=list(subtypes),
                schemas=cat,
            )
    else:
        try:
            rdata = raw if raw is not None else encode(record.entries)
        except ValueError as exc:
            raise TxtkeysError(display(str(exc))) from None
        with _zeroconf_errors(doing):
            info = _forced_info(
                kind,
                instance,
                port=port,
                rdata=rdata,
                addresses=announced,
                server=host,
                subtypes=subtypes,
            )
    zc = _open_zeroconf(interfaces)
    try:
        try:
            zc.register_service(info, allow_name_change=allow_name_change)
        except NonUniqueNameException:
            raise TxtkeysError(
                f"another responder on the link already uses the name {display(info.name)!r}; "
                "choose another instance name (--name)"
            ) from None
        except (zeroconf.Error, OSError) as exc:
            raise zeroconf_error(exc, doing) from exc
        yield Advertisement(info, report, bytes(info.text or b""), forced=not report.ok)
        with contextlib.suppress(zeroconf.Error, OSError):
            zc.unregister_service(info)
    finally:
        zc.close()


# -- audit ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditResult:
    """One instance seen on the link, and what the check of its TXT record found."""

    instance: str
    type: str
    host: str | None
    port: int | None
    addresses: tuple[str, ...]
    rdata: bytes | None
    report: Report

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def label(self) -> str:
        """The instance name without its type and domain."""
        suffix = "." + self.type
        return self.instance[: -len(suffix)] if self.instance.endswith(suffix) else self.instance

    @property
    def where(self) -> str:
        """``host:port`` as resolved, or ``?`` when the instance did not answer."""
        if self.port is None:
            return "?"
        place = self.addresses[0] if self.addresses else (self.host or "?")
        if ":" in place:
            place = f"[{place}]"
        return f"{place}:{self.port}"

    def to_dict(self) -> dict[str, Any]:
        """One line of ``audit --json``: the ``check --json`` shape plus where it came from."""
        checked = self.report.to_dict()
        return {
            **text_and_hex("instance", self.instance),
            **text_and_hex("type", self.type),
            **text_and_hex("host", self.host),
            "port": self.port,
            "addresses": [display(a) for a in self.addresses],
            "txt": None
            if self.rdata is None
            else [display(str(e)) for e in from_rdata_entries(self.rdata)],
            "rdata_hex": None if self.rdata is None else self.rdata.hex(),
            "service": checked["service"],
            "valid": checked["valid"],
            "issues": [
                {
                    **issue,
                    "key": None if issue["key"] is None else display(issue["key"]),
                    "message": display(issue["message"]),
                }
                for issue in checked["issues"]
            ],
        }


@dataclass(frozen=True, slots=True)
class AuditProgress:
    """Passed to the progress callback while the audit listens."""

    remaining: float
    types: int
    instances: int
    checked: int


@dataclass(slots=True)
class _Tally:
    types: set[str] = field(default_factory=set)
    instances: set[str] = field(default_factory=set)
    checked: int = 0

    @property
    def type_count(self) -> int:
        """Service types being browsed, not counting the enumeration name itself."""
        return len(self.types - {SERVICE_TYPE_ENUMERATION})

    def progress(self, remaining: float) -> AuditProgress:
        return AuditProgress(remaining, self.type_count, len(self.instances), self.checked)

    def admit(self, service_type: str, name: str) -> Literal["browse", "resolve"] | None:
        """What an Added event asks for: browse a newly listed type, resolve a new instance."""
        folded = name.lower()
        if service_type == SERVICE_TYPE_ENUMERATION:
            if folded in self.types:
                return None
            self.types.add(folded)
            return "browse"
        if folded in self.instances:
            return None
        self.instances.add(folded)
        return "resolve"


def _browse_name(text: str) -> str:
    """The name to browse for a type the user gave; TxtkeysError saying how to write it."""
    kind = ServiceType.parse(text)
    problem = service_name_problem(kind.name)
    if problem is not None:
        raw = text.strip()
        hint = ""
        if not raw.startswith("_") and "._" in raw:
            hint = "; that looks like an instance name: give only its type, such as '_wot._tcp'"
        elif "." in kind.name:
            hint = "; write the protocol as 'http/tcp' or '_http._tcp'"
        raise TxtkeysError(
            f"--type {display(text)!r} is not a service type: {display(problem)}{hint}"
        )
    return kind.fqdn(subtype=kind.subtype)


def _refused_instance(service_type: str, name: str, exc: BaseException) -> AuditResult:
    """An instance whose name zeroconf refuses: an error of the responder, not of the audit."""
    reason = display(str(exc).strip()) or type(exc).__name__
    issue = Issue(
        Severity.ERROR,
        "L004",
        None,
        f"the instance name {display(name)!r} cannot be resolved ({reason}): an instance "
        "name is at most 63 bytes of UTF-8 without control characters (RFC 6763 s4.1.1); "
        "fix the responder that announces it",
    )
    return AuditResult(name, service_type, None, None, (), None, Report(None, (issue,)))


def _refused_type(name: str, exc: BaseException) -> AuditResult:
    """A type listed under the enumeration that zeroconf cannot browse: noted, not browsed."""
    reason = display(str(exc).strip()) or type(exc).__name__
    issue = Issue(
        Severity.WARNING,
        "L005",
        None,
        f"the link lists the service type {display(name)!r}, which is not a valid DNS-SD "
        f"type ({reason}); it was not browsed: fix the responder that announces it",
    )
    return AuditResult(name, SERVICE_TYPE_ENUMERATION, None, None, (), None, Report(None, (issue,)))


def _overflow(code: str, count: int, what: str, limit: int, advice: str) -> AuditResult:
    issue = Issue(
        Severity.WARNING,
        code,
        None,
        f"{count} more {what} were announced past the limit of {limit} per audit and "
        f"were not checked; {advice}",
    )
    return AuditResult(
        f"({count} more {what})",
        SERVICE_TYPE_ENUMERATION,
        None,
        None,
        (),
        None,
        Report(None, (issue,)),
    )


@dataclass(slots=True)
class _Limits:
    """What one audit has started, against MAX_BROWSED_TYPES and MAX_AUDITED_INSTANCES."""

    browsed: int = 0
    resolving: int = 0
    skipped_types: int = 0
    skipped_instances: int = 0

    def may_browse(self) -> bool:
        if self.browsed >= MAX_BROWSED_TYPES:
            self.skipped_types += 1
            return False
        self.browsed += 1
        return True

    def may_resolve(self) -> bool:
        if self.resolving >= MAX_AUDITED_INSTANCES:
            self.skipped_instances += 1
            return False
        self.resolving += 1
        return True

    def results(self) -> Iterator[AuditResult]:
        if self.skipped_types:
            yield _overflow(
                "L006",
                self.skipped_types,
                "service types",
                MAX_BROWSED_TYPES,
                "name the types to check with --type",
            )
        if self.skipped_instances:
            yield _overflow(
                "L007",
                self.skipped_instances,
                "instances",
                MAX_AUDITED_INSTANCES,
                "name the types to check with --type",
            )


def _check(
    service_type: str, name: str, info: ServiceInfo | None, schemas: SchemaSet
) -> AuditResult:
    """Validate one resolved (or silent) instance into an AuditResult; never raises."""
    suffix = "." + service_type
    label = name[: -len(suffix)] if name.endswith(suffix) else name
    extra: list[Issue] = []
    kind: ServiceType | None
    try:
        kind = ServiceType.parse(service_type)
    except TxtkeysError as exc:
        kind = None
        extra.append(
            Issue(Severity.WARNING, "L003", None, f"{display(str(exc))}; only RFC rules checked")
        )
    rdata = bytes(info.text) if info is not None and info.text else None
    if rdata is None:
        report = Report(
            kind.dns_sd if kind else None,
            (
                Issue(
                    Severity.ERROR,
                    "L001",
                    None,
                    f"{display(name)} did not answer with SRV and TXT records in time; check "
                    "the device is up, or raise --timeout",
                ),
            ),
        )
        return AuditResult(name, service_type, None, None, (), None, report)
    assert info is not None  # rdata comes from it
    try:
        checked = validate(kind, rdata, schemas=schemas, instance=label)
        checked.issues  # noqa: B018 - listed here, inside the guard, not later when printed
    except Exception as exc:  # one record must never stop the audit of the link
        checked = Report(
            kind.dns_sd if kind else None,
            (
                Issue(
                    Severity.ERROR,
                    "L008",
                    None,
                    f"txtkeys could not check this record ({type(exc).__name__}: "
                    f"{display(str(exc))[:200]}); please report it with the rdata hex",
                ),
            ),
        )
    try:
        addresses = tuple(info.parsed_scoped_addresses())
    except (ValueError, zeroconf.Error):
        addresses = ()
    if info.port is None or not addresses:
        extra.append(
            Issue(
                Severity.WARNING,
                "L002",
                None,
                f"{display(name)} sent TXT but no SRV or no address record in time; clients "
                "cannot connect: have the responder announce SRV and A or AAAA records",
            )
        )
    report = Report(checked.service, (*extra, *checked.issues)) if extra else checked
    return AuditResult(name, service_type, info.server, info.port, addresses, rdata, report)


def _start_browser(zc: Zeroconf, type_: str, handler: Callable[..., None]) -> AsyncServiceBrowser:
    """A browser running on zeroconf's own event loop: no thread per browsed type."""

    async def start() -> AsyncServiceBrowser:
        return AsyncServiceBrowser(zc, type_, handlers=[handler])

    assert zc.loop is not None
    future = asyncio.run_coroutine_threadsafe(start(), zc.loop)
    return future.result(_LOOP_CALL_SECONDS)


def _stop_browsers(zc: Zeroconf, browsers: list[AsyncServiceBrowser]) -> None:
    loop = zc.loop
    if not browsers or loop is None or loop.is_closed():
        return

    async def stop() -> None:
        for browser in browsers:
            with contextlib.suppress(Exception):
                await browser.async_cancel()

    # Cleanup must not hide what ended the audit (a KeyboardInterrupt, an error).
    with contextlib.suppress(Exception):
        asyncio.run_coroutine_threadsafe(stop(), loop).result(_LOOP_CALL_SECONDS)


# What zeroconf raises for names and packets it will not take; OSError for its sockets.
_REFUSALS = (zeroconf.Error, OSError, ValueError, UnicodeError, TimeoutError)


def audit(
    types: Iterable[str] | None = None,
    *,
    interfaces: Sequence[str] | None = None,
    timeout: float = 5.0,
    schemas: SchemaSet | Catalogue | None = None,
    progress: Callable[[AuditProgress], None] | None = None,
) -> Iterator[AuditResult]:
    """Yield one result per instance found within ``timeout`` seconds, as each resolves.

    ``types`` are service types in any accepted spelling; without them every type listed
    under ``_services._dns-sd._udp.local.`` is browsed (at most ``MAX_BROWSED_TYPES``).
    Closing the iterator early (``break``) stops browsing and closes the sockets.
    Nothing on the link stops an audit: a name zeroconf refuses is a result of its own
    (L004 for an instance, L005 for a listed type).
    """
    cat = as_schema_set(schemas)
    wanted = [_browse_name(t) for t in types or ()] or [SERVICE_TYPE_ENUMERATION]
    _check_timeout(timeout)
    events: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()

    def on_change(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Added:
            events.put((service_type, name))

    deadline = time.monotonic() + timeout
    tally = _Tally()
    limits = _Limits()
    zc = _open_zeroconf(interfaces)
    browsers: list[AsyncServiceBrowser] = []
    unanswered: list[tuple[str, str, ServiceInfo]] = []
    try:
        for browse in wanted:
            tally.types.add(browse)
            with _zeroconf_errors(f"cannot browse {display(browse)!r}"):
                browsers.append(_start_browser(zc, browse, on_change))
        while (remaining := deadline - time.monotonic()) > 0:
            if progress is not None:
                progress(tally.progress(remaining))
            try:
                service_type, name = events.get(timeout=min(remaining, _TICK_SECONDS))
            except queue.Empty:
                continue
            wanted_now = tally.admit(service_type, name)
            if wanted_now == "browse":
                if limits.may_browse():
                    try:
                        browsers.append(_start_browser(zc, name, on_change))
                    except _REFUSALS as exc:
                        yield _refused_type(name, exc)
                continue
            if wanted_now != "resolve" or not limits.may_resolve():
                continue
            try:
                info = ServiceInfo(service_type, name)
                wait = max(min(_RESOLVE_SECONDS, deadline - time.monotonic()), 0.1)
                answered = info.request(zc, int(wait * 1000)) or bool(info.text)
            except _REFUSALS as exc:
                yield _refused_instance(service_type, name, exc)
                continue
            if answered:
                tally.checked += 1
                yield _check(service_type, name, info, cat)
            else:
                unanswered.append((service_type, name, info))
        for service_type, name, info in unanswered:
            with contextlib.suppress(*_REFUSALS):
                info.load_from_cache(zc)
            yield _check(service_type, name, info if info.text else None, cat)
        yield from limits.results()
    finally:
        _stop_browsers(zc, browsers)
        zc.close()


@dataclass(frozen=True, slots=True)
class TxtChange:
    """One key that differs between two TXT records of an instance (None: absent)."""

    key: bytes
    old: bytes | None
    new: bytes | None
    old_present: bool
    new_present: bool

    def to_dict(self) -> dict[str, Any]:
        def side(name: str, present: bool, value: bytes | None) -> dict[str, Any]:
            if not present:
                return {name: None, f"{name}_present": False}
            if value is None:  # a bare key (a flag)
                return {name: None, f"{name}_present": True}
            return {**text_and_hex(name, value), f"{name}_present": True}

        return {
            **text_and_hex("key", self.key),
            **side("old", self.old_present, self.old),
            **side("new", self.new_present, self.new),
        }


@dataclass(frozen=True, slots=True)
class WatchEvent:
    """What ``watch`` saw happen to one instance.

    ``kind`` is ``appeared``, ``changed`` (its TXT record; ``changes`` lists the keys),
    ``invalid`` or ``valid`` (the verdict turned), or ``left`` (a goodbye, or its
    records expired). ``result`` is the check of the record as it now is (the last one
    seen, for ``left``).
    """

    kind: Literal["appeared", "changed", "invalid", "valid", "left"]
    result: AuditResult
    changes: tuple[TxtChange, ...] = ()
    at: float = 0.0  # time.time() when it was seen

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.kind,
            "time": round(self.at, 3),
            **self.result.to_dict(),
            "changes": [change.to_dict() for change in self.changes],
        }


def txt_changes(old: bytes | None, new: bytes | None) -> tuple[TxtChange, ...]:
    """The keys whose presence or value differ between two RDATA (first occurrence wins,
    keys compared case-insensitively, RFC 6763 s6.4)."""

    def keyed(rdata: bytes | None) -> dict[bytes, tuple[bytes, bytes | None]]:
        found: dict[bytes, tuple[bytes, bytes | None]] = {}
        for entry in from_rdata_entries(rdata or b""):
            found.setdefault(entry.key.lower(), (entry.key, entry.value))
        return found

    before, after = keyed(old), keyed(new)
    changes = []
    for folded in dict.fromkeys([*before, *after]):
        was, now = before.get(folded), after.get(folded)
        if was is not None and now is not None and was[1] == now[1]:
            continue  # the same value, whatever case the key was written in
        key = (now or was or (folded, None))[0]
        changes.append(
            TxtChange(
                key,
                None if was is None else was[1],
                None if now is None else now[1],
                was is not None,
                now is not None,
            )
        )
    return tuple(changes)


def watch(
    types: Iterable[str] | None = None,
    *,
    interfaces: Sequence[str] | None = None,
    duration: float | None = None,
    schemas: SchemaSet | Catalogue | None = None,
    stop: threading.Event | None = None,
) -> Generator[WatchEvent, None, None]:
    """Keep browsing and yield an event whenever an instance appears, changes its TXT
    record, turns invalid or valid, or leaves, until ``duration`` seconds have passed
    (None: until the iterator is closed, ``stop`` is set from another thread, or Ctrl-C).

    zeroconf reports a changed TXT record as an update of the instance (the announcing
    device sends the new record, RFC 6762 s8.4); each one is checked afresh.
    """
    cat = as_schema_set(schemas)
    wanted = [_browse_name(t) for t in types or ()] or [SERVICE_TYPE_ENUMERATION]
    if duration is not None:
        _check_timeout(duration)
    events: queue.SimpleQueue[tuple[str, str, ServiceStateChange]] = queue.SimpleQueue()

    def on_change(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        events.put((service_type, name, state_change))

    deadline = None if duration is None else time.monotonic() + duration
    seen: dict[str, AuditResult] = {}
    browsed: set[str] = set()
    limits = _Limits()
    zc = _open_zeroconf(interfaces)
    browsers: list[AsyncServiceBrowser] = []
    try:
        for browse in wanted:
            browsed.add(browse.lower())
            with _zeroconf_errors(f"cannot browse {display(browse)!r}"):
                browsers.append(_start_browser(zc, browse, on_change))
        while deadline is None or (remaining := deadline - time.monotonic()) > 0:
            if stop is not None and stop.is_set():
                break
            wait = _TICK_SECONDS if deadline is None else min(remaining, _TICK_SECONDS)
            try:
                service_type, name, change = events.get(timeout=wait)
            except queue.Empty:
                continue
            if service_type == SERVICE_TYPE_ENUMERATION:
                if change is ServiceStateChange.Added and name.lower() not in browsed:
                    browsed.add(name.lower())
                    if limits.may_browse():
                        try:
                            browsers.append(_start_browser(zc, name, on_change))
                        except _REFUSALS as exc:
                            yield WatchEvent("appeared", _refused_type(name, exc), (), time.time())
                continue
            folded = name.lower()
            if change is ServiceStateChange.Removed:
                last = seen.pop(folded, None)
                if last is not None:
                    yield WatchEvent("left", last, txt_changes(last.rdata, None), time.time())
                continue
            if folded not in seen and not limits.may_resolve():
                continue
            try:
                info = ServiceInfo(service_type, name)
                info.request(zc, int(_RESOLVE_SECONDS * 1000))
            except _REFUSALS as exc:
                if folded not in seen:  # said once, not at every update of the same name
                    refused = _refused_instance(service_type, name, exc)
                    seen[folded] = refused
                    yield WatchEvent("appeared", refused, (), time.time())
                continue
            result = _check(service_type, name, info if info.text else None, cat)
            before = seen.get(folded)
            seen[folded] = result
            now = time.time()
            if before is None:
                yield WatchEvent("appeared", result, txt_changes(None, result.rdata), now)
                continue
            changes = txt_changes(before.rdata, result.rdata)
            if changes:
                yield WatchEvent("changed", result, changes, now)
            if before.ok != result.ok:
                yield WatchEvent("valid" if result.ok else "invalid", result, changes, now)
    finally:
        _stop_browsers(zc, browsers)
        zc.close()


def _check_timeout(timeout: float) -> None:
    if not (isinstance(timeout, int | float) and math.isfinite(timeout) and timeout > 0):
        raise TxtkeysError(f"the audit timeout must be a positive number of seconds, not {timeout}")


async def audit_async(
    types: Iterable[str] | None = None,
    *,
    interfaces: Sequence[str] | None = None,
    timeout: float = 5.0,
    schemas: SchemaSet | Catalogue | None = None,
    progress: Callable[[AuditProgress], None] | None = None,
) -> AsyncIterator[AuditResult]:
    """``audit`` for asyncio code; zeroconf runs on the caller's loop.

    Use ``contextlib.aclosing`` when leaving the loop early, so the sockets close at once.
    """
    cat = as_schema_set(schemas)
    wanted = [_browse_name(t) for t in types or ()] or [SERVICE_TYPE_ENUMERATION]
    _check_timeout(timeout)
    events: asyncio.Queue[tuple[str, str]] = asyncio.Queue()

    def on_change(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Added:
            events.put_nowait((service_type, name))

    deadline = time.monotonic() + timeout
    tally = _Tally()
    limits = _Limits()
    _check_interfaces(interfaces)
    where = ", ".join(interfaces) if interfaces else "all interfaces"
    with _zeroconf_errors(f"cannot open mDNS sockets on {display(where)}"):
        azc = AsyncZeroconf(interfaces=_zeroconf_interfaces(interfaces))
    browsers: list[AsyncServiceBrowser] = []
    unanswered: list[tuple[str, str, AsyncServiceInfo]] = []
    try:
        for browse in wanted:
            tally.types.add(browse)
            with _zeroconf_errors(f"cannot browse {display(browse)!r}"):
                browsers.append(AsyncServiceBrowser(azc.zeroconf, browse, handlers=[on_change]))
        while (remaining := deadline - time.monotonic()) > 0:
            if progress is not None:
                progress(tally.progress(remaining))
            try:
                service_type, name = await asyncio.wait_for(
                    events.get(), timeout=min(remaining, _TICK_SECONDS)
                )
            except TimeoutError:
                continue
            wanted_now = tally.admit(service_type, name)
            if wanted_now == "browse":
                if limits.may_browse():
                    try:
                        browsers.append(
                            AsyncServiceBrowser(azc.zeroconf, name, handlers=[on_change])
                        )
                    except _REFUSALS as exc:
                        yield _refused_type(name, exc)
                continue
            if wanted_now != "resolve" or not limits.may_resolve():
                continue
            try:
                info = AsyncServiceInfo(service_type, name)
                wait = max(min(_RESOLVE_SECONDS, deadline - time.monotonic()), 0.1)
                answered = await info.async_request(azc.zeroconf, int(wait * 1000))
            except _REFUSALS as exc:
                yield _refused_instance(service_type, name, exc)
                continue
            if answered or info.text:
                tally.checked += 1
                yield _check(service_type, name, info, cat)
            else:
                unanswered.append((service_type, name, info))
        for service_type, name, info in unanswered:
            with contextlib.suppress(*_REFUSALS):
                info.load_from_cache(azc.zeroconf)
            yield _check(service_type, name, info if info.text else None, cat)
        for result in limits.results():
            yield result
    finally:
        for browser in browsers:
            with contextlib.suppress(Exception):
                await browser.async_cancel()
        await azc.async_close()
