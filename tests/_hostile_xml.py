"""Hostile XML documents shared by the registry, update and hostile-input tests."""

from __future__ import annotations

# "Billion laughs": ten levels of entities, each expanding the one below tenfold.
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE registry [\n<!ENTITY a0 "lollollollollol">\n'
    + b"".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">\n'.encode() for i in range(1, 10))
    + b']>\n<registry xmlns="http://www.iana.org/assignments">&a9;</registry>\n'
)
