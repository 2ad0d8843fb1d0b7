"""Code-like layouts: keys written as a JSON object or as C-like declarations.

A body of this kind pastes code: an object (``{"v": "1", "id": "<uuid>"}``, a dict in a
program, ``[{"key": "ver", "value": "1"}, ...]`` records) or typed fields (``uint8 ver;
uint32 serial; char[16] alias; bool locked``, a ``// comment`` describing one, braces or
a label around them). Each layout is a pyparsing rule built from the tokens below: the
rule says where the object starts, which text is a pair, a value or a comment, and where
one declaration ends; a function over its results builds the entries. Regular
expressions are only tokens (a quoted key, a value's shape, a comment, a C type).

The pairs of an object are read where they stand: text that is no pair (a stray quote, a
missing comma, code around the object) is passed over up to the next place a pair can
start (a quoted key before a colon), so ``{"a": 1 "b": 2}`` holds two pairs. Every
repetition is bounded (``MAX_KEYS`` pairs and objects, ``MAX_SEGMENTS`` declarations, a
value's length) and no element can take its neighbour's text, so time stays linear.

    json-object = json-body ;                (* one pair or more; when the flat objects after
                                                the lead are record-objects, those are read *)
    json-body   = object-lead , pair-text ;
    object-lead = { any - "{" } ;                (* at most 300 characters, then a "{" *)
    pair-text   = [ other-text ] , { json-pair , [ other-text ] } ;  (* MAX_KEYS + 1 pairs *)
    other-text  = ( any - quote | quote - pair-start ) ,
                  { any - quote | quote - pair-start } ;    (* up to where a pair reads *)
    pair-start  = json-key , ":" , ( any - ( blank | "," | "}" | "]" | "#" | "[" ) | json-list ) ;
    json-pair   = json-key , ":" , json-value , [ pair-close ] , [ pair-comment ] ;
    json-key    = quote , key-name , quote ;
    json-value  = json-string | json-quoted | json-list | json-placeholder | nested-object
                | json-token ;
    json-string = '"' , { any - ( '"' | "\\" | newline ) | "\\" , any } , '"' ;  (* 200 *)
    json-quoted = "'" , { any - ( "'" | newline ) } , "'" ;                     (* 200 *)
    json-list   = "[" , { any - ( "[" | "]" | newline ) } , "]" ;              (* 200 *)
    json-placeholder = "<" , { any - ( "<" | ">" | newline ) } , ">" ;         (* 200 *)
    nested-object = "{" ;                        (* {"txt": {...}}: it holds the keys *)
    json-token  = { any - ( blank | "," | "{" | "}" | "[" | "]" | "#" ) } ;  (* 1 to 60 *)
    pair-close  = "," | "}" ;
    pair-comment = ( "#" | "//" ) , { any - newline } ;
    record-objects = flat-object , flat-object , { flat-object } ;   (* MAX_KEYS at most *)
    schema-object = "{" , { json-string , ":" , "{" , schema-word-pairs , "}" } , "}" ;
                  (* a JSON Schema excerpt, or its "properties": each property is a key *)
    flat-object = "{" , { any - ( "{" | "}" ) } , "}" ;  (* 2,000; read by object-pairs *)
    object-pairs = [ other-text ] , { json-pair , [ other-text ] } ;   (* every pair *)
    c-declarations = open-wrap , declaration-rows , [ close-wrap ] ;
                  (* 2,000; no "=" outside the comments *)
    open-wrap   = [ label-word , { label-word } , ":" ] ,
                  [ [ "typedef" ] , "struct" , [ word ] , "{" ] ;  (* at the start *)
    close-wrap  = "}" , [ word ] , [ ";" ] , [ "." ] ;            (* at the end *)
    declaration-rows = { row-end } , declaration ,
                  { row-end , { row-end } , ( comment-line | declaration ) } ,
                  { row-end } ;                  (* 2 to MAX_SEGMENTS rows *)
    declaration = c-type , declared-key , [ array-size ] , [ comment ] ;
    c-type      = [ "unsigned" | "signed" | "const" ] , ( "uint8" | "uint16_t" | "int" | ...
                | "char" , [ "[" , digits , "]" | "*" ] | "bool" | "float" | "string" | ... ) ;
    declared-key = key-name ;
    array-size  = "[" , digits , "]" ;
    comment     = ( "//" | "#" | "--" | "/*" ) , { any - ( ";" | newline ) } ;
    comment-line = comment ;                     (* it describes the key above it *)
"""

from __future__ import annotations

import json
import re
from itertools import islice

import pyparsing as pp

from .records import RECORD_FIELDS, RECORD_NAME, record_entry, row_end
from .tokens import KEY_CHARS, MAX_KEYS, MAX_SEGMENTS, STOPWORDS, bare, key_like, key_name, token
from .values import Entry, read_value

__all__ = ["c_declarations", "json_object"]

# Every blank ``str.strip`` removes (the ``\s`` of a pattern), line ends too.
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
# The same but the line end: what a declaration row skips before it starts or ends.
_BLANKS = _SPACES.replace("\n", "")
# Blanks inside one line (tabs, spaces): what a pair's close and comment skip.
_LINE_BLANKS = " \t"


def _unskipped(expr: pp.ParserElement) -> pp.ParserElement:
    """``expr`` skipping nothing before it, its parts still skipping their own blanks."""
    return expr.leave_whitespace(recursive=False)


def _skipping(expr: pp.ParserElement, blanks: str) -> pp.ParserElement:
    """``expr`` skipping ``blanks`` (and nothing else) before it."""
    return expr.set_whitespace_chars(blanks, copy_defaults=False)


# --------------------------------------------------------------------------- JSON objects

# The first "{" must stand within this many characters of the body's start.
MAX_LEAD = 300
# A flat object longer than this is not read as a record.
MAX_OBJECT = 2_000

# Where a pair can start: a quoted key, a colon, then the first character a value can
# start with (a list must close: no other value starts with "[").
_PAIR_START = r"[\"']" + KEY_CHARS + r"[\"']\s*:\s*(?:[^\s,}\]#\[]|\[[^\[\]\n]{0,200}\])"

object_lead = token("object lead", rf"[^{{]{{0,{MAX_LEAD}}}(?=\{{)")
object_lead.leave_whitespace()
# Text that is no pair: every character up to the next place a pair can start (a quote
# that opens no pair is an ordinary character). Taken whole.
other_text = (
    bare(token("other text", r"(?s)(?:[^\"']++|(?!" + _PAIR_START + r")[\"'])++"))
    .suppress()
    .set_name("other text")
)

json_key = bare(token("JSON key", r"[\"'](?P<name>" + KEY_CHARS + r")[\"']"))
json_key.set_parse_action(lambda t: t["name"])
# The colon between a key and its value, with the blanks (line ends too) around it.
_colon = bare(token("colon", r"\s*:\s*")).suppress()

json_string = token("JSON string", r"\"(?:[^\"\\\n]|\\.){0,200}\"")
json_quoted = token("JSON quoted", r"'[^'\n]{0,200}'")
json_list = token("JSON list", r"\[[^\[\]\n]{0,200}\]")
json_placeholder = token("JSON placeholder", r"<[^<>\n]{1,200}>")
nested_object = token("nested object", r"\{")
# A number, true|false, a placeholder with no close, code ("socket.gethostname()").
json_token = token("JSON token", r"[^\s,{}\[\]#]{1,60}")
json_value = pp.MatchFirst(
    [json_string, json_quoted, json_list, json_placeholder, nested_object, json_token]
).set_name("JSON value")
json_value.leave_whitespace()  # the colon took the blanks before it
pair_close = _skipping(token("pair close", r"[,}]"), _LINE_BLANKS)
_comment_mark = _skipping(token("comment mark", r"#|//"), _LINE_BLANKS).suppress()
_comment_text = _skipping(token("comment text", r"[^\n]*"), _LINE_BLANKS)
pair_comment = (_comment_mark + _comment_text).set_name("pair comment")

json_pair = (
    json_key("key")
    + _colon
    + pp.Located(json_value)("value")
    + pp.Opt(pair_close)("end")
    + pp.Opt(pair_comment)("comment")
).set_name("JSON pair")
_unskipped(json_pair)

# A pair, then the text up to the next one.
_located_pair = _unskipped(pp.Group(pp.Located(json_pair)))
_pair_and_text = _unskipped(_located_pair + pp.Opt(other_text))
object_pairs = _unskipped(pp.Opt(other_text) + pp.ZeroOrMore(_pair_and_text)).set_name(
    "object pairs"
)
object_pairs.parse_with_tabs()  # a value's tabs are its own
pair_text = _unskipped(
    pp.Opt(other_text) + pp.ZeroOrMore(_pair_and_text, max=MAX_KEYS + 1)
).set_name("pair text")
json_body = _unskipped(object_lead.suppress() + pair_text).set_name("JSON body").parse_with_tabs()

# "{...}" with no brace inside: one record of a list of records.
flat_object = token("flat object", rf"\{{[^{{}}]{{0,{MAX_OBJECT}}}\}}")

# "{"v": protocol version, ...}": a word, not code ("socket.gethostname()").
_PROSE_VALUE = token("prose value", r"[A-Za-z][a-z]+")
_LIST_ITEM = token("list item", r"\"([^\"]*)\"")
_CHOICE_MARK = token("choice mark", r"[<|]")
# "1", "true|false", "<true/false>": a value read as if it followed "key=".
_VALUE_WORD = token("value word", r"[\w.+-]+|<[^<>]+>|[\w.+-]+(?:[|/][\w.+-]+)+")


def _pairs(found: pp.ParseResults) -> list[tuple[int, pp.ParseResults]]:
    """The pairs a ``pair-text`` read: where each starts, and its results."""
    return [(pair["locn_start"], pair["value"]) for pair in found]


def _raw(pair: pp.ParseResults) -> str:
    """A pair's value as written."""
    return str(pair["value"]["value"][0])


def _record(obj: str) -> dict[str, str]:
    """The fields of a flat object, named in lower case; a later field wins."""
    fields: dict[str, str] = {}
    for _, pair in _pairs(object_pairs.parse_string(obj)):
        if (raw := _raw(pair)) != "{":
            fields[str(pair["key"]).lower()] = raw.strip("\"'")
    return fields


def _records(body: str, opened: int) -> list[Entry] | None:
    """``[{"key": "ver", "value": "1"}, ...]``: two or more flat objects whose every field
    is a record field, one of them naming the key; else None."""
    records: list[dict[str, str]] = []
    for m in islice(flat_object.re.finditer(body, opened), MAX_KEYS):
        fields = _record(m.group(0))
        if not (RECORD_NAME & set(fields) and set(fields) <= RECORD_FIELDS):
            return None
        records.append(fields)
    return [record_entry(r) for r in records] if len(records) >= 2 else None


def _entry(name: str, raw: str) -> Entry:
    """The key a pair's value describes: a string is read as if it followed ``key=``, a
    list of strings is the choices."""
    if raw.startswith("["):
        return Entry(name, choices=[m.group(1) for m in _LIST_ITEM.re.finditer(raw)])
    if raw[:1] in "\"'" and _CHOICE_MARK.re.search(raw):
        return read_value(name, raw[1:-1])  # "<uuid>", "on|off"
    if raw[:1] in "\"'":
        return read_value(name, '"' + raw[1:-1] + '"')  # '1' fixes 1
    if _VALUE_WORD.re.fullmatch(raw):
        return read_value(name, raw)  # "1" fixes 1; 1, true|false, <true/false>
    return Entry(name)  # socket.gethostname(): code, not a value


def json_object(body: str) -> list[Entry] | None:
    """``{"v": "1", "id": "<uuid>"}``, a dict in code (``props = {"ver": "1", ...}``) or a
    list of records (``[{"key": "ver", "value": "1"}, ...]``): a string value is read as
    if it followed ``key=``, a list of strings is the choices, an object holds the keys."""
    lead = object_lead.re.match(body)
    if lead is None:
        return None  # no "{" near the start
    if (records := _records(body, lead.end())) is not None:
        return records  # (a record holds a pair: the body does)
    if (schema := _schema_object(body, lead.end())) is not None:
        return schema
    pairs = _pairs(json_body.parse_string(body))
    if not pairs:
        return None
    out: list[Entry] = []
    for n, (_, pair) in enumerate(pairs):
        raw = _raw(pair)
        if raw == "{":
            continue  # {"txt": {...}}: an object holding the keys
        name = str(pair["key"])
        stop = pairs[n + 1][0] if n + 1 < len(pairs) else len(body)
        # the value and the text after it, up to the next pair
        said = body[pair["value"]["locn_start"] : stop].strip().rstrip("}").strip(" ,")
        described = " " in said and "\n" not in said and "end" not in pair
        if described and _PROSE_VALUE.re.fullmatch(raw):
            # {"v": protocol version, "r": role ("src"/"sink")}: a value described in words
            out.append(Entry(name, description=[said]))
            continue
        entry = _entry(name, raw)
        if "comment" in pair and (text := str(pair["comment"][0])):
            entry.description.append(text.strip())
        out.append(entry)
        if len(out) >= MAX_KEYS:
            break
    return out if out and all(key_like(e.name) for e in out) else None


# Words a JSON Schema uses for the facts of one property (all may stand in a property; the
# reader takes type, const, enum, default, maxLength, pattern, format and description).
_SCHEMA_WORDS = frozenset(
    {"type", "const", "enum", "default", "pattern", "maxLength", "minLength", "minimum"}
    | {"maximum", "description", "format", "examples"}
)


def _schema_object(body: str, start: int) -> list[Entry] | None:
    """``{"mdl": {"type": "string", "maxLength": 32}, "lp": {"type": "boolean"}}``: a JSON
    Schema excerpt; each property is a key, its schema words say what its value is."""
    end = body.rfind("}")
    if end <= start or end - start > MAX_DECLARED:
        return None
    try:
        found = json.loads(body[start : end + 1])
    except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
        return None
    if not isinstance(found, dict) or not found:
        return None
    if isinstance(found.get("properties"), dict):
        found = found["properties"]  # the whole schema: its properties are the keys
    props = list(found.items())[:MAX_KEYS]
    if not all(isinstance(p, dict) and p and set(p) <= _SCHEMA_WORDS for _, p in props):
        return None
    out: list[Entry] = []
    for name, prop in props:
        entry = Entry(str(name))
        if isinstance(prop.get("type"), str):
            entry.stated = prop["type"]
        if "const" in prop:
            entry.value, entry.quoted = _scalar(prop["const"]), True
        if isinstance(prop.get("enum"), list):
            entry.choices = [_scalar(v) for v in prop["enum"]]
        if "default" in prop:
            entry.default = _scalar(prop["default"])
        if isinstance(prop.get("maxLength"), int):
            entry.description.append(f"up to {prop['maxLength']} characters")
        for word in ("description", "format", "pattern"):
            if isinstance(prop.get(word), str):
                entry.description.append(prop[word])
        out.append(entry)
    return out if all(key_like(e.name) for e in out) else None


def _scalar(value: object) -> str:
    """A JSON scalar as TXT text: ``true`` is "true", ``1`` is "1"."""
    return json.dumps(value) if isinstance(value, bool) or value is None else str(value)


# -------------------------------------------------------------------- C-like declarations

# A body longer than this is not read as declarations.
MAX_DECLARED = 2_000
# Blanks between the words of one declaration (a tab too: a row is read to its tab stops).
_IN_ROW = " \t\r"

# "int", "char", "bool", "float", "double": a body without one holds no declarations.
_C_TYPE_WORD = token(
    "C type word", r"(?i)\b(?:u?int(?:8|16|32|64)?(?:_t)?|char|bool|float|double)\b"
)
# "Fields: struct rec {" before the rows, "};" after them: the wrap around the rows.
open_wrap = token("open wrap", r"(?i)\s*(?:[\w -]{1,30}:\s*)?(?:(?:typedef\s+)?struct\s*\w*\s*\{)?")
close_wrap = token("close wrap", r"\}\s*+\w*+\s*+;?\s*+\.?\s*+")

# "uint8", "uint16_t", "unsigned int", "char[16]", "char *", "string": the type of a key.
c_type = bare(
    token(
        "C type",
        r"(?i)(?:(?:unsigned|signed|const)[^\S\n]+)?(?:u?int(?:8|16|32|64)?(?:_t)?"
        r"|char[^\S\n]*\[[^\S\n]*\d+[^\S\n]*\]|char[^\S\n]*\*|char|bool(?:ean)?|float|double"
        r"|string|str|long|short|byte|uint)(?![\w.-])",
    )
)
declared_key = _skipping(key_name.copy(), _IN_ROW).set_name("declared key")
array_size = _skipping(token("array size", r"\[[^\S\n]*\d+[^\S\n]*\]"), _IN_ROW)
# "// protocol version", "# serial", "-- the alias", "/* locked */": to the row's end.
comment = _skipping(token("comment", r"(?://|#|--|/\*)[^;\n]*"), _IN_ROW)
comment_line = _skipping(
    token("comment line", r"(?://+|#|--|/\*+)[^\S\n]*(?P<text>[^;\n]*)"), _BLANKS
)

declaration = _skipping(
    pp.Located(c_type)("type")
    + declared_key("key")
    + pp.Opt(array_size)("size")
    + pp.Opt(pp.Located(comment)("comment")),
    _BLANKS,  # the blanks that lead the row
).set_name("declaration")
declaration_rows = _unskipped(
    pp.ZeroOrMore(row_end)
    + _skipping(pp.Group(declaration), _BLANKS)
    + pp.ZeroOrMore(
        _unskipped(
            pp.OneOrMore(row_end) + _skipping(pp.Group(comment_line | declaration), _BLANKS)
        ),
        max=MAX_SEGMENTS - 1,
    )
    + pp.ZeroOrMore(row_end)
    + _skipping(pp.StringEnd(), _SPACES)
).set_name("declaration rows")
declaration_rows.parse_with_tabs()  # a comment's tabs are read to the row's tab stops

# What a comment says, to the row's end or the comment's close.
_IN_COMMENT = token("in comment", r"/\*[^\n]*?(?:\*/|$)|(?://|#|--)[^\n]*", re.M)
# A row that is not blank, from its first mark to its end.
_ROW = token("row", r"[^\s;][^;\n]*")
# Said of a type: "unsigned int" is "int", "uint16_t" is "uint16".
_TYPE_QUALIFIER = token("type qualifier", r"(?i)^(?:(?:unsigned|signed|const)\s+)+|_t$")
_COMMENT_MARKS = token("comment marks", r"^(?://|#|--|/\*)\s*|\s*\*/$")


def _rows(body: str) -> str:
    """The text of the rows: the body without its wrap and its closing full stop."""
    text = body.strip()
    start = open_wrap.re.match(text)
    opened = start.end() if start else 0
    closed = text.rfind("}")
    if closed < opened or not close_wrap.re.fullmatch(text, closed):
        closed = len(text)
    return text[opened:closed].rstrip(". ")


def _said(rows: str, found: pp.ParseResults) -> str:
    """A declaration's comment as read: its tabs set to the row's own tab stops (rows were
    always read one at a time), without blanks after it."""
    at = found["comment"]
    text = str(at["value"][0]).rstrip()
    if "\t" not in text:
        return text
    lead = rows[found["type"]["locn_start"] : at["locn_start"]]
    return (lead + text).expandtabs()[len(lead.expandtabs()) :]


def c_declarations(body: str) -> list[Entry] | None:
    """``uint8 ver; uint32 serial; char[16] alias; bool locked``: keys declared as C-like
    typed fields, one a row, a comment describing one; or None."""
    if len(body) > MAX_DECLARED or not _C_TYPE_WORD.re.search(body):
        return None
    if "=" in body and "=" in _IN_COMMENT.re.sub("", body):
        return None  # an assignment; "/* 1 = locked */" in a comment is a description
    rows = _rows(body)
    if not 2 <= len(_ROW.re.findall(rows)) <= MAX_SEGMENTS:
        return None  # the rows that are not blank: too few or too many
    try:
        found = declaration_rows.parse_string(rows)
    except pp.ParseException:
        return None
    if len(found) < 2:
        return None
    out: list[Entry] = []
    for row in found:
        if "text" in row:  # "uint8 ver;  // version": the comment goes on the key above
            out[-1].description.append(str(row["text"]).rstrip().strip(" */"))
            continue
        name = str(row["key"])
        if not key_like(name) or name.lower() in STOPWORDS:
            return None
        stated = str(row["type"]["value"][0]) + (str(row["size"]) if "size" in row else "")
        stated = _TYPE_QUALIFIER.re.sub("", stated)
        said = _COMMENT_MARKS.re.sub("", _said(rows, row)).strip() if "comment" in row else ""
        out.append(Entry(name, stated=" ".join(stated.split()), description=[said] if said else []))
    return out
