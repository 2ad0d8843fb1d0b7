"""Value kinds, sizes, ranges, secrets and key families: read from what the note says.

    kind-phrase = hex-size | uuid | text-size | byte-size | digits | range | integer-word
                | mac | ip | url | path | port | version | boolean-word | flag-word | host ;
    hex-size    = number , [ "-" ] , "hex" ;                     (* "40hex characters" *)
    text-size   = ( "up to" | "max" | "at most" ) , number , ( "bytes" | "characters" ) ;
    range       = integer , ( "-" | "to" | ".." ) , integer | "from" , integer , "to" , integer ;
    family      = key-stem , ( "X" | "N" | "n" | "<n>" | "<N>" | "#" ) ;    (* dkX, portN, key<n> *)

The kind of a key comes from its placeholder or description, never from its name alone;
``secret`` comes from what the value is (a password, token, PIN or key material).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyparsing as pp

from ..schema.kinds import KeyKind
from .tokens import token

__all__ = [
    "Sized",
    "abnf_kind",
    "family_pattern",
    "is_secret",
    "kind_of",
    "literal",
    "numbered_family",
]

Sized = tuple[KeyKind, int | None, int | None, int | None, int | None]

hex_size = pp.Regex(
    r"(?i)(\d+)\s*-?\s*(?:(?:char(?:acter)?s?|digits?|nibbles?)\s*-?\s*)?(?:(?:lower|upper)-?case\s+)?hex"
    r"|\bhex(?:adecimal)?\s+(?:string|digits|characters)\s+(?:of\s+)?\(?(\d+)\s+(?:char|digit)"
).set_name("'N hex'")
uuid_word = pp.Regex(r"(?i)(\d+)\s*bytes?\s+uuid|^uuid$|\b[gu]uid\b").set_name("'UUID'")
text_size = pp.Regex(
    r"(?i)\b(?:up\s+to|max(?:imum)?\.?|at\s+most|no\s+more\s+than|<=?)\s*(\d+)\s*"
    r"(?:utf-?8\s+|ascii\s+|unicode\s+)?(?:bytes?|char(?:acter)?s?|octets?)\b"
).set_name("'up to N bytes'")
# "8-63 characters", "1 to 32 bytes": a length range, not a numeric one.
length_range = pp.Regex(
    r"(?i)\b(\d+)\s*(?:-|\u2013|\.\.|to)\s*(\d+)\s*(?:[a-z0-9-]+\s+){0,2}"
    r"(?:bytes?|char(?:acter)?s?|octets?|letters?(?:\s+or\s+digits)?)\b"
).set_name("'N-M characters'")
byte_size = pp.Regex(r"(?i)(\d+)\s*bytes?\b").set_name("'N bytes'")
digits = pp.Regex(r"(?i)(?:\b(\d+)[- ]digits?\b|\bdigit\s+from\s+(\d+)\s*-\s*(\d+))").set_name(
    "'N-digit'"
)
int_range = pp.Regex(
    r"(?i)(?:\bfrom\s+|\bbetween\s+)?(?<![\w.:/-])(-?\d{1,10})\s*(?:-|\u2013|\.\.|to|and)\s*"
    r"(-?\d{1,10})(?![\w:/-]|\.\d)"
).set_name("integer range")
# The leading lookahead lets the scan skip at once the offsets where no word can start.
integer_word = pp.Regex(
    r"(?i)^\s*(?:\(?\s*(?:seconds|secs?|milliseconds|ms|minutes|hours|number)\s*\)?\s*$"
    r"|\(?\s*(?:s|[kmg]i?b)\s*\)?\s*$"
    r"|(?:[\w-]+\s+){0,2}(?:size|limit)\s*$|\d{1,3}\s*=\s*(?:highest|lowest|no\b|none|off|default))"
    r"|(?=[ipncsa>,(;ue<\u2264%mktdlrgh0-9])(?:\bint\b|\bintegers?\b|\bport\s*(?:#|number)|\bnumeric\b"
    r"|(?<!serial\s)(?<!model\s)(?<!build\s)(?<!part\s)(?<!phone\s)\bnumber\s+of\b|\bcounts?\b"
    r"|\bin\s+(?:milli)?seconds\b|\bin\s+(?:hz|khz|percent|ms|minutes)\b|\bseconds\b"
    r"|(?:>=?|\bat\s+least)\s*\d+\s*$|\bper\s+(?:second|minute|hour|day)\b"
    r"|[,(]\s*(?:ms|s|sec|secs|min)\s*$|\bin\s+(?:s|sec|secs|min)\b|\bunix\s+(?:time|timestamp|secs?|seconds)\b"
    # a unit abbreviation alone in brackets ("timeout (sec)", "ram (MB)"), glued to a step
    # ("in 10ms steps") or after a timing noun ("rekey interval s", "sample rate Hz")
    r"|(?:\(|^)\s*(?:ms|s|sec|secs|mins?|hrs?|hz|khz|kb|mb|gb|kib|mib|gib)\s*\)"
    r"|\bin\s+\d+\s*(?:ms|s|sec|min)\s+(?:steps|increments|units)\b"
    r"|(?<![\w.])\d+(?:ms|s|sec|min)\b"  # "delay 5s", "every 100ms": glued to a number
    r"|\b(?:interval|timeout|period|delay|ttl|duration|latency|rate|uptime|time)\s+"
    r"(?:ms|s|sec|secs|min|hz|khz)\s*(?:[,;)]|$)"
    r"|\bepoch\b|(?:<=|\u2264)\s*\d+|\bpercent(?:age)?\b|%|\bmireds?\b|\bkelvin\b"
    r"|\bin\s+(?:bytes|octets|[kmgt]i?b|kilobytes|megabytes|gigabytes|bits)\b"
    r"|[,(;]\s*\d{1,3}\s*=\s*(?:highest|lowest|no\b|none|off|default))"
).set_name("integer word")
mac_word = pp.Regex(
    r"(?i)\bmac[- ]?address\b|\bbssid\b|\b(?:hardware|ethernet|hw|wi-?fi|wlan)[- ]address\b"
    r"|\b[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}\b|\beui-?48\b|^\s*mac\b|\bmac\s+of\b"
).set_name("'MAC address'")
ip_word = pp.Regex(
    r"(?i)\bip(?:v[46])?[- ](?:add?ress?|addr)\b|\bipv[46]\b|\bmulticast\s+(?:group\s+)?address\b"
    r"|\bdotted[- ](?:quad|decimal)\b|\bnet\s?mask\b"
    r"|\bsubnet\s+mask\b|\bgateway\s+(?:ip\s+)?address\b|^\s*(?:[\w-]+\s+)?ip\s*$|^\s*(?:a\.b\.c\.d|(?:x{1,3}\.){3}x{1,3}|(?:n{1,3}\.){3}n{1,3})\s*$"
).set_name("'IP address'")
url_word = pp.Regex(r"(?i)\burl\b|\buri\b|^\s*(?:https?|coaps?|wss?|ftp)://").set_name("'URL'")
path_word = pp.Regex(r"(?i)\bpathname\b|^/|\bpath\b").set_name("'path'")
# A path however long the phrase: "absolute path to ...", "path on the server ...".
strong_path = pp.Regex(
    r"(?i)\b(?:absolute|relative|full|file|directory|folder|unix|posix|base|endpoint|mount|install)\s+path(?:name)?\b"
    r"|\bdocument\s+root\b|\broot\s+(?:directory|folder)\b"
    r"|^\s*(?:the\s+)?path(?:name)?\s+(?:to|on|of|where|under)\b|\be\.\s?g\.?\s*/\w"
).set_name("'absolute path'")
# "URL path of the API root", "path prefix such as /api": the path part of a URL.
url_path = pp.Regex(r"(?i)\b(?:url|uri|http|request|resource)\s+path\b|\bpath\s+prefix\b").set_name(
    "'URL path'"
)
port_word = pp.Regex(r"(?i)\bport\b(?!\s+(?:name|label|type|id|prefix|description)\b)").set_name(
    "'port'"
)
# "the port for ...", "TCP port of ...": a port number however long the phrase.
strong_port = pp.Regex(
    r"(?i)(?:^\s*|\bvalue\s+is\s+)(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}port\b(?!\s*(?:name|type|label|id\b))"
).set_name("'the port for'")
binary_word = pp.Regex(
    r"(?i)\bbase-?64\b|\bbinary\b|\braw\s+bytes\b|\bder[- ]encoded\b|\bopaque\s+bytes\b"
).set_name("'base64'")
# "PAN id (hex)", "I2C address in hex", "bitmask, hex", "SHA-256 fingerprint": hex digits.
hex_word = pp.Regex(
    r"(?i)(?:\(|,\s*|\bin\s+|\bas\s+(?:a\s+)?)hex(?:adecimal)?\b(?:\s+string)?\s*(?:\)|$|[,;.])"
    r"|^\s*hex(?:adecimal)?\s*$|\bhex(?:adecimal)?\s+string\b|\bsha-?(?:1|224|256|384|512)\b|\bfingerprint\b|\bmd5\b"
    r"|\bin\s+hex(?:adecimal)?\b|\b0x[0-9a-f]+\b|^\s*hex(?:adecimal)?\s+[a-z]+\s*(?:$|,|e\.g\.)"
    r"|\bhex[- ]?encoded\b"
    r"|^\s*hex(?:adecimal)?\s+(?:id|string|value|serial|digits|code)\b"
).set_name("'hex'")
code_word = pp.Regex(r"(?i)\b(?:pin|code|passcode|password|otp)\b").set_name("'PIN'")
real_word = pp.Regex(
    r"(?i)(?=[dcflvr\u00b0tsamkhoei])(?:\bdbm\b|\bdegrees?\b|\bcelsius\b|\bfahrenheit\b|\blatitude\b"
    r"|\blongitude\b|\bvolts?\b|\bratio\b|\u00b0|(?<!colour\s)(?<!color\s)\btemperature\b"
    r"|\bdistance\b|\bspeed\b|\bacceleration\b|\b(?:mm|cm|km|m/s|mm/s|kg|hysteresis)\b"
    r"|\bone\s+decimal\b|\bfactor\b|\baltitude\b|\belevation\b|\bmet(?:er|re)s?\b|\bin\s+m\b)"
).set_name("'in dBm'")
version_word = pp.Regex(
    r"(?i)\b(?:version|vesion|verion|verison|vresion)\b|\b(?:software|firmware|hardware|protokoll)version\b|^[xyzwn](?:\.[xyzwn]+){1,3}\b|major\.minor|\brevision\b(?!\s+letter)|\bfirmware\s+rev"
    r"|^\s*ver\s*$|^\s*vers\s*$|\be\.\s?g\.?\s*v?\d+\.\d+\.\d+"
    # "API ver", "fw ver.": "ver" abbreviating version after what it versions
    r"|\b(?:api|fw|firmware|sw|software|hw|hardware|protocol|proto|schema|app|os)\s+ver\b"
).set_name("'version'")
# A version however long the phrase: "version of protocol in use by this application".
strong_version = pp.Regex(
    r"(?i)^\s*(?:the\s+)?(?:[\w-]+\s+){0,2}(?:version|vesion|verion|verison)(?:\s+(?:number|string|tag))?\s*(?:$|of\b|[,;(])"
).set_name("'version of'")
boolean_word = pp.Regex(
    r"(?i)^whether\b|\bflag\b|\b(?:1|true|yes|y|t)\s+(?:if|when)\b[^.;]*\b(?:otherwise|else)\b"
    r"|^\s*(?:set\s+to\s+)?(?:1|true|yes)\s+(?:if|when)\b"
    r"|^[\s\u2013-]*(?:on\s+or\s+off|yes\s+or\s+no|true\s+or\s+false|0\s+or\s+1|1\s+or\s+0)\b"
    r"|^\s*1\s+(?:while|when|if)\b[^.]{0,60}?[,;]?\s+0\s+(?:while|when|if|otherwise)\b"
).set_name("'whether'")
flag_word = pp.Regex(
    r"(?i)\bflag\b[^.;]*\b(?:present|absent|no\s+value)|\b(?:present|set)\s+(?:with\s+no|without\s+a?)\s+value"
    r"|\bboolean\s+attribute\b|\bno\s+val(?:ue)?\b|^\s*if\s+present\s*,?\s+[\w\x20-]{0,40}?\b(?:is|are)\s+(?:on|enabled|active|set|running)\b|^\s*(?:an?\s+)?flag\b(?!\s*[=(])|^\s*(?:only\s+)?present\s+(?:only\s+)?(?:if|when|while)\b|^\s*present\s*,?\s*(?:without|with\s+no)\s+(?:a\s+)?value"
).set_name("'present with no value'")
# A description that opens by saying the key stands alone.
strong_flag = pp.Regex(
    r"(?i)^\s*(?:only\s+)?present\b(?!\s+(?:value|state|level|setting|mode|status))"
    r"|^\s*(?:an?\s+)?flag\b(?!\s*[=(])|\bis\s+an?\s+(?:(?:bare|simple|boolean)\s+)?flag\b"
    r"|^\W*bare\b(?:\s+key)?\s*(?:[;,)]|$)|\bpresent\s+without\s+(?:a\s+|any\s+)?value\b"
    # "only present when TLS is on, it have no value", "... and carries no value"
    r"|\bpresent\b[^.;]{0,60}\b(?:it\s+)?(?:has|have|had|carries|carry|takes?)\s+no\s+value\b"
    r"|\b(?:it\s+)?(?:has|have|carries|takes?)\s+no\s+value\b[^.;]{0,30}\bpresent\b"
).set_name("'present when'")
host_word = pp.Regex(
    r"(?i)\bhost\s?name\b|\bdns[- ]name\b|\bfqdn\b|\bdomain\s+name\b|^\s*(?:[\w-]+\s+){0,2}host\s*$"
).set_name("'host name'")
string_word = pp.Regex(r"(?i)\bstring\b|\bs[tr]*ing\b|\btext\b").set_name("'string'")
number_word = pp.Regex(r"(?i)\bdecimal\b|\bfloat(?:ing[- ]point)?\b|^\s*number\s*$").set_name(
    "'number'"
)


name_and_version = pp.Regex(r"(?i)\bname\s+(?:and|&|\+)\s+version\b").set_name("'name and version'")


def _search(expr: pp.ParserElement, text: str) -> re.Match[str] | None:
    assert isinstance(expr, pp.Regex)
    found: re.Match[str] | None = expr.re.search(text)
    return found


# A kind is read from the first this many characters of a placeholder or description.
_KIND_CHARS = 600
_CAMEL = token("camel", r"(?<=[a-z]{2})(?=[A-Z][a-z])")


# A C or JSON type word standing alone: the whole placeholder or value is the type.
_TYPE_ALONE = token(
    "type alone",
    r"(?:const\s+)?(?:unsigned\s+)?(?:(?P<i>u?int(?:8|16|32|64)?(?:_t)?|long|short)"
    r"|(?P<b>bool(?:ean)?)|(?P<n>float|double|real)|char\s*\[\s*(?P<c>\d+)\s*\]|(?P<s>char\s*\*))",
)


def _type_alone(m: re.Match[str]) -> Sized:
    if m["i"]:
        return KeyKind.INTEGER, None, None, None, None
    if m["b"]:
        return KeyKind.BOOLEAN, None, None, None, None
    if m["n"]:
        return KeyKind.NUMBER, None, None, None, None
    size = int(m["c"]) if m["c"] else None
    return KeyKind.TEXT, None, size, None, None


_DOTTED_PRINTF = token("dotted printf", r"%[0-9]*[du](?:\.%[0-9]*[du])+")
_TIME_OF_DAY = token("time of day", r"(?<![\w:])hh:mm(?::ss)?(?![\w:])")
# A value given as a regular expression: character classes with counts, nothing else.
_REGEX_VALUE = token(
    "regex value",
    r"^\s*\^?(?P<re>(?:\(?(?:\[[^\[\]\s]{1,20}\]|[:.-])(?:\{\d{1,3}(?:,\d{0,3})?\}|[+*?])?\)?"
    r"(?:\{\d{1,3}\}|[+*?])?){1,12})\$?(?=\s|$)",
)
_CLASS = token("class", r"\[([^\[\]]+)\]")
_RANGES = token("ranges", r"(?i)(?:[0-9a-z]-[0-9a-z]|\\[dw]|[_.:+-])+")


def regex_kind(text: str) -> Sized | None:
    """The kind a value written as a regular expression states: only digits is an integer,
    only hex digits is hex (its size when one count is given), hex pairs joined by ":" a MAC,
    letters and digits mixed text."""
    m = _REGEX_VALUE.re.match(text)
    if not m or "[" not in m["re"]:
        return None
    pattern = m["re"]
    classes = [c.lower() for c in _CLASS.re.findall(pattern)]
    if not all(_RANGES.re.fullmatch(c) for c in classes):
        return None  # "[°C]", "[%]": a unit in brackets, not a character class
    paired = ":" in pattern.replace("[", " ").split("]")[-1] or re.search(
        r":\)\{5\}|\]\{2\}:", pattern
    )
    if paired and all(set(c) <= set("0-9a-f") for c in classes):
        return KeyKind.MAC, None, None, None, None
    if all(c in {"0-9", "\\d"} for c in classes):
        return KeyKind.INTEGER, None, None, None, None
    if all(set(c) <= set("0-9a-f") for c in classes):
        counts = re.findall(r"\]\{(\d+)\}", pattern)
        n = int(counts[0]) if len(classes) == 1 and len(counts) == 1 else None
        return KeyKind.HEX, n, n, None, None
    return KeyKind.TEXT, None, None, None, None


_ISO_DATE = token("iso date", r"\biso[\s-]?8601\b|\byyyy-mm-dd|\brfc\s?3339\b")


# ABNF (RFC 5234) repetition of a digit rule: "1*3DIGIT", "1*DIGIT", "4DIGIT", "1*HEXDIG".
_ABNF_DIGITS = token("abnf digits", r"(?<![\w*])(?:\d{0,3}\*\d{0,3}|\d{1,3})(?:(hexdig)|digit)\b")

_ABNF_DOTTED = token("abnf dotted", r"digit\s*\"\.\"\s*\d{0,3}\*?\d{0,3}digit")

_DOTTED_DECIMAL = token("dotted decimal", r"\bdotted[- ]?(?:decimal|quad)\b")


def abnf_kind(text: str) -> KeyKind | None:
    """The kind an ABNF digit rule states: DIGIT an integer, HEXDIG hex; a code is text."""
    low = text.lower()
    abnf = _ABNF_DIGITS.re.search(low)
    if abnf is None:
        return None
    if _ABNF_DOTTED.re.search(low) or "major." in low:  # 1*2DIGIT "." 1*2DIGIT: a version
        return KeyKind.VERSION
    if abnf.group(1):
        return KeyKind.HEX
    return None if _search(code_word, low) else KeyKind.INTEGER  # "4DIGIT PIN": a code


# "room number", "universe #": a count or an index; "serial number" is a name made of digits
_COUNTED = token(
    "counted", r"\s*(?:the\s+)?(?:[\w-]+\s+){0,2}(?P<w>[a-z][\w-]*)\s+(?:number|no\.?|#)\s*"
)
_NAMED_NUMBERS = frozenset(
    {"serial", "model", "part", "phone", "telephone", "product", "catalog", "catalogue", "order"}
    | {"item", "account", "licence", "license", "tracking", "reference", "version", "build"}
    | {"stock", "batch", "lot", "asset", "registration", "inventory", "article", "sku", "id"}
    # a kind of number, not a count: "hex number", "floating point number", "real number"
    | {"hex", "hexadecimal", "floating", "point", "decimal", "real", "binary", "octal"}
    | {"mobile", "cell", "fax", "contact", "random", "magic", "whole", "natural", "complex"}
)
# "ip, optional", "host (required)": the need said after the kind is no part of it.
_NEED_TAIL = token("need tail", r"\s*[,;(]\s*(?:optional|required|mandatory|opt|req)\.?\s*\)?\s*$")


@lru_cache(maxsize=1024)
def kind_of(text: str, *, loose: bool = False) -> Sized:
    """The value kind and size stated by a placeholder or (``loose``) a description."""
    text = text[:_KIND_CHARS]  # a kind is stated early; bounded work on long text
    if "opt" in text or "req" in text or "mand" in text:
        text = _NEED_TAIL.re.sub("", text)
    if not loose and " " not in text.strip():
        text = _CAMEL.re.sub(" ", text)  # "<txtVersionNumber>", "<wssPath>": words run together
    low = text.lower()
    short = len(low.split()) <= 6
    if alone := _TYPE_ALONE.re.fullmatch(low.strip()):  # "<uint32>", "<char[20]>", "boolean"
        return _type_alone(alone)
    if _DOTTED_PRINTF.re.search(low):  # "%d.%d.%d": numbers joined by dots, a version
        return KeyKind.VERSION, None, None, None, None
    if shaped := regex_kind(low):  # "[a-f0-9]{8}", "[0-9]+", "([0-9a-f]{2}:){5}[0-9a-f]{2}"
        return shaped
    if abnf := abnf_kind(low):  # "1*3DIGIT", "4HEXDIG": ABNF repetition
        return abnf, None, None, None, None
    if _TIME_OF_DAY.re.search(low):  # "HH:MM", "hh:mm:ss": a time written as text
        return KeyKind.TEXT, None, None, None, None
    if printf := _PRINTF.re.match(low):  # "%u", "%08X", "%s": a C format string says the kind
        return _PRINTF_KIND[printf.group(1).lower()], None, None, None, None
    if _search(semver_word, low):  # "major.minor.patch form", "semver"
        return KeyKind.VERSION, None, None, None, None
    if _ISO_DATE.re.search(low):  # "date in ISO 8601 format (YYYY-MM-DD)": text, not a number
        return KeyKind.TEXT, None, None, None, None
    if _search(name_and_version, low):  # "server software name and version": a label
        return KeyKind.TEXT, None, None, None, None
    if loose and _search(strong_flag, low):  # "present only when ...", "(flag, no value)"
        return KeyKind.FLAG, None, None, None, None
    if "8-4-4-4-12" in low:  # the layout of a UUID
        return KeyKind.UUID, None, None, None, None
    if m := _search(hex_size, low):
        n = int(m.group(1) or m.group(2))
        if n == 12 and _search(mac_word, low):  # "MAC address, 12 hex digits": an EUI-48
            return KeyKind.MAC, None, None, None, None
        return KeyKind.HEX, n, n, None, None
    stated_uuid = "uuid string" in low or "(uuid" in low
    if ((m := _search(uuid_word, low)) and not (loose and m.group(1) is None and not short)) or (
        loose and stated_uuid
    ):
        size = int(m.group(1)) if m and m.group(1) else None
        return KeyKind.UUID, size, size, None, None
    if not loose and re.fullmatch(r"\s*\d+\s*", low):  # "<2>": the value itself
        return KeyKind.INTEGER, None, None, None, None
    if not loose and re.fullmatch(r"\s*v?\d+(?:\.\d+)+\s*", low):  # "<1.0>"
        return KeyKind.VERSION, None, None, None, None
    counted = _COUNTED.re.fullmatch(low) if short else None
    if counted and counted["w"] not in _NAMED_NUMBERS and not counted["w"].startswith("ve"):
        return KeyKind.INTEGER, None, None, None, None  # "<display number>", "universe #"
    if not loose and re.match(r"\s*(?:[\w-]+\s+)?string\b", low):  # "<configuration string ...>"
        return KeyKind.TEXT, None, None, None, None
    if _search(coordinate_pair, low) or _LIST_VALUE.re.search(low):
        return KeyKind.TEXT, None, None, None, None  # "lat,lon"; "comma separated list of ..."
    if loose and _LOOSE_UUID.re.search(low):
        return KeyKind.UUID, None, None, None, None
    if (m := _search(length_range, low)) and int(m.group(1)) <= int(m.group(2)):
        return KeyKind.TEXT, int(m.group(1)), int(m.group(2)), None, None
    if m := _search(text_size, low):
        return KeyKind.TEXT, None, int(m.group(1)), None, None
    if (m := _search(byte_size, low)) and not loose:
        n = int(m.group(1))
        return KeyKind.BINARY, n, n, None, None
    if m := _search(digits, low):
        if m.group(1):
            n = int(m.group(1))
            if _search(code_word, low):  # "4-digit PIN": digits, leading zeros kept (length n)
                return KeyKind.INTEGER, n, n, None, None
            if _search(hex_word, low):  # "device ID (hex, 8 digits)": hex digits
                return KeyKind.HEX, n, n, None, None
            return KeyKind.INTEGER, n, n, None, None
        return KeyKind.INTEGER, None, None, int(m.group(2)), int(m.group(3))
    if _REAL_RANGE.re.search(low):  # "<0.0-1.0>"
        return KeyKind.NUMBER, None, None, None, None
    if short and _BARE_MAC.re.search(low) and not _search(ip_word, low):  # "device MAC, no colons"
        return KeyKind.MAC, None, None, None, None
    if (m := _search(int_range, low)) and _INDEX_RANGE.re.search(low, 0, m.start()):
        m = None  # "MAC of port x (x = 1..4)": the index's range
    if m and int(m.group(1)) <= int(m.group(2)):
        return KeyKind.INTEGER, None, None, int(m.group(1)), int(m.group(2))
    if _search(stated_integer, low):
        return KeyKind.INTEGER, None, None, None, None
    if _search(binary_word, low):
        return KeyKind.BINARY, None, None, None, None
    if _search(hex_word, low):
        return KeyKind.HEX, None, None, None, None
    if _DOTTED_DECIMAL.re.search(low):  # "dotted decimal", "dotted-quad": IPv4's notation
        return KeyKind.IP, None, None, None, None
    if _search(number_word, low) or _search(real_word, low):
        return KeyKind.NUMBER, None, None, None, None
    if _search(strong_version, low) and not _search(integer_word, low):
        return KeyKind.VERSION, None, None, None, None
    if _search(integer_word, low) and not _search(version_word, low):
        return KeyKind.INTEGER, None, None, None, None
    if _search(mac_word, low):
        return KeyKind.MAC, None, None, None, None
    if _search(strong_port, low):
        return KeyKind.INTEGER, None, None, None, None
    if " or " in low and _search(ip_word, low) and _search(host_word, low):
        return KeyKind.HOST, None, None, None, None  # "host name or IP address": either form
    if _search(ip_word, low) and (
        not loose or short or low.lstrip().startswith("ip") or _LOOSE_IP.re.search(low)
    ):
        return KeyKind.IP, None, None, None, None
    if _search(url_path, low):
        return KeyKind.PATH, None, None, None, None
    if _search(url_word, low):
        return KeyKind.URL, None, None, None, None
    if _search(strong_path, low):
        return KeyKind.PATH, None, None, None, None
    if _search(path_word, low) and (short or not loose) and "url" not in low:
        return KeyKind.PATH, None, None, None, None
    if _search(port_word, low) and short:
        return KeyKind.INTEGER, None, None, None, None
    if _search(version_word, low) and short:
        return KeyKind.VERSION, None, None, None, None
    if _search(flag_word, low):
        return KeyKind.FLAG, None, None, None, None
    if _search(boolean_word, low):
        return KeyKind.BOOLEAN, None, None, None, None
    if loose:
        if _search(host_word, low[:40]) or "fully qualified domain name" in low:
            return KeyKind.HOST, None, None, None, None
        if _search(string_word, low):
            return KeyKind.TEXT, None, None, None, None
        return KeyKind.ANY, None, None, None, None
    if _search(host_word, low):
        return KeyKind.HOST, None, None, None, None
    return KeyKind.TEXT, None, None, None, None


# "a negative integer such as -59", "in whole volts", "password length": an integer however
# the rest of the phrase reads (dBm, volts and degrees alone read as numbers).
stated_integer = pp.Regex(
    r"(?i)\b(?:an?\s+)?(?:negative|positive|signed|unsigned|non-negative|whole)\s+(?:\d+-bit\s+)?"
    r"(?:decimal\s+)?integer\b|\b(?:an|as\s+an?)\s+integer\b"
    r"|\bin\s+whole\s+\w+|\b(?:an?\s+)?integer\s+(?:number|value|count)\b|\brpm\b"
    r"|(?:\bin\s+|^\s*<?\s*)[kmg]?bits?/s\b|\bin\s+[kmg]?bps\b|\bin\s+[kmg]?bits?\s+per\s+second\b"
    r"|^\s*(?:an?\s+)?integer\s+[a-z]+\b"  # "integer revision of the configuration"
    r"|\bwhole\s+numbers?\b|\bhow\s+many\b|\bdecimal\s+integer\b|\bdecimal\s+(?:[\w-]+\s+)?version\b"
    r"|\bin\s+(?:hours|days|weeks|seconds?)\b|\b(?:operating|running|uptime)\s+hours\b"
    r"|^\s*(?:[\w-]+\s+){0,2}(?:length|revision\s+number)\s*$"
    r"|\bin\s+(?:tenths|hundredths|thousandths)\s+of\b"  # "temperature in tenths of a degree"
    r"|\bu?int(?:8|16|32|64)(?:_t)?\b"  # "uint32 -- free space, MB": a C integer type
    # "maximum simultaneous connections", "free render slots": how many of a thing
    r"|^\s*<?\s*(?:max(?:imum)?|min(?:imum)?|total|free)\s+(?:[\w-]+\s+){0,2}"
    r"[a-z]*[a-hj-rtv-z]s\s*>?\s*$"
).set_name("'a negative integer'")
# A C format string for the value: "%u", "%08X", "%d", "%s", "%f".
_PRINTF = token("printf format", r"\s*%[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z)?([duixXsfc])\b")
_PRINTF_KIND = {
    "d": KeyKind.INTEGER,
    "u": KeyKind.INTEGER,
    "i": KeyKind.INTEGER,
    "x": KeyKind.HEX,
    "s": KeyKind.TEXT,
    "f": KeyKind.NUMBER,
    "c": KeyKind.TEXT,
}
semver_word = pp.Regex(
    r"(?i)\bmajor\.minor(?:\.patch)?\b|\bsemver\b|\bsemantic\s+version"
).set_name("'major.minor.patch'")
# "latitude,longitude", "latitude and longitude": a pair, written as text.
coordinate_pair = pp.Regex(r"(?i)\blat(?:itude)?\s*(?:,|and|/|&)\s*lon(?:gitude)?\b").set_name(
    "'latitude,longitude'"
)
# A value that is a list of values ("comma separated channel numbers", "a list of sizes"):
# text, whatever one item is.
_LIST_VALUE = token(
    "list value", r"\b(?:comma|space|semicolon)[- ]separated\b|^\s*(?:an?\s+)?list\s+of\b"
)
_REAL_RANGE = token(
    "real range", r"(?<![\w.])[+-]?\d+\.\d+\s*(?:-|\u2013|\.\.|to)\s*[+-]?\d+(?:\.\d+)?(?![\w.])"
)
_BARE_MAC = token("bare mac", r"(?i)\bmac\b(?!\s*os)")
# "x = 1..4", "(n = 0..7)": the range of a family's index, not of the value.
_INDEX_RANGE = token("index range", r"(?i)\b[a-z]\s*=\s*$")
# "device UUID (...)", "a UUID shared by ...": a UUID said early or with an article.
_LOOSE_UUID = token(
    "loose uuid", r"(?i)(?:^(?:[\w-]+\s+){0,3}[gu]uid\b|\b(?:an?|the)\s+[gu]uid\b)(?!\s+or\b)"
)
# "the static IPv4 address": an address named early in a longer description.
_LOOSE_IP = token("loose ip", r"(?i)^(?:\S+\s+){0,4}ip(?:v[46])?[- ](?:add?ress|addr\b)")


# Words that describe a value rather than being one (``u=username``, ``info=name``).
_DESCRIPTIVE_STEMS = token(
    "descriptive stems",
    r"(?i)name|user|key|pattern|file|space|host|root|value|string|type|number|id\b|path|version"
    r"|url|address|list|text|desc|serial|model|date|time|port|^[xyzwn](?:\.[xyzwn])*$",
)


_TYPE_NAME = token(
    "type name",
    r"(?i)hex|str|int|bool|float|double|uint\d{0,2}|int\d{1,2}|string|integer|boolean"
    r"|flag|bare",  # "onvif = flag, no val": the shape of the value, not the value
)


def literal(word: str, stopwords: frozenset[str]) -> bool:
    """``txtvers=1``, ``Manufacturer=Sirona``: a value, not a word describing one."""
    if re.fullmatch(r"\d+(?:\.\d+)*", word):
        return True
    if re.fullmatch(r"[A-Z0-9_]{4,}(?:\[.*)?", word):  # APPLICATIONVERSION: a stand-in
        return False
    if word.lower() in stopwords:  # "cport=the port ...": a sentence, not a value
        return False
    if _TYPE_NAME.re.fullmatch(word):  # "id=hex, fw=str": a type, not the value
        return False
    if re.fullmatch(r"/[\w.+-]+(?:/[\w.+-]+)*/?", word):  # "path=/status": a fixed path
        return True
    return not _DESCRIPTIVE_STEMS.re.search(word) and bool(re.fullmatch(r"[\w.+-]+", word))


# What a secret value is: a password, a token, a PIN, key material (not a public key).
secret_value = pp.Regex(
    r"(?i)\bpass(?:word|wd|phrase)\b|\bsecret\b|\b(?:access|auth(?:entication)?|bearer|api|session)"
    r"[- ]?token\b|\btoken\b|\bpin\b|\bpin[- ]?code\b|\bkey\s+hash\b|\bprivate\s+key\b"
    r"|\bpasscode\b|\b(?:pairing|setup|one-time|otp)\s+code\b"
    r"|\bpre-?shared\s+key\b|\bpsk\b|\bshared\s+secret\b|\bcredentials?\b"
    r"|\b(?:aes|des|3des|hmac|encryption|symmetric|session|master|api)(?:[- ]?\d+)?[- ]key\b"
).set_name("secret value")
_SECRET_NAME = token(
    "secret name", r"(?i)^(?:p|pwd|passwd|password|secret|hash|.*key_?hash|.*secret)$"
)
_NOT_SECRET = token(
    "not secret",
    r"(?i)\b(?:public\s+key|whether|required|needed|flag|no\s+value|hint|policy|protected)\b"
    r"|\bpin\s+(?:number\s+)?of\b",
)


def is_secret(name: str, value_text: str, *, has_value_text: bool, choices: list[str]) -> bool:
    """Does the key carry a secret? Judged by what its value is.

    A key whose value is stated (a placeholder or description) is secret when that
    statement names a password, token, PIN or key material. A key named ``password``
    whose value is ``true|false`` is a flag about a password, not one. A key whose value
    is described without saying either way falls back to its name (``keyhash=<40 hex>``);
    a bare key is never secret by its name alone (the daap note's ``Password`` is a flag).
    """
    if choices or not has_value_text:
        return False
    if _search(_NOT_SECRET_EXPR, value_text):
        return False
    if _search(secret_value, value_text):
        return True
    return bool(_SECRET_NAME.re.match(name)) and not re.search(r"(?i)req", name)


_NOT_SECRET_EXPR = pp.Regex(_NOT_SECRET.pattern).set_name("not a secret")

# ``dkX``, ``portN``, ``slot<n>``, ``key#``: one key standing for numbered keys.
_FAMILY = token(
    "family",
    r"(?P<stem>[a-z][a-z_-]*)(?P<n>X|N|#|_n)$"
    r"|(?P<stem2>[A-Za-z][\w-]*?)(?P<n2><[nNiIkKxX]>|\{[nNiIkKxX]\}|\[[nNiIkKxX]\])$"
    r"|(?P<stem3>[A-Za-z][A-Za-z_-]*?)\d{1,3}\s*(?:\.\.\.?|-|\u2026)\s*(?P=stem3)(?:[nNxXkK]|\d{1,3})$",
)
family_name = pp.Regex(_FAMILY.pattern).set_name("key family")


def family_pattern(name: str) -> str | None:
    """The regex a numbered family's key names fullmatch, or None for an ordinary key."""
    m = _FAMILY.re.match(name)
    if not m:
        return None
    stem: str = m.group("stem") or m.group("stem2") or m.group("stem3")  # key0..keyN too
    if len(stem) > 20:
        return None
    if m.group("n") == "_n":
        stem = stem.rstrip("_")
    return re.escape(stem) + "[0-9]+"


_NUMBERED = token("numbered", r"(?P<stem>[A-Za-z][A-Za-z_-]*?)(?P<n>\d{1,3})$")


def numbered_family(names: list[str]) -> tuple[int, int, str, str] | None:
    """``c0, c1, ..., cn``: the span of items that form one family, and its name and pattern.

    Returns (first index, last index, family name, pattern) where the items from first to
    last are numbered keys of one stem closed by ``...`` and a general member (``cn``).
    """
    for i, word in enumerate(names):
        if word not in {"...", "\u2026", "etc", "etc."}:
            continue
        before = [_NUMBERED.re.fullmatch(w) for w in names[max(0, i - 3) : i]]
        nums = [m for m in before if m]
        if not nums or (len(nums) != len(before) and len(nums) < 2):
            continue
        stem = nums[-1].group("stem")
        if any(m.group("stem") != stem for m in nums):
            continue
        first = i - len(nums)
        tail = re.split(r"[:=]", names[i + 1])[0].strip() if i + 1 < len(names) else None
        if tail is not None and tail in {stem + c for c in ("n", "N", "x", "X", "_n")}:
            return first, i + 1, tail, re.escape(stem) + "[0-9]+"
        return first, i, stem + "n", re.escape(stem) + "[0-9]+"
    return None
