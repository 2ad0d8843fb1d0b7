"""The compiled index of the shipped overlays: what each file describes, without TOML.

Parsing an overlay file takes milliseconds (tomllib, then the checks of every field),
and the first lookup of a service paid it for each shipped file that names the
service. ``data/overlays/index.json`` holds what ``load_overlay`` makes of each shipped
file, keyed by file name, with the size and CRC-32 of the file's bytes, one file per
line. A lookup reads the index once per process, decodes only the lines of files that
name the service it wants, and trusts a line only while its file's bytes still match;
a file that changed (or that the index lacks) is parsed as before, so an edited
overlay is never answered from a stale index. ``python -m
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
    "IndexedFile",
    "build_index",
    "dumps_index",
    "indexed_file",
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


_loaded: list[dict[str, bytes]] = []
_DECODE = json.JSONDecoder().raw_decode


def _index() -> dict[str, bytes]:
    """The shipped index, read once per process: file name -> its entry, not decoded.

    ``dumps_index`` writes one file per line, so a lookup decodes only the entries of
    files that may describe the service it asks for. {} when missing or not understood.
    """
    if not _loaded:
        entries: dict[str, bytes] = {}
        try:
            first, *lines = shipped_index_path().read_bytes().split(b"\n")
        except OSError:
            first, lines = b"", []
        if first == b'{"format":%d,"files":{' % INDEX_FORMAT:
            for line in lines:
                name, colon = _file_name(line)
                if name is not None:
                    entries[name] = line[colon + 1 :]
        _loaded.append(entries)
    return _loaded[0]


def _file_name(line: bytes) -> tuple[str | None, int]:
    """The file name an index line starts with, and where its colon is."""
    end = line.find(b'":', 1)
    if not line.startswith(b'"') or end < 0 or b"\\" in line[:end]:
        return None, 0
    return line[1:end].decode("utf-8", "replace"), end + 1


class IndexedFile:
    """One shipped file's line of the index, known to be made from the file's bytes."""

    __slots__ = ("_folded", "_line", "path")

    def __init__(self, path: Path, line: bytes) -> None:
        self.path = path
        self._line = line
        self._folded: bytes | None = None

    def may_describe(self, name: str) -> bool:
        """False only when the file describes no service ``name``: service names are
        letters, digits and hyphens, written in the line as themselves."""
        if self._folded is None:
            self._folded = self._line.lower()
        return b'"name":"%s"' % name.lower().encode("utf-8", "replace") in self._folded

    def overlay(self) -> Overlay | None:
        """The file's services, decoded from its line; None if the line is damaged."""
        source = str(self.path)
        try:
            entry = _DECODE(self._line.decode("utf-8"))[0]
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
        except (KeyError, TypeError, ValueError):
            return None
        return Overlay(source=source, origin=Origin.OVERLAY, services=services)


def indexed_file(path: Path, data: bytes) -> IndexedFile | None:
    """The index line of shipped file ``path`` when it was made from ``data`` (the file's
    bytes now); None when the index lacks the file or holds other bytes: parse it."""
    line = _index().get(path.name)
    if line is None or not line.startswith(b'{"content":"%s",' % _content_id(data).encode()):
        return None
    return IndexedFile(path, line)


def indexed_overlay(path: Path, data: bytes) -> Overlay | None:
    """The shipped file ``path`` (whose bytes are ``data``) from the index, or None when
    the index lacks it or was made from other bytes (then parse the file)."""
    found = indexed_file(path, data)
    return None if found is None else found.overlay()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m txtkeys.overlays.index``: rewrite the index of the shipped overlays."""
    args = list(sys.argv[1:] if argv is None else argv)
    path = write_index(Path(args[0]) if args else None)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
