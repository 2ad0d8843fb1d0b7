"""The grammar of IANA "Defined TXT keys" notes (private: use ``txtkeys.parse_note``).

The rules, in the order they apply, are written out in docs/grammar.md. In short:

    note      := [prefix] marker body            marker := "Defined TXT keys" [":"]
    body      := status-lead [rest] | entries
    entries   := segment { separator segment }   separator := newline | "," | ";"  (at depth 0)
    segment   := [bullet] ( assignment+ [trailer] | key-phrase [trailer] | labelled | prose )
    assignment:= key "=" value                    value := "<" text ">" | quoted | choice-set | word
    labelled  := key ":" description             (``wot``: paragraphs introduced by ``key:``)

Facets (choices, default, fixed, example, sizes, optional/required, secret) are read
from the value and from the description that follows each key, by the phrase
expressions at the end of this module. Every expression is a pyparsing element with
a name, so a failure reads as what was expected rather than a regex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyparsing as pp

from ..schema.kinds import KeyKind, NoteStatus

if TYPE_CHECKING:
    from ..schema.models import TxtNote

__all__ = ["note_fields", "read_note"]

# --------------------------------------------------------------------------- tokens

_KEY_TOKEN = r"[A-Za-z0-9_*#?][A-Za-z0-9_.*?#+-]*"
# "TXT record keys" and "TXT-keys" are the same marker worded a little differently.
marker = pp.Regex(r"(?i)defined\s+txt(?:\s+record|-|\s)\s*keys?\b\s*[:=]?").set_name(
    "'Defined TXT keys:'"
)
placeholder = pp.QuotedString("<", end_quote_char=">", multiline=True).set_name("<placeholder>")
quoted = (pp.QuotedString('"') | pp.QuotedString("'")).set_name("quoted value")
bracketed_item = (pp.Suppress("[") + quoted + pp.Suppress("]")) | quoted
# Unquoted alternatives are as common as quoted ones: {yes|no}, (tcp|udp), [on|off].
choice_word = pp.Regex(r"[\w.+:-]+").set_name("choice")
choice_item = bracketed_item | choice_word
choice_set = (
    (pp.Suppress("{") + pp.DelimitedList(choice_item, delim=pp.one_of("| ,")) + pp.Suppress("}"))
    | (
        pp.Suppress("(")
        + choice_item
        + pp.OneOrMore(pp.Suppress("|") + choice_item)
        + pp.Suppress(")")
    )
    | (
        pp.Suppress("[")
        + choice_word
        + pp.OneOrMore(pp.Suppress("|") + choice_word)
        + pp.Suppress("]")
    )
).set_name("{choice|choice}")
bracket_alternatives = (bracketed_item + pp.OneOrMore(pp.Suppress("|") + bracketed_item)).set_name(
    "['a']|['b']"
)
bare_value = pp.Regex(r"[^\s,;<>(\[]+").set_name("value")
value = (
    placeholder("placeholder")
    | choice_set("choices")
    | bracket_alternatives("choices")
    | quoted("quoted")
    | bare_value("word")
)
url_re = re.compile(r"(?i)(?:https?://|www\.)[^\s\])>,]+[^\s\])>,.;]")

# Lead phrases that decide the status of a body that names no key.
none_lead = pp.Regex(
    r"(?i)(?:\(?none\b(?:\s+at\s+present)?\)?|there\s+(?:is|are)\s+no\s+txt\s+keys?\b[^\n.]*"
    r"|no\s+(?:txt\s+(?:record\s+)?)?keys?\b|(?:0|zero)(?=\s*$))"  # a count of none: "0"
).set_name("'None'")
proprietary_lead = pp.Regex(r"(?i)proprietary\b").set_name("'proprietary'")
unspecified_lead = pp.Regex(
    r"(?i)(?:tbd|varies|n/a|unknown|to\s+be\s+(?:defined|determined))\b"
).set_name("'TBD'")
reference_lead = pp.Regex(
    r"(?i)(?:see\b:?|defined\s+in\b|described\s+in\b|will\s+be\s+(?:described|defined)\b"
    r"|inherited\s+from\b|as\s+(?:defined|described)\s+in\b|refer\s+to\b|\[?(?:https?://|www\.)"
    r"|\[?rfc\s?\d{3,5}\b)"
    r"|(?i:.*\b(?:specification|spec)\b.*(?:section|https?://))"
).set_name("reference")
document_name = pp.Regex(r"(?i)[\w.-]+\.(?:html?|pdf|txt|xml)(?:#\S*)?\.?$").set_name("document")

# Facet phrases, searched in the description that follows a key.
default_phrase = pp.Regex(
    r"(?i)(?=[abd(,;\[])"
    r"(?:(?:assumed\s+to\s+be|defaults?\s+(?:value\s+)?(?:is|to)|by\s+default\s+is)\s+"
    r"|defaults?(?:\s+value)?\s*[=:]\s*"
    r"|(?:^|[(,;\[])\s*default(?:\s+value)?\s+(?=[\"']?[\w+./:-]*[\w/][\"']?\s*(?:[)\].,;]|$)))"
    r"[\"']?(?P<v>[\w+./:-]*[\w/])"
).set_name("default phrase")
# "X is assumed", "X is the default": the value is the word before the phrase.
assumed_phrase = pp.Regex(
    r"(?i)\s(?:is|will\s+be)\s+(?:assumed|the\s+default)\b(?!\s+to\b)"
).set_name("'X is assumed'")
one_of_phrase = pp.Regex(
    r"(?i)(?:one\s+of|i\.\s?e\.,?|either|values?\s+(?:are|is))\s*:?\s*"
    r"(?P<v>[\"'][^\"']+[\"'](?:\s*(?:(?:,|or|and|\|)\s*)?[\"'][^\"']+[\"'])+)"
).set_name('\'one of "a", "b" or "c"\'')
bare_choices_phrase = pp.Regex(
    r"(?i)(?=[oepav])(?:\bone\s+of|\beither|\b(?:possible|allowed|valid)\s+values?(?:\s+are)?"
    r"|\bvalues?\s+are)"
    r"\s*:?\s*(?P<v>[\w.+-]+(?:\s*(?:,|\bor\b|\band\b|\|)\s*[\w.+-]+)+)(?=\s*(?:$|[.;)(\[\n]))"
).set_name("'one of a, b or c'")
following_values_phrase = pp.Regex(
    r"(?i)one\s+of\s+the\s+following\s+values[^:]*:\s*(?P<v>[^.]*(?:\.(?!\s|$)[^.]*)*)"
).set_name("'One of the following values ...:'")
example_phrase = pp.Regex(
    r"(?i)(?:\be\.\s?g\.?|\beg\b|\bexamples?\b(?!\.\w)|\bnormally\b|\bi\.\s?e\.)\s*[:,]?\s*\(?"
    r"(?:[\"'](?:[\w.-]+=)?(?P<q>[^\"']+)[\"']|(?:[\w.-]+=)?(?P<v>[^\s,;)\"']+))"
).set_name("example phrase")
optional_phrase = pp.Regex(
    r"(?i)\boptional\b|\bif\s+present\b|\bmay\s+be\s+omitted\b|\bif\s+omitted\b"
).set_name("'optional'")
required_phrase = pp.Regex(r"(?i)\breq\w{2,4}ed\b|\bmandatory\b|\bmust\s+be\s+present\b").set_name(
    "'required'"
)
# The leading lookahead (here and in the facet phrases) lets the scan skip at once the many
# offsets where no alternative can start, which keeps long notes fast.
extensible_phrase = pp.Regex(
    r"(?i)(?=[+adefmnopv])(?:(?:\+|\band\b|\bplus\b)\s*(?:other\s+)?proprietary|proprietary\s+keys"
    r"|others?\s+(?:keys?\s+)?not\s+publicly|\bothers\s+are\s+proprietary"
    r"|(?:further|additional|other|more|extra)\s+(?:txt\s+(?:record\s+)?)?keys"
    r"\s+(?:may|might|can|are\s+(?:proprietary|vendor|allowed|permitted))"
    r"|not\s+publicly\s+documented|\b(?:and|plus)\s+(?:others|more)\b"
    r"|(?:vendor|manufacturer|device|application)[- ]specific\s+keys)"
).set_name("extensible phrase")
all_optional_phrase = pp.Regex(r"(?i)\ball\b[^.]*\bkeys\b[^.]*\bare\s+optional\b").set_name(
    "'all keys are optional'"
)

_STOPWORDS = frozenset(
    (
        "a",
        "an",
        "the",
        "of",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "for",
        "to",
        "with",
        "will",
        "by",
        "from",
        "upon",
        "at",
        "in",
        "on",
        "as",
        "which",
        "where",
        "when",
        "there",
        "any",
        "that",
        "this",
        "these",
        "those",
        "if",
        "then",
        "than",
        "it",
        "its",
        "their",
        "our",
        "your",
        "can",
        "may",
        "must",
        "should",
        "would",
        "not",
        "no",
        "use",
        "used",
        "uses",
        "using",
        "each",
        "all",
        "some",
        "per",
        "into",
        "over",
        "under",
        "about",
    )
)
# Words that describe a value rather than being one (``u=username``, ``info=name``).
_DESCRIPTIVE_STEMS = re.compile(
    r"(?i)name|user|key|pattern|file|space|host|root|value|string|type|number|id\b|path|version"
    r"|url|address|list|text|desc|serial|model|date|time|port|^[xyzwn](?:\.[xyzwn])*$"
)
_SUBTYPES = re.compile(r"(?i)\b(?:known\s+)?subtypes?\s*:\s*(?P<v>_[\w-]+(?:\s*,\s*_[\w-]+)*)")
_ENUMERATOR = re.compile(r"^\s*(?:[-*\u2022]|[a-z][.)]|\d{1,2}[.)])\s+")
_SECRET_NAME = re.compile(r"(?i)^(?:p|pwd|passwd|password|secret|hash|.*key_?hash|.*secret)$")
_SECRET_TEXT = re.compile(r"(?i)\bpassw(?:or)?d\b|\bsecret\b|\bkey\s+hash\b|\bprivate\s+key\b")
_OPEN = {"(": ")", "[": "]", "{": "}", "<": ">"}


def _search(expr: pp.ParserElement, text: str) -> re.Match[str] | None:
    """Find a phrase (a ``pp.Regex`` element) anywhere in ``text``.

    ``scan_string`` would try the element at every offset from Python; its compiled
    pattern does the same walk in C, which keeps notes linear and fast.
    """
    assert isinstance(expr, pp.Regex)
    return expr.re.search(text)


_CLOSE = {v: k for k, v in _OPEN.items()}


@dataclass
class _Key:
    """A key while the note is being read; frozen into a KeySchema at the end."""

    name: str
    value: str | None = None  # the literal after "=", if any
    placeholder: str | None = None
    choices: list[str] = field(default_factory=list)
    quoted: bool = False
    description: list[str] = field(default_factory=list)
    example: str | None = None


# --------------------------------------------------------------------------- entry point


def read_note(text: str) -> TxtNote:
    """Read a whole registry note into a TxtNote (raises only on programming errors)."""
    from ..schema.models import KeySchema, TxtNote

    fields = note_fields(text)
    fields["keys"] = tuple(KeySchema(**key) for key in fields["keys"])
    return TxtNote(**fields)


def note_fields(text: str) -> dict[str, Any]:
    """What ``read_note`` reads, as the keyword arguments of ``TxtNote`` (keys as dicts).

    The compiler stores these without building pydantic models: it produced the data
    itself, so validating it again would only cost time.
    """
    norm = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(8)
    found = _search(marker, norm)
    body = _cut_history(norm[found.end() :] if found else norm)
    found_status, keys, extensible = _read_body(body.strip(), strict=found is None)
    return _note(
        found_status,
        keys,
        text,
        extensible=extensible,
        references=_references(body),
        subtypes=_subtypes(norm),
    )


def _read_body(lead: str, *, strict: bool) -> tuple[NoteStatus, list[_Key], bool]:
    """Status, keys and extensibility of the text after the marker."""
    if strict:  # no marker: only ``key=<placeholder>`` counts as a definition
        keys = _strict_assignments(lead)
        return (NoteStatus.KEYS if keys else NoteStatus.UNSPECIFIED), keys, False
    extensible = bool(_search(extensible_phrase, lead)) or any(
        item.strip() in {"...", "\u2026", "etc", "etc."} for item in _split_top(lead, ",;\n")
    )
    status = _lead_status(lead)
    if status is not None:
        # A status phrase first; keys may still follow on their own lines (``None`` then
        # ``path=<...>``), or in parentheses after a URL (``https://... (dn dt md)``).
        rest = _after_lead(lead, status)
        keys = [k for k in (_entries(rest) if rest else []) if k.value is not None or k.placeholder]
        if not keys and status is NoteStatus.REFERENCE:
            keys = _paren_list_after_url(lead)
        return (NoteStatus.KEYS, keys, extensible) if keys else (status, [], False)
    keys = _entries(lead)
    if keys:
        return NoteStatus.KEYS, keys, extensible
    if re.search(r"(?i)\bproprietary\b", lead):
        return NoteStatus.PROPRIETARY, [], False
    if _references(lead) and not _has_prose(lead):
        return NoteStatus.REFERENCE, [], False
    return NoteStatus.UNSPECIFIED, [], False


def _note(
    status: NoteStatus,
    keys: list[_Key],
    raw: str,
    *,
    extensible: bool,
    references: list[str],
    subtypes: list[str],
) -> dict[str, Any]:
    schemas: list[dict[str, Any]] = []
    seen: set[str] = set()
    body_optional = bool(_search(all_optional_phrase, raw))
    for key in keys:
        if key.name in seen:
            continue
        seen.add(key.name)
        schemas.append(_schema(key, all_optional=body_optional))
    return {
        "status": status,
        "keys": tuple(schemas),
        "extensible": extensible and status is NoteStatus.KEYS,
        "references": tuple(dict.fromkeys(references)),
        "subtypes": tuple(dict.fromkeys(subtypes)),
        "raw": raw,
    }


# --------------------------------------------------------------------------- status


def _lead_status(lead: str) -> NoteStatus | None:
    if not lead:
        return NoteStatus.UNSPECIFIED
    if _starts(none_lead, lead):
        return NoteStatus.NONE
    if _starts(proprietary_lead, lead):  # "Proprietary, not published": no key named
        return NoteStatus.PROPRIETARY
    if _starts(unspecified_lead, lead):
        return NoteStatus.UNSPECIFIED
    first_line = lead.split("\n", 1)[0]
    if _starts(reference_lead, first_line) or document_name.matches(first_line.strip()):
        return NoteStatus.REFERENCE
    return None


def _starts(expr: pp.ParserElement, text: str) -> bool:
    try:
        expr.parse_string(text, parse_all=False)
    except pp.ParseException:
        return False
    return True


def _after_lead(lead: str, status: NoteStatus) -> str:
    """What follows the first line of a status lead (where key lines may hide)."""
    if status is NoteStatus.REFERENCE:
        return ""
    _, _, rest = lead.partition("\n")
    return rest


def _paren_list_after_url(lead: str) -> list[_Key]:
    """``https://host/doc (dn dt md)``: a key list in parentheses after a reference."""
    match = re.search(r"\(([^()]*)\)\s*$", lead)
    if not match or not url_re.search(lead[: match.start()]):
        return []
    words = match.group(1).replace(",", " ").split()
    if words and all(_key_like(w) for w in words):
        return [_Key(w) for w in words]
    return []


def _references(body: str) -> list[str]:
    refs = [m.group(0) for m in url_re.finditer(body)]
    refs += re.findall(r"(?i)\b[\w-]+\.(?:pdf|html?)(?:#[\w-]+)?\b", url_re.sub(" ", body))
    refs += [f"RFC{n}" for n in re.findall(r"(?i)\[?rfc\s?(\d{3,5})\]?", body)]
    refs += re.findall(r"(?i)\b\w[\w ]{0,40}?\bspecification\b(?:,?\s+section\s+[\d.]*\d)?", body)
    return [r.strip() for r in refs]


def _subtypes(text: str) -> list[str]:
    out: list[str] = []
    for m in _SUBTYPES.finditer(text):
        out += re.findall(r"_[\w-]+", m.group("v"))
    return out


def _cut_history(body: str) -> str:
    """Drop sentences that list keys only as history ("was formerly listed ... with keys")."""
    for m in re.finditer(r"(?i)\b(?:formerly|previously)\b", body):
        start = max(body.rfind(".", 0, m.start()), body.rfind("\n", 0, m.start())) + 1
        end = body.find(".", m.end())
        sentence = body[m.start() : end if end >= 0 else len(body)]
        if re.search(r"(?i)\b(?:listed|defined|used)\b", sentence):
            head = body[:start]
            note_label = re.search(r"(?i)\bnote:\s*(?:[^.\n]*[.\n]\s*)?$", head)
            return head[: note_label.start()] if note_label else head
    return body


def _has_prose(text: str) -> bool:
    words = re.findall(r"[A-Za-z']+", url_re.sub(" ", text))
    return sum(w.lower() in _STOPWORDS for w in words) >= 2


# --------------------------------------------------------------------------- entries


def _strict_assignments(text: str) -> list[_Key]:
    """Only ``key=<placeholder>`` forms: for notes without the 'Defined TXT keys' marker."""
    pattern = re.compile(r"(?<![\w=])(" + _KEY_TOKEN + r")=<([^<>]*)>")
    return [_Key(m.group(1), placeholder=m.group(2)) for m in pattern.finditer(text)]


# A sentence that introduces the list rather than naming a key.
_INTRO = re.compile(r"(?i)^[^:=\n<>()\"']*\b(?:keys|following)\b[^:=\n<>()\"']*:[ \t]*")


def _entries(body: str) -> list[_Key]:
    """Read the key entries of a body, trying the labelled (``key:``) form first."""
    intro = _INTRO.match(body)
    if intro and _has_prose(intro.group(0)):  # "The following keys are defined: a, b"
        body = body[intro.end() :]
    labelled = _labelled_entries(body)
    if labelled:
        return labelled
    quoted_keys = _quoted_key_entries(body)
    if quoted_keys:
        return quoted_keys
    return _segment_entries(body)


_LABEL = re.compile(
    r"(?:^|(?<=[.;,])[ \t]+|\n)[ \t]*(?:<(?P<a>" + _KEY_TOKEN + r")>|(?P<k>" + _KEY_TOKEN + r"))"
    r"[ \t]*:(?!//)[ \t]*(?=\S|\n)"
)
_NOT_LABELS = frozenset(
    {"note", "notes", "example", "examples", "e.g", "i.e", "http", "https", "see", "nb", "ps"}
)


def _labelled_entries(body: str) -> list[_Key]:
    """``td: Absolute pathname ...`` paragraphs and ``<type>:description;`` items."""
    if "=" in re.sub(r"<[^<>]*>", "", body) and re.search(_KEY_TOKEN + r"\s*=\s*[<\w'\"{]", body):
        return []
    matches = [
        m
        for m in _LABEL.finditer(body)
        if (m.group("a") or m.group("k") or "").lower().rstrip(".") not in _NOT_LABELS
    ]
    if not matches or (len(matches) == 1 and matches[0].start() > 2):
        return []
    keys: list[_Key] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        name = m.group("a") or m.group("k") or ""
        desc = body[m.end() : end].strip()
        if not _key_like(name):
            return []
        keys.append(_Key(name, description=[desc]))
    return keys


_QUOTED_KEY = re.compile(
    r"(?i)(?:\bkey\s*:?\s*[\"'](?P<a>"
    + _KEY_TOKEN
    + r")[\"']|[\"'](?P<b>"
    + _KEY_TOKEN
    + r")[\"']\s*:)"
)


def _quoted_key_entries(body: str) -> list[_Key]:
    """``"url": if present ...`` and ``key "txtvers" for ...`` forms."""
    matches = list(_QUOTED_KEY.finditer(body))
    if not matches:
        return []
    keys = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        keys.append(_Key(m.group("a") or m.group("b") or "", description=[body[m.end() : end]]))
    return keys


def _split_top(text: str, seps: str) -> list[str]:
    """Split at separator characters that stand outside brackets and quotes."""
    parts: list[str] = []
    depth: list[str] = []
    quote: str | None = None
    cur: list[str] = []
    for i, ch in enumerate(text):
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
            continue
        if ch == '"' or (ch == "'" and _quote_opens(text, i)):
            quote = ch
            cur.append(ch)
            continue
        if ch in _OPEN and not (ch == "<" and ">" not in text[i:]):
            depth.append(_OPEN[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        if ch in seps and not depth:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return parts


def _quote_opens(text: str, i: int) -> bool:
    """An apostrophe opens a quote only before a closing one on the same line."""
    before = text[i - 1] if i else " "
    line_end = text.find("\n", i + 1)
    return not before.isalnum() and text.find("'", i + 1, line_end if line_end >= 0 else None) >= 0


_ASSIGN = re.compile(r"(?:(?<=\s)|^)(?P<key>" + _KEY_TOKEN + r")[ \t]*==?[ \t]*")
_MULTIWORD_ASSIGN = re.compile(r"^\s*(?P<key>[A-Za-z][\w.-]*(?: [A-Za-z][\w.-]*){1,3})\s*=\s*")


def _segment_entries(body: str) -> list[_Key]:
    """The general form: segments separated by newlines, commas and semicolons."""
    text = body
    lines = [ln for ln in text.split("\n")]
    has_assign = bool(_ASSIGN.search(re.sub(r"<[^<>]*>", "<>", text)))
    table = _table_layout(lines)
    keys: list[_Key] = []
    in_examples = False
    stand_ins = _stand_ins(text)
    examples = re.search(r"(?i)(?:^|\s)examples?\s*:\s*(?=" + _KEY_TOKEN + r"=)", text)
    if examples:  # an inline "Example: k=v k=v" block gives values, not keys
        text, example_block = text[: examples.start()], text[examples.end() :]
    if re.match(r"\s*-\s", text) and "\n" not in text.strip():
        text = re.sub(r"\s+-\s+", "\n", " " + text)  # "- a - b - c" pasted onto one line
    text = _unwrap(text)
    segments = _sentences(_split_top(text, "\n,;"))
    comma_list = len(_split_top(text, ",;")) > 1
    for raw_seg in segments:
        seg = re.sub(r"\s+-\s+(?:see:?\s+)?(?:https?://|www\.)\S*\s*$", "", raw_seg).strip()
        if not seg:
            continue
        low = seg.lower().rstrip(":. ")
        if low in {"example", "examples", "for example"}:
            in_examples = True
            continue
        more = _search(extensible_phrase, seg)
        if more and not _ASSIGN.match(seg):  # "name + proprietary", "name and others"
            head = _EXTENSION_JOINER.sub("", seg[: more.start()]).strip()
            if head and _key_like(head):
                keys.append(_Key(head))
            continue
        seg = _LIST_AND.sub("", seg) if comma_list else seg
        seg = _ENUMERATOR.sub("", seg, count=1)
        if in_examples:
            _apply_examples(seg, keys)
            continue
        if _example_lead(seg):
            _apply_examples(seg, keys)
            if keys:
                keys[-1].description.append(seg)
            continue
        if has_assign:
            parsed = _assignments(seg, multiword=comma_list)
            if parsed:
                for key in parsed:
                    if key.value in stand_ins:
                        key.choices, key.value = stand_ins[key.value], None
                keys += parsed
                continue
        pair = _AND_PAIR.match(seg)
        both = [_unquote(pair["a"]), _unquote(pair["b"]).rstrip(".;")] if pair else []
        listed = comma_list or len(segments) == 1
        if both and listed and not has_assign and all(_key_like(w) for w in both):
            keys += [_Key(w) for w in both]
            continue
        entry = _key_phrase(seg, table, multiword=comma_list)
        quoted_word = seg[:1] in "\"'`"  # '"normal", "safe"' may end a sentence, not name keys
        lone = entry is not None and not entry.description and (has_assign or quoted_word)
        if lone and _mid_sentence(keys):
            entry = None
        if entry is not None:
            keys.append(entry)
        elif keys:
            keys[-1].description.append(seg)
        elif len(segments) == 1 and not has_assign:
            keys += _space_list(seg)
    if examples:
        _apply_examples(example_block, keys)
    return keys


# What joins a last key to an extensible phrase: "name and other", "name + ", "name, additional".
_EXTENSION_JOINER = re.compile(r"(?i)(?:\s*(?:\+|\b(?:and|plus|other|additional)\b|[,(]))+\s*$")
# "a, b and c", "a, b, or c", "..., i.e. pdf, doc": the word before an item of a list.
_LIST_AND = re.compile(
    r"(?i)^\s*(?:and|&|or|i\.\s?e\.,?|e\.\s?g\.,?)\s+(?=" + _KEY_TOKEN + r"\s*$)"
)
_AND_PAIR = re.compile(r"(?i)^(?P<a>\S+)\s+(?:and|&|or)\s+(?P<b>\S+)$")
_KEY_SENTENCE = re.compile(r"^(?P<k>\s*" + _KEY_TOKEN + r")\.\s+(?P<s>[A-Z].*)$", re.S)


def _unwrap(text: str) -> str:
    """``[txtvers, name]``, ``(a, b)``: a whole list inside one pair of brackets."""
    m = re.fullmatch(r"\s*([(\[{])([^()\[\]{}<>=]*)([)\]}])\s*", text)
    return m.group(2) if m and _OPEN[m.group(1)] == m.group(3) else text


def _sentences(segments: list[str]) -> list[str]:
    """``txtvers, name. See RFC 6763.``: the last key ends a sentence; what follows is not
    part of its name (it may describe, refer or say that more keys exist)."""
    out: list[str] = []
    for seg in segments:
        m = _KEY_SENTENCE.match(seg)
        if m and _key_like(m["k"].strip()) and len(m["k"].strip()) > 1 and _has_words(m["s"]):
            out += [m["k"], m["s"]]
        else:
            out.append(seg)
    return out


def _has_words(text: str) -> bool:
    """Prose rather than more key names: a stop word, or a word no key could be."""
    words = text.split()
    return any(w.lower() in _STOPWORDS or not _key_like(w) for w in words)


def _mid_sentence(keys: list[_Key]) -> bool:
    """The previous key's description stops mid-sentence, so a lone word continues it."""
    if not keys or not keys[-1].description:
        return False
    return not keys[-1].description[-1].rstrip().endswith((".", ")", "]", ">"))


def _stand_ins(body: str) -> dict[str, list[str]]:
    """``Versions (APPVERSION): 2.7, 3.0``: upper-case stand-ins a note defines by a list."""
    found: dict[str, list[str]] = {}
    for m in re.finditer(r"\((?P<n>[A-Z][A-Z0-9_]{3,})\)\s*:\s*(?P<v>[^\n]+)", body):
        found[m.group("n")] = [v.strip() for v in m.group("v").split(",") if v.strip()]
    return found


def _example_lead(seg: str) -> bool:
    return bool(re.match(r"(?i)(?:e\.\s?g\.?|eg|for example|normally|examples?)\b", seg))


def _apply_examples(seg: str, keys: list[_Key]) -> None:
    """``hash=5e75...`` after ``Example:``, ``eg topic=/info``: values, not new keys."""
    found = False
    for m in re.finditer(r"(?P<k>" + _KEY_TOKEN + r")=(?P<v>[^\s\"',;)]+)", seg):
        for key in keys:
            if key.name.lower() == m.group("k").lower() and key.example is None:
                key.example = m.group("v")
                found = True
    if not found and keys:
        keys[-1].example = keys[-1].example or _example(seg)


def _assignments(seg: str, *, multiword: bool) -> list[_Key]:
    """One or more ``key=value`` in a segment, with any trailing description.

    Bare keys may stand before the first assignment (``txtvers server=<...>``).
    """
    masked = _mask(seg)
    multi = _MULTIWORD_ASSIGN.match(masked) if multiword else None
    starts = list(_ASSIGN.finditer(masked))
    multi_ok = multi and not any(w.lower() in _STOPWORDS for w in multi.group("key").split())
    if multi and multi_ok and (not starts or starts[0].start() > 0):
        starts = [multi, *[m for m in starts if m.start() > multi.end()]]
    if not starts:
        return []
    keys: list[_Key] = []
    lead = masked[: starts[0].start()].split()
    if lead:
        if not all(_key_like(w) and w.lower() not in _STOPWORDS for w in lead):
            return []
        keys += [_Key(w) for w in lead]
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(seg)
        name = m.group("key").strip()
        spaced = masked[m.end() - 1].isspace()  # "cport= the port ...": '=' then a space
        keys.append(_value_and_trailer(name, seg[m.end() : end], spaced=spaced))
    return keys


def _mask(seg: str) -> str:
    """Blank out bracketed and quoted spans so '=' inside them is not an assignment."""
    out = list(seg)
    for m in re.finditer(r"<[^<>]*>|\"[^\"]*\"|\([^()]*\)?|\[[^\]]*\]", seg):
        for i in range(m.start() + 1, m.end() - 1):
            out[i] = "_" if not seg[i].isspace() else " "
    return "".join(out)


# ``<placeholder>``, a quoted value or a bare word: the same forms as ``value`` above, for
# values that do not open a choice set (``{...}``, ``[...]|[...]``).
_SIMPLE_VALUE = re.compile(
    r"<(?P<ph>[^<>]*)>|\"(?P<q>[^\"\n]*)\"(?!\s*\|)|'(?P<q1>[^'\n]*)'(?!\s*\|)"
    r"|(?P<w>(?![\"'][^\"'\n]*[\"']\s*\|)[^\s,;<>(\[{]+)"
)


def _value_and_trailer(name: str, rest: str, *, spaced: bool = False) -> _Key:
    """The value after ``key=`` and the description after it.

    ``spaced``: a space stood after the ``=``; then a word followed by more words is
    the start of a sentence describing the value (``cport= the port for ...``,
    ``companyfullname == The name of ...``), not a literal value.
    """
    key = _Key(name)
    rest = rest.strip()
    if not rest:
        key.value = ""
        return key
    if re.match(r"(?i)(?:one\s+of|either)\b", rest):  # "mode= one of ...": no literal value
        key.description.append(rest)
        return key
    simple = _SIMPLE_VALUE.match(rest)
    if simple is not None:  # the common forms, without pyparsing's per-call cost
        if simple.group("ph") is not None:
            key.placeholder = " ".join(simple.group("ph").split())
        elif simple.group("q") is not None or simple.group("q1") is not None:
            key.value = simple.group("q") if simple.group("q") is not None else simple.group("q1")
            key.quoted = True
        else:
            word = simple.group("w")
            key.value = None if word in {"?", "x"} else word.rstrip(".")
        trailer = rest[simple.end() :].strip()
        if key.value and simple.group("w") is not None:
            trailer = _alternatives(key, trailer)
        if key.value and _not_a_value(key.value, trailer, spaced=spaced, quoted=key.quoted):
            key.value, key.quoted = None, False
            key.description.append(rest)
            return key
        if trailer:
            key.description.append(trailer)
        return key
    try:
        tokens, _, end = next(value.scan_string(rest, max_matches=1, max_loc=1))
    except StopIteration:
        key.description.append(rest)
        return key
    if "placeholder" in tokens:
        key.placeholder = " ".join(str(tokens["placeholder"]).split())
    elif "choices" in tokens:
        key.choices = [str(t) for t in tokens.as_list()]
    elif "quoted" in tokens:
        key.value = str(tokens["quoted"])
        key.quoted = True
    else:
        word = str(tokens["word"])
        if word in {"?", "x"}:
            key.value = None
        else:
            key.value = word.rstrip(".")
    trailer = rest[end:].strip()
    if trailer:
        key.description.append(trailer)
    return key


def _not_a_value(value: str, trailer: str, *, spaced: bool, quoted: bool) -> bool:
    """What reads as a value but describes one: the value is then part of the description.

    ``cport= the port ...`` (a sentence after ``= ``), ``"*IDN?=<identifier>"`` (a
    template with a placeholder inside), ``X[,X, ... ,X]`` (a list of values: what
    one item may be says nothing of the whole).
    """
    if quoted:
        return re.search(r"<[^<>]+>", value) is not None
    if trailer.startswith(("[,", "[ ,")):
        return True
    numeric = re.fullmatch(r"\d+(?:\.\d+)*", value) is not None
    return spaced and not numeric and re.match(r"[A-Za-z]", trailer) is not None


def _alternatives(key: _Key, trailer: str) -> str:
    """``secure=0|1``, ``secure=0 or 1``: a bare value that lists choices, not a fixed one.

    Returns what is left of the trailer."""
    assert key.value is not None
    items = key.value.split("|")
    if len(items) >= 2 and all(re.fullmatch(r"[\w.+:-]+", i) for i in items):
        key.choices, key.value = items, None
        return trailer
    alt = re.match(r"(?i)or\s+([\w.+-]+)(?=\s*(?:$|[(\[.;,]))", trailer)
    if alt and re.fullmatch(r"[\w.+-]+", key.value) and key.value.lower() not in _STOPWORDS:
        key.choices, key.value = [key.value, alt.group(1)], None
        return trailer[alt.end() :].strip()
    return trailer


def _table_layout(lines: list[str]) -> bool:
    """``auth          plaintext | md5``: keys and descriptions in aligned columns."""
    rows = [ln for ln in lines if ln.strip()]
    aligned = [ln for ln in rows if re.match(r"^\s*" + _KEY_TOKEN + r" {2,}\S", ln)]
    return len(aligned) >= 2 and len(aligned) >= len(rows) // 2


def _key_phrase(seg: str, table: bool, *, multiword: bool) -> _Key | None:
    """A bare key, maybe with a description: ``D (device type)``, ``Machine ID``."""
    if table:
        m = re.match(r"^(" + _KEY_TOKEN + r") {2,}(.+)$", seg)
        if m and _key_like(m.group(1)):
            return _Key(m.group(1), description=[m.group(2)])
    m = re.match(r"^(" + _KEY_TOKEN + r")\s*\((.*)\)?\s*\)?$", seg, re.S)
    if m and _key_like(m.group(1)):
        return _Key(m.group(1), description=[m.group(2)])
    m = re.match(r"^(" + _KEY_TOKEN + r")\s+(?:==?|--?|\u2013|\u2014)\s+(.+)$", seg, re.S)
    if m and _key_like(m.group(1)):  # "key == desc", "key - desc"
        return _Key(m.group(1), description=[m.group(2)])
    words = [_unquote(w) for w in seg.split()]
    fits = 1 <= len(words) <= (3 if multiword else 1) and all(_key_like(w) for w in words)
    if fits and (len(words) == 1 or all(w.lower() not in _STOPWORDS for w in words)):
        return _Key(" ".join(words).rstrip(".;"))
    return None


_QUOTED_WORD = re.compile(r"([\"'`])(" + _KEY_TOKEN + r")\1([.;]?)")


def _unquote(word: str) -> str:
    """``"txtvers"``, ```name```: a key written in quotes is the key without them."""
    m = _QUOTED_WORD.fullmatch(word) if word[:1] in "\"'`" else None
    return m.group(2) + m.group(3) if m else word


def _space_list(seg: str) -> list[_Key]:
    """``txtvers protovers path``: a single line of space-separated keys."""
    words = [_unquote(w) for w in seg.split() if w.lower() not in {"and", "&"}]
    if all(_key_like(w) for w in words) and not any(w.lower() in _STOPWORDS for w in words):
        if sum(bool(_TITLE_WORD.fullmatch(w)) for w in words) >= 2:
            return []  # "Test Controller Card": a name in title case, not a list of keys
        return [_Key(w.rstrip(".;")) for w in words]
    return []


_TITLE_WORD = re.compile(r"[A-Z][a-z]{2,}")


def _key_like(word: str) -> bool:
    word = word.rstrip(".;:")
    if not word or len(word) > 40 or not re.fullmatch(_KEY_TOKEN, word):
        return False
    if not re.search(r"[A-Za-z]", word):
        return False
    # A service type echoed ("_payload._tcp.local", "_display.tcp"), not a key of it.
    if re.search(r"(?i)(?:\._|^_[\w-]+\.)(?:tcp|udp)\b", word) or url_re.match(word):
        return False
    # "Proprietary, not published": the status word, never a key of its own.
    return word not in {"...", "etc"} and word.lower() != "proprietary"


# --------------------------------------------------------------------------- facets


def _schema(key: _Key, *, all_optional: bool) -> dict[str, Any]:
    desc = " ".join(" ".join(key.description).split())
    ph = key.placeholder
    kind = KeyKind.ANY
    choices = list(key.choices)
    fixed: str | None = None
    default: str | None = None
    minimum = maximum = min_len = max_len = None
    example = key.example

    if ph is not None:
        choices = choices or _placeholder_choices(ph)
        kind, min_len, max_len, minimum, maximum = _kind_of(ph)
    elif key.value is not None and key.value != "":
        if key.quoted or _literal(key.value):
            fixed = key.value
            kind = KeyKind.INTEGER if key.value.isdigit() else KeyKind.TEXT
        else:
            kind, min_len, max_len, minimum, maximum = _kind_of(f"{key.value} {desc}", loose=True)
    # The parts of a description were cut at commas, semicolons and line ends: rejoined with
    # commas, "one of a, b, c" reads as a list again (the stored description keeps spaces).
    listed = ", ".join(" ".join(part.split()) for part in key.description)
    if not choices and desc:
        choices = _description_choices(listed)
    if example is None and ph is not None:
        example = _example(ph)
    if desc and kind is KeyKind.ANY and ph is None:
        kind, min_len, max_len, minimum, maximum = _kind_of(desc, loose=True)
    if choices:
        kind = KeyKind.ENUM
    found_default = _search(default_phrase, listed)
    default = found_default.group("v") if found_default else _assumed_value(listed)
    if example is None:
        example = _example(desc)
    if example is not None and example in choices:
        example = None
    optional: bool | None = None
    if _search(required_phrase, desc):
        optional = False
    elif _search(optional_phrase, desc) or default is not None or all_optional:
        optional = True
    secret = bool(_SECRET_NAME.match(key.name)) or bool(
        _SECRET_TEXT.search(f"{ph or ''} {desc}") and not re.search(r"(?i)req", key.name)
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
        "example": example,
        "placeholder": ph,
        "optional": optional,
        "min_length": min_len,
        "max_length": max_len,
        "minimum": minimum,
        "maximum": maximum,
        "secret": secret,
        "description": description,
    }


def _literal(word: str) -> bool:
    """``txtvers=1``, ``Manufacturer=Sirona``: a value, not a word describing one."""
    if re.fullmatch(r"\d+(?:\.\d+)*", word):
        return True
    if re.fullmatch(r"[A-Z0-9_]{4,}(?:\[.*)?", word):  # APPLICATIONVERSION: a stand-in
        return False
    if word.lower() in _STOPWORDS:  # "cport=the port ...": a sentence, not a value
        return False
    return not _DESCRIPTIVE_STEMS.search(word) and bool(re.fullmatch(r"[\w.+-]+", word))


def _placeholder_choices(ph: str) -> list[str]:
    if "|" in ph:
        items = [i.strip().strip("'\"") for i in ph.split("|")]
        if len(items) >= 2 and all(i and len(i.split()) == 1 for i in items):
            return items
    m = re.fullmatch(r"\s*(\w[\w+-]*)\s+or\s+(\w[\w+-]*)\s*", ph)
    if m:
        return [m.group(1), m.group(2)]
    items = re.split(r"\s*,\s*(?:or\s+)?|\s+or\s+", ph.strip())  # <OK, DND, AWY>, <a, b or c>
    if len(items) >= 3 and all(i and " " not in i for i in items):
        return items
    return []


def _assumed_value(desc: str) -> str | None:
    """``If absent, 8080 is assumed``: the word just before the phrase is the default."""
    found = _search(assumed_phrase, desc)
    if not found:
        return None
    before = desc[: found.start()].split()
    word = before[-1].strip("\"'()[],;:") if before else ""
    if not re.fullmatch(r"[\w+./:-]*[\w/]", word) or word.lower() in _STOPWORDS | {"default"}:
        return None
    return word


def _example(text: str) -> str | None:
    found = _search(example_phrase, text)
    return (found.group("q") or found.group("v")) if found else None


def _description_choices(desc: str) -> list[str]:
    found = _search(one_of_phrase, desc)
    if found:
        return re.findall(r"[\"']([^\"']+)[\"']", found.group("v"))
    found = _search(following_values_phrase, desc)
    if found:
        items = re.split(r"\s*,\s*(?:or\s+)?|\s+or\s+", found.group("v"))
        out = [i.split()[0].rstrip(".,") for i in items if i.split()]
        if len(out) >= 2:
            return out
    m = re.match(r"^\s*([\w+.-]+(?:\s*\|\s*[\w+.-]+)+)\s*$", desc)
    if m:
        return [c.strip() for c in m.group(1).split("|")]
    found = _search(bare_choices_phrase, desc)
    if found:
        items = [i for i in re.split(r"(?i)\s*(?:,|\bor\b|\band\b|\|)\s*", found.group("v")) if i]
        if len(items) >= 2 and not any(i.lower() in _STOPWORDS for i in items):
            return items
    return []


def _kind_of(
    text: str, *, loose: bool = False
) -> tuple[KeyKind, int | None, int | None, int | None, int | None]:
    """The value kind and size stated by a placeholder or description."""
    low = text.lower()
    m = re.search(r"(\d+)\s*-?\s*hex", low)
    if m:
        n = int(m.group(1))
        return KeyKind.HEX, n, n, None, None
    m = re.search(r"(\d+)\s*bytes?\s+uuid|^uuid$|uuid string", low)
    if m and not (loose and m.group(1) is None):
        size = int(m.group(1)) if m.group(1) else None
        return KeyKind.UUID, size, size, None, None
    m = re.search(r"(\d+)\s*bytes?\b", low)
    if m and not loose:
        n = int(m.group(1))
        return KeyKind.BINARY, n, n, None, None
    m = re.search(r"digit\s+from\s+(\d+)\s*-\s*(\d+)", low)
    if m:
        return KeyKind.INTEGER, None, None, int(m.group(1)), int(m.group(2))
    if re.search(r"\bint\b|\binteger\b|\bport\s*#|\bport number\b|\bnumeric\b", low):
        return KeyKind.INTEGER, None, None, None, None
    if re.search(r"\bmac[- ]?address\b", low):
        return KeyKind.MAC, None, None, None, None
    if re.search(r"\bip[- ]address\b", low) and not loose:
        return KeyKind.IP, None, None, None, None
    if re.search(r"\burl\b|\buri\b", low):
        return KeyKind.URL, None, None, None, None
    if re.search(r"\bpathname\b|^/|\bpath\b", low) and len(low.split()) <= 6:
        return KeyKind.PATH, None, None, None, None
    if re.search(r"\bport\b", low) and len(low.split()) <= 6:
        return KeyKind.INTEGER, None, None, None, None
    if re.search(r"\bversion\b|^x\.[xy]+$|major\.minor", low) and len(low.split()) <= 6:
        return KeyKind.VERSION, None, None, None, None
    if re.search(r"^whether\b|\bflag\b", low):
        return KeyKind.BOOLEAN, None, None, None, None
    if loose:
        if re.search(r"\bstring\b|\bs[tr]*ing\b", low):
            return KeyKind.TEXT, None, None, None, None
        return KeyKind.ANY, None, None, None, None
    if re.search(r"\bhost ?name\b|\bdns[- ]name\b", low):
        return KeyKind.HOST, None, None, None, None
    return KeyKind.TEXT, None, None, None, None
