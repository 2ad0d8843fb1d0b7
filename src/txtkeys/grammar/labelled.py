"""Labelled entries: a body that writes each key as a label, ``key: description``.

A labelled body gives each key a label (``td: Absolute pathname of the root`` on a line,
``<type>:description;`` items after a stop), or runs its labels on one line (``ver:
version id: identifier``), or groups its keys by need on labelled lines (``Required:
txtvers, id`` over ``Optional: name, icon``). The rules are pyparsing elements built from
named tokens, and a function over their results builds the entries. A body's lines are
walked with the ``body-line`` token's own pattern and each is read by the ``need-group``
rule (its need word, its list, the sentence that closes the list); a list is read as the
assignments of a ``group-assigns`` list or as the key words of a ``group-items`` list. A
body's labels are walked with the ``label-head`` token's own pattern, as
``tokens.find_all`` walks a phrase, and each head's named parts (``a`` a key in angle
brackets, ``k`` a key, ``m`` a mark) are its results: a body may hold thousands of labels
(16 KB of ``a: b`` lines), and a pyparsing call per label (about 9 us) would cost more
than reading the label does. The entries of a lead-in line and of a group-assigns list,
and a word of a group-items list that is no key name ("alias (user-given name)"), are
read by the entry layouts (passed in: this module never reads another layout itself). At
most ``MAX_SEGMENTS`` lines are read as need groups, each once, and labels are found in
one pass of the label-head pattern, so time stays linear in the body.

    labelled    = need-groups | label-run | labels ;
                  (* none when a line opens with a line-assign *)
    need-groups = [ lead-in ] , need-group , { need-group } ;
                  (* one need-group a body-line; the lead-in's lines are read as segments:
                     "ver (protocol version); optional: loc, tz" *)
    lead-in     = body-line , { body-line } ;
    need-group  = [ bullet ] , need-word , [ "keys" ] , ":" , group-list , group-close ;
    need-word   = "required" | "mandatory" | "optional" | "public" ;
    group-list  = { any - newline } ;    (* up to a group-end; group-assigns or
                                            group-items; "optional" makes its keys optional *)
    group-close = [ group-end , { any - newline } ] ;
    group-end   = ( "." | ")" ) , blanks , capitalised-word , blanks , lower-case-letter ;
                  (* "Public: ver, uid (UUID). All other keys are internal.": a new
                     sentence ends the list *)
    group-assigns = group-list ;         (* it holds an any-assign: read as segments,
                                            "optional: label=<l>, led=<on or off>" *)
    group-items = group-item , { ( "," | ";" ) , group-item } ;
                  (* split outside brackets and quotes *)
    group-item  = key-word , { and-join , key-word } ;
    key-word    = key-name | quote , key-name , quote | key-phrase ;
    and-join    = blanks , ( "and" | "&" ) , blanks ;
    next-group  = ( "." | ";" ) , blanks ;
                  (* before a need-word , [ "keys" ] , ":" : "Required: ver, id. Optional:
                     name." on one line is two need groups, a line each *)
    not-used-group = ( line-start | ( "." | ";" ) , blanks ) ,
                  ( "not used" | "unused" | "reserved" | "other keys" ) , ":" ,
                  { any - newline } ;                     (* names no key: dropped *)
    labels      = { any - label } , label , { label } ;
                  (* no any-assign before the first label; a label alone opens the body
                     (in its first three characters) and no any-assign follows it:
                     "Record: ver=2, mode=<...>" is a label over assignments, not a key *)
    label       = label-head , description ;
    label-head  = label-start , [ blanks ] , [ bullet , blanks ] , label-key ,
                  [ [ blanks ] , label-mark ] , [ blanks ] , ":" , [ blanks ] ;
                  (* not "://"; a non-blank or a newline follows; not a not-label *)
    label-start = text-start | ( "." | ";" | "," ) , blanks | newline ;
    label-key   = "<" , key-name , ">" | [ quote ] , key-name , [ quote ] ;
                  (* the same quote ("`", '"' or "'") on both sides *)
    label-mark  = ( "(" | "[" ) , { any - ( "(" | ")" | "[" | "]" | ":" | newline ) } ,
                  ( ")" | "]" ) ;         (* 1 to 40 inside; "(optional)", "(opt.)": optional *)
    not-label   = label-head ;
                  (* named Note, Example, e.g., See, Key, Default, Values, Range, ...; or
                     a capitalised sub-label after a sentence on its line ("ssid - the
                     SSID. Type: string.") *)
    description = { any - label } ;
                  (* "<C|F> (default: C)": a placeholder first; "1" alone: the fixed
                     value; none, over a more deeply indented label: a container, no key *)
    label-run   = label-head , description , inline-label , description ,
                  { inline-label , description } ;
                  (* one line, its only label-head at its start: "ver: version id:
                     identifier name: friendly name" *)
    inline-label = blank , lower-key , ":" , blanks ;    (* a non-blank follows *)
    lower-key   = lower-case-letter , { lower-case-letter | digit | "_" | "-" } ;
                  (* 16 characters at most *)
    line-assign = ( text-start | newline ) , [ blanks ] , [ bullet , blanks ] , key-name ,
                  [ blanks ] , ( "=" | "==" ) ;          (* the key holds a letter *)
    any-assign  = key-name , [ blanks ] , "=" , [ blanks ] ,
                  ( "<" | word-char | quote | "{" ) ;
                  (* not inside a longer key; the key holds a letter *)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice

import pyparsing as pp

from .lines import body_line
from .records import SUB_LABEL
from .tokens import (
    BULLET,
    KEY_CHARS,
    MAX_KEYS,
    MAX_SEGMENTS,
    at_start,
    bare,
    bullet,
    find_all,
    key_like,
    split_top,
    token,
    words,
)
from .values import Entry, read_value

__all__ = [
    "and_join",
    "any_assign",
    "group_close",
    "group_end",
    "group_list",
    "inline_label",
    "label_head",
    "labelled_entries",
    "line_assign",
    "need_group",
    "need_word",
    "next_group",
    "not_used_group",
]

CK = pp.CaselessKeyword

# ------------------------------------------------------------------------------- tokens

# "td: ...", ". <type>:...", "\n- "ver" (optional): ...": a label, up to its description.
_LABEL_START = r"(?:^|(?<=[.;,])[ \t]+|\n)[ \t]*"
_LABEL_BULLET = r"(?:" + BULLET + r"[ \t]+)?"
_LABEL_KEY = r"(?:<(?P<a>" + KEY_CHARS + r")>|(?P<q>[`\"']?)(?P<k>" + KEY_CHARS + r")(?P=q))"
_LABEL_MARK = r"(?P<m>[ \t]*[(\[][^()\[\]\n:]{1,40}[)\]])?"
_LABEL_COLON = r"[ \t]*:(?!//)[ \t]*(?=\S|\n)"
label_head = token(
    "label head", _LABEL_START + _LABEL_BULLET + _LABEL_KEY + _LABEL_MARK + _LABEL_COLON
)
# A label after a space, in a line of labels ("ver: version id: identifier").
inline_label = token("inline label", r"(?<=\s)(?P<k>[a-z][a-z0-9_-]{0,15}):[ \t]+(?=\S)")
# Labels that name no key: a note, an example, a reference, the facets of the key before
# ("mode. Default: b. Values: a, b.").
NOT_LABELS = frozenset(
    {
        "note",
        "notes",
        "example",
        "examples",
        "e.g",
        "i.e",
        "http",
        "https",
        "see",
        "nb",
        "ps",
        "key",
        "default",
        "defaults",
        "values",
        "range",
        "choices",
        "allowed",
        "valid",
    }
)
# "proto (optional):", "id (opt.):": a mark that makes the key optional.
_OPTIONAL_MARK = token("optional mark", r"(?i)opt(?:ional)?\.?")
# "unit: <C|F>  (default: C)": a description that opens with a placeholder.
_PLACED = token("placed description", r"<([^<>\n]{1,200})>\s*")
# "txtvers: 1": a description that is one number, the key's fixed value.
_FIXED = token("fixed description", r"[\"'`]?(\d+(?:\.\d+)*)[\"'`]?[.;,]?")

# A line that opens with an assignment: the body is no labelled one.
line_assign = token(
    "line assign",
    r"(?:^|\n)[ \t]*(?:" + BULLET + r"[ \t]+)?(?=[^\s=]*[A-Za-z])" + KEY_CHARS + r"[ \t]*==?",
)
# "label=<l>", "ver=2": an assignment anywhere.
any_assign = token(
    "any assign", r"(?<![A-Za-z0-9_.*?#+-])(?=[^\s=]*[A-Za-z])" + KEY_CHARS + r"\s*=\s*[<\w'\"{]"
)

# ------------------------------------------------------------------------- need groups

_NEED_WORDS = ("required", "mandatory", "optional", "public")
need_word = words(_NEED_WORDS, None).set_name("need word")
# A need group after the end of another on the same line.
next_group = token(
    "next group",
    r"(?i)(?<=[.;])[ \t]+(?=(?:required|mandatory|optional|public)(?:\s+keys)?[ \t]*:)",
)
not_used_group = token(
    "not used group",
    r"(?im)(?:(?<=[.;])[ \t]+|^[ \t]*)(?:not\s+used|unused|reserved|other\s+keys)[ \t]*:[^\n]*$",
)
group_end = token("group end", r"(?<=[.)])\s+(?=[A-Z][a-z]+\s+[a-z])")
and_join = token("and join", r"\s+(?:and|&)\s+")
# A group's list: the rest of the line up to a group end.
group_list = token("group list", r"(?:(?!" + group_end.re.pattern + r")[^\n])+")
# What follows the list on its line: nothing, or a group end and the sentence it opens.
group_close = bare(token("group close", r"[^\n]*"))
# "Required: txtvers, id" / "Optional: name, icon": a line grouping keys by need. The
# close takes the rest of the line (a line holds no newline): the group is the whole line.
need_group = (
    pp.Opt(bullet).suppress()
    + need_word("need")
    + pp.Opt(CK("keys")).suppress()
    + pp.Suppress(":")
    + group_list("list")
    + group_close
).set_name("need group")


def _key_words(text: str) -> list[str]:
    """The key words of a group-items list: its items (split outside brackets and
    quotes), each split again at an and-join."""
    return [
        word
        for item in split_top(text.strip(" ."), ",;")
        for word in and_join.re.split(item.strip())
    ]


def _need_groups(
    body: str,
    segments: Callable[[str], list[Entry]],
    key_word: Callable[[str], Entry | None],
) -> list[Entry]:
    """The entries of a body whose lines are all need groups, maybe after lead-in lines
    (see above), or none."""
    lines = [m.group() for m in islice(find_all(body_line, body), MAX_SEGMENTS + 1)]
    low = body.lower()
    needs = any(w in low for w in ("required", "mandatory", "optional", "public:"))
    groups = [at_start(need_group, ln) for ln in lines] if needs else []
    first = next((i for i, g in enumerate(groups) if g is not None), len(groups))
    lead_in: list[Entry] = []
    if 0 < first < len(groups) and all(g is not None for g in groups[first:]):
        # "ver (protocol version); optional: loc, tz": plain entries, then need groups
        lead_in = segments("\n".join(lines[:first]))
        groups = groups[first:] if lead_in else groups
    if not groups or not all(g is not None for g in groups):
        return []
    grouped: list[Entry] = list(lead_in)
    for found in groups:
        assert found is not None
        optional = str(found["need"]).lower() == "optional"
        listed = str(found["list"]).rstrip()
        if any_assign.re.search(listed):  # group-assigns: "label=<l>, led=<on or off>"
            read = segments(listed)
        else:  # group-items; "alias (user-given name)" is a key phrase
            read = [e for w in _key_words(listed) if (e := key_word(w)) is not None]
        for entry in read:
            entry.optional = optional
            grouped.append(entry)
    return grouped


# ------------------------------------------------------------------------------ labels


def _name(head: re.Match[str]) -> str:
    return head.group("a") or head.group("k") or ""


def _mid_line(body: str, head: re.Match[str]) -> bool:
    """A capitalised label after a sentence on the same line ("ssid - the SSID. Type:
    string."): a sub-label of the entry; a lower-case one ("... . type: ...") is a key."""
    return head.start() > 0 and body[head.start()] != "\n" and _name(head)[:1].isupper()


def _is_label(body: str, head: re.Match[str]) -> bool:
    """A label-head that is no not-label (see above)."""
    name = _name(head).lower().rstrip(".")
    if name in NOT_LABELS and not (
        name in _SCHEMES and _AT_LINE_START.re.match(body, head.start())
    ):
        return False  # "https: HTTPS port of the UI" opening a line is a key, not a URL
    return not (_mid_line(body, head) and SUB_LABEL.re.match(body, head.start()))


_SCHEMES = frozenset({"http", "https"})
_AT_LINE_START = token("at line start", r"(?:^|\n)[ \t]*(?:[-*][ \t]+)?(?:http|https):[ \t]+(?!//)")


def _indent(body: str, head: re.Match[str]) -> int:
    line = body[body.rfind("\n", 0, head.start("k") if head.group("k") else head.start()) + 1 :]
    return len(line) - len(line.lstrip())


def _label_run(body: str, inline: list[re.Match[str]]) -> list[Entry]:
    """The entries of a label-run: the body's first label, then its inline labels."""
    first = label_head.re.match(body)
    assert first is not None
    starts = [(_name(first), first.start(), first.end())]
    starts += [(m["k"], m.start(), m.end()) for m in inline[: MAX_KEYS - 1]]
    out = []
    for i, (name, _, end) in enumerate(starts):
        stop = starts[i + 1][1] if i + 1 < len(starts) else len(body)
        out.append(Entry(name, description=[body[end:stop].strip()]))
    return out


def _label_entry(name: str, head: re.Match[str], desc: str) -> Entry:
    """One label's entry: its mark, its placeholder or fixed value, its description."""
    mark = (head.group("m") or "").strip()[1:-1]  # "proto (optional):", "id (string):"
    entry = Entry(name, description=[f"{desc} ({mark})" if mark else desc])
    if mark and _OPTIONAL_MARK.re.fullmatch(mark):
        entry.optional = True
    placed = _PLACED.re.match(desc)
    if placed:  # "unit: <C|F>  (default: C)"
        value = read_value(name, desc)
        entry.placeholder, entry.choices = value.placeholder, value.choices
        entry.description = [desc[placed.end() :]] if desc[placed.end() :] else []
    fixed = _FIXED.re.fullmatch(desc)
    if fixed:  # "txtvers: 1"
        entry.value, entry.description = fixed.group(1), []
    return entry


def _labels(body: str) -> list[Entry]:
    """The entries of a label-run or of labels (see above), or none."""
    heads = [m for m in find_all(label_head, body) if _is_label(body, m)]
    if len(heads) == 1 and heads[0].start() == 0 and "\n" not in body.strip():
        # "ver: version id: identifier name: friendly name": labels run on one line
        inline = [m for m in find_all(inline_label, body) if m["k"].lower() not in NOT_LABELS]
        if len(inline) >= 2 and all(key_like(m["k"]) for m in inline):
            return _label_run(body, inline)
    if not heads or (len(heads) == 1 and heads[0].start() > 2):
        return []
    if len(heads) == 1 and any_assign.re.search(body, heads[0].end()):
        return []  # "Record: ver=2, mode=<...>": a label over assignments, not a key
    if any_assign.re.search(body[: heads[0].start()]):
        return []
    keys: list[Entry] = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        name = _name(head)
        desc = body[head.end() : end].strip()
        if not key_like(name):
            return []
        if not desc and i + 1 < len(heads) and _indent(body, heads[i + 1]) > _indent(body, head):
            continue  # "txt:" over indented "ver: 2" lines: a container, not a key
        keys.append(_label_entry(name, head, desc))
    return keys


def labelled_entries(
    body: str,
    segments: Callable[[str], list[Entry]],
    key_word: Callable[[str], Entry | None],
) -> list[Entry]:
    """``td: Absolute pathname ...`` paragraphs, ``<type>:description;`` items and lines
    of keys grouped by need (see above). ``segments`` reads the entries of a lead-in line
    or of a group's assignments; ``key_word`` reads a word of a group's list as a key."""
    if line_assign.re.search(body):
        return []
    if ":" in body:  # "Required: ver, id. Optional: name, room." on one line
        body = next_group.re.sub("\n", body)
        body = not_used_group.re.sub("", body)  # "... Not used: any other key.": no key
    grouped = _need_groups(body, segments, key_word)
    if grouped:
        return grouped
    return _labels(body)
