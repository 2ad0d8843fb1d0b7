"""Advertise a checked record on the link, and audit what the link advertises.

Both sides use python-zeroconf. ``advertise`` refuses a record with errors unless forced,
and always says goodbye when it ends. ``audit`` browses (every type a responder lists
under ``_services._dns-sd._udp.local.``, or the types given), resolves each instance and
checks its TXT RDATA exactly as it arrived, so a device can be gated on in CI.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from zeroconf import (
    InterfaceChoice,
    NonUniqueNameException,
    ServiceBrowser,
    ServiceInfo,
    ServiceStateChange,
    Zeroconf,
)
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from ..build import build_service_info
from ..checks.validate import default_catalogue, validate
from ..errors import TxtkeysError, UnknownServiceError, ValidationError
from ..formats.inputs import as_txt_input
from ..formats.wire import TxtEntry, encode
from ..names import ServiceType
from ..report import Issue, Report, Severity

if TYPE_CHECKING:
    from ..catalogue.store import Catalogue

__all__ = [
    "SERVICE_TYPE_ENUMERATION",
    "Advertisement",
    "AuditProgress",
    "AuditResult",
    "advertise",
    "audit",
    "audit_async",
]

# RFC 6763 s9: a PTR query for this name lists every service type on the link.
SERVICE_TYPE_ENUMERATION = "_services._dns-sd._udp.local."

# How long one instance may take to answer with SRV, TXT and an address, at most.
_RESOLVE_SECONDS = 3.0
# How often the progress callback hears from a quiet link.
_TICK_SECONDS = 0.2


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
    pos = 0
    while pos < len(rdata):
        end = pos + 1 + rdata[pos]
        if end > len(rdata):
            return
        if end > pos + 1:
            yield TxtEntry.from_string(rdata[pos + 1 : end])
        pos = end


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
    if server:
        return server if server.endswith(".") else server + "."
    host = "".join(c if c.isascii() and c.isalnum() else "-" for c in instance).strip("-")
    return f"{host or 'host'}.local."


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
        type_ = f"_{subtypes[0].lstrip('_')}._sub.{type_}"
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
    catalogue: Catalogue | None = None,
    force: bool = False,
    allow_name_change: bool = False,
) -> Iterator[Advertisement]:
    """Announce a service while the ``with`` block runs; send goodbyes when it ends.

    The record is checked first: errors raise ``ValidationError`` unless ``force`` is set,
    in which case the broken record goes out as given (a test fixture for receivers).
    ``interfaces`` are IP addresses to bind to (default: every interface).
    """
    kind = service if isinstance(service, ServiceType) else ServiceType.parse(service)
    raw = bytes(txt) if isinstance(txt, bytes | bytearray | memoryview) else None
    record = as_txt_input(txt)
    cat = catalogue if catalogue is not None else default_catalogue()
    report = validate(kind, raw if raw is not None else record, catalogue=cat, instance=instance)
    if not report.ok and not force:
        first = report.errors[0]
        raise ValidationError(
            f"refusing to advertise {instance!r}: {len(report.errors)} error(s), first "
            f"{first.code} {first.message}; fix the record or pass --force",
            report.issues,
        )
    announced = list(addresses) if addresses else _local_addresses(interfaces)
    host = _host_for(instance, server)
    if report.ok:
        info = build_service_info(
            kind,
            instance,
            port,
            record,
            addresses=announced,
            server=host,
            subtypes=list(subtypes),
            catalogue=cat,
        )
    else:
        try:
            rdata = raw if raw is not None else encode(record.entries)
        except ValueError as exc:
            raise TxtkeysError(str(exc)) from None
        info = _forced_info(
            kind,
            instance,
            port=port,
            rdata=rdata,
            addresses=announced,
            server=host,
            subtypes=subtypes,
        )
    zc = Zeroconf(interfaces=_zeroconf_interfaces(interfaces))
    try:
        try:
            zc.register_service(info, allow_name_change=allow_name_change)
        except NonUniqueNameException:
            raise TxtkeysError(
                f"another responder on the link already uses the name {info.name!r}; "
                "choose another instance name (--name)"
            ) from None
        yield Advertisement(info, report, bytes(info.text or b""), forced=not report.ok)
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
            "instance": self.instance,
            "type": self.type,
            "host": self.host,
            "port": self.port,
            "addresses": list(self.addresses),
            "txt": None if self.rdata is None else [str(e) for e in from_rdata_entries(self.rdata)],
            "service": checked["service"],
            "valid": checked["valid"],
            "issues": checked["issues"],
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
    kind = ServiceType.parse(text)
    base = kind.fqdn()
    return f"_{kind.subtype.lstrip('_')}._sub.{base}" if kind.subtype else base


def _check(
    service_type: str, name: str, info: ServiceInfo | None, catalogue: Catalogue
) -> AuditResult:
    """Validate one resolved (or silent) instance into an AuditResult."""
    suffix = "." + service_type
    label = name[: -len(suffix)] if name.endswith(suffix) else name
    extra: list[Issue] = []
    kind: ServiceType | None
    try:
        kind = ServiceType.parse(service_type)
    except UnknownServiceError as exc:
        kind = None
        extra.append(Issue(Severity.WARNING, "L003", None, f"{exc}; only RFC rules checked"))
    rdata = bytes(info.text) if info is not None and info.text else None
    if rdata is None:
        report = Report(
            kind.dns_sd if kind else None,
            (
                Issue(
                    Severity.ERROR,
                    "L001",
                    None,
                    f"{name} did not answer with SRV and TXT records in time; check the "
                    "device is up, or raise --timeout",
                ),
            ),
        )
        return AuditResult(name, service_type, None, None, (), None, report)
    assert info is not None  # rdata comes from it
    checked = validate(kind, rdata, catalogue=catalogue, instance=label)
    addresses = tuple(info.parsed_scoped_addresses())
    if info.port is None or not addresses:
        extra.append(
            Issue(
                Severity.WARNING,
                "L002",
                None,
                f"{name} sent TXT but no SRV or no address record in time; clients cannot "
                "connect: have the responder announce SRV and A or AAAA records",
            )
        )
    report = Report(checked.service, (*extra, *checked.issues)) if extra else checked
    return AuditResult(name, service_type, info.server, info.port, addresses, rdata, report)


def audit(
    types: Iterable[str] | None = None,
    *,
    interfaces: Sequence[str] | None = None,
    timeout: float = 5.0,
    catalogue: Catalogue | None = None,
    progress: Callable[[AuditProgress], None] | None = None,
) -> Iterator[AuditResult]:
    """Yield one result per instance found within ``timeout`` seconds, as each resolves.

    ``types`` are service types in any accepted spelling; without them every type listed
    under ``_services._dns-sd._udp.local.`` is browsed. Closing the iterator early
    (``break``) stops browsing and closes the sockets.
    """
    cat = catalogue if catalogue is not None else default_catalogue()
    wanted = [_browse_name(t) for t in types or ()] or [SERVICE_TYPE_ENUMERATION]
    events: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()

    def on_change(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Added:
            events.put((service_type, name))

    deadline = time.monotonic() + timeout
    tally = _Tally()
    zc = Zeroconf(interfaces=_zeroconf_interfaces(interfaces))
    browsers: list[ServiceBrowser] = []
    unanswered: list[tuple[str, str]] = []
    try:
        for browse in wanted:
            tally.types.add(browse)
            browsers.append(ServiceBrowser(zc, browse, handlers=[on_change]))
        while (remaining := deadline - time.monotonic()) > 0:
            if progress is not None:
                progress(tally.progress(remaining))
            try:
                service_type, name = events.get(timeout=min(remaining, _TICK_SECONDS))
            except queue.Empty:
                continue
            wanted_now = tally.admit(service_type, name)
            if wanted_now == "browse":
                browsers.append(ServiceBrowser(zc, name, handlers=[on_change]))
            if wanted_now != "resolve":
                continue
            info = ServiceInfo(service_type, name)
            wait = max(min(_RESOLVE_SECONDS, deadline - time.monotonic()), 0.1)
            if info.request(zc, int(wait * 1000)) or info.text:
                tally.checked += 1
                yield _check(service_type, name, info, cat)
            else:
                unanswered.append((service_type, name))
        for service_type, name in unanswered:
            info = ServiceInfo(service_type, name)
            info.load_from_cache(zc)
            yield _check(service_type, name, info if info.text else None, cat)
    finally:
        for browser in browsers:
            browser.cancel()
        zc.close()


async def audit_async(
    types: Iterable[str] | None = None,
    *,
    interfaces: Sequence[str] | None = None,
    timeout: float = 5.0,
    catalogue: Catalogue | None = None,
    progress: Callable[[AuditProgress], None] | None = None,
) -> AsyncIterator[AuditResult]:
    """``audit`` for asyncio code; zeroconf runs on the caller's loop.

    Use ``contextlib.aclosing`` when leaving the loop early, so the sockets close at once.
    """
    cat = catalogue if catalogue is not None else default_catalogue()
    wanted = [_browse_name(t) for t in types or ()] or [SERVICE_TYPE_ENUMERATION]
    events: asyncio.Queue[tuple[str, str]] = asyncio.Queue()

    def on_change(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Added:
            events.put_nowait((service_type, name))

    deadline = time.monotonic() + timeout
    tally = _Tally()
    azc = AsyncZeroconf(interfaces=_zeroconf_interfaces(interfaces))
    browsers: list[AsyncServiceBrowser] = []
    unanswered: list[tuple[str, str]] = []
    try:
        for browse in wanted:
            tally.types.add(browse)
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
                browsers.append(AsyncServiceBrowser(azc.zeroconf, name, handlers=[on_change]))
            if wanted_now != "resolve":
                continue
            info = AsyncServiceInfo(service_type, name)
            wait = max(min(_RESOLVE_SECONDS, deadline - time.monotonic()), 0.1)
            if await info.async_request(azc.zeroconf, int(wait * 1000)) or info.text:
                tally.checked += 1
                yield _check(service_type, name, info, cat)
            else:
                unanswered.append((service_type, name))
        for service_type, name in unanswered:
            info = AsyncServiceInfo(service_type, name)
            info.load_from_cache(azc.zeroconf)
            yield _check(service_type, name, info if info.text else None, cat)
    finally:
        for browser in browsers:
            await browser.async_cancel()
        await azc.async_close()
