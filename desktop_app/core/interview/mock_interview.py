"""A mock interview: one question from each stage of a bank, in the stages' order.

The questions are drawn when the interview is created, from a ``random.Random`` seeded
with ``rng_seed`` (the same seed and bank give the same interview). Questions the user
has just practised can be avoided, as long as a stage has others left.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from desktop_app.core.banks.model import Bank, Question, Stage
from desktop_app.core.interview.timer import InterviewTimer, Zone, zone_for


@dataclass(frozen=True)
class MockStep:
    """One position in the interview."""

    index: int  # 0-based position
    stage: Stage
    question: Question


@dataclass(frozen=True)
class MockProgress:
    done: int  # answers recorded or skipped
    total: int
    current: MockStep | None  # None once finished

    @property
    def label(self) -> str:
        """'Stage 2 of 5: Data case study', or 'Finished'."""
        if self.current is None:
            return "Finished"
        return f"Stage {self.current.index + 1} of {self.total}: {self.current.stage.title}"


@dataclass(frozen=True)
class MockResult:
    step: MockStep
    used_s: float | None  # None: skipped
    zone: Zone | None
    answer_id: int | None = None  # the stored answer, when there is one
    follow_ups: tuple[int, ...] = ()  # the follow-up answers asked after it, in order

    @property
    def skipped(self) -> bool:
        return self.used_s is None


@dataclass(frozen=True)
class MockSummary:
    bank_id: str
    results: tuple[MockResult, ...]
    remaining: tuple[MockStep, ...]

    @property
    def answered(self) -> int:
        return sum(1 for r in self.results if not r.skipped)

    @property
    def skipped(self) -> int:
        return sum(1 for r in self.results if r.skipped)

    @property
    def total_used_s(self) -> float:
        return sum(r.used_s or 0.0 for r in self.results)

    @property
    def in_time(self) -> int:
        """Answers that ended in the green or yellow zone."""
        return sum(1 for r in self.results if r.zone in (Zone.GREEN, Zone.YELLOW))

    @property
    def finished(self) -> bool:
        return not self.remaining


class MockInterview:
    """Walks one question per stage of ``bank``, in order."""

    def __init__(self, bank: Bank, rng_seed: int | None = None,
                 avoid: Iterable[str] = (), follow_ups: int = 1) -> None:
        """``follow_ups``: at most this many follow-ups after each stage's answer."""
        self.bank = bank
        self.max_follow_ups = max(0, int(follow_ups))
        self.session_id: int | None = None  # the History session its answers go to
        rng = random.Random(rng_seed)
        avoided = set(avoid)
        steps: list[MockStep] = []
        for stage in bank.stages:
            if not stage.questions:
                continue
            fresh = [q for q in stage.questions if q.id not in avoided]
            question = rng.choice(fresh or list(stage.questions))
            steps.append(MockStep(len(steps), stage, question))
        self.steps: tuple[MockStep, ...] = tuple(steps)
        self._results: list[MockResult] = []

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def index(self) -> int:
        """Position of the current step (== total once finished)."""
        return len(self._results)

    @property
    def current(self) -> MockStep | None:
        return self.steps[self.index] if self.index < self.total else None

    @property
    def is_finished(self) -> bool:
        return self.current is None

    @property
    def progress(self) -> MockProgress:
        return MockProgress(self.index, self.total, self.current)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(step.question for step in self.steps)

    def timer(self, clock: Callable[[], float] | None = None) -> InterviewTimer:
        """A timer for the current question (its stage timing with overrides)."""
        step = self._require_current()
        if clock is None:
            return InterviewTimer(step.question.timing)
        return InterviewTimer(step.question.timing, clock)

    def record(self, used_s: float, answer_id: int | None = None) -> MockStep | None:
        """Record the current answer's length and move on; returns the next step."""
        step = self._require_current()
        used = max(0.0, float(used_s))
        self._results.append(MockResult(step, used, zone_for(used, step.question.timing),
                                        answer_id))
        return self.current

    def record_follow_up(self, answer_id: int) -> None:
        """Count a follow-up answer with the stage answered last."""
        if not self._results or self._results[-1].skipped:
            raise RuntimeError("a follow-up needs an answered stage before it")
        last = self._results[-1]
        self._results[-1] = dataclasses.replace(last, follow_ups=(*last.follow_ups, answer_id))

    @property
    def follow_ups_left(self) -> int:
        """Follow-ups still to ask after the stage answered last (0 after a skip)."""
        if not self._results or self._results[-1].skipped:
            return 0
        return max(0, self.max_follow_ups - len(self._results[-1].follow_ups))

    def skip(self) -> MockStep | None:
        """Move on without an answer; returns the next step."""
        step = self._require_current()
        self._results.append(MockResult(step, None, None))
        return self.current

    def next(self) -> MockStep | None:
        """Move to the next stage; the current question counts as skipped (record() both
        records and moves on)."""
        return self.skip()

    def summary(self) -> MockSummary:
        return MockSummary(self.bank.id, tuple(self._results), self.steps[self.index:])

    def _require_current(self) -> MockStep:
        step = self.current
        if step is None:
            raise RuntimeError("the mock interview is already finished")
        return step

    # -- kept across a restart (core.interview.mock_resume) ------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"bank": self.bank.id, "questions": [q.id for q in self.questions],
                "follow_ups": self.max_follow_ups, "session": self.session_id,
                "results": [{"used_s": r.used_s, "answer": r.answer_id,
                             "follow_ups": list(r.follow_ups)} for r in self._results]}

    @classmethod
    def from_dict(cls, bank: Bank, d: dict[str, Any]) -> MockInterview:
        """The interview ``to_dict`` wrote, where it was; ValueError when it no longer fits
        the bank (a question gone, or a step answered beyond the last)."""
        questions = [bank.question(str(q)) for q in d.get("questions", [])]
        if d.get("bank") != bank.id or not questions or None in questions:
            raise ValueError("the paused mock interview's questions are not in the bank")
        mock = cls(bank, follow_ups=int(d.get("follow_ups", 1)))
        steps = []
        for i, question in enumerate(q for q in questions if q is not None):
            stage = bank.stage(question.stage_id)
            if stage is None:
                raise ValueError("the paused mock interview's stage is not in the bank")
            steps.append(MockStep(i, stage, question))
        mock.steps = tuple(steps)
        session = d.get("session")
        mock.session_id = session if isinstance(session, int) else None
        results = d.get("results", [])
        if not isinstance(results, list) or len(results) > len(mock.steps):
            raise ValueError("the paused mock interview has more answers than stages")
        for r in results:
            used, answer = r.get("used_s"), r.get("answer")
            if used is None:
                mock.skip()
                continue
            mock.record(float(used), answer if isinstance(answer, int) else None)
            for follow_up in r.get("follow_ups", []):
                mock.record_follow_up(int(follow_up))
        return mock


def transition_line(step: MockStep) -> str:
    """What the interviewer says before a stage's question: 'Next, a data case study.'"""
    title = step.stage.title.strip()
    words = title[:1].lower() + title[1:] if title[1:2].islower() else title
    if step.index == 0:
        return f"First, {_article(words)} {words}."
    return f"Next, {_article(words)} {words}."


def _article(words: str) -> str:
    if words.lower().startswith(("final ", "last ")):
        return "the"
    return "an" if words[:1].lower() in "aeiou" else "a"
