"""Convert an Avahi .service file into dns-sd commands and TXT hex, checking each service.

Run: python examples/convert_avahi_service.py [FILE.service]
Without a file it converts a built-in sample. Exit 1 when a service has errors, 2 with
one line when the file cannot be read.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from txtkeys.build import build_record, format_dns_sd, format_hex
from txtkeys.errors import TxtkeysError, ValidationError
from txtkeys.formats.display import display
from txtkeys.formats.inputs import from_avahi

SAMPLE = """<?xml version="1.0" standalone='no'?>
<!DOCTYPE service-group SYSTEM "avahi-service.dtd">
<service-group>
  <name>Lamp</name>
  <service>
    <type>_wot._udp</type>
    <port>5683</port>
    <txt-record>td=/td</txt-record>
    <txt-record>scheme=coaps</txt-record>
  </service>
</service-group>
"""


def convert(path: Path) -> int:
    status = 0
    for service in from_avahi(path):
        try:
            record = build_record(
                service.type, service.txt, instance=service.name or None, port=service.port
            )
        except ValidationError as exc:
            print(f"{display(service.type)}: not converted: {display(str(exc))}")
            status = 1
            continue
        print(format_dns_sd(record))
        print(f"  TXT hex: {format_hex(record)}")
    return status


if __name__ == "__main__":
    if len(sys.argv) > 1:
        try:
            sys.exit(convert(Path(sys.argv[1])))
        except TxtkeysError as exc:
            print(f"convert_avahi_service: error: {display(str(exc))}", file=sys.stderr)
            sys.exit(2)
    with tempfile.TemporaryDirectory() as folder:
        sample = Path(folder) / "lamp.service"
        sample.write_text(SAMPLE, encoding="utf-8")
        sys.exit(convert(sample))
