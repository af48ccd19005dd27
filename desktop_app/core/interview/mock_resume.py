"""A mock interview paused and resumed across restarts: its position (the questions drawn,
the stages answered or skipped, the follow-ups asked, its History session) is kept in
``mock_interview.json`` in the data folder, owner-only, rewritten after every step.

A file that cannot be read back, or that no longer fits the installed bank, is set aside
(nothing the user said is in it: the answers themselves are in History) and the app
starts without a paused interview.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

from desktop_app.core import paths
from desktop_app.core.banks.model import Bank
from desktop_app.core.interview.mock_interview import MockInterview

log = logging.getLogger(__name__)

FILE_NAME = "mock_interview.json"


def resume_path() -> Path:
    return paths.data_home() / FILE_NAME


def save_mock(mock: MockInterview) -> None:
    """Keep where ``mock`` is; a finished interview leaves nothing to resume."""
    if mock.is_finished:
        clear_mock()
        return
    paths.write_private_text(resume_path(), json.dumps(mock.to_dict(), indent=1) + "\n")


def clear_mock() -> None:
    resume_path().unlink(missing_ok=True)


def load_mock(bank_for: Callable[[str], Bank | None]) -> MockInterview | None:
    """The paused interview (``bank_for`` finds its bank by id), or None."""
    path = resume_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        log.warning("the paused mock interview in %s cannot be read; starting without it",
                    path)
        clear_mock()
        return None
    bank = bank_for(str(data.get("bank"))) if isinstance(data, dict) else None
    try:
        if bank is None:
            raise ValueError("its bank is not installed")
        mock = MockInterview.from_dict(bank, data)
    except (ValueError, TypeError, AttributeError) as exc:
        log.warning("the paused mock interview no longer fits its bank (%s)", exc)
        clear_mock()
        return None
    return None if mock.is_finished else mock
