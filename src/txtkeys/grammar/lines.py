"""Key lines: bodies that give each key a line (or a ``;`` row) of its own.

Three layouts read a body line by line: a key with its type in square brackets
(``nid [hex, 16 chars] - network id``), a key followed by the values it takes
(``led on|off; dnd true/false``), and lines that each open with a key in one of several
forms (``- api: the REST root`` over ``- root=<share>``). A body's lines (or rows) are
walked with the ``body-line`` (``choice-row-text``) token's own pattern, as ``tables.py``
walks a table's lines, and each line is read by a line rule below: the rule says what is
key, type, values, mark and description, and which line is an entry, a closing line of
prose or neither; a function over the results builds the entries. Regular expressions are
only tokens. At most ``MAX_SEGMENTS`` lines are read, each once, so time stays linear in
the body.

    body-line     = [ blanks ] , non-blank , { any - newline } ;   (* a line that holds text *)
    choice-row-text = any - ( ";" | newline ) , { any - ( ";" | newline ) } ;
    bracket-lines = bracket-row , bracket-row , { bracket-row } ,
                    [ closing-prose , { body-line } ] ;
                    (* one body-line a row; a body on one line has its rows split at ";" *)
    bracket-row   = typed-bracket-line | bracket-line ;  (* a bracket-line alone: no entry *)
    typed-bracket-line = bracket-line ;
                    (* with a line-mark, or a bracket that states a type-name ("cnt [uint8]
                       count"), never a unit ("t [°C] temperature"); a need ("[optional]",
                       "[req]") or values ("[0/1]") in the bracket are read as such *)
    bracket-line  = [ bullet ] , key-name , bracket-type , [ line-mark ] , line-rest ;
    bracket-type  = "[" , { any - ( "[" | "]" | newline ) } , "]" ;   (* 1 to 40 inside *)
    line-mark     = ( "-" | "--" | en-dash | em-dash | ":" ) , blank ;
    line-rest     = { any - newline } ;
    choice-rows   = choice-row , choice-row , { choice-row } ;   (* each a choice-row-text *)
    choice-row    = key-name , value-list , row-rest ;
    value-list    = choice-value , ( "|" | "/" ) , choice-value ,
                    { ( "|" | "/" ) , choice-value } ;   (* blanks or tabs around a bar *)
    choice-value  = word ;                             (* 1 to 16 of letter digit _ . + - *)
    row-rest      = { any - ( ";" | newline ) } ;
    defaults-in-order = ( "assumed" | "default" , [ "to" ] | "defaults" , [ "to" ]
                    | "default value" , [ ":" ] ) , choice-value , "/" , choice-value ,
                    { "/" , choice-value } , [ ( "when" | "if" ) , ( "missing" | "absent"
                    | "omitted" | "not set" ) ] , [ [ "," ] , "respectively" ] ;
                    (* in the last row: each key's default, in order, when the counts agree *)
    mixed-lines   = mixed-line , mixed-line , mixed-line , { mixed-line } ,
                    [ closing-prose , { body-line } ] ;
                    (* a key-label-line and a key-assign-line among them; each line is read
                       on its own, a label line as a label, else as a segment *)
    mixed-line    = key-label-line | key-assign-line | key-other-line ;
    line-key-form = [ blanks ] , [ bullet , blanks ] , key-name , [ blanks ] ,
                    ( ":" , blank | "=" | "==" | "(" | blank , blank | blanks , "-" , blank ) ;
    key-label-line = line-key-form , line-rest ;       (* the form is ":" and a blank *)
    key-assign-line = line-key-form , line-rest ;      (* the form is "=" or "==" *)
    key-other-line = line-key-form , line-rest ;       (* "(", two blanks or " - " *)
    closing-prose = line-rest ;      (* prose, after two (three) entries: the list ends *)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice

import pyparsing as pp

from .records import type_name
from .status import has_prose
from .tables import NEED
from .tokens import BULLET, KEY_CHARS, MAX_SEGMENTS, at_start, bullet, key_like, key_name, token
from .values import Entry

__all__ = [
    "DEFAULTS_IN_ORDER",
    "bracket_line",
    "bracket_line_entries",
    "choice_row",
    "choice_row_entries",
    "mixed_line",
    "mixed_line_entries",
]

# A line that holds more than blanks, whole (its lead is read by the line rules).
body_line = token("body line", r"(?m)^(?=[^\S\n]*+\S)[^\n]*")
# The text between ";" and line ends: a choice row before its blanks are cut.
choice_row_text = token("choice row text", r"[^;\n]+")
_row_end = token("row end", r";")


def _lines(body: str) -> Iterator[str]:
    return (m.group() for m in body_line.re.finditer(body))


def _named_key(tokens: pp.ParseResults) -> bool:
    return key_like(str(tokens["key"]))


# ------------------------------------------------------------------ bracket-typed lines

# "nid [hex, 16 chars] - network id", "dante [flag] - present if ...": each line a key, its
# type in square brackets, a dash or colon, and its description (commas stay inside it).
bracket_type = token("bracket type", r"\[[^\[\]\n]{1,40}\]")
line_mark = token("line mark", r"(?:-{1,2}|\u2013|\u2014|:)(?=\s)")
line_rest = token("line rest", r"[^\n]*")
bracket_line = (
    pp.Opt(bullet).suppress()
    + key_name("key")
    + bracket_type("type")
    + pp.Opt(line_mark)("mark")
    + line_rest("desc")
    + pp.StringEnd()
).set_name("bracket line")
bracket_line.add_condition(_named_key)


def _states_type(tokens: pp.ParseResults) -> bool:
    stated = str(tokens["type"])[1:-1].strip()
    return "mark" in tokens or bool(type_name.matches(stated.split(",")[0].strip()))


# An entry: a mark after the bracket, or a type in it; "t [°C] temperature" (a unit and no
# mark) is a bracket line of no entry: the body is not in this layout.
typed_bracket_line = bracket_line.copy().add_condition(_states_type).set_name("typed bracket line")
bracket_row = (typed_bracket_line("entry") | bracket_line("unit")).set_name("bracket row")
# A closing paragraph of prose after the entries: the list ends there.
closing_prose = token("closing prose", r"[^\n]*").leave_whitespace().parse_with_tabs()
closing_prose.add_condition(lambda t: has_prose(str(t[0])))
# "[OPT]", "[req]": a need, not a type; "voice [0/1]": the values it takes.
_STATED_CHOICES = token("stated choices", r"[\w.+-]{1,12}(?:[/|][\w.+-]{1,12})+")
_CHOICE_SEP = token("choice separator", r"[/|]")


def _bracket_entry(found: pp.ParseResults) -> Entry:
    stated = str(found["type"])[1:-1].strip()
    desc = str(found["desc"]).strip()
    entry = Entry(str(found["key"]), stated=stated, description=[desc] if desc else [])
    need = NEED.get(stated.lower().rstrip("."))
    if need is not None or stated.lower() in {"req", "opt"}:
        entry.stated, entry.optional = None, stated.lower().startswith("o")  # "[optional]"
    elif _STATED_CHOICES.re.fullmatch(stated):
        entry.choices, entry.stated = _CHOICE_SEP.re.split(stated), None  # "voice [0/1]"
    return entry


def bracket_line_entries(body: str) -> list[Entry] | None:
    """Lines of ``key [type] - description`` (see above); without the mark only when the
    bracket states a type ("cnt [uint8] count"); on one line ";" ends each row."""
    if "\n" not in body.strip() and body.count("]") >= 2:
        rows = _row_end.re.split(body)  # "id [string] node id; cnt [uint8] count"
        walked: Iterator[str] = (ln for row in rows for ln in _lines(row))
    else:
        walked = _lines(body)
    lines = list(islice(walked, MAX_SEGMENTS + 1))
    if len(lines) < 2 or len(lines) > MAX_SEGMENTS:
        return None
    out: list[Entry] = []
    for ln in lines:
        found = at_start(bracket_row, ln.strip())
        if found is None:
            if len(out) >= 2 and at_start(closing_prose, ln) is not None:
                break  # closing prose
            return None
        if "entry" not in found:
            return None  # "t [°C] temperature": a unit, not a stated type
        out.append(_bracket_entry(found))
    return out


# -------------------------------------------------------------------------- choice rows

# "led on|off; dnd true/false (do-not-disturb); mute 0/1": each row a key, then the values
# it takes joined by "|" or "/"; a closing "assumed off/false/0 when missing" gives each key
# its default, in order.
value_list = token("value list", r"[\w.+-]{1,16}(?:[ \t]*[|/][ \t]*[\w.+-]{1,16})+")
value_list.add_parse_action(lambda t: [[v.strip() for v in _CHOICE_SEP.re.split(t[0])]])
row_rest = token("row rest", r"[^\n;]*")
choice_row = (key_name("key") + value_list("values") + row_rest("desc") + pp.StringEnd()).set_name(
    "choice row"
)
choice_row.add_condition(_named_key)
DEFAULTS_IN_ORDER = token(
    "defaults in order",
    r"(?i)\b(?:assumed|defaults?(?:\s+to)?|default\s+values?\s*:?)\s+(?P<v>[\w.+-]{1,16}(?:/[\w.+-]{1,16})+)"
    r"(?:\s+(?:when|if)\s+(?:missing|absent|omitted|not\s+set))?(?:\s*,?\s*respectively)?",
)


def choice_row_entries(body: str) -> list[Entry] | None:
    """Rows of a key and the values it takes (see above), or None."""
    rows = [r for m in choice_row_text.re.finditer(body) if (r := m.group().strip())]
    if len(rows) < 2 or len(rows) > MAX_SEGMENTS:
        return None
    out: list[Entry] = []
    for row in rows:
        found = at_start(choice_row, row)
        if found is None:
            return None
        rest = str(found["desc"]).strip()
        choices = [str(v) for v in found["values"]]
        out.append(Entry(str(found["key"]), choices=choices, description=[rest] if rest else []))
    said = DEFAULTS_IN_ORDER.re.search(rows[-1])
    if said and len(said["v"].split("/")) == len(out):
        for entry, value in zip(out, said["v"].split("/"), strict=True):
            if value in entry.choices:
                entry.notes.append(f"default {value}")
    return out


# ------------------------------------------------------------------------- mixed lines

# Lines that each open with a key (after a bullet), in more than one form: "- api: the
# REST root" over "- root=<share>" and "- ro  (flag)". Each line is read on its own; a
# closing paragraph of prose after them ends the list.
line_key_form = token(
    "line key form",
    r"^[ \t]*(?:"
    + BULLET
    + r"[ \t]+)?(?P<k>"
    + KEY_CHARS
    + r")[ \t]*(?P<f>:[ \t]|==?|\(|[ \t]{2}|[ \t]+-[ \t])",
).leave_whitespace()
key_label_line = (
    line_key_form.copy().add_condition(lambda t: str(t["f"]).startswith(":")) + line_rest
).set_name("key label line")
key_assign_line = (
    line_key_form.copy().add_condition(lambda t: "=" in str(t["f"])) + line_rest
).set_name("key assign line")
key_other_line = (line_key_form.copy() + line_rest).set_name("key other line")
mixed_line = (
    (key_label_line("label") | key_assign_line("assign") | key_other_line("other")) + pp.StringEnd()
).set_name("mixed line")
mixed_line.add_condition(lambda t: key_like(str(t["k"])))
mixed_line.leave_whitespace(recursive=False).parse_with_tabs()
_ENUMERATOR = token("line enumerator", r"^\s*" + BULLET + r"\s+")


def mixed_line_entries(
    body: str,
    labelled: Callable[[str], list[Entry]],
    segments: Callable[[str], list[Entry]],
) -> list[Entry] | None:
    """Lines each in one of the key forms (see above), a label line and an assign line
    among them; a label line is read by ``labelled``, any other (or a label line it does
    not read) by ``segments``; each line gives its first entry."""
    lines = list(islice(_lines(body), MAX_SEGMENTS + 1))
    if len(lines) < 3 or len(lines) > MAX_SEGMENTS:
        return None
    forms: set[str] = set()
    rows: list[tuple[str, str]] = []
    for ln in lines:
        found = at_start(mixed_line, ln)
        if found is None:
            if len(rows) >= 3 and at_start(closing_prose, ln) is not None:
                break  # closing prose
            return None
        form = "label" if "label" in found else "assign" if "assign" in found else "other"
        forms.add(form)
        rows.append((form, _ENUMERATOR.re.sub("", ln).strip()))
    if "label" not in forms or "assign" not in forms:
        return None
    out: list[Entry] = []
    for form, row in rows:
        read = labelled(row) if form == "label" else []
        read = read or segments(row)
        if not read:
            return None
        out += read[:1]
    return out
