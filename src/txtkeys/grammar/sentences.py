"""Sentences about keys: clauses that each open with a key, and sentences that hold keys.

Two layouts read keys from plain sentences. In subject keys every clause opens with a key
and a verb about it ("vol is the current volume between 0 and 31; mute is present when
muted"), also as a chain of relative clauses ("Each instance publishes ver which is ...,
then cap which is ..., and finally sec which tells ..."). In a holder sentence a subject
that holds keys names them in a list after its verb ("The record has up, gw and dns.",
"It contains uid, which is the display name, and canvas"). Each is read by pyparsing rules
built from the tokens below: ``subject-clause`` says what is subject, verb and what is
said of a clause; ``holder-sentence`` what is holder, holding verb and the list held;
``held-item`` what each item of that list is (a key, a description naming its key, other
words). A function over the results builds the entries. Regular expressions are only
tokens (a subject, a verb phrase, a clause's words, a chain's joints, an item's form).

A subject is one token: its optional parts (a "Note:" label, "the", "if", quotes, an
``=value``, the word "key") give way when the verb can follow only without them ("the key
is ..." has the subject "key"), which a token does in one pass and pyparsing's optional
elements (that never give back what they took) do not. The words of verbs, leads and
appositives are matched case-insensitively up to a word boundary, inside their tokens,
as they always were: a caseless keyword reads otherwise a "$" after a word or a non-ASCII
letter in or after it ("İs").

The rules are tried on every clause of a body (up to 128) and every item of a list (up
to a few hundred), where a pyparsing call per element would cost fifty times what the
text's tokens cost; each rule is therefore matched as ``tokens.compiled`` makes it, one
pattern that reads exactly as the rule does (an atomic group for each element, a named
group for each results name). A body's clauses are walked with the ``clause-text``
token's own pattern (as ``lines.py`` walks lines), a holder body's sentences with the
``holder-break`` token's, and a list's items are cut by ``split_top`` and the
``item-joiner`` token. At most ``MAX_SEGMENTS`` clauses and 32 holder sentences (of a
body of at most 3,000 characters) are read, each once, so time stays linear in the body.

    subject-keys  = [ chain-lead ] , [ clause-gap ] , clause-text ,
                    { clause-gap , clause-text } ;
                  (* at most MAX_SEGMENTS clauses; two or more subject clauses, each naming
                     a key: a short lower-case word or an upper-case code, not a stop word,
                     a clause word ("if", "when", ...) or "key", "value", "record", ...,
                     and not before a ":" mark. A first clause that is no subject clause
                     and mentions keys ("Each record carries three keys.") opens them;
                     another clause naming no key goes on about the key before it after a
                     ";", else it is prose: a few are allowed among three or more subject
                     clauses of a body of at most 2,000 characters. A clause opening with a
                     clause word on a key already named is a note on it, skipped *)
    clause-gap    = { blank | ";" | chain-step | comma-step } ;
                  (* chain steps only in a body that has one; a ";" in the gap after its
                     last line end, or a chain step, makes the next clause go on *)
    clause-text   = word , { line-blanks , word } ;
                  (* word: no blank and no ";"; no blanks after a word ending in "." *)
    chain-lead    = words , ( "publishes" | "advertises" | "sends" | "carries" | "includes"
                  | "contains" | "announces" | "exposes" | "provides" | ... ) ;
                  (* at the body's start, before a key and "which" / "that" *)
    chain-step    = ( "," | blank ) , [ "and" ] , ( "then" | "finally" | "lastly" | "next" ) ;
                  (* before a key and "which" / "that" *)
    comma-step    = "," , [ "and" ] , & ( key-word , verb ) ;
                  (* "vol is ..., src is ..., and ver is ...": two such steps at least, the
                     body opening with a subject clause *)
    subject-clause = subject , subject-verb , said ;
    subject       = [ ( "note" | "notes" ) , ":" ] ,
                    [ "note on" | "the" , [ "key" ] | ( "if" | "when" | "while" | "unless" ) ,
                      [ "the key" ] ] ,
                    [ quote ] , key-name , [ quote ] , [ "=" , short-value ] , [ "key" ] ;
                  (* one token, followed by a subject-verb *)
    subject-verb  = verb-phrase | subject-mark ;
    verb-phrase   = [ "which" | "that" ] , ( "is" | "are" | "gives" | "holds" | "carries"
                  | "contains" | "shows" | "reports" | "says" | "means" | "tells" | "lists"
                  | "defaults" | "must" | "may" | "can" | "should" | "uses" | "takes" | ... ) ;
    subject-mark  = ":" | "=" ;                  (* a ":" makes no subject clause *)
    said          = { any } ;          (* after a modal ("must", "may", ...) with the verb *)
    not-a-key     = ( "is" | "are" ) , "not" , [ "a" | "an" ] , [ "txt" ] , ( "key" | "keys"
                  | "recognised" | "valid" | "accepted" | ... )
                  | quote , ( "is" | "are" ) , ( "not" | "never" ) , ( "used" | "sent" | ... )
                  | "has" , [ "since" ] , "been" , ( "removed" | "dropped" | ... )
                  | ( "is" | "are" ) , "reserved for" , ( "future" | "later" ) | ... ;
    denied-key    = key-name ;
                  (* dropped when every clause quoting it (or, when none does, naming it)
                     holds a not-a-key phrase; clauses end at a sentence end, a ";" or a ","
                     before "and", "but", "while", ... *)
    holder-sentences = holder-sentence , { holder-break , holder-sentence } ;
                  (* at most 32 sentences of a body of at most 3,000 characters, with no '"',
                     "`", "<" and no "=" outside brackets; a sentence that is no
                     holder-sentence is skipped; a sentence's keys count when it names two
                     or more, or after one that did ("... It also carries owner.") *)
    holder-break  = ( "." | "!" | "?" ) , blanks | newline , { newline } ;
                  (* not a "." inside brackets: "(fw, e.g. 4.1)" *)
    holder-sentence = holder-subject , holds-verb , held-text ;
                  (* no ":" outside brackets in the sentence *)
    holder-subject = { any } ;
                  (* up to the first holds-verb: at most 100 characters and eight words *)
    holds-verb    = ( "holds" | "hold" | "has" | "have" | "contains" | "carries" | "includes"
                  | "publishes" | "sends" | "advertises" | "announces" | "lists" | "exposes"
                  | "provides" | "puts" | ... ) ,
                    [ "only" | "just" ] , [ "the" ] , [ [ "txt" ] , ( "key" | "keys" ) ] ;
                  (* before a letter, "_" or a quote *)
    held-text     = held-part , { "," , held-part } , [ "." | "!" | "?" ]
                  | held-group , ";" , held-group , { ";" , held-group } ;
    held-group    = [ "and" | "or" ] , key-name , [ "," , text ] ;
                  (* "zones, the number of zones; rain, which is present ...; and tz, the
                     zone"; a holder sentence of one key counts beside one of two or more *)
                  (* "," outside brackets and quotes *)
    held-part     = [ ( "and" | "or" ) ] , held-item , { item-joiner , held-item } ;
    item-joiner   = "and" | "&" ;   (* lower case, between blanks, not inside brackets *)
    held-item     = held-key | named-after | named-as | item-words ;
                  (* an item-words or held-key item that opens with an appositive, after
                     a key, says that key; an item-words, or a key that is no key-like
                     name or is a stop word ("a", "the", "it", "is", ...), ends the list
                     and the sentence names no key *)
    held-key      = [ quote ] , key-name , [ quote ] , [ "(" , description , ")" ] ;
    named-after   = description , "(" , key-name , [ ( "," | ":" | ";" | "=" ) , values ] ,
                    ")" ;
    named-as      = description , ( "as" | "under" | "in" , [ "the" ] , "key" ) , [ quote ] ,
                    key-name , [ quote ] ;            (* the words in lower case *)
    appositive    = ( "the" | "a" | "an" | "which" | "who" | "whose" | "that" | "its"
                  | "their" | "holding" | "giving" | "naming" ) , words ;
    item-words    = { any } ;
"""

from __future__ import annotations

import re

from .tokens import (
    CLAUSE_WORDS,
    KEY_CHARS,
    MAX_SEGMENTS,
    NOT_SUBJECTS,
    STOPWORDS,
    bare,
    compiled,
    find,
    key_like,
    mentions_keys,
    split_top,
    token,
)
from .values import Entry

__all__ = [
    "appositive",
    "chain_lead",
    "chain_step",
    "clause_text",
    "held_item",
    "held_key",
    "held_text",
    "holder_break",
    "holder_entries",
    "holder_sentence",
    "holder_subject",
    "holds_verb",
    "item_joiner",
    "item_words",
    "named_after",
    "named_as",
    "not_a_key",
    "not_denied",
    "predicate",
    "said",
    "subject",
    "subject_clause",
    "subject_key",
    "subject_keys",
    "subject_mark",
    "subject_verb",
    "subjects_over",
    "verb_phrase",
]

# ------------------------------------------------------------------------------- subjects

# The verbs of a subject clause ("fw is ...", "mode defaults to ...", "sec tells ...").
_SUBJECT_VERBS_TEXT = (
    "is are gives holds carries contains shows reports says means tells lists defaults must "
    "may can should uses takes stays becomes indicates names identifies specifies denotes "
    "selects states signals encodes stores records counts marks"
)
_VERB_PHRASE = r"\s+(?:(?:which|that)\s+)?(?:" + "|".join(_SUBJECT_VERBS_TEXT.split()) + r")\b"
_SUBJECT_MARK = r"\s*:\s|\s+=\s"
# "fw", "Note on fmt", "if tls", "The mode", "the key mode", '"tls"', "tls=1", "mode key".
subject = bare(
    token(
        "subject",
        r"(?i)\s*(?:notes?\s*:\s*)?(?:note\s+on\s+|the\s+(?:key\s+)?"
        r"|(?:if|when|while|unless)\s+(?:the\s+key\s+)?)?"
        r"[\"'`]?(?P<key>" + KEY_CHARS + r")[\"'`]?(?:=[^\s=]{1,20})?(?:\s+key)?"
        r"(?=" + _VERB_PHRASE + "|" + _SUBJECT_MARK + ")",
    )
)
# "is", "which is", "defaults", "must": a verb after the subject (one token: the words
# between are blanks).
verb_phrase = bare(token("verb phrase", r"(?i)" + _VERB_PHRASE))
# "fmt: either cbor or json", "tls = 1 means ...".
subject_mark = bare(token("subject mark", _SUBJECT_MARK))
# A verb phrase opens with blanks and a letter, a mark with ":" or with blanks and "=":
# at most one of them follows a subject.
subject_verb = (verb_phrase | subject_mark).set_name("subject verb")
said = bare(token("said", r"[\s\S]*"))
subject_clause = (subject + subject_verb("verb") + said("said")).set_name("subject clause")
subject_clause.parse_with_tabs()  # a clause is read as written
_SUBJECT_CLAUSE = compiled(subject_clause)

# A verb saying what the subject is: the predicate is what follows it.
_COPULA = token("copula", r"(?i)\s*:\s|\s+(?:is|are)")
# "proto must be 2": the modal stays with what is said.
_MODAL = token("modal", r"(?i)\s+(?:must|may|can|should)\b")
# A subject clause's key: a short lower-case word or an upper-case code, none of these.
_KEY_WORD = token("key word", r"[a-z][a-z0-9_]{0,15}|[A-Z0-9_]{2,16}")
_NO_KEY_WORDS = STOPWORDS | CLAUSE_WORDS | NOT_SUBJECTS
_CLAUSE_OPENERS = tuple(sorted(CLAUSE_WORDS))


def subject_key(sentence: str) -> str | None:
    """The key a sentence opens with ("fw is the firmware version": fw), or None."""
    found = _SUBJECT_CLAUSE.match(sentence)
    return found["key"] if found and found["key"].lower() not in STOPWORDS else None


def predicate(sentence: str) -> str:
    """What a sentence says of its subject: "units is metric or imperial" -> "metric or
    imperial"; other verbs ("defaults to 5") keep the whole sentence."""
    found = _SUBJECT_CLAUSE.match(sentence)
    if found and _COPULA.re.fullmatch(found["verb"]):
        return found["said"].strip()
    return sentence.strip()


# --------------------------------------------------------------------------- subject keys

# The words of one clause: no ";", no line end, and no blank after a word ending in "."
# (a sentence ends there).
clause_text = token("clause text", r"[^\s;]++(?:(?<!\.)[^\S\n]++(?=[^\s;])[^\s;]++)*+")
# "Each instance publishes ver which is ..., then cap which is ..., and finally sec which
# tells ...": keys named one after another, each with a relative clause about it.
chain_lead = token(
    "chain lead",
    r"(?i)^[^,;:\n=<>\"`()]{0,80}?\b(?:publish(?:es)?|advertises?|sends?|carr(?:ies|y)|includes?"
    r"|contains?|announces?|exposes|provides)\s+(?=" + KEY_CHARS + r"\s+(?:which|that)\s)",
)
# (?<![\s,]) / (?<!\s): a match starts where a run of blanks starts, never inside it, so
# a long run (brackets masked to blanks) is not tried again at each of its positions.
chain_step = token(
    "chain step",
    r"(?i)(?:,|(?<![\s,]))\s+(?:and\s+)?(?:then|finally|lastly|next)\s+(?="
    + KEY_CHARS
    + r"\s+(?:which|that)\s)",
)
# ", src is ...", ", and ver is ...": a comma before a clause that opens with a key.
_COMMA_STEP = token(
    "comma step",
    r"(?i),\s+(?:and\s+)?(?=[a-z][a-z0-9_]{0,15}" + _VERB_PHRASE + r")",
)
# A body is read as a list of subject clauses up to this many characters when prose
# stands among the clauses.
_SUBJECTS_WITH_PROSE = 2_000


def _clauses(body: str) -> tuple[list[tuple[str, bool]], int]:
    """The first ``MAX_SEGMENTS`` clauses of a body, each with whether it goes on after a
    ";" (or a chain step) in its sentence, and the length of the body as read (a chain's
    lead gone, each step a "; ")."""
    start, length = 0, len(body)
    steps: list[tuple[int, int]] = []
    if chain_step.re.search(body):
        lead = chain_lead.re.match(body)
        start = lead.end() if lead else 0
        steps = [m.span() for m in chain_step.re.finditer(body, start)]
        length -= start + sum(end - begin - 2 for begin, end in steps)
    elif "," in body and _COMMA_STEP.re.search(body):
        # "vol is the volume, src is the source, and ver is the version": clauses joined
        # by commas, each opening with a key and a verb about it (two such joins at least)
        joins = [m.span() for m in _COMMA_STEP.re.finditer(body)]
        if len(joins) >= 2 and _SUBJECT_CLAUSE.match(body):
            steps = joins
            length -= sum(end - begin - 2 for begin, end in steps)
    out: list[tuple[str, bool]] = []
    begins = [start] + [end for _, end in steps]
    ends = [begin for begin, _ in steps] + [len(body)]
    for piece, (begin, end) in enumerate(zip(begins, ends, strict=True)):
        last = begin
        for m in clause_text.re.finditer(body, begin, end):
            if len(out) >= MAX_SEGMENTS:
                return out, length
            start, stop = m.span()
            gap = body[last:start]  # blanks and ";" only: after a ";" of its line
            stepped = piece > 0 and last == begin  # the first clause after a chain step
            goes_on = (";" in gap and ";" in gap.rpartition("\n")[2]) or stepped
            out.append((m.group(), goes_on))
            last = stop
    return out, length


def subject_keys(body: str) -> list[Entry]:
    """``vol is the current volume between 0 and 31; mute is present when muted``: every
    clause opens with a short lower-case key and a verb about it."""
    clauses, length = _clauses(body)
    if clauses and find(mentions_keys, clauses[0][0]) and not _SUBJECT_CLAUSE.match(clauses[0][0]):
        clauses = clauses[1:]  # "Each record carries three keys." opens the clauses
    out: list[Entry] = []
    other = 0
    for clause, after_semicolon in clauses:
        found = _SUBJECT_CLAUSE.match(clause)
        name = found["key"] if found and ":" not in found["verb"] else None
        if (
            not found
            or not name
            or not _KEY_WORD.re.fullmatch(name)
            or name.lower() in _NO_KEY_WORDS
        ):
            if after_semicolon and out:  # "ro takes T or F; when it is missing ...": goes on
                out[-1].description.append(clause)
                continue
            # a sentence of prose between them ("No other keys are sent.") says no key
            other += 1
            if length > _SUBJECTS_WITH_PROSE:
                return []  # a long body with prose among its clauses is no list of them
            continue
        if clause.lower().startswith(_CLAUSE_OPENERS) and any(e.name == name for e in out):
            continue  # "if speed is missing ...": a condition on a key already named
        verb = found["verb"]
        text = (verb if _MODAL.re.match(verb) else "") + found["said"]
        out.append(Entry(name, description=[text.strip()] if text.strip() else []))
    if other and (len(out) < 3 or other > len(out)):
        return []  # mostly prose: a few subject clauses do not make a list of keys
    return out if len(out) >= 2 else []


def subjects_over(body: str, prose: list[Entry]) -> list[Entry]:
    """Sentences that each open with a key (``subject_keys``), when every quoted word read as
    a key stands inside one of their descriptions: the quoted words are values of those keys."""
    subjects = subject_keys(body)
    if len(subjects) < 3:
        return []
    said = " ".join(d for e in subjects for d in e.description)
    named = {e.name for e in subjects}
    inside = [e for e in prose if e.name not in named]
    if inside and all(re.search(rf"[\"'`]{re.escape(e.name)}[\"'`]", said) for e in inside):
        return subjects
    return []


# ------------------------------------------------------------------------------- denials

# A sentence that says the words it quotes are not keys.
not_a_key = token(
    "not a key",
    r"(?i)\b(?:is|are)\s+not\s+(?:an?\s+)?(?:txt\s+)?(?:keys?\b|recogni[sz]ed|valid\b|accepted"
    r"|understood|part\s+of\s+the\s+txt)|\bnot\s+an?\s+(?:txt\s+)?key\b"
    # 'the key "pw" is NOT used;', '"dbg" is never sent.': named only to be ruled out
    r"|[\"'`]\s+(?:is|are)\s+(?:not|never)\s+(?:used|sent|set|published|defined)\s*(?:[.;,]|$)"
    # a key withdrawn or held back: 'has since been removed', 'are reserved for future ...'
    r"|\b(?:has|have)\s+(?:since\s+|now\s+)?been\s+(?:removed|dropped|withdrawn|retired)\b"
    r"|\b(?:is|are)\s+reserved\s+for\s+(?:future|later)\b"
    r"|\bmust\s+not\s+be\s+(?:published|sent|advertised)\b"
    # a key of another service named in passing: 'used by _x', 'is unrelated to this service'
    r"|\bused\s+by\s+_[a-z0-9][\w-]*|\b(?:is|are)\s+(?:unrelated|not\s+related)\s+to\b"
    r"|\b(?:is|are)\s+not\s+repeated\b"
    # 'unlike _x, we do not carry "a" or "b"': keys this service leaves out
    r"|\b(?:do|does|will)\s*(?:not|n't)\s+(?:carry|include|publish|send|advertise|use)\s+"
    r"(?:the\s+)?(?:keys?\s+)?[\"'`]",
)
# Where a clause ends: a sentence end, a ";", or a "," before a joining word.
_CLAUSE_END = token(
    "clause end", r"(?<=[.!?])\s+|;|,\s+(?=(?:and|but|while|whereas|though|although)\s)"
)


def not_denied(found: list[Entry], body: str) -> list[Entry]:
    """The keys named somewhere other than in a clause denying they are keys.

    Clauses, not sentences, are judged: a sentence may bring a key in with one clause and
    say in another, after a semicolon, that it is left out in some case; the key stays
    unless every clause that names it denies it."""
    clauses = _CLAUSE_END.re.split(body)[:MAX_SEGMENTS]
    kept = []
    for entry in found:
        quoted = [s for s in clauses if any(f"{q}{entry.name}{q}" in s for q in "\"'`")] or [
            s for s in clauses if entry.name in s
        ]
        if not quoted or not all(not_a_key.re.search(s) for s in quoted):
            kept.append(entry)
    return kept


# ------------------------------------------------------------------------ holder sentences

# "The record has up, gw and dns.", "After setup it holds site, the site name, and ncam,
# the number of cameras.", "It contains uid, which is the display name, and canvas": a
# sentence whose subject holds keys names them in a list after its verb; an item opening
# with an article or "which" is an appositive describing the key before it.
_HOLDS = (
    r"\b(?:holds?|has|have|contains?|carr(?:y|ies)|includes?|publish(?:es)?|sends?"
    r"|advertises?|announces?|lists|exposes?|provides?|puts?)\s+(?:only\s+|just\s+)?(?:the\s+)?"
    r"(?:(?:txt\s+)?keys?\s+)?(?=[A-Za-z_`\"'])"
)
holds_verb = bare(token("holds verb", r"(?i)" + _HOLDS))
# Before the verb: the holder ("The record", "it", "the advertiser", "our app X"), up to
# the first holding verb of the sentence.
holder_subject = bare(token("holder subject", r"(?i)[\s\S]{0,100}?(?=" + _HOLDS + ")"))
held_text = bare(token("held text", r"[\s\S]*"))
holder_sentence = (holder_subject("subject") + holds_verb + held_text("held")).set_name(
    "holder sentence"
)
holder_sentence.parse_with_tabs()  # a sentence is read as written
_HOLDER_SENTENCE = compiled(holder_sentence)
# A holder names no more than a few words.
_HOLDER_WORDS = 8

# Sentences of a holder body: at a sentence end outside brackets, or at line ends.
holder_break = token("holder break", r"(?<=[.!?])\s+(?![^()\n]*\))|\n+")
# Between two items of one part of the list ("up and gw", "a & b"), or before the first.
item_joiner = token("item joiner", r"^\s*(?:and|or)\s+|\s+(?:and|&)\s+(?![^()]*\))")
# '"site"', "fw (firmware version)": a key, maybe quoted, maybe with a description.
held_key = bare(
    token(
        "held key",
        r"[`\"']?(?P<key>" + KEY_CHARS + r")[`\"']?(?:\s*\((?P<desc>[^()]*)\))?\Z",
    )
)
# A description naming its key in parentheses after it: "the number of free slots (fs)".
named_after = bare(
    token(
        "named after",
        r"(?P<after_desc>[A-Za-z][^()]{2,80}?)\s*\((?P<after_key>"
        + KEY_CHARS
        + r")(?:\s*[,:;=]\s*(?P<after_values>[^()]{1,60}))?\)\Z",
    )
)
# "the gateway id as gw", "the model under mdl": a description, then the key it goes in.
named_as = bare(
    token(
        "named as",
        r"(?P<as_desc>[A-Za-z][^()]{2,80}?)\s+(?:as|under|in\s+(?:the\s+)?key)\s+[\"'`]?"
        r"(?P<as_key>" + KEY_CHARS + r")[\"'`]?\Z",
    )
)
item_words = bare(token("item words", r"[\s\S]+"))
held_item = (
    held_key("held") | named_after("named_after") | named_as("named_as") | item_words("words")
).set_name("held item")
held_item.parse_with_tabs()  # an item is read as written
_HELD_ITEM = compiled(held_item)
# "the site name", "which is the display name": says the key before it.
appositive = token(
    "appositive", r"(?i)^(?:the|a|an|which|who|whose|that|its|their|holding|giving|naming)\b"
)
# Words that end a holder's list when read as a key.
_NOT_LISTED_TEXT = (
    "a an the and or of to in on at by for with from it its this that these those we they "
    "which who is are be"
)
_NOT_LISTED = frozenset(_NOT_LISTED_TEXT.split())
# "(CHG = Y / N)": a value said in brackets.
_BRACKETED = token("bracketed", r"\([^()]*\)")
# A holder body is at most this long and read in its first sentences.
_HOLDER_CHARS = 3_000
_HOLDER_SENTENCES = 32


_LEAD_AND = token("lead and", r"^\s*(?:and|or)\s+")
_LONE_HELD = token("lone held", r"[`\"']?(?P<key>" + KEY_CHARS + r")[`\"']?")


def _held(listed: str) -> list[Entry]:
    """The keys of a holder's list (``up, gw and dns``), or none when an item is no key."""
    out: list[Entry] = []
    if ";" in listed:  # "zones, the number of zones; rain, which is ...; and tz, the zone"
        for group in split_top(listed, ";"):
            head, _, rest = group.strip().partition(",")
            lone = _LONE_HELD.re.fullmatch(_LEAD_AND.re.sub("", head).strip())
            if lone is None or lone["key"].lower() in _NOT_LISTED:
                return []  # each part opens with its key alone, then what is said of it
            out.append(Entry(lone["key"], description=[rest.strip()] if rest.strip() else []))
        return out
    for part in split_top(listed, ","):
        for raw_item in item_joiner.re.split(part):
            item = raw_item.strip()
            if not item:
                continue
            found = _HELD_ITEM.match(item)
            assert found is not None  # item-words reads any text
            form = found.lastgroup  # the results name of the alternative read
            if form == "named_after":
                name, said = found["after_key"], found["after_desc"]
                said += f" ({found['after_values']})" if found["after_values"] else ""
            elif form == "named_as":
                name, said = found["as_key"], found["as_desc"]
            else:
                name = said = None
            if out and name is None and appositive.re.match(item):
                out[-1].description.append(item)
                continue
            if name is not None and key_like(name) and name.lower() not in _NOT_LISTED:
                # "its protocol version (pv)", "whether guests are allowed (ga, 0 or 1)"
                out.append(Entry(name, description=[said] if said is not None else []))
                continue
            key = found["key"] if form == "held" else None
            if key is None or not key_like(key) or key.lower() in _NOT_LISTED:
                return []
            out.append(Entry(key, description=[found["desc"]] if found["desc"] else []))
    return out


def holder_entries(body: str) -> list[Entry] | None:
    """Keys listed after the verb of a sentence about what holds them (see above)."""
    if len(body) > _HOLDER_CHARS or "<" in body or "`" in body or '"' in body:
        return None  # quoted keys in prose are read by prose-keys
    if "=" in _BRACKETED.re.sub("", body):
        return None
    held: list[Entry] = []
    several = False  # a sentence named two keys or more
    for sentence in holder_break.re.split(body)[:_HOLDER_SENTENCES]:
        if not find(holds_verb, sentence):
            continue  # no holding verb: the rule is not tried
        found = _HOLDER_SENTENCE.match(sentence)
        if not found or len(found["subject"].split()) > _HOLDER_WORDS:
            continue
        if ":" in sentence and ":" in _BRACKETED.re.sub("", sentence):
            continue
        out = _held(found["held"].rstrip(" .!?"))
        # "publishes role, which is ... . A replica also publishes upstream, ... and lag":
        # a sentence of one key counts beside one of two or more
        held += [e for e in out if e.name not in {h.name for h in held}]
        several = several or len(out) >= 2
    return held if several and len(held) >= 2 else None
