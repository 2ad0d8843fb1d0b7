"""Check TXT record bytes taken from a firmware build before it ships.

Run: python examples/check_firmware_txt.py [RDATA-FILE]
With a file, exit 1 on errors, so the script can gate a CI job. Without one it checks a
built-in jnx-kcsync sample before and after a fix.
"""

from __future__ import annotations

import sys
from pathlib import Path

from txtkeys.checks.validate import validate
from txtkeys.formats.inputs import from_rdata

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
    print("entries:", ", ".join(str(e) for e in from_rdata(rdata).entries))
    report = validate(SERVICE, rdata)
    for issue in report.by_severity():
        print(f"  {issue.severity:7} {issue.code} {issue.key or '-'}: {issue.message}")
    print("  valid" if report.ok else "  invalid")
    return report.ok


if __name__ == "__main__":
    if len(sys.argv) > 1:
        # A real build artefact: the exit status gates the pipeline.
        sys.exit(0 if check(Path(sys.argv[1]).read_bytes()) else 1)
    check(BROKEN)
    check(FIXED)
