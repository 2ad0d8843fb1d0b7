"""Prose layouts: keys named in sentences and in lines headed by a quoted key.

A body of this kind says its keys in clauses ("ver, id and name are required; room is
optional", "rev and chan are public (hardware revision and update channel)") or heads each
line with a quoted key ('1) "role", which SHALL be one of ...'). Each layout is a pyparsing
rule built from the tokens below: the rule says which words are keys (a key list joined by
"," / "and" / "&"), where a clause or a row ends, and which need word a clause says of its
keys; a function over its results builds the entries; words are caseless keywords, and
regular expressions are only tokens (a key, a joiner, a clause's end, a line's text).

Inside a need clause the words skip only the blanks of their line: a clause ends at a line
end or after a "." or ";" that blanks follow, and no token reaches over that end (a key
does not take a "." that ends its clause). Every repetition is bounded (``MAX_SEGMENTS``
clauses; ``4 * MAX_SEGMENTS`` lines and ``MAX_KEYS`` keys of quoted rows; a key list ends
with its clause, a stated clause is read in the first 400 characters) and none can take
its neighbour's text, so time stays linear in the body.

    need-clauses = need-clause , { need-clause | other-keys-sentence } ;
                  (* at most MAX_SEGMENTS clauses *)
    need-clause = key-list , clause-verb , [ quantifier ] , clause-need , [ sentence-end ] ,
                  clause-end ;
    key-list    = listed-key , { joined-key } ;
    joined-key  = joiner , listed-key ;      (* one token; the joiner is never cut short *)
    listed-key  = [ quote ] , clause-key , [ quote ] ;   (* not "and", "or", "is", "are" *)
    clause-key  = key-name ;              (* without a "." that blanks follow: it ends the clause *)
    joiner      = "," , [ "and" | "&" ] | "and" | "&" ;
    clause-verb = "is" | "are" ;
    quantifier  = "both" | "all" ;
    clause-need = [ "always" ] , ( "required" | "mandatory" | "optional" )
                | "always" , ( "present" | "sent" | "included" | "advertised" | "set" ) ;
    sentence-end = "." | ";" ;
    clause-end  = blanks                             (* after a sentence-end *)
                | [ line-blanks ] , ( newline , [ blanks ] | end ) ;
    other-keys-sentence = [ "any" ] , ( "other" | "additional" | "further" | "more" | "extra"
                | "unknown" | "vendor" ) , words , ( "key" | "keys" ) , words ,
                  ( "may" | "might" | "can" | "should" | "must" | "are" | "will" ) ,
                  rest-of-clause , clause-end ;
    stated-clause = stated-key-list , clause-verb , [ "publicly" | "currently" | "always" ] ,
                  stated-word , [ "(" , description , ")" ] , ( "." | ";" | "," | end ) ;
    stated-key-list = listed-key , { joined-key } ;   (* line ends are blanks here *)
    stated-word = "public" | "published" | "documented" | "defined" | "advertised"
                | "supported" | "sent" ;
    quoted-rows = [ line-break ] , quoted-row , { line-break , continued-line } ,
                  line-break , quoted-row , { line-break , other-line } ,
                  { line-break , entry-line , { line-break , other-line } } ;
                                         (* MAX_KEYS keys read; the rest is not *)
    quoted-row  = row-head , rest-of-line ;
    row-head    = [ line-blanks ] , [ bullet ] , quote , key-name , quote ,
                  ( "," | ":" | "-" | en-dash | em-dash ) ;
    entry-line  = quoted-row | key-sentence ;
    other-line  = continued-line | text-line ;       (* not an entry-line *)
    key-sentence = words , "key" , quote , key-name , quote , [ "," ] , words ;
    continued-line = line-blanks , text-line ;
"""

from __future__ import annotations

import pyparsing as pp

from .records import text_line
from .tokens import (
    BULLET,
    KEY_CHARS,
    MAX_KEYS,
    MAX_SEGMENTS,
    STOPWORDS,
    inline,
    key_like,
    token,
    words,
)
from .values import Entry

__all__ = [
    "key_list",
    "need_clause",
    "need_clause_entries",
    "need_clauses",
    "quoted_row",
    "quoted_row_entries",
    "quoted_rows",
    "stated_clause",
    "stated_entries",
]

CK = pp.CaselessKeyword

# Blanks inside one line: pyparsing's whitespace without the line end.
# pyparsing's own whitespace: a stated clause reads across line ends.
_SPACE = " \t\r\n"


# ------------------------------------------------------------------------------- tokens

# A key of a list, quoted or not: never the word "and", "or", "is" or "are" (a caseless
# keyword), and a "." right before blanks ends the clause, it is not the key's.
_LISTED_KEY = (
    r"(?!(?i:and|or|is|are)(?![A-Za-z0-9_$]))(?:[\"'`][ \t\r]*)?"
    r"(?P<key>" + KEY_CHARS + r"+(?!(?<=\.)\s))(?:[ \t\r]*[\"'`])?"
)
# ", ", ", and ", "& ", "and ": between two keys of a list, on one line.
_JOINER = r",[^\S\n]*(?:and[^\S\n]+|&[^\S\n]+)?|(?:and|&)[^\S\n]+"
listed_key = inline(token("listed key", _LISTED_KEY)).add_parse_action(lambda t: t["key"])
# A joiner and the key after it, one token taken whole (the joiner is never cut short to
# let a key follow): a pyparsing element for each part costs sixteen calls a key, 100 ms
# for the thousand keys a body may list.
joined_key = inline(token("joined key", r"(?>" + _JOINER + r")" + _LISTED_KEY)).add_parse_action(
    lambda t: t["key"]
)
clause_verb = words(("is", "are")).set_name("clause verb")
quantifier = words(("both", "all")).set_name("quantifier")
_always = words(("always",))
clause_need = (
    pp.Opt(_always) + words(("required", "mandatory", "optional"))("need")
    # "txtvers and model are always present": always there is required
    | _always + words(("present", "sent", "included", "advertised", "set"))("need")
).set_name("clause need")
sentence_end = inline(pp.one_of(". ;")).set_name("sentence end")
# Where a clause ends: the blanks after its "." or ";", or a line end (the blanks before it
# and the blank lines after it), or the end of the body.
clause_end = token("clause end", r"(?<=[.;])\s+|[^\S\n]*+(?:\n\s*|\Z)").leave_whitespace()
_blanks = token("blanks", r"\s+").leave_whitespace().suppress()

# ------------------------------------------------------------------------------ need clauses

key_list = (listed_key + pp.ZeroOrMore(joined_key)).set_name("key list")
# "ver, id and name are required", "room is optional": keys grouped by what they need.
need_clause = (
    pp.Group(key_list)("keys")
    + clause_verb
    + pp.Opt(quantifier)
    + clause_need
    + pp.Opt(sentence_end)
    + clause_end
).set_name("need clause")
# "Other vendor keys beginning with "x-" may appear": a closing sentence about other keys;
# its words run to the clause's end.
other_keys_sentence = (
    token(
        "other keys sentence",
        r"(?i)(?:any[^\S\n]+)?(?:other|additional|further|more|extra|unknown|vendor)\b"
        r"[^.;\n]{0,80}?\bkeys?\b[^.;\n]{0,80}?\b(?:may|might|can|should|must|are|will)\b"
        r"(?:[^\n.;]|[.;](?!\s))*+[.;]?",
    ).leave_whitespace()
    + clause_end
).set_name("other keys sentence")
need_clauses = (
    pp.Opt(_blanks)
    + pp.Group(need_clause)
    # past MAX_SEGMENTS clauses the body is no list of need clauses
    + pp.ZeroOrMore(pp.Group(need_clause) | other_keys_sentence.suppress(), max=MAX_SEGMENTS - 1)
    + pp.StringEnd()
).set_name("need clauses")
need_clauses.parse_with_tabs()  # an other-keys sentence counts its characters as written

_NEED_VERB = token("need verb", r"(?i)\b(?:is|are)\b")
# The first letter of a clause: of the body, or after a clause-end.
_CLAUSE_START = token("clause start", r"(?:\A|(?<=[.;])\s|\n)\s*+\S")


def need_clause_entries(body: str) -> list[Entry] | None:
    """``ver, id and name are required; room and floor are optional``: every clause
    lists keys, then says whether they are required."""
    if not _NEED_VERB.re.search(body):
        return None
    if len(_CLAUSE_START.re.findall(body)) > MAX_SEGMENTS:
        return None  # too many clauses to read: none is tried
    try:
        found = need_clauses.parse_string(body)
    except pp.ParseException:
        return None
    out: list[Entry] = []
    for clause in found:
        optional = str(clause["need"]).lower() == "optional"
        out += [Entry(str(k).rstrip("."), optional=optional) for k in clause["keys"]]
    return out[:MAX_KEYS] if all(key_like(e.name) for e in out) else None


# ----------------------------------------------------------------------------- stated clauses

# Read from the head of the body, across line ends, as a sentence is.
_STATED_KEY = (
    r"(?!(?i:and|or|is|are)(?![A-Za-z0-9_$]))(?:[\"'`][ \t\r\n]*)?"
    r"(?P<key>" + KEY_CHARS + r")(?:[ \t\r\n]*[\"'`])?"
)
_stated_key = token("stated key", _STATED_KEY).add_parse_action(lambda t: t["key"])
_stated_joined_key = token(
    "stated joined key", r"(?>,\s*(?:and\s+|&\s+)?|(?:and|&)\s+)" + _STATED_KEY
).add_parse_action(lambda t: t["key"])
stated_key_list = (_stated_key + pp.ZeroOrMore(_stated_joined_key)).set_name("stated key list")
stated_word = words(
    ("public", "published", "documented", "defined", "advertised", "supported", "sent"), _SPACE
).set_name("stated word")
# "rev and chan are public (hardware revision and update channel); further keys ...": a
# key list said to be published opens the body; what follows is about other keys.
stated_clause = (
    pp.Group(stated_key_list)("keys")
    + words(("is", "are"), _SPACE)
    + pp.Opt(words(("publicly", "currently", "always"), _SPACE))
    + stated_word
    + pp.Opt(token("stated description", r"\([^()]*\)"))("desc")
    + (pp.one_of(". ; ,") | pp.StringEnd())
).set_name("stated clause")

_STATED_VERB = token(
    "stated verb",
    r"(?i)\b(?:is|are)\s+(?:(?:publicly|currently|always)\s+)?(?:public|published|documented"
    r"|defined|advertised|supported|sent)\b",
)
# "(revision and channel)": the parts of a description, one for each key, in order.
_PART_BREAK = token("part break", r"\s+and\s+|\s*;\s*")
# A stated clause is looked for in the first characters of the body.
_STATED_HEAD = 400


def stated_entries(body: str) -> list[Entry] | None:
    """``rev and chan are public (hardware revision and update channel)``: the keys of a
    clause saying they are published, each with its part of the description."""
    head = body.strip()[:_STATED_HEAD]
    if not _STATED_VERB.re.search(head):
        return None
    try:
        found = stated_clause.parse_string(head)  # tabs read as spaces, as a sentence's
    except pp.ParseException:
        return None
    names = [str(k).rstrip(".") for k in found["keys"]]
    if not names or not all(key_like(n) and n.lower() not in STOPWORDS for n in names):
        return None
    desc = str(found["desc"]).strip("() ") if "desc" in found else ""
    parts = _PART_BREAK.re.split(desc) if desc else []
    if len(parts) != len(names):  # "(revision and channel)": one part for each key, in order
        parts = [""] * len(names)
    return [Entry(n, description=[d] if d else []) for n, d in zip(names, parts, strict=True)]


# -------------------------------------------------------------------------------- quoted rows

# A row's text: to the last letter of its line (the blanks after it are the line's).
_row_text = token("row text", r"[ \t\r]*(?P<text>(?:[^\n]*\S)?)").leave_whitespace()
# '1) "role", which SHALL be one of ...': the shape of a line headed by a quoted key: its
# lead, a bullet, a quote, the key, a quote and a separator, blanks of the line between
# them. One token: a pyparsing element for each part would cost forty calls a row, and a
# line after the rows is first tried as a row.
row_head = token(
    "row head",
    r"(?P<lead>[^\S\n]*+)(?:" + BULLET + r"(?=[ \t])[ \t\r]*)?[\"'`][ \t\r]*"
    r"(?P<k>" + KEY_CHARS + r"+)[ \t\r]*[\"'`][ \t\r]*[,:\-\u2013\u2014]",
).leave_whitespace()
row_head.add_condition(lambda t: key_like(t["k"]), call_during_try=True)
quoted_row = (pp.Located(row_head)("head") + _row_text("desc")).set_name('"key", description')
quoted_row.leave_whitespace(recursive=False)
# 'The record MAY contain the key "label", a ...': a sentence naming one more key; a need
# word before it ("MAY", "optionally") makes the key optional.
key_sentence = token(
    "key sentence",
    r"(?i)(?P<pre>[^\n]*?)\bkey[^\S\n]+[\"'`](?P<k>" + KEY_CHARS + r")[\"'`][^\S\n]*,?[^\S\n]*"
    r"(?P<d>[^.;\n]*)[^\n]*",
).leave_whitespace()
_MAY = token("may", r"(?i)\b(?:may|optional(?:ly)?|can)\b")
# An indented line: the description of the row above goes on.
continued_line = token("continued line", r"[^\S\n]++\S[^\n]*").leave_whitespace()
# A line end and the blank lines after it (the blanks before each line end with it).
line_break = (
    token("line break", r"[^\S\n]*+\n(?:[^\S\n]*+\n)*+").leave_whitespace().suppress()
).set_name("line break")
# A line that names a key after the first two rows: a row or a key sentence.
entry_line = (pp.Group(quoted_row) | pp.Group(key_sentence("sentence"))).set_name("entry line")
# Any other line after two rows: an indented one goes on with the key above, the rest says
# nothing of a key.
other_line = (
    ~(row_head | key_sentence) + (pp.Group(continued_line("more")) | pp.Group(text_line("other")))
).set_name("other line")
# After MAX_KEYS keys the rest of the body is not read.
_unread = token("unread", r"[\s\S]+").leave_whitespace().suppress()
quoted_rows = (
    pp.Opt(line_break)
    + pp.Group(quoted_row)
    + pp.ZeroOrMore(line_break + ~row_head + pp.Group(continued_line("more")))
    + line_break
    + pp.Group(quoted_row)
    + pp.ZeroOrMore(line_break + other_line)
    + pp.ZeroOrMore(
        line_break + entry_line + pp.ZeroOrMore(line_break + other_line), max=MAX_KEYS - 3
    )
    + pp.Opt(line_break + entry_line + pp.Opt(_unread))
    + pp.Opt(_blanks)
    + pp.StringEnd()
).set_name("quoted rows")
quoted_rows.leave_whitespace(recursive=False).parse_with_tabs()  # a row's lead is read

# One line that holds more than blanks.
_TEXT_LINE_START = token("text line start", r"(?m)^[^\S\n]*+\S")


def _as_read(body: str, row: pp.ParseResults) -> str:
    """A row's text after its separator, its tabs set to the row's own tab stops (rows
    were always read one at a time, from their first letter)."""
    start = row["head"]["locn_start"] + len(row["head"]["value"]["lead"])
    sep_end = row["head"]["locn_end"]
    end = sep_end + len(row["desc"])
    if "\t" not in body[start:end]:
        return str(row["text"])
    return body[start:end].expandtabs()[len(body[start:sep_end].expandtabs()) :].lstrip(_SPACE)


def quoted_row_entries(body: str) -> list[Entry] | None:
    """Lines headed by a quoted key (``1) "txtvers", which SHALL be "1";``), and sentences
    after them that name one more key (``... MAY contain the key "label", a name``)."""
    count = len(_TEXT_LINE_START.re.findall(body))
    if count < 2 or count > 4 * MAX_SEGMENTS:
        return None
    try:
        found = quoted_rows.parse_string(body)
    except pp.ParseException:
        return None
    out: list[Entry] = []
    for line in found:
        if "head" in line:
            key = str(line["head"]["value"]["k"])
            out.append(Entry(key, description=[_as_read(body, line).strip(" ;")]))
        elif "sentence" in line:
            entry = Entry(line["k"], description=[line["d"].strip()])
            if _MAY.re.search(line["pre"]):  # "MAY contain the key": optional
                entry.optional = True
            out.append(entry)
        elif "more" in line:  # the description of the key above goes on
            out[-1].description.append(line["more"].strip())
        if len(out) >= MAX_KEYS:
            break
    return out
