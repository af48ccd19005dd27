"""Problems found in question bank files, and the error that carries them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from desktop_app.core.errors import UserError

Severity = Literal["error", "note"]


@dataclass(frozen=True)
class BankProblem:
    """One located finding: printed as ``FILE:LINE: message`` like a compiler would.

    ``file`` is the path as the user gave it (so the printed location is one they can
    open); ``line`` is 1-based. Problems about the file as a whole use line 1. A "note"
    is informational (for example a user bank replacing a shipped one) and never makes
    a bank invalid.
    """

    file: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "note: " if self.severity == "note" else ""
        return f"{self.file}:{self.line}: {prefix}{self.message}"


class BankError(UserError):
    """A bank file that cannot be used; ``problems`` lists every error found in it."""

    def __init__(self, file: str, problems: Sequence[BankProblem]) -> None:
        self.file = file
        self.problems: list[BankProblem] = [p for p in problems if p.severity == "error"]
        first = self.problems[0] if self.problems else BankProblem(file, 1, "unknown problem")
        count = len(self.problems)
        more = (
            f" (and {count - 1} more problem{'s' if count > 2 else ''}; "
            f"run 'stagecoach banks validate {file}' to see them all)"
            if count > 1
            else ""
        )
        body = f"The question bank {file} cannot be used: {first}{more}"
        super().__init__(body if body.endswith((".", "?", "!")) else body + ".")
