"""Live mDNS: advertise a checked record, audit what the link advertises."""
