"""Record-style layouts: keys written one record a row or a block of lines.

A body of this kind lists its keys as rows cut by ``;`` or a line end (slash rows), as
blocks of labelled field lines (field records), as key lines over the indented lines
describing them (a definition list), or as ``key:type`` pairs. Each layout is a pyparsing
rule built from the tokens below: the rule says where a row ends, which row is a heading,
which lines belong to which key and how far an indented block reaches; a function over
its results builds the entries; words are caseless keywords, and regular expressions are
only tokens (a key, a row's or a line's text, a key line's shape). Every repetition is bounded
(``MAX_SEGMENTS`` rows, ``MAX_KEYS`` keys) and none can take its neighbour's text, so time
stays linear in the body.

    slash-rows  = [ slash-heading ] , { row-end } ,
                  [ slash-line , { row-end , { row-end } , slash-line } ] ;
    row-end     = ";" | newline ;
    slash-heading = ( "key" | "name" | "field" ) , "/" , column-word , "/" , column-word ,
                  ( ":" | ";" ) ;                     (* at the start of the body only *)
    slash-line  = heading-row | slash-row | row-text ;
    heading-row = record-label , "/" , need , "/" , row-text ;   (* the text names a column *)
    slash-row   = key-name , "/" , need , "/" , row-text ;
    record-label = "key" | "name" | "field" | "txtkey" ;
    need        = "yes" | "y" | "required" | "req" | "mandatory" | "m" | "must"
                | "no" | "n" | "o" | "opt" | "optional" | "may" ;
    row-text    = { any - ( ";" | newline ) } ;
    slash-pairs = { pair-end } , slash-pair , { pair-end , { pair-end } , slash-pair } ,
                  { pair-end } ;
    pair-end    = "," | ";" | newline ;
    slash-pair  = key-name , "/" , blanks , word , blanks , word , { blanks , word } ;
    field-records = [ line-break ] , field-record , { line-break , field-record } ,
                  [ line-break ] ;               (* past MAX_KEYS records a key-field ends it *)
    field-record = key-field , { line-break , field-line } ;
    key-field   = [ "-" ] , ( "key" | "name" | "field" ) , ":" , rest-of-line ;
    field-line  = [ "-" ] , field-word , ":" , rest-of-line ;
    line-break  = newline , { newline } ;              (* blank lines between *)
    definition-list = [ line-break ] , term , { line-break , term } ,
                  [ line-break , prose-line ] ;  (* past MAX_KEYS terms a term-head ends it *)
    term        = term-head , { line-break , ( sub-line | deeper-line ) } ;
    term-head   = key-line-shape ;                     (* no deeper than the key level *)
    deeper-line = text-line ;                          (* deeper than the key level *)
    typed-pairs = typed-pair , typed-pair , { [ "," | ";" ] , typed-pair } ;
    typed-pair  = key-name , ":" , type-name ;
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import pyparsing as pp

from .status import has_prose
from .tables import NEED, heading
from .tokens import (
    BULLET,
    KEY_CHARS,
    MAX_KEYS,
    MAX_SEGMENTS,
    at_start,
    inline,
    key_like,
    key_name,
    line_indent,
    token,
    words,
)
from .values import Entry, read_value

__all__ = [
    "INLINE_FIELD",
    "KEY_FIELD_LINE",
    "RECORD_FIELDS",
    "RECORD_NAME",
    "SUB_LABEL",
    "SUB_LINE",
    "definition_entries",
    "field_entries",
    "record_entry",
    "slash_entries",
    "type_name",
    "typed_entries",
]

CK = pp.CaselessKeyword


# Blanks inside one line: pyparsing's whitespace without the line end.
# Every blank ``str.strip`` removes, but the line end: what lies between rows.
_BLANKS = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c != "\n")


def _between(expr: pp.ParserElement) -> pp.ParserElement:
    """``expr`` skipping every blank but a line end before it (a row's lead)."""
    return expr.set_whitespace_chars(_BLANKS, copy_defaults=False)


# ------------------------------------------------------------------------------- tokens

_newline = _between(pp.Suppress("\n")).set_name("newline")
line_break = pp.OneOrMore(_newline).set_name("line break")  # blank lines between are no rows
row_end = _between(pp.Char(";\n").suppress()).set_name("row end")
pair_end = _between(pp.Char(",;\n").suppress()).set_name("pair end")
_key = inline(key_name.copy())
_slash = inline(pp.Suppress("/")).set_name("'/'")
_colon = inline(pp.Suppress(":")).set_name("':'")

# The words a slash row (as a Required column) says a key's need with.
need = words(NEED).set_name("need")

# The label of a record's key field: {"key": "ver", ...}, "Name: fw", "key / required / ...".
RECORD_NAME = frozenset({"key", "name", "field", "txtkey"})
RECORD_FIELDS = RECORD_NAME | frozenset(
    {
        "value",
        "values",
        "desc",
        "description",
        "meaning",
        "default",
        "type",
        "required",
        "optional",
        "example",
        "format",
        "mandatory",
        "comment",
        "notes",
    }
)
record_label = words(sorted(RECORD_NAME)).set_name("record label")


# --------------------------------------------------------------------------- slash rows

# "key / required / meaning: ver / yes / ...": the columns named, then the rows. The words
# may stand on other lines than the label ("\s" between them, as in any heading).
_SPACE = _BLANKS + "\n"
# Its label is a caseless pattern, not keywords: it takes the Kelvin sign for "k" and a
# dotted capital I for "i" ("FİELD" from a Turkish upper-casing), which ``str.upper`` does not.
_column_word = token("column word", r"(?i)\s*[a-z ?]{2,20}").leave_whitespace()
slash_heading = (
    token("slash heading label", r"(?i)(?:key|name|field)(?=\s*/)").set_whitespace_chars(_SPACE)
    + pp.Suppress("/").set_whitespace_chars(_SPACE)
    + _column_word
    + pp.Suppress("/").set_whitespace_chars(_SPACE)
    + _column_word
    + token("heading close", r"[:;]\s*").leave_whitespace()
).set_name("slash heading")

# "ver / required / protocol version": the text after the second slash runs to the row end.
_rest_of_row = token("rest of row", r"[^;\n]*").leave_whitespace()
slash_row = (
    _between(pp.Located(_key("key") + _slash + need("need") + _slash))("head")
    + _rest_of_row("desc")
).set_name("slash row")


def _heading_cell(tokens: pp.ParseResults) -> bool:
    return heading(str(tokens["desc"]).strip()) is not None


# "key / mandatory / description" over the rows: a heading row, not a key.
heading_row = (
    _between(pp.FollowedBy(record_label + _slash)) + slash_row.copy().add_condition(_heading_cell)
).set_name("slash heading row")
row_text = _between(token("row text", r"[^;\n]+")).set_name("row text")
slash_line = _between(
    pp.Group(heading_row("heading") | slash_row("row") | row_text("text"))
).set_name("slash line")
slash_rows = (
    pp.Opt(pp.Located(slash_heading).set_whitespace_chars(_SPACE)("heading"))
    + pp.ZeroOrMore(row_end)
    + pp.Group(pp.Opt(pp.DelimitedList(slash_line, delim=pp.OneOrMore(row_end), max=MAX_SEGMENTS)))(
        "rows"
    )
).set_name("slash rows")
slash_rows.parse_with_tabs()  # a row's tabs are read to its own tab stops (see _as_read)

# "lat / latitude in decimal degrees": a key, a spaced slash, then two or more words.
_pair_words = token(
    "pair words", r"[ \t\r]*[A-Za-z][^\s/,;]*+(?:[^\S\n]++[^\s/,;]++)+[^\S\n]*+"
).leave_whitespace()
slash_pair = (
    _between(pp.Located(_key("key") + inline(pp.Suppress(token("spaced slash", r"/[ \t]+")))))(
        "head"
    )
    + _pair_words("desc")
).set_name("slash pair")
slash_pairs = (
    pp.ZeroOrMore(pair_end)
    + pp.Group(
        pp.DelimitedList(pp.Group(slash_pair), delim=pp.OneOrMore(pair_end), max=MAX_SEGMENTS)
    )("pairs")
    + pp.ZeroOrMore(pair_end)
    + pp.Opt(_between(pp.StringEnd()).add_parse_action(pp.replace_with("end"))("end"))
).set_name("slash pairs")
slash_pairs.parse_with_tabs()

and_lead = token("and lead", r"^\s*" + KEY_CHARS + r"\s+(?:&|and)\s+" + KEY_CHARS + r"\b")
_NUMBER = token("number", r"\d+(?:\.\d+)*")


def _as_read(body: str, found: pp.ParseResults) -> str:
    """A row's text after its head, its tabs set to the row's own tab stops (rows were
    always read one at a time, from their first letter), without blanks around it."""
    head = body[found["head"]["locn_start"] : found["head"]["locn_end"]]
    rest = str(found["desc"])
    if "\t" not in head and "\t" not in rest:
        return rest.strip()
    return (head + rest).expandtabs()[len(head.expandtabs()) :].strip()


def _slash_pairs(body: str) -> list[Entry] | None:
    found = at_start(slash_pairs, body)
    if found is None or ("end" not in found and len(found["pairs"]) < MAX_SEGMENTS):
        return None  # a row that is no pair, before the rows read ran out
    out: list[Entry] = []
    for pair in found["pairs"]:
        if not key_like(str(pair["head"]["value"]["key"])):
            return None
        out.append(Entry(str(pair["head"]["value"]["key"]), description=[_as_read(body, pair)]))
    return out if len(out) >= 2 else None


def slash_entries(
    body: str, key_lead: Callable[[str], bool], segments: Callable[[str], list[Entry]]
) -> list[Entry] | None:
    """``key / required / meaning; key / optional / ...`` rows, or ``lat / latitude in
    degrees, lon / ...`` pairs. A row in another entry form (``key_lead`` says a row opens
    like an entry, ``and_lead`` joins two keys: "gz & br - ...") is read by ``segments``;
    any other row goes on the description of the key above it."""
    if body.count("/") < 2:
        return None
    found = slash_rows.parse_string(body)
    # "key / required / meaning: ver / yes / ...": the rows follow the heading
    rest = body[found["heading"]["locn_end"] :] if "heading" in found else body
    if " / " in rest and rest.count("/") == rest.count(" / "):
        pairs = _slash_pairs(rest)
        if pairs is not None:
            return pairs
    out: list[Entry] = []
    for line in found["rows"]:
        if "heading" in line and not out:
            continue  # "key / mandatory / description": the heading row
        if "text" in line:
            row = str(line["text"]).strip()
            if out and (key_lead(row) or and_lead.re.match(row)):
                # "host (required) - ...", "gz & br - ...": a row in another entry form
                more = [e for e in segments(row) if e.name not in {o.name for o in out}]
                if more:
                    out += more
                    continue
            if out:
                out[-1].description.append(row)
                continue
            return None
        key = str(line["head"]["value"]["key"])
        entry = Entry(key, description=[_as_read(body, line)])
        if _NUMBER.re.fullmatch(entry.description[0]):
            entry.value, entry.description = entry.description[0], []  # "txtvers/required/1"
        entry.optional = NEED.get(str(line["head"]["value"]["need"]).lower())
        out.append(entry)
    return out or None


# -------------------------------------------------------------------------- field records

FIELD_WORDS = [
    "key",
    "name",
    "field",
    "value",
    "values",
    "choices",
    "desc",
    "description",
    "meaning",
    "default",
    "type",
    "format",
    "required",
    "optional",
    "mandatory",
    "example",
    "notes",
    "note",
    "comment",
]
_KEY_WORDS = ["key", "name", "field"]
# "Key: txtvers", "- name: fw", "value: 1": one labelled field of a record, to its line end.
_dash = inline(pp.Suppress(token("dash", r"-(?=[ \t])")))
_rest_of_line = inline(token("rest of line", r"[^\n]*"))


def _names_a_key(tokens: pp.ParseResults) -> bool:
    return key_like(str(tokens["v"]).strip().strip("\"'`"))


key_field = inline(
    pp.Group(pp.Opt(_dash) + words(_KEY_WORDS)("f") + _colon + _rest_of_line("v"))
).set_name("key field")
key_field.add_condition(lambda t: _names_a_key(t[0]))
field_line = inline(
    pp.Group(
        pp.Opt(_dash)
        + words([w for w in FIELD_WORDS if w not in _KEY_WORDS])("f")
        + _colon
        + _rest_of_line("v")
    )
).set_name("field line")
field_record = pp.Group(
    key_field("key") + pp.Group(pp.ZeroOrMore(line_break + field_line))("fields")
).set_name("field record")
field_records = (
    pp.Opt(line_break)
    + pp.Group(pp.DelimitedList(field_record, delim=line_break, max=MAX_KEYS))("records")
    # past MAX_KEYS records the next key ends the reading
    + (pp.FollowedBy(line_break + key_field) | pp.Opt(line_break) + _between(pp.StringEnd()))
).set_name("field records")
field_records.leave_whitespace(recursive=False)  # the first line keeps its lead

KEY_FIELD_LINE = token("key field line", r"(?i)\s*(?:key|name)[ \t]*:[ \t]*\S")
# "Key: ver  Value: protocol version": a record's fields run together on one line.
INLINE_FIELD = token(
    "inline field",
    r"(?i)(?<=\S)[ \t]{2,}(?=(?:value|values|description|desc|meaning|type|default)[ \t]*:)",
)
# The start of a line that holds more than blanks.
_TEXT_LINE_START = token("text line start", r"(?m)^[^\S\n]*+\S")


def field_entries(body: str) -> list[Entry] | None:
    """``Key: txtvers`` / ``Value: "1"`` blocks, or YAML ``- name: fw`` / ``desc: ...``:
    each key described by labelled fields on its own lines."""
    lines = len(_TEXT_LINE_START.re.findall(body))
    if lines < 3 or lines > 8 * MAX_SEGMENTS:
        return None
    found = at_start(field_records, body)  # a line's tabs read as spaces to its tab stops
    if found is None:
        return None
    records: list[dict[str, str]] = []
    for record in found["records"]:
        fields = {"key": str(record["key"]["v"]).strip().strip("\"'`")}
        for field in record["fields"]:
            fields[str(field["f"]).lower()] = _unquote_value(str(field["v"]).strip())
        records.append(fields)
    return [record_entry(r) for r in records] if len(records) >= 2 else None


_QUOTED_VALUE = token("quoted value", r"[\"'`]([^\"'`]*)[\"'`]")


def _unquote_value(value: str) -> str:
    """``"1"`` is the literal 1; a quoted phrase inside a sentence keeps its quotes."""
    m = _QUOTED_VALUE.re.fullmatch(value)
    return m.group(1) if m else value


_RECORD_VALUE = token("record value", r"<[^<>]+>|[\w.+-]+|[\w.+-]+(?:\|[\w.+-]+)+")


def record_entry(fields: dict[str, str]) -> Entry:
    """One key described by named fields: key/name, value, desc, default, type, required."""
    name = next(fields[f] for f in ("key", "name", "field", "txtkey") if f in fields)
    value = fields.get("value") or fields.get("values") or fields.get("choices")
    listed = fields.get("values") or fields.get("choices")
    if value and _RECORD_VALUE.re.fullmatch(value):
        entry = read_value(name, value)
    elif listed and value == listed:  # "Values: metric, imperial": the values it takes
        entry = Entry(name, description=[f"(Values: {listed})"])
    else:
        entry = Entry(name, description=[value] if value else [])
    for f in ("desc", "description", "meaning", "comment", "notes", "example"):
        if fields.get(f):
            entry.description.append(fields[f])
    if fields.get("default"):
        entry.description.append(f"(default: {fields['default']})")
    if fields.get("type") or fields.get("format"):
        entry.stated = fields.get("type") or fields.get("format")
    stated_need = fields.get("required") or fields.get("mandatory")
    if stated_need:
        entry.optional = NEED.get(stated_need.lower().strip())
        if stated_need.lower() in {"true", "false"}:
            entry.optional = stated_need.lower() == "false"
    elif fields.get("optional"):
        entry.optional = fields["optional"].lower() in {"true", "yes", "y"}
    return entry


# ------------------------------------------------------------------------ definition lists

# "role", "- mode (optional)", "mdl=<model code>", "port:": a key alone on its line.
_DEF_HEAD = token(
    "def head",
    r"(?P<i>[ \t]*)(?:" + BULLET + r"[ \t]+)?[\"'`]?(?P<k>" + KEY_CHARS + r")[\"'`]?"
    r"(?:[ \t]*[(\[](?P<m>required|optional|mandatory|req|opt)\.?[)\]])?[ \t]*"
    r"(?::[ \t]*|==?[ \t]*(?P<v><[^<>\n]{1,200}>|[^\s=<][^\s]{0,100})[ \t]*)?",
    re.I,
)
# "Type: integer", "Range: 1-64", "Default: pcm", "Values: a | b": a labelled sub-line that
# says one thing about the key above it (a man page, a spec sheet), never a key itself.
SUB_LABEL = token(
    "sub label",
    r"(?i)[ \t]*(?:[-*+][ \t]+)?(?P<l>(?:data\s+|value\s+)?type|format|range|units?|length"
    r"|size|default(?:\s+value)?|(?:allowed\s+|possible\s+|valid\s+)?values?|choices|example"
    r"|min(?:imum)?|max(?:imum)?|presence)[ \t]*:[ \t]*(?P<v>\S[^\n]*)",
)
SUB_LINE = token("sub line", r"(?im)^[ \t]+(?:[-*+][ \t]+)?(?:type|values?|range|default)[ \t]*:")
# A need word alone on a line ("MANDATORY" over indented lines) heads keys; it is no key.
_NEED_HEADS = frozenset({"required", "mandatory", "optional"})

# One line that holds more than blanks, from its first column (its indent is read).
text_line = token("text line", r"[^\S\n]*+\S[^\n]*").leave_whitespace()
_text_lines = (
    (pp.Opt(line_break) + pp.ZeroOrMore(text_line + pp.Opt(line_break)))
    .leave_whitespace(recursive=False)
    .parse_with_tabs()
)


def _head(line: str) -> re.Match[str] | None:
    return _DEF_HEAD.re.fullmatch(line.rstrip())


def _need_head(line: str) -> bool:
    head = _head(line)
    return head is not None and head["k"].lower() in _NEED_HEADS


def _sub(line: str) -> re.Match[str] | None:
    return SUB_LABEL.re.fullmatch(line.rstrip())


@lru_cache(maxsize=8)
def _key_level(text: str) -> int:
    """The indent of the keys of a definition list: that of its first line when that is
    indented, else that of the least indented later line that is a key alone (the body
    was stripped, so the first key may have lost its indent)."""
    lines = [str(ln) for ln in _text_lines.parse_string(text)]
    if not lines or lines[0][:1].isspace():
        return line_indent(lines[0]) if lines else 0
    heads = [line_indent(ln) for ln in lines[1:] if (h := _head(ln)) and key_like(h["k"])]
    return min(heads) if heads else 0


def _at_level(text: str, line: str) -> bool:
    head = _head(line)
    return (
        head is not None
        and line_indent(line) <= _key_level(text)
        and key_like(head["k"])
        and head["k"].lower() not in _NEED_HEADS
    )


def _remark(line: str) -> str | None:
    """A labelled sub-line as a parenthesised remark on the key: "(Type: integer)"."""
    m = _sub(line)
    return f"({m['l']}: {m['v'].strip().rstrip('.')})" if m else None


# Each line rule reads a whole line; its result is what the line says of the key.
term_head = text_line.copy().add_condition(lambda s, _loc, t: _at_level(s, t[0]))
term_head.add_parse_action(lambda t: [_head(t[0])]).set_name("term head")  # the key line's shape
sub_line = text_line.copy().add_condition(lambda t: _sub(t[0]) is not None)
sub_line.add_parse_action(lambda t: _remark(t[0])).set_name("sub line")
deeper_line = text_line.copy().add_condition(
    lambda s, _loc, t: line_indent(t[0]) > _key_level(s) and not _need_head(t[0])
)
deeper_line.add_parse_action(lambda t: t[0].strip()).set_name("deeper line")
# A closing paragraph of prose after the list: the list ends there.
prose_line = text_line.copy().add_condition(
    lambda t: has_prose(t[0]) and not key_like(t[0].strip()) and not _need_head(t[0])
)
prose_line.set_name("prose line")
term = pp.Group(
    term_head("key")
    + pp.Group(pp.ZeroOrMore(line_break + pp.Group(sub_line("sub") | deeper_line("more"))))("lines")
).set_name("term")
definition_list = (
    pp.Opt(line_break)
    + pp.Group(pp.DelimitedList(term, delim=line_break, max=MAX_KEYS))("terms")
    + (
        pp.Opt(line_break) + _between(pp.StringEnd())
        | pp.FollowedBy(line_break + term_head)  # past MAX_KEYS keys the next ends the list
        | pp.FollowedBy(line_break + prose_line)
    )
).set_name("definition list")
definition_list.leave_whitespace(recursive=False).parse_with_tabs()  # indents are read


def definition_entries(body: str) -> list[Entry] | None:
    """A key alone on its line, its description on the indented lines below::

    role
        Either "hub" or "spoke".
        Default: hub
    """
    count = len(_TEXT_LINE_START.re.findall(body))
    if count < 3 or count > 4 * MAX_SEGMENTS:
        return None
    found = at_start(definition_list, body)
    if found is None:
        return None
    out: list[Entry] = []
    for item in found["terms"]:
        head: re.Match[str] = item["key"]
        entry = read_value(head["k"], head["v"]) if head["v"] else Entry(head["k"])
        if head["m"]:
            entry.optional = head["m"].lower().startswith("o")
        for line in item["lines"]:
            if "sub" in line:  # "Type: integer" under the key, indented or not
                entry.description.append(str(line["sub"]))
            elif entry.description:  # the description goes on
                entry.description[-1] += " " + str(line["more"])
            else:
                entry.description.append(str(line["more"]))
        out.append(entry)
    described = sum(bool(e.description) for e in out)
    return out if len(out) >= 2 and described >= max(2, len(out) // 2) else None


# ---------------------------------------------------------------------------- typed pairs

# "id:uuid name:string port:uint16 tls:bool": each key joined to its type by a colon, no
# space between; the types are not keys.
type_name = pp.Regex(
    r"(?i)(?:u?int(?:8|16|32|64)?|integer|string|str|text|bool(?:ean)?|number|float|double"
    r"|decimal|uuid|url|uri|hex|mac|ipv?[46]?|host(?:name)?|version|path|binary|bytes|base64"
    r"|enum|flag)(?![\w.-])"
).set_name("type name")
typed_pair = pp.Group(
    key_name("k")
    + pp.Suppress(pp.Literal(":").leave_whitespace())
    + type_name.copy().leave_whitespace()("t")
).set_name("typed pair")
typed_pairs = pp.DelimitedList(typed_pair, delim=pp.Optional(pp.one_of(", ;")), min=2).set_name(
    "typed pairs"
)


def typed_entries(body: str) -> list[Entry] | None:
    """Keys each joined to a stated type by a colon (see above), or None."""
    text = body.strip().rstrip(".")  # the sentence's full stop closes the last type
    if ":" not in text or "=" in text or len(text) > 1_000:
        return None
    try:
        found = typed_pairs.parse_string(text, parse_all=True)
    except pp.ParseException:
        return None
    pairs = [(str(p["k"]), str(p["t"])) for p in found]
    if not all(key_like(k) for k, _ in pairs):
        return None
    return [Entry(k, stated=t) for k, t in pairs]
