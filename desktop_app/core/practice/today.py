"""Today's plan from the history database: the one place the app and `stagecoach plan`
read the graded answers and the interview date (and History its readiness over time).
The only module of ``core.practice`` that reads the store; the others are given answers."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop_app.core.banks.model import Bank
from desktop_app.core.practice.plan import Plan, build_plan
from desktop_app.core.settings import Settings


def parse_day(text: str) -> date:
    """A YYYY-MM-DD date; ValueError with one sentence otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD, for example "
                         "2026-12-24.") from None


def interview_day(settings: Settings) -> date | None:
    """The target interview date from Settings (None when unset or unreadable)."""
    text = settings.practice.interview_date
    try:
        return parse_day(text) if text else None
    except ValueError:
        return None


def plan_from_store(store: Any, bank: Bank, now: datetime | None = None,
                    interview: date | None = None, new_per_day: int = 3) -> Plan:
    """The plan for ``bank`` from ``store`` (None: the data folder's history database)."""
    from desktop_app.core.history.store import Store

    now = now or datetime.now().astimezone()
    if store is None:
        with Store() as own:
            answers = own.graded_answers(bank.id)
    else:
        answers = store.graded_answers(bank.id)
    return build_plan(bank, answers, now, interview, new_per_day)


@dataclass(frozen=True)
class ReadinessHistory:
    """Readiness per stage at the end of each day (History's chart), and now (its table)."""

    times: list[float]  # epoch seconds, one a day, oldest first
    stages: dict[str, list[float]]  # stage id (bank order) → readiness at each of times
    now: dict[str, float]
    answered: dict[str, int]  # stage id → questions with at least one graded answer


def readiness_history(store: Any, bank: Bank, now: datetime | None = None,
                      days: int = 60) -> ReadinessHistory:
    """Each stage's readiness day by day over the last ``days`` days (from the first graded
    answer, when that is more recent)."""
    from collections import defaultdict

    from desktop_app.core.practice.readiness import readiness_series, stage_readiness, track
    from desktop_app.core.practice.schedule import card_id

    now = now or datetime.now().astimezone()
    questions = {q.id for q in bank.all_questions()}
    answers = [a for a in store.graded_answers(bank.id) if a.question_id in questions]
    by_question: dict[str, list[Any]] = defaultdict(list)
    for a in answers:
        by_question[a.question_id].append(a)
    tracks = {q: track(items, card_id(bank.id, q)) for q, items in by_question.items()}
    end = now.timestamp()
    first = min((a.at for a in answers), default=end)
    span = max(1, min(days, math.ceil((end - first) / 86400)))
    times = [end - 86400 * (span - i) for i in range(span + 1)]
    answered = {s.id: sum(1 for q in s.questions if q.id in tracks) for s in bank.stages}
    return ReadinessHistory(times, readiness_series(bank, tracks, times),
                            stage_readiness(bank, tracks, end), answered)
