"""Write seed corpora from the project's real inputs into fuzz/corpus/ (git-ignored)."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def main() -> None:
    notes_dir = HERE / "corpus" / "notes"
    notes_dir.mkdir(parents=True, exist_ok=True)
    gold = REPO / "tests" / "data" / "notes_gold.jsonl"
    for number, line in enumerate(gold.read_text("utf-8").splitlines()):
        if line.strip():
            (notes_dir / f"note{number:04d}").write_text(json.loads(line)["note"], "utf-8")
    wire_dir = HERE / "corpus" / "wire"
    wire_dir.mkdir(parents=True, exist_ok=True)
    for number, words in enumerate([[b"txtvers=1", b"td=/td"], [b"passreq"], [b"k="], []]):
        (wire_dir / f"rdata{number}").write_bytes(b"".join(bytes((len(w),)) + w for w in words))
    registry_dir = HERE / "corpus" / "registry"
    registry_dir.mkdir(parents=True, exist_ok=True)
    for shared in (REPO.parent / "shared", Path("/work/shared")):
        xml = shared / "iana" / "service-names-port-numbers.xml"
        if xml.is_file():
            (registry_dir / "xml-head").write_bytes(b"\x00" + xml.read_bytes()[:60_000])
            csv = shared / "iana" / "service-names-port-numbers-2024-06.csv"
            (registry_dir / "csv-head").write_bytes(b"\x02" + csv.read_bytes()[:60_000])
            break
    print(f"corpora written under {HERE / 'corpus'}")


if __name__ == "__main__":
    main()
