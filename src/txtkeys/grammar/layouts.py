"""Layouts of key entries: how a body lists its keys.

    entries      = version-history | [ intro | preamble ] , [ footnote ] ,
                   ( json-object | field-records | flat-table | typed-pairs | choice-rows
                   | bracket-lines | pipe-table | embedded-table | list-then-entries
                   | slash-rows | definition-list
                   | need-clauses | stated-clause | mixed-lines | labelled | quoted-rows
                   | holder-sentence | quoted-keys | prose-keys | subject-keys
                   | segments ) , { key-note } ;
    intro        = intro-words , [ "(" , intro-mark , ")" ] , ":" ;
    bare-intro   = [ count-word ] , [ "TXT" ] , [ "record" ] , ( "keys" | "fields" | ... ) ;
    key-entry    = code-head | key-paren | key-bracket | key-dash | key-unit | key-values
                 | named-key | key-clause ;
    key-values   = key-name , [ ":" ] , space , value-item , ( "|" | "/" ) , value-item , ... ;
    described-key = description , "(" , key-name , [ ":" , values ] , ")" , [ dash , text ] ;
    key-note     = sentence-about-key ;                     (* "fw is the firmware version" *)
    quoted-keys  = { "key" , [ ":" ] , quoted-key | quoted-key , ":" } ;
    prose-keys   = sentence , { quoted-key } ;              (* 'a record holds "k1" and "k2"' *)
    segments     = segment , { separator , segment } ;
    separator    = newline | "," | ";" | "|" ;
    segment      = [ bullet ] , ( assignment , { assignment } , [ trailer ]
                                | key , [ need-mark ] , [ "(" , description , ")" ]
                                | description , "(" , key , ")"
                                | key , ( "-" | "--" | "==" | en/em dash ) , description
                                | key , "and" , key | description ) ;
    need-mark    = ( "(" | "[" ) , ( "required" | "optional" | "mandatory" ) , ( ")" | "]" ) ;
    assignment   = key , ( "=" | "==" ) , value ;           (* value: see values.py *)

Facet lines under a key (``Values: a, b``, ``Default: x``, ``Range: 0-9``) belong to it.
Tables (pipe-table, embedded-table, flat-table) have their rules in ``tables.py``;
record-style entries (field-records, typed-pairs, slash-rows, definition-list) in
``records.py``; prose entries (need-clauses, stated-clause, quoted-rows) in ``prose.py``;
code-like entries (json-object, c-declarations) in ``code.py``; key lines (choice-rows,
bracket-lines, mixed-lines) in ``lines.py``; version histories (version-history) in
``history.py``; labelled entries (labelled: label lines, label runs, need groups) in
``labelled.py``; sentences about keys (holder-sentence, subject-keys, the subject of a
key-note, not-a-key clauses) in ``sentences.py``.
"""

from __future__ import annotations

import re

import pyparsing as pp

from .code import c_declarations, json_object
from .facets import example as example_of
from .facets import extensible_phrase
from .history import version_history_entries
from .kinds import family_pattern, numbered_family
from .labelled import any_assign, labelled_entries
from .lines import bracket_line_entries, choice_row_entries, mixed_line_entries
from .prose import need_clause_entries, quoted_row_entries, stated_entries
from .records import INLINE_FIELD as _INLINE_FIELD
from .records import KEY_FIELD_LINE as _KEY_FIELD_LINE
from .records import SUB_LINE as _SUB_LINE
from .records import definition_entries as _definition_list
from .records import field_entries as _field_records
from .records import slash_entries
from .records import typed_entries as _typed_pairs
from .sentences import (
    holder_entries,
    not_a_key,
    not_denied,
    predicate,
    subject_key,
    subject_keys,
    subjects_over,
)
from .status import has_prose
from .tables import TYPE_CELL as _TYPE_CELL
from .tables import embedded_table_entries, flat_table_entries, pipe_table_entries
from .tokens import (
    BULLET,
    CLAUSE_WORDS,
    KEY_CHARS,
    MAX_KEYS,
    MAX_SEGMENTS,
    NOT_SUBJECTS,
    QUOTE_MARKS,
    STOPWORDS,
    at_start,
    find,
    key_like,
    key_name,
    line_indent,
    mentions_keys,
    split_top,
    token,
)
from .values import Entry, more_values, read_value

__all__ = ["cued_keys", "entries", "json_object"]

CK = pp.CaselessKeyword

# Assignments read from one segment ("a=1 b=2 ..." on one line); the registry's most is 9.
MAX_ASSIGNMENTS = 48

# A sentence that introduces the list rather than naming a key: "The following keys are
# defined:", "Keys (all optional):", "The TXT record contains:", "as follows:".
_intro_words = pp.Regex(r"[^:=\n<>()\"'\[\]|]{1,600}").set_name("intro words")  # no table cells
_intro_mark = (pp.Suppress("(") + pp.Regex(r"[^()\n:]{1,60}")("mark") + pp.Suppress(")")).set_name(
    "intro mark"
)
_intro_noun = pp.MatchFirst(
    CK(w) for w in ("keys", "fields", "parameters", "attributes", "properties", "entries")
).set_name("'keys'")
_count_word = pp.MatchFirst(
    CK(w)
    for w in (
        "the",
        "these",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
    )
).set_name("count")
# "Keys:", "The three TXT record fields:", "Fields"
bare_intro = (
    (
        pp.Opt(_count_word | pp.Regex(r"\d{1,2}\b"))
        + pp.Opt(CK("txt"))
        + pp.Opt(CK("record"))
        + _intro_noun
    )
    | (pp.Opt(CK("the")) + (CK("txt") + pp.Opt(CK("record")) | CK("record")))  # "TXT:", "Record:"
).set_name("'Keys'")
# "The TXT record contains:", "Each announcement carries:", "The keys used are:"
_intro_verb = pp.MatchFirst(
    CK(w)
    for w in (
        "contains",
        "contain",
        "includes",
        "include",
        "carries",
        "carry",
        "holds",
        "has",
        "lists",
        "publishes",
        "advertises",
        "announces",
        "defines",
        "sends",
        "are",
        "is",
        "follows",
        "following",
        "set",
        "sets",
        "use",
        "uses",
        "publish",
        "advertise",
        "send",
        "define",
        "provide",
        "provides",
        "support",
        "supports",
        "expose",
        "exposes",
        "carry",
        "used",
        "defined",
        "supported",
        "published",
        "advertised",
    )
).set_name("intro verb")
intro = (
    _intro_words("words")
    + pp.Opt(_intro_mark)
    + pp.Suppress(pp.Regex(r":(?!//)"))  # not the colon of "https://"
    + pp.Opt(pp.White(" \t")).suppress()
).set_name("intro")
_intro_end = pp.Empty().set_parse_action(lambda s, loc, t: [loc])("end")
# "The following keys are defined by the X profile (see https://..., chapter 4) and are
# repeated here:": an intro sentence with an aside in brackets inside it.
aside_intro = (
    _intro_words("words")
    + pp.Regex(r"\([^()\n]{1,200}\)").suppress()
    + _intro_words("more")
    + pp.Suppress(pp.Regex(r":(?!//)"))
    + pp.Opt(pp.White(" \t")).suppress()
).set_name("intro with aside")


# "Keys — ver (...), id (...)": a bare intro closed by a dash instead of a colon.
dash_intro = (
    bare_intro("words")
    + pp.Opt(_intro_mark)
    + pp.Regex(r"(?:-|--|\u2013|\u2014|=)(?=\s)")("sep")
    + pp.Opt(pp.White(" \t")).suppress()
).set_name("dash intro")


def _intro(body: str) -> tuple[str, str | None, int] | None:
    """The intro sentence opening a body: its words, its parenthesised mark, where it ends."""
    try:
        tokens = (intro + _intro_end).parse_string(body[:700], parse_all=False)
    except pp.ParseException:
        try:
            aside = (aside_intro + _intro_end).parse_string(body[:700], parse_all=False)
        except pp.ParseException:
            aside = None
        if aside is not None and _mentions_keys(f"{aside['words']} {aside['more']}"):
            return f"{aside['words']} {aside['more']}", None, int(aside["end"])
        try:
            tokens = (dash_intro + _intro_end).parse_string(body[:200], parse_all=False)
        except pp.ParseException:
            return None
        rest = body[int(tokens["end"]) :].split("\n", 1)[0]
        listed = tokens["sep"] == "=" and "," in rest and "=" not in rest  # "keys = a, b, c"
        if not body.lstrip()[:1].isupper() and not listed:
            return None  # "keys - the list of ...": a key named "keys", not an intro
        if tokens["sep"] == "=" and not listed:
            return None
        return "keys", (str(tokens["mark"]) if "mark" in tokens else None), int(tokens["end"])
    words = str(tokens["words"])
    if not _introduces(words):
        return None
    return words, (str(tokens["mark"]) if "mark" in tokens else None), int(tokens["end"])


_INTRO_NOUNS = token(
    "intro nouns",
    r"(?i)\b(?:keys|fields|entries|parameters|attributes|properties|pairs|record|following|follows"
    r"|flags|list)\b",
)
_TEMPLATE_PAIR = token(
    "template pair", r"(?i)^\s*key\s*=\s*value\b|(?<=\s)key\s*=\s*value(?=\s+pairs?\b)"
)
_SENTENCE_INSIDE = token("sentence inside", r"[a-z][.!?]\s+\S")


def _introduces(words: str) -> bool:
    """Words before a colon that lead into a list: they speak of keys, follow on, or are a
    sentence ending in a verb ("The record contains")."""
    text = words.strip()
    if not text or _SENTENCE_INSIDE.re.search(text):
        return False  # "All keys are lowercase. ver": a sentence ended; a label follows
    if bare_intro.matches(text):
        return True
    parts = text.split()
    tail = parts[-1]
    if _intro_verb.matches(tail) and (len(parts) >= 2 or tail.lower().endswith("ed")):
        return True  # "The record contains:", "Defined:"
    if len(parts) <= 4 and _INTRO_NOUNS.re.fullmatch(tail):
        return True  # "key-value pairs:", "TXT record fields:"
    named = _INTRO_NOUNS.re.search(text) is not None
    lowered = text.lower()
    return named and (has_prose(text) or lowered.startswith("as") or "follow" in lowered)


_FACET_LINE = token(
    "facet line",
    r"\n[ \t]*(?:[-*]\s*)?((?:allowed\s+|possible\s+|valid\s+)?values?|range|choices|"
    r"defaults?)[ \t]*:[ \t]*([^\n]*)",
    re.I,
)
# A facet label inside a line ("... both Default: front"), and a key word before one that
# opens a key's description ("res Values: ...").
_INLINE_FACET = token(
    "inline facet",
    r"(?<=[^\s.;])[ \t]+(?=(?:(?!(?:values?|defaults?|range|choices)\b)"
    + KEY_CHARS
    + r"(?<![.,;:])[ \t]+(?=(?:Values?|Range|Choices)[ \t]*:))?"
    r"(?:Values?|Defaults?|Range|Choices)[ \t]*:)",
)
_QUOTED_ENTRY = token(
    "quoted entry",
    r"(?:^|(?<=[\s,;]))([\"'])(" + KEY_CHARS + r"\s*=[^\"'\n]*)\1(?=\s*(?:[,;\n]|$))",
)
# "[ver] protocol version [id] serial": a bracketed key heading each entry of one line.
_INLINE_BRACKET_HEAD = token(
    "inline bracket head", r"(?:^|[ \t]+)(?=\[" + KEY_CHARS + r"\][ \t]+[A-Za-z])"
)
_INLINE_ENUM = token(
    "inline enum",
    r"(?:(?<=\s)|^)(?:[a-z]\)|[ivx]{2,4}\)|\d{1,2}[.)]|\((?:\d{1,2}|[a-z]|[ivx]{2,4})\))[ \t]+(?="
    + KEY_CHARS
    + r"(?:\s*==?\s*\S|\s+[-(\u2013\u2014]|\s+\[[a-z]+\]\s+[-(\u2013\u2014]|\s*:\s|,\s"
    + r"|[ \t]+(?=\(?(?:[a-z]|[ivx]{2,4}|\d{1,2})\)[ \t])|[ \t]*$))",
)


_ENUM_COMMA = token("enum comma", r"(?m)^(" + KEY_CHARS + r"),[ \t]+(?=\S)")


def entries(body: str) -> tuple[list[Entry], dict[str, str]]:
    """Read the key entries of a body; also the key patterns of numbered families."""
    if (history := _version_history(body)) is not None:
        return history, {}
    if "=" in body:
        body = _TEMPLATE_PAIR.re.sub("key-value", body, count=1)  # "key=value pairs:"
    opened = _intro(body)
    also: list[Entry] = []
    all_need: bool | None = None
    if not opened:
        skipped = _skip_preamble(body)
        if skipped is not body:  # prose first, then an intro: "... vendor specific. Defined:"
            body, opened = skipped, _intro(skipped)
    if opened:
        words, mark, end = opened
        besides = _BESIDES.re.search(words)  # "Besides txtvers the following keys ..."
        if besides:
            also = [Entry(w) for w in re.split(r"\s*(?:,|\band\b)\s*", besides["k"]) if key_like(w)]
        need = _ALL_NEED.re.search(f"({mark})") if mark else None
        if need:  # "Keys (all optional):"
            all_need = need.group("n").lower().startswith("o")
        body = body[end:]
    if "\n" in body and (
        _SECTION_HEAD.re.search(body)
        or _NUMBERED_HEAD.re.search(body)
        or len(_MAN_LINE.re.findall(body)) >= 2
    ):
        body = _drop_sections(body)
    if count := _COUNT_LEAD.re.match(body):
        body = body[count.end() :]  # "just one, ver, which ...": the count says no key
    if "\n" in body.strip() and (aside := _ASIDE_LINE.re.match(body)):
        body = body[aside.end() :]  # "(pasted from our spec sheet)" over a table
    elif body.lstrip().startswith("(") and (aside := _LEAD_ASIDE.re.match(body)):
        body = body[aside.end() :]  # "(protocol 3) txtvers=3, ...": said of the whole list
    footnote = _FOOTNOTE.re.search(body)
    if footnote:  # "path*" ... "(* optional)": the mark says what the key is
        body = body[: footnote.start()] + body[footnote.end() :]
    if "<" in body and _ANGLED_KEYS.re.fullmatch(body):
        body = re.sub(r"<([^<>]*)>", r"\1", body)  # "<dev>, <loc>, <sw>": names in brackets
    if "\n" in body and ":" in body:
        body = _group_lists(body)
        # "Keys introduced with rv=2: tz (...)" on a later line: a lead into more entries
        body = _SUB_INTRO.re.sub("", body)
    if ".." in body or "-" in body or "\u2013" in body or "through" in body:
        body = _KEY_RANGE.re.sub(_spelled_out, body)  # "dk0..dk7": eight keys
    fenced = None
    if "```" in body or "~~~" in body:
        whole = _FENCE.re.fullmatch(body.strip()) or _LINE_FENCE.re.fullmatch(body)
        fenced = str(whole["c"]) if whole else _fenced_record(body)  # one code block: inside
    if "\n" in body and "  " in body:
        body = _realign(body)
    found, patterns = _layout(fenced if fenced is not None else body)
    if len(found) > 1:
        found = _merge_repeats(found)
        # "Optional: room, floor. Required: none.": a need with no keys under it, not a key
        found = [e for e in found if e.name.lower() not in _NO_KEY_WORDS or e.description]
    if found and also:
        found = [e for e in also if e.name not in {f.name for f in found}] + found
    if found:
        _attach_notes(found, body)
    for entry in found if fenced is not None else ():
        if entry.notes and entry.value and not entry.quoted:
            entry.example, entry.value = entry.value, None  # a sample value; the notes define it
    if all_need is not None:
        for entry in found:
            entry.optional = all_need if entry.optional is None else entry.optional
    if footnote:
        optional = footnote.group("n").lower().startswith("o")
        for entry in found:
            if entry.name.endswith("*") and len(entry.name) > 1:
                entry.name, entry.optional = entry.name.rstrip("*"), optional
    return found, patterns


def _merge_repeats(found: list[Entry]) -> list[Entry]:
    """A key named again later ("id fw hw; id=hex, fw=str"): the later mention says more
    about the first, never adds a second key. What the first states is kept."""
    first: dict[str, Entry] = {}
    out: list[Entry] = []
    for entry in found:
        head = first.get(entry.name)
        if head is None:
            first[entry.name] = entry
            out.append(entry)
            continue
        if head.value is None and head.placeholder is None and not head.flag:
            head.value, head.placeholder = entry.value, entry.placeholder
            head.quoted = head.quoted or entry.quoted
        elif _TWO_VALUES.re.fullmatch(f"{head.value} {entry.value}") and head.value != entry.value:
            # "haspin=1 if a PIN is needed, haspin=0 otherwise": the values it takes
            head.choices = list(dict.fromkeys([*head.choices, head.value or "", entry.value or ""]))
            head.value = None
        head.choices = head.choices or entry.choices
        head.description += [d for d in entry.description if d not in head.description]
        head.example = head.example if head.example is not None else entry.example
        head.optional = head.optional if head.optional is not None else entry.optional
        head.stated = head.stated or entry.stated
        head.notes += entry.notes
    # "id fw hw; id=hex, fw=str": a run of words each named again later is a list of keys
    spaced = [e for e in out if " " in e.name and not e.value and not e.description]
    for run in spaced:
        words = run.name.split()
        if sum(w in first for w in words) >= 2 and all(key_like(w) for w in words):
            at = out.index(run)
            named = [first.get(w) or Entry(w) for w in words]
            rest = [e for e in out if e is not run and e not in named]
            out = rest[:at] + named + rest[at:]
    return out


# "<dev>, <loc>, <sw> (all optional)", "<sn> <fw> <ip>": a list of keys each in angle
# brackets, nothing else; not placeholders (no key is assigned).
_ANGLED_KEYS = token(
    "angled keys",
    r"\s*<"
    + KEY_CHARS
    + r">(?:[ \t]*[,;|]?[ \t]*<"
    + KEY_CHARS
    + r">)+[ \t]*(?:\([^()\n]{0,60}\))?[ \t]*\.?\s*",
)


# "  tv   TXT version" over "  site Site name ...": in aligned columns a key as wide as its
# column is followed by one space only; the description still starts at the column.
_ALIGNED_ROW = token("aligned row", r"(?m)^([ \t]*)(" + KEY_CHARS + r")( {2,})(?=\S)")
_TIGHT_ROW = token("tight row", r"^([ \t]*)(" + KEY_CHARS + r") (?=\S)")


def _realign(body: str) -> str:
    columns: dict[tuple[int, int], int] = {}
    for m in _ALIGNED_ROW.re.finditer(body, 0, 20_000):
        at = (len(m[1]), len(m[1]) + len(m[2]) + len(m[3]))  # indent, description column
        columns[at] = columns.get(at, 0) + 1
    best = max(columns, key=lambda c: columns[c], default=(0, 0))  # the layout most rows use
    if columns.get(best, 0) < 2:
        return body
    indent, column = best
    lines = body.split("\n")
    for i, ln in enumerate(lines[: 8 * MAX_SEGMENTS]):
        tight = _TIGHT_ROW.re.match(ln)
        if tight and len(tight[1]) == indent and len(tight[0]) == column and key_like(tight[2]):
            lines[i] = f"{tight[1]}{tight[2]}  {ln[column:]}"
    return "\n".join(lines)


# "s0..s7", "ch1 through ch8": a closed run of numbered keys, each a key of its own (a
# run of at most _MAX_RUN; an open family, "c0, c1, ..., cn", is a pattern instead).
_KEY_RANGE = token(
    "key range",
    r"(?:(?<=^)|(?<=\n)|(?<=[,;:(]))[ \t]*(?:[-*\u2022][ \t]+)?"
    r"(?P<s>[a-z][A-Za-z_]*)(?P<a>\d{1,2})[ \t]*"
    r"(?:\.\.\.?|\u2013|-|[ \t](?:through|to|thru)[ \t])"
    r"[ \t]*(?P=s)(?P<b>\d{1,2})(?![\w.=>-])"
    r"(?:(?P<n>[ \t]*\([^()\n]{0,80}\))|(?P<d>(?:[ \t]*(?:->|-|:|\u2013)[ \t]+|[ \t]{2,})[^\n]+))?",
)
_LINE_HEAD = token("line head", r"[ \t]*(?:" + BULLET + r"[ \t]+)?")
_MAX_RUN = 16
_SHARED_CHARS = 120  # a note longer than this is not copied to each key of a run


def _spelled_out(m: re.Match[str]) -> str:
    first, last = int(m["a"]), int(m["b"])
    if not 0 < last - first < _MAX_RUN:
        return m[0]
    head = m.string[m.string.rfind("\n", 0, m.start()) + 1 : m.start()]
    lead = m[0][: m.start("s") - m.start()]  # the blanks or bullet before the run
    said = m["d"] or ""
    if said and len(said) <= _SHARED_CHARS and _LINE_HEAD.re.fullmatch(head + lead):
        # "out1..out8  label of each output": a line a key, each with the description
        return "\n".join(f"{lead}{m['s']}{i}{said}" for i in range(first, last + 1))
    note = m["n"] or ""
    if len(note) > _SHARED_CHARS:
        note = ""  # a long note is said once, of the run's last key
    names = [f"{m['s']}{i}{note}" for i in range(first, last + 1)]
    return lead + ", ".join(names) + (m["n"] if m["n"] and not note else "") + said


# "Sensor: sid, t (temperature)" over "Gateway: sid, up (uptime)": the keys each class of
# device sends, a line a class; the label names the class, not a key.
_GROUP_LINE = token(
    "group line",
    r"(?m)^[ \t]*(?P<l>[A-Z][\w-]*(?:[ \t]+[\w()-]+){0,4})[ \t]*:[ \t]+(?P<v>\S[^\n]*)$",
)
_GROUP_ITEM = token(
    "group item", r"\s*(?:and\s+)?(?P<k>" + KEY_CHARS + r")\s*(?:\([^()]*\)|=\S[^,;]*)?\s*\.?\s*"
)
_GROUP_CUE = token(
    "group cue",
    r"(?i)\b(?:all|both|every|each|also|additionally|send|sends|only|devices?|models?)\b",
)


def _group_lists(body: str) -> str:
    """Lines that each give a class of devices and the keys it sends, as one key list.

    Two lines or more, every item a key (bare, with a note in brackets or assigned); the
    lists share a key or a label says it names a class ("All devices", "Both").
    """
    found = list(_GROUP_LINE.re.finditer(body))
    if len(found) < 2:
        return body
    lists: list[set[str]] = []
    for m in found:
        items = [i for i in split_top(m["v"], ",;") if i.strip()]
        matched = [_GROUP_ITEM.re.fullmatch(i) for i in items]
        if len(items) < 2 or not all(matched):
            return body
        lists.append({str(g["k"]).lower() for g in matched if g})
    shared = any(a & b for i, a in enumerate(lists) for b in lists[i + 1 :])
    noted = sum("(" in i or "=" in i for m in found for i in split_top(m["v"], ",;"))
    keyish = shared and 2 * noted >= sum(len(keys) for keys in lists)  # not "Mode: auto, off"
    if not keyish and not any(_GROUP_CUE.re.search(m["l"]) for m in found):
        return body
    starts = {m.start() for m in found}
    return str(_GROUP_LINE.re.sub(lambda m: str(m["v"]) if m.start() in starts else m[0], body))


_NO_KEY_WORDS = frozenset({"none", "n/a", "nothing", "nil"})
_SUB_INTRO = token(
    "sub intro",
    r"(?im)(?<=\n)[ \t]*(?:(?:new|more|other|further|additional|extra)[ \t]+)?(?:txt[ \t]+)?"
    r"keys[ \t]+(?:introduced|added|new|sent|used)\b[^:\n]{0,60}:[ \t]*(?=\S)",
)
# A body that is only quoted names in a comma list: each name is a key, spaces and all.
_QUOTED_NAMES = token(
    "quoted names",
    r'\s*"[A-Za-z][\w .-]{0,30}"(?:\s*,\s*(?:and\s+)?"[A-Za-z][\w .-]{0,30}"){1,30}\s*\.?\s*',
)
# The heading row of an aligned table: "Key", then capitalised column names.
_ALIGNED_HEADING = token(
    "aligned heading",
    r"[ \t]*(?i:keys?|name|field|txt[ \t]+key|parameter|attribute)"
    r"(?:[ \t]{2,}[A-Z][A-Za-z/()]*(?:[ \t][A-Za-z/()]+){0,2}){2,5}[ \t]*\n",
)
# A record in a code fence, with sentences about its keys outside it: the fence names the
# keys; the sentences are notes on them ("`proto` is `mqtt` or `mqtts`").
_FENCE = token("fence", r"(?ms)^[ \t]*(?P<f>```|~~~)[^\n]*\n(?P<c>.*?)\n[ \t]*(?P=f)[ \t]*$")
_LINE_FENCE = token(
    "line fence", r"\s*(?:```|~~~)[A-Za-z]*[ \t]+(?P<c>[^`\n]+?)[ \t]*(?:```|~~~)\s*"
)
_FENCED_ASSIGN = token("fenced assign", r"(?m)^[ \t]*" + KEY_CHARS + r"[ \t]*=")


def _fenced_record(body: str) -> str | None:
    """The inside of the one code fence of a body whose other text is prose, or None."""
    fences = list(_FENCE.re.finditer(body))
    if len(fences) != 1 or len(_FENCED_ASSIGN.re.findall(fences[0]["c"])) < 2:
        return None
    outside = (body[: fences[0].start()] + "\n" + body[fences[0].end() :]).strip()
    lines = [ln for ln in outside.split("\n") if ln.strip()]
    if any(_LABEL_LINE.re.match(ln) or _ENUMERATOR.re.match(ln) or "|" in ln for ln in lines):
        return None  # entries outside the fence too: the fence is an example
    if not all(has_prose(ln) or ln.rstrip().endswith(":") for ln in lines):
        return None
    return str(fences[0]["c"])


# Two short literal values of one key assigned twice ("on" ... "off", "1" ... "0").
_TWO_VALUES = token("two values", r"[\w.+-]{1,12} [\w.+-]{1,12}")


# "just one, ver", "only two: id and fw", "Three keys, a, b and c": a count before the keys.
_COUNT_LEAD = token(
    "count lead",
    r"(?i)^\s*(?:(?:just|only|exactly)\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s+(?:txt\s+)?keys?)?\s*(?:[,:]|(?<=keys)\.|(?<=key)\.)\s+(?=\S)",
)
# A first line that is only a remark in parentheses: an aside, not an entry.
_ASIDE_LINE = token("aside line", r"\s*\([^()\n=<>]{3,120}\)[ \t]*\n")
# "(protocol 3) txtvers=3, ...": a remark in parentheses before the first assignment.
_LEAD_ASIDE = token(
    "lead aside",
    r"\s*\((?!\s*(?:optional|required|mandatory|opt|req)\b)[^()\n=<>]{1,40}\)[ \t]+(?="
    + KEY_CHARS
    + r"=)",
)


def _mentions_keys(text: str) -> bool:
    return find(mentions_keys, text) is not None


_BESIDES = token(
    "besides",
    r"(?i)\b(?:besides|in\s+addition\s+to|apart\s+from|as\s+well\s+as|other\s+than)\s+(?:the\s+key\s+)?"
    r"(?P<k>" + KEY_CHARS + r"(?:\s*(?:,|\band\b)\s*" + KEY_CHARS + r")*)",
)
_HEADING = token(
    "heading",
    r"(?m)^[ \t]*(?:#{1,4}[ \t]+[^\n]*|(?:\d+\.)+[ \t]+[A-Z][^\n.:;=]{0,60}|[A-Z][A-Za-z ]{0,30})"
    r"[ \t]*$",
)


# A section heading alone on its line ("Overview", "Keys", "3. Notes"): structure, not a key.
_SECTION_HEAD = token(
    "section head",
    r"(?im)^[ \t]*(?:\d{1,2}(?:\.\d{1,2})*\.?[ \t]+)?(?P<w>overview|introduction|general|background"
    r"|summary|description|keys|txt\s+keys|txt\s+record|key\s+list|notes?|remarks?"
    r"|usage|details|extensibility|security(?:\s+considerations)?|deprecated|obsolete|legacy"
    r"|reserved(?:\s+for\s+future\s+use)?|removed|withdrawn|general|diagnostics|misc(?:ellaneous)?"
    r"|advanced|version\s+history|change\s*log)[ \t]*(?:\((?:optional|required|mandatory)\))?"
    r"[ \t]*:?[ \t]*$"
    # "== Removed ==", "=== Current (format 2) ===": a wiki heading, whatever its words
    r"|^[ \t]*={2,4}[ \t]*(?P<v>[^=\n]{1,40}?)[ \t]*={2,4}[ \t]*$",
)
# Sections that hold prose about the keys, not entries.
_PROSE_SECTIONS = frozenset(
    {"overview", "introduction", "background", "summary", "notes", "note", "remarks"}
    | {"reserved", "reserved for future use", "removed", "withdrawn", "history", "changes"}
    | {"version history", "changelog", "change log"}
    | {"remark", "usage", "details", "extensibility", "security", "security considerations"}
)


# "2. Network" alone on its line, its entries indented below it: a numbered heading.
_NUMBERED_HEAD = token(
    "numbered head",
    r"(?m)^[ \t]*\d{1,2}(?:\.\d{1,2})*\.?[ \t]+[A-Z][a-z]+(?:[ \t]+[A-Za-z]+){0,3}[ \t]*:?$",
)


# An entry line: a key, then "=", ": ", a column gap or a dash.
_ENTRY_BELOW = token(
    "entry below",
    r"[ \t]+(?:"
    + BULLET
    + r"[ \t]+)?"
    + KEY_CHARS
    + r"(?:[ \t]*=|:[ \t]|[ \t]{2,}\S|[ \t]+[-\u2013][ \t])",
)


# A man page's section heading, in capitals alone on its line.
_MAN_HEAD = token(
    "man head",
    r"[ \t]*(?P<w>NAME|SYNOPSIS|DESCRIPTION|OPTIONS|TXT RECORD|KEYS|NOTES|EXAMPLES?|FILES|SEE ALSO"
    r"|HISTORY|AUTHORS?|BUGS|STANDARDS|CAVEATS)[ \t]*",
)
_MAN_LINE = token("man line", r"(?m)^" + _MAN_HEAD.re.pattern + r"$")
_MAN_ENTRY_SECTIONS = frozenset({"DESCRIPTION", "TXT RECORD", "KEYS", "OPTIONS"})


def _drop_sections(body: str) -> str:
    """Section headings are dropped; so are the paragraphs under a prose heading."""
    out: list[str] = []
    skipping = False
    lines = body.split("\n")[: 8 * MAX_SEGMENTS]
    man_page = len(_MAN_LINE.re.findall(body)) >= 2  # "NAME" alone may be a key of its own
    for at, line in enumerate(lines):
        if man_page and (man := _MAN_HEAD.re.fullmatch(line)):  # "NAME", "SEE ALSO" sections
            skipping = man["w"] not in _MAN_ENTRY_SECTIONS
            continue
        head = _SECTION_HEAD.re.fullmatch(line)
        if head is None and _NUMBERED_HEAD.re.fullmatch(line):
            below = lines[at + 1] if at + 1 < len(lines) else ""
            if line_indent(below) > line_indent(line) and _ENTRY_BELOW.re.match(below):
                continue  # "2. Network" over indented entries ("1. Serial" over words: a key)
        if head:
            words = " ".join((head["w"] or head["v"]).lower().split())
            skipping = words in _PROSE_SECTIONS or words.split()[0] in _PROSE_SECTIONS
            continue
        if skipping and not line.strip():
            skipping = False  # the prose paragraph ends
            continue
        if not skipping:
            out.append(line)
    return "\n".join(out)


def _skip_sentences(body: str) -> str:
    """Sentences of prose before an intro on the same paragraph ("Any key starting with
    "x-" is vendor specific. Defined: ver, id.")."""
    for m in _SENTENCE_BREAK.re.finditer(body, 0, 600):
        before = body[: m.start()]
        if "=" in before or "<" in before or not (has_prose(before) or len(before.split()) >= 4):
            return body
        if _NEED_LABEL_LEAD.re.match(before):
            return body  # "Required: id (...). Optional: nm ...": need groups, not prose
        rest = body[m.end() :]
        if _intro(rest) is not None:
            return rest
    return body


_NEED_LABEL_LEAD = token(
    "need label lead", r"(?i)\s*(?:required|mandatory|optional|public)(?:\s+keys)?\s*:"
)
_SENTENCE_BREAK = token("sentence break", r"(?<=[a-z0-9)\"'])[.!?]\s+(?=[A-Z])")


def _skip_preamble(body: str) -> str:
    """Paragraphs of prose or headings before the entries ("The loggers announce ...",
    "## TXT record", "4.2.  TXT Record", a closing "... the following keys:")."""
    if "\n\n" not in body or len(body) > 8_000:
        return _skip_sentences(body)
    paragraphs = re.split(r"\n[ \t]*\n", body)
    skipped = 0
    for para in paragraphs[:-1]:
        text = para.strip()
        heading = _HEADING.re.fullmatch(text) is not None and "\n" not in text
        prose = (
            has_prose(text)
            and "=" not in text
            and "<" not in text
            and (text.endswith((".", ":")) or _mentions_keys(text))
            and not re.search(r"[\"`]", text)
            and not any(
                _LABEL_LINE.re.match(ln) or _LONE_KEY.re.fullmatch(ln) for ln in text.split("\n")
            )
        )
        if not (heading or prose):
            break
        skipped += 1
    if not skipped:
        return body
    return "\n\n".join(paragraphs[skipped:])


_LONE_KEY = token("lone key", r"[ \t]*" + KEY_CHARS + r"[ \t]*")
_LABEL_LINE = token(
    "label line", r"^[ \t]*(?:[-*][ \t]+)?" + KEY_CHARS + r"[ \t]*(?::[ \t]*\S|  \S|[ \t]-[ \t])"
)


# "hwaddr is the MAC, ipaddr the IPv4 address and hostname the DNS name": the verb is
# said once; each later key opens a clause of its own.
_GAPPED = token(
    "gapped",
    r"(?:,\s*(?:and\s+)?|\s+and\s+)(?=(?P<k>[a-z][\w-]{0,20})\s+(?:the|an?|its|is|are|=)\s)",
)
_GAPPED_THE = token(
    "gapped the",
    r"(?i)(?:,\s*(?:and\s+)?|\s+and\s+)(?=the\s+(?P<k>[\w-]{1,20})\s+(?:one\s+|key\s+)?(?:is|are)\s)",
)
_GAP_SUBJECT = token("gap subject", r"\s*(?P<k>[a-z][\w-]{0,20})\s+(?=(?:the|an?|its)\s)")
# "qos (0|1|2)", "tls: on/off" after "broker = host;": a clause headed by another key's
# own entry speaks of that key, never of the key before it.
_ENTRY_HEAD = token(
    "entry head", r"\s*[\"'`]?(?P<k>" + KEY_CHARS + r")[\"'`]?(?=[ \t]*[(:\[]|[ \t]+[-=]\s)"
)


# Where a note's sentence ends: a sentence end (not that of "e.g." or "i.e.": "e.g. 9600"
# goes on) or line ends.
_NOTE_SPLIT = token("note split", r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<=[.!?])\s+|\n+")


def _attach_notes(found: list[Entry], body: str) -> None:
    """Sentences after the entries that speak about one of the keys ("Note on fmt: either cbor
    or json", "port is normally 5020") are notes on that key: read for its facets."""
    by_name = {e.name: e for e in found}
    if len(body) > 8_000:
        return
    named = any(
        f" {name}" in body or any(f"{q}{name}{q}" in body for q in "`'\"") for name in by_name
    )
    if not named and not _EVERY_KEY.re.search(body):
        return
    last: Entry | None = None  # the key the sentence before spoke of
    for sentence in _NOTE_SPLIT.re.split(body)[:MAX_SEGMENTS]:
        if len(found) >= 2 and _EVERY_KEY.re.match(sentence):
            for each in found:  # "The value of each is either ...": said of every key
                if sentence.strip() not in each.notes:
                    each.notes.append(sentence.strip())
            continue
        # a clause without a subject of its own goes on about the one before; "Its value ..."
        # opening a sentence goes on about the key of the sentence before
        only = found[0] if len(found) == 1 else None  # "it" with one key named: that key
        entry = (last or only) if _ITS_VALUE.re.match(sentence) else None
        gapped = _GAPPED.re.sub(lambda g: ";" if g["k"] in by_name else g[0], sentence)
        gapped = _GAPPED_THE.re.sub(  # ", the second one is ...", "and the state is ..."
            lambda g: ";" if g["k"] in by_name or g["k"].lower() in _ORDINALS else g[0], gapped
        )
        for clause in gapped.split(";")[:16]:
            name = subject_key(clause)
            said = clause
            if (placed := _POSITION.re.match(clause)) and (
                spoken := _positional(placed, found)
            ) is not None:  # "The first one is always 1", "the last key give ..."
                name, said = spoken.name, clause[placed.end() :]
            if not name and (gap := _GAP_SUBJECT.re.match(clause)) and gap["k"] in by_name:
                name, said = gap["k"], clause[gap.end() :]  # "ipaddr the IPv4 address"
            head = _ENTRY_HEAD.re.match(clause) if not name else None
            if head and head["k"] in by_name and by_name[head["k"]] is not entry:
                entry = None  # "...; qos (0|1|2)": the next key's own entry
                continue
            entry = by_name.get(name, entry) if name else entry
            text = said.strip()
            if entry is None or not text or any(text in d for d in entry.description):
                continue
            if text not in entry.notes:  # "If it is not there, we use 30.": kept whole
                entry.notes.append(text if _IF_IT.re.match(text) else predicate(text))
        if entry is None:  # "The record MUST contain a 'lv' key.": the one key it names
            quoted = [
                e for n, e in by_name.items() if any(f"{q}{n}{q}" in sentence for q in "`'\"")
            ]
            entry = quoted[0] if len(quoted) == 1 else None
        last = entry if entry is not None else last


# "The first one is ...", "the second one is ...", "The third key is ...", "The last key sess
# is ...": a key named by its place in the list above.
_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "sixth": 5}
_POSITION = token(
    "position",
    r"(?i)\s*(?:(?:explanation|meaning)s?(?:\s+of\s+them)?\s*:\s*)?(?:and\s+|but\s+)?(?:the\s+)?"
    r"(?P<n>first|second|third|fourth|fifth|sixth|last|final)\s+(?:one|key|field|entry|item)"
    r"(?:\s+(?P<k>" + KEY_CHARS + r"))?\s+(?=(?:is|gives?|holds?|says?|tells?|carries|contains?"
    r"|shows?|means?)\b)",
)


def _positional(placed: re.Match[str], found: list[Entry]) -> Entry | None:
    """The entry a positional subject names: by its name when it gives one, else by place."""
    if placed["k"]:
        return next((e for e in found if e.name == placed["k"]), None)
    word = placed["n"].lower()
    index = len(found) - 1 if word in ("last", "final") else _ORDINALS[word]
    return found[index] if index < len(found) else None


# "The value of each is ...", "Both take ...", "If a key is absent, ...": a sentence said of
# every key of the list.
_EVERY_KEY = token(
    "every key",
    r"(?i)\s*(?:the\s+values?\s+of\s+(?:each|every|all|both)(?:\s+(?:keys?|of\s+them))?\s+(?:is|are|can|may|must)"
    r"|(?:each|every|both|all)(?:\s+of\s+(?:them|these|the\s+keys)|\s+keys?)?\s+(?:is|are|takes?|can|may|must)\s+"
    r"(?:either|one\s+of|set\s+to|\S+\s+or\s)"
    r"|(?:if|when)\s+(?:a|any|either|one)\s+(?:key|of\s+them)\s+is\s+(?:absent|missing|omitted|not\s+(?:present|set))\b)",
)


_IF_IT = token("if it", r"(?i)\s*(?:if|when|unless)\s+(?:it|the\s+key)\b")
_ITS_VALUE = token(
    "its value",
    r"(?i)\s*(?:its|the\s+key's)\s+value\b"
    # "If it is not there, we use 30.": "it" is the key the sentence before spoke of
    r"|\s*(?:if|when|unless)\s+(?:it|the\s+key)\s+(?:is\s+not|isn'?t|is\s+missing|is\s+absent"
    r"|is\s+omitted|is\s+left\s+out)\b",
)


# "(* optional)", "* = optional", "keys marked * are optional": a footnote to a mark.
_FOOTNOTE = token(
    "footnote",
    r"(?im)(?:^|(?<=[.;])|(?<=\s)(?=\(\s*\*))[ \t]*\(?[ \t]*\*[ \t]*\)?[ \t]*(?:[=:\-][ \t]*)?"
    r"(?P<n>optional|required|mandatory)\b[ \t]*\)?[ \t.]*$",
)


def _layout(body: str) -> tuple[list[Entry], dict[str, str]]:
    """The first layout that reads the body, most specific first."""
    if "\n" in body and (besides := _BESIDES_LIST.re.match(body)):
        body = besides["k"] + "\n" + body[besides.end() :]  # the fixed key heads the list
    if head := _FLAT_TYPED_HEAD.re.match(body):  # "Key Type Description sr uint32 rate ..."
        typed_rows = _typed_rows(body[head.end() :], "default" in head.group(0).lower())
        body = typed_rows if typed_rows != body[head.end() :] else body
    if "   " in body and "\n" not in body.strip():
        body = _run_on_rows(body)
    if (obj := json_object(body)) is not None:
        return obj, {}
    if _QUOTED_NAMES.re.fullmatch(body):  # '"Room Name", "Zone ID", "Firmware"': the names
        return [Entry(name) for name in re.findall(r'"([^"\n]+)"', body)][:MAX_KEYS], {}
    if _KEY_FIELD_LINE.re.match(body) and _INLINE_FIELD.re.search(body):  # "Key: ver  Value: x"
        body = _INLINE_FIELD.re.sub("\n", body)
    if (records := _field_records(body)) is not None:
        return records, {}
    if (flat := flat_table_entries(body)) is not None:
        return flat, {}
    if (typed := _typed_pairs(body)) is not None:
        return typed, {}
    if (declared := c_declarations(body)) is not None:
        return declared, {}
    if (chosen := choice_row_entries(body)) is not None:
        return chosen, {}
    if "[" in body and (bracketed := bracket_line_entries(body)) is not None:
        return bracketed, {}
    if "\n" in body and _SUB_LINE.re.search(body) and (terms := _definition_list(body)):
        return terms, {}  # keys over "Type:" / "Default:" sub-lines (a man page)
    if "\n" not in body.strip() and len(_INLINE_FACET.re.findall(body)) >= 2:
        # "cam Values: front, rear Default: front res Values: 720, 1080": the line breaks
        # before each label were lost; a label's line goes back under its key
        body = _INLINE_FACET.re.sub("\n", body)
    body = _FACET_LINE.re.sub(lambda m: f" ({m.group(1)}: {m.group(2).strip()})", body)
    if len(_INLINE_ENUM.re.findall(body)) >= 2:  # "(1) devname : ... (2) devtype : ..." on one line
        body = _INLINE_ENUM.re.sub("\n", body)
        # "(iii) mfg-date, YYYY-MM-DD": one entry per mark; its first comma ends the key
        body = _ENUM_COMMA.re.sub(r"\1 - ", body)
    if "[" in body and len(_INLINE_BRACKET_HEAD.re.findall(body)) >= 2:
        body = _INLINE_BRACKET_HEAD.re.sub("\n", body)  # "[ver] version [id] serial" on one line
    if (table := pipe_table_entries(body)) is not None:
        return table, {}
    if (table := embedded_table_entries(body)) is not None:
        return table, {}
    if (listed := _list_then_entries(body)) is not None:
        return listed, {}
    if (rows := _slash_rows(body)) is not None:
        return rows, {}
    if (terms := _definition_list(body)) is not None:
        return terms, {}
    if (clauses := need_clause_entries(body)) is not None:
        return clauses, {}
    if (stated := stated_entries(body)) is not None:
        return stated, {}
    mixed = mixed_line_entries(body, _labelled_entries, lambda row: _segment_entries(row)[0])
    if mixed is not None:
        return mixed, {}
    labelled = _labelled_entries(body)
    if labelled:
        return labelled, {}
    if (rows := quoted_row_entries(body)) is not None:
        return rows, {}
    if (held := holder_entries(body)) is not None:
        return held, {}
    quoted_keys = _quoted_key_entries(body)
    prose = _prose_keys(body)
    if find(not_a_key, body):  # '"GV" or "Rad" are not recognised': no keys
        prose = not_denied(prose, body) if prose else prose
        quoted_keys = not_denied(quoted_keys, body) if quoted_keys else quoted_keys
    named = max(len(quoted_keys), len(prose), 1)
    lines = _key_lines(body, 2 * named)
    if lines >= 2 * named or (lines >= 2 and _only_in_key_lines(quoted_keys + prose, body)):
        # "psk - ... the key slot", "* name - ...": lines of a list; words quoted in the
        # lines or in prose around them ("e.g. 'r3b'", "sent 'batt'") are at most half as
        # many, or are all inside the lines' descriptions ('auth - "none" or "pin"'): values
        quoted_keys = prose = []
    if (quoted_keys or prose) and "=" not in body and (subjects := subjects_over(body, prose)):
        return subjects, {}  # 'enc names the encoding, one of "none" or "gzip"': values
    if quoted_keys and len(prose) <= len(quoted_keys):
        return quoted_keys, {}
    if prose:
        return prose, {}
    if "=" not in body and (subjects := subject_keys(body)):
        return subjects, {}  # "proto must be "2"; dev is the device name; opt lists ..."
    return _segment_entries(body)


# A typed table flattened onto one line: "Key Type Description ------ hn string Host name
# os string win, mac or linux dpy uint8 Number of displays". A row starts where a key is
# followed by a type word.
_FLAT_TYPED_HEAD = token(
    "flat typed head",
    r"(?i)\s*(?:key|name|field)\s+type\s+(?:default\s+|required\s+)?(?:description|meaning|notes?)"
    r"\s*(?:-{2,}\s*)*(?=\S)",
)
# ("version" and "text" are left out: "format version", "free text" are words of descriptions)
_TYPE_WORDS = (
    r"(?:u?int(?:8|16|32|64)?(?:_t)?|string|str|bool(?:ean)?|enum|float|double|hex|uuid|url"
    r"|ip|mac|integer|number)"
)
_TYPED_ROW = token(
    "typed row", r"(?<=\S)[ \t]+(?=(?P<k>" + KEY_CHARS + r")[ \t]+" + _TYPE_WORDS + r"[ \t])"
)


def _typed_rows(body: str, defaults: bool = False) -> str:
    """The rows of a flattened typed table, a line each: ``key - type description``; with
    a Default column (``defaults``), ``key - type description (default X)``."""
    if "\n" in body.strip():  # rows on lines, single spaces only: "interval int 30 seconds"
        if "  " in body or "\t" in body:
            return body  # aligned columns: the table reader reads them
        rows = [row.strip() for row in body.strip().split("\n") if row.strip()]
        if rows and all(_KEY_THEN_TYPE.re.match(row) for row in rows):
            if defaults and all(_DEFAULT_CELL.re.match(row) for row in rows):
                return "\n".join(_DEFAULT_CELL.re.sub(_default_last, row, count=1) for row in rows)
            return "\n".join(_KEY_THEN_TYPE.re.sub(r"\1 - \2: ", row, count=1) for row in rows)
        return body
    starts: list[int] = []
    for m in _TYPED_ROW.re.finditer(body):
        row = body[starts[-1] if starts else 0 : m.start()]
        if m["k"].lower() in STOPWORDS or m["k"].isdigit() or len(row.split()) < 3:
            continue  # a row is a key, a type and a description ("serial number" is words)
        starts.append(m.end())
    if not starts:
        return body
    rows = [body[a:b].strip() for a, b in zip([0, *starts], [*starts, len(body)], strict=True)]
    return "\n".join(_KEY_THEN_TYPE.re.sub(r"\1 - \2: ", row, count=1) for row in rows)


_KEY_THEN_TYPE = token("key then type", r"^(" + KEY_CHARS + r")[ \t]+(" + _TYPE_WORDS + r")[ \t]")
# A row under "Key Type Default Description": key, type, one-word default ("-": none), text.
_DEFAULT_CELL = token(
    "default cell",
    r"^(?P<k>" + KEY_CHARS + r")[ \t]+(?P<t>" + _TYPE_WORDS + r")[ \t]+(?P<d>\S+)[ \t]+"
    r"(?P<r>\S.*)$",
)


def _default_last(m: re.Match[str]) -> str:
    none = m["d"] in ("-", "\u2013", "\u2014", "n/a", "none", "(none)")
    return f"{m['k']} - {m['t']}: {m['r']}" + ("" if none else f" (default {m['d']})")


# "txtvers   Version of TXT record model   Product model fw   Firmware revision": the rows
# of an aligned two-column list run onto one line; a key is a word before a run of spaces.
_ALIGNED_CELL = token("aligned cell", r"(?:^|(?<=\s))(" + KEY_CHARS + r") {3,}(?=\S)")
_RUN_ON_ROW = token("run-on row", r"(?<=\S) (?=" + KEY_CHARS + r" {3,}\S)")


def _run_on_rows(body: str) -> str:
    text = body.strip()
    heads = _ALIGNED_CELL.re.findall(text)
    if len(heads) < 2 or not _ALIGNED_CELL.re.match(text) or not all(key_like(h) for h in heads):
        return body
    return _RUN_ON_ROW.re.sub("\n", text)


# ------------------------------------------------------------------- version histories


def _version_history(body: str) -> list[Entry] | None:
    """The current keys of a body told as version steps (see ``history.py``), or None."""
    return version_history_entries(body, lambda text: entries(text)[0])


def _list_then_entries(body: str) -> list[Entry] | None:
    """``v, id, fl`` on the first line, then lines describing some of them (``v : always
    "1"``): the list names the keys, the lines below describe them."""
    first, _, rest = body.lstrip("\n").partition("\n")
    items = [
        w.strip() for w in re.split(r"[,;|]|\s(?:and|&)\s", first.strip().strip("|").rstrip("."))
    ]
    if (
        len(items) < 2
        or not rest.strip()
        or not all(key_like(w) and w.lower() not in STOPWORDS for w in items)
    ):
        return None
    if "=" in first or len(items) > MAX_SEGMENTS:
        return None
    below = _labelled_entries(rest) or _definition_list(rest) or []
    explained = rest.startswith("\n") and has_prose(rest)  # a blank line, then prose on them
    if (not below or not {e.name for e in below} <= set(items)) and explained:
        if len(items) >= 3 and "|" in first:
            return [Entry(w) for w in items]  # "tz | lat | lon", a blank line, then prose
        # "dev, sr, nch", a blank line, "Explanation: dev is the model. sr is ...": the
        # sentences speak of the listed keys by name, so the list names the keys.
        spoken = sum(1 for w in items if re.search(rf"(?<![\w.-]){re.escape(w)}(?![\w-])", rest))
        if spoken >= min(2, len(items)):
            return [Entry(w) for w in items]
    if not below or not {e.name for e in below} <= set(items):
        return None
    by_name = {e.name: e for e in below}
    return [by_name.get(w, Entry(w)) for w in items]


# --------------------------------------------------------------------------- slash rows


def _slash_rows(body: str) -> list[Entry] | None:
    """``key / required / meaning`` rows (``records.slash_entries``); a row in another entry
    form ("host (required) - ...") is read as segments."""
    return slash_entries(
        body,
        lambda row: _KEY_LEAD.re.match(row) is not None,
        lambda row: _segment_entries(row)[0],
    )


# --------------------------------------------------------------------------- labelled


def _labelled_entries(body: str) -> list[Entry]:
    """``td: Absolute pathname ...`` paragraphs and need groups (``labelled.py``)."""
    return labelled_entries(body, lambda row: _segment_entries(row)[0], _group_word)


def _group_word(word: str) -> Entry | None:
    """A word of a need group's list: a key, maybe quoted, or ``alias (user-given name)``."""
    return Entry(_unquote(word)) if key_like(word) else _key_phrase(word, False, multiword=False)


# --------------------------------------------------------------------------- quoted keys

_QUOTED_KEY = token(
    "quoted key",
    r"(?i)(?:\bkey\s*:?\s*[\"'](?P<a>"
    + KEY_CHARS
    + r")[\"']|[\"'](?P<b>"
    + KEY_CHARS
    + r")[\"']\s*:)",
)


def _quoted_key_entries(body: str) -> list[Entry]:
    """``"url": if present ...`` and ``key "txtvers" for ...`` forms."""
    matches = list(_QUOTED_KEY.re.finditer(body))
    if not matches:
        return []
    keys = []
    for i, m in enumerate(matches[:MAX_SEGMENTS]):
        if _FORMER.re.search(body, max(0, m.start() - 24), m.start()) or _WITHDRAWN.re.match(
            body, m.end()
        ):
            continue  # 'the former key "js" (draft-00) is withdrawn': history, not a key
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        keys.append(Entry(m.group("a") or m.group("b") or "", description=[body[m.end() : end]]))
    return keys


_PROSE_QUOTED = token("prose quoted", r"(?P<pre>\b\w+\s+)?[\"'`](?P<k>" + KEY_CHARS + r")[\"'`]")


# "the key sn carries ...", "a key named role": a key named in a sentence without quotes.
_PROSE_KEY = token(
    "prose key",
    r"(?i)\bkey\s+(?:is\s+(?P<k2>" + KEY_CHARS + r")(?=\s*(?:[,.;]|$))"  # not "is left out"
    r"|(?:named\s+|called\s+)?(?P<k>" + KEY_CHARS + r")(?=[\s,.;]|$))"
    # "one called room", "one more with name batt", "an attribute named x"
    r"|\b(?:named|called|with\s+(?:the\s+)?name)\s+(?P<k3>" + KEY_CHARS + r")(?=[\s,.;]|$)",
)
_NAMING_CUE = token("naming cue", r"(?i)\b(?:named|called|with\s+(?:the\s+)?name)\s+\S")
_NOT_PROSE_KEYS = STOPWORDS | {
    # "if the key is missing": a state of the key, not its name
    "missing",
    "absent",
    "present",
    "omitted",
    "empty",
    "optional",
    "required",
    "mandatory",
    "unset",
    "ignored",
    "unknown",
    "value",
    "values",
    "name",
    "names",
    "field",
    "record",
    "is",
    "and",
    "or",
    # "the key set is maintained in ...", "the key list", "key material": words about keys
    "set",
    "list",
    "space",
    "material",
    "schema",
}
# A quoted key in a sentence; a quoted assignment ("txtvers=2") names its value too.
_PROSE_QUOTED = token(
    "prose quoted",
    r"(?P<pre>\b\w+\s+)?(?<!\w)[\"'`](?P<k>" + KEY_CHARS + r")(?:=(?P<v>[^\"'`<>\s]*))?[\"'`]",
)
_SENTENCE_END = token("sentence end", r"\.(?:\s|$)|\n\s*\n")
# A line that opens with a key and a mark ("* name - what ...", "psk: ..."): an entry line.
_KEY_LINE = token(
    "key line",
    r"(?m)^[ \t]*(?:"
    + BULLET
    + r"[ \t]+)?"
    + KEY_CHARS
    + r"[ \t]*(?:\[[^\[\]\n]{1,20}\][ \t]*)?(?:[-:=(\u2013\u2014]|[ \t]{2})",
)
_WHOLE_KEY_LINE = token("whole key line", _KEY_LINE.re.pattern + r"[^\n]*")


def _only_in_key_lines(found: list[Entry], body: str) -> bool:
    """Two or more names of ``found``, all written only on one line that opens with another
    key (``auth (optional) - "none", "pin" or "cert"``): that key's values."""
    if len(found) < 2 or len(body) > 8_000:
        return False
    holders = [
        m[0] for m in _WHOLE_KEY_LINE.re.finditer(body) if any(_names(e.name, m[0]) for e in found)
    ]
    rest = _WHOLE_KEY_LINE.re.sub("", body)
    return len(holders) == 1 and not any(_names(e.name, rest) for e in found)


def _names(name: str, text: str) -> bool:
    return re.search(r"(?<![\w.-])" + re.escape(name) + r"(?![\w-])", text) is not None


def _key_lines(body: str, upto: int = 2) -> int:
    """How many lines of a body open with a key and a mark, counting up to ``upto``."""
    count = 0
    for _ in _KEY_LINE.re.finditer(body):
        count += 1
        if count >= upto:
            break
    return count


_KEY_LEAD = token("key lead", r"^\s*" + KEY_CHARS + r"\s*(?:[-:=(\u2013\u2014]|\s{2})")


# "starting with", "prefixed with", "ends with": the quoted word after it is an affix.
_AFFIX_WITH = token(
    "affix with", r"(?i)\b(?:start|begin|end|prefix|suffix)\w*\s+(?:\w+\s+)?with\s*$"
)


# An assignment given as an instance in prose ("e.g. v=2", "equivalent to f=00"): a value.
_SAID_ASSIGN = token(
    "said assign",
    r"(?i)\b(?:e\.\s?g\.,?|for\s+(?:example|instance),?|such\s+as|equivalent\s+to|i\.\s?e\.,?"
    r"|as\s+in|describes|covers|documents|with)\s+" + KEY_CHARS + r"=[^\s,;<>=\"'`]*",
)
# A last sentence showing a sample record after a colon ("A typical record looks like:
# a=1 b=2 c", "Example: a=1"): key=value pairs and bare words up to the end of the note.
_SAMPLE_TAIL = token(
    "sample tail",
    r"(?:^|(?<=[.!?])\s+)[A-Z][^.!?:\n\"'`]{0,80}:\s*(?=[^\s=]+=)(?:"
    + KEY_CHARS
    + r"(?:=[^\s\"'`]*)?(?:[ \t]+|\s*$))+$",
)


def _prose_keys(body: str) -> list[Entry]:
    """``a record holds "k1" and "k2", and one of "k3" or "k4"``, ``the key sn carries ...``,
    ``the printer's location ("loc")``: keys named in sentences. Each key's description
    is the rest of its clause, or the phrase its parentheses follow. A sample record closing
    the note (``_SAMPLE_TAIL``) gives values only: the sentences before it are read."""
    start = max(0, len(body) - 400)
    tail = _SAMPLE_TAIL.re.search(body, start)
    if tail and tail.start() > 0 and re.search(r"[\"'`]", body[: tail.start()]):
        body = body[: tail.start()]
    plain = _COMPARISON.re.sub(" ", body) if "=" in body or "<" in body else body
    if "=" in plain and re.search(r"[\"'`]", plain):  # '"api" gives the version, e.g. api=2.1'
        plain = _SAID_ASSIGN.re.sub(" ", plain)
    if "<" in plain or "=" in _QUOTED_SPANS.re.sub("", plain):
        return []  # "integer >= 1", "< 64" compare; "=" and "<...>" assign
    first = re.search(r"(?<!\w)[\"'`]", body)
    if not first:
        if not has_prose(body) and not _NAMING_CUE.re.search(body):
            return []  # "one named mode (...) and one named lvl (...)": the cue is enough
        found = [m for m in _PROSE_KEY.re.finditer(body)][:MAX_SEGMENTS]
        if not found or not all(
            key_like(m["k"] or m["k2"] or m["k3"])
            and (m["k"] or m["k2"] or m["k3"]).lower() not in _NOT_PROSE_KEYS
            for m in found
        ):
            return []
        return _described(
            body,
            [((m["k"] or m["k2"] or m["k3"]).rstrip("."), m.start(), m.end(), None) for m in found],
        )
    if "(" in body and _paren_list([ln for ln in body.split("\n") if ln.strip()]):
        return []  # "Device class (dc) - one of "meter", ...": keys in parentheses, quoted values
    lead = _ENUMERATOR.re.sub("", body[: first.start()])
    opening = _LIST_OPENING.re.match(lead)
    if (
        opening
        and not {w.lower() for w in re.split(r"\s*,\s*", opening.group(0).strip())} & STOPWORDS
    ):
        return []  # "txtvers, dkX where ... "empty" or "occupied"": a list names the keys
    if len(_QUOTED_HEADS.re.findall(body, 0, 20_000)) >= 2:
        return []  # 'a) "zone" - the heating zone name': quoted keys heading lines
    speaks = (
        has_prose(lead)
        or re.search(r"(?i)\b(?:keys?|the|a|an|record)\b", lead) is not None
        or len(lead.split()) >= 3
        or (bool(lead.split()) and _intro_verb.matches(lead.split()[-1]))  # 'Units send "kk"'
        or (not lead.strip() and _OPENS_SENTENCE.re.search(body[first.start() :]) is not None)
        or (bool(lead.strip()) and _INTRODUCES.re.search(lead) is not None)  # 'named "sn"'
    )
    short_label = re.fullmatch(r"\s*[A-Z][\w ]{0,20}:\s*", lead) is not None  # 'Just one: "cfg"'
    if not speaks and short_label:
        speaks = True
    elif not speaks or re.search(r"[:\-\u2013]\s*$", lead) or _KEY_LEAD.re.match(lead):
        return []
    named: list[tuple[str, int, int, str | None]] = []
    optional: set[int] = set()
    in_values = False
    values = 0
    last_end = 0
    for m in _PROSE_QUOTED.re.finditer(body):
        pre = (m["pre"] or "").strip().lower()
        gap = body[last_end : m.start("k") - 1]
        # 'is "enabled" or "disabled"', 'can be "libre", "ocupado"': values, not keys
        # 'the only defined key is "v"' names a key; '"ipp" key is "on"' gives a value
        before = body[max(0, m.start() - 24) : m.start("k") - 1]
        named_key = _NAMING_SUBJECT.re.search(before)
        in_values = (
            (
                pre in _VALUE_LEAD
                or _VALUES_ARE.re.search(before) is not None
                or (
                    _CHOICE_LEAD.re.search(body, max(0, m.start("k") - 40), m.start("k") - 1)
                    is not None
                    and _KEYS_WORD.re.search(body, max(0, m.start("k") - 40), m.start("k")) is None
                )
            )
            and not named_key
        ) or (in_values and _VALUE_GAP.re.fullmatch(gap) is not None)
        if in_values and _DESCRIBED_AFTER.re.match(body, m.end()):
            in_values = False  # 'either "loc" (a free-text location) or "gps" (...)': keys
        set_to = pre in {"set", "sets"} and _SET_TO.re.match(body, m.end()) is not None
        if in_values and set_to:
            in_values = False  # 'queues set "hold" to 1': the key that is set (a word or not)
        if (
            not in_values
            and named
            and _JOINERS_ONLY.re.fullmatch(body, named[-1][2], m.start("k") - 1) is None
            and _OR_LIST.re.match(body, m.start("k") - 1)
            and not _SENTENCE_END.re.search(body, named[-1][2], m.start())
            and not _KEYS_ONE_OF.re.search(before)
        ):  # '"ty" is the type, "a" or "b"': values; '"sn", "fw" or "hw"': keys
            in_values = True  # '"ty" is the type, "light", "plug" or "blind"': its values
        if _VALUE_AFTER.re.match(body, m.end()):
            in_values = True  # '"disabled" is assumed': a value, the subject of "is assumed"
        elif _PAREN_OPEN.re.search(before) and _PAREN_OR.re.match(body, m.start("k") - 1):
            in_values = True  # "mode ( 'auto' or 'manual')": choices, not '("id" and "fw")'
        elif _IF_ABSENT.re.search(body, max(0, m.start() - 160), m.start()):
            in_values = True  # 'when "z" is absent, ... the group "all"': what absence means
        last_end = m.end()
        if in_values:
            values += 1
            continue
        # "starting with 'x-'" is a prefix; "announces its identity with 'id'" names a key
        prefix = m["k"].endswith(("-", "*")) or (
            pre == "with" and _AFFIX_WITH.re.search(before) is not None
        )
        if (
            _FORMER.re.search(before)
            or _WITHDRAWN.re.match(body, m.end())
            or _FUTURE.re.search(body, max(0, m.start("k") - 61), m.start("k") - 1)
        ):
            continue  # 'the former key "js" is withdrawn': history, not a key of the record
        if (
            key_like(m["k"])
            and (m["k"].lower() not in STOPWORDS or len(m["k"]) == 1 or set_to)
            and not prefix
        ):
            if pre == "optional":
                optional.add(len(named))
            named.append((m["k"], m.start("k") - 1, m.end(), m["v"]))
        if len(named) >= MAX_SEGMENTS:
            break
    single = (
        len(named) == 1
        and (
            _ONLY_KEY.re.match(body, max(0, named[0][1] - 5)) is not None  # 'only "ef" is sent'
            or _INTRODUCES.re.search(body[max(0, named[0][1] - 60) : named[0][1]]) is not None
            or _NAMED_IN_PARENS.re.search(body[max(0, named[0][1] - 40) : named[0][2] + 1])
            is not None
        )
    )  # 'adds "dbg"'; 'holds the protocol version ("v") only'

    if len(named) < 2 and not (named and values) and not single:
        return []
    out = _described(body, named)
    for i in optional:
        out[i].optional = True
    return out


# A quoted word: a key or a value in prose.
_Q_WORD = r"[\"'`][\w.+-]{1,24}[\"'`]"
_PAREN_OPEN = token("paren open", r"\(\s*$")
# The rest of a bracket is quoted words joined by "or", "/" or "|" (never "and").
_PAREN_OR = token(
    "paren or",
    _Q_WORD + r"(?:\s*(?:,|/|\||\bor\b)\s*" + _Q_WORD + r")*"
    r"\s*(?:/|\||\bor\b)\s*" + _Q_WORD + r"\s*(?:[,;][^()\n]{0,40})?\)",
)


_SET_TO = token("set to", r"[\"'`]?\s+to\s+\S")
_ONLY_KEY = token(
    "only key",
    r"(?i)(?:\S*\s)?only\s+" + _Q_WORD + r"\s+(?:is|remains?)\s+(?:sent|published|used|defined)",
)
# A list of quoted words whose last is joined by "or", ending a clause.
_OR_LIST = token(
    "or list",
    _Q_WORD + r"(?:\s*,\s*" + _Q_WORD + r")*\s*,?\s+or\s+" + _Q_WORD + r"\s*(?:[.;:,)(]|$)",
)
_KEYS_WORD = token("keys word", r"(?i)\bkeys\b")  # "keys such as "id"": keys, not values
_JOINERS_ONLY = token("joiners only", r"(?i)(?:[\s,;]|\b(?:and|or|plus|also)\b)*")
_KEYS_ONE_OF = token("keys one of", r"(?i)(?:\band|,)\s+(?:exactly\s+)?one\s+of\s*$")
# '"codec" is one of "pcm", "opus"', 'MUST be either `a` or `b`', 'such as "Lobby 2"': what
# follows is a value (but 'holds "a" and one of "b" or "c"' names keys).
_CHOICE_LEAD = token(
    "choice lead",
    r"(?i)(?:\b(?:is|are|be|being|was)\s+(?:always\s+)?(?:set\s+to\s+)?(?:one\s+of|either|any\s+of)"
    r"|\b(?:such\s+as|for\s+example|e\.\s?g\.)|\bone\s+of\s+the\s+values)\s*:?,?\s*$",
)
# "integer >= 1", "at most < 64": a comparison, not an assignment or a placeholder.
_COMPARISON = token("comparison", r"(?:[<>!]=|==|=<|=>|[<>])(?=[ \t]*-?\d)")


# 'key is "v"', 'the second (one) is "rev"', 'the last key is "loc"': a subject that counts
# keys names one with "is"; '"ipp" key is "on"' gives a value.
_NAMING_SUBJECT = token(
    "naming subject",
    r"(?i)(?<![\"'`]\s)\b(?:key|(?:first|second|third|fourth|fifth|last|next|final|another)"
    r"(?:\s+(?:one|key|field))?)\s+(?:is|be)\s+$",
)
_LIST_OPENING = token(
    "list opening", r"\s*" + KEY_CHARS + r"\s*,\s*" + KEY_CHARS + r"\b(?!\s+(?:is|are)\b)"
)
# A quoted word followed by a description of its own in parentheses names a key.
_DESCRIBED_AFTER = token(
    "described after",
    r"\s*\((?![^()\n]*\b(?:default|if|when|unless|otherwise)\b)[^()\n]*\s[^()\n]*\)",
)
# A quoted key in parentheses right after the words naming what it holds.
_NAMED_IN_PARENS = token(
    "named in parens", r"[A-Za-z]{2,}\s+\(\s*[\"'`]" + KEY_CHARS + r"[\"'`]\s*\)$"
)
# Words that introduce one key by name: 'adds "dbg"', 'Just one: "cfg"'.
_INTRODUCES = token(
    "introduces",
    r"(?i)\b(?:(?:adds?|publish(?:es)?|sends?|advertises?|includes?|carries|carry|contains?|sets?)"
    r"(?:\s+(?:an?|the)(?:\s+key)?)?|one|only|single|key|key\s+is|named|called"
    r"|with\s+(?:the\s+)?name|attribute|parameter|field|property)\b[\s:]*$",
)
# The word before a quoted value ('is "on"', 'either "a"', 'for example "A4"').
# 'the former key "js"', '"js" (draft-00) is withdrawn': a key of an earlier version.
_FORMER = token(
    "former",
    r"(?i)\b(?:former|old|legacy|previous|obsolete|withdrawn|retired|deprecated)\s+(?:key\s+)?$",
)
_WITHDRAWN = token(
    "withdrawn",
    r"(?i)(?:\s*(?:,|and|or)\s*[\"'`][\w.-]{1,24}[\"'`]){0,6}"  # '"os" and "arch" ... were'
    r"\s*(?:\([^()\n]{0,30}\)\s*)?(?:[;,]\s*(?:that|this|the)\s+key\s+)?"
    # 'listed in the draft'
    r"(?:(?:(?:listed|named|used|mentioned|proposed)\b[^.;\"'`()]{0,40}?\s)?"
    r"(?:is|was|has\s+been|are|were)\s+(?:now\s+)?"
    # 'that release 2 published were withdrawn': a past verb after such a clause
    r"|(?:that|which)\b[^.;\"'`()]{0,40}?\s(?:was|were|has\s+been|have\s+been)\s+)"
    r"(?:withdrawn|removed|retired|dropped|obsolete|renamed(?!\s+from)|replaced"
    r"|never\s+(?:implemented|used|sent|shipped))\b",
)
# 'Future releases will add "region" and "tier"': keys to come, not keys of the record.
_FUTURE = token(
    "future",
    r"(?i)\b(?:(?:future|later|next|upcoming)\s+(?:releases?|versions?|firmware|revisions?)\s+"
    r"(?:will|may|might|could)|will\s+(?:later|eventually|soon)|may\s+later|plans?\s+to"
    r"|planned\s+to|intends?\s+to)\s+(?:also\s+)?(?:add|introduce|include|define)\b[^.;:\n]{0,40}$",
)
# '"disabled" is assumed', '"0" is the default': a quoted value, never a key.
# A clause on what a missing key means, up to the quoted word it names as the stand-in:
# 'If "cl" is absent, the node belongs to the cluster "main"' (no sentence end between).
_IF_ABSENT = token(
    "if absent",
    r"(?i)\b(?:if|when|where)\s+(?:the\s+key\s+)?(?:[\"'`][\w.-]{1,32}[\"'`]\s+(?:key\s+)?|it\s+)"
    r"(?:is|are)\s+(?:absent|missing|omitted|not\s+(?:present|sent|set|given))\b[^.;!?()\"'`]*$",
)
_VALUE_AFTER = token(
    "value after",
    r"(?i)\s+(?:is|are|will\s+be)\s+(?:assumed|implied|the\s+default|used\s+by\s+default)\b",
)
# 'the values are "bat" or "ac"', 'value can be one of': the quoted words that follow are
# values ('one of "eth" or "wif"' alone may choose between keys).
_VALUES_ARE = token(
    "values are",
    r"(?i)\bvalues?\s+(?:are|is|can\s+be|may\s+be|must\s+be)(?:\s+(?:either|one\s+of|always))?\s*:?\s*$"
    r"|\b(?:with|possible|allowed|valid|its)\s+values?\s*:?\s*$"
    # '"muted" holding 'true' or 'false'': what a quoted key holds is its value
    r"|[\"'`]\s+(?:holding|containing|carrying|giving|taking|set\s+to)\s+(?:either\s+)?$",
)
_VALUE_LEAD = frozenset(
    {"is", "be", "either", "equals", "example", "e.g.", "eg", "than", "default", "value", "values"}
)
_VALUE_GAP = token(
    "value gap", r"[\"'`]?\s*(?:\([^()\n]{1,30}\)\s*)?(?:,|,?\s*or|\s*[/|])\s*"
)  # '"gw" (gateway) or "nd"': a value, its meaning, the next value
# '"state" which is ...': a quoted key opening a sentence about it.
_OPENS_SENTENCE = token(
    "opens sentence",
    r"[\"'`]"
    + KEY_CHARS
    + r"[\"'`]\s+(?:which|that|is|are|holds|gives|carries|contains|can|may|must|the|a|an|for"
    + r"|holding|giving|carrying|containing|taking|naming|storing|stores|having)\b"
    # '"inst" and "grp". The first one is ...': a quoted list of keys, then sentences on them
    + r"|^[\"'`]"
    + KEY_CHARS
    + r"[\"'`](?:\s*,\s*[\"'`]"
    + KEY_CHARS
    + r"[\"'`])*\s*,?\s+(?:and|&)\s+[\"'`]"
    + KEY_CHARS
    + r"[\"'`]\s*[.:;]",
)


_QUOTED_HEADS = token(
    "quoted heads",
    r"(?m)(?:^[ \t]*(?:"
    + BULLET
    + r"[ \t]+)?|(?<=[.;])[ \t]+)[\"'`]"  # also after a sentence: '... "fwv" - firmware'
    + KEY_CHARS
    + r"[\"'`][ \t]*(?:[-:=(,\u2013\u2014]|\s{2})",
)
_QUOTED_SPANS = token("quoted spans", r"\"[^\"\n]*\"|`[^`\n]*`")


# "(number)", "(boolean)", "(string)": a type alone in parentheses after a key in prose.
_PAREN_TYPE = token(
    "paren type",
    r"(?i)\(\s*(?P<t>u?int(?:8|16|32|64)?|integer|string|str|text|bool(?:ean)?|number|float|double)\s*\)",
)


_ABBREVIATION = token("abbreviation", r"(?i)(?:\be\.g|\bi\.e|\betc|\bcf|\bapprox|\bvs|\bno)\.$")
_TRAILING_CUE = token(
    "trailing cue",
    r"(?i)\s*(?:[,;]\s*|\s(?:and|or)\s+|\s)(?:the\s+|a\s+|an\s+)?"
    r"(?:field|key|attribute|parameter|property)\s*$"
    r"|\s+(?:and\s+)?(?:also\s+)?(?:one(?:\s+more)?|another(?:\s+one)?)\s*$",  # "and also one more"
)


def _described(body: str, named: list[tuple[str, int, int, str | None]]) -> list[Entry]:
    out: list[Entry] = []
    for i, (name, start, end, value) in enumerate(named):
        typed = None
        stop = named[i + 1][1] if i + 1 < len(named) else len(body)
        after = body[end:stop]
        cut = next(  # "e.g. ", "i.e. ": an abbreviation's dot does not end the sentence
            (
                c
                for c in _SENTENCE_END.re.finditer(after)
                if not _ABBREVIATION.re.search(after, 0, c.start() + 1)
            ),
            None,
        )
        after = after[: cut.start() + 1] if cut else after
        opened = body.rfind("(", max(0, start - 3), start)
        if opened >= 0 and not body[opened + 1 : start].strip():
            # ("loc"): the phrase before the parenthesis describes the key
            close = after.find(")")
            inside = after[:close] if close >= 0 else after
            before = re.split(r",|\band\b|:", body[max(0, opened - 120) : opened])[-1]
            desc = f"{before.strip()}, {inside.strip(' ,;')}".strip(" ,")
        else:
            desc = after.strip(" ,;").removeprefix(")").strip(" ,;")
            typed = _PAREN_TYPE.re.match(desc)
            if typed:  # "the field `max` (number) maximum players": a stated type
                desc = desc[typed.end() :].strip(" ,;")
            elif desc.startswith("(") and ")" in desc:  # '"u" (g, kg or lb; g if absent) and ...'
                close = desc.index(")")
                desc = f"{desc[1:close]}{desc[close + 1 :]}".strip(" ,;")
        desc = _TRAILING_CUE.re.sub("", desc)  # "... player count and the field": the next key's
        if desc.strip(" .,;:").lower() in ("", "and", "or", "&"):
            desc = ""  # '"inst" and "grp".': only the joiner between two keys
        entry = Entry(name, description=[desc] if desc else [])
        if value:
            entry.value = value
        if typed:
            entry.stated = typed["t"]
        out.append(entry)
    return out


# "The state key tells ...", "the key named room", "attribute 'pinreq'": a key named in a
# sentence by a cue word. Used when a prose body also shows sample assignments
# ("(state=run or state=stop)"): the cued keys are the keys, the assignments their values.
_cue_noun = pp.MatchFirst(
    CK(w) for w in ("key", "attribute", "parameter", "field", "property")
).set_name("'key'")
_cue_quote = pp.Opt(pp.Suppress(pp.one_of("\" ' `"))).set_name("quote")
cued_key = (
    (CK("the") + _cue_quote + key_name("k") + _cue_quote + _cue_noun)
    | (
        _cue_noun
        + pp.Opt(CK("named") | CK("called") | CK("with") + pp.Opt(CK("the")) + CK("name"))
        + _cue_quote
        + key_name("k")
        + _cue_quote
    )
).set_name("cued key")
_SAMPLE_ASSIGN = token("sample assign", r"(?<![\w.-])(?P<k>" + KEY_CHARS + r")=(?P<v>[\w.:+-]+)")


def cued_keys(body: str) -> list[Entry]:
    """Keys a prose body names with cue words (see ``cued_key``); each key's sample
    assignments in the body give its choices ("state=run or state=stop") or an example."""
    if not has_prose(body) or len(body) > 2_000:
        return []
    named: list[tuple[str, int, int, str | None]] = []
    for found, start, end in cued_key.scan_string(body, max_matches=MAX_SEGMENTS):
        name = str(found["k"]).rstrip(".")
        if (
            key_like(name)
            and name.lower() not in _NOT_PROSE_KEYS
            and name not in {n for n, *_ in named}
        ):
            named.append((name, start, end, None))
    if not named:
        return []
    out = _described(body, named)
    samples: dict[str, list[str]] = {}
    for m in _SAMPLE_ASSIGN.re.finditer(body):
        samples.setdefault(m["k"], []).append(m["v"].rstrip("."))
    for entry in out:
        values = list(dict.fromkeys(samples.get(entry.name, [])))
        if len(values) >= 2:
            entry.choices = values
        elif values:
            entry.example = values[0]
    return out


# --------------------------------------------------------------------------- segments

_ENUMERATOR = token("enumerator", r"^\s*" + BULLET + r"\s+")
_ASSIGN = token(
    "assign",
    r"(?:(?<=\s)|^)(?P<key>"
    + KEY_CHARS
    + r"(?:<[_A-Za-z]>|\{[_A-Za-z]\}|\[[_A-Za-z]\])?)[ \t]*==?[ \t]*",
)
_MULTIWORD_ASSIGN = token(
    "multiword assign",
    r"^\s*(?!(?:and|or|plus|also|then|with|for)\s)"
    r"(?P<key>[A-Za-z][\w.-]{0,40}(?: [A-Za-z][\w.-]{0,40}){1,3})\s*=\s*",
    re.I,
)
# "rate [optional] - sample rate", "id (required)": a key, what it needs, then its meaning.
need_mark = (
    pp.Regex(r"[\"'`]?" + KEY_CHARS + r"[\"'`]?")("k")
    + pp.Suppress(pp.one_of("( ["))
    + pp.Regex(r"(?i)required|optional|mandatory|req\w{2,4}ed")("n")
    + pp.Suppress(pp.one_of(") ]"))
    + pp.Opt(pp.one_of("-- - \u2013 \u2014 :")).suppress()
    + pp.Empty().set_parse_action(lambda s, loc, t: [loc])("end")
).set_name("key [need]")
_NEED_PREFIX = token(
    "need prefix",
    r"(?im)(?:^[ \t]*|(?<=\s))(?:[(\[](?P<n>req(?:uired)?|opt(?:ional)?|mandatory|m|o)[)\]]"
    r"|(?<![\w=<])(?P<n2>req|opt|optional|required)[ \t]*:)"  # "; opt: cal=<date>"
    r"[ \t]*(?P<k>" + KEY_CHARS + r")(?=[ \t]*==?)",
)


def _need_word_of(mark: str) -> str:
    return "optional" if mark.lower().startswith("o") else "required"


_FORMAT_WORD = token("format word", r"[A-Z]+(?:[.:_-][A-Z]+)+")
_PAREN_KEY = token("paren key", r"\((?P<k>" + KEY_CHARS + r")\)\s*$")


def _prose_row(row: str) -> bool:
    """A line of prose among ``key - description`` rows: no key mark, no "=", some words."""
    words = len(row.split())
    sentence = words >= 3 and row.endswith((".", ":", "!"))
    return not _KEY_DASH.re.match(row) and "=" not in row and (sentence or has_prose(row))


def _dash_rows(text: str) -> bool:
    """Two or more rows split by ";" or newlines, each ``key - description``, and a comma
    inside some description: the commas belong to the descriptions."""
    rows = [r.strip() for r in split_top(text, "\n;") if r.strip()]
    if (
        len(rows) >= 2
        and any("," in r for r in rows)
        and all(_KEY_DASH.re.match(r) or _WHOLE_PAREN_ROW.re.fullmatch(r) for r in rows)
    ):
        return True
    # "1. n - friendly name, UTF-8, 1 to 63 bytes." on lines of their own, each behind a
    # bullet or number (a closing note line may follow): a "," inside a line goes on about
    # its key
    lines = [r for r in text.split("\n") if r.strip()]
    marked = [_ENUMERATOR.re.sub("", r).strip() for r in lines if _ENUMERATOR.re.match(r)]
    plain = [r.strip() for r in lines if not _ENUMERATOR.re.match(r)]
    if len(marked) < 2 or len(plain) >= len(marked) // 2 + 1:
        # no bullets: every line a row, but for one line of prose before the rows ("quick
        # summary, full doc later.") and one after them ("More keys may be added ...")
        rows = [r.strip() for r in lines]
        first = 1 if len(rows) > 3 and _prose_row(rows[0]) else 0
        last = len(rows) - 1 if len(rows) > first + 3 and _prose_row(rows[-1]) else len(rows)
        marked, plain = rows[first:last], rows[:first] + rows[last:]
    return (
        len(marked) >= 2
        and any("," in r for r in marked)
        and all(_KEY_DASH.re.match(r) for r in marked)
        and all(not _KEY_DASH.re.match(r) and "=" not in r for r in plain)  # a closing note
    )


_WHOLE_PAREN_ROW = token("whole paren row", KEY_CHARS + r"\s*\([^()]*\)\.?")


# "gz & br & zstd - each present when ...": keys joined by "&" or "and" sharing one
# description; each becomes a "key - description" row of its own.
_SHARED_DASH = token(
    "shared dash",
    r"(?m)^(?P<b>[ \t]*)(?P<ks>(?:"
    + KEY_CHARS
    + r"[ \t]*,[ \t]*)*"
    + KEY_CHARS
    + r",?(?:[ \t]+(?:&|and)[ \t]+"
    + KEY_CHARS
    + r")+)"
    r"[ \t]+(?:-|--|\u2013|\u2014)[ \t]+(?P<d>[^\n;]+)",
)


def _shared_rows(m: re.Match[str]) -> str:
    names = re.split(r"[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+(?:&|and)[ \t]+", m["ks"])
    if not all(key_like(n) and n.lower() not in STOPWORDS for n in names):
        return m[0]
    return "\n".join(f"{m['b']}{n} - {m['d']}" for n in names)


# "[loc=<location>]", "[ contact=<e-mail> ]": a whole assignment in square brackets, the
# usage-line mark of an optional key.
_BRACKETED_ASSIGN = token(
    "bracketed assign",
    r"(?:(?<=\s)|(?<=^)|(?<=[,;]))\[\s*(?P<a>"
    + KEY_CHARS
    + r"\s*=\s*(?:<[^<>\n\[\]]{1,80}>|\"[^\"\n\[\]]{0,40}\"|[^\s<>\[\]\"]{1,40}))"
    r"\s*\](?=[\s,;.]|$)",
)


_FIRST_SENTENCE = token("first sentence", r"\s*(?P<h>[^\n]*?[.!?][\"'`]?)\s+(?=[A-Z\"'`]|$)")
_AMP_PAIR = token("amp pair", r"\s*" + KEY_CHARS + r"\s+(?:&|and)\s+" + KEY_CHARS + r"\s*")


def _segment_entries(body: str) -> tuple[list[Entry], dict[str, str]]:
    """The general form: segments separated by newlines, commas and semicolons."""
    if "\n" in body and (heads := _ALIGNED_HEADING.re.match(body)):
        body = body[heads.end() :]  # "Key   Sent by   Meaning" over aligned rows: no entry
    if "&" in body or " and " in body:  # "gz & br & zstd - each present ...": one row each
        body = _SHARED_DASH.re.sub(_shared_rows, body)
    if _NAMED_IN_PARENS_CUE.re.search(body):  # "temperature (key: t)", 'Serial (sent as "S")'
        body = _KEY_NAMED_IN_PARENS.re.sub(_named_in_parens, body)
    if " as well as " in body or " along with " in body or " together with " in body:
        body = _AS_WELL_AS.re.sub(", ", body)  # "id and fw, as well as hw (revision)"
    if "and" in body and "ptional" in body:  # "ver, id and, optionally, room."
        body = _AND_OPTIONALLY.re.sub(_optional_last, body)

    if "=" in body:  # "; since v=2 also url=<...>": the version that brought a key in
        body = _SINCE_LEAD.re.sub(" ", body)
    text = _QUOTED_ENTRY.re.sub(lambda m: m.group(2), body)
    if "[" in text:  # "v=2 [loc=<location>]": a key in square brackets is optional
        text = _BRACKETED_ASSIGN.re.sub(r", \g<a> (optional),", text)
    text = _QUOTED_ROW_HEAD.re.sub(r"\1\2", text)  # '   "ver"   REQUIRED. ...': an aligned row
    # "[req] hid=<...> [opt] loc=<...>": a need mark before each key starts an entry
    text = _NEED_PREFIX.re.sub(lambda m: f"\n{m['k']} ({_need_word_of(m['n'] or m['n2'])})", text)
    if len(_INLINE_ENUM.re.findall(text)) >= 2:  # "a) id=<...> b) fw=<...>" on one line
        text = _INLINE_ENUM.re.sub("\n", text)
    lines = text.split("\n")
    examples = _EXAMPLE_BLOCK.re.search(text)
    assigned = text[: examples.start()] if examples else text
    # not "(1 = on, 0 = off)" in brackets, nor "1 = first release" (codes, not keys)
    has_assign = any(_LETTER_IN.re.search(m["key"]) for m in _ASSIGN.re.finditer(_mask(text)))
    assigns = has_assign and bool(_ASSIGN.re.search(re.sub(r"<[^<>]*>", "<_>", assigned)))
    table = _table_layout(lines)
    keys: list[Entry] = []
    in_examples = False
    stand_ins = _stand_ins(text)
    example_block = ""
    if examples:  # an inline "Example: k=v k=v" block gives values, not keys
        text, example_block = text[: examples.start()], text[examples.end() :]
    if re.match(r"\s*-\s", text) and "\n" not in text.strip():
        text = re.sub(r"\s+-\s+", "\n", " " + text)  # "- a - b - c" pasted onto one line
    text = _unwrap(text)
    seps = "\n,;"
    for bar in "|/&+":  # "ver | host | zone", "vendor/model/serial", "sid & rid", "a + b"
        if bar == "+" and text.count("+") != text.count(" + "):
            continue  # "coap+tcp" is one name; only a spaced "+" joins keys
        items = split_top(text, "\n,;" + bar)  # "ver (version) | tls (on/off)" keeps its brackets
        items = [w for i in items for w in re.split(r"\s(?:&|and)\s", i) if w.strip()]
        if (
            (not has_assign or (bar == "|" and any(key_like(i.strip()) for i in items)))
            and bar in text
            and len(items) >= 2
            and all(_bar_item(i.strip(), bar) for i in items)
            and _same_bar_form(items)
        ):
            seps += bar  # "|ver|id|name|": outer bars leave empty items
    text = _PAREN_AND.re.sub("), ", text)  # "'dt' (device type) and 'md' (model)"
    runs = len(_PAREN_RUN.re.findall(text))
    if runs >= 2 or (runs == 1 and _PAREN_PAIR.re.search(text)):
        # "r (rate, Hz) t (temp unit) m (mute flag)"; "; ncpu (int) ram (MB)": an item of a
        # list that is two keys each with a short note in brackets
        text = _PAREN_RUN.re.sub("),", text)
    besides = _BESIDES_LEAD.re.match(text)
    if besides and _KEYS_IN_SENTENCE.re.match(text[besides.end() :]):
        # "Apart from txtvers, the keys are model and serial": txtvers is a key too
        rest = text[besides.end() :]
        text = besides["k"] + ", " + _KEYS_IN_SENTENCE.re.sub("", rest, count=1)
    text = _KEYS_IN_SENTENCE.re.sub("", text, count=1)  # "The record carries the keys id, fw"
    text = _PUBLISHES.re.sub("", text, count=1)  # "The controller publishes cid (controller id)"
    if table:
        seps = "\n"  # "up  uptime, seconds": a comma inside a column is not a separator
    elif not has_assign and _dash_rows(text):
        seps = "\n;"  # "enc - may be none, wep or wpa2; psk - key": commas stay inside
    segments = _sentences(list(split_top(text, seps)))
    if assigns and segments and _ASSIGN.re.match(segments[0].strip()):
        # "a=<x> ...; may be omitted on some units adminport=<port> Web port": a new entry
        segments = [part for seg in segments for part in _split_late_assignment(seg)]
    comma_list = len(split_top(text, ",;" + seps[3:])) > 1  # a "/" or "|" list counts too
    patterns: dict[str, str] = {}
    # "ch_1, ch_2, ... ch_n = <label>": the ellipsis and the family's general member
    segments = [
        part for seg in segments for part in _ELLIPSIS_HEAD.re.split(seg, maxsplit=1) if part
    ]
    family = numbered_family([s.strip() for s in segments])
    if family is not None:
        first, last, name, pattern = family
        member = segments[last].strip()
        valued = member.startswith(name) and member[len(name) :].lstrip().startswith("=")
        keep = [member] if last > first and valued else [name]  # "... ch_n = <label>"
        segments = [*segments[:first], *keep, *segments[last + 1 :]]
        patterns[name] = pattern
    segments = segments[:MAX_SEGMENTS]
    paren_tails = _join_paren_tails(segments) if not assigns else segments
    paren_list = not assigns and _paren_list(paren_tails)
    if paren_list:
        segments = paren_tails  # "slots, 0 to 4 (fs)": one item
    all_need: bool | None = None
    if segments and (tail := _ALL_NEED.re.search(segments[-1])):  # "a, b and c (all optional)"
        all_need = tail.group("n").lower().startswith("o")
        segments[-1] = segments[-1][: tail.start()]
    shared: str | None = None
    if segments and (said := _ALL_NOTE.re.search(segments[-1])):  # "ip, mask and gw (all IPv4)"
        shared = (said.group("d") or said.group("e")).strip(" ,")  # also "a, b\nall integers"
        segments[-1] = segments[-1][: said.start()]
    heading_need: bool | None = None
    noted = -1  # the key count when a note on an earlier key ("mode is ...") was passed over
    glossed: set[int] = set()  # keys of a name list read with a bracketed note ("Rev (x.y)")
    for raw_seg in segments:
        if len(keys) >= MAX_KEYS:
            break  # bounded work: a note names far fewer keys
        seg = re.sub(r"\s+-\s+(?:see:?\s+)?(?:https?://|www\.)\S*\s*$", "", raw_seg).strip()
        seg = _CONTEXT_LABEL.re.sub("", _strip_stray(seg), count=1)
        seg = _ASSIGNMENTS_LABEL.re.sub("", seg, count=1)  # "Types: id=hex, fw=str"
        if not seg:
            continue
        if noted == len(keys) and not (
            subject_key(seg) or _KEY_DASH.re.match(seg) or _ASSIGN.re.match(_mask(seg))
        ):
            continue  # "mode is ...; one of raw, telnet": the rest of a note on an earlier key
        quoted_in_prose = _QUOTED_ASSIGNMENT.re.findall(seg) if '="' not in seg else []
        if quoted_in_prose and keys and has_prose(_QUOTED_ASSIGNMENT.re.sub(" ", seg)):
            # 'a node replaces pw with "tk=<token>" and adds "exp=<secs>"': keys in a sentence
            known = {k.name for k in keys}
            keys += [read_value(k, v) for k, v in quoted_in_prose if k not in known]
            continue
        low = seg.lower().rstrip(":. ")
        if low in _EXAMPLE_HEADS and (seg.rstrip().endswith(":") or seg.lstrip()[:1].isupper()):
            in_examples = True  # "Example:", "Sample record:" over example lines
            continue
        if low in _EXAMPLE_HEADS and keys:  # "user room name, example": said of a value
            keys[-1].description.append(seg)
            continue
        if low in _NEED_HEADINGS:  # "Required keys" over its lines, then "Optional keys"
            heading_need = low.startswith("o")
            continue
        more = find(extensible_phrase, seg)
        if more and not _ASSIGN.re.match(seg) and not any_assign.re.search(seg, 0, more.start()):
            # "name + proprietary", "name and others"
            before = seg[: more.start()]
            head = _EXTENSION_JOINER.re.sub("", before).strip()
            # "name and others" joins a key; "Vendors may add their own keys" has a subject
            opens = seg[more.start() :].lower()
            joined = head != before.strip() or opens.startswith(("+", "and ", "plus "))
            if not joined and head.endswith(".") and key_like(head):
                head, joined = head.rstrip("."), True  # "zone. More keys TBD."
            if head and joined and key_like(head) and head.lower() not in STOPWORDS:
                keys.append(Entry(head))
            elif (
                not joined
                and (opening_sentence := _FIRST_SENTENCE.re.match(before))
                and " " in opening_sentence["h"]
            ):  # the sentence before the one saying more keys exist
                head = opening_sentence["h"].strip()
                ended = _KEY_DASH.re.match(head) and _key_phrase(head, table, multiword=False)
                if ended and ended.description:  # "adminurl - URL of the UI. Vendor keys ..."
                    keys.append(ended)
                elif keys:  # 'which must be "X". Other keys may ...'
                    keys[-1].description.append(head)
            continue
        seg = _LIST_AND.re.sub("", seg) if comma_list else seg
        if lead_need := _NEED_LEAD.re.match(
            seg
        ):  # "and optionally loc and room", "plus optional x=1"
            seg = seg[lead_need.end() :]
            all_optional_here = lead_need.group("o") is not None
        else:
            all_optional_here = False
        seg = _ENUMERATOR.re.sub("", seg, count=1)
        if in_examples:
            _apply_examples(seg, keys)
            continue
        if _example_lead(seg):
            _apply_examples(seg, keys)
            if keys:
                keys[-1].description.append(seg)
            continue
        need: bool | None = None
        if mark := at_start(need_mark, seg):  # "rate [optional] - sample rate", "id (required)"
            need = str(mark["n"]).lower() == "optional"
            rest = seg[int(mark["end"]) :].strip()
            seg = str(mark["k"]).strip() + (f" - {rest}" if rest else "")
        if has_assign:
            prose, parsed = _assignments(seg, multiword=comma_list)
            about = subject_key(prose) if prose else None
            if prose and keys and not (about and about != keys[-1].name):
                keys[-1].description.append(prose)  # 'If absent, "/" is assumed. ver=<...>'
            known = {k.name for k in keys}
            if parsed and parsed[0].name in known and has_prose(seg):
                parsed = [k for k in parsed if k.name not in known]  # "tls=1 means ...": a note
                if not parsed:
                    continue
            if parsed:
                for key in parsed:
                    if all_optional_here:
                        key.optional = True
                    if key.value in stand_ins:
                        key.choices, key.value = stand_ins[key.value], None
                if need is not None:
                    parsed[0].optional = need
                for key in parsed:
                    if key.optional is None and heading_need is not None:
                        key.optional = heading_need
                keys += parsed
                continue
        about = subject_key(seg) if keys else None
        if about and about != keys[-1].name and any(k.name == about for k in keys):
            noted = len(keys)  # what goes on after it is part of the same note
            continue  # "port is normally 5020" after tls=...: a note on port (read later)
        if paren_list and (described := _described_key(seg)) is not None:
            described.optional = need
            keys.append(described)  # "Serial (sn) - text" in a list of such entries
            continue
        closing = _KEY_THEN_SENTENCE.re.match(seg)
        if closing and key_like(closing["k"]) and closing["k"].lower() not in STOPWORDS:
            keys.append(
                Entry(closing["k"], description=[closing["d"]])
            )  # "lock. lock has no value"
            continue
        fresh = _NEW_SUBJECT.re.match(seg) if keys else None
        if (
            fresh
            and fresh["k"].lower() not in STOPWORDS | CLAUSE_WORDS | NOT_SUBJECTS
            and all(k.name != fresh["k"] for k in keys)
        ):  # "root = path ...; ro is present (no value) if ...": a key opens the clause
            keys.append(Entry(fresh["k"], description=[fresh["d"].strip()]))
            continue
        # ", one of s16, s24 or f32", ", two-letter country code": the sentence goes on
        if not (table and _TABLE_ROW.re.match(seg)) and not lead_need and _continues(keys, seg):
            keys[-1].description.append(seg)
            continue
        if (
            has_assign
            and keys
            and keys[-1].placeholder is not None
            and _LOWER_PROSE.re.fullmatch(seg)
        ):
            keys[-1].description.append(seg)  # "pri=<priority>, lowest value wins, ..."
            continue
        pair = _AND_PAIR.re.match(seg)
        both = [_unquote(pair["a"]), _unquote(pair["b"]).rstrip(".;")] if pair else []
        if not pair and (run_of := _AND_RUN.re.fullmatch(seg)):  # "sid & rid & lvl"
            both = [_unquote(w).rstrip(".;") for w in re.split(r"\s+(?:and|&)\s+", run_of.group(0))]
        listed = comma_list or len(segments) == 1
        quoted_pair = seg[:1] in "\"'`"
        continued = quoted_pair and keys and keys[-1].description and _mid_sentence(keys)
        pair_ok = both and listed and all(key_like(w) for w in both) and not continued
        # "name & room; also txtvers=3": a pair of names opens the list, before the assignments
        opening = not keys and raw_seg is segments[0] and _AMP_PAIR.re.fullmatch(seg) is not None
        if pair_ok and (not has_assign or all_optional_here or opening):
            keys += [Entry(w, optional=True if all_optional_here else None) for w in both]
            continue
        run = _QUOTED_RUN.re.fullmatch(seg)
        if run and not has_assign and not (keys and _mid_sentence(keys)):
            keys += [Entry(m[1]) for m in _QUOTED_ONE.re.finditer(seg) if key_like(m[1])]
            continue
        if need is None and heading_need is not None:
            need = heading_need
        opener = seg.split(maxsplit=1)
        if len(opener) == 2 and opener[0].lower() in CLAUSE_WORDS and "=" not in seg and keys:
            keys[-1].description.append(seg)  # "Once joined, ...": a clause opens, not a key
            continue
        listing = bool(keys) and all(  # names so far, bare or with a bracketed note only
            k.value is None and k.placeholder is None and (not k.description or id(k) in glossed)
            for k in keys
        )
        entry = _key_phrase(
            seg, table, multiword=comma_list, paren_list=paren_list, listing=listing
        )
        if listing and entry is not None and entry.description:
            glossed.add(id(entry))
        words = entry.name.split() if entry is not None and not entry.description else []
        if has_assign and len(words) > 1 and all(f"{w}=" in text.replace(" =", "=") for w in words):
            keys += [Entry(w) for w in words]  # "id fw hw; id=hex, fw=str": keys, then their types
            continue
        if all_optional_here and need is None:
            need = True  # "and an optional tz key with ..."
        quoted_word = seg[:1] in "\"'`"  # '"normal", "safe"' may end a sentence, not name keys
        lone = entry is not None and not entry.description and (has_assign or quoted_word)
        if lone and _mid_sentence(keys):
            entry = None
        if entry is not None:
            if need is not None:
                entry.optional = need
            keys.append(entry)
        elif keys:
            keys[-1].description.append(seg)
        elif len(segments) == 1 and not has_assign:
            keys += _space_list(seg)
    if examples:
        _apply_examples(example_block, keys)
    if all_need is not None:
        for key in keys:
            key.optional = all_need if key.optional is None else key.optional
    if shared:
        for key in keys:
            key.description.append(shared)
    # "zoneN=<name of zone N>, N = 1..16": N is the family's number, not a key
    stems = {
        k.name[-1]
        for k in keys
        if len(k.name) > 1 and k.name[-1].isupper() and k.name[:-1].islower()
    } | {m.group(1) for k in keys if (m := _INDEX.re.search(k.name))}  # "relay<n>=..., n = 0..7"
    keys = [k for k in keys if not (len(k.name) == 1 and k.name in stems)]
    return keys, patterns


# A quoted "key=<placeholder>" inside a sentence.
_QUOTED_ASSIGNMENT = token(
    "quoted assignment", r"[\"'`](" + KEY_CHARS + r")=(<[^<>\n]{1,120}>)[\"'`]"
)
# A clause after an entry that opens with a new key and says what it is or when it is sent.
_NEW_SUBJECT = token(
    "new subject",
    r"^\s*(?P<k>[a-z][a-z0-9_]{0,15})\s+(?P<d>(?:is|are)\s+(?:present|absent|set|sent|included"
    r"|omitted|only|either|one\s+of|the|an?)\b.*)",
)
_KEY_NAMED_IN_PARENS = token(
    "key named in parens",
    r"(?i)(?<![^\s,;:])(?P<d>[A-Za-z][^,;()\n]{0,60}?)\s*\((?:(?:txt\s+)?key\s*[:=]?"
    r"|(?:sent|published|advertised|encoded|transmitted|carried|written)\s+as"
    r"|(?:wire|txt)\s+name\s*[:=]?|on\s+the\s+wire\s*[:=]?)\s*"
    r"[\"'`]?(?P<k>" + KEY_CHARS + r")[\"'`]?(?P<r>[,;][^()\n]{0,80})?\)",
)
# "a and b, as well as c (...)": a joiner before the last key of a list, like "and".
_AS_WELL_AS = token(
    "as well as",
    r"(?i),?[ \t]+(?:as\s+well\s+as|along\s+with|together\s+with)[ \t]+(?=[\"'`]?"
    + KEY_CHARS
    + r"[\"'`]?[ \t]*(?:\(|[,.;]|$))",
)
_NAMED_IN_PARENS_CUE = token(
    "named in parens cue",
    r"(?i)\((?:txt\s+)?key\b|\(\w+\s+as\s|\((?:wire|txt)\s+name|\(on\s+the\s+wire",
)


def _named_in_parens(m: re.Match[str]) -> str:
    """'Version (sent as "V", e.g. 1.0.3)' is the key V, described as "Version, e.g. 1.0.3"."""
    rest = m["r"] or ""
    return f"{m['k']} ({m['d']}{rest})"


# "a, b and optionally c", "a, b and, optionally, c", "a, b, and (optionally) c", "a, b
# and an optional c": the last key of a list is optional.
_AND_OPTIONALLY = token(
    "and optionally",
    r"(?:,[ \t]*|[ \t]+)and[ \t]*[,(]?[ \t]*(?:an[ \t]+)?optional(?:ly)?[ \t]*[,)]?[ \t]+"
    r"(?P<k>" + KEY_CHARS + r")(?=[ \t]*(?:[.;,]|$))",
)


def _optional_last(m: re.Match[str]) -> str:
    before = m.string[: m.start()].split()
    prev = before[-1].strip(",\"'`") if before else ""
    name = m["k"].lower()
    if name in STOPWORDS | NOT_SUBJECTS or not key_like(prev) or prev.lower() in _NEED_WORDS:
        return m[0]  # "the mandatory and optional keys": words, not a list of keys
    return f", {m['k']} (optional)"


# The last key of a list, then a sentence about it: "... and lock. lock has no value".
_KEY_THEN_SENTENCE = token(
    "key then sentence", r"^\s*(?P<k>" + KEY_CHARS + r")\.\s+(?P<d>(?P=k)\s.*)$", re.S
)
_INDEX = token("index", r"[<{]([A-Za-z])[>}]$")
# "(all IPv4, dotted)", "(both in seconds)" closing a list: said of every key.
_ALL_NOTE = token(
    "all note",
    r"(?i)(?<!\s)\s*\(\s*(?:all|both|each)\b(?P<d>[^()]{1,80})\)\s*\.?\s*$"
    r"|^\s*(?:all|both|each)(?:\s+(?:are|values?\s+are))?\s+(?P<e>(?:integers?|numbers?|strings?"
    r"|text|booleans?|hex(?:adecimal)?|flags?|ip\s+addresse?s?|urls?|uuids?)\b[^()\n]{0,40})\s*\.?\s*$",
)
# "(all optional)", "(both required)", "- all optional" closing a list: said of every key.
# An inline "Example: k=v k=v" block: values, not keys.
_EXAMPLE_BLOCK = token(
    "example block",
    r"(?i)(?:^|\s)(?:for\s+)?(?:examples?|samples?)(?:\s+(?:txt\s+)?(?:records?|entry|entries))?"
    r"\s*:\s*(?=" + KEY_CHARS + r"=)",
)
_ALL_NEED = token(
    "all need",
    r"(?i)(?<!\s)\s*(?:[(\[]\s*|[-\u2013\u2014,]\s*)(?:all|both|each)\s+(?:keys\s+)?(?:are\s+|is\s+)?"
    r"(?P<n>optional|required|mandatory)\s*[)\]]?\s*\.?\s*$",
)
# "for _tcp: ver, port2", "over UDP: mcast": the context a list applies to.
_CONTEXT_LABEL = token(
    "context label", r"(?i)^(?:for|on|over|via|with)\s+[\w.-]{1,20}(?:\s+[\w.-]{1,20})?\s*:\s+"
)
# A title-case heading over assignments ("Types: id=hex", "Sample values: v=2"): a label.
_ASSIGNMENTS_LABEL = token(
    "assignments label", r"^[A-Z][a-z]+(?:\s+[a-z]+)?\s*:\s+(?=" + KEY_CHARS + r"==?[^=\s])"
)
_PAIRS_OF = {"(": ")", "[": "]", "{": "}"}


def _strip_stray(seg: str) -> str:
    """``[txtvers=1``, ``(mode=<a|b>``, ``"mdl"]``: a bracket with no partner in its segment
    is damage, not structure."""
    if seg and seg[0] in _PAIRS_OF and _PAIRS_OF[seg[0]] not in seg:
        seg = seg[1:].lstrip()
    if seg and seg[0] in "\"'" and seg.count(seg[0]) == 1 and "=" in seg:  # '"role=<a|b>'
        seg = seg[1:]
    if seg and seg[-1] in "\"'" and seg.count(seg[-1]) == 1 and "=" in seg:
        seg = seg[:-1]
    if seg and seg[-1] in ")]}" and {")": "(", "]": "[", "}": "{"}[seg[-1]] not in seg:
        seg = seg[:-1].rstrip()
    return seg


# What joins a last key to an extensible phrase: "name and other", "name + ", "name, additional".
_EXTENSION_JOINER = token(
    "extension joiner",
    r"(?i)(?:\s*(?:\+|\b(?:and|plus|other|additional)\b|[,(]|[-\u2013\u2014]|\b(?:vendor|manufacturer)-?))+\s*$",
)
# "a, b and c", "a, b, or c", "..., i.e. pdf, doc": the word before an item of a list.
# A condition on the record's version before an assignment ("since v=2 also k=<...>",
# "as of ver=3, k=<...>"): the condition is not a key; the assignment after it is.
_SINCE_LEAD = token(
    "since lead",
    r"(?i)(?:^|(?<=[;,\n]))[ \t]*(?:and[ \t]+)?(?:since|from|as\s+of|starting\s+(?:with|at))[ \t]+"
    + r"(?:"
    + KEY_CHARS
    + r"=[^\s;,<>=]+|(?:v|version[ \t]+|firmware[ \t]+|release[ \t]+)?\d+(?:\.\d+)*)"  # "since 5.0"
    + r"[ \t]*,?[ \t]*(?:also[ \t]+|adds?[ \t]+)?(?="
    + KEY_CHARS
    + r"=)",
)
_LIST_AND = token(
    "list and", r"(?i)^\s*(?:and|&|or|i\.\s?e\.,?|e\.\s?g\.,?)\s+(?=" + KEY_CHARS + r"\s*$)"
)
_NEED_LEAD = token(
    "need lead",
    r"(?i)^(?:(?:and|plus|also)\s+)*(?:an?\s+)?(?:(?P<o>optionally|optional)\s+|also\s+|plus\s+)"
    r"(?=[\"'`]?[A-Za-z_])",
)
_AND_PAIR = token("and pair", r"(?i)^(?P<a>\S+)\s+(?:and|&|or)\s+(?P<b>\S+)$")
_PAREN_RUN = token("paren run", r"\)[ \t]+(?=" + KEY_CHARS + r"[ \t]*\()")
_PAREN_PAIR = token(
    "paren pair",
    r"(?:^|(?<=[,;\n]))[ \t]*"
    + KEY_CHARS
    + r"[ \t]*\([^()\n,;]{1,20}\)[ \t]+"
    + KEY_CHARS
    + r"[ \t]*\([^()\n,;]{1,20}\)[ \t]*\.?[ \t]*(?=[,;\n]|$)",
)
_AND_RUN = token("and run", r"(?i)\S+(?:\s+(?:and|&)\s+\S+){2,15}")
_KEYS_IN_SENTENCE = token(
    "keys in sentence",
    r"^[^,;:\n=<>\"`]{0,120}?\b(?:the\s+)?(?:txt\s+)?keys\s+(?:are\s+)?(?="
    + KEY_CHARS
    + r"\s*(?:,|\band\b))",
    re.I,
)
_PUBLISHES = token(
    "publishes",
    r"^[^,;:\n=<>\"`()]{0,80}?\b(?:publish(?:es)?|advertises?|sends?|carr(?:ies|y)|includes?"
    r"|contains?|announces?|puts|adds|sets|exposes|provides|reports|supplies|emits|fills\s+in)\s+(?="
    + KEY_CHARS
    + r"\s*(?:\(|,\s*"
    + KEY_CHARS
    + r"|\s+and\s+"
    + KEY_CHARS
    + r"\s*[,.;]))",
    re.I,
)
# "... and `lvl` -- lvl is a brightness level": a dash, then a sentence about a key.
_DASH_NOTE = token(
    "dash note",
    r"\s(?:-|--|\u2013|\u2014)\s+(?=" + KEY_CHARS + r"\s+(?:is|are|holds|gives|means)\s)",
)
# "... the screen. Default - none.": a capitalised facet label after a sentence says more
# of the key before; it opens no entry.
_FACET_LABELS = frozenset(
    {"default", "defaults", "values", "value", "range", "example", "examples", "note", "notes"}
    | {"type", "unit", "units", "format", "min", "max", "choices", "options"}
)
# "error. lvl - toner level": a sentence ends and the next key's entry begins.
_NEXT_ENTRY = token(
    "next entry",
    r"^(?P<a>.*?[.])\s+(?P<b>(?P<q>[\"'`]?)" + KEY_CHARS + r"(?P=q)\s+(?:-|--|\u2013|\u2014)\s.*)$",
    re.S,
)
_KEY_SENTENCE = token(
    "key sentence",
    r"^(?P<k>\s*" + KEY_CHARS + r"(?:\s+(?:and|&)\s+" + KEY_CHARS + r")?)\.\s+(?P<s>[A-Z].*)$",
    re.S,
)

# "dname (device label, up to 32 characters). Vendors MAY add ...": a key and its bracket,
# then a sentence of its own.
_KEY_PAREN_SENTENCE = token(
    "key paren sentence",
    r"^(?P<k>\s*(?:and\s+)?" + KEY_CHARS + r"\s*\([^()]*\))\.\s+(?P<s>[A-Z].*)$",
    re.S,
)

# The same, the sentence opening with a key of the list before it.
_KEY_SENTENCE_LOW = token(
    "key sentence low",
    r"^(?P<k>\s*"
    + KEY_CHARS
    + r"(?:\s+(?:and|&)\s+"
    + KEY_CHARS
    + r")?)\.\s+(?P<s>"
    + KEY_CHARS
    + r"\s.*)$",
    re.S,
)


# "Besides the obligatory v=1, the following keys appear:" over a list: the assignment
# is the list's first key.
_BESIDES_LIST = token(
    "besides list",
    r"(?i)\s*(?:besides|apart\s+from|in\s+addition\s+to|other\s+than)\s+(?:the\s+)?"
    r"(?:(?:obligatory|mandatory|required|usual|fixed)\s+)?(?P<k>"
    + KEY_CHARS
    + r"=[^\s,;]+)\s*,\s*(?:the\s+)?(?:following|these|other)\s+(?:txt\s+)?keys?\b[^\n:]{0,40}:"
    r"[ \t]*(?=\n)",
)
_BESIDES_LEAD = token(
    "besides lead",
    r"(?i)^\s*(?:besides|apart\s+from|in\s+addition\s+to|as\s+well\s+as|other\s+than)\s+"
    r"(?:the\s+key\s+)?[\"'`]?(?P<k>" + KEY_CHARS + r")[\"'`]?\s*,\s*",
)


_KEY_LIST_ITEM = token("key [list]", KEY_CHARS + r"\s*\[[^\[\]]*\]")


def _same_bar_form(items: list[str]) -> bool:
    """``key - description`` items split by "|" only when every item has that form
    (not "aa - unit C|F|K", a description holding a list of values)."""
    dashed = [bool(_KEY_DASH.re.match(i.strip())) for i in items]
    return all(dashed) or not any(dashed)


_NEED_DASH_ITEM = token(
    "need dash item",
    r"(?i)^" + KEY_CHARS + r"\s*\((?:required|mandatory|optional)\)\s*(?:-|--|\u2013|\u2014)\s+\S",
)


_BAR_ASSIGN = token("bar assign", KEY_CHARS + r"[ \t]*=[ \t]*<[^<>\n]*>")


def _bar_item(item: str, bar: str) -> bool:
    """An item of a list split by "|" or "/": a key, ``key (description)`` or, with "|",
    ``key - description`` ("ver - version | id - identifier")."""
    if key_like(item) or _WHOLE_KEY_PAREN.re.fullmatch(item) or _KEY_LIST_ITEM.re.fullmatch(item):
        return True  # "ver", "ver (version)", "devtype [hub, repeater, sensor]"
    if bar == "|" and _NEED_DASH_ITEM.re.match(item):
        return True  # "ver (mandatory) \u2013 protocol version | id (optional) \u2013 serial"
    if bar == "|" and _BAR_ASSIGN.re.fullmatch(item):
        return True  # "txtvers | room | temp_unit=<C|F>": one assignment per item
    return (
        bar == "|" and _KEY_DASH.re.match(item) is not None and key_like(item.split(maxsplit=1)[0])
    )


def _unwrap(text: str) -> str:
    """``[txtvers, name]``, ``(a, b)``: a whole list inside one pair of brackets."""
    m = re.fullmatch(r"\s*([(\[{])([^()\[\]{}<>=]*)([)\]}])\s*", text)
    closing = {"(": ")", "[": "]", "{": "}"}
    return m.group(2) if m and closing[m.group(1)] == m.group(3) else text


# A key assigned a placeholder after the words of the previous entry's description.
_LATE_ASSIGNMENT = token(
    "late assignment",
    r"(?<=[a-z]{3})(?<!\band)(?<!\bthen)(?<!\balso)(?<!\bplus)[ \t]+(?="
    + KEY_CHARS
    + r"=<[^<>\n]+>)",
)


_LEAD_WORDS = frozenset({"optional", "optionally", "required", "mandatory", "also"})


def _split_late_assignment(seg: str) -> list[str]:
    """``may be omitted adminport=<port> Web port``: the description, then an entry."""
    if "=<" not in seg or _ASSIGN.re.match(seg.strip()):
        return [seg]
    late = _LATE_ASSIGNMENT.re.search(seg)
    if late is None or len(words := seg[: late.start()].split()) < 3:
        return [seg]  # "plus optional loc=<room>": a lead, not a description
    if words[-1].lower() in _LEAD_WORDS:
        return [seg]
    return [seg[: late.start()], seg[late.end() :]]


def _sentences(segments: list[str]) -> list[str]:
    """``txtvers, name. See RFC 6763.``: the last key ends a sentence; what follows is not
    part of its name (it may describe, refer or say that more keys exist)."""
    out: list[str] = []
    listed = {seg.strip() for seg in segments[:MAX_SEGMENTS] if key_like(seg.strip())}
    prose_only = False
    for seg in segments:
        note = _DASH_NOTE.re.search(seg)
        if note and seg[: note.start()].strip():  # "'zone' and `lvl` - lvl is a level"
            out += [seg[: note.start()], seg[note.end() :]]
            continue
        nxt = _NEXT_ENTRY.re.match(seg) if ". " in seg else None
        if nxt and _ENUMERATOR.re.fullmatch(nxt["a"] + " "):
            nxt = None  # "4. name - label": a numbered entry, not a sentence end
        label = nxt["b"].split()[0] if nxt else ""
        if nxt and label[:1].isupper() and label.lower() in _FACET_LABELS:
            nxt = None  # "... on the screen. Default - none.": a fact about the key (a
            # lower-case "type - device type" is a key of its own)
        if nxt and key_like(nxt["b"].split()[0].strip("\"'`")):  # also '"fwv" - ...'
            out.append(nxt["a"])
            rest = nxt["b"]
            for _ in range(MAX_SEGMENTS):  # "id - the id. name - the name.": more entries
                more = _NEXT_ENTRY.re.match(rest) if ". " in rest else None
                if not (more and key_like(more["b"].split()[0].strip("\"'`"))):
                    break
                out.append(more["a"])
                rest = more["b"]
            out.append(rest)
            continue
        closed = _KEY_PAREN_SENTENCE.re.match(seg) if ")." in seg else None
        if closed and key_like(closed["k"].split("(")[0].strip()):
            out += [closed["k"], closed["s"]]  # "dname (device label). Vendors MAY add ...": ends
            continue
        m = _KEY_SENTENCE.re.match(seg)
        low = _KEY_SENTENCE_LOW.re.match(seg) if not m and listed else None
        if low and low["k"].strip() not in listed and low["s"].split()[0] in listed:
            # "hwaddr, ipaddr, hostname. hwaddr is the MAC address ...": the list ends;
            # the sentences after it are notes on its keys (read by _attach_notes)
            out.append(low["k"])
            prose_only = True
            continue
        if prose_only:
            if "=" in seg or _KEY_DASH.re.match(seg.strip()):
                prose_only = False
            else:
                continue
        words = re.split(r"\s+(?:and|&)\s+", m["k"].strip()) if m else []
        if m and all(key_like(w) for w in words) and len(m["k"].strip()) > 1 and _has_words(m["s"]):
            out += [m["k"], m["s"]]
        else:
            out.append(seg)
    return out


def _has_words(text: str) -> bool:
    """Prose rather than more key names: a stop word, or a word no key could be."""
    words = text.split()
    return any(w.lower() in STOPWORDS or not key_like(w) for w in words)


def _mid_sentence(keys: list[Entry]) -> bool:
    """The previous key's description stops mid-sentence, so a lone word continues it."""
    if not keys or not keys[-1].description:
        return False
    return not keys[-1].description[-1].rstrip().endswith((".", ")", "]", ">"))


_LIST_LEAD = token(
    "list lead",
    r"(?i)\b(?:one\s+of|either|(?:allowed\s+|possible\s+|valid\s+)?values?(?:\s+are)?|choices?"
    r"|allowed|accepted|valid|supported"
    r"|options?)\s*:?\s+[\w.+\"'-]+(?:\s*,\s*[\w.+\"'-]+)*$",
)
# A segment that states a facet of the key before it, never a key of its own.
_FACET_LEAD = token(
    "facet lead",
    r"(?i)^\s*(?:(?:allowed|possible|valid|supported|permitted)\s+values?\b|values?\s*:|choices?\s*:"
    r"|(?:allowed|accepted|valid|supported|permitted)\s*:"
    r"|range\s*:|options?\s*:|defaults?\b(?:\s+(?:to|is|value)\b|\s*[:=]|\s+[\"'`]?[\w+./:-]+[\"'`]?\s*\.?\s*$)"
    r"|one\s+of\b|either\b"
    r"|e\.\s?g\.|for\s+example\b|examples?\s*:|(?:this\s+key\s+is\s+)?(?:optional|required|mandatory)\b"
    r"|if\s+(?:present|absent|omitted|not\s+present)\b)",
)
# "'dt' (device type) and 'md' (model)": "and" between two keys with descriptions.
_PAREN_AND = token(
    "paren and",
    r"\)\s*,?\s+(?:and|&)\s+(?=[\"'`]?"
    + KEY_CHARS
    + r"[\"'`]?\s*\(|[A-Za-z][^()\n]{0,60}\("
    + KEY_CHARS
    + r"\)|[\"'`]?"
    + KEY_CHARS
    + r"[\"'`]?\s*(?:[.;]|$))",  # "... tgt (target) and lock."
)
_MARKED = token("marked", r"[=(\[:]|\s(?:-|--|\u2013|\u2014)\s")


# Three or more lower-case words and nothing that marks a key: a phrase, not a key name.
_LOWER_PROSE = token("lower prose", r"\s*[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){2,}\s*\.?\s*")


# "v - API version": a segment that opens with its own key and a dash names a key, even
# after a description that ends on an example ("for example hub.local; v - API version").
_DASHED_ENTRY = token(
    "dashed entry",
    r"^\s*[\"'`]?" + KEY_CHARS + r"[\"'`]?\s+(?:-|--|\u2013|\u2014)\s+[A-Za-z\"'`(<]",
)
# A description that ends on an example or default lead: the next item belongs to it.
_OPEN_TAIL = token(
    "open tail",
    r"(?i)\b(?:such\s+as|e\.\s?g\.?|like|for\s+example|i\.\s?e\.?)\s+[\w.+-]+(?:\s*,\s*[\w.+-]+)*$"
    r"|\b(?:if|when)\s+(?:absent|omitted|missing|unset|not\s+set)\s*$"
    r"|[\"'`]\w{1,3}[\"'`]\s*=\s*[\w ]{1,30}$",  # '"A" = audio' then '"V" = video'
)


def _continues(keys: list[Entry], seg: str) -> bool:
    """A segment that goes on with the previous key's description rather than naming a key.

    After ``key - description`` (or ``key: ...``) that stops mid-sentence, a segment with
    no key marker of its own (no ``=``, dash, colon or bracket) continues the sentence;
    so does anything after ``one of X`` until the list ends.
    """
    if keys and _FACET_LEAD.re.match(seg):
        return True
    if keys and keys[-1].value and not keys[-1].quoted and more_values(keys[-1].value, seg):
        return True  # "mode=auto, manual or off": more values of the key, not a key
    if (
        keys
        and keys[-1].description
        and _OPEN_TAIL.re.search(", ".join(keys[-1].description)[-200:])
        and not _DASHED_ENTRY.re.match(seg)
    ):
        return True  # "language code such as en, de, fr"; "if absent, red"
    if keys and keys[-1].description and _TYPE_CELL.re.fullmatch(seg.strip().rstrip(".;")):
        return True  # "rate - sample rate in Hz, integer, ...": a type word goes on about it
    if not keys or not keys[-1].description or not _mid_sentence(keys):
        return False
    joined = ", ".join(keys[-1].description)[-300:]
    if _LIST_LEAD.re.search(joined):
        return True
    return (
        " " in seg.strip()
        and not _MARKED.re.search(seg)
        and keys[-1].value is None
        and (keys[-1].placeholder is None)
    )


def _stand_ins(body: str) -> dict[str, list[str]]:
    """``Versions (APPVERSION): 2.7, 3.0``: upper-case stand-ins a note defines by a list."""
    found: dict[str, list[str]] = {}
    for m in re.finditer(r"\((?P<n>[A-Z][A-Z0-9_]{3,})\)\s*:\s*(?P<v>[^\n]+)", body):
        found[m.group("n")] = [v.strip() for v in m.group("v").split(",") if v.strip()]
    return found


def _example_lead(seg: str) -> bool:
    return bool(
        re.match(r"(?i)(?:e\.\s?g\.?|eg|for example|normally|examples?)\b", seg)
        or _EX_LEAD.re.match(seg)  # "ex. docs=http://...", "ex: ver=2": the abbreviation
    )


_EX_LEAD = token("ex lead", r"(?i)ex(?:\.|\s*:)\s*(?=" + KEY_CHARS + r"\s*=)")


_EXAMPLE_PAIR = token(
    "example pair",
    r"(?<![A-Za-z0-9_.*?#+-])(?P<k>" + KEY_CHARS + r")(?:=|[ \t]=[ \t])(?P<v>[^\s\"',;)]+)",
)


def _near_name(word: str, name: str) -> bool:
    """``topic`` beside ``topics``: one letter more, less or other; a misspelt key."""
    if abs(len(word) - len(name)) > 1 or min(len(word), len(name)) < 3:
        return False
    if len(word) == len(name):
        return sum(a != b for a, b in zip(word, name, strict=True)) <= 1
    short, long = sorted((word, name), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _apply_examples(seg: str, keys: list[Entry]) -> None:
    """``hash=5e75...`` after ``Example:``, ``eg topic=/info``: values, not new keys."""
    found = False
    by_name = {key.name.lower(): key for key in keys}
    families = [p for p in (family_pattern(key.name) for key in keys) if p]
    pairs = list(_EXAMPLE_PAIR.re.finditer(seg))
    record = len(pairs) >= 2  # a sample record, not "eg topic=/info" after "topics=<...>"
    for m in pairs:
        key = by_name.get(m.group("k").lower())
        if key is not None and key.example is None:
            key.example = m.group("v")
            found = True
        elif (
            key is None
            and record
            and by_name
            and key_like(m.group("k"))
            and not any(_near_name(m.group("k").lower(), name) for name in by_name)
            and (m.start() == 0 or seg[m.start() - 1] not in QUOTE_MARKS + "`")
            and not any(re.fullmatch(p, m.group("k")) for p in families)
            and len(keys) < MAX_KEYS
        ):
            # "fw=4.2 ... sal=3.2" after a list without sal: the sample shows one key more
            # (not "v1=o" of a listed family vN, nor a quoted pair inside a sentence)
            keys.append(Entry(m.group("k"), example=m.group("v")))
            by_name[m.group("k").lower()] = keys[-1]
            found = True
    if not found and keys:
        keys[-1].example = keys[-1].example or example_of(seg)


def _assignments(seg: str, *, multiword: bool) -> tuple[str, list[Entry]]:
    """One or more ``key=value`` in a segment, with any trailing description.

    Bare keys may stand before the first assignment (``txtvers server=<...>``). A
    sentence may too, when it ends before the assignment (``"/" is assumed. ver=<...>``):
    it is returned first, as the end of the previous key's description.
    """
    masked = _mask(seg)
    multi = _MULTIWORD_ASSIGN.re.match(masked) if multiword else None
    # "0 = closed, 100 = open": codes and their meanings, not keys
    starts = [m for m in _ASSIGN.re.finditer(masked) if _LETTER_IN.re.search(m.group("key"))]
    multi_ok = multi and not any(w.lower() in STOPWORDS for w in multi.group("key").split())
    if multi and multi_ok and (not starts or starts[0].start() > 0):
        starts = [multi, *[m for m in starts if m.start() > multi.end()]]
    if not starts:
        return "", []
    keys: list[Entry] = []
    optional_next: set[int] = set()
    prose = ""
    lead = masked[: starts[0].start()].split()
    if lead and lead[0].lower() in _JOINERS:
        lead = lead[1:]  # "and fw=<version>"
    if lead:
        if not all(key_like(w) and w.lower() not in STOPWORDS for w in lead):
            before = seg[: starts[0].start()]
            clause = len(lead) <= 3 and all(w.lower() in STOPWORDS | CLAUSE_WORDS for w in lead)
            carries = _CARRIES.re.search(before) is not None  # "The record carries ver=1"
            labelled = before.rstrip().endswith(":")  # "Since version 2: cap=<...>"
            if (
                not _SENTENCE_CLOSED.re.search(before)
                and not clause
                and not carries
                and not labelled
            ):
                return "", []
            clause = clause or carries or labelled
            prose = "" if clause else before.strip()  # "While setup=yes ...": a clause opens
        else:
            keys += [Entry(w) for w in lead]
    for i, m in enumerate(starts[: min(MAX_ASSIGNMENTS, MAX_KEYS)]):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(seg)
        name = seg[m.start("key") : m.end("key")].strip()
        spaced = masked[m.end() - 1].isspace()  # "cport= the port ...": '=' then a space
        rest = seg[m.end() : end]
        ahead = _OPTIONAL_AHEAD.re.search(rest) if i + 1 < len(starts) else None
        if ahead:  # "model=<m> and an optional sn=<s>": the word is said of the next key
            rest = rest[: ahead.start()]
        keys.append(read_value(name, rest, spaced=spaced))
        if i in optional_next:
            keys[-1].optional = True
        if ahead:
            optional_next.add(i + 1)
    return prose, keys


# A sentence that opens a segment and leads into its assignments.
_CARRIES = token(
    "carries",
    r"(?i)^\s*(?:the|this|each|every|our|its)\s+(?:[\w-]+\s+){0,3}(?:carries|publishes|advertises"
    r"|sends|includes|contains|announces|holds|has|lists|uses|defines)\s*$",
)
# "... and an optional" closing the text between two assignments.
_OPTIONAL_AHEAD = token(
    "optional ahead", r"(?i)\s*,?\s*(?:(?:and|plus|then|with)\s+)?(?:an?\s+)?optional(?:ly)?\s*$"
)


_JOINERS = frozenset({"and", "or", "plus", "also", "then", "&"})
_EXAMPLE_HEADS = frozenset(
    f"{lead}{word}{tail}"
    for lead in ("", "for ")
    for word in ("example", "examples", "sample", "samples")
    for tail in ("",)
)
_LETTER_IN = token("letter in", r"[A-Za-z]")
_ELLIPSIS_HEAD = token("ellipsis head", r"^\s*(\.\.\.|\u2026)\s+(?=[A-Za-z])")
_NEED_HEADINGS = frozenset(
    f"{need}{tail}"
    for need in ("required", "mandatory", "optional")
    for tail in ("", " keys", " txt keys", " fields")
)
_SENTENCE_CLOSED = token("sentence closed", r"[.!?]\s+$")


_MASKED = token("masked", r"<[^<>]*>|\"[^\"]*\"|\([^()]*\)?|\[[^\]]*\]")


def _mask(seg: str) -> str:
    """Blank out bracketed and quoted spans so '=' inside them is not an assignment."""
    out = list(seg)
    for m in _MASKED.re.finditer(seg):
        for i in range(m.start() + 1, m.end() - 1):
            out[i] = "_" if not seg[i].isspace() else " "
    return "".join(out)


_QUOTED_ROW_HEAD = token(
    "quoted row head", r"(?m)^([ \t]*)[\"'`](" + KEY_CHARS + r")[\"'`](?=[ \t]{2,}\S)"
)
_ALIGNED = token("aligned", r"^\s*(?:[-*\u2022]\s+)?" + KEY_CHARS + r"(?:==?[^\s=]+)? {2,}\S")


def _table_layout(lines: list[str]) -> bool:
    """``auth          plaintext | md5``: keys and descriptions in aligned columns."""
    rows = [ln for ln in lines if ln.strip()]
    aligned = [ln for ln in rows if _ALIGNED.re.match(ln)]
    return len(aligned) >= 2 and len(aligned) >= len(rows) // 2


_TABLE_ROW = token("table row", r"^(" + KEY_CHARS + r") {2,}(.+)$")
_KEY_DASH = token("key dash", r"^(" + KEY_CHARS + r")\s+(?:==?|--?|\u2013|\u2014)\s+(.+)$", re.S)


def _row_entry(name: str, rest: str) -> Entry:
    """An aligned row after its key: ``1`` (the value), ``<mode>  standby / run`` (a
    placeholder, then the description), or a description."""
    cells = re.split(r" {2,}", rest.strip(), maxsplit=1)
    head = cells[0]
    if re.fullmatch(r"\d+(?:\.\d+)*", head) and len(cells) == 1:
        return Entry(name, value=head)  # "txtvers  1"
    if re.fullmatch(r"<[^<>]+>", head):  # "fw  <fw version>  major.minor"
        entry = Entry(name, placeholder=" ".join(head[1:-1].split()))
        entry.description = cells[1:]
        return entry
    return Entry(name, description=[rest])


# "tz key with the time zone", "a serial key holding the serial number": a key named by
# the word "key" and described by the clause after it.
named_key = (
    key_name("k")
    + CK("key")
    + pp.MatchFirst(
        CK(w)
        for w in ("with", "for", "holding", "giving", "carrying", "naming", "that", "which", "to")
    )
    + pp.Regex(r".+", re.S)("desc")
).set_name("'k key with ...'")


# "dkX where X is the dock number": a key, then a relative clause about it.
key_clause = (
    key_name("k")
    + pp.Regex(r"(?i)(?:where|whose|which)\b(?=\s+\S)")
    + pp.Regex(r".+", re.S)("desc")
).set_name("'k where ...'")


# The forms of one entry that names its key first (or in code), then describes it.
_gap = pp.Regex(r"\s+").leave_whitespace().suppress().set_name("space")
_dash_sep = (
    pp.Regex(r"\s+(?:==?|--?|\u2013|\u2014)\s+").leave_whitespace().suppress().set_name("' - '")
)
_to_end = pp.Regex(r".*", re.S).set_name("description")
# "`sn` serial number": a key in code, then its meaning
code_head = (
    pp.Regex(r"`(?P<k>" + KEY_CHARS + r")`") + _gap + pp.Regex(r"[^\s`].*", re.S)("desc")
).set_name("`key` description")
# "D (device type)", "mode (auto or manual"
key_paren = (key_name("k") + pp.Suppress("(") + _to_end("desc")).set_name("key (description)")
# "enc [none, aes128]", "lang {en,fr,de} (default: en)"
key_bracket = (
    key_name("k")
    + pp.Regex(r"\[[^\[\]]*\]|\{[^{}]*\}(?:\s*\([^()]*\))?")("desc")
    + pp.Opt(pp.Suppress("."))
    + pp.StringEnd()
).set_name("key [values]")
# "t [°C] temperature": a key, its unit in square brackets, then its description
key_unit = (
    key_name("k")
    + pp.Regex(r"\[[^\[\],;=<>\n]{1,16}\]\.?")("unit")
    + _gap
    + pp.Regex(r"[^\s\[].*", re.S)("desc")
).set_name("key [unit] description")
# "[ver] protocol version": a key in square brackets heading its description
bracket_head = (
    pp.Regex(r"\[(?P<k>" + KEY_CHARS + r")\]") + _gap + pp.Regex(r"[^\s\[].*", re.S)("desc")
).set_name("[key] description")
# "key - desc", "key == desc", "key \u2013 desc"
key_dash = (key_name("k") + _dash_sep + pp.Regex(r".+", re.S)("desc")).set_name("key - description")

# "band 2.4|5", "IsPrimary true/false", "tls: on/off": a key, then its values joined by bars
# or slashes (lower-case words, numbers or upper-case codes), nothing else
_VALUE_ITEM = r"(?:[a-z0-9][a-z0-9.+_-]{0,15}|[A-Z0-9]{1,8})"
key_values = (
    key_name("k")
    + pp.Regex(
        r"[ \t]*:?[ \t]+(?P<desc>" + _VALUE_ITEM + r"(?:[ \t]*[|/][ \t]*" + _VALUE_ITEM + r")+)"
        r"[ \t]*[.;]?[ \t]*$"
    )
    .leave_whitespace()
    .set_name("values")
).set_name("key values")
# "values ok/fault/off", "either on/off": a label over values, never a key of its own
_VALUE_LABELS = frozenset(
    {"value", "values", "choice", "choices", "option", "options", "allowed", "accepted", "valid"}
    | {"possible", "either", "default", "def", "range", "one", "is", "are", "can", "may"}
)


def _not_a_label(tokens: pp.ParseResults) -> bool:
    word = str(tokens["k"]).lower()
    return word not in _VALUE_LABELS and word not in STOPWORDS


def _entry_of(tokens: pp.ParseResults) -> Entry:
    return Entry(str(tokens["k"]), description=[str(tokens["desc"])])


def _unit_entry(tokens: pp.ParseResults) -> Entry:
    unit = str(tokens["unit"]).rstrip(".")[1:-1].strip()
    return Entry(str(tokens["k"]), description=[f"{tokens['desc']} (in {unit})"])


def _clause_entry(tokens: pp.ParseResults) -> Entry:
    return Entry(str(tokens["k"]), description=[str(tokens["desc"]).strip()])


def _names_a_key(tokens: pp.ParseResults) -> bool:
    return key_like(str(tokens["k"]))


key_entry = pp.MatchFirst(
    [
        *(
            form.copy().add_condition(_names_a_key).add_parse_action(_entry_of)
            for form in (code_head, bracket_head, key_paren, key_bracket, key_dash)
        ),
        key_values.copy()
        .add_condition(_names_a_key)
        .add_condition(_not_a_label)
        .add_parse_action(_entry_of),
        key_unit.copy().add_condition(_names_a_key).add_parse_action(_unit_entry),
        *(
            form.copy().add_condition(_names_a_key).add_parse_action(_clause_entry)
            for form in (named_key, key_clause)
        ),
    ]
).set_name("key entry")


# "model name (mn)", "device type (dt: camera/doorbell)", "Protocol version (pv) - integer":
# a description, then its key in parentheses (with its values after a colon), then more.
_paren_key = (
    pp.Suppress("(")
    + key_name("k")
    + pp.Opt(pp.Suppress(pp.one_of(": ,")) + pp.Regex(r"[^()]+")("values"))
    + pp.Suppress(")")
).set_name("(key)")
described_key = (
    pp.Opt(CK("and") | pp.Literal("&")).suppress()
    + pp.Regex(r"[A-Za-z][^()\n=<>]{0,100}?(?=\s*\()")("desc")
    + _paren_key
    # "link speed (spd) as one of 10, 100 or 1000": the values may follow with no separator
    + pp.Opt(
        pp.Regex(r"(?:-|--|\u2013|\u2014|:|,|(?=(?:as\s+)?(?:one\s+of|either)\b))")
        + pp.Regex(r".+", re.S)("more")
    )
    + pp.Opt(".")
    + pp.StringEnd()
).set_name("description (key)")
# Words in parentheses that say something of a key rather than name one.
# A description that already opens with its key ("lvl - output level", "ver: version").
_KEY_FIRST = token(
    "key first", r"\s*[\"'`]?" + KEY_CHARS + r"[\"'`]?\s*(?:-|--|\u2013|\u2014|:|=)\s"
)
# Formats and kinds in brackets, not keys: "(x.y.z)", "(IPv4)", "(hex)".
_FORMAT_LIKE = token(
    "format like", r"(?i)[a-z](?:\.[a-z])+|ipv[46]|utf-?8|ascii|hex|uuid|mac|url|uri|dbm|ms|hz"
)
_NOT_PAREN_KEYS = frozenset(
    {"optional", "required", "mandatory", "deprecated", "default", "flag", "hex", "string", "text"}
    | {"integer", "int", "number", "boolean", "bool", "float", "etc", "obsolete", "legacy"}
    | {"range", "values", "value", "choices", "unit", "units", "example", "e.g", "note"}
)


def _described_key(seg: str) -> Entry | None:
    """A description, then its key in parentheses: the key; its values and what follows."""
    found = at_start(described_key, seg.strip())
    if found is None:
        return None
    name = str(found["k"])
    if not key_like(name) or name.lower() in _NOT_PAREN_KEYS or name.lower() in STOPWORDS:
        return None
    restated = name.islower() and name in str(found["desc"]).lower().split()
    if _KEY_FIRST.re.match(str(found["desc"])) or (
        _FORMAT_LIKE.re.fullmatch(name) and not restated
    ):
        return None  # "lvl - output level (Range: 0-31)", "firmware (x.y.z)": no key in brackets
    # "MAC address of the port (mac)": a lower-case word the description already says is the key
    desc = [str(found["desc"]).strip()]
    if "values" in found:
        desc.append(str(found["values"]).strip())
    if "more" in found:
        desc.append(str(found["more"]).strip())
    return Entry(name, description=[d for d in desc if d])


_WHOLE_KEY_PAREN = token("whole key paren", KEY_CHARS + r"\s*\(([^()]*)\)[.;,]?")


# "(loc, optional)": a key and its need word in brackets, not a description.
_KEY_AND_NEED = token(
    "key and need", r"(?i)\s*" + KEY_CHARS + r"\s*,\s*(?:optional|required|mandatory)\s*"
)


def _join_paren_tails(segments: list[str]) -> list[str]:
    """``number of free slots, 0 to 4 (fs)``: in a ``description (key)`` list, a segment
    that holds no key and the next one, whose key is named only with both, are one item."""
    out: list[str] = []
    for seg in segments:
        prev = out[-1] if out else ""
        if (
            prev
            and "(" not in prev
            and len(prev.split()) >= 2
            and seg.rstrip(" .;").endswith(")")
            and _described_key(seg.strip()) is None
            and _described_key(f"{prev.strip()}, {seg.strip()}") is not None
        ):
            out[-1] = f"{prev.rstrip()}, {seg.strip()}"
            continue
        out.append(seg)
    return out


def _paren_list(segments: list[str]) -> bool:
    """Two or more segments are ``description (key)``, one with a description of several words,
    and none is ``key (description of several words)``: the list names its keys so."""
    count = 0
    several = False
    for seg in segments[:MAX_SEGMENTS]:
        if "(" not in seg:
            continue
        m = _WHOLE_KEY_PAREN.re.fullmatch(seg.strip())
        if m and " " in m.group(1).strip() and not _KEY_AND_NEED.re.fullmatch(m.group(1)):
            return False  # "D (device type)": the key comes first in this list
        found = _described_key(seg.strip())
        if found is not None:
            count += 1
            several = several or " " in found.description[0]
    return count >= 2 and several


def _key_phrase(
    seg: str, table: bool, *, multiword: bool, paren_list: bool = False, listing: bool = False
) -> Entry | None:
    """A bare key, maybe with a description: ``D (device type)``, ``Machine ID``,
    ``firmware version (fw)``; in a list of bare names so far (``listing``), ``Is Master
    (TRUE/FALSE)``."""
    if table:
        m = _TABLE_ROW.re.match(seg)
        if m and key_like(m.group(1)):
            return _row_entry(m.group(1), m.group(2))
    if seg.endswith(":"):
        return None  # "the following keys:": a lead-in, not a key
    seg = _unquote_head(seg)
    described = at_start(key_entry, seg)
    if described is not None:
        entry: Entry = described[0]
        return entry
    m = _PAREN_KEY.re.search(seg[-50:]) if multiword and seg.endswith(")") else None
    if m:  # "firmware version (fw)": a description, then its key in parentheses
        desc = seg[: len(seg) - len(seg[-50:]) + m.start()].strip()
        plain = re.fullmatch(r"[A-Za-z][^()]*\s[^()]*", desc) is not None
        fmt = _FORMAT_WORD.re.fullmatch(m.group("k")) is not None  # "(MAJOR.MINOR.PATCH)"
        if plain and key_like(m.group("k")) and not has_prose(desc) and not fmt:
            return Entry(m.group("k"), description=[desc])
    head = _WORDS_THEN_PAREN.re.fullmatch(seg) if multiword and listing else None
    if head and not key_like(head["d"].strip()):  # "Max Guests (number of seats, 1-12)"
        named = head["k"].split()
        if all(  # a capitalised word of a title-case name ("Is Master") is no stop word
            key_like(w)
            and w.lower() not in _NEED_WORDS
            and (w.lower() not in STOPWORDS or w.istitle())
            for w in named
        ):
            return Entry(head["k"], description=[head["d"].strip()])
    words = [_unquote(w) for w in seg.split()]
    fits = 1 <= len(words) <= (3 if multiword else 1) and all(key_like(w) for w in words)
    if len(words) > 1 and any(w.lower() in {"key", "keys"} for w in words):
        return None  # "Only one key": a phrase about keys, not a key named in words
    if len(words) > 1 and any(w.lower() in _NEED_WORDS for w in words):
        return None  # "fw optional": a key and what it needs, not a key named in words
    if fits and (len(words) == 1 or all(w.lower() not in STOPWORDS for w in words)):
        return Entry(" ".join(words).rstrip(".;"))
    return None


# In a comma list of keys with spaces: "Is Master (TRUE/FALSE)", a key of up to three words,
# then what its value is in brackets.
_WORDS_THEN_PAREN = token(
    "words then paren",
    r"\s*(?P<k>[A-Za-z][\w.-]*(?:[ \t]+[A-Za-z0-9][\w.-]*){0,2})[ \t]*"
    r"\((?P<d>[^()\n]{1,200})\)\s*[.;]?\s*",
)
# '"hw"  "sw"': keys quoted one by one, with only spaces between them.
_NEED_WORDS = frozenset({"optional", "required", "mandatory", "deprecated", "obsolete"})
_QUOTED_RUN = token(
    "quoted run", r"[\"'`]" + KEY_CHARS + r"[\"'`](?:\s+[\"'`]" + KEY_CHARS + r"[\"'`])+"
)
_QUOTED_ONE = token("quoted one", r"[\"'`](" + KEY_CHARS + r")[\"'`]")
_QUOTED_WORD = token("quoted word", r"([\"'`])(" + KEY_CHARS + r")\1([.;]?)")
_QUOTED_HEAD = token("quoted head", r"^([\"'`])(" + KEY_CHARS + r")\1(?=\s*[(\-\u2013\u2014=])")


def _unquote(word: str) -> str:
    """``"txtvers"``, ```name```: a key written in quotes is the key without them."""
    m = _QUOTED_WORD.re.fullmatch(word) if word[:1] in "\"'`" else None
    return m.group(2) + m.group(3) if m else word


def _unquote_head(seg: str) -> str:
    """``'mac' (device MAC address)``: a quoted key heading its description."""
    return str(_QUOTED_HEAD.re.sub(lambda m: m.group(2), seg, count=1))


_TITLE_WORD = token("title word", r"[A-Z][a-z]{2,}")


def _space_list(seg: str) -> list[Entry]:
    """``txtvers protovers path``: a single line of space-separated keys; ``Product Name
    Serial Number`` in columns (a tab or two spaces between) keeps each column's words."""
    columns = re.split(r" {2,}", seg.strip())
    if len(columns) >= 2 and "\n" not in seg:
        cells = [c.split() for c in columns[:MAX_SEGMENTS]]
        if all(
            1 <= len(c) <= 3 and all(key_like(w) and w.lower() not in STOPWORDS for w in c)
            for c in cells
        ):
            return [Entry(" ".join(c)) for c in cells]
    words = [_unquote(w) for w in seg.split()[:MAX_SEGMENTS] if w.lower() not in {"and", "&"}]
    if all(key_like(w) for w in words) and not any(w.lower() in STOPWORDS for w in words):
        if sum(bool(_TITLE_WORD.re.fullmatch(w)) for w in words) >= 2:
            return []  # "Test Controller Card": a name in title case, not a list of keys
        return [Entry(w.rstrip(".;")) for w in words]
    return []
