"""Read back a record written by ``txtkeys build --format json`` (``check --json-file``).

The file names its service, and optionally its instance and port; its keys are in
``txt``, a list of ``{"key", "value"}`` (text) or ``{"key", "value_hex"}`` (bytes that are
not UTF-8) items, a bare key having neither. A hand-written file may give ``txt`` as an
object instead (``{"td": "/td", "flag": null}``; ``null`` or ``true`` is a bare key).
``rdata_hex`` is what build encoded: when the file has both, they must agree, so a
``txt`` edited by hand with a stale ``rdata_hex`` is refused instead of checked halfway.
A file with only ``rdata_hex`` is checked from those bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..errors import InputFormatError
from .inputs import TxtInput, from_entries, from_hex
from .wire import TxtEntry, encode

__all__ = ["MAX_JSON_BYTES", "BuiltJson", "read_built_json"]

MAX_JSON_BYTES = 1024 * 1024
"""A record file; the largest possible TXT record as JSON is under 300 KB."""


@dataclass(frozen=True, slots=True)
class BuiltJson:
    """What a ``build --format json`` file says: the service, instance, port and record."""

    service: str | None
    instance: str | None
    port: int | None
    txt: TxtInput
    source: str


def _entry(item: Any, index: int, source: str) -> TxtEntry:
    where = f"txt[{index}]"
    if not isinstance(item, dict) or not isinstance(item.get("key"), str):
        raise InputFormatError(
            f'{where} is not an object with a text "key"; write {{"key": "td", "value": "/td"}}',
            source=source,
        )
    key = item["key"].encode("utf-8", "surrogateescape")
    if "value_hex" in item:
        text = item["value_hex"]
        try:
            if not isinstance(text, str):
                raise ValueError(text)
            return TxtEntry(key, bytes.fromhex(text))
        except ValueError:
            raise InputFormatError(
                f'{where} "value_hex" is not hex digits; write pairs such as "a301"', source=source
            ) from None
    value = item.get("value")
    if value is None:
        return TxtEntry(key, None)
    if not isinstance(value, str):
        raise InputFormatError(
            f'{where} "value" is a {type(value).__name__}, not text; write it as a JSON string '
            'or give bytes as "value_hex"',
            source=source,
        )
    return TxtEntry(key, value.encode("utf-8", "surrogateescape"))


def _mapping_entry(key: str, value: Any, source: str) -> TxtEntry:
    raw_key = key.encode("utf-8", "surrogateescape")
    if value is None or value is True:
        return TxtEntry(raw_key, None)
    if isinstance(value, bool | dict | list):
        raise InputFormatError(
            f"txt.{key} is a {type(value).__name__}; give text, a number, or null for a bare key",
            source=source,
        )
    text = value if isinstance(value, str) else json.dumps(value)
    return TxtEntry(raw_key, text.encode("utf-8", "surrogateescape"))


def read_built_json(data: bytes, *, source: str = "<json>") -> BuiltJson:
    """Parse one record file; ``InputFormatError`` naming the place to fix."""
    if len(data) > MAX_JSON_BYTES:
        raise InputFormatError(
            f"the record file is over {MAX_JSON_BYTES} bytes; a TXT record file is far smaller",
            source=source,
        )
    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputFormatError(
            f"not UTF-8 text (byte {exc.start}); a record file is JSON", source=source
        ) from None
    except json.JSONDecodeError as exc:
        raise InputFormatError(
            f"not JSON ({exc.msg}); give a file written by 'txtkeys build --format json'",
            source=source,
            line=exc.lineno,
            column=exc.colno,
        ) from None
    if not isinstance(doc, dict):
        raise InputFormatError(
            "the JSON is not an object; give a file written by 'txtkeys build --format json'",
            source=source,
        )
    service = doc.get("service")
    if service is not None and not isinstance(service, str):
        raise InputFormatError('"service" must be text such as "_wot._udp"', source=source)
    instance = doc.get("instance")
    if instance is not None and not isinstance(instance, str):
        raise InputFormatError('"instance" must be text or null', source=source)
    port = doc.get("port")
    if port is not None and (not isinstance(port, int) or isinstance(port, bool)):
        raise InputFormatError('"port" must be a number or null', source=source)
    txt = doc.get("txt")
    rdata_hex = doc.get("rdata_hex")
    if txt is None and rdata_hex is None:
        raise InputFormatError(
            'the file has neither "txt" nor "rdata_hex"; give the keys as '
            '"txt": [{"key": "td", "value": "/td"}]',
            source=source,
        )
    if rdata_hex is not None and not isinstance(rdata_hex, str):
        raise InputFormatError('"rdata_hex" must be a string of hex digits', source=source)
    if txt is None:
        assert rdata_hex is not None
        record = from_hex(rdata_hex, source=f"{source}: rdata_hex")
        return BuiltJson(service, instance, port, record, source)
    if isinstance(txt, list):
        entries = [_entry(item, n, source) for n, item in enumerate(txt)]
    elif isinstance(txt, dict):
        entries = [_mapping_entry(k, v, source) for k, v in txt.items()]
    else:
        raise InputFormatError(
            '"txt" must be a list of {"key", "value"} objects (or an object of key: value)',
            source=source,
        )
    if rdata_hex is not None:
        try:
            encoded = encode(entries).hex()
        except ValueError:
            encoded = None
        if encoded != "".join(rdata_hex.split()).lower():
            raise InputFormatError(
                '"txt" and "rdata_hex" disagree (one was edited without the other); rebuild '
                "the file with 'txtkeys build --format json', or remove \"rdata_hex\"",
                source=source,
            )
    return BuiltJson(service, instance, port, from_entries(entries), source)
