"""Readers of the IANA service-name registry in its renderings (XML, CSV, markdown, text)."""
