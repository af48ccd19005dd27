"""Every try at one question, oldest first, each said in one line with its figures, so
progress shows at a glance (Review's Attempts list, History's question filter)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Protocol

from desktop_app.core.durations import mmss


class AttemptFigures(Protocol):
    """What a try needs (store.AnswerRecord has it); read-only, as the record is frozen."""

    @property
    def id(self) -> int: ...
    @property
    def started_at(self) -> float: ...
    @property
    def duration_s(self) -> float | None: ...
    @property
    def wpm(self) -> float | None: ...
    @property
    def fillers_per_minute(self) -> float | None: ...
    @property
    def coverage_pct(self) -> float | None: ...


def attempt_line(number: int, record: AttemptFigures) -> str:
    """'Try 2 · 04 Dec 2026, 14:42 · 1:25 · 150 wpm · 4.9 fillers/min · 67 % covered'."""
    when = time.strftime("%d %b %Y, %H:%M", time.localtime(record.started_at))
    parts = [f"Try {number}", when,
             mmss(record.duration_s) if record.duration_s is not None else "no recording"]
    if record.wpm is None and record.coverage_pct is None:
        parts.append("not analysed")
    else:
        if record.wpm is not None:
            parts.append(f"{record.wpm:.0f} wpm")
        if record.fillers_per_minute is not None:
            parts.append(f"{record.fillers_per_minute:.1f} fillers/min")
        if record.coverage_pct is not None:
            parts.append(f"{record.coverage_pct:.0f} % covered")
    return " · ".join(parts)


def attempt_lines(records: Sequence[AttemptFigures]) -> list[tuple[int, str]]:
    """(answer id, line) for each try, numbered from the oldest."""
    ordered = sorted(records, key=lambda r: (r.started_at, r.id))
    return [(r.id, attempt_line(i, r)) for i, r in enumerate(ordered, start=1)]
