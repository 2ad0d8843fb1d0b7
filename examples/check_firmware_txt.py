"""Check TXT record bytes taken from a firmware build before it ships.

Run: python examples/check_firmware_txt.py [RDATA-FILE]
With a file, exit 1 on errors, so the script can gate a CI job; a file that cannot be
read (missing, a FIFO, over 65,535 bytes) is exit 2 with one line. Without one it checks
a built-in jnx-kcsync sample before and after a fix.
"""

from __future__ import annotations

import sys

from txtkeys.checks.validate import validate
from txtkeys.errors import TxtkeysError
from txtkeys.formats.display import display
from txtkeys.formats.inputs import from_rdata, read_wire_file

SERVICE = "_jnx-kcsync._tcp"
# As a firmware image would hold it: length-prefixed strings. The first build has a
# salt cut to 24 hex digits; the registry asks for 40.
BROKEN = (
    b"\x2dhash=5e7580598c0d7064d4fc79faaeb42585e1a675f8"
    b"\x1dsalt=f0164cb3a0c3d7efe75abea8"
    b"\x2duuid=db61dc092922252e45bbb264f59147138c7fd5fa"
)
FIXED = BROKEN.replace(b"\x1dsalt=f0164cb3a0c3d7efe75abea8", b"\x2dsalt=" + b"f0164cb3a0" * 4)


def check(rdata: bytes) -> bool:
    print("entries:", ", ".join(display(str(e)) for e in from_rdata(rdata).entries))
    report = validate(SERVICE, rdata)
    for issue in report.by_severity():
        key = display(issue.key) if issue.key else "-"
        print(f"  {issue.severity:7} {issue.code} {key}: {display(issue.message)}")
    print("  valid" if report.ok else "  invalid")
    return report.ok


if __name__ == "__main__":
    if len(sys.argv) > 1:
        # A real build artefact: the exit status gates the pipeline.
        try:
            # Bounded: refused while reading past 65,535 bytes; FIFOs and devices refused.
            rdata = read_wire_file(sys.argv[1])
        except TxtkeysError as exc:
            print(f"check_firmware_txt: error: {display(str(exc))}", file=sys.stderr)
            sys.exit(2)
        sys.exit(0 if check(rdata) else 1)
    check(BROKEN)
    check(FIXED)
