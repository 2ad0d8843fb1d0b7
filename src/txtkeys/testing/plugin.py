"""The pytest plugin txtkeys installs (entry point ``pytest11``, name ``txtkeys``).

It defines the fixture ``txtkeys_advertised`` and nothing else, and imports only
``txtkeys.testing`` (which imports nothing heavy) when pytest loads it: zeroconf and the
schemas load the first time a test calls the fixture. ``pytest -p no:txtkeys`` turns
it off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ..catalogue.store import Catalogue
    from ..live.mdns import AuditResult
    from ..schemaset import SchemaSet

__all__ = ["LOOPBACK", "advertise_and_audit", "txtkeys_advertised"]

LOOPBACK = "127.0.0.1"


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


def advertise_and_audit(
    service: str,
    txt: Any,
    *,
    instance: str | None = None,
    port: int | None = None,
    timeout: float = 5.0,
    schemas: SchemaSet | Catalogue | None = None,
    force: bool = False,
    interfaces: Sequence[str] = (LOOPBACK,),
) -> AuditResult:
    """Advertise ``txt`` for ``service`` on loopback, audit the link, return what it saw.

    The record goes out with python-zeroconf on 127.0.0.1 only (``advertise``) and is
    withdrawn before this returns; ``audit`` browses the service's type on the same
    interface until it resolves this instance, so the result is the record as a
    receiver gets it, checked. ``force`` sends a record with errors anyway (to test
    that the audit catches it); without it such a record raises ``ValidationError``.
    ``AssertionError`` if the instance is not seen within ``timeout`` seconds.
    """
    import uuid

    from ..live.mdns import advertise, audit

    name = instance or f"txtkeys-test-{uuid.uuid4().hex[:10]}"
    with advertise(
        service,
        name,
        _free_port() if port is None else port,
        txt,
        interfaces=list(interfaces),
        addresses=list(interfaces),
        schemas=schemas,
        force=force,
    ) as ad:
        results = audit([service], interfaces=list(interfaces), timeout=timeout, schemas=schemas)
        try:
            for result in results:
                if result.instance.lower() == ad.name.lower():
                    return result
        finally:
            getattr(results, "close", lambda: None)()  # stop browsing, close the sockets
    raise AssertionError(
        f"{ad.name!r} was advertised on {', '.join(interfaces)} but the audit did not see "
        f"it within {timeout:g} s: is multicast on loopback blocked here?"
    )


@pytest.fixture
def txtkeys_advertised() -> Iterator[Callable[..., AuditResult]]:
    """Call it with (service, txt, **options) to advertise on loopback and get the audit.

    Returns ``txtkeys.AuditResult`` (``.ok``, ``.report``, ``.rdata``); options are those
    of ``txtkeys.testing.plugin.advertise_and_audit``. Example::

        def test_lamp(txtkeys_advertised):
            result = txtkeys_advertised("wot/udp", {"td": "/td", "scheme": "coaps"})
            assert result.ok, result.report
    """
    yield advertise_and_audit
