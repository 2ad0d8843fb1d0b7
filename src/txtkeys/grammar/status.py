"""The marker, the status lead of a body, history sentences, references and subtypes.

    marker      = "Defined" , "TXT" , [ "record" | "-" ] , ( "keys" | "key" ) ,
                  [ ":" | "=" | dash ] ;
    status-lead = none-lead | proprietary-lead | unspecified-lead | reference-lead ;

A lead is parsed only at the start of a body (``parse_string`` without ``parse_all``);
what follows it decides whether keys still come (``None`` then key lines).
"""

from __future__ import annotations

import re

import pyparsing as pp

from ..schema.kinds import NoteStatus
from .tokens import (
    DOCUMENTED,
    MARKER_CLOSE,
    MARKER_WORDS,
    STOPWORDS,
    URL_RE,
    documented_verb,
    token,
    url,
)

__all__ = [
    "cut_history",
    "document_name",
    "has_prose",
    "kept_back",
    "lead_status",
    "marker",
    "none_lead",
    "proprietary_lead",
    "proprietary_word",
    "reference_lead",
    "references",
    "subtypes",
    "unspecified_lead",
]

CK = pp.CaselessKeyword

# "TXT record keys" and "TXT-keys" are the same marker worded a little differently; one
# token, as it is searched for anywhere in a note (after "[rfc7030]. " and the like).
marker = pp.Regex(
    r"(?i)" + MARKER_WORDS + r"\b(?:\s*\([^()\n]{0,80}\))?" + MARKER_CLOSE + r"?"
    r"|^\s*(?:txt(?:\s+record)?\s+)?keys?\s*:"
).set_name("'Defined TXT keys:'")

_keys_word = (CK("keys") | CK("key")).set_name("'keys'")
_txt_keys = (
    (pp.Opt(CK("any")) + pp.Opt(CK("txt")) + pp.Opt(CK("record")) + _keys_word)
    | (  # "does not use TXT records", "does not use a TXT record"
        pp.Opt(CK("any") | CK("a") | CK("an")) + CK("txt") + (CK("records") | CK("record"))
    )
).set_name("'TXT keys'")
# "the record", "this service", "the device": what may hold keys
_holder = (
    pp.Opt(CK("the") | CK("this") | CK("its") | CK("our"))
    + pp.Opt(CK("txt"))
    + (CK("record") | CK("service") | CK("device") | CK("protocol") | CK("advertisement"))
).set_name("'the record'")
_holds = pp.MatchFirst(
    CK(w) for w in ("contains", "has", "carries", "holds", "defines", "uses", "publishes", "sends")
).set_name("'contains'")
_dash = pp.Regex(r"[-\u2013\u2014]{1,3}").set_name("dash")
_now = (CK("currently") | CK("presently") | CK("at") + CK("present")).set_name("'currently'")
_no_word = (
    CK("none")
    | CK("empty")
    | CK("nothing")
    | CK("nil")
    | CK("null")
    | CK("keine")
    | CK("aucune")
    | CK("aucun")
    | CK("ninguna")
    | CK("ninguno")
    | CK("nessuna")
).set_name("'none'")
# "we don't use any TXT key", "this service does not define TXT keys", "it uses no keys"
_doer = (
    CK("we") | CK("it") | CK("this") + pp.Opt(CK("service") | CK("protocol") | CK("device"))
).set_name("'we'")
_does_not = (
    (CK("do") | CK("does") | CK("will") | CK("shall")) + CK("not")
    | pp.Regex(r"(?i)(?:don'?t|doesn'?t|won'?t)\b")
).set_name("'does not'")
none_lead = (
    (pp.Opt(pp.one_of("( [ \" ' `")) + pp.Opt(_dash) + pp.Opt(_now) + _no_word)
    | (_holder + _holds + (CK("no") | CK("zero")) + _txt_keys)  # "The record contains no keys"
    | (  # "intentionally empty", "left blank on purpose"
        (CK("intentionally") | CK("deliberately") | CK("left") | CK("always"))
        + (CK("empty") | CK("blank"))
    )
    | (
        _doer
        + _does_not
        + (
            CK("use")
            | CK("define")
            | CK("need")
            | CK("publish")
            | CK("send")
            | CK("set")
            | CK("have")
        )
        + pp.Opt(CK("any"))
        + _txt_keys
    )
    | (  # "we don't define any.", "it does not use any": the keys are understood
        _doer
        + _does_not
        + (CK("use") | CK("define") | CK("need") | CK("publish") | CK("send") | CK("have"))
        + CK("any")
        + (pp.one_of(". ; ! ,") | pp.StringEnd())
    )
    | pp.Regex(  # "this service does not use the TXT record for anything", "... at all."
        r"(?i)(?:(?:this|the|our)\s+[\w-]+\s+|we\s+|it\s+)?(?:does|do)\s*(?:not|n'?t)\s+"
        r"(?:use|need|populate)\s+(?:the|its|a|any)\s+txt\s+record(?:\s+for\s+anything"
        r"|\s+at\s+all)?\s*(?:[.;,!]|$)"
    )
    | (pp.Regex(r"-{1,3}") + CK("no") + _txt_keys + pp.Regex(r"-{1,3}"))
    | pp.Regex(r"(?i)(?:not\s+used|unused)\b")
    | pp.Regex(
        r"(?i)no\s+txt\s+record\b|(?:the\s+)?(?:txt\s+)?record\s+is\s+(?:left\s+|always\s+|kept\s+)?empty\b"
        r"|(?:the\s+)?txt\s+record\s+is\s+(?:not\s+used|unused)\b"
    )
    | (
        pp.Opt((CK("the") | CK("this") | CK("our")) + pp.Opt(pp.Word(pp.alphas + "-")))
        + (CK("does") | CK("do"))
        + CK("not")
        + (
            CK("use")
            | CK("define")
            | CK("need")
            | CK("require")
            | CK("publish")
            | CK("advertise")
            | CK("send")
            | CK("carry")
            | CK("include")
            | CK("have")
        )
        + _txt_keys
    )
    | (pp.Opt(CK("the") + pp.Opt(CK("service"))) + CK("uses") + CK("no") + _txt_keys)
    | (_txt_keys + (CK("are") | CK("is")) + CK("not") + (CK("used") | CK("defined")))
    | ((CK("no") | CK("zero") | pp.Literal("0")) + pp.Opt(CK("defined")) + _txt_keys)
    | (pp.Literal("-") + CK("none") + pp.Literal("-"))
    | (
        CK("there")
        + (CK("is") | CK("are"))
        + CK("no")
        + pp.Opt(CK("defined") | CK("specific") | CK("additional") | CK("such"))
        + _txt_keys
    )
    | (CK("no") + pp.Opt(CK("txt") + pp.Opt(CK("record"))) + _keys_word)
    | (  # "There aren't any.", "there are none"
        CK("there")
        + (
            pp.Regex(r"(?i)(?:is|are)(?:\s+not|n'?t)\b") + CK("any")
            | (CK("are") | CK("is")) + CK("none")
        )
    )
    | ((pp.Literal("0") | CK("zero")) + pp.StringEnd())  # a count of none, alone
    | (CK("zero") + pp.one_of(". ;"))  # "Zero. The TXT record is a single empty string."
    | CK("n/a", ident_chars=pp.identbodychars + "/")  # not applicable
    | (CK("not") + CK("applicable"))
).set_name("'None'")

# "n/a publicly", "none that are public", "none publicly": keys exist, none disclosed.
none_in_public = (
    (CK("none") | CK("n/a", ident_chars=pp.identbodychars + "/") | CK("nothing"))
    + pp.Opt(CK("that") + (CK("are") | CK("is")))
    + (CK("publicly") | CK("public"))
).set_name("'none that are public'")
proprietary_word = (
    CK("proprietary")
    | pp.Regex(r"(?i)pro?pr[ie]{1,2}[ae]?ta?ry\b")  # "propriatary", "propietary"
    | CK("confidential")
    | CK("undisclosed")
    | CK("undocumented")
    | CK("unpublished")
    | (
        CK("not")
        + pp.Opt(CK("publicly"))
        + (
            CK("published")
            | CK("documented")
            | CK("disclosed")
            | CK("public")
            | (CK("available") + CK("publicly"))
        )
    )
).set_name("'proprietary'")
_vendor_specific = (
    (CK("vendor") | CK("manufacturer") | CK("device") | CK("implementation"))
    + pp.Opt("-")
    + (CK("specific") | CK("defined") | CK("dependent"))
).set_name("'vendor specific'")
# "Proprietary, not published"; "Vendor specific, undocumented": no key is named. After a
# key ("txtvers + Proprietary") the same word only makes the note extensible.
# "internal; not published", "Private (vendor use only)": an adjective saying the keys are
# kept to the vendor, standing alone before a separator.
_kept_word = (CK("internal") | CK("private") | CK("closed") | CK("restricted")).set_name(
    "'internal'"
)
_own_format = (
    (CK("our") | CK("its") | CK("their"))
    + CK("own")
    + pp.Opt(",")
    + pp.Opt(_kept_word | proprietary_word)
    + pp.Opt(CK("format") | CK("scheme") | CK("keys") | CK("set"))
    + (pp.StringEnd() | pp.one_of(", ; . ( -"))
).set_name("'our own format'")
# "The TXT record carries a proprietary, encrypted blob": one undisclosed value, no key
# named (no quote, "=" or "<" in the sentence).
_opaque_payload = pp.Regex(
    r"(?i)(?:the\s+|this\s+|its\s+|our\s+)?(?:txt\s+)?(?:record|service|device)\s+"
    r"(?:carries|contains|holds|is|has|publishes)\s+(?:only\s+)?(?:an?\s+|one\s+)?(?:single\s+)?"
    r"(?:proprietary|opaque|encrypted|vendor[- ]specific)\b(?![^\n.;]*[\"'`=<])"
).set_name("'carries a proprietary blob'")
proprietary_lead = (
    proprietary_word
    # "Mostly proprietary; ...", "largely undisclosed": kept back, but for what follows
    | ((CK("mostly") | CK("largely") | CK("mainly") | CK("partly")) + proprietary_word)
    | _opaque_payload
    | _own_format
    | (
        _kept_word
        + pp.Opt(CK("use"))
        + pp.Opt(CK("only"))
        + pp.Opt(_keys_word)
        + (pp.StringEnd() | pp.one_of(", ; . ( - /"))  # "closed / undisclosed"
    )
    | pp.Regex(
        r"(?i)[a-z]+-(?:confidential|proprietary|internal|private)\b"
    )  # company-confidential
    | (_vendor_specific + pp.Opt(_keys_word) + (pp.StringEnd() | pp.one_of(", ; . /")))
    | (  # "Closed specification. Key names ... under NDA": a document kept back
        CK("closed") + (CK("specification") | CK("spec")) + (pp.StringEnd() | pp.one_of(", ; ."))
    )
    | (
        pp.Opt(CK("the") | CK("all") | CK("our"))
        + pp.Opt(CK("txt"))
        + _keys_word
        + (CK("are") | CK("is"))
        + pp.Opt(CK("kept"))
        + (_kept_word | proprietary_word | CK("confidential") | CK("vendor-specific"))
    )
).set_name("proprietary lead")

_later = (
    (
        CK("in")
        + (CK("a") | CK("the"))
        + pp.Opt(CK("future"))
        + pp.Opt(CK("revision") | CK("version"))
    )
    | CK("later")
).set_name("'later'")
unspecified_lead = (
    CK("tbd")
    | pp.Regex(r"(?i)t\.\s?b\.\s?[dc]\.?(?!\w)")  # "t.b.d."
    | (CK("will") + CK("be") + documented_verb + _later)
    | (  # "Will be announced once the beta ends", "will be published when ..."
        CK("will")
        + CK("be")
        + (documented_verb | CK("announced") | CK("released") | CK("decided") | CK("determined"))
        + (_later | CK("once") | CK("when") | CK("after") | CK("soon") | CK("before"))
    )
    | (CK("see") + (CK("below") | CK("above")))
    | CK("varies")
    | CK("unknown")
    | (CK("to") + CK("be") + (CK("defined") | CK("determined") | CK("announced") | CK("decided")))
    | (CK("will") + CK("be") + (CK("defined") | CK("specified")) + CK("later"))
    | (CK("reserved") + CK("for"))
    | CK("tba")  # to be announced
    | (  # "Pending", "pending review": nothing decided yet
        CK("pending") + pp.Opt(pp.Regex(r"[^\n.;]{0,40}")) + pp.Opt(".") + pp.StringEnd()
    )
    | (CK("reserved") + pp.Opt(".") + pp.StringEnd())
    | (  # "Yes", "Several (see documentation)": keys exist, none is named
        (CK("yes") | CK("several") | CK("many") | CK("various") | CK("some"))
        + pp.Opt(pp.Regex(r"\([^()\n]{0,60}\)"))
        + pp.Opt(".")
        + pp.StringEnd()
    )
    | (  # "Several; they differ per product line.": a count, then a clause about the keys
        (CK("several") | CK("many") | CK("various") | CK("some"))
        + pp.Regex(
            r"(?i)[;,.:\u2013-]\s*(?:they|these|those|which|it|this|depending|depends|varies|vary"
            r"|differ|differs|differing|(?:[\w]+[- ])?dependent)\b[^=<>\"'`\n]{0,100}$"
        )
    )
    | (  # "Contact vendor.", "please ask the manufacturer": no key named, none stated
        pp.Opt(CK("please"))
        + (CK("contact") | CK("ask"))
        + pp.Opt(CK("the"))
        + (CK("vendor") | CK("manufacturer") | CK("registrant") | CK("author") | CK("us"))
        + pp.Opt(".")
        + pp.StringEnd()
    )
    | (pp.Literal("(") + CK("see") + (CK("below") | CK("above")) + pp.Literal(")") + pp.StringEnd())
).set_name("'TBD'")

_see = ((CK("see") | pp.Regex(r"(?i)cf\.?(?!\w)")) + pp.Opt(":")).set_name("'see'")
_where = (CK("in") | CK("at") | CK("on") | CK("by")).set_name("'in'")
# "Listed in the Pixelwerk SDK documentation (...)", "described in the vendor's manual":
# a document named by kind, without an address.
_named_document = pp.Regex(
    r"(?i)" + DOCUMENTED + r"\s+in\s+(?:the\s+|our\s+|its\s+)?"
    r"(?:[\w'.-]+\s+){0,5}?(?:documentation|docs|manual|guide|specification|spec|sdk|handbook"
    r"|datasheet|data\s+sheet|white\s*paper)\b"
).set_name("'listed in the X documentation'")
# "The TXT keys are specified by the X Forum in the Y Profile, Annex B", "The key set is the
# one in the X Specification, Annex B", "Listed in the
# accompanying document "X" rev C, table 3": a document named by a part of it, maybe by its body.
_document_part = pp.Regex(
    r"(?i)(?:(?:the\s+)?(?:txt\s+)?(?:record\s+)?(?:keys\b|key\s+set\b|set\s+of\s+(?:txt\s+)?keys\b)"
    r"[^\n.=:]{0,40}?\s+(?:are|is)\s+)?"
    r"(?:"
    + DOCUMENTED
    + r"|the\s+ones?|those|that)"  # "The key set is the one in X, Annex B"
    + r"(?:\s+by\s+(?:the\s+)?[^\n.,;:=]{1,60}?)?\s+in\s+(?:the\s+|an?\s+)?"
    r"(?:(?:accompanying|attached|separate|companion|referenced)\s+)?"
    r"(?:document\b|[^\n=]{0,80}?,\s*(?:annex|appendix|table|section|chapter|clause)\s+\w+(?:\.\w+)*"
    r"(?:\s*\([^()\n]{0,120}\))?\s*(?:[.;]|$))"
).set_name("'specified in the X document, annex B'")
# "check our GitHub wiki -> github.com/...", "visit the project docs", "look at the README":
# an instruction to go and read a document named by kind.
_check_document = pp.Regex(
    r"(?i)(?:check(?:\s+out)?|visit|look\s+(?:at|in)|go\s+to|read)\s+(?:the\s+|our\s+|its\s+|their\s+)?"
    r"(?:[\w'.-]+\s+){0,3}?(?:wiki|readme|docs|documentation|manual|spec|specification|website"
    r"|web\s*site|repo|repository|homepage|home\s+page|guide|handbook|datasheet|faq)\b"
).set_name("'check our wiki'")
reference_lead = (
    _see
    | (CK("consult") + pp.Opt(CK("the")))
    | _named_document
    | _document_part
    | _check_document
    | (documented_verb + _where)
    | (CK("will") + CK("be") + documented_verb + _where)
    | (CK("inherited") + CK("from"))
    | (CK("as") + documented_verb + _where)
    | (pp.Opt(CK("please")) + CK("refer") + pp.Opt(CK("to")))
    | (pp.Opt(CK("please")) + CK("see"))
    | pp.Regex(
        r"(?i)\[[^\[\]\n]{3,120}?\b(?:protocol|specification|spec|standard|annex|appendix|section|chapter|manual)\b[^\[\]\n]{0,60}\]\s*\.?\s*$"
    )
    | (pp.Opt(CK("as")) + (CK("per") | CK("according") + CK("to")))
    | ((CK("conforms") | CK("conform") | CK("follows")) + pp.Opt(CK("to")))
    | (CK("as") + CK("in") + ~_keys_word)
    | ((CK("identical") | CK("same")) + (CK("to") | CK("as")))
    | (CK("as") + CK("for") + ~_keys_word)
    | (pp.Opt("[") + url)
    | (pp.Opt("[") + pp.Regex(r"(?i)rfc\s?\d{3,5}\b"))
    | pp.Regex(
        r"(?i)[^\n]{0,200}?\bspec(?:ification)?\b[^\n]{0,200}?"
        r"(?:section|chapter|clause|annex|appendix|https?://)"
    )
).set_name("reference")
document_name = pp.Regex(r"(?i)[\w.-]+\.(?:html?|pdf|txt|xml)(?:#\S*)?\.?$").set_name("document")

_LEAD_WINDOW = 400  # a status lead is a short phrase; nothing past this decides it


def _starts(expr: pp.ParserElement, text: str) -> bool:
    try:
        expr.parse_string(text[:_LEAD_WINDOW], parse_all=False)
    except pp.ParseException:
        return False
    return True


# "The record is empty until the unit is set up": a none lead under a condition is not one.
_UNTIL = token(
    "until",
    r"(?i)^[^.;:\n]{0,60}?\b(?:empty|none|no\s+keys)\s+(?:until|unless|before|while|except|beyond"
    r"|besides|other\s+than|apart\s+from)\b",
)


# "None are required. Optionally a unit may publish ...": no key is required, yet optional
# keys follow; the note names keys.
_NONE_REQUIRED = token(
    "none required",
    r"(?i)\s*(?:none|no\s+(?:txt\s+)?keys?)\s+(?:are|is)\s+(?:required|mandatory|needed)\b"
    r"[^\n]{0,200}?\b(?:optional(?:ly)?|may)\b",
)


_MARKED_LEAD = token("marked lead", r"^[*_\"'`]{1,3}([^*_\"'`\n]{1,30}?)[*_\"'`]{1,3}(?=\W|$)")


def lead_status(lead: str) -> NoteStatus | None:
    """The status a body opens with, or None when it opens with entries."""
    if lead[:1] in "*_\"'`":  # '**TBD** - will be fixed', '"None" - ...': marks round a word
        lead = _MARKED_LEAD.re.sub(r"\1", lead, count=1)
    if not lead:
        return NoteStatus.UNSPECIFIED
    if _starts(none_in_public, lead):  # "n/a publicly", "none that are public": kept back
        return NoteStatus.PROPRIETARY
    if (
        _starts(none_lead, lead)
        and not _UNTIL.re.search(lead.split("\n", 1)[0][:120])
        and not _NONE_REQUIRED.re.match(lead[:400])
    ):
        return NoteStatus.NONE
    if _starts(proprietary_lead, lead):
        return NoteStatus.PROPRIETARY
    if _starts(unspecified_lead, lead):
        # "Reserved for internal tooling; undisclosed": kept back, not undecided.
        first = re.split(r"[\n.]", lead, maxsplit=1)[0]
        if re.search(
            r"(?i)\b(?:undisclosed|confidential|proprietary|not\s+published|internal|private)\b",
            first,
        ):
            return NoteStatus.PROPRIETARY
        return NoteStatus.UNSPECIFIED
    first_line = lead.split("\n", 1)[0][:_LEAD_WINDOW]
    if _starts(reference_lead, first_line) or document_name.matches(first_line.strip()):
        return NoteStatus.REFERENCE
    return None


_FILE_REF = token("file ref", r"(?i)(?<![\w-])[\w-]{1,80}\.(?:pdf|html?)(?:#[\w-]+)?\b")
_RFC_REF = token("rfc ref", r"(?i)\[?rfc\s?(\d{3,5})\]?")
_SPEC_WORD = token(
    "spec word",
    r"(?i)\b(?:specification|(?<=[a-z] )(?:guide|manual|handbook)(?=\s*[(.,;]|\s*$))"
    r"(?:,?\s+(?:section|chapter)\s+[\d.]*\d)?",
)
_SPEC_NAME = token("spec name", r"(?<![\w])\w[\w ]{0,40}$")


def references(body: str) -> list[str]:
    """URLs, document names, RFCs and "... Specification, Section N" a body points to."""
    refs = [m.group(0) for m in URL_RE.finditer(body)]
    refs += _FILE_REF.re.findall(URL_RE.sub(" ", body))
    refs += [f"RFC{n}" for n in _RFC_REF.re.findall(body)]
    for m in _SPEC_WORD.re.finditer(body):  # "Acme Discovery Specification, Section 4"
        window = body[max(0, m.start() - 42) : m.start()]
        name = _SPEC_NAME.re.search(window)
        if name and (name.start() > 0 or m.start() <= 42):
            refs.append(name.group(0) + m.group(0))
    return [r.strip() for r in refs]


_SUBTYPES = token(
    "subtypes", r"(?i)\b(?:known\s+)?subtypes?\s*:\s*(?P<v>_[\w-]+(?:\s*,\s*_[\w-]+)*)"
)


def subtypes(text: str) -> list[str]:
    out: list[str] = []
    for m in _SUBTYPES.re.finditer(text):
        out += re.findall(r"_[\w-]+", m.group("v"))
    return out


_HISTORY = token(
    "history",
    r"(?i)\b(?:formerly|previously|earlier\s+(?:beta\s+)?(?:builds|versions|releases|drafts|revisions|registrations)"
    r"|older\s+(?:firmware|versions?|releases?|builds?|devices|models)|until\s+(?:19|20)\d\d"
    r"|no\s+longer|were\s+retired|(?:before|prior\s+to)\s+(?:we|version|firmware|release|v?\d)"
    r"|conforming\s+to\s+version|version\s+1(?:\.0)?\s+of"
    r"|used\s+the\s+(?:single\s+|old\s+)?keys?"
    r"|(?:version|rev(?:ision)?|v)\s*\d+(?:\.\d+)*\s+(?:used|had|sent|published|advertised))\b",
)
_HISTORY_VERB = token(
    "history verb",
    r"(?i)\b(?:listed|defined|used|use|published|advertised|sent|retired|replaced|had|removed"
    r"|dropped|renamed|gone|withdrawn)\b",
)
# The past tense naming keys: "used the keys", "used the single key".
_PAST_KEYS = token(
    "past keys", r"(?i)\b(?:used|listed|published|advertised)\s+(?:the\s+)?(?:\w+\s+)?keys?\b"
)
_NOTE_LABEL = token("note label", r"(?i)\bnote:\s*(?:[^.\n]*[.\n]\s*)?$")


_HISTORY_PARAGRAPH = token(
    "history paragraph",
    r"(?im)^[ \t]*(?:\d{1,2}\.[ \t]+)?(?:history|changes|change\s+log|changelog|legacy"
    r"|(?:deprecated|obsolete|retired|removed|old)(?:\s+keys)?)"
    r"(?:[ \t]+of[ \t]+the[ \t]+\w+)?[ \t]*(?::|$)"
    r"(?:(?![.!?][ \t]+(?:current|now|today|as\s+of)\b)[^\n])*[.!?]?"
    r"(?:\n(?![ \t]*\n)(?![ \t]*(?:current|now|today|as\s+of)\b)[^\n]*)*",
)  # ends at a blank line or at a line about the present ("Current record (2.1): ...")
# "Deprecated:\n  qtotal - ...; still sent by older units": a deprecated key still in the
# record is a key; only the heading goes.
_STILL_SENT = token(
    "still sent",
    r"(?i)\bstill\s+(?:being\s+)?(?:sent|published|advertised|present|included|emitted|announced)\b",
)


def _history_paragraph(m: re.Match[str]) -> str:
    text = m.group(0)
    head, _, rest = text.partition("\n")
    if (
        rest
        and re.match(r"(?i)\s*(?:deprecated|obsolete|legacy)", head)
        and _STILL_SENT.re.search(rest)
    ):
        return rest
    return ""


_SENTENCE_START = token("sentence start", r"[.!?][)\"']?\s+(?=[A-Z(\"'])|\n")
_SENTENCE_STOP = token("sentence stop", r"[.!?][)\"']?(?=\s|$)|\n\s*\n")


def cut_history(body: str) -> str:
    """Drop sentences that list keys only as history ("was formerly listed ... with keys",
    "Older firmware used the keys ...") and paragraphs labelled as history ("History:
    firmware 1.x also published ...", "5. History")."""
    if ":" in body or "istory" in body:
        body = _HISTORY_PARAGRAPH.re.sub(_history_paragraph, body)
    for _ in range(32):  # bounded work: no note has more than a few history sentences
        m = _HISTORY.re.search(body)
        while m is not None:
            window = body[m.start() : m.start() + 300]
            stop = _SENTENCE_STOP.re.search(window)
            sentence = window[: stop.start() if stop else len(window)]
            if _HISTORY_VERB.re.search(sentence) or _PAST_KEYS.re.search(sentence):
                break
            m = _HISTORY.re.search(body, m.end())
        if m is None:
            return body
        head = body[: m.start()]
        start = 0 if len(head) <= 300 else len(head)
        for opened in _SENTENCE_START.re.finditer(body, max(0, len(head) - 300)):
            if opened.end() > len(head):
                break
            start = opened.end()
        window = body[m.start() : m.start() + 300]
        stop = _SENTENCE_STOP.re.search(window)
        end = m.start() + (stop.end() if stop else len(window))
        tail = max(0, start - 300)  # "Note: ..." stands just before the sentence
        note_label = _NOTE_LABEL.re.search(body[:start], tail)
        start = note_label.start() if note_label else start
        body = body[:start] + body[end:]
    return body


_WORD = token("word", r"[A-Za-z']+")


def has_prose(text: str) -> bool:
    """Two stop words make a sentence, not a list."""
    count = 0
    for m in _WORD.re.finditer(URL_RE.sub(" ", text)):
        if m.group(0).lower() in STOPWORDS:
            count += 1
            if count >= 2:
                return True
    return False


_KEPT_WORDS = frozenset(
    [
        "proprietary",
        "confidential",
        "private",
        "internal",
        "nda",
        "undisclosed",
        "closed",
        "secret",
        "restricted",
    ]
)
# Words that may stand beside a kept-back word without naming a key ("Several, all
# proprietary; please contact the registrant", "implementation specific and confidential").
_FILLER = frozenset(
    [
        "yes",
        "used",
        "documented",
        "disclosed",
        "published",
        "several",
        "some",
        "many",
        "various",
        "all",
        "keys",
        "key",
        "txt",
        "record",
        "records",
        "please",
        "contact",
        "ask",
        "registrant",
        "vendor",
        "vendors",
        "manufacturer",
        "company",
        "defined",
        "specific",
        "implementation",
        "not",
        "for",
        "public",
        "publicly",
        "only",
        "use",
        "and",
        "or",
        "but",
        "the",
        "a",
        "an",
        "are",
        "is",
        "to",
        "us",
        "our",
        "of",
        "by",
        "on",
        "request",
        "available",
        "upon",
        "under",
        "nda",
        "kept",
        "subject",
        "change",
        "changes",
        "may",
        "details",
        "licensed",
        "licensees",
        "partners",
        "customers",
        "with",
    ]
)


def kept_back(text: str) -> bool:
    """A short body that only says the keys are kept back ("yes, proprietary",
    "closed / internal (NDA)", "vendor defined, not for public"): no key is named."""
    if len(text) > 200 or re.search(r"[=<>\"`]", text):
        return False
    # A capitalised word past the first that says nothing of the keys is a name ("all
    # proprietary to Acme Robotics"): it names no key.
    words = [
        w.lower()
        for i, w in enumerate(re.findall(r"[A-Za-z]+", text))
        if i == 0 or not w[:1].isupper() or w.lower() in _FILLER | _KEPT_WORDS
    ]
    if not words or not (_KEPT_WORDS & set(words) or "public" in words):
        return False
    return all(w in _FILLER or w in _KEPT_WORDS or proprietary_word.matches(w) for w in words)
