"""The catalogue: every named record of the service registry with its TXT note, ready to look up.

A catalogue is compiled once from a registry file (``txtkeys compile``) into compact
JSON, so looking a service up never costs a registry parse: this module never
imports the registry readers or the note grammar unless asked to compile. Entries
and their ``TxtNote`` objects are built on first access.

The compiled file has one note or entry per line (``dumps_catalogue``), so a file
in that layout is not even parsed whole until something needs every row: looking
one service up reads the header, finds the service's lines with a byte search and
decodes those and the one note they point at. That is what keeps ``txtkeys check``
and a first ``validate`` cheap in time and memory.

Which catalogue is in use (``Catalogue.default``), first match wins:

1. an explicit file (``--catalogue FILE``);
2. the user cache ``$TXTKEYS_CACHE_DIR/catalogue.json`` (else the platform's user
   cache directory), when its registry date is newer than the bundled one;
3. the catalogue bundled with the package.
"""

from __future__ import annotations

import binascii
import json
import os
import re
import struct
import sys
import warnings
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CatalogueError
from ..names import PROTOCOLS, ServiceType, service_name_problem
from ..schema.kinds import NoteStatus
from .layout import (
    CATALOGUE_FORMAT,
    CATALOGUE_FORMAT_VERSION,
    ENTRIES_OPEN,
    FILE_END,
    INDEX_FIELDS,
    NOTES_OPEN,
    OFFSET_DIGITS,
    POSITION_DIGITS,
    content_to_verify,
)

TYPE_CHECKING = False  # typing's own, without importing typing: check starts faster
if TYPE_CHECKING:
    from mmap import mmap
    from typing import Any, Literal

    from ..schema.models import KeySchema, TxtNote

    _Row = Sequence[Any]
    _Text = bytes | mmap  # a catalogue file's content: its bytes, or a mapping of it

__all__ = [
    "CATALOGUE_FORMAT",
    "CATALOGUE_FORMAT_VERSION",
    "Catalogue",
    "CatalogueChoice",
    "CatalogueEntry",
    "CatalogueFallbackWarning",
    "SearchHit",
    "bundled_catalogue_path",
    "choose_catalogue_file",
    "choose_protocol",
    "user_cache_dir",
]

# Where ``txtkeys update`` fetches the registry from, and how long the whole download
# may take; here rather than in update.py so the CLI can name them without importing
# urllib and ssl on every command.
DEFAULT_URL = (
    "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xml"
)
DEFAULT_TIMEOUT = 60.0

CACHE_FILE_NAME = "catalogue.json"

_FIX_HINT = (
    "rebuild it with 'txtkeys compile REGISTRY -o FILE' or refresh the user cache "
    "with 'txtkeys update'"
)


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One registry record: a service name over one protocol, with what its note says.

    ``protocol`` is None for names registered for DNS-SD only (no port). ``number``
    is the port, or the first port of a range (then ``last_number`` is the last).
    ``note`` has status ``unspecified`` and ``raw == ""`` when the record has no note.
    """

    name: str
    protocol: str | None = "tcp"
    number: int | None = None
    description: str = ""
    references: tuple[str, ...] = ()
    # None here stands for the empty note, made on first need: building a TxtNote
    # imports pydantic, which looking up and validating never need.
    note: TxtNote = None  # type: ignore[assignment]
    dns_sd_usable: bool = True
    last_number: int | None = None

    def __post_init__(self) -> None:
        if self.note is None:
            object.__setattr__(self, "note", _no_note())

    @property
    def service_type(self) -> ServiceType:
        """The DNS-SD service type; a protocol-less record is advertised over tcp."""
        protocol = self.protocol or "tcp"
        return ServiceType(self.name, protocol, None, self.protocol is not None)

    @property
    def port_text(self) -> str | None:
        """The port or port range as the registry writes it, or None."""
        if self.number is None:
            return None
        if self.last_number is not None and self.last_number != self.number:
            return f"{self.number}-{self.last_number}"
        return str(self.number)

    @property
    def label(self) -> str:
        """``name/protocol``, or the bare name for a protocol-less record."""
        return f"{self.name}/{self.protocol}" if self.protocol else self.name


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An entry that matched a search: the keys that matched, and whether the service did."""

    entry: CatalogueEntry
    keys: tuple[KeySchema, ...] = ()
    service_matched: bool = False


class CatalogueFallbackWarning(UserWarning):
    """The user cache was unusable, so the bundled catalogue answers instead."""


@dataclass(frozen=True, slots=True)
class CatalogueChoice:
    """Which compiled catalogue file is in use, and why."""

    path: Path
    source: Literal["explicit", "cache", "bundled"]
    reason: str


# A row of the compiled file: name, protocol, number text, description, references,
# index into the note table (or None). Kept as a list so the file stays small.


class Catalogue:
    """Every named record of one registry, looked up by service name and protocol."""

    def __init__(
        self,
        rows: Sequence[_Row],
        notes: Sequence[dict[str, Any]],
        *,
        updated: str | None = None,
        checksum: str | None = None,
        path: Path | None = None,
        header: dict[str, Any] | None = None,
    ) -> None:
        """Wrap compiled rows; most callers want ``load``, ``bundled`` or ``from_entries``."""
        self._rows = rows
        self._raw_notes = notes
        self._notes: list[TxtNote | None] = [None] * len(notes)
        self._entries: list[CatalogueEntry | None] = [None] * len(rows)
        self._index: dict[str, list[int]] = {}
        for position, row in enumerate(rows):
            self._index.setdefault(row[0].lower(), []).append(position)
        self.updated = updated
        self.checksum = checksum
        self.path = path
        self.header: dict[str, Any] = dict(header or {})

    # -- construction -------------------------------------------------------------

    @classmethod
    def from_entries(
        cls,
        entries: Iterable[CatalogueEntry],
        *,
        updated: str | None = None,
        checksum: str | None = None,
    ) -> Catalogue:
        """A catalogue of ready-made entries (tests, overlays, a registry read elsewhere)."""
        materialised = list(entries)
        rows = [(entry.name, entry.protocol, entry.port_text) for entry in materialised]
        catalogue = cls(rows, (), updated=updated, checksum=checksum)
        catalogue._entries = list(materialised)
        return catalogue

    @classmethod
    def from_registry(
        cls, source: str | os.PathLike[str] | bytes, *, format: str | None = None
    ) -> Catalogue:
        """Compile a registry file (XML, CSV, markdown or text) in memory."""
        from .compile import compile_registry_file

        compiled = compile_registry_file(source, format=format)
        return cls.from_compiled(compiled.data, path=None)

    @classmethod
    def from_compiled(cls, data: object, *, path: Path | None) -> Catalogue:
        """A catalogue from the parsed JSON of a compiled file; CatalogueError if it is not one."""
        where = str(path) if path is not None else "compiled catalogue"
        rows, notes, header = _check_compiled(data, where)
        return cls(
            rows,
            notes,
            updated=header.get("registry_updated"),
            checksum=header.get("source_sha256"),
            path=path,
            header=header,
        )

    @classmethod
    def _from_lines(cls, text: _Text, *, path: Path, verify: bool = False) -> Catalogue | None:
        """A catalogue over a file in the writer's indexed line layout, parsed only as needed.

        None when the file is not in that layout (hand-made, reformatted, damaged):
        the caller parses it whole, which says what is wrong with it.
        """
        where = str(path)
        notes_open = text.find(_NOTES_OPEN)
        if notes_open < 0:
            return None
        head, tables = _cut_tables(text, notes_open)
        try:
            header = json.loads(head.rstrip(b",") + b"}")
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(header, dict) or "entries" in header or "notes" in header:
            return None
        header.update(tables)
        _check_header(header, where)
        index = {field: header.pop(field, None) for field in INDEX_FIELDS}
        layout = _LineLayout.find(text, notes_open, index)
        if layout is None:
            return None
        if verify and not _body_matches(
            content_to_verify(_as_text(index), text[notes_open:]), index.get("body_sha256")
        ):
            raise CatalogueError(f"{where} is damaged (its content does not match its header)")
        try:
            first, last = layout.row_at(0), layout.row_at(layout.row_count - 1)
        except (ValueError, IndexError, UnicodeDecodeError):
            first = last = None
        if not _rows_look_right([first, last]):
            raise CatalogueError(f"{where} is damaged (entries or notes missing); {_FIX_HINT}")
        catalogue = cls.__new__(cls)
        catalogue._lazy = layout
        catalogue._where = where
        catalogue.updated = header.get("registry_updated")
        catalogue.checksum = header.get("source_sha256")
        catalogue.path = path
        catalogue.header = header
        return catalogue

    # A catalogue made by _from_lines has no tables until something needs them all.
    _lazy: _LineLayout | None = None
    _where = "catalogue"
    _TABLES = frozenset({"_rows", "_raw_notes", "_notes", "_entries", "_index"})

    def __getattr__(self, name: str) -> Any:
        layout = self.__dict__.get("_lazy")
        if name not in Catalogue._TABLES or layout is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        try:
            data = json.loads(layout.text[:])  # the bytes, when ``text`` is a mapping
        except (ValueError, UnicodeDecodeError) as exc:
            raise CatalogueError(
                f"{self._where} is damaged (not valid JSON: {exc}); {_FIX_HINT}"
            ) from exc
        rows, notes, _ = _check_compiled(data, self._where)
        whole = Catalogue(rows, notes)
        # All tables at once (one dict update), then the bytes can go.
        self.__dict__.update({table: whole.__dict__[table] for table in Catalogue._TABLES})
        self._lazy = None
        for cached in ("_lazy_rows", "_lazy_entries", "_lazy_notes"):
            self.__dict__.pop(cached, None)
        return self.__dict__[name]

    @classmethod
    def load(
        cls, path: str | os.PathLike[str], *, verify: bool = False, mapped: bool = False
    ) -> Catalogue:
        """Read a compiled catalogue file written by ``txtkeys compile`` or ``txtkeys update``.

        With ``verify``, the body's SHA-256 is checked against the header first, so a
        damaged or truncated copy is refused before any row of it is trusted. With
        ``mapped`` the file is mapped (``_io.map_capped``) rather than copied: only for
        files that are replaced by rename, never rewritten in place (the bundled
        catalogue, the user cache), as a mapping cannot survive its file cut short.
        """
        from .._io import MAX_CATALOGUE_BYTES, map_capped, read_capped

        file = Path(path)
        text = (map_capped if mapped else read_capped)(
            file,
            MAX_CATALOGUE_BYTES,
            "catalogue file",
            error=lambda shown, message: CatalogueError(f"catalogue file {shown}: {message}"),
            missing=(
                f"does not exist; create it with 'txtkeys compile REGISTRY -o {file}' "
                "or leave out --catalogue"
            ),
        )
        lazy = cls._from_lines(text, path=file, verify=verify)
        if lazy is not None:
            return lazy
        try:
            data = json.loads(text[:])  # the bytes, when ``text`` is a mapping
        except (ValueError, UnicodeDecodeError) as exc:
            raise CatalogueError(f"{file} is damaged (not valid JSON: {exc}); {_FIX_HINT}") from exc
        return cls.from_compiled(data, path=file)

    @classmethod
    def bundled(cls) -> Catalogue:
        """The catalogue shipped inside the package."""
        path = bundled_catalogue_path()
        if not path.is_file():
            raise CatalogueError(
                f"the bundled catalogue {path} is missing from this installation; reinstall "
                "txtkeys or pass --catalogue FILE made with 'txtkeys compile'"
            )
        return cls.load(path, mapped=True)

    @classmethod
    def default(cls, explicit: str | os.PathLike[str] | None = None) -> Catalogue:
        """The catalogue in use: explicit file, else a newer user cache, else the bundled one.

        A user cache that is damaged (truncated, a row altered) is not used: the bundled
        catalogue answers, with a ``CatalogueFallbackWarning`` saying how to mend the cache.
        """
        choice = choose_catalogue_file(explicit)
        if choice.source != "cache":  # the bundled file is trusted; a given one is checked
            given = choice.source == "explicit"
            return cls.load(choice.path, verify=given, mapped=not given)
        try:
            return cls.load(choice.path, verify=True, mapped=True)
        except CatalogueError as exc:
            warnings.warn(
                f"{exc}; using the bundled catalogue instead: refresh the cache with "
                f"'txtkeys update --force' or delete {choice.path}",
                CatalogueFallbackWarning,
                stacklevel=2,
            )
            return cls.bundled()

    # -- the mapping of entries ----------------------------------------------------

    def __len__(self) -> int:
        layout = self._lazy
        return layout.row_count if layout is not None else len(self._rows)

    def __iter__(self) -> Iterator[CatalogueEntry]:
        for position in range(len(self._rows)):
            yield self._entry(position)

    def __repr__(self) -> str:
        where = f" from {self.path}" if self.path else ""
        return f"<Catalogue {len(self)} entries, registry {self.updated or 'undated'}{where}>"

    @property
    def names(self) -> tuple[str, ...]:
        """Every distinct service name, lower-cased, in file order."""
        layout = self._lazy
        if layout is None:
            return tuple(self._index)
        known: tuple[str, ...] | None = self.__dict__.get("_names")
        if known is None:  # read from the rows' bytes once: no row is decoded whole
            known = tuple(dict.fromkeys(name.lower() for name in layout.names()))
            self.__dict__["_names"] = known
        return known

    def stored_readings(self) -> dict[str, dict[str, Any]]:
        """Note text -> its reading as compiled (JSON form), for every note of the file."""
        layout = self._lazy
        count = layout.note_count if layout is not None else len(self._raw_notes)
        found: dict[str, dict[str, Any]] = {}
        for index in range(count):
            note = layout.note_at(index) if layout is not None else self._raw_notes[index]
            if isinstance(note, dict) and isinstance(note.get("raw"), str):
                found[note["raw"]] = note
        return found

    def rows_mentioning(self, text: str) -> list[int] | None:
        """Positions of the rows whose own line or note may hold ``text`` (any case).

        A cheap superset for a search, found in the file's bytes without decoding a
        row: the caller still matches each decoded row. None when it cannot tell (not
        the indexed file layout, or text JSON would escape): then every row may.
        """
        layout = self._lazy
        plain = text.isascii() and text.isprintable() and '"' not in text and "\\" not in text
        if layout is None or not plain:
            return None
        return layout.rows_mentioning(text.lower().encode("ascii"))

    def note_rows(
        self, positions: Iterable[int] | None = None
    ) -> Iterator[tuple[int, object, dict[str, Any]]]:
        """``(position, note identity, note JSON)`` of every row (or of ``positions``).

        No model is built. Rows sharing a note share its identity, so a caller can
        read each note once.
        """
        unspecified = {"status": NoteStatus.UNSPECIFIED.value}
        layout = self._lazy
        if layout is not None and positions is not None:  # a few rows: decode just those
            decoded: dict[int, Any] = {}
            for position in positions:
                index = self._row(position)[5]
                raw = unspecified
                if index is not None:
                    raw = decoded.get(index) or decoded.setdefault(index, layout.note_at(index))
                if not isinstance(raw, dict):
                    raw = self._entry(position).note.model_dump(mode="json", exclude_defaults=True)
                yield position, ("note", index), raw
            return
        rows, notes, entries = self._rows, self._raw_notes, self._entries
        chosen = range(len(rows)) if positions is None else positions
        for position in chosen:
            row = rows[position]
            entry = entries[position]
            if entry is not None and len(row) <= 5:  # made from entries: its model is the note
                note = entry.note
                yield position, id(note), note.model_dump(mode="json", exclude_defaults=True)
                continue
            index = row[5]
            raw = unspecified if index is None else notes[index]
            if not isinstance(raw, dict):
                raw = self._entry(position).note.model_dump(mode="json", exclude_defaults=True)
            yield position, ("note", index), raw

    def entries_for(self, name: str) -> tuple[CatalogueEntry, ...]:
        """Every record of ``name`` (any protocol), in registry order."""
        return tuple(self._entry(position) for position in self._index.get(name.lower(), ()))

    def get(self, service: str | ServiceType, protocol: str | None = None) -> CatalogueEntry | None:
        """The record for a service, or None when the registry has none.

        ``service`` may be ``wot``, ``wot/udp``, ``_wot._udp``, ``_wot._udp.local.``, a
        subtype form or a ``ServiceType``; names compare case-insensitively. The record
        of the exact protocol wins; else a protocol-less (DNS-SD only) record. A bare
        name means tcp, but when the name has no tcp record either, the record of the
        first protocol it has (udp, sctp, dccp) answers. A malformed name raises
        UnknownServiceError.
        """
        position = self._find(service, protocol)
        return None if position is None else self._entry(position)

    def _find(self, service: str | ServiceType, protocol: str | None = None) -> int | None:
        """The row ``get`` answers with, without building its entry."""
        kind = service if isinstance(service, ServiceType) else ServiceType.parse(service)
        wanted = (protocol or kind.protocol).lower()
        given = protocol is not None or kind.protocol_given
        rows = self.rows_named(kind.name)
        chosen = choose_protocol(
            [(row_protocol, has_note) for _, row_protocol, has_note in rows], wanted, given
        )
        return None if chosen is None else rows[chosen][0]

    def rows_named(self, name: str) -> list[tuple[int, str | None, bool]]:
        """``(position, protocol, has a note)`` of every row of ``name``, any case, in order."""
        layout = self._lazy
        if layout is not None:
            named = layout.rows_named(name)
            self.__dict__.setdefault("_lazy_rows", {}).update(named)
            return [
                (position, row[1].lower() if row[1] else None, row[5] is not None)
                for position, row in named
            ]
        return [
            (position, row[1].lower() if row[1] else None, self._has_note(position))
            for position in self._index.get(name.lower(), ())
            for row in (self._rows[position],)
        ]

    def row_facts(self, position: int) -> tuple[str, str | None, str | None, str, tuple[str, ...]]:
        """Name, protocol, port text, description and references of a row, no entry built."""
        entry = None if self._lazy is not None else self._entries[position]
        if entry is not None:
            return (
                entry.name,
                entry.protocol,
                entry.port_text,
                entry.description,
                entry.references,
            )
        row = self._row(position)
        name, protocol, number_text, description, references = row[:5]
        return name, protocol, number_text, description or "", tuple(references or ())

    def note_json(self, position: int) -> dict[str, Any]:
        """A row's note in the compiled JSON form (``schema.fields``), no model built."""
        compiled = self._compiled_note(position)
        if compiled is not None:
            return compiled
        return self._entry(position).note.model_dump(mode="json", exclude_defaults=True)

    def _row(self, position: int) -> Any:
        layout = self._lazy
        if layout is None:
            return self._rows[position]
        row = self.__dict__.get("_lazy_rows", {}).get(position)
        return layout.row_at(position) if row is None else row

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Registered names close to ``name``, for "did you mean" messages."""
        folded = name.lower()
        import difflib  # only for a "did you mean"

        known_names = self.names
        close = difflib.get_close_matches(folded, known_names, n=limit, cutoff=0.75)
        starts = [known for known in known_names if known.startswith(folded) and known != folded]
        merged = list(dict.fromkeys([*close, *sorted(starts, key=len)]))
        return merged[:limit]

    def search(self, text: str) -> list[SearchHit]:
        """Entries whose keys (name, description, placeholder) or service name or description match.

        Case-insensitive substring match. Hits with matching keys come first, then
        services that matched by name or description; each group in name order, then
        tcp, udp, sctp, dccp.
        """
        needle = text.strip().lower()
        if not needle:
            return []
        hits: list[SearchHit] = []
        note_cache: dict[int, tuple[KeySchema, ...]] = {}
        for position in range(len(self._rows)):
            entry = self._entry(position)
            note_id = id(entry.note)
            keys = note_cache.get(note_id)
            if keys is None:
                keys = tuple(key for key in entry.note.keys if _key_matches(key, needle))
                note_cache[note_id] = keys
            service_matched = needle in entry.name.lower() or needle in entry.description.lower()
            if keys or service_matched:
                hits.append(SearchHit(entry, keys, service_matched))
        hits.sort(
            key=lambda hit: (
                not hit.keys,
                hit.entry.name.lower(),
                protocol_rank(hit.entry.protocol),
            )
        )
        return hits

    # -- lazy building ---------------------------------------------------------------

    def _has_note(self, position: int) -> bool:
        entry = self._entries[position]
        if entry is not None:
            return entry.note.raw != ""
        row = self._rows[position]
        return len(row) > 5 and row[5] is not None

    def _entry(self, position: int) -> CatalogueEntry:
        if self._lazy is not None:  # build this one entry from its line, not the tables
            made: dict[int, CatalogueEntry] = self.__dict__.setdefault("_lazy_entries", {})
            found = made.get(position)
            if found is None:
                found = made[position] = self._build_entry(self._row(position))
            return found
        entry = self._entries[position]
        if entry is None:
            entry = self._build_entry(self._rows[position])
            self._entries[position] = entry
        return entry

    def _build_entry(self, row: _Row) -> CatalogueEntry:
        name, protocol, number_text, description, references, note_index = row[:6]
        first, last = _port_range(number_text)
        return CatalogueEntry(
            name=name,
            protocol=protocol,
            number=first,
            description=description or "",
            references=tuple(references or ()),
            note=_no_note() if note_index is None else self._note(note_index),
            dns_sd_usable=service_name_problem(name) is None,
            last_number=last if last != first else None,
        )

    def _compiled_note(self, position: int) -> dict[str, Any] | None:
        """The note of a row as compiled (JSON form), when no model of it was made.

        A row without a note gives the empty note. None when the row's entry was built
        first (``from_entries``) or the row cannot be read: then the entry's ``TxtNote``
        is the truth, or building it reports the damage.
        """
        layout = self._lazy
        try:
            if layout is not None:  # nothing is built yet: read the lines themselves
                row = self.__dict__.get("_lazy_rows", {}).get(position)
                if row is None:
                    row = layout.row_at(position)
                index = row[5] if len(row) > 5 else None
                raw = None if index is None else layout.note_at(index)
            else:
                if self._entries[position] is not None:
                    return None
                row = self._rows[position]
                index = row[5] if len(row) > 5 else None
                raw = None if index is None else self._raw_notes[index]
        except (IndexError, TypeError, ValueError):
            return None  # the caller builds the entry, which reports the damage
        if index is None:
            return {"status": NoteStatus.UNSPECIFIED.value}
        return raw if isinstance(raw, dict) else None

    def _note(self, index: int) -> TxtNote:
        layout = self._lazy
        if layout is not None:  # this one note from its line, not the tables
            notes: dict[int, TxtNote] = self.__dict__.setdefault("_lazy_notes", {})
            found = notes.get(index)
            if found is None:
                found = notes[index] = self._note_model(index, layout.note_at)
            return found
        note = self._notes[index]
        if note is None:
            note = self._notes[index] = self._note_model(index, self._raw_notes.__getitem__)
        return note

    def _note_model(self, index: int, raw_note: Callable[[int], Any]) -> TxtNote:
        """Note ``index`` as a model, its JSON from ``raw_note``; damage is a CatalogueError."""
        from ..schema.models import TxtNote

        try:
            return TxtNote.model_validate(raw_note(index))
        except (ValueError, IndexError) as exc:
            raise CatalogueError(
                f"{self.path or 'catalogue'} has a damaged note #{index}; {_FIX_HINT}"
            ) from exc


def choose_protocol(
    candidates: Sequence[tuple[str | None, bool]], wanted: str, given: bool
) -> int | None:
    """Which of a name's records answers a lookup: the one rule, used by every layer.

    ``candidates`` are ``(protocol, has a note)`` in registry order (None: a DNS-SD-only
    record). The record of the wanted protocol wins, the first one with a note if
    several; else a protocol-less record; else, when the protocol was not given (a bare
    name means tcp), the first protocol the name has, in ``PROTOCOLS`` order.
    """
    by_protocol: dict[str | None, int] = {}
    noted: dict[str | None, bool] = {}
    for index, (protocol, has_note) in enumerate(candidates):
        if protocol not in by_protocol or (not noted[protocol] and has_note):
            by_protocol[protocol] = index
            noted[protocol] = has_note
    for choice in (wanted, None):
        if choice in by_protocol:
            return by_protocol[choice]
    if not given:
        for other in PROTOCOLS:
            if other in by_protocol:
                return by_protocol[other]
    return None


def _body_matches(body: bytes, digest: object) -> bool:
    import hashlib

    return hashlib.sha256(body).hexdigest() == digest


def _check_header(data: dict[str, Any], where: str) -> None:
    if data.get("format") != CATALOGUE_FORMAT:
        raise CatalogueError(f"{where} is not a txtkeys catalogue; {_FIX_HINT}")
    version = data.get("format_version")
    if version != CATALOGUE_FORMAT_VERSION:
        raise CatalogueError(
            f"{where} has catalogue format {version!r} (written by txtkeys "
            f"{data.get('txtkeys_version', '?')}); this txtkeys reads format "
            f"{CATALOGUE_FORMAT_VERSION}: {_FIX_HINT}"
        )


def _check_compiled(data: object, where: str) -> tuple[list[Any], list[Any], dict[str, Any]]:
    """Rows, notes and header of a parsed compiled file; CatalogueError if it is not one."""
    if not isinstance(data, dict):
        raise CatalogueError(f"{where} is not a txtkeys catalogue; {_FIX_HINT}")
    _check_header(data, where)
    rows = data.get("entries")
    notes = data.get("notes")
    if not isinstance(rows, list) or not isinstance(notes, list) or not _rows_look_right(rows):
        raise CatalogueError(f"{where} is damaged (entries or notes missing); {_FIX_HINT}")
    skip = ("entries", "notes", *INDEX_FIELDS)
    header = {key: value for key, value in data.items() if key not in skip}
    return rows, notes, header


_NOTES_OPEN = NOTES_OPEN.encode()
_ENTRIES_OPEN = ENTRIES_OPEN.encode()
_FILE_END = FILE_END.encode()


@dataclass(frozen=True, slots=True)
class _LineLayout:
    """Where each note and entry line of an indexed file is (see ``layout``)."""

    text: _Text = field(repr=False)  # the file's bytes, or a read-only mapping of it
    notes_start: int  # offset of the first note's line
    entries_start: int  # offset of the first entry's line
    row_count: int
    note_count: int
    # The index tables: hex digits, as the file's bytes (str when decoded from JSON).
    row_offsets: str | bytes = field(repr=False)
    note_offsets: str | bytes = field(repr=False)
    name_order: str | bytes = field(repr=False)

    @classmethod
    def find(cls, text: _Text, notes_open: int, index: dict[str, Any]) -> _LineLayout | None:
        rows, notes, order = (
            index.get("row_offsets"),
            index.get("note_offsets"),
            index.get("name_order"),
        )
        tables = (str, bytes)
        if not (
            isinstance(rows, tables) and isinstance(notes, tables) and isinstance(order, tables)
        ):
            return None
        entries_open = text.find(_ENTRIES_OPEN, notes_open + 1)
        if entries_open < 0 or text[len(text) - len(_FILE_END) :] != _FILE_END:
            return None
        row_count, spare = divmod(len(rows), OFFSET_DIGITS)
        note_count, spare_notes = divmod(len(notes), OFFSET_DIGITS)
        if spare or spare_notes or not row_count or len(order) != row_count * POSITION_DIGITS:
            return None
        return cls(
            text,
            notes_open + len(_NOTES_OPEN),
            entries_open + len(_ENTRIES_OPEN),
            row_count,
            note_count,
            rows,
            notes,
            order,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (and copied) with the file's bytes: a mapping cannot be pickled."""
        state = [getattr(self, name) for name in self.__dataclass_fields__]
        return (type(self), (self.text[:], *state[1:]))

    def row_at(self, position: int) -> Any:
        return _decode_line(self.text, self._start(self.row_offsets, self.entries_start, position))

    def note_at(self, index: int) -> Any:
        if not 0 <= index < self.note_count:
            raise IndexError(index)
        return _decode_line(self.text, self._start(self.note_offsets, self.notes_start, index))

    def rows_named(self, name: str) -> list[tuple[int, Any]]:
        """``(position, row)`` of every row of ``name`` (any case), in file order."""
        folded = name.lower()
        low, high = 0, self.row_count
        while low < high:  # the first place in name order whose name is not below ``folded``
            middle = (low + high) // 2
            if self._name_at(self._ordered(middle)) < folded:
                low = middle + 1
            else:
                high = middle
        found: list[tuple[int, Any]] = []
        while low < self.row_count:
            position = self._ordered(low)
            row = self.row_at(position)
            if not isinstance(row, list) or not row or str(row[0]).lower() != folded:
                break
            found.append((position, row))
            low += 1
        return found

    def rows_mentioning(self, needle: bytes) -> list[int] | None:
        """Positions, in order, of the rows whose line or note line may hold ``needle``.

        ``needle`` is lower-case printable ASCII without quote or backslash, so in the
        file it is written as itself. A line holding an escape that decodes to a
        printable character (``\\u``, ``\\/``) or a byte past ASCII is taken whatever it
        says: its decoded text may lower-case into the needle. None when the row lines
        do not all end as the writer ends them (``...,431],`` or ``...,null],``): then
        which rows use a note cannot be read from their ends.
        """
        text = self.text[:]  # bytes (of a mapping too): translate and count need them
        low = text.translate(_FOLD)
        notes_end = self.entries_start - len(_ENTRIES_OPEN)
        note_starts = _offsets(self.note_offsets, self.notes_start)
        row_starts = _offsets(self.row_offsets, self.entries_start)
        notes = {
            bisect_right(note_starts, at) - 1
            for at in _maybe_holding(low, needle, self.notes_start, notes_end)
        }
        found = {
            bisect_right(row_starts, at) - 1
            for at in _maybe_holding(low, needle, self.entries_start, len(text))
        }
        if notes:
            with_note = 0
            for match in _ROW_NOTE.finditer(text, self.entries_start):
                with_note += 1
                if int(match[1]) in notes:
                    found.add(bisect_right(row_starts, match.start()) - 1)
            without = text.count(b",null],\n", self.entries_start)
            without += text[len(text) - len(_LAST_NO_NOTE) :] == _LAST_NO_NOTE
            if with_note + without != self.row_count:
                return None
        return sorted(position for position in found if 0 <= position < self.row_count)

    def names(self) -> list[str]:
        """The name of every row, in file order, read from the start of each row line."""
        found: list[str] = []
        try:
            for line in self.text[self.entries_start :].split(b"\n"):
                end = line.find(b'",', 2)
                if not line.startswith(b'["') or end < 0:
                    continue
                raw = line[2:end]
                name = raw.decode() if b"\\" not in raw else _DECODE(line.decode("utf-8"))[0][0]
                found.append(name if isinstance(name, str) else "")
        except (ValueError, IndexError, TypeError):  # UnicodeDecodeError is a ValueError
            found = []
        if len(found) != self.row_count:  # not the writer's layout: decode rows, which
            # says what is damaged (CatalogueError) if anything is
            found = [str(self.row_at(position)[0]) for position in range(self.row_count)]
        return found

    def _ordered(self, rank: int) -> int:
        start = rank * POSITION_DIGITS
        return int(self.name_order[start : start + POSITION_DIGITS], 16)

    def _name_at(self, position: int) -> str:
        start = self._start(self.row_offsets, self.entries_start, position)
        # A row line starts with ``["name",``: decode just the name.
        try:
            chunk = self.text[start + 1 : start + 1 + _NAME_BYTES].decode("utf-8", "ignore")
            name = _DECODE(chunk)[0]
        except ValueError:
            name = self.row_at(position)[0]
        return name.lower() if isinstance(name, str) else ""

    def _start(self, table: str | bytes, base: int, index: int) -> int:
        if index < 0 or (index + 1) * OFFSET_DIGITS > len(table):
            raise IndexError(index)
        start = index * OFFSET_DIGITS
        return base + int(table[start : start + OFFSET_DIGITS], 16)


# A row line ends with its note's index: ``...,[refs],431],`` (the last row: ``431]]}``);
# the pattern starts with a literal, so the regex engine skims to each candidate.
_ROW_NOTE = re.compile(rb"\],([0-9]+)\](?:,\n|\]\})")
_LAST_NO_NOTE = b",null]" + _FILE_END  # the last row, when it has no note
# ASCII letters lower-cased, every byte past ASCII made NUL (which JSON text never
# holds raw), so one translate readies a file for the needle and marks what it can't judge.
_FOLD = bytes(range(65)) + bytes(range(97, 123)) + bytes(range(91, 128)) + bytes(128)
_OFFSET_BYTES = OFFSET_DIGITS // 2
_OFFSET_WORD = {4: "I", 8: "Q"}[_OFFSET_BYTES]


def _offsets(table: str | bytes, base: int) -> list[int]:
    """An offsets table (``OFFSET_DIGITS`` hex digits each) as absolute offsets."""
    raw = binascii.unhexlify(table)  # most significant digit first: big-endian words
    words = struct.unpack(f">{len(raw) // _OFFSET_BYTES}{_OFFSET_WORD}", raw)
    return [base + offset for offset in words]


def _maybe_holding(folded: bytes, needle: bytes, start: int, end: int) -> Iterator[int]:
    """Offsets in ``folded[start:end]`` of the needle, of escapes and of non-ASCII bytes."""
    for mark in (needle, b"\\u", b"\\/", b"\x00"):
        at = folded.find(mark, start, end)
        while at >= 0:
            yield at
            at = folded.find(mark, at + 1, end)


_NAME_BYTES = 256  # a service name is at most 15 characters; JSON escapes stay well under this
_DECODE = json.JSONDecoder().raw_decode


def _cut_tables(text: _Text, notes_open: int) -> tuple[bytes, dict[str, bytes]]:
    """The header up to ``notes_open`` without its hex tables, and the tables as bytes.

    The tables are most of the header (about 180 KB for the registry); JSON would
    scan and copy every digit into a str that a lookup reads eight digits of. The
    writer puts each on a line of its own, ``"row_offsets":"0000...",``; a table not
    written so stays in the header, for JSON to read as before.
    """
    pieces: list[bytes] = []
    tables: dict[str, bytes] = {}
    at = 0
    for name in INDEX_FIELDS[:3]:
        marker = b'\n"%s":"' % name.encode()
        start = text.find(marker, at, notes_open)
        end = text.find(b'"', start + len(marker), notes_open) if start >= 0 else -1
        if end < 0 or text[end + 1 : end + 2] != b",":
            continue
        pieces.append(text[at:start])
        tables[name] = text[start + len(marker) : end]
        at = end + 2  # past the closing quote and its comma
    pieces.append(text[at:notes_open])
    return b"".join(pieces), tables


def _as_text(index: dict[str, Any]) -> dict[str, Any]:
    """The index with its tables as str, as ``content_to_verify`` reads them."""
    return {
        field: value.decode("ascii", "replace") if isinstance(value, bytes) else value
        for field, value in index.items()
    }


def _decode_line(text: _Text, start: int) -> Any:
    """The JSON value that starts a line (what follows it on the line is punctuation)."""
    try:
        end = text.find(b"\n", start)
        if end < 0:
            raise ValueError("no line end")
        return _DECODE(text[start:end].decode("utf-8"))[0]
    except (ValueError, UnicodeDecodeError) as exc:
        raise CatalogueError(
            f"the catalogue is damaged at byte {start} ({exc.__class__.__name__}); {_FIX_HINT}"
        ) from None


_EMPTY_NOTE: list[TxtNote] = []


def _no_note() -> TxtNote:
    """The note of a record without one (made once, on first need)."""
    if not _EMPTY_NOTE:
        from ..schema.models import TxtNote

        _EMPTY_NOTE.append(TxtNote(status=NoteStatus.UNSPECIFIED, raw=""))
    return _EMPTY_NOTE[0]


def _rows_look_right(rows: list[Any]) -> bool:
    """A cheap shape check of the first and last rows, so damage is caught at load."""
    for row in (rows[:1] + rows[-1:]) if rows else []:
        if not isinstance(row, list) or len(row) != 6 or not isinstance(row[0], str):
            return False
    return True


def _port_range(number_text: str | None) -> tuple[int | None, int | None]:
    if not number_text:
        return None, None
    low, _, high = number_text.partition("-")
    try:
        return int(low), int(high or low)
    except ValueError:
        return None, None


def protocol_rank(protocol: str | None) -> int:
    """tcp, udp, sctp, dccp, then protocol-less: the order people read them in."""
    return PROTOCOLS.index(protocol) if protocol in PROTOCOLS else len(PROTOCOLS)


def _key_matches(key: KeySchema, needle: str) -> bool:
    """Name, description or placeholder (``p=<password>`` names its value only there)."""
    return any(
        text is not None and needle in text.lower()
        for text in (key.name, key.description, key.placeholder)
    )


# -- which file is in use -------------------------------------------------------------


def bundled_catalogue_path() -> Path:
    """Where the package's own catalogue lives (package data ``data/catalogue.json``)."""
    # Beside this package's modules (installers unpack it as files): importing
    # importlib.resources would cost more than the lookup it serves.
    return Path(__file__).resolve().parent.parent / "data" / CACHE_FILE_NAME


def user_cache_dir() -> Path:
    """The per-user cache directory: ``$TXTKEYS_CACHE_DIR``, else the platform's convention."""
    override = os.environ.get("TXTKEYS_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return (Path(base) if base else home / "AppData" / "Local") / "txtkeys" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "txtkeys"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".cache") / "txtkeys"


_HEADER_DATE = re.compile(rb'"registry_updated"\s*:\s*(null|"([^"]*)")')
_HEADER_VERSION = re.compile(rb'"format_version"\s*:\s*(\d+)')


def _read_header_date(path: Path) -> tuple[bool, str | None]:
    """(usable, registry date) from the start of a compiled file, without parsing it all.

    The writer puts the header fields first, so the first few KiB suffice.
    """
    from .._io import read_head

    head = read_head(path, 4096)
    if head is None:
        return False, None
    version = _HEADER_VERSION.search(head)
    date = _HEADER_DATE.search(head)
    if version is None or int(version.group(1)) != CATALOGUE_FORMAT_VERSION or date is None:
        return False, None
    return True, date.group(2).decode("ascii", "replace") if date.group(2) else None


def choose_catalogue_file(explicit: str | os.PathLike[str] | None = None) -> CatalogueChoice:
    """Decide which compiled catalogue to use, and say why (``txtkeys info`` prints it)."""
    if explicit is not None:
        return CatalogueChoice(Path(explicit), "explicit", "given with --catalogue")
    bundled = bundled_catalogue_path()
    cached = user_cache_dir() / CACHE_FILE_NAME
    if cached.is_file():
        _, bundled_date = _read_header_date(bundled)
        usable, cached_date = _read_header_date(cached)
        if not usable:
            reason = f"user cache {cached} is unreadable or from another format; using bundled"
        elif cached_date and (bundled_date is None or cached_date > bundled_date):
            return CatalogueChoice(
                cached,
                "cache",
                f"user cache registry {cached_date} is newer than bundled {bundled_date or 'none'}",
            )
        else:
            reason = (
                f"user cache registry {cached_date or 'undated'} is not newer than "
                f"bundled {bundled_date or 'undated'}"
            )
    else:
        reason = f"no user cache at {cached}"
    return CatalogueChoice(bundled, "bundled", reason)
