"""The grammar of "Defined TXT keys" notes: registry prose in, typed key schemas out."""
