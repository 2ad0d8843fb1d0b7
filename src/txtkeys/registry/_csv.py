"""Read IANA's CSV rendering of the registry.

The CSV has one header line and twelve columns; cells may be quoted and span
lines (notes keep their line breaks). Person and reference cells hold bracketed
items, ``[Jon_Postel]`` or ``[RFC4727][RFC6335]``, which become tuple items
without the brackets (see ``txtkeys.registry.read`` for the shared conventions).
"""

from __future__ import annotations

import csv
import io

from ..errors import InputFormatError
from .records import Registry, RegistryRecord

__all__ = ["CSV_HEADER", "read_csv", "split_brackets"]

CSV_HEADER = (
    "Service Name",
    "Port Number",
    "Transport Protocol",
    "Description",
    "Assignee",
    "Contact",
    "Registration Date",
    "Modification Date",
    "Reference",
    "Service Code",
    "Unauthorized Use Reported",
    "Assignment Notes",
)


def read_csv(text: str, source: str) -> Registry:
    """Read every row after the header; a row with the wrong cell count is an error."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputFormatError(
            f"the CSV header cannot be read: {exc}", source=source, line=1
        ) from None
    if header is None or tuple(cell.strip() for cell in header) != CSV_HEADER:
        first_line = text.split("\n", 1)[0].rstrip("\r")
        raise InputFormatError(
            "not a registry CSV: expected the IANA CSV header 'Service Name,Port Number,"
            "Transport Protocol,...,Assignment Notes' on the first line"
            + _header_difference(header),
            source=source,
            line=1,
            column=_header_column(first_line),
            text_line=first_line,
        )
    records: list[RegistryRecord] = []
    row_start = reader.line_num + 1
    while True:
        try:
            row = next(reader, None)
        except csv.Error as exc:
            raise InputFormatError(
                f"broken CSV quoting ({exc}); check for a stray '\"' in this row",
                source=source,
                line=row_start,
            ) from None
        if row is None:
            break
        if not row or (len(row) == 1 and not row[0].strip()):
            row_start = reader.line_num + 1
            continue
        if len(row) != len(CSV_HEADER):
            raise InputFormatError(
                f"this row has {len(row)} cells; a registry row has {len(CSV_HEADER)} "
                "(quote cells that contain commas)",
                source=source,
                line=row_start,
                column=1,
                text_line=_physical_line(text, row_start),
            )
        records.append(_record(row, row_start))
        row_start = reader.line_num + 1
    return Registry(records=tuple(records), updated=None, format="csv", source=source)


def _record(row: list[str], line: int) -> RegistryRecord:
    (
        name,
        number,
        protocol,
        description,
        assignee,
        contact,
        registered,
        modified,
        reference,
        service_code,
        unauthorized,
        note,
    ) = (cell.strip() or None for cell in row)
    return RegistryRecord(
        name=name,
        number=number,
        protocol=protocol,
        description=description,
        assignees=split_brackets(assignee),
        contacts=split_brackets(contact),
        registered=registered,
        modified=modified,
        references=split_brackets(reference),
        service_code=service_code,
        unauthorized=unauthorized,
        note=note,
        line=line,
    )


def split_brackets(cell: str | None) -> tuple[str, ...]:
    """``[A][B C]`` -> ("A", "B C"); text outside brackets is an item of its own.

    Whitespace inside an item is collapsed to single spaces: references and person
    ids are one-line values in every rendering.
    """
    if not cell:
        return ()
    items: list[str] = []
    depth = 0
    current: list[str] = []
    for char in cell:
        if char == "[":
            if depth == 0:
                _flush(current, items)
            else:
                current.append(char)
            depth += 1
        elif char == "]" and depth > 0:
            depth -= 1
            if depth == 0:
                _flush(current, items)
            else:
                current.append(char)
        else:
            current.append(char)
    _flush(current, items)
    return tuple(items)


def _flush(current: list[str], items: list[str]) -> None:
    item = " ".join("".join(current).split())
    if item:
        items.append(item)
    current.clear()


def _header_difference(header: list[str] | None) -> str:
    if not header:
        return "; the input is empty"
    for position, (found, wanted) in enumerate(zip(header, CSV_HEADER, strict=False), start=1):
        if found.strip() != wanted:
            return f"; column {position} is {found.strip()!r}, expected {wanted!r}"
    return f"; found {len(header)} columns, expected {len(CSV_HEADER)}"


def _header_column(first_line: str) -> int:
    wanted = ",".join(CSV_HEADER)
    for index, (found, expected) in enumerate(zip(first_line, wanted, strict=False)):
        if found != expected:
            return index + 1
    return min(len(first_line), len(wanted)) + 1


def _physical_line(text: str, line: int) -> str | None:
    lines = text.split("\n", line)
    return lines[line - 1].rstrip("\r") if len(lines) >= line else None
