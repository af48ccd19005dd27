"""Today's plan from the history database: the one place the app and `stagecoach plan`
read the graded answers and the interview date."""

from __future__ import annotations

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
