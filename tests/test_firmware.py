"""``build --format c`` and ``--format esp-idf`` compile and carry ``--format hex``'s bytes.

The C array is compiled with the machine's ``cc`` into a program that prints it as hex.
The ESP-IDF array is compiled against a stand-in ``mdns.h`` with the component's TXT
encoding (its ``_mdns_allocate_txt`` puts each item in front of the list; each item goes
out as ``len, key, '=', value`` with the value's length from ``strlen``), so the test
checks the record the device would send, order included.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from test_cli_record import catalogue_file, run  # noqa: F401  (module fixture)
from txtkeys.build import BuiltRecord, build_record, format_c, format_esp_idf, format_hex
from txtkeys.catalogue.store import Catalogue

CC = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
needs_cc = pytest.mark.skipif(CC is None, reason="no C compiler (cc) on this machine")

# A record with text, a binary value (0xa3 then a hex digit: the escape must not eat it),
# quotes, a backslash and a '?' pair (no trigraph), and txtvers to go out first.
WORDS = ["wot/udp", "txtvers=1", "td=/td", 'note=a"b\\\\c??/', "x=\\xa31\\x01"]
# Text that would end a comment early, or start a nested one, in the comments.
HOSTILE = ["wot/udp", "td=/td", "c=*/ int x; /*", "--name", "Lamp */ /*", "--port", "5683"]
RECORDS = pytest.mark.parametrize("words", [WORDS, HOSTILE], ids=["mixed", "comment-breakers"])

C_MAIN = """
#include <stdio.h>
#include "record.h"
int main(void) {
    size_t i;
    if (sizeof(%(name)s) != %(size)s) return 3;
    for (i = 0; i < sizeof(%(name)s); i++) printf("%%02x", %(name)s[i]);
    printf("\\n");
    return 0;
}
"""

MDNS_H = """
#ifndef MDNS_STANDIN_H
#define MDNS_STANDIN_H
typedef struct { const char *key; const char *value; } mdns_txt_item_t;
#endif
"""

ESP_MAIN = """
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "record.h"
/* What ESP-IDF's mdns component does with the array: copy each item to the FRONT of a
   linked list (_mdns_allocate_txt), then write the list head first, each item as one
   length byte and key=value, the value's length taken with strlen. */
typedef struct item { const char *key; const char *value; struct item *next; } item;
int main(void) {
    item *head = NULL;
    size_t i;
    for (i = 0; i < %(count)s; i++) {
        item *it = malloc(sizeof *it);
        it->key = %(name)s[i].key; it->value = %(name)s[i].value; it->next = head; head = it;
    }
    for (; head; head = head->next) {
        size_t k = strlen(head->key), v = strlen(head->value);
        printf("%%02x", (unsigned)(k + 1 + v));
        for (i = 0; i < k; i++) printf("%%02x", (unsigned char)head->key[i]);
        printf("3d");
        for (i = 0; i < v; i++) printf("%%02x", (unsigned char)head->value[i]);
    }
    printf("\\n");
    return 0;
}
"""


@pytest.fixture(scope="module")
def catalogue(catalogue_file: Path) -> Catalogue:  # noqa: F811
    return Catalogue.load(catalogue_file)


def _record(catalogue: Catalogue, service: str, txt: object, **kw: object) -> BuiltRecord:
    return build_record(service, txt, schemas=catalogue, **kw)  # type: ignore[arg-type]


def _build(catalogue: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert run(catalogue, "build", *argv) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def _compile_and_run(tmp_path: Path, header: str, main: str, extra: dict[str, str]) -> str:
    assert CC is not None
    (tmp_path / "record.h").write_text(header, encoding="utf-8")
    for name, text in extra.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "main.c").write_text(main, encoding="utf-8")
    exe = tmp_path / "txt"
    compiled = subprocess.run(
        [CC, "-std=c99", "-Wall", "-Wextra", "-Werror", "-I", str(tmp_path), "-o", str(exe),
         str(tmp_path / "main.c")],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert compiled.returncode == 0, compiled.stderr + header
    done = subprocess.run([str(exe)], capture_output=True, text=True, check=True, timeout=30)
    return done.stdout.strip()


@needs_cc
@RECORDS
def test_c_array_compiles_to_the_hex_bytes(
    catalogue_file: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    words: list[str],
) -> None:
    hex_out = _build(catalogue_file, capsys, *words, "--format", "hex").strip()
    header = _build(catalogue_file, capsys, *words, "--format", "c", "--c-name", "lamp_txt")
    assert "static const uint8_t lamp_txt[LAMP_TXT_SIZE]" in header
    assert f"#define LAMP_TXT_SIZE {len(bytes.fromhex(hex_out))}u" in header
    assert "/* td=/td */" in header  # a comment per key
    main = C_MAIN % {"name": "lamp_txt", "size": "LAMP_TXT_SIZE"}
    assert _compile_and_run(tmp_path, header, main, {}) == hex_out


@needs_cc
@RECORDS
def test_esp_idf_array_sends_the_hex_bytes_in_order(
    catalogue_file: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    words: list[str],
) -> None:
    hex_out = _build(catalogue_file, capsys, *words, "--format", "hex").strip()
    header = _build(catalogue_file, capsys, *words, "--format", "esp-idf")
    assert "static mdns_txt_item_t wot_udp_txt[WOT_UDP_TXT_COUNT] = {" in header
    if words is WORDS:
        assert "not printable text" in header  # the binary value is pointed out
        assert header.index('{"x", ') < header.index('{"txtvers", ')  # last key first
    main = ESP_MAIN % {"name": "wot_udp_txt", "count": "WOT_UDP_TXT_COUNT"}
    assert _compile_and_run(tmp_path, header, main, {"mdns.h": MDNS_H}) == hex_out


def test_c_name_default_and_refusals(
    catalogue_file: Path,  # noqa: F811
    catalogue: Catalogue,
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = _record(catalogue, "wot/udp", {"td": "/td"})
    assert "static const uint8_t wot_udp_txt[WOT_UDP_TXT_SIZE]" in format_c(record)
    assert format_hex(record) == "0674643d2f7464"
    for bad in ("1abc", "int", "a-b", "", "lamp txt"):
        assert run(catalogue_file, "build", "wot/udp", "td=/td", "--format", "c",
                   "--c-name", bad) == 2  # fmt: skip
        err = capsys.readouterr().err
        assert "C identifier" in err and err.count("\n") == 1
    assert run(catalogue_file, "build", "wot/udp", "td=/td", "--c-name", "x") == 2
    assert "--c-name" in capsys.readouterr().err


def test_esp_idf_refuses_bare_keys_and_zero_bytes(catalogue: Catalogue) -> None:
    from txtkeys.errors import ValidationError

    flagged = _record(catalogue, "wot/udp", {"td": "/td", "debug": None})
    with pytest.raises(ValidationError, match=r"bare key.*'debug'.*explicit_value_len"):
        format_esp_idf(flagged)
    assert "debug" in format_c(flagged)  # the C array carries it as it is
    zero = _record(catalogue, "wot/udp", {"td": "/td", "blob": b"a\x00b"})
    with pytest.raises(ValidationError, match="zero byte"):
        format_esp_idf(zero)


def test_empty_record(catalogue: Catalogue) -> None:
    record = _record(catalogue, "_x-private._tcp", {})
    assert format_hex(record) == "00"
    text = format_c(record)
    assert "#define X_PRIVATE_TCP_TXT_SIZE 1u" in text and "0x00," in text
    assert "X_PRIVATE_TCP_TXT_COUNT 0u" in format_esp_idf(record)
