"""The note rule (private: use ``txtkeys.parse_note``): marker, body, entries, key schemas.

    note   = [ prefix ] , marker , body | text-with-assignments ;
    body   = status-lead , [ key-lines ] | entries ;

The pieces live by concern: ``tokens`` (key names, placeholders, quotes, bullets),
``status`` (marker, status leads, history, references), ``layouts`` (how entries are
laid out), ``values`` (what follows ``=``), ``facets`` (choices, defaults, examples,
optional) and ``kinds`` (value kinds, sizes, secrets, key families). docs/grammar.md
is the whole grammar in EBNF.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pyparsing as pp

from ..schema.kinds import KeyKind, NoteStatus
from .facets import (
    all_optional_phrase,
    assumed_value,
    default_phrase,
    description_choices,
    example,
    extensible_phrase,
    fixed_phrase,
    if_else_phrase,
    marked_default_phrase,
    optional_phrase,
    other_values_named,
    placeholder_choices,
    prose_default_phrase,
    required_phrase,
    unless_phrase,
)
from .kinds import abnf_kind, family_pattern, is_secret, kind_of, literal
from .layouts import cued_keys, entries, json_object
from .repair import repair
from .sentences import subject_keys
from .status import (
    cut_history,
    has_prose,
    kept_back,
    lead_status,
    marker,
    proprietary_word,
    references,
    subtypes,
)
from .tokens import (
    BULLET,
    DOCUMENTED,
    KEY_CHARS,
    MARKER_WORDS,
    QUOTE_MARKS,
    STOPWORDS,
    URL_RE,
    find,
    key_like,
    line_indent,
    split_top,
    token,
)
from .values import Entry, boolean_pair, more_values, read_value
from .version import GRAMMAR_VERSION

if TYPE_CHECKING:
    from ..schema.models import TxtNote

__all__ = ["GRAMMAR_VERSION", "READ_CHARS", "note_fields", "read_note"]

# GRAMMAR_VERSION lives in .version (bump it there whenever a reading may change).


def read_note(text: str) -> TxtNote:
    """Read a whole registry note into a TxtNote (raises only on programming errors)."""
    from ..schema.models import KeySchema, TxtNote

    fields = note_fields(text)
    known = KeySchema.model_fields
    fields["keys"] = tuple(
        KeySchema(**{k: v for k, v in key.items() if k in known}) for key in fields["keys"]
    )
    return TxtNote(**fields)


def note_fields(text: str) -> dict[str, Any]:
    """What ``read_note`` reads, as the keyword arguments of ``TxtNote`` (keys as dicts).

    The compiler stores these without building pydantic models: it produced the data
    itself, so validating it again would only cost time.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    norm = _normalise(_unmarkup(repair(_LONG_BLANKS.re.sub(_BLANK_RUN, lines))))
    found = find(marker, norm)
    body = cut_history(_window(norm[found.end() :] if found else norm))
    if found is not None:
        body = _letter_body(body)
        if "Q:" in body and "A:" in body:  # an FAQ: the answers, without the questions
            body = _YES_NO_ANSWER.re.sub(" ", body)  # "A: No; the upload key ...": no key list
            body = _ANSWER.re.sub("\n", _QUESTION.re.sub(" ", body))
    found_status, keys, patterns, extensible = _read_body(body.strip(), strict=found is None)
    return _note(
        found_status,
        keys,
        patterns,
        text,
        extensible=extensible,
        references=references(body),
        subtypes=subtypes(norm),
    )


# A run of blanks inside a line longer than any column gap a note aligns with (the widest
# in the registry and the labelled notes is under 40): cut to that width, so that no rule
# spends time on it in proportion to its length at every position it starts.
_BLANK_RUN = " " * 40
_LONG_BLANKS = token("long blanks", r"[ \t\u00a0\u2009\u202f]{41,}")


# A body written as a letter: a greeting opens it ("Hi IANA,", "Dear IANA team,") and a
# sign-off closes it ("Thanks a lot, Marta", "Kind regards,\nName"); neither names keys.
_GREETING = token(
    "greeting",
    r"(?i)^\s*(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|day))\b"
    r"[^\n,.!:=<>]{0,40}[,!:]\s*",
)
_REPLY_LEAD = token(
    "reply lead",
    r"(?i)\s*(?:in\s+(?:answer|reply|response)\s+to\s+[^:\n.]{0,60}|as\s+(?:requested|discussed)"
    r"(?:\s+[^:\n.]{0,40})?)\s*[:,]\s+",
)
_SIGN_OFF = token(
    "sign off",
    r"(?i)(?:^|(?<=[.!?])\s+|\n)\s*(?:(?:many\s+)?thanks?\b|thank\s+you\b"
    r"|(?:kind|best|warm)(?:est)?\s+regards\b|regards\b|cheers\b|sincerely\b|best\s+wishes\b"
    r"|yours\s+(?:truly|sincerely|faithfully)\b)[^=<>]{0,120}$",
)


# A body written as questions and answers: "Q: Which? A: stn (...), elev (...)".
_QUESTION = token("question", r"(?:^|(?<=\s))Q\s*:\s*[^?\n]{0,200}\?")
_YES_NO_ANSWER = token(
    "yes no answer", r"(?i)(?:^|(?<=\s))A\s*:\s*(?:yes|no)\b.*?(?=\s+Q\s*:|$)", re.S
)
_ANSWER = token("answer", r"(?:^|(?<=\s))A\s*:\s*")


def _letter_body(body: str) -> str:
    """The body of a note written as a letter, without its greeting and sign-off."""
    greeting = _GREETING.re.match(body)
    if greeting:
        body = body[greeting.end() :]
    if reply := _REPLY_LEAD.re.match(body):  # "in answer to your question of 12 March:"
        body = body[reply.end() :]
    if len(body) > 40 or "\n" in body:
        tail = _SIGN_OFF.re.search(body, max(0, len(body) - 200))
        if tail and tail.start() > 0 and (len(body) > 40 or body[: tail.start()].strip()):
            body = body[: tail.start()]
    return body


# How much of a body is read for entries: twice the longest registry note (1.5 KB) and
# of any new-form note. Past it a note is not a key list a registrant wrote; reading costs time.
READ_CHARS = 3_072


def _window(body: str) -> str:
    """The first ``READ_CHARS`` of a body, cut at a line end when there is one."""
    if len(body) <= READ_CHARS:
        return body
    cut = body.rfind("\n", READ_CHARS // 2, READ_CHARS)
    return body[: cut if cut > 0 else READ_CHARS]


_HTML_TAG = token("html tag", r"(?i)</?(?:br|p|div|li|ul|ol)\s*/?>")
# "<br>" closing a line that ends anyway: the same break written twice, not a blank line.
_BREAK_BEFORE_NEWLINE = token("break before newline", r"(?i)<br\s*/?>[ \t]*(?=\n)")
_ESCAPED_TAG = token(
    "escaped tag",
    r"(?i)&lt;(/?(?:br|p|div|li|ul|ol|span|b|i|em|strong|code|tt|table|tr|td|th|dt|dd|dl)\s*/?)&gt;",
)
_HTML_INLINE = token("html inline", r"(?i)</?(?:span|b|i|em|strong|code|tt|u|kbd|var|samp)\s*/?>")
_TABLE_BREAK = token("table break", r"(?i)(?<=\|)([ \t]*)<br\s*/?>(?=[^\n|]*\|)")
_ENTITY = token("entity", r"&(?:lt|gt|amp|quot|apos|nbsp|ndash|mdash|#\d{1,5});")
_TWICE_ESCAPED = token("twice escaped", r"&amp;(?=(?:lt|gt|quot|apos|nbsp|ndash|mdash|#\d{1,5});)")
_HTML_ROW = token(
    "html row", r"(?i)</?(?:table|tr|thead|tbody)\s*/?>\s*(?:</?(?:tr|thead|tbody)\s*>\s*)*"
)
_HTML_TERM = token("html term", r"(?i)</dt>\s*<dd>|<dt>|</?dl>|</dd>")
_HTML_CELL = token("html cell", r"(?i)(?:</t[dh]>[ \t]*)?<t[dh]\s*>|</t[dh]>")


# '<key name="id"/> device UUID', '<field name="cid">cluster id</field>': XML elements
# naming keys; each becomes a "key - description" line, the wrapper element goes.
# A quote as written, smart or not: these run before typography is normalised.
_QUOTE = "[" + QUOTE_MARKS + "]"
_XML_KEY = token(
    "xml key",
    r"(?i)<(?:key|field|entry|item|property|attr(?:ibute)?|param(?:eter)?|txt-?key)\s+"
    r"(?:name|key|id)\s*=\s*"
    + _QUOTE
    + r"(?P<k>[^<>\s"
    + QUOTE_MARKS
    + r"]{1,40})"
    + _QUOTE
    + r"[^<>]{0,80}?/?>",
)
_XML_CLOSE = token(
    "xml close",
    r"(?i)</(?:key|field|entry|item|property|attr(?:ibute)?|param(?:eter)?|txt-?key)\s*>"
    r"|</?(?:txt|record|keys|txt-?record|fields|properties)\s*>",
)


def _unmarkup(text: str) -> str:
    """Registry text pasted from HTML: ``<br/>`` and ``<p>`` are line breaks, ``&lt;`` is '<'."""
    if "name=" in text:  # <key name="id"/> device UUID: an XML element names each key
        text = _XML_KEY.re.sub(lambda m: f"\n{m.group('k')} - ", text)
        text = _XML_CLOSE.re.sub("\n", text)
    if (
        "&" not in text
        and "</" not in text
        and "<br" not in text.lower()
        and "<dt" not in text.lower()
    ):
        return text
    import html

    if "&lt;" in text:  # "id&lt;br&gt;name": a tag escaped twice is still a tag
        text = _ESCAPED_TAG.re.sub(r"<\1>", text)
    text = _HTML_INLINE.re.sub("", text)  # <b>pv</b>: emphasis inside a line, not a break
    if "|" in text:  # "| key | no | <br> 128-bit key |": a break inside a table row
        text = _TABLE_BREAK.re.sub(" ", text)
    text = _HTML_CELL.re.sub(" | ", _HTML_ROW.re.sub("\n", text))  # <tr><td>a</td> ... a table
    text = _HTML_TERM.re.sub(
        lambda m: " - " if m.group(0).lower().startswith("</dt") else "\n", text
    )
    text = _HTML_TAG.re.sub("\n", _BREAK_BEFORE_NEWLINE.re.sub("", text))
    if "&amp;" in text:  # "&amp;ndash;": an entity escaped twice is still the entity
        text = _TWICE_ESCAPED.re.sub("&", text)
    return str(_ENTITY.re.sub(lambda m: html.unescape(m.group(0)).replace("\xa0", " "), text))


# Typography a word processor adds: smart quotes, backticks, spaces of other widths.
_TYPOGRAPHY = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u00b4": "'",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
        "\ufeff": "",
        "\u2026": "...",
        "\u2212": "-",
        "\u2022": "-",
        "\u00b7": "-",
    }
)
# Spaces closing a line (a Markdown hard break, an editor's leftovers) say nothing.
_LINE_END_SPACE = token("line end space", r"[ \t]+(?=\n)")
# A word split by a line break with a hyphen ("proto-\ncol"); a tab between columns.
_SPLIT_WORD = token("split word", r"(?<=[a-z])-\n[ \t]*(?=[a-z])")
_ARROW = token("arrow", r"[ \t]+(?:=>|->|\u2192)[ \t]+")
_WALRUS = token("walrus", r"[ \t]*:=[ \t]*")
# "txtvers -> 1", "proto -> \"lxi\"": an arrow to a number or a quoted word alone on its line.
_ARROW_LITERAL = token(
    "arrow literal",
    r"(?m)^([ \t]*(?:[-*][ \t]+)?" + KEY_CHARS + r")[ \t]+(?:=>|->|\u2192)[ \t]+"
    r"(\d+(?:\.\d+)*|\"[^\"\n]{1,40}\")[ \t]*$",
)


# "**sid**", "__sid__": emphasis around a key.
_EMPHASISED = r"(\*\*|__)`?([A-Za-z0-9_][A-Za-z0-9_.?#+-]{0,40})`?\1"
_EMPHASIS = token("emphasis", _EMPHASISED)
# A bold line of several words ("**TXT record**", "**Defined keys:**"): a heading.
# Emphasised keys with their meanings set side by side on one line, two spaces apart.
_EMPHASIS_COLUMN = token(
    "emphasis column",
    r"(?<=\S)[ \t]{2,}(?=(?:\*\*|__)[A-Za-z0-9][\w.?#+-]{0,40}(?:\*\*|__)[ \t]*[:=-])",
)
_BOLD_LABEL = token("bold label", r"(?:\*\*|__)[A-Za-z0-9][\w.-]{0,40}(?:\*\*|__)[ \t]*:")
_BOLD_HEADING = token("bold heading", r"(?m)^([ \t]*)(\*\*|__)([A-Za-z][^*_\n]{0,60}?)\2[ \t]*$")
_NOT_EMPHASISED_KEYS = frozenset(
    {"note", "notes", "example", "examples", "warning", "important"}
    | {"keys", "fields", "parameters", "attributes", "properties", "overview", "summary"}
)


def _emphasised(m: re.Match[str]) -> str:
    """``**bid**`` marks a key as quotes do; ``**Note**`` stays a word."""
    word = m.group(2)
    return word if word.lower() in _NOT_EMPHASISED_KEYS else f'"{word}"'


# Keys written as code comments ("// ver=1", " * txt[0] = \"v=3\"", "# id=<hex>").
_COMMENT_LEAD = token(
    "comment lead", r"(?m)^[ \t]*(?:/\*+|\*/|//+|\*(?=[ \t]+\S+\s*=)|#(?=[ \t]+\S+\s*=))[ \t]?"
)
_ARRAY_ITEM = token(
    "array item", r"(?m)^([ \t]*)\w+\[\d+\][ \t]*=[ \t]*\"(" + KEY_CHARS + r"=[^\"\n]*)\""
)
# "ver=<ver>name=<name>", "name=<x>&loc=<y>": assignments run together.
_QUERY = token("query", r"(^|[\s:])\?(?=[A-Za-z_][\w.-]*=)")
_AMP_AFTER_VALUE = token("amp after value", r">[ \t]+&[ \t]+(?=" + KEY_CHARS + r"(?:[\s,;]|$))")
# A condition before an assignment in a list ("and, while pairing only, code=<...>"): when
# the key is sent, said before it; the key is an entry like the others.
_CONDITION_LEAD = token(
    "condition lead",
    r"(?i)(?<=[,;])[ \t]*(?:and[ \t]*,?[ \t]*)?(?:only[ \t]+)?(?:during|while|when|in)[ \t]+"
    r"[\w -]{1,30}?(?:[ \t]+only)?[ \t]*[:,][ \t]*(?=" + KEY_CHARS + r"=)",
)
# A quoted key said to be present (a flag) after a list of assignments: an entry of its own.
_PRESENT_AFTER = token(
    "present after",
    r"(?:(?<=>)[ \t]+(?:and[ \t]+)?|(?<=[>\w\"')])[ \t]*[,;][ \t]*(?:and[ \t]+)?)[\"'`]("
    + KEY_CHARS
    + r")[\"'`](?=[ \t]*\(?[ \t]*(?:is[ \t]+)?present\b)",
)
# "... fw=<version> bios (present when ...)": a bare key in brackets said to be present.
_PRESENT_BARE = token(
    "present bare",
    r"(?<=[^-=\s]>)[ \t]+("
    + KEY_CHARS
    + r")(?=[ \t]+\((?:present|flag\b|no\s+value|without\s+a?\s*value))",
)
# "**nid** : id **role** : one of ...": bold labels run on one line, one space apart.
_BOLD_LABEL_RUN = token(
    "bold label run", r"(?<=\S)[ \t]+(?=(?:\*\*|__)[A-Za-z0-9][\w.-]{0,40}(?:\*\*|__)[ \t]*:)"
)
_RUN_TOGETHER = token(
    "run together", r">[ \t]*&?[ \t]*(?=" + KEY_CHARS + r"(?:==?[<\"\w]|[ \t]+=[ \t]*<))"
)


def _normalise(text: str) -> str:
    """One spelling for typography: ASCII quotes and spaces, rejoined words, tab columns.

    A tab separates table columns ("id\tstring\tnode id"); it becomes two spaces, the
    form of an aligned column. ``key => description`` is ``key - description``.
    """
    if "\u201d\u201c" in text:  # '\u201c1\u201d\u201curi\u201d': two quoted words run together
        text = _RUN_QUOTES.re.sub("\u201d\n\u201c", text)
    text = _LINE_END_SPACE.re.sub("", text.translate(_TYPOGRAPHY))
    text = _LONG_BLANKS.re.sub(_BLANK_RUN, text)  # again: "&nbsp;" runs are blanks now
    if "\n" in text:
        text = _rejoin_wrapped(text)
    if "\\n" in text:  # "ver=1\\nid=<id>": line breaks escaped by a tool, not text
        text = _ESCAPED_BREAK.re.sub("\n", text)
    if "**" in text or "__" in text:
        text = _EMPHASIS_COLUMN.re.sub("\n", text)  # "**a**: x  **b**: y": one key a column
        if len(_BOLD_LABEL.re.findall(text)) >= 3:  # "**a** : x **b** : y **c** : z"
            text = _BOLD_LABEL_RUN.re.sub("\n", text)
        text = _BOLD_HEADING.re.sub(lambda m: m[0] if " " not in m[3] else m[1] + m[3], text)
        text = _EMPHASIS.re.sub(_emphasised, _ENTRY_EMPHASIS.re.sub(r"\1\3", text))
    if "`" in text:
        if len(_CODE_ASSIGNMENT.re.findall(text)) >= 2:
            text = _CODE_ENTRY_RUN.re.sub(_code_run, text)  # "`a=1` `b=<x>` desc `c` desc"
        text = _ENTRY_CODE.re.sub(r"\1\2", text)
        text = _CODE_ASSIGN_SPAN.re.sub(r"\1\2", text)  # ", `auth=<on/off>`,": the entry
    if "/" in text or "*" in text or "#" in text:
        text = _COMMENT_LEAD.re.sub("", text)
    if "[" in text:
        text = _ARRAY_ITEM.re.sub(r"\1\2", text)
    if ":" in text:
        text = _FIELD_LIST.re.sub(r"\1\2: ", text)  # reStructuredText ":id: device id"
    if ";" in text:
        text = _INI_COMMENT.re.sub(r"\1  ", text)  # "port=8080   ; HTTP port"
    if "value" in text and "=" in text:
        text = _ABNF_RULE.re.sub(r"\1\2 =", text)  # "pv-value = 1*3DIGIT": the rule of key pv
        text = _VALUE_CLAUSE.re.sub(_value_clause, text)  # "Zone count, value = 1*3DIGIT"
    if "=" in text and ('"' in text or "'" in text or "`" in text):
        text = _CUE_WORD.re.sub(r"\g<k>=", text)  # 'attribute "pinreq" = 1': key "pinreq"
    if "`" in text or "'" in text:  # "`api`=https://...": the key in backticks
        text = _QUOTED_ASSIGN_KEY.re.sub(r"\2=", text)
    if '""' in text:  # '""mode=<a|b>""': a quote doubled by an escaping tool, not an empty string
        text = _DOUBLED_QUOTE.re.sub('"', text)
    if '"' in text and len(_QUOTED_PAIR_ROW.re.findall(text)) >= 2:
        text = _QUOTED_PAIR_ROW.re.sub(r"\1\2 - \3", text)  # '"id","device id, hex"' rows
    if '"' in text:
        text = _QUOTED_CSV_ROW.re.sub(lambda m: m.group(0).replace('"', ""), text)
        text = _QUOTED_ASSIGN_KEY.re.sub(r"\2=", text)  # '"rn"=<room>': the key in quotes
    if "," in text:
        text = _CSV_TABLE.re.sub(_csv_rows, text)
        if ";" in text:  # "name,required,description; sn,Y,serial; ...": rows on one line
            text = _CSV_RUN.re.sub(_csv_run_rows, text)
    if ";" in text and "\n" in text:  # "key;required;meaning" rows: cells split by ";"
        text = _SEMICOLON_TABLE.re.sub(lambda m: _csv_rows(m, cells=";"), text)
    if "=" in text and ("only" in text or "while" in text or "during" in text):
        text = _CONDITION_LEAD.re.sub("", text)  # ", and during pairing only: psk=<...>"
    if ">" in text and "(" in text:
        text = _PRESENT_BARE.re.sub(r"\n\1", text)
    if "=" in text and "present" in text:  # '... mode=<a|b> "lock" is present (no value)'
        text = _PRESENT_AFTER.re.sub(r"\n\1", text)
    if ">" in text:
        text = _RUN_TOGETHER.re.sub(">, ", text)
        text = _AMP_AFTER_VALUE.re.sub(">, ", text)  # "port=<TCP port> & tls"
    if "value" in text:  # "key=value pairs", "key, value pairs": a pair, not a key named "key"
        text = _PAIR_NOTATION.re.sub(lambda m: "key-value" + m[0][len(m[0].rstrip()) :], text)
    if "?" in text:
        text = _QUERY.re.sub(r"\1", text)  # "?id=<device id>&v=<version>": a query string
    if "\t" in text:
        text = _TAB_RUN.re.sub(_tab_run_rows, text)  # rows of a tab table run onto one line
        text = _TAB_TABLE.re.sub(_tab_row, text)
    text = _SPLIT_WORD.re.sub("", text)
    if len(_NUMBERED_LINE.re.findall(text)) >= 2:  # "3.lat [optional]" among "1. txtvers" lines
        text = _UNSPACED_NUMBER.re.sub(r"\1 ", text)
    if "?:" in text:  # "pair?: bool;" (TypeScript): an optional key
        text = _OPTIONAL_FIELD.re.sub(r"\1\2 (optional)", text)
    if ":=" in text:  # "txtvers := 1", "port := TCP port ...": Pascal-style assignment
        text = _WALRUS.re.sub(" = ", text)
    if "->" in text or "=>" in text or "\u2192" in text:  # "txtvers -> 1": a literal value
        text = _ARROW_LITERAL.re.sub(r"\1=\2", text)
    text = _ARROW.re.sub(" - ", text)
    if "..." in text:  # "ver.....version": dot leaders between a key and its meaning
        text = _DOT_LEADER.re.sub(r"\1 - ", text)
    text = _marks(text)
    return re.sub(r"[ ]*\t[ \t]*", "  ", text)


# How many more lines a bracket or quote left open may take in before it is given up
# as a stray mark ("(<0.9", an inch sign) rather than text a tool wrapped.
_WRAP_LINES = 3
_OPENERS = {"<": ">", "(": ")", "[": "]"}


def _rejoin_wrapped(text: str) -> str:
    """Lines a tool wrapped inside a placeholder, bracket or quote, joined again.

    ``pan=<PAN id, 4 hex`` / ``digits>``: a line that ends with a ``<``, ``(`` or ``[``
    still open, or with an odd number of ``"``, goes on in the next line, so the break
    is a space. One pass over the lines; a mark still open after ``_WRAP_LINES`` more
    lines was a stray one, and its lines stay as written.
    """
    if _OPENING.re.search(text) is None:
        return text
    out: list[str] = []
    held: list[str] = []  # the lines of one logical line, while a mark is open
    for line in text.split("\n"):
        if not held:
            (held if _still_open(line) else out).append(line)
            continue
        held.append(line)
        joined = _joined(held)
        if not _still_open(joined):
            out.append(joined)
            held = []
        elif len(held) > _WRAP_LINES:  # never closed: the lines as written
            out.extend(held)
            held = []
    out.extend(held)
    return "\n".join(out)


_OPENING = token("opening mark", r'[<(\["]')
_HYPHEN_END = token("hyphen end", r"[A-Za-z]-$")
_LOWER_START = token("lower start", r"\s*[a-z]")


def _joined(lines: list[str]) -> str:
    """Wrapped lines as one: a space at each break, none after a word's hyphen
    ("end-" / "device" is "end-device")."""
    out = lines[0]
    for line in lines[1:]:
        glued = _HYPHEN_END.re.search(out) and _LOWER_START.re.match(line)
        out = out + line.lstrip() if glued else f"{out} {line}"
    return out


def _still_open(line: str) -> bool:
    if _OPENING.re.search(line) is None:
        return False
    if line.count('"') % 2:
        return True
    return any(line.count(opener) > line.count(closer) for opener, closer in _OPENERS.items())


# A full stop closing the note after a value, a placeholder, a bar or a bracket
# ("ip=192.168.1.20.", "<C|F>.", "T or F."): the sentence's, not the value's. Only the
# last one: inside the note a full stop still ends a sentence that facts are read from.
_FINAL_STOP = token(
    "final stop",
    r"([>|\]]|=[^\s=<>\"]{0,80}[^\s.<>\"=]|\sor\s[^\s.]{1,12}|[/|][^\s./|]{1,6})"
    r"\.\s*\Z",
)


# A comma with no space after it before a word, a quote or a bracket ("ver,id",
# '"C","F"', "(1-64),rdm"). Between digits ("10,100", "1,000") and inside a quoted
# value ('e.g. "scan,print,fax"') it stays as written.
_TIGHT_COMMA = token(
    "tight comma", r"\"[^\"\n]{0,200}\"|\[[^\[\]\n]{0,200}\]|,(?=[A-Za-z\"'`(<\[])"
)


# Markdown code around a key or an assignment ("`ver`", "`txtvers=1`", "`id=<hex>`"),
# and bold around a key ("**sid**"). Where an entry starts (a line's start, after a
# bullet, after ";" "|" or a colon) and goes on (a dash, a slash, a bar, a bracket, a
# colon, the line's end), the mark adds nothing to the entry as plainly written:
# '`sn` - serial', '**ver** | **hub**'. Elsewhere it marks a key in prose, as quotes
# do ('advertises `proto`, the revision'), and stays.
_ENTRY_START = (
    r"(?m)((?:^|[;|:]|^[ \t]*(?:" + BULLET + r")|\s(?:[a-z]\)|\d{1,2}[.)]|\([ivx]{1,4}\)))[ \t]*)"
)
_ENTRY_GOES_ON = r"(?=[ \t]*(?:[-/|:(\[=]|$))"
_CODE = r"`(" + KEY_CHARS + r"(?:=(?:<[^<>`\n]{0,80}>|[^\s`<>]{0,80}))?)`(?!`)"
_ENTRY_CODE = token("entry code", _ENTRY_START + _CODE + _ENTRY_GOES_ON)
# A line of entries each in code, run together: "`txtvers=1` `id=<hex id>` `adr` present
# when ...". Each span that names a key (or assigns one) starts an entry of its own.
_CODE_ASSIGNMENT = token("code assignment", r"`" + KEY_CHARS + r"=[^`\n]*`")
_CODE_ENTRY_RUN = token(
    "code entry run", r"(?m)^[^\n]*`" + KEY_CHARS + r"=[^`\n]*`[^\n]*`" + KEY_CHARS + r"=[^\n]*$"
)
_CODE_ASSIGN_SPAN = token(
    "code assign span",
    r"(^[ \t]*|[,;][ \t]*)`(" + KEY_CHARS + r"=[^`\n]+)`(?=[ \t]*(?:[,;]|$))",
    re.M,
)
_CODE_ENTRY_GAP = token("code entry gap", r"(?<=\S)[ \t]+(?=`" + KEY_CHARS + r"(?:=[^`\n]*)?`)")


_CODE_HEAD = token("code head", r"(?m)^([ \t]*)`(" + KEY_CHARS + r"=[^`\n]*)`")


def _code_run(m: re.Match[str]) -> str:
    return _CODE_HEAD.re.sub(r"\1\2", _CODE_ENTRY_GAP.re.sub("\n", m[0]))


_ENTRY_EMPHASIS = token(  # the emphasis's own group is the second here
    "entry emphasis", _ENTRY_START + _EMPHASISED.replace("\\1", "\\2") + _ENTRY_GOES_ON
)


# "[optional]", "[required]": a need mark in square brackets is the one in round ones.
_SQUARE_NEED = token("square need", r"(?i)\[[ \t]*(required|optional|mandatory)[ \t]*\]")


# "id={device id}", "typ={temp|hum}": a placeholder in braces, as in a format string;
# a set of choices ("{yes, no}", "{eco|boost}") stays as written.
_BRACED_VALUE = token("braced value", r"(?<=[\w.-])=\{([^{}\n\"':,|/]{1,60})\}")


# "1. id      node identifier": the numbers of a numbered list, where two or more lines
# open an entry with one (a key, then a separator or a column gap), are bullets; a
# numbered heading ("1. Introduction") stays.
_NUMBER_MARK = token(
    "number mark",
    r"(?m)^([ \t]*)\d{1,2}[.)][ \t]+(?=" + KEY_CHARS + r"(?:[ \t]{2,}\S|[ \t]*(?:[-:=(\[]|->)))",
)


_RUN_QUOTES = token("run quotes", "\u201d\u201c(?=[A-Za-z_][\\w.-]{0,20}\u201d)")
_OPTIONAL_FIELD = token("optional field", r"(?m)^([ \t]*)(" + KEY_CHARS + r")\?(?=[ \t]*:)")
# (a sentence goes on after the capitalised word: "cfg.Name=<x>" is one dotted key)
_TIGHT_STOP = token("tight stop", r"(?<=[a-z0-9)])\.(?=[A-Z][a-z]{2,}[ \t]+[a-z])")
# "sync       clock role: master, slave or" over "                 auto": a description
# wrapped onto a line of its own, indented to the description column of an aligned row.
_ALIGNED_ROW = token(
    "aligned row", r"[ \t]*(?:" + BULLET + r"[ \t]+)?" + KEY_CHARS + r"[ \t]{2,}(?=\S)"
)


def _continued_rows(text: str) -> str:
    """Each wrapped line of an aligned row joined to the row (``po-`` / ``rts`` is "po-rts":
    a hyphen at a break is kept, as a word may be hyphenated)."""
    lines = text.split("\n")
    out: list[str] = []
    column = -1  # the description column of the last aligned row, while it goes on
    for line in lines:
        depth = line_indent(line) if line.strip() else -1
        if column > 0 and abs(depth - column) <= 1 and "\t" not in line:
            out[-1] = _joined([out[-1], line.strip()])
            continue
        row = _ALIGNED_ROW.re.match(line)
        column = row.end() if row and "\t" not in line else -1
        out.append(line)
    return "\n".join(out)


# "conn: connector type, one of:" over indented "* type1" / "* type2" lines, "* tier" over
# "- free" / "- pro": the values of one key, one a line, each perhaps with its meaning.
_VALUE_ITEM = token(
    "value item",
    r"[ \t]+(?:" + BULLET + r"[ \t]+)?(?P<v>[\w.+-]{1,24})[ \t]*"
    r"(?P<g>(?:-|--|=|\u2013|\u2014)[ \t]+\S[^\n]*)?",
)
_ENTRY_LINE = token("entry line", r"[ \t]*(?:" + BULLET + r"[ \t]+)?[\"'`]?" + KEY_CHARS + r"\b")
_VALUES_CUE = token(
    "values cue", r"(?i)(?:\bone\s+of|\bvalues?|\bchoices?|\boptions?|\ballowed)\s*:\s*$"
)
_MARKER_LINE = token("marker line", r"(?i)" + MARKER_WORDS)
_BARE_ENTRY = token(
    "bare entry", r"[ \t]*(?:" + BULLET + r"[ \t]+)?[\"'`]?" + KEY_CHARS + r"[\"'`]?"
)


def _nested_values(text: str) -> str:
    """Values listed one a line under their key, deeper than it, joined onto its line.

    The line above them must say values follow (``one of:``, ``Values:``) or be an entry
    among others at its depth, so a list of keys under the marker stays a list of keys.
    """
    lines = text.split("\n")
    depth = [line_indent(line) if line.strip() else -1 for line in lines]
    entries_at: dict[int, int] = {}
    for line, at in zip(lines, depth, strict=True):
        if at >= 0 and _ENTRY_LINE.re.match(line) and not _MARKER_LINE.re.search(line):
            entries_at[at] = entries_at.get(at, 0) + 1
    out: list[str] = []
    i = 0
    while i < len(lines):
        line, at = lines[i], depth[i]
        items: list[str] = []
        glossed = False
        j = i + 1
        if at >= 0 and not _MARKER_LINE.re.search(line):
            while j < len(lines) and depth[j] > at and (m := _VALUE_ITEM.re.fullmatch(lines[j])):
                items.append(m["v"])
                glossed = glossed or m["g"] is not None
                j += 1
        cue = _VALUES_CUE.re.search(line) is not None
        # without a cue only bare words count: "vn - vendor name" under "Mandatory" is a key
        sibling = not glossed and entries_at.get(at, 0) >= 2 and _ENTRY_LINE.re.match(line)
        if len(items) < 2 or not (cue or sibling):
            out.append(line)
            i += 1
            continue
        joined = ", ".join(items)
        head = line.rstrip()
        if cue or head.endswith(":"):
            out.append(f"{head} {joined}")
        elif _BARE_ENTRY.re.fullmatch(head):  # "* tier" alone: its values say what it is
            out.append(f"{head}: one of {joined}")
        else:
            out.append(f"{head} (values: {joined})")
        i = j
    return "\n".join(out)


def _marks(text: str) -> str:
    """Punctuation a writer adds or leaves out around entries, made uniform."""
    if "\n      " in text:
        text = _continued_rows(text)
    if "." in text:  # "serial number.The key fw ...": a sentence's stop lost its space
        text = _TIGHT_STOP.re.sub(". ", text)
    if "\n " in text or "\n\t" in text:
        text = _nested_values(text)
    if len(_NUMBER_MARK.re.findall(text)) >= 2:
        text = _NUMBER_MARK.re.sub(r"\1- ", text)
    if "={" in text:
        text = _BRACED_VALUE.re.sub(r"=<\1>", text)
    if "[" in text:
        text = _SQUARE_NEED.re.sub(r"(\1)", text)
    if "." in text:
        start = max(0, len(text) - 200)  # the last sentence is all it looks at
        if stop := _FINAL_STOP.re.search(text, start):
            text = text[: stop.start()] + stop[1]
    if "," in text:
        text = _TIGHT_COMMA.re.sub(lambda m: m[0] if m[0] != "," else ", ", text)
    return text


# "Number of zones, value = 1*3DIGIT": a description giving the value's syntax, not a key
# named "value"; and an ABNF rule named after a key ("pv-value = 1*3DIGIT ; version").
_VALUE_CLAUSE = token("value clause", r"(?i)(?<=[^\s=])(?<![\w-])[ \t]*\bvalue[ \t]*=[ \t]*(?=\S)")
_LITERAL_AFTER = token(
    "literal after", r"(?:\"[^\"\n]{1,20}\"|\d{1,6})(?=[ \t]*(?:[.;,)]|$))", re.M
)


def _value_clause(m: re.Match[str]) -> str:
    """'value = "1"' is a fixed value (ABNF's quoted literal); 'value = 1*3DIGIT' a syntax."""
    fixed = _LITERAL_AFTER.re.match(m.string, m.end())
    return " value always " if fixed else " value is "


_ABNF_RULE = token(
    "abnf rule",
    r"(?im)^([ \t]*)(" + KEY_CHARS + r")-(?:value|val)[ \t]*=(?=[^\n]*(?:DIGIT|ALPHA|\*|/|;))",
)
# Numbered lines ("1. txtvers", "2) codec"), and one whose number lost its space ("3.lat").
_NUMBERED_LINE = token("numbered line", r"(?m)(?:^|(?<=:))[ \t]*\d{1,2}[.)][ \t]+\S")
_UNSPACED_NUMBER = token("unspaced number", r"(?m)^([ \t]*\d{1,2}[.)])(?=[A-Za-z_])")
# A doubled quote opening or closing a word ('""mode=<eco|boost>""'), never an empty value ('=""').
_DOUBLED_QUOTE = token("doubled quote", r'(?<![=\w"])""(?=[A-Za-z_])|(?<=[>\w])""(?=[\s,;]|$)')
# "key=value", "key/value pairs": the notation, not a key named "key".
_PAIR_NOTATION = token(
    "pair notation",
    r"(?i)(?<![\w=<])key\s*=\s*value(?![\w=<>\"'`-])"
    r"|(?<![\w=<])key\s*[,/&]\s*value\s+(?=pairs?\b)",
)
# '"Key","Req","Description"': a CSV row with every cell quoted, on a line of its own or
# after the marker; a cell may hold the other separator ('"units";"no, default C"').
_QUOTED_CSV_ROW = token(
    "quoted csv row",
    r'(?m)(?:^|(?<=keys:))[ \t]*(?:"[^"\n,]*"(?:[ \t]*,[ \t]*"[^"\n,]*")+'
    r'|"[^"\n;]*"(?:[ \t]*;[ \t]*"[^"\n;]*")+)[ \t]*$',
)
# Rows of two quoted cells, a key and its meaning ('"exp","expiry, in seconds"'); the
# meaning may hold commas inside its quotes.
_QUOTED_PAIR_ROW = token(
    "quoted pair row",
    r'(?m)(^|:)[ \t]*"(' + KEY_CHARS + r')"[ \t]*[,;][ \t]*"([^"\n]*[ \t][^"\n]*)"[ \t]*$',
)
_QUOTED_ASSIGN_KEY = token(
    "quoted assign key",
    r"(?<![\w\"'`=])([\"'`])(" + KEY_CHARS + r")\1(?==\s*[<\"\w]|\s*=\s*[<\"])",
)
# 'attribute "pinreq" = 1', "parameter 'dname' = device name": a word naming what a key is,
# before the key's quoted assignment; the word is not part of the entry.
_CUE_WORD = token(
    "cue word",
    r"(?i)(?:(?<=^)|(?<=[\s;:,.]))(?:key|attribute|parameter|field|property)\s+"
    r"([\"'`])(?P<k>" + KEY_CHARS + r")\1\s*=\s*(?=[<\"\w])",
)
_COMMENT_MARK = token("comment mark", r"^(?://+|#+)\s*")
_DOT_LEADER = token(
    "dot leader",
    r"(?m)((?:^|(?<=:))[ \t]*" + KEY_CHARS.replace(".", "") + r")[ \t]*\.{3,}[ \t]*(?=\S)",
)

_ESCAPED_BREAK = token("escaped break", r"\\n(?=[\s\w\"'<|*-])")
_FIELD_LIST = token("field list", r"(?m)^([ \t]*):(" + KEY_CHARS + r"):[ \t]+")
_INI_COMMENT = token(
    "ini comment",
    r"(?m)^([ \t]*" + KEY_CHARS + r"[ \t]*=[ \t]*(?:<[^<>\n]*>|[^\s;<]+))[ \t]+;[ \t]+(?=\S)",
)
# "key,required,description" then rows with as many commas: a CSV table.
_CSV_TABLE = token(
    "csv table",
    r"(?im)(?:^|(?<=keys:))[ \t]*(?:key|name|field)s?[ \t]*,[ \t]*[a-z ]{2,20}"
    r"(?:,[ \t]*[a-z ]{2,20}){0,6}[ \t]*"
    r"(?:\n[^\n,]+,[^\n]*)+",
)


# The same table with its rows joined by semicolons on one line.
_CSV_RUN = token(
    "csv run",
    r"(?im)(?:^|(?<=:))[ \t]*(?:key|name|field)s?[ \t]*,[ \t]*[a-z ?]{2,20}"
    r"(?:,[ \t]*[a-z ?]{2,20}){0,6}[ \t]*(?:;[ \t]*[^\n,;]+,[^\n;]*){2,}",
)


# The same table with its cells split by ";" (a spreadsheet's CSV in some locales).
_SEMICOLON_TABLE = token(
    "semicolon table",
    r"(?im)(?:^|(?<=keys:))[ \t]*(?:key|name|field)s?[ \t]*;[ \t]*[a-z ?]{2,20}"
    r"(?:;[ \t]*[a-z ?]{2,20}){0,6}[ \t]*(?:\n[^\n;]+;[^\n]*)+",
)


def _csv_run_rows(m: re.Match[str]) -> str:
    table = _csv_rows(m, rows=";")
    return m.group(0) if table == m.group(0) else "\n" + table


def _csv_rows(m: re.Match[str], rows: str = "\n", cells: str = ",") -> str:
    text = m.group(0)
    lines = [ln.strip() for ln in text.split(rows)] if rows != "\n" else text.split("\n")
    width = lines[0].count(cells)
    table = [ln.split(cells, width) for ln in lines]
    if any(len(r) != width + 1 for r in table):
        return text  # not a table after all: a row with fewer cells
    return "\n".join("| " + " | ".join(c.strip() for c in r) + " |" for r in table)


# Tab-separated rows under a tab-separated heading row ("Key\tRequired\tType"): cells,
# empty ones included, so they become a pipe table.
_TAB_TABLE = token(
    "tab table",
    r"(?im)^[ \t]*[\"']?(?:key|name|field|parameter)s?[\"']?\t[^\n]*(?:\n[^\n]*\t[^\n]*)+",
)


# "Key\tRequired\tValue  srv\tY\thost ...  tmo\tN\t...": tab-separated cells, the rows
# joined by runs of spaces on one line.
_TAB_RUN = token(
    "tab run",
    r"(?im)(?:^|(?<=:))[ \t]*[\"']?(?:key|name|field|parameter)s?[\"']?\t[^\n]* {2,}[^\n]*$",
)


def _tab_run_rows(m: re.Match[str]) -> str:
    rows = re.split(r" {2,}", m.group(0).strip())
    width = rows[0].count("\t")
    if len(rows) < 2 or any(r.count("\t") != width for r in rows):
        return m.group(0)  # spaces inside a cell, not between rows
    return "\n" + "\n".join(rows)


def _cell(text: str) -> str:
    """A tab-separated cell as a pipe-table cell: "primary|backup" lists choices."""
    return re.sub(r"\s*\|\s*", " / ", text.strip().strip("\"'"))


def _tab_row(m: re.Match[str]) -> str:
    return "\n".join(
        "| " + " | ".join(_cell(c) for c in ln.split("\t")) + " |" for ln in m.group(0).split("\n")
    )


_STRICT = token("strict", r"(?<![\w=])(" + KEY_CHARS + r")=<([^<>]*)>")


def _strict_assignments(text: str) -> list[Entry]:
    """Only ``key=<placeholder>`` forms: for notes without the 'Defined TXT keys' marker.

    Found from each ``=<`` backwards (a key is the run of key characters before it), so
    a long run of key characters is walked once, not once per starting offset.
    """
    out: list[Entry] = []
    for m in re.finditer(r"=<([^<>]*)>", text):
        start = m.start()
        begin = start
        while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "_.*?#+-"):
            begin -= 1
            if start - begin > 64:
                break
        name = text[begin:start]
        if begin > 0 and text[begin - 1] == "=":
            continue
        if name and _STRICT.re.fullmatch(f"{name}=<{m.group(1)}>"):
            out.append(Entry(name, placeholder=m.group(1)))
    return out


def _read_body(lead: str, *, strict: bool) -> tuple[NoteStatus, list[Entry], dict[str, str], bool]:
    """Status, keys, key families and extensibility of the text after the marker."""
    if strict:  # no marker: only ``key=<placeholder>`` counts as a definition
        keys = _strict_assignments(lead)
        if keys:
            if not has_prose(lead) and len(lead) <= 2_000:  # "txtvers=1 dv=<device type>"
                keys = entries(lead)[0] or keys
            return NoteStatus.KEYS, keys, {}, False
        # A note that is nothing but a status word ("None", "TBD") says the same without it;
        # so does one short sentence saying no keys are used.
        alone = lead_status(lead) if len(lead) <= 120 and "\n" not in lead else None
        short = len(lead) <= 40 and not has_prose(lead)
        says_no = re.search(r"(?i)\b(?:none|no|n/a)\b", lead) is not None
        if (alone is NoteStatus.NONE and says_no) or (alone is NoteStatus.PROPRIETARY and short):
            return alone, [], {}, False
        return NoteStatus.UNSPECIFIED, [], {}, False
    lead = _AS_FOLLOWS.re.sub("", lead, count=1)  # "Defined TXT keys are defined as follows:"
    lead = _DASH_LEAD.re.sub(r"\1: ", lead, count=1)  # "these keys are sent - a, b": a colon
    if (label := _PROSE_LABEL.re.search(lead)) and not re.search(r"[=<>\"'`]", lead[: label.end()]):
        lead = lead[label.end() :]  # "Yes, correct.\nPlease confirm the TXT keys: a, b"
    lead = _NONE_BUT.re.sub("", lead, count=1)  # "none beyond txtvers=1": the keys after it
    lead = _TRAILING_NEED.re.sub(".", _TRAILING_ONLY.re.sub("", lead))  # "a; b; both REQUIRED."
    if kept_back(lead):  # "Several, all proprietary; please contact the registrant"
        return NoteStatus.PROPRIETARY, [], {}, False
    if (meant := _status_by_meaning(lead)) is not None:
        return meant, [], {}, False
    items = [item.strip() for item in split_top(lead, "\n,;")]
    extensible = bool(find(extensible_phrase, lead)) or any(
        item in {"...", "\u2026", "etc", "etc."} for item in items
    )
    status = lead_status(lead)
    if status is not None:
        # A status phrase first; keys may still follow on their own lines (``None`` then
        # ``path=<...>``), or in parentheses after a URL (``https://... (dn dt md)``).
        below = _SEE_BELOW.re.match(lead)
        named_later = _KEYS_LABEL.re.search(lead) or _EXCEPT_KEYS.re.search(lead)
        if below:  # "see below." then the keys
            rest = lead[below.end() :]
        elif named_later:  # "see https://... for details. Keys: a, b", "..., apart from v=1"
            rest, below = lead[named_later.end() :], named_later
        elif status is NoteStatus.REFERENCE:
            rest = ""
        else:  # "none required; optionally loc=<site> may be set"
            rest = _LEAD_END.re.split(lead, maxsplit=1)[1] if _LEAD_END.re.search(lead) else ""
        naming = find(names_keys_phrase, rest) if status is NoteStatus.PROPRIETARY else None
        if naming is not None and naming[0].rstrip().lower().endswith(("is", "are")):
            rest = rest[naming.end() :]  # "the only public key is "sv" = ...": the keys after
        found = entries(rest)[0] if rest.strip() else []
        kept = naming is not None
        named = kept or (status is NoteStatus.NONE and find(need_label, rest) is not None)
        keys = [k for k in found if below or named or k.value is not None or k.placeholder]
        if keys and (kept or status is NoteStatus.PROPRIETARY):
            extensible = True  # "vendor-defined; known keys include ...", "..., apart from v"
        if not keys and status is NoteStatus.REFERENCE:
            keys = _paren_list_after_url(lead) or _keys_before_reference(lead)
            keys = keys or (json_object(lead) or [])  # "see the dict in our code: {...}"
        return (NoteStatus.KEYS, keys, {}, extensible) if keys else (status, [], {}, False)
    if lead.count("(") > lead.count(")") and _UNCLOSED.re.search(lead):
        lead = _close_brackets(lead)  # "host (hostname, ip (IPv4 address": closed at the next key
    if sample := _SAMPLE_LEAD.re.match(lead):  # "e.g. cam=front, res=1920x1080": a sample
        found, patterns = entries(lead[sample.end() :])
        for entry in found:
            if entry.value and entry.placeholder is None:
                entry.example, entry.value, entry.quoted = entry.value, None, False
        if found:
            return NoteStatus.KEYS, found, patterns, extensible
    if "\n" in lead and _DAMAGED_ROW.re.search(lead):
        lead = _damaged_rows(lead)  # "id:  ...", "ver.  ...", "name,  ...": one mark each
    shared = False
    if (last := _AND_LAST.re.match(lead)) and all(
        key_like(w) and w.lower() not in STOPWORDS | _MORE_WORDS
        for w in [*re.split(r"\s*,\s*", last["list"]), last["k"]]
    ):  # "HW.Rev, FW-Version, SN and Net.MAC (...)": the last key joined by "and"
        tail = lead[last.end() :]
        shared = re.match(r"\s*:|\s+(?:are|give|hold|carry|show)\b", tail) is not None
        if tail.lstrip().startswith(":"):  # "lat, lon and alt: position": said of all three
            tail = " -" + tail.lstrip()[1:]
        lead = f"{last['list']}, {last['k']}{tail}"
    keys, patterns = entries(lead)
    if last and shared:
        _share_description(keys, [*re.split(r"\s*,\s*", last["list"]), last["k"]])
    if len(keys) > 1 and keys[-1].description and _EACH.re.match(keys[-1].description[0]):
        bare = all(not k.description and k.value is None and not k.placeholder for k in keys[:-1])
        if bare:  # "rx, tx, pwr - each 0 or 1": said of every key of the list
            keys[-1].description[0] = _EACH.re.sub("", keys[-1].description[0], count=1)
            _share_description(keys, [k.name for k in keys])
    odd = (
        lead.count('"') % 2 == 1
        or lead.count("[") != lead.count("]")
        or lead.count("(") > lead.count(")")  # "(ver, id": not "i) ver ii) id"
    )
    damaged = not keys or odd or (_unbalanced(lead) and not any(k.description for k in keys))
    if damaged and "=" not in lead and _STRAY.re.search(lead):
        # Damaged list: stray or unbalanced quotes and brackets ('"loc, "zone", [lvl',
        # '"ver", "id, "name"', "[ver, id], name").
        repaired, fixed_patterns = entries(_STRAY.re.sub("", lead))
        simple = all(" " not in k.name and not k.description for k in repaired)
        if len(repaired) >= max(2, len(keys) + 1) and simple:
            keys, patterns = repaired, fixed_patterns
    if not keys and "=" in lead:
        keys = _prose_assignments(lead)  # "The first key is always txtvers=1. After that ..."
        cued = cued_keys(lead)  # "The state key tells ... (state=run or state=stop)."
        if cued and {k.name for k in keys} <= {k.name for k in cued}:
            keys = cued
    if not keys:
        keys = subject_keys(lead)  # "vol is the current volume ...; mute is present when muted"
    if not keys:
        keys = cued_keys(lead)  # 'the key mode can be "on" or "off", the key t is ...'
    if keys and "=" in lead and any(_CUED_NAME.re.fullmatch(k.name) for k in keys):
        keys = [  # "key ver = protocol version": the cue word is not part of the name
            replace(k, name=m["k"]) if (m := _CUED_NAME.re.fullmatch(k.name)) else k for k in keys
        ]
    if not keys and (only := _ONLY_KEY.re.search(lead)):  # "Only txtvers is defined (value 1)."
        name, said = only["k"] or only["k2"], only["d"] or only["d2"]
        keys = [Entry(name, description=[said.strip(" .")] if said else [])]
    if patterns:
        extensible = bool(find(extensible_phrase, lead))
    if keys and not patterns:
        keys = _as_listed(lead, keys)
    held = [k for k in keys if _KEPT_NAME.re.fullmatch(k.name)] if len(keys) > 1 else []
    if held and len(held) < len(keys) and not any(k.value or k.placeholder for k in held):
        keys, extensible = [k for k in keys if k not in held], True  # "ver + vendor-specific"
    if keys:
        return NoteStatus.KEYS, keys, patterns, extensible
    if any(
        proprietary_word.matches(w)
        for w in re.findall(
            r"(?i)\b(?:proprietary|undisclosed|confidential|undocumented|unpublished"
            r"|not\s+(?:publicly\s+)?(?:published|documented|disclosed|public))\b",
            lead,
        )
    ):
        return NoteStatus.PROPRIETARY, [], {}, False
    if re.search(r"(?i)\b(?:vendor|manufacturer)[- ]specific\b", lead):
        return NoteStatus.PROPRIETARY, [], {}, False
    if "=" not in lead and _NONE_SENTENCE.re.search(lead):
        return NoteStatus.NONE, [], {}, False  # "... No TXT keys are defined."
    if references(lead) and (not has_prose(lead) or _POINTS_TO.re.search(lead)):
        return NoteStatus.REFERENCE, [], {}, False
    return NoteStatus.UNSPECIFIED, [], {}, False


# A body that names no key may still say, in any wording, what the keys are: kept back
# ("vendor specific and we cannot publish them (NDA)", "Internal keys only"), not used
# ("Our service not need any TXT key", "-- (none)") or described elsewhere ("in the
# appendix B of our paper", "explained in README (https://...)"). Read only when no key
# cue is present: no "=", "<", quote or backtick, no "key named X".
_KEY_CUE = token(
    "key cue",
    r"[=<>]|[\"'`]" + KEY_CHARS + r"[\"'`]|\b(?:named|called|with\s+(?:the\s+)?name)\s+\S"
    r"|\b(?:key|attribute|parameter|field)\s+(?!(?:is|are|was|list|lists|names?|set|format|values?"
    r"|definitions?|descriptions?|layout)\b)[a-z_][\w.-]*\s+(?:is|gives|holds|carries|tells)\b",
)
_PROSE_OPENING = token(
    "prose opening",
    r"(?i)^\s*(?:yes|no|sorry|unfortunately|currently|well|its|it's|internal|private|our|we|the"
    r"|this|these|all|every|they|it|there|please"
    r"|several|some|only|a|an|list|keys?|txt)\b",
)
kept_meaning = pp.Regex(
    r"(?i)\b(?:proprietary|confidential|nda|undisclosed|vendor[- ]specific|secret"
    r"|not\s+(?:be\s+)?(?:publicly\s+)?(?:public|published|disclosed|documented|open)"
    r"|(?:cannot|can\s*not|can'?t|may\s+not|do\s+not|don'?t)\s+(?:publish|disclose|share|document)"
    r"|internal(?:\s+(?:keys?|use|only))?|private(?:\s+(?:keys?|use))?"
    r"|only\s+(?:meaningful|relevant|useful|used|intended|known)\s+(?:for|by|to|in)\s+(?:our|the\s+vendor|us)"
    r"|for\s+our\s+(?:own\s+)?(?:client|app|firmware|software|use)\s+only)\b"
).set_name("'kept back' meaning")
none_meaning = pp.Regex(
    r"(?i)(?:^\W*\(?\s*(?:none|no\s+keys?|nothing|n/a)\s*\)?\W*$"
    r"|(?:\bnot|\bnever|n't|\b(?:do|does|did)nt|\bno)\s+(?:\w+\s+){0,2}?(?:need|needs|needed|use|uses|used|define|defines|defined"
    r"|require|requires|required|have|has|publish|publishes|set|sets)\s+(?:any\s+|a\s+)?(?:txt\s+)?"
    r"(?:keys?|records?|entries)\b"
    r"|\bno\s+(?:txt\s+)?(?:keys?|entries)\s+(?:are\s+|is\s+)?(?:needed|used|defined|required|published)\b"
    r"|\b(?:has|have|contains?|uses?|needs?|with)\s+no\s+(?:txt\s+)?(?:keys?|records?|entries)\b)"
).set_name("'no key is used' meaning")
document_pointer = pp.Regex(
    r"(?i)\b(?:see|in|at|from|on|into|under|by|read|check|consult|visit)\s+"
    r"(?:the\s+|our\s+|its\s+|their\s+|a\s+)?"
    r"(?:[\w'-]+\s+){0,3}?(?:paper|appendix|annex|readme|wiki|section|chapter|manual|documentation"
    r"|docs|specification|spec|datasheet|data\s+sheet|white\s*paper|repository|repo|website|web\s+site"
    r"|homepage|home\s+page|article|thesis|report|guide|handbook)\b"
    r"|\b" + DOCUMENTED + r"\s+(?:in|at|on)\b"
    r"[^\n]{0,120}?(?:https?://|\b[\w-]+\.(?:md|pdf|html?|txt)\b)"
).set_name("'described in a document' meaning")


# "key ver", "attribute loc": a name read with the cue word before it.
_CUED_NAME = token(
    "cued name", r"(?i)(?:key|attribute|parameter|field|property)\s+(?P<k>" + KEY_CHARS + r")"
)


_EXCEPTING = token(
    "excepting",
    r"(?i)\b(?:except(?:\s+for)?|apart\s+from|besides|other\s+than|save\s+for|but\s+not)\s+"
    r"(?:the\s+)?(?:keys?\s+)?[\w.-]",
)


_QUOTED_TITLE = token("quoted title", r"\"[^\"\n]{3,120}\"")
_ANGLED_URL = token("angled url", r"<\s*(?:https?://|www\.)[^<>\s]+\s*>")


def _status_by_meaning(lead: str) -> NoteStatus | None:
    """The status a short prose body says without naming a key (see ``kept_meaning``)."""
    text = lead.strip()
    plain = URL_RE.sub(" ", _ANGLED_URL.re.sub(" ", text))  # "<https://...>": no placeholder
    if not text or len(text) > 400 or _KEY_CUE.re.search(plain):
        return None
    if ":" in _QUOTED_TITLE.re.sub(" ", plain) or "\n" in text:
        return None  # "internal state: mode, lvl": a list may follow (not '"Part 3: X"')
    if _EXCEPTING.re.search(text):  # "proprietary except txtvers": a key is named after all
        return None
    if not (
        has_prose(text)
        or _PROSE_OPENING.re.match(text)
        or not re.search(r"\w", text)
        or find(none_meaning, text)
    ):
        return None
    listed = [k.name for k in entries(text)[0]]
    if any(not _PROSE_OPENING.re.fullmatch(n) and n.lower() not in STOPWORDS for n in listed):
        return None  # "We publish mode and lvl; other keys are internal": keys are named
    if find(none_meaning, text) and not find(kept_meaning, text):
        return NoteStatus.NONE
    if find(kept_meaning, text) and _PROSE_OPENING.re.match(text):
        return NoteStatus.PROPRIETARY
    if find(document_pointer, text) and _PROSE_OPENING.re.match(text):
        return NoteStatus.REFERENCE
    return None


# Rows of an aligned key list whose separators were damaged: each key is followed by a stray
# ":", ".", "," or ";" and a run of spaces ("id:   unique id", "ver.  version", "name,  name").
_DAMAGED_ROW = token(
    "damaged row",
    r"(?m)^[ \t]*(?P<k>" + KEY_CHARS.replace(".", "") + r")[:.,;](?:[ \t]{2,}|\t)(?=\S)",
)
_ALIGNED_ROW = token(
    "aligned row",
    r"(?m)^[ \t]*(?P<k>" + KEY_CHARS.replace(".", "") + r")[:.,;]?(?:[ \t]{2,}|\t)(?=\S)",
)


def _damaged_rows(lead: str) -> str:
    """Every line a key, a mark (or none) and spaces, the marks differing from line to line:
    they are what is left of one separator, so each line becomes ``key - description``."""
    lines = [ln for ln in lead.split("\n") if ln.strip()]
    if len(lines) < 2 or len(lines) > MAX_ROWS:
        return lead
    rows = [_ALIGNED_ROW.re.match(ln) for ln in lines]
    if not all(rows):
        return lead
    marks = {ln[m.end("k")].strip() for ln, m in zip(lines, rows, strict=True) if m}
    if len(marks) < 2:  # one mark on every line is a layout of its own
        return lead
    return "\n".join(_ALIGNED_ROW.re.sub(r"\g<k> - ", ln, count=1) for ln in lines)


MAX_ROWS = 64


# A body that is only a sample record: "e.g. cam=front, res=1920x1080", "Example: a=1 b=2".
# Every key of the sample is a key; its values are examples, not fixed values.
_SAMPLE_LEAD = token(
    "sample lead",
    r"(?i)^\s*(?:e\.\s?g\.?|eg\.|for\s+(?:example|instance)|examples?|samples?"
    r"|(?:an?\s+)?typical(?:\s+record)?|like)\s*[:,]?\s*(?=[\"'`]?" + KEY_CHARS + r"[\"'`]?\s*=)",
)


# "txtvers, name, and others": a word for more keys, not a key.
_MORE_WORDS = frozenset({"others", "other", "more", "so", "etc", "similar", "further", "friends"})


def _share_description(keys: list[Entry], names: list[str]) -> None:
    """ "out1, out2 and out3 are the relay states (on/off)": what the last key of the list
    is said to be is said of each; the keys before it have no words of their own."""
    by_name = {k.name: k for k in keys}
    said = by_name.get(names[-1])
    if said is None or not said.description:
        return
    for name in names[:-1]:
        entry = by_name.get(name)
        if entry is not None and not entry.description and entry.value is None:
            entry.description = list(said.description)


# "each 0 or 1", "all: decimal", "both optional": what follows a list is said of each key.
_EACH = token(
    "each",
    r"(?i)(?:each|both|all(?:\s+of\s+them)?)\b[ \t]*[:,]?[ \t]*(?=\S)"
    r"(?![\w.-]+\s+(?:is|are|was)\b)",
)
# A list opening the body whose last key is joined by "and" ("sn, hw and fw are ...").
_AND_LAST = token(
    "and last",
    r"^\s*(?P<list>" + KEY_CHARS + r"(?:\s*,\s*" + KEY_CHARS + r")+)\s*,?\s+(?:and|&)\s+"
    r"(?P<k>"
    + KEY_CHARS
    + r")(?=\s*(?:[.(:;]|$)|\s+(?:are|is|give|gives|hold|holds|carry|show)\b)",
)


# Where a status lead ends: a separator or a sentence end ("None in version 1. Since ...").
_LEAD_END = token("lead end", r"[\n;,]|\.\s")
# "none required. Optional: dbg, lvl=<...>": keys listed under a need label after a none lead.
need_label = pp.Regex(r"(?i)^\s*(?:optional|optionally)(?:\s+keys)?\s*:").set_name("'Optional:'")
# "known keys include ...", "keys such as ...": a sentence that goes on to name keys.
names_keys_phrase = pp.Regex(
    r"(?i)\b(?:keys?|fields)\s+(?:include|includes|including|are|such\s+as|like)\b"
    # "the only public key is "sv"", "the documented keys are": keys named past the lead
    r"|\b(?:public|documented|published|known|disclosed)\s+(?:txt\s+)?(?:keys?|fields)\s+(?:is|are)\b"
).set_name("'keys include'")


# "Only txtvers is defined", "just the key id is used": one key, named in a sentence.
_ONLY_KEY = token(
    "only key",
    r"(?i)\b(?:only|just)\s+(?:the\s+key\s+)?[\"'`]?(?P<k>[a-z][\w.-]{0,30})[\"'`]?\s+(?:is|gets)\s+"
    r"(?:defined|used|published|sent|set|advertised)\b(?P<d>[^.\n]{0,80})"
    # "Only the mandatory txtvers key (value 1).": the key named before the word "key"
    r"|\b(?:only|just)\s+(?:the|a|one)\s+(?:(?:mandatory|required|standard|single)\s+)?"
    r"[\"'`]?(?P<k2>[a-z][\w.-]{0,30})[\"'`]?\s+key\b(?P<d2>[^.\n]{0,80})",
)


# A bracket left open before the next "key (" of a list: the description ended there.
_UNCLOSED = token(
    "unclosed",
    r"\((?P<d>[^()\n]{1,200}?)(?=,\s+(?:and\s+)?[\"'`]?" + KEY_CHARS + r"[\"'`]?\s+\()",
)


def _close_brackets(text: str) -> str:
    """Brackets a list left open are closed where the next key begins, and at the end."""
    text = _UNCLOSED.re.sub(lambda m: f"({m['d']})", text)
    last = text.rfind("(")
    if text.count("(") > text.count(")") and last >= 0 and ")" not in text[last:]:
        text = text.rstrip(" .") + ")"
    return text


def _unbalanced(text: str) -> bool:
    """Quotes or brackets that do not pair up, or brackets around part of a bare list."""
    if text.count('"') % 2 or text.count("[") != text.count("]"):
        return True
    return bool(_PARTIAL_BRACKET.re.search(text))


# "[ver, id], name": brackets around some items of a list, not a value.
_PARTIAL_BRACKET = token("partial bracket", r"^\s*\[[^\[\]=<>]*\]\s*,")

# "The keys are specified in the X Profile ... https://...": a sentence pointing elsewhere.
_POINTS_TO = token(
    "points to",
    r"(?i)\b(?:" + DOCUMENTED + r"|available)\s+(?:in|at|on|by|from)\b",
)
# A sentence anywhere in a body saying there are no keys: "No TXT keys are defined.",
# "an empty TXT record", "The TXT record is optional and currently unused."
_NONE_SENTENCE = token(
    "none sentence",
    r"(?i)(?:^|[.;]\s+)no\s+(?:txt\s+)?(?:record\s+)?keys\s+(?:are\s+)?(?:defined|used)\b"
    r"|\ban\s+empty\s+txt\s+record\b"
    r"|\btxt\s+record\s+is\b[^.;\n]{0,40}\b(?:unused|not\s+used|always\s+empty)\b"
    r"|\b(?:does\s*n[o']?t|do\s*n[o']?t|never)\s+(?:put|place|publish|send|advertise|store"
    r"|include|carry|add)\s+(?:anything|any\s+(?:keys?|data|values?))\s+(?:in|into)\s+"
    r"(?:the|its|our)\s+(?:txt\s+)?record\b",
)
_STRAY = token("stray", r"[\"'`\[\](){}]")
# A later label naming the keys after a status lead: "for details. Keys: a, b"; and the
# keys a kept-back lead excepts: "Vendor specific, undocumented, apart from txtvers=1".
_KEYS_LABEL = token(
    "keys label",
    r"(?i)(?:[.;]\s+|\n\s*)(?:the\s+)?(?:following\s+)?(?:txt\s+)?(?:record\s+)?keys?\s*(?:are)?"
    r"(?:\s+(?:optional|required|mandatory))?\s*:\s*",
)
_EXCEPT_KEYS = token(
    "except keys",
    r"(?i)\b(?:apart\s+from|except(?:\s+for)?|besides|other\s+than|save\s+for)\s+"
    r"(?:the\s+)?(?:keys?\s+)?(?=" + KEY_CHARS + r"\s*(?:=|,|\band\b|$))",
)
# After the list: "only" ('"v" only.'), or one need word said of all the keys ("; both
# REQUIRED.", ", all optional"): neither is a key.
_TRAILING_ONLY = token("trailing only", r"(?i)(?<=[\w\"'`)])[ \t]+(?:only|alone)[ \t]*[.!]?[ \t]*$")
_TRAILING_NEED = token(
    "trailing need",
    r"(?i)[ \t]*[;,.][ \t]*(?:both|all|each|every\s+key)"
    r"(?:\s+(?:of\s+them|keys?|two|three|four|five))?"
    r"(?:\s+(?:are|is))?\s+(?:required|optional|mandatory)[ \t]*\.?[ \t]*$",
)
# A first sentence that is only a list of bare keys ("rt, ep, d."), prose after it.
_LIST_SENTENCE = token(
    "list sentence",
    r"^\s*(?P<list>"
    + KEY_CHARS
    + r"(?:[ \t]*,[ \t]*(?:and[ \t]+)?"
    + KEY_CHARS
    + r"){1,30})[ \t]*\.\s+(?=[A-Z])",
)


def _as_listed(lead: str, keys: list[Entry]) -> list[Entry]:
    """A body opening with a sentence of bare keys ("rt, ep, d. Syntax as in ...") names
    exactly those keys; what the prose after it says of them is kept."""
    listed = _LIST_SENTENCE.re.match(lead)
    if listed is None or not has_prose(lead[listed.end() :]) or re.search(r"[=<]", lead):
        return keys
    names = [n.strip() for n in re.split(r"\s*,\s*(?:and\s+)?", listed["list"])]
    if any(n.lower() in STOPWORDS for n in names):
        return keys
    read = {k.name: k for k in keys}
    return [read.get(n) or Entry(n) for n in dict.fromkeys(names)]


# A sentence of prose that ends "... the TXT keys:" on the first lines of a body: the keys
# follow the colon, whatever the sentence asked or said.
_PROSE_LABEL = token(
    "prose label",
    r"(?i)\A(?:[^\n]{0,120}\n){0,3}?[^\n:=<>]{0,120}?\b(?:the|these|following|all)\s+(?:txt\s+)?"
    r"(?:record\s+)?keys\s*:[ \t]*(?=\S)",
)
# A list item that says further keys are kept back, not a key ("+ vendor-specific").
_KEPT_NAME = token(
    "kept name",
    r"(?i)(?:vendor|manufacturer|implementation|oem)[- ]?(?:specific|defined|extensions?)"
    r"|proprietary|undocumented|undisclosed",
)
# A lead sentence that announces the keys and ends in a dash instead of a colon.
_DASH_LEAD = token(
    "dash lead",
    r"(?i)^(\s*[^\n:=<>\"'`]{0,80}?\b(?:follows|following|below|keys|fields)\b[^\n:=<>\"'`-]{0,40}?)"
    r"\s*(?:-{1,3}|\u2013|\u2014)\s+(?=[A-Za-z_])",
)
_AS_FOLLOWS = token(
    "as follows",
    r"(?i)^\s*(?:are|is)\s+(?:" + DOCUMENTED + r"\s+)?(?:as\s+follows|below)\s*[:.]?\s*",
)
# "None except txtvers=1", "none beyond txtvers", "no keys other than v": a none word that
# only opens the keys after it.
_NONE_BUT = token(
    "none but",
    r"(?i)^\s*(?:none|nothing|no\s+(?:other\s+)?(?:txt\s+)?keys)\s+(?:except(?:\s+for)?|beyond|besides"
    r"|other\s+than|apart\s+from|but)\s+(?=[\"'`]?" + KEY_CHARS + r")",
)
_SEE_BELOW = token("see below", r"(?i)\s*see\s+(?:below|above)\b[.:]?")


# ``key=value`` inside prose: a placeholder, a quoted string or a word after ``=``.
_PROSE_ASSIGN = token(
    "prose assign",
    r"(?<![\w=/.:?&%#-])(?P<k>[A-Za-z_][A-Za-z0-9_.-]{0,30})=(?P<v><[^<>\n]{1,200}>|\"[^\"\n]{0,80}\"|[^\s,;<>\"'`)]{1,60})",
)
_EXAMPLE_CUE = token(
    "example cue",
    r"(?i)\b(?:like|example|e\.\s?g\.?|sample|typical(?:ly)?|such\s+as)\b[^.\n]{0,40}$",
)


def _prose_assignments(lead: str) -> list[Entry]:
    """``key=<...>`` and ``key=value`` named in sentences; in a sample record ("looks like
    \"model=TX-9 fw=2.4.1\"") the values are examples, not fixed values."""
    out: list[Entry] = []
    for m in _PROSE_ASSIGN.re.finditer(lead):
        name, raw = m.group("k"), m.group("v").rstrip(".")
        if not key_like(name) or name.lower() in STOPWORDS:
            continue
        quote = lead.rfind('"', 0, m.start())
        inside = quote >= 0 and lead.count('"', 0, m.start()) % 2 == 1
        cue = _EXAMPLE_CUE.re.search(lead[max(0, quote - 60) : quote]) if inside else None
        if cue and not raw.startswith("<"):
            out.append(Entry(name, example=raw))
        else:
            out.append(read_value(name, raw))
        if len(out) >= 64:
            break
    return out


def _keys_before_reference(lead: str) -> list[Entry]:
    """``txtvers, role, caps. Semantics are given in the X specification``: the keys come
    first, the reference after them."""
    sentences = re.split(r"(?<=[.;])\s+(?=[A-Z])", lead, maxsplit=1)
    if len(sentences) < 2 or lead_status(sentences[0]) is not None:
        return []
    found = entries(sentences[0].rstrip(". "))[0]
    if found and all(" " not in k.name for k in found):
        return found
    return []


def _paren_list_after_url(lead: str) -> list[Entry]:
    """``https://host/doc (dn dt md)``: a key list in parentheses after a reference."""
    match = re.search(r"\(([^()]*)\)\s*$", lead)
    if not match or not URL_RE.search(lead[: match.start()]):
        return []
    words = match.group(1).replace(",", " ").split()
    if words and all(key_like(w) for w in words):
        return [Entry(w) for w in words]
    return []


def _note(
    status: NoteStatus,
    keys: list[Entry],
    patterns: dict[str, str],
    raw: str,
    *,
    extensible: bool,
    references: list[str],
    subtypes: list[str],
) -> dict[str, Any]:
    schemas: list[dict[str, Any]] = []
    seen: set[str] = set()
    body_optional = bool(find(all_optional_phrase, raw[:READ_CHARS]))
    for key in keys:
        if key.name in seen:
            continue
        seen.add(key.name)
        schema = _schema(key, all_optional=body_optional)
        pattern = patterns.get(key.name) or family_pattern(key.name)
        if pattern is not None:
            schema["key_pattern"] = pattern
        schemas.append(schema)
    return {
        "status": status,
        "keys": tuple(schemas),
        "extensible": extensible and status is NoteStatus.KEYS,
        "references": tuple(dict.fromkeys(references)),
        "subtypes": tuple(dict.fromkeys(subtypes)),
        "raw": raw,
    }


# A stated type: "(integer)", "(string, required)", "type: bool", or a description that
# opens with the type ("integer, hardware revision"; "boolean").
_TYPE_WORD = token(
    "type word",
    r"(?i)(?:^\s*|[(,;]\s*|\btype\s*[:=]?\s*)(?:an?\s+)?"
    r"(integer|int|u?int(?:8|16|32|64)|string|str|boolean|bool|number|float|double|decimal)"
    r"(?=\s*(?:$|[,;:)/]|[<>]=?\s*-?\d|\s+(?:value|-|\u2013|\u2014)\b"
    r"|\s+(?:required|optional|mandatory|needed)\b))",
)
_STATED_KIND = {
    "integer": KeyKind.INTEGER,
    "int": KeyKind.INTEGER,
    "string": KeyKind.TEXT,
    "str": KeyKind.TEXT,
    "boolean": KeyKind.BOOLEAN,
    "bool": KeyKind.BOOLEAN,
    "number": KeyKind.NUMBER,
    "float": KeyKind.NUMBER,
    "double": KeyKind.NUMBER,
    "decimal": KeyKind.NUMBER,
}


# The first word of a stated type ("[uint]", "[hex, 16 chars]", "[digits]", "[semver]").
_STATED_HEAD = token(
    "stated head",
    r"(?i)\s*(uint(?:8|16|32|64)?|u?int(?:8|16|32|64)|digits|flag|semver|utf-?8|hex|base64"
    r"|timestamp|epoch)\b",
)
_STATED_HEADS = {
    **{w: KeyKind.INTEGER for w in ("uint", "uint8", "uint16", "uint32", "uint64", "digits")},
    **{w: KeyKind.INTEGER for w in ("int8", "int16", "int32", "int64", "timestamp", "epoch")},
    "flag": KeyKind.FLAG,
    "semver": KeyKind.VERSION,
    "utf8": KeyKind.TEXT,
    "utf-8": KeyKind.TEXT,
    "hex": KeyKind.HEX,
    "base64": KeyKind.BINARY,
}


# A C character type: "char[16]" (at most 16 characters), "char *", "char".
_CHAR_TYPE = token(
    "char type", r"(?i)(?:const\s+)?(?:unsigned\s+)?char\s*(?:\[\s*(?P<n>\d+)\s*\]|\*)?"
)
_TYPE_ONLY = token(
    "type only", r"(?i)\s*(?:integer|int|uint|string|str|text|number|decimal|float|bool(?:ean)?)\s*"
)


def _stated_kind(word: str) -> KeyKind:
    word = word.lower()
    return _STATED_KIND.get(word, KeyKind.INTEGER if "int" in word else KeyKind.TEXT)


_SHAPES = {
    KeyKind.INTEGER: re.compile(r"[+-]?[0-9]+"),
    KeyKind.VERSION: re.compile(r"[vV]?[0-9]+(?:[.\-_][0-9A-Za-z]+)*"),
}

# Facets are read from the first this many characters of a description (bounded work; the
# longest registry description is under 700).
_FACET_CHARS = 1_000


# A version stated as a whole number: "describes version 2", "currently version 3".
_WHOLE_VERSION = token(
    "whole version",
    r"(?i)\b(?:describes|is|currently|now)\s+version\s+\d+\b(?![.\d])"
    r"|\bcurrently\s+[\"'`]?\d+\b(?![.\d])",
)
_DOTTED = token("dotted", r"v?\d+(?:\.\d+)+")
_LONE_NUMBER = token("lone number", r"\d+(?:\.\d+)*")  # a description that is only a value
_DOTTED3 = token("dotted3", r"v?\d+\.\d+\.\d+(?:[.-]\w+)?")
_DEFAULT_MARK = token(
    "default mark", r"(?i)\s*[;,]?\s*\(\s*(?:the\s+)?(?:default|def\.)(?:\s*[:=]?\s*[^()]{0,40})?\)"
)


def _numeric_kind(*values: str | None) -> KeyKind | None:
    """A number given as the default or an example says what the value is."""
    for value in values:
        if value is None:
            continue
        if re.fullmatch(r"[+-]?\d+", value):
            return KeyKind.INTEGER
        if re.fullmatch(r"[+-]?\d+\.\d+", value):
            return KeyKind.NUMBER
    return None


_VALUE_RANGE = token("value range", r"(?P<a>-?\d{1,10})\s*(?:-|\.\.|\u2013)\s*(?P<b>-?\d{1,10})")
_MAY_BE_SECRET = frozenset({KeyKind.ANY, KeyKind.TEXT, KeyKind.HEX, KeyKind.BINARY})
_PIN = token("pin", r"(?i)\b(?:pin|passcode|pass\s+code|pairing\s+code|setup\s+code|otp)\b")


_NEXT_SENTENCE = token("next sentence", r"[.;]?\s+[\"'A-Z\u201c]")


def _own_bracket_end(desc: str) -> str | None:
    """The description up to the entry's own closing bracket, when a new sentence follows
    it (``firmware version). The full ...``); None when every ")" closes a "(" of its own."""
    depth = 0
    for at, char in enumerate(desc):
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                inside, rest = desc[:at].rstrip(), desc[at + 1 :]
                if " " not in inside:  # "hl7 (int) HL7 listener port": a type, then the text
                    return None
                return inside if _NEXT_SENTENCE.re.match(rest) else None
            depth -= 1
    return None


def _schema(key: Entry, *, all_optional: bool) -> dict[str, Any]:
    desc = " ".join(" ".join(key.description)[: _FACET_CHARS * 2].split())[:_FACET_CHARS]
    desc = _COMMENT_MARK.re.sub("", desc, count=1)  # "// present if ...": a code comment
    if desc.endswith(")") and desc.count(")") > desc.count("("):
        desc = desc[:-1].rstrip()  # "ntp (host)" read as "host)": the entry's own bracket
    elif ")" in desc and (cut := _own_bracket_end(desc)) is not None:
        desc = cut  # "fv (firmware version). The full description ...": the next sentence
    ph = key.placeholder
    kind = KeyKind.ANY
    choices = list(key.choices)
    fixed: str | None = None
    minimum = maximum = min_len = max_len = None
    found_example = key.example

    if ph is not None:
        choices = choices or placeholder_choices(ph) or description_choices(ph)
        kind, min_len, max_len, minimum, maximum = kind_of(ph)
    elif key.value is not None and key.value != "":
        said = ", ".join(" ".join(part.split()) for part in key.description)[:_FACET_CHARS]
        pair = None if key.quoted else if_else_phrase.re.match(f"{key.value} {said}")  # type: ignore[attr-defined]
        more = None if key.quoted or not key.description else more_values(key.value, said)
        if more:  # "qos=0, 1 or 2": the value opens a list of choices
            choices = choices or more
        elif pair:  # "ws = 1 when WebSocket is offered, 0 otherwise": two values, not one
            choices = choices or [pair.group("a"), pair.group("b") or pair.group("c")]
        elif (
            not key.quoted
            and (span := _VALUE_RANGE.re.fullmatch(key.value))
            and int(span["a"]) < int(span["b"])
        ):  # "ch=1-16", "bri=0..255": the range of an integer, not a literal
            kind, minimum, maximum = KeyKind.INTEGER, int(span["a"]), int(span["b"])
        elif key.quoted or literal(key.value, STOPWORDS):
            fixed = key.value
            kind = KeyKind.INTEGER if key.value.isdigit() else KeyKind.TEXT
            if key.value.startswith("/"):  # path=/status
                kind = KeyKind.PATH
            if _DOTTED.re.fullmatch(key.value):  # lxi=1.5, fw: 2.4.1
                kind = KeyKind.VERSION
        else:
            kind, min_len, max_len, minimum, maximum = kind_of(f"{key.value} {desc}", loose=True)
    # The parts of a description were cut at commas, semicolons and line ends: rejoined with
    # commas, "one of a, b, c" reads as a list again (the stored description keeps spaces).
    listed = ", ".join(" ".join(part.split()) for part in key.description)[:_FACET_CHARS]
    notes = [n for n in key.notes if n not in key.description]  # not the description twice
    if notes:  # later sentences about the key: read for its facets, not its description
        listed = ", ".join([listed, *notes] if listed else notes)[:_FACET_CHARS]
    if not choices and listed:
        choices = description_choices(_DEFAULT_MARK.re.sub("", listed))
    typed_only = ph is not None and _TYPE_ONLY.re.fullmatch(ph) is not None  # "<integer>"
    if (
        fixed is None
        and (ph is None or typed_only)
        and key.value is None
        and not choices
        and (desc or key.notes)
    ):
        always = find(fixed_phrase, desc) if desc else None  # "always 1", 'MUST be "1"'
        for said in key.notes if always is None else ():
            always = find(fixed_phrase, said)  # a later sentence: 'Its value MUST be "1.0"'
            if always:
                break
        if always:
            fixed = always.group("v")
            kind = KeyKind.INTEGER if fixed.isdigit() else kind_of(fixed)[0]
        elif _LONE_NUMBER.re.fullmatch(desc) and not key.notes:  # "txtvers [required] - 1"
            fixed = desc
            kind = KeyKind.INTEGER if fixed.isdigit() else KeyKind.VERSION
    if found_example is None and ph is not None:
        found_example = example(ph)
    stated = _TYPE_WORD.re.search(key.stated or desc) if (key.stated or desc) else None
    chars = _CHAR_TYPE.re.fullmatch(key.stated) if key.stated else None
    if chars:  # "char[16]": text of at most 16 characters; "char *": text
        kind = KeyKind.TEXT
        max_len = int(chars["n"]) if chars["n"] else max_len
    elif key.stated and not stated:  # a Type column naming a kind: "hostname", "uuid"
        head = _STATED_HEAD.re.match(key.stated)
        kind = _STATED_HEADS[head[1].lower()] if head else kind_of(key.stated)[0]
    elif stated and fixed is None:
        kind = _stated_kind(stated.group(1))
        if kind is KeyKind.NUMBER and desc and kind_of(desc, loose=True)[0] is KeyKind.INTEGER:
            kind = KeyKind.INTEGER  # "(number) current player count": a number that counts
        if kind in (KeyKind.INTEGER, KeyKind.NUMBER) and desc:  # "uint8: volume 0-100"
            loose = kind_of(desc, loose=True)
            if loose[0] in (KeyKind.INTEGER, KeyKind.NUMBER) and loose[3:] != (None, None):
                minimum, maximum = loose[3], loose[4]
        if kind is KeyKind.TEXT and desc:  # "string, URL path prefix such as /api"
            loose = kind_of(desc, loose=True)
            if loose[0] not in (KeyKind.ANY, KeyKind.TEXT):
                kind, min_len, max_len, minimum, maximum = loose
    elif desc and kind in (KeyKind.ANY, KeyKind.TEXT) and ph is None and fixed is None:
        kind, min_len, max_len, minimum, maximum = kind_of(desc, loose=True)
    elif key.notes and kind is KeyKind.ANY and ph is None and fixed is None:
        about = re.sub(
            r"(?i)^.*?(?:\b(?:is|are|gives|holds)|:|\s=)\s+(?:the\s+|a\s+|an\s+)?",
            "",
            key.notes[0],
            count=1,
        )
        kind, min_len, max_len, minimum, maximum = kind_of(about, loose=True)
    elif desc and ph is not None and kind is KeyKind.TEXT:
        loose = kind_of(desc, loose=True)
        if loose[0] not in (KeyKind.ANY, KeyKind.TEXT, KeyKind.PATH, KeyKind.URL):
            kind, min_len, max_len, minimum, maximum = loose
    if kind is KeyKind.VERSION and _WHOLE_VERSION.re.search(f"{ph or ''} {desc}"):
        kind = KeyKind.INTEGER  # "record version; this document describes version 2"
    if fixed is None and not choices and (said := f"{ph or ''} {desc}").strip():
        kind = abnf_kind(said) or kind  # "1*3DIGIT protocol version": the rule states the kind
    if fixed is not None and fixed in choices:
        fixed = None  # "mode=auto ; auto, manual or off": the value is one of several
    if key.flag:
        kind = KeyKind.FLAG
    if choices:
        kind = KeyKind.BOOLEAN if boolean_pair(choices) else KeyKind.ENUM
        minimum = maximum = None
    found_default = (
        find(default_phrase, listed)
        or (find(default_phrase, ph) if ph else None)
        or find(marked_default_phrase, listed)
        or find(prose_default_phrase, listed)
        or find(unless_phrase, listed)
    )
    if key.default is not None:  # "proto=tcp (default) | udp": marked among the alternatives
        default: str | None = key.default
    elif found_default:
        default = found_default.group("v")
    else:
        allowed = tuple(choices)
        default = assumed_value(listed, allowed) or (assumed_value(ph, allowed) if ph else None)
    if default and not choices and not ph and (others := find(other_values_named, listed)):
        named = [
            v.strip("\"'`")
            for v in re.split(r"\s*,\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+", others["v"])
        ]
        if all(v and v.lower() not in STOPWORDS for v in named):
            choices = named  # 'if absent, "json" is assumed. Other value: "cbor".'
            kind = KeyKind.BOOLEAN if boolean_pair([default, *choices]) else KeyKind.ENUM
    if choices and default and default not in choices and not ph and not key.choices:
        choices = [default, *choices]  # "normally auto, but can be set to eco or boost"
    shape = _SHAPES.get(kind)
    if shape is not None and default is not None and not shape.fullmatch(default):
        kind = KeyKind.TEXT  # "board revision, defaults to A": the value is not a version
    if found_example is None:
        found_example = example(desc)
    if found_example is None and key.notes:  # "rate is the baud rate, e.g. 115200."
        found_example = example(key.notes[0])
    if (
        kind in (KeyKind.ANY, KeyKind.TEXT)
        and found_example
        and _DOTTED3.re.fullmatch(found_example)
    ):
        kind = KeyKind.VERSION  # "e.g. 4.2.0", a sample record's "fw=2.4.1"
    if kind is KeyKind.ANY and found_example and not (desc or key.notes or ph or choices):
        shaped = kind_of(found_example)[0]  # a sample record's "path=/ipp/print", "mac=00:1A:..."
        if shaped in (KeyKind.PATH, KeyKind.URL, KeyKind.MAC):
            kind = shaped
    if kind in (KeyKind.ANY, KeyKind.TEXT) and not choices and fixed is None:
        numeric = _numeric_kind(default, found_example)  # "<bytes, default: 1500>"
        if numeric is KeyKind.INTEGER or (numeric and "vers" not in f"{ph} {desc}".lower()):
            kind = numeric
    if found_example is not None and found_example in choices:
        found_example = None
    optional = key.optional
    if optional is None:
        if find(required_phrase, desc):
            optional = False
        elif find(optional_phrase, desc) or default is not None or all_optional:
            optional = True
    # A port, a URL, a number or a flag is never a secret, whatever the key is named; a
    # PIN written as digits is ("<4-digit PIN>").
    said = f"{ph or ''} {desc}".strip()
    maybe = kind in _MAY_BE_SECRET or (kind is KeyKind.INTEGER and _PIN.re.search(said) is not None)
    secret = maybe and is_secret(
        key.name,
        said,
        has_value_text=bool(ph or desc),
        choices=choices,
    )
    description = desc or None
    if description and ph is None and len(description) > 300:
        description = description[:297] + "..."
    return {
        "name": key.name,
        "kind": kind,
        "choices": tuple(dict.fromkeys(choices)),
        "default": default,
        "fixed": fixed,
        "example": found_example,
        "placeholder": ph,
        "optional": optional,
        "min_length": min_len,
        "max_length": max_len,
        "minimum": minimum,
        "maximum": maximum,
        "secret": secret,
        "description": description,
    }
