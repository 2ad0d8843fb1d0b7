"""Live mDNS: advertise a checked record, audit and watch what the link advertises."""

from .mdns import (
    Advertisement,
    AuditResult,
    TxtChange,
    WatchEvent,
    advertise,
    audit,
    audit_async,
    watch,
)

__all__ = [
    "Advertisement",
    "AuditResult",
    "TxtChange",
    "WatchEvent",
    "advertise",
    "audit",
    "audit_async",
    "watch",
]
