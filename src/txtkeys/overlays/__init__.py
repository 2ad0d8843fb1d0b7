"""Schema overlays: TXT keys defined outside the registry, in TOML files."""
