"""The project's exceptions: one base class, each error says what to do next.

The CLI turns any ``TxtkeysError`` into one line on stderr and exit status 2.
"""

from __future__ import annotations

__all__ = [
    "CatalogueError",
    "InputFormatError",
    "OverlayError",
    "TxtkeysError",
    "UnknownServiceError",
    "UpdateError",
    "ValidationError",
]


class TxtkeysError(Exception):
    """Base class of every error txtkeys raises on purpose."""


class InputFormatError(TxtkeysError, ValueError):
    """Input text (registry, TXT words, Avahi file) that cannot be read.

    Carries the source name and, where known, the 1-based line and column, so
    the message can point at the place to fix.
    """

    def __init__(
        self,
        msg: str,
        *,
        source: str = "<input>",
        line: int | None = None,
        column: int | None = None,
        text_line: str | None = None,
    ) -> None:
        self.msg = msg
        self.source = source
        self.line = line
        self.column = column
        self.text_line = text_line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.msg}"

    def pointer(self) -> str:
        """The offending line with a caret under the column, when both are known."""
        if self.text_line is None or self.column is None:
            return ""
        return f"{self.text_line}\n{' ' * (self.column - 1)}^"


class UnknownServiceError(TxtkeysError, LookupError):
    """A service name that is malformed or not in the catalogue."""


class CatalogueError(TxtkeysError):
    """A compiled catalogue file that is missing, damaged or from another version."""


class OverlayError(TxtkeysError):
    """A schema overlay file that cannot be used (see the message for file and line)."""


class ValidationError(TxtkeysError, ValueError):
    """A TXT record with errors, raised where a correct record is required.

    ``issues`` holds every finding of the check, not only the first.
    """

    def __init__(self, msg: str, issues: tuple[object, ...] = ()) -> None:
        self.issues = issues
        super().__init__(msg)


class UpdateError(TxtkeysError):
    """A refresh that was refused or failed; the catalogue in use is left as it was."""
