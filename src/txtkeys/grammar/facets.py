"""Facet phrases: choices, defaults, examples, optional/required, extensible.

    choices     = "one of" , item-list | "either" , item , "or" , item
                | ( "possible" | "allowed" | "valid" ) , "values" , [ "are" ] , [ ":" ] , item-list
                | "Values:" , item-list | quoted , "or" , quoted | "(" , word , "/" , word , ")"
                | "One of the following values ...:" , item-list ;
    item-list   = item , { ( "," | "or" | "and" | "|" ) , item } ;
    default     = "defaults to" , item | "default" , [ "value" ] , ( ":" | "=" | "is" ) , item
                | "(default" , item , ")" | "assumed to be" , item | item , "is assumed"
                | item , ( "shall" | "must" | "should" ) , "be assumed"
                | item , "is the default" | ( "def" | "def." ) , item ;
    example     = ( "e.g." | "eg" | "ex." | "example:" | "normally" | "i.e." | "like" ) ,
                  [ key , "=" ] , item ;
    optional    = "optional" | "if present" | "may be omitted" | "if omitted" | "[optional]"
                | "opt" | "opt." ;
    required    = "required" | "mandatory" | "must be present" | "req" | "req." ;
    extensible  = "+ proprietary" | "and other proprietary keys" | "others are proprietary"
                | ( "further" | "additional" | "other" | "more" ) , "keys" , ( "may" | "TBD" | ... )
                | "and others" | "vendor-specific keys" | "..." ;

Each phrase is one named element; the text between the phrase words is a token.
"""

from __future__ import annotations

import re

import pyparsing as pp

from .tokens import DOCUMENTED, STOPWORDS, find, token
from .values import boolean_pair  # the one list of true/false pairs

__all__ = [
    "all_optional_phrase",
    "assumed_value",
    "default_phrase",
    "description_choices",
    "example",
    "extensible_phrase",
    "fixed_phrase",
    "if_else_phrase",
    "marked_default_phrase",
    "optional_phrase",
    "other_values_named",
    "other_values_phrase",
    "placeholder_choices",
    "prose_default_phrase",
    "required_phrase",
    "unless_phrase",
]

# "\"json\" (default) or \"cbor\"": the value marked as the default.
marked_default_phrase = pp.Regex(
    r"(?i)[\"'`]?(?P<v>[\w+./:-]*[\w/])[\"'`]?\s*\(\s*(?:the\s+)?default\s*\)"
).set_name("'X (default)'")
# "always 1", "MUST be \"1\"", "fixed value 2": the one value a key takes.
fixed_phrase = pp.Regex(
    r"(?i)(?:(?:^|(?<=[(,;])|(?<=[(,;]\s))\s*=(?!=)"  # "txtvers (=1)", "required, =2"
    r"|(?:^|[.;,]\s*|\b)(?:(?:must|shall|should)\s+always\s+be|always(?:\s+set\s+to|\s+equals?(?:\s+to)?)?"
    r"|(?:must|shall)\s+be(?:\s+set\s+to)?(?:\s+(?:the\s+)?(?:string|literal|number|integer|value))?"
    r"|(?<!\bbe\s)(?<!\bbe)\bset\s+to"
    r"|is\s+always|fixed(?:\s+value)?(?:\s+(?:at|to))?|^\s*with\s+(?:the\s+)?(?:fixed\s+)?value"
    r"|(?:must|shall)\s+set\s+[\w.-]+\s*=|defines\s+[\w.-]+\s*="
    r"|constant))\s*:?\s*(?:[\"'`]?(?P<v>\d+(?:\.\d+)*|(?<=[\"'`])[A-Za-z/][\w.+/:-]{0,40}(?=[\"'`]))"
    r"(?:[\"'`](?=\s|$|[.;,()])|(?=\s*(?:$|[.;,()])|\s+(?:in|for)\s+(?:this|the|all|every)\b"
    r"|\s+(?:for\s+now|at\s+present|currently|today)\b"  # "always 1 for now"
    r"|\s+and\s*$)))"
).set_name("'always 1'")
default_phrase = pp.Regex(
    r"(?i)(?=[abdeilmnow(,;\[.])"
    r"(?:\b(?:if|when)\s*,?\s+(?:it\s+|the\s+key\s+)?(?:is\s+)?(?:omitted|absent|missing|unset"
    r"|not\s+(?:given|set|present|specified))\s*,?\s+"
    r"(?=[\"'`]?[\w+./:-]*[\w/][\"'`]?(?:\s+(?:seconds?|s|ms|minutes?|bytes?|%))?"
    r"\s+(?:is|will\s+be)\s+(?:used|assumed)\b)"
    # "if not given we use 11", "If it is not there, we use 30": what a reader falls back to
    # "If "weight" is missing the client uses 50" (its subject may have gone to the key)
    r"|\b(?:(?:if|when)\s+(?:it\s+is\s+|(?:the\s+key\s+)?(?:[\"'`][\w.-]{1,20}[\"'`]\s+)?is\s+"
    r"|they\s+are\s+)?|is\s+(?=missing|absent|omitted|not\s))"
    r"(?:not\s+(?:given|there|set|present"
    r"|sent|included|specified|provided)|omitted|absent|missing|left\s+out)\s*,?\s+(?:then\s+)?"
    r"(?:we|it|they|you|clients?|the\s+(?:client|app|device|server|reader)s?)\s+"
    r"(?:(?:will|should|must|shall|may|can)\s+)?"
    r"(?:use|uses|assume|assumes|take|takes|fall\s+back\s+to|falls\s+back\s+to)\s+"
    r"(?=[\"'`]?[\w+./:-]*[\w/][\"'`]?\s*(?:[.;,)]|$))"
    r"|\b(?:if|when)\s+(?:omitted|absent|missing|unset|not\s+set)\s*[,:]?\s*"
    r"(?=[\"'`]?[\w+./:-]*[\w/][\"'`]?\s*(?:[.;)]|$))"
    r"|(?:assumed\s+to\s+be(?:\s+(?:a|an|the)(?=\s+[\"'`]))?|defaults?\s+(?:value\s+)?(?:is|to)"
    r"|by\s+default(?:\s+is)?)\s+"
    r"|defaults?(?:\s+value)?\s*[=:]\s*|\bdef\.\s*[=:]?\s*"
    r"|\b(?:absent|omitted|missing|empty)\s+(?:[\w.-]{1,20}\s+)?(?:means|implies|is\s+read\s+as|is\s+treated\s+as)\s+"
    # "when it is missing the library is treated as writable (F)", "if absent it is read as off"
    r"|\b(?:if|when)\s+(?:it\s+is\s+|the\s+key\s+is\s+)?(?:missing|absent|omitted|not\s+(?:set|present"
    r"|given|sent))\b[^.;\n]{0,60}?\b(?:treated|read|taken|interpreted)\s+as\s+"
    r"(?:[A-Za-z-]{1,20}\s+\((?=[\"'`]?[\w+./:-]*[\w/][\"'`]?\))"
    r"|(?=[\"'`]?[\w+./:-]*[\w/][\"'`]?\s*(?:[.;,)]|$)))"
    # "may be omitted, in which case N"
    r"|\b(?:omitted|absent|missing|left\s+out|not\s+(?:set|present|given|sent))\s*,?\s+in\s+which\s+case"
    r"\s+(?:the\s+value\s+is\s+)?(?=[\"'`]?[\w+./:-]*[\w/][\"'`]?\s*(?:[.;,)]|$))(?!\w+ed\b)"
    r"|(?:\bis\s+|^)normally\s+"
    r"|,\s*(?:normally|usually)\s+(?=[\"'`]?[\w+./:-]*[\w/][\"'`]?\s*(?:[.;,)]|$))"
    r"|\bassume[sd]?\s+(?:the\s+value\s+)?(?=[\"'`]?[\w+./:-]*[\w/][\"'`]?\s*(?:[.;,)]|$))"
    r"|(?:[(,;\[]|\.(?=\s))\s*(?:default(?:\s+value)?|def\b\.?)\s+(?=[\"'`]?[\w+./:-]*[\w/][\"'`]?\s*(?:[)\].,;(]|$))"
    # "def 8443", "def. cert" opening a description: the abbreviation alone
    r"|^\s*def\b\.?\s+(?=[\"'`]?[\w+./:-]*[\w/][\"'`]?\s*(?:[)\].,;(]|$))"
    r"|\(\s*default(?:\s+value)?\s+(?=[\"'`]?[\w+./:-]*[\w/][\"'`]?\s+(?:if|when|unless)\s[^()]*\))"
    r"|^\s*default(?:\s+value)?\s+(?=[\"'`]|[\d.+-]+\s*(?:[)\].,;(]|$)|[\d.+-]+\s+(?:if|when|unless)\s)"
    r"|^\s*default(?:\s+value)?\s+(?=[\w+./:-]*[\w/]\s*$)(?!(?:gateway|route|port|value|setting|name)\b))"
    r"[\"'`]?(?P<v>[\w+./:-]*[\w/])"
).set_name("default phrase")
# "treat mode=auto as the default", "use 8080 as the default", "with gzip the default":
# a default stated in prose.
prose_default_phrase = pp.Regex(
    r"(?i)(?:\b(?:treat|treats|use|uses|assume|assumes|take|takes)\s+(?:[\w.-]+=)?|\bwith\s+)[\"'`]?"
    r"(?P<v>[\w+./:-]*[\w/])[\"'`]?\s+(?:as\s+(?:the\s+|its\s+)?|the\s+|being\s+the\s+)default\b"
).set_name("'treat X as the default'")
# "the other values are manual and sleep": choices besides the default named before.
other_values_phrase = pp.Regex(
    r"(?i)\b(?:the\s+)?other\s+(?:allowed\s+|possible\s+|valid\s+)?values?\b"
).set_name("'the other values'")
# 'if absent, "json" is assumed. Other value: "cbor".': the values besides the default, named.
other_values_named = pp.Regex(
    r"(?i)\b(?:the\s+)?(?:other|alternative|another)\s+(?:allowed\s+|possible\s+|valid\s+)?"
    r"values?\s*(?::|\bis\b|\bare\b)?\s*(?P<v>(?:\"[^\"\n]{1,40}\"|'[^'\n]{1,40}'|`[^`\n]{1,40}`"
    r"|[\w.+-]{1,20})(?:(?:\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+)(?:\"[^\"\n]{1,40}\""
    r"|'[^'\n]{1,40}'|`[^`\n]{1,40}`|[\w.+-]{1,20})){0,8})\s*(?:$|[.;)])"
).set_name("'other value: x'")
# "is en unless the user changed it": the value before "unless".
unless_phrase = pp.Regex(r"(?i)\bis\s+[\"'`]?(?P<v>[\w+./:-]*[\w/])[\"'`]?\s+unless\b").set_name(
    "'is X unless'"
)
# "X is assumed", "X is the default": the value is the word before the phrase.
assumed_phrase = pp.Regex(
    r"(?i)\s(?:is|will\s+be|(?:shall|must|should)\s+be)\s+(?:assumed|the\s+default)\b(?!\s+to\b)"
).set_name("'X is assumed'")
one_of_phrase = pp.Regex(
    r"(?i)(?:one\s+of|i\.\s?e\.,?|either|values?\s+(?:are|is))\s*:?\s*"
    r"(?P<v>[\"'][^\"']+[\"'](?:\s*(?:(?:,|or|and|\|)\s*)?[\"'][^\"']+[\"'])+)"
).set_name('\'one of "a", "b" or "c"\'')
# '"leader" or "follower"' after a description: two or more quoted values joined by "or".
_QV = r"(?:\"[^\"\n]{1,40}\"|(?<![\w'])'[^'\n]{1,40}'(?![\w'])|`[^`\n]{1,40}`)"
quoted_or_phrase = pp.Regex(
    r"(?P<v>" + _QV + r"(?:\s*,\s*" + _QV + r")*\s*,?\s*\bor\s+" + _QV + r")"
).set_name('\'"a" or "b"\'')
# An item of a list of choices: a quoted string or one word; items are joined by commas,
# "or", "and", "|" or "/"; the list may stand in brackets ("one of {auto, manual}").
_ITEM = r"(?:\"[^\"\n]{1,40}\"|'[^'\n]{1,40}'|`[^`\n]{1,40}`|[+-]?+\w[\w+-]*+(?:[.:]\w[\w+-]*+)*+)"
_JOIN = r"(?:\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+|\s*\|\s*|\s*/\s*)"
_ITEMS = _ITEM + "(?:" + _JOIN + _ITEM + ")+"
_LIST_END = (
    r"(?=\s*(?:$|[.;:,)\]}>(\n])|\s+(?:from|in|via|by|on|at|when|if|using|with|depending)\b)"
)
bare_choices_phrase = pp.Regex(
    r"(?i)(?=[oepavcsmlt])(?:\bone\s+of|\beither|\b(?:possible|allowed|valid|supported|permitted"
    r"|legal|accepted|known)\s+values?(?:\s+(?:are|is|include))?"
    r"|\bvalues?\s+(?:are|is)|\bvalues?\s*:|\bchoices?\s*:|\boptions?\s*:"
    r"|\b(?:allowed|accepted|valid|supported)\s*:|\bvalue\b(?=\s+\S+\s+or\s)"
    r"|\b(?:can|may|must|shall|will)\s+be(?:\s+(?:either|one\s+of))?"
    r"|\bset\s+to(?:\s+(?:either|one\s+of))?|\btakes?(?:\s+the)?\s+values?)"
    r"\s*:?\s*(?P<o>[\[{(<]?)\s*(?P<v>" + _ITEMS + r")\s*[\]})>]?" + _LIST_END
).set_name("'one of a, b or c'")
# "status: ok, warn or fail" closing a description: a label, then a list ending in "or".
label_list_phrase = pp.Regex(
    r"(?i):\s*(?P<v>" + _ITEM + r"(?:\s*,\s*" + _ITEM + r")*\s*,?\s+or\s+" + _ITEM + r")"
    r"\s*(?:\)?\.?\s*$|\.\s+(?=[A-Z])|[;(]|,\s*(?:if|default|when)\b)"  # ")": a key's brackets
).set_name("'label: a, b or c'")
# "C or F", "0, 1 or 2 (default: 1)", "'auto' or 'manual'": a list opening a description.
lead_list_phrase = pp.Regex(
    r"(?i)^\s*(?:(?:which\s+)?(?:is|are|must\s+be|can\s+be|may\s+be)\s+)?(?:either\s+)?(?P<v>"
    + _ITEM
    + r"(?:\s*,\s*"
    + _ITEM
    + r")*\s*,?\s+or\s+"
    + _ITEM
    + r")\s*(?:$|[.;,()\u2013\u2014-]|\s+(?:and|depending|when|if)\b)"  # "is 0 or 1 and says"
).set_name("'a, b or c'")
# "response format, json or xml.": a short label, a comma, then a list in "or" ends the text.
label_list_end = pp.Regex(
    r"(?i)^\s*[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}\s*,\s*(?:either\s+)?(?P<v>"
    + _ITEM
    + r"(?:\s*,\s*"
    + _ITEM
    + r")*\s*,?\s+or\s+"
    + _ITEM
    + r")\s*(?:[.;](?:\s|$)|$|\([^()\n]{0,60}\)\s*[.;]?\s*$)"  # "1 or 0 (if missing, 0)"
).set_name("'label, a or b'")
# "0 1 or 2": numbers listed with spaces only, the last after "or", opening a description.
number_run_phrase = pp.Regex(
    r"(?i)^\s*(?:\(\s*values?\s*:\s*)?(?P<v>\d{1,6}(?:\s+\d{1,6})+\s+or\s+\d{1,6})\b(?![.\d])"
).set_name("'0 1 or 2'")
tail_slash_pair = pp.Regex(
    r"[,;]\s+(?P<v>([\"'`]?)\w[\w+-]{0,15}\2(?:/([\"'`]?)\w[\w+-]{0,15}\3)+)\s*(?:$|[,;.)])"
).set_name("', a/b'")
_GLOSSED = token(
    "glossed",
    r"([\"'`][\w.+-]{1,20}[\"'`]|^\d{1,3}|(?:(?<=,\s)|(?<=\bor\s)|(?<=\band\s))[\w.+-]{1,12})"
    r"\s*\((?![^()]*\s(?:or|and)\s)[^()\n/|,=]{1,30}\)(?=\s*(?:,|\bor\b|\band\b|\||[.;]|$))",
)
# "{draft,normal,best}": a set in braces anywhere; "..., T/F" closing a description.
brace_set_phrase = pp.Regex(
    r"\{\s*(?P<v>" + _ITEM + r"(?:\s*[,|/]\s*" + _ITEM + r")+)\s*\}"
).set_name("{a,b,c}")
tail_slash_phrase = pp.Regex(
    r"(?<!e\.g\.)(?<!e\.g)(?<!\beg)[,;:]\s*(?P<v>\w[\w+-]*(?:(?:/|\s+/\s+)\w[\w+-]*)+|\w[\w+-]*(?:\s*\|\s*\w[\w+-]*)+)\s*\.?\s*(?:$|\()"
).set_name("', a/b'")
# 'either A (air purifier) or B (humidifier)', '"o" (open) or "c" (closed)': items, each
# with its meaning in parentheses, joined by commas and "or".
_MEANT = (
    r"(?:\"\w[\w.+-]{0,15}\"|'\w[\w.+-]{0,15}'|\b\w[\w.+-]{0,11})"
    r"\s*\([^()\n]{0,20}[A-Za-z][^()\n]{0,20}\)"
)
meaning_list_phrase = pp.Regex(
    r"(?i)(?:\beither\s+)?(?P<v>"
    + _MEANT
    + r"(?:\s*(?:,\s*(?:or\s+)?|\bor\s+|/\s*)"
    + _MEANT
    + r")+)"
).set_name("'a (meaning) or b (meaning)'")
# "'locked' / 'unlocked' / 'jammed'", '"rx" | "tx"': quoted items joined by slashes or bars.
quoted_slash_phrase = pp.Regex(
    r"(?P<v>([\"'])\w[\w.+-]{0,20}\2(?:\s*[/|]\s*([\"'])\w[\w.+-]{0,20}\3)+)"
).set_name("'a' / 'b'")
# "only while st is": a condition on another key's value, whose values follow.
_CONDITION_BEFORE = token(
    "condition before", r"(?i)\b(?:while|when|if|unless|whenever)\s+[\w-]+\s+(?:is|=|==)\s*$"
)
# "names like "Kitchen" or "Office"": examples, not choices.
_EXAMPLE_BEFORE = token(
    "example before", r"(?i)(?:\blike|\bsuch\s+as|\be\.?g\.?,?|\bexamples?:?)\s*$"
)
# "1 to enable, 0 to disable", "on = active, off = inactive": a pair of values and what each does.
enable_pair_phrase = pp.Regex(
    r"(?i)(?<![\w\"'`])[\"'`]?(?P<a>1|true|yes|on|y|t)[\"'`]?\s*(?:to|=|:)\s*(?:enable|turn\s+on|activate|switch\s+on)\w*"
    r"[^.;]{0,40}?[,;]\s*(?:and\s+|or\s+)?[\"'`]?(?P<b>0|false|no|off|n|f)[\"'`]?\s*(?:to|=|:)\s*"
    r"(?:disable|turn\s+off|deactivate|switch\s+off)"
).set_name("'1 to enable, 0 to disable'")
# "1 for mandatory or 0 for optional", "1 means yes, 0 means no": two values, each with
# what it stands for.
meaning_pair_phrase = pp.Regex(
    r"(?i)(?<![\w\"'`.-])[\"'`]?(?P<a>[\w+-]{1,10})[\"'`]?\s+(?:for|means|=)\s+[\w -]{1,30}?"
    r"\s*(?:,\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+)[\"'`]?(?P<b>[\w+-]{1,10})[\"'`]?\s+(?:for|means|=)\s+\w"
).set_name("'1 for a or 0 for b'")
# "tells which antenna port is in use, A or B.": short codes closing a description.
_CODE_ITEM = r"[\"'`]?[A-Za-z0-9]{1,3}[\"'`]?"
code_tail_phrase = pp.Regex(
    r",\s*(?P<v>"
    + _CODE_ITEM
    + r"(?:\s*,\s*"
    + _CODE_ITEM
    + r")*\s*,?\s+or\s+"
    + _CODE_ITEM
    + r")\s*\.?\s*$"
).set_name("', A or B'")
# "1 on mains power and 0 on battery", "true when armed, false when not": two codes, each
# with the state it stands for.
_CODE = r"(?:0|1|true|false|yes|no|on|off)"
state_pair_phrase = pp.Regex(
    r"(?i)(?<![\w\"'`.-])[\"'`]?(?P<a>" + _CODE + r")[\"'`]?\s+(?:on|in|when|while|if|during)\s+"
    r"[^,;.]{1,40}?(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)[\"'`]?(?P<b>" + _CODE + r")[\"'`]?"
    r"\s+(?:on|in|when|while|if|during|otherwise|else)\b"
).set_name("'1 on a and 0 on b'")
# "1 if TLS is required, otherwise 0": a stated pair of values.
_Q = r"[\"'`]?"
if_else_phrase = pp.Regex(
    r"(?i)(?<![\w\"'`])"
    + _Q
    + r"(?P<a>1|true|yes|on|y|t)"
    + _Q
    + r"\s+(?:if|when|while|whilst)\b[^.;<>]{0,120}?"
    r"(?:\b(?:else|otherwise)\s*,?\s*" + _Q + r"(?P<b>0|false|no|off|n|f)" + _Q + r"(?![\w\"'`])"
    r"|(?:,|\band)\s*"
    + _Q
    + r"(?P<c>0|false|no|off|n|f)"
    + _Q
    + r"\s+(?:otherwise|if\s+not|else|if|when)\b)"
).set_name("'1 if ..., otherwise 0'")
# "state on/off", "true|false": a true/false pair anywhere in a description.
boolean_slash_phrase = pp.Regex(
    r"(?i)(?<![\w/|])(?P<a>on|true|yes|enabled?)\s*[/|]\s*(?P<b>off|false|no|disabled?)(?![\w/|])"
).set_name("'on/off'")
# "temp unit C|F": words joined by "|" anywhere in a description.
pipe_list_phrase = pp.Regex(
    r"(?<![\w|])(?P<v>\w[\w.+-]{0,15}(?:\|\w[\w.+-]{0,15})+)(?![\w|])"
).set_name("'a|b|c'")
# "(yes/no)", "(auto or manual)", "[on|off]" inside a description.
paren_choices_phrase = pp.Regex(
    r"[(\[<]\s*(?:either\s+)?(?P<v>"
    + _ITEM
    + r"(?:\s*[/|]\s*"
    + _ITEM
    + r")+|"
    + _ITEM
    + r"(?:\s*,\s*"  # "(44100, 48000 or 96000)"
    + _ITEM
    + r")*\s*,?\s+or\s+"
    + _ITEM
    # "(a or b, default a)", "(a or b, a when not given)"
    + r")\s*(?:[,;]\s*(?:default|def\.)\b[^()\[\]<>]{0,30}|[,;]\s*[\w\"'`]+\s+(?:when|if)\s+"
    r"(?:not\s+(?:given|set|present|sent)|omitted|absent|missing)\s*)?[)\]>]"
).set_name("'(a/b)'")
# "file system type (ext4, ntfs, exfat)": a list in brackets after a word naming a sort.
typed_list_phrase = pp.Regex(
    r"(?i)\b(?:type|mode|format|class|kind|protocol|codec|encoding|scheme|method|variant|role"
    r"|state|status|level|unit|units|band)\s*(?:[(\[]\s*(?P<v>"
    + _ITEM
    + r"(?:\s*,\s*(?:or\s+|and\s+)?"
    + _ITEM
    + r")+)\s*[)\]]|:\s*(?P<w>"
    + _ITEM
    + r"(?:(?:\s*,\s*(?:or\s+|and\s+)?|\s+or\s+)"  # "unit: g, kg or lb"
    + _ITEM
    + r")+)\s*(?:[.;)]|$))"
).set_name("'type (a, b, c)'")
# "1, 5 or 10 seconds": numbers joined by "or", then their unit.
unit_list_phrase = pp.Regex(
    r"(?i)(?<![\w.-])(?P<v>\d+(?:\s*,\s*\d+)*\s*,?\s+or\s+\d+)\s+(?:seconds|secs?|s|ms|minutes|mins?"
    r"|hours|hz|khz|mhz|ghz|bits|bytes|kb|mb|dbm|db|%|percent|degrees)\b"
).set_name("'1, 5 or 10 seconds'")
# "0 idle, 1 heating, 2 cooling, 3 error", "0 = off, 1 = on": codes and what they mean.
_MEANING = r"[A-Za-z][\w-]{0,20}(?:\s[a-z][\w-]{0,20})?"
_CODE = r"(?<![\w.-])[\"'`]?\d{1,3}[\"'`]?\s*(?:=\s*|:\s*|-\s*|\s)" + _MEANING
_CODE_MARKED = (
    r"(?<![\w.-])(?:[\"'`]?\d{1,3}[\"'`]?\s*(?:=|:|-)|[\"'`]\d{1,3}[\"'`]"
    r"|[\"'`][A-Za-z]{1,3}[\"'`]\s*(?:=|:))\s*" + _MEANING  # '"A" = audio'
)
# Three or more codes ("0 idle, 1 heating, 2 cooling"), or two with "=" ("0 = off, 1 = on").
code_list_phrase = pp.Regex(
    _CODE + r"(?:\s*[,;]\s*(?:or\s+|and\s+)?" + _CODE + r"){2,30}"
    r"|" + _CODE_MARKED + r"(?:\s*[,;]\s*(?:or\s+|and\s+)?" + _CODE_MARKED + r"){1,30}"
).set_name("'0 idle, 1 busy'")
following_values_phrase = pp.Regex(
    r"(?i)one\s+of\s+the\s+following\s+values[^:]{0,200}:\s*(?P<v>[^.]*(?:\.(?!\s|$)[^.]*)*)"
).set_name("'One of the following values ...:'")
# "T or F, whether ...", "0 or 1": a stated pair opening a description, or closing a
# placeholder ("status of disk X, ok or fail").
boolean_or_phrase = pp.Regex(
    r"(?i)(?:^|,)\s*(?P<a>[\w+-]{1,8})\s+or\s+(?P<b>[\w+-]{1,8})\s*(?:$|,|\)\s*$)"
).set_name("'T or F'")
# "(true/false)", "(on/off)", "[x, y, z]" as the whole description.
slash_pair = pp.Regex(
    # "ex. /v1", "def. /api": a space before the slash only, a path after an abbreviation
    r"^\s*[(\[]?\s*(?P<v>[\"'`]?[\w.+-]+[\"'`]?(?:(?:/\s*|\s+/\s+)[\"'`]?[\w.+-]+[\"'`]?)+)\s*[)\]]?\s*(?:$|[,;.]|\s[-\u2013\u2014]\s)"
).set_name("'(a/b)'")
bracket_list = pp.Regex(
    r"^\s*(?:[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}\s*[:,]?\s*)?\[(?P<v>[\w.+-]+(?:\s*,\s*[\w.+-]+)+)\]\s*\.?$"
).set_name("[a, b, c]")
example_phrase = pp.Regex(
    r"(?i)(?:\be\.\s?g\.?|\beg\b|\bexamples?\b(?!\.\w)|\bnormally\b|\bi\.\s?e\.|\bex\.(?=\s)"
    r"|\blike(?=\s+\d)|\btypically\b|\bfor\s+instance\b)\s*[:,]?\s*\(?"
    r"(?:[\"'`](?:[\w.-]+=)?(?P<q>[^\"'`]+)[\"'`]|(?:[\w.-]+=)?(?P<v>[^\s,;)\"'`>]+))"
).set_name("example phrase")
optional_phrase = pp.Regex(
    r"(?i)\boptional\b|\bif\s+present\b|\bmay\s+be\s+omitted\b|\bif\s+omitted\b"
    r"|(?:^|(?<=[\s(,;]))opt\.?(?=\s*(?:[,;)]|$))"  # "timeout (sec), opt.", "(opt)"
).set_name("'optional'")
required_phrase = pp.Regex(
    r"(?i)\breq\w{2,4}ed\b|\bmandatory\b|\bmust\s+be\s+present\b"
    r"|(?:^|(?<=[\s(,;]))req\.?(?=\s*(?:[,;)]|$))"  # "display name, req.", "(req)"
).set_name("'required'")
# The leading lookahead (here and in the phrases above) lets the scan skip at once the
# many offsets where no alternative can start, which keeps long notes fast.
extensible_phrase = pp.Regex(
    r"(?i)(?=[+acdefmnopv])(?:(?:\+|\band\b|\bplus\b)\s*(?:other\s+)?proprietary|proprietary\s+keys"
    r"|others?\s+(?:keys?\s+)?not\s+publicly|\bothers\s+are\s+proprietary"
    r"|(?:further|additional|other|more|extra)\s+(?:(?:vendor|custom|private|proprietary|optional"
    r"|manufacturer|device)(?:[- ]specific)?\s+)?(?:txt\s+(?:record\s+)?)?keys"
    r"\s+(?:may|might|can|tbd|to\s+be\s+(?:defined|added)|will|are\s+(?:proprietary|vendor|allowed|"
    r"permitted|reserved|planned|" + DOCUMENTED + r"))"
    r"|not\s+publicly\s+documented|\b(?:and|plus)\s+(?:others|more)\b"
    r"|\b(?:more|others|further\s+ones)\s+(?:may|might|will|can)\s+(?:follow|be\s+added|appear|come)\b"
    r"|\bmore\s+to\s+(?:come|follow)\b"
    r"|\b(?:may|might|can)\s+(?:also\s+)?(?:carry|include|contain|have|add|publish)\s+(?:further|additional|other|more|extra)\b"
    r"|\b(?:may|can|will)\s+(?:add|define)\s+(?:new\s+|further\s+)?keys\b"
    r"|\b(?:vendor|manufacturer)[- ]defined\s+keys\b|\bfuture\b[^.\n]{0,40}\bmore\s+keys\b"
    r"|\b(?:additional|further|other|more|new)\s+keys\b[^.\n]{0,60}\b(?:may|can)\s+be\s+(?:added|defined)\b"
    r"|\b(?:may|can)\s+(?:define|add|use|publish)\s+(?:their\s+own|own|other|additional|more|extra|custom|vendor)\b"
    r"|\bany\s+(?:other\s+)?key\b[^.;\n]{0,40}?\b(?:is|are)\s+(?:vendor|proprietary|custom|private)"
    r"|(?:vendor|manufacturer|device|application)[- ]specific\s+keys"
    r"|(?:vendor|custom|private)\s+(?:extension|extra)\s*(?:keys?|s)?\b)"
).set_name("extensible phrase")
all_optional_phrase = pp.Regex(
    r"(?i)\ball\b(?:\s+[\w-]+){0,6}?\s+keys\b(?:\s+[\w-]+){0,6}?\s+are\s+optional\b"
).set_name("'all keys are optional'")

_ITEM_SPLIT = token("item split", r"\s*,\s*(?:or\s+)?|\s+or\s+")


def placeholder_choices(ph: str) -> list[str]:
    """``<true|false>``, ``<master or slave>``, ``<OK, DND, AWY>``, ``<on/off>``,
    ``<speed: 10, 100 or 1000>``, ``<quality: low/medium/high>``: the values a
    placeholder lists (after an optional label)."""
    label = re.fullmatch(r"\s*[A-Za-z][\w -]{0,30}:(?!//)\s*(.+)", ph)  # "speed: 10, 100 or 1000"
    body = label.group(1) if label else ph
    if "|" in body:
        items = [i.strip().strip("'\"") for i in body.split("|")]
        if len(items) >= 2 and all(i and len(i.split()) == 1 for i in items):
            return items
    m = re.fullmatch(r"\s*(?:either\s+)?(" + _ITEM + r")\s+or\s+(" + _ITEM + r")\s*", body)
    if m:
        return [_unquote(m.group(1)), _unquote(m.group(2))]
    m = re.fullmatch(r"\s*(\w[\w+-]*(?:\s*/\s*\w[\w+-]*)+)\s*", body)
    if m and not re.fullmatch(r"[\d\s/]+", m.group(1)):  # "on/off", not a date "1/2"
        items = [i.strip() for i in m.group(1).split("/")]
        if all(len(i) <= 12 for i in items):
            return items
    items = _ITEM_SPLIT.re.split(body.strip())
    enough = 2 if label else 3
    plain = all(
        i and " " not in i and not re.search(r"\d\s*[-\u2013]\s*\d|\u00b0", i) for i in items
    )
    if len(items) >= enough and plain:  # not "setpoint, \u00b0C, 5.0-30.0"
        return [_unquote(i) for i in items]  # '<"heat", "cool" or "auto">': the words
    return []


def _unquote(item: str) -> str:
    return item[1:-1] if len(item) > 1 and item[0] in "\"'`" and item[-1] == item[0] else item


def _items(text: str) -> list[str]:
    """The items of a list of choices, unquoted."""
    parts = re.findall(_ITEM, text)
    return [_unquote(p) for p in parts if p.lower() not in {"or", "and"}]


# "en if omitted", "tcp by default", "8080 when absent": the value is the word before.
omitted_phrase = pp.Regex(
    r"(?i)(?<=[\w\"'/])\s+(?:(?:is\s+used\s+)?(?:if|when)\s+(?:the\s+key\s+is\s+|it\s+is\s+)?(?:omitted|absent|missing|unset"
    r"|not\s+(?:present|given|set|specified|supplied))|by\s+default)\b"
).set_name("'X if omitted'")


_ASSIGNED_WORD = token("assigned word", r"^[A-Za-z_][\w.-]{0,30}=(?=[\"'`]?\w)")


_UNITS = frozenset(
    {"s", "sec", "secs", "seconds", "ms", "milliseconds", "minutes", "min", "hours", "days"}
    | {"bytes", "octets", "kb", "mb", "percent", "%", "hz", "khz", "kbps", "mbps"}
)


def assumed_value(desc: str, allowed: tuple[str, ...] = ()) -> str | None:
    """``If absent, 8080 is assumed``, ``(en if omitted)``, ``tcp by default``: the word
    just before the phrase is the default."""
    found = find(assumed_phrase, desc) or find(omitted_phrase, desc)
    if not found:
        return None
    before = desc[max(0, found.start() - 80) : found.start()].split()
    word = before[-1].strip("\"'()[],;:") if before else ""
    word = _ASSIGNED_WORD.re.sub("", word)  # "(mode=raw if not set)": the value after "="
    if len(before) > 1 and word.lower() in _UNITS and re.fullmatch(r"\d+(?:\.\d+)?", before[-2]):
        word = before[-2]  # "a lifetime of 3600 seconds SHALL be assumed": the number
    if word in allowed:  # "<on|off> (on if omitted)": one of the key's own values
        return word
    if len(before) > 1 and before[-2].lower() in {"the", "a", "an", "default", "its", "their"}:
        return None  # "uses the default port if absent": a phrase, not a value
    if not re.fullmatch(r"[\w+./:-]*[\w/]", word) or word.lower() in STOPWORDS | {"default"}:
        return None
    return word


def example(text: str) -> str | None:
    found = find(example_phrase, text)
    if not found:
        return None
    return found.group("q") or found.group("v").rstrip(".")  # "e.g. 115200.": the sentence ends


def description_choices(desc: str) -> list[str]:
    """The choices a description lists, in any of the phrasings above."""
    if "//" in desc:  # a URL's "host:8443/api" is no list of values
        desc = _URL.re.sub("URL", desc)
    if typed := _TYPE_LEAD.re.match(desc):  # "enum  gateway | satellite": a type column first
        desc = desc[typed.end() :]
    if relative := _RELATIVE_LEAD.re.match(desc):  # "role, which is primary or replica"
        desc = desc[relative.end() :]
    found = _choices_of(desc)
    if not found and "(" in desc and _GLOSSED.re.search(desc):
        found = _choices_of(_GLOSSED.re.sub(r"\1", desc))  # "ok, upd (updating) or err"
    pair = _SLASH_PAIR.re.search(desc) if not found and "/" in desc else None
    if pair and boolean_pair([pair["a"], pair["b"]]):  # "0/1 keyboard attached", "charging? y/n"
        found = [pair["a"], pair["b"]]
    return found


# A type word opening a description, from a Type column run into it ("string win, mac or
# linux", "enum gateway | bridge").
_TYPE_LEAD = token(
    "type lead",
    r"(?i)\s*(?:enum|string|str|u?int(?:8|16|32|64)?(?:_t)?|integer|bool(?:ean)?|text|char\[\d+\])"
    r"\s+(?!or\b|and\b|/)(?=\S)",  # "text or json" is a choice between two
)
# A relative clause opening a key's description in prose ("role, which is primary or
# replica"): what follows it is said of the value.
_RELATIVE_LEAD = token(
    "relative lead", r"(?i)\s*(?:which|that)\s+(?:is|are|must\s+be|can\s+be|may\s+be)\s+"
)
# A true/false pair written with a slash anywhere in a description, as a word of its own.
_SLASH_PAIR = token(
    "slash pair word",
    r"(?<![\w/.-])(?P<a>[A-Za-z0-9]{1,5})\s?/\s?(?P<b>[A-Za-z0-9]{1,5})(?![\w/.-])",
)


def _codes(found: re.Match[str]) -> list[str]:
    """The codes of a list of codes and their meanings."""
    return re.findall(
        r"(?<![\w.])[\"'`]?(\d{1,3}|(?<=[\"'`])[A-Za-z]{1,3}(?=[\"'`]))[\"'`]?\s*"
        r"(?:=\s*|:\s*|-\s*|\s)(?=[A-Za-z])",
        found.group(0),
    )


def _choices_of(desc: str) -> list[str]:
    found = find(one_of_phrase, desc)
    if found:
        return re.findall(r"[\"']([^\"']+)[\"']", found.group("v"))
    inner = _INNER_PLACEHOLDER.re.search(desc)
    if inner and (listed := placeholder_choices(inner.group(1))):
        return listed  # "operating mode <mode: auto, heat or cool>"
    found = find(following_values_phrase, desc)
    if found:
        items = _ITEM_SPLIT.re.split(found.group("v"))
        out = [i.split()[0].rstrip(".,") for i in items if i.split()]
        if len(out) >= 2:
            return out
    m = re.match(
        r"^\s*([\"'`]?[\w+.-]+[\"'`]?(?:\s*\|\s*[\"'`]?[\w+.-]+[\"'`]?)+)\s*(?:$|[;,(])", desc
    )
    if m:
        return [c.strip().strip("\"'`") for c in m.group(1).split("|")]
    for expr in (slash_pair, bracket_list):
        found = find(expr, desc)
        if found:
            items = [i.strip().strip("\"'`") for i in re.split(r"[/,]", found.group("v"))]
            short = expr is bracket_list or all(len(i) <= 12 for i in items)
            plain = short and not any(i.lower() in STOPWORDS for i in items)
            if expr is slash_pair and len(items) == 2 and items[1].lower() in _PER_UNITS:
                continue  # "samples/sec", "km/h": a rate, not two values
            if len(items) >= 2 and (plain or boolean_pair(items)):  # "on/off"
                return items
    found = find(bare_choices_phrase, desc) or find(brace_set_phrase, desc)
    if found:
        choice_text = str(found.group("v"))
        last = re.search(r"\s(?:or|and)\s+" + _ITEM, choice_text)
        if last and choice_text[last.end() :].strip():
            choice_text = choice_text[
                : last.end()
            ]  # "manual or automatic, depending ...": ends at "or X"
        items = _items(choice_text)
        labelled = _VALUES_LABEL.re.match(found.group(0)) is not None
        one_of = found.group(0).lower().lstrip().startswith("one of")  # "one of de, fr or it"
        words_too = one_of and len(items) >= 2 and not {i.lower() for i in items} & _NOT_CHOICES
        if (
            _plausible(items)
            or words_too
            or (labelled and _plausible([i for i in items if i not in _NOT_CHOICES]))
        ):
            return items  # after "Values:" an item like "empty" is a value, not a word about one
    found = find(lead_list_phrase, desc)
    if found:
        items = _items(found.group("v"))
        numbers = [i for i in items if i.isdigit()]
        if len(numbers) >= 2 and len(numbers) < len(items) and items[-len(numbers) :] == numbers:
            items = numbers  # "generation, 1 or 2": a label, then the values
        raw = [r for r in re.findall(_ITEM, found.group("v")) if r.lower() not in {"or", "and"}]
        marked = [_unquote(r) for r in raw if r[:1] in "\"'`"]
        if len(marked) >= 2 and raw[0][:1] not in "\"'`" and len(marked) == len(raw) - 1:
            items = marked  # 'level, "low", "mid" or "high"': a label, then the values
        if len(items) >= 3 and _labels_values(items[0], items[1:]):
            items = items[
                1:
            ]  # "needed, tcp or ws", "encryption, WPA2 or WPA3": a word, then values
        quoted = found.group("v").lstrip()[:1] in "\"'"
        numeric = all(i.isdigit() for i in items)
        short = len(items) >= 3 or all(len(i) <= 6 for i in items)
        either = found.group(0).lstrip()[:7].lower() == "either "  # "either on or standby"
        if _plausible(items) and (quoted or numeric or short):
            return items
        if either and len(items) == 2 and not {i.lower() for i in items} & _NOT_CHOICES:
            return items  # "either on or standby": "on" is a value here, not a stop word
    found = find(number_run_phrase, desc)
    if found:  # "0 1 or 2 (default 0)": numbers in a row, the last after "or"
        return re.findall(r"\d+", found.group("v"))
    found = find(tail_slash_pair, desc)
    if found:  # "infrared LEDs, `on`/`off`": a pair of values closing the description
        items = [i.strip("\"'`") for i in found.group("v").split("/")]
        if boolean_pair(items) or found.group("v")[:1] in "\"'`":
            return items
    found = find(label_list_end, desc)
    if found:  # "response format, json or xml.": a label, then the values close it
        items = _items(found.group("v"))
        head = desc[: found.start("v")].rstrip(" ,").split()
        if (
            len(head) >= 2
            and len(head[-1]) <= 2
            and all(_shape(head[-1]) == _shape(i) for i in items)
        ):
            items = [head[-1], *items]  # "parity N, E or O": the label's last word is a value
        if _plausible(items) and all(len(i) <= 8 for i in items):
            return items
    found = find(enable_pair_phrase, desc)
    if found:
        return [found.group("a"), found.group("b")]
    found = find(meaning_pair_phrase, desc)
    if found and _plausible([found["a"], found["b"]]) and found["a"] != found["b"]:
        coded = find(code_list_phrase, desc)
        if coded is not None and len(listed := _codes(coded)) > 2:
            return listed  # "0 = idle, 1 = playing, 2 = paused": every code, not the first two
        return [found.group("a"), found.group("b")]
    found = find(if_else_phrase, desc)
    if found:
        return [found.group("a"), found.group("b") or found.group("c")]
    found = find(state_pair_phrase, desc)
    if found and found["a"].lower() != found["b"].lower():
        return [found.group("a"), found.group("b")]
    found = find(code_list_phrase, desc)
    if found:  # "0 idle, 1 heating, 2 cooling, 3 error"
        return _codes(found)
    found = find(tail_slash_phrase, desc)
    if found:
        items = _items(found.group("v"))
        if _plausible(items) and all(len(i) <= 12 for i in items):
            return items
    found = find(typed_list_phrase, desc)
    if found:
        items = _items(found.group("v") or found.group("w"))
        if _plausible(items):
            return items
    found = find(unit_list_phrase, desc)
    if found:
        return _items(found.group("v"))
    found = find(paren_choices_phrase, desc)
    if found and _SCHEME_CHOICE.re.fullmatch(found.group("v")) and _URL_WORD.re.search(desc):
        found = None  # "base URL of the API (http or https)": the URL's scheme, not its value
    if found:
        items = _items(found.group("v"))
        after = desc[found.end() :].strip(" .;,")
        closes = (
            not after or _DEFAULT_AFTER.re.match(after) is not None
        )  # "(tcp or udp); tcp when omitted"
        if _plausible(items) and (boolean_pair(items) or closes):
            return items
    found = find(label_list_phrase, desc)
    if found:
        items = _items(found.group("v"))
        if _plausible(items):
            return items
    found = find(boolean_or_phrase, desc)
    if found:
        return [found.group("a"), found.group("b")]
    found = find(boolean_slash_phrase, desc)
    if found:
        return [found.group("a"), found.group("b")]
    found = find(pipe_list_phrase, desc)
    if found:
        items = found.group("v").split("|")
        if _plausible(items):
            return items
    found = find(meaning_list_phrase, desc)
    if found:
        items = [
            _unquote(i) for i in re.findall(r"([\"']?\w[\w.+-]*[\"']?)\s*\(", found.group("v"))
        ]
        if len(set(items)) == len(items) and (_plausible(items) or all(len(i) <= 2 for i in items)):
            return items
    found = find(quoted_slash_phrase, desc)
    if found:
        return [_unquote(i.strip()) for i in re.split(r"[/|]", found.group("v"))]
    found = find(quoted_or_phrase, desc)
    if found and _EXAMPLE_BEFORE.re.search(desc[: found.start()]):
        found = None  # 'strings like "Kitchen" or "Office"': examples
    if found and _CONDITION_BEFORE.re.search(desc[: found.start()]):
        found = None  # '(only while st is "run" or "hold")': values of another key
    if found:
        return [_unquote(q) for q in re.findall(_QV, found.group("v"))]
    found = find(code_tail_phrase, desc)  # the last resort: ", A or B." closing it
    if found:
        return _items(found.group("v"))
    return []


_DEFAULT_AFTER = token(
    "default after",
    r"(?i)(?:\(?\s*default|[\w\"'`]+\s+(?:when|if)\s+(?:omitted|absent|missing|not\s+set)|if\s+(?:omitted|absent|missing))",
)
# URL schemes: a URL is no list of values, nor are its schemes after a URL ("(http or https)").
_SCHEMES = r"(?:https?|wss?|coaps?|mqtts?|ftps?)"
_URL = token("url", r"(?i)" + _SCHEMES + r"://\S+")
_SCHEME_CHOICE = token(
    "scheme choice", r"(?i)" + _SCHEMES + r"(?:\s*(?:,|or|/|\|)\s*" + _SCHEMES + r")+"
)
_URL_WORD = token("url word", r"(?i)\b(?:url|uri|endpoint|address)\b")
_INNER_PLACEHOLDER = token("inner placeholder", r"<([^<>\n]{3,80}(?::|\||\bor\b)[^<>\n]*)>")
# Words that end a list of choices rather than being one ("can be omitted", "may be empty").
_NOT_CHOICES = frozenset(
    (
        "more",
        "less",
        "fewer",
        "later",
        "newer",
        "higher",
        "above",
        "omitted",
        "empty",
        "absent",
        "present",
        "set",
        "changed",
        "used",
        "given",
        "any",
        "missing",
        "ignored",
        "specified",
        "repeated",
    )
)


_VALUES_LABEL = token("values label", r"(?i)(?:values?|choices?|options?|allowed|accepted)\s*:")


_NEED_WORDS = frozenset({"needed", "required", "mandatory", "optional", "always", "must"})
# The time after a slash that makes a rate: "samples/sec", "km/h", "l/min".
_PER_UNITS = frozenset({"s", "sec", "second", "min", "minute", "h", "hr", "hour", "day", "ms"})


def _shape(word: str) -> str:
    """A word's outline: "A" for an upper-case letter, "a" lower, "9" a digit, runs kept once."""
    out = re.sub(r"[A-Z]+", "A", re.sub(r"[a-z]+", "a", re.sub(r"\d+", "9", word)))
    return out if len(word) <= 2 else f"{out}+"


def _labels_values(first: str, rest: list[str]) -> bool:
    """The first item of "w, a or b" is a word about the values, not one of them: a need word,
    or a lower-case word while every other item has a capital or a digit ("encryption, WPA2")."""
    if first.lower() in _NEED_WORDS:
        return True
    return (
        first.isalpha()
        and first.islower()
        and len(first) > max(len(r) for r in rest)
        and all(re.search(r"[A-Z0-9]", r) for r in rest)
    )


def _plausible(items: list[str]) -> bool:
    """Two or more short items, none a stop word or a word about presence."""
    if boolean_pair(items):
        return True
    if len(items) >= 2 and all(len(i) == 1 and i.isalnum() for i in items):
        return True  # "one of a, b or c", "N, S, E or W": single letters are codes, not words
    return (
        len(items) >= 2
        and all(len(i) <= 40 for i in items)
        and not any(_word_about(i) for i in items)
    )


def _word_about(item: str) -> bool:
    """A stop word or a word about presence; an upper-case code ("AS", "IN") is neither."""
    low = item.lower()
    return low in _NOT_CHOICES or (low in STOPWORDS and not (item.isupper() and len(item) > 1))
