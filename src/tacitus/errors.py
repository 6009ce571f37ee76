"""One exception tree for Tacitus; every user-facing message is written here.

Library code raises these; only the CLI turns them into a one-line message and an exit code,
and the batch runner turns them into an error record and goes on.
"""

from __future__ import annotations

__all__ = [
    "TacitusError", "InputError", "EmptyInput", "BinaryInput", "EncodingError", "NotEnglish",
    "TooLarge", "MalformedInput", "FetchError", "DataFileError", "UsageError",
]


class TacitusError(Exception):
    """Base of every error Tacitus raises on purpose. ``code`` is stable and machine-readable."""

    code = "error"
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.record_id: str | None = None  # the batch record it concerns, when known

    def as_record(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class InputError(TacitusError):
    """The article given cannot be processed."""

    code = "bad_input"
    exit_code = 2


class EmptyInput(InputError):
    code = "empty"


class BinaryInput(InputError):
    code = "binary"


class EncodingError(InputError):
    code = "encoding"


class NotEnglish(InputError):
    code = "not_english"


class TooLarge(InputError):
    code = "too_large"


class MalformedInput(InputError):
    code = "malformed"


class FetchError(InputError):
    code = "unreachable"


class DataFileError(TacitusError):
    """A curated data file (actors, sites, lexicons) is missing or malformed."""

    code = "data_file"
    exit_code = 3


class UsageError(TacitusError):
    code = "usage"
    exit_code = 2
