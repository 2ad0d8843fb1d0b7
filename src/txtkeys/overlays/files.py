"""Overlay files: TXT keys defined outside the IANA registry, written in TOML.

The services people advertise most (Matter, HomeKit, IPP printers, AirPlay, Thread)
define their TXT keys in their own specifications, and companies run private service
types; the registry notes say nothing useful about either. An overlay file (format in
``docs/overlays.md``) describes such keys with the fields of ``schema.fields``; this
module reads one into ``Overlay`` and says where the files are. How the files are
layered over the registry is ``schemaset``'s business.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import OverlayError, UnknownServiceError
from ..names import PROTOCOLS, ServiceType, service_name_advertisable, service_name_problem
from ..schema.fields import OVERLAY_KEY_FIELDS, key_json
from ..schema.kinds import KeyKind, Origin
from .locate import SCHEMA_DIR_ENV
from .model import Overlay, OverlayService

__all__ = [
    "OVERLAY_FORMAT_VERSION",
    "Overlay",
    "OverlayService",
    "load_overlay",
    "parse_overlay",
]

OVERLAY_FORMAT_VERSION = 1

_FILE_FIELDS = ("format", "source", "service")
_SOURCE_FIELDS = ("spec", "version", "section", "url")
_SERVICE_FIELDS = (
    "name",
    "protocol",
    "description",
    "extensible",
    "references",
    "source",
    "keys_from",
    "key",
)
_RANGE_KINDS = (KeyKind.INTEGER, KeyKind.NUMBER)
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


# -- the parsed file -------------------------------------------------------------------


# -- errors with file and line ---------------------------------------------------------


class _Lines:
    """Finds the line of a table or field in TOML text (tomllib keeps no positions)."""

    _HEADER = re.compile(r"^\s*(\[\[|\[)\s*([^\[\]]+?)\s*(\]\]|\])\s*(#.*)?$")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        # (normalised table path, is array table, 1-based line)
        self.headers: list[tuple[str, bool, int]] = []
        for number, line in enumerate(self.lines, start=1):
            match = self._HEADER.match(line)
            if match:
                path = re.sub(r"[\s\"']", "", match.group(2))
                self.headers.append((path, match.group(1) == "[[", number))

    def _nth(self, path: str, index: int, after: int = 0, before: int | None = None) -> int | None:
        seen = 0
        for header_path, is_array, number in self.headers:
            if number <= after or (before is not None and number >= before):
                continue
            if header_path == path and is_array:
                if seen == index:
                    return number
                seen += 1
        return None

    def service(self, index: int) -> int | None:
        return self._nth("service", index)

    def key(self, service_index: int, key_index: int) -> int | None:
        start = self.service(service_index)
        if start is None:
            return None
        return self._nth(
            "service.key", key_index, after=start, before=self.service(service_index + 1)
        )

    def field(self, block_start: int | None, name: str) -> int | None:
        """The line of ``name = ...`` in the table starting at ``block_start`` (0: top level)."""
        start = block_start or 0
        pattern = re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*=")
        for number in range(start + 1, len(self.lines) + 1):
            line = self.lines[number - 1]
            if number > start and self._HEADER.match(line):
                break
            if pattern.match(line):
                return number
        return block_start


class _FieldLine:
    """The line of a field, found only if an error needs it (a search per field is slow)."""

    __slots__ = ("block", "lines", "name")

    def __init__(self, lines: _Lines, block: int | None, name: str) -> None:
        self.lines, self.block, self.name = lines, block, name

    def resolve(self) -> int | None:
        return self.lines.field(self.block, self.name)


Line = int | None | _FieldLine


class _Context:
    """Where in the file the parser is, so every error names file and line."""

    def __init__(self, source: str, lines: _Lines) -> None:
        self.source = source
        self.lines = lines

    def error(self, at: Line, message: str, column: int | None = None) -> OverlayError:
        line = at.resolve() if isinstance(at, _FieldLine) else at
        where = f"{self.source}:{line}" if line else self.source
        if line and column:
            where += f":{column}"
        return OverlayError(f"{where}: {message}")


# -- reading ---------------------------------------------------------------------------


def load_overlay(path: str | os.PathLike[str], *, origin: Origin = Origin.USER) -> Overlay:
    """Read an overlay file; OverlayError (with file and line) if it cannot be used."""
    from .._io import MAX_OVERLAY_BYTES, read_capped

    file = Path(path)
    data = read_capped(
        file,
        MAX_OVERLAY_BYTES,
        "schema file",
        error=lambda shown, message: OverlayError(f"schema file {shown}: {message}"),
        missing=f"no such file (schema file {file} does not exist); check the path given "
        f"to --schema or the files in ${SCHEMA_DIR_ENV}",
    )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise OverlayError(f"{file}: not UTF-8 text ({exc.reason}); save it as UTF-8") from exc
    return parse_overlay(text, source=str(file), origin=origin)


def parse_overlay(text: str, *, source: str = "<overlay>", origin: Origin = Origin.USER) -> Overlay:
    """Build the services of one overlay file from its TOML text."""
    lines = _Lines(text)
    context = _Context(source, lines)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(context, str(exc)) from None
    _check_fields(
        context, data, allowed=_FILE_FIELDS, where="the top level", line=None, lines=lines, block=0
    )
    version = data.get("format", OVERLAY_FORMAT_VERSION)
    if version != OVERLAY_FORMAT_VERSION:
        raise context.error(
            lines.field(0, "format"),
            f"format = {version!r} is not supported; this txtkeys reads "
            f"format = {OVERLAY_FORMAT_VERSION}",
        )
    file_source = _source_table(context, data.get("source"), lines.field(0, "source"))
    services_data = data.get("service")
    if services_data is None:
        raise context.error(
            None, "no [[service]] tables; describe at least one service (see docs/overlays.md)"
        )
    if not isinstance(services_data, list):
        raise context.error(
            lines.field(0, "service"), "'service' must be written as [[service]] tables"
        )
    services: list[OverlayService] = []
    for index, raw in enumerate(services_data):
        service = _service(
            context, index, raw, file_source=file_source, origin=origin, earlier=services
        )
        services.append(service)
    return Overlay(source=source, origin=origin, services=tuple(services))


def _syntax_error(context: _Context, message: str) -> OverlayError:
    match = _TOML_POSITION.search(message)
    if not match:
        return context.error(None, f"TOML syntax error: {message}")
    line, column = int(match.group(1)), int(match.group(2))
    what = message[: match.start()]
    shown = ""
    if 0 < line <= len(context.lines.lines):
        shown = f"\n    {context.lines.lines[line - 1]}\n    {' ' * (column - 1)}^"
    return context.error(line, f"TOML syntax error: {what}{shown}", column)


def _check_fields(
    context: _Context,
    table: Mapping[str, Any],
    *,
    allowed: Sequence[str],
    where: str,
    line: Line,
    lines: _Lines,
    block: int | None,
) -> None:
    for field in table:
        if field not in allowed:
            hint = ""
            if field == "optional":
                hint = " (write required = true or required = false)"
            raise context.error(
                lines.field(block, field) or line,
                f"unknown field {field!r} in {where}{hint}; allowed: {', '.join(allowed)}",
            )


def _source_table(context: _Context, raw: object, line: Line) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise context.error(
            line, '\'source\' must be a table such as {spec = "...", version = "..."}'
        )
    for field, value in raw.items():
        if field not in _SOURCE_FIELDS:
            raise context.error(
                line, f"unknown field {field!r} in source; allowed: {', '.join(_SOURCE_FIELDS)}"
            )
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise context.error(line, f"source.{field} must be a string")
    return {field: str(value) for field, value in raw.items()}


def _merge_source(outer: Mapping[str, str], inner: Mapping[str, str]) -> dict[str, str]:
    """Inner source fields win; an inner ``spec`` names another document, so start afresh."""
    if "spec" in inner:
        return dict(inner)
    return {**outer, **inner}


def _source_text(parts: Mapping[str, str]) -> str | None:
    """``Spec version, s4.3.1.5`` from the merged spec/version/section parts."""
    spec = parts.get("spec")
    section = parts.get("section")
    if not spec and not section:
        return None
    text = " ".join(part for part in (spec, parts.get("version")) if part)
    if section:
        section_text = section if not section[:1].isdigit() else f"s{section}"
        text = f"{text}, {section_text}" if text else section_text
    return text


def _service(
    context: _Context,
    index: int,
    raw: object,
    *,
    file_source: Mapping[str, str],
    origin: Origin,
    earlier: Sequence[OverlayService],
) -> OverlayService:
    lines = context.lines
    start = lines.service(index)
    if not isinstance(raw, dict):
        raise context.error(start, "each [[service]] must be a table")
    _check_fields(
        context,
        raw,
        allowed=_SERVICE_FIELDS,
        where="[[service]]",
        line=start,
        lines=lines,
        block=start,
    )

    def line_of(field: str) -> Line:
        return _FieldLine(lines, start, field)

    name_value = raw.get("name")
    if not isinstance(name_value, str) or not name_value.strip():
        raise context.error(
            start, '[[service]] needs name = "_name._tcp" (or name plus protocol = "udp")'
        )
    service_type = _service_type(context, name_value, raw.get("protocol"), line_of)
    label = f"{service_type.name}/{service_type.protocol}"
    for other in earlier:
        if other.label.lower() == label.lower():
            raise context.error(
                line_of("name"),
                f"service {label} is described twice in this file (again at [[service]] "
                f"#{index + 1}); merge the two tables",
            )
    description = _optional_str(context, raw, "description", line_of)
    extensible = raw.get("extensible")
    if extensible is not None and not isinstance(extensible, bool):
        raise context.error(line_of("extensible"), "extensible must be true or false")
    references = _str_list(context, raw, "references", line_of)
    service_source = _merge_source(
        file_source, _source_table(context, raw.get("source"), line_of("source"))
    )

    base_keys: tuple[dict[str, Any], ...] = ()
    keys_from = raw.get("keys_from")
    if keys_from is not None:
        base_keys = _keys_from(context, keys_from, earlier, line_of("keys_from"))

    raw_keys = raw.get("key", [])
    if not isinstance(raw_keys, list):
        raise context.error(line_of("key"), "keys must be written as [[service.key]] tables")
    if not raw_keys and not base_keys:
        raise context.error(
            start, f"service {label} has no keys; add [[service.key]] tables or keys_from"
        )
    keys: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for key_index, raw_key in enumerate(raw_keys):
        key = _key(
            context,
            index,
            key_index=key_index,
            raw=raw_key,
            service_source=service_source,
            origin=origin,
            source_default=context.source,
        )
        folded = key["name"].lower()
        if folded in seen:
            raise context.error(
                lines.key(index, key_index),
                f"key {key['name']!r} is defined twice for {label} (TXT keys are case-insensitive, "
                "RFC 6763 s6.4); keep one definition",
            )
        seen[folded] = key_index
        keys.append(key)
    merged = [key for key in base_keys if key["name"].lower() not in seen] + keys
    return OverlayService(
        name=service_type.name,
        protocol=service_type.protocol,
        keys=tuple(merged),
        description=description,
        extensible=extensible,
        references=references,
        file=context.source,
        line=start,
    )


def _service_type(
    context: _Context, name_value: str, protocol_value: object, line_of: Any
) -> ServiceType:
    if protocol_value is not None and not isinstance(protocol_value, str):
        raise context.error(line_of("protocol"), f"protocol must be one of {', '.join(PROTOCOLS)}")
    try:
        parsed = ServiceType.parse(name_value)
    except UnknownServiceError as exc:
        raise context.error(line_of("name"), str(exc)) from None
    if parsed.subtype is not None:
        raise context.error(
            line_of("name"),
            f"{name_value!r} is a subtype; describe the service type itself (e.g. _ipp._tcp)",
        )
    # A name DNS-SD can carry is accepted even where it breaks RFC 6335 s5.1 (devices in
    # use advertise _androidtvremote2, 16 characters); checking a record says so (R013).
    if not service_name_advertisable(parsed.name):
        problem = service_name_problem(parsed.name)
        raise context.error(line_of("name"), f"not a valid service name (RFC 6335 s5.1): {problem}")
    protocol = parsed.protocol
    if protocol_value is not None:
        wanted = protocol_value.strip().lower()
        if wanted not in PROTOCOLS:
            raise context.error(
                line_of("protocol"),
                f"unknown protocol {protocol_value!r}; use one of {', '.join(PROTOCOLS)}",
            )
        if parsed.protocol_given and wanted != parsed.protocol:
            raise context.error(
                line_of("protocol"),
                f"name {name_value!r} says {parsed.protocol} but protocol = {protocol_value!r}; "
                "keep one of them",
            )
        protocol = wanted
    elif not parsed.protocol_given:
        raise context.error(
            line_of("name"),
            f'say which protocol {name_value!r} runs over: name = "_{parsed.name}._tcp" '
            'or add protocol = "udp"',
        )
    return ServiceType(parsed.name, protocol, None, True)


def _keys_from(
    context: _Context, value: object, earlier: Sequence[OverlayService], line: Line
) -> tuple[dict[str, Any], ...]:
    if not isinstance(value, str):
        raise context.error(line, "keys_from must name a service described earlier in this file")
    try:
        wanted = ServiceType.parse(value)
    except UnknownServiceError as exc:
        raise context.error(line, str(exc)) from None
    for other in earlier:
        if other.name.lower() == wanted.name.lower() and (
            not wanted.protocol_given or other.protocol == wanted.protocol
        ):
            return other.keys
    known = ", ".join(other.label for other in earlier) or "none yet"
    raise context.error(
        line,
        f"keys_from = {value!r}: no such service earlier in this file (described so far: {known})",
    )


def _optional_str(
    context: _Context, table: Mapping[str, Any], field: str, line_of: Any
) -> str | None:
    value = table.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise context.error(line_of(field), f"{field} must be a string")
    return value


def _str_list(
    context: _Context, table: Mapping[str, Any], field: str, line_of: Any
) -> tuple[str, ...]:
    value = table.get(field)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise context.error(line_of(field), f'{field} must be a list of strings, e.g. ["a", "b"]')
    return tuple(value)


def _value_text(context: _Context, value: object, field: str, line: Line) -> str:
    """A TXT value from TOML: strings as written, integers in decimal."""
    if isinstance(value, bool):
        raise context.error(
            line,
            f'{field} = {str(value).lower()}: TXT values are text; write it in quotes, e.g. "T"',
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value
    raise context.error(line, f"{field} must be a string (or an integer)")


def _int_field(
    context: _Context, table: Mapping[str, Any], field: str, line_of: Any, where: str
) -> int | None:
    value = table.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise context.error(line_of(field), f"{where}: {field} must be an integer, not {value!r}")
    return value


def _key(
    context: _Context,
    service_index: int,
    *,
    key_index: int,
    raw: object,
    service_source: Mapping[str, str],
    origin: Origin,
    source_default: str,
) -> dict[str, Any]:
    lines = context.lines
    start = lines.key(service_index, key_index)
    if not isinstance(raw, dict):
        raise context.error(start, "each [[service.key]] must be a table")
    _check_fields(
        context,
        raw,
        allowed=OVERLAY_KEY_FIELDS,
        where="[[service.key]]",
        line=start,
        lines=lines,
        block=start,
    )

    def line_of(field: str) -> Line:
        return _FieldLine(lines, start, field)

    name = raw.get("name")
    if not isinstance(name, str):
        raise context.error(
            start, '[[service.key]] needs name = "..." (the key as sent on the wire)'
        )
    problem = _key_name_problem(name)
    if problem:
        raise context.error(line_of("name"), f"key {name!r}: {problem}")
    where = f"key {name!r}"

    kind_value = raw.get("kind")
    choices_raw = raw.get("choices")
    choices: tuple[str, ...] = ()
    if choices_raw is not None:
        if not isinstance(choices_raw, list) or not choices_raw:
            raise context.error(line_of("choices"), f"{where}: choices must be a non-empty list")
        choices = tuple(
            _value_text(context, item, "choices", line_of("choices")) for item in choices_raw
        )
        if len({choice for choice in choices}) != len(choices):
            raise context.error(line_of("choices"), f"{where}: choices lists a value twice")
    if kind_value is None:
        kind = KeyKind.ENUM if choices else KeyKind.ANY
    else:
        allowed_kinds = [member.value for member in KeyKind]
        if not isinstance(kind_value, str) or kind_value not in allowed_kinds:
            raise context.error(
                line_of("kind"),
                f"{where}: unknown kind {kind_value!r}; allowed: {', '.join(allowed_kinds)}",
            )
        kind = KeyKind(kind_value)
    if kind is KeyKind.ENUM and not choices:
        raise context.error(line_of("kind"), f'{where}: kind = "enum" needs choices = [...]')
    if kind is KeyKind.FLAG and (
        choices or raw.get("default") is not None or raw.get("fixed") is not None
    ):
        raise context.error(
            line_of("kind"), f"{where}: a flag key has no value, so no choices, default or fixed"
        )

    default = (
        None
        if raw.get("default") is None
        else _value_text(context, raw["default"], "default", line_of("default"))
    )
    fixed = (
        None
        if raw.get("fixed") is None
        else _value_text(context, raw["fixed"], "fixed", line_of("fixed"))
    )
    example = (
        None
        if raw.get("example") is None
        else _value_text(context, raw["example"], "example", line_of("example"))
    )

    required = raw.get("required")
    if required is not None and not isinstance(required, bool):
        raise context.error(line_of("required"), f"{where}: required must be true or false")
    secret = raw.get("secret", False)
    if not isinstance(secret, bool):
        raise context.error(line_of("secret"), f"{where}: secret must be true or false")
    lenient = raw.get("lenient", False)
    if not isinstance(lenient, bool):
        raise context.error(line_of("lenient"), f"{where}: lenient must be true or false")

    minimum = _int_field(context, raw, "minimum", line_of, where)
    maximum = _int_field(context, raw, "maximum", line_of, where)
    min_length = _int_field(context, raw, "min_length", line_of, where)
    max_length = _int_field(context, raw, "max_length", line_of, where)
    if (minimum is not None or maximum is not None) and kind not in _RANGE_KINDS:
        field = "minimum" if minimum is not None else "maximum"
        raise context.error(
            line_of(field),
            f'{where}: {field} applies to kind = "integer" or "number", not {kind.value!r}',
        )
    if minimum is not None and maximum is not None and minimum > maximum:
        raise context.error(
            line_of("maximum"), f"{where}: minimum {minimum} is above maximum {maximum}"
        )
    for field, value in (("min_length", min_length), ("max_length", max_length)):
        if value is not None and value < 0:
            raise context.error(line_of(field), f"{where}: {field} cannot be negative")
        if value is not None and value > 255:
            raise context.error(
                line_of(field),
                f"{where}: {field} {value} is above 255, the most a TXT string holds",
            )
    if min_length is not None and max_length is not None and min_length > max_length:
        raise context.error(
            line_of("max_length"),
            f"{where}: min_length {min_length} is above max_length {max_length}",
        )

    pattern = raw.get("pattern")
    compiled = None
    if pattern is not None:
        if not isinstance(pattern, str):
            raise context.error(line_of("pattern"), f"{where}: pattern must be a string")
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise context.error(
                line_of("pattern"), f"{where}: pattern is not a valid regular expression ({exc})"
            ) from None

    # Every stated value must satisfy every stated constraint: a file that contradicts
    # itself cannot be checked against.
    for field, stated in (("default", default), ("fixed", fixed), ("example", example)):
        if stated is None:
            continue
        if choices and stated not in choices:
            raise context.error(
                line_of(field),
                f"{where}: {field} {stated!r} is not one of the choices ({', '.join(choices)})",
            )
        if kind is KeyKind.INTEGER or minimum is not None or maximum is not None:
            number = _as_int(stated)
            if kind is KeyKind.INTEGER and number is None:
                raise context.error(
                    line_of(field), f"{where}: {field} {stated!r} is not an integer"
                )
            if number is not None and minimum is not None and number < minimum:
                raise context.error(
                    line_of(field), f"{where}: {field} {stated} is below minimum {minimum}"
                )
            if number is not None and maximum is not None and number > maximum:
                raise context.error(
                    line_of(field), f"{where}: {field} {stated} is above maximum {maximum}"
                )
        size = len(stated.encode("utf-8"))
        if min_length is not None and size < min_length:
            raise context.error(
                line_of(field),
                f"{where}: {field} {stated!r} is shorter than min_length {min_length}",
            )
        if max_length is not None and size > max_length:
            raise context.error(
                line_of(field),
                f"{where}: {field} {stated!r} is longer than max_length {max_length}",
            )
        if compiled is not None and not compiled.fullmatch(stated):
            raise context.error(
                line_of(field), f"{where}: {field} {stated!r} does not match pattern {pattern!r}"
            )
    if default is not None and fixed is not None and default != fixed:
        raise context.error(
            line_of("default"),
            f"{where}: default {default!r} differs from fixed {fixed!r}; drop one",
        )
    if required is True and default is not None:
        raise context.error(
            line_of("default"),
            f"{where}: a required key has no use for a default; drop one of them",
        )

    description = raw.get("description")
    if description is not None and not isinstance(description, str):
        raise context.error(line_of("description"), f"{where}: description must be a string")
    section = raw.get("section")
    if section is not None and not isinstance(section, str | int | float):
        raise context.error(
            line_of("section"), f'{where}: section must be a string such as "4.3.1.5"'
        )
    parts = _merge_source(
        service_source, _source_table(context, raw.get("source"), line_of("source"))
    )
    if section is not None:
        parts["section"] = str(section)
    source = _source_text(parts)
    if source is None and origin is Origin.USER:
        source = Path(source_default).name

    deprecated = _deprecated(context, raw.get("deprecated"), line_of("deprecated"), where)
    key_pattern = raw.get("key_pattern")
    if key_pattern is not None:
        if not isinstance(key_pattern, str):
            raise context.error(line_of("key_pattern"), f"{where}: key_pattern must be a string")
        try:
            family = re.compile(key_pattern, re.IGNORECASE)
        except re.error as exc:
            raise context.error(
                line_of("key_pattern"),
                f"{where}: key_pattern is not a valid regular expression ({exc})",
            ) from None
        if family.fullmatch("") or family.fullmatch("="):
            raise context.error(
                line_of("key_pattern"), f"{where}: key_pattern must not match an empty key"
            )
    placeholder = raw.get("placeholder")
    if placeholder is not None and not isinstance(placeholder, str):
        raise context.error(line_of("placeholder"), f"{where}: placeholder must be a string")

    return key_json(
        {
            "name": name,
            "kind": kind,
            "choices": choices,
            "default": default,
            "fixed": fixed,
            "example": example,
            "placeholder": placeholder,
            "optional": None if required is None else not required,
            "min_length": min_length,
            "max_length": max_length,
            "minimum": minimum,
            "maximum": maximum,
            "pattern": pattern,
            "key_pattern": key_pattern,
            "deprecated": deprecated,
            "secret": secret,
            "lenient": lenient,
            "description": description,
            "origin": origin,
            "source": source,
        }
    )


def _deprecated(
    context: _Context, value: object, line: Line, where: str
) -> tuple[tuple[str, str], ...]:
    """``deprecated = { "1" = "why" }``: values an earlier version of the source allowed."""
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(isinstance(why, str) for why in value.values()):
        raise context.error(
            line,
            f'{where}: deprecated must be a table of value = "why", e.g. '
            '{ "1" = "allowed in 1.0-1.2; deprecated since 1.3" }',
        )
    return tuple((str(old), why) for old, why in value.items())


def _as_int(value: str) -> int | None:
    try:
        return int(value, 10)
    except ValueError:
        return None


def _key_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a DNS-SD TXT key (RFC 6763 s6.4), or None."""
    if not name:
        return "a key needs at least one character"
    if "=" in name:
        return "a key cannot contain '='"
    bad = sorted({char for char in name if not 0x20 <= ord(char) <= 0x7E})
    if bad:
        return f"contains {''.join(bad)!r}; keys are printable US-ASCII (RFC 6763 s6.4)"
    if len(name) > 255:
        return "longer than a TXT string can hold"
    return None
