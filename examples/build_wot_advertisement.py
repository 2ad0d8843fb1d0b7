"""Build and check a W3C Web of Things advertisement (wot over udp), then show its TXT record.

Run: python examples/build_wot_advertisement.py
"""

from __future__ import annotations

import txtkeys
from txtkeys.build import build_service_info
from txtkeys.checks.validate import validate

# A mistake first: over udp the registry allows only coap and coaps as the scheme.
report = validate("wot/udp", {"td": "/td", "scheme": "https"})
for issue in report.issues:
    print(f"{issue.severity} {issue.code} {issue.key}: {issue.message}")

# The corrected record becomes a zeroconf ServiceInfo, ready for Zeroconf.register_service.
try:
    info = build_service_info(
        "wot/udp",
        "Lamp",
        5683,
        {"td": "/td", "scheme": "coaps", "type": "Thing"},
        addresses=["192.0.2.10"],
    )
except txtkeys.ValidationError as exc:
    raise SystemExit(f"not advertised: {exc}") from exc
print(f"{info.name} port {info.port}")
print(f"TXT RDATA: {info.text.hex() if info.text else ''}")
