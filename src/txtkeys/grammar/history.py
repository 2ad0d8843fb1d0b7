"""Version histories: a body told as the steps of its versions.

"v1 (2019): txtvers, id, name. v2 (2021) adds cap. v3 removes name" lists its keys as
history steps: each a version label, an optional date in brackets, an optional word saying
the step adds or removes keys, and the keys. The keys are the current ones: what the steps
define or add, less what a later step removes. Each piece of the body is a pyparsing rule
built from the tokens below: the rule says where a step ends (``step-break``), which words
open a step, where its keys end (a clause after them, "and drops ..."); a function over its
results computes the current keys. The keys of a step are read by the entry layouts (passed
in: this module never reads entries itself). Words are caseless keywords, and regular
expressions are only tokens (a version label, a date, a step's text, its keys, a break, a
clause). A history is read in its first 3,000 characters, every token is possessive or
bounded by the next break, and none can take its neighbour's text, so time stays linear
in the body.

    version-history = history-sentence , { ";" , history-sentence } ;
                  (* ";" outside brackets and quotes; two steps or more, or one step
                     under a labelled-list *)
    history-sentence = [ step-text ] , { step-break , [ step-text ] } ;
                  (* a step-text that is no history-step is prose, and skipped *)
    step-text   = { any - step-break } ;       (* "e.g." and "." before a letter are its own *)
    step-break  = ( "." | ";" ) , ( blanks | end ) ;          (* not after "e.g", "i.e" *)
    history-step = version-label , [ version-of ] , [ when ] , [ ":" ] , [ "also" ] ,
                  ( removes , [ the-keys ] , removed-keys
                  | [ adds ] , [ the-keys ] , added-keys , [ and-drops , dropped-keys ] ) ,
                  [ step-clause , rest ] ;
    version-label = ( "v" | "version" | "rev" | "revision" | "release" ) , digits ,
                  { "." , digits } ;
    version-of  = "of" , "the" , ( "record" | "format" | "protocol" | "layout" | "profile" ) ;
    when        = "(" , { any - ( "(" | ")" | newline ) } , ")" ;   (* 40 characters at most *)
    adds        = "adds" | "added" | "add" | "introduces" | "defines" | "has" | "uses"
                | "publishes" | "brings" | "with" | "carries" | "contains" | "sends" | ... ;
    removes     = "removes" | "removed" | "drops" | "dropped" | "deprecates" | "retires"
                | "deletes" | "withdraws" | ... ;
    the-keys    = "the" , [ "keys" | "key" ] ;
    removed-keys = { any - step-clause } ;                      (* read as entries *)
    added-keys  = { any - ( step-clause | and-drops ) } ;       (* read as entries *)
    dropped-keys = { any - step-clause } ;                      (* read as entries *)
    and-drops   = "and" , ( "removes" | "drops" | "deprecates" | "retires" | "deletes" | ... ) ,
                  [ "the" , [ "keys" | "key" ] ] ;
    step-clause = [ "," ] , ( "so" | "because" | "since" | "which" | "as" | "and so" ) ;
    labelled-list = ( "v" | "version" | "rev" | "revision" ) , digits , { "." , digits } ,
                  [ "(" , text , ")" ] , ":" ;
"""

from __future__ import annotations

from collections.abc import Callable

import pyparsing as pp

from .tokens import at_start, split_top, token, words
from .values import Entry

__all__ = [
    "adds",
    "and_drops",
    "history_sentence",
    "history_step",
    "removes",
    "step_break",
    "step_clause",
    "version_history_entries",
    "version_label",
]

CK = pp.CaselessKeyword


# A history is read in its first characters; a longer body is no history.
_HISTORY_CHARS = 3_000
# The version label opens the body, in its first characters.
_LABEL_HEAD = 30

# ------------------------------------------------------------------------------- tokens

version_label = token(
    "version label", r"(?i)(?:v|version\s*|rev(?:ision)?\s*|release\s*)\d+(?:\.\d+)*\b"
)
when = token("when", r"\([^()\n]{0,40}\)")
adds = words(
    (
        "adds",
        "added",
        "add",
        "introduces",
        "introduced",
        "defines",
        "defined",
        "has",
        "had",
        "uses",
        "used",
        "publishes",
        "published",
        "brings",
        "brought",
        "with",
        "carried",
        "carries",
        "contained",
        "contains",
        "sent",
        "sends",
        "listed",
    ),
    None,
).set_name("adds")
removes = words(
    (
        "removes",
        "removed",
        "drops",
        "dropped",
        "deprecates",
        "deprecated",
        "retires",
        "retired",
        "deletes",
        "deleted",
        "withdraws",
        "withdrew",
    ),
    None,
).set_name("removes")
# "Version 1 of the record carried ...": what the version label numbers.
version_of = (
    CK("of") + CK("the") + words(("record", "format", "protocol", "layout", "profile"), None)
).set_name("version of")
the_keys = (CK("the") + pp.Opt(CK("keys") | CK("key"))).set_name("the keys")

# ", so current devices send ...", ", because ...": a clause after a step's keys. It
# opens at a comma or at the first blank of a run (a run's later blanks open no clause
# that its first does not).
_CLAUSE_WORD = r"(?:so|because|since|which|as|and\s+so)\s"
step_clause = token("step clause", r"(?i),?\s+" + _CLAUSE_WORD).leave_whitespace()
# "v2 adds a and drops b": the words after which an adding step's keys are dropped ones;
# none of its blanks opens a step clause (a clause ends the keys first).
_DROP_VERB = r"(?:removes|removed|drops|dropped|deprecates|retires|retired|deletes|deleted)"
_NO_CLAUSE = r"(?!\s+" + _CLAUSE_WORD + r")"
and_drops = token(
    "and drops",
    r"(?i)\s+and\s+"
    + _DROP_VERB
    + _NO_CLAUSE
    + r"\s+(?:the"
    + _NO_CLAUSE
    + r"\s+(?:keys?"
    + _NO_CLAUSE
    + r"\s+)?)?",
).leave_whitespace()
# A step's keys: every character up to a step clause (a removing step), or up to a step
# clause or an and-drops (an adding step). Each run of blanks is taken whole.
_KEYS_TEXT = r"(?i)(?:[^\s,]++|,(?!\s+" + _CLAUSE_WORD + r")|\s++(?!" + _CLAUSE_WORD + "{drops}))*+"
removed_keys = token("removed keys", _KEYS_TEXT.format(drops=""))
added_keys = token(
    "added keys", _KEYS_TEXT.format(drops=r"|and\s+" + _DROP_VERB + _NO_CLAUSE + r"\s")
)
dropped_keys = token("dropped keys", _KEYS_TEXT.format(drops="")).leave_whitespace()
_rest = token("rest", r"[\s\S]*").leave_whitespace()
# The end of a step: a "." or ";" before blanks or the end (not that of "e.g.", "i.e."),
# and the blanks after it.
step_break = token("step break", r"(?<!e\.g)(?<!i\.e)[.;]\s*").leave_whitespace()
# The text of a step: up to its break ("e.g." and a "." before a letter are its own).
step_text = token(
    "step text", r"(?:[^.;]++|(?<=e\.g)[.;]|(?<=i\.e)[.;]|[.;](?=\S))++"
).leave_whitespace()
# "v2: id, fw": a body that opens with a labelled list.
labelled_list = token(
    "labelled list", r"(?i)^(?:v|version\s*|rev(?:ision)?\s*)\d+(?:\.\d+)*\s*(?:\([^()]*\))?\s*:"
)

# -------------------------------------------------------------------------------- rules

# A step's keys follow its words; there is text after them (a step names keys).
_removal = removes("removes") + pp.Opt(the_keys) + ~pp.StringEnd() + removed_keys("keys")
_addition = (
    ~removes
    + pp.Opt(adds)("adds")
    + pp.Opt(the_keys)
    + ~pp.StringEnd()
    + added_keys("keys")
    + pp.Opt(and_drops + dropped_keys("dropped"))
)
history_step = (
    version_label("version")
    + pp.Opt(version_of).suppress()
    + pp.Opt(when)("when")
    + pp.Opt(pp.Suppress(":"))
    + pp.Opt(CK("also"))
    + (_removal | _addition)
    + pp.Opt(step_clause + _rest).suppress()
).set_name("history step")
# One piece of the body between ";"s: step texts cut at step breaks.
history_sentence = (
    pp.Opt(step_text) + pp.ZeroOrMore(step_break.suppress() + pp.Opt(step_text))
).set_name("history sentence")
history_sentence.leave_whitespace(recursive=False)
# A step's tabs are read to the step's own tab stops (history_step expands them): steps
# were always read one at a time, from their first letter.
history_sentence.parse_with_tabs()


# Steps read from one history: each reads its keys with the whole entry chain (about a
# millisecond), and a real history has a handful; past this many the rest is not read.
MAX_STEPS = 32


def _steps(text: str) -> list[pp.ParseResults]:
    """The first ``MAX_STEPS`` history steps of a body, in order (the texts that are steps)."""
    out: list[pp.ParseResults] = []
    for sentence in split_top(text, ";"):
        for part in history_sentence.parse_string(sentence, parse_all=True):
            try:
                out.append(history_step.parse_string(str(part).strip(), parse_all=True))
            except pp.ParseException:
                continue  # prose between the steps
            if len(out) >= MAX_STEPS:
                return out
    return out


def version_history_entries(body: str, read: Callable[[str], list[Entry]]) -> list[Entry] | None:
    """The current keys of a body told as version steps (see above), or None. ``read``
    reads the entries of a step's keys."""
    text = body.strip()
    if at_start(version_label, text[:_LABEL_HEAD]) is None or len(text) > _HISTORY_CHARS:
        return None
    current: list[Entry] = []
    steps = 0
    for step in _steps(text):
        found = read(str(step["keys"]).strip(" ."))
        if not found or any(" " in e.name for e in found):
            continue
        steps += 1
        names = {e.name for e in found}
        if "removes" in step:
            current = [e for e in current if e.name not in names]
        else:
            current += [e for e in found if e.name not in {c.name for c in current}]
        dropped = str(step["dropped"]) if "dropped" in step else ""
        if dropped.strip():  # "adds a and drops b"
            gone = {e.name for e in read(dropped.strip(" ."))}
            current = [e for e in current if e.name not in gone]
    if steps == 1 and current and labelled_list.re.match(text) and "." not in text.rstrip(". "):
        return current  # "v2: id, fw": one list under a version label
    return current if steps >= 2 and current else None
