"""Tokens of the note grammar: key names, placeholders, quoted strings, brackets, bullets.

Every token is a named pyparsing element; the rules in ``status``, ``values``,
``layouts`` and ``facets`` are built from them. Tokens are regular expressions (a
token never nests); structure is left to the rules. ``split_top`` is the one
hand-written scanner: it cuts a body into top-level segments in one pass, keeping
brackets and quotes whole, which a backtracking expression cannot do in linear time
on unbalanced input (``"[a " * 5000``).

    key-name    = key-first , { key-char } ;  (* first: letter, digit, "_", "*", "#", "?" *)
    placeholder = "<" , { any - ">" } , ">" ;
    quoted      = '"' , { any - '"' } , '"' | "'" , { any - "'" } , "'" ;
    bullet      = "-" | "*" | "\u2022" | letter , ( "." | ")" )
                | digit , [ digit ] , ( "." | ")" ) ;
    url         = ( "http://" | "https://" | "www." ) , { url-char } ;
    documented  = "specified" | "described" | "defined" | "documented" | "listed" | "given"
                | "explained" | "published" | "found" | "detailed" | "outlined" ;
    mentions-keys = "keys" | "following" | "follows" ;   (* a sentence about the keys *)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import pyparsing as pp

__all__ = [
    "BULLET",
    "CLAUSE_WORDS",
    "DOCUMENTED",
    "KEY_CHARS",
    "LINE_SPACE",
    "MARKER_CLOSE",
    "MARKER_WORDS",
    "MAX_KEYS",
    "MAX_SEGMENTS",
    "NOT_SUBJECTS",
    "QUOTE_MARKS",
    "STOPWORDS",
    "URL_RE",
    "at_start",
    "bullet",
    "compiled",
    "documented_verb",
    "find",
    "inline",
    "key_like",
    "key_name",
    "line_indent",
    "mentions_keys",
    "placeholder",
    "quoted",
    "split_top",
    "token",
    "url",
    "words",
]

# Bounded work, shared by every layout: a note is read segment by segment (a line, a
# row, a list item), and no registry note has more than about 40 segments; past this
# many, the rest of the note is not read.
MAX_SEGMENTS = 128
# Keys read from one note: four times the registry's most (14).
MAX_KEYS = 64

# A key may hold letters, digits and _ . * ? # + - (RFC 6763 allows any printable ASCII
# but '='; these are the characters registrants use).
KEY_CHARS = r"[A-Za-z0-9_*#?][A-Za-z0-9_.*?#+-]*"

# The words of the "Defined TXT keys" marker, worded a little differently at times
# ("Defined TXT record keys", "Defined TXT-keys", a misspelt "Defind"): the one spelling
# of it that the marker rule and the repairs share.
MARKER_WORDS = r"defin\w{0,3}\s+txt(?:\s+record|-|\s)\s*keys?"
# What closes the marker: a colon or "=" (after blanks), or a dash on the marker's own line
# ("Defined TXT keys - ver, id").
MARKER_CLOSE = r"(?:\s*[:=]|[ \t]*[-\u2013\u2014]{1,2}(?=\s))"
# Quote marks as written, smart or not: for the rules that run before typography is
# normalised (the same marks ``_rules._TYPOGRAPHY`` maps to '"' and "'").
QUOTE_MARKS = "\"'\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb\u00b4"

key_name = pp.Regex(KEY_CHARS).set_name("key name")
placeholder = pp.QuotedString("<", end_quote_char=">", multiline=True).set_name("<placeholder>")
quoted = (pp.QuotedString('"') | pp.QuotedString("'")).set_name("quoted string")
# "-", "*", "+", "o" marks; "1." "1)" "(1)" "[1]" "a)" "iv." numbering; "#1" too.
BULLET = (
    r"(?:[-*+>\u2022\u25aa\u25cf\u25e6\u2013\u2014\u00b7\u2023\u2043\u00a7\u25b8\u25ba\u2192]|(?:\d{1,2}|[A-Za-z]|[ivxIVX]{2,4})[.)]"
    r"|\((?:\d{1,2}|[A-Za-z]|[ivxIVX]{2,4})\)|\[\d{1,2}\]|#\d{1,2}[.:)]?"
    r"|\d{1,2}(?:\.\d{1,2})+\.?(?![ \t]+(?:to|or|and|through|until|-|\u2013|\.\.)(?:\s|$))"
    r"|o(?=[ \t]{2}))"
)
bullet = pp.Regex(BULLET + r"(?=[ \t])").set_name("bullet")
# A URL, or a domain and a path written without the scheme ("github.com/acme/proto").
URL_RE = re.compile(
    r"(?i)(?:https?://|www\.|(?<![\w@./:-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*"
    r"\.(?:com|org|net|io|dev|info|edu|gov|co|de|uk|fr|jp|ai|app|example)/(?=[\w~-]))"
    r"[^\s\])>,]+[^\s\])>,.;]"
)
url = pp.Regex(URL_RE).set_name("URL")

# "specified", "described", "documented", "defined", "listed" (in a document): the one list of
# verbs saying that keys are written down somewhere; every reference rule uses it.
DOCUMENTED = (
    r"(?:specified|described|defined|documented|listed|given|explained|published|found"
    r"|detailed|outlined)"
)

# Words of prose: two of them in a segment make it a sentence, not a list of keys.
_STOPWORDS_TEXT = (
    "a an the of is are was were be been for to with will by from upon at in on as which "
    "where when there any that this these those if then than it its their our your can may "
    "must should would not no use used uses using each all some per into over under about "
    "holds hold carries carry contains contain has have while until unless also "
)
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
# Words opening a clause of condition or time ("if tls is missing ...", "once joined, ..."):
# a segment or sentence they open is prose, its subject no new key.
CLAUSE_WORDS = frozenset(
    {"while", "if", "when", "unless", "until", "once", "after", "before", "whenever"}
)
# Subjects of a sentence that are never keys ("the key is ...", "values are ...").
NOT_SUBJECTS = frozenset(
    {"key", "keys", "field", "fields", "record", "records", "they", "value", "values", "txt"}
)

_KEY_RE = re.compile(KEY_CHARS)
_LETTER = re.compile(r"[A-Za-z]")
# A service type echoed ("_payload._tcp.local", "_display.tcp"), not a key of it.
_SERVICE_TYPE = re.compile(r"(?i)(?:\._|^_[\w-]+\.)(?:tcp|udp)\b")


def token(name: str, pattern: str, flags: int = 0) -> pp.Regex:
    """A named token of the grammar: a regular expression for one word, phrase or shape.

    Structure (how tokens follow one another) is built from tokens by pyparsing rules or
    by the layout functions; a token itself never nests.
    """
    expr = pp.Regex(pattern, flags)
    expr.set_name(name)
    return expr


documented_verb = token("documented verb", r"(?i)\b" + DOCUMENTED + r"\b")
# "The following keys are defined:", "Each record carries three keys.": a sentence about the
# keys (an intro, a preamble, the sentence opening subject clauses), not about one key.
mentions_keys = token("mentions keys", r"(?i)\b(?:keys|following|follows)\b")


def key_like(word: str) -> bool:
    """Could ``word`` be a key name (not a number, URL, service type or status word)?"""
    word = word.rstrip(".;:")
    if not word or len(word) > 40 or not _KEY_RE.fullmatch(word):
        return False
    if not _LETTER.search(word):
        return False
    if _SERVICE_TYPE.search(word) or URL_RE.match(word):
        return False
    return word not in {"...", "etc"} and word.lower() != "proprietary"


def find(expr: pp.ParserElement, text: str) -> re.Match[str] | None:
    """The first place a phrase token (a ``pp.Regex``) occurs in ``text``.

    Scanning with ``scan_string`` costs a Python call per offset (about 4 us here, so
    65 ms for a 16 KB note per phrase); the token's own pattern does the same walk in C.
    """
    assert isinstance(expr, pp.Regex)
    found: re.Match[str] | None = expr.re.search(text)
    return found


def find_all(expr: pp.ParserElement, text: str) -> Iterator[re.Match[str]]:
    """Every place a phrase token occurs in ``text``, left to right."""
    assert isinstance(expr, pp.Regex)
    return expr.re.finditer(text)


_OPEN = {"(": ")", "[": "]", "{": "}", "<": ">"}


@lru_cache(maxsize=32)
def line_indent(line: str) -> int:
    """How many blanks (spaces and tabs) open a line."""
    return len(line) - len(line.lstrip(" \t"))


def split_top(text: str, seps: str) -> list[str]:
    """Split at separator characters that stand outside brackets and quotes (one pass).

    Only brackets, quotes and separators are visited; the text between them is taken
    whole. An opening bracket that is never closed, with more ``key=`` entries after it
    (``[txtvers=1, srv=<x>, (mode=<a|b>``), is an ordinary character: the text is
    scanned once more with it ignored. Cached: the
    rules ask for the same split of the same body more than once.
    """
    parts, unclosed = _split_once(text, seps, frozenset())
    if unclosed and _LATER_ASSIGNMENT.search(text, unclosed[0] + 1):
        parts, _ = _split_once(text, seps, frozenset(unclosed))
    return parts


# After a bracket that never closes, another ``key=`` entry: the bracket is damage.
_LATER_ASSIGNMENT = re.compile(r"[,;\n]\s*[(\[{]?\s*" + KEY_CHARS + r"\s*=")


def _split_once(text: str, seps: str, stray: frozenset[int]) -> tuple[list[str], list[int]]:
    parts: list[str] = []
    depth: list[str] = []
    opened: list[int] = []
    quote: str | None = None
    cur: list[str] = []
    last_gt = text.rfind(">")
    pos = 0
    for m in _special(seps).finditer(text):
        i = m.start()
        ch = text[i]
        cur.append(text[pos:i])
        pos = i + 1
        if quote:
            cur.append(ch)
            if ch == quote or (ch == "\n" and quote == "'"):
                quote = None
            continue
        if ch == '"' and not depth and text.find('"', i + 1) < 0:
            pass  # a stray quote with no partner: an ordinary character
        elif ch == '"' or (ch == "'" and _quote_opens(text, i)):
            quote = ch
            cur.append(ch)
            continue
        if ch in _OPEN and not (ch == "<" and i > last_gt) and i not in stray:
            depth.append(_OPEN[ch])
            opened.append(i)
        elif depth and ch == depth[-1]:
            depth.pop()
            opened.pop()
        if ch in seps and not depth:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    cur.append(text[pos:])
    parts.append("".join(cur))
    return parts, opened


@lru_cache(maxsize=8)
def _special(seps: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape("\"'()[]{}<>\n" + seps) + "]")


def _quote_opens(text: str, i: int) -> bool:
    """An apostrophe opens a quote only before a closing one on the same line."""
    if i and text[i - 1].isalnum():
        return False
    close = text.find("'", i + 1)
    return close >= 0 and text.find("\n", i + 1, close) < 0


def at_start(expr: pp.ParserElement, text: str) -> pp.ParseResults | None:
    """``expr`` matched at the start of ``text`` (the rest may be anything), or None."""
    try:
        return expr.parse_string(text, parse_all=False)
    except pp.ParseException:
        return None


# Blanks inside one line: pyparsing's whitespace without the line end.
LINE_SPACE = " \t\r"


def bare(expr: pp.ParserElement) -> pp.ParserElement:
    """``expr`` skipping nothing before it: where it starts is the caller's walk's to say."""
    return expr.leave_whitespace()


def inline(expr: pp.ParserElement, space: str = LINE_SPACE) -> pp.ParserElement:
    """``expr`` skipping only the blanks in ``space`` before it (by default its line's)."""
    return expr.set_whitespace_chars(space, copy_defaults=False)


def words(choices: Iterable[str], space: str | None = LINE_SPACE) -> pp.ParserElement:
    """One of ``choices``, caseless, a whole word; only the blanks in ``space`` skipped
    before it (None: pyparsing's own whitespace, line ends too)."""
    if space is None:
        return pp.MatchFirst(pp.CaselessKeyword(w) for w in choices)
    return inline(pp.MatchFirst(inline(pp.CaselessKeyword(w), space) for w in choices), space)


# Flags a token is compiled with, as the letters of an inline group.
_FLAG_LETTERS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"), (re.VERBOSE, "x"))
_GLOBAL_FLAGS = re.compile(r"\(\?([imsx]+)\)")


def compiled(rule: pp.ParserElement) -> re.Pattern[str]:
    """``rule`` as one regular expression, for a rule read in a loop over many short texts.

    A pyparsing element costs a few microseconds a call, a token's own pattern a fraction of
    one: a rule tried on each of the 128 clauses or the hundreds of list items a body may
    hold would take a hundred times what its tokens take. The pattern reads as the rule
    does: the rule is made of bare tokens (``bare``: no blanks skipped) in ``And``,
    ``MatchFirst`` and ``Opt`` elements, with no parse actions or conditions; each element
    is an atomic group, as pyparsing never gives back what an element took (an ``Opt`` that
    matched stays matched, the first alternative of a ``MatchFirst`` that matches is the
    one), and each results name is a named group: ``compiled(rule).match(text)[name]`` is
    ``rule.parse_string(text)[name]``.
    """
    return re.compile(_as_pattern(rule))


def _as_pattern(expr: pp.ParserElement) -> str:
    if expr.parseAction or expr.failAction or expr.skipWhitespace:
        raise ValueError(f"{expr}: only bare tokens with no actions are compiled")
    if isinstance(expr, pp.Regex) and not (expr.asMatch or expr.asGroupList):
        pattern = expr.re.pattern
        letters = "".join(letter for flag, letter in _FLAG_LETTERS if expr.flags & flag)
        if own := _GLOBAL_FLAGS.match(pattern):  # "(?i)..." is "(?i:...)" inside a group
            letters, pattern = letters + own[1], pattern[own.end() :]
        body = f"(?{letters}:{pattern})" if letters else pattern
    elif isinstance(expr, pp.And):
        body = "".join(_as_pattern(e) for e in expr.exprs)
    elif isinstance(expr, pp.MatchFirst):
        body = "|".join(_as_pattern(e) for e in expr.exprs)
    elif isinstance(expr, pp.Opt):
        body = _as_pattern(expr.expr) + "|"
    else:
        raise ValueError(f"{expr}: not a token, And, MatchFirst or Opt")
    atomic = f"(?>{body})"
    return f"(?P<{expr.resultsName}>{atomic})" if expr.resultsName else atomic
