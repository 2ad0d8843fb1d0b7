"""Read registry excerpts pasted from IANA's web page: markdown pipe tables and plain text.

Pasted renderings lose information: markdown tables drop their empty cells, so
values shift left, and plain text runs every cell together with single spaces.
Columns are therefore recovered from what each value looks like, in column
order (a value may only fill a column to the right of the last one filled)::

    row        = [name] [number] [protocol] field*
    number     = port | port "-" port            (0..65535)
    protocol   = "tcp" | "udp" | "sctp" | "dccp"
    field      = persons | date | references | service-code | text
    persons    = bracket group of person ids   -> assignee, then contact
    references = bracket group with RFC/draft/other items, or after a date
    date       = YYYY-MM-DD | YYYY-MM          -> registration, then modification
    service-code = integer above 65535 on a dccp row
    text       = first free text -> description; text opening with "unauthori[sz]ed"
                 -> unauthorized use; any other later text -> assignment note

Two losses cannot be undone and are read by the registry's own majority rule:
a lone date is the registration date on a named row and the modification date
on a row without a name, or when it is a full date on a system port (below
1024: those were assigned before IANA recorded registration dates; the XML
agrees 70 to 22, and modification dates are never month-only); a lone person
group is both assignee and contact.
A row starts on a line whose first value is a port or range, or a service name
followed by a port, range or protocol (or, for names without a port, by
bracketed persons or references or a "Defined TXT keys:" note). Other lines continue
the row above, so in plain text a port-less row holding only a name and a description
joins the row before it (markdown keeps it: its cells are delimited).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import InputFormatError
from ._csv import split_brackets
from .records import Registry, RegistryRecord

__all__ = ["read_markdown", "read_plain_text"]

_PORT = re.compile(r"\d{1,5}(?:-\d{1,5})?")
_PROTOCOLS = frozenset({"tcp", "udp", "sctp", "dccp"})
_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")
_SERVICE_CODE = re.compile(r"\d{6,10}")
_SERVICE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+*./-]*")
_BRACKETS = re.compile(r"(?:\[[^\[\]]*\])+")
_REFERENCE_ITEM = re.compile(r"(?:RFC|BCP|STD|FYI)-?\d|RFC-|draft-|\d+$|[a-z]+://", re.IGNORECASE)
_PERSON_ITEM = re.compile(r"[\w.&'-]+")
_UNAUTHORIZED = re.compile(r"(?:known\s+)?unauthori[sz]ed\b", re.IGNORECASE)
_NOTE_OPENINGS = re.compile(
    r"defined txt keys\b|this entry is an alias\b|this is a duplicate\b", re.IGNORECASE
)
_LAST_UPDATED = re.compile(r"[-\s]*last updated\s*", re.IGNORECASE)
_TEXT_HEADER = "Service Name Port Number Transport Protocol"
_MARKDOWN_HEADER = re.compile(r"\|?\s*Service Name\s*\|\s*Port Number\s*\|")
_SEPARATOR = re.compile(r"\|?\s*:?-{3,}")
_END_OF_TABLE = re.compile(r"[-#*\s]*contact information\s*", re.IGNORECASE)

_COLUMNS = (
    "name",
    "number",
    "protocol",
    "description",
    "assignee",
    "contact",
    "registered",
    "modified",
    "reference",
    "service_code",
    "unauthorized",
    "note",
)
_AT = {column: index for index, column in enumerate(_COLUMNS)}


@dataclass
class _Row:
    """Values of one row as they are recognised, before lone dates and persons are placed."""

    line: int
    values: dict[str, str] = field(default_factory=dict)
    persons: list[tuple[str, ...]] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    last: int = -1  # index in _COLUMNS of the rightmost column filled

    notes: list[str] = field(default_factory=list)  # joined once: += would be quadratic

    def put(self, column: str, value: str) -> None:
        if column == "note":
            self.notes.append(value)
            self.values.setdefault("note", value)
        else:
            self.values[column] = value
        self.last = max(self.last, _AT[column])

    def record(self) -> RegistryRecord:
        values = self.values
        registered = modified = None
        if len(self.dates) >= 2:
            registered, modified = self.dates[0], self.dates[1]
        elif self.dates:
            full_date = len(self.dates[0]) == 10  # modification dates are always full
            if "name" in values and not (full_date and _system_port(values.get("number"))):
                registered = self.dates[0]
            else:
                modified = self.dates[0]
        assignees: tuple[str, ...] = ()
        contacts: tuple[str, ...] = ()
        if len(self.persons) >= 2:
            assignees, contacts = self.persons[0], self.persons[1]
        elif self.persons:
            assignees = contacts = self.persons[0]
        return RegistryRecord(
            name=values.get("name"),
            number=values.get("number"),
            protocol=values.get("protocol"),
            description=values.get("description"),
            assignees=assignees,
            contacts=contacts,
            registered=registered,
            modified=modified,
            references=tuple(self.references),
            service_code=values.get("service_code"),
            unauthorized=values.get("unauthorized"),
            note=" ".join(self.notes) if self.notes else None,
            line=self.line,
        )


def read_markdown(text: str, source: str) -> Registry:
    """Read a pasted markdown pipe table, with or without leading pipes."""
    lines = [line.rstrip() for line in text.splitlines()]
    header = _find_header(lines, source, "markdown", lambda s: bool(_MARKDOWN_HEADER.match(s)))
    blocks = _row_blocks(lines, header + 1, _markdown_row_start)
    records = []
    for start, block in blocks:
        cells = [cell.strip() for cell in "\n".join(block).split("|")]
        records.append(_assign_cells([cell for cell in cells if cell], start).record())
    return Registry(tuple(records), _updated(lines[:header]), "markdown", source)


def read_plain_text(text: str, source: str) -> Registry:
    """Read a pasted plain-text table whose cells are run together with single spaces."""
    lines = [line.rstrip() for line in text.splitlines()]
    header = _find_header(lines, source, "text", lambda s: s.startswith(_TEXT_HEADER))
    blocks = _row_blocks(lines, header + 1, _text_row_start)
    records = [_assign_tokens("\n".join(block).strip(), start).record() for start, block in blocks]
    return Registry(tuple(records), _updated(lines[:header]), "text", source)


def _find_header(lines: list[str], source: str, kind: str, is_header: Callable[[str], bool]) -> int:
    for index, line in enumerate(lines):
        if is_header(line.strip()):
            return index
    raise InputFormatError(
        f"no column header found in this pasted {kind} registry: expected a line starting "
        "'Service Name | Port Number |' (markdown) or 'Service Name Port Number Transport "
        "Protocol' (plain text); paste the table together with its header line",
        source=source,
        line=1,
    )


def _updated(header_lines: list[str]) -> str | None:
    for index, line in enumerate(header_lines):
        if _LAST_UPDATED.fullmatch(line):
            for following in header_lines[index + 1 : index + 3]:
                candidate = following.strip(" -\t")
                if _DATE.fullmatch(candidate):
                    return candidate
    return None


def _row_blocks(
    lines: list[str], first: int, is_row_start: Callable[[str], bool]
) -> list[tuple[int, list[str]]]:
    """Group physical lines into rows: (1-based start line, lines of the row)."""
    blocks: list[tuple[int, list[str]]] = []
    for index in range(first, len(lines)):
        line = lines[index]
        stripped = line.strip()
        if _END_OF_TABLE.fullmatch(stripped):
            break
        if not blocks and (not stripped or _SEPARATOR.match(stripped)):
            continue
        if stripped and is_row_start(stripped):
            blocks.append((index + 1, [line]))
        elif blocks:
            blocks[-1][1].append(line)
    return blocks


def _markdown_row_start(line: str) -> bool:
    if "|" not in line:
        return False
    cells = [cell.strip() for cell in line.removeprefix("|").split("|")]
    first = cells[0]
    if _PORT.fullmatch(first):
        return True
    filled = [cell for cell in cells if cell]
    return bool(_SERVICE_NAME.fullmatch(first)) and len(filled) >= 2


def _text_row_start(line: str) -> bool:
    tokens = line.split()
    if _PORT.fullmatch(tokens[0]):
        return True
    if not _SERVICE_NAME.fullmatch(tokens[0]) or len(tokens) < 2:
        return False
    second = tokens[1]
    if _PORT.fullmatch(second) or second in _PROTOCOLS:
        return True
    rest = " ".join(tokens[1:])
    if _NOTE_OPENINGS.match(rest) and rest.lower().startswith("defined txt keys"):
        return True
    # Without port or protocol, bracketed persons (or, after an all-lowercase name,
    # any bracketed value) mark a new row; a bare "name description" line cannot be
    # told from a continued description and stays part of the row above.
    lowercase_name = tokens[0] == tokens[0].lower()
    return any(
        _BRACKETS.fullmatch(token) and (lowercase_name or _persons(split_brackets(token)))
        for token in tokens[2:]
    )


def _persons(items: tuple[str, ...]) -> bool:
    return bool(items) and all(
        _PERSON_ITEM.fullmatch(item) and not _REFERENCE_ITEM.match(item) for item in items
    )


def _assign_cells(cells: list[str], line: int) -> _Row:
    """Markdown: each cell is one value; its shape says which column it fills."""
    row = _Row(line)
    for position, cell in enumerate(cells):
        if position == 0 and not _PORT.fullmatch(cell):
            row.put("name", cell)
            continue
        if _place_structured(row, cell):
            continue
        _place_text(row, cell)
    return row


def _place_structured(row: _Row, value: str) -> bool:
    """Put a value with a recognisable shape in its column; False when it is free text."""
    if row.last < _AT["number"] and _PORT.fullmatch(value) and int(value.partition("-")[0]) < 65536:
        row.put("number", value)
        return True
    if row.last < _AT["protocol"] and value in _PROTOCOLS:
        row.put("protocol", value)
        return True
    if _DATE.fullmatch(value) and row.last < _AT["modified"] and len(row.dates) < 2:
        row.dates.append(value)
        row.last = max(row.last, _AT["registered"])
        return True
    if (
        row.values.get("protocol") == "dccp"
        and row.last < _AT["service_code"]
        and _SERVICE_CODE.fullmatch(value)
    ):
        row.put("service_code", value)
        return True
    if _BRACKETS.fullmatch(value):
        items = split_brackets(value)
        if row.last < _AT["registered"] and len(row.persons) < 2 and _persons(items):
            row.persons.append(items)
            row.last = max(row.last, _AT["assignee"])
        elif row.last < _AT["service_code"]:
            row.references.extend(items)
            row.last = max(row.last, _AT["reference"])
        else:
            return False
        return True
    return False


def _place_text(row: _Row, text: str) -> None:
    if _UNAUTHORIZED.match(text) and row.last < _AT["unauthorized"]:
        row.put("unauthorized", text)
    elif row.last < _AT["description"] and not _NOTE_OPENINGS.match(text):
        row.put("description", text)
    else:
        row.put("note", text)


def _assign_tokens(text: str, line: int) -> _Row:
    """Plain text: split the row into values by token shape, then place them like cells.

    Runs of tokens with no structured shape are free text; the original spacing and
    line breaks inside a run are kept, so a description that continues over several
    lines reads as it does in the registry.
    """
    row = _Row(line)
    tokens = list(re.finditer(r"\S+", text))
    index = 0
    if tokens and not _PORT.fullmatch(tokens[0].group()):
        row.put("name", tokens[0].group())
        index = 1
    run_start: int | None = None  # offset where the current run of free text began
    run_end = 0

    def end_run() -> None:
        nonlocal run_start
        if run_start is not None:
            _place_text(row, text[run_start:run_end])
            run_start = None

    run_ends: dict[int, int] | None = None  # computed once, on the first open bracket
    while index < len(tokens):
        token = tokens[index]
        last_token = index
        value = token.group()
        if value.startswith("[") and not _BRACKETS.fullmatch(value):
            # A bracketed reference with spaces inside spans several tokens.
            if run_ends is None:
                run_ends = _bracket_run_ends(tokens)
            end = run_ends.get(index)
            # fullmatch with bounds, not on a slice: a slice per token would be quadratic.
            if end is not None and _BRACKETS.fullmatch(text, token.start(), tokens[end].end()):
                last_token = end
                value = text[token.start() : tokens[end].end()]
        in_note = row.last >= _AT["note"] or (
            run_start is not None and _NOTE_OPENINGS.match(text, run_start) is not None
        )
        if in_note:
            run_end = token.end()
        elif run_start is not None and _opens_new_text(text, token.start()):
            end_run()
            run_start, run_end = token.start(), token.end()
        elif (run_start is None or _can_end_text(row, value)) and _place_before_run(
            row, value, end_run
        ):
            index = last_token
        elif run_start is None:
            run_start, run_end = token.start(), token.end()
        else:
            run_end = token.end()
        index += 1
    end_run()
    return row


def _place_before_run(row: _Row, value: str, end_run: Callable[[], None]) -> bool:
    """Place a structured value, first closing the free-text run before it."""
    if not _fits_structured(row, value):
        return False
    end_run()
    return _place_structured(row, value)


def _fits_structured(row: _Row, value: str) -> bool:
    probe = _Row(row.line, dict(row.values), list(row.persons), [], list(row.dates), row.last)
    return _place_structured(probe, value)


def _can_end_text(row: _Row, value: str) -> bool:
    """Inside free text, ports and protocols are words; persons, references, dates end it."""
    if value in _PROTOCOLS or _PORT.fullmatch(value):
        return bool(row.values.get("protocol") == "dccp" and _SERVICE_CODE.fullmatch(value))
    return True


def _opens_new_text(text: str, offset: int) -> bool:
    """A note or unauthorized-use opening inside a run of free text starts a new value."""
    return bool(_NOTE_OPENINGS.match(text, offset) or _UNAUTHORIZED.match(text, offset))


def _bracket_run_ends(tokens: list[re.Match[str]]) -> dict[int, int]:
    """For each token opening with ``[``: the first token, from it on, that closes its brackets.

    That is the first token after which the count of ``[`` minus ``]``, counted from the
    opening token, is back to 0. One pass over the depth after each token, then one pass
    backwards remembering the nearest token at each depth: linear in the text, where
    scanning forward from every opening token is quadratic on ``"[a " * 8000``.
    """
    depths: list[int] = []
    depth = 0
    for token in tokens:
        value = token.group()
        depth += value.count("[") - value.count("]")
        depths.append(depth)
    ends: dict[int, int] = {}
    nearest: dict[int, int] = {}  # depth -> the lowest index seen so far (going backwards)
    for index in range(len(tokens) - 1, -1, -1):
        nearest[depths[index]] = index
        if tokens[index].group().startswith("["):
            found = nearest.get(depths[index - 1] if index else 0)
            if found is not None:
                ends[index] = found
    return ends


def _system_port(number: str | None) -> bool:
    """A port (or range) below 1024; such rows predate recorded registration dates."""
    low = (number or "").partition("-")[0]
    return low.isdigit() and int(low) < 1024
