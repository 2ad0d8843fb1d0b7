"""Building refuses bad records, encodes canonically, and advertises over real zeroconf."""

from __future__ import annotations

import json
import shlex

import pytest
from defusedxml.ElementTree import fromstring
from zeroconf import ServiceInfo, Zeroconf

from test_checks import make_catalogue
from txtkeys.build import (
    build_record,
    build_service_info,
    format_avahi,
    format_dns_sd,
    format_hex,
    format_json,
)
from txtkeys.errors import ValidationError
from txtkeys.formats.inputs import from_words
from txtkeys.formats.wire import decode
from txtkeys.report import Issue

CAT = make_catalogue()


def test_canonical_order_and_bare_flags() -> None:
    record = build_record("txtlab", {"id": "x", "ro": "", "txtvers": "1", "any": True}, schemas=CAT)
    assert [str(e) for e in record.entries] == ["txtvers=1", "id=x", "ro", "any"]
    assert decode(record.rdata) == record.entries


def test_errors_raise_with_every_issue() -> None:
    with pytest.raises(ValidationError) as caught:
        build_record("wot/udp", {"td": "td", "scheme": "https", "type": "thing"}, schemas=CAT)
    issues = [i for i in caught.value.issues if isinstance(i, Issue)]
    assert len(issues) == len(caught.value.issues)
    assert {i.code for i in issues} == {"S104", "S113"}
    assert "2 error(s)" in str(caught.value)


def test_bad_port_and_instance() -> None:
    with pytest.raises(ValidationError, match="outside 0-65535"):
        build_record("wot/udp", {"td": "/td"}, port=70000, schemas=CAT)
    with pytest.raises(ValidationError, match="R014"):
        build_record("wot/udp", {"td": "/td"}, instance="x" * 70, schemas=CAT)


def test_service_info_fields() -> None:
    info = build_service_info(
        "wot/udp",
        "Lamp",
        5683,
        {"td": "/td", "scheme": "coaps"},
        addresses=["192.0.2.7", b"\x7f\x00\x00\x01", "::1"],
        schemas=CAT,
    )
    assert isinstance(info, ServiceInfo)
    assert info.type == "_wot._udp.local."
    assert info.name == "Lamp._wot._udp.local."
    assert info.server == "Lamp.local."
    assert info.text == b"\x06td=/td\x0cscheme=coaps"
    assert sorted(info.parsed_addresses()) == ["127.0.0.1", "192.0.2.7", "::1"]


def test_service_info_subtype_and_bad_address() -> None:
    info = build_service_info(
        "wot/udp", "Lamp", 5683, {"td": "/td"}, subtypes=["light"], schemas=CAT
    )
    assert info.type == "_light._sub._wot._udp.local."
    with pytest.raises(ValidationError, match="not an IP address"):
        build_service_info("wot/udp", "L", 1, {"td": "/td"}, addresses=["lamp"], schemas=CAT)
    with pytest.raises(ValidationError, match="one subtype"):
        build_service_info("wot/udp", "L", 1, {"td": "/td"}, subtypes=["a", "b"], schemas=CAT)


def test_empty_record_is_one_zero_byte() -> None:
    assert build_record("distcc", {}, schemas=CAT).rdata == b"\x00"


def test_formats() -> None:
    record = build_record(
        "wot/udp",
        from_words(["td=/td", "scheme=coaps"]),
        instance="Lamp",
        port=5683,
        schemas=CAT,
    )
    assert format_hex(record) == "0674643d2f74640c736368656d653d636f617073"
    assert shlex.split(format_dns_sd(record)) == [
        "dns-sd", "-R", "Lamp", "_wot._udp", "local", "5683", "td=/td", "scheme=coaps",
    ]  # fmt: skip
    root = fromstring(format_avahi(record).split("\n", 2)[2])
    assert root.findtext("service/type") == "_wot._udp"
    assert [t.text for t in root.findall("service/txt-record")] == ["td=/td", "scheme=coaps"]
    data = json.loads(format_json(record))
    assert data["txt"] == [{"key": "td", "value": "/td"}, {"key": "scheme", "value": "coaps"}]
    assert data["rdata_hex"] == format_hex(record)


def test_binary_values_in_formats() -> None:
    record = build_record("any-svc", {"k": b"\x00\xff"}, schemas=CAT)
    assert "\\x00\\xff" in format_dns_sd(record)
    assert '<txt-record value-format="binary-hex">k=00ff</txt-record>' in format_avahi(record)
    assert json.loads(format_json(record))["txt"] == [{"key": "k", "value_hex": "00ff"}]


@pytest.mark.live
def test_advertised_record_resolves_over_loopback() -> None:
    info = build_service_info(
        "wot/udp",
        "Lamp",
        5683,
        {"td": "/td", "scheme": "coaps", "type": "Thing"},
        addresses=["127.0.0.1"],
        schemas=CAT,
    )
    server = Zeroconf(interfaces=["127.0.0.1"])
    try:
        server.register_service(info)
        client = Zeroconf(interfaces=["127.0.0.1"])
        try:
            found = client.get_service_info("_wot._udp.local.", info.name, timeout=3000)
        finally:
            client.close()
    finally:
        server.unregister_all_services()
        server.close()
    assert found is not None
    assert found.text == info.text
    assert found.port == 5683
