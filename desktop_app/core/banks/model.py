"""The question bank as the rest of the app sees it (loading lives in banks.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class StageTiming:
    """Seconds: prep before the answer clock, then the green/yellow/red cues."""

    prep_s: float
    green_s: float
    yellow_s: float
    red_s: float

    @property
    def overtime_s(self) -> float:
        """Overtime starts 30 s after red, as a Toastmasters timer would allow."""
        return self.red_s + 30.0


@dataclass(frozen=True)
class Concept:
    id: str
    label: str
    terms: tuple[str, ...]
    explain: str = ""
    probe: str = ""  # the interviewer's follow-up when an answer leaves this concept out


@dataclass(frozen=True)
class RedFlag:
    id: str
    label: str
    terms: tuple[str, ...]
    advice: str = ""
    challenge: str = ""  # the interviewer's follow-up when an answer says this


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    stage_id: str
    timing: StageTiming  # the stage's timing with this question's overrides applied
    expects: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()
    structure: str = ""  # "star": a behavioural story, checked for STAR's four parts


@dataclass(frozen=True)
class Stage:
    id: str
    title: str
    timing: StageTiming
    questions: tuple[Question, ...]
    description: str = ""
    follow_up_s: float | None = None  # the bank's budget for a follow-up answer, if it set one

    @property
    def follow_up_budget_s(self) -> float:
        """Seconds for answering a follow-up: the bank's, else a third of the red cue (a
        follow-up asks for one point, not a whole answer)."""
        return self.follow_up_s if self.follow_up_s is not None else self.timing.red_s / 3.0


@dataclass(frozen=True)
class Bank:
    id: str
    title: str
    description: str
    concepts: dict[str, Concept]
    red_flags: dict[str, RedFlag]
    stages: tuple[Stage, ...]
    source: Path | None = field(default=None, compare=False)

    def stage(self, stage_id: str) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    def question(self, question_id: str) -> Question | None:
        return next((q for s in self.stages for q in s.questions if q.id == question_id), None)

    def all_questions(self) -> list[Question]:
        return [q for s in self.stages for q in s.questions]
