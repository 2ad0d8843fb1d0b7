"""The checks: RFC 6763 rules, schema rules, and ``validate`` that runs them."""
