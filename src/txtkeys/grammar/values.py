"""What stands after ``key=``: a placeholder, a choice set, a quoted or bare value.

    value        = placeholder | quoted-value | choice-set | alternatives | bare-value ;
    quoted-value = quoted , ? not followed by "|" ? ;
    choice-set   = "{" , choice , { ( "|" | "," | " " ) , choice } , "}"
                 | "(" , choice , "|" , choice , { "|" , choice } , ")"
                 | "[" , word , "|" , word , { "|" , word } , "]"
                 | "[" , word , "," , word , { "," , word } , "]" ;
    alternatives = [ "[" ] , quoted , [ "]" ] , "|" , ... ;          (* ['iiop']|['http'] *)
    bare-value   = { any - ( ws | "," | ";" | "<" | "(" | "[" ) } ;
    choice       = [ "[" ] , quoted , [ "]" ] | word ;

A bare value is then read once more: ``0|1`` and ``0 or 1`` are choices, a sentence
after ``= `` (``cport= the port ...``) is a description, not a fixed value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyparsing as pp

from .tokens import STOPWORDS, placeholder, quoted, token

__all__ = ["MORE_VALUES", "Entry", "choice_set", "more_values", "read_value", "value"]


@dataclass
class Entry:
    """A key while the note is being read; frozen into a key schema at the end."""

    name: str
    value: str | None = None  # the literal after "=", if any
    placeholder: str | None = None
    choices: list[str] = field(default_factory=list)
    quoted: bool = False
    description: list[str] = field(default_factory=list)
    example: str | None = None
    optional: bool | None = None  # stated by the layout itself ("yes" in a Required column)
    flag: bool = False  # "present with no value"
    stated: str | None = None  # a type the layout states (a table's Type column)
    notes: list[str] = field(default_factory=list)  # later sentences about the key
    default: str | None = None  # marked among the value's alternatives ("tcp (default) | udp")


_bracketed_item = ((pp.Suppress("[") + quoted + pp.Suppress("]")) | quoted).set_name("['choice']")
choice_word = pp.Regex(r"[\w.+:-]+").set_name("choice")
_choice_item = (_bracketed_item | choice_word).set_name("choice item")
choice_set = (
    (pp.Suppress("{") + pp.DelimitedList(_choice_item, delim=pp.one_of("| ,")) + pp.Suppress("}"))
    | (
        pp.Suppress("(")
        + _choice_item
        + pp.OneOrMore(pp.Suppress("|") + _choice_item)
        + pp.Suppress(")")
    )
    | (
        pp.Suppress("[")
        + choice_word
        + pp.OneOrMore(pp.Suppress("|") + choice_word)
        + pp.Suppress("]")
    )
    | (
        pp.Suppress("[")
        + choice_word
        + pp.OneOrMore(pp.Suppress(",") + choice_word)
        + pp.Suppress("]")
    )
).set_name("{choice|choice}")
alternatives = (_bracketed_item + pp.OneOrMore(pp.Suppress("|") + _bracketed_item)).set_name(
    "['a']|['b']"
)
quoted_value = (quoted("quoted") + ~pp.FollowedBy("|")).set_name("quoted value")
plain_word = pp.Regex(r"[^\s,;<>(\[{\"'|]+(?![|\w.])").set_name("plain word")  # not "2" of "2.4|5"
bare_word = pp.Regex(r"(?![\"'][^\"'\n]*[\"']\s*\|)[^\s,;<>(\[{]+").set_name("word")
bare_value = pp.Regex(r"[^\s,;<>(\[]+").set_name("value")
_end = pp.Empty().set_parse_action(lambda s, loc, t: [loc])("end")
value = (
    (
        plain_word("word")
        | placeholder("placeholder")
        | quoted_value
        | pp.Group(choice_set)("choices")
        | pp.Group(alternatives)("choices")
        | bare_word("word")
        | bare_value("word")
    )
    + _end
).set_name("value")


# A literal value longer than this is a run of text (bounded work on damaged notes).
_LONGEST_VALUE = 256


def read_value(name: str, rest: str, *, spaced: bool = False) -> Entry:
    """The value after ``key=`` and the description after it.

    ``spaced``: a space stood after the ``=``; then a word followed by more words is
    the start of a sentence describing the value (``cport= the port for ...``,
    ``companyfullname == The name of ...``), not a literal value.
    """
    key = Entry(name)
    rest = rest.strip()
    if not rest:
        key.value = ""
        return key
    if re.match(r"(?i)(?:one\s+of|either)\b", rest):  # "mode= one of ...": no literal value
        key.description.append(rest)
        return key
    try:
        tokens = value.parse_string(rest)
    except pp.ParseException:
        key.description.append(rest)
        return key
    end = int(tokens["end"])
    word = tokens.get("word", None)  # type: ignore[no-untyped-call]
    if "placeholder" in tokens:
        key.placeholder = " ".join(str(tokens["placeholder"]).split())
    elif "choices" in tokens:
        key.choices = [str(t) for t in tokens["choices"]]
    elif "quoted" in tokens and re.fullmatch(r"<[^<>]+>", str(tokens["quoted"])):
        key.placeholder = " ".join(str(tokens["quoted"])[1:-1].split())  # host = "<broker>"
    elif "quoted" in tokens:
        key.value = str(tokens["quoted"])
        key.quoted = True
    elif word is not None and len(str(word)) > _LONGEST_VALUE:
        key.description.append(rest[:_LONGEST_VALUE])  # a run of text, not one value
        return key
    else:
        key.value = None if word in {"?", "x"} else str(word).rstrip(".")
    trailer = rest[end:].strip()
    if key.value and word is not None:
        trailer = _alternatives(key, trailer)
    elif key.quoted and (more := _QUOTED_MORE.re.match(trailer)):  # '"eco" or "boost"'
        key.choices = [str(key.value), *re.findall(r"\"([^\"]*)\"", more.group(0))]
        key.value, key.quoted = None, False
        trailer = trailer[more.end() :].strip()
    if key.value and _not_a_value(key.value, trailer, spaced=spaced, quoted=key.quoted):
        key.value, key.quoted = None, False
        key.description.append(rest)
        return key
    if trailer:
        key.description.append(trailer)
    return key


def _not_a_value(text: str, trailer: str, *, spaced: bool, quoted: bool) -> bool:
    """What reads as a value but describes one: the value is then part of the description.

    ``cport= the port ...`` (a sentence after ``= ``), ``"*IDN?=<identifier>"`` (a
    template with a placeholder inside), ``X[,X, ... ,X]`` (a list of values: what
    one item may be says nothing of the whole).
    """
    if quoted:
        return re.search(r"<[^<>]+>", text) is not None
    if trailer.startswith(("[,", "[ ,")):
        return True
    if _CONDITION.re.match(trailer) and _OTHERWISE.re.search(trailer):
        return True  # "ws = 1 when WebSocket is offered, 0 otherwise": two values, not one
    numeric = re.fullmatch(r"\d+(?:\.\d+)*", text) is not None
    return spaced and not numeric and re.match(r"[A-Za-z]", trailer) is not None


_CONDITION = token("condition", r"(?i)(?:if|when|while|whenever)\b")
_OTHERWISE = token(
    "otherwise",
    r"(?i)[,;]\s*[\"'`]?[\w.+-]+[\"'`]?\s+(?:otherwise|if\s+not|else)\b|\b(?:otherwise|else)\s*,?\s*[\"'`]?[\w.+-]+",
)
_QUOTED_MORE = token(
    "quoted more", r"(?:\s*,\s*\"[^\"\n]{1,40}\")*\s*,?\s*\bor\s+\"[^\"\n]{1,40}\""
)
# "(default)" after one of the alternatives marks the value taken when the key is absent.
_DEFAULT_TAG = r"\s*\(\s*(?:the\s+)?default\s*\)"
_SPACED_ALTERNATIVES = token(
    "spaced alternatives",
    r"(?:"
    + _DEFAULT_TAG
    + r")?(?:\s*[|/]\s*[\w.+:-]+(?:"
    + _DEFAULT_TAG
    + r")?)+(?=\s*(?:$|[;,(]))",
)
_TAGGED_ITEM = token("tagged item", r"([\w.+:-]+)(" + _DEFAULT_TAG + r")?")
_OR_WORD = token("or word", r"(?i)or\s+([\w.+-]+)(?=\s*(?:$|[(\[.;,])|\s+(?:-|--|\u2013|\u2014)\s)")


def _alternatives(key: Entry, trailer: str) -> str:
    """``secure=0|1``, ``secure=0 or 1``, ``ready=true/false``: choices, not a fixed value.

    Returns what is left of the trailer."""
    assert key.value is not None
    for sep in ("|", "/"):
        items = key.value.split(sep)
        boolean_pair = sep == "|" or (len(items) == 2 and _pair_word(items[0], items[1]))
        if len(items) >= 2 and boolean_pair and all(re.fullmatch(r"[\w.+:-]+", i) for i in items):
            key.choices, key.value = items, None
            return trailer
    spaced = _SPACED_ALTERNATIVES.re.match(trailer)
    if spaced and re.fullmatch(r"[\w.+:-]+", key.value):  # "ver = 1 | 2", "mode = auto / manual"
        tagged = _TAGGED_ITEM.re.findall(f"{key.value}{spaced.group(0)}")
        key.choices = [item for item, _ in tagged]
        marked = [item for item, tag in tagged if tag]
        if len(marked) == 1:  # "proto=tcp (default) | udp"
            key.default = marked[0]
        key.value = None
        return trailer[spaced.end() :].strip()
    alt = _OR_WORD.re.match(trailer)
    plain = key.value.lower() not in STOPWORDS or (alt and _pair_word(key.value, alt.group(1)))
    if alt and re.fullmatch(r"[\w.+-]+", key.value) and plain:
        key.choices, key.value = [key.value, alt.group(1)], None
        return trailer[alt.end() :].strip()
    return trailer


_PAIRS = {
    frozenset(p)
    for p in (
        ("true", "false"),
        ("yes", "no"),
        ("on", "off"),
        ("t", "f"),
        ("y", "n"),
        ("0", "1"),
        ("enabled", "disabled"),
        ("enable", "disable"),
    )
}


def _pair_word(a: str, b: str) -> bool:
    return frozenset((a.lower(), b.lower())) in _PAIRS


def boolean_pair(items: list[str]) -> bool:
    """A stated true/false pair: T/F, 0/1, yes/no, on/off, true/false."""
    return len(items) == 2 and _pair_word(items[0], items[1])


# "qos=0, 1 or 2", "mode=auto, manual or off": after the value, more values end in "or".
MORE_VALUES = token(
    "more values",
    r"(?i)^\s*(?P<v>[\w.+-]{1,12}(?:\s*,\s*[\w.+-]{1,12})*\s*,?\s+or\s+[\w.+-]{1,12})\s*\.?\s*$",
)


def more_values(value: str, said: str) -> list[str]:
    """The value and the values listed after it, when they have the value's shape."""
    found = MORE_VALUES.re.match(said)
    if not found:
        return []
    items = [value, *(i for i in re.split(r"\s*,\s*(?:or\s+)?|\s+or\s+", found["v"]) if i)]
    numeric = [i.replace(".", "", 1).isdigit() for i in items]
    if len(set(numeric)) != 1 or any(i.lower() in STOPWORDS for i in items):
        return []
    return items
