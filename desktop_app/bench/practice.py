"""The practice plan's speed on a long history, for `stagecoach bench`.

The budget is 50 ms for today's plan over 1,000 answers: reading their grades from the
history database, replaying each question's answers through FSRS, readiness per stage and
concept, and the queue. The history is made the way the app makes it (the analyser's report
of each answer saved in a real database, which grades it), in a temporary folder, spread over
90 days of the shipped bank's questions; only the plan is timed.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop_app.core.analysis.report import Report
from desktop_app.core.banks.model import Bank, Question
from desktop_app.core.settings import AnalysisSettings, Settings
from desktop_app.core.transcript import Segment, Transcript, Word

BUDGET_MS = 50.0
DAY_S = 86400.0


def _transcript(text: str, seconds: float) -> Transcript:
    pieces = text.split()
    step = min(0.4, seconds / max(1, len(pieces)))
    words = tuple(Word(w, i * step, i * step + step * 0.8, 0.9) for i, w in enumerate(pieces))
    end = words[-1].end if words else 0.0
    return Transcript("bench", "synthetic", "en", seconds,
                      (Segment(0.0, end, " ".join(pieces), words),))


def _reports(bank: Bank, question: Question) -> list[Report]:
    """A weak, a middling and a strong answer to ``question``, analysed."""
    from desktop_app.core.analysis.analyzer import analyze_answer

    terms = [bank.concepts[c].terms[0] for c in question.expects if c in bank.concepts]
    seconds = (question.timing.green_s + question.timing.yellow_s) / 2
    out: list[Report] = []
    for share in (0.25, 0.6, 1.0):
        said = terms[: round(len(terms) * share)]
        text = "so I would start with " + " and then ".join(said or ["the goal"])
        out.append(analyze_answer(_transcript(text, seconds), question, bank,
                                  AnalysisSettings()))
    return out


def _history(store: Any, bank: Bank, answers: int, end: float, rng: random.Random) -> None:
    questions = bank.all_questions()
    reports = {q.id: _reports(bank, q) for q in questions}
    session = store.create_session("practice")
    for i in range(answers):
        q = rng.choice(questions)
        at = end - 90 * DAY_S + 90 * DAY_S * i / answers
        answer_id = store.create_answer(session, bank.id, q.stage_id, q.id, started_at=at)
        store.mark_recorded(answer_id, 60.0, ended_at=at + 60)
        store.save_report(answer_id, rng.choice(reports[q.id]))


def bench_plan(answers: int = 1000, repeats: int = 5) -> dict[str, Any]:
    """Best-of-``repeats`` time in ms of today's plan over ``answers`` answers."""
    from desktop_app.core.banks.library import DEFAULT_BANK_ID, find_bank
    from desktop_app.core.history.store import Store
    from desktop_app.core.practice.today import plan_from_store

    bank = find_bank(DEFAULT_BANK_ID, Settings())
    now = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory(prefix="stagecoach-plan-bench-") as folder, \
            Store(Path(folder) / "history.sqlite") as store:
        t0 = time.perf_counter()
        _history(store, bank, answers, now.timestamp(), random.Random(0))
        setup_s = time.perf_counter() - t0
        plan = plan_from_store(store, bank, now)  # warm: imports, SQLite's page cache
        best = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            plan = plan_from_store(store, bank, now)
            best = min(best, (time.perf_counter() - t0) * 1000.0)
    return {"answers": answers, "questions": len(bank.all_questions()),
            "plan_ms": round(best, 2), "budget_ms": BUDGET_MS,
            "within_budget": bool(best <= BUDGET_MS), "due": len(plan.due),
            "new": len(plan.new), "history_setup_s": round(setup_s, 2)}
