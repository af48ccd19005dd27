"""One answer as History lists it: its row, its session's kind and its report's figures."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.errors import UserError


@dataclass(frozen=True)
class AnswerRecord:
    id: int
    session_id: int
    session_kind: str
    bank_id: str
    stage_id: str
    question_id: str
    started_at: float  # seconds since the epoch
    ended_at: float | None
    audio_path: Path | None
    duration_s: float | None
    overflows: int
    state: str
    failure_reason: str | None
    recovered: bool
    # Figures of the report, when there is one (for the History view).
    wpm: float | None = None
    fillers_per_minute: float | None = None
    coverage_pct: float | None = None
    zone: str | None = None
    notes: str = ""  # written during prep ("" when none)
    parent_answer_id: int | None = None  # set on a follow-up answer: the answer it follows
    # Read from the stored report's JSON (no column: older reports have neither).
    hedges_per_minute: float | None = None
    pitch_range_st: float | None = None


class UnreadableAnswer(UserError):
    """The answer's stored transcript or report is damaged and cannot be read."""

    def __init__(self) -> None:
        super().__init__("This answer's stored data is damaged and cannot be read; the "
                         "other answers are not affected.")


def number_or_none(value: Any) -> float | None:
    """A figure read from report JSON: a number, or None (absent, null or not a number)."""
    return float(value) if isinstance(value, int | float) else None
