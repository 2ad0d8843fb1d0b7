"""The compiled index of the shipped overlays: what each file describes, without TOML.

Parsing an overlay file takes milliseconds (tomllib, then the checks of every field),
and the first lookup of a service paid it for each shipped file that names the
service. ``data/overlays/index.json`` holds what ``load_overlay`` makes of each shipped
file. Its first line is a small table: per file, the size and CRC-32 of the bytes it
was made from, and the (lower-cased) name of each service it describes with where that
service's line is below. A lookup reads the table once per process and then only the
lines of the services it wants: a few kilobytes, not the whole index. An entry is
trusted only while its file's bytes still match, so an edited overlay is never
answered from a stale index: it is parsed. ``python -m txtkeys.overlays.index``
rewrites the index from the files; a test fails when it is stale.
"""

from __future__ import annotations

import json
import os
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
    "read_index",
    "shipped_index_path",
    "write_index",
]

INDEX_FORMAT = 2
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


def dumps_index(index: dict[str, Any]) -> bytes:
    """The index as written: the table line, then one compact JSON line per service.

    Fields keep the order the reader made them, so a merged note lists a key's fields
    as parsing gives them. The table lists each file's services in file order as
    ``[lower-cased name, at, size]``, counting bytes from the end of the table line.
    """
    compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    table: dict[str, Any] = {}
    lines: list[bytes] = []
    at = 0
    for name, entry in index["files"].items():
        spans = []
        for service in entry["services"]:
            line = compact(service).encode("utf-8") + b"\n"
            spans.append([service["name"].lower(), at, len(line)])
            lines.append(line)
            at += len(line)
        table[name] = {"content": entry["content"], "services": spans}
    head = compact({"format": index["format"], "files": table}).encode("utf-8") + b"\n"
    return head + b"".join(lines)


def read_index(path: Path) -> dict[str, Any]:
    """An index file read back whole, in the shape ``build_index`` gives (for tests and
    tools; a lookup reads only what it needs)."""
    data = path.read_bytes()
    body = data.index(b"\n") + 1
    table = json.loads(data[:body])
    files = {
        name: {
            "content": entry["content"],
            "services": [
                json.loads(data[body + at : body + at + size]) for _, at, size in entry["services"]
            ],
        }
        for name, entry in table["files"].items()
    }
    return {"format": table["format"], "files": files}


def write_index(target: Path | None = None) -> Path:
    """Rewrite the index of the shipped overlays from the files; returns its path."""
    from .locate import shipped_overlay_files

    path = target or shipped_index_path()
    staged = path.with_name(path.name + ".tmp")
    staged.write_bytes(dumps_index(build_index(shipped_overlay_files())))
    os.replace(staged, path)  # a running lookup never meets a half-written index
    return path


def _content_id(data: bytes) -> str:
    """Which bytes an index entry was made from: size and CRC-32. It tells an edited file
    from the indexed one (a test keeps the index fresh); zlib costs no OpenSSL import on
    a lookup, which hashlib would."""
    return f"{len(data)}:{zlib.crc32(data):08x}"


class _Table:
    """The index's first line: per file name, its entry; and where the lines start."""

    __slots__ = ("body", "files")

    def __init__(self, files: dict[str, Any], body: int) -> None:
        self.files = files  # name -> {"content", "services": [[name, at, size], ...]}
        self.body = body


_loaded: list[_Table] = []


def _table() -> _Table:
    """The table of the shipped index, read once per process; empty when the index is
    missing or not understood (then every file is parsed)."""
    if not _loaded:
        table = _Table({}, 0)
        try:
            with open(shipped_index_path(), "rb") as stream:
                head = stream.readline()
            found = json.loads(head)
        except (OSError, ValueError, RecursionError):
            found = None
        if (
            isinstance(found, dict)
            and found.get("format") == INDEX_FORMAT
            and isinstance(found.get("files"), dict)
        ):
            table = _Table(found["files"], len(head))
        _loaded.append(table)
    return _loaded[0]


class IndexedFile:
    """One shipped file's entry in the index, known to be made from the file's bytes."""

    __slots__ = ("_spans", "path")

    def __init__(self, path: Path, spans: list[list[Any]]) -> None:
        self.path = path
        self._spans = spans  # [lower-cased name, at, size] per service, in file order

    def may_describe(self, name: str) -> bool:
        """Whether the file describes a service ``name`` (any case)."""
        folded = name.lower()
        return any(span[0] == folded for span in self._spans)

    def services_named(self, name: str) -> tuple[OverlayService, ...] | None:
        """The file's services called ``name`` (any case), reading only their lines;
        None if the index is damaged."""
        folded = name.lower()
        return self._read([span for span in self._spans if span[0] == folded])

    def overlay(self) -> Overlay | None:
        """All the file's services, read from their lines; None if the index is damaged."""
        services = self._read(self._spans)
        if services is None:
            return None
        return Overlay(source=str(self.path), origin=Origin.OVERLAY, services=services)

    def _read(self, spans: list[list[Any]]) -> tuple[OverlayService, ...] | None:
        if not spans:
            return ()
        source = str(self.path)
        try:
            start = spans[0][1]
            with open(shipped_index_path(), "rb") as stream:
                stream.seek(_table().body + start)
                data = stream.read(spans[-1][1] + spans[-1][2] - start)
            found = []
            for name, at, size in spans:
                line = data[at - start : at - start + size]
                raw = json.loads(line) if line.endswith(b"\n") else None
                if not isinstance(raw, dict) or str(raw.get("name", "")).lower() != name:
                    return None  # the lines are not where the table says: parse the file
                found.append(
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
                )
        except (OSError, KeyError, TypeError, ValueError, IndexError, RecursionError):
            return None
        return tuple(found)


def indexed_file(path: Path, data: bytes) -> IndexedFile | None:
    """The index entry of shipped file ``path`` when it was made from ``data`` (the
    file's bytes now); None when the index lacks the file or holds other bytes: parse it."""
    entry = _table().files.get(path.name)
    if not isinstance(entry, dict) or entry.get("content") != _content_id(data):
        return None
    spans = entry.get("services")
    if not isinstance(spans, list) or not all(
        isinstance(span, list) and len(span) == 3 and isinstance(span[0], str) for span in spans
    ):
        return None
    return IndexedFile(path, spans)


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
