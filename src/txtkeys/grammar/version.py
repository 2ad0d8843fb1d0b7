"""The grammar's version, on its own so readers of stored readings need not import pyparsing.

Bumped whenever a reading may change: the compiled catalogue records it, and a compile
reuses the stored reading of an unchanged note only when the versions agree.
"""

from __future__ import annotations

__all__ = ["GRAMMAR_VERSION"]

GRAMMAR_VERSION = 26
