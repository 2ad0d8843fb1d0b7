"""Tables of key entries: pipe tables, drawn tables, aligned columns, flattened tables.

A table lists one key a row. Its rows stand on lines (``| ver | yes | version |``), on one
line with an empty cell closing each row (``| Key | Req | | id | yes | |``), or in columns
aligned by runs of spaces under a heading row (``Key  Required  Description``);
``|---|:--|`` and ``+----+`` lines are rules between rows. The heading row gives each
column its role (key, need, default, type, values, description); a table with no heading
row has its keys in the first column. A two-column table that lost every delimiter
("Key Description id unique device id fw firmware version") is a flat table.

The rules are pyparsing elements built from named tokens, and a function over their
results builds the entries. A table's lines are walked with the ``table-line`` token's own
pattern (as ``tokens.find_all`` walks a phrase: a pyparsing call per line costs about
50 us, 80 ms for the 1,500 lines a body may hold) and each line is read by a row rule,
lazily: a table with a key column reads its heading row and at most ``MAX_KEYS`` rows.
No repetition can take its neighbour's text (a cell holds no "|", a run of bars or of
dashes is taken whole), so time stays linear in the body.

    table       = pipe-table | flat-pipe-table | aligned-table ;
    table-line  = [ blanks ] , { any - newline } , [ blanks ] ;  (* read without its blanks *)
    skipped-line = blank-line | rule-row ;
    rule-row    = [ "+" | "|" ] , rule , { rule } ;     (* "|---|---|", "+----+----+" *)
    rule        = dash , dash , dash , { dash } , [ "+" | "|" ] ;      (* dash: "-" or "=" *)
    pipe-table  = { skipped-line } , header-row , { skipped-line } , pipe-row ,
                  { pipe-row | skipped-line } ;         (* the heading row holds a "|" *)
    header-row  = pipe-row | aligned-header ;
    pipe-row    = lead-cell , { bar-cell } , { "|" } ;  (* the outer bars make no cell *)
    lead-cell   = { "|" } , cell ;
    bar-cell    = bars , cell ;                         (* n bars: n - 1 empty cells first *)
    bars        = "|" , { "|" } ;
    cell        = { any - ( "|" | newline ) } ;         (* read without its blanks *)
    flat-pipe-table = flat-lead-cell , { flat-bar-cell } , { "|" } ;
    flat-lead-cell = { "|" } , flat-cell ;
    flat-bar-cell = bars , flat-cell ;
    flat-cell   = { any - "|" } ;
    aligned-table = aligned-header , { skipped-line } , aligned-row ,
                  { aligned-row | wrapped-line | skipped-line } ;
    aligned-header = heading-cell , gap , heading-cell , { gap , heading-cell } ;
    heading-cell = aligned-cell ;                       (* a key-heading or a role heading *)
    aligned-row = aligned-cell , gap , aligned-cell , { gap , aligned-cell } ;
    wrapped-line = aligned-cell ;                       (* the row above's last cell goes on *)
    aligned-cell = word , { " " , word } ;
    gap         = "  " , { " " } ;
    key-heading = [ "TXT" ] , [ "record" ] , ( "Key" | "Keys" | "Name" | "Names" | "Field"
                | "Fields" | "Parameter" | "Parameters" | "Attribute" | "Attributes" ) ,
                  [ "name" ] ;
    embedded-table = text-line , { text-line } , table-block ;
    table-block = bar-line , ( bar-line | rule-row ) , { bar-line | rule-row } ;
    bar-line    = [ blanks ] , "|" , { any - newline } ;
    flat-table  = flat-table-head , flat-row , flat-row , { flat-row } ;
    flat-table-head = [ "TXT" ] , ( "Key" | "Keys" | "Name" | "Field" | "Parameter"
                    | "Attribute" ) , ( value-heading , { value-heading } , [ text-heading ]
                    | text-heading ) ;
    flat-row    = key-name , word , { word } ;
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain, islice

import pyparsing as pp

from .tokens import MAX_KEYS, MAX_SEGMENTS, STOPWORDS, bare, find_all, key_like, token
from .values import Entry, boolean_pair

__all__ = [
    "NEED",
    "TYPE_CELL",
    "embedded_table_entries",
    "flat_table_entries",
    "heading",
    "pipe_table_entries",
]

CK = pp.CaselessKeyword

# Lines of a body an embedded table is looked for in.
MAX_LINES = 4 * MAX_SEGMENTS
# Heading cells read from a heading row: the columns past them have no role.
MAX_COLUMNS = 12

# Every blank ``str.strip`` removes (the ``\s`` of a pattern), line ends too.
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


# ------------------------------------------------------------------------------- tokens

# One line of a body, its outer blanks outside the group ``row`` (``str.strip``'s).
table_line = token("table line", r"(?m)^[^\S\n]*(?P<row>(?:\S(?:[^\n]*\S)?)?)[^\S\n]*$")
# "|---|:--|", "+------+------+", "=====": a rule between rows, never a row. A run of
# dashes is taken whole (possessive), so a long run that is not a rule fails at once.
rule_row = token("rule row", r"[+|]?(?:[-=]{3,}+[+|]?)+")
# "---", ":--": a cell of a rule row the row rule read as a row.
_RULE_CELL = token("rule cell", r"[-:= ]*")
# The bars after a row's last cell: outer bars, they make no cell.
_outer_bars = bare(token("outer bars", r"\|*")).suppress()


def _lead(toks: pp.ParseResults) -> str:
    """The outer bars before a row's first cell make no cell; the cell is its text."""
    return str(toks[0]).lstrip("|").strip()


def _after_bars(toks: pp.ParseResults) -> list[str]:
    """n bars, then a cell: n - 1 empty cells stand between the bars ("a||b")."""
    cell = str(toks[0]).lstrip("|")
    return [""] * (len(toks[0]) - len(cell) - 1) + [cell.strip()]


# A cell is the text between two bars, read without its blanks. A token takes the bars
# before a cell with it (a pyparsing element per bar would double a row's cost): the
# outer bars before the first cell, or the run of bars between two cells, taken whole
# (possessive); a run that ends the text is outer bars.
lead_cell = bare(token("lead cell", r"\|*[^|\n]*")).add_parse_action(_lead)
bar_cell = bare(token("bar cell", r"\|++(?!\Z)[^|\n]*")).add_parse_action(_after_bars)
# The cells of a flat-pipe-table run across line ends (rule rows fall inside them).
flat_lead_cell = bare(token("flat lead cell", r"\|*[^|]*")).add_parse_action(_lead)
flat_bar_cell = bare(token("flat bar cell", r"\|++(?!\Z)[^|]*")).add_parse_action(_after_bars)
# A run of two or more spaces between the columns of an aligned table.
gap = bare(token("gap", r" {2,}")).suppress().set_name("gap")
aligned_cell = bare(token("aligned cell", r"[^ ]+(?: [^ ]+)*")).set_name("aligned cell")


def _at(loc: int, toks: pp.ParseResults) -> tuple[int, str]:
    return loc, str(toks[0])


_located_cell = aligned_cell.copy().set_parse_action(lambda _s, loc, toks: _at(loc, toks))


def _heading_word(word: str) -> pp.ParserElement:
    """A word of a heading, whatever blanks stand before it (the blanks of a pasted cell)."""
    return CK(word).set_whitespace_chars(_SPACES, copy_defaults=False)


# The heading of the key column: "Key", "Name", "TXT record key", "Field name".
key_heading = (
    pp.Opt(_heading_word("txt"))
    + pp.Opt(_heading_word("record"))
    + pp.MatchFirst(
        _heading_word(w + plural)
        for w in ("key", "name", "field", "parameter", "attribute")
        for plural in ("", "s")
    )
    + pp.Opt(_heading_word("name"))
    + pp.StringEnd().set_whitespace_chars(_SPACES, copy_defaults=False)
).set_name("key heading")

# Column headings: what each column of a table holds.
_HEADINGS = {
    "need": token("need heading", r"(?i)requir|mandat|optional|need|presence|req\.?$|^m/o$"),
    "default": token("default heading", r"(?i)default"),
    "type": token("type heading", r"(?i)^(?:value\s+)?(?:type|format|kind|data\s*type)s?$"),
    "values": token(
        "values heading", r"(?i)^(?:allowed\s+|possible\s+|valid\s+)?(?:values?|choices|range)$"
    ),
}
_OTHER_HEADING = token(
    "other heading",
    r"(?i)^(?:description|meaning|notes?|comments?|purpose|contents?|example|unit|usage|remarks?"
    r"|details|explanation|value\s+description)s?$",
)
# The words a Required column (or a slash row) says a key's need with: False is required.
NEED = {
    "yes": False,
    "y": False,
    "required": False,
    "req": False,
    "mandatory": False,
    "m": False,
    "must": False,
    "no": True,
    "n": True,
    "o": True,
    "opt": True,
    "optional": True,
    "may": True,
}
# "ac|battery" under a Format column: the values, not a type.
_BAR_CHOICES = token("bar choices", r"[\w.+-]+(?:[ \t]*\|[ \t]*[\w.+-]+)+")
# A type word opening a cell ("integer", "an IP address"): the cell states a type.
TYPE_CELL = token(
    "type cell",
    r"(?i)(?:an?\s+)?(?:integer|int|u?int\d+|string|str|text|boolean|bool|number|float|decimal"
    r"|hostname|host\s+name|url|uri|uuid|path|version|hex|ip\s+address|mac\s+address)",
)
_LITERAL = token("literal", r"[\w.+-]+")
_EXAMPLE_CELL = token("example cell", r"(?i)\be\.\s?g\.|\bfor\s+example\b|\bsuch\s+as\b")
# A type cell that says more than the type: a fixed value, quoted choices, a default.
_MORE_THAN_TYPE = token(
    "more than type",
    r"(?i)\b(?:always|fixed|default|one\s+of|either)\b|[\"'`][^\"'`]+[\"'`]\s+or\s",
)
_NUMBER_RANGE = token("number range", r"\d\s*(?:-|\.\.)\s*\d")
_PLACEHOLDER_CELL = token("placeholder cell", r"<[^<>]+>")
_NO_VALUE = frozenset({"-", "n/a", "N/A", "\u2014", "(none)", "none"})


def heading(cell: str) -> str | None:
    """The role a heading cell gives its column (need, default, type, values,
    description), or None when the cell is no heading."""
    cell = cell.strip().rstrip(":")
    for role, pattern in _HEADINGS.items():
        if pattern.re.search(cell):
            return role
    return "description" if _OTHER_HEADING.re.match(cell) else None


# A caseless pattern takes "\u0130" for "i" and the Kelvin sign for "k"; ``str.upper``, which
# a caseless keyword compares with, does not: they are read as those letters.
_CASE_FOLDS = str.maketrans({"\u0130": "i", "\u212a": "k"})


@lru_cache(maxsize=256)
def is_key_heading(cell: str) -> bool:
    """Does the cell head the key column ("Key", "Name", "TXT record key", "Field name")?"""
    return key_heading.matches(cell.translate(_CASE_FOLDS))


def _is_heading(text: str) -> bool:
    return heading(text) is not None or is_key_heading(text)


# -------------------------------------------------------------------------------- rules


def _flattened_rows(cells: list[str]) -> list[list[str]]:
    """``| Key | Req | | id | yes | | fw | |``: rows flattened onto one line, each closed by
    an empty cell. With the header's width known, an empty cell inside a row is kept."""
    width = cells.index("") if "" in cells else len(cells)
    rows = [cells[:width]]
    i = width + 1
    while i < len(cells):
        row = cells[i : i + width]
        if i + width < len(cells) and cells[i + width] != "":
            break  # rows of another width: read them the simple way below
        rows.append(row)
        i += width + 1
    else:
        return rows
    rows, cur = [], []
    for c in cells:
        if c:
            cur.append(c)
        elif cur:
            rows.append(cur)
            cur = []
    if cur:
        rows.append(cur)
    return rows


pipe_row = (lead_cell + pp.ZeroOrMore(bar_cell) + _outer_bars + pp.StringEnd()).set_name("pipe row")
flat_pipe_table = (
    flat_lead_cell + pp.ZeroOrMore(flat_bar_cell) + _outer_bars + pp.StringEnd()
).set_name("flat pipe table")
flat_pipe_table.add_parse_action(lambda toks: [_flattened_rows([str(c) for c in toks])])
heading_cell = aligned_cell.copy().add_condition(lambda toks: _is_heading(toks[0]))
heading_cell.set_name("heading cell")
aligned_header = (heading_cell + pp.OneOrMore(gap + heading_cell) + pp.StringEnd()).set_name(
    "aligned header"
)
aligned_row = (_located_cell + pp.ZeroOrMore(gap + _located_cell) + pp.StringEnd()).set_name(
    "aligned row"
)

for _rule in (pipe_row, flat_pipe_table, aligned_header, aligned_row):
    _rule.parse_with_tabs()  # a tab inside a cell stays a tab


def _rows_of(text: str) -> Iterator[str]:
    """The rows a table's lines hold: each line without its outer blanks, blank lines and
    rule rows left out."""
    for line in find_all(table_line, text):
        row = line["row"]
        if row and not rule_row.re.fullmatch(row):
            yield row


def _pipe_cells(row: str) -> list[str]:
    return [str(c) for c in pipe_row.parse_string(row)]


def _aligned_rows(header: list[str], lines: Iterator[str]) -> Iterator[list[str]]:
    """The heading row, then each aligned row with the wrapped lines under it joined to its
    last cell; a row is given once the next one starts (or the lines end)."""
    yield header
    width = len(header)
    row: list[str] | None = None
    for line in lines:
        cells = aligned_row.parse_string(line)
        if len(cells) >= 2:
            if row is not None:
                yield row
            row = [str(text) for _, text in cells[: width - 1]]
            if len(cells) >= width:  # the last column takes the rest of the line
                row.append(line[cells[width - 1][0] :])
        elif row is not None:
            row[-1] += " " + line  # a description wrapped onto the next line
    if row is not None:
        yield row


def _table_rows(text: str) -> Iterator[list[str]] | None:
    """The rows of a table, the heading row first: a pipe-table, a flat-pipe-table or an
    aligned-table (see above); None when the text is none of them."""
    rows = _rows_of(text)
    first = next(rows, None)
    if first is None:
        return None
    if "|" in first:
        second = next(rows, None)
        if second is not None:
            return (_pipe_cells(r) for r in chain((first, second), rows))
        if not text.startswith("|"):
            return None
        rows_on_one_line: list[list[str]] = flat_pipe_table.parse_string(text)[0]
        return iter(rows_on_one_line)
    second = next(rows, None)
    if second is None:
        return None
    try:
        header = [str(c) for c in aligned_header.parse_string(first)]
    except pp.ParseException:
        return None  # an aligned header holds headings only ("Key  Required  Description")
    return _aligned_rows(header, chain((second,), rows))


def _headerless(first: list[str], rows: Iterator[list[str]], body: str) -> list[list[str]] | None:
    """``| ver | protocol version |`` rows with no heading row: two or more rows on their
    own lines, each opening with a key and none a heading; None when they are not."""
    if not body.lstrip().startswith("|") or "\n" not in body.strip():
        return None
    table: list[list[str]] = []
    for row in chain((first,), rows):
        key = row[0].strip("`\"' ") if row else ""
        if len(row) < 2 or not key_like(key) or heading(key) is not None:
            return None
        table.append(row)
    return table if len(table) >= 2 else None


# '"2"': a number or version in quotes, the literal the quotes mark.
_QUOTED_LITERAL = token("quoted literal", r"([\"'])(\d(?:" + _LITERAL.re.pattern + r")?)\1")


def _single_value(cell: str) -> bool:
    """A Values cell holding one literal (``1``): the key's fixed value."""
    return _LITERAL.re.fullmatch(cell) is not None and not _NUMBER_RANGE.re.search(cell)


def _row_entry(row: list[str], key_col: int, roles: dict[int, str | None]) -> Entry | None:
    """The entry of one row: the key cell names it, the other cells say what their
    column's heading says of it."""
    if all(_RULE_CELL.re.fullmatch(c) for c in row):
        return None  # |---|---|
    if len(row) <= key_col:
        return None
    name = row[key_col].strip("`\"' ")
    if not key_like(name):
        return None
    entry = Entry(name)
    rest = []
    defaults = []
    for i, raw in enumerate(row):
        c = raw.strip().replace("`", "")
        if i == key_col or not c or c in _NO_VALUE:
            continue
        role = roles.get(i)
        if role == "need":
            entry.optional = NEED.get(c.lower().rstrip("."))
        elif role == "default":
            defaults.append(f"(default: {c})")
        elif role == "type" and "/" in c and boolean_pair(c.split("/")):
            rest.append(f"(values: {c.replace('/', '|')})")  # "Y/N": the pair, not "km/h"
        elif role == "type" and _BAR_CHOICES.re.fullmatch(c) and not TYPE_CELL.re.match(c):
            rest.append(f"(values: {c})")  # "ac|battery" under "Format": the choices
        elif role == "type" or (role == "values" and TYPE_CELL.re.fullmatch(c)):
            entry.stated = c  # "| epoch | integer |" under "Value" names a type
            if role == "type" and _MORE_THAN_TYPE.re.search(c):
                rest.append(c)  # "integer, always 1", "'a' or 'b'": facts about the value too
        elif role == "values" and _PLACEHOLDER_CELL.re.fullmatch(c):
            entry.placeholder = c[1:-1].strip()  # | dv | <device type> |
        elif role == "values":
            quoted = _QUOTED_LITERAL.re.fullmatch(c)  # | txtvers | "2" |: the quotes mark it
            if quoted and _single_value(quoted[2]):
                entry.value = quoted[2]
            elif _single_value(c):
                entry.value = c
            elif _EXAMPLE_CELL.re.search(c):
                rest.append(c)  # "hex, e.g. 0x1F": a form and a sample, not a list of values
            else:
                rest.append(f"(values: {c})")
        else:
            rest.append(c)
    entry.description.append("; ".join(rest + defaults))
    return entry


def pipe_table_entries(body: str) -> list[Entry] | None:
    """``| Key | Required | Meaning |`` rows, on lines, flattened onto one line, without the
    outer bars, or in aligned columns under a heading row; columns in any order."""
    rows = _table_rows(body.strip())
    first = next(rows, None) if rows is not None else None
    if rows is None or first is None or len(first) < 2:
        return None
    header = first[:MAX_COLUMNS]
    key_col = next((i for i, c in enumerate(header) if is_key_heading(c)), None)
    if key_col is None:
        table = _headerless(first, rows, body)
        if table is None:
            return None
        key_col, header = 0, ["key"] + ["description"] * (len(header) - 1)
        read: Iterator[list[str]] = iter(table[: MAX_KEYS + 1])
    else:
        read = islice(rows, MAX_KEYS)
    roles = {i: heading(c) for i, c in enumerate(header) if i != key_col}
    out = [e for row in read if (e := _row_entry(row, key_col, roles)) is not None]
    return out or None


def embedded_table_entries(body: str) -> list[Entry] | None:
    """A pipe table after other text ("History: ... the record is:" then ``| key | ...``):
    the table block is the first run of lines opening with "|" (or rule rows), two or more,
    after the first line."""
    if body.count("\n") >= MAX_LINES:
        return None
    block: list[re.Match[str]] = []
    for i, line in enumerate(find_all(table_line, body)):
        row = line["row"]
        if row.startswith("|") or (block and rule_row.re.fullmatch(row)):
            if i == 0:
                return None
            block.append(line)
        elif block:
            break
    if len(block) < 2:
        return None
    return pipe_table_entries(body[block[0].start() : block[-1].end()])


# ------------------------------------------------------------- flattened two-column tables

# "Key Description id unique device id fw firmware version ...": a two-column table whose
# cells and rows lost every delimiter. The heading pair opens the body; each row is a key
# then the words describing it. Where a row ends is read from the words: a key is the first
# use of a key-like word, and a key usually abbreviates its own description ("fw firmware
# version", "ip4 IPv4 address"), so the split that makes most rows abbreviations wins.
_flat_key_heading = pp.MatchFirst(
    CK(w) for w in ("key", "keys", "name", "field", "parameter", "attribute")
).set_name("'Key'")
_flat_text_heading = pp.MatchFirst(
    CK(w) for w in ("description", "meaning", "purpose", "notes", "comment", "usage", "explanation")
).set_name("'Description'")
# "Key Value Description", "KEY  VALUE", "Name Type Meaning": other columns' headings.
_flat_value_heading = pp.MatchFirst(
    CK(w)
    for w in ("value", "values", "type", "format", "default", "range", "unit", "units", "example")
).set_name("'Value'")
flat_table_head = (
    pp.StringStart()
    + pp.Optional(CK("txt"))
    + _flat_key_heading
    + ((pp.OneOrMore(_flat_value_heading) + pp.Opt(_flat_text_heading)) | _flat_text_heading)
).set_name("flat table head")
_FLAT_WORD = token("flat word", r"\([^()]*\)|\[[^\[\]]*\]|<[^<>]*>|\S+")
# "name=value" assigns and is no table; "0=idle" inside a description says a value.
_FLAT_BAR = token("flat bar", r"(?:^|\s)\||\|(?:\s|$)")
_FLAT_ASSIGN = token("flat assign", r"[A-Za-z_][\w.-]*\s*=")
_NOT_KEY_CHARS = token("not key chars", r"[^a-z0-9]")
_DIGIT_OR_UNDERSCORE = token("digit or underscore", r"[\d_]")
_NOT_LETTERS = token("not letters", r"[^A-Za-z]")
_WORD_MARKS = token("word marks", r"[\d_.-]")


def _abbreviates(key: str, words: list[str]) -> bool:
    """``fw`` / "firmware version": the key's letters, in order, in its description, its
    first letter opening one of the words."""
    letters = _NOT_KEY_CHARS.re.sub("", key.lower())
    text = _NOT_KEY_CHARS.re.sub("", " ".join(words).lower())
    if not letters or not any(w.lower().lstrip("(\"'").startswith(letters[0]) for w in words):
        return False
    it = iter(text)
    return all(ch in it for ch in letters)


def _flat_key_score(word: str) -> float | None:
    """How likely a word of a flattened table opens a row; None when it cannot."""
    if word[0] in "([<" or not key_like(word) or word.lower() in STOPWORDS:
        return None
    letters = _NOT_LETTERS.re.sub("", word)
    score = 1.0 if _DIGIT_OR_UNDERSCORE.re.search(word) else 0.0
    if letters and ((letters.isupper() and len(letters) > 1) or word[0].isupper()):
        score -= 2.0  # "MAC", "IPv4", "Model": words of a description
    if len(word) > 5 and not _WORD_MARKS.re.search(word):
        score -= 2.0
    return score


def flat_table_entries(body: str) -> list[Entry] | None:
    """Rows of a flattened ``Key Description`` table (see above), or None."""
    text = body.strip()
    if _FLAT_BAR.re.search(text) or "\n" in text or len(text) > 2_000:
        return None  # a "| cell |" bar; "0|1|2" inside a cell lists values
    head = next(flat_table_head.scan_string(text, max_matches=1), None)
    if head is None or _FLAT_ASSIGN.re.search(text):
        return None
    words = _FLAT_WORD.re.findall(text[head[2] :])
    n = len(words)
    if n < 4 or n > 400:
        return None
    seen: dict[str, int] = {}
    can: list[float | None] = []
    for i, w in enumerate(words):
        first = seen.setdefault(w.lower(), i) == i
        can.append(_flat_key_score(w) if first or i == 0 else None)
    if can[0] is None:
        return None
    # best[i]: the best score of rows covering words[i:], a row starting at i; nxt: its end.
    best: list[float] = [float("-inf")] * (n + 1)
    nxt = [n] * (n + 1)
    best[n] = 0.0
    for i in range(n - 2, -1, -1):
        sc = can[i]
        if sc is None:
            continue
        for j in range(i + 2, n + 1):
            if j < n and can[j] is None:
                continue
            row = sc - 1.0 + (3.0 if _abbreviates(words[i], words[i + 1 : j]) else 0.0)
            if best[j] + row > best[i]:
                best[i], nxt[i] = best[j] + row, j
    if best[0] == float("-inf"):
        return None
    out: list[Entry] = []
    i = 0
    while i < n:
        j = nxt[i]
        out.append(Entry(words[i], description=[" ".join(words[i + 1 : j])]))
        i = j
    return out if len(out) >= 2 else None
