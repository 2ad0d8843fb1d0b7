"""Repairs for a note that went through a tool before it reached the registry.

A note copied out of an e-mail thread, a PDF, a web form or a spreadsheet carries the
tool's marks: quote markers and a signature, page headers and footers, a list whose line
breaks were lost, a status word wrapped in cell punctuation, a misspelt word of the
grammar's small vocabulary. Each repair here removes
one kind of mark and leaves everything else as written; each is a linear scan.

    repaired    = untypo ( unsigned ( unquoted ( unpaged ( relined ( unmojibaked (
                      note ) ) ) ) ) ) ;
    mojibake    = ( "\u00c2" | "\u00c3" ) , follower-char
                | "\u00e2" , follower-char , follower-char ;
                  (* UTF-8 read as Windows-1252: "\u00e2\u20ac\u0153" for a left double quote;
                     the bytes are read again as UTF-8 where they make one character *)
    run-on-list = marker , ( star , key-word | key-word , [ type-tag ] , separator ) , text ,
                  run-on-entry , run-on-entry , { run-on-entry } ;   (* on one line *)
    run-on-entry = ( star | blanks , key-word , [ type-tag ] , separator ) ,
                   text ;
                  (* star: "*", "\u2022" or "\u00a7"; the same star or separator as the first entry,
                     a key-word not after a stop word; not when "," or ";" parts the
                     entries already or a description holds the separator *)
    separator   = "-" | "--" | "->" | "=>" | en/em dash | arrow | ":=" ;
    type-tag    = "[" , lower-case-word , { words } , "]" | ":" , "<" , words , ">" ;
    page-line   = text , ( "[Page" , N , "]" | "Page" , N , "of" , N ) , text ;
                  (* never the first line *)
    quote-mark  = ">" , { [ " " ] , ">" } , [ " " ] ;   (* at a line start or after the marker *)
    quoted-question = quote-mark , text , "?" ;       (* a quoted block ending in a question *)
    agreed-line = ( "yes" | "correct" | "confirmed" | "right" | "agreed" | "ok" ) , words
                | "as" , [ "quoted" ] , ( "above" | "below" ) , words ;
    mail-header = "-----Original Message-----" | "On" , text , "wrote:"
                | ( "From" | "Sent" | "To" | "Cc" | "Date" | "Subject" ) , ":" , text ;
    signature   = "--" , [ " " ] , newline , lines       (* under 8 lines, no "=" *)
                | "Sent from" , [ "my" ] , words ;
    bare-status = marker , { cell-mark } , status-word , { cell-mark } ;
                  (* cell-mark: a quote, ",", ";", "|", a tab *)
    typo        = vocabulary-word with one letter left out or two letters swapped
                | long-vocabulary-word with one vowel for another ;   (* 9 letters or more *)
"""

from __future__ import annotations

import re

from .tokens import MARKER_CLOSE, MARKER_WORDS, QUOTE_MARKS, STOPWORDS, token

__all__ = ["repair", "untypo"]

# A line that opens with e-mail quote markers ("> ", "> > ", ">>"), and the same markers
# just after the marker's colon on its own first line.
_QUOTED_LINE = token("quoted line", r"(?m)^[ \t]*>(?:[ \t]?>)*[ \t]?")
_QUOTE_AFTER_MARKER = token("quote after marker", r"(?i)(keys?\s*[:=][ \t]*)>(?:[ \t]?>)*[ \t]?")
# The line a reply opens the quoted text with ("On Mon, 1 Jan 2024, Name wrote:").
_WROTE = token("wrote", r"(?im)^[ \t]*on[ \t][^\n]{4,120}\bwrote[ \t]*:[ \t]*$")
# A reply line that only agrees with what it quotes: no key is named in it.
_AGREED = token(
    "agreed",
    r"(?i)(?P<m>[ \t]*" + MARKER_WORDS + r"\s*[:=]?)?[ \t]*"
    r"(?:(?:yes|yep|correct|confirmed|right|agreed|ok(?:ay)?)\b[^\n=<>\"'`]{0,60}"
    r"|as\s+(?:quoted\s+)?(?:above|below)[^\n=<>\"'`]{0,40})[ \t]*",
)
# Mail headers a reply quotes: they name people and subjects, never keys.
_MAIL_HEADER = token(
    "mail header",
    r"(?im)^[ \t]*(?:-{2,}[ \t]*(?:original|forwarded)[ \t]+message[ \t]*-{2,}"
    r"|(?:from|sent|to|cc|date|subject)[ \t]*:[^\n]*"
    r"|on[ \t][^\n]{4,120}\bwrote[ \t]*:)[ \t]*$",
)
_HEADER_NAMES = token("header names", r"(?im)^[ \t]*(?:from|sent|to|cc|date|subject)[ \t]*:")
# "Sent from my phone", "Sent from Outlook for iOS": a mail program's footer line.
_SENT_FROM = token("sent from", r"(?im)^[ \t]*sent\s+from\s+(?:my\s+)?[^\n=<]{1,40}$")
# The signature separator ("-- " alone on its line) and what follows it: a short tail.
_SIGNATURE = token("signature", r"\n--[ \t]?\n")
# A PDF page header or footer: a line naming a page ("Page 3 of 7", "[Page 12]").
_PAGE_LINE = token(
    "page line",
    r"(?i)\n[^\n=<>]{0,80}?(?:\[page[ \t]+\d{1,4}\]|\bpage[ \t]+\d{1,4}[ \t]+of[ \t]+\d{1,4}\b)"
    r"[^\n=<>]{0,80}(?:\n[ \t]*(?=\n))*\n?",
)
# A status word in the punctuation of a spreadsheet cell or CSV row ('\t"None"\t', ',none,,').
_BARE_STATUS = token(
    "bare status",
    r"(?i)((?:" + MARKER_WORDS + r")\s*[:=]?)[\s,;|" + QUOTE_MARKS + r"]*"
    r"(none|n/a|proprietary|tbd|unspecified)[\s,;|." + QUOTE_MARKS + r"]*$",
)


def _page_break(m: re.Match[str]) -> str:
    """A page line goes; so does the break it made, unless a blank line stood beside it."""
    blank_before = m.string[max(0, m.start() - 1) : m.start()] == "\n"
    return " " if m.group(0).count("\n") <= 2 and not blank_before else "\n\n"


def _unquote(text: str) -> str:
    """A note pasted from a mail thread: the quoted text without its quote markers."""
    quoted = len(_QUOTED_LINE.re.findall(text)) + len(_QUOTE_AFTER_MARKER.re.findall(text))
    if quoted == 0 or (quoted < 2 and _WROTE.re.search(text) is None):
        return text
    text = _QUOTE_AFTER_MARKER.re.sub(r"\1", text)
    kept: list[str] = []
    block: list[str] = []  # the quoted lines read so far, without their markers
    for line in [*text.split("\n"), ""]:
        mark = _QUOTED_LINE.re.match(line)
        if mark:
            block.append(line[mark.end() :])
            continue
        said = [b for b in block if b.strip()]
        # A quoted block that only asks the registrant something: the question, not keys.
        if not (said and said[-1].rstrip().endswith("?") and not any("=" in b for b in said)):
            kept.extend(block)
        block = []
        # "Yes, as above.", "Confirmed.": the reply only agrees with the quoted text
        agreed = _AGREED.re.fullmatch(line)
        kept.append(line if agreed is None else agreed["m"] or "")
    return "\n".join(kept[:-1])


def _unsign(text: str) -> str:
    """A mail without its headers, its signature and its mail program's footer."""
    sig = _SIGNATURE.re.search(text)
    if sig and text.count("\n", sig.end()) < 8 and "=" not in text[sig.end() :]:
        text = text[: sig.start()]
    if "original message" in text.lower() or len(_HEADER_NAMES.re.findall(text)) >= 2:
        text = _MAIL_HEADER.re.sub("", text)
    elif "wrote" in text:
        text = _WROTE.re.sub("", text)
    if "sent from" in text.lower():
        text = _SENT_FROM.re.sub("", text)
    return text


# A list whose line breaks a web form or a copy lost, so its entries run on in one line:
# "* id  node identifier * pw  password flag", "ro - T or F root - exported path fp -
# fingerprint", "vers [uint] - version ch [uint] - channels". The first entry after the
# marker shows the form (a bullet, or a key and its separator); an entry is that form
# again, a key-like word after a blank (not after "the", "of", ...), and a line break goes
# back before each. A list whose entries a comma or ";" already parts, or where a
# description holds the separator itself ("ver - version 1 - 9", "path - the path -
# relative"), is read as written.
_ENTRY_WORD = r"[A-Za-z_][\w.-]{0,15}"
# "[uint]", "[hex, 16 chars]" (never "[RFC7595]"); ": <string>" before the separator
_TYPE_TAG = r"(?:[ \t]*\[[a-z][\w ,.-]{0,23}\]|:[ \t]*<[^<>\n]{1,30}>)?"
_SEPARATORS = ("-", "--", "->", "=>", "\u2013", "\u2014", "\u2192", ":=")
_RUN_ON_LEAD = token(
    "run-on lead",
    r"(?i)" + MARKER_WORDS + r"\b" + MARKER_CLOSE + r"?[ \t]*(?:(?P<b>[*\u2022\u00a7])[ \t]+)?"
    r"(?P<k>" + _ENTRY_WORD + r")" + _TYPE_TAG + r"[ \t]*"
    r"(?P<s>"
    + "|".join(re.escape(sep) for sep in sorted(_SEPARATORS, key=len, reverse=True))
    + r")?[ \t]",
)
_RUN_ON_BULLET = token("run-on bullet", r"(?<=\S)[ \t]+(?=[*\u2022\u00a7][ \t]+[A-Za-z_`\"'])")
# Where a later entry starts: a key-like word before the first entry's separator.
_RUN_ON_ENTRY = {
    sep: token(
        f"run-on entry {sep}",
        r"(?<=\S)[,;]?[ \t]+(?=("
        + _ENTRY_WORD
        + r")"
        + _TYPE_TAG
        + r"[ \t]*"
        + re.escape(sep)
        + r"[ \t])",
    )
    for sep in _SEPARATORS
}
# A separator standing between blanks: twice in one entry, the dashes are prose.
_SPACED_SEPARATOR = {
    sep: token(f"spaced {sep}", r"[ \t]" + re.escape(sep) + r"[ \t]") for sep in _SEPARATORS
}
# Words before a separator that do not open an entry ("default - 5", "see - below").
_RUN_ON_WORDS = STOPWORDS | frozenset(
    {"e.g", "i.e", "eg", "ex", "default", "defaults", "value", "values", "example", "examples"}
    | {"note", "notes", "type", "range", "optional", "required", "mandatory", "unit", "units"}
    | {"format", "see", "choices", "options", "history", "deprecated", "removed", "reserved"}
    | {"keys", "fields", "also"}
)


def _relined(text: str) -> str:
    """A one-line list (see above) with a line break before each of its entries."""
    lead = _RUN_ON_LEAD.re.search(text)
    if lead is None or "\n" in text[lead.end() :].strip():
        return text
    head, rest = text[: lead.start()], text[lead.start() :]
    sep = lead["s"]
    if lead["b"]:
        breaks = list(_RUN_ON_BULLET.re.finditer(rest, lead.end() - lead.start()))
    elif sep:
        breaks = [
            m
            for m in _RUN_ON_ENTRY[sep].re.finditer(rest, lead.end() - lead.start())
            if m[1].lower() not in _RUN_ON_WORDS
        ]
        if ";" in rest or any(m[0][0] == "," for m in breaks):
            return text  # the entries are parted already, or it is prose
        breaks = [m for m in breaks if _last_word(rest, m.start()) not in STOPWORDS]
    else:
        return text
    if len(breaks) < 2:
        return text
    pieces, at = [], 0
    for m in breaks:
        pieces.append(rest[at : m.start()])
        at = m.end()
    pieces.append(rest[at:])
    if sep and not all(_one_entry(piece, sep) for piece in pieces[1:]):
        return text  # a description holds the separator: it is prose, read as written
    return head + "\n".join(pieces)


def _last_word(text: str, end: int) -> str:
    """The word before ``end`` ("the" in "see the manual - ..."), lower-cased."""
    before = text[max(0, end - 40) : end].split()
    return before[-1].lower() if before else ""


def _one_entry(piece: str, sep: str) -> bool:
    """``key SEP description``: one separator, and words after it."""
    spaced = _SPACED_SEPARATOR[sep].re
    first = spaced.search(piece)
    return (
        first is not None
        and bool(piece[first.end() :].strip())
        and spaced.search(piece, first.end() - 1) is None
    )


# UTF-8 text a tool read as Windows-1252 (a web form, a spreadsheet): each character of
# "\u201c" became three ("\u00e2\u20ac\u0153"). A lead is a character whose byte opens a
# two- to four-byte sequence (0xC2-0xF4); followers are those whose byte is 0x80-0xBF.
_FOLLOWERS = bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")
# Only the leads of the usual cases are read again: "\u00c2" and "\u00c3" (Latin-1 letters
# and signs: "\u00c3\u00a9" for "\u00e9") and "\u00e2" (quotes and dashes: "\u00e2\u20ac\u0153"),
# so real text such as "\u00d8\u00b10.5" or "Stra\u00df\u2013Weg" stays as written.
_MOJIBAKE = token(
    "mojibake",
    "[\u00c2\u00c3][" + re.escape(_FOLLOWERS) + "\u0080-\u00bf]"
    "|\u00e2[\u20ac\u201a-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u2122]["
    + re.escape(_FOLLOWERS)
    + "\u0080-\u00bf]",
)


# "\u00e2\u20ac" alone: a right double quote whose last byte (0x9D, no character in
# Windows-1252) a tool dropped.
_LOST_BYTE = token("lost byte", "\u00e2\u20ac(?![\u0080-\u00bf\u0152-\u2122])")


def _reread(m: re.Match[str]) -> str:
    """The character whose UTF-8 bytes a tool showed as these Windows-1252 characters."""
    raw = bytearray()
    for char in m[0]:
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D pass through as themselves
            raw.append(ord(char))
    size = 2 if raw[0] < 0xE0 else 3 if raw[0] < 0xF0 else 4
    try:
        return raw[:size].decode("utf-8") + m[0][size:]
    except UnicodeDecodeError:
        return m[0]


def repair(text: str) -> str:
    """``text`` without the marks a mail program, a PDF or a spreadsheet left in it."""
    if not text.isascii():
        text = _MOJIBAKE.re.sub(_reread, _LOST_BYTE.re.sub("\u201d", text))
    text = _relined(text)
    if "age" in text:  # a page break inside a paragraph joins its two halves
        text = _PAGE_LINE.re.sub(_page_break, text).rstrip()
    if ">" in text:
        text = _unquote(text)
    text = _unsign(text)
    m = _BARE_STATUS.re.search(text)
    if m:
        text = text[: m.start()] + f"{m.group(1)} {m.group(2)}"
    first, nl, rest = text.partition("\n")
    return untypo(first) + nl + rest


# The closed vocabulary the grammar reads: the marker's words, the status words and the
# words that mark a key's need or introduce a list. A word one letter short of one of
# them ("Defned", "propietary", "optinal") or with two letters swapped ("requried") is
# read as the word; a real English word that happens to be such a typo is left alone.
# Only the note's first line is mended: the marker and the lead that says what follows;
# a description further down keeps its spelling.
_VOCABULARY = (
    "defined",
    "proprietary",
    "undisclosed",
    "optional",
    "required",
    "mandatory",
    "default",
    "following",
    "follows",
    "reserved",
    "unspecified",
    "undefined",
    "unpublished",
    "confidential",
    "specification",
)
_REAL_WORDS = frozenset(
    {"define", "follow", "fellows", "reserve", "require", "defaults", "fallowing", "mandatary"}
)
_VOWELS = "aeiou"


def _typos() -> dict[str, str]:
    table: dict[str, str] = {}
    for word in _VOCABULARY:
        for i in range(len(word)):
            table.setdefault(word[:i] + word[i + 1 :], word)
            if i + 1 < len(word) and word[i] != word[i + 1]:
                table.setdefault(word[:i] + word[i + 1] + word[i] + word[i + 2 :], word)
            if len(word) >= 9 and word[i] in _VOWELS:  # "proprietery": a vowel misheard
                for vowel in _VOWELS.replace(word[i], ""):
                    table.setdefault(word[:i] + vowel + word[i + 1 :], word)
    for word in (*_VOCABULARY, *_REAL_WORDS):
        table.pop(word, None)
    return table


_TYPOS = _typos()
# A word that is not a key: not joined to "=" or ":" and not inside quotes or brackets.
_WORD = token("word", r"(?<![\w\"'`<=.])(?<!\w-)([A-Za-z]{5,14})(?![\w\"'`>=]|-\w)")


def _fix(m: re.Match[str]) -> str:
    word = m.group(1)
    right = _TYPOS.get(word.lower())
    if right is None:
        return word
    return right.capitalize() if word[0].isupper() else right


def untypo(text: str) -> str:
    """``text`` with one-letter typos of the grammar's vocabulary words spelt right."""
    return _WORD.re.sub(_fix, text)
