"""TXT records in and out: wire RDATA, key=value words, mappings, zeroconf, Avahi, dns-sd."""
