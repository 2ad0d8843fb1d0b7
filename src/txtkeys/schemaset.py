"""The schemas in use: the registry catalogue with overlay layers, looked up per service.

Every surface (``validate``, ``build_record``, ``build_service_info``, ``model_for``,
``json_schema``, ``advertise``, ``audit`` and each CLI command) asks a ``SchemaSet``
what a service's keys are, so the same record gets the same verdict everywhere.

The lookup order, stated here once. For each key (compared case-insensitively,
RFC 6763 s6.4) the later layer wins:

1. the registry catalogue in use: ``--catalogue FILE``, else the user cache when its
   registry is newer than the bundled one, else the bundled catalogue
   (``catalogue.store.choose_catalogue_file``);
2. the overlays shipped in ``txtkeys/data/overlays/*.toml``, in file-name order;
3. every ``*.toml`` in ``$TXTKEYS_SCHEMA_DIR``, in file-name order;
4. each file given explicitly (``files=``, the CLI's ``--schema``), in the order given.

A lookup asks the layers in that order and merges the answers for one service; no
layer rewrites another's storage, so a lookup reads one service's lines of the
compiled catalogue and parses a shipped overlay file only when its text names the
service. Explicit and ``$TXTKEYS_SCHEMA_DIR`` files are read when the set is made, so a
broken file is reported at once, whatever service is asked for.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# The registry layer is asked on every lookup: loaded with the module, not on first use.
from .catalogue.store import Catalogue, choose_protocol, protocol_rank
from .errors import CatalogueError
from .names import ServiceType, service_name_problem
from .overlays.index import IndexedFile, indexed_file
from .overlays.locate import env_overlay_files, shipped_overlay_files
from .schema.fields import KeyFacts
from .schema.kinds import NoteStatus, Origin

TYPE_CHECKING = False  # typing's own, without importing typing: check starts faster
if TYPE_CHECKING:
    from typing import Any, Literal

    from .catalogue.store import CatalogueEntry
    from .checks.rules import NoteValidator
    from .overlays.files import Overlay, OverlayService
    from .schema.models import TxtNote

__all__ = [
    "Coverage",
    "KeyOverride",
    "SchemaSet",
    "SearchHit",
    "ServiceSchema",
    "describe_origin",
]

# Fields whose difference makes a later layer's key a conflicting redefinition.
_CONSTRAINT_FIELDS = (
    "kind",
    "choices",
    "default",
    "fixed",
    "optional",
    "minimum",
    "maximum",
    "min_length",
    "max_length",
    "pattern",
    "key_pattern",
    "secret",
)


@dataclass(frozen=True, slots=True)
class KeyOverride:
    """A key one layer defined and a later layer redefined.

    ``differences`` names the constraint fields that changed (``kind``, ``maximum``,
    ...); empty when the redefinition only adds wording or a source.
    """

    service: str  # name/protocol
    key: str
    replaced: KeyFacts
    by: KeyFacts
    file: str
    differences: tuple[str, ...]

    @property
    def conflicts(self) -> bool:
        """True when the later layer changed what values are accepted."""
        return bool(self.differences)

    def summary(self) -> str:
        """One line for ``show``: which file redefined the key and what changed."""
        if not self.differences:
            return f"{self.key}: {self.file} restates the {self.replaced.origin} definition"
        changes = ", ".join(
            f"{field} {_field_text(self.replaced, field)} -> {_field_text(self.by, field)}"
            for field in self.differences
        )
        return (
            f"{self.key}: {self.file} overrides the {self.replaced.origin} definition ({changes})"
        )


def _field_text(key: KeyFacts, field: str) -> str:
    value = getattr(key, field)
    if field == "optional":
        return {None: "unstated", True: "optional", False: "required"}[value]
    if isinstance(value, tuple):
        return "|".join(value) if value else "none"
    return "none" if value is None else str(value)


def describe_origin(key: KeyFacts) -> str:
    """Where a key's definition comes from, for ``show``: ``registry``, ``overlay: <spec>``..."""
    if key.origin is Origin.REGISTRY:
        return "registry" if not key.source else f"registry: {key.source}"
    return f"{key.origin.value}: {key.source}" if key.source else key.origin.value


class ServiceSchema:
    """What the schema set says about one service: the merged note and where it came from.

    ``note`` is the merged note in the compiled JSON form of ``schema.fields``; ``keys``,
    ``validator``, ``txt_note`` (pydantic) and ``entry`` are made from it on first use,
    so looking a service up and checking its records never imports pydantic.
    """

    __slots__ = (
        "_keys",
        "_txt_note",
        "_validator",
        "description",
        "in_registry",
        "note",
        "overrides",
        "port_text",
        "protocol",
        "references",
        "service_type",
        "sources",
    )

    def __init__(
        self,
        service_type: ServiceType,
        *,
        protocol: str | None,
        note: dict[str, Any],
        port_text: str | None = None,
        description: str = "",
        references: tuple[str, ...] = (),
        in_registry: bool = True,
        overrides: tuple[KeyOverride, ...] = (),
        sources: tuple[str, ...] = (),
    ) -> None:
        self.service_type = service_type
        self.protocol = protocol
        self.note = note
        self.port_text = port_text
        self.description = description
        self.references = references
        self.in_registry = in_registry
        self.overrides = overrides
        self.sources = sources
        self._keys: tuple[KeyFacts, ...] | None = None
        self._validator: NoteValidator | None = None
        self._txt_note: TxtNote | None = None

    @property
    def name(self) -> str:
        return self.service_type.name

    @property
    def label(self) -> str:
        """``name/protocol``, or the bare name for a DNS-SD-only record."""
        return f"{self.name}/{self.protocol}" if self.protocol else self.name

    @property
    def status(self) -> NoteStatus:
        return NoteStatus(self.note.get("status", NoteStatus.UNSPECIFIED))

    @property
    def extensible(self) -> bool:
        return bool(self.note.get("extensible", False))

    @property
    def closed(self) -> bool:
        return bool(self.note.get("closed", False))

    @property
    def subtypes(self) -> tuple[str, ...]:
        return tuple(self.note.get("subtypes", ()))

    @property
    def raw(self) -> str:
        return str(self.note.get("raw", ""))

    @property
    def note_references(self) -> tuple[str, ...]:
        return tuple(self.note.get("references", ()))

    @property
    def dns_sd_usable(self) -> bool:
        return service_name_problem(self.name) is None

    @property
    def keys(self) -> tuple[KeyFacts, ...]:
        """The keys, in note order, as plain attribute objects (no pydantic)."""
        if self._keys is None:
            try:
                self._keys = tuple(KeyFacts(key) for key in self.note.get("keys", ()))
            except (ValueError, TypeError):
                self._keys = tuple(self.txt_note.keys)  # type: ignore[arg-type]
        return self._keys

    def key(self, name: str) -> KeyFacts | None:
        """The key called ``name`` (case-insensitive, RFC 6763 s6.4), or None."""
        folded = name.lower()
        return next((key for key in self.keys if key.name.lower() == folded), None)

    @property
    def validator(self) -> NoteValidator:
        """The prepared checks of this schema, made once."""
        if self._validator is None:
            from .checks.rules import NoteValidator

            try:
                self._validator = NoteValidator.from_compiled(self.note)
            except ValueError:
                self._validator = NoteValidator(self.txt_note)
        return self._validator

    @property
    def txt_note(self) -> TxtNote:
        """The merged note as the pydantic ``TxtNote`` (imports pydantic)."""
        if self._txt_note is None:
            from .schema.models import TxtNote

            try:
                self._txt_note = TxtNote.model_validate(self.note)
            except ValueError as exc:
                raise CatalogueError(
                    f"the definition of {self.label} is damaged ({exc.__class__.__name__}); "
                    "rebuild the catalogue with 'txtkeys compile REGISTRY -o FILE', refresh "
                    "it with 'txtkeys update', or fix the schema file"
                ) from None
        return self._txt_note

    @property
    def entry(self) -> CatalogueEntry:
        """The service as a ``CatalogueEntry`` with the merged note (imports pydantic)."""
        from .catalogue.store import CatalogueEntry

        first, _, last = (self.port_text or "").partition("-")
        return CatalogueEntry(
            name=self.name,
            protocol=self.protocol,
            number=int(first) if first.isdigit() else None,
            description=self.description,
            references=self.references,
            note=self.txt_note,
            dns_sd_usable=self.dns_sd_usable,
            last_number=int(last) if last.isdigit() and last != first else None,
        )

    def __repr__(self) -> str:
        return f"ServiceSchema({self.label!r}, {self.status.value}, {len(self.keys)} keys)"


class _OverlayLayer:
    """One overlay file as a lookup layer: parsed on first need, asked by service name.

    A shipped file is first looked up in the compiled index of the shipped overlays
    (``overlays.index``): while the file's bytes hash as the index says, its services
    come from there, without parsing TOML; otherwise the file is parsed.
    """

    def __init__(self, path: Path, origin: Origin, *, eager: bool) -> None:
        self.path = path
        self.origin = origin
        # Shipped files by name; a user's file by the path they gave.
        self.shown = path.name if origin is Origin.OVERLAY else str(path)
        self._overlay: Overlay | None = None
        self._text: str | None = None
        self._line: IndexedFile | Literal[False] | None = False  # False: not read yet
        self._by_name: dict[str, list[Any]] | None = None
        self._named: dict[str, list[Any]] = {}  # read from the index, per service name
        if eager:
            self.overlay()

    def overlay(self) -> Overlay:
        if self._overlay is None:
            if self.origin is Origin.OVERLAY:
                self._overlay = self._indexed()
            if self._overlay is None:
                from .overlays.files import load_overlay

                self._overlay = load_overlay(self.path, origin=self.origin)
        return self._overlay

    def _index_line(self) -> IndexedFile | None:
        """The file's line of the index of the shipped overlays, while its bytes match.

        Read and checked once per layer; None when the file must be parsed."""
        if self._line is False:
            self._line = None
            try:
                data = self.path.read_bytes()
            except OSError:
                return None  # reading it properly will say what is wrong
            self._line = indexed_file(self.path, data)
            if self._line is None:
                self._text = data.decode("utf-8", "replace").lower()
        return self._line

    def _indexed(self) -> Overlay | None:
        """The file from the index of the shipped overlays, if its bytes are the indexed."""
        line = self._index_line()
        return None if line is None else line.overlay()

    def may_describe(self, name: str) -> bool:
        """False only when the file cannot describe ``name``: no quoted value spells it.

        A service name is letters, digits and hyphens (RFC 6335 s5.1), so a file that
        describes it writes ``"_name._tcp"``, ``"name"`` or ``"name/udp"`` in a quoted
        string; a file with a ``\\u`` escape anywhere is always asked.
        """
        if self._overlay is not None:
            return True
        if self._text is None:
            try:
                self._text = self.path.read_text("utf-8", "replace").lower()
            except OSError:
                return True  # reading it properly will say what is wrong
        if "\\u" in self._text:
            return True
        quoted = "[\"']\\s*_?" + re.escape(name.lower()) + "(?:[./]|\\s*[\"'])"
        return re.search(quoted, self._text) is not None

    def services_named(self, name: str) -> list[OverlayService]:
        folded = name.lower()
        if self._overlay is None and self.origin is Origin.OVERLAY:
            line = self._index_line()
            if line is not None:
                if not line.may_describe(folded):
                    return []
                if folded not in self._named:
                    named = line.services_named(folded)  # only those services' lines are read
                    if named is not None:
                        self._named[folded] = list(named)
                if folded in self._named:
                    return list(self._named[folded])
            self._overlay = self._indexed()  # None when the file must be parsed
        if self._overlay is not None:
            if self._by_name is None:
                by_name: dict[str, list[Any]] = {}
                for svc in self._overlay.services:
                    by_name.setdefault(svc.name.lower(), []).append(svc)
                self._by_name = by_name
            return list(self._by_name.get(folded, ()))
        if not self.may_describe(name):
            return []
        found: list[Any] = [svc for svc in self.overlay().services if svc.name.lower() == folded]
        return found


class SchemaSet:
    """The registry catalogue in use plus overlay layers; see the module for the order.

    ``SchemaSet()`` is what every command uses: the catalogue in use, the shipped
    overlays, ``$TXTKEYS_SCHEMA_DIR``. Pass a ``catalogue`` for another registry,
    ``shipped=False`` or ``env=False`` to leave layers out, and ``files`` for your own.
    """

    def __init__(
        self,
        catalogue: Catalogue | None = None,
        *,
        files: Iterable[str | os.PathLike[str]] = (),
        shipped: bool = True,
        env: bool = True,
    ) -> None:
        self._catalogue = catalogue
        layers = [
            _OverlayLayer(path, Origin.OVERLAY, eager=False)
            for path in (shipped_overlay_files() if shipped else ())
        ]
        user_paths = [*(env_overlay_files() if env else ()), *(Path(f) for f in files)]
        layers.extend(_OverlayLayer(path, Origin.USER, eager=True) for path in user_paths)
        self._layers = tuple(layers)
        self._lock = threading.Lock()
        self._resolved: dict[tuple[str, str, bool], ServiceSchema | None] = {}
        self.plans: dict[Any, Any] = {}  # checks.validate's per-service plans

    @property
    def catalogue(self) -> Catalogue:
        """The registry layer (loaded on first need)."""
        if self._catalogue is None:
            with self._lock:
                if self._catalogue is None:
                    self._catalogue = Catalogue.default()
        return self._catalogue

    @property
    def overlay_files(self) -> tuple[str, ...]:
        """The overlay files layered, in lookup order."""
        return tuple(str(layer.path) for layer in self._layers)

    def resolve(self, service: str | ServiceType) -> ServiceSchema | None:
        """The merged schema of ``service``, or None when no layer knows the name.

        ``service`` is written as ``ServiceType.parse`` reads it; a bare name means
        tcp, but answers with another protocol's record when tcp has none. A malformed
        name raises UnknownServiceError.
        """
        kind = service if isinstance(service, ServiceType) else ServiceType.parse(service)
        cache_key = (kind.name.lower(), kind.protocol, kind.protocol_given)
        if cache_key in self._resolved:
            return self._resolved[cache_key]
        resolved = self._resolve(kind)
        if len(self._resolved) < 8192:
            self._resolved[cache_key] = resolved
        return resolved

    def _resolve(self, kind: ServiceType) -> ServiceSchema | None:
        catalogue = self.catalogue
        rows = catalogue.rows_named(kind.name)
        layered: list[tuple[_OverlayLayer, OverlayService]] = [
            (layer, svc) for layer in self._layers for svc in layer.services_named(kind.name)
        ]
        candidates: list[tuple[str | None, bool]] = [(p, noted) for _, p, noted in rows]
        candidates.extend((svc.protocol, True) for _, svc in layered)
        chosen = choose_protocol(candidates, kind.protocol, kind.protocol_given)
        if chosen is None:
            return None
        protocol = candidates[chosen][0]
        # The registry row of that protocol (a DNS-SD-only row lends itself to an
        # overlay's protocol), chosen by the same rule.
        base = None
        same = [(position, p, noted) for position, p, noted in rows if p == protocol]
        if not same and protocol is not None:
            same = [(position, p, noted) for position, p, noted in rows if p is None]
        if same:  # the first with a note, as choose_protocol prefers
            base = next((position for position, _, noted in same if noted), same[0][0])
        services = [(layer, svc) for layer, svc in layered if svc.protocol == protocol]
        if base is not None:
            name, row_protocol, port_text, description, references = catalogue.row_facts(base)
            note = catalogue.note_json(base)
        else:
            name, row_protocol, port_text, description, references = (
                services[0][1].name,
                protocol,
                None,
                "",
                (),
            )
            note = {"status": NoteStatus.UNSPECIFIED.value}
        merged = _Merge(note, f"{name}/{protocol or row_protocol or 'tcp'}")
        for layer, svc in services:
            merged.add(svc, layer.shown)
            description = description or svc.description or ""
            references = tuple(dict.fromkeys([*references, *svc.references]))
        return ServiceSchema(
            ServiceType(name, protocol or kind.protocol, kind.subtype, protocol is not None),
            protocol=protocol if services else row_protocol,
            note=merged.note,
            port_text=port_text,
            description=description,
            references=references,
            in_registry=base is not None,
            overrides=tuple(merged.overrides),
            sources=tuple(dict.fromkeys(layer.shown for layer, _ in services)),
        )

    def protocols_of(self, name: str) -> list[str | None]:
        """Every protocol some layer knows ``name`` over, registry order first."""
        found: list[str | None] = [p for _, p, _ in self.catalogue.rows_named(name)]
        found.extend(svc.protocol for layer in self._layers for svc in layer.services_named(name))
        return list(dict.fromkeys(found))

    def names(self) -> list[str]:
        """Every service name any layer knows, lower-cased (reads every layer whole)."""
        names = dict.fromkeys(self.catalogue.names)
        for layer in self._layers:
            names.update((svc.name.lower(), None) for svc in layer.overlay().services)
        return list(names)

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Known names close to ``name``, for "did you mean" messages (``wto`` -> ``wot``)."""
        folded = name.lower()
        known = self.names()
        import difflib  # only for a "did you mean"

        close = difflib.get_close_matches(folded, known, n=limit, cutoff=0.6)
        starts = sorted((k for k in known if k.startswith(folded) and k != folded), key=len)
        merged = [k for k in dict.fromkeys([*close, *starts]) if k != folded]
        return merged[:limit]

    def search(self, text: str) -> list[SearchHit]:
        """Services whose keys (name, description, placeholder), name or description match.

        Case-insensitive substring match over every layer (a service an overlay
        describes is searched as merged). Hits with matching keys come first, then
        services that matched by name or description; each group in name order, then
        tcp, udp, sctp, dccp.
        """
        needle = text.strip().lower()
        if not needle:
            return []
        layered = {(name.lower(), protocol) for name, protocol in self.described_by_overlays()}
        layered_names = {name for name, _ in layered}
        catalogue = self.catalogue
        hits: list[SearchHit] = []
        matched: dict[object, tuple[KeyFacts, ...]] = {}
        # Only rows whose bytes may hold the needle are decoded (all, when it cannot tell).
        candidates = catalogue.rows_mentioning(needle)
        for position, identity, note in catalogue.note_rows(candidates):
            name, protocol, _, description, _ = catalogue.row_facts(position)
            folded = name.lower()
            if (folded, protocol) in layered or (protocol is None and folded in layered_names):
                continue  # searched below as merged (a DNS-SD-only row lends itself to it)
            keys = matched.get(identity)
            if keys is None:
                keys = _matching_keys(note, needle)
                matched[identity] = keys
            found = needle in name.lower() or needle in description.lower()
            if keys or found:
                hits.append(SearchHit(name, protocol, description, keys, found))
        for name, protocol in dict.fromkeys(layered):
            schema = self.resolve(ServiceType(name, protocol or "tcp", None, True))
            if schema is None:
                continue
            keys = tuple(key for key in schema.keys if _key_matches(key, needle))
            found = needle in name or needle in schema.description.lower()
            if keys or found:
                hits.append(
                    SearchHit(schema.name, schema.protocol, schema.description, keys, found)
                )
        hits.sort(key=lambda hit: (not hit.keys, hit.name.lower(), protocol_rank(hit.protocol)))
        return hits

    def coverage(self) -> Coverage:
        """How many service types each layer gives a checkable key list (reads them all)."""
        registry: set[tuple[str, str | None]] = set()
        named: set[tuple[str, str | None]] = set()
        catalogue = self.catalogue
        for position, _, note in catalogue.note_rows():
            name, protocol = catalogue.row_facts(position)[:2]
            label = (name.lower(), protocol)
            named.add(label)
            if note.get("status") == NoteStatus.KEYS.value:
                registry.add(label)
        shipped: set[tuple[str, str | None]] = set()
        user: set[tuple[str, str | None]] = set()
        for layer in self._layers:
            found = {(svc.name.lower(), svc.protocol) for svc in layer.overlay().services}
            (shipped if layer.origin is Origin.OVERLAY else user).update(found)
        overlaid = {name for name, _ in shipped | user}
        registry = {(name, p) for name, p in registry if p is not None or name not in overlaid}
        return Coverage(
            registered=len(named),
            registry=len(registry),
            shipped=len(shipped),
            user=len(user),
            checkable=len(registry | shipped | user),
        )

    def described_by_overlays(self) -> list[tuple[str, str]]:
        """``(name, protocol)`` of every service an overlay layer describes (reads them all)."""
        found = (
            (svc.name, svc.protocol) for layer in self._layers for svc in layer.overlay().services
        )
        return list(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class Coverage:
    """Service types (name and protocol) with a key list to check records against."""

    registered: int  # records in the registry catalogue
    registry: int  # ... whose note names keys
    shipped: int  # described by the shipped overlays
    user: int  # described by $TXTKEYS_SCHEMA_DIR and --schema files
    checkable: int  # with a key list from any layer

    def to_dict(self) -> dict[str, int]:
        return {
            "registered": self.registered,
            "registry_with_keys": self.registry,
            "shipped_overlays": self.shipped,
            "user_schemas": self.user,
            "checkable": self.checkable,
        }


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A service that matched a search: the keys that matched, and whether its name or
    description did."""

    name: str
    protocol: str | None
    description: str
    keys: tuple[KeyFacts, ...] = ()
    service_matched: bool = False


def _matching_keys(note: dict[str, Any], needle: str) -> tuple[KeyFacts, ...]:
    """The keys of a note in JSON form that match, read as KeyFacts (only those)."""
    found = []
    for raw in note.get("keys", ()):
        texts = (raw.get("name"), raw.get("description"), raw.get("placeholder"))
        if any(isinstance(text, str) and needle in text.lower() for text in texts):
            try:
                found.append(KeyFacts(raw))
            except (ValueError, TypeError):
                continue  # a damaged key: 'show' reports it
    return tuple(found)


def _key_matches(key: KeyFacts, needle: str) -> bool:
    """Name, description or placeholder (``p=<password>`` names its value only there)."""
    return any(
        text is not None and needle in text.lower()
        for text in (key.name, key.description, key.placeholder)
    )


class _Merge:
    """One service's note, merged layer by layer: later keys win, changes are recorded."""

    def __init__(self, note: dict[str, Any], label: str) -> None:
        self.note = dict(note)
        self.label = label
        self.keys: list[dict[str, Any]] = list(note.get("keys", ()))
        self.index = {key["name"].lower(): at for at, key in enumerate(self.keys)}
        self.overrides: list[KeyOverride] = []

    def add(self, service: OverlayService, file: str) -> None:
        for key in service.keys:
            folded = key["name"].lower()
            at = self.index.get(folded)
            if at is None:
                self.index[folded] = len(self.keys)
                self.keys.append(key)
                continue
            old, new = KeyFacts(self.keys[at]), KeyFacts(key)
            differences = tuple(
                field for field in _CONSTRAINT_FIELDS if getattr(old, field) != getattr(new, field)
            )
            self.overrides.append(KeyOverride(self.label, new.name, old, new, file, differences))
            self.keys[at] = key
        note = self.note
        note["status"] = NoteStatus.KEYS.value
        note["keys"] = list(self.keys)
        if service.extensible is not None:
            note["extensible"] = service.extensible
            note["closed"] = not service.extensible
        references = [*note.get("references", ()), *service.references]
        if references:
            note["references"] = list(dict.fromkeys(references))
        for field in ("extensible", "closed"):
            if note.get(field) is False:
                del note[field]


_default: list[SchemaSet] = []
_default_lock = threading.Lock()


def default_schemas() -> SchemaSet:
    """The process-wide ``SchemaSet()``, made on first need."""
    if not _default:
        with _default_lock:
            if not _default:
                _default.append(SchemaSet())
    return _default[0]


def as_schema_set(schemas: SchemaSet | Catalogue | None) -> SchemaSet:
    """``schemas`` as a ``SchemaSet``: None is the default set; a catalogue gets the usual
    overlay layers over it (``SchemaSet(catalogue)``), made once per catalogue."""
    if schemas is None:
        return default_schemas()
    if isinstance(schemas, SchemaSet):
        return schemas
    made = _by_catalogue.get(id(schemas))
    if made is None or made[0] is not schemas:
        if len(_by_catalogue) > 16:
            _by_catalogue.clear()
        made = (schemas, SchemaSet(schemas))
        _by_catalogue[id(schemas)] = made
    return made[1]


_by_catalogue: dict[int, tuple[Any, SchemaSet]] = {}
