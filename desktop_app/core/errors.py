"""Errors meant for the user: one plain sentence saying what happened and what to do."""

from __future__ import annotations


class UserError(Exception):
    """A failure caused by input or environment, not by a bug.

    The message is shown as is (CLI: on stderr with exit status 2; UI: in a banner),
    so it must be a complete, plain sentence with the way forward.
    """

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
