"""The compiled index of the shipped overlays: what each file describes, without TOML.

Parsing an overlay file takes milliseconds (tomllib, then the checks of every field),
and the first lookup of a service paid it for each shipped file that names the
service. ``data/overlays/index.json`` holds what ``load_overlay`` makes of each shipped
file, keyed by file name, with the SHA-256 of the file's bytes. A lookup reads the
index once per process and trusts an entry only while its file's bytes still hash
the same; a file that changed (or that the index lacks) is parsed as before, so an
edited overlay is never answered from a stale index. ``python -m
txtkeys.overlays.index`` rewrites the index from the files; a test fails when it is
stale.
"""

from __future__ import annotations

import json
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path

from ..schema.kinds import Origin
from .model import Overlay, OverlayService

TYPE_CHECKING = False  # typing's own, without importing typing: check starts faster
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "INDEX_FORMAT",
    "build_index",
    "dumps_index",
    "indexed_overlay",
    "shipped_index_path",
    "write_index",
]

INDEX_FORMAT = 1
_FOLDER = Path(__file__).resolve().parent.parent / "data" / "overlays"


def shipped_index_path() -> Path:
    """Where the index of the shipped overlays lives (beside them)."""
    return _FOLDER / "index.json"


def _service_json(service: Any) -> dict[str, Any]:
    return {
        "name": service.name,
        "protocol": service.protocol,
        "keys": [dict(key) for key in service.keys],
        "description": service.description,
        "extensible": service.extensible,
        "references": list(service.references),
        "line": service.line,
    }


def build_index(paths: Sequence[Path]) -> dict[str, Any]:
    """The index of ``paths`` (shipped overlay files), made by parsing each with
    ``load_overlay`` as a lookup would."""
    from .files import load_overlay

    files: dict[str, Any] = {}
    for path in sorted(paths, key=lambda item: item.name):
        overlay = load_overlay(path, origin=Origin.OVERLAY)
        files[path.name] = {
            "content": _content_id(path.read_bytes()),
            "services": [_service_json(service) for service in overlay.services],
        }
    return {"format": INDEX_FORMAT, "files": files}


def dumps_index(index: dict[str, Any]) -> str:
    """The index as written: compact JSON, one file per line, fields in the order the
    reader made them (so a merged note lists a key's fields as parsing gives them)."""
    compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    files = ",\n".join(
        f"{compact(name)}:{compact(entry)}" for name, entry in index["files"].items()
    )
    return f'{{"format":{compact(index["format"])},"files":{{\n{files}}}}}\n'


def write_index(target: Path | None = None) -> Path:
    """Rewrite the index of the shipped overlays from the files; returns its path."""
    from .locate import shipped_overlay_files

    path = target or shipped_index_path()
    path.write_text(dumps_index(build_index(shipped_overlay_files())), encoding="utf-8")
    return path


def _content_id(data: bytes) -> str:
    """Which bytes an index entry was made from: size and CRC-32. It tells an edited file
    from the indexed one (a test keeps the index fresh); zlib costs no OpenSSL import on
    a lookup, which hashlib would."""
    return f"{len(data)}:{zlib.crc32(data):08x}"


_loaded: list[dict[str, Any]] = []


def _index() -> dict[str, Any]:
    """The shipped index, read once per process; {} when missing or not understood."""
    if not _loaded:
        try:
            data = json.loads(shipped_index_path().read_bytes())
            files = data.get("files") if data.get("format") == INDEX_FORMAT else None
        except (OSError, ValueError, AttributeError):
            files = None
        _loaded.append(files if isinstance(files, dict) else {})
    return _loaded[0]


def indexed_overlay(path: Path, data: bytes) -> Overlay | None:
    """The shipped file ``path`` (whose bytes are ``data``) from the index, or None when
    the index lacks it or was made from other bytes (then parse the file)."""
    entry = _index().get(path.name)
    if not isinstance(entry, dict) or entry.get("content") != _content_id(data):
        return None
    source = str(path)
    try:
        services = tuple(
            OverlayService(
                name=raw["name"],
                protocol=raw["protocol"],
                keys=tuple(raw["keys"]),
                description=raw.get("description"),
                extensible=raw.get("extensible"),
                references=tuple(raw.get("references", ())),
                file=source,
                line=raw.get("line"),
            )
            for raw in entry["services"]
        )
    except (KeyError, TypeError):
        return None
    return Overlay(source=source, origin=Origin.OVERLAY, services=services)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m txtkeys.overlays.index``: rewrite the index of the shipped overlays."""
    args = list(sys.argv[1:] if argv is None else argv)
    path = write_index(Path(args[0]) if args else None)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
