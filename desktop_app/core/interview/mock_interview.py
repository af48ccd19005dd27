"""A mock interview: one question from each stage of a bank, in the stages' order.

The questions are drawn when the interview is created, from a ``random.Random`` seeded
with ``rng_seed`` (the same seed and bank give the same interview). Questions the user
has just practised can be avoided, as long as a stage has others left.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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
                 avoid: Iterable[str] = ()) -> None:
        self.bank = bank
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
